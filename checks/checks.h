/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/* Private to checks/: the section tables and helpers shared by check functions. */
#include "check.h"
#include "context.h"

struct check_section {
	const char *id;
	const struct check *checks;
	size_t n;
};

/* Each section file defines one of these, its table sized where the table is. */
extern const struct check_section host_section; /* checks/host.c */
extern const struct check_section daemon_section; /* checks/daemon.c */
extern const struct check_section files_section; /* checks/files.c */
extern const struct check_section image_section; /* checks/images.c */
extern const struct check_section runtime_section; /* checks/runtime.c */
extern const struct check_section operations_section; /* checks/operations.c */
extern const struct check_section swarm_section; /* checks/swarm.c */
/* The k8s-node benchmark (checks/k8s.c): not a Docker section, a benchmark of its own. */
extern const struct check_section k8s_node_section;

/* Rows that only some editions select (include/benchmark.h): a recommendation added later, or
 * another implementation of a key whose audited object or remediation an edition changed. */
extern const struct check_section host_variants; /* checks/host.c */
extern const struct check_section daemon_variants; /* checks/daemon.c */
extern const struct check_section runtime_variants; /* checks/runtime.c */

/* The CIS Docker Benchmark editions (checks/editions.c), registered in checks/registry.c. */
struct benchmark;
extern const struct benchmark cis_docker_1_6_0, cis_docker_1_7_0, cis_docker_1_8_0;
/* The Kubernetes node profile (checks/k8s.c). */
extern const struct benchmark cis_k8s_node;

/*
 * Verdict of one container for a per-container check: 0 when it passes, 1 when it is hit
 * (fails) with *ret_detail (malloc'ed, e.g. "PidMode=host") and optionally *ret_value, negative
 * errno when it could not be judged (*ret_detail may say why). arg is the judge's.
 */
typedef int (*container_test_fn)(struct audit_ctx *ctx, const struct container *c, void *arg,
				 char **ret_detail, char **ret_value);

struct container_judge {
	container_test_fn test;
	void *arg;
	enum da_status hit; /* the verdict when containers are hit: DA_FAIL, DA_MANUAL, DA_INFO */
	const char *what_hit; /* plural verb phrase: "share the host's network namespace" */
	const char *what_pass; /* singular: "shares the host's network namespace" */
	const char *what_one; /* singular of what_hit when it is not what_pass, or NULL */
};

/*
 * Apply the test to every container in scope and set the verdict: the hit status naming every
 * container hit, else ERROR when any could not be judged, else PASS ("none of N containers
 * <what_pass>", "1 of N containers <what_pass>" ...). A container without its inspection, or
 * whose inspection has no HostConfig object, could not be judged.
 */
int judge_containers(struct audit_ctx *ctx, struct result *res, const struct container_judge *j);
/* judge_containers with FAIL for the containers hit. */
int check_each_container(struct audit_ctx *ctx, struct result *res, container_test_fn test,
			 void *arg, const char *what_fail, const char *what_pass);
char *images_redact(
    const char *text); /* a build step fit to quote, secrets hidden (malloc, NULL on ENOMEM) */
/* Append path as one shell word: as it is when it needs no quoting, else in single quotes.
 * 0 or a negative errno of buf_append. */
struct buf;
int shell_word(struct buf *b, const char *path);
