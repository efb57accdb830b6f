/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts for section 1: mount table, users and groups, containerd's config, engine versions,
 * and the daemon settings they need (through daemonconf). */
#include "common.h"
#include <limits.h>
#include "context.h"
#include "facts/daemonconf.h"
#include "facts/host.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define MOUNTINFO_MAX (16u * 1024 * 1024) /* thousands of container mounts fit */
#define ACCOUNTS_MAX (16u * 1024 * 1024)
#define MOUNT_LINES_MAX 200000u

/* ---- mount table ---- */

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

struct mounts_slot {
	int error;
	char *msg;
	struct host_mounts mounts;
};

static void mounts_slot_free(void *p)
{
	struct mounts_slot *s = p;
	if (!s)
		return;
	host_mounts_release(&s->mounts);
	free(s->msg);
	free(s);
}

/* Our root as a path of our own namespace, to recognise it among the mount points. */
static char *root_in_our_namespace(const char *root)
{
	char *real = realpath(root, NULL);
	if (real)
		return real;
	return root[0] == '/' ? path_normalize(root) : NULL;
}

static void mounts_load(struct audit_ctx *c, struct mounts_slot *s)
{
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_free_ char *text = NULL;
	size_t len, bad = 0;
	int r = hostfs_read_file(h, "/proc/self/mountinfo", MOUNTINFO_MAX, &text, &len);
	if (r < 0) {
		s->error = r;
		s->msg = xasprintf("cannot read '/proc/self/mountinfo' under %s: %s",
				   hostfs_root(h), strerror(-r));
		return;
	}
	r = mountinfo_parse(text, &s->mounts, &bad);
	if (r < 0) {
		s->error = r;
		s->msg = r == -EBADMSG
			     ? xasprintf("malformed line %zu in /proc/self/mountinfo", bad)
			     : xasprintf("cannot parse /proc/self/mountinfo: %s", strerror(-r));
		return;
	}
	const char *root = hostfs_root(h);
	if (strcmp(root, "/") == 0)
		return;
	_cleanup_free_ char *ours = root_in_our_namespace(root);
	if (!ours || strcmp(ours, "/") == 0)
		return;
	for (size_t i = 0; i < s->mounts.n; i++)
		if (path_is_under(s->mounts.items[i].mount_point, ours)) {
			s->mounts.prefix = TAKE_PTR(ours);
			break;
		}
}

int ctx_host_mounts(struct audit_ctx *c, const struct host_mounts **ret, const char **ret_error)
{
	struct mounts_slot *s = ctx_slot_get(c, "host.mounts");
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s || ctx_slot_put(c, "host.mounts", s, mounts_slot_free) < 0)
			return -ENOMEM;
		mounts_load(c, s);
	}
	if (s->error < 0) {
		if (ret_error)
			*ret_error = s->msg ? s->msg : strerror(-s->error);
		return s->error;
	}
	*ret = &s->mounts;
	return 0;
}

/* ---- users and groups ---- */

void host_accounts_release(struct host_accounts *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_users; i++)
		free(a->users[i].name);
	for (size_t i = 0; i < a->n_groups; i++) {
		free(a->groups[i].name);
		strv_free(a->groups[i].members);
	}
	free(a->users);
	free(a->groups);
	*a = (struct host_accounts){0};
}

static int parse_id(const char *s, uint32_t *ret)
{
	uint64_t v;
	if (!*s || parse_uint64(s, &v) < 0 || v > UINT32_MAX)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

/* Split one colon-separated line into at most n fields (the last keeps the rest); the number
 * of fields found. Fields point into line, which is modified. */
static size_t split_colon(char *line, char **fields, size_t n)
{
	size_t k = 0;
	fields[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == ':') {
			*p = '\0';
			fields[k++] = p + 1;
		}
	return k;
}

typedef int (*account_line_fn)(char *line, struct host_accounts *a);

static int for_each_line(const char *text, struct host_accounts *a, account_line_fn fn)
{
	_cleanup_free_ char *copy = xstrdup(text);
	if (!copy)
		return -ENOMEM;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, "\r")] = '\0';
		if (!*line || line[0] == '#' || line[0] == '+' || line[0] == '-')
			continue;
		int r = fn(line, a);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Room for one more of n elements: capacity doubles (8, 16, 32 ...), never one at a time. */
