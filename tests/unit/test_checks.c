/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Table-driven check tests: each row is a scenario (captured Engine API JSON, a fake host root,
 * a kernel audit rule list, the environment) x a check id -> the expected verdict and exactly
 * the objects the findings must name.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/locate.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"
#define RULES DA_FIXTURES "/audit/"

struct row {
	const char *docker; /* scenario under fixtures/docker, NULL: no daemon configured */
	const char *host; /* fake root under fixtures/hostfs */
	const char *kernel; /* rules file standing for the kernel's list, NULL: kernel refuses */
	const char *env; /* one NAME=VALUE for the audit's environment, or NULL */
	bool all; /* -a */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated finding names (failing objects), "" for none */
	const char *errors; /* comma-separated finding names that could not be judged */
	const char *detail; /* a substring the detail must contain, or NULL */
};

static const struct row rows[] = {
    /* 5.16 host PID namespace: by name, only the offenders, joins followed */
    {"seed", "debian", "none.rules", NULL, false, "5.16", DA_FAIL, "pidhost,joined", "",
     "2 of 3 running"},
    {"seed", "debian", "none.rules", NULL, true, "5.16", DA_FAIL, "pidhost,joined", "",
     "2 of 5 containers"},
    {"empty", "debian", "none.rules", NULL, false, "5.16", DA_PASS, "", "",
     "no running containers"},
    {"vanished", "debian", "none.rules", NULL, false, "5.16", DA_FAIL, "pidhost,joined", "plain",
     NULL},
    {"badtype", "debian", "none.rules", NULL, false, "5.16", DA_FAIL, "pidhost,joined", "plain",
     NULL},
    {"unreachable", "debian", "none.rules", NULL, false, "5.16", DA_ERROR, "", "",
     "could not be reached"},
    /* 5.5 privileged: the created-but-not-started one counts only with -a */
    {"seed", "debian", "none.rules", NULL, false, "5.5", DA_PASS, "", "", "none of 3 running"},
    {"seed", "debian", "none.rules", NULL, true, "5.5", DA_FAIL, "priv", "", "1 of 5 containers"},
    {"vanished", "debian", "none.rules", NULL, false, "5.5", DA_ERROR, "", "plain",
     "could not be judged"},
    {"badtype", "debian", "none.rules", NULL, false, "5.5", DA_ERROR, "", "plain", NULL},
    {"unreachable", "debian", "none.rules", NULL, true, "5.5", DA_ERROR, "", "", NULL},
    /* 4.5 content trust, as the docker CLI reads the variable */
    {NULL, "debian", "none.rules", NULL, false, "4.5", DA_FAIL, "DOCKER_CONTENT_TRUST", "",
     "not enabled"},
    {NULL, "debian", "none.rules", "DOCKER_CONTENT_TRUST=1", false, "4.5", DA_PASS, "", "", NULL},
    {NULL, "debian", "none.rules", "DOCKER_CONTENT_TRUST=true", false, "4.5", DA_PASS, "", "",
     NULL},
    {NULL, "debian", "none.rules", "DOCKER_CONTENT_TRUST=false", false, "4.5", DA_FAIL,
     "DOCKER_CONTENT_TRUST", "", "disabled"},
    {NULL, "debian", "none.rules", "DOCKER_CONTENT_TRUST=0", false, "4.5", DA_FAIL,
     "DOCKER_CONTENT_TRUST", "", "disabled"},
    {NULL, "debian", "none.rules", "DOCKER_CONTENT_TRUST=", false, "4.5", DA_FAIL,
     "DOCKER_CONTENT_TRUST", "", NULL},
    /* audit watches loaded in the kernel */
    {"seed", "debian", "full.rules", NULL, false, "1.1.5", DA_PASS, "", "", "/var/lib/docker"},
    {"seed", "debian", "full.rules", NULL, false, "1.1.6", DA_PASS, "", "", NULL},
    /* /lib is a link to usr/lib on this host: the rule on /lib/... covers the unit */
    {"seed", "debian", "full.rules", NULL, false, "1.1.7", DA_PASS, "", "",
     "/usr/lib/systemd/system/docker.service"},
    {"seed", "debian", "full.rules", NULL, false, "1.1.3", DA_PASS, "", "", "/usr/sbin/dockerd"},
    {"seed", "debian", "none.rules", NULL, false, "1.1.5", DA_FAIL, "/var/lib/docker", "",
     "no loaded audit rule"},
    {"seed", "debian", "none.rules", NULL, false, "1.1.7", DA_FAIL,
     "/usr/lib/systemd/system/docker.service", "", NULL},
    /* a watch only in rules.d is not loaded */
    {"seed", "debian", "none.rules", NULL, false, "1.1.6", DA_FAIL, "/etc/docker", "",
     "not loaded"},
    /* neighbours, sub-paths and never rules do not count */
    {"seed", "debian", "neighbours.rules", NULL, false, "1.1.5", DA_FAIL, "/var/lib/docker", "",
     NULL},
    {"seed", "debian", "neighbours.rules", NULL, false, "1.1.6", DA_FAIL, "/etc/docker", "",
     "not loaded"},
    {"seed", "debian", "neighbours.rules", NULL, false, "1.1.14", DA_FAIL, "/usr/bin/containerd",
     "", NULL},
    /* a read-only watch records no tampering */
    {"seed", "debian", "readonly.rules", NULL, false, "1.1.6", DA_FAIL, "/etc/docker", "",
     "does not record"},
    /* syscall forms: path=, and dir= on an ancestor */
    {"seed", "debian", "syscall.rules", NULL, false, "1.1.5", DA_PASS, "", "", NULL},
    {"seed", "debian", "syscall.rules", NULL, false, "1.1.6", DA_PASS, "", "", NULL},
    {"seed", "debian", "syscall.rules", NULL, false, "1.1.11", DA_PASS, "", "", NULL},
    {"seed", "debian", "syscall.rules", NULL, false, "1.1.18", DA_PASS, "", "", NULL},
    /* the kernel cannot be asked: the rules files decide, and the detail says so */
    {"seed", "debian", NULL, NULL, false, "1.1.6", DA_PASS, "", "", "rules files decided"},
    {"seed", "debian", NULL, NULL, false, "1.1.5", DA_FAIL, "/var/lib/docker", "",
     "rules files decided"},
    {"seed", "bare", NULL, NULL, false, "1.1.6", DA_FAIL, "/etc/docker", "", NULL},
    /* paths this host does not have are SKIP, not FAIL */
    {"seed", "debian", "none.rules", NULL, false, "1.1.13", DA_SKIP, "", "", "not present"},
    {"seed", "debian", "none.rules", NULL, false, "1.1.15", DA_SKIP, "", "", "not present"},
    {"seed", "bare", "none.rules", NULL, false, "1.1.7", DA_SKIP, "", "", NULL},
    /* the daemon is down: 1.1.5 falls back to the default data root and says so */
    {"unreachable", "debian", "full.rules", NULL, false, "1.1.5", DA_PASS, "", "", NULL},
};

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s%s%s%s", row->id, row->docker ? row->docker : "-", row->host,
		 row->all ? " -a" : "", row->env ? " " : "", row->env ? row->env : "");
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *root = xasprintf(HOSTS "%s", row->host);
	_cleanup_free_ char *docker = row->docker ? xasprintf(DOCKER "%s", row->docker) : NULL;
	_cleanup_free_ char *kernel = row->kernel ? xasprintf(RULES "%s", row->kernel) : NULL;
	const struct row_audit a = {
	    .docker = docker ? docker : DOCKER "unreachable",
	    .host = root,
	    .kernel = kernel,
	    .env = row->env,
	    .all = row->all,
	};
	const struct row_want w = {
	    .status = row->want, .detail = row->detail, .names = row->names, .errors = row->errors};
	rows_check(&a, row->id, NULL, &w);
}

