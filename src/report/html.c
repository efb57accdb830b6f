/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "baseline.h"
#include "benchmark.h"
#include "report.h"
#include "version.h"
#include "waivers.h"

/*
 * One self-contained HTML page to mail or archive: inline CSS, inline SVG charts, no script and
 * no external asset (a Content-Security-Policy of default-src 'none' says so to the browser as
 * well, should an escaping bug ever let markup through). Folding is <details>. Written for the
 * manager who reads the nightly mail and prints it in a few pages: header; summary (checks by
 * status, failing checks by severity); "Fix first" (the failing checks, critical first, then
 * by numeric id, each with its objects' first names and its fix in one line); the trend over
 * the kept history (--history: an SVG chart of failing checks by severity per run); changes
 * since the baseline (new, resolved, and folded the unknown ones); expired and unused waivers;
 * the failing checks (each object table folded and at most ROWS_MAX rows, the remediation
 * folded); checks that could not be completed; the overview charts (status per section,
 * failing checks per STRIDE category); and folded away the waived, passing and other checks.
 * A printout leaves folded parts closed. With --new-only only the new failures are shown.
 *
 * Every string that did not come from our own table goes through xml_escape(), which is also
 * correct for HTML text and attribute values.
 */

#define W_PASS "#1a7f37"
#define W_FAIL "#cf222e"
#define W_WAIVED "#1b7c83"
#define W_ERROR "#8250df"
#define W_MANUAL "#9a6700"
#define W_SKIP "#6e7781"
#define W_INFO "#0969da"
/* severities, critical to low */
#define S_CRITICAL "#82071e"
#define S_HIGH "#cf222e"
#define S_MEDIUM "#bc4c00"
#define S_LOW "#9a6700"

/* objects listed per check before "and N more" (the JSON report has them all) */
#define ROWS_MAX 20
/* names shown per check in the fix-first list */
#define NAMES_MAX 4

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;"
    "background:#fff;margin:0 auto;max-width:1150px;padding:1.2em 1.6em}"
    "h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.3em;margin:1.6em 0 .5em;"
    "border-bottom:1px solid #d0d7de;padding-bottom:.2em}h3{font-size:1.05em;margin:0 0 .4em}"
    "h4{margin:.8em 0 .3em;font-size:.95em}"
    ".sub{color:#59636e;margin:0 0 .8em}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1.2em;margin:0}"
    "dl.meta dt{color:#59636e}dl.meta dd{margin:0;word-break:break-all}"
    ".badges{display:flex;flex-wrap:wrap;gap:.5em}"
    ".badge{display:inline-block;padding:.1em .7em;border-radius:1em;color:#fff;font-weight:600;"
    "font-size:.9em}"
    ".badges .badge{font-size:1em;padding:.35em .9em}"
    ".st-pass{background:" W_PASS "}.st-fail{background:" W_FAIL "}.st-waived{background:" W_WAIVED
    "}.st-error{background:" W_ERROR "}.st-manual{background:" W_MANUAL
    "}.st-skip{background:" W_SKIP "}.st-info{background:" W_INFO "}"
    ".new{display:inline-block;background:#fff8c5;color:#7d4e00;border:1px solid #d4a72c;"
    "border-radius:.3em;padding:0 .4em;font-size:.8em;font-weight:600;margin-left:.4em}"
    ".charts{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}"
    "figcaption{font-weight:600;margin-bottom:.3em}"
    ".legend{display:flex;flex-wrap:wrap;gap:1em;font-size:.9em;margin-top:.4em}"
    ".legend i{display:inline-block;width:.9em;height:.9em;border-radius:.2em;margin-right:.3em;"
    "vertical-align:-.1em}"
    "article.check{border:1px solid #d0d7de;border-left:6px solid " W_SKIP ";border-radius:6px;"
    "padding:.8em 1em;margin:1em 0}"
    "article.fail{border-left-color:" W_FAIL "}article.error{border-left-color:" W_ERROR "}"
    "article.waived{border-left-color:" W_WAIVED "}"
    ".facts{color:#59636e;margin:.2em 0;font-size:.92em}.detail{margin:.4em 0}"
    ".waiver{background:#ddf4ff;border-radius:4px;padding:.3em .6em;margin:.4em 0}"
    ".alert{background:#ffebe9;border:1px solid #ff8182;border-radius:4px;padding:.4em .7em;"
    "margin:.6em 0}"
    "table{border-collapse:collapse;width:100%;font-size:.92em;margin:.4em 0}"
    "th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#f6f8fa}td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;"
    "word-break:break-all}"
    "tr.is-waived td{color:#59636e;background:#f6f8fa}"
    "table.findings td{white-space:pre-wrap}"
    "table.findings td.id{white-space:nowrap;word-break:normal}"
    ".note{color:#59636e;font-size:.9em}"
    "pre{background:#f6f8fa;border-radius:4px;padding:.6em .8em;white-space:pre-wrap;"
    "word-break:break-word;margin:.3em 0}"
    "details{margin:1em 0;border:1px solid #d0d7de;border-radius:6px;padding:.4em .8em}"
    "summary{cursor:pointer;font-weight:600;font-size:1.1em}"
    "footer{margin-top:2em;color:#59636e;font-size:.85em}"
    "svg text{font:12px system-ui,sans-serif;fill:#1f2328}"
    ".sev-critical{background:" S_CRITICAL "}.sev-high{background:" S_HIGH
    "}.sev-medium{background:" S_MEDIUM "}.sev-low{background:" S_LOW "}"
    ".sevs{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0}"
    ".sevs .badge{font-size:1.05em;padding:.35em .9em}.sevs .zero{opacity:.45}"
    "ol.fix{margin:.2em 0 .8em;padding-left:1.6em}ol.fix li{margin:.35em 0}"
    ".fixline{display:block;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;"
    "font-size:.88em;background:#f6f8fa;border-radius:4px;padding:.1em .4em;"
    "word-break:break-word}"
    ".objs{color:#59636e}"
    "h3.sev{display:flex;align-items:center;gap:.5em;margin-top:.8em}"
    "@media print{body{font-size:11px;max-width:none;padding:0}"
    "details{border:none;padding:0;margin:.3em 0}h2{margin-top:1em}"
    "article.check{break-inside:avoid;margin:.5em 0;padding:.4em .8em}"
    "article.check .facts{display:none}.charts{display:none}"
    "ol.fix li{break-inside:avoid}svg{max-width:100%;height:auto}}";

