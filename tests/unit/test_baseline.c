/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>
#include "baseline.h"
#include "check.h"
#include "report.h"

/* Yesterday: 5.16 failed on web and db, 4.5 failed as a whole, 5.5 passed, 1.1.6 failed. */
static const char yesterday[] =
    "{\"schema_version\": 1, \"started_at\": \"2026-11-21T02:00:00Z\", \"results\": ["
    "{\"id\": \"5.16\", \"status\": \"fail\", \"findings\": ["
    "  {\"kind\": \"container\", \"name\": \"web\", \"detail\": \"PidMode=host\"},"
    "  {\"kind\": \"container\", \"name\": \"db\", \"detail\": \"PidMode=host\"},"
    "  {\"kind\": \"container\", \"name\": \"gone\", \"detail\": \"x\", \"error\": true}]},"
    "{\"id\": \"4.5\", \"status\": \"fail\", \"findings\": []},"
    "{\"id\": \"5.5\", \"status\": \"pass\", \"findings\": []},"
    "{\"id\": \"1.1.6\", \"status\": \"fail\", \"findings\": ["
    "  {\"kind\": \"file\", \"name\": \"/etc/docker\", \"detail\": \"no watch\"}]}]}";

static struct baseline *load(const char *text)
{
	struct baseline *b = NULL;
	char *err = NULL;
	if (baseline_parse(text, strlen(text), &b, &err) < 0)
		fail_msg("baseline: %s", err ? err : "?");
	return b;
}

static bool has_change(const struct report_change *v, size_t n, const char *id, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0 &&
		    ((!name && !v[i].name) || (name && v[i].name && strcmp(v[i].name, name) == 0)))
			return true;
	return false;
}

static void test_new_and_resolved(void **state)
{
	struct baseline *b = load(yesterday);
	/* today: 5.16 fails on web and cache (db fixed), 4.5 passes now, 5.5 fails on priv;
	 * 1.1.6 was not run today, so it resolves nothing */
	struct result res[3] = {{.check = checks_find("4.5")},
				{.check = checks_find("5.5")},
				{.check = checks_find("5.16")}};
	result_pass(&res[0], "ok");
	result_fail(&res[1], "1");
	result_add(&res[1],
		   &(struct finding_spec){.kind = "container", .name = "priv", .detail = "x"});
	result_fail(&res[2], "2");
	result_add(&res[2],
		   &(struct finding_spec){.kind = "container", .name = "web", .detail = "x"});
	result_add(&res[2],
		   &(struct finding_spec){.kind = "container", .name = "cache", .detail = "x"});
	struct report r = {.results = res, .n_results = 3};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_true(r.has_baseline);
	assert_string_equal(r.baseline_started_at, "2026-11-21T02:00:00Z");
	assert_int_equal(r.n_new, 2);
	assert_true(has_change(r.new_items, r.n_new, "5.5", "priv"));
	assert_true(has_change(r.new_items, r.n_new, "5.16", "cache"));
	assert_int_equal(r.n_resolved, 2);
	assert_true(has_change(r.resolved_items, r.n_resolved, "5.16", "db"));
	assert_true(has_change(r.resolved_items, r.n_resolved, "4.5", NULL));
	assert_false(res[0].is_new);
	assert_true(res[1].is_new);
	assert_true(res[2].is_new);
	baseline_release_changes(&r);
	for (int i = 0; i < 3; i++)
		result_release(&res[i]);
	baseline_free(b);
}

static void test_rejects(void **state)
{
	static const char *const bad[] = {
	    "",
	    "{",
	    "[]",
	    "{\"results\": []}",
	    "{\"schema_version\": 2, \"results\": []}",
	    "{\"schema_version\": 1, \"results\": [{\"id\": 5}]}",
	    /* a finding without a kind */
	    ("{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"fail\", "
	     "\"findings\": [{\"name\": \"x\"}]}]}"),
	    /* a member read twice: JSON readers disagree on which one counts (fuzz_baseline) */
	    ("{\"schema_version\": 1, \"results\": [{\"id\": \"1.1.3\", \"id\": \"5.16\", "
	     "\"status\": \"fail\"}]}"),
	    ("{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"pass\", "
	     "\"status\": \"fail\"}]}"),
	    ("{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"fail\", "
	     "\"findings\": [], \"findings\": [{\"kind\": \"container\", \"name\": \"x\"}]}]}"),
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct baseline *b = NULL;
		char *err = NULL;
		assert_int_equal(baseline_parse(bad[i], strlen(bad[i]), &b, &err), -EINVAL);
		assert_null(b);
		assert_non_null(err);
		free(err);
	}
}

