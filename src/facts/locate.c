/* SPDX-License-Identifier: Apache-2.0 */
/* Where this host keeps what the benchmark names: binaries, unit files and their drop-ins, the
 * data root, the containerd socket; and which dockerd serves the audited endpoint. */
#include "common.h"
#include <sys/stat.h>
#include "context.h"
#include "facts/host.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define DEFAULT_DATA_ROOT "/var/lib/docker"
#define DEFAULT_EXEC_ROOT "/var/run/docker"
#define DEFAULT_CONTAINERD_SOCKET "/run/containerd/containerd.sock"

struct process {
	char *exe; /* as the kernel reports it, " (deleted)" stripped */
	long pid;
};

struct located_entry {
	enum ctx_locate_kind kind;
	char *name;
	struct located loc;
};

/* Cached in the context under one slot. Entries stay put: callers hold pointers into them. */
struct locate_fact {
	bool procs_loaded;
	struct process *procs;
	size_t n_procs;
	struct located_entry **located;
	size_t n_located;
	bool dockerd_chosen;
	struct process *dockerd; /* serves the audited endpoint; NULL when unknown */
	bool containerd_sock_loaded;
	struct located containerd_sock;
};

static void located_release(struct located *l)
{
	free(l->path);
	free(l->note);
}

static void locate_fact_free(void *p)
{
	struct locate_fact *f = p;
	if (!f)
		return;
	for (size_t i = 0; i < f->n_procs; i++)
		free(f->procs[i].exe);
	free(f->procs);
	for (size_t i = 0; i < f->n_located; i++) {
		free(f->located[i]->name);
		located_release(&f->located[i]->loc);
		free(f->located[i]);
	}
	free(f->located);
	located_release(&f->containerd_sock);
	free(f);
}

static struct locate_fact *locate_fact(struct audit_ctx *c)
{
	struct locate_fact *f = ctx_slot_get(c, "locate");
	if (f)
		return f;
	f = calloc(1, sizeof(*f));
	if (!f || ctx_slot_put(c, "locate", f, locate_fact_free) < 0)
		return NULL;
	return f;
}

/* ---- processes ---- */

static void load_processes(struct audit_ctx *c, struct locate_fact *f)
{
	f->procs_loaded = true;
	_cleanup_strv_free_ char **pids = NULL;
	if (hostfs_list_dir(ctx_hostfs(c), "/proc", &pids) < 0)
		return;
	size_t n = strv_length(pids), k = 0;
	f->procs = calloc(n ? n : 1, sizeof(*f->procs));
	if (!f->procs)
		return;
	for (size_t i = 0; i < n; i++) {
		int64_t pid;
		if (parse_int64(pids[i], &pid) < 0 || pid <= 0)
			continue;
		char path[64];
		_cleanup_free_ char *exe = NULL;
		snprintf(path, sizeof(path), "/proc/%lld/exe", (long long)pid);
		/* kernel threads have none, and another user's is not ours to read */
		if (hostfs_readlink(ctx_hostfs(c), path, &exe) < 0 || exe[0] != '/')
			continue;
		if (str_endswith(exe, " (deleted)"))
			exe[strlen(exe) - strlen(" (deleted)")] = '\0';
		f->procs[k++] = (struct process){.exe = TAKE_PTR(exe), .pid = (long)pid};
	}
	f->n_procs = k;
}

static const char *exe_base(const struct process *p)
{
	const char *s = strrchr(p->exe, '/');
	return s ? s + 1 : p->exe;
}

/* The dockerd daemonconf matched to the audited endpoint (by its -H flags, "hosts", socket
 * activation); without that, the only dockerd running, if there is one. */
static void choose_dockerd(struct audit_ctx *c, struct locate_fact *f)
{
	f->dockerd_chosen = true;
	if (!f->procs_loaded)
		load_processes(c, f);
	long want = host_daemonconf_pid(c);
	size_t n = 0;
	struct process *only = NULL;
	for (size_t i = 0; i < f->n_procs; i++) {
		struct process *p = &f->procs[i];
		if (strcmp(exe_base(p), "dockerd") != 0)
			continue;
		if (want > 0 && p->pid == want) {
			f->dockerd = p;
			return;
		}
		n++;
		only = p;
	}
	if (n == 1)
		f->dockerd = only;
}

int host_dockerd_pid(struct audit_ctx *c, long *ret_pid)
{
	struct locate_fact *f = locate_fact(c);
	if (!f)
		return -ENOMEM;
	if (!f->dockerd_chosen)
		choose_dockerd(c, f);
	if (!f->dockerd)
		return -ENOENT;
	*ret_pid = f->dockerd->pid;
	return 0;
}

/* ---- locating ---- */

static const char *const bin_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};
/* Systemd's unit search path, highest precedence first. */
static const char *const unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system",
					"/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
					"/lib/systemd/system"};

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

