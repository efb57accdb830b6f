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
    {"images-badtype", false, "6.2", DA_INFO, "",
     "6 containers: 4 running"}, /* counted from the list */
    /* Podman counts a created container in none of /info's states: the list does */
    {"engine-podman-5.4", false, "6.2", DA_INFO, "",
     "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-podman-4.3", false, "6.2", DA_INFO, "",
     "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-docker-26.1", false, "6.2", DA_INFO, "",
     "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"engine-docker-28.5", false, "6.2", DA_INFO, "",
     "3 containers: 2 running, 0 paused, 1 stopped (1 created, 0 exited)"},
    {"unreachable", false, "6.2", DA_ERROR, "", NULL},
};

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s%s", row->id, row->docker, row->all ? " -a" : "");
}

/* Findings name images by their full id, and only as failing. */
static void image_finding(const void *row, const struct finding *f)
{
	(void)row;
	assert_true(str_startswith(f->id, "sha256:"));
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	const struct row_audit a = {.docker = docker, .host = HOSTS "bare", .all = row->all};
	const struct row_want w = {.status = row->want,
				   .detail = row->detail,
				   .names = row->names,
				   .kind = "image",
				   .finding = image_finding};
	rows_check(&a, row->id, NULL, &w);
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
