/* SPDX-License-Identifier: Apache-2.0 */
/* Section 5: container runtime. */
#include "common.h"
#include "checks.h"
#include "json.h"
#include "strutil.h"

static int container_privileged(struct audit_ctx *ctx, const struct container *c,
				char **ret_detail, char **ret_value)
{
	bool priv;
	int r = json_get_bool(c->inspect, "HostConfig.Privileged", &priv);
	if (r == -ENOENT)
		return 0; /* absent: Docker's default, not privileged */
	if (r < 0)
		return -EBADMSG;
	if (!priv)
		return 0;
	*ret_detail = xstrdup(c->running ? "Privileged=true"
					 : "Privileged=true (not running; privileged when started)");
	*ret_value = xstrdup("true");
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

/*
 * Follow "container:<id|name>" joins to the container whose namespace is used, at most a few
 * hops (a loop is not something Docker allows, but the data is not ours).
 */
static int namespace_mode(struct audit_ctx *ctx, const struct container *c, const char *field,
			  const char **ret_mode, const struct container **ret_owner)
{
	const struct container *cur = c;
	for (int hop = 0; hop < 8; hop++) {
		if (!cur->inspect)
			return cur->error ? cur->error : -EBADMSG;
		const cJSON *it = json_get(cur->inspect, field);
		if (it && !cJSON_IsString(it) && !cJSON_IsNull(it))
			return -EBADMSG;
		const char *mode = json_get_string(cur->inspect, field);
		if (!mode || !str_startswith(mode, "container:")) {
			*ret_mode = mode ? mode : "";
			*ret_owner = cur;
			return 0;
		}
		const struct container *next = ctx_container_find(ctx, mode + strlen("container:"));
		if (!next) {
			/* joined to a container outside the audit's scope: judge the join itself */
			*ret_mode = mode;
			*ret_owner = cur;
			return 0;
		}
		cur = next;
	}
	return -ELOOP;
}

static int container_host_pid(struct audit_ctx *ctx, const struct container *c, char **ret_detail,
			      char **ret_value)
{
	const char *mode;
	const struct container *owner;
	int r = namespace_mode(ctx, c, "HostConfig.PidMode", &mode, &owner);
	if (r < 0)
		return r;
	if (strcmp(mode, "host") != 0)
		return 0;
	const char *cur_mode = json_get_string(c->inspect, "HostConfig.PidMode");
	if (owner == c)
		*ret_detail = xstrdup("PidMode=host");
	else
		*ret_detail = xasprintf("PidMode=%s, which shares the host's PID namespace",
					cur_mode ? cur_mode : "");
	*ret_value = xstrdup(cur_mode ? cur_mode : "host");
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

static int no_privileged_containers(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	return check_each_container(ctx, res, container_privileged, "run privileged",
				    "runs privileged");
}

static int host_pid_namespace_not_shared(struct audit_ctx *ctx, const struct check *chk,
					 struct result *res)
{
	return check_each_container(ctx, res, container_host_pid,
				    "share the host's PID namespace",
				    "shares the host's PID namespace");
}

static const struct check checks[] = {
	{
		.id = "5.5",
		.title = "Ensure that privileged containers are not used",
		.section = "5",
		.level = 1,
		.automated = false,
		.severity = DA_SEV_CRITICAL,
		.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
		.needs = DA_NEED_DAEMON,
		.run = no_privileged_containers,
		.rationale = "A privileged container has every capability, every host device, no "
			     "seccomp or AppArmor confinement and writable /sys: root in it is root "
			     "on the host.",
		.judged = "Fails for every container in scope whose HostConfig.Privileged is true. "
			  "Running containers by default; with -a also stopped ones, which regain "
			  "their privileges when started.",
		.remediation = "Recreate the container without --privileged; grant only the "
			       "capabilities (--cap-add) and devices (--device) it needs:\n"
			       "  docker rm -f NAME && docker run --cap-drop ALL --cap-add NEEDED ... IMAGE",
	},
	{
		.id = "5.16",
		.title = "Ensure that the host's process namespace is not shared",
		.section = "5",
		.level = 1,
		.automated = false,
		.severity = DA_SEV_HIGH,
		.stride = DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_DOS,
		.needs = DA_NEED_DAEMON,
		.run = host_pid_namespace_not_shared,
		.rationale = "A container in the host's PID namespace sees every process on the "
			     "host, their command lines and environments, and as root can signal "
			     "or trace them.",
		.judged = "Fails for every container in scope whose HostConfig.PidMode is \"host\", "
			  "and for one joined (PidMode=container:X) to a container that shares the "
			  "host's PID namespace. Running containers by default, all with -a.",
		.remediation = "Recreate the container without --pid=host (and without "
			       "--pid=container:X joined to such a container):\n"
			       "  docker rm -f NAME && docker run ... IMAGE",
	},
};

const struct check_section runtime_section = {"5", checks, ARRAY_SIZE(checks)};
