/* SPDX-License-Identifier: Apache-2.0 */
/* The mount table of the audited host. */
#include "common.h"
#include <limits.h>
#include "context.h"
#include "facts/mounts.h"
#include "hostfs.h"
#include "strutil.h"

#define MOUNTINFO_MAX (16u * 1024 * 1024) /* thousands of container mounts fit */
#define MOUNT_LINES_MAX 200000u

/* Undo the kernel's octal escapes of space, tab, newline and backslash (and any other \ooo). */
static char *unescape_octal(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					  (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

static void host_mount_release(struct host_mount *m)
{
	free(m->root);
	free(m->mount_point);
	free(m->fstype);
	free(m->source);
}

void host_mounts_release(struct host_mounts *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		host_mount_release(&m->items[i]);
	free(m->items);
	free(m->prefix);
	*m = (struct host_mounts){0};
}

static int parse_uint(const char *s, size_t n, unsigned *ret)
{
	char buf[24];
	uint64_t v;
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_uint64(buf, &v) < 0 || v > UINT_MAX)
		return -EINVAL;
	*ret = (unsigned)v;
	return 0;
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPER"
 */
static int mountinfo_line(const char *line, size_t len, struct host_mount *ret)
{
	const char *tok[64];
	size_t tlen[64], n = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && line[i] == ' ')
			i++;
		if (i >= len)
			break;
		size_t s = i;
		while (i < len && line[i] != ' ')
			i++;
		if (n == ARRAY_SIZE(tok))
			return -EBADMSG;
		tok[n] = line + s;
		tlen[n++] = i - s;
	}
	/* the separator comes after the six fixed fields and any optional ones */
	size_t sep = 0;
	for (size_t i = 6; i < n && !sep; i++)
		if (tlen[i] == 1 && tok[i][0] == '-')
			sep = i;
	if (n < 6 || !sep || sep + 1 >= n)
		return -EBADMSG;
	struct host_mount m = {0};
	unsigned id, parent;
	const char *colon = memchr(tok[2], ':', tlen[2]);
	if (parse_uint(tok[0], tlen[0], &id) < 0 || parse_uint(tok[1], tlen[1], &parent) < 0 ||
	    !colon || parse_uint(tok[2], (size_t)(colon - tok[2]), &m.major) < 0 ||
	    parse_uint(colon + 1, tlen[2] - (size_t)(colon - tok[2]) - 1, &m.minor) < 0 ||
	    tok[4][0] != '/')
		return -EBADMSG;
	m.id = (int)id;
	m.parent = (int)parent;
	m.root = unescape_octal(tok[3], tlen[3]);
	m.mount_point = unescape_octal(tok[4], tlen[4]);
	m.fstype = unescape_octal(tok[sep + 1], tlen[sep + 1]);
	m.source = sep + 2 < n ? unescape_octal(tok[sep + 2], tlen[sep + 2]) : xstrdup("");
	if (!m.root || !m.mount_point || !m.fstype || !m.source) {
		host_mount_release(&m);
		return -ENOMEM;
	}
	*ret = m;
	return 0;
}

int mountinfo_parse(const char *text, struct host_mounts *ret, size_t *ret_bad_line)
{
	struct host_mounts m = {0};
	size_t cap = 0, lineno = 0;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		lineno++;
		bool blank = true;
		for (size_t i = 0; i < len && blank; i++)
			blank = p[i] == ' ' || p[i] == '\t' || p[i] == '\r';
		if (!blank) {
			if (m.n == MOUNT_LINES_MAX) {
				host_mounts_release(&m);
				return -E2BIG;
			}
			if (m.n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				struct host_mount *ni = realloc(m.items, ncap * sizeof(*ni));
				if (!ni) {
					host_mounts_release(&m);
					return -ENOMEM;
				}
				m.items = ni;
				cap = ncap;
			}
			int r = mountinfo_line(p, len, &m.items[m.n]);
			if (r < 0) {
				host_mounts_release(&m);
				if (r == -EBADMSG && ret_bad_line)
					*ret_bad_line = lineno;
				return r;
			}
			m.n++;
		}
		p += len + (e ? 1 : 0);
	}
	*ret = m;
	return 0;
}

static bool mount_has_id(const struct host_mounts *m, int id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i].id == id)
			return true;
	return false;
}

/* The mount stacked last on top of cur at the same point (a mount over a mount point has the
 * mount it covers as its parent). */
