/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "baseline.h"
#include "check.h"
#include "fuzz_common.h"
#include "json.h"
#include "report.h"
#include "strutil.h"

/*
 * baseline_parse on arbitrary text (an exact-size copy; after a NUL, the names of the failing
 * objects of the current report, one per line), then baseline_apply to a report over
 * every check, then a writer (one per input, picked by a hash of it) (the baseline's ids, kinds and
 * names end up in the report). The changes are checked against the semantics of include/baseline.h,
 * worked out again here from the same JSON. A failure is compared only when its check ended
 * PASS or FAIL in both reports (else it is unknown): then every failure of the report that the
 * baseline lacks (and did not list as an object it could not judge or left out of its scope) is
 * new and nothing else is; every failure of the baseline that no longer fails (and is not an
 * object this run could not judge) is resolved and nothing else is; is_new marks exactly the
 * checks with new items. A baseline the oracle cannot read the same way (a result id given
 * twice, a "key" of its own, another edition) is checked for the invariants only.
 */

#define MAX_NAMES 8
#define MAX_KEYS 512

/* A failure identified across runs: (id, kind, name), or (id) alone for a check that fails
 * without failing objects. A NULL kind or name counts as "", as for the baseline. */
struct fkey {
	const char *id, *kind, *name;
	bool check_level;
};

struct fkeys {
	struct fkey v[MAX_KEYS];
	size_t n;
	bool overflow;
};

static bool fkey_eq(const struct fkey *a, const struct fkey *b)
{
	if (a->check_level != b->check_level || strcmp(a->id, b->id) != 0)
		return false;
	return a->check_level || (strcmp(a->kind ? a->kind : "", b->kind ? b->kind : "") == 0 &&
				  strcmp(a->name ? a->name : "", b->name ? b->name : "") == 0);
}

static bool fkeys_has(const struct fkeys *s, const struct fkey *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (fkey_eq(&s->v[i], k))
			return true;
	return false;
}

static void fkeys_add(struct fkeys *s, struct fkey k)
{
	if (fkeys_has(s, &k))
		return;
	if (s->n == MAX_KEYS)
		s->overflow = true;
	else
		s->v[s->n++] = k;
}

/* What the report fails on now (with errors, the objects it could not judge instead). */
static void current_failures(const struct report *r, struct fkeys *s, bool errors)
{
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (errors) {
			for (size_t k = 0; k < res->n_findings; k++)
				if (res->findings[k].error)
					fkeys_add(s, (struct fkey){res->check->id,
								   res->findings[k].kind
								       ? res->findings[k].kind
								       : "",
								   res->findings[k].name, false});
			continue;
		}
		if (res->status != DA_FAIL)
			continue;
		size_t nf = 0;
		for (size_t k = 0; k < res->n_findings; k++) {
			const struct finding *f = &res->findings[k];
			if (f->error)
				continue;
			fkeys_add(s, (struct fkey){res->check->id, f->kind, f->name, false});
			nf++;
		}
		if (!nf)
			fkeys_add(s, (struct fkey){res->check->id, NULL, NULL, true});
	}
}

/* What the baseline report failed on (with errors, the objects it could not judge), read
 * again from its JSON (the reference semantics of include/baseline.h, kept independent of
 * baseline.c). */
static void baseline_failures(const cJSON *root, struct fkeys *s, bool errors)
{
	const cJSON *res;
	cJSON_ArrayForEach(res, json_get_array(root, "results"))
	{
		const char *id = json_get_string(res, "id");
		const char *status = json_get_string(res, "status");
		if (!id || !status || (!errors && strcmp(status, "fail") != 0))
			continue;
		size_t nf = 0;
		const cJSON *f;
		cJSON_ArrayForEach(f, json_get_array(res, "findings"))
		{
			bool err = false;
			bool is_err = json_get_bool(f, "error", &err) == 0 && err;
			if (errors && is_err)
				fkeys_add(s, (struct fkey){id,
							   json_get_string(f, "kind")
							       ? json_get_string(f, "kind")
							       : "",
							   json_get_string(f, "name"), false});
			if (errors || is_err)
				continue;
			fkeys_add(s, (struct fkey){id, json_get_string(f, "kind"),
						   json_get_string(f, "name"), false});
			nf++;
		}
		if (!nf && !errors)
			fkeys_add(s, (struct fkey){id, NULL, NULL, true});
	}
}

static bool judged(const char *status)
{
	return status && (strcmp(status, "pass") == 0 || strcmp(status, "fail") == 0);
}

/* The check is compared: PASS or FAIL in both reports. */
static bool compared(const struct report *r, const cJSON *root, const char *id)
{
	bool now = false, then = false;
	for (size_t i = 0; i < r->n_results; i++)
		if (strcmp(r->results[i].check->id, id) == 0)
			now = r->results[i].status == DA_PASS || r->results[i].status == DA_FAIL;
	const cJSON *res;
	cJSON_ArrayForEach(res, json_get_array(root, "results"))
	{
		const char *rid = json_get_string(res, "id");
		if (rid && strcmp(rid, id) == 0)
			then = judged(json_get_string(res, "status"));
	}
	return now && then;
}

/* A container the baseline left out of its scope. */
static bool left_out_then(const cJSON *root, const struct fkey *k)
{
	if (k->check_level || !k->kind || strcmp(k->kind, "container") != 0)
		return false;
	const cJSON *e;
	cJSON_ArrayForEach(e, json_get(root, "scope.containers.left_out_names"))
	{
		const char *n = cJSON_IsString(e) ? e->valuestring : json_get_string(e, "name");
		if (n && strcmp(n, k->name ? k->name : "") == 0)
			return true;
	}
	return false;
}

