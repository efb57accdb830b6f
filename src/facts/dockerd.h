/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "facts/settings.h"

/*
 * The dockerd that serves the audited endpoint: every dockerd in the process table, each with
 * its command line parsed as dockerd parses it, the config file it reads and the endpoints it
 * serves (-H, "hosts", socket activation); the one serving the endpoint the audit talks to,
 * matched by those endpoints. Loaded once per audit.
 */

struct audit_ctx;

/* What one dockerd command line says. */
struct argv_conf {
	struct settings src; /* what it sets, daemon.json spelling, with the flag as origin */
	char *config_file; /* the last --config-file, as given */
	char *config_origin;
};

struct dockerd {
	long pid;
	const char *exe; /* borrowed from the process table; NULL when unreadable */
	char *const *argv; /* borrowed */
	long uid; /* effective uid, -1 unknown */
	char **env; /* NULL when unreadable */
	const char *cwd; /* borrowed; NULL when unreadable */
	struct argv_conf conf;
	/* its config file, once read */
	bool file_loaded;
	char *file_path; /* host path */
	bool file_explicit; /* from --config-file */
	bool file_absent; /* default path, not there: dockerd runs without one */
	cJSON *file_json;
	char *file_error;
	char **hosts; /* normalised endpoints it serves */
	/* Its own view of files: through /proc/PID/root when its root or mount namespace is not
	 * docker-audit's (a chroot, a container, a snap), else the audit's root. */
	bool fs_loaded;
	struct hostfs *fs; /* NULL: the audit's own root is the daemon's */
	char *root_host; /* its root as a host path (visible from the audit's root), or NULL */
	char *fs_note; /* how its files are read ("through /proc/PID/root: ..."), or NULL */
};

/* Why the serving dockerd cannot be seen from where docker-audit runs, when that is known. */
enum dockerd_hidden {
	DOCKERD_HIDDEN_NO = 0, /* found, or not found for another reason (remote, none runs) */
	DOCKERD_HIDDEN_PIDNS, /* its socket is on this host, its process outside docker-audit's
				 PID namespace (a container without --pid=host) */
	DOCKERD_HIDDEN_NETNS, /* no socket in docker-audit's network namespace listens on the
				 endpoint's file: its listener is in another one (a container) */
	DOCKERD_HIDDEN_NOT_DOCKERD, /* the socket is held by processes none of which is a
				       dockerd (a proxy, Podman, Desktop's backend) */
	DOCKERD_HIDDEN_DESKTOP, /* Docker Desktop: the daemon runs in Desktop's own VM, the socket
				   is served by a Desktop process of this machine */
};
/* "pid-namespace", "network-namespace", "not-a-dockerd", "docker-desktop"; NULL for
 * DOCKERD_HIDDEN_NO. */
const char *dockerd_hidden_name(enum dockerd_hidden h);

struct dockerd_scan {
	char *endpoint; /* the audited endpoint */
	struct dockerd *all; /* every dockerd in the process table (at most 64) */
	size_t n;
	struct dockerd *serving; /* the one serving endpoint, NULL when none is known */
	char *error; /* why none is known, when serving is NULL */
	char *how; /* how serving was found ("socket inode N owned by pid P /usr/bin/dockerd"),
		      or what was proved about the socket when none was */
	unsigned long sock_inode; /* the listening socket's inode, 0 when unknown */
	/* Not visible from here, and why: error is then one short sentence (what checks repeat),
	 * how the whole story for the report's host block (said once). */
	enum dockerd_hidden hidden;
	/* No dockerd known to serve it, but endpoint is the default socket: the default config
	 * file that every packaged dockerd reads, loaded as if its dockerd ran as root. */
	bool has_assumed;
	struct dockerd assumed;
};

/* The scan, cached. 0 or -ENOMEM. */
int ctx_dockerd(struct audit_ctx *c, const struct dockerd_scan **ret);
/* The pid of the dockerd that serves the audited endpoint (the one the scan proved or matched).
 * -ENOENT when it is not known: never a guess among the dockerds that run. */
int dockerd_pid(struct audit_ctx *c, long *ret_pid);
/* The files as the serving dockerd sees them: its /proc/PID/root when it runs in another root
 * or mount namespace, else the audit's root (also when no dockerd is known). Never NULL
 * unless the context has no root. */
const struct hostfs *dockerd_fs(struct audit_ctx *c);
/* How dockerd_fs reads (NULL: the audit's own root). */
const char *dockerd_fs_note(struct audit_ctx *c);
/* A path as the serving dockerd sees it, as a host path of the audit's root (its root's host
 * path prepended), malloc'ed; NULL when its root is not visible from the audit's root. */
char *dockerd_host_path(struct audit_ctx *c, const char *path);
/* A daemon in rootless mode: running as a user, or under RootlessKit. */
bool dockerd_rootless(const struct dockerd *p);
/* A variable of p's environment, NULL when unset or unreadable. */
const char *dockerd_env(const struct dockerd *p, const char *name);
/* The socket p creates by default (buf holds it when it is computed). */
const char *dockerd_default_socket(const struct dockerd *p, char *buf, size_t size);
/* The URLs docker.socket listens on after its drop-ins ("unix:///run/docker.sock", "tcp://[::]:
 * 2375"): malloc'ed, NULL-terminated. -ENOENT without the unit, or why it cannot be read. */
int dockerd_socket_urls(struct audit_ctx *c, char ***ret);
