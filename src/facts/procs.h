/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The host's processes: one pass over <root>/proc per audit, cached. Every reader of processes
 * (which dockerd serves the endpoint, where a binary runs from, which container a process
 * belongs to) uses this table, so they all see the same snapshot.
 */

struct audit_ctx;

struct proc {
	long pid;
	char *exe; /* /proc/PID/exe, " (deleted)" stripped; NULL when unreadable */
	char *cmdline; /* /proc/PID/cmdline as read (NUL-separated), NULL when unreadable */
	size_t cmdline_len;
	char **argv; /* cmdline split at NULs (empty for a kernel thread); NULL when unreadable */
	char *comm; /* /proc/PID/comm without the newline; NULL when unreadable */
	long uid, euid; /* from the Uid: line of /proc/PID/status; -1 when unknown */
	char *cgroup; /* /proc/PID/cgroup, NULL when unreadable */
	char *root; /* /proc/PID/root and cwd as links, NULL when unreadable */
	char *cwd;
};

struct procs {
	struct proc *v; /* in the order /proc lists them */
	size_t n;
	int error; /* /proc could not be listed (then n == 0) */
	char *error_msg; /* "cannot list /proc under the root: ..." */
};

/* The table (never NULL on success; a failure to list /proc is in ->error). 0 or -ENOMEM. */
int ctx_procs(struct audit_ctx *c, const struct procs **ret);
/* The entry for pid, NULL when it was not there. */
const struct proc *procs_find(const struct procs *t, long pid);
/* The last path component of p->exe, NULL without one. */
const char *proc_exe_name(const struct proc *p);
/* /proc/PID/environ as a NULL-terminated vector (read when asked: only for a few processes). */
int procs_environ(struct audit_ctx *c, long pid, char ***ret);

/* NUL-separated strings (cmdline, environ) into a NULL-terminated vector; NULL on ENOMEM. */
char **proc_split_nul(const char *data, size_t len);
/* The n-th (0-based) number after "Key:" in a /proc/PID/status text: the one "Uid:" parser.
 * 0, -ENOENT (no such line) or -EBADMSG. */
int proc_status_field(const char *status, const char *key, int n, uint32_t *ret);
/* The effective uid of a /proc/PID/status text (the second number of its Uid: line). */
int proc_status_euid(const char *status, uint32_t *ret);
