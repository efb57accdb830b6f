/* SPDX-License-Identifier: Apache-2.0 */
/* The host's process table, read once per audit from <root>/proc. */
#include "common.h"
#include <ctype.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include "context.h"
#include "facts/procs.h"
#include "hostfs.h"
#include "strutil.h"

#define PROC_VEC_MAX (256u * 1024) /* cmdline, environ */
#define PROC_SMALL_MAX (64u * 1024) /* status, cgroup */

char **proc_split_nul(const char *data, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	if (len > 0 && data[len - 1] != '\0')
		n++;
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < len && k < n;) {
		size_t l = strnlen(data + i, len - i);
		v[k] = xstrndup(data + i, l);
		if (!v[k]) {
			strv_free(v);
			return NULL;
		}
		k++;
		i += l + 1;
	}
	return v;
}

int proc_status_field(const char *text, const char *key, int n, uint32_t *ret)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *p = line + klen + 1;
			for (int i = 0;; i++) {
				while (*p == ' ' || *p == '\t')
					p++;
				if (!*p || *p == '\n')
					return -EBADMSG;
				const char *e = p;
				while (*e && !isspace((unsigned char)*e))
					e++;
				if (i == n) {
					char num[24];
					uint64_t v;
					if ((size_t)(e - p) >= sizeof(num))
						return -EBADMSG;
					memcpy(num, p, (size_t)(e - p));
					num[e - p] = '\0';
					if (parse_uint64(num, &v) < 0 || v > UINT32_MAX)
						return -EBADMSG;
					*ret = (uint32_t)v;
					return 0;
				}
				p = e;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

int proc_status_euid(const char *status, uint32_t *ret)
{
	return proc_status_field(status, "Uid", 1, ret);
}

const char *proc_exe_name(const struct proc *p)
{
	if (!p->exe)
		return NULL;
	const char *s = strrchr(p->exe, '/');
	return s ? s + 1 : p->exe;
}

static void proc_release(struct proc *p)
{
	free(p->exe);
	free(p->cmdline);
	strv_free(p->argv);
	free(p->comm);
	free(p->cgroup);
	free(p->root);
	free(p->cwd);
}

static void procs_release(void *fact)
{
	struct procs *t = fact;
	for (size_t i = 0; i < t->n; i++)
		proc_release(&t->v[i]);
	free(t->v);
	free(t->error_msg);
	free(t->unreadable_msg);
}

static char *proc_path(long pid, const char *what)
{
	return xasprintf("/proc/%ld/%s", pid, what);
}

/* A read error that means the process exited while the table was read, not an unreadable entry. */
static bool proc_gone(int r)
{
	return r == -ENOENT || r == -ESRCH;
}

/* One process; what cannot be read stays NULL (or -1), and p->unreadable says why its cmdline
 * or status could not be read. -ENOMEM only. */
static int proc_read(const struct hostfs *h, long pid, struct proc *p)
{
	*p = (struct proc){.pid = pid, .uid = -1, .euid = -1, .ppid = -1};
	_cleanup_free_ char *exe = proc_path(pid, "exe"), *cmdline = proc_path(pid, "cmdline"),
			    *status = proc_path(pid, "status"), *cgroup = proc_path(pid, "cgroup"),
			    *root = proc_path(pid, "root"), *cwd = proc_path(pid, "cwd");
	if (!exe || !cmdline || !status || !cgroup || !root || !cwd)
		return -ENOMEM;
	if (hostfs_readlink(h, exe, &p->exe) == 0 && str_endswith(p->exe, " (deleted)"))
		p->exe[strlen(p->exe) - strlen(" (deleted)")] = '\0';
	int r = hostfs_read_file(h, cmdline, PROC_VEC_MAX, &p->cmdline, &p->cmdline_len);
	if (r == 0) {
		p->argv = proc_split_nul(p->cmdline, p->cmdline_len);
		if (!p->argv)
			return -ENOMEM;
	} else if (r == -ENOMEM) {
		return r;
	} else if (!proc_gone(r)) {
		p->unreadable = r;
	}
	/* every process's: the Kubernetes components are found by it (k8s.c) */
	_cleanup_free_ char *comm = proc_path(pid, "comm");
	if (!comm)
		return -ENOMEM;
	if (hostfs_read_file(h, comm, 4096, &p->comm, NULL) == 0)
		p->comm[strcspn(p->comm, "\n")] = '\0';
	_cleanup_free_ char *st = NULL;
	r = hostfs_read_file(h, status, PROC_SMALL_MAX, &st, NULL);
	if (r == 0) {
		uint32_t u;
		if (proc_status_field(st, "Uid", 0, &u) == 0)
			p->uid = u;
		if (proc_status_euid(st, &u) == 0)
			p->euid = u;
		if (proc_status_field(st, "PPid", 0, &u) == 0)
			p->ppid = u;
	} else if (r == -ENOMEM) {
		return r;
	} else if (!proc_gone(r) && !p->unreadable) {
		p->unreadable = r;
	}
	(void)hostfs_read_file(h, cgroup, PROC_SMALL_MAX, &p->cgroup, NULL);
	(void)hostfs_readlink(h, root, &p->root);
	(void)hostfs_readlink(h, cwd, &p->cwd);
	return 0;
}

/* "2 of 131 /proc entries could not be read (PID 12: Permission denied; PID 40: ...)" */
static int procs_describe_unreadable(struct procs *t)
{
	if (t->n_unreadable == 0)
		return 0;
	_cleanup_free_ char *list = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < t->n && shown < 3; i++) {
		if (!t->v[i].unreadable)
			continue;
		char *l = xasprintf("%s%sPID %ld: %s", list ? list : "", list ? "; " : "",
				    t->v[i].pid, strerror(-t->v[i].unreadable));
		if (!l)
			return -ENOMEM;
		free(list);
		list = l;
		shown++;
	}
	t->unreadable_msg =
	    xasprintf("%zu of %zu /proc entries could not be read (%s%s)", t->n_unreadable, t->n,
		      list ? list : "", t->n_unreadable > shown ? "; ..." : "");
	return t->unreadable_msg ? 0 : -ENOMEM;
}

