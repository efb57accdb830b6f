/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include "baseline.h"
#include "benchmark.h"
#include "buf.h"
#include "check.h"
#include "json.h"
#include "report.h"
#include "strutil.h"

#define SEP '\x1f' /* cannot occur in ids, kinds or (escaped) names */
#define ARENA_BLOCK (1u << 20)

/*
 * A failure is identified across runs and editions by one string: "key SEP kind SEP name", or
 * "key" for a check-level one, where key is the check's stable key (v1.6.0 2.8 and v1.8.0 2.9
 * are one). The baseline keeps only these strings, packed in an arena, and sorted pointers to
 * them: a million findings are some 50 MB, and nothing else of the report is kept. Sorted by
 * strcmp, the keys of one check are adjacent (SEP sorts before every character a key has).
 */

struct arena {
	char **blocks;
	size_t n_blocks;
	char *cur;
	size_t left;
};

static const char *arena_put(struct arena *a, const char *s, size_t len)
{
	if (len + 1 > a->left) {
		size_t sz = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
		char **p = realloc(a->blocks, (a->n_blocks + 1) * sizeof(*p));
		if (!p)
			return NULL;
		a->blocks = p;
		if (!(a->cur = malloc(sz)))
			return NULL;
		a->blocks[a->n_blocks++] = a->cur;
		a->left = sz;
	}
	char *r = a->cur;
	memcpy(r, s, len);
	r[len] = '\0';
	a->cur += len + 1;
	a->left -= len + 1;
	return r;
}

