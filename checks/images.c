/* SPDX-License-Identifier: Apache-2.0 */
/* Section 4: container images and build file. */
#include "common.h"
#include <strings.h>
#include "checks.h"

/*
 * The docker CLI turns content trust on for any non-empty DOCKER_CONTENT_TRUST that is not a
 * false boolean in Go's strconv.ParseBool sense ("0", "f", "false" in any of its spellings).
 */
static bool content_trust_value_enables(const char *v)
{
	static const char *const falses[] = {"0", "f", "F", "false", "FALSE", "False"};
	if (!v || !*v)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(falses); i++)
		if (strcmp(v, falses[i]) == 0)
			return false;
	return true;
}

static int content_trust_enabled(struct audit_ctx *ctx, const struct check *chk,
				 struct result *res)
{
	const char *v = ctx_getenv(ctx, "DOCKER_CONTENT_TRUST");
	if (content_trust_value_enables(v))
		return result_pass(res,
				   "DOCKER_CONTENT_TRUST=%s is set in the environment of this audit", v);
	int r = result_add(res, &(struct finding_spec){
		.kind = "host",
		.name = "DOCKER_CONTENT_TRUST",
		.detail = v ? "set to a false value in the environment of this audit"
			    : "not set in the environment of this audit (note: sudo drops it unless "
			      "kept with sudo -E or env_keep)",
		.source = "env",
		.value = v,
	});
	if (r < 0)
		return r;
	return result_fail(res, "content trust is %s in the environment of this audit",
			   v ? "disabled" : "not enabled");
}

static const struct check checks[] = {
	{
		.id = "4.5",
		.title = "Ensure Content trust for Docker is Enabled",
		.section = "4",
		.level = 2,
		.automated = false,
		.severity = DA_SEV_MEDIUM,
		.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
		.run = content_trust_enabled,
		.rationale = "Without content trust the docker client pulls, runs and pushes images "
			     "by tag without verifying their publisher's signature, so a tampered "
			     "registry or a man in the middle can substitute an image.",
		.judged = "Content trust is a client-side setting of each shell or CI job, invisible "
			  "to the Engine API. docker-audit judges the environment it runs in, as the "
			  "benchmark's audit does: it passes when DOCKER_CONTENT_TRUST is set to a value "
			  "the docker CLI treats as enabled (any non-empty value but 0/false). Run the "
			  "audit in the environment of the users or CI jobs that pull images.",
		.remediation = "Enable content trust for every shell and CI job that pulls or pushes "
			       "images:\n"
			       "  export DOCKER_CONTENT_TRUST=1\n"
			       "System-wide for login shells:\n"
			       "  echo 'export DOCKER_CONTENT_TRUST=1' > /etc/profile.d/docker-content-trust.sh",
	},
};

const struct check_section image_section = {"4", checks, ARRAY_SIZE(checks)};
