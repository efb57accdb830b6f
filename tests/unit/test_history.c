/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "history.h"

#define complete_report                                                                            \
	"{\"schema_version\": 1, \"started_at\": \"%s\", \"host\": {\"daemon\": "                  \
	"{\"reachable\": true}}, \"results\": []}"
#define incomplete_report                                                                          \
	"{\"schema_version\": 1, \"started_at\": \"%s\", \"host\": {\"daemon\": "                  \
	"{\"reachable\": false, \"error\": \"no daemon\"}}, \"results\": []}"

static char dir[] = "/tmp/da-history-XXXXXX";

/* a report started at `when`, complete or not */
static void put(const char *name, bool complete, const char *when)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	if (complete)
		fprintf(f, complete_report, when);
	else
		fprintf(f, incomplete_report, when);
	fclose(f);
}

static bool exists(const char *name)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
		    unlinkat(dirfd(d), de->d_name, 0) < 0)
			unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR);
	if (d)
		closedir(d);
	int r = rmdir(dir);
	memcpy(dir, "/tmp/da-history-XXXXXX", sizeof(dir));
	return r;
}

static void test_names(void **state)
{
	time_t t;
	assert_true(history_name_time("report-20261204T031700Z.json", &t));
	assert_int_equal(t, 1796354220); /* date -u -d 2026-12-04T03:17:00Z +%s */
	char *p = history_report_path("/d", t);
	assert_string_equal(p, "/d/report-20261204T031700Z.json");
	free(p);
	static const char *const not_ours[] = {"report.json",
					       "report-20261204T031700Z.json.tmp",
					       "report-20261304T031700Z.json",
					       "report-2026120xT031700Z.json",
					       "xreport-20261204T031700Z.json",
					       "report-20261204 031700Z.json",
					       "report-20261204T031700Z.html",
					       ""};
	for (size_t i = 0; i < ARRAY_SIZE(not_ours); i++)
		assert_false(history_name_time(not_ours[i], &t));
}

static int notes;
static void count_note(const char *msg)
{
	assert_non_null(strstr(msg, "could not be reached"));
	notes++;
}

/* The baseline is the newest complete report; newer incomplete ones are passed over. */
static void test_baseline_is_last_complete(void **state)
{
	struct baseline *b;
	char *path, *err;
	/* an empty directory and a missing one: no baseline, no error */
	assert_int_equal(history_baseline(dir, &b, &path, NULL, &err), 0);
	assert_null(b);
	assert_int_equal(history_baseline("/nonexistent/da-history", &b, &path, NULL, &err), 0);
	assert_null(b);

	put("report-20261201T031700Z.json", true, "2026-12-01T03:17:00Z");
	put("report-20261202T031700Z.json", true, "2026-12-02T03:17:00Z");
	put("report-20261203T031700Z.json", false, "2026-12-03T03:17:00Z");
	put("report-20261204T031700Z.json", false, "2026-12-04T03:17:00Z");
	/* not ours, newer: never read */
	put("report-latest.json", true, "2026-12-05T03:17:00Z");
	notes = 0;
	assert_int_equal(history_baseline(dir, &b, &path, count_note, &err), 0);
	assert_non_null(b);
	assert_non_null(strstr(path, "report-20261202T031700Z.json"));
	assert_int_equal(notes, 2);
	baseline_free(b);
	free(path);
}

/* Pruning removes only our dated regular files older than N days, with a fake clock. */
static void test_prune(void **state)
{
	time_t now;
	assert_true(history_name_time("report-20261231T031700Z.json", &now));
	put("report-20261101T031700Z.json", true, "old"); /* 60 days */
	put("report-20261201T031700Z.json", true, "30d"); /* exactly 30 days */
	put("report-20261130T031659Z.json", true, "30d+"); /* 30 days and 1 s */
	put("report-20261230T031700Z.json", true, "new");
	put("report-19991101T031700Z.txt", true, "foreign");
	put("notes.md", true, "user's file");
	char link[512], target[512];
	snprintf(link, sizeof(link), "%s/report-20000101T000000Z.json", dir);
	snprintf(target, sizeof(target), "%s/notes.md", dir);
	assert_int_equal(symlink(target, link), 0);
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/report-20000102T000000Z.json", dir);
	assert_int_equal(mkdir(sub, 0700), 0);

	char *err = NULL;
	assert_int_equal(history_prune(dir, now, 30, &err), 2);
	assert_null(err);
	assert_false(exists("report-20261101T031700Z.json"));
	assert_false(exists("report-20261130T031659Z.json"));
	assert_true(exists("report-20261201T031700Z.json"));
	assert_true(exists("report-20261230T031700Z.json"));
	assert_true(exists("report-19991101T031700Z.txt"));
	assert_true(exists("notes.md"));
	assert_true(exists("report-20000101T000000Z.json")); /* a link: not ours to remove */
	assert_true(exists("report-20000102T000000Z.json")); /* a directory */
	/* a one-day window: the report of exactly one day ago stays */
	assert_int_equal(history_prune(dir, now, 1, &err), 1);
	assert_false(exists("report-20261201T031700Z.json"));
	assert_true(exists("report-20261230T031700Z.json"));
	assert_true(exists("notes.md"));
	assert_int_equal(history_prune("/nonexistent/da-history", now, 30, &err), -ENOENT);
	assert_non_null(err);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test_setup_teardown(test_baseline_is_last_complete, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
