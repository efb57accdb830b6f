/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
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
		if (strcmp(v[i].id, id) == 0 && ((!name && !v[i].name) ||
						 (name && v[i].name && strcmp(v[i].name, name) == 0)))
			return true;
	return false;
}

static void test_new_and_resolved(void **state)
{
	struct baseline *b = load(yesterday);
	/* today: 5.16 fails on web and cache (db fixed), 4.5 passes now, 5.5 fails on priv;
	 * 1.1.6 was not run today, so it resolves nothing */
	struct result res[3] = {{.check = checks_find("4.5")}, {.check = checks_find("5.5")},
				{.check = checks_find("5.16")}};
	result_pass(&res[0], "ok");
	result_fail(&res[1], "1");
	result_add(&res[1], &(struct finding_spec){.kind = "container", .name = "priv", .detail = "x"});
	result_fail(&res[2], "2");
	result_add(&res[2], &(struct finding_spec){.kind = "container", .name = "web", .detail = "x"});
	result_add(&res[2], &(struct finding_spec){.kind = "container", .name = "cache", .detail = "x"});
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
		"", "{", "[]", "{\"results\": []}", "{\"schema_version\": 2, \"results\": []}",
		"{\"schema_version\": 1, \"results\": [{\"id\": 5}]}",
		/* a finding without a kind */
		("{\"schema_version\": 1, \"results\": [{\"id\": \"5.5\", \"status\": \"fail\", "
		 "\"findings\": [{\"name\": \"x\"}]}]}"),
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_resolved),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_refuses_unreachable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