static int procs_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct procs *t = fact;
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_strv_free_ char **pids = NULL;
	int r = h ? hostfs_list_dir(h, "/proc", &pids) : -ENOENT;
	if (r < 0) {
		t->error = r;
		t->error_msg = xasprintf("cannot list /proc under the root: %s", strerror(-r));
		return r == -ENOMEM ? r : 0;
	}
	size_t n = strv_length(pids);
	t->v = calloc(n ? n : 1, sizeof(*t->v));
	if (!t->v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int64_t pid;
		if (parse_int64(pids[i], &pid) < 0 || pid <= 0)
			continue;
		r = proc_read(h, (long)pid, &t->v[t->n]);
		if (r < 0) {
			proc_release(&t->v[t->n]);
			return r;
		}
		if (t->v[t->n].unreadable)
			t->n_unreadable++;
		t->n++;
	}
	return procs_describe_unreadable(t);
}

static const struct ctx_fact_type procs_type = {
    .name = "procs",
    .size = sizeof(struct procs),
    .load = procs_load,
    .release = procs_release,
};

int ctx_procs(struct audit_ctx *c, const struct procs **ret)
{
	void *f;
	int r = ctx_fact(c, &procs_type, NULL, &f);
	if (r < 0)
		return r;
	*ret = f;
	return 0;
}

const struct proc *procs_find(const struct procs *t, long pid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].pid == pid)
			return &t->v[i];
	return NULL;
}

int procs_environ(struct audit_ctx *c, long pid, char ***ret)
{
	_cleanup_free_ char *path = proc_path(pid, "environ");
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	if (!path)
		return -ENOMEM;
	int r = hostfs_read_file(ctx_hostfs(c), path, PROC_VEC_MAX, &data, &len);
	if (r < 0)
		return r;
	char **v = proc_split_nul(data, len);
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

int procs_socket_owners(struct audit_ctx *c, unsigned long inode, long **ret_pids, size_t *ret_n,
			size_t *ret_unreadable)
{
	const struct procs *t;
	int r = ctx_procs(c, &t);
	if (r < 0)
		return r;
	long *pids = calloc(t->n ? t->n : 1, sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	size_t n = 0, unreadable = 0;
	for (size_t i = 0; i < t->n; i++) {
		_cleanup_free_ unsigned long *inodes = NULL;
		size_t k = 0;
		r = procs_socket_inodes(c, t->v[i].pid, &inodes, &k);
		if (r == -ENOMEM) {
			free(pids);
			return r;
		}
		if (r < 0 && !proc_gone(r))
			unreadable++;
		if (r == 0 && procs_has_socket(inodes, k, inode))
			pids[n++] = t->v[i].pid;
	}
	*ret_pids = pids;
	*ret_n = n;
	*ret_unreadable = unreadable;
	return 0;
}

static int ulong_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return x < y ? -1 : x > y;
}

int procs_socket_inodes(struct audit_ctx *c, long pid, unsigned long **ret, size_t *ret_n)
{
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_free_ char *dir = proc_path(pid, "fd");
	_cleanup_strv_free_ char **fds = NULL;
	if (!dir)
		return -ENOMEM;
	int r = hostfs_list_dir(h, dir, &fds);
	if (r < 0)
		return r;
	size_t n = 0;
	unsigned long *v = calloc(strv_length(fds) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (char **fd = fds; *fd; fd++) {
		_cleanup_free_ char *link = xasprintf("%s/%s", dir, *fd), *target = NULL;
		if (!link) {
			free(v);
			return -ENOMEM;
		}
		r = hostfs_readlink(h, link, &target);
		if (r == -ENOMEM) {
			free(v);
			return r;
		}
		unsigned long ino;
		int end = 0;
		if (r == 0 && sscanf(target, "socket:[%lu]%n", &ino, &end) == 1 && end > 0 &&
		    !target[end])
			v[n++] = ino;
	}
	qsort(v, n, sizeof(*v), ulong_cmp);
	*ret = v;
	*ret_n = n;
	return 0;
}

bool procs_has_socket(const unsigned long *inodes, size_t n, unsigned long ino)
{
	return n && bsearch(&ino, inodes, n, sizeof(*inodes), ulong_cmp);
}

bool procs_descends(const struct procs *t, long pid, long ancestor)
{
	/* bounded: a table read while processes came and went may hold a cycle of reused pids */
	for (size_t hops = 0; pid > 0 && hops <= t->n; hops++) {
		if (pid == ancestor)
			return true;
		const struct proc *p = procs_find(t, pid);
		if (!p)
			return false;
		pid = p->ppid;
	}
	return false;
}

bool procs_live(const struct hostfs *h)
{
	if (!h)
		return false;
	const char *root = hostfs_root(h);
	_cleanup_free_ char *p = xasprintf("%s/proc", strcmp(root, "/") == 0 ? "" : root);
	struct statfs sf;
	return p && statfs(p, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}
