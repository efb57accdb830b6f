/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/stat.h>

/*
 * The files and directories section 3 of the benchmark names, found where this host keeps
 * them and stat'ed once per audit (context slot "files"). Every path is a host path resolved
 * inside the root; symlinks are followed inside the root (the benchmark means the file the
 * daemon reads, not the link to it), and a fact reached through one says so.
 */

struct audit_ctx;

enum files_target {
	FILES_UNIT, /* a systemd unit (name) and its drop-ins (name.d/ *.conf) */
	FILES_FIXED, /* a fixed host path (name) */
	FILES_DAEMON_CONFIG, /* the config file the daemon reads (daemon.json) */
	FILES_REGISTRY_CERTS, /* /etc/docker/certs.d, each registry directory, the files Docker
				 reads there (*.crt, *.cert, *.key) */
	FILES_TLS, /* the file a TLS setting names (name: tlscacert, tlscert, tlskey) */
	FILES_DOCKER_SOCKET, /* the unix sockets the daemon serves */
	FILES_CONTAINERD_SOCKET, /* containerd's sockets: the one Docker uses, the system's */
};

struct file_fact {
	char *path; /* host path judged (the finding's name): symlinks resolved */
	char *via; /* the path as configured, when a symlink led from it to path */
	char *origin; /* where the path came from ("ListenStream= in ..."), or NULL */
	bool holder; /* a directory that holds the judged files (certs.d/, a registry) */
	int error; /* 0, or negative errno: it exists but could not be stat'ed */
	char *error_msg; /* when error < 0 */
	struct stat st; /* when error == 0 */
	/* Docker sockets: the group meant to use the socket; NULL with group_error when unknown. */
	char *group;
	char *group_origin; /* "-G / daemon.json \"group\"", "SocketGroup= in ...", "Docker default"
			     */
	char *group_error;
};

struct file_set {
	int error; /* < 0: which files apply could not be determined; error_msg says why */
	char *error_msg;
	char *skip; /* not NULL: nothing to judge on this host, and why */
	char *note; /* how the files were found, for the verdict's detail, or NULL */
	struct file_fact *files;
	size_t n;
	/* The paths are the serving dockerd's (everything but systemd units): mapped into its root
	 * when it runs in a chroot (a host path under its root), read through /proc/PID/root
	 * otherwise. */
	bool daemon_view;
};

/* The files one check judges. Never NULL (out of memory is a set with error -ENOMEM). */
const struct file_set *ctx_files(struct audit_ctx *c, enum files_target t, const char *name);
