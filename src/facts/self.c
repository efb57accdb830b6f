/* SPDX-License-Identifier: Apache-2.0 */
/* The container docker-audit runs in (facts/self.h): found from our own mounts or cgroup,
 * proved by the mount namespace of its State.Pid where that is visible. */
#include "common.h"
#include <inttypes.h>
#include "facts/cgroup.h"
#include "facts/self.h"
#include "strutil.h"

static bool hex64_at(const char *p)
{
	for (int i = 0; i < 64; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return p[64] < '0' || (p[64] > '9' && p[64] < 'a') || p[64] > 'f';
}

static bool engine_file(const char *name)
{
	return strcmp(name, "hostname") == 0 || strcmp(name, "hosts") == 0 ||
	       strcmp(name, "resolv.conf") == 0;
}

/*
 * The container id in a mountinfo root field that is one of the engine's per-container files:
 * Docker's ".../containers/<id>/hostname" or Podman's ".../<driver>-containers/<id>/userdata/
 * hostname" (hosts, resolv.conf alike). Nothing else in the path counts.
 */
static bool engine_file_id(const char *root, char out[static 65])
{
	for (const char *p = strstr(root, "containers/"); p; p = strstr(p + 1, "containers/")) {
		bool docker = p > root && p[-1] == '/';
		bool podman = p > root && p[-1] == '-';
		const char *id = p + strlen("containers/");
		if (!(docker || podman) || strlen(id) < 65 || !hex64_at(id) || id[64] != '/')
			continue;
		const char *rest = id + 65;
		if (podman) {
			if (strncmp(rest, "userdata/", 9) != 0)
				continue;
			rest += 9;
		}
		if (!engine_file(rest))
			continue;
		memcpy(out, id, 64);
		out[64] = '\0';
		return true;
	}
	return false;
}

static bool last_id(const char *id, void *data)
{
	memcpy(data, id, 64);
	((char *)data)[64] = '\0';
	return true; /* go on: the innermost one wins (a container in a container) */
}

int self_container_find(const char *proc, struct self_container *ret)
{
	struct self_container sc = {0};
	_cleanup_free_ char *path = xasprintf("%s/self/mountinfo", proc);
	if (!path)
		return -ENOMEM;
	_cleanup_fclose_ FILE *mi = fopen(path, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	while (mi && getline(&line, &cap, mi) > 0) {
		/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT ... */
		char *save = NULL, *field = strtok_r(line, " \n", &save);
		const char *root = NULL, *point = NULL;
		for (int i = 0; field && i < 5; i++, field = strtok_r(NULL, " \n", &save)) {
			if (i == 3)
				root = field;
			else if (i == 4)
				point = field;
		}
		if (!root || !point || strncmp(point, "/etc/", 5) != 0 || !engine_file(point + 5))
			continue;
		if (engine_file_id(root, sc.id)) {
			sc.source = SELF_FROM_MOUNT;
			snprintf(sc.evidence, sizeof(sc.evidence), "its %s is bind-mounted from %s",
				 point, root);
			*ret = sc;
			return 0;
		}
	}
	free(path);
	if (!(path = xasprintf("%s/self/cgroup", proc)))
		return -ENOMEM;
	_cleanup_fclose_ FILE *cg = fopen(path, "re");
	while (cg && getline(&line, &cap, cg) > 0) {
		char id[65] = "";
		cgroup_each_id(line, last_id, id);
		if (id[0]) {
			memcpy(sc.id, id, sizeof(id));
			sc.source = SELF_FROM_CGROUP;
			line[strcspn(line, "\n")] = '\0';
			snprintf(sc.evidence, sizeof(sc.evidence), "its own cgroup %s names it",
				 line);
			*ret = sc;
			return 0;
		}
	}
	return -ENOENT;
}

/* The inode of a namespace link ("mnt:[4026531840]"), 0 when unreadable. */
static uint64_t ns_inode(const char *proc, const char *who, const char *ns)
{
	_cleanup_free_ char *path = xasprintf("%s/%s/ns/%s", proc, who, ns);
	char target[128];
	if (!path)
		return 0;
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	size_t pl = strlen(ns);
	if (strncmp(target, ns, pl) != 0 || strncmp(target + pl, ":[", 2) != 0)
		return 0;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(target + pl + 2, &end, 10);
	if (errno || !end || strcmp(end, "]") != 0 || v == 0)
		return 0;
	return (uint64_t)v;
}

void self_container_prove(const char *proc, struct self_container *sc, int64_t pid)
{
	sc->proof = SELF_PROOF_NONE;
	sc->pid = pid;
	if (pid <= 0)
		return;
	char who[32];
	snprintf(who, sizeof(who), "%" PRId64, pid);
	uint64_t ours = ns_inode(proc, "self", "mnt"), its = ns_inode(proc, who, "mnt");
	if (!ours || !its)
		return;
	sc->our_mnt = ours;
	sc->its_mnt = its;
	sc->proof = ours == its ? SELF_PROOF_SAME_MNT : SELF_PROOF_OTHER_MNT;
}

void self_container_reason(const struct self_container *sc, char *buf, size_t size)
{
	switch (sc->proof) {
	case SELF_PROOF_SAME_MNT:
		snprintf(buf, size,
			 "this audit's own container: mount namespace %" PRIu64
			 " = its State.Pid %" PRId64 "'s (%s)",
			 sc->our_mnt, sc->pid, sc->evidence);
		break;
	case SELF_PROOF_OTHER_MNT:
		snprintf(buf, size,
			 "not this audit's container although %s: its State.Pid %" PRId64
			 " is in mount namespace %" PRIu64 ", this audit in %" PRIu64,
			 sc->evidence, sc->pid, sc->its_mnt, sc->our_mnt);
		break;
	default:
		snprintf(buf, size,
			 "this audit's own container: %s (its State.Pid%s is not visible in this "
			 "/proc to compare namespaces; --pid=host would prove it)",
			 sc->evidence, sc->pid > 0 ? "" : ", unknown,");
		break;
	}
}
