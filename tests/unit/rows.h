/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/*
 * The one row runner of the section tests (tests/unit/test_checks_*.c): every row of a table is
 * registered as a cmocka test of its own, named by its check id and scenario, so that a run
 * shows every failing row by name, not only the first. A file keeps its row type (what a
 * scenario is differs by section) and gives two functions: one that names a row, one that runs
 * it (failing with fail_msg/assert_*).
 *
 *     int main(void) {
 *             ...
 *             return cmocka_run_group_tests(tests, NULL, NULL) +
 *                    ROWS_RUN("section 5 rows", rows, row_name, run_row);
 *     }
 *
 * Run one row: CMOCKA_TEST_ABORT=1 ./test_checks_runtime, or filter with
 * cmocka_set_test_filter through the ROW environment variable (a glob on the test name):
 *     ROW='5.16 *' build-test/tests/test_checks_runtime
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

typedef void (*rows_name_fn)(const void *row, char *buf, size_t size);
typedef void (*rows_run_fn)(const void *row);

struct rows_case {
	const void *row;
	rows_run_fn run;
};

static void rows_trampoline(void **state)
{
	const struct rows_case *c = *state;
	c->run(c->row);
}

/* Register and run n rows of size bytes each; returns the number of failed rows. */
static inline int rows_run(const char *group, const void *rows, size_t n, size_t size,
			   rows_name_fn name, rows_run_fn run, CMFixtureFunction setup,
			   CMFixtureFunction teardown)
{
	struct CMUnitTest *tests = calloc(n ? n : 1, sizeof(*tests));
	struct rows_case *cases = calloc(n ? n : 1, sizeof(*cases));
	char(*names)[192] = calloc(n ? n : 1, sizeof(*names));
	if (!tests || !cases || !names) {
		fprintf(stderr, "rows: out of memory\n");
		free(tests);
		free(cases);
		free(names);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const void *row = (const char *)rows + i * size;
		char base[140];
		name(row, base, sizeof(base));
		/* the row's index keeps names unique where one scenario has two rows for an id */
		snprintf(names[i], sizeof(names[i]), "%s #%zu", base, i + 1);
		cases[i] = (struct rows_case){row, run};
		tests[i] = (struct CMUnitTest){
		    .name = names[i], .test_func = rows_trampoline, .initial_state = &cases[i]};
	}
	const char *filter = getenv("ROW");
	if (filter && *filter)
		cmocka_set_test_filter(filter);
	int failed = _cmocka_run_group_tests(group, tests, n, setup, teardown);
	free(tests);
	free(cases);
	free(names);
	return failed;
}

#define ROWS_RUN(group, rows, name, run)                                                           \
	rows_run(group, rows, sizeof(rows) / sizeof((rows)[0]), sizeof((rows)[0]), name, run,      \
		 NULL, NULL)
