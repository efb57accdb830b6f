/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 6 (security operations), table-driven: scenario (captured Engine API JSON under
 * fixtures/docker/images-*) x check id -> the verdict, the findings' names and the numbers.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct row {
	const char *docker;
	bool all;
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated finding names, "" for none */
	const char *detail; /* a substring the detail must contain, or NULL */
};

/* Not used by any container of images-real (app-root, app, clean, nouser-created, nouser-run,
 * health-exited use appuser:1, clean:1, nouser:1, health:1). */
#define UNUSED                                                                                     \
	"distroless:1,unverified:1,url-add:1,ubuntu-like:1,bk-alpine:1,hc-base:1,b96bb7fe1ea9,"    \
	"dangle:1,add-file:1,secrets:1,copy-file:1,update-alone:1,update-install:1,"               \
	"healthnone:1,rootuser:1,busybox:latest"

static const struct row rows[] = {
    /* 6.1: stopped containers count as users of their image whatever -a says */
    {"images-real", false, "6.1", DA_INFO, UNUSED,
     "20 images, 16 of them not used by any of the 6 containers (running or stopped), 1 of "
     "those untagged (dangling)"},
    {"images-real", true, "6.1", DA_INFO, UNUSED, NULL},
    {"images-clean", false, "6.1", DA_INFO, "",
     "1 image, 0 of them not used by any of the 1 container"},
    {"images-empty", false, "6.1", DA_INFO, "", "0 images, 0 of them"},
    {"images-nocontainers", false, "6.1", DA_ERROR, "", "cannot list containers"},
    {"empty", false, "6.1", DA_ERROR, "", "cannot list images"},
    {"unreachable", false, "6.1", DA_ERROR, "", "could not be reached"},
    /* 6.2: /info's numbers */
    {"images-real", false, "6.2", DA_INFO, "", "6 containers: 4 running, 0 paused, 2 stopped"},
    {"images-empty", false, "6.2", DA_INFO, "", "containers:"},
    {"images-badtype", false, "6.2", DA_INFO, "", "6 containers: 4 running"}, /* counted from the list */
    /* Podman counts a created container in none of /info's states: the list does */
    {"engine-podman-5.4", false, "6.2", DA_INFO, "", "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-podman-4.3", false, "6.2", DA_INFO, "", "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-docker-26.1", false, "6.2", DA_INFO, "", "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-docker-28.5", false, "6.2", DA_INFO, "", "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"unreachable", false, "6.2", DA_ERROR, "", NULL},
};

static bool name_listed(const char *list, const char *name)
{
	_cleanup_strv_free_ char **v = NULL;
	if (str_split(list, ',', &v) < 0)
		return false;
	for (char **p = v; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

static void run_row(const struct row *row)
{
	struct hostfs *h = NULL;
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	assert_int_equal(hostfs_new(HOSTS "bare", &h), 0);
	char *env[] = {NULL};
	struct ctx_config cfg = {
	    .fixture_dir = docker,
	    .hostfs = h,
	    .all_containers = row->all,
	    .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
	    .env = env,
	};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char *only[] = {(char *)(uintptr_t)row->id, NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	assert_int_equal(rep.n_results, 1);
	const struct result *res = &rep.results[0];
	if (res->status != row->want)
		fail_msg("%s [%s]: want %s, got %s: %s", row->id, row->docker,
			 da_status_name(row->want), da_status_name(res->status), res->detail);
	if (row->detail && !strstr(res->detail, row->detail))
		fail_msg("%s [%s]: detail '%s' lacks '%s'", row->id, row->docker, res->detail,
			 row->detail);
	_cleanup_strv_free_ char **want = NULL;
	size_t nwant = (size_t)str_split(row->names, ',', &want);
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!name_listed(row->names, f->name))
			fail_msg("%s [%s]: unexpected finding '%s': %s", row->id, row->docker,
				 f->name, f->detail);
		assert_string_equal(f->kind, "image");
		assert_true(str_startswith(f->id, "sha256:"));
		assert_false(f->error);
	}
	if (res->n_findings != nwant)
		fail_msg("%s [%s]: want %zu findings, got %zu", row->id, row->docker, nwant,
			 res->n_findings);
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s%s", row->id, row->docker, row->all ? " -a" : "");
}

static void row_run(const void *r)
{
	const struct row *row = r;
	run_row(row);
}

/* The dangling image says so; a tagged one says it is unused. */
static void test_sprawl_details(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "bare", &h), 0);
	struct ctx_config cfg = {.fixture_dir = DOCKER "images-real",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char *only[] = {"6", NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	assert_int_equal(rep.n_results, 2);
	const struct result *res = &rep.results[0];
	bool dangling = false, tagged = false;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (strcmp(f->name, "b96bb7fe1ea9") == 0) {
			assert_non_null(strstr(f->detail, "dangling"));
			dangling = true;
		}
		if (strcmp(f->name, "busybox:latest") == 0) {
			assert_string_equal(f->detail,
					    "not used by any container, running or stopped");
			tagged = true;
		}
	}
	assert_true(dangling && tagged);
	assert_int_equal(rep.results[1].n_findings, 0);
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sprawl_details),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + ROWS_RUN("section 6 rows", rows, row_name, row_run);
}
