/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "check.h"
#include "report.h"
#include "waivers.h"

/* 2026-11-22 12:00 UTC */
#define NOW ((time_t)1795348800)

static struct waiver_set *parse_ok(const char *text)
{
	struct waiver_set *w = NULL;
	char *err = NULL;
	int r = waivers_parse(text, strlen(text), "w.json", NOW, &w, &err);
	if (r < 0)
		fail_msg("unexpected error: %s", err ? err : "?");
	free(err);
	return w;
}

static void expect_error(const char *text, const char *want)
{
	struct waiver_set *w = NULL;
	char *err = NULL;
	assert_int_equal(waivers_parse(text, strlen(text), "w.json", NOW, &w, &err), -EINVAL);
	assert_null(w);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	free(err);
}

static void test_parse_valid(void **state)
{
	struct waiver_set *w = parse_ok(
	    "{\"waivers\": [{\"check\": \"5.16\", \"object\": \"node-exporter*\", \"reason\": "
	    "\"reads host processes\", \"expires\": \"2027-03-01\", \"owner\": \"ops@x\"},"
	    "{\"check\": \"4.5\", \"reason\": \"CI sets it\"},"
	    "{\"check\": \"5.5\", \"reason\": \"old\", \"expires\": \"2026-11-21\"},"
	    "{\"check\": \"5.5\", \"reason\": \"today\", \"expires\": \"2026-11-22\"}]}");
	assert_int_equal(w->n, 4);
	assert_string_equal(w->items[0].object, "node-exporter*");
	assert_false(w->items[0].expired);
	assert_null(w->items[1].object);
	assert_true(w->items[2].expired); /* yesterday */
	assert_false(w->items[3].expired); /* valid through its whole expiry day */
	waivers_free(w);
	w = parse_ok("{\"waivers\": []}");
	assert_int_equal(w->n, 0);
	waivers_free(w);
}

static void test_parse_errors(void **state)
{
	expect_error("{\"waivers\": [", "line 1");
	expect_error("{\n\"waivers\": [\n{\"check\": }]}", "line 3");
	expect_error("[]", "\"waivers\" array");
	expect_error("{\"waivers\": {}}", "\"waivers\" array");
	expect_error("{\"waivers\": [{\"reason\": \"x\"}]}", "waiver 1: 'check' is required");
	expect_error("{\"waivers\": [{\"check\": \"5.16\"}]}", "'reason' is required");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"\"}]}",
		     "'reason' is required");
	expect_error("{\"waivers\": [{\"check\": \"9.9\", \"reason\": \"x\"}]}", "no check '9.9'");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"x\", \"expire\": "
		     "\"2027-01-01\"}]}",
		     "unknown field 'expire'");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"x\", \"expires\": "
		     "\"2027-02-30\"}]}",
		     "'expires' must be a date");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"x\", \"expires\": "
		     "\"27-1-1\"}]}",
		     "'expires' must be a date");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": 3}]}", "must be a string");
	expect_error("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"x\", \"object\": \"\"}]}",
		     "'object' is empty");
	expect_error("{\"waivers\": [1]}", "waiver 1: not an object");
}

/* A report with one 5.16 FAIL on two containers and a 4.5 FAIL without findings. */
static void make_report(struct report *r, struct result *res)
{
	*r = (struct report){.results = res, .n_results = 2};
	res[0] = (struct result){.check = checks_find("5.16")};
	result_fail(&res[0], "2 of 2");
	result_add(&res[0], &(struct finding_spec){.kind = "container",
						   .name = "node-exporter-1",
						   .detail = "PidMode=host"});
	result_add(&res[0], &(struct finding_spec){
				.kind = "container", .name = "web", .detail = "PidMode=host"});
	res[1] = (struct result){.check = checks_find("4.5")};
	result_fail(&res[1], "not enabled");
	r->summary[DA_FAIL] = 2;
}

static void test_apply(void **state)
{
	struct waiver_set *w = parse_ok(
	    "{\"waivers\": [{\"check\": \"5.16\", \"object\": \"node-exporter*\", \"reason\": "
	    "\"metrics\"}, {\"check\": \"4.5\", \"reason\": \"CI\"},"
	    "{\"check\": \"5.5\", \"reason\": \"unused\"}]}");
	struct report r;
	struct result res[2];
	make_report(&r, res);
	waivers_apply(w, &r);
	assert_true(res[0].findings[0].waived);
	assert_ptr_equal(res[0].findings[0].waiver, &w->items[0]);
	assert_false(res[0].findings[1].waived);
	assert_false(res[0].waived); /* web still fails */
	assert_true(res[1].waived); /* whole check waived */
	assert_int_equal(r.summary[DA_FAIL], 1);
	assert_int_equal(r.waived, 1);
	assert_int_equal(w->items[0].used, 1);
	assert_int_equal(w->items[1].used, 1);
	assert_int_equal(w->items[2].used, 0); /* unused: reported as such */
	waivers_apply(w, &r); /* idempotent */
	assert_int_equal(r.waived, 1);
	result_release(&res[0]);
	result_release(&res[1]);
	waivers_free(w);
}

static void test_apply_expired_and_all(void **state)
{
	struct waiver_set *w = parse_ok(
	    "{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"all of them\"},"
	    "{\"check\": \"4.5\", \"reason\": \"expired\", \"expires\": \"2020-01-01\"}]}");
	struct report r;
	struct result res[2];
	make_report(&r, res);
	waivers_apply(w, &r);
	assert_true(res[0].waived); /* every failing finding waived */
	assert_false(res[1].waived);
	assert_int_equal(w->items[1].matched_expired, 1);
	assert_int_equal(r.summary[DA_FAIL], 1);
	assert_int_equal(r.waived, 1);
	result_release(&res[0]);
	result_release(&res[1]);
	waivers_free(w);
}

static void test_waived_failures_with_errors_become_error(void **state)
{
	struct waiver_set *w =
	    parse_ok("{\"waivers\": [{\"check\": \"5.16\", \"reason\": \"x\"}]}");
	struct report r;
	struct result res[2];
	make_report(&r, res);
	result_add(&res[0],
		   &(struct finding_spec){
		       .kind = "container", .name = "gone", .detail = "vanished", .error = true});
	waivers_apply(w, &r);
	assert_int_equal(res[0].status, DA_ERROR);
	assert_false(res[0].waived);
	assert_int_equal(r.summary[DA_ERROR], 1);
	result_release(&res[0]);
	result_release(&res[1]);
	waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_apply),
	    cmocka_unit_test(test_apply_expired_and_all),
	    cmocka_unit_test(test_waived_failures_with_errors_become_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