struct html {
	struct report_out o;
	const struct report *r;
};

static void puts_(struct html *h, const char *s)
{
	report_out_puts(&h->o, s);
}

static void text(struct html *h, const char *s)
{
	report_out_xml(&h->o, s, false);
}

static void attr(struct html *h, const char *s)
{
	report_out_xml(&h->o, s, true);
}

#define printf_(h, ...) report_out_printf(&(h)->o, __VA_ARGS__)

/* The statuses a reader sees, in the order the summary shows them. */
enum {
	V_FAIL,
	V_WAIVED,
	V_ERROR,
	V_MANUAL,
	V_SKIP,
	V_INFO,
	V_PASS,
	_V_MAX,
};

static const struct {
	const char *name, *color;
} views[_V_MAX] = {
    [V_FAIL] = {"fail", W_FAIL},    [V_WAIVED] = {"waived", W_WAIVED},
    [V_ERROR] = {"error", W_ERROR}, [V_MANUAL] = {"manual", W_MANUAL},
    [V_SKIP] = {"skip", W_SKIP},    [V_INFO] = {"info", W_INFO},
    [V_PASS] = {"pass", W_PASS},
};

static int view_of(const struct result *res)
{
	switch (res->status) {
	case DA_FAIL:
		return res->waived ? V_WAIVED : V_FAIL;
	case DA_ERROR:
		return V_ERROR;
	case DA_MANUAL:
		return V_MANUAL;
	case DA_SKIP:
		return V_SKIP;
	case DA_INFO:
		return V_INFO;
	default:
		return V_PASS;
	}
}

static const struct {
	unsigned bit;
	const char *label;
} strides[] = {
    {DA_STRIDE_SPOOFING, "Spoofing"},	    {DA_STRIDE_TAMPERING, "Tampering"},
    {DA_STRIDE_REPUDIATION, "Repudiation"}, {DA_STRIDE_INFO_DISCLOSURE, "Information disclosure"},
    {DA_STRIDE_DOS, "Denial of service"},   {DA_STRIDE_EOP, "Elevation of privilege"},
};

static const struct check unknown_check = {.id = "?", .title = "", .section = ""};

static const struct check *check_of(const struct result *res)
{
	return res->check ? res->check : &unknown_check;
}

static const char *section_of(const struct result *res)
{
	return check_of(res)->section ? check_of(res)->section : "";
}

static void badge(struct html *h, int v, const char *label)
{
	printf_(h, "<span class=\"badge st-%s\">%s</span>", views[v].name, label);
}

