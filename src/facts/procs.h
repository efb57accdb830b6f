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
struct hostfs;

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
	long ppid; /* the PPid: line of /proc/PID/status; -1 when unknown */
	int unreadable; /* 0, or why its cmdline or status could not be read (negative errno;
			   never a process that exited while the table was read) */
};

struct procs {
	struct proc *v; /* in the order /proc lists them */
	size_t n;
	int error; /* /proc could not be listed (then n == 0) */
	char *error_msg; /* "cannot list /proc under the root: ..." */
	/* Entries that are there but could not be read (not exited ones): what depends on the
	 * whole table (which processes run, which one owns a socket) ERRORs with this count. */
	size_t n_unreadable;
	char
	    *unreadable_msg; /* "2 of 131 /proc entries could not be read (PID 12: ...)", or NULL */
};

/* The table (never NULL on success; a failure to list /proc is in ->error). 0 or -ENOMEM. */
int ctx_procs(struct audit_ctx *c, const struct procs **ret);
/* The entry for pid, NULL when it was not there. */
const struct proc *procs_find(const struct procs *t, long pid);
/* The last path component of p->exe, NULL without one. */
const char *proc_exe_name(const struct proc *p);
/* /proc/PID/environ as a NULL-terminated vector (read when asked: only for a few processes). */
int procs_environ(struct audit_ctx *c, long pid, char ***ret);

/*
 * The processes that hold the socket with this inode (sockfs inode, as in /proc/net/unix and
 * /proc/net/tcp), found through their /proc/PID/fd links "socket:[INODE]". *ret_pids is
 * malloc'ed (may be empty); *ret_unreadable counts the processes whose fd directory could not
 * be read (they may hold it too). 0 or -ENOMEM.
 */
int procs_socket_owners(struct audit_ctx *c, unsigned long inode, long **ret_pids, size_t *ret_n,
			size_t *ret_unreadable);
/* The inodes of the sockets pid holds now (its /proc/PID/fd links "socket:[INODE]"), sorted;
 * *ret malloc'ed. 0, -ENOMEM, or why its fd directory cannot be read (-ENOENT: it exited). */
int procs_socket_inodes(struct audit_ctx *c, long pid, unsigned long **ret, size_t *ret_n);
/* Is ino among the sorted inodes (of procs_socket_inodes)? */
bool procs_has_socket(const unsigned long *inodes, size_t n, unsigned long ino);
/* Is pid a descendant of (or equal to) ancestor, by the PPid: links of the table? */
bool procs_descends(const struct procs *t, long pid, long ancestor);

/* Is <root>/proc the kernel's procfs (a live host, not a fixture)? Then its magic links
 * (/proc/PID/root, cwd) lead where the process sees them, and netlink sees the same sockets. */
bool procs_live(const struct hostfs *h);

/* NUL-separated strings (cmdline, environ) into a NULL-terminated vector; NULL on ENOMEM. */
char **proc_split_nul(const char *data, size_t len);
/* The n-th (0-based) number after "Key:" in a /proc/PID/status text: the one "Uid:" parser.
 * 0, -ENOENT (no such line) or -EBADMSG. */
int proc_status_field(const char *status, const char *key, int n, uint32_t *ret);
/* The effective uid of a /proc/PID/status text (the second number of its Uid: line). */
int proc_status_euid(const char *status, uint32_t *ret);