/* A run whose daemon could not be reached is no baseline: refused, saying why (DESIGN 6). */
static void test_refuses_unreachable(void **state)
{
	static const char *const incomplete[] = {
	    ("{\"schema_version\": 1, \"started_at\": \"2026-12-01T03:17:00Z\", \"host\": "
	     "{\"daemon\": {\"reachable\": false, \"error\": \"connection refused\"}}, "
	     "\"results\": [{\"id\": \"5.5\", \"status\": \"error\"}]}"),
	    /* --format baseline records it at the top */
	    ("{\"schema_version\": 1, \"format\": \"baseline\", \"daemon_reachable\": false, "
	     "\"results\": []}"),
	};
	for (size_t i = 0; i < ARRAY_SIZE(incomplete); i++) {
		struct baseline *b = NULL;
		char *err = NULL;
		assert_int_equal(baseline_parse(incomplete[i], strlen(incomplete[i]), &b, &err),
				 -EINVAL);
		assert_null(b);
		assert_non_null(err);
		assert_non_null(strstr(err, "could not be reached"));
		assert_non_null(strstr(err, "not a baseline"));
		if (i == 0) {
			assert_non_null(strstr(err, "2026-12-01T03:17:00Z"));
			assert_non_null(strstr(err, "connection refused"));
		}
		free(err);
	}
	/* reachable, or not asked (null: no check needed the daemon): a baseline */
	static const char *const complete[] = {
	    ("{\"schema_version\": 1, \"host\": {\"daemon\": {\"reachable\": true}}, "
	     "\"results\": []}"),
	    ("{\"schema_version\": 1, \"host\": {\"daemon\": {\"reachable\": null}}, "
	     "\"results\": []}"),
	};
	for (size_t i = 0; i < ARRAY_SIZE(complete); i++)
		baseline_free(load(complete[i]));
}

static struct result failing(const char *id, const char *const *names)
{
	struct result res = {.check = checks_find(id)};
	assert_non_null(res.check);
	if (!names || !names[0]) {
		result_pass(&res, "ok");
		return res;
	}
	result_fail(&res, "fails");
	for (const char *const *n = names; *n; n++)
		result_add(&res,
			   &(struct finding_spec){.kind = "container", .name = *n, .detail = "x"});
	return res;
}

static void release_results(struct result *res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		result_release(&res[i]);
}

static const struct report_change *find_change(const struct report_change *v, size_t n,
					       const char *id, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0 &&
		    ((!name && !v[i].name) || (name && v[i].name && strcmp(v[i].name, name) == 0)))
			return &v[i];
	return NULL;
}

/*
 * Issue 13: a baseline taken with -a (5.5 failed on a created privileged container) and a run
 * without it (5.5 passes on the running ones; "priv" is listed but left out as not running):
 * priv is unknown, not resolved, and the warning says -a differed. The reverse (baseline
 * without -a, run with it) does not make priv new.
 */