static void arena_release(struct arena *a)
{
	for (size_t i = 0; i < a->n_blocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	*a = (struct arena){0};
}

/* A growing, then sorted, array of strings (borrowed: from an arena or a report). */
struct keys {
	const char **v;
	size_t n, cap;
};

static int keys_push(struct keys *k, const char *s)
{
	if (!s)
		return -ENOMEM;
	if (k->n == k->cap) {
		size_t nc = k->cap ? k->cap * 2 : 64;
		const char **p = realloc(k->v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		k->v = p;
		k->cap = nc;
	}
	k->v[k->n++] = s;
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void keys_sort(struct keys *k)
{
	/* qsort's array must not be NULL, even for no elements (C11 7.22.5) */
	if (k->n > 1)
		qsort(k->v, k->n, sizeof(*k->v), str_cmp);
}

static bool keys_has(const struct keys *k, const char *s)
{
	return k->n && bsearch(&s, k->v, k->n, sizeof(*k->v), str_cmp) != NULL;
}

/* The range of keys of check skey ("skey" and "skey SEP ..."), in a sorted array. */
static void keys_range(const struct keys *k, const char *skey, size_t *ret_lo, size_t *ret_hi)
{
	size_t lo = 0, hi = k->n, len = strlen(skey);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k->v[mid], skey) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < k->n && strncmp(k->v[end], skey, len) == 0 &&
	       (k->v[end][len] == '\0' || k->v[end][len] == SEP))
		end++;
	*ret_lo = lo;
	*ret_hi = end;
}

static void keys_release(struct keys *k)
{
	free(k->v);
	*k = (struct keys){0};
}

/* "skey SEP kind SEP name" (or "skey" without kind) into b. */
static const char *key_text(struct buf *b, const char *skey, const char *kind, const char *name)
{
	buf_reset(b);
	buf_puts(b, skey);
	if (kind)
		buf_printf(b, "%c%s%c%s", SEP, kind, SEP, name ? name : "");
	return b->data;
}

/* The parts of a key: kind and name are NULL for a check-level one. Malloc'ed. */
static int key_split(const char *text, char **ret_kind, char **ret_name)
{
	*ret_kind = *ret_name = NULL;
	const char *a = strchr(text, SEP);
	if (!a)
		return 0;
	const char *b = strchr(a + 1, SEP);
	if (!b)
		return -EINVAL;
	*ret_kind = xstrndup(a + 1, (size_t)(b - a - 1));
	*ret_name = xstrdup(b + 1);
	if (!*ret_kind || !*ret_name) {
		free(*ret_kind);
		free(*ret_name);
		*ret_kind = *ret_name = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* A check the baseline ran: its key, its id there, and how it ended. */
struct bcheck {
	const char *skey, *id;
	enum da_status status;
	bool waived;
};

/* The baseline's scope record (scope.selection), when it has one. */
struct bscope {
	bool known; /* the report recorded its selection */
	bool all_known; /* and whether -a was given */
	bool all;
	const char *checks, *exclude, *include, *exclude_containers, *labels, *images;
	int level;
	const char *endpoint;
};

struct baseline {
	bool summary_only; /* for the trend: checks and statuses, no findings */
	bool unreachable; /* (summary_only) its daemon could not be reached */
	char *started_at;
	const struct benchmark *benchmark; /* the edition the baseline's ids are in */
	struct arena arena;
	struct bcheck *checks; /* sorted by skey */
	size_t n_checks, cap_checks;
	struct keys fails; /* failures */
	struct keys errors; /* objects a check could not judge */
	struct keys left_out; /* names of listed containers left out of the scope */
	struct bscope scope;
};

struct baseline *baseline_free(struct baseline *b)
{
	if (!b)
		return NULL;
	keys_release(&b->fails);
	keys_release(&b->errors);
	keys_release(&b->left_out);
	free(b->checks);
	arena_release(&b->arena);
	free(b->started_at);
	free(b);
	return NULL;
}

__attribute__((format(printf, 2, 3))) static int bad(char **ret_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(ret_error, fmt, ap) < 0)
		*ret_error = NULL;
	va_end(ap);
	return -EINVAL;
}

/*
 * A reader that walks the report member by member: the header is parsed with cJSON, but
 * "results" one result at a time, and a result's findings one finding at a time, each a small
 * tree freed at once. A report of a million findings is never a million-node tree.
 */
struct js {
	const char *p, *end;
};

static void js_ws(struct js *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
		s->p++;
}

static bool js_eat(struct js *s, char c)
{
	js_ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

static cJSON *js_value(struct js *s)
{
	js_ws(s);
	const char *end = NULL;
	if (s->p >= s->end)
		return NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(s->p, (size_t)(s->end - s->p), &end, false);
	if (v)
		s->p = end;
	return v;
}

/* Step over one value without building it; false when it is malformed at this level. */
static bool js_skip(struct js *s)
{
	js_ws(s);
	size_t depth = 0;
	while (s->p < s->end) {
		char c = *s->p++;
		if (c == '"') {
			while (s->p < s->end && *s->p != '"')
				s->p += *s->p == '\\' ? 2 : 1;
			if (s->p >= s->end)
				return false;
			s->p++;
		} else if (c == '[' || c == '{') {
			depth++;
			continue;
		} else if (c == ']' || c == '}') {
			if (depth == 0)
				return false;
			depth--;
		} else if (depth == 0) {
			/* a number, true, false or null */
			while (s->p < s->end && *s->p != ',' && *s->p != '}' && *s->p != ']' &&
			       *s->p != ' ' && *s->p != '\n' && *s->p != '\r' && *s->p != '\t')
				s->p++;
		}
		if (depth == 0)
			return true;
	}
	return false;
}

/* A string at s->p ('"'): escapes checked as JSON has them. */
static bool jv_string(struct js *s)
{
	if (s->p >= s->end || *s->p != '"')
		return false;
	s->p++;
	while (s->p < s->end) {
		char c = *s->p++;
		if (c == '"')
			return true;
		if (c != '\\')
			continue;
		if (s->p >= s->end)
			return false;
		char e = *s->p++;
		if (e == 'u') {
			for (int i = 0; i < 4; i++, s->p++)
				if (s->p >= s->end || !isxdigit((unsigned char)*s->p))
					return false;
		} else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
			return false;
		}
	}
	return false;
}

/* A number, true, false or null. */
static bool jv_scalar(struct js *s)
{
	static const char *const words[] = {"true", "false", "null"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(s->end - s->p) >= n && memcmp(s->p, words[i], n) == 0) {
			s->p += n;
			return true;
		}
	}
	bool digit = false;
	if (s->p < s->end && *s->p == '-')
		s->p++;
	while (s->p < s->end && (isdigit((unsigned char)*s->p) || *s->p == '.' || *s->p == 'e' ||
				 *s->p == 'E' || *s->p == '+' || *s->p == '-')) {
		digit |= isdigit((unsigned char)*s->p) != 0;
		s->p++;
	}
	return digit;
}

/*
 * The whole document is one JSON value and nothing after it: the member-by-member reader
 * below steps over what it does not read without building it, so it is checked here once,
 * without allocating (a fuzzer found `"a""b"` accepted inside a result that was stepped over).
 */
static bool jv_value(struct js *s, unsigned depth)
{
	js_ws(s);
	if (s->p >= s->end || depth > 512)
		return false;
	char open = *s->p;
	if (open == '"')
		return jv_string(s);
	if (open != '{' && open != '[')
		return jv_scalar(s);
	char close = open == '{' ? '}' : ']';
	s->p++;
	if (js_eat(s, close))
		return true;
	for (;;) {
		if (open == '{') {
			js_ws(s);
			if (!jv_string(s) || !js_eat(s, ':'))
				return false;
		}
		if (!jv_value(s, depth + 1))
			return false;
		if (js_eat(s, ','))
			continue;
		return js_eat(s, close);
	}
}

/* The key of the next member; NULL at the end of the object or when malformed (*ret_end). */
static cJSON *js_member(struct js *s, bool first, bool *ret_end)
{
	*ret_end = false;
	if (first ? js_eat(s, '}') : !js_eat(s, ',')) {
		*ret_end = first || js_eat(s, '}');
		return NULL;
	}
	cJSON *k = js_value(s);
	if (!k || !cJSON_IsString(k) || !js_eat(s, ':')) {
		cJSON_Delete(k);
		return NULL;
	}
	return k;
}

static int parse_status(const char *s, enum da_status *ret)
{
	for (int i = 0; i < _DA_STATUS_MAX; i++)
		if (strcmp(da_status_name((enum da_status)i), s) == 0) {
			*ret = (enum da_status)i;
			return 0;
		}
	return -EINVAL;
}

/* One result being read. */
struct rstate {
	struct baseline *b;
	struct buf *kb;
	size_t idx;
	char *id, *skey, *status_text;
	bool known; /* id and status read, key found */
	bool waived;
	enum da_status status;
	size_t nf;
	cJSON *early_findings; /* findings that came before id or status: kept as a tree */
	char **ret_error;
};

static int finding_add(struct rstate *st, const cJSON *f)
{
	bool err = false;
	const char *kind = json_get_string(f, "kind");
	const char *name = json_get_string(f, "name");
	if (json_get_bool(f, "error", &err) == 0 && err) {
		/* an object the check could not judge: unknown, whatever the other run says */
		key_text(st->kb, st->skey, kind ? kind : "", name);
		return keys_push(&st->b->errors,
				 arena_put(&st->b->arena, st->kb->data, st->kb->len));
	}
	if (st->status != DA_FAIL)
		return 0;
	if (!kind)
		return bad(st->ret_error, "result %zu (%s): a finding has no 'kind'", st->idx,
			   st->id);
	key_text(st->kb, st->skey, kind, name);
	st->nf++;
	return keys_push(&st->b->fails, arena_put(&st->b->arena, st->kb->data, st->kb->len));
}

/* id and status read: find the stable key (the one the report carries, else the one its
 * edition gives the id) and record the check. */
static int result_known(struct rstate *st)
{
	if (st->known || !st->id || !st->status_text)
		return 0;
	/* a status this version does not know was not a judgement it can compare */
	if (parse_status(st->status_text, &st->status) < 0)
		st->status = _DA_STATUS_MAX;
	if (!st->skey) {
		const struct check *c = benchmark_check(st->b->benchmark, st->id);
		if (!c)
			return 0; /* a check this version does not know: nothing to compare with */
		st->skey = xstrdup(c->key ? c->key : c->id);
		if (!st->skey)
			return -ENOMEM;
	}
	struct baseline *b = st->b;
	if (b->n_checks == b->cap_checks) {
		size_t nc = b->cap_checks ? b->cap_checks * 2 : 128;
		struct bcheck *p = realloc(b->checks, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		b->checks = p;
		b->cap_checks = nc;
	}
	struct bcheck *c = &b->checks[b->n_checks];
	c->skey = arena_put(&b->arena, st->skey, strlen(st->skey));
	c->id = arena_put(&b->arena, st->id, strlen(st->id));
	c->status = st->status;
	c->waived = false;
	if (!c->skey || !c->id)
		return -ENOMEM;
	b->n_checks++;
	st->known = true;
	return 0;
}

static int result_string(struct rstate *st, struct js *s, char **dst, const char *what)
{
	cJSON *v = js_value(s);
	if (!v)
		return bad(st->ret_error, "result %zu: malformed JSON", st->idx);
	if (!cJSON_IsString(v)) {
		cJSON_Delete(v);
		if (strcmp(what, "key") == 0)
			return 0;
		return bad(st->ret_error, "result %zu: 'id' and 'status' must be strings", st->idx);
	}
	free(*dst);
	*dst = xstrdup(v->valuestring);
	cJSON_Delete(v);
	return *dst ? 0 : -ENOMEM;
}

static int result_findings(struct rstate *st, struct js *s)
{
	if (!st->known) {
		/* before its id or status: kept whole until they are known */
		cJSON_Delete(st->early_findings);
		st->early_findings = js_value(s);
		return st->early_findings
			   ? 0
			   : bad(st->ret_error, "result %zu: malformed JSON", st->idx);
	}
	js_ws(s);
	if (s->p < s->end && *s->p == 'n') /* null */
		return js_skip(s) ? 0 : bad(st->ret_error, "result %zu: malformed JSON", st->idx);
	if (!js_eat(s, '['))
		return bad(st->ret_error, "result %zu: 'findings' is not an array", st->idx);
	if (js_eat(s, ']'))
		return 0;
	do {
		cJSON *f = js_value(s);
		if (!f)
			return bad(st->ret_error, "result %zu: malformed JSON", st->idx);
		int r = cJSON_IsObject(f) ? finding_add(st, f)
			: st->status == DA_FAIL
			    ? bad(st->ret_error, "result %zu (%s): a finding has no 'kind'",
				  st->idx, st->id)
			    : 0;
		cJSON_Delete(f);
		if (r < 0)
			return r;
	} while (js_eat(s, ','));
	return js_eat(s, ']') ? 0 : bad(st->ret_error, "result %zu: malformed JSON", st->idx);
}

static int read_result(struct baseline *b, struct js *s, struct buf *kb, size_t idx,
		       char **ret_error)
{
	struct rstate st = {.b = b, .kb = kb, .idx = idx, .ret_error = ret_error};
	int r = 0;
	js_ws(s);
	if (s->p >= s->end || *s->p != '{') {
		/* not an object: nothing to read from it, but it must still be JSON */
		cJSON *v = js_value(s);
		cJSON_Delete(v);
		return v ? bad(ret_error, "result %zu: 'id' and 'status' must be strings", idx)
			 : bad(ret_error, "result %zu: malformed JSON", idx);
	}
	s->p++;
	bool first = true, end = false;
	/* the members read: one given twice is refused, as other JSON readers would keep another
	 * of the two (cJSON the first, jq and Python the last) than this reader */
	static const char *const read_members[] = {"id", "key", "status", "findings", "waived"};
	bool seen[ARRAY_SIZE(read_members)] = {false};
	for (;;) {
		cJSON *k = js_member(s, first, &end);
		first = false;
		if (!k) {
			if (!end)
				r = bad(ret_error, "result %zu: malformed JSON", idx);
			break;
		}
		const char *name = k->valuestring;
		for (size_t m = 0; m < ARRAY_SIZE(read_members) && r == 0; m++) {
			if (strcmp(name, read_members[m]) != 0)
				continue;
			if (seen[m])
				r = bad(ret_error, "result %zu: '%s' given twice", idx, name);
			seen[m] = true;
		}
		if (r < 0) {
			cJSON_Delete(k);
			break;
		}
		if (strcmp(name, "id") == 0)
			r = result_string(&st, s, &st.id, "id");
		else if (strcmp(name, "key") == 0)
			r = result_string(&st, s, &st.skey, "key");
		else if (strcmp(name, "status") == 0)
			r = result_string(&st, s, &st.status_text, "status");
		else if (strcmp(name, "findings") == 0 && !b->summary_only)
			r = result_findings(&st, s);
		else if (strcmp(name, "waived") == 0) {
			cJSON *v = js_value(s);
			st.waived = cJSON_IsTrue(v);
			r = v ? 0 : bad(ret_error, "result %zu: malformed JSON", idx);
			cJSON_Delete(v);
		} else if (!js_skip(s))
			r = bad(ret_error, "result %zu: malformed JSON", idx);
		cJSON_Delete(k);
		if (r == 0)
			r = result_known(&st);
		if (r < 0)
			break;
	}
	if (r == 0 && (!st.id || !st.status_text))
		r = bad(ret_error, "result %zu: 'id' and 'status' must be strings", idx);
	if (r == 0 && st.known && st.early_findings) {
		const cJSON *f;
		cJSON_ArrayForEach(f, st.early_findings)
		{
			r = cJSON_IsObject(f)	   ? finding_add(&st, f)
			    : st.status == DA_FAIL ? bad(ret_error,
							 "result %zu (%s): a finding has no "
							 "'kind'",
							 idx, st.id)
						   : 0;
			if (r < 0)
				break;
		}
	}
	if (r == 0 && st.known)
		b->checks[b->n_checks - 1].waived = st.waived;
	/* a failing check without (failing) findings is identified by its key alone */
	if (r == 0 && st.known && st.status == DA_FAIL && st.nf == 0 && !b->summary_only)
		r = keys_push(&b->fails, arena_put(&b->arena, st.skey, strlen(st.skey)));
	cJSON_Delete(st.early_findings);
	free(st.id);
	free(st.skey);
	free(st.status_text);
	return r;
}

static int bcheck_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bcheck *)a)->skey, ((const struct bcheck *)b)->skey);
}

