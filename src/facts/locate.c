/* SPDX-License-Identifier: Apache-2.0 */
/* Where this host keeps what the benchmark names: binaries, unit files and their drop-ins, the
 * data root, the containerd socket. */
#include "common.h"
#include <sys/stat.h>
#include "context.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/listen.h"
#include "facts/locate.h"
#include "facts/procs.h"
#include "facts/units.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define DEFAULT_DATA_ROOT "/var/lib/docker"
#define DEFAULT_EXEC_ROOT "/var/run/docker"
#define DEFAULT_CONTAINERD_SOCKET "/run/containerd/containerd.sock"

struct located_entry {
	enum ctx_locate_kind kind;
	char *name;
	struct located loc;
};

/* One entry per (kind, name) asked for. Entries stay put: callers hold pointers into them. */
struct locate_fact {
	struct located_entry **located;
	size_t n_located;
	bool containerd_sock_loaded;
	struct located containerd_sock;
	bool daemon_config_loaded;
	struct located daemon_config;
};

static void located_release(struct located *l)
{
	free(l->path);
	free(l->note);
}

static void locate_fact_release(void *p)
{
	struct locate_fact *f = p;
	for (size_t i = 0; i < f->n_located; i++) {
		free(f->located[i]->name);
		located_release(&f->located[i]->loc);
		free(f->located[i]);
	}
	free(f->located);
	located_release(&f->containerd_sock);
	located_release(&f->daemon_config);
}

static int locate_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c, (void)fact, (void)key;
	return 0; /* filled entry by entry */
}

static const struct ctx_fact_type locate_type = {
    .name = "locate",
    .size = sizeof(struct locate_fact),
    .load = locate_fact_load,
    .release = locate_fact_release,
};

static struct locate_fact *locate_fact(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &locate_type, NULL, &f) < 0 ? NULL : f;
}

/* ---- locating ---- */