static void test_all_containers_scope(void **state)
{
	struct baseline *b =
	    load("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
		 "\"version\": \"1.6.0\"}, \"started_at\": \"2026-12-01T03:17:00Z\", "
		 "\"scope\": {\"all_containers\": true, \"selection\": {\"checks\": null, "
		 "\"exclude\": [], \"level\": 0, \"include\": [], \"exclude_containers\": [], "
		 "\"labels\": []}, \"containers\": {\"left_out_names\": []}}, \"results\": ["
		 "{\"id\": \"5.5\", \"status\": \"fail\", \"findings\": [{\"kind\": \"container\", "
		 "\"name\": \"priv\"}, {\"kind\": \"container\", \"name\": \"fixed\"}]}]}");
	const char *const none[] = {NULL};
	struct result res[1] = {failing("5.5", none)};
	struct report_left_out left[] = {
	    {.name = "priv", .state = "created", .reason = "not_running"}};
	struct report r = {.results = res,
			   .n_results = 1,
			   .selection = {.known = true},
			   .scope = {.left_out = left, .n_left_out = 1}};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 0);
	/* "fixed" was running and judged: really resolved; priv was not judged now */
	assert_int_equal(r.n_resolved, 1);
	assert_non_null(find_change(r.resolved_items, r.n_resolved, "5.5", "fixed"));
	const struct report_change *u = find_change(r.unknown_items, r.n_unknown, "5.5", "priv");
	assert_non_null(u);
	assert_string_equal(u->kind, "container");
	assert_non_null(strstr(u->why, "this run's scope"));
	assert_non_null(r.baseline_warning);
	assert_null(strchr(r.baseline_warning, '\n'));
	assert_non_null(
	    strstr(r.baseline_warning, "-a (stopped containers) given in the baseline"));
	assert_non_null(strstr(r.baseline_warning, "compared on the overlap"));
	baseline_release_changes(&r);
	release_results(res, 1);
	baseline_free(b);

	/* the reverse: priv was left out of the baseline, and fails now with -a */
	b = load("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
		 "\"version\": \"1.6.0\"}, \"scope\": {\"all_containers\": false, \"selection\": "
		 "{\"checks\": null}, \"containers\": {\"left_out_names\": [{\"name\": \"priv\", "
		 "\"reason\": \"not_running\"}]}}, \"results\": ["
		 "{\"id\": \"5.5\", \"status\": \"pass\", \"findings\": []}]}");
	const char *const now[] = {"priv", "newone", NULL};
	res[0] = failing("5.5", now);
	r = (struct report){
	    .results = res, .n_results = 1, .all_containers = true, .selection = {.known = true}};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 1);
	assert_non_null(find_change(r.new_items, r.n_new, "5.5", "newone"));
	assert_non_null(find_change(r.unknown_items, r.n_unknown, "5.5", "priv"));
	assert_true(res[0].is_new); /* newone */
	assert_non_null(strstr(r.baseline_warning, "not given in the baseline, given now"));
	baseline_release_changes(&r);
	release_results(res, 1);
	baseline_free(b);
}

/* Issue 13: a baseline of -c 5 and a full run: what section 5 did not judge is unknown, not
 * new; the comparison is on section 5 only, and the warning names the selections. */
static void test_selection_overlap(void **state)
{
	struct baseline *b = load(
	    "{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
	    "\"version\": \"1.6.0\"}, \"scope\": {\"selection\": {\"checks\": [\"5\"]}}, "
	    "\"results\": [{\"id\": \"5.5\", \"status\": \"fail\", \"findings\": [{\"kind\": "
	    "\"container\", \"name\": \"priv\"}]}, {\"id\": \"5.16\", \"status\": \"pass\"}]}");
	const char *const priv[] = {"priv", NULL}, *const web[] = {"web", NULL};
	struct result res[4] = {{.check = checks_find("2.1")},
				{.check = checks_find("4.5")},
				failing("5.5", priv),
				failing("5.16", web)};
	result_fail(&res[0], "no");
	result_fail(&res[1], "no");
	/* this run: every check (selection.checks NULL) */
	struct report r = {.results = res, .n_results = 4, .selection = {.known = true}};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 1); /* 5.16 on web: section 5 was judged both times */
	assert_non_null(find_change(r.new_items, r.n_new, "5.16", "web"));
	assert_int_equal(r.n_resolved, 0);
	assert_int_equal(r.n_unknown, 2);
	assert_non_null(find_change(r.unknown_items, r.n_unknown, "2.1", NULL));
	const struct report_change *u = find_change(r.unknown_items, r.n_unknown, "4.5", NULL);
	assert_non_null(u);
	assert_non_null(strstr(u->why, "not run in the baseline"));
	assert_false(res[0].is_new);
	assert_false(res[1].is_new);
	assert_true(res[3].is_new);
	assert_non_null(strstr(r.baseline_warning, "checks 5 in the baseline, all now"));
	baseline_release_changes(&r);
	release_results(res, 4);
	baseline_free(b);

	/* the same baseline, the same scope: no warning */
	b = load("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
		 "\"version\": \"1.6.0\"}, \"scope\": {\"all_containers\": false, \"selection\": "
		 "{\"checks\": [\"5\", \"4\"], \"level\": 1}}, \"results\": []}");
	char *sel[] = {"4", "5", NULL};
	r = (struct report){.selection = {.known = true, .checks = sel, .level = 1}};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_null(r.baseline_warning);
	baseline_release_changes(&r);
	baseline_free(b);
}