static const struct bcheck *bcheck_find(const struct baseline *b, const char *skey)
{
	struct bcheck probe = {.skey = skey};
	return b->n_checks ? bsearch(&probe, b->checks, b->n_checks, sizeof(*b->checks), bcheck_cmp)
			   : NULL;
}

/* A list of strings as one canonical text: sorted, comma-joined; NULL for none. */
static char *strv_canonical(char *const *v)
{
	size_t n = strv_length(v);
	if (n == 0)
		return NULL;
	const char **c = malloc(n * sizeof(*c));
	if (!c)
		return NULL;
	memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), str_cmp);
	struct buf b;
	buf_init(&b, 1u << 20);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", c[i]);
	free(c);
	char *r = buf_steal(&b);
	buf_release(&b);
	return r;
}

/* The same from a JSON array of strings. */
static const char *json_canonical(struct arena *a, const cJSON *arr)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
	if (!cJSON_IsArray(arr) || n == 0)
		return NULL;
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		if (cJSON_IsString(e))
			v[k++] = e->valuestring;
	}
	char *text = strv_canonical(v);
	free(v);
	const char *r = text ? arena_put(a, text, strlen(text)) : NULL;
	free(text);
	return r;
}

/* scope.selection, scope.all_containers and scope.containers.left_out_names, when recorded */
static int read_scope(struct baseline *b, const cJSON *scope, const cJSON *host)
{
	if (!scope)
		return 0;
	bool all;
	if (json_get_bool(scope, "all_containers", &all) == 0) {
		b->scope.all_known = true;
		b->scope.all = all;
	}
	const cJSON *sel = json_get(scope, "selection");
	if (cJSON_IsObject(sel)) {
		struct bscope *s = &b->scope;
		int64_t level = 0;
		s->known = true;
		s->checks = json_canonical(&b->arena, json_get(sel, "checks"));
		s->exclude = json_canonical(&b->arena, json_get(sel, "exclude"));
		s->include = json_canonical(&b->arena, json_get(sel, "include"));
		s->exclude_containers =
		    json_canonical(&b->arena, json_get(sel, "exclude_containers"));
		s->labels = json_canonical(&b->arena, json_get(sel, "labels"));
		s->images = json_canonical(&b->arena, json_get(sel, "images"));
		if (json_get_int64(sel, "level", &level) == 0)
			s->level = (int)level;
		const char *ep = json_get_string(sel, "endpoint");
		if (!ep)
			ep = json_get_string(host, "endpoint.host");
		if (ep)
			s->endpoint = arena_put(&b->arena, ep, strlen(ep));
	}
	const cJSON *left = json_get(scope, "containers.left_out_names");
	const cJSON *e;
	cJSON_ArrayForEach(e, left)
	{
		const char *n = cJSON_IsString(e) ? e->valuestring : json_get_string(e, "name");
		if (n) {
			int r = keys_push(&b->left_out, arena_put(&b->arena, n, strlen(n)));
			if (r < 0)
				return r;
		}
	}
	keys_sort(&b->left_out);
	return 0;
}

