/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include <cjson/cJSON.h>
#include "check.h"
#include "fuzz_common.h"
#include "report.h"
#include "strutil.h"
#include "waivers.h"

/*
 * waivers_parse on arbitrary text (an exact-size copy: the parser gets a length, not a string),
 * then waivers_apply to a report over every check whose findings carry the names given after a
 * NUL (one per line; a few fixed ones otherwise), then a writer (one per input, picked by a hash of
 * it). What the summary says must add up, a waived finding must be covered by a valid waiver of its
 * check whose object glob matches its name, and applying twice changes nothing.
 */

#define NOW 1767225600 /* 2026-01-01 */
#define MAX_NAMES 8

static void check_applied(const struct waiver_set *w, const struct report *r)
{
	unsigned total = r->waived;
	for (int s = 0; s < _DA_STATUS_MAX; s++)
		total += r->summary[s];
	if (total != r->n_results)
		fuzz_fail("summary counts %u results, the report has %zu", total, r->n_results);
	unsigned waived = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (res->waived) {
			waived++;
			if (res->status != DA_FAIL)
				fuzz_fail("check %s is waived but did not fail", res->check->id);
		}
		if (res->waiver && (res->waiver < w->items || res->waiver >= w->items + w->n))
			fuzz_fail("check %s names a waiver not in the set", res->check->id);
		if (res->waiver &&
		    (res->waiver->object || res->waiver->expired || !res->waiver->key ||
		     strcmp(res->waiver->key, res->check->key) != 0))
			fuzz_fail("check %s is waived as a whole by a waiver that cannot",
				  res->check->id);
		for (size_t k = 0; k < res->n_findings; k++) {
			const struct finding *f = &res->findings[k];
			if (!f->waived)
				continue;
			const struct waiver *x = f->waiver;
			if (!x || x < w->items || x >= w->items + w->n)
				fuzz_fail("a waived finding without a waiver of the set");
			if (f->error || x->expired || !x->key ||
			    strcmp(x->key, res->check->key) != 0 ||
			    (x->object && !glob_match(x->object, f->name ? f->name : "")))
				fuzz_fail("finding '%s' of %s is waived by a waiver that does not "
					  "cover it",
					  f->name ? f->name : "", res->check->id);
		}
	}
	if (waived != r->waived)
		fuzz_fail("%u waived checks, the summary says %u", waived, r->waived);
}

/*
 * An accepted file means the same to every JSON reader (issue 15): no key twice in an entry or
 * at the top, nothing after the document, no \u0000 that cJSON would cut a string at.
 */
static void check_read_alike(const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!root)
		fuzz_fail("an accepted waiver file that cJSON does not parse");
	for (const char *p = end; p < text + len; p++)
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			fuzz_fail("an accepted waiver file with text after the document");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "waivers");
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		for (const cJSON *a = e->child; a; a = a->next)
			for (const cJSON *b = a->next; b; b = b->next)
				if (a->string && b->string && strcmp(a->string, b->string) == 0)
					fuzz_fail("an accepted waiver with '%s' twice", a->string);
	}
	size_t lists = 0;
	for (const cJSON *k = root->child; k; k = k->next)
		lists += k->string && strcmp(k->string, "waivers") == 0;
	if (lists > 1)
		fuzz_fail("an accepted waiver file with two waivers lists");
	if (memchr(text, '\0', len))
		fuzz_fail("an accepted waiver file with a NUL byte");
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	_cleanup_free_ char *text = fuzz_memdup(data, tlen);
	struct waiver_set *w = NULL;
	_cleanup_free_ char *err = NULL;
	int r = waivers_parse(text, tlen, "waivers.json", NOW, &w, &err);
	if (r < 0) {
		if (w)
			fuzz_fail("waivers_parse failed but returned a set");
		if (r == -EINVAL && !err)
			fuzz_fail("waivers_parse refused the file without saying why");
		return 0;
	}
	if (err)
		fuzz_fail("waivers_parse succeeded with an error message");
	check_read_alike(text, tlen);
	for (size_t i = 0; i < w->n; i++) {
		const struct waiver *x = &w->items[i];
		/* the id is one of the edition the waiver declares, else of some edition */
		const struct benchmark *bm = x->benchmark ? benchmark_find(x->benchmark) : NULL;
		bool known =
		    x->check && (bm ? benchmark_check(bm, x->check) != NULL
				    : benchmark_check(benchmark_find("1.6.0"), x->check) ||
					  benchmark_check(benchmark_find("1.7.0"), x->check) ||
					  benchmark_check(benchmark_find("1.8.0"), x->check));
		/* or a stable key, which means the same check in every edition */
		if (x->check && !known && x->by_key) {
			size_t nb;
			const struct benchmark *const *all = benchmarks_all(&nb);
			for (size_t b = 0; b < nb && !known; b++)
				known = benchmark_check_by_key(all[b], x->check) != NULL;
		}
		if (x->benchmark && !bm)
			fuzz_fail("waiver %zu was accepted with an unknown benchmark", i + 1);
		if (!known || !x->reason || !*x->reason || (x->object && !*x->object))
			fuzz_fail("waiver %zu was accepted without what it requires", i + 1);
	}

	char *names[MAX_NAMES];
	size_t n = 0;
	_cleanup_free_ char *list = nul ? fuzz_strndup(nul + 1, size - tlen - 1) : NULL;
	for (char *p = list, *e; p && n < MAX_NAMES; p = e ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		names[n++] = p;
	}
	if (!list) {
		static char web[] = "web-1", db[] = "db", file[] = "/etc/docker/daemon.json";
		names[n++] = web;
		names[n++] = db;
		names[n++] = file;
	}

	struct report rep;
	fuzz_small_report(&rep, names, n);
	waivers_apply(w, &rep);
	check_applied(w, &rep);
	unsigned before[_DA_STATUS_MAX + 1];
	memcpy(before, rep.summary, sizeof(rep.summary));
	before[_DA_STATUS_MAX] = rep.waived;
	waivers_apply(w, &rep);
	if (memcmp(before, rep.summary, sizeof(rep.summary)) != 0 ||
	    before[_DA_STATUS_MAX] != rep.waived)
		fuzz_fail("waivers_apply is not idempotent");
	fuzz_render_formats(&rep, fuzz_format_pick(data, size));
	report_release(&rep);
	waivers_free(w);
	return 0;
}
