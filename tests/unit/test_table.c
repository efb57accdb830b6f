/* SPDX-License-Identifier: Apache-2.0 */
/* Meta tests on the check table: it is the product, so it is checked like code. */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "check.h"
#include "runner.h"

static void test_ids_unique_sorted(void **state)
{
	size_t n;
	const struct check *const *all = checks_all(&n);
	assert_true(n > 0);
	for (size_t i = 1; i < n; i++)
		if (check_id_cmp(all[i - 1]->id, all[i]->id) >= 0)
			fail_msg("ids out of order or duplicated: %s, %s", all[i - 1]->id,
				 all[i]->id);
}

static void test_metadata_complete(void **state)
{
	size_t n;
	const struct check *const *all = checks_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct check *c = all[i];
		if (!c->title || !*c->title || !c->remediation || !*c->remediation ||
		    !c->rationale || !*c->rationale || !c->judged || !*c->judged)
			fail_msg("%s: title, rationale, judged and remediation are required",
				 c->id);
		assert_true(c->level == 1 || c->level == 2);
		assert_true(c->severity >= DA_SEV_LOW && c->severity <= DA_SEV_CRITICAL);
		if (c->stride == 0 || (c->stride & ~(unsigned)_DA_STRIDE_ALL))
			fail_msg("%s: needs at least one STRIDE category", c->id);
		assert_non_null(c->run);
		assert_true(check_id_matches(c->id, c->section));
		assert_non_null(checks_section_title(c->section));
		assert_ptr_equal(checks_find(c->id), c);
	}
}

static void test_id_helpers(void **state)
{
	assert_true(check_id_cmp("1.1.9", "1.1.10") < 0);
	assert_true(check_id_cmp("5.16", "5.5") > 0);
	assert_true(check_id_cmp("4.5", "4.5") == 0);
	assert_true(check_id_cmp("1.1", "1.1.1") < 0);
	assert_true(check_id_matches("5.16", "5"));
	assert_true(check_id_matches("1.1.5", "1.1"));
	assert_false(check_id_matches("1.1.15", "1.1.1"));
	assert_false(check_id_matches("5.16", "5.1"));
}

static void test_selection(void **state)
{
	const struct check *c116 = checks_find("1.1.16"), *c55 = checks_find("5.5");
	assert_non_null(c116);
	assert_non_null(c55);
	char s5[] = "5", s55[] = "5.5", s99[] = "9.9";
	char *only[] = {s5, NULL}, *excl[] = {s55, NULL}, *bad[] = {s99, NULL};
	struct selection s = {.only = only};
	assert_true(selection_match(&s, c55));
	assert_false(selection_match(&s, c116));
	s.exclude = excl;
	assert_false(selection_match(&s, c55));
	struct selection lv = {.level = 1};
	assert_false(selection_match(&lv, c116)); /* a level-2 check */
	assert_true(selection_match(&lv, c55));
	const char *offender = NULL;
	struct selection sb = {.only = bad};
	assert_int_equal(selection_validate(&sb, &offender), -EINVAL);
	assert_string_equal(offender, "9.9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids_unique_sorted),
	    cmocka_unit_test(test_metadata_complete),
	    cmocka_unit_test(test_id_helpers),
	    cmocka_unit_test(test_selection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
