/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include "benchmark.h"
#include "buf.h"
#include "check.h"
#include "json.h"
#include "report.h"
#include "strutil.h"
#include "waivers.h"

#define WAIVERS_MAX_FILE (4u * 1024 * 1024)
#define WAIVERS_MAX_ENTRIES 100000

static void waiver_release(struct waiver *w)
{
	free(w->check);
	free(w->object);
	free(w->reason);
	free(w->owner);
	free(w->expires);
	free(w->benchmark);
	free(w->note);
}

struct waiver_set *waivers_free(struct waiver_set *w)
{
	if (!w)
		return NULL;
	for (size_t i = 0; i < w->n; i++)
		waiver_release(&w->items[i]);
	free(w->items);
	free(w->file);
	free(w->benchmark);
	free(w);
	return NULL;
}

/* Line and column of a byte offset, for messages about malformed JSON. */
static void position(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD", a real calendar date. Returns days since 1970-01-01 through *ret. */
static int parse_date(const char *s, long *ret)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -EINVAL;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return -EINVAL;
	long days = 0;
	for (int yy = 1970; yy < y; yy++)
		days += 365 + leap(yy);
	for (int mm = 1; mm < m; mm++)
		days += mdays[mm - 1] + (mm == 2 && leap(y));
	*ret = days + d - 1;
	return 0;
}

__attribute__((format(printf, 2, 3))) static int fail(char **ret_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(ret_error, fmt, ap) < 0)
		*ret_error = NULL;
	va_end(ap);
	return -EINVAL;
}

static bool id_in_any_edition(const char *id)
{
	size_t n;
	const struct benchmark *const *all = benchmarks_all(&n);
	for (size_t i = 0; i < n; i++)
		if (benchmark_check(all[i], id))
			return true;
	return false;
}

/* A check's stable key in some edition ("content-trust"): a waiver may name it instead of an
 * id, and then applies to that recommendation in every edition that has it. */
static bool key_in_any_edition(const char *key)
{
	size_t n;
	const struct benchmark *const *all = benchmarks_all(&n);
	for (size_t i = 0; i < n; i++)
		if (benchmark_check_by_key(all[i], key))
			return true;
	return false;
}