static void locate_binary(struct audit_ctx *c, struct locate_fact *f, const char *name,
			  struct located *l)
{
	if (!f->procs_loaded)
		load_processes(c, f);
	if (strcmp(name, "dockerd") == 0) {
		if (!f->dockerd_chosen)
			choose_dockerd(c, f);
		if (f->dockerd && is_regular(c, f->dockerd->exe)) {
			locate_existing(c, l, f->dockerd->exe, "process",
					xasprintf("running as PID %ld", f->dockerd->pid));
			return;
		}
	}
	for (size_t i = 0; i < f->n_procs; i++) {
		const struct process *p = &f->procs[i];
		/* comm is cut at 15 bytes, so the executable's name decides */
		if (strcmp(exe_base(p), name) != 0 || !is_regular(c, p->exe))
			continue;
		locate_existing(c, l, p->exe, "process", xasprintf("running as PID %ld", p->pid));
		return;
	}
	const char *rt;
	if (strcmp(name, "runc") == 0 && host_daemon_runtime_path(c, "runc", &rt) == 0 &&
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

/* A unit file or drop-in is masked when it is a link to /dev/null (which a fake root may not
 * even have: the link, not its target, decides). */
static bool is_masked(struct audit_ctx *c, const char *path)
{
	struct stat st;
	_cleanup_free_ char *resolved = NULL;
	return hostfs_lstat(ctx_hostfs(c), path, &st) == 0 && S_ISLNK(st.st_mode) &&
	       hostfs_resolve(ctx_hostfs(c), path, &resolved) == 0 &&
	       strcmp(resolved, "/dev/null") == 0;
}

static void locate_unit(struct audit_ctx *c, const char *name, struct located *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], name);
		struct stat st;
		if (!p || hostfs_lstat(ctx_hostfs(c), p, &st) < 0)
			continue;
		if (is_masked(c, p)) {
			l->error = -ENOENT;
			l->note = xasprintf("%s is masked (%s links to /dev/null)", name, p);
			return;
		}
		if (!is_regular(c, p))
			continue;
		locate_existing(c, l, p, "unit directories", xasprintf("unit file %s", p));
		return;
	}
	l->error = -ENOENT;
	l->note = xasprintf("no %s in the systemd unit directories", name);
}

struct dropins_slot {
	char **paths;
};

static void dropins_slot_free(void *p)
{
	struct dropins_slot *s = p;
	if (s)
		strv_free(s->paths);
	free(s);
}

static int strv_push(char ***v, size_t *n, char *s)
{
	if (!s)
		return -ENOMEM;
	char **nv = realloc(*v, (*n + 2) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

static const char *path_base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int dropin_cmp(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(path_base(*x), path_base(*y));
}

/* systemd reads <unit>.d/NAME.conf from every unit directory; a file name in a directory of higher
 * precedence hides the same name further down, and a link to /dev/null masks it. They are
 * applied in file name order. */
static int dropins_load(struct audit_ctx *c, const char *unit, char ***ret)
{
	_cleanup_strv_free_ char **paths = NULL, **seen = NULL;
	size_t n = 0, n_seen = 0;
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		_cleanup_free_ char *dir = xasprintf("%s/%s.d", unit_dirs[i], unit);
		_cleanup_strv_free_ char **names = NULL;
		if (!dir)
			return -ENOMEM;
		if (hostfs_list_dir(ctx_hostfs(c), dir, &names) < 0)
			continue;
		for (char **nm = names; *nm; nm++) {
			if (!str_endswith(*nm, ".conf"))
				continue;
			bool dup = false;
			for (size_t k = 0; k < n_seen && !dup; k++)
				dup = strcmp(seen[k], *nm) == 0;
			if (dup)
				continue;
			if (strv_push(&seen, &n_seen, xstrdup(*nm)) < 0)
				return -ENOMEM;
			_cleanup_free_ char *p = xasprintf("%s/%s", dir, *nm);
			char *resolved = NULL;
			if (!p)
				return -ENOMEM;
			if (is_masked(c, p) || !is_regular(c, p) ||
			    hostfs_resolve(ctx_hostfs(c), p, &resolved) < 0)
				continue;
			if (strv_push(&paths, &n, resolved) < 0)
				return -ENOMEM;
		}
	}
	if (!paths) {
		paths = calloc(1, sizeof(*paths));
		if (!paths)
			return -ENOMEM;
	}
	qsort(paths, n, sizeof(*paths), dropin_cmp);
	*ret = TAKE_PTR(paths);
	return 0;
}

int host_unit_dropins(struct audit_ctx *c, const char *unit, char *const **ret)
{
	_cleanup_free_ char *key = xasprintf("host.dropins:%s", unit);
	if (!key)
		return -ENOMEM;
	struct dropins_slot *s = ctx_slot_get(c, key);
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		int r = dropins_load(c, unit, &s->paths);
		if (r < 0) {
			free(s);
			return r;
		}
		if (ctx_slot_put(c, key, s, dropins_slot_free) < 0)
			return -ENOMEM;
	}
	*ret = s->paths;
	return 0;
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
	} else if (host_daemon_setting(c, "data-root", &set, &set_source) == 0 && set[0] == '/') {
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
		locate_binary(c, f, name, &e->loc);
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
	if (host_daemon_setting(c, "containerd", &set, &source) == 0) {
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
	if (host_daemon_setting(c, "exec-root", &set, &source) == 0 && set[0] == '/') {
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

const struct located *host_locate_containerd_socket(struct audit_ctx *c)
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
