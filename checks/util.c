/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by check functions. */
#include "common.h"
#include "buf.h"
#include "checks.h"
#include "facts/inspect.h"
#include "json.h"
#include "strutil.h"

int judge_containers(struct audit_ctx *ctx, struct result *res, const struct container_judge *j)
{
	const struct container *cs;
	size_t n;
	const char *err;
	int r = ctx_containers(ctx, &cs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list containers: %s", err);

	size_t hits = 0, errors = 0, stopped_hits = 0;
	const char *stopped_state = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct container *c = &cs[i];
		_cleanup_free_ char *detail = NULL, *value = NULL;
		int v;
		if (!c->inspect)
			v = c->error < 0 ? c->error : -EBADMSG;
		else if (c->inspect->host_config_state != FIELD_SET)
			v = (detail = xstrdup("the inspect data has no HostConfig object"))
				? -EBADMSG
				: -ENOMEM;
		else
			v = j->test(ctx, c, j->arg, &detail, &value);
		if (v == -ENOMEM)
			return v;
		if (v == 0)
			continue;
		if (v > 0) {
			hits++;
			/* with -a: a stopped container does not run so now; it will once started */
			if (!c->running && detail && !strstr(detail, "once started")) {
				if (stopped_hits++ == 0)
					stopped_state = container_state_name(c->state);
				char *d =
				    xasprintf("%s (the container is %s: in effect once started)",
					      detail, container_state_name(c->state));
				if (!d)
					return -ENOMEM;
				free(detail);
				detail = d;
			} else if (!c->running && stopped_hits++ == 0) {
				stopped_state = container_state_name(c->state);
			}
		} else {
			errors++;
			char *d;
			if (!c->inspect)
				d = xasprintf("could not be inspected: %s",
					      c->error_msg ? c->error_msg : strerror(-v));
			else
				d = xasprintf("could not be judged: %s",
					      detail ? detail : strerror(-v));
			free(detail);
			detail = d;
			free(value);
			value = NULL;
		}
		r = result_add(res, &(struct finding_spec){.kind = "container",
							   .id = c->id,
							   .name = c->name,
							   .detail = detail,
							   .source = "api",
							   .value = value,
							   .error = v < 0});
		if (r < 0)
			return r;
	}
	const char *scope = ctx_all_containers(ctx) ? "" : "running ";
	if (hits) {
		const char *what = j->what_hit;
		if (hits == 1)
			what = j->what_one ? j->what_one : j->what_pass;
		if (stopped_hits == 1)
			return result_set(res, j->hit,
					  "%zu of %zu %scontainer%s %s (%s %s, not running: in "
					  "effect once started)",
					  hits, n, scope, n == 1 ? "" : "s", what,
					  hits == 1 ? "it is" : "1 of them is", stopped_state);
		if (stopped_hits)
			return result_set(
			    res, j->hit,
			    "%zu of %zu %scontainer%s %s (%zu of them are not running, "
			    "e.g. %s: in effect once started)",
			    hits, n, scope, n == 1 ? "" : "s", what, stopped_hits, stopped_state);
		return result_set(res, j->hit, "%zu of %zu %scontainer%s %s", hits, n, scope,
				  n == 1 ? "" : "s", what);
	}
	if (errors)
		return result_error(res, "%zu of %zu %scontainer%s could not be judged", errors, n,
				    scope, n == 1 ? "" : "s");
	if (n == 0)
		return result_pass(res, "no %scontainers to check%s", scope,
				   *scope ? " (use -a to include stopped ones)" : "");
	return result_pass(res, "none of %zu %scontainer%s %s", n, scope, n == 1 ? "" : "s",
			   j->what_pass);
}

int check_each_container(struct audit_ctx *ctx, struct result *res, container_test_fn test,
			 void *arg, const char *what_fail, const char *what_pass)
{
	return judge_containers(ctx, res,
				&(struct container_judge){.test = test,
							  .arg = arg,
							  .hit = DA_FAIL,
							  .what_hit = what_fail,
							  .what_pass = what_pass});
}

/* path as one shell word: as it is when it needs no quoting, else in single quotes */
int shell_word(struct buf *b, const char *path)
{
	if (path[0] && strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789/._-+:@,=%") == strlen(path))
		return buf_puts(b, path);
	int r = buf_puts(b, "'");
	for (const char *p = path; *p && r == 0; p++)
		r = *p == '\'' ? buf_puts(b, "'\\''") : buf_append(b, p, 1);
	return r ? r : buf_puts(b, "'");
}