static int parse_entry(const cJSON *e, size_t idx, long today, const char *file_benchmark,
		       struct waiver *w, char **ret_error)
{
	static const char *const keys[] = {"check", "object",  "reason",
					   "owner", "expires", "benchmark"};
	if (!cJSON_IsObject(e))
		return fail(ret_error, "waiver %zu: not an object", idx);
	const cJSON *it;
	cJSON_ArrayForEach(it, e)
	{
		/* jq and Python keep the last of two equal keys, cJSON the first: a file whose
		 * meaning depends on the reader is refused */
		for (const cJSON *prev = e->child; prev != it; prev = prev->next)
			if (prev->string && it->string && strcmp(prev->string, it->string) == 0)
				return fail(ret_error, "waiver %zu: duplicate field '%s'", idx,
					    it->string);
		bool known = false;
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
			known |= it->string && strcmp(it->string, keys[k]) == 0;
		/* a misspelt "expires" must not silently make a waiver permanent */
		if (!known)
			return fail(ret_error,
				    "waiver %zu: unknown field '%s' (fields: check, object, "
				    "reason, owner, expires, benchmark)",
				    idx, it->string ? it->string : "");
		if (!cJSON_IsString(it) || !it->valuestring)
			return fail(ret_error, "waiver %zu: '%s' must be a string", idx,
				    it->string);
	}
	const char *check = json_get_string(e, "check");
	const char *reason = json_get_string(e, "reason");
	const char *expires = json_get_string(e, "expires");
	if (!check || !*check)
		return fail(ret_error, "waiver %zu: 'check' is required", idx);
	const char *bench = json_get_string(e, "benchmark");
	if (!bench)
		bench = file_benchmark;
	const struct benchmark *bm = bench ? benchmark_find(bench) : NULL;
	if (bench && !bm)
		return fail(ret_error, "waiver %zu (check %s): unknown benchmark '%s' (%s)", idx,
			    check, bench, benchmark_options());
	/* an id of the declared edition (else of any), or a key, which every edition shares */
	bool by_key = false;
	if (bm ? !benchmark_check(bm, check) : !id_in_any_edition(check)) {
		by_key = key_in_any_edition(check);
		if (!by_key)
			return fail(ret_error,
				    "waiver %zu: no check '%s' in %s, and no check has it as "
				    "its key",
				    idx, check, bm ? benchmark_label(bm) : "any benchmark edition");
	}
	if (!reason || !*reason)
		return fail(ret_error, "waiver %zu (check %s): 'reason' is required", idx, check);
	long day = 0;
	if (expires && parse_date(expires, &day) < 0)
		return fail(ret_error,
			    "waiver %zu (check %s): 'expires' must be a date YYYY-MM-DD, "
			    "not '%s'",
			    idx, check, expires);
	const char *object = json_get_string(e, "object");
	if (object && !*object)
		return fail(ret_error,
			    "waiver %zu (check %s): 'object' is empty; leave it out to "
			    "waive the whole check",
			    idx, check);
	*w = (struct waiver){
	    .check = xstrdup(check),
	    .object = xstrdup(object),
	    .reason = xstrdup(reason),
	    .owner = xstrdup(json_get_string(e, "owner")),
	    .expires = xstrdup(expires),
	    .expired = expires && day < today, /* valid through the whole expiry day (UTC) */
	    .index = idx,
	    .benchmark = bm ? xstrdup(bm->option) : NULL,
	    .by_key = by_key,
	};
	if (!w->check || !w->reason || (object && !w->object) || (expires && !w->expires) ||
	    (bm && !w->benchmark)) {
		waiver_release(w);
		return -ENOMEM;
	}
	return 0;
}

/*
 * What cJSON would accept but other readers of the same file would not: a NUL byte, a \u0000
 * escape (cJSON cuts the string there, so "5.1\u0000x" would read as "5.1"), and text after the
 * document. 0, or -EINVAL with the position.
 */
static int lint_text(const char *text, size_t len, size_t doc_end, char **ret_error)
{
	bool in_string = false;
	unsigned line, col;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (ch == '\0') {
			position(text, i, &line, &col);
			return fail(ret_error, "a NUL byte at line %u, column %u", line, col);
		}
		if (i >= doc_end) {
			if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
				position(text, i, &line, &col);
				return fail(ret_error,
					    "text after the JSON document at line %u, "
					    "column %u",
					    line, col);
			}
			continue;
		}
		if (ch == '"') {
			in_string = !in_string;
		} else if (in_string && ch == '\\' && i + 1 < len) {
			if (text[i + 1] == 'u' && i + 5 < len && text[i + 2] == '0' &&
			    text[i + 3] == '0' && text[i + 4] == '0' && text[i + 5] == '0') {
				position(text, i, &line, &col);
				return fail(ret_error,
					    "a NUL character (\\u0000) in a string at line "
					    "%u, column %u",
					    line, col);
			}
			i++; /* the escaped character */
		}
	}
	return 0;
}

