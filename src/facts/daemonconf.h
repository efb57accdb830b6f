/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <cjson/cJSON.h>

struct audit_ctx;

/*
 * The effective configuration of the dockerd that serves the audited endpoint, merged from,
 * in order of authority: what the Engine API reports (/info, /version, the bridge network's
 * options), the command line of that dockerd (the process holding the endpoint's listening
 * socket, by its inode; only when that cannot be proved, by its -H/--host flags or its config
 * file's "hosts", the default socket when it has none: facts/dockerd.h), and its config file
 * (--config-file, default /etc/docker/daemon.json; rootless: ~/.config/docker/daemon.json of
 * the daemon's user; snap: /var/snap/docker/current/config/daemon.json). Docker's own defaults
 * apply where nothing is set. Keys are spelled as in daemon.json ("icc", "log-level",
 * "live-restore", "tlsverify", "hosts", "userns-remap" ...), whatever source decided.
 */

enum daemonconf_source {
	DAEMONCONF_DEFAULT, /* Docker's built-in default */
	DAEMONCONF_FILE, /* the daemon's config file */
	DAEMONCONF_CMDLINE, /* dockerd's command line */
	DAEMONCONF_API, /* reported by the running daemon */
};

struct daemonconf_value {
	const cJSON *value; /* string, bool, number, array or object; borrowed */
	enum daemonconf_source source;
	const char *origin; /* e.g. "/etc/docker/daemon.json", "--icc=false",
			       "GET /info LiveRestoreEnabled", "Docker default" */
};

struct daemonconf;

/*
 * The merged configuration, loaded once per audit (context slot "daemonconf"). Succeeds even
 * when some sources could not be read: daemonconf_source_error tells which and why, and a key
 * whose deciding source could not be read is reported by daemonconf_get as -EIO, never as a
 * default. Negative errno only for -ENOMEM.
 */
int ctx_daemonconf(struct audit_ctx *c, const struct daemonconf **ret, const char **ret_error);
/* The merged configuration if a check has loaded it already, else NULL (loads nothing). */
const struct daemonconf *ctx_daemonconf_peek(struct audit_ctx *c);

/* 0 and *ret; -ENOENT when nothing sets key and Docker has no default for it; -EIO when a
 * source that could decide it could not be read (see daemonconf_source_error). */
int daemonconf_get(const struct daemonconf *dc, const char *key, struct daemonconf_value *ret);

/* Convenience for booleans and strings: -EINVAL when the value has another JSON type. */
int daemonconf_get_bool(const struct daemonconf *dc, const char *key, bool *ret,
			struct daemonconf_value *ret_value);
int daemonconf_get_string(const struct daemonconf *dc, const char *key, const char **ret,
			  struct daemonconf_value *ret_value);

/* "default", "daemon.json", "cmdline", "api": the finding's "source". */
const char *daemonconf_source_name(enum daemonconf_source s);

/* The config file that was read (host path), NULL when there is none. */
const char *daemonconf_file(const struct daemonconf *dc);
/* The dockerd process found in /proc, 0 when none was (remote daemon, no /proc access). */
long daemonconf_pid(const struct daemonconf *dc);
/* NULL when every source could be read, else why one could not ("cannot read /proc/...") */
const char *daemonconf_source_error(const struct daemonconf *dc, enum daemonconf_source s);

/* Why daemonconf_get(dc, key) returned -EIO: the error of the source that could not be read
 * (borrowed); NULL when the key can be decided. For "hosts", also why daemonconf_listeners
 * did (a socket-activated daemon whose docker.socket unit cannot be read). */
const char *daemonconf_why(const struct daemonconf *dc, const char *key);

/*
 * Where the daemon listens, normalised as dockerd does it ("unix:///var/run/docker.sock",
 * "tcp://0.0.0.0:2375", "fd://"): its "hosts" (or the default socket when it has none), and,
 * for "fd://" (systemd socket activation), the ListenStream entries of the docker.socket unit
 * after it ("unix:///run/docker.sock", "tcp://[::]:2375"). NULL-terminated, borrowed;
 * *ret_value (may be NULL) tells where "hosts" came from. 0, or -EIO (daemonconf_why(dc,
 * "hosts") says why).
 */
int daemonconf_listeners(const struct daemonconf *dc, char *const **ret,
			 struct daemonconf_value *ret_value);

/*
 * A string setting of the daemon as it is explicitly configured (daemon.json spelling:
 * "data-root", "group", "containerd", "exec-root"), from the merged configuration; *ret_source
 * is "cmdline", "daemon.json" or "api". -ENOENT when only Docker's default applies or it cannot
 * be told (a source that could set it was unreadable).
 */
int daemonconf_setting(struct audit_ctx *c, const char *key, const char **ret,
		       const char **ret_source);
/* The daemon's configured path of a runtime ("runtimes" in daemon.json), -ENOENT when none. */
int daemonconf_runtime_path(struct audit_ctx *c, const char *name, const char **ret);
