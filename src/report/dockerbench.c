/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include <cjson/cJSON.h>
#include "buf.h"
#include "report.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"

/*
 * docker-bench-security's JSON log layout (its functions/output_lib.sh), so that DefectDojo's
 * "docker-bench-security Scan" importer and dashboards built on that log read our report:
 *
 *   {"dockerbenchsecurity": VERSION, "start": EPOCH,
 *    "tests": [{"id": "5", "desc": "Container runtime",
 *               "results": [{"id": "5.16", "desc": "TITLE (Automated)", "result": "WARN",
 *                            "details": "LABEL: item item", "items": ["item", ...],
 *                            "remediation": "..."}]}],
 *    "checks": N, "score": S, "end": EPOCH}
 *
 * Mapping of our statuses to its four results (DefectDojo turns WARN into High, INFO into Low,
 * NOTE into Info, drops PASS, and drops anything whose desc says "(Manual)"):
 *   pass -> PASS; fail -> WARN; info -> INFO; manual -> NOTE;
 *   skip -> INFO, details "skipped: REASON" (never PASS: it was not verified);
 *   error -> WARN, details "could not check: REASON": an audit gap must not look like a pass,
 *     nor vanish from a findings tracker;
 *   waived fail -> NOTE, details "waived: REASON: ...": an accepted risk stays on record at
 *     the lowest severity and does not lower the score.
 * desc ends in " (Manual)" when the result is MANUAL (a human has to decide), else
 * " (Automated)". docker-bench-security writes the benchmark's own assessment status there;
 * we write how this verdict was reached, so that a check the benchmark calls manual but
 * docker-audit decides from facts (5.16, say) is not dropped by DefectDojo as noise.
 * score: docker-bench-security's semantics: +1 for each scored PASS, -1 for each scored WARN;
 * scored = not MANUAL and not waived. checks: every check written. remediation: for every
 * result that is not PASS (docker-bench-security writes it only with -p; we always do).
 */

static void cjson_deletep(cJSON **p)
{
	cJSON_Delete(*p);
}

#define TRY(expr)                                                                                  \
	do {                                                                                       \
		int _r_ = (expr);                                                                  \
		if (_r_ < 0)                                                                       \
			return _r_;                                                                \
	} while (0)

#define DETAILS_MAX (1u << 20) /* one result's details; the items array has every name */

static const char *dbs_result(const struct result *res)
{
	switch (res->status) {
	case DA_PASS:
		return "PASS";
	case DA_FAIL:
		return res->waived ? "NOTE" : "WARN";
	case DA_MANUAL:
		return "NOTE";
	case DA_ERROR:
		return "WARN";
	default: /* info, skip */
		return "INFO";
	}
}

static bool scored(const struct result *res)
{
	return res->status != DA_MANUAL && !(res->status == DA_FAIL && res->waived);
}

/* The objects listed in items: the failing ones for a FAIL, the unjudged ones for an ERROR. */
static bool listed(const struct result *res, const struct finding *f)
{
	if (!f->name)
		return false;
	if (res->status == DA_FAIL)
		return !f->error;
	if (res->status == DA_ERROR)
		return f->error;
	return false;
}

/* "LABEL: item item", the label our detail with the prefix the mapping calls for. */
static int details(const struct result *res, char **ret)
{
	_cleanup_(buf_release) struct buf b = {0};
	buf_init(&b, DETAILS_MAX);
	const char *prefix = "";
	if (res->status == DA_SKIP)
		prefix = "skipped: ";
	else if (res->status == DA_ERROR)
		prefix = "could not check: ";
	int r = buf_puts(&b, prefix);
	if (r == 0 && res->status == DA_FAIL && res->waived) {
		const struct waiver *w = report_result_waiver(res);
		r = buf_printf(&b, "waived: %s: ",
			       w && w->reason ? w->reason : "each object by its own waiver");
	}
	if (r == 0)
		r = buf_puts(&b, res->detail ? res->detail : "");
	bool first = true;
	for (size_t i = 0; i < res->n_findings && r == 0; i++) {
		const struct finding *f = &res->findings[i];
		if (!listed(res, f))
			continue;
		r = buf_puts(&b, first ? ": " : " ");
		if (r == 0)
			r = buf_puts(&b, f->name);
		first = false;
	}
	if (r == -E2BIG)
		r = 0; /* details is a summary; a huge list is cut, items has it all */
	if (r < 0)
		return r;
	char *s = buf_steal(&b);
	if (!s)
		return -ENOMEM;
	*ret = s;
	return 0;
}