int waivers_parse(const char *text, size_t len, const char *file, time_t now,
		  struct waiver_set **ret, char **ret_error)
{
	*ret_error = NULL;
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (root &&
	    lint_text(text, len, end && end >= text ? (size_t)(end - text) : len, ret_error) < 0) {
		cJSON_Delete(root);
		return -EINVAL;
	}
	if (!root) {
		unsigned line, col;
		const char *at = cJSON_GetErrorPtr();
		size_t off = at && at >= text && at <= text + len ? (size_t)(at - text) : 0;
		position(text, off, &line, &col);
		return fail(ret_error, "malformed JSON at line %u, column %u", line, col);
	}
	const cJSON *arr = json_get(root, "waivers");
	int r = 0;
	size_t lists = 0;
	for (const cJSON *k = cJSON_IsObject(root) ? root->child : NULL; k; k = k->next)
		lists += k->string && strcmp(k->string, "waivers") == 0;
	if (lists > 1) {
		r = fail(ret_error, "duplicate key 'waivers' at the top level");
		goto out;
	}
	if (!cJSON_IsObject(root) || !cJSON_IsArray(arr)) {
		r = fail(ret_error, "expected an object with a \"waivers\" array");
		goto out;
	}
	const cJSON *fb = json_get(root, "benchmark");
	if (fb && (!cJSON_IsString(fb) || !benchmark_find(fb->valuestring))) {
		r = fail(ret_error, "'benchmark' must be one of %s", benchmark_options());
		goto out;
	}
	const char *file_benchmark = fb ? benchmark_find(fb->valuestring)->option : NULL;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (n > WAIVERS_MAX_ENTRIES) {
		r = fail(ret_error, "more than %d waivers", WAIVERS_MAX_ENTRIES);
		goto out;
	}
	struct waiver_set *w = calloc(1, sizeof(*w));
	if (!w || !(w->items = calloc(n ? n : 1, sizeof(*w->items))) ||
	    !(w->file = xstrdup(file ? file : "waivers")) ||
	    (file_benchmark && !(w->benchmark = xstrdup(file_benchmark)))) {
		waivers_free(w);
		r = -ENOMEM;
		goto out;
	}
	long today = (long)(now / 86400);
	const cJSON *e;
	size_t idx = 0;
	cJSON_ArrayForEach(e, arr)
	{
		r = parse_entry(e, ++idx, today, file_benchmark, &w->items[w->n], ret_error);
		if (r < 0) {
			waivers_free(w);
			goto out;
		}
		w->n++;
	}
	*ret = w;
out:
	cJSON_Delete(root);
	return r;
}

int waivers_load(const char *file, time_t now, struct waiver_set **ret, char **ret_error)
{
	*ret_error = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_file_capped(file, WAIVERS_MAX_FILE, &text, &len);
	if (r < 0) {
		*ret_error = r == -EINVAL ? xasprintf("'%s' is not a regular file", file)
			     : r == -EFBIG
				 ? xasprintf("'%s' is larger than %u bytes", file, WAIVERS_MAX_FILE)
				 : xasprintf("cannot read '%s': %s", file, strerror(-r));
		return r;
	}
	char *err = NULL;
	r = waivers_parse(text, len, file, now, ret, &err);
	if (r < 0) {
		*ret_error = err ? xasprintf("%s: %s", file, err) : NULL;
		free(err);
	}
	return r;
}

/* The first valid waiver for (check, name); with expired, the first expired one instead. */
static struct waiver *waiver_find(struct waiver_set *w, const char *key, const char *name,
				  bool expired)
{
	for (size_t i = 0; i < w->n; i++) {
		struct waiver *x = &w->items[i];
		if (x->expired != expired || !x->key || strcmp(x->key, key) != 0)
			continue;
		if (!x->object || (name && glob_match(x->object, name)))
			return x;
	}
	return NULL;
}