static void header(struct html *h)
{
	const struct report *r = h->r;
	puts_(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		 "style-src 'unsafe-inline'\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta name=\"generator\" content=\"docker-audit " DA_VERSION "\">\n<title>"
		 "docker-audit report: ");
	text(h, r->hostname ? r->hostname : "unknown host");
	printf_(h, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n", css);
	puts_(h, "<h1>docker-audit report</h1>\n<p class=\"sub\">checks based on the ");
	text(h, benchmark_label(report_benchmark(r)));
	puts_(h, "</p>\n<dl class=\"meta\">\n");
	puts_(h, "<dt>Host</dt><dd>");
	text(h, r->hostname ? r->hostname : "unknown");
	puts_(h, "</dd>\n<dt>Docker</dt><dd>");
	if (r->daemon_up) {
		text(h, r->server_version ? r->server_version : "unknown");
		puts_(h, " (API ");
		text(h, r->api_version ? r->api_version : "unknown");
		puts_(h, ")");
	} else if (r->daemon_needed || r->daemon_error) {
		puts_(h, "unreachable");
		if (r->daemon_error) {
			puts_(h, ": ");
			text(h, r->daemon_error);
		}
	} else {
		puts_(h, "not queried");
	}
	puts_(h, "</dd>\n<dt>Started</dt><dd>");
	text(h, r->started_at[0] ? r->started_at : "unknown");
	long ms = r->duration_ms > 0 ? r->duration_ms : 0;
	printf_(h, "</dd>\n<dt>Duration</dt><dd>%ld.%03ld s</dd>\n", ms / 1000, ms % 1000);
	puts_(h, "<dt>Tool</dt><dd>docker-audit " DA_VERSION "</dd>\n");
	if (r->waivers) {
		puts_(h, "<dt>Waivers</dt><dd>");
		text(h, r->waivers->file ? r->waivers->file : "(given)");
		puts_(h, "</dd>\n");
	}
	if (r->has_baseline) {
		puts_(h, "<dt>Baseline</dt><dd>report of ");
		text(h, r->baseline_started_at ? r->baseline_started_at : "unknown date");
		puts_(h, "</dd>\n");
	}
	puts_(h, "</dl>\n</header>\n");
}

static void severity_counts(struct html *h);

static void summary(struct html *h)
{
	const struct report *r = h->r;
	unsigned n[_V_MAX] = {
	    [V_FAIL] = r->summary[DA_FAIL],   [V_WAIVED] = r->waived,
	    [V_ERROR] = r->summary[DA_ERROR], [V_MANUAL] = r->summary[DA_MANUAL],
	    [V_SKIP] = r->summary[DA_SKIP],   [V_INFO] = r->summary[DA_INFO],
	    [V_PASS] = r->summary[DA_PASS],
	};
	puts_(h, "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"badges\">");
	for (int v = 0; v < _V_MAX; v++) {
		char label[48];
		snprintf(label, sizeof(label), "%u %s", n[v], views[v].name);
		badge(h, v, label);
	}
	puts_(h, "</div>\n");
	severity_counts(h);
	if (r->daemon_needed && !r->daemon_up)
		puts_(h, "<p class=\"alert\">The Docker daemon could not be reached: the checks "
			 "that need it could not be completed.</p>\n");
	puts_(h, "</section>\n");
}

static const struct {
	enum da_severity sev;
	const char *name, *label, *color;
} sevs[] = {
    {DA_SEV_CRITICAL, "critical", "Critical", S_CRITICAL},
    {DA_SEV_HIGH, "high", "High", S_HIGH},
    {DA_SEV_MEDIUM, "medium", "Medium", S_MEDIUM},
    {DA_SEV_LOW, "low", "Low", S_LOW},
};

/* With --new-only (and a baseline) the page shows the new failures only. */
static bool new_only(const struct report *r)
{
	return r->new_only && r->has_baseline;
}

/* A failure the page lists: a FAIL not waived (with --new-only, also new). */
static bool listed_failure(const struct report *r, const struct result *res)
{
	return res->status == DA_FAIL && !res->waived && res->check &&
	       (!new_only(r) || res->is_new);
}

/* The severity badges: failing checks by severity, every level shown. */
static void severity_counts(struct html *h)
{
	const struct report *r = h->r;
	unsigned n[DA_SEV_CRITICAL + 1] = {0};
	for (size_t i = 0; i < r->n_results; i++)
		if (listed_failure(r, &r->results[i]))
			n[r->results[i].check->severity]++;
	printf_(h, "<p class=\"sub\">%s by severity:</p>\n<div class=\"sevs\">",
		new_only(r) ? "New failing checks" : "Failing checks");
	for (size_t k = 0; k < ARRAY_SIZE(sevs); k++)
		printf_(h, "<span class=\"badge sev-%s%s\">%u %s</span>", sevs[k].name,
			n[sevs[k].sev] ? "" : " zero", n[sevs[k].sev], sevs[k].name);
	puts_(h, "</div>\n");
}

/* The failing objects of a check (with --new-only, the new ones), the first few by name. */
static void object_names(struct html *h, const struct result *res)
{
	size_t n = 0, shown = 0;
	const char *kind = NULL;
	bool one_kind = true;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (f->error || f->waived || (new_only(h->r) && !report_is_new(h->r, res, f)))
			continue;
		if (kind && f->kind && strcmp(kind, f->kind) != 0)
			one_kind = false;
		if (!kind)
			kind = f->kind;
		n++;
	}
	if (!n)
		return;
	printf_(h, " <span class=\"objs\">&mdash; %zu ", n);
	if (one_kind && kind) {
		text(h, kind);
		puts_(h, n == 1 ? "" : "s");
	} else {
		puts_(h, n == 1 ? "object" : "objects");
	}
	puts_(h, ": ");
	for (size_t i = 0; i < res->n_findings && shown < NAMES_MAX; i++) {
		const struct finding *f = &res->findings[i];
		if (f->error || f->waived || (new_only(h->r) && !report_is_new(h->r, res, f)))
			continue;
		puts_(h, shown ? ", " : "");
		text(h, f->name ? f->name : "");
		shown++;
	}
	if (n > shown)
		printf_(h, " and %zu more", n - shown);
	puts_(h, "</span>");
}

static int cmp_fix_first(const void *a, const void *b)
{
	const struct result *x = *(const struct result *const *)a;
	const struct result *y = *(const struct result *const *)b;
	if (x->check->severity != y->check->severity)
		return (int)y->check->severity - (int)x->check->severity;
	return check_id_cmp(x->check->id, y->check->id);
}

/* "Fix first": the failing checks, critical first, then by numeric id, each with the objects
 * and its fix in one line. */
