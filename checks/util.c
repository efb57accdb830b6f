/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by check functions. */
#include "common.h"
#include "checks.h"
#include "strutil.h"

int check_each_container(struct audit_ctx *ctx, struct result *res, container_test_fn test,
			 const char *what_fail, const char *what_pass)
{
	const struct container *cs;
	size_t n;
	const char *err;
	int r = ctx_containers(ctx, &cs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list containers: %s", err);

	size_t failed = 0, errors = 0;
	for (size_t i = 0; i < n; i++) {
		const struct container *c = &cs[i];
		_cleanup_free_ char *detail = NULL, *value = NULL;
		int v = c->inspect ? test(ctx, c, &detail, &value) : c->error;
		if (v == 0)
			continue;
		if (v > 0) {
			failed++;
		} else {
			errors++;
			free(detail);
			detail = xasprintf("could not be inspected: %s",
					   c->error_msg ? c->error_msg : strerror(-v));
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
	/* what_pass is the singular verb phrase, what_fail the plural one */
	if (failed)
		return result_fail(res, "%zu of %zu %scontainer%s %s", failed, n, scope,
				   n == 1 ? "" : "s", failed == 1 ? what_pass : what_fail);
	if (errors)
		return result_error(res, "%zu of %zu %scontainer%s could not be inspected", errors,
				    n, scope, n == 1 ? "" : "s");
	if (n == 0)
		return result_pass(res, "no %scontainers to check%s", scope,
				   *scope ? " (use -a to include stopped ones)" : "");
	return result_pass(res, "none of %zu %scontainer%s %s", n, scope, n == 1 ? "" : "s",
			   what_pass);
}
