/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>

/*
 * systemd units on the audited host: the unit search path, where a unit is loaded from, its
 * drop-ins, and what a socket unit listens on. Read through the host root, each once per audit.
 */

struct audit_ctx;

/* systemd's unit search path, highest precedence first. */
const char *const *units_search_path(size_t *ret_n);

struct unit_file {
	int error; /* 0; -ENOENT: no such unit, or masked; or why it could not be resolved */
	char *path; /* the unit file, resolved inside the root, when error == 0 */
	char *entry; /* the unit-directory entry it was found through (may be a link) */
	char *note; /* why not, when error < 0 */
};
/* Where systemd loads unit name from, cached. Never NULL but on ENOMEM. */
const struct unit_file *units_find(struct audit_ctx *c, const char *name);
/* The unit-directory entry of unit when it is a symlink to path (malloc'ed), else NULL. */
char *units_link(struct audit_ctx *c, const char *unit, const char *path);
/* The drop-ins of unit (<unit>.d/NAME.conf in every unit directory; a name higher up hides the
 * same name further down, a link to /dev/null masks it), resolved, in the order systemd applies
 * them; cached, NULL-terminated (may be empty). 0 or -ENOMEM. */
int units_dropins(struct audit_ctx *c, const char *unit, char *const **ret);

/* What a systemd socket unit listens on, after the unit and its drop-ins. */
struct socket_unit {
	char **streams; /* every ListenStream= value, %t expanded (NULL-terminated, may be NULL) */
	char **listen; /* of those, the absolute paths, normalised (NULL-terminated, may be NULL) */
	char *group; /* SocketGroup=, NULL when unset */
	char *user; /* SocketUser=, NULL when unset */
};
/* Apply one unit file's text (the unit, then each drop-in in order): an empty ListenStream=
 * resets the lists, as systemd does. 0 or -ENOMEM. */
int socket_unit_parse(const char *text, struct socket_unit *u);
void socket_unit_release(struct socket_unit *u);
/* Socket unit name (e.g. "docker.socket") after its drop-ins, cached; *ret_path the unit file.
 * 0, -ENOENT when there is none, or why its file could not be read. */
int units_socket(struct audit_ctx *c, const char *name, const struct socket_unit **ret,
		 const char **ret_path);
