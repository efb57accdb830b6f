/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include "report.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"

/*
 * Prometheus text exposition format (DESIGN.md section 7), for node_exporter's textfile
 * collector. Every metric is a gauge with one # HELP and one # TYPE line; `promtool check
 * metrics` passes on the output.
 *
 * Cardinality: docker_audit_check_status has ONE series per check, labelled with the status
 * the check ended in and value 1; the other statuses are not written as 0. A status change
 * replaces the series (the textfile collector drops the old one at the next scrape), so
 * `docker_audit_check_status{status="fail"} == 1` alerts on failures and a dashboard counts
 * them with `count by (status)`. Writing every status as 0/1 would multiply the series by seven
 * for no query that the summary metric does not already answer. A waived FAIL has
 * status="waived", so alerts on "fail" do not fire for accepted risks.
 * docker_audit_check_findings counts the objects that fail a check (waived ones included, as in
 * the JSON findings; objects that could not be judged are not failures), 0 for a check
 * without failing objects.
 *
 * docker_audit_failures{severity} counts the failing checks (not waived) by severity, each of
 * the four levels always written (0 when none), so that an alert on
 * `docker_audit_failures{severity="critical"} > 0` never sees a missing series.
 *
 * The summary by status is docker_audit_checks{status}, not DESIGN.md's first sketch
 * docker_audit_summary: promtool's linter rejects any metric name ending in a metric type
 * ("_summary"), whatever its TYPE line says, and the file must pass `promtool check metrics`.
 *
 * Label values are ours (table ids, statuses, versions) but still go through
 * prom_label_escape(); nothing the daemon sends becomes a label.
 */

struct metric {
	const char *name, *help;
};

static const struct metric m_info = {"docker_audit_info",
				     "docker-audit version and benchmark, always 1"};
static const struct metric m_up = {
    "docker_audit_up", "1 when the audit could reach what it needed, 0 when the Docker daemon "
		       "was needed and could not be reached"};
static const struct metric m_last_run = {"docker_audit_last_run_timestamp_seconds",
					 "When the last audit started, in seconds since the epoch"};
static const struct metric m_duration = {"docker_audit_duration_seconds",
					 "How long the last audit took"};
static const struct metric m_summary = {
    "docker_audit_checks",
    "Number of checks by status; a waived failure counts as waived, not as fail"};
static const struct metric m_failures = {
    "docker_audit_failures",
    "Number of failing checks by the check's severity (critical, high, medium, low; every "
    "level always present); a waived failure does not count"};
static const struct metric m_status = {
    "docker_audit_check_status",
    "1 for each check, labelled with the status it ended in (pass, fail, waived, info, "
    "manual, skip, error)"};
static const struct metric m_findings = {"docker_audit_check_findings",
					 "Number of objects that fail the check"};
static const struct metric m_waivers = {
    "docker_audit_waivers",
    "Waivers by state: active (matched something), expired, unused, not_in_edition (names no "
    "check of the audited benchmark edition)"};
static const struct metric m_changes = {
    "docker_audit_baseline_changes",
    "Failures new since the baseline report, and failures resolved since it"};

static void header(struct report_out *o, const struct metric *m)
{
	report_out_printf(o, "# HELP %s %s\n# TYPE %s gauge\n", m->name, m->help, m->name);
}

/* name{key="value",...} */
static void series(struct report_out *o, const char *name, const char *const *labels, size_t n)
{
	report_out_puts(o, name);
	for (size_t i = 0; i + 1 < n; i += 2) {
		_cleanup_free_ char *v = prom_label_escape(labels[i + 1]);
		if (!v) {
			report_out_fail(o, -ENOMEM);
			return;
		}
		report_out_printf(o, "%s%s=\"%s\"", i == 0 ? "{" : ",", labels[i], v);
	}
	if (n)
		report_out_puts(o, "}");
}

static void sample_u(struct report_out *o, const char *name, const char *const *labels, size_t n,
		     unsigned long long v)
{
	series(o, name, labels, n);
	report_out_printf(o, " %llu\n", v);
}

static bool daemon_unreachable(const struct report *r)
{
	return r->daemon_needed && !r->daemon_up;
}

