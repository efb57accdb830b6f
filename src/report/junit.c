/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include "report.h"
#include "version.h"
#include "waivers.h"

/*
 * JUnit XML for CI systems (Jenkins, GitLab, Azure DevOps): one <testsuite> per CIS section,
 * one <testcase> per check. The file agrees with the exit status: <failure> is exactly a FAIL
 * that sets exit status 1 (report_result_fails: at or above --fail-on, not waived, with
 * --new-only new), so a CI server never marks a build failed or unstable that docker-audit
 * passed, nor the reverse. A FAIL below --fail-on (or, with --new-only, one the baseline had
 * already) is a passing test case whose <system-out> says so and lists its findings. ERROR is
 * <error>, SKIP and MANUAL <skipped> with the reason, PASS and INFO a plain test case. A waived
 * FAIL is <skipped message="waived: REASON">: an accepted risk stays visible, with its findings,
 * among the skipped tests. The counts in <testsuite> and <testsuites> are made from the same
 * classification, so they always match the test cases.
 *
 * Everything goes through xml_escape(); an XML document cannot carry some characters at all
 * (ESC, NUL, ...), so those come out as U+FFFD.
 */

enum junit_kind {
	JUNIT_PASS,
	JUNIT_FAILURE,
	JUNIT_ERROR,
	JUNIT_SKIPPED,
};

static enum junit_kind classify(const struct report *r, const struct result *res)
{
	switch (res->status) {
	case DA_FAIL:
		if (res->waived)
			return JUNIT_SKIPPED;
		return report_result_fails(r, res, r->fail_on) ? JUNIT_FAILURE : JUNIT_PASS;
	case DA_ERROR:
		return JUNIT_ERROR;
	case DA_SKIP:
	case DA_MANUAL:
		return JUNIT_SKIPPED;
	default:
		return JUNIT_PASS;
	}
}

struct counts {
	size_t tests, failures, errors, skipped;
};

static void count(struct counts *c, const struct report *r, const struct result *res)
{
	c->tests++;
	switch (classify(r, res)) {
	case JUNIT_FAILURE:
		c->failures++;
		break;
	case JUNIT_ERROR:
		c->errors++;
		break;
	case JUNIT_SKIPPED:
		c->skipped++;
		break;
	default:
		break;
	}
}

static const char *section_of(const struct result *res)
{
	return res->check && res->check->section ? res->check->section : "";
}

static void write_counts(struct report_out *o, const struct counts *c)
{
	report_out_printf(o, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
			  c->tests, c->failures, c->errors, c->skipped);
}

/* One line per object: "- container web-1 (ID): detail [source: api] (waived: reason)". */
static void write_finding(struct report_out *o, const struct finding *f)
{
	report_out_puts(o, "- ");
	report_out_xml(o, f->kind, false);
	if (f->name) {
		report_out_puts(o, " ");
		report_out_xml(o, f->name, false);
	}
	if (f->id) {
		report_out_puts(o, " (");
		report_out_xml(o, f->id, false);
		report_out_puts(o, ")");
	}
	if (f->error || f->detail)
		report_out_puts(o, ":");
	if (f->error)
		report_out_puts(o, " (could not check)");
	if (f->detail) {
		report_out_puts(o, " ");
		report_out_xml(o, f->detail, false);
	}
	if (f->source) {
		report_out_puts(o, " [source: ");
		report_out_xml(o, f->source, false);
		report_out_puts(o, "]");
	}
	if (f->waived) {
		report_out_puts(o, " (waived");
		if (f->waiver) {
			report_out_puts(o, ": ");
			report_out_xml(o, f->waiver->reason, false);
		}
		report_out_puts(o, ")");
	}
	report_out_puts(o, "\n");
}

/* The body of <failure>, <error> or <skipped>: the detail, the objects, the remediation. */
static void write_body(struct report_out *o, const struct result *res, bool remediation)
{
	if (res->detail) {
		report_out_xml(o, res->detail, false);
		report_out_puts(o, "\n");
	}
	for (size_t i = 0; i < res->n_findings && !o->err; i++)
		write_finding(o, &res->findings[i]);
	const char *rem = res->check ? res->check->remediation : NULL;
	if (remediation && rem && rem[0]) {
		report_out_puts(o, "Remediation:\n");
		report_out_xml(o, rem, false);
		report_out_puts(o, "\n");
	}
}

/* Why a FAIL passes this gate: below --fail-on, or (--new-only) not new since the baseline. */
static void write_passing_fail(struct report_out *o, const struct report *r,
			       const struct result *res)
{
	const char *sev = da_severity_name(res->check ? res->check->severity : DA_SEV_LOW);
	report_out_puts(o, "      <system-out>");
	if (r->new_only && !res->is_new)
		report_out_puts(o, "FAIL, not new since the baseline (--new-only): ");
	else
		report_out_printf(o, "FAIL of severity %s, below --fail-on %s: ", sev,
				  da_severity_name((enum da_severity)r->fail_on));
	write_body(o, res, true);
	report_out_puts(o, "</system-out>\n");
}

