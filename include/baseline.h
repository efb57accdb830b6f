/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct report;

/*
 * --baseline FILE: an earlier JSON report of ours. A finding is identified by (check id, kind,
 * name); a failing check without findings by its id alone. Against the current report:
 * "new" = failing now and not in the baseline; "resolved" = failing in the baseline, run again
 * now and no longer failing (a check not run this time resolves nothing). Waived failures still
 * count as failing: a waiver accepts a risk, it does not remove it.
 */
struct baseline;

/* The most a baseline (or a --history report) may be: a larger file is refused when read. */
#define BASELINE_MAX_BYTES (256u * 1024 * 1024)

/*
 * A report of format ("json", "baseline") of this many bytes, just written to what (a path, or
 * "on standard output"), that --baseline and --history would refuse as too large: the one-line
 * warning that says so and what to keep instead (malloc'ed); NULL when it can be read back (or
 * the format is never a baseline) or on ENOMEM.
 */
char *baseline_size_warning(const char *what, const char *format, unsigned long long bytes);

/* Read and parse FILE (capped at BASELINE_MAX_BYTES, 256 MiB). 0; -EINVAL with *ret_error for a
 * file that is not a docker-audit JSON report (naming the position or field); -errno of the read;
 * -ENOMEM. */
int baseline_load(const char *file, struct baseline **ret, char **ret_error);
/* The same from text (tests, fuzzing). */
int baseline_parse(const char *text, size_t len, struct baseline **ret, char **ret_error);
struct baseline *baseline_free(struct baseline *b);

/* What the HTML trend shows of one kept report. */
struct baseline_summary {
	char started_at[32];
	bool complete; /* its daemon was reached (or not needed) */
	/* failing checks, not waived, by severity (index enum da_severity, 0 unused) */
	unsigned fail[5];
};
/* Read only that from a report (either form); findings are stepped over. An unreachable
 * report is read, marked incomplete. 0, or -EINVAL with *ret_error, -ENOMEM. */
int baseline_summary(const char *text, size_t len, struct baseline_summary *ret, char **ret_error);

/* Fill r->new_items, r->resolved_items, r->has_baseline, r->baseline_started_at and each
 * result's is_new. 0 or -ENOMEM. */
int baseline_apply(const struct baseline *b, struct report *r);
/* Free what baseline_apply added to the report. */
void baseline_release_changes(struct report *r);
