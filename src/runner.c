/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include "buf.h"
#include "context.h"
#include "facts/engine.h"
#include "facts/images.h"
#include "facts/swarm.h"
#include "report.h"
#include "runner.h"
#include "json.h"

static bool selector_known(const struct benchmark *bm, const char *sel)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	for (size_t i = 0; i < n; i++)
		if (check_id_matches(all[i]->id, sel))
			return true;
	return false;
}

int selection_validate(const struct selection *s, const char **ret_bad)
{
	for (char **p = s->only; p && *p; p++)
		if (!selector_known(s->benchmark, *p)) {
			*ret_bad = *p;
			return -EINVAL;
		}
	for (char **p = s->exclude; p && *p; p++)
		if (!selector_known(s->benchmark, *p)) {
			*ret_bad = *p;
			return -EINVAL;
		}
	return 0;
}

bool selection_match(const struct selection *s, const struct check *chk)
{
	if (s->level == 1 && chk->level != 1)
		return false;
	if (s->only) {
		bool hit = false;
		for (char **p = s->only; *p && !hit; p++)
			hit = check_id_matches(chk->id, *p);
		if (!hit)
			return false;
	}
	for (char **p = s->exclude; p && *p; p++)
		if (check_id_matches(chk->id, *p))
			return false;
	return true;
}

static int run_one(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	res->check = chk;
	if ((chk->needs & DA_NEED_DAEMON) && !ctx_images_offline(ctx)) {
		const char *err = NULL;
		if (ctx_daemon(ctx, &err) < 0)
			return result_error(res, "the Docker daemon could not be reached: %s", err);
	}
	if (chk->needs & DA_NEED_DOCKERD) {
		const struct engine *e;
		if (ctx_engine(ctx, &e, NULL) == 0 && e->kind == ENGINE_PODMAN)
			return result_skip(res,
					   "not applicable to Podman %s: it runs no dockerd, so there "
					   "is no daemon-wide setting or file of this kind (per-container "
					   "settings are judged in section 5; docs/engines.md)",
					   e->version ? e->version : "");
	}
	if (chk->needs & (DA_NEED_SWARM | DA_NEED_SWARM_MANAGER)) {
		const struct swarm_info *si;
		_cleanup_free_ char *why = NULL;
		int q = swarm_prerequisite(ctx, chk->needs & DA_NEED_SWARM_MANAGER, &si, &why);
		if (q == -ENOMEM)
			return q;
		if (q < 0)
			return result_error(res, "%s", why);
		if (q == 0)
			return result_skip(res, "%s", why);
	}
	int r = chk->run(ctx, chk, res);
	if (r < 0)
		return result_error(res, "the check could not run: %s", strerror(-r));
	if (!res->detail) /* a check that set no verdict is our bug, never a PASS */
		return result_error(res, "the check reached no verdict");
	return 0;
}

/*
 * A check never knows ids (include/benchmark.h): where its text cites another check it writes
 * "{{KEY}}", the stable key, and the id is the chosen edition's, put here. A key the edition
 * does not have is left as its name (never an id of another edition). 0 or -ENOMEM.
 */
int runner_resolve_refs(const struct benchmark *bm, char **text)
{
	const char *open = *text ? strstr(*text, "{{") : NULL;
	if (!open)
		return 0;
	struct buf b;
	buf_init(&b, SIZE_MAX);
	const char *p = *text;
	int r = 0;
	while ((open = strstr(p, "{{"))) {
		const char *close = strstr(open + 2, "}}");
		if (!close)
			break;
		char key[64];
		size_t kl = (size_t)(close - open - 2);
		r |= buf_append(&b, p, (size_t)(open - p));
		if (kl < sizeof(key)) {
			memcpy(key, open + 2, kl);
			key[kl] = '\0';
			const struct check *c = benchmark_check_by_key(bm, key);
			r |= buf_puts(&b, c ? c->id : key);
		} else {
			r |= buf_append(&b, open, (size_t)(close + 2 - open));
		}
		p = close + 2;
	}
	r |= buf_puts(&b, p);
	char *out = r == 0 ? buf_steal(&b) : NULL;
	if (!out) {
		buf_release(&b);
		return -ENOMEM;
	}
	free(*text);
	*text = out;
	return 0;
}

int runner_run(struct audit_ctx *ctx, const struct selection *sel, struct report *rep)
{
	size_t n;
	const struct check *const *all = benchmark_checks(sel->benchmark, &n);
	rep->benchmark = sel->benchmark;
	rep->results = calloc(n ? n : 1, sizeof(*rep->results));
	if (!rep->results)
		return -ENOMEM;
	if (!rep->strings)
		rep->strings = json_interner_new(); /* optional: without it findings copy */
	for (size_t i = 0; i < n; i++) {
		if (!selection_match(sel, all[i]))
			continue;
		struct result *res = &rep->results[rep->n_results++];
		res->strings = rep->strings;
		if ((all[i]->needs & DA_NEED_DAEMON) && !ctx_images_offline(ctx))
			rep->daemon_needed = true;
		if (run_one(ctx, all[i], res) < 0 ||
		    runner_resolve_refs(sel->benchmark, &res->detail) < 0)
			return -ENOMEM;
		rep->summary[res->status]++;
	}
	return 0;
}

int runner_exit_status(const struct report *r, int fail_on)
{
	bool failed = false, errored = false;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		/* a waived failure is an accepted risk; with --new-only only regressions count */
		if (report_result_fails(r, res, fail_on))
			failed = true;
		if (res->status == DA_ERROR)
			errored = true;
	}
	/* Nothing that needed the daemon was judged: the audit is incomplete, whatever else. */
	if (r->daemon_needed && !r->daemon_up)
		return 3;
	if (failed)
		return 1;
	return errored ? 3 : 0;
}