/* The header (everything but the results) is complete: judge it. */
static int read_header(struct baseline *b, const cJSON *root, char **ret_error)
{
	int64_t schema;
	if (json_get_int64(root, "schema_version", &schema) < 0)
		return bad(ret_error,
			   "not a docker-audit JSON report (no schema_version and results)");
	if (schema != 1)
		return bad(ret_error, "report schema_version %lld is not one this version reads",
			   (long long)schema);
	/* A run that could not reach its daemon knows nothing about the host's objects: as a
	 * baseline it would "resolve" every failure and make the next night's all "new". */
	bool reachable = true;
	if ((json_get_bool(root, "host.daemon.reachable", &reachable) == 0 ||
	     json_get_bool(root, "daemon_reachable", &reachable) == 0) &&
	    !reachable && b->summary_only)
		b->unreachable = true;
	else if ((json_get_bool(root, "host.daemon.reachable", &reachable) == 0 ||
		  json_get_bool(root, "daemon_reachable", &reachable) == 0) &&
		 !reachable) {
		const char *why = json_get_string(root, "host.daemon.error");
		const char *when = json_get_string(root, "started_at");
		return bad(ret_error,
			   "the report of %s was made when the Docker daemon could not be "
			   "reached%s%s%s; an incomplete report is not a baseline (use the last "
			   "complete one)",
			   when ? when : "an unknown time", why ? " (" : "", why ? why : "",
			   why ? ")" : "");
	}
	const char *when = json_get_string(root, "started_at");
	if (when && !(b->started_at = xstrdup(when)))
		return -ENOMEM;
	/* the edition its ids are in; reports made before editions existed were v1.6.0 */
	const cJSON *bench = json_get(root, "benchmark");
	const char *bver = json_get_string(bench, "version");
	const char *bname = json_get_string(bench, "name");
	b->benchmark = bver ? NULL : benchmark_base();
	size_t nb;
	const struct benchmark *const *all = benchmarks_all(&nb);
	for (size_t i = 0; bver && !b->benchmark && i < nb; i++)
		if (strcmp(all[i]->version, bver) == 0 &&
		    (!bname || strcmp(all[i]->name, bname) == 0))
			b->benchmark = all[i];
	if (!b->benchmark)
		return bad(ret_error,
			   "the report was made with the %s v%s, which this version does not "
			   "know (%s)",
			   bname ? bname : "benchmark", bver, benchmark_options());
	return read_scope(b, json_get(root, "scope"), json_get(root, "host"));
}

