/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "check.h"

struct audit_ctx;
struct report;

struct benchmark;

struct selection {
	/* The edition whose ids the selectors name and whose checks run; NULL: the rows of
	 * checks/ files as written (CIS Docker v1.6.0), benchmark_base(). */
	const struct benchmark *benchmark;
	char **only; /* --check ids or sections; NULL: all */
	char **exclude; /* --exclude */
	int level; /* 0: all; 1: level-1 checks only; 2: all */
};

/* true when the check is selected. */
bool selection_match(const struct selection *s, const struct check *chk);
/* Every selector names a known check or section: 0, or -EINVAL with *ret_bad the offender. */
int selection_validate(const struct selection *s, const char **ret_bad);

/* Run the selected checks in id order into r->results and fill r->summary. 0 or -ENOMEM. */
/* Replace each "{{KEY}}" in *text by the id KEY has in bm (the name KEY when bm has none).
 * 0 or -ENOMEM. */
int runner_resolve_refs(const struct benchmark *bm, char **text);
/*
 * A remediation rendered: "{{KEY}}" as runner_resolve_refs does; "{{$NAME}}" (or
 * "{{$NAME|TEXT}}") by what res says NAME is (result_fact: the path its finding names), else,
 * with a ctx, what the audited host's facts say (daemon-json: the daemon's real config file;
 * data-root; docker-service, docker-socket-unit: the unit files; docker-socket,
 * containerd-socket; dockerd, containerd, runc: the binaries), else TEXT, else NAME's usual
 * path (/etc/docker/daemon.json ...). "{{?NAME|TEXT}}" is TEXT only when NAME is not known
 * ("use the path shown in the finding" where the text shows the usual one). ctx and res may
 * be NULL (explain, list: the usual text).
 * Malloc'ed; NULL for NULL text or on ENOMEM.
 */
struct audit_ctx;
char *runner_render(const struct benchmark *bm, const char *text, struct audit_ctx *ctx,
		    const struct result *res);
int runner_run(struct audit_ctx *ctx, const struct selection *sel, struct report *r);

/* Exit status per DESIGN.md section 3, given the lowest failing severity that counts. */
int runner_exit_status(const struct report *r, int fail_on);
