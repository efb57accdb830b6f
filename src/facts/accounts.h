/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Users and groups of the audited host: the one reader of <root>/etc/passwd and /etc/group. */

struct audit_ctx;

/* ---- users and groups (/etc/passwd, /etc/group) ---- */

struct host_user {
	char *name;
	uint32_t uid, gid;
	char *home; /* the 6th field, NULL when the line has none */
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
	const struct host_user *user; /* its /etc/passwd entry (the first of that name), or NULL */
};
/* Every member of g, sorted by name, each once, with its user (as host_user_find would give it,
 * without a search per member). O(n log n). *ret is malloc'ed (free it alone). */
int host_group_members(const struct host_accounts *a, const struct host_group *g,
		       struct group_member **ret, size_t *ret_n);

/* The home directory of uid in <root>/etc/passwd (borrowed), NULL when unknown. Needs only
 * /etc/passwd: it answers even when /etc/group cannot be read. */
const char *ctx_host_user_home(struct audit_ctx *c, uint32_t uid);