/* The oracle reads the baseline as baseline.c does only for one result per id, no "key" of
 * its own and the report's edition. */
static bool oracle_applies(const cJSON *root)
{
	const char *v = json_get_string(root, "benchmark.version");
	if (json_get(root, "benchmark.version") && (!v || strcmp(v, "1.6.0") != 0))
		return false;
	const cJSON *a, *b;
	cJSON_ArrayForEach(a, json_get_array(root, "results"))
	{
		if (json_get(a, "key"))
			return false;
		const char *ida = json_get_string(a, "id");
		for (b = a->next; b && ida; b = b->next) {
			const char *idb = json_get_string(b, "id");
			if (idb && strcmp(ida, idb) == 0)
				return false;
		}
	}
	return true;
}

static struct fkey change_key(const struct report_change *c)
{
	return (struct fkey){c->id, c->kind, c->name, c->kind == NULL};
}

/* new = failing now and not in the baseline; resolved = failing in the baseline, run now and
 * no longer failing. Both ways: nothing missing, nothing extra. */
static void check_changes(const struct report *r, const char *text, size_t len)
{
	static struct fkeys now, then, now_err, then_err, got_new, got_resolved;
	now.n = then.n = now_err.n = then_err.n = got_new.n = got_resolved.n = 0;
	now.overflow = then.overflow = got_new.overflow = got_resolved.overflow = false;
	now_err.overflow = then_err.overflow = false;
	cJSON *root = json_parse(text, len);
	if (!root)
		fuzz_fail("baseline_parse accepted what is not JSON");
	current_failures(r, &now, false);
	current_failures(r, &now_err, true);
	baseline_failures(root, &then, false);
	baseline_failures(root, &then_err, true);
	for (size_t i = 0; i < r->n_new; i++)
		fkeys_add(&got_new, change_key(&r->new_items[i]));
	for (size_t i = 0; i < r->n_resolved; i++)
		fkeys_add(&got_resolved, change_key(&r->resolved_items[i]));
	if (now.overflow || then.overflow || got_new.overflow || got_resolved.overflow ||
	    now_err.overflow || then_err.overflow) {
		cJSON_Delete(root);
		return;
	}
	bool exact = oracle_applies(root);
	for (size_t i = 0; i < now.n && exact; i++) {
		bool want = compared(r, root, now.v[i].id) && !fkeys_has(&then, &now.v[i]) &&
			    !fkeys_has(&then_err, &now.v[i]) && !left_out_then(root, &now.v[i]);
		if (want != fkeys_has(&got_new, &now.v[i]))
			fuzz_fail("%s %s '%s' should %sbe new", now.v[i].id,
				  now.v[i].kind ? now.v[i].kind : "(check)",
				  now.v[i].name ? now.v[i].name : "", want ? "" : "not ");
	}
	for (size_t i = 0; i < got_new.n; i++)
		if (!fkeys_has(&now, &got_new.v[i]))
			fuzz_fail("new item %s is not a failure of this report", got_new.v[i].id);
	for (size_t i = 0; i < then.n && exact; i++) {
		bool want = compared(r, root, then.v[i].id) && !fkeys_has(&now, &then.v[i]) &&
			    !fkeys_has(&now_err, &then.v[i]);
		if (want != fkeys_has(&got_resolved, &then.v[i]))
			fuzz_fail("%s %s '%s' should %sbe resolved", then.v[i].id,
				  then.v[i].kind ? then.v[i].kind : "(check)",
				  then.v[i].name ? then.v[i].name : "", want ? "" : "not ");
	}
	for (size_t i = 0; i < got_resolved.n; i++)
		if (!fkeys_has(&then, &got_resolved.v[i]))
			fuzz_fail("resolved item %s was not a failure of the baseline",
				  got_resolved.v[i].id);
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		bool want = false;
		for (size_t k = 0; k < got_new.n && !want; k++)
			want = strcmp(got_new.v[k].id, res->check->id) == 0;
		if (res->is_new != want)
			fuzz_fail("check %s is_new=%d, its new items say %d", res->check->id,
				  res->is_new, want);
	}
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	_cleanup_free_ char *text = fuzz_memdup(data, tlen);
	struct baseline *b = NULL;
	_cleanup_free_ char *err = NULL;
	int r = baseline_parse(text, tlen, &b, &err);
	if (r < 0) {
		if (b)
			fuzz_fail("baseline_parse failed but returned a baseline");
		if (r == -EINVAL && !err)
			fuzz_fail("baseline_parse refused the file without saying why");
		return 0;
	}
	/* the names of the failing objects: after a NUL, one per line (they come from the
	 * daemon, so they may hold anything); a few fixed ones otherwise */
	static char web[] = "web-1", db[] = "db", file[] = "/etc/docker/daemon.json";
	char *names[MAX_NAMES] = {web, db, file};
	size_t n = 3;
	_cleanup_free_ char *list = nul ? fuzz_strndup(nul + 1, size - tlen - 1) : NULL;
	if (list)
		n = 0;
	for (char *p = list, *e; p && n < MAX_NAMES; p = e ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		names[n++] = p;
	}
	struct report rep;
	fuzz_small_report(&rep, names, n);
	if (baseline_apply(b, &rep) < 0)
		fuzz_fail("baseline_apply failed");
	if (!rep.has_baseline)
		fuzz_fail("baseline_apply did not mark the report");
	check_changes(&rep, text, tlen);
	fuzz_render_formats(&rep, fuzz_format_pick(data, size));
	baseline_release_changes(&rep);
	report_release(&rep);
	baseline_free(b);
	return 0;
}