/* ERROR, SKIP or MANUAL in either run, or an object not judged: unknown, never new/resolved */
static void test_unjudged_is_unknown(void **state)
{
	struct baseline *b =
	    load("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
		 "\"version\": \"1.6.0\"}, \"results\": ["
		 "{\"id\": \"5.16\", \"status\": \"error\", \"findings\": []},"
		 "{\"id\": \"2.1\", \"status\": \"fail\", \"findings\": []},"
		 "{\"id\": \"5.5\", \"status\": \"fail\", \"findings\": [{\"kind\": \"container\", "
		 "\"name\": \"web\"}, {\"kind\": \"container\", \"name\": \"db\"}, {\"kind\": "
		 "\"container\", \"name\": \"cache\", \"error\": true}]}]}");
	const char *const web[] = {"web", NULL}, *const cache[] = {"cache", NULL};
	struct result res[3] = {
	    failing("5.16", web), {.check = checks_find("2.1")}, failing("5.5", cache)};
	result_skip(&res[1], "no swarm");
	/* db could not be inspected this time */
	result_add(&res[2],
		   &(struct finding_spec){
		       .kind = "container", .name = "db", .detail = "gone", .error = true});
	struct report r = {.results = res, .n_results = 3};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 0);
	assert_int_equal(r.n_resolved, 1); /* web on 5.5 */
	assert_non_null(find_change(r.resolved_items, r.n_resolved, "5.5", "web"));
	const struct report_change *u;
	assert_non_null(u = find_change(r.unknown_items, r.n_unknown, "5.16", NULL));
	assert_non_null(strstr(u->why, "ERROR in the baseline"));
	assert_non_null(u = find_change(r.unknown_items, r.n_unknown, "2.1", NULL));
	assert_non_null(strstr(u->why, "SKIP this time"));
	assert_non_null(u = find_change(r.unknown_items, r.n_unknown, "5.5", "db"));
	assert_non_null(strstr(u->why, "could not be judged this time"));
	assert_non_null(u = find_change(r.unknown_items, r.n_unknown, "5.5", "cache"));
	assert_non_null(strstr(u->why, "could not be judged in the baseline"));
	assert_false(res[0].is_new);
	assert_false(res[2].is_new);
	/* an old report without a scope record: said so, once */
	assert_non_null(strstr(r.baseline_warning, "does not record its scope"));
	baseline_release_changes(&r);
	release_results(res, 3);
	baseline_free(b);
}

/* New failures come sorted by severity (critical first), then by numeric id, with titles. */
static void test_new_sorted(void **state)
{
	struct baseline *b = load("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker "
				  "Benchmark\", \"version\": \"1.6.0\"}, \"results\": ["
				  "{\"id\": \"5.4\", \"status\": \"pass\"},"
				  "{\"id\": \"5.11\", \"status\": \"pass\"},"
				  "{\"id\": \"5.30\", \"status\": \"pass\"},"
				  "{\"id\": \"5.5\", \"status\": \"pass\"}]}");
	const char *const a[] = {"a", NULL};
	struct result res[4] = {failing("5.11", a), failing("5.30", a), failing("5.4", a),
				failing("5.5", a)};
	struct report r = {.results = res, .n_results = 4};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 4);
	for (size_t i = 0; i + 1 < r.n_new; i++) {
		const struct report_change *x = &r.new_items[i], *y = &r.new_items[i + 1];
		assert_non_null(x->check);
		assert_true(
		    x->check->severity > y->check->severity ||
		    (x->check->severity == y->check->severity && check_id_cmp(x->id, y->id) < 0));
	}
	/* with a title to show */
	const struct report_change *c4 = find_change(r.new_items, r.n_new, "5.4", "a");
	assert_non_null(c4);
	assert_string_equal(c4->check->title, checks_find("5.4")->title);
	baseline_release_changes(&r);
	release_results(res, 4);
	baseline_free(b);
}