/* "TITLE (Automated)" or "TITLE (Manual)", as docker-bench-security writes desc. */
static char *desc_of(const struct check *c, const struct result *res)
{
	return xasprintf("%s (%s)", c->title ? c->title : c->id,
			 res->status == DA_MANUAL ? "Manual" : "Automated");
}

static int add_result(cJSON *arr, const struct result *res)
{
	const struct check *c = res->check;
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	_cleanup_free_ char *desc = desc_of(c, res);
	if (!desc)
		return -ENOMEM;
	TRY(report_json_add_str(o, "id", c->id));
	TRY(report_json_add_str(o, "desc", desc));
	TRY(report_json_add_str(o, "result", dbs_result(res)));
	_cleanup_free_ char *d = NULL;
	TRY(details(res, &d));
	if (d[0])
		TRY(report_json_add_str(o, "details", d));
	cJSON *items = NULL;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!listed(res, f))
			continue;
		if (!items && !(items = cJSON_AddArrayToObject(o, "items")))
			return -ENOMEM;
		TRY(report_json_append_str(items, f->name));
	}
	if (res->status != DA_PASS && c->remediation && c->remediation[0])
		TRY(report_json_add_str(o, "remediation", c->remediation));
	return 0;
}

static const char *section_of(const struct result *res)
{
	return res->check->section ? res->check->section : "";
}

static int add_section(cJSON *tests, const struct report *r, size_t first)
{
	const char *section = section_of(&r->results[first]);
	const char *title = benchmark_section_title(report_benchmark(r), section);
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(tests, o)) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	TRY(report_json_add_str(o, "id", section));
	TRY(report_json_add_str(o, "desc", title ? title : section));
	cJSON *results = cJSON_AddArrayToObject(o, "results");
	if (!results)
		return -ENOMEM;
	for (size_t i = first; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (res->check && strcmp(section_of(res), section) == 0)
			TRY(add_result(results, res));
	}
	return 0;
}

/* Has an earlier result the same section? Then its test group has been written already. */
static bool section_seen(const struct report *r, size_t upto, const char *section)
{
	for (size_t i = 0; i < upto; i++)
		if (r->results[i].check && strcmp(section_of(&r->results[i]), section) == 0)
			return true;
	return false;
}

static int build(cJSON *root, const struct report *r)
{
	/* docker-bench-security writes its version here, which names the edition it implements;
	 * ours names the tool and the edition (the layout has no other place for it) */
	_cleanup_free_ char *who =
	    xasprintf(DA_VERSION " (checks based on the %s)", benchmark_label(report_benchmark(r)));
	if (!who)
		return -ENOMEM;
	TRY(report_json_add_str(root, "dockerbenchsecurity", who));
	if (!cJSON_AddNumberToObject(root, "start", (double)r->started_epoch))
		return -ENOMEM;
	cJSON *tests = cJSON_AddArrayToObject(root, "tests");
	if (!tests)
		return -ENOMEM;
	long long checks = 0, score = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (!res->check)
			continue;
		checks++;
		if (scored(res) && res->status == DA_PASS)
			score++;
		else if (scored(res) && strcmp(dbs_result(res), "WARN") == 0)
			score--;
		if (!section_seen(r, i, section_of(res)))
			TRY(add_section(tests, r, i));
	}
	long long end = r->started_epoch + (r->duration_ms > 0 ? r->duration_ms : 0) / 1000;
	if (!cJSON_AddNumberToObject(root, "checks", (double)checks) ||
	    !cJSON_AddNumberToObject(root, "score", (double)score) ||
	    !cJSON_AddNumberToObject(root, "end", (double)end))
		return -ENOMEM;
	return 0;
}

int report_write_dockerbench(FILE *f, const struct report *r, const struct render_options *o)
{
	_cleanup_(cjson_deletep) cJSON *root = cJSON_CreateObject();
	(void)o;
	if (!root)
		return -ENOMEM;
	TRY(build(root, r));
	return report_emit_json(f, root);
}