static void fix_first(struct html *h)
{
	const struct report *r = h->r;
	_cleanup_free_ const struct result **v = calloc(r->n_results + 1, sizeof(*v));
	if (!v) {
		report_out_fail(&h->o, -ENOMEM);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++)
		if (listed_failure(r, &r->results[i]))
			v[n++] = &r->results[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_fix_first);
	if (new_only(r))
		printf_(h,
			"<section id=\"fix-first\">\n<h2>New failures since the baseline (%zu)"
			"</h2>\n<p class=\"note\">--new-only: only what is new since the report "
			"of ",
			n);
	else
		printf_(h, "<section id=\"fix-first\">\n<h2>Fix first (%zu failing check%s)</h2>\n",
			n, n == 1 ? "" : "s");
	if (new_only(r)) {
		text(h, r->baseline_started_at ? r->baseline_started_at : "unknown date");
		puts_(h, "; the full report lists every failure.</p>\n");
	}
	if (!n)
		printf_(h, "<p class=\"note\">%s</p>\n",
			new_only(r) ? "Nothing new has failed." : "No check failed.");
	size_t i = 0;
	for (size_t k = 0; k < ARRAY_SIZE(sevs) && !h->o.err; k++) {
		size_t start = i;
		while (i < n && v[i]->check->severity == sevs[k].sev)
			i++;
		if (i == start)
			continue;
		printf_(h,
			"<h3 class=\"sev\"><span class=\"badge sev-%s\">%s</span> %zu check%s"
			"</h3>\n<ol class=\"fix\">\n",
			sevs[k].name, sevs[k].label, i - start, i - start == 1 ? "" : "s");
		for (size_t j = start; j < i && !h->o.err; j++) {
			const struct check *c = v[j]->check;
			puts_(h, "<li><b>");
			text(h, c->id);
			puts_(h, "</b> ");
			text(h, c->title);
			object_names(h, v[j]);
			_cleanup_free_ char *fix = text_one_line_fix(c->remediation);
			if (fix) {
				puts_(h, "<span class=\"fixline\">");
				text(h, fix);
				puts_(h, "</span>");
			}
			puts_(h, "</li>\n");
		}
		puts_(h, "</ol>\n");
	}
	puts_(h, "</section>\n");
}

#define TREND_W 760
#define TREND_H 200
#define TREND_LEFT 40
#define TREND_BOTTOM 34

/* The trend over the kept history (--history): failing checks by severity per run, a stacked
 * bar each, oldest left; a run whose daemon could not be reached is a grey outline. */
static void trend(struct html *h)
{
	const struct report *r = h->r;
	if (!r->trend || r->n_trend == 0)
		return;
	size_t n = r->n_trend;
	unsigned max = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned t = 0;
		for (int s = DA_SEV_LOW; s <= DA_SEV_CRITICAL; s++)
			t += r->trend[i].fail[s];
		if (t > max)
			max = t;
	}
	/* a round top for the axis */
	unsigned step = max <= 5 ? 1 : max <= 10 ? 2 : max <= 25 ? 5 : max <= 50 ? 10 : 20;
	while (max > step * 5 * 4)
		step *= 2;
	unsigned top = (max + step - 1) / step * step;
	double plot_w = TREND_W - TREND_LEFT - 10, plot_h = TREND_H - TREND_BOTTOM - 10;
	double slot = plot_w / (double)n, bw = slot * 0.7 > 40 ? 40 : slot * 0.7;
	printf_(h,
		"<section id=\"trend\">\n<h2>Trend: failing checks by severity, last %zu run%s"
		"</h2>\n<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		"width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-label=\"Failing checks by "
		"severity per run\">\n",
		n, n == 1 ? "" : "s", TREND_W, TREND_H, TREND_W, TREND_H);
	for (unsigned y = 0; y <= top; y += step) {
		double py = 10 + plot_h - (double)y * plot_h / top;
		printf_(h,
			"<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"1\" fill=\"#d0d7de\">"
			"</rect><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%u</text>\n",
			TREND_LEFT, py, TREND_W - 10 - TREND_LEFT, TREND_LEFT - 6, py + 4, y);
	}
	size_t label_every = n <= 10 ? 1 : (n + 9) / 10;
	for (size_t i = 0; i < n && !h->o.err; i++) {
		const struct baseline_summary *pt = &r->trend[i];
		double x = TREND_LEFT + slot * (double)i + (slot - bw) / 2;
		double y = 10 + plot_h;
		if (!pt->complete) {
			printf_(h,
				"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"none\" stroke=\"#6e7781\" stroke-dasharray=\"3 2\"><title>",
				x, 10.0, bw, plot_h);
			text(h, pt->started_at);
			puts_(h, ": the daemon could not be reached (incomplete)</title></rect>\n");
		}
		for (int s = DA_SEV_LOW; s <= DA_SEV_CRITICAL && pt->complete; s++) {
			if (!pt->fail[s])
				continue;
			double bh = (double)pt->fail[s] * plot_h / top;
			y -= bh;
			const char *color = s == DA_SEV_CRITICAL ? S_CRITICAL
					    : s == DA_SEV_HIGH	 ? S_HIGH
					    : s == DA_SEV_MEDIUM ? S_MEDIUM
								 : S_LOW;
			printf_(h,
				"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\"><title>",
				x, y, bw, bh, color);
			text(h, pt->started_at);
			printf_(h, ": %u %s</title></rect>\n", pt->fail[s],
				da_severity_name((enum da_severity)s));
		}
		if (i % label_every == 0 || i + 1 == n) {
			/* "12-04" (month-day) under the bar; the full time in the bar's title */
			char day[8] = "";
			if (strlen(pt->started_at) >= 10)
				snprintf(day, sizeof(day), "%.5s", pt->started_at + 5);
			printf_(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + bw / 2,
				TREND_H - TREND_BOTTOM + 18);
			text(h, i + 1 == n ? "now" : day);
			puts_(h, "</text>\n");
		}
	}
	puts_(h, "</svg>\n<div class=\"legend\">");
	for (size_t k = 0; k < ARRAY_SIZE(sevs); k++)
		printf_(h, "<span><i style=\"background:%s\"></i>%s</span>", sevs[k].color,
			sevs[k].name);
	puts_(h, "<span><i style=\"border:1px dashed #6e7781\"></i>incomplete (daemon "
		 "unreachable)</span></div>\n</figure>\n</section>\n");
}

#define CHART_LABEL_W 250
#define CHART_BAR_W 300
#define CHART_ROW_H 26