static int grow(void **v, size_t n, size_t size)
{
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return 0;
	size_t cap = n ? n * 2 : 8;
	if (cap > SIZE_MAX / size)
		return -ENOMEM;
	void *nv = realloc(*v, cap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	return 0;
}

static int passwd_line(char *line, struct host_accounts *a)
{
	char *f[7];
	struct host_user u = {0};
	if (split_colon(line, f, 7) < 4 || !*f[0] || parse_id(f[2], &u.uid) < 0 ||
	    parse_id(f[3], &u.gid) < 0)
		return 0;
	if (grow((void **)&a->users, a->n_users, sizeof(*a->users)) < 0)
		return -ENOMEM;
	u.name = xstrdup(f[0]);
	if (!u.name)
		return -ENOMEM;
	a->users[a->n_users++] = u;
	return 0;
}

static int group_line(char *line, struct host_accounts *a)
{
	char *f[4];
	struct host_group g = {0};
	size_t k = split_colon(line, f, 4);
	if (k < 3 || !*f[0] || parse_id(f[2], &g.gid) < 0)
		return 0;
	if (grow((void **)&a->groups, a->n_groups, sizeof(*a->groups)) < 0)
		return -ENOMEM;
	g.name = xstrdup(f[0]);
	if (!g.name || str_split(k == 4 ? f[3] : "", ',', &g.members) < 0) {
		free(g.name);
		return -ENOMEM;
	}
	/* "alice, bob" happens in hand-edited files; the name is what is between the commas */
	for (char **m = g.members; *m; m++) {
		char *s = *m;
		while (*s == ' ' || *s == '\t')
			s++;
		memmove(*m, s, strlen(s) + 1);
		size_t l = strlen(*m);
		while (l > 0 && ((*m)[l - 1] == ' ' || (*m)[l - 1] == '\t'))
			(*m)[--l] = '\0';
	}
	a->groups[a->n_groups++] = g;
	return 0;
}

int accounts_parse_passwd(const char *text, struct host_accounts *a)
{
	return for_each_line(text, a, passwd_line);
}

int accounts_parse_group(const char *text, struct host_accounts *a)
{
	return for_each_line(text, a, group_line);
}

const struct host_group *host_group_find(const struct host_accounts *a, const char *name_or_gid)
{
	uint32_t gid;
	for (size_t i = 0; i < a->n_groups; i++)
		if (strcmp(a->groups[i].name, name_or_gid) == 0)
			return &a->groups[i];
	if (parse_id(name_or_gid, &gid) == 0)
		for (size_t i = 0; i < a->n_groups; i++)
			if (a->groups[i].gid == gid)
				return &a->groups[i];
	return NULL;
}

const struct host_user *host_user_find(const struct host_accounts *a, const char *name)
{
	for (size_t i = 0; i < a->n_users; i++)
		if (strcmp(a->users[i].name, name) == 0)
			return &a->users[i];
	return NULL;
}

static int member_cmp(const void *x, const void *y)
{
	return strcmp(((const struct group_member *)x)->name,
		      ((const struct group_member *)y)->name);
}

/*
 * Sorted, then equal names merged: O(n log n). A linear search per member made 80,000 members
 * take seconds, and the 16 MiB cap on /etc/group allows millions.
 */
int host_group_members(const struct host_accounts *a, const struct host_group *g,
		       struct group_member **ret, size_t *ret_n)
{
	size_t max = strv_length(g->members) + a->n_users, n = 0;
	struct group_member *v = calloc(max ? max : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (char **m = g->members; *m; m++)
		if (**m)
			v[n++] = (struct group_member){.name = *m, .supplementary = true};
	for (size_t i = 0; i < a->n_users; i++)
		if (a->users[i].gid == g->gid)
			v[n++] = (struct group_member){.name = a->users[i].name, .primary = true};
	qsort(v, n, sizeof(*v), member_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(v[k - 1].name, v[i].name) == 0) {
			v[k - 1].primary |= v[i].primary;
			v[k - 1].supplementary |= v[i].supplementary;
		} else {
			v[k++] = v[i];
		}
	}
	*ret = v;
	*ret_n = k;
	return 0;
}

struct accounts_slot {
	int error;
	char *msg;
	struct host_accounts accounts;
};

static void accounts_slot_free(void *p)
{
	struct accounts_slot *s = p;
	if (!s)
		return;
	host_accounts_release(&s->accounts);
	free(s->msg);
	free(s);
}

static void accounts_load(struct audit_ctx *c, struct accounts_slot *s)
{
	static const struct {
		const char *path;
		int (*parse)(const char *, struct host_accounts *);
	} files[] = {{"/etc/group", accounts_parse_group}, {"/etc/passwd", accounts_parse_passwd}};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *text = NULL;
		size_t len;
		int r = hostfs_read_file(ctx_hostfs(c), files[i].path, ACCOUNTS_MAX, &text, &len);
		if (r == 0)
			r = files[i].parse(text, &s->accounts);
		if (r < 0) {
			s->error = r;
			s->msg = xasprintf("cannot read '%s': %s", files[i].path, strerror(-r));
			host_accounts_release(&s->accounts);
			return;
		}
	}
}

