/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit context against a fake Engine API daemon over a real Unix socket: facts are fetched
 * once however many checks read them, inspections run concurrently within the bound, and a
 * container that vanishes between list and inspect is an ERROR finding, never a PASS.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "context.h"
#include "docker.h"
#include "fakedaemon.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

struct env {
	struct fakedaemon *fake;
	struct docker_client *dc;
	struct hostfs *h;
	struct audit_ctx *ctx;
	struct report rep;
};

static void setup_env(struct env *e, const char *scenario, bool all, int max_inflight)
{
	*e = (struct env){0};
	e->fake = fakedaemon_start(NULL);
	assert_non_null(e->fake);
	_cleanup_free_ char *dir = xasprintf(DA_FIXTURES "/docker/%s", scenario);
	assert_int_equal(fakedaemon_serve_dir(e->fake, dir), 0);
	_cleanup_free_ char *host = xasprintf("unix://%s", fakedaemon_socket(e->fake));
	struct docker_options o = {.host = host, .timeout_ms = 5000, .max_inflight = max_inflight};
	assert_int_equal(docker_client_new(&o, &e->dc, NULL), 0);
	assert_int_equal(hostfs_new(DA_FIXTURES "/hostfs/debian", &e->h), 0);
	struct ctx_config cfg = {.docker = e->dc,
				 .hostfs = e->h,
				 .all_containers = all,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	assert_int_equal(ctx_new(&cfg, &e->ctx), 0);
}

static void teardown_env(struct env *e)
{
	report_release(&e->rep);
	ctx_free(e->ctx);
	docker_client_free(e->dc);
	hostfs_free(e->h);
	fakedaemon_stop(e->fake);
}

static const struct result *run(struct env *e, const char *ids)
{
	_cleanup_strv_free_ char **only = NULL;
	assert_true(str_split(ids, ',', &only) > 0);
	struct selection sel = {.only = only};
	assert_int_equal(runner_run(e->ctx, &sel, &e->rep), 0);
	return e->rep.results;
}

static void test_each_object_fetched_once(void **state)
{
	struct env e;
	setup_env(&e, "seed", true, 2);
	const struct result *r = run(&e, "5.5,5.16");
	assert_int_equal(e.rep.n_results, 2);
	assert_int_equal(r[0].status, DA_FAIL); /* 5.5: priv, with -a */
	assert_int_equal(r[1].status, DA_FAIL); /* 5.16 */
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/v1.41/containers/json"), 1);
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/_ping"), 1);
	/* five containers, each inspected exactly once, with the negotiated version */
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/v1.41/containers/"), 1 + 5);
	assert_int_equal(fakedaemon_count(e.fake,
					  "/v1.41/containers/a7b2d9f897c8ca34a0de7ded3aefb0bb"
					  "3d53dd299faed6a18d3bd8a7f3b16121/json"),
			 1);
	assert_true(fakedaemon_max_concurrent(e.fake) <= 2);
	teardown_env(&e);
}

static void test_running_only_inspects_running(void **state)
{
	struct env e;
	setup_env(&e, "seed", false, 8);
	const struct result *r = run(&e, "5.5");
	assert_int_equal(r[0].status, DA_PASS);
	/* three running containers: the stopped two are not even inspected */
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/v1.41/containers/"), 1 + 3);
	teardown_env(&e);
}

/* Without -a, the report's header names a privileged container among those left out: the
 * stopped ones are inspected for it once, and only then (at most max of them). */
static void test_left_out_privileged(void **state)
{
	struct env e;
	setup_env(&e, "seed", false, 8);
	const struct result *r = run(&e, "5.5");
	assert_int_equal(r[0].status, DA_PASS); /* priv is created, not running */
	char *const *priv = NULL;
	size_t examined = 0;
	assert_int_equal(ctx_not_running_privileged(e.ctx, 1000, &priv, &examined), 0);
	assert_int_equal(examined, 2);
	assert_string_equal(priv[0], "priv");
	assert_null(priv[1]);
	/* the two stopped ones, once each */
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/v1.41/containers/"), 1 + 3 + 2);
	assert_int_equal(ctx_not_running_privileged(e.ctx, 1000, &priv, &examined), 0);
	assert_int_equal(fakedaemon_count_prefix(e.fake, "/v1.41/containers/"), 1 + 3 + 2);
	teardown_env(&e);

	/* a cap: the first one only (stopped-plain, listed first) */
	setup_env(&e, "seed", false, 8);
	assert_int_equal(ctx_not_running_privileged(e.ctx, 1, &priv, &examined), 0);
	assert_int_equal(examined, 1);
	assert_null(priv[0]);
	teardown_env(&e);

	/* with -a nothing is left out: no request */
	setup_env(&e, "seed", true, 8);
	run(&e, "5.5");
	size_t before = fakedaemon_requests(e.fake);
	assert_int_equal(ctx_not_running_privileged(e.ctx, 1000, &priv, &examined), 0);
	assert_int_equal(examined, 0);
	assert_null(priv[0]);
	assert_int_equal(fakedaemon_requests(e.fake), before);
	teardown_env(&e);
}

static void test_vanished_container_is_error(void **state)
{
	struct env e;
	setup_env(&e, "vanished", false, 8);
	const struct result *r = run(&e, "5.5");
	assert_int_equal(r[0].status, DA_ERROR);
	assert_int_equal(r[0].n_findings, 1);
	assert_true(r[0].findings[0].error);
	assert_string_equal(r[0].findings[0].name, "plain");
	assert_non_null(strstr(r[0].findings[0].detail, "vanished"));
	teardown_env(&e);
}

static void test_daemon_down_is_error(void **state)
{
	struct env e;
	setup_env(&e, "seed", false, 8);
	fakedaemon_set_fault(e.fake, FAKE_FAULT_STATUS500, 0);
	const struct result *r = run(&e, "5.16");
	assert_int_equal(r[0].status, DA_ERROR);
	assert_non_null(strstr(r[0].detail, "cannot list containers"));
	assert_non_null(strstr(r[0].detail, "boom")); /* the daemon's own message is kept */
	teardown_env(&e);
}

static void test_no_daemon_needed_no_request(void **state)
{
	struct env e;
	setup_env(&e, "seed", false, 8);
	run(&e, "4.5,1.1.6");
	assert_int_equal(fakedaemon_requests(e.fake), 0);
	teardown_env(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_object_fetched_once),
	    cmocka_unit_test(test_running_only_inspects_running),
	    cmocka_unit_test(test_left_out_privileged),
	    cmocka_unit_test(test_vanished_container_is_error),
	    cmocka_unit_test(test_daemon_down_is_error),
	    cmocka_unit_test(test_no_daemon_needed_no_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