/* Checks per section, one stacked bar each, coloured by status. */
static void chart_sections(struct html *h)
{
	const struct report *r = h->r;
	size_t n_sec = 0, max = 0;
	const char *secs[32];
	unsigned cnt[32][_V_MAX] = {{0}};

	for (size_t i = 0; i < r->n_results; i++) {
		const char *s = section_of(&r->results[i]);
		size_t k;
		for (k = 0; k < n_sec && strcmp(secs[k], s) != 0; k++)
			;
		if (k == n_sec) {
			if (n_sec == ARRAY_SIZE(secs))
				continue;
			secs[n_sec++] = s;
		}
		cnt[k][view_of(&r->results[i])]++;
	}
	for (size_t k = 0; k < n_sec; k++) {
		size_t t = 0;
		for (int v = 0; v < _V_MAX; v++)
			t += cnt[k][v];
		if (t > max)
			max = t;
	}
	size_t height = n_sec * CHART_ROW_H + 8;
	printf_(
	    h,
	    "<figure>\n<figcaption>Checks by section</figcaption>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%zu\" "
	    "viewBox=\"0 0 %d %zu\" aria-label=\"Checks by section and status\">\n",
	    CHART_LABEL_W + CHART_BAR_W + 50, height, CHART_LABEL_W + CHART_BAR_W + 50, height);
	for (size_t k = 0; k < n_sec && !h->o.err; k++) {
		const char *title = benchmark_section_title(report_benchmark(h->r), secs[k]);
		size_t y = k * CHART_ROW_H + 4;
		printf_(h, "<text x=\"0\" y=\"%zu\">", y + 16);
		text(h, secs[k]);
		puts_(h, " ");
		text(h, title ? title : "");
		puts_(h, "</text>\n");
		double x = CHART_LABEL_W;
		size_t total = 0;
		for (int v = 0; v < _V_MAX; v++) {
			if (!cnt[k][v])
				continue;
			double w = (double)cnt[k][v] * CHART_BAR_W / (double)(max ? max : 1);
			printf_(
			    h,
			    "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
			    "<title>",
			    x, y + 2, w, CHART_ROW_H - 6, views[v].color);
			text(h, secs[k]);
			printf_(h, ": %u %s</title></rect>\n", cnt[k][v], views[v].name);
			x += w;
			total += cnt[k][v];
		}
		printf_(h, "<text x=\"%.1f\" y=\"%zu\">%zu</text>\n", x + 6, y + 16, total);
	}
	puts_(h, "</svg>\n<div class=\"legend\">");
	for (int v = 0; v < _V_MAX; v++)
		printf_(h, "<span><i style=\"background:%s\"></i>%s</span>", views[v].color,
			views[v].name);
	puts_(h, "</div>\n</figure>\n");
}

/* Failing (not waived) checks per STRIDE category. */
static void chart_stride(struct html *h)
{
	const struct report *r = h->r;
	unsigned cnt[ARRAY_SIZE(strides)] = {0}, max = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (view_of(res) != V_FAIL)
			continue;
		for (size_t s = 0; s < ARRAY_SIZE(strides); s++)
			if (check_of(res)->stride & strides[s].bit)
				cnt[s]++;
	}
	for (size_t s = 0; s < ARRAY_SIZE(strides); s++)
		if (cnt[s] > max)
			max = cnt[s];
	size_t height = ARRAY_SIZE(strides) * CHART_ROW_H + 8;
	printf_(
	    h,
	    "<figure>\n<figcaption>Failing checks by STRIDE threat category</figcaption>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%zu\" "
	    "viewBox=\"0 0 %d %zu\" aria-label=\"Failing checks by STRIDE category\">\n",
	    CHART_LABEL_W - 60 + CHART_BAR_W + 50, height, CHART_LABEL_W - 60 + CHART_BAR_W + 50,
	    height);
	for (size_t s = 0; s < ARRAY_SIZE(strides); s++) {
		size_t y = s * CHART_ROW_H + 4;
		double w = max ? (double)cnt[s] * CHART_BAR_W / max : 0;
		printf_(h, "<text x=\"0\" y=\"%zu\">%s</text>\n", y + 16, strides[s].label);
		if (cnt[s])
			printf_(h,
				"<rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
				"<title>%s: %u failing</title></rect>\n",
				CHART_LABEL_W - 60, y + 2, w, CHART_ROW_H - 6, W_FAIL,
				strides[s].label, cnt[s]);
		printf_(h, "<text x=\"%.1f\" y=\"%zu\">%u</text>\n", CHART_LABEL_W - 60 + w + 6,
			y + 16, cnt[s]);
	}
	puts_(h, "</svg>\n</figure>\n");
}

static void charts(struct html *h)
{
	puts_(h, "<section id=\"charts\">\n<h2>Overview</h2>\n<div class=\"charts\">\n");
	chart_sections(h);
	chart_stride(h);
	puts_(h, "</div>\n</section>\n");
}

static void change_rows(struct html *h, const struct report_change *c, size_t n, bool why)
{
	printf_(h,
		"<table>\n<thead><tr><th>Severity</th><th>Check</th><th>Title</th><th>Kind</th>"
		"<th>Name</th>%s</tr></thead>\n<tbody>\n",
		why ? "<th>Why unknown</th>" : "");
	for (size_t i = 0; i < n && !h->o.err; i++) {
		puts_(h, "<tr><td>");
		text(h, c[i].check ? da_severity_name(c[i].check->severity) : "");
		puts_(h, "</td><td>");
		text(h, c[i].id);
		puts_(h, "</td><td>");
		text(h, c[i].check ? c[i].check->title : "");
		puts_(h, "</td><td>");
		text(h, c[i].kind ? c[i].kind : "(the check)");
		puts_(h, "</td><td class=\"mono\">");
		text(h, c[i].kind ? c[i].name : "");
		if (why) {
			puts_(h, "</td><td>");
			text(h, c[i].why ? c[i].why : "");
		}
		puts_(h, "</td></tr>\n");
	}
	puts_(h, "</tbody>\n</table>\n");
}

