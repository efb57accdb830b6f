/* SPDX-License-Identifier: Apache-2.0 */
/* systemd units: the search path, unit lookup, drop-ins, socket units. */
#include "common.h"
#include <sys/stat.h>
#include "buf.h"
#include "context.h"
#include "facts/units.h"
#include "hostfs.h"
#include "strutil.h"

#define UNIT_TEXT_MAX (1024 * 1024)

static const char *const unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system",
					"/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
					"/lib/systemd/system"};

const char *const *units_search_path(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(unit_dirs);
	return unit_dirs;
}

static bool is_regular(struct audit_ctx *c, const char *path)
{
	struct stat st;
	return hostfs_stat(ctx_hostfs(c), path, &st) == 0 && S_ISREG(st.st_mode);
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

/* ---- lookup ---- */

static void unit_file_release(void *fact)
{
	struct unit_file *u = fact;
	free(u->path);
	free(u->entry);
	free(u->note);
}

static int unit_file_load(struct audit_ctx *c, void *fact, const char *name)
{
	struct unit_file *u = fact;
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], name);
		struct stat st;
		if (!p)
			return -ENOMEM;
		if (hostfs_lstat(ctx_hostfs(c), p, &st) < 0)
			continue;
		if (is_masked(c, p)) {
			u->error = -ENOENT;
			u->note = xasprintf("%s is masked (%s links to /dev/null)", name, p);
			return u->note ? 0 : -ENOMEM;
		}
		if (!is_regular(c, p))
			continue;
		int r = hostfs_resolve(ctx_hostfs(c), p, &u->path);
		if (r < 0) {
			u->error = r;
			u->note = xasprintf("cannot resolve '%s': %s", p, strerror(-r));
			return u->note ? 0 : -ENOMEM;
		}
		u->entry = TAKE_PTR(p);
		return 0;
	}
	u->error = -ENOENT;
	u->note = xasprintf("no %s in the systemd unit directories", name);
	return u->note ? 0 : -ENOMEM;
}

static const struct ctx_fact_type unit_file_type = {
    .name = "units.file",
    .size = sizeof(struct unit_file),
    .load = unit_file_load,
    .release = unit_file_release,
};

const struct unit_file *units_find(struct audit_ctx *c, const char *name)
{
	void *f;
	return ctx_fact(c, &unit_file_type, name, &f) < 0 ? NULL : f;
}

char *units_link(struct audit_ctx *c, const char *unit, const char *path)
{
	const struct hostfs *h = ctx_hostfs(c);
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], unit);
		_cleanup_free_ char *resolved = NULL;
		struct stat st;
		if (!p || hostfs_stat(h, p, &st) < 0)
			continue;
		if (hostfs_lstat(h, p, &st) < 0 || !S_ISLNK(st.st_mode))
			return NULL;
		if (hostfs_resolve(h, p, &resolved) == 0 && strcmp(resolved, path) == 0)
			return TAKE_PTR(p);
		return NULL;
	}
	return NULL;
}

/* ---- drop-ins ---- */

struct dropins {
	char **paths;
};

static void dropins_release(void *fact)
{
	strv_free(((struct dropins *)fact)->paths);
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

static int dropins_load(struct audit_ctx *c, void *fact, const char *unit)
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
	((struct dropins *)fact)->paths = TAKE_PTR(paths);
	return 0;
}

static const struct ctx_fact_type dropins_type = {
    .name = "units.dropins",
    .size = sizeof(struct dropins),
    .load = dropins_load,
    .release = dropins_release,
};

int units_dropins(struct audit_ctx *c, const char *unit, char *const **ret)
{
	void *f;
	int r = ctx_fact(c, &dropins_type, unit, &f);
	if (r < 0)
		return r;
	*ret = ((struct dropins *)f)->paths;
	return 0;
}

