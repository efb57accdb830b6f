/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The mount table of the audited host (<root>/proc/self/mountinfo), read once per audit. */

struct audit_ctx;

/* ---- mount table (/proc/self/mountinfo) ---- */

struct host_mount {
	int id, parent;
	unsigned major, minor;
	char *root; /* the mount's root inside its filesystem (unescaped) */
	char *mount_point; /* unescaped ("\040" -> " "), in the namespace the table was read in */
	char *fstype;
	char *source;
};

struct host_mounts {
	struct host_mount
	    *items; /* in mountinfo order: a later mount on the same point is on top */
	size_t n;
	/* Mount points are paths of our own mount namespace when --root is not "/" and the table
	 * shows the root itself (e.g. "-v /:/host" then --root /host): a host path P is then
	 * looked up as prefix + P. NULL when mount points are host paths. */
	char *prefix;
};

/*
 * Parse mountinfo text (proc(5)): optional fields up to the " - " separator, octal escapes
 * (\040 \011 \012 \134) in paths. Blank lines are ignored. 0, -ENOMEM, or -EBADMSG with
 * *ret_bad_line (1-based) for a malformed line.
 */
int mountinfo_parse(const char *text, struct host_mounts *ret, size_t *ret_bad_line);
void host_mounts_release(struct host_mounts *m);

/* The mount table from <root>/proc/self/mountinfo, cached. */
int ctx_host_mounts(struct audit_ctx *c, const struct host_mounts **ret, const char **ret_error);

/* The mount a path of the table's namespace lives on: the deepest mount point that is the path
 * or one of its ancestors (the last one when several are stacked). NULL when none is. */
const struct host_mount *host_mounts_find(const struct host_mounts *m, const char *path);

/* A host path as it appears in the table (prefix + path), malloc'ed; NULL on ENOMEM. */
char *host_mounts_table_path(const struct host_mounts *m, const char *host_path);
/* A mount point of the table as a host path (the prefix removed), malloc'ed. */
char *host_mounts_host_path(const struct host_mounts *m, const char *table_path);
