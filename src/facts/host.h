/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "context.h"

/*
 * Host facts for section 1: the mount table, users and groups, unit drop-ins, the containerd
 * socket and the dockerd process. Loaded lazily through the context (one slot each), read under
 * --root with hostfs. Accessors return borrowed pointers owned by the context; on failure a
 * negative errno and *ret_error (borrowed), outputs untouched.
 */

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

/* ---- users and groups (/etc/passwd, /etc/group) ---- */

struct host_user {
	char *name;
	uint32_t uid, gid;
};

struct host_group {
	char *name;
	uint32_t gid;
	char **members; /* the 4th field, NULL-terminated (may be empty) */
};

struct host_accounts {
	struct host_user *users;
	size_t n_users;
	struct host_group *groups;
	size_t n_groups;
};

/* Parse passwd/group text into a (add to it). NIS "+"/"-" lines and comments are skipped, as
 * are lines without enough fields or with a non-numeric id. 0 or -ENOMEM. */
int accounts_parse_passwd(const char *text, struct host_accounts *a);
int accounts_parse_group(const char *text, struct host_accounts *a);
void host_accounts_release(struct host_accounts *a);

/* <root>/etc/passwd and <root>/etc/group, cached. Only the files are read: accounts from other
 * NSS sources (LDAP, sssd) are not seen. */
int ctx_host_accounts(struct audit_ctx *c, const struct host_accounts **ret,
		      const char **ret_error);

/* A group by name, else (name all digits) by gid; NULL when none. */
const struct host_group *host_group_find(const struct host_accounts *a, const char *name_or_gid);
const struct host_user *host_user_find(const struct host_accounts *a, const char *name);

struct group_member {
	const char *name; /* borrowed from the accounts */
	bool supplementary; /* listed in the group's 4th field */
	bool primary; /* the group is the user's primary group in /etc/passwd */
};
/* Every member of g, sorted by name, each once. *ret is malloc'ed (free it alone). */
int host_group_members(const struct host_accounts *a, const struct host_group *g,
		       struct group_member **ret, size_t *ret_n);

/* ---- systemd units ---- */

/* Drop-ins of a unit (<unit>.d/NAME.conf in every unit directory, a name in a directory of
 * higher precedence hiding the same name below, masked ones left out), as resolved host paths,
 * sorted by file name: NULL-terminated, owned by the context. 0, or -ENOMEM. */
int host_unit_dropins(struct audit_ctx *c, const char *unit, char *const **ret);

/* ---- containerd socket ---- */

/*
 * The containerd socket dockerd talks to: dockerd's --containerd (command line or daemon.json),
 * else the [grpc] address of /etc/containerd/config.toml, else /run/containerd/containerd.sock,
 * else the socket of the containerd that dockerd runs itself (<exec-root>/containerd/
 * containerd.sock). Never NULL; ->error -ENOENT when none exists.
 */
const struct located *host_locate_containerd_socket(struct audit_ctx *c);

/* The [grpc] address in a containerd config.toml text, malloc'ed; -ENOENT when it sets none. */
int containerd_config_grpc_address(const char *toml, char **ret);

/* ---- the dockerd process and daemon settings ---- */

/* The pid of the dockerd that serves the audited endpoint: the one daemonconf found, else the
 * only dockerd running. -ENOENT when there is none or several cannot be told apart. */
int host_dockerd_pid(struct audit_ctx *c, long *ret_pid);

/* The dockerd pid daemonconf (include/daemonconf.h) found, 0 when none. */
long host_daemonconf_pid(struct audit_ctx *c);

/*
 * A string setting of the daemon as it is explicitly configured (daemon.json spelling:
 * "data-root", "group", "containerd", "exec-root"), from the merged daemon configuration
 * (include/daemonconf.h); *ret_source is "cmdline", "daemon.json" or "api". -ENOENT when only
 * Docker's default applies or it cannot be told (a source that could set it was unreadable).
 */
int host_daemon_setting(struct audit_ctx *c, const char *key, const char **ret,
			const char **ret_source);

/* The daemon's configured path of a runtime ("runtimes" in daemon.json), -ENOENT when none. */
int host_daemon_runtime_path(struct audit_ctx *c, const char *name, const char **ret);

/* ---- engine versions ---- */

/* "20.10.24+dfsg1", "24.0.7", "27.3.1-1", "v28.0.0-rc.1" -> major, minor, patch (a missing
 * patch is 0). -EINVAL when it does not start with digits.digits. */
int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch);