/* ---- socket units ---- */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* The unit specifiers a socket path can carry: %t (the runtime directory), %%. */
static char *unit_expand(const char *v)
{
	struct buf b;
	buf_init(&b, 4096);
	int r = 0;
	for (const char *p = v; *p && r == 0; p++) {
		if (p[0] == '%' && p[1] == 't') {
			r = buf_puts(&b, "/run");
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			r = buf_puts(&b, "%");
			p++;
		} else {
			r = buf_append(&b, p, 1);
		}
	}
	if (r < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static int strv_append(char ***v, char *s)
{
	size_t n = strv_length(*v);
	return strv_push(v, &n, s);
}

int socket_unit_parse(const char *text, struct socket_unit *u)
{
	_cleanup_free_ char *copy = xstrdup(text ? text : "");
	if (!copy)
		return -ENOMEM;
	bool in_socket = false;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			in_socket = strcmp(s, "[Socket]") == 0;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!in_socket || !eq)
			continue;
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		if (strcmp(key, "ListenStream") == 0) {
			if (!*val) { /* an empty assignment resets the list */
				strv_free(u->listen);
				u->listen = NULL;
				strv_free(u->streams);
				u->streams = NULL;
				continue;
			}
			char *x = unit_expand(val);
			if (!x || strv_append(&u->streams, x) < 0)
				return -ENOMEM;
			if (x[0] != '/')
				continue; /* a port, an address or an abstract socket: not a file */
			char *n = path_normalize(x);
			if (!n || strv_append(&u->listen, n) < 0)
				return -ENOMEM;
		} else if (strcmp(key, "SocketGroup") == 0 || strcmp(key, "SocketUser") == 0) {
			char **dst = key[6] == 'G' ? &u->group : &u->user;
			free(*dst);
			*dst = *val ? xstrdup(val) : NULL;
			if (*val && !*dst)
				return -ENOMEM;
		}
	}
	return 0;
}

void socket_unit_release(struct socket_unit *u)
{
	strv_free(u->streams);
	strv_free(u->listen);
	free(u->group);
	free(u->user);
	*u = (struct socket_unit){0};
}

struct socket_fact {
	int error;
	struct socket_unit unit;
	const char *path; /* borrowed from the unit_file fact */
};

static void socket_fact_release(void *fact)
{
	socket_unit_release(&((struct socket_fact *)fact)->unit);
}

static int socket_fact_load(struct audit_ctx *c, void *fact, const char *name)
{
	struct socket_fact *f = fact;
	const struct unit_file *loc = units_find(c, name);
	if (!loc)
		return -ENOMEM;
	if (loc->error < 0) {
		f->error = loc->error;
		return 0;
	}
	_cleanup_free_ char *text = NULL;
	int r = hostfs_read_file(ctx_hostfs(c), loc->path, UNIT_TEXT_MAX, &text, NULL);
	if (r < 0) {
		f->error = r;
		return r == -ENOMEM ? r : 0;
	}
	r = socket_unit_parse(text, &f->unit);
	char *const *dropins = NULL;
	if (r == 0)
		r = units_dropins(c, name, &dropins);
	for (char *const *p = dropins; r == 0 && p && *p; p++) {
		_cleanup_free_ char *t = NULL;
		if (hostfs_read_file(ctx_hostfs(c), *p, UNIT_TEXT_MAX, &t, NULL) == 0)
			r = socket_unit_parse(t, &f->unit);
	}
	f->path = loc->path;
	return r;
}

static const struct ctx_fact_type socket_fact_type = {
    .name = "units.socket",
    .size = sizeof(struct socket_fact),
    .load = socket_fact_load,
    .release = socket_fact_release,
};

int units_socket(struct audit_ctx *c, const char *name, const struct socket_unit **ret,
		 const char **ret_path)
{
	void *p;
	int r = ctx_fact(c, &socket_fact_type, name, &p);
	if (r < 0)
		return r;
	const struct socket_fact *f = p;
	if (f->error < 0)
		return f->error;
	*ret = &f->unit;
	if (ret_path)
		*ret_path = f->path;
	return 0;
}