static int parse(const char *text, size_t len, bool summary_only, struct baseline **ret,
		 char **ret_error)
{
	*ret = NULL;
	*ret_error = NULL;
	struct js s = {text, text + len};
	const char *results_at = NULL;
	cJSON *head = cJSON_CreateObject();
	struct baseline *b = calloc(1, sizeof(*b));
	struct buf kb;
	buf_init(&kb, 1u << 24);
	int r = 0;
	if (!head || !b) {
		r = -ENOMEM;
		goto out;
	}
	b->summary_only = summary_only;
	struct js whole = {text, text + len};
	if (!jv_value(&whole, 0) || (js_ws(&whole), whole.p != whole.end)) {
		r = bad(ret_error, "not valid JSON");
		goto out;
	}
	/* first the header, stepping over "results" (wherever it is) */
	if (!js_eat(&s, '{')) {
		r = bad(ret_error, "not valid JSON");
		goto out;
	}
	bool first = true, end = false, malformed = false;
	while (!malformed) {
		cJSON *k = js_member(&s, first, &end);
		first = false;
		if (!k)
			break;
		if (strcmp(k->valuestring, "results") == 0) {
			js_ws(&s);
			results_at = s.p;
			malformed = !js_skip(&s);
		} else {
			cJSON *v = js_value(&s);
			if (v)
				cJSON_AddItemToObject(head, k->valuestring, v);
			malformed = !v;
		}
		cJSON_Delete(k);
	}
	if (!malformed)
		js_ws(&s);
	if (malformed || !end || s.p != s.end) {
		r = bad(ret_error, "not valid JSON");
		goto out;
	}
	if (!results_at || *results_at != '[') {
		r = bad(ret_error,
			"not a docker-audit JSON report (no schema_version and results)");
		goto out;
	}
	if ((r = read_header(b, head, ret_error)) < 0)
		goto out;
	/* then the results, one at a time */
	s.p = results_at + 1;
	size_t idx = 0;
	if (!js_eat(&s, ']')) {
		do {
			if ((r = read_result(b, &s, &kb, ++idx, ret_error)) < 0)
				goto out;
		} while (js_eat(&s, ','));
		if (!js_eat(&s, ']')) {
			r = bad(ret_error, "result %zu: malformed JSON", idx);
			goto out;
		}
	}
	keys_sort(&b->fails);
	keys_sort(&b->errors);
	if (b->n_checks > 1)
		qsort(b->checks, b->n_checks, sizeof(*b->checks), bcheck_cmp);
	*ret = b;
	b = NULL;
out:
	buf_release(&kb);
	cJSON_Delete(head);
	baseline_free(b);
	return r;
}

int baseline_parse(const char *text, size_t len, struct baseline **ret, char **ret_error)
{
	return parse(text, len, false, ret, ret_error);
}

int baseline_summary(const char *text, size_t len, struct baseline_summary *ret, char **ret_error)
{
	struct baseline *b;
	*ret = (struct baseline_summary){0};
	int r = parse(text, len, true, &b, ret_error);
	if (r < 0)
		return r;
	snprintf(ret->started_at, sizeof(ret->started_at), "%s",
		 b->started_at ? b->started_at : "");
	ret->complete = !b->unreachable;
	for (size_t i = 0; i < b->n_checks; i++) {
		const struct bcheck *c = &b->checks[i];
		if (c->status != DA_FAIL || c->waived)
			continue;
		const struct check *chk = benchmark_check_by_key(b->benchmark, c->skey);
		if (!chk)
			chk = benchmark_check(b->benchmark, c->id);
		enum da_severity sev = chk ? chk->severity : DA_SEV_LOW;
		ret->fail[sev >= DA_SEV_LOW && sev <= DA_SEV_CRITICAL ? sev : DA_SEV_LOW]++;
	}
	baseline_free(b);
	return 0;
}

