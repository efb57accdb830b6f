/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/*
 * The container docker-audit itself runs in, so that the audit can leave it out, and the proof.
 *
 * Found from evidence that belongs to this process alone (read under proc, normally "/proc"):
 * - the files the engine bind-mounts into each container, as mount points of our own mount
 *   namespace (proc/self/mountinfo): /etc/hostname, /etc/hosts or /etc/resolv.conf from
 *   Docker's <data-root>/containers/<id>/ or Podman's <storage>/<driver>-containers/<id>/userdata/;
 * - else our own cgroup (proc/self/cgroup) naming a container (facts/cgroup.h): on cgroup v1, or
 *   v2 with the host's cgroup namespace. On v2 with a private cgroup namespace (Docker's default
 *   there) it reads "0::/" and names nothing: the mounts still do.
 * Any other "/containers/<id>" in our mountinfo is not evidence: on the host it names other
 * containers' mounts (the /dev/shm of one whose IPC namespace is shareable).
 *
 * The stronger proof, where the candidate's State.Pid is visible in our /proc (docker-audit run
 * with --pid=host): its mount namespace is ours (proc/self/ns/mnt and proc/PID/ns/mnt name the
 * same inode). When they differ the candidate is not this process's container and must be judged.
 */

enum self_source {
	SELF_FROM_MOUNT, /* an /etc/hostname, hosts or resolv.conf bind mount */
	SELF_FROM_CGROUP, /* our own cgroup */
};

enum self_proof {
	SELF_PROOF_NONE, /* no namespace proof: State.Pid not visible here (the evidence stands) */
	SELF_PROOF_SAME_MNT, /* State.Pid's mount namespace is ours */
	SELF_PROOF_OTHER_MNT, /* State.Pid's mount namespace is not ours: not our container */
};

struct self_container {
	char id[65];
	enum self_source source;
	char evidence[512]; /* "/etc/hostname is bind-mounted from .../containers/<id>/hostname" */
	enum self_proof proof;
	uint64_t our_mnt, its_mnt; /* with a proof: the two namespace inodes */
	int64_t pid; /* the State.Pid compared, 0 when none */
};

/* Find the candidate under proc ("/proc"). 0 and *ret filled, -ENOENT when nothing names one,
 * -ENOMEM. */
int self_container_find(const char *proc, struct self_container *ret);

/* Compare the mount namespace of State.Pid pid (as proc shows it) with ours; sets sc->proof
 * (SELF_PROOF_NONE when either cannot be read, or pid <= 0). */
void self_container_prove(const char *proc, struct self_container *sc, int64_t pid);

/* The reason a report gives: why the container was left out (proof SAME_MNT or NONE), or why a
 * candidate was judged after all (OTHER_MNT). Written into buf (NUL-terminated, cut to size). */
void self_container_reason(const struct self_container *sc, char *buf, size_t size);