/* Findings about containers carry the full id and the name without its leading "/". */
static void test_container_finding_fields(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "debian", &h), 0);
	struct ctx_config cfg = {
	    .fixture_dir = DOCKER "seed", .hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char id[] = "5.16";
	char *only[] = {id, NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	const struct result *res = &rep.results[0];
	bool seen = false;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		assert_string_equal(f->kind, "container");
		assert_int_equal(strlen(f->id), 64);
		assert_true(f->name[0] != '/');
		if (strcmp(f->name, "pidhost") == 0) {
			assert_string_equal(f->detail, "PidMode=host");
			assert_string_equal(f->value, "host");
			assert_string_equal(f->source, "api");
			seen = true;
		}
		if (strcmp(f->name, "joined") == 0)
			assert_non_null(strstr(f->detail, "shares the host's PID namespace"));
	}
	assert_true(seen);
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

/* The container list and each inspection are read once, however many checks read them. */
static void test_facts_cached(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "debian", &h), 0);
	struct ctx_config cfg = {.fixture_dir = DOCKER "seed",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .all_containers = true};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct container *a, *b;
	size_t na, nb;
	assert_int_equal(ctx_containers(ctx, &a, &na, NULL), 0);
	assert_int_equal(ctx_containers(ctx, &b, &nb, NULL), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(na, 5);
	assert_ptr_equal(a[0].inspect, b[0].inspect);
	assert_non_null(ctx_container_find(ctx, "pidhost"));
	assert_non_null(ctx_container_find(ctx, "a7b2d9f897c8"));
	assert_null(ctx_container_find(ctx, "nosuch"));
	const struct located *l1 = ctx_locate(ctx, CTX_LOC_UNIT, "docker.service");
	const struct located *l2 = ctx_locate(ctx, CTX_LOC_UNIT, "docker.service");
	assert_ptr_equal(l1, l2);
	assert_int_equal(l1->error, 0);
	assert_string_equal(l1->path, "/usr/lib/systemd/system/docker.service");
	ctx_free(ctx);
	hostfs_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_container_finding_fields),
	    cmocka_unit_test(test_facts_cached),
	};
	return cmocka_run_group_tests(tests, NULL, NULL) +
	       ROWS_RUN("rows across sections", rows, row_name, row_run);
}