char *baseline_size_warning(const char *what, const char *format, unsigned long long bytes)
{
	bool json = format && strcmp(format, "json") == 0;
	if (!format || (!json && strcmp(format, "baseline") != 0) || bytes <= BASELINE_MAX_BYTES)
		return NULL;
	/* a night's report that no later night can read: say it now, not every night after */
	return xasprintf("the %s report %s is %llu MiB, more than the %u MiB a baseline may be: "
			 "--baseline and --history will refuse it%s",
			 format, what ? what : "?", (bytes + (1u << 20) - 1) >> 20,
			 BASELINE_MAX_BYTES >> 20,
			 json ? "; keep baselines with '--format baseline', which holds only what "
				"identifies each failure"
			      : "; narrow what one report covers (-c, --include, --label)");
}

int baseline_load(const char *file, struct baseline **ret, char **ret_error)
{
	*ret_error = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_file_capped(file, BASELINE_MAX_BYTES, &text, &len);
	if (r < 0) {
		*ret_error = r == -EINVAL ? xasprintf("baseline '%s' is not a regular file", file)
			     : r == -EFBIG
				 ? xasprintf("baseline '%s' is larger than %u MiB, the most a "
					     "baseline may be; keep baselines with "
					     "'--format baseline', which holds only what "
					     "identifies each failure",
					     file, BASELINE_MAX_BYTES >> 20)
				 : xasprintf("cannot read baseline '%s': %s", file, strerror(-r));
		return r;
	}
	char *err = NULL;
	r = baseline_parse(text, len, ret, &err);
	if (r < 0) {
		*ret_error = err ? xasprintf("baseline '%s': %s", file, err) : NULL;
		free(err);
	}
	return r;
}

/* ---- comparison ---- */

static const char *check_key(const struct check *c)
{
	return c->key ? c->key : c->id;
}

/* The changes being collected, with their capacities. */
struct changes {
	struct report_change *v;
	size_t n, cap;
};

static int change_add(struct changes *c, const char *id, const char *key_text_or_null,
		      const struct check *chk, const char *why)
{
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct report_change *p = realloc(c->v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		c->v = p;
		c->cap = nc;
	}
	struct report_change x = {.id = xstrdup(id), .check = chk, .why = xstrdup(why)};
	int r = x.id && (!why || x.why) ? 0 : -ENOMEM;
	if (r == 0 && key_text_or_null)
		r = key_split(key_text_or_null, &x.kind, &x.name);
	if (r < 0) {
		free(x.id);
		free(x.why);
		free(x.kind);
		free(x.name);
		return r;
	}
	c->v[c->n++] = x;
	return 0;
}

