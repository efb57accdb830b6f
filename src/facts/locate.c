/* SPDX-License-Identifier: Apache-2.0 */
/* Where this host keeps what the benchmark names: binaries, unit files and their drop-ins, the
 * data root, the containerd socket. */
#include "common.h"
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include "context.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/listen.h"
#include "facts/locate.h"
#include "facts/peers.h"
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
struct tree_shim {
	const struct proc *p;
	bool proved; /* connected to the containerd, not only named by -address */
	char *how;
};

/* The serving dockerd's own processes beyond its descendants (tree_load). */
struct daemon_tree {
	const struct proc *ctrd; /* its containerd, NULL when none is known */
	char *ctrd_how;
	struct tree_shim *shims; /* that containerd's shims, proved ones and -address ones */
	size_t n_shims;
	size_t n_other_shims; /* shims connected to another containerd, left out */
};

struct locate_fact {
	bool tree_loaded;
	struct daemon_tree tree;
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

static void tree_release(struct daemon_tree *tr)
{
	free(tr->ctrd_how);
	for (size_t i = 0; i < tr->n_shims; i++)
		free(tr->shims[i].how);
	free(tr->shims);
	*tr = (struct daemon_tree){0};
}

static void locate_fact_release(void *p)
{
	struct locate_fact *f = p;
	tree_release(&f->tree);
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

/* ---- the serving dockerd's tree, proved by the kernel's links ---- */

/* The sockets a process holds (its /proc/PID/fd), read once while the tree is built. */
struct held {
	const struct proc *p;
	unsigned long *ino;
	size_t n;
	int error; /* its fd directory could not be read */
};

static void held_release(struct held *h)
{
	free(h->ino);
	h->ino = NULL;
	h->n = 0;
}

static int held_read(struct audit_ctx *c, const struct proc *p, struct held *h)
{
	*h = (struct held){.p = p};
	int r = procs_socket_inodes(c, p->pid, &h->ino, &h->n);
	if (r == -ENOMEM)
		return r;
	h->error = r;
	return 0;
}

/* Is one of a's sockets connected to one of b's? The pair in *ret_a, *ret_b. */
static bool connected(const struct unix_peers *m, const struct held *a, const struct held *b,
		      uint32_t *ret_a, uint32_t *ret_b)
{
	if (!m)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct unix_peer *e = unix_peers_find(m, (uint32_t)a->ino[i]);
		if (e && e->peer && procs_has_socket(b->ino, b->n, e->peer)) {
			*ret_a = e->ino;
			*ret_b = e->peer;
			return true;
		}
	}
	return false;
}

/* Are any of its sockets in the dump (of docker-audit's network namespace)? */
static bool visible(const struct unix_peers *m, const struct held *h)
{
	for (size_t i = 0; m && i < h->n; i++)
		if (unix_peers_find(m, (uint32_t)h->ino[i]))
			return true;
	return false;
}

static bool is_shim(const struct proc *p)
{
	return p->exe && p->exe[0] == '/' && str_startswith(proc_exe_name(p), "containerd-shim");
}

/* Why a link to h cannot be checked in the dump: NULL when it can. */
static char *unseen(const struct unix_peers *m, const char *peers_error, const struct held *h,
		    const char *what)
{
	if (!m)
		return xasprintf("no socket connections could be read: %s",
				 peers_error ? peers_error : "unknown");
	if (h->error < 0)
		return xasprintf("the sockets of %s (PID %ld) cannot be read: %s", what, h->p->pid,
				 strerror(-h->error));
	if (!visible(m, h))
		return xasprintf("%s (PID %ld) is not in the network namespace of %s: none of its "
				 "%zu sockets is in it",
				 what, h->p->pid, m->source, h->n);
	return NULL;
}

static int tree_add_shim(struct daemon_tree *tr, const struct proc *p, bool proved, char *how)
{
	if (!how)
		return -ENOMEM;
	struct tree_shim *v = reallocarray(tr->shims, tr->n_shims + 1, sizeof(*v));
	if (!v) {
		free(how);
		return -ENOMEM;
	}
	tr->shims = v;
	tr->shims[tr->n_shims++] = (struct tree_shim){.p = p, .proved = proved, .how = how};
	return 0;
}

static char *append(char *s, const char *fmt, ...) _printf_(2, 3);
static char *append(char *s, const char *fmt, ...)
{
	if (!s)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *add = NULL;
	int r = vasprintf(&add, fmt, ap);
	va_end(ap);
	char *out = r < 0 ? NULL : xasprintf("%s%s", s, add);
	free(s);
	return out;
}

/*
 * Its containerd: the one connected to it (a socket dockerd holds whose peer that containerd
 * holds, in the sock_diag dump), the one that holds the listening socket dockerd is set to use
 * (by inode), or one it runs itself (a descendant); the strongest proof first. Then the shims
 * connected to that containerd; where the dump cannot tell (no dump, another network
 * namespace), the shims that name its socket with -address in its root, said as such; never
 * one connected to another containerd.
 */
static int tree_load(struct audit_ctx *c, const struct procs *t, long dpid, struct daemon_tree *tr)
{
	const struct unix_peers *m = NULL;
	const char *perr = NULL;
	const struct proc *dp = procs_find(t, dpid);
	if (!dp)
		return 0;
	/* the sockets of dockerd's network namespace, where its containerd and shims are */
	int pr = ctx_unix_peers_of(c, dpid, &m, &perr);
	if (pr == -ENOMEM)
		return pr;
	if (pr < 0)
		m = NULL;
	/* " (in the sock_diag dump of the network namespace of PID N ...)" when not ours */
	_cleanup_free_ char *in_ns =
	    m && m->ns_pid ? xasprintf(" (in %s)", m->source) : xstrdup("");
	if (!in_ns)
		return -ENOMEM;
	struct held dh;
	if (held_read(c, dp, &dh) < 0)
		return -ENOMEM;
	_cleanup_free_ char *d_unseen = unseen(m, perr, &dh, "the serving dockerd");
	/* the listening socket dockerd is set to use */
	const struct located *sock = ctx_locate_containerd_socket(c);
	unsigned long lino = 0;
	bool have_lino = false;
	if (sock->error == 0) {
		struct listen_addr a = {.kind = LISTEN_UNIX, .path = sock->path, .port = -1};
		_cleanup_free_ char *how = NULL;
		have_lino = listen_socket_inode(ctx_hostfs(c), &a, NULL, &lino, &how) == 0;
	}
	/* every containerd, with the sockets it holds */
	size_t nk = 0;
	struct held *k = calloc(t->n ? t->n : 1, sizeof(*k));
	if (!k) {
		held_release(&dh);
		return -ENOMEM;
	}
	int r = 0;
	for (size_t i = 0; i < t->n && r == 0; i++)
		if (runs_as(&t->v[i], "containerd"))
			r = held_read(c, &t->v[i], &k[nk++]);
	size_t best = SIZE_MAX;
	int best_score = 0;
	uint32_t da = 0, ka = 0;
	for (size_t i = 0; i < nk && r == 0; i++) {
		uint32_t x = 0, y = 0;
		bool conn = connected(m, &dh, &k[i], &x, &y);
		bool holds = have_lino && procs_has_socket(k[i].ino, k[i].n, lino);
		bool desc = procs_descends(t, k[i].p->pid, dpid);
		int score = conn ? 8 + (holds ? 2 : 0) + (desc ? 1 : 0) : holds ? 4 : desc ? 2 : 0;
		if (score > best_score) {
			best = i;
			best_score = score;
			da = x;
			ka = y;
		}
	}
	struct held *ck = best == SIZE_MAX ? NULL : &k[best];
	if (r == 0 && ck) {
		tr->ctrd = ck->p;
		bool desc = procs_descends(t, ck->p->pid, dpid);
		bool holds = have_lino && procs_has_socket(ck->ino, ck->n, lino);
		char *how = xasprintf("PID %ld", ck->p->pid);
		if (desc)
			how = append(how, ", a descendant of the serving dockerd (PID %ld)", dpid);
		if (best_score >= 8)
			how = append(
			    how, ", connected to the serving dockerd (PID %ld): socket %u <-> %u%s",
			    dpid, da, ka, in_ns);
		if (holds)
			how = append(how, ", holding the socket the serving dockerd uses, %s",
				     sock->path);
		if (best_score < 8) {
			_cleanup_free_ char *k_unseen = unseen(m, perr, ck, "that containerd");
			const char *why = d_unseen ? d_unseen : k_unseen;
			how =
			    why ? append(how, " (its connection to dockerd cannot be checked: %s)",
					 why)
				: append(how, " (no connection between it and the serving "
					      "dockerd is in the sock_diag dump)");
		}
		tr->ctrd_how = how;
		if (!how)
			r = -ENOMEM;
	}
	/* its shims */
	_cleanup_free_ char *c_unseen = ck ? unseen(m, perr, ck, "that containerd") : NULL;
	_cleanup_free_ char *ctrd_root = NULL;
	const char *seen = NULL;
	if (ck && sock->error == 0) {
		/* "-address <the socket as containerd sees it>" */
		seen = sock->path;
		ctrd_root = ck->p->root ? xstrdup(ck->p->root) : NULL;
		if (ctrd_root && strcmp(ctrd_root, "/") != 0 && str_startswith(seen, ctrd_root))
			seen += strlen(ctrd_root);
	}
	size_t n_other = 0;
	for (size_t i = 0; i < t->n && r == 0 && ck; i++) {
		const struct proc *p = &t->v[i];
		if (!is_shim(p))
			continue;
		struct held sh;
		if (held_read(c, p, &sh) < 0) {
			r = -ENOMEM;
			break;
		}
		uint32_t x = 0, y = 0;
		if (!c_unseen && connected(m, &sh, ck, &x, &y)) {
			r = tree_add_shim(
			    tr, p, true,
			    xasprintf("PID %ld, a shim connected to the containerd (PID "
				      "%ld) the serving dockerd uses: socket %u <-> %u%s",
				      p->pid, ck->p->pid, x, y, in_ns));
			held_release(&sh);
			continue;
		}
		bool other = false;
		for (size_t j = 0; j < nk && !other; j++)
			other = &k[j] != ck && connected(m, &sh, &k[j], &x, &y);
		_cleanup_free_ char *s_unseen = unseen(m, perr, &sh, "the shim");
		held_release(&sh);
		if (other) {
			n_other++; /* another containerd's, whatever its -address says */
			continue;
		}
		if (!seen || !argv_address(p, seen) || !streq_ptr(p->root, ck->p->root))
			continue;
		const char *why = c_unseen ? c_unseen : s_unseen;
		r = tree_add_shim(
		    tr, p, false,
		    why ? xasprintf("PID %ld, a shim of the containerd (PID %ld) that the serving "
				    "dockerd uses, known only by its argument -address %s and "
				    "its root (a connection cannot be checked: %s)",
				    p->pid, ck->p->pid, seen, why)
			: xasprintf("PID %ld, a shim of the containerd (PID %ld) that the serving "
				    "dockerd uses, known only by its argument -address %s and its "
				    "root (no connection between them is in the sock_diag dump)",
				    p->pid, ck->p->pid, seen));
	}
	tr->n_other_shims = n_other;
	for (size_t i = 0; i < nk; i++)
		held_release(&k[i]);
	free(k);
	held_release(&dh);
	return r;
}

static const struct daemon_tree *daemon_tree(struct audit_ctx *c, const struct procs *t, long dpid)
{
	struct locate_fact *f = locate_fact(c);
	if (!f)
		return NULL;
	if (!f->tree_loaded) {
		if (tree_load(c, t, dpid, &f->tree) < 0) {
			tree_release(&f->tree);
			return NULL;
		}
		f->tree_loaded = true;
	}
	return &f->tree;
}

/*
 * The processes of the serving dockerd's own tree, where a binary it uses runs: dockerd
 * itself, its containerd (tree_load), the descendants of both (runc during a start), the shims
 * connected to that containerd and the children they run in their own root (runc), and last
 * the shims known only by the -address of its socket. The first one that runs name, with how it
 * belongs.
 */
static const struct proc *tree_find(struct audit_ctx *c, const struct procs *t, long dpid,
				    const char *name, char **ret_how)
{
	*ret_how = NULL;
	const struct proc *d = procs_find(t, dpid);
	if (d && runs_as(d, name)) {
		*ret_how = xasprintf("the serving dockerd, PID %ld", dpid);
		return d;
	}
	const struct daemon_tree *tr = daemon_tree(c, t, dpid);
	if (tr && tr->ctrd && runs_as(tr->ctrd, name)) {
		*ret_how = xasprintf("the containerd the serving dockerd uses: %s", tr->ctrd_how);
		return tr->ctrd;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		if (runs_as(p, name) && procs_descends(t, p->pid, dpid)) {
			*ret_how = xasprintf(
			    "PID %ld, a descendant of the serving dockerd (PID %ld)", p->pid, dpid);
			return p;
		}
	}
	if (!tr || !tr->ctrd)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		if (runs_as(p, name) && procs_descends(t, p->pid, tr->ctrd->pid)) {
			*ret_how = xasprintf("PID %ld, a descendant of the containerd the serving "
					     "dockerd uses (%s)",
					     p->pid, tr->ctrd_how);
			return p;
		}
	}
	for (size_t i = 0; i < tr->n_shims; i++)
		if (tr->shims[i].proved && runs_as(tr->shims[i].p, name)) {
			*ret_how = xstrdup(tr->shims[i].how);
			return tr->shims[i].p;
		}
	/* what a proved shim runs in its own root (runc; not the container's processes) */
	for (size_t i = 0; i < tr->n_shims; i++) {
		const struct proc *s = tr->shims[i].p;
		for (size_t j = 0; tr->shims[i].proved && j < t->n; j++) {
			const struct proc *p = &t->v[j];
			if (p->ppid == s->pid && runs_as(p, name) && streq_ptr(p->root, s->root)) {
				*ret_how = xasprintf("PID %ld, run by the shim %s", p->pid,
						     tr->shims[i].how);
				return p;
			}
		}
	}
	for (size_t i = 0; i < tr->n_shims; i++)
		if (!tr->shims[i].proved && runs_as(tr->shims[i].p, name)) {
			*ret_how = xstrdup(tr->shims[i].how);
			return tr->shims[i].p;
		}
	return NULL;
}

