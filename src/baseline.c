/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
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

#define BASELINE_MAX_FILE (256u * 1024 * 1024)
#define SEP '\x1f' /* cannot occur in ids, kinds or (escaped) names */

/*
 * A failure identified across runs and editions: "key SEP kind SEP name", or "key" for a
 * check-level one, where key is the check's stable key (v1.6.0 2.8 and v1.8.0 2.9 are one).
 */
struct key {
	char *text;
	const char *id, *kind, *name, *skey; /* point into a separate copy for output */
	char *copy;
};

struct baseline {
	char *started_at;
	const struct benchmark *benchmark; /* the edition the baseline's ids are in */
	char **ran; /* stable keys of the checks the baseline ran, sorted */
	size_t n_ran;
	struct key *fails; /* sorted by text */
	size_t n_fails;
};

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->text, ((const struct key *)b)->text);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void key_release(struct key *k)
{
	free(k->text);
	free(k->copy);
}

static int key_make(const char *skey, const char *id, const char *kind, const char *name,
		    struct key *ret)
{
	struct key k = {0};
	if (kind)
		k.text = xasprintf("%s%c%s%c%s", skey, SEP, kind, SEP, name ? name : "");
	else
		k.text = xstrdup(skey);
	/* copy = "id\0kind\0name\0skey\0" so the parts can be handed out */
	size_t a = strlen(id) + 1, b = kind ? strlen(kind) + 1 : 0, c = name ? strlen(name) + 1 : 0;
	size_t d = strlen(skey) + 1;
	k.copy = malloc(a + b + c + d + 1);
	if (!k.text || !k.copy) {
		key_release(&k);
		return -ENOMEM;
	}
	memcpy(k.copy, id, a);
	k.id = k.copy;
	if (kind) {
		memcpy(k.copy + a, kind, b);
		k.kind = k.copy + a;
	}
	if (name) {
		memcpy(k.copy + a + b, name, c);
		k.name = k.copy + a + b;
	}
	memcpy(k.copy + a + b + c, skey, d);
	k.skey = k.copy + a + b + c;
	*ret = k;
	return 0;
}

struct baseline *baseline_free(struct baseline *b)
{
	if (!b)
		return NULL;
	for (size_t i = 0; i < b->n_fails; i++)
		key_release(&b->fails[i]);
	free(b->fails);
	strv_free(b->ran);
	free(b->started_at);
	free(b);
	return NULL;
}

static int push_key(struct key **v, size_t *n, size_t *cap, struct key k)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct key *p = realloc(*v, nc * sizeof(*p));
		if (!p) {
			key_release(&k);
			return -ENOMEM;
		}
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = k;
	return 0;
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

int baseline_parse(const char *text, size_t len, struct baseline **ret, char **ret_error)
{
	*ret_error = NULL;
	cJSON *root = json_parse(text, len);
	if (!root)
		return bad(ret_error, "not valid JSON");
	int r = 0;
	int64_t schema;
	const cJSON *results = json_get_array(root, "results");
	if (json_get_int64(root, "schema_version", &schema) < 0 || !results) {
		r = bad(ret_error, "not a docker-audit JSON report (no schema_version and results)");
		goto out;
	}
	if (schema != 1) {
		r = bad(ret_error, "report schema_version %lld is not one this version reads",
			(long long)schema);
		goto out;
	}
	struct baseline *b = calloc(1, sizeof(*b));
	size_t nres = (size_t)cJSON_GetArraySize(results), cap = 0;
	if (!b || !(b->ran = calloc(nres + 1, sizeof(char *)))) {
		free(b);
		r = -ENOMEM;
		goto out;
	}
	b->started_at = xstrdup(json_get_string(root, "started_at"));
	/* the edition its ids are in; reports made before editions existed were v1.6.0 */
	const cJSON *bench = json_get(root, "benchmark");
	const char *bver = json_get_string(bench, "version");
	b->benchmark = bver ? NULL : benchmark_base();
	size_t nb;
	const struct benchmark *const *all = benchmarks_all(&nb);
	const char *bname = json_get_string(bench, "name");
	for (size_t i = 0; bver && !b->benchmark && i < nb; i++)
		if (strcmp(all[i]->version, bver) == 0 && (!bname || strcmp(all[i]->name, bname) == 0))
			b->benchmark = all[i];
	if (!b->benchmark) {
		r = bad(ret_error, "the report was made with the %s v%s, which this version does not "
			"know (%s)",
			json_get_string(bench, "name") ? json_get_string(bench, "name")
						       : "benchmark",
			bver, benchmark_options());
		baseline_free(b);
		goto out;
	}
	const cJSON *res;
	size_t idx = 0;
	cJSON_ArrayForEach(res, results)
	{
		idx++;
		const char *id = json_get_string(res, "id");
		const char *status = json_get_string(res, "status");
		if (!id || !status) {
			r = bad(ret_error, "result %zu: 'id' and 'status' must be strings", idx);
			break;
		}
		/* the stable key the report carries, else the one its edition gives the id */
		const char *skey = json_get_string(res, "key");
		if (!skey) {
			const struct check *c = benchmark_check(b->benchmark, id);
			skey = c ? c->key : NULL;
		}
		if (!skey)
			continue; /* a check this version does not know: nothing to compare with */
		if (!(b->ran[b->n_ran++] = xstrdup(skey))) {
			r = -ENOMEM;
			break;
		}
		if (strcmp(status, "fail") != 0)
			continue;
		const cJSON *findings = json_get_array(res, "findings");
		size_t nf = 0;
		const cJSON *f;
		cJSON_ArrayForEach(f, findings)
		{
			bool err = false;
			if (json_get_bool(f, "error", &err) == 0 && err)
				continue;
			const char *kind = json_get_string(f, "kind");
			const char *name = json_get_string(f, "name");
			if (!kind) {
				r = bad(ret_error, "result %zu (%s): a finding has no 'kind'", idx, id);
				break;
			}
			struct key k;
			if ((r = key_make(skey, id, kind, name, &k)) < 0 ||
			    (r = push_key(&b->fails, &b->n_fails, &cap, k)) < 0)
				break;
			nf++;
		}
		if (r < 0)
			break;
		if (nf == 0) {
			struct key k;
			if ((r = key_make(skey, id, NULL, NULL, &k)) < 0 ||
			    (r = push_key(&b->fails, &b->n_fails, &cap, k)) < 0)
				break;
		}
	}
	if (r < 0) {
		baseline_free(b);
		goto out;
	}
	/* qsort's array must not be NULL, even for no elements (C11 7.22.5) */
	if (b->n_fails)
		qsort(b->fails, b->n_fails, sizeof(*b->fails), key_cmp);
	qsort(b->ran, b->n_ran, sizeof(*b->ran), str_cmp);
	*ret = b;
out:
	cJSON_Delete(root);
	return r;
}

