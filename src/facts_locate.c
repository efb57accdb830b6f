/* SPDX-License-Identifier: Apache-2.0 */
/* Where this host keeps what the benchmark names: binaries, unit files, the data root. */
#include "common.h"
#include <sys/stat.h>
#include "context.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define PROC_SMALL_MAX 4096

struct process {
	char *comm;
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
};

static void locate_fact_free(void *p)
{
	struct locate_fact *f = p;
	if (!f)
		return;
	for (size_t i = 0; i < f->n_procs; i++) {
		free(f->procs[i].comm);
		free(f->procs[i].exe);
	}
	free(f->procs);
	for (size_t i = 0; i < f->n_located; i++) {
		free(f->located[i]->name);
		free(f->located[i]->loc.path);
		free(f->located[i]->loc.note);
		free(f->located[i]);
	}
	free(f->located);
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
		_cleanup_free_ char *comm = NULL, *exe = NULL;
		size_t len;
		snprintf(path, sizeof(path), "/proc/%lld/comm", (long long)pid);
		if (hostfs_read_file(ctx_hostfs(c), path, PROC_SMALL_MAX, &comm, &len) < 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		snprintf(path, sizeof(path), "/proc/%lld/exe", (long long)pid);
		if (hostfs_readlink(ctx_hostfs(c), path, &exe) < 0)
			continue; /* kernel threads, or not ours to read */
		if (str_endswith(exe, " (deleted)"))
			exe[strlen(exe) - strlen(" (deleted)")] = '\0';
		f->procs[k++] = (struct process){TAKE_PTR(comm), TAKE_PTR(exe), (long)pid};
	}
	f->n_procs = k;
}

static const char *const bin_dirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
				       "/usr/bin", "/sbin", "/bin"};
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

static void locate_binary(struct audit_ctx *c, struct locate_fact *f, const char *name,
			  struct located *l)
{
	struct stat st;
	if (!f->procs_loaded)
		load_processes(c, f);
	for (size_t i = 0; i < f->n_procs; i++) {
		const struct process *p = &f->procs[i];
		const char *base = strrchr(p->exe, '/');
		/* comm is cut at 15 bytes, so the executable's name decides */
		if (!base || strcmp(base + 1, name) != 0)
			continue;
		if (hostfs_stat(ctx_hostfs(c), p->exe, &st) == 0 && S_ISREG(st.st_mode)) {
			locate_existing(c, l, p->exe, "process",
					xasprintf("running as PID %ld", p->pid));
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(bin_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", bin_dirs[i], name);
		if (p && hostfs_stat(ctx_hostfs(c), p, &st) == 0 && S_ISREG(st.st_mode)) {
			locate_existing(c, l, p, "PATH", xasprintf("found in %s", bin_dirs[i]));
			return;
		}
	}
	l->error = -ENOENT;
	l->note = xasprintf("no running %s and none in %s, %s, %s, %s, %s or %s", name,
			    bin_dirs[0], bin_dirs[1], bin_dirs[2], bin_dirs[3], bin_dirs[4],
			    bin_dirs[5]);
}

static void locate_unit(struct audit_ctx *c, const char *name, struct located *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], name);
		_cleanup_free_ char *resolved = NULL;
		struct stat st;
		if (!p || hostfs_stat(ctx_hostfs(c), p, &st) < 0)
			continue;
		if (hostfs_resolve(ctx_hostfs(c), p, &resolved) == 0 &&
		    strcmp(resolved, "/dev/null") == 0) {
			l->error = -ENOENT;
			l->note = xasprintf("%s is masked (%s links to /dev/null)", name, p);
			return;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		locate_existing(c, l, p, "unit directories", xasprintf("unit file %s", p));
		return;
	}
	l->error = -ENOENT;
	l->note = xasprintf("no %s in the systemd unit directories", name);
}

static void locate_data_root(struct audit_ctx *c, struct located *l)
{
	const cJSON *info;
	const char *err = NULL;
	const char *root = NULL, *source = "default";
	char *note = NULL;
	if (ctx_docker_info(c, &info, &err) == 0 && json_get_string(info, "DockerRootDir")) {
		root = json_get_string(info, "DockerRootDir");
		source = "api";
		note = xasprintf("DockerRootDir %s from the daemon", root);
	} else {
		root = "/var/lib/docker";
		note = xasprintf("the daemon could not tell its data root (%s); assuming %s",
				 err ? err : "no DockerRootDir", root);
	}
	struct stat st;
	int r = hostfs_stat(ctx_hostfs(c), root, &st);
	if (r < 0) {
		/* an assumed path that is absent tells nothing: only the daemon's own can be SKIP */
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
		l->note = r == -ENOENT ? NULL : xasprintf("cannot stat '%s': %s", path, strerror(-r));
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