static const struct host_mount *mount_top(const struct host_mounts *m, const struct host_mount *cur)
{
	/* bounded: a crafted table may make the parent links a cycle */
	for (size_t steps = 0, moved = 1; moved && steps < m->n; steps++) {
		moved = 0;
		for (size_t i = 0; i < m->n; i++)
			if (m->items[i].parent == cur->id && &m->items[i] != cur &&
			    strcmp(m->items[i].mount_point, cur->mount_point) == 0) {
				cur = &m->items[i];
				moved = 1;
				break;
			}
	}
	return cur;
}

/* The child of cur mounted at point, the last one when several are (then its stack's top). */
static const struct host_mount *mount_child(const struct host_mounts *m,
					    const struct host_mount *cur, const char *point)
{
	const struct host_mount *found = NULL;
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i].parent == cur->id && strcmp(m->items[i].mount_point, point) == 0)
			found = &m->items[i];
	return found ? mount_top(m, found) : NULL;
}

/*
 * Walk the path from the root mount the way the kernel does: at each prefix, cross into a mount
 * whose parent is the current one. A mount hidden by a later mount over one of its ancestors is
 * therefore never chosen, unlike a longest-prefix match.
 */
const struct host_mount *host_mounts_find(const struct host_mounts *m, const char *path)
{
	_cleanup_free_ char *p = path_normalize(path);
	if (!p)
		return NULL;
	const struct host_mount *cur = NULL;
	for (size_t i = 0; i < m->n && !cur; i++)
		if (strcmp(m->items[i].mount_point, "/") == 0 &&
		    !mount_has_id(m, m->items[i].parent))
			cur = &m->items[i];
	for (size_t i = 0; i < m->n && !cur; i++)
		if (strcmp(m->items[i].mount_point, "/") == 0)
			cur = &m->items[i];
	if (!cur)
		return NULL;
	cur = mount_top(m, cur);
	for (char *s = p + 1; *s;) {
		char *slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		const struct host_mount *child = mount_child(m, cur, p);
		if (child)
			cur = child;
		if (!slash)
			break;
		*slash = '/';
		s = slash + 1;
	}
	return cur;
}

char *host_mounts_table_path(const struct host_mounts *m, const char *host_path)
{
	if (!m->prefix)
		return path_normalize(host_path);
	_cleanup_free_ char *joined = xasprintf("%s/%s", m->prefix, host_path);
	return joined ? path_normalize(joined) : NULL;
}

char *host_mounts_host_path(const struct host_mounts *m, const char *table_path)
{
	if (!m->prefix || !path_is_under(table_path, m->prefix))
		return xstrdup(table_path);
	const char *rest = table_path + strlen(m->prefix);
	return xstrdup(*rest ? rest : "/");
}

struct mounts_fact {
	struct fact_error e;
	struct host_mounts mounts;
};

static void mounts_fact_release(void *p)
{
	struct mounts_fact *s = p;
	host_mounts_release(&s->mounts);
}

/* Our root as a path of our own namespace, to recognise it among the mount points. */
static char *root_in_our_namespace(const char *root)
{
	char *real = realpath(root, NULL);
	if (real)
		return real;
	return root[0] == '/' ? path_normalize(root) : NULL;
}

static int mounts_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct mounts_fact *s = fact;
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_free_ char *text = NULL;
	size_t len, bad = 0;
	int r = hostfs_read_file(h, "/proc/self/mountinfo", MOUNTINFO_MAX, &text, &len);
	if (r < 0) {
		return fact_fail(&s->e, r,
				 xasprintf("cannot read '/proc/self/mountinfo' under %s: %s",
					   hostfs_root(h), strerror(-r)));
	}
	r = mountinfo_parse(text, &s->mounts, &bad);
	if (r < 0) {
		return fact_fail(
		    &s->e, r,
		    r == -EBADMSG
			? xasprintf("malformed line %zu in /proc/self/mountinfo", bad)
			: xasprintf("cannot parse /proc/self/mountinfo: %s", strerror(-r)));
	}
	const char *root = hostfs_root(h);
	if (strcmp(root, "/") == 0)
		return 0;
	_cleanup_free_ char *ours = root_in_our_namespace(root);
	if (!ours || strcmp(ours, "/") == 0)
		return 0;
	for (size_t i = 0; i < s->mounts.n; i++)
		if (path_is_under(s->mounts.items[i].mount_point, ours)) {
			s->mounts.prefix = TAKE_PTR(ours);
			break;
		}
	return 0;
}

CTX_FACT_TYPE(mounts_type, "mounts", struct mounts_fact, mounts_load, mounts_fact_release);

int ctx_host_mounts(struct audit_ctx *c, const struct host_mounts **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &mounts_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct mounts_fact *s = p;
	*ret = &s->mounts;
	return 0;
}
