/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include "check.h"

struct waiver_set;

/* One result model, rendered by every writer. */
struct report {
	char *hostname;
	char *server_version; /* NULL when the daemon was not reached */
	char *api_version;
	bool daemon_needed; /* a selected check needed the Engine API */
	bool daemon_up;
	char *daemon_error;
	char started_at[32]; /* RFC 3339 UTC */
	long long started_epoch;
	long duration_ms;
	struct result *results;
	size_t n_results;
	unsigned summary[_DA_STATUS_MAX]; /* a waived FAIL counts in waived, not in fail */
	unsigned waived;
	bool all_containers;

	/* --waivers: the accepted risks, and what became of them (include/waivers.h) */
	const struct waiver_set *waivers;
	/* --baseline: what changed since an earlier report (include/baseline.h) */
	bool has_baseline;
	char *baseline_started_at; /* when the baseline report was made, may be NULL */
	struct report_change *new_items, *resolved_items;
	size_t n_new, n_resolved;
	bool new_only; /* --new-only: only new failures set exit status 1 */
};

/* One finding (or a check without findings) identified across runs: (id, kind, name). */
struct report_change {
	char *id;
	char *kind; /* NULL for a check without findings */
	char *name;
};

struct render_options {
	bool color;
	bool verbose;     /* text: also findings and details of passing checks */
	bool remediation; /* text: remediation for every failing check (default on) */
	bool quiet;       /* text: only failures and errors, and the summary */
};

typedef int (*report_write_fn)(FILE *f, const struct report *r, const struct render_options *o);

struct report_format {
	const char *name;
	report_write_fn write;
};

const struct report_format *report_format_find(const char *name);
const char *report_format_names(void); /* "text|json" for help and errors */

int report_write_text(FILE *f, const struct report *r, const struct render_options *o);
int report_write_json(FILE *f, const struct report *r, const struct render_options *o);

void report_release(struct report *r);

/* Escape a string that came from outside (daemon, files) for a terminal: control bytes and
 * invalid UTF-8 become \xNN; so do C1 controls, DEL, line separators and bidi overrides. A
 * backslash stays as is. NULL is taken as "". Returns malloc'ed text or NULL on ENOMEM. */
char *text_escape(const char *s);
/* A copy of s that is valid UTF-8: each ill-formed sequence becomes U+FFFD. Malloc'ed; NULL when
 * s is NULL or on ENOMEM. JSON writers pass every string through it (cJSON copies bytes as is). */
char *utf8_sanitize(const char *s);