static void apply_result(struct waiver_set *w, struct result *res, struct report *r)
{
	size_t failing = 0, waived = 0, errors = 0;
	for (size_t i = 0; i < res->n_findings; i++) {
		struct finding *f = &res->findings[i];
		if (f->error) {
			errors++;
			continue;
		}
		failing++;
		struct waiver *x =
		    waiver_find(w, res->check->key ? res->check->key : "", f->name, false);
		if (x) {
			f->waived = true;
			f->waiver = x;
			x->used++;
			waived++;
		} else if ((x = waiver_find(w, res->check->key ? res->check->key : "", f->name,
					    true))) {
			x->matched_expired++;
		}
	}
	if (failing == 0 && errors == 0) {
		/* a check that fails as a whole: only a waiver without object covers it */
		struct waiver *x =
		    waiver_find(w, res->check->key ? res->check->key : "", NULL, false);
		if (x && !x->object) {
			res->waived = true;
			res->waiver = x;
			x->used++;
		} else if ((x = waiver_find(w, res->check->key ? res->check->key : "", NULL,
					    true)) &&
			   !x->object) {
			x->matched_expired++;
		}
	} else if (failing > 0 && waived == failing) {
		if (errors) {
			/* the accepted failures leave objects that could not be judged */
			_cleanup_free_ char *d = TAKE_PTR(res->detail);
			result_error(res,
				     "%s; every failure is waived, but %zu object%s could not be "
				     "judged",
				     d ? d : "", errors, errors == 1 ? "" : "s");
			r->summary[DA_FAIL]--;
			r->summary[DA_ERROR]++;
			return;
		}
		res->waived = true;
	}
	if (res->waived) {
		r->summary[DA_FAIL]--;
		r->waived++;
	}
}

/*
 * Which recommendation of the audited edition each waiver names: its id read in the edition
 * it declares (else the audited one), then the same key in the audited edition. What was
 * mapped, what reads differently in another edition and what the edition lacks is said in
 * the waiver's note.
 */
static void resolve(struct waiver *x, const struct benchmark *bm)
{
	const struct benchmark *src = x->benchmark ? benchmark_find(x->benchmark) : bm;
	free(x->note);
	x->note = NULL;
	x->key = x->applies_to = NULL;
	x->mapped = x->absent = false;
	if (x->by_key) {
		/* a key means the same recommendation in every edition: no edition to read it in */
		const struct check *k = benchmark_check_by_key(bm, x->check);
		if (!k) {
			x->absent = true;
			x->note = xasprintf("the key '%s' names no check of the %s", x->check,
					    benchmark_label(bm));
			return;
		}
		x->key = k->key;
		x->applies_to = k->id;
		x->mapped = true;
		x->note = xasprintf("the key %s is %s %s", x->check, benchmark_label(bm), k->id);
		return;
	}
	const struct check *c =
	    src && benchmark_same_family(src, bm) ? benchmark_check(src, x->check) : NULL;
	const struct check *t = c ? benchmark_check_by_key(bm, c->key) : NULL;
	if (!t) {
		x->absent = true;
		x->note = !src || !benchmark_same_family(src, bm)
			      ? xasprintf("written for the %s, not this benchmark",
					  src ? benchmark_label(src) : "?")
			  : c ? xasprintf("%s %s has no counterpart in the %s",
					  benchmark_label(src), x->check, benchmark_label(bm))
			      : xasprintf("no check '%s' in the %s", x->check, benchmark_label(bm));
		return;
	}
	x->key = t->key;
	x->applies_to = t->id;
	if (src != bm && strcmp(t->id, x->check) != 0) {
		x->mapped = true;
		x->note = xasprintf("v%s %s is v%s %s (%s)", src->version, x->check, bm->version,
				    t->id, t->key);
		return;
	}
	if (x->benchmark)
		return;
	/* the file does not say its edition: does this id mean something else elsewhere? */
	size_t n;
	const struct benchmark *const *all = benchmarks_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct check *o = all[i] != bm && benchmark_same_family(all[i], bm)
					    ? benchmark_check(all[i], x->check)
					    : NULL;
		if (o && strcmp(o->key, t->key) != 0) {
			x->note =
			    xasprintf("read as v%s %s (%s); in v%s, %s is %s: add \"benchmark\": "
				      "\"%s\" to the file if it was written for that edition",
				      bm->version, x->check, t->key, all[i]->version, x->check,
				      o->key, all[i]->option);
			return;
		}
	}
}

void waivers_apply(struct waiver_set *w, struct report *r)
{
	if (!w || r->waivers == w)
		return;
	r->waivers = w;
	for (size_t i = 0; i < w->n; i++)
		resolve(&w->items[i], report_benchmark(r));
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].status == DA_FAIL)
			apply_result(w, &r->results[i], r);
}
