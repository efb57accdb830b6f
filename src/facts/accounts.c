/* SPDX-License-Identifier: Apache-2.0 */
/* Users and groups: the one reader of /etc/passwd and /etc/group. */
#include "common.h"
#include "context.h"
#include "facts/accounts.h"
#include "hostfs.h"
#include "strutil.h"

#define ACCOUNTS_MAX (16u * 1024 * 1024)

void host_accounts_release(struct host_accounts *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_users; i++) {
		free(a->users[i].name);
		free(a->users[i].home);
	}
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
	size_t n_fields = split_colon(line, f, 7);
	if (n_fields < 4 || !*f[0] || parse_id(f[2], &u.uid) < 0 || parse_id(f[3], &u.gid) < 0)
		return 0;
	if (grow((void **)&a->users, a->n_users, sizeof(*a->users)) < 0)
		return -ENOMEM;
	u.name = xstrdup(f[0]);
	if (!u.name)
		return -ENOMEM;
	if (n_fields >= 6 && !(u.home = xstrdup(f[5]))) {
		free(u.name);
		return -ENOMEM;
	}
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

/* By name, then by place in /etc/passwd: the first user of a name sorts first. */
static int user_ptr_cmp(const void *x, const void *y)
{
	const struct host_user *a = *(const struct host_user *const *)x;
	const struct host_user *b = *(const struct host_user *const *)y;
	int c = strcmp(a->name, b->name);
	return c ? c : (a > b) - (a < b);
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
	/*
	 * Each member's passwd entry: users sorted by name (the first of a name first, as
	 * host_user_find finds it), then one lower-bound search per member. A search of the whole
	 * list per member made 80,000 members who are all users take a minute and a half.
	 */
	const struct host_user **by_name = calloc(a->n_users ? a->n_users : 1, sizeof(*by_name));
	if (!by_name) {
		free(v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < a->n_users; i++)
		by_name[i] = &a->users[i];
	qsort(by_name, a->n_users, sizeof(*by_name), user_ptr_cmp);
	for (size_t i = 0; i < k; i++) {
		size_t lo = 0, hi = a->n_users;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(by_name[mid]->name, v[i].name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		v[i].user = lo < a->n_users && strcmp(by_name[lo]->name, v[i].name) == 0
				? by_name[lo]
				: NULL;
	}
	free(by_name);
	*ret = v;
	*ret_n = k;
	return 0;
}

struct accounts_fact {
	struct fact_error e;
	int passwd_error; /* /etc/passwd alone */
	struct host_accounts accounts;
};

static void accounts_fact_release(void *p)
{
	struct accounts_fact *s = p;
	host_accounts_release(&s->accounts);
}

/* Both files are read whatever happens to the other: the first failure is the fact's error,
 * and what /etc/passwd holds still serves ctx_host_user_home. */
static int accounts_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct accounts_fact *s = fact;
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
		if (r == -ENOMEM)
			return r;
		if (r < 0 && i == 1)
			s->passwd_error = r;
		if (r < 0 && !s->e.error)
			fact_fail(&s->e, r,
				  xasprintf("cannot read '%s': %s", files[i].path, strerror(-r)));
	}
	return 0;
}

CTX_FACT_TYPE(accounts_type, "accounts", struct accounts_fact, accounts_load,
	      accounts_fact_release);

int ctx_host_accounts(struct audit_ctx *c, const struct host_accounts **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &accounts_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct accounts_fact *s = p;
	*ret = &s->accounts;
	return 0;
}

const char *ctx_host_user_home(struct audit_ctx *c, uint32_t uid)
{
	void *p;
	if (ctx_fact(c, &accounts_type, NULL, &p) < 0)
		return NULL;
	const struct accounts_fact *s = p;
	if (s->passwd_error < 0)
		return NULL;
	for (size_t i = 0; i < s->accounts.n_users; i++)
		if (s->accounts.users[i].uid == uid)
			return s->accounts.users[i].home;
	return NULL;
}
