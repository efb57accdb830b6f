/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <linux/audit.h>

struct hostfs;

/*
 * Audit rules reduced to what the CIS checks ask: which paths are watched, for which
 * operations, from where. Rules are parsed, never grepped. Only rules that make the kernel log
 * count as watches: "-w PATH" and "-a always,exit ... -F path=P|dir=D" (either order of the
 * action and list). "never" rules, deletions (-W, -d) and comments are not watches.
 *
 * The kernel applies the first rule of the exit list that matches an event, so a "never" rule
 * on the exit list with a path or dir is kept too (in nevers): one that comes before a watch
 * and matches the same path switches that watch off for the permissions they share. Every
 * entry carries its place in the list (order), with -A (prepend) honoured as auditctl loads it.
 */

enum auditrules_origin {
	AUDITRULES_KERNEL, /* loaded in the running kernel (netlink AUDIT_LIST_RULES) */
	AUDITRULES_FILE, /* only in /etc/audit/audit.rules or rules.d/ (not necessarily loaded) */
};

#define AUDIT_WATCH_PERM_X 0x1 /* = AUDIT_PERM_EXEC */
#define AUDIT_WATCH_PERM_W 0x2
#define AUDIT_WATCH_PERM_R 0x4
#define AUDIT_WATCH_PERM_A 0x8
#define AUDIT_WATCH_PERM_ALL 0xf

struct audit_watch {
	char *path; /* normalised absolute path as written in the rule */
	bool dir; /* -F dir= (recursive), or a kernel AUDIT_DIR watch */
	/* written as -w PATH in a rules file: auditctl loads it as a recursive AUDIT_DIR watch
	 * when PATH is a directory; "-a ... -F path=" stays a watch of that inode only */
	bool w_form;
	unsigned perms; /* AUDIT_WATCH_PERM_* bits; a rule without -p/perm= watches all */
	char *key; /* -k / key=, may be NULL */
	enum auditrules_origin origin;
	char *file; /* rules file (AUDITRULES_FILE), NULL for the kernel */
	unsigned line; /* line in that file */
	/* Place in the kernel's exit list, smaller first: -A rules of the files go before every
	 * -a rule, the last -A first. Only compared between entries of one list. */
	long long order;
};

struct audit_watch_list {
	struct audit_watch *items;
	size_t n, cap;
	/* "never" rules of the exit list that name a path (-F path=, inode only) or a directory
	 * (-F dir=, recursive): never watches, only what may switch a later watch off. */
	struct audit_watch *nevers;
	size_t n_never, cap_never;
	/* rules appended (-a) and prepended (-A) so far, for order */
	long long appended, prepended;
	/*
	 * Entries that could not be read or parsed (a kernel rule that does not decode, a line of
	 * a rules file that is neither a comment, a command nor a rule auditctl would load): never
	 * judged, but counted, so that a check that finds no watch among the others says ERROR
	 * with the count instead of judging a smaller set. unreadable_first says where the first
	 * one is ("FILE:LINE" or "kernel rule N") and why; NULL when none (or out of memory).
	 */
	size_t unreadable;
	char *unreadable_first;
	/*
	 * Where the first "-a never,task" without fields is ("FILE:LINE", "kernel rule N"), NULL
	 * when none: every task started after it has no syscall audit context, so no watch fires
	 * for it, whatever the exit list says.
	 */
	char *task_never;
};

void audit_watch_list_release(struct audit_watch_list *l);

/*
 * Parse the text of an audit rules file (auditctl syntax, one rule per line; '#' comments).
 * Watches are appended with origin AUDITRULES_FILE and file/line set. Lines that are not rules
 * of interest (control lines such as -D, -b, -e, -f; -S syscall rules without a path) are
 * skipped; a malformed line (one auditctl would refuse, or that this parser does not
 * understand) is skipped and counted in l->unreadable: the file is not ours to reject, but what
 * it meant to watch is unknown. 0 or -ENOMEM.
 */
int auditrules_parse_text(const char *text, const char *file, struct audit_watch_list *l);

/*
 * Decode one kernel rule (as returned by AUDIT_LIST_RULES, len bytes in all) into zero or
 * one watch appended to l (origin AUDITRULES_KERNEL). A pure function, tested on hand-built
 * blobs. 0, -EBADMSG when the blob is inconsistent (field count, buffer lengths), -ENOMEM.
 */
int auditrules_decode_kernel_rule(const struct audit_rule_data *r, size_t len,
				  struct audit_watch_list *l);

/*
 * One rule of the kernel's list (the index-th, from 1) into l: decoded as above, or, when it
 * does not decode (or r is NULL: a message too short for a rule), counted in l->unreadable as
 * "kernel rule INDEX". 0, -ENOMEM, -EINVAL.
 */
int auditrules_add_kernel_rule(const struct audit_rule_data *r, size_t len, unsigned index,
			       struct audit_watch_list *l);

/*
 * Every rule loaded in the kernel, through libaudit. A rule message that does not decode is
 * counted in l->unreadable (the others are kept); a list that ends early or cannot be received
 * fails as a whole: a partial list is never returned. 0, -EPERM/-EACCES (no CAP_AUDIT_CONTROL, or
 * not in the initial namespaces), -EPROTONOSUPPORT/-ECONNREFUSED (no audit support), -EBADMSG,
 * -ETIMEDOUT, -ENOMEM.
 */
int auditrules_load_kernel(struct audit_watch_list *l);

/*
 * /etc/audit/audit.rules and /etc/audit/rules.d/NAME.rules (sorted, as augenrules does) under
 * the host root. Unreadable files are an error (-EACCES ...); absent ones are not.
 */
int auditrules_load_files(const struct hostfs *h, struct audit_watch_list *l);

/*
 * Is target (a normalised absolute path as resolved on the host) covered by a watch in l?
 * A watch covers it when its path, resolved inside the host root with hostfs_resolve, equals
 * the target, or when it is a directory watch on an ancestor of the target. A neighbouring
 * path or a sub-path of the target does not count. A watch's permissions are those no earlier
 * "never" rule matching the target takes away (the kernel's first match decides). Returns the
 * first covering watch that has all of want_perms, else (through *ret_partial, may be NULL)
 * one that covers the path with fewer permissions, else NULL.
 */
const struct audit_watch *auditrules_find(const struct audit_watch_list *l, const struct hostfs *h,
					  const char *target, unsigned want_perms,
					  const struct audit_watch **ret_partial);

/*
 * When no watch of l covers target with all of want_perms (auditrules_find gave NULL): the
 * "never" rule that switched off a covering watch that would otherwise have had more of
 * want_perms (the first such never rule before it that matches target), with that watch in
 * *ret_watch (may be NULL); else NULL. A never rule's other fields (-S, auid, uid ...) are not
 * weighed: every event on the path it names with the permissions it names counts as not logged.
 */
const struct audit_watch *auditrules_find_shadow(const struct audit_watch_list *l,
						 const struct hostfs *h, const char *target,
						 unsigned want_perms,
						 const struct audit_watch **ret_watch);

/* "rwxa"-style text for perms, into a 5-byte buffer. */
const char *auditrules_perms_str(unsigned perms, char out[static 5]);
