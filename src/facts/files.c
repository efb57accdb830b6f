/* SPDX-License-Identifier: Apache-2.0 */
/* Section 3 facts: the daemon's files, certificates and sockets, found on this host, stat'ed. */
#include "common.h"
#include <stdarg.h>
#include <sys/stat.h>
#include "buf.h"
#include "context.h"
#include "facts/accounts.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/files.h"
#include "facts/containerd.h"
#include "facts/locate.h"
#include "facts/units.h"
#include "hostfs.h"
#include "strutil.h"

#define TEXT_MAX (1024 * 1024)
#define LIST_MAX 4096 /* entries judged per set: a hostile tree cannot make us allocate more */

#define DEFAULT_DOCKER_SOCKET "/var/run/docker.sock"
#define DEFAULT_CONTAINERD_SOCKET "/run/containerd/containerd.sock"
#define CONTAINERD_CONFIG "/etc/containerd/config.toml"
#define CERTS_DIR "/etc/docker/certs.d"
#define DAEMON_CONFIG_DEFAULT "/etc/docker/daemon.json"

static void fact_release(struct file_fact *f)
{
	free(f->path);
	free(f->via);
	free(f->origin);
	free(f->error_msg);
	free(f->group);
	free(f->group_origin);
	free(f->group_error);
	*f = (struct file_fact){0};
}

static void set_release(struct file_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		fact_release(&s->files[i]);
	free(s->files);
	free(s->error_msg);
	free(s->skip);
	free(s->note);
	*s = (struct file_set){0};
}

/* ---- building a set ---- */

static int set_error(struct file_set *s, int error, const char *fmt, ...) _printf_(3, 4);
static int set_error(struct file_set *s, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(s->error_msg);
	s->error = error;
	s->error_msg = msg;
	return msg ? 0 : -ENOMEM;
}

static int set_skip(struct file_set *s, const char *fmt, ...) _printf_(2, 3);
static int set_skip(struct file_set *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(s->skip);
	s->skip = msg;
	return msg ? 0 : -ENOMEM;
}

static struct file_fact *set_find(const struct file_set *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return &s->files[i];
	return NULL;
}

enum add_result {
	ADD_ABSENT, /* nothing there: not added */
	ADD_ADDED, /* added as set->files[n - 1] */
	ADD_DUPLICATE, /* the same file was already in the set (another spelling of it) */
};

/*
 * Stat path inside the root (following symlinks: the file behind a link is what the daemon
 * reads) and add it to the set. A path that exists but cannot be stat'ed is added with its
 * error. Returns an add_result, or -ENOMEM / -E2BIG.
 */
/* A path as the serving dockerd sees it, as a host path under the audit's root; NULL when its root
 * is not visible from there (errno-less: the caller says so). */
static char *daemon_host_path(struct audit_ctx *c, const struct file_set *s, const char *path)
{
	return s->daemon_view ? dockerd_host_path(c, path) : xstrdup(path);
}