static const char *const bin_dirs[] = {
    "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

static void locate_existing(struct audit_ctx *c, struct located *l, const char *path,
			    const char *source, char *note)
{
	char *resolved = NULL;
	int r = hostfs_resolve(ctx_hostfs(c), path, &resolved);
	if (r < 0) {
		l->error = r;
		free(note);
		l->note = xasprintf("cannot resolve '%s': %s", path, strerror(-r));
		return;
	}
	l->path = resolved;
	l->source = source;
	l->note = note;
}

static bool is_regular(struct audit_ctx *c, const char *path)
{
	struct stat st;
	return hostfs_stat(ctx_hostfs(c), path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A path as the serving dockerd sees it, as a host path under the audit's root (its root's
 * host path prepended when it runs in a chroot); NULL with l's error when that root is not
 * visible from the audit's. */
static char *daemon_path(struct audit_ctx *c, struct located *l, const char *path)
{
	char *p = dockerd_host_path(c, path);
	if (!p) {
		const char *why = dockerd_fs_note(c);
		l->error = -EXDEV;
		l->note =
		    xasprintf("dockerd runs in a root that is not visible from docker-audit's "
			      "(%s): %s as it sees it cannot be located from here",
			      why ? why : "unknown", path);
	}
	return p;
}

/* " in dockerd's root /x" when the daemon runs in a chroot, else "" */
static const char *in_root(struct audit_ctx *c, const char *path, const char *mapped)
{
	(void)c;
	return strcmp(path, mapped) != 0 ? " (as the serving dockerd sees it, in its root)" : "";
}

/* An executable's name: comm is cut at 15 bytes, so the executable's path decides. */
static bool runs_as(const struct proc *p, const char *name)
{
	return p->exe && p->exe[0] == '/' && strcmp(proc_exe_name(p), name) == 0;
}

/* Does p's command line name the containerd socket it talks to ("-address PATH")? */
static bool argv_address(const struct proc *p, const char *sock)
{
	for (char **a = p->argv; a && *a; a++)
		if ((strcmp(*a, "-address") == 0 || strcmp(*a, "--address") == 0) && a[1] &&
		    strcmp(a[1], sock) == 0)
			return true;
	return false;
}

/*
 * The processes of the serving dockerd's own tree, where a binary it uses runs: dockerd itself
 * and its descendants (its own containerd, runc during a start), the containerd that holds the
 * socket dockerd talks to (proved by the socket's inode) and its descendants, and the shims of
 * that containerd (they detach to PID 1, so they are known by the "-address" of that socket, in
 * the same root as the containerd). The first one that runs name, with how it belongs.
 */
static const struct proc *tree_find(struct audit_ctx *c, const struct procs *t, long dpid,
				    const char *name, char **ret_how)
{
	*ret_how = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		if (runs_as(p, name) && procs_descends(t, p->pid, dpid)) {
			*ret_how =
			    p->pid == dpid
				? xasprintf("the serving dockerd, PID %ld", p->pid)
				: xasprintf(
				      "PID %ld, a descendant of the serving dockerd (PID %ld)",
				      p->pid, dpid);
			return p;
		}
	}
	/* the containerd that dockerd talks to, by its socket's inode */
	const struct located *sock = ctx_locate_containerd_socket(c);
	if (sock->error < 0)
		return NULL;
	struct listen_addr a = {.kind = LISTEN_UNIX, .path = sock->path, .port = -1};
	unsigned long ino;
	_cleanup_free_ char *how = NULL;
	_cleanup_free_ long *owners = NULL;
	size_t n = 0, unreadable = 0;
	if (listen_socket_inode(ctx_hostfs(c), &a, NULL, &ino, &how) < 0 ||
	    procs_socket_owners(c, ino, &owners, &n, &unreadable) < 0)
		return NULL;
	const struct proc *ctrd = NULL;
	for (size_t k = 0; k < n && !ctrd; k++) {
		const struct proc *p = procs_find(t, owners[k]);
		if (p && runs_as(p, "containerd"))
			ctrd = p;
	}
	if (!ctrd)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		if (runs_as(p, name) && procs_descends(t, p->pid, ctrd->pid)) {
			*ret_how = xasprintf("PID %ld, %s the containerd (PID %ld) that holds the "
					     "socket the serving dockerd uses, %s",
					     p->pid, p == ctrd ? "" : "a descendant of", ctrd->pid,
					     sock->path);
			return p;
		}
	}
	/* its shims: "-address <the socket as containerd sees it>", in containerd's root */
	_cleanup_free_ char *ctrd_root = ctrd->root ? xstrdup(ctrd->root) : NULL;
	const char *seen = sock->path;
	if (ctrd_root && strcmp(ctrd_root, "/") != 0 && str_startswith(seen, ctrd_root))
		seen += strlen(ctrd_root);
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		if (!runs_as(p, name) || !argv_address(p, seen) || !streq_ptr(p->root, ctrd->root))
			continue;
		*ret_how = xasprintf("PID %ld, a shim of the containerd (PID %ld) that the serving "
				     "dockerd uses (-address %s)",
				     p->pid, ctrd->pid, seen);
		return p;
	}
	return NULL;
}