static size_t failing_objects(const struct result *res)
{
	return res->status == DA_FAIL ? result_failed_objects(res) : 0;
}

int report_write_prometheus(FILE *f, const struct report *r, const struct render_options *ro)
{
	struct report_out o = {.f = f};
	char level[16];
	(void)ro;

	header(&o, &m_info);
	_cleanup_free_ char *bname =
	    xasprintf("%s %s", report_benchmark(r)->name, report_benchmark(r)->version);
	const char *info[] = {"version",	   DA_VERSION,
			      "benchmark",	   bname ? bname : "",
			      "benchmark_version", report_benchmark(r)->version};
	sample_u(&o, m_info.name, info, ARRAY_SIZE(info), 1);

	header(&o, &m_up);
	sample_u(&o, m_up.name, NULL, 0, daemon_unreachable(r) ? 0 : 1);

	header(&o, &m_last_run);
	report_out_printf(&o, "%s %lld\n", m_last_run.name, r->started_epoch);

	header(&o, &m_duration);
	long ms = r->duration_ms > 0 ? r->duration_ms : 0;
	report_out_printf(&o, "%s %ld.%03ld\n", m_duration.name, ms / 1000, ms % 1000);

	header(&o, &m_summary);
	for (int s = 0; s < _DA_STATUS_MAX; s++) {
		const char *l[] = {"status", da_status_name((enum da_status)s)};
		sample_u(&o, m_summary.name, l, 2, r->summary[s]);
	}
	const char *lw[] = {"status", "waived"};
	sample_u(&o, m_summary.name, lw, 2, r->waived);

	header(&o, &m_failures);
	unsigned by_sev[DA_SEV_CRITICAL + 1];
	report_failures_by_severity(r, by_sev);
	for (int s = DA_SEV_CRITICAL; s >= DA_SEV_LOW; s--) {
		const char *l[] = {"severity", da_severity_name((enum da_severity)s)};
		sample_u(&o, m_failures.name, l, 2, by_sev[s]);
	}

	header(&o, &m_status);
	for (size_t i = 0; i < r->n_results && !o.err; i++) {
		const struct result *res = &r->results[i];
		const struct check *c = res->check;
		if (!c)
			continue;
		snprintf(level, sizeof(level), "%d", c->level);
		const char *l[] = {"id",       c->id,
				   "section",  c->section ? c->section : "",
				   "level",    level,
				   "severity", da_severity_name(c->severity),
				   "status",   report_status_name(res)};
		sample_u(&o, m_status.name, l, ARRAY_SIZE(l), 1);
	}

	header(&o, &m_findings);
	for (size_t i = 0; i < r->n_results && !o.err; i++) {
		const struct result *res = &r->results[i];
		if (!res->check)
			continue;
		const char *l[] = {"id", res->check->id};
		sample_u(&o, m_findings.name, l, 2, failing_objects(res));
	}

	if (r->waivers) {
		unsigned long long active = 0, expired = 0, unused = 0, absent = 0;
		for (size_t i = 0; i < r->waivers->n; i++) {
			const struct waiver *w = &r->waivers->items[i];
			if (w->absent)
				absent++;
			else if (w->expired)
				expired++;
			else if (report_waiver_unused(w))
				unused++;
			else
				active++;
		}
		header(&o, &m_waivers);
		const char *la[] = {"state", "active"}, *le[] = {"state", "expired"},
			   *lu[] = {"state", "unused"};
		sample_u(&o, m_waivers.name, la, 2, active);
		sample_u(&o, m_waivers.name, le, 2, expired);
		sample_u(&o, m_waivers.name, lu, 2, unused);
		if (absent) {
			const char *lx[] = {"state", "not_in_edition"};
			sample_u(&o, m_waivers.name, lx, 2, absent);
		}
	}
	if (r->has_baseline) {
		header(&o, &m_changes);
		const char *ln[] = {"change", "new"}, *lr[] = {"change", "resolved"};
		sample_u(&o, m_changes.name, ln, 2, r->n_new);
		sample_u(&o, m_changes.name, lr, 2, r->n_resolved);
	}
	return report_out_finish(&o);
}