static int set_add_path(struct audit_ctx *c, struct file_set *s, const char *dpath,
			const char *origin, bool holder)
{
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_free_ char *mapped = daemon_host_path(c, s, dpath);
	if (!mapped)
		return set_error(s, -EXDEV,
				 "dockerd runs in a root that is not visible from docker-audit's "
				 "(%s): %s as it sees it cannot be judged from here",
				 dockerd_fs_note(c) ? dockerd_fs_note(c) : "unknown", dpath) < 0
			   ? -ENOMEM
			   : ADD_ABSENT;
	const char *path = mapped;
	struct stat st;
	int r = hostfs_stat(h, path, &st);
	if (r == -ENOENT)
		return ADD_ABSENT;
	_cleanup_free_ char *norm = path_normalize(path);
	_cleanup_free_ char *resolved = NULL;
	if (!norm)
		return -ENOMEM;
	if (r < 0 || hostfs_resolve(h, path, &resolved) < 0) {
		free(resolved);
		resolved = xstrdup(norm);
		if (!resolved)
			return -ENOMEM;
	}
	if (set_find(s, resolved))
		return ADD_DUPLICATE;
	if (s->n >= LIST_MAX)
		return -E2BIG;
	struct file_fact *nf = realloc(s->files, (s->n + 1) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	s->files = nf;
	struct file_fact *f = &s->files[s->n];
	*f = (struct file_fact){.holder = holder};
	/* a link in the last component is worth saying (/var/run -> /run is not) */
	struct stat lst;
	if (r == 0 && strcmp(norm, resolved) != 0 && hostfs_lstat(h, path, &lst) == 0 &&
	    S_ISLNK(lst.st_mode))
		f->via = TAKE_PTR(norm);
	f->path = TAKE_PTR(resolved);
	f->origin = xstrdup(origin);
	if (r < 0) {
		f->error = r;
		f->error_msg = xasprintf("cannot stat '%s': %s", path, strerror(-r));
	} else {
		f->st = st;
	}
	s->n++;
	if ((origin && !f->origin) || (r < 0 && !f->error_msg))
		return -ENOMEM;
	return ADD_ADDED;
}

/* Drop the last fact (it turned out not to be what the set is about). */
static void set_pop(struct file_set *s)
{
	if (s->n)
		fact_release(&s->files[--s->n]);
}

static int read_text(struct audit_ctx *c, const char *dpath, char **ret)
{
	_cleanup_free_ char *path = dockerd_host_path(c, dpath);
	if (!path)
		return -EXDEV;
	size_t len;
	return hostfs_read_file(ctx_hostfs(c), path, TEXT_MAX, ret, &len);
}

/* ---- systemd units ---- */

static int files_unit(struct audit_ctx *c, const char *unit, struct file_set *s)
{
	const struct located *loc = ctx_locate(c, CTX_LOC_UNIT, unit);
	if (loc->error == -ENOENT)
		return set_skip(s, "%s is not present on this host%s%s", unit,
				loc->note ? ": " : "", loc->note ? loc->note : "");
	if (loc->error < 0)
		return set_error(s, loc->error, "cannot locate %s: %s", unit,
				 loc->note ? loc->note : strerror(-loc->error));
	int r = set_add_path(c, s, loc->path, NULL, false);
	if (r < 0)
		return r;
	if (r == ADD_ABSENT)
		return set_skip(s, "%s is not present on this host (%s vanished)", unit, loc->path);
	if (!s->files[0].via)
		s->files[0].via = units_link(c, unit, s->files[0].path);

	/* drop-ins change the unit as much as its file does */
	char *const *dropins = NULL;
	r = units_dropins(c, unit, &dropins);
	if (r < 0)
		return r;
	size_t n = 0;
	for (char *const *p = dropins; p && *p; p++) {
		r = set_add_path(c, s, *p, NULL, false);
		if (r < 0)
			return r;
		n += r == ADD_ADDED;
	}
	if (n) {
		s->note = xasprintf("the unit file and %zu drop-in%s", n, n == 1 ? "" : "s");
		if (!s->note)
			return -ENOMEM;
	}
	return 0;
}

/* ---- fixed paths, the daemon's config file, registry certificates ---- */

static int files_fixed(struct audit_ctx *c, const char *path, struct file_set *s)
{
	int r = set_add_path(c, s, path, NULL, false);
	if (r < 0)
		return r;
	if (r == ADD_ABSENT)
		return set_skip(s, "%s is not present on this host", path);
	return 0;
}

/* Where a daemon setting came from, for messages: "-G staff", "\"group\" in
 * /etc/docker/daemon.json". */
static char *setting_origin(const char *key, const struct daemonconf_value *v)
{
	switch (v->source) {
	case DAEMONCONF_CMDLINE:
		return v->origin ? xstrdup(v->origin) : xasprintf("--%s", key);
	case DAEMONCONF_FILE:
		return xasprintf("\"%s\" in %s", key, v->origin ? v->origin : "daemon.json");
	case DAEMONCONF_API:
		return xasprintf("%s from the Engine API", key);
	case DAEMONCONF_DEFAULT:
		break;
	}
	return xasprintf("Docker's default %s", key);
}

/* 0 with *ret; 1 when the set now carries the error; negative errno. */
static int daemonconf_or_error(struct audit_ctx *c, struct file_set *s,
			       const struct daemonconf **ret)
{
	const char *err = NULL;
	int r = ctx_daemonconf(c, ret, &err);
	if (r < 0) {
		int q = set_error(s, r, "cannot read the daemon's configuration: %s",
				  err ? err : strerror(-r));
		return q < 0 ? q : 1;
	}
	return 0;
}

static int files_daemon_config(struct audit_ctx *c, struct file_set *s)
{
	const struct daemonconf *dc;
	int r = daemonconf_or_error(c, s, &dc);
	if (r != 0)
		return r < 0 ? r : 0;
	const char *path = daemonconf_file(dc);
	const char *file_err = daemonconf_source_error(dc, DAEMONCONF_FILE);
	r = set_add_path(c, s, path ? path : DAEMON_CONFIG_DEFAULT,
			 path ? "the config file the daemon reads" : "Docker's default path",
			 false);
	if (r < 0)
		return r;
	if (r == ADD_ABSENT && !path && file_err)
		return set_error(s, -EIO, "cannot tell which config file the daemon reads: %s",
				 file_err);
	if (r == ADD_ABSENT)
		return set_skip(s,
				"%s is not present on this host (the daemon reads no config file)",
				path ? path : DAEMON_CONFIG_DEFAULT);
	if (!path && file_err) {
		s->note = xasprintf("the daemon's own config file is unknown (%s)", file_err);
		if (!s->note)
			return -ENOMEM;
	}
	return 0;
}

/* The files Docker reads from a registry's directory: CA roots, client certificates, keys. */
static bool registry_cert_name(const char *name)
{
	return str_endswith(name, ".crt") || str_endswith(name, ".cert") ||
	       str_endswith(name, ".key");
}

/* A directory that exists but cannot be listed: an error, never a silent pass. */
static int mark_unlistable(struct file_set *s, const char *dir, int error)
{
	struct file_fact *f = set_find(s, dir);
	if (!f)
		return 0;
	f->error = error;
	free(f->error_msg);
	f->error_msg = xasprintf("cannot list '%s': %s", dir, strerror(-error));
	return f->error_msg ? 0 : -ENOMEM;
}

static int files_registry_certs(struct audit_ctx *c, struct file_set *s)
{
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_free_ char *certs_host = daemon_host_path(c, s, CERTS_DIR);
	if (!certs_host)
		return set_error(s, -EXDEV,
				 "dockerd runs in a root that is not visible from "
				 "docker-audit's: %s cannot be judged from here",
				 CERTS_DIR);
	int r = set_add_path(c, s, CERTS_DIR, NULL, true);
	if (r < 0)
		return r;
	if (r == ADD_ABSENT)
		return set_skip(s, "%s is not present on this host (no registry certificates)",
				CERTS_DIR);
	if (s->files[0].error < 0)
		return 0;
	_cleanup_strv_free_ char **regs = NULL;
	r = hostfs_list_dir(h, certs_host, &regs);
	if (r < 0)
		return mark_unlistable(s, s->files[0].path, r);
	size_t certs = 0, dirs = 0;
	for (char **reg = regs; *reg; reg++) {
		_cleanup_free_ char *dir = xasprintf("%s/%s", CERTS_DIR, *reg);
		_cleanup_free_ char *dir_host = xasprintf("%s/%s", certs_host, *reg);
		struct stat st;
		if (!dir || !dir_host)
			return -ENOMEM;
		/* Docker reads <registry>/ directories only; other entries here are ignored */
		if (hostfs_stat(h, dir_host, &st) == 0 && !S_ISDIR(st.st_mode))
			continue;
		r = set_add_path(c, s, dir, NULL, true);
		if (r < 0)
			return r;
		if (r != ADD_ADDED)
			continue;
		dirs++;
		if (s->files[s->n - 1].error < 0)
			continue;
		_cleanup_free_ char *dpath = xstrdup(s->files[s->n - 1].path);
		_cleanup_strv_free_ char **names = NULL;
		if (!dpath)
			return -ENOMEM;
		r = hostfs_list_dir(h, dir_host, &names);
		if (r < 0) {
			r = mark_unlistable(s, dpath, r);
			if (r < 0)
				return r;
			continue;
		}
		for (char **n = names; *n; n++) {
			if (!registry_cert_name(*n))
				continue;
			_cleanup_free_ char *p = xasprintf("%s/%s", dir, *n);
			_cleanup_free_ char *p_host = xasprintf("%s/%s", dir_host, *n);
			if (!p || !p_host)
				return -ENOMEM;
			if (hostfs_stat(h, p_host, &st) == 0 && !S_ISREG(st.st_mode))
				continue;
			r = set_add_path(c, s, p, NULL, false);
			if (r < 0)
				return r;
			certs += r == ADD_ADDED;
		}
	}
	s->note = xasprintf("%zu registr%s, %zu certificate and key file%s", dirs,
			    dirs == 1 ? "y" : "ies", certs, certs == 1 ? "" : "s");
	return s->note ? 0 : -ENOMEM;
}

/* ---- TLS material ---- */

/* dockerd turns TLS on with --tls, and with --tlsverify set at all (true or false). */
static int tls_enabled(const struct daemonconf *dc, bool *ret, const char **ret_why)
{
	bool verify = false, tls = false;
	struct daemonconf_value vv = {0}, tv = {0};
	int rv = daemonconf_get_bool(dc, "tlsverify", &verify, &vv);
	int rt = daemonconf_get_bool(dc, "tls", &tls, &tv);
	if (rv == 0 && (verify || vv.source != DAEMONCONF_DEFAULT)) {
		*ret = true;
		*ret_why = vv.origin;
		return 0;
	}
	if (rt == 0 && tls) {
		*ret = true;
		*ret_why = tv.origin;
		return 0;
	}
	if (rv == -EIO || rt == -EIO)
		return -EIO;
	if (rv == -EINVAL || rt == -EINVAL)
		return -EINVAL;
	*ret = false;
	return 0;
}

static int files_tls(struct audit_ctx *c, const char *key, struct file_set *s)
{
	const struct daemonconf *dc;
	int r = daemonconf_or_error(c, s, &dc);
	if (r != 0)
		return r < 0 ? r : 0;
	bool on = false;
	const char *why = NULL;
	r = tls_enabled(dc, &on, &why);
	if (r == -EIO) {
		const char *e = daemonconf_why(dc, "tlsverify");
		if (!e)
			e = daemonconf_why(dc, "tls");
		return set_error(s, r, "cannot tell whether TLS is configured: %s",
				 e ? e
				   : "a source of the daemon's configuration could not be read");
	}
	if (r < 0)
		return set_error(s, r, "cannot tell whether TLS is configured: %s",
				 "tls or tlsverify is not a boolean");
	if (!on)
		return set_skip(s, "TLS is not configured (neither tls nor tlsverify is set)");

	const char *path = NULL;
	struct daemonconf_value v = {0};
	_cleanup_free_ char *origin = NULL, *expanded = NULL;
	r = daemonconf_get_string(dc, key, &path, &v);
	if (r == -EIO) {
		const char *e = daemonconf_why(dc, key);
		return set_error(s, r, "TLS is on (%s) but --%s could not be read: %s",
				 why ? why : "tls", key, e ? e : "a source could not be read");
	}
	if (r == -ENOENT || (r == 0 && !*path))
		return set_error(s, -ENOENT, "TLS is on (%s) but no --%s is known",
				 why ? why : "tls", key);
	if (r < 0)
		return set_error(s, r, "--%s is not a string", key);
	origin = setting_origin(key, &v);
	/* Docker's default is ~/.docker of the daemon's user: root, for a root daemon */
	if (str_startswith(path, "~/"))
		path = expanded = xasprintf("/root/%s", path + 2);
	else if (path[0] != '/')
		path = expanded = xasprintf("/%s", path); /* dockerd runs in / under systemd */
	if (!path || !origin)
		return -ENOMEM;
	r = set_add_path(c, s, path, origin, false);
	if (r < 0)
		return r;
	if (r == ADD_ABSENT)
		return set_skip(s, "TLS is on, but %s (%s) is not present on this host", path,
				origin);
	return 0;
}

/* ---- sockets ---- */

/* Add path when it is a socket; what is absent or not a socket is told in *absent. */
static int add_socket(struct audit_ctx *c, struct file_set *s, const char *path, const char *origin,
		      struct buf *absent)
{
	int r = set_add_path(c, s, path, origin, false);
	if (r < 0)
		return r;
	if (r == ADD_ADDED && s->files[s->n - 1].error == 0 &&
	    !S_ISSOCK(s->files[s->n - 1].st.st_mode)) {
		set_pop(s);
		r = buf_printf(absent, "%s%s is not a socket", absent->len ? "; " : "", path);
		return r < 0 ? r : ADD_ABSENT;
	}
	if (r == ADD_ABSENT) {
		int q = buf_printf(absent, "%s%s is not present", absent->len ? "; " : "", path);
		if (q < 0)
			return q;
	}
	return r;
}

static int set_group(struct file_fact *f, const char *group, const char *origin, const char *error)
{
	f->group = xstrdup(group);
	f->group_origin = xstrdup(origin);
	f->group_error = xstrdup(error);
	return (group && !f->group) || (origin && !f->group_origin) || (error && !f->group_error)
		   ? -ENOMEM
		   : 0;
}

/*
 * A group dockerd names is looked up in its own /etc/group: when it runs in a chroot, the group
 * it gives its sockets is the chroot's (the gid is what the file carries), kept as that gid.
 */
static int daemon_root_group(struct audit_ctx *c, struct file_fact *f, const char *group,
			     const char *origin, const char *error)
{
	_cleanup_free_ char *etc_group = group ? dockerd_host_path(c, "/etc/group") : NULL;
	if (!etc_group || strcmp(etc_group, "/etc/group") == 0)
		return set_group(f, group, origin, error);
	_cleanup_free_ char *text = NULL;
	struct host_accounts a = {0};
	const struct host_group *g = NULL;
	if (read_text(c, "/etc/group", &text) == 0 && accounts_parse_group(text, &a) == 0)
		g = host_group_find(&a, group);
	int r;
	if (g) {
		char gid[16];
		_cleanup_free_ char *o = xasprintf("%s; gid %u in the serving dockerd's own "
						   "/etc/group, %s",
						   origin ? origin : group, g->gid, etc_group);
		snprintf(gid, sizeof(gid), "%u", g->gid);
		r = o ? set_group(f, gid, o, error) : -ENOMEM;
	} else {
		r = set_group(f, group, origin, error);
	}
	host_accounts_release(&a);
	return r;
}

/* The group dockerd gives the sockets it creates (-G, daemon.json "group", default docker). */
static int daemon_group(const struct daemonconf *dc, const char **ret_group, char **ret_origin,
			char **ret_error)
{
	const char *g = NULL;
	struct daemonconf_value v = {0};
	int r = daemonconf_get_string(dc, "group", &g, &v);
	*ret_group = NULL;
	*ret_origin = NULL;
	*ret_error = NULL;
	if (r == 0 && *g) {
		*ret_group = g;
		*ret_origin = setting_origin("group", &v);
		return *ret_origin ? 0 : -ENOMEM;
	}
	const char *e = daemonconf_why(dc, "group");
	*ret_error =
	    xasprintf("the daemon's -G/--group could not be read: %s", r == -EIO && e ? e
								       : r == 0	      ? "empty"
										: strerror(-r));
	return *ret_error ? 0 : -ENOMEM;
}

/* A unix path named by a -H value ("unix:///path"), NULL for other kinds. */
static const char *host_unix_path(const char *host)
{
	if (!host || !str_startswith(host, "unix://"))
		return NULL;
	const char *p = host + strlen("unix://");
	return *p ? p : DEFAULT_DOCKER_SOCKET;
}

static bool strv_has(char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

static int files_docker_socket(struct audit_ctx *c, struct file_set *s)
{
	const struct daemonconf *dc;
	int r = daemonconf_or_error(c, s, &dc);
	if (r != 0)
		return r < 0 ? r : 0;
	struct buf absent;
	buf_init(&absent, 64 * 1024);
	const struct socket_unit *unit = NULL;
	const char *upath = NULL;
	const char *group;
	_cleanup_free_ char *gorigin = NULL, *gerror = NULL, *origin = NULL;
	_cleanup_free_ char *uorigin = NULL, *ugorigin = NULL, *note = NULL;
	r = daemon_group(dc, &group, &gorigin, &gerror);
	if (r < 0)
		goto out;

	char *const *listeners = NULL;
	struct daemonconf_value hv = {0};
	char *fallback[2] = {NULL, NULL};
	r = daemonconf_listeners(dc, &listeners, &hv);
	if (r == -EIO) {
		/* The daemon's -H cannot be read: the endpoint audited is one of its sockets;
		 * without a unix endpoint, Docker's default socket is what is left to judge. */
		const char *e = daemonconf_why(dc, "hosts");
		const char *host = host_unix_path(ctx_docker_host(c)) ? ctx_docker_host(c)
				   : host_unix_path(ctx_getenv(c, "DOCKER_HOST"))
				       ? ctx_getenv(c, "DOCKER_HOST")
				       : NULL;
		fallback[0] = host ? xstrdup(host) : xstrdup("unix://" DEFAULT_DOCKER_SOCKET);
		origin = xstrdup(host ? "the audited endpoint" : "Docker's default socket");
		note = xasprintf("the daemon's -H/hosts could not be read (%s): judged %s",
				 e ? e : "unknown",
				 host ? "the audited endpoint" : "the default socket");
		if (!fallback[0] || !origin || !note) {
			r = -ENOMEM;
			goto out;
		}
		listeners = fallback;
	} else if (r < 0) {
		r = set_error(s, r, "cannot tell where the daemon listens: %s", strerror(-r));
		goto out;
	} else {
		origin = setting_origin("hosts", &hv);
		if (!origin) {
			r = -ENOMEM;
			goto out;
		}
	}

	/* socket activation: systemd made the sockets after docker.socket's ListenStream= */
	if (strv_has(listeners, "fd://") || listeners == fallback) {
		int q = units_socket(c, "docker.socket", &unit, &upath);
		if (q == -ENOMEM) {
			r = q;
			goto out;
		}
		if (q < 0 && listeners != fallback) {
			r = buf_printf(&absent, "%s-H fd:// but docker.socket %s",
				       absent.len ? "; " : "",
				       q == -ENOENT ? "is not present" : strerror(-q));
			if (r < 0)
				goto out;
		}
		if (q == 0) {
			uorigin = xasprintf("ListenStream= in %s", upath);
			ugorigin = xasprintf(unit->group ? "SocketGroup= in %s"
							 : "no SocketGroup= in %s: root's group",
					     upath);
			if (!uorigin || !ugorigin) {
				r = -ENOMEM;
				goto out;
			}
		}
	}
	size_t tcp = 0;
	for (char *const *l = listeners; *l; l++) {
		const char *p = host_unix_path(*l);
		if (!p) {
			tcp += str_startswith(*l, "tcp://");
			continue;
		}
		_cleanup_free_ char *norm = path_normalize(p);
		if (!norm) {
			r = norm ? 0 : -ENOMEM;
			if (p[0] != '/')
				continue;
			goto out;
		}
		bool activated = uorigin && strv_has(unit->listen, norm);
		r = add_socket(c, s, p, activated ? uorigin : origin, &absent);
		if (r < 0)
			goto out;
		if (r != ADD_ADDED)
			continue;
		if (activated)
			r = set_group(&s->files[s->n - 1], unit->group ? unit->group : "root",
				      ugorigin, NULL);
		else
			r = daemon_root_group(c, &s->files[s->n - 1], group, gorigin, gerror);
		if (r < 0)
			goto out;
	}
	r = 0;
	if (s->n == 0) {
		if (absent.len)
			r = set_skip(s, "no Docker socket on this host: %s%s%s%s", absent.data,
				     note ? " (" : "", note ? note : "", note ? ")" : "");
		else
			r = set_skip(s, "the daemon listens on no unix socket (%zu TCP)", tcp);
	} else if (note) {
		s->note = TAKE_PTR(note);
	}
out:
	free(fallback[0]);
	buf_release(&absent);
	return r;
}

/* ---- containerd ---- */

/* "unix:///x" and "/x" both name the socket /x. */
static const char *address_path(const char *a)
{
	return str_startswith(a, "unix://") ? a + strlen("unix://") : a;
}

static int files_containerd_socket(struct audit_ctx *c, struct file_set *s)
{
	const struct daemonconf *dc;
	int r = daemonconf_or_error(c, s, &dc);
	if (r != 0)
		return r < 0 ? r : 0;
	struct buf absent, notes;
	buf_init(&absent, 64 * 1024);
	buf_init(&notes, 64 * 1024);

	/* 1. the containerd Docker was told to use (--containerd, daemon.json "containerd") */
	const char *addr = NULL;
	struct daemonconf_value v = {0};
	r = daemonconf_get_string(dc, "containerd", &addr, &v);
	bool told = r == 0 && address_path(addr)[0] == '/';
	if (told) {
		_cleanup_free_ char *origin = setting_origin("containerd", &v);
		r = origin ? add_socket(c, s, address_path(addr), origin, &absent) : -ENOMEM;
	} else if (r == -EIO) {
		r = buf_printf(&notes, "which containerd Docker uses could not be read (%s)",
			       daemonconf_why(dc, "containerd") ? daemonconf_why(dc, "containerd")
								: "unknown");
	} else {
		r = 0;
	}

	/* 2. the containerd dockerd runs itself when told none: <exec-root>/containerd/ */
	if (r >= 0 && !told) {
		const char *exec_root = NULL;
		if (daemonconf_get_string(dc, "exec-root", &exec_root, NULL) < 0 ||
		    exec_root[0] != '/')
			exec_root = "/var/run/docker";
		_cleanup_free_ char *p = xasprintf("%s/containerd/containerd.sock", exec_root);
		_cleanup_free_ char *origin =
		    xasprintf("the containerd Docker runs itself (exec-root %s)", exec_root);
		r = p && origin ? add_socket(c, s, p, origin, &absent) : -ENOMEM;
	}

	/* 3. the system's containerd: [grpc] address of its config.toml, else its default */
	if (r >= 0) {
		_cleanup_free_ char *text = NULL, *gaddr = NULL, *origin = NULL;
		int q = read_text(c, CONTAINERD_CONFIG, &text);
		if (q == 0)
			q = containerd_config_grpc_address(text, &gaddr);
		if (q == -ENOMEM) {
			r = q;
		} else if (q == 0 && address_path(gaddr)[0] == '/') {
			origin = xasprintf("[grpc] address in %s", CONTAINERD_CONFIG);
			r = origin ? add_socket(c, s, address_path(gaddr), origin, &absent)
				   : -ENOMEM;
		} else {
			if (q != -ENOENT)
				r = buf_printf(&notes,
					       "%scannot read %s (%s): assumed containerd's "
					       "default address",
					       notes.len ? "; " : "", CONTAINERD_CONFIG,
					       strerror(-q));
			if (r >= 0)
				r = add_socket(c, s, DEFAULT_CONTAINERD_SOCKET,
					       "containerd's default address", &absent);
		}
	}
	if (r >= 0) {
		r = 0;
		if (notes.len) {
			s->note = buf_steal(&notes);
			if (!s->note)
				r = -ENOMEM;
		}
		if (r == 0 && s->n == 0)
			r = set_skip(s, "no containerd socket on this host: %s",
				     absent.len ? absent.data : "none found");
	}
	buf_release(&absent);
	buf_release(&notes);
	return r;
}

/* ---- the context's view ---- */

static int files_load(struct audit_ctx *c, enum files_target t, const char *name,
		      struct file_set *s)
{
	switch (t) {
	case FILES_UNIT:
		return files_unit(c, name, s);
	case FILES_FIXED:
		return files_fixed(c, name, s);
	case FILES_DAEMON_CONFIG:
		return files_daemon_config(c, s);
	case FILES_REGISTRY_CERTS:
		return files_registry_certs(c, s);
	case FILES_TLS:
		return files_tls(c, name, s);
	case FILES_DOCKER_SOCKET:
		return files_docker_socket(c, s);
	case FILES_CONTAINERD_SOCKET:
		return files_containerd_socket(c, s);
	}
	return -EINVAL;
}

/* One fact per (target, name), keyed "<target>:<name>". */
static int files_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	struct file_set *s = fact;
	int t = 0, n = 0;
	if (sscanf(key, "%d:%n", &t, &n) != 1 || n == 0)
		return -EINVAL;
	s->daemon_view = (enum files_target)t != FILES_UNIT;
	int r = files_load(c, (enum files_target)t, key + n, s);
	if (r < 0) {
		/* a half-built set is never judged */
		set_release(s);
		s->error = r;
		s->error_msg = xasprintf("cannot collect the files: %s", strerror(-r));
	}
	return 0;
}

static void files_fact_release(void *fact)
{
	set_release(fact);
}

static const struct ctx_fact_type files_type = {
    .name = "files",
    .size = sizeof(struct file_set),
    .load = files_fact_load,
    .release = files_fact_release,
};

const struct file_set *ctx_files(struct audit_ctx *c, enum files_target t, const char *name)
{
	static const struct file_set oom = {.error = -ENOMEM};
	_cleanup_free_ char *key = xasprintf("%d:%s", (int)t, name ? name : "");
	void *f;
	if (!key || ctx_fact(c, &files_type, key, &f) < 0)
		return &oom;
	return f;
}