static void locate_binary(struct audit_ctx *c, const char *name, struct located *l)
{
	const struct procs *procs = NULL;
	if (ctx_procs(c, &procs) < 0) {
		l->error = -ENOMEM;
		return;
	}
	long pid;
	if (dockerd_pid(c, &pid) < 0) {
		/* No serving dockerd is known (a remote endpoint, no permission, none runs): this
		 * host's installed binary, never a guess among the processes that run. */
		const struct dockerd_scan *scan = NULL;
		(void)ctx_dockerd(c, &scan);
		for (size_t i = 0; i < ARRAY_SIZE(bin_dirs); i++) {
			_cleanup_free_ char *p = xasprintf("%s/%s", bin_dirs[i], name);
			if (p && is_regular(c, p)) {
				locate_existing(
				    c, l, p, "PATH",
				    xasprintf(
					"found in %s; the dockerd serving the endpoint is not "
					"known (%s), so not the binary of its process tree",
					bin_dirs[i],
					scan && scan->error ? scan->error : "unknown"));
				return;
			}
		}
		l->error = -ENOENT;
		l->note = xasprintf("none in %s, %s, %s, %s, %s or %s; the dockerd serving the "
				    "endpoint is not known (%s)",
				    bin_dirs[0], bin_dirs[1], bin_dirs[2], bin_dirs[3], bin_dirs[4],
				    bin_dirs[5], scan && scan->error ? scan->error : "unknown");
		return;
	}
	_cleanup_free_ char *how = NULL;
	const struct proc *p = tree_find(c, procs, pid, name, &how);
	if (p && is_regular(c, p->exe)) {
		locate_existing(c, l, p->exe, "process", TAKE_PTR(how));
		return;
	}
	if (procs->n_unreadable > 0) {
		/* an unreadable entry has no known parent: it may be of the daemon's tree */
		l->error = -EIO;
		l->note = xasprintf("cannot tell which %s the serving dockerd (PID %ld) runs: %s",
				    name, pid, procs->unreadable_msg);
		return;
	}
	/* not running in its tree now: what that dockerd would run, in its own root */
	const char *rt;
	if (strcmp(name, "runc") == 0 && daemonconf_runtime_path(c, "runc", &rt) == 0 &&
	    rt[0] == '/') {
		_cleanup_free_ char *m = daemon_path(c, l, rt);
		if (!m)
			return;
		if (is_regular(c, m)) {
			locate_existing(c, l, m, "daemon.json",
					xasprintf("the serving dockerd's configured runc runtime%s",
						  in_root(c, rt, m)));
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(bin_dirs); i++) {
		_cleanup_free_ char *d = xasprintf("%s/%s", bin_dirs[i], name);
		if (!d) {
			l->error = -ENOMEM;
			return;
		}
		_cleanup_free_ char *m = daemon_path(c, l, d);
		if (!m)
			return;
		if (is_regular(c, m)) {
			locate_existing(c, l, m, "PATH",
					xasprintf("not running in the process tree of the serving "
						  "dockerd (PID %ld); found in %s%s",
						  pid, bin_dirs[i], in_root(c, d, m)));
			return;
		}
	}
	l->error = -ENOENT;
	l->note = xasprintf("not running in the process tree of the serving dockerd (PID %ld), "
			    "and none in %s, %s, %s, %s, %s or %s of its root",
			    pid, bin_dirs[0], bin_dirs[1], bin_dirs[2], bin_dirs[3], bin_dirs[4],
			    bin_dirs[5]);
}

static void locate_unit(struct audit_ctx *c, const char *name, struct located *l)
{
	const struct unit_file *u = units_find(c, name);
	if (!u) {
		l->error = -ENOMEM;
		return;
	}
	if (u->error < 0) {
		l->error = u->error;
		l->note = xstrdup(u->note);
		return;
	}
	l->path = xstrdup(u->path);
	l->source = "unit directories";
	l->note = xasprintf("unit file %s", u->entry);
	if (!l->path || !l->note)
		l->error = -ENOMEM;
}

static void locate_data_root(struct audit_ctx *c, struct located *l)
{
	const cJSON *info;
	const char *err = NULL;
	const char *root = NULL, *source = "default", *set = NULL, *set_source = NULL;
	char *note = NULL;
	if (ctx_docker_info(c, &info, &err) == 0 && json_get_string(info, "DockerRootDir")) {
		root = json_get_string(info, "DockerRootDir");
		source = "api";
		note = xasprintf("DockerRootDir %s from the daemon", root);
	} else if (daemonconf_setting(c, "data-root", &set, &set_source) == 0 && set[0] == '/') {
		root = set;
		source = set_source;
		note = xasprintf("the daemon could not tell its data root (%s); its configuration "
				 "(%s) sets %s",
				 err ? err : "no DockerRootDir", set_source, root);
	} else {
		root = DEFAULT_DATA_ROOT;
		note = xasprintf("the daemon could not tell its data root (%s); assuming %s",
				 err ? err : "no DockerRootDir", root);
	}
	_cleanup_free_ char *mapped = daemon_path(c, l, root);
	if (!mapped) {
		free(note);
		return;
	}
	if (strcmp(mapped, root) != 0) {
		char *n2 = xasprintf("%s; in the serving dockerd's root: %s", note, mapped);
		free(note);
		note = n2;
		root = mapped;
	}
	struct stat st;
	int r = hostfs_stat(ctx_hostfs(c), root, &st);
	if (r < 0) {
		/* an assumed path that is absent tells nothing: only the daemon's own can be SKIP
		 */
		l->error = r == -ENOENT && strcmp(source, "api") != 0 ? -EHOSTDOWN : r;
		l->note = r == -ENOENT ? xasprintf("%s does not exist (%s)", root, note)
				       : xasprintf("cannot stat '%s': %s", root, strerror(-r));
		free(note);
		return;
	}
	locate_existing(c, l, root, source, note);
}

/* Docker's fixed paths (/etc/docker, /run/containerd ...) are the serving dockerd's: in its
 * root when it runs in a chroot. */
static void locate_fixed(struct audit_ctx *c, const char *dpath, struct located *l)
{
	_cleanup_free_ char *path = daemon_path(c, l, dpath);
	if (!path)
		return;
	struct stat st;
	int r = hostfs_stat(ctx_hostfs(c), path, &st);
	if (r < 0) {
		l->error = r;
		l->note =
		    r == -ENOENT ? NULL : xasprintf("cannot stat '%s': %s", path, strerror(-r));
		return;
	}
	locate_existing(
	    c, l, path, "fixed",
	    strcmp(path, dpath) != 0 ? xasprintf("%s in the serving dockerd's root", dpath) : NULL);
}

const struct located *ctx_locate(struct audit_ctx *c, enum ctx_locate_kind kind, const char *name)
{
	static const struct located oom = {.error = -ENOMEM};
	struct locate_fact *f = locate_fact(c);
	if (!f)
		return &oom;
	for (size_t i = 0; i < f->n_located; i++)
		if (f->located[i]->kind == kind && streq_ptr(f->located[i]->name, name))
			return &f->located[i]->loc;
	struct located_entry **p = realloc(f->located, (f->n_located + 1) * sizeof(*p));
	if (!p)
		return &oom;
	f->located = p;
	struct located_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return &oom;
	*e = (struct located_entry){.kind = kind, .name = xstrdup(name)};
	if (name && !e->name) {
		free(e);
		return &oom;
	}
	f->located[f->n_located++] = e;
	switch (kind) {
	case CTX_LOC_FIXED:
		locate_fixed(c, name, &e->loc);
		break;
	case CTX_LOC_BINARY:
		locate_binary(c, name, &e->loc);
		break;
	case CTX_LOC_UNIT:
		locate_unit(c, name, &e->loc);
		break;
	case CTX_LOC_DATA_ROOT:
		locate_data_root(c, &e->loc);
		break;
	}
	return &e->loc;
}

/* ---- the containerd socket ---- */

/* path as the serving dockerd sees it exists; *ret_host is its host path */
static bool exists(struct audit_ctx *c, const char *path)
{
	_cleanup_free_ char *m = dockerd_host_path(c, path);
	struct stat st;
	return m && hostfs_stat(ctx_hostfs(c), m, &st) == 0;
}

static void locate_daemon_path(struct audit_ctx *c, struct located *l, const char *dpath,
			       const char *source, char *note)
{
	_cleanup_free_ char *m = daemon_path(c, l, dpath);
	if (!m) {
		free(note);
		return;
	}
	locate_existing(c, l, m, source, note);
}

static void locate_containerd_socket(struct audit_ctx *c, struct located *l)
{
	const char *set, *source;
	/* 1. the socket dockerd was told to use */
	if (daemonconf_setting(c, "containerd", &set, &source) == 0) {
		const char *p = str_startswith(set, "unix://") ? set + strlen("unix://") : set;
		if (p[0] == '/' && exists(c, p)) {
			locate_daemon_path(
			    c, l, p, source,
			    strcmp(source, "cmdline") == 0
				? xstrdup("set by dockerd's --containerd flag")
				: xasprintf("set by dockerd's \"containerd\" setting (%s)",
					    source));
			return;
		}
		l->error = -ENOENT;
		l->note = xasprintf("dockerd is set to use containerd at %s (%s), which does not "
				    "exist",
				    set, source);
		return;
	}
	/* 2. where the system containerd listens */
	_cleanup_free_ char *toml = NULL, *address = NULL, *missing = NULL;
	size_t len;
	_cleanup_free_ char *toml_path = dockerd_host_path(c, "/etc/containerd/config.toml");
	if (toml_path &&
	    hostfs_read_file(ctx_hostfs(c), toml_path, 1024 * 1024, &toml, &len) == 0 &&
	    containerd_config_grpc_address(toml, &address) == 0 && address[0] == '/') {
		if (exists(c, address)) {
			locate_daemon_path(
			    c, l, address, "file",
			    xasprintf("[grpc] address in /etc/containerd/config.toml"));
			return;
		}
		missing = xasprintf("%s from /etc/containerd/config.toml does not exist", address);
	}
	/* 3. the default, which dockerd also prefers when it exists */
	if (exists(c, DEFAULT_CONTAINERD_SOCKET)) {
		locate_daemon_path(
		    c, l, DEFAULT_CONTAINERD_SOCKET, "default",
		    address ? xasprintf("the default socket; %s", missing)
			    : xasprintf("the default socket: no [grpc] address in "
					"/etc/containerd/config.toml and no --containerd"));
		return;
	}
	/* 4. without a system containerd, dockerd runs its own under its exec root */
	const char *exec_root = DEFAULT_EXEC_ROOT, *er_source = "default";
	if (daemonconf_setting(c, "exec-root", &set, &source) == 0 && set[0] == '/') {
		exec_root = set;
		er_source = source;
	}
	_cleanup_free_ char *managed = xasprintf("%s/containerd/containerd.sock", exec_root);
	if (managed && exists(c, managed)) {
		locate_daemon_path(
		    c, l, managed, er_source,
		    xasprintf("the containerd that dockerd runs itself, exec root %s", exec_root));
		return;
	}
	l->error = -ENOENT;
	l->note = xasprintf("%s%sneither %s nor %s exists", missing ? missing : "",
			    missing ? "; " : "", DEFAULT_CONTAINERD_SOCKET,
			    managed ? managed : "the managed containerd's socket");
}

const struct located *ctx_locate_containerd_socket(struct audit_ctx *c)
{
	static const struct located oom = {.error = -ENOMEM};
	struct locate_fact *f = locate_fact(c);
	if (!f)
		return &oom;
	if (!f->containerd_sock_loaded) {
		f->containerd_sock_loaded = true;
		locate_containerd_socket(c, &f->containerd_sock);
	}
	return &f->containerd_sock;
}

/*
 * The config file the daemon reads: the serving dockerd's --config-file, else its default
 * (rootless, snap: theirs), as the dockerd scan found it; without a dockerd known to serve the
 * endpoint, /etc/docker/daemon.json.
 */
static void locate_daemon_config(struct audit_ctx *c, struct located *l)
{
	const struct dockerd_scan *sc = NULL;
	if (ctx_dockerd(c, &sc) < 0) {
		l->error = -ENOMEM;
		return;
	}
	const struct dockerd *p = sc && sc->serving	  ? sc->serving
				  : sc && sc->has_assumed ? &sc->assumed
							  : NULL;
	if (!p || !p->file_path) {
		locate_fixed(c, "/etc/docker/daemon.json", l);
		return;
	}
	if (p->file_absent) {
		l->error = -ENOENT;
		l->note =
		    xasprintf("dockerd reads no config file: %s does not exist", p->file_path);
		return;
	}
	if (!exists(c, p->file_path)) {
		l->error = -ENOENT;
		l->note = xasprintf("%s, dockerd's --config-file, does not exist", p->file_path);
		return;
	}
	if (p->file_explicit)
		locate_existing(c, l, p->file_path, "cmdline",
				xasprintf("dockerd's --config-file"));
	else
		locate_existing(c, l, p->file_path, "fixed", NULL);
}

const struct located *ctx_locate_daemon_config(struct audit_ctx *c)
{
	static const struct located oom = {.error = -ENOMEM};
	struct locate_fact *f = locate_fact(c);
	if (!f)
		return &oom;
	if (!f->daemon_config_loaded) {
		f->daemon_config_loaded = true;
		locate_daemon_config(c, &f->daemon_config);
	}
	return &f->daemon_config;
}
