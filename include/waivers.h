/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct report;

/*
 * Accepted risks (--waivers FILE), kept in version control next to the hosts they describe:
 *   {"waivers": [{"check": "5.16", "object": "node-exporter*", "reason": "...",
 *                 "expires": "2027-03-01", "owner": "ops@example.com"}, ...]}
 * check and reason are required; object is a glob on the finding's name (without it the whole
 * check is waived); expires is a UTC date, the waiver applying through that whole day.
 * "benchmark": "1.6.0" (at the top, or in one waiver) says which edition's ids the file
 * speaks; a waiver then applies to the same recommendation, matched by its stable key, under
 * whichever edition is audited (v1.6.0 2.8 is v1.8.0 2.9). Without it the ids are the audited
 * edition's, and a waiver whose id means another recommendation in another edition says so.
 * "check" may also be the check's stable key ("content-trust", as `list` and the JSON report
 * show it): the waiver then applies to that recommendation in every edition, whatever its id.
 */
struct waiver {
	char *check;
	char *object; /* NULL: every finding of the check */
	char *reason;
	char *owner; /* may be NULL */
	char *expires; /* "YYYY-MM-DD" or NULL */
	bool expired; /* at the time of the audit */
	unsigned used; /* findings or checks it applied to */
	unsigned matched_expired; /* failures it would have covered had it not expired */
	size_t index; /* position in the file, for messages */
	char *benchmark; /* the edition its ids are written in ("1.6.0"), NULL: the audited one */
	bool by_key; /* check is a stable key ("content-trust"): that check in every edition */
	/* Set by waivers_apply for the report's edition: */
	const char *key; /* the recommendation it names, NULL when none in that edition */
	const char *applies_to; /* its id in the audited edition (borrowed from the table) */
	bool mapped; /* written under another edition's id, which differs */
	bool absent; /* names no recommendation of the audited edition */
	char *note; /* how it was read: the mapping, an ambiguity, why absent */
};

struct waiver_set {
	struct waiver *items;
	size_t n;
	char *file;
	char *benchmark; /* the file's "benchmark", or NULL */
};

/*
 * Parse a waiver file. 0; -EINVAL with *ret_error naming the entry and field ("waiver 3:
 * 'reason' is required") or the JSON position for malformed JSON; -ENOMEM. now decides which
 * waivers have expired.
 */
int waivers_parse(const char *text, size_t len, const char *file, time_t now,
		  struct waiver_set **ret, char **ret_error);
/* Read FILE (capped) and parse it. Errors as waivers_parse, plus -errno of the read. */
int waivers_load(const char *file, time_t now, struct waiver_set **ret, char **ret_error);
struct waiver_set *waivers_free(struct waiver_set *w);

/*
 * Mark the report's failing findings and checks that valid waivers cover, move waived FAILs
 * from summary.fail to summary.waived, and count what each waiver matched. Idempotent per
 * report. The waiver set must outlive the report.
 */
void waivers_apply(struct waiver_set *w, struct report *r);