/* The reader walks the report member by member: results before the header, findings before
 * the id, a result that is not an object, trailing garbage. */
static void test_reader_order_and_garbage(void **state)
{
	struct baseline *b =
	    load("{\"results\": [{\"findings\": [{\"kind\": \"container\", \"name\": \"x\"}], "
		 "\"detail\": {\"a\": [1, \"]\"]}, \"status\": \"fail\", \"id\": \"5.5\"}], "
		 "\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
		 "\"version\": \"1.6.0\"}}");
	const char *const x[] = {"x", NULL};
	struct result res[1] = {failing("5.5", x)};
	struct report r = {.results = res, .n_results = 1};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 0);
	assert_int_equal(r.n_resolved, 0);
	baseline_release_changes(&r);
	release_results(res, 1);
	baseline_free(b);

	static const char *const bad[] = {
	    "{\"schema_version\": 1, \"results\": []} x",
	    "{\"schema_version\": 1, \"results\": [1]}",
	    "{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"fail\", "
	    "\"findings\": [{\"kind\": \"container\"}",
	    "{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"fail\", "
	    "\"findings\": {}}]}",
	    "{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\" \"status\": \"fail\"}]}",
	    "{\"schema_version\": 1, \"results\": {}}",
	    "{\"schema_version\": 1, \"results\": [\"unterminated]}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *err = NULL;
		b = NULL;
		assert_int_equal(baseline_parse(bad[i], strlen(bad[i]), &b, &err), -EINVAL);
		assert_null(b);
		assert_non_null(err);
		free(err);
	}
}

/*
 * Issue 15: a report too large to be read back as a baseline is said when it is written, by
 * the same limit that refuses it when read.
 */
static void test_size_warning(void **state)
{
	(void)state;
	const unsigned long long cap = BASELINE_MAX_BYTES;
	assert_int_equal(cap, 256ull << 20);
	/* at the cap: readable, nothing said; other formats are never baselines */
	assert_null(baseline_size_warning("r.json", "json", cap));
	assert_null(baseline_size_warning("r.json", "json", 0));
	assert_null(baseline_size_warning("r.html", "html", cap * 4));
	assert_null(baseline_size_warning("r.txt", "text", cap + 1));
	assert_null(baseline_size_warning("r", NULL, cap + 1));
	_cleanup_free_ char *j =
	    baseline_size_warning("/var/lib/docker-audit/report.json", "json", cap + 1);
	assert_non_null(j);
	assert_string_equal(j, "the json report /var/lib/docker-audit/report.json is 257 MiB, "
			       "more than the 256 MiB a baseline may be: --baseline and --history "
			       "will refuse it; keep baselines with '--format baseline', which "
			       "holds only what identifies each failure");
	_cleanup_free_ char *b = baseline_size_warning("h/report-1.json", "baseline", 3 * cap);
	assert_non_null(b);
	assert_non_null(strstr(b, "the baseline report h/report-1.json is 768 MiB"));
	assert_non_null(strstr(b, "narrow what one report covers"));

	/* the reader refuses the same size, at once (a sparse file: nothing is read) */
	char path[] = "/tmp/da-bigbase.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)cap + 1), 0);
	close(fd);
	struct baseline *bl = NULL;
	_cleanup_free_ char *err = NULL;
	assert_int_equal(baseline_load(path, &bl, &err), -EFBIG);
	assert_null(bl);
	assert_non_null(strstr(err, "is larger than 256 MiB, the most a baseline may be"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_and_resolved),
	    cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_refuses_unreachable),
	    cmocka_unit_test(test_all_containers_scope),
	    cmocka_unit_test(test_selection_overlap),
	    cmocka_unit_test(test_unjudged_is_unknown),
	    cmocka_unit_test(test_new_sorted),
	    cmocka_unit_test(test_reader_order_and_garbage),
	    cmocka_unit_test(test_size_warning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