static int by_severity_then_id(const void *a, const void *b)
{
	const struct report_change *x = a, *y = b;
	int sx = x->check ? (int)x->check->severity : -1;
	int sy = y->check ? (int)y->check->severity : -1;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	int c = check_id_cmp(x->id, y->id);
	if (c)
		return c;
	c = strcmp(x->kind ? x->kind : "", y->kind ? y->kind : "");
	return c ? c : strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int by_id(const void *a, const void *b)
{
	const struct report_change *x = a, *y = b;
	int c = check_id_cmp(x->id, y->id);
	if (c)
		return c;
	c = strcmp(x->kind ? x->kind : "", y->kind ? y->kind : "");
	return c ? c : strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/*
 * A check the two editions judge with different functions (v1.6.0 1.1.9 watches the
 * docker.socket unit, v1.7.0's the docker.sock files) is not the same measurement: its
 * findings are neither new nor resolved.
 */
static bool comparable(const struct baseline *b, const struct report *r, const char *skey)
{
	const struct check *then = benchmark_check_by_key(b->benchmark, skey);
	const struct check *now = benchmark_check_by_key(report_benchmark(r), skey);
	return !then || !now || then->run == now->run;
}

static int note_incomparable(struct report *r, const char *id)
{
	for (size_t i = 0; i < r->n_not_compared; i++)
		if (strcmp(r->not_compared[i], id) == 0)
			return 0;
	const char **p = realloc(r->not_compared, (r->n_not_compared + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	r->not_compared = p;
	r->not_compared[r->n_not_compared++] = id;
	return 0;
}

/* A check's verdict can be compared: it judged its objects (PASS or FAIL). */
static bool judged(enum da_status s)
{
	return s == DA_PASS || s == DA_FAIL;
}

static const char *status_label(enum da_status s)
{
	return s < _DA_STATUS_MAX ? da_status_label(s) : "of an unknown status";
}

/* Why a check is unknown, from its status in each run (bs NULL: not run in the baseline). */
static char *unknown_why(const struct bcheck *bs, const struct result *cur)
{
	if (!bs)
		return xstrdup("not run in the baseline (another selection)");
	if (!cur)
		return xasprintf("not run this time (another selection); %s in the baseline",
				 status_label(bs->status));
	if (!judged(cur->status))
		return xasprintf("%s this time", status_label(cur->status));
	return xasprintf("%s in the baseline", status_label(bs->status));
}

/* A container named in a key ("skey SEP container SEP name") that is in names. */
static bool left_out_object(const char *key, const struct keys *names)
{
	static const char kind[] = "container";
	const char *a = strchr(key, SEP);
	if (!a || strncmp(a + 1, kind, sizeof(kind) - 1) != 0 || a[sizeof(kind)] != SEP)
		return false;
	return keys_has(names, a + sizeof(kind) + 1);
}

/* Per check of the current report: its failures and its objects not judged, as keys. */
struct curcheck {
	struct result *res;
	const char *skey;
};

static int curcheck_cmp(const void *a, const void *b)
{
	return strcmp(((const struct curcheck *)a)->skey, ((const struct curcheck *)b)->skey);
}

/* "-c 5" or "all checks" and the like: one part of the warning when a and b differ. */
static void scope_diff(struct buf *w, const char *what, const char *then, const char *now,
		       const char *none)
{
	if (streq_ptr(then, now))
		return;
	buf_printf(w, "%s%s %s in the baseline, %s now", w->len ? "; " : "", what,
		   then ? then : none, now ? now : none);
}

static int make_warning(const struct baseline *b, const struct report *r, size_t n_unknown,
			char **ret)
{
	*ret = NULL;
	struct buf w;
	buf_init(&w, 1u << 16);
	const struct report_selection *cs = &r->selection;
	if (!b->scope.known) {
		buf_puts(&w, "the baseline does not record its scope (made by an older version)");
	} else if (cs->known) {
		_cleanup_free_ char *checks = strv_canonical(cs->checks);
		_cleanup_free_ char *exclude = strv_canonical(cs->exclude);
		_cleanup_free_ char *include = strv_canonical(cs->include);
		_cleanup_free_ char *excl = strv_canonical(cs->exclude_containers);
		_cleanup_free_ char *labels = strv_canonical(cs->labels);
		_cleanup_free_ char *images = strv_canonical(cs->images);
		scope_diff(&w, "checks", b->scope.checks, checks, "all");
		scope_diff(&w, "excluded checks", b->scope.exclude, exclude, "none");
		if (b->scope.level != cs->level) {
			static const char *const lv[] = {"both levels", "level 1", "level 2"};
			int bl = b->scope.level >= 0 && b->scope.level <= 2 ? b->scope.level : 0;
			int cl = cs->level >= 0 && cs->level <= 2 ? cs->level : 0;
			scope_diff(&w, "--level", lv[bl], lv[cl], "");
		}
		scope_diff(&w, "--include", b->scope.include, include, "none");
		scope_diff(&w, "--exclude-containers", b->scope.exclude_containers, excl, "none");
		scope_diff(&w, "--label", b->scope.labels, labels, "none");
		scope_diff(&w, "images", b->scope.images, images, "all");
		if (b->scope.endpoint && r->endpoint)
			scope_diff(&w, "endpoint", b->scope.endpoint, r->endpoint, "");
	}
	if (b->scope.all_known && b->scope.all != r->all_containers)
		buf_printf(&w, "%s-a (stopped containers) %s in the baseline, %s now",
			   w.len ? "; " : "", b->scope.all ? "given" : "not given",
			   r->all_containers ? "given" : "not given");
	if (b->benchmark != report_benchmark(r))
		buf_printf(&w, "%sedition v%s in the baseline, v%s now (matched by stable key)",
			   w.len ? "; " : "", b->benchmark->version, report_benchmark(r)->version);
	if (w.len) {
		char *text = buf_steal(&w);
		*ret = xasprintf("the baseline (%s) was of another scope (%s): compared on the "
				 "overlap, %zu failure%s or check%s of either run unknown (neither "
				 "new nor resolved)",
				 b->started_at ? b->started_at : "date unknown", text ? text : "",
				 n_unknown, n_unknown == 1 ? "" : "s", n_unknown == 1 ? "" : "s");
		free(text);
		if (!*ret) {
			buf_release(&w);
			return -ENOMEM;
		}
	}
	buf_release(&w);
	return 0;
}

int baseline_apply(const struct baseline *b, struct report *r)
{
	struct changes news = {0}, resolved = {0}, unknown = {0};
	struct keys left_now = {0};
	struct arena cur = {0}; /* this run's keys */
	struct curcheck *cc = calloc(r->n_results + 1, sizeof(*cc));
	struct buf kb;
	buf_init(&kb, 1u << 24);
	int ret = cc ? 0 : -ENOMEM;
	const struct benchmark *bm = report_benchmark(r);

	/* the containers this run listed and left out, by name */
	for (size_t i = 0; i < r->scope.n_left_out && ret == 0; i++)
		ret = keys_push(&left_now, r->scope.left_out[i].name);
	keys_sort(&left_now);

	size_t ncc = 0;
	for (size_t i = 0; i < r->n_results && ret == 0; i++) {
		if (!r->results[i].check)
			continue;
		cc[ncc++] = (struct curcheck){&r->results[i], check_key(r->results[i].check)};
	}
	if (ncc > 1)
		qsort(cc, ncc, sizeof(*cc), curcheck_cmp);

	/* every check of this run */
	for (size_t i = 0; i < ncc && ret == 0; i++) {
		struct result *res = cc[i].res;
		const struct check *chk = res->check;
		const char *skey = cc[i].skey;
		const struct bcheck *bs = bcheck_find(b, skey);
		size_t blo, bhi;
		keys_range(&b->fails, skey, &blo, &bhi);
		bool fails_now = res->status == DA_FAIL, failed_then = bhi > blo;
		if (bs && !comparable(b, r, skey)) {
			ret = note_incomparable(r, chk->id);
			if (ret == 0 && (fails_now || failed_then))
				ret = change_add(&unknown, chk->id, NULL, chk,
						 "the editions judge it on different objects");
			continue;
		}
		if (!bs || !judged(bs->status) || !judged(res->status)) {
			if (fails_now || failed_then) {
				_cleanup_free_ char *why = unknown_why(bs, res);
				ret = why ? change_add(&unknown, chk->id, NULL, chk, why) : -ENOMEM;
			}
			continue;
		}
		/* both judged: object by object */
		struct keys now = {0}, errs = {0};
		for (size_t j = 0; j < res->n_findings && ret == 0; j++) {
			const struct finding *f = &res->findings[j];
			if (!f->error && !fails_now)
				continue;
			key_text(&kb, skey, f->kind ? f->kind : "", f->name);
			ret = keys_push(f->error ? &errs : &now, arena_put(&cur, kb.data, kb.len));
		}
		if (ret == 0 && fails_now && now.n == 0)
			ret = keys_push(&now, arena_put(&cur, skey, strlen(skey)));
		keys_sort(&now);
		keys_sort(&errs);
		bool any_new = false;
		for (size_t j = 0; j < now.n && ret == 0; j++) {
			const char *k = now.v[j];
			struct keys range = {b->fails.v ? b->fails.v + blo : NULL, bhi - blo, 0};
			if (keys_has(&range, k))
				continue;
			if (keys_has(&b->errors, k))
				ret = change_add(&unknown, chk->id, k, chk,
						 "could not be judged in the baseline");
			else if (left_out_object(k, &b->left_out))
				ret = change_add(&unknown, chk->id, k, chk,
						 "left out of the baseline's scope");
			else {
				ret = change_add(&news, chk->id, k, chk, NULL);
				any_new = true;
			}
		}
		for (size_t j = blo; j < bhi && ret == 0; j++) {
			const char *k = b->fails.v[j];
			if (keys_has(&now, k))
				continue;
			if (keys_has(&errs, k))
				ret = change_add(&unknown, chk->id, k, chk,
						 "could not be judged this time");
			else if (left_out_object(k, &left_now))
				ret = change_add(&unknown, chk->id, k, chk,
						 "left out of this run's scope");
			else
				ret = change_add(&resolved, chk->id, k, chk, NULL);
		}
		res->is_new = any_new;
		keys_release(&now);
		keys_release(&errs);
	}
	/* the checks the baseline ran and this run did not: their failures are unknown */
	for (size_t i = 0; i < b->n_checks && ret == 0; i++) {
		const struct bcheck *bs = &b->checks[i];
		struct curcheck probe = {.skey = bs->skey};
		if (ncc && bsearch(&probe, cc, ncc, sizeof(*cc), curcheck_cmp))
			continue;
		size_t blo, bhi;
		keys_range(&b->fails, bs->skey, &blo, &bhi);
		if (bhi == blo)
			continue;
		const struct check *now = benchmark_check_by_key(bm, bs->skey);
		const struct check *then = benchmark_check_by_key(b->benchmark, bs->skey);
		_cleanup_free_ char *why = unknown_why(bs, NULL);
		ret =
		    why ? change_add(&unknown, now ? now->id : bs->id, NULL, now ? now : then, why)
			: -ENOMEM;
	}

	if (ret == 0) {
		if (news.n > 1)
			qsort(news.v, news.n, sizeof(*news.v), by_severity_then_id);
		if (resolved.n > 1)
			qsort(resolved.v, resolved.n, sizeof(*resolved.v), by_severity_then_id);
		if (unknown.n > 1)
			qsort(unknown.v, unknown.n, sizeof(*unknown.v), by_id);
		r->has_baseline = true;
		free(r->baseline_started_at);
		r->baseline_started_at = xstrdup(b->started_at);
		r->baseline_benchmark = b->benchmark;
		r->new_items = news.v;
		r->n_new = news.n;
		r->resolved_items = resolved.v;
		r->n_resolved = resolved.n;
		r->unknown_items = unknown.v;
		r->n_unknown = unknown.n;
		news = resolved = unknown = (struct changes){0};
		free(r->baseline_warning);
		ret = make_warning(b, r, r->n_unknown, &r->baseline_warning);
	}
	struct changes *all[] = {&news, &resolved, &unknown};
	for (size_t k = 0; k < ARRAY_SIZE(all); k++) {
		for (size_t i = 0; i < all[k]->n; i++) {
			free(all[k]->v[i].id);
			free(all[k]->v[i].kind);
			free(all[k]->v[i].name);
			free(all[k]->v[i].why);
		}
		free(all[k]->v);
	}
	keys_release(&left_now);
	arena_release(&cur);
	buf_release(&kb);
	free(cc);
	return ret;
}

static void changes_release(struct report_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].kind);
		free(c[i].name);
		free(c[i].why);
	}
	free(c);
}

void baseline_release_changes(struct report *r)
{
	changes_release(r->new_items, r->n_new);
	changes_release(r->resolved_items, r->n_resolved);
	changes_release(r->unknown_items, r->n_unknown);
	free(r->baseline_started_at);
	free(r->baseline_warning);
	r->new_items = r->resolved_items = r->unknown_items = NULL;
	r->baseline_started_at = r->baseline_warning = NULL;
	r->baseline_benchmark = NULL;
	free(r->not_compared);
	r->not_compared = NULL;
	r->n_not_compared = 0;
	r->n_new = r->n_resolved = r->n_unknown = 0;
}