int baseline_load(const char *file, struct baseline **ret, char **ret_error)
{
	*ret_error = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_file_capped(file, BASELINE_MAX_FILE, &text, &len);
	if (r < 0) {
		*ret_error = r == -EINVAL  ? xasprintf("baseline '%s' is not a regular file", file)
			     : r == -EFBIG ? xasprintf("baseline '%s' is larger than %u MiB, the most a "
						       "baseline may be; keep baselines with "
						       "'--format baseline', which holds only what "
						       "identifies each failure",
						       file, BASELINE_MAX_FILE >> 20)
					   : xasprintf("cannot read baseline '%s': %s", file,
						       strerror(-r));
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

static bool has_key(const struct key *v, size_t n, const char *text)
{
	struct key probe = {.text = (char *)(uintptr_t)text};
	return n && bsearch(&probe, v, n, sizeof(*v), key_cmp) != NULL;
}

/* A change under the id the current edition gives its key. */
static int add_change(struct report_change **v, size_t *n, const struct key *k,
		      const struct benchmark *bm)
{
	/* capacity doubles at powers of two: a million changes are not a million reallocs */
	struct report_change *p = *v;
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n ? *n * 2 : 16;
		p = realloc(*v, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		*v = p;
	}
	const struct check *now = benchmark_check_by_key(bm, k->skey);
	struct report_change c = {xstrdup(now ? now->id : k->id), xstrdup(k->kind),
				  xstrdup(k->name)};
	if (!c.id || (k->kind && !c.kind) || (k->name && !c.name)) {
		free(c.id);
		free(c.kind);
		free(c.name);
		return -ENOMEM;
	}
	p[(*n)++] = c;
	return 0;
}

int baseline_apply(const struct baseline *b, struct report *r)
{
	/* the current failures, as keys */
	struct key *cur = NULL;
	size_t n = 0, cap = 0;
	int ret = 0;
	for (size_t i = 0; i < r->n_results && ret == 0; i++) {
		struct result *res = &r->results[i];
		if (res->status != DA_FAIL)
			continue;
		size_t nf = 0;
		for (size_t j = 0; j < res->n_findings && ret == 0; j++) {
			const struct finding *f = &res->findings[j];
			if (f->error)
				continue;
			struct key k;
			if ((ret = key_make(res->check->key, res->check->id, f->kind ? f->kind : "",
					    f->name, &k)) == 0)
				ret = push_key(&cur, &n, &cap, k);
			nf++;
		}
		if (nf == 0 && ret == 0) {
			struct key k;
			if ((ret = key_make(res->check->key, res->check->id, NULL, NULL, &k)) == 0)
				ret = push_key(&cur, &n, &cap, k);
		}
	}
	if (ret == 0 && n)
		qsort(cur, n, sizeof(*cur), key_cmp);

	r->has_baseline = true;
	free(r->baseline_started_at);
	r->baseline_started_at = xstrdup(b->started_at);
	r->baseline_benchmark = b->benchmark;
	for (size_t i = 0; i < n && ret == 0; i++) {
		if (has_key(b->fails, b->n_fails, cur[i].text))
			continue;
		ret = add_change(&r->new_items, &r->n_new, &cur[i], report_benchmark(r));
		for (size_t j = 0; j < r->n_results; j++)
			if (strcmp(r->results[j].check->id, cur[i].id) == 0)
				r->results[j].is_new = true;
	}
	for (size_t i = 0; i < b->n_fails && ret == 0; i++) {
		const struct key *k = &b->fails[i];
		bool ran = false;
		for (size_t j = 0; j < r->n_results && !ran; j++)
			ran = r->results[j].check->key && strcmp(r->results[j].check->key, k->skey) == 0;
		if (ran && !has_key(cur, n, k->text))
			ret = add_change(&r->resolved_items, &r->n_resolved, k, report_benchmark(r));
	}
	for (size_t i = 0; i < n; i++)
		key_release(&cur[i]);
	free(cur);
	return ret;
}

void baseline_release_changes(struct report *r)
{
	for (size_t i = 0; i < r->n_new; i++) {
		free(r->new_items[i].id);
		free(r->new_items[i].kind);
		free(r->new_items[i].name);
	}
	for (size_t i = 0; i < r->n_resolved; i++) {
		free(r->resolved_items[i].id);
		free(r->resolved_items[i].kind);
		free(r->resolved_items[i].name);
	}
	free(r->new_items);
	free(r->resolved_items);
	free(r->baseline_started_at);
	r->new_items = r->resolved_items = NULL;
	r->baseline_started_at = NULL;
	r->baseline_benchmark = NULL;
	r->n_new = r->n_resolved = 0;
}