int ctx_host_accounts(struct audit_ctx *c, const struct host_accounts **ret, const char **ret_error)
{
	struct accounts_slot *s = ctx_slot_get(c, "host.accounts");
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s || ctx_slot_put(c, "host.accounts", s, accounts_slot_free) < 0)
			return -ENOMEM;
		accounts_load(c, s);
	}
	if (s->error < 0) {
		if (ret_error)
			*ret_error = s->msg ? s->msg : strerror(-s->error);
		return s->error;
	}
	*ret = &s->accounts;
	return 0;
}

/* ---- containerd's config.toml ---- */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t l = strlen(s);
	while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
		s[--l] = '\0';
	return s;
}

/* A TOML basic or literal string value (no escapes beyond \\ and \" needed for paths). */
static char *toml_string(const char *v)
{
	char q = v[0];
	if (q != '"' && q != '\'')
		return NULL;
	const char *end = strchr(v + 1, q);
	if (!end)
		return NULL;
	return xstrndup(v + 1, (size_t)(end - v - 1));
}

/*
 * A key scan, not a TOML parser: the [grpc] table's address (or a top-level grpc.address). What
 * containerd itself would reject cannot make us pick another socket than it listens on, and a
 * value we cannot read is -ENOENT (the next source decides).
 */
int containerd_config_grpc_address(const char *toml, char **ret)
{
	_cleanup_free_ char *copy = xstrdup(toml);
	if (!copy)
		return -ENOMEM;
	char table[128] = "";
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line);
		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			if (!end)
				continue;
			*end = '\0';
			char *name = trim(l + 1 + (l[1] == '['));
			snprintf(table, sizeof(table), "%s", name);
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *key = trim(l), *val = trim(eq + 1);
		bool hit = (strcmp(table, "grpc") == 0 && strcmp(key, "address") == 0) ||
			   (!*table && strcmp(key, "grpc.address") == 0);
		if (!hit)
			continue;
		_cleanup_free_ char *s = toml_string(val);
		if (!s || !*s)
			return -ENOENT;
		const char *p = str_startswith(s, "unix://") ? s + strlen("unix://") : s;
		char *out = xstrdup(p);
		if (!out)
			return -ENOMEM;
		*ret = out;
		return 0;
	}
	return -ENOENT;
}

/* ---- daemon settings (through daemonconf) ---- */

static const struct daemonconf *host_daemonconf(struct audit_ctx *c)
{
	const struct daemonconf *dc = NULL;
	if (ctx_daemonconf(c, &dc, NULL) < 0)
		return NULL;
	return dc;
}

long host_daemonconf_pid(struct audit_ctx *c)
{
	const struct daemonconf *dc = host_daemonconf(c);
	return dc ? daemonconf_pid(dc) : 0;
}

int host_daemon_setting(struct audit_ctx *c, const char *key, const char **ret,
			const char **ret_source)
{
	const struct daemonconf *dc = host_daemonconf(c);
	struct daemonconf_value v;
	const char *s;
	if (!dc)
		return -ENOENT;
	/* -EIO (a source that could set it was unreadable) leaves it unknown: the caller's
	 * fallback decides and says so */
	if (daemonconf_get_string(dc, key, &s, &v) < 0 || v.source == DAEMONCONF_DEFAULT || !*s)
		return -ENOENT;
	*ret = s;
	*ret_source = daemonconf_source_name(v.source);
	return 0;
}

int host_daemon_runtime_path(struct audit_ctx *c, const char *name, const char **ret)
{
	const struct daemonconf *dc = host_daemonconf(c);
	struct daemonconf_value v;
	if (!dc || daemonconf_get(dc, "runtimes", &v) < 0 || !cJSON_IsObject(v.value))
		return -ENOENT;
	const char *p = json_get_string(cJSON_GetObjectItemCaseSensitive(v.value, name), "path");
	if (!p || !*p)
		return -ENOENT;
	*ret = p;
	return 0;
}

/* ---- engine versions ---- */

static int leading_uint(const char **s, unsigned *ret)
{
	const char *p = *s;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT_MAX)
			return -ERANGE;
		p++;
	}
	*ret = (unsigned)v;
	*s = p;
	return 0;
}

int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch)
{
	unsigned major, minor, patch = 0;
	if (!s)
		return -EINVAL;
	if (*s == 'v')
		s++;
	if (leading_uint(&s, &major) < 0 || *s++ != '.' || leading_uint(&s, &minor) < 0)
		return -EINVAL;
	if (*s == '.') {
		s++;
		if (leading_uint(&s, &patch) < 0)
			return -EINVAL;
	}
	*ret_major = major;
	*ret_minor = minor;
	*ret_patch = patch;
	return 0;
}
