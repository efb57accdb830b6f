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
extern const struct check_section host_section;       /* checks/host.c */
extern const struct check_section daemon_section;     /* checks/daemon.c */
extern const struct check_section files_section;      /* checks/files.c */
extern const struct check_section image_section;      /* checks/images.c */
extern const struct check_section runtime_section;    /* checks/runtime.c */
extern const struct check_section operations_section; /* checks/operations.c */
extern const struct check_section swarm_section;      /* checks/swarm.c */

/*
 * Verdict of one container for a per-container check: 0 when it passes, 1 when it fails with
 * *ret_detail (malloc'ed, e.g. "PidMode=host") and optionally *ret_value, negative errno when
 * it could not be judged.
 */
typedef int (*container_test_fn)(struct audit_ctx *ctx, const struct container *c,
				 char **ret_detail, char **ret_value);

/*
 * Apply test to every container in scope and set the verdict: FAIL naming every failing
 * container, else ERROR when any could not be judged, else PASS. what_fail is the plural verb
 * phrase ("share the host's PID namespace"), what_pass the singular one ("shares ..."), used
 * for "none of N containers shares ..." and "1 of N containers shares ...".
 */
int check_each_container(struct audit_ctx *ctx, struct result *res, container_test_fn test,
			 const char *what_fail, const char *what_pass);
