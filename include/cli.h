/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include "runner.h"

enum cli_command {
	CLI_RUN,
	CLI_LIST,
	CLI_EXPLAIN,
	CLI_VERSION,
	CLI_HELP,
	CLI_PLUGIN_METADATA,
	CLI_IMAGE, /* section 4 on named images, for CI gates */
};

#define CLI_MAX_OUTPUTS 8

struct cli_output {
	const char *format; /* a name report_format_find knows */
	const char *path; /* NULL: standard output */
};

/* Owned by main; strings point into argv or the environment unless noted. */
struct options {
	enum cli_command command;
	const char *host; /* -H (ours, or the docker CLI's global one); NULL when not given */
	const char *context; /* --context (ours, or the docker CLI's global --context/-c) */
	const char *docker_config; /* the docker CLI's global --config DIR */
	bool plugin; /* run by the docker CLI as the "audit" plugin */
	const char *root; /* --root */
	struct selection sel; /* only/exclude are owned (str_split) */
	bool all;
	struct cli_output outputs[CLI_MAX_OUTPUTS];
	size_t n_outputs;
	bool no_color;
	int fail_on; /* enum da_severity */
	long timeout_ms;
	long deadline_ms; /* --deadline: the whole audit's Engine API requests */
	bool quiet, verbose, remediation;
	int limit; /* -n/--limit: objects named per check; -1 not given, 0 all */
	unsigned severities; /* --severity: bits 1u << enum da_severity shown; 0 all */
	bool no_kernel_audit;
	int tls, tls_verify; /* -1 not given, else the flag's value (endpoint.h) */
	const char *tls_ca, *tls_cert, *tls_key;
	const char *explain_id;
	const char *list_format; /* list: text|json|markdown; explain: text|json */
	const char *dockerfile; /* --dockerfile PATH (image): where SARIF results point */
	char **image_names; /* image command: names, tags or ids (owned) */
	const char *image_input; /* image --input: an archive or OCI layout, no daemon */
	char **include; /* --include name globs (owned) */
	char **exclude_containers; /* --exclude-containers name globs (owned) */
	char **labels; /* --label K or K=V (owned) */
	const char *trusted_images; /* --trusted-images patterns (4.2) */
	const char *trusted_users; /* --trusted-users names (1.1.2) */
	const char *waivers; /* --waivers FILE */
	const char *baseline; /* --baseline FILE */
	bool new_only; /* --new-only */
	const char *history; /* --history DIR */
	int keep_days; /* --keep-days N (30 with --history) */
	/* --benchmark, else $DOCKER_AUDIT_BENCHMARK, else benchmark_default() (also sel.benchmark)
	 */
	const struct benchmark *benchmark;
};

/*
 * Parse argv into o. Run by the docker CLI as a plugin (DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND
 * in env), argv is "docker-audit [docker's global options] audit [our options]": the global
 * options (-H, --context, --config, --tls*, -D, -l) are taken as the docker CLI takes them. The
 * endpoint itself is resolved later (endpoint_resolve). 0; -EINVAL with *ret_error set to a
 * malloc'ed message for a usage error; -ENOMEM.
 */
int cli_parse(int argc, char **argv, char *const *env, struct options *o, char **ret_error);
void options_release(struct options *o);
void cli_usage(FILE *f);
