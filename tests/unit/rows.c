/* SPDX-License-Identifier: Apache-2.0 */
/* The one row runner of the section tests: see rows.h. */
#include "common.h"
#include "rows.h"
#include "check.h"
#include "context.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

/* ---- registering ---- */

struct rows_case {
	const void *row;
	rows_run_fn run;
	const char *name;
};

static const char *current = "";

static void rows_trampoline(void **state)
{
	const struct rows_case *c = *state;
	current = c->name;
	c->run(c->row);
	current = "";
}

const char *rows_current(void)
{
	return current;
}

int rows_run(const char *group, const void *rows, size_t n, size_t size, rows_name_fn name,
	     rows_run_fn run, CMFixtureFunction setup, CMFixtureFunction teardown)
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
		cases[i] = (struct rows_case){row, run, names[i]};
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

/* ---- running ---- */

struct rows_env {
	struct hostfs *h;
	struct audit_ctx *ctx;
	char *env[2];
};

static void env_open(struct rows_env *e, const struct row_audit *a)
{
	assert_non_null(a->host);
	assert_int_equal(hostfs_new(a->host, &e->h), 0);
	e->env[0] = (char *)(uintptr_t)a->env;
	e->env[1] = NULL;
	struct ctx_config cfg = {
	    .fixture_dir = a->docker,
	    .docker_error = a->docker ? NULL : "no daemon in this test",
	    .hostfs = e->h,
	    .all_containers = a->all,
	    .kernel_audit = a->kernel ? CTX_KERNEL_AUDIT_FIXTURE : CTX_KERNEL_AUDIT_DENIED,
	    .kernel_rules_fixture = a->kernel,
	    .env = e->env,
	    .trusted_users = a->trusted_users,
	    .trusted_images = a->trusted_images,
	};
	assert_int_equal(ctx_new(&cfg, &e->ctx), 0);
}

static void env_close(struct rows_env *e)
{
	ctx_free(e->ctx);
	hostfs_free(e->h);
}

struct report rows_audit(const struct row_audit *a, const char *id)
{
	struct rows_env e;
	env_open(&e, a);
	char *only[] = {(char *)(uintptr_t)id, NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(e.ctx, &sel, &rep), 0);
	assert_int_equal(rep.n_results, 1);
	env_close(&e);
	return rep;
}

static bool name_listed(const char *list, const char *name)
{
	_cleanup_strv_free_ char **v = NULL;
	if (!list || str_split(list, ',', &v) < 0)
		return false;
	for (char **p = v; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

static size_t list_length(const char *list)
{
	_cleanup_strv_free_ char **v = NULL;
	return list && str_split(list, ',', &v) >= 0 ? strv_length(v) : 0;
}

static void show(const struct result *res)
{
	print_message("%s: %s: %s\n", current, da_status_name(res->status), res->detail);
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct finding *f = &res->findings[k];
		print_message("    %s%s %s: %s [%s=%s]\n", f->error ? "! " : "", f->kind, f->name,
			      f->detail, f->source ? f->source : "-", f->value ? f->value : "-");
	}
}

static void verify(const struct result *res, const struct row_want *w)
{
	const char *first = res->n_findings ? res->findings[0].detail : NULL;
	if (getenv("DA_SHOW"))
		show(res);
	assert_non_null(res->detail);
	if (res->status != w->status)
		fail_msg("%s: want %s, got %s: %s%s%s", current, da_status_name(w->status),
			 da_status_name(res->status), res->detail,
			 first ? " / first finding: " : "", first ? first : "");
	if (w->detail && !strstr(res->detail, w->detail) &&
	    !(w->detail_or_finding && first && strstr(first, w->detail)))
		fail_msg("%s: detail '%s' lacks '%s'", current, res->detail, w->detail);
	if (w->first_source) {
		if (!res->n_findings || !res->findings[0].source)
			fail_msg("%s: no finding with a source, want %s", current, w->first_source);
		assert_string_equal(res->findings[0].source, w->first_source);
	}
	size_t got_fail = 0, got_err = 0;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (w->names && !name_listed(f->error ? w->errors : w->names, f->name))
			fail_msg("%s: unexpected %s finding '%s': %s", current,
				 f->error ? "error" : "failing", f->name, f->detail);
		if (!f->kind || !f->detail || (w->kind && strcmp(f->kind, w->kind) != 0))
			fail_msg("%s: finding '%s' has kind %s, detail %s%s%s", current, f->name,
				 f->kind ? f->kind : "(none)", f->detail ? "set" : "(none)",
				 w->kind ? ", want kind " : "", w->kind ? w->kind : "");
		if (w->source && (!f->source || strcmp(f->source, w->source) != 0))
			fail_msg("%s: finding '%s' has source %s, want %s", current, f->name,
				 f->source ? f->source : "(none)", w->source);
		if (w->value && !f->error && !f->value)
			fail_msg("%s: failing finding '%s' has no value", current, f->name);
		if (w->finding)
			w->finding(w->row, f);
		got_fail += !f->error;
		got_err += f->error;
	}
	size_t want_fail = list_length(w->names), want_err = list_length(w->errors);
	if (w->names && (got_fail != want_fail || got_err != want_err))
		fail_msg("%s: want %zu failing and %zu error findings, got %zu and %zu: %s",
			 current, want_fail, want_err, got_fail, got_err, res->detail);
	if (w->result)
		w->result(w->row, res);
	/* the remediation as writers show it (the runner renders it; a row run without the
	 * runner is rendered here from the result's facts): no placeholder left, and a command
	 * on {{$paths}} names every failing file */
	const char *tmpl = res->check && res->check->remediation ? res->check->remediation : "";
	_cleanup_free_ char *rem = runner_render(NULL, tmpl, NULL, res);
	assert_non_null(rem);
	if (strstr(rem, "{{"))
		fail_msg("%s: remediation not rendered: %s", current, rem);
	for (size_t i = 0;
	     res->status == DA_FAIL && result_fact_get(res, "paths") && i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!f->error && f->kind && strcmp(f->kind, "file") == 0 &&
		    !str_startswith(f->name, "/etc/docker/certs.d/") && !strstr(rem, f->name))
			fail_msg("%s: the finding names %s, the remediation does not: %s", current,
				 f->name, rem);
	}
}

void rows_check(const struct row_audit *a, const char *id, const struct check *chk,
		const struct row_want *want)
{
	if (!chk) {
		struct report rep = rows_audit(a, id);
		verify(&rep.results[0], want);
		report_release(&rep);
		return;
	}
	struct rows_env e;
	env_open(&e, a);
	struct result res = {.check = chk};
	assert_true(chk->run(e.ctx, chk, &res) >= 0);
	verify(&res, want);
	result_release(&res);
	env_close(&e);
}