/*
 * A runtime that runs only while a container starts (runc): the one a shim proved to be of the
 * tree would run, the first name in its PATH (it runs the runtime by name, as dockerd passes
 * it), in its root when that is the serving dockerd's. true when found (l filled).
 */
static bool shim_runs(struct audit_ctx *c, const struct procs *t, long dpid,
		      const struct daemon_tree *tr, const char *name, struct located *l)
{
	const struct proc *d = procs_find(t, dpid);
	for (size_t i = 0; d && i < tr->n_shims; i++) {
		const struct tree_shim *s = &tr->shims[i];
		if (!s->proved || !streq_ptr(s->p->root, d->root))
			continue;
		_cleanup_strv_free_ char **env = NULL;
		if (procs_environ(c, s->p->pid, &env) < 0)
			continue;
		const char *path = NULL;
		for (char **e = env; *e; e++)
			if (str_startswith(*e, "PATH="))
				path = *e + strlen("PATH=");
		_cleanup_free_ char *dirs = path ? xstrdup(path) : NULL;
		char *save = NULL;
		for (char *dir = dirs ? strtok_r(dirs, ":", &save) : NULL; dir;
		     dir = strtok_r(NULL, ":", &save)) {
			if (dir[0] != '/')
				continue;
			_cleanup_free_ char *cand = xasprintf("%s/%s", dir, name);
			struct located tmp = {0};
			_cleanup_free_ char *m = cand ? daemon_path(c, &tmp, cand) : NULL;
			free(tmp.note);
			if (m && is_regular(c, m)) {
				locate_existing(
				    c, l, m, "process",
				    xasprintf("not running now; the %s that the shim %s "
					      "runs: the first in its PATH, %s%s",
					      name, s->how, dir, in_root(c, cand, m)));
				return true;
			}
		}
	}
	return false;
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
	const struct daemon_tree *tr = daemon_tree(c, procs, pid);
	_cleanup_free_ char *others = NULL;
	if (tr && tr->n_other_shims > 0 && str_startswith(name, "containerd-shim"))
		others = xasprintf("; %zu shim%s connected to another containerd left out",
				   tr->n_other_shims, tr->n_other_shims == 1 ? "" : "s");
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
	if (strcmp(name, "runc") == 0 && tr && shim_runs(c, procs, pid, tr, name, l))
		return;
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
						  "dockerd (PID %ld); found in %s%s%s",
						  pid, bin_dirs[i], in_root(c, d, m),
						  others ? others : ""));
			return;
		}
	}
	l->error = -ENOENT;
	l->note = xasprintf("not running in the process tree of the serving dockerd (PID %ld), "
			    "and none in %s, %s, %s, %s, %s or %s of its root%s",
			    pid, bin_dirs[0], bin_dirs[1], bin_dirs[2], bin_dirs[3], bin_dirs[4],
			    bin_dirs[5], others ? others : "");
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