/* A list of changes: the first ROWS_MAX in a table, folded when told. */
static void change_list(struct html *h, const char *heading, const struct report_change *c,
			size_t n, bool why, bool fold, const char *none)
{
	if (fold)
		printf_(h, "<details>\n<summary>%s (%zu)</summary>\n", heading, n);
	else
		printf_(h, "<h3>%s (%zu)</h3>\n", heading, n);
	if (n)
		change_rows(h, c, n < ROWS_MAX ? n : ROWS_MAX, why);
	else
		printf_(h, "<p class=\"note\">%s</p>\n", none);
	if (n > ROWS_MAX)
		printf_(h,
			"<p class=\"note\">&hellip; and %zu more (the JSON report lists every "
			"one under \"changes\").</p>\n",
			n - ROWS_MAX);
	if (fold)
		puts_(h, "</details>\n");
}

static void changes(struct html *h)
{
	const struct report *r = h->r;
	if (!r->has_baseline)
		return;
	puts_(h, "<section id=\"changes\">\n<h2>Since the baseline (");
	text(h, r->baseline_started_at ? r->baseline_started_at : "date unknown");
	printf_(h, "): %zu new, %zu resolved, %zu unknown</h2>\n", r->n_new, r->n_resolved,
		r->n_unknown);
	if (r->baseline_warning) {
		puts_(h, "<p class=\"alert\">");
		text(h, r->baseline_warning);
		puts_(h, "</p>\n");
	}
	change_list(h, "New since the baseline", r->new_items, r->n_new, false, false,
		    "Nothing new.");
	change_list(h, "Resolved since the baseline", r->resolved_items, r->n_resolved, false,
		    false, "Nothing resolved.");
	if (r->n_unknown)
		change_list(h,
			    "Unknown: failing in one run, not judged or not in scope in the other",
			    r->unknown_items, r->n_unknown, true, true, "");
	puts_(h, "</section>\n");
}

static void waiver_row(struct html *h, const struct waiver *w, bool expired)
{
	puts_(h, "<tr><td>");
	text(h, w->check);
	puts_(h, "</td><td class=\"mono\">");
	text(h, w->object ? w->object : "(whole check)");
	puts_(h, "</td><td>");
	text(h, w->reason);
	puts_(h, "</td><td>");
	text(h, w->owner ? w->owner : "");
	puts_(h, "</td><td>");
	text(h, w->expires ? w->expires : "");
	if (expired)
		printf_(h, "</td><td>%u", w->matched_expired);
	puts_(h, "</td></tr>\n");
}

