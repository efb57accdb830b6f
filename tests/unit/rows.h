/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/*
 * The one row runner of the section tests (tests/unit/test_checks*.c, tests/unit/rows.c).
 *
 * Registering: every row of a table is a cmocka test of its own, named by its check id and
 * scenario, so that a run shows every failing row by name, not only the first. A file keeps its
 * row type (what a scenario is differs by section) and gives two functions: one that names a
 * row, one that runs it.
 *
 *     int main(void) {
 *             ...
 *             return cmocka_run_group_tests(tests, NULL, NULL) +
 *                    ROWS_RUN("section 5 rows", rows, row_name, row_run);
 *     }
 *
 * Running: a row's function turns its row into a struct row_audit (the audit to set up) and a
 * struct row_want (what the check must give) and calls rows_check(), which sets the audit up,
 * runs the one check, compares, and fails the row's test with its name and why.
 *
 * Run one row: a glob on the test name in the ROW environment variable:
 *     ROW='5.16 *' build-test/tests/test_checks_runtime
 * DA_SHOW=1 prints every row's verdict and findings (for a reader checking the wording).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "report.h"

typedef void (*rows_name_fn)(const void *row, char *buf, size_t size);
typedef void (*rows_run_fn)(const void *row);

/* Register and run n rows of size bytes each; returns the number of failed rows. */
int rows_run(const char *group, const void *rows, size_t n, size_t size, rows_name_fn name,
	     rows_run_fn run, CMFixtureFunction setup, CMFixtureFunction teardown);

#define ROWS_RUN(group, rows, name, run)                                                           \
	rows_run(group, rows, sizeof(rows) / sizeof((rows)[0]), sizeof((rows)[0]), name, run,      \
		 NULL, NULL)

/* The name of the row being run ("5.16 runtime-live/runtime-host #3"), "" outside one. */
const char *rows_current(void);

/* The audit a row sets up. */
struct row_audit {
	const char *docker; /* directory of Engine API answers; NULL: no daemon configured */
	const char *host; /* the fake host root */
	const char
	    *kernel; /* rules file standing for the kernel's list; NULL: the kernel refuses */
	const char *env; /* one NAME=VALUE of the audit's environment, or NULL */
	bool all; /* -a */
	const char *trusted_users, *trusted_images; /* the policy, or NULL */
};

/* What the check must give. */
struct row_want {
	enum da_status status;
	const char *detail; /* a substring of the verdict's detail, or NULL */
	bool detail_or_finding; /* ... or of the first finding's detail */
	/* comma-separated names of the failing findings ("" for none); NULL: not compared */
	const char *names;
	/* comma-separated names of the findings that could not be judged; NULL: none may be */
	const char *errors;
	const char *kind; /* every finding's kind; NULL: any, but set */
	const char *source; /* every finding's source; NULL: any */
	bool value; /* every failing finding carries the value read */
	const char *first_source; /* the first finding's source, or NULL */
	/* the section's own assertions (fail_msg, assert_*) on each finding and on the verdict,
	 * given row; may be NULL */
	void (*finding)(const void *row, const struct finding *f);
	void (*result)(const void *row, const struct result *res);
	const void *row;
};

struct check;
/* Run check id on the audit through the runner (the checks of the Docker benchmark), or chk
 * directly when not NULL (another table's check), and compare with want. */
void rows_check(const struct row_audit *a, const char *id, const struct check *chk,
		const struct row_want *want);
/* Only the run: the report of check id on the audit (one result), for tests of details. */
struct report rows_audit(const struct row_audit *a, const char *id);
