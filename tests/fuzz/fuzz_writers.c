/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "check.h"
#include "fuzz_common.h"
#include "report.h"
#include "waivers.h"

/*
 * Every writer of the format table fed a report whose every string comes from the input:
 * host name, versions, daemon error, details, finding kinds, ids, names, values and sources,
 * waiver checks, objects, reasons, owners and dates, baseline items. The structure (how many
 * results, which checks, statuses, waived or new) comes from the input too, within what the
 * runner, waivers_apply and baseline_apply can produce. The first byte picks the writers (bit
 * i: the i-th format of report_format_names(); 0: all). fuzz_render_formats checks outputs.
 */

#define MAX_RESULTS 12
#define MAX_FINDINGS 4
#define MAX_WAIVERS 4
#define MAX_CHANGES 3

/* A string of the input, or (one time in eight) none. */
static char *maybe_str(struct fuzz_reader *rd)
{
	if ((fuzz_u8(rd) & 7) == 7)
		return NULL;
	return fuzz_str(rd);
}

static struct waiver_set *make_waivers(struct fuzz_reader *rd)
{
	size_t n = fuzz_u8(rd) % (MAX_WAIVERS + 1);
	struct waiver_set *w = calloc(1, sizeof(*w));
	if (!w || !(w->items = calloc(MAX_WAIVERS, sizeof(*w->items))))
		abort();
	w->file = fuzz_str(rd);
	for (size_t i = 0; i < n; i++) {
		struct waiver *x = &w->items[w->n++];
		uint8_t b = fuzz_u8(rd);
		x->check = fuzz_str(rd);
		x->object = maybe_str(rd);
		x->reason = fuzz_str(rd);
		x->owner = maybe_str(rd);
		x->expires = maybe_str(rd);
		x->expired = b & 1;
		x->used = (b >> 1) & 3;
		x->matched_expired = (b >> 3) & 3;
		x->index = i + 1;
	}
	return w;
}

static void free_waivers(struct waiver_set *w)
{
	for (size_t i = 0; i < w->n; i++) {
		struct waiver *x = &w->items[i];
		free(x->check);
		free(x->object);
		free(x->reason);
		free(x->owner);
		free(x->expires);
	}
	free(w->items);
	free(w->file);
	free(w);
}

static struct report_change *make_changes(struct fuzz_reader *rd, size_t *ret_n)
{
	size_t n = fuzz_u8(rd) % (MAX_CHANGES + 1);
	struct report_change *c = calloc(MAX_CHANGES, sizeof(*c));
	if (!c)
		abort();
	for (size_t i = 0; i < n; i++) {
		c[i].id = fuzz_str(rd);
		c[i].kind = maybe_str(rd);
		c[i].name = c[i].kind ? fuzz_str(rd) : NULL;
	}
	*ret_n = n;
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"container",  "image",   "file",  "daemon",
					    "audit_rule", "network", "swarm", "host"};
	size_t n_checks;
	const struct check *const *all = checks_all(&n_checks);
	if (!n_checks)
		return 0;
	struct fuzz_reader rd = {data, size};
	uint8_t formats = fuzz_u8(&rd); /* which writers: bit i the i-th format, 0 all */
	uint8_t flags = fuzz_u8(&rd);
	struct report r = {
	    .daemon_needed = flags & 1,
	    .daemon_up = flags & 2,
	    .all_containers = flags & 4,
	    .has_baseline = flags & 8,
	    .new_only = flags & 16,
	    .started_at = "2026-01-01T00:00:00Z",
	    .started_epoch = 1767225600,
	    .duration_ms = 1234,
	};
	r.hostname = fuzz_str(&rd);
	r.server_version = maybe_str(&rd);
	r.api_version = maybe_str(&rd);
	r.daemon_error = r.daemon_up ? NULL : maybe_str(&rd);
	struct waiver_set *ws = (flags & 32) ? make_waivers(&rd) : NULL;
	r.waivers = ws;
	if (r.has_baseline) {
		r.baseline_started_at = maybe_str(&rd);
		r.new_items = make_changes(&rd, &r.n_new);
		r.resolved_items = make_changes(&rd, &r.n_resolved);
	}

	size_t nres = fuzz_u8(&rd) % (MAX_RESULTS + 1);
	r.results = calloc(MAX_RESULTS, sizeof(*r.results));
	if (!r.results)
		abort();
	for (size_t i = 0; i < nres; i++) {
		struct result *res = &r.results[r.n_results++];
		res->check = all[fuzz_u8(&rd) % n_checks];
		uint8_t b = fuzz_u8(&rd);
		enum da_status st = (enum da_status)(b % _DA_STATUS_MAX);
		_cleanup_free_ char *detail = fuzz_str(&rd);
		if (result_set(res, st, "%s", detail) < 0)
			abort();
		size_t nf = (b >> 3) % (MAX_FINDINGS + 1);
		size_t waived_findings = 0, failing = 0;
		for (size_t k = 0; k < nf; k++) {
			uint8_t fb = fuzz_u8(&rd);
			_cleanup_free_ char *kind = (fb & 1) ? fuzz_str(&rd) : NULL;
			_cleanup_free_ char *id = maybe_str(&rd);
			_cleanup_free_ char *name = maybe_str(&rd);
			_cleanup_free_ char *fdetail = maybe_str(&rd);
			_cleanup_free_ char *source = maybe_str(&rd);
			_cleanup_free_ char *value = maybe_str(&rd);
			struct finding_spec f = {
			    .kind = kind ? kind : kinds[(fb >> 1) % ARRAY_SIZE(kinds)],
			    .id = id,
			    .name = name,
			    .detail = fdetail,
			    .source = source,
			    .value = value,
			    .error = fb & 16,
			};
			if (result_add(res, &f) < 0)
				abort();
			struct finding *nfp = &res->findings[res->n_findings - 1];
			if (!f.error)
				failing++;
			/* as waivers_apply leaves them: only failures of a FAIL, by a waiver */
			if (st == DA_FAIL && !f.error && (fb & 32) && ws && ws->n) {
				nfp->waived = true;
				nfp->waiver = &ws->items[(fb >> 6) % ws->n];
				waived_findings++;
			}
		}
		if (st == DA_FAIL) {
			if (failing == 0 && res->n_findings == 0 && (b & 0x80) && ws && ws->n) {
				res->waived = true;
				res->waiver = &ws->items[0];
			} else if (failing > 0 && waived_findings == failing &&
				   failing == res->n_findings) {
				res->waived = true;
			}
			res->is_new = r.has_baseline && (b & 0x40);
		}
		if (res->waived)
			r.waived++;
		else
			r.summary[st]++;
	}

	fuzz_render_formats(&r, formats ? formats : ~0u);

	report_release(&r); /* every string of it, the results and the change lists */
	if (ws)
		free_waivers(ws);
	return 0;
}