static void waivers(struct html *h)
{
	const struct waiver_set *ws = h->r->waivers;
	if (!ws)
		return;
	size_t expired = 0, unused = 0;
	for (size_t i = 0; i < ws->n; i++) {
		expired += ws->items[i].expired && !ws->items[i].absent;
		unused += report_waiver_unused(&ws->items[i]);
	}
	printf_(h, "<section id=\"waivers\">\n<h2>Waivers: %zu expired, %zu unused</h2>\n", expired,
		unused);
	if (expired) {
		puts_(h,
		      "<h3>Expired (they no longer apply)</h3>\n<table>\n<thead><tr><th>Check</th>"
		      "<th>Object</th><th>Reason</th><th>Owner</th><th>Expired</th>"
		      "<th>Would cover</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < ws->n; i++)
			if (ws->items[i].expired && !ws->items[i].absent)
				waiver_row(h, &ws->items[i], true);
		puts_(h, "</tbody>\n</table>\n");
	}
	if (unused) {
		puts_(h,
		      "<h3>Unused (they matched nothing)</h3>\n<table>\n<thead><tr><th>Check</th>"
		      "<th>Object</th><th>Reason</th><th>Owner</th><th>Expires</th></tr></thead>\n"
		      "<tbody>\n");
		for (size_t i = 0; i < ws->n; i++)
			if (report_waiver_unused(&ws->items[i]))
				waiver_row(h, &ws->items[i], false);
		puts_(h, "</tbody>\n</table>\n");
	}
	/* how the ids were read: another edition's, mapped by key; absent from this edition */
	bool notes = false;
	for (size_t i = 0; i < ws->n; i++)
		notes |= ws->items[i].note != NULL;
	if (notes) {
		puts_(h, "<h3>Editions (how each waiver's id was read)</h3>\n<table>\n<thead><tr>"
			 "<th>Check</th><th>Object</th><th>Reason</th><th>How it was read</th>"
			 "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < ws->n; i++) {
			const struct waiver *w = &ws->items[i];
			if (!w->note)
				continue;
			puts_(h, "<tr><td>");
			text(h, w->check);
			puts_(h, "</td><td>");
			text(h, w->object ? w->object : "(whole check)");
			puts_(h, "</td><td>");
			text(h, w->reason);
			puts_(h, "</td><td>");
			text(h, w->absent ? "not in this edition: " : w->mapped ? "mapped: " : "");
			text(h, w->note);
			puts_(h, "</td></tr>\n");
		}
		puts_(h, "</tbody>\n</table>\n");
	}
	if (!expired && !unused && !notes)
		puts_(h, "<p class=\"note\">Every waiver is current and matched something.</p>\n");
	puts_(h, "</section>\n");
}

static void waiver_text(struct html *h, const struct waiver *w)
{
	text(h, w->reason);
	if (w->owner || w->expires) {
		puts_(h, " <span class=\"note\">(");
		if (w->owner)
			text(h, w->owner);
		if (w->owner && w->expires)
			puts_(h, ", ");
		if (w->expires) {
			puts_(h, "expires ");
			text(h, w->expires);
		}
		puts_(h, ")</span>");
	}
}

static void finding_row(struct html *h, const struct result *res, const struct finding *f, bool ids)
{
	printf_(h, "<tr%s><td>", f->waived ? " class=\"is-waived\"" : "");
	text(h, f->kind);
	puts_(h, "</td><td class=\"mono\">");
	text(h, f->name ? f->name : "");
	if (!f->error && report_is_new(h->r, res, f))
		puts_(h, "<span class=\"new\">new</span>");
	if (ids) {
		puts_(h, "</td><td class=\"mono id\"");
		if (f->id) {
			char sid[13];
			bool s = report_short_id(f->id, sid);
			puts_(h, " title=\"");
			attr(h, f->id);
			puts_(h, "\">");
			text(h, s ? sid : f->id);
		} else {
			puts_(h, ">");
		}
	}
	puts_(h, "</td><td>");
	if (f->error)
		puts_(h, "<em>could not check</em>");
	if (f->error && f->detail)
		puts_(h, ": ");
	text(h, f->detail ? f->detail : "");
	if (f->value) {
		puts_(h, "<br><span class=\"note\">value: ");
		text(h, f->value);
		puts_(h, "</span>");
	}
	if (f->waived) {
		puts_(h, "<br><b>waived</b>");
		if (f->waiver) {
			puts_(h, ": ");
			waiver_text(h, f->waiver);
		}
	}
	puts_(h, "</td><td>");
	text(h, f->source ? f->source : "");
	puts_(h, "</td></tr>\n");
}

static void stride_list(struct html *h, unsigned bits)
{
	bool first = true;
	for (size_t s = 0; s < ARRAY_SIZE(strides); s++) {
		if (!(bits & strides[s].bit))
			continue;
		printf_(h, "%s%s", first ? "" : ", ", strides[s].label);
		first = false;
	}
	if (first)
		puts_(h, "none");
}

static void check_article(struct html *h, const struct result *res)
{
	const struct check *c = check_of(res);
	int v = view_of(res);
	const char *title = benchmark_section_title(report_benchmark(h->r), section_of(res));

	printf_(h, "<article class=\"check %s\" id=\"check-", views[v].name);
	attr(h, c->id);
	puts_(h, "\">\n<h3>");
	char label[16];
	snprintf(label, sizeof(label), "%s", views[v].name);
	for (char *p = label; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	badge(h, v, label);
	puts_(h, " ");
	text(h, c->id);
	puts_(h, " ");
	text(h, c->title);
	if (res->status == DA_FAIL && report_is_new(h->r, res, NULL))
		puts_(h, "<span class=\"new\">new</span>");
	puts_(h, "</h3>\n<p class=\"facts\">Severity <b>");
	puts_(h, da_severity_name(c->severity));
	printf_(h, "</b> &middot; CIS level %d &middot; %s in the benchmark &middot; Section ",
		c->level, c->automated ? "automated" : "manual");
	text(h, c->section);
	if (title) {
		puts_(h, " ");
		text(h, title);
	}
	puts_(h, " &middot; STRIDE: ");
	stride_list(h, c->stride);
	puts_(h, "</p>\n");
	if (res->detail) {
		puts_(h, "<p class=\"detail\">");
		text(h, res->detail);
		puts_(h, "</p>\n");
	}
	if (v == V_WAIVED) {
		const struct waiver *w = report_result_waiver(res);
		puts_(h, "<p class=\"waiver\"><b>Waived:</b> ");
		if (w)
			waiver_text(h, w);
		else
			puts_(h, "each failing object by a waiver of its own (see below)");
		puts_(h, "</p>\n");
	}
	if (res->n_findings) {
		/* the ID column only when some object has an id (files and settings have none) */
		bool ids = false;
		for (size_t i = 0; i < res->n_findings; i++)
			ids |= res->findings[i].id != NULL;
		/* folded, and at most ROWS_MAX rows; with --new-only the new objects only */
		bool only_new = new_only(h->r) && v == V_FAIL;
		size_t total = 0;
		for (size_t i = 0; i < res->n_findings; i++)
			total += !only_new || (!res->findings[i].error &&
					       report_is_new(h->r, res, &res->findings[i]));
		size_t shown = total < ROWS_MAX ? total : ROWS_MAX, k = 0;
		printf_(h, "<details class=\"objects\">\n<summary>%zu %sobject%s", total,
			only_new ? "new " : "", total == 1 ? "" : "s");
		if (shown < total)
			printf_(h, " (the first %zu shown)", shown);
		printf_(h,
			"</summary>\n<table class=\"findings\">\n<thead><tr><th>Kind</th>"
			"<th>Name</th>%s<th>Detail</th><th>Source</th></tr></thead>\n<tbody>\n",
			ids ? "<th>ID</th>" : "");
		for (size_t i = 0; i < res->n_findings && k < shown && !h->o.err; i++) {
			const struct finding *f = &res->findings[i];
			if (only_new && (f->error || !report_is_new(h->r, res, f)))
				continue;
			finding_row(h, res, f, ids);
			k++;
		}
		puts_(h, "</tbody>\n</table>\n");
		if (shown < total)
			printf_(h,
				"<p class=\"note\">&hellip; and %zu more (the JSON report lists "
				"every one).</p>\n",
				total - shown);
		puts_(h, "</details>\n");
	}
	if (c->remediation && c->remediation[0] && (v == V_FAIL || v == V_WAIVED)) {
		puts_(h, "<details class=\"remediation\">\n<summary>Remediation</summary>\n<pre>");
		text(h, c->remediation);
		puts_(h, "</pre>\n</details>\n");
	}
	puts_(h, "</article>\n");
}

/* Most severe first, then in table order (the array order). */
static int cmp_severity(const void *a, const void *b)
{
	const struct result *x = *(const struct result *const *)a;
	const struct result *y = *(const struct result *const *)b;
	int sx = (int)check_of(x)->severity, sy = (int)check_of(y)->severity;
	if (sx != sy)
		return sy - sx;
	return x < y ? -1 : (x > y);
}

static void check_group(struct html *h, const char *id, const char *heading, int view,
			bool by_severity, bool fold, const char *none)
{
	const struct report *r = h->r;
	_cleanup_free_ const struct result **v = calloc(r->n_results + 1, sizeof(*v));
	size_t n = 0;
	if (!v) {
		report_out_fail(&h->o, -ENOMEM);
		return;
	}
	for (size_t i = 0; i < r->n_results; i++)
		if (view_of(&r->results[i]) == view &&
		    (view != V_FAIL || listed_failure(r, &r->results[i])))
			v[n++] = &r->results[i];
	if (by_severity && n > 1)
		qsort(v, n, sizeof(*v), view == V_FAIL ? cmp_fix_first : cmp_severity);
	if (fold)
		printf_(h, "<details id=\"%s\">\n<summary>%s (%zu)</summary>\n", id, heading, n);
	else
		printf_(h, "<section id=\"%s\">\n<h2>%s (%zu)</h2>\n", id, heading, n);
	if (!n)
		printf_(h, "<p class=\"note\">%s</p>\n", none);
	for (size_t i = 0; i < n && !h->o.err; i++)
		if (view != V_FAIL || listed_failure(h->r, v[i]))
			check_article(h, v[i]);
	puts_(h, fold ? "</details>\n" : "</section>\n");
}

/* The rest, folded: a table row per check, manual guidance folded once more. */
static void folded(struct html *h, const char *id, const char *heading, const int *views_in,
		   size_t n_views)
{
	const struct report *r = h->r;
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++)
		for (size_t k = 0; k < n_views; k++)
			n += view_of(&r->results[i]) == views_in[k];
	printf_(h, "<details id=\"%s\">\n<summary>%s (%zu)</summary>\n", id, heading, n);
	if (n) {
		puts_(h, "<table>\n<thead><tr><th>Status</th><th>Check</th><th>Title</th>"
			 "<th>Detail</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->n_results && !h->o.err; i++) {
			const struct result *res = &r->results[i];
			int v = view_of(res);
			bool in = false;
			for (size_t k = 0; k < n_views; k++)
				in |= v == views_in[k];
			if (!in)
				continue;
			const struct check *c = check_of(res);
			puts_(h, "<tr><td>");
			badge(h, v, views[v].name);
			puts_(h, "</td><td>");
			text(h, c->id);
			puts_(h, "</td><td>");
			text(h, c->title);
			puts_(h, "</td><td>");
			text(h, res->detail ? res->detail : "");
			if (v == V_MANUAL && c->remediation && c->remediation[0]) {
				puts_(h, "<details><summary>Guidance</summary><pre>");
				text(h, c->remediation);
				puts_(h, "</pre></details>");
			}
			puts_(h, "</td></tr>\n");
		}
		puts_(h, "</tbody>\n</table>\n");
	}
	puts_(h, "</details>\n");
}

int report_write_html(FILE *f, const struct report *r, const struct render_options *o)
{
	struct html h = {.o = {.f = f}, .r = r};
	static const int passing[] = {V_PASS};
	static const int other[] = {V_INFO, V_MANUAL, V_SKIP};
	(void)o;

	header(&h);
	puts_(&h, "<main>\n");
	summary(&h);
	if (new_only(r)) {
		/* --new-only: the new failures, most severe first, then by id; nothing else */
		fix_first(&h);
		if (r->baseline_warning) {
			puts_(&h, "<p class=\"alert\">");
			text(&h, r->baseline_warning);
			puts_(&h, "</p>\n");
		}
		check_group(&h, "failing", "Details of the new failures", V_FAIL, true, false,
			    "Nothing new has failed.");
	} else {
		fix_first(&h);
		trend(&h);
		changes(&h);
		waivers(&h);
		check_group(&h, "failing", "Failing checks", V_FAIL, true, false,
			    "No check failed.");
		/* folded: what the administrator looks into, counted in the summary */
		check_group(&h, "errors", "Checks that could not be completed", V_ERROR, false,
			    true, "Every selected check could be completed.");
		charts(&h);
		check_group(&h, "waived", "Waived failures", V_WAIVED, true, true,
			    "Nothing is waived.");
		folded(&h, "passing", "Passing checks", passing, ARRAY_SIZE(passing));
		folded(&h, "other", "Info, manual and skipped checks", other, ARRAY_SIZE(other));
	}
	puts_(&h,
	      "</main>\n<footer>Generated by docker-audit " DA_VERSION ", checks based on the ");
	text(&h, benchmark_label(report_benchmark(r)));
	puts_(&h, ". A passing check is evidence about this host at this time, not a "
		  "certification.</footer>\n</body>\n</html>\n");
	return report_out_finish(&h.o);
}