static void write_testcase(struct report_out *o, const struct report *r, const struct result *res)
{
	static const struct check unknown = {.id = "?", .title = "", .section = ""};
	const struct check *c = res->check ? res->check : &unknown;
	const char *sev = da_severity_name(c->severity);

	report_out_puts(o, "    <testcase classname=\"cis.");
	report_out_xml(o, c->section, true);
	report_out_puts(o, "\" name=\"");
	report_out_xml(o, c->id, true);
	report_out_puts(o, " ");
	report_out_xml(o, c->title, true);
	report_out_puts(o, "\" time=\"0\">\n");

	switch (classify(r, res)) {
	case JUNIT_FAILURE:
		report_out_printf(o, "      <failure type=\"%s\" message=\"", sev);
		report_out_xml(o, res->detail, true);
		report_out_puts(o, "\">");
		write_body(o, res, true);
		report_out_puts(o, "</failure>\n");
		break;
	case JUNIT_ERROR:
		report_out_puts(o, "      <error type=\"error\" message=\"");
		report_out_xml(o, res->detail, true);
		report_out_puts(o, "\">");
		write_body(o, res, false);
		report_out_puts(o, "</error>\n");
		break;
	case JUNIT_SKIPPED:
		report_out_puts(o, "      <skipped message=\"");
		if (res->status == DA_FAIL) {
			const struct waiver *w = report_result_waiver(res);
			report_out_puts(o, "waived: ");
			report_out_xml(o, w ? w->reason : "each failing object by its own waiver",
				       true);
			report_out_puts(o, "\">");
			write_body(o, res, false);
			report_out_puts(o, "</skipped>\n");
			break;
		}
		if (res->status == DA_MANUAL)
			report_out_puts(o, "manual: ");
		report_out_xml(o, res->detail, true);
		report_out_puts(o, "\"/>\n");
		break;
	default:
		if (res->status == DA_FAIL) {
			write_passing_fail(o, r, res);
			break;
		}
		if (res->detail) {
			report_out_puts(o, "      <system-out>");
			report_out_xml(o, res->detail, false);
			report_out_puts(o, "</system-out>\n");
		}
		break;
	}
	report_out_puts(o, "    </testcase>\n");
}

/* Has an earlier result the same section? Then its suite has been written already. */
static bool section_seen(const struct report *r, size_t upto, const char *section)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(section_of(&r->results[i]), section) == 0)
			return true;
	return false;
}

static void write_suite(struct report_out *o, const struct report *r, size_t first)
{
	const char *section = section_of(&r->results[first]);
	const char *title = benchmark_section_title(report_benchmark(r), section);
	struct counts c = {0};
	for (size_t i = first; i < r->n_results; i++)
		if (strcmp(section_of(&r->results[i]), section) == 0)
			count(&c, r, &r->results[i]);

	report_out_puts(o, "  <testsuite name=\"cis.");
	report_out_xml(o, section, true);
	if (title) {
		report_out_puts(o, " ");
		report_out_xml(o, title, true);
	}
	report_out_puts(o, "\"");
	write_counts(o, &c);
	report_out_puts(o, " time=\"0\"");
	if (r->started_at[0]) {
		report_out_puts(o, " timestamp=\"");
		report_out_xml(o, r->started_at, true);
		report_out_puts(o, "\"");
	}
	if (r->hostname) {
		report_out_puts(o, " hostname=\"");
		report_out_xml(o, r->hostname, true);
		report_out_puts(o, "\"");
	}
	report_out_puts(o, ">\n");
	for (size_t i = first; i < r->n_results && !o->err; i++)
		if (strcmp(section_of(&r->results[i]), section) == 0)
			write_testcase(o, r, &r->results[i]);
	report_out_puts(o, "  </testsuite>\n");
}

int report_write_junit(FILE *f, const struct report *r, const struct render_options *ro)
{
	struct report_out o = {.f = f};
	struct counts total = {0};
	(void)ro;

	for (size_t i = 0; i < r->n_results; i++)
		count(&total, r, &r->results[i]);
	report_out_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	report_out_puts(&o, "<testsuites name=\"docker-audit " DA_VERSION " (checks based on the ");
	report_out_xml(&o, benchmark_label(report_benchmark(r)), true);
	report_out_puts(&o, ")\"");
	write_counts(&o, &total);
	long ms = r->duration_ms > 0 ? r->duration_ms : 0;
	report_out_printf(&o, " time=\"%ld.%03ld\">\n", ms / 1000, ms % 1000);
	/* sections in the order they first appear (the runner's id order) */
	for (size_t i = 0; i < r->n_results && !o.err; i++)
		if (!section_seen(r, i, section_of(&r->results[i])))
			write_suite(&o, r, i);
	report_out_puts(&o, "</testsuites>\n");
	return report_out_finish(&o);
}
