/* SPDX-License-Identifier: Apache-2.0 */
/* Where this host keeps what the benchmark names: binaries, unit files and their drop-ins, the
 * data root, the containerd socket. */
#include "common.h"
#include <sys/stat.h>
#include "context.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
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

/* An executable's name: comm is cut at 15 bytes, so the executable's path decides. */
static bool runs_as(const struct proc *p, const char *name)
{
	return p->exe && p->exe[0] == '/' && strcmp(proc_exe_name(p), name) == 0;
}

static void locate_binary(struct audit_ctx *c, const char *name, struct located *l)
{
	const struct procs *procs = NULL;
	if (ctx_procs(c, &procs) < 0) {
		l->error = -ENOMEM;
		return;
	}
	long pid;
	if (strcmp(name, "dockerd") == 0 && dockerd_pid(c, &pid) == 0) {
		const struct proc *p = procs_find(procs, pid);
		if (p && runs_as(p, name) && is_regular(c, p->exe)) {
			locate_existing(c, l, p->exe, "process",
					xasprintf("running as PID %ld", p->pid));
			return;
		}
	}
	for (size_t i = 0; i < procs->n; i++) {
		const struct proc *p = &procs->v[i];
		if (!runs_as(p, name) || !is_regular(c, p->exe))
			continue;
		locate_existing(c, l, p->exe, "process", xasprintf("running as PID %ld", p->pid));
		return;
	}
	const char *rt;
	if (strcmp(name, "runc") == 0 && daemonconf_runtime_path(c, "runc", &rt) == 0 &&
	    rt[0] == '/' && is_regular(c, rt)) {
		locate_existing(c, l, rt, "daemon.json",
				xstrdup("the daemon's configured runc runtime"));
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(bin_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", bin_dirs[i], name);
		if (p && is_regular(c, p)) {
			locate_existing(c, l, p, "PATH", xasprintf("found in %s", bin_dirs[i]));
			return;
		}
	}
	l->error = -ENOENT;
	l->note = xasprintf("no running %s and none in %s, %s, %s, %s, %s or %s", name, bin_dirs[0],
			    bin_dirs[1], bin_dirs[2], bin_dirs[3], bin_dirs[4], bin_dirs[5]);
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

static void locate_fixed(struct audit_ctx *c, const char *path, struct located *l)
{
	struct stat st;
	int r = hostfs_stat(ctx_hostfs(c), path, &st);
	if (r < 0) {
		l->error = r;
		l->note =
		    r == -ENOENT ? NULL : xasprintf("cannot stat '%s': %s", path, strerror(-r));
		return;
	}
	locate_existing(c, l, path, "fixed", NULL);
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

static bool exists(struct audit_ctx *c, const char *path)
{
	struct stat st;
	return hostfs_stat(ctx_hostfs(c), path, &st) == 0;
}

static void locate_containerd_socket(struct audit_ctx *c, struct located *l)
{
	const char *set, *source;
	/* 1. the socket dockerd was told to use */
	if (daemonconf_setting(c, "containerd", &set, &source) == 0) {
		const char *p = str_startswith(set, "unix://") ? set + strlen("unix://") : set;
		if (p[0] == '/' && exists(c, p)) {
			locate_existing(
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
	if (hostfs_read_file(ctx_hostfs(c), "/etc/containerd/config.toml", 1024 * 1024, &toml,
			     &len) == 0 &&
	    containerd_config_grpc_address(toml, &address) == 0 && address[0] == '/') {
		if (exists(c, address)) {
			locate_existing(c, l, address, "file",
					xasprintf("[grpc] address in /etc/containerd/config.toml"));
			return;
		}
		missing = xasprintf("%s from /etc/containerd/config.toml does not exist", address);
	}
	/* 3. the default, which dockerd also prefers when it exists */
	if (exists(c, DEFAULT_CONTAINERD_SOCKET)) {
		locate_existing(c, l, DEFAULT_CONTAINERD_SOCKET, "default",
				address
				    ? xasprintf("the default socket; %s", missing)
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
		locate_existing(
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
	const struct dockerd *p =
	    sc && sc->serving ? sc->serving : sc && sc->has_assumed ? &sc->assumed : NULL;
	if (!p || !p->file_path) {
		locate_fixed(c, "/etc/docker/daemon.json", l);
		return;
	}
	if (p->file_absent) {
		l->error = -ENOENT;
		l->note = xasprintf("dockerd reads no config file: %s does not exist", p->file_path);
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
