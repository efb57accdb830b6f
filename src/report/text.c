/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include "buf.h"
#include <ctype.h>
#include <stdarg.h>
#include "report.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"

/*
 * The report a sysadmin reads. Everything that came from outside (names, ids, details, values,
 * hostname, versions, the daemon's error) goes through text_escape(), so that a container name
 * cannot drive the terminal. Table text (titles, remediation) is ours and printed as is.
 *
 * By default one line per check that needs a look (status, id, title, severity of a failure,
 * the count of its objects and the first few names); the passing checks of a section share
 * one line of ids, skipped ones one line per reason. A check's details (its sentence,
 * findings and remediation) come with --verbose, or for the checks --check names. It ends with
 * "Fix first": the failures by severity, critical first, each with a one-line fix derived
 * from its remediation, then the summary with the failures counted by severity.
 */

#define FINDINGS_MAX 50 /* per check in its details; the JSON report has them all */
#define LINE_NAMES 3 /* objects named on a check's line */
/* lines of "Fix first" without --verbose: with the summary under it, what a terminal of 50
 * rows shows at the end of the run, most severe first */
#define FIX_LINES_MAX 36
#define CHANGES_MAX 50 /* per list of baseline changes */
#define INDENT "         " /* detail column: under the id of "  [FAIL] 5.16" */

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"

struct text_out {
	FILE *f;
	const struct render_options *o;
	const struct report *r;
	int err; /* first error; once set, nothing more is written */
	bool begun; /* something was written: blocks after it are set off by a blank line */
	bool new_only; /* --new-only with a baseline: only the new failures are shown */
	bool pad_ids; /* print_ids pads short lists to a column */
	bool compact; /* one line per check (not --verbose) */
	bool in_sections; /* a section heading was printed */
};

static void out_fail(struct text_out *t, int err)
{
	if (t->err == 0)
		t->err = err > 0 ? -err : (err < 0 ? err : -EIO);
}

static void out_printf(struct text_out *t, const char *fmt, ...) _printf_(2, 3);
static void out_printf(struct text_out *t, const char *fmt, ...)
{
	if (t->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	errno = 0;
	int n = vfprintf(t->f, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_fail(t, errno);
}

static void out_puts(struct text_out *t, const char *s)
{
	if (t->err)
		return;
	errno = 0;
	if (fputs(s, t->f) == EOF)
		out_fail(t, errno);
}

/* A blank line between blocks, none before the first. */
static void out_block(struct text_out *t)
{
	if (t->begun)
		out_puts(t, "\n");
	t->begun = true;
}

/* An escaped copy of outside text, owned by the caller; "" for NULL. On ENOMEM the writer
 * stops and NULL is returned (printing "%s" of it is never reached because out_* check err). */
static char *esc(struct text_out *t, const char *s)
{
	char *e = text_escape(s);
	if (!e)
		out_fail(t, -ENOMEM);
	return e;
}

static const char *status_color(enum da_status s)
{
	switch (s) {
	case DA_PASS:
		return "\033[32m"; /* green */
	case DA_FAIL:
		return "\033[1;31m"; /* bold red */
	case DA_ERROR:
		return "\033[35m"; /* magenta */
	case DA_SKIP:
		return "\033[2m"; /* dim */
	case DA_MANUAL:
		return "\033[33m"; /* yellow */
	case DA_INFO:
		return "\033[34m"; /* blue */
	default:
		return "";
	}
}

#define WAIVED_COLOR "\033[36m" /* cyan: accepted, neither red nor green */

/* " (owner, expires DATE)" for a waiver, escaped; "" when it names neither. */
static char *waiver_note(struct text_out *t, const struct waiver *w)
{
	_cleanup_free_ char *owner = w->owner ? esc(t, w->owner) : NULL;
	_cleanup_free_ char *expires = w->expires ? esc(t, w->expires) : NULL;
	char *s;
	if (owner && expires)
		s = xasprintf(" (%s, expires %s)", owner, expires);
	else if (owner)
		s = xasprintf(" (%s)", owner);
	else if (expires)
		s = xasprintf(" (expires %s)", expires);
	else
		s = strdup("");
	if (!s)
		out_fail(t, -ENOMEM);
	return s;
}

/* Not reached: it was needed, or we tried and have the reason. Otherwise it was not asked. */
static bool daemon_unreachable(const struct report *r)
{
	return !r->daemon_up && (r->daemon_needed || r->daemon_error);
}

/* What was audited, as the docker CLI chose it: never the default socket without a word. */
static void print_endpoint(struct text_out *t, const struct report *r)
{
	if (!r->endpoint)
		return;
	_cleanup_free_ char *ep = esc(t, r->endpoint);
	_cleanup_free_ char *origin = esc(t, r->endpoint_origin ? r->endpoint_origin : "");
	out_printf(t, "Endpoint: %s, from %s\n", ep, origin);
}

/* Scope: what the engine listed and what was judged, and why they differ. */
static void print_scope(struct text_out *t, const struct report *r)
{
	if (r->scope.note) {
		_cleanup_free_ char *scope = esc(t, r->scope.note);
		out_printf(t, "Scope: %s\n", scope);
	}
}

static void print_header(struct text_out *t, const struct report *r)
{
	_cleanup_free_ char *host = esc(t, r->hostname ? r->hostname : "unknown");
	out_block(t);
	out_printf(t, "docker-audit %s \u00b7 checks based on the %s\n", DA_VERSION,
		   benchmark_label(report_benchmark(r)));
	if (r->input) {
		_cleanup_free_ char *in = esc(t, r->input);
		_cleanup_free_ char *fmt = esc(t, r->input_format ? r->input_format : "");
		out_printf(t, "Input: %s (%s, %zu image%s; no daemon)\n", in, fmt, r->input_images,
			   r->input_images == 1 ? "" : "s");
		return;
	}
	if (r->self_container) {
		_cleanup_free_ char *self = esc(t, r->self_container);
		_cleanup_free_ char *why = esc(t, r->self_reason ? r->self_reason : "");
		out_printf(t, "Left out: container %.12s, %s\n", self, why);
	}
	if (r->self_judged) {
		_cleanup_free_ char *why = esc(t, r->self_judged);
		out_printf(t, "Judged: %s\n", why);
	}
	out_printf(t, "Host: %s  ", host);
	if (r->deadline_passed) {
		out_printf(t, "Deadline: passed after %ld s, what was left is ERROR  ",
			   (r->deadline_ms + 999) / 1000);
	}
	if (!r->daemon_up) {
		out_puts(t,
			 daemon_unreachable(r) ? "Docker: unreachable\n" : "Docker: not queried\n");
		print_endpoint(t, r);
		return;
	}
	_cleanup_free_ char *server = esc(t, r->server_version ? r->server_version : "unknown");
	_cleanup_free_ char *api = esc(t, r->api_version ? r->api_version : "unknown");
	if (!r->engine) {
		out_printf(t, "Docker: %s (API %s)\n", server, api);
		print_scope(t, r);
		return;
	}
	_cleanup_free_ char *engine = esc(t, r->engine);
	_cleanup_free_ char *ever = esc(t, r->engine_version ? r->engine_version : "unknown");
	_cleanup_free_ char *neg = esc(t, r->api_negotiated ? r->api_negotiated : "unknown");
	_cleanup_free_ char *dapi = esc(t, r->api_daemon ? r->api_daemon : "unknown");
	out_printf(t, "Engine: %s %s", engine, ever);
	if (r->engine_platform) {
		_cleanup_free_ char *plat = esc(t, r->engine_platform);
		out_printf(t, " (%s)", plat);
	}
	out_printf(t, ", API %s", neg);
	if (r->api_negotiated_down)
		out_printf(t, " (negotiated down from the daemon's %s)", dapi);
	out_puts(t, "\n");
	print_endpoint(t, r);
	if (r->daemon_found) {
		_cleanup_free_ char *found = esc(t, r->daemon_found);
		if (r->daemon_pid > 0)
			out_printf(t, "Daemon: PID %ld, %s\n", r->daemon_pid, found);
		else
			out_printf(t, "Daemon: %s\n", found);
	}
	print_scope(t, r);
}

static void print_heading(struct text_out *t, const struct report *r, const char *section)
{
	const char *title = benchmark_section_title(report_benchmark(r), section);
	_cleanup_free_ char *s = esc(t, section);
	const char *on = t->o->color ? ANSI_BOLD : "", *off = t->o->color ? ANSI_RESET : "";
	/* one line per check: the sections follow each other without a blank line */
	if (!t->compact || !t->in_sections)
		out_block(t);
	t->in_sections = true;
	if (title)
		out_printf(t, "%s%s %s%s\n", on, s, title, off);
	else
		out_printf(t, "%sSection %s%s\n", on, s, off);
}

static void print_finding(struct text_out *t, const struct finding *f)
{
	_cleanup_free_ char *kind = esc(t, f->kind), *name = NULL, *id = NULL, *detail = NULL,
			    *source = NULL;
	out_printf(t, INDENT "- %s", kind);
	if (f->name) {
		name = esc(t, f->name);
		out_printf(t, " %s", name);
	}
	if (f->id) {
		char sid[13];
		id = esc(t, report_short_id(f->id, sid) ? sid : f->id);
		out_printf(t, " (%s)", id);
	}
	if (f->error || f->detail)
		out_puts(t, ":");
	if (f->error)
		out_puts(t, " (could not check)");
	if (f->detail) {
		detail = esc(t, f->detail);
		out_printf(t, " %s", detail);
	}
	if (f->source) {
		source = esc(t, f->source);
		out_printf(t, " [source: %s]", source);
	}
	if (f->waived) {
		_cleanup_free_ char *reason = f->waiver ? esc(t, f->waiver->reason) : NULL;
		if (reason)
			out_printf(t, " (waived: %s)", reason);
		else
			out_puts(t, " (waived)");
	}
	out_puts(t, "\n");
}

/* Objects named per check: -n N, or def (-1 from -n 0: all). */
static size_t names_max(const struct text_out *t, size_t def)
{
	int limit = t->o->limit;
	return limit > 0 ? (size_t)limit : limit < 0 ? SIZE_MAX : def;
}

/* Table text may span lines: each continues under the first, after the label. */
static void print_block(struct text_out *t, const char *label, const char *text)
{
	size_t pad = strlen(label);
	out_printf(t, INDENT "%s", label);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (p != text)
			out_printf(t, INDENT "%*s", (int)pad, "");
		out_printf(t, "%.*s\n", (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void print_result(struct text_out *t, const struct result *res)
{
	static const struct check unknown = {.id = "?", .title = "", .section = ""};
	const struct render_options *o = t->o;
	const struct check *c = res->check ? res->check : &unknown;

	bool waived = res->status == DA_FAIL && res->waived;
	const char *color = waived ? WAIVED_COLOR : status_color(res->status);
	out_printf(t, "  %s[%s]%s %s  %s  (L%d, %s)\n", o->color ? color : "",
		   waived ? "WAIVED" : da_status_label(res->status), o->color ? ANSI_RESET : "",
		   c->id, c->title, c->level, da_severity_name(c->severity));
	if (res->detail) {
		_cleanup_free_ char *detail = esc(t, res->detail);
		out_printf(t, INDENT "%s\n", detail);
	}
	if (waived) {
		const struct waiver *w = report_result_waiver(res);
		if (w) {
			_cleanup_free_ char *reason = esc(t, w->reason), *note = waiver_note(t, w);
			out_printf(t, INDENT "Waived: %s%s\n", reason, note);
		} else {
			out_puts(t, INDENT "Waived: every failing object by a waiver of its own\n");
		}
	}

	bool findings = res->status == DA_FAIL || res->status == DA_ERROR || o->verbose;
	if (findings) {
		size_t max = names_max(t, FINDINGS_MAX), n = 0, more = 0;
		for (size_t i = 0; i < res->n_findings && !t->err; i++) {
			const struct finding *f = &res->findings[i];
			if (t->new_only && !report_is_new(t->r, res, f))
				continue;
			if (n < max) {
				print_finding(t, f);
				n++;
			} else {
				more++;
			}
		}
		if (more)
			out_printf(t, INDENT "... and %zu more (see --format json)\n", more);
	}

	if (o->remediation && c->remediation && c->remediation[0]) {
		if (res->status == DA_FAIL && !waived)
			print_block(t, "Remediation: ", c->remediation);
		else if (res->status == DA_MANUAL)
			print_block(t, "Guidance: ", c->remediation);
	}
}

/* "Waivers: N expired, M unused", then one line each. */
static void print_waivers(struct text_out *t, const struct waiver_set *ws)
{
	size_t expired = 0, unused = 0, mapped = 0, absent = 0;
	for (size_t i = 0; i < ws->n; i++) {
		expired += ws->items[i].expired && !ws->items[i].absent;
		unused += report_waiver_unused(&ws->items[i]);
		mapped += ws->items[i].mapped;
		absent += ws->items[i].absent;
	}
	out_printf(t, "Waivers: %zu expired, %zu unused", expired, unused);
	if (mapped)
		out_printf(t, ", %zu mapped from another edition", mapped);
	if (absent)
		out_printf(t, ", %zu not in this edition", absent);
	out_puts(t, "\n");
	/* how the ids were read: mapped through the key, ambiguous, or absent here */
	for (size_t i = 0; i < ws->n && !t->err; i++) {
		const struct waiver *w = &ws->items[i];
		if (!w->note)
			continue;
		_cleanup_free_ char *check = esc(t, w->check), *note = esc(t, w->note);
		out_printf(t, "  %s %s: %s\n",
			   w->absent   ? "absent: "
			   : w->mapped ? "mapped: "
				       : "note:   ",
			   check, note);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ws->n && !t->err; i++) {
			const struct waiver *w = &ws->items[i];
			if (pass == 0 ? !w->expired || w->absent : !report_waiver_unused(w))
				continue;
			_cleanup_free_ char *check = esc(t, w->check), *reason = esc(t, w->reason),
					    *object = w->object ? esc(t, w->object) : NULL,
					    *expires = w->expires ? esc(t, w->expires) : NULL;
			out_printf(t, "  %s %s %s", pass == 0 ? "expired:" : "unused: ", check,
				   object ? object : "(whole check)");
			if (pass == 0) {
				out_printf(t, " (expired %s", expires ? expires : "?");
				if (w->matched_expired)
					out_printf(t, ", would cover %u", w->matched_expired);
				out_puts(t, ")");
			}
			out_printf(t, ": %s\n", reason);
		}
	}
}

/* Check ids in numeric order: 5.4 before 5.11 before 5.30; "1.1.2" before "1.2". */
static int id_cmp(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int severity_of(const struct check *c)
{
	return c ? (int)c->severity : 0;
}

/* Most severe first, then by numeric id. */
static int cmp_results(const void *pa, const void *pb)
{
	const struct result *a = *(const struct result *const *)pa;
	const struct result *b = *(const struct result *const *)pb;
	int sa = severity_of(a->check), sb = severity_of(b->check);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return id_cmp(a->check ? a->check->id : NULL, b->check ? b->check->id : NULL);
}

/* The check a change is about: the report's own result for it, else the edition's table. */
static const struct check *change_check(const struct report *r, const struct report_change *c)
{
	if (!c->id)
		return NULL;
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].check && streq_ptr(r->results[i].check->id, c->id))
			return r->results[i].check;
	return benchmark_check(report_benchmark(r), c->id);
}

struct sorted_change {
	const struct report_change *c;
	const struct check *check; /* in the report's edition, NULL when unknown */
};

static int cmp_changes(const void *pa, const void *pb)
{
	const struct sorted_change *x = pa, *y = pb;
	const struct report_change *a = x->c, *b = y->c;
	int sa = severity_of(x->check), sb = severity_of(y->check);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	int c = id_cmp(a->id, b->id);
	if (c)
		return c;
	if (!a->kind || !b->kind)
		return a->kind ? 1 : b->kind ? -1 : 0;
	c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

/* "  LABEL ID (severity) KIND NAME" of one baseline change (or "(the check)" for a whole check).
 * false when escaping ran out of memory (out_fail has recorded it). */
static bool print_change_head(struct text_out *t, const char *label, const struct report_change *ch,
			      const struct check *chk)
{
	_cleanup_free_ char *id = esc(t, ch->id);
	if (!id)
		return false;
	out_printf(t, "  %s %s", label, id);
	if (chk)
		out_printf(t, " (%s)", da_severity_name(chk->severity));
	if (!ch->kind) {
		out_puts(t, " (the check)");
		return true;
	}
	_cleanup_free_ char *kind = esc(t, ch->kind), *name = esc(t, ch->name);
	if (!kind || !name)
		return false;
	out_printf(t, " %s %s", kind, name);
	return true;
}

/* The baseline's changes, most severe first and in numeric id order, with severity and title. */
static void print_changes(struct text_out *t, const char *label, const struct report_change *c,
			  size_t n)
{
	_cleanup_free_ struct sorted_change *sorted = calloc(n ? n : 1, sizeof(*sorted));
	if (!sorted) {
		out_fail(t, -ENOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = (struct sorted_change){&c[i], change_check(t->r, &c[i])};
	qsort(sorted, n, sizeof(*sorted), cmp_changes);
	size_t shown = n < CHANGES_MAX ? n : CHANGES_MAX;
	for (size_t i = 0; i < shown && !t->err; i++) {
		const struct report_change *ch = sorted[i].c;
		const struct check *chk = sorted[i].check;
		if (!print_change_head(t, label, ch, chk))
			break;
		if (chk && chk->title)
			out_printf(t, ": %s", chk->title);
		out_puts(t, "\n");
	}
	if (n > shown)
		out_printf(t, "  %s ... and %zu more (see --format json)\n", label, n - shown);
}

/* One reason why failures are unknown, and how many have it (print_unknown). */
struct why_count {
	const char *why;
	size_t n;
};

static int cmp_why(const void *pa, const void *pb)
{
	const struct why_count *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->why, b->why);
}

#define UNKNOWN_REASONS_MAX 4 /* reasons named on the line; the rest are counted */

/*
 * The failures neither new nor resolved, and why: one line of counts by reason, most common
 * first; with -v each of them (by id, as many as -n allows, else CHANGES_MAX).
 */
static void print_unknown(struct text_out *t, const struct report *r)
{
	if (!r->n_unknown)
		return;
	_cleanup_free_ struct why_count *whys = calloc(r->n_unknown, sizeof(*whys));
	if (!whys) {
		out_fail(t, -ENOMEM);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_unknown; i++) {
		const char *why =
		    r->unknown_items[i].why ? r->unknown_items[i].why : "not compared";
		size_t k = 0;
		while (k < n && strcmp(whys[k].why, why) != 0)
			k++;
		if (k == n)
			whys[n++] = (struct why_count){why, 0};
		whys[k].n++;
	}
	qsort(whys, n, sizeof(*whys), cmp_why);
	out_printf(t, "  unknown:  %zu, neither new nor resolved: ", r->n_unknown);
	size_t named = n < UNKNOWN_REASONS_MAX ? n : UNKNOWN_REASONS_MAX, rest = 0;
	for (size_t k = 0; k < n; k++) {
		if (k >= named) {
			rest += whys[k].n;
			continue;
		}
		_cleanup_free_ char *why = esc(t, whys[k].why);
		out_printf(t, "%s%zu %s", k ? "; " : "", whys[k].n, why);
	}
	if (rest)
		out_printf(t, "; %zu for %zu other reason%s", rest, n - named,
			   n - named == 1 ? "" : "s");
	if (!t->o->verbose) {
		out_puts(t, " (-v lists them)\n");
		return;
	}
	out_puts(t, "\n");
	size_t shown = names_max(t, CHANGES_MAX);
	if (shown > r->n_unknown)
		shown = r->n_unknown;
	for (size_t i = 0; i < shown && !t->err; i++) {
		const struct report_change *ch = &r->unknown_items[i];
		const struct check *chk = change_check(r, ch);
		if (!print_change_head(t, "unknown: ", ch, chk))
			break;
		_cleanup_free_ char *why = ch->why ? esc(t, ch->why) : NULL;
		out_printf(t, ": %s\n", why ? why : "not compared");
	}
	if (r->n_unknown > shown)
		out_printf(t, "  unknown:  ... and %zu more (-n 0 lists all; see --format json)\n",
			   r->n_unknown - shown);
}

static void print_baseline(struct text_out *t, const struct report *r)
{
	_cleanup_free_ char *when = r->baseline_started_at ? esc(t, r->baseline_started_at) : NULL;
	out_printf(t, "Since the baseline (%s): %zu new, %zu resolved",
		   when ? when : "date unknown", r->n_new, r->n_resolved);
	if (r->n_unknown)
		out_printf(t, ", %zu unknown", r->n_unknown);
	out_puts(t, "\n");
	/* another scope: what is new or resolved is only so on the overlap, said here too, not
	 * only on stderr */
	if (r->baseline_warning) {
		_cleanup_free_ char *w = esc(t, r->baseline_warning);
		const char *on = t->o->color ? ANSI_BOLD : "", *off = t->o->color ? ANSI_RESET : "";
		out_printf(t, "  %sWarning:%s %s\n", on, off, w);
	}
	print_unknown(t, r);
	if (r->baseline_benchmark && r->baseline_benchmark != report_benchmark(r))
		out_printf(t,
			   "  (the baseline speaks the %s: its checks were matched to the %s "
			   "by their stable keys)\n",
			   benchmark_label(r->baseline_benchmark),
			   benchmark_label(report_benchmark(r)));
	for (size_t i = 0; i < r->n_not_compared; i++)
		out_printf(t, "  not compared: %s (the editions judge it on different objects)\n",
			   r->not_compared[i]);
	if (t->new_only)
		return; /* the new failures were the report */
	print_changes(t, "new:     ", r->new_items, r->n_new);
	print_changes(t, "resolved:", r->resolved_items, r->n_resolved);
}

/* A FAIL that is not waived: what the Fix-first block and the counts by severity are about. */
static bool failing(const struct result *res)
{
	return res->status == DA_FAIL && !res->waived;
}

static void print_summary(struct text_out *t, const struct report *r)
{
	_cleanup_free_ char *counts = report_summary_counts(r);
	if (!counts) {
		out_fail(t, -ENOMEM);
		return;
	}
	out_block(t);
	out_printf(t, "Summary: %s\n", counts);
	if (t->o->severities) {
		out_puts(t, "Shown: the checks of severity ");
		bool first = true;
		for (int s = DA_SEV_CRITICAL; s >= DA_SEV_LOW; s--)
			if (t->o->severities & (1u << s)) {
				out_printf(t, "%s%s", first ? "" : ", ",
					   da_severity_name((enum da_severity)s));
				first = false;
			}
		out_puts(t, " (--severity); the summary counts every check\n");
	}
	if (daemon_unreachable(r)) {
		if (r->daemon_error) {
			_cleanup_free_ char *e = esc(t, r->daemon_error);
			out_printf(t, "Docker daemon: unreachable (%s)\n", e);
		} else {
			out_puts(t, "Docker daemon: unreachable\n");
		}
	}
	if (r->waivers)
		print_waivers(t, r->waivers);
	if (r->has_baseline)
		print_baseline(t, r);
}

/* --severity: the check is of a severity shown. */
static bool severity_shown(const struct text_out *t, const struct result *res)
{
	return !t->o->severities || (t->o->severities & (1u << severity_of(res->check)));
}

/* Shown at all: --severity, and -q keeps what needs action (a waived failure is accepted). */
static bool shown(const struct text_out *t, const struct result *res)
{
	if (!severity_shown(t, res))
		return false;
	if (t->o->quiet && (res->status != DA_FAIL || res->waived) && res->status != DA_ERROR)
		return false;
	return true;
}

/* Shown with its details: --verbose, or a check --check names by its id. */
static bool detailed(const struct text_out *t, const struct result *res)
{
	if (t->o->verbose)
		return true;
	for (char *const *p = t->o->detail_ids; p && *p && res->check && res->check->id; p++)
		if (strcmp(*p, res->check->id) == 0)
			return true;
	return false;
}

/* "3 containers", "2 audit rules"; one is "container". */
static void print_kind(struct text_out *t, const char *kind, size_t n)
{
	_cleanup_free_ char *k = esc(t, kind ? kind : "object");
	if (!k)
		return;
	for (char *p = k; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (n == 1) { /* "container: x" */
		out_puts(t, k);
		return;
	}
	size_t len = strlen(k);
	const char *plural = len && (k[len - 1] == 's' || k[len - 1] == 'x') ? "es" : "s";
	out_printf(t, "%zu %s%s", n, k, plural);
}

/* The objects of a result on its line: "  26 containers: a, b, c and 23 more". With --new-only
 * only the new ones. Nothing when it has none. */
static void print_objects(struct text_out *t, const struct result *res)
{
	size_t n = 0, waived = 0, errors = 0;
	const char *kind = NULL;
	bool mixed = false;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (t->new_only && !report_is_new(t->r, res, f))
			continue;
		if (n == 0)
			kind = f->kind;
		else if (!streq_ptr(kind, f->kind))
			mixed = true;
		n++;
		waived += f->waived;
		errors += f->error;
	}
	if (!n)
		return;
	out_puts(t, "  ");
	if (t->new_only)
		out_puts(t, "new: ");
	print_kind(t, mixed ? "object" : kind, n);
	if (errors || waived) {
		out_puts(t, " (");
		if (errors)
			out_printf(t, "%zu could not be checked", errors);
		if (waived)
			out_printf(t, "%s%zu waived", errors ? ", " : "", waived);
		out_puts(t, ")");
	}
	size_t max = names_max(t, LINE_NAMES), named = 0;
	for (size_t i = 0; i < res->n_findings && named < max && !t->err; i++) {
		const struct finding *f = &res->findings[i];
		if (t->new_only && !report_is_new(t->r, res, f))
			continue;
		char sid[13];
		const char *name = f->name				  ? f->name
				   : f->id && report_short_id(f->id, sid) ? sid
									  : f->id;
		_cleanup_free_ char *e = esc(t, name ? name : "?");
		out_printf(t, "%s%s", named ? ", " : ": ", e);
		named++;
	}
	if (n > named)
		out_printf(t, " and %zu more", n - named);
}

static void print_status(struct text_out *t, const struct result *res)
{
	bool waived = res->status == DA_FAIL && res->waived;
	const char *color = waived ? WAIVED_COLOR : status_color(res->status);
	out_printf(t, "  %s[%s]%s", t->o->color ? color : "",
		   waived ? "WAIVED" : da_status_label(res->status), t->o->color ? ANSI_RESET : "");
}

/* One line: status, id, title, the severity of a failure or error, the objects. An ERROR
 * ends with why: "could not check" is never left without its reason. */
static void print_line(struct text_out *t, const struct result *res)
{
	static const struct check unknown = {.id = "?", .title = "", .section = ""};
	const struct check *c = res->check ? res->check : &unknown;
	print_status(t, res);
	out_printf(t, " %s  %s", c->id, c->title);
	if (res->status == DA_FAIL || res->status == DA_ERROR)
		out_printf(t, "  (%s)", da_severity_name(c->severity));
	print_objects(t, res);
	if (res->status == DA_ERROR && res->detail) {
		_cleanup_free_ char *detail = esc(t, res->detail);
		out_printf(t, "%s%s", res->n_findings ? "; " : "  ", detail);
	}
	out_puts(t, "\n");
}

/* Position of each result's check in the edition's table, for ranges of ids; SIZE_MAX when
 * not found. Malloc'ed, NULL on ENOMEM (then no ranges). */
static size_t *table_positions(const struct report *r)
{
	size_t n_checks;
	const struct check *const *checks = benchmark_checks(report_benchmark(r), &n_checks);
	size_t *pos = calloc(r->n_results ? r->n_results : 1, sizeof(*pos));
	if (!pos)
		return NULL;
	size_t hint = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const char *id = r->results[i].check ? r->results[i].check->id : NULL;
		pos[i] = SIZE_MAX;
		for (size_t k = 0; id && checks && k < n_checks; k++) {
			size_t j = (hint + k) % n_checks;
			if (checks[j]->id && strcmp(checks[j]->id, id) == 0) {
				pos[i] = j;
				hint = j + 1;
				break;
			}
		}
	}
	return pos;
}

/* The ids of results idx[0..n) in order: runs of three or more checks that follow each other
 * in the edition's table as "3.1-3.14". Ids are table text. */
static void print_ids(struct text_out *t, const struct report *r, const size_t *pos,
		      const size_t *idx, size_t n)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (pos && j + 1 < n && pos[idx[j]] != SIZE_MAX &&
		       pos[idx[j + 1]] == pos[idx[j]] + 1)
			j++;
		const char *a = r->results[idx[i]].check ? r->results[idx[i]].check->id : "?";
		const char *z = r->results[idx[j]].check ? r->results[idx[j]].check->id : "?";
		if (j - i >= 2) {
			buf_printf(&b, "%s%s-%s", i ? ", " : "", a, z);
			i = j + 1;
		} else {
			buf_printf(&b, "%s%s", i ? ", " : "", a);
			i++;
		}
	}
	/* padded to the width of most single ids, so that what follows lines up */
	if (t->pad_ids && b.len < 6)
		buf_printf(&b, "%*s", (int)(6 - b.len), "");
	_cleanup_free_ char *s = buf_steal(&b);
	buf_release(&b);
	if (!s)
		out_fail(t, -ENOMEM);
	else
		out_puts(t, s);
}

static const char *section_of(const struct result *res)
{
	return res->check && res->check->section ? res->check->section : "";
}

/*
 * One section, results [from, to): each check that needs a look on its line (or with its
 * details), then the skipped ones by reason, then the passing ones as one line of ids.
 */
static void print_section(struct text_out *t, const struct report *r, const size_t *pos,
			  size_t from, size_t to)
{
	bool any = false;
	for (size_t i = from; i < to; i++)
		any |= shown(t, &r->results[i]);
	if (!any)
		return;
	print_heading(t, r, section_of(&r->results[from]));
	_cleanup_free_ size_t *idx = calloc(to - from, sizeof(*idx));
	_cleanup_free_ bool *done = calloc(to - from, sizeof(*done));
	if (!idx || !done) {
		out_fail(t, -ENOMEM);
		return;
	}
	for (size_t i = from; i < to && !t->err; i++) {
		const struct result *res = &r->results[i];
		if (!shown(t, res))
			continue;
		if (detailed(t, res))
			print_result(t, res);
		else if (res->status != DA_PASS && res->status != DA_SKIP)
			print_line(t, res);
		else
			continue;
		done[i - from] = true;
	}
	/* skipped: one line per reason */
	for (size_t i = from; i < to && !t->err; i++) {
		const struct result *res = &r->results[i];
		if (done[i - from] || res->status != DA_SKIP || !shown(t, res))
			continue;
		size_t n = 0;
		for (size_t j = i; j < to; j++) {
			const struct result *o = &r->results[j];
			if (!done[j - from] && o->status == DA_SKIP && shown(t, o) &&
			    streq_ptr(o->detail, res->detail)) {
				idx[n++] = j;
				done[j - from] = true;
			}
		}
		print_status(t, res);
		out_puts(t, " ");
		print_ids(t, r, pos, idx, n);
		if (res->detail) {
			_cleanup_free_ char *detail = esc(t, res->detail);
			out_printf(t, ": %s", detail);
		}
		out_puts(t, "\n");
	}
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		if (!done[i - from] && r->results[i].status == DA_PASS && shown(t, &r->results[i]))
			idx[n++] = i;
	if (n && !t->err) {
		print_status(t, &r->results[idx[0]]);
		out_puts(t, " ");
		print_ids(t, r, pos, idx, n);
		out_printf(t, " (%zu check%s)\n", n, n == 1 ? "" : "s");
	}
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/*
 * A fix in one line, from the remediation's own words: its first sentence; when that ends in
 * a colon and one command follows, the sentence and the command; when several follow, the
 * sentence and where they are shown (they are not strung together: a fix done halfway is
 * worse than a pointer). A remediation that starts with a command is that command.
 * Malloc'ed; NULL on ENOMEM or for an empty remediation.
 */
char *text_one_line_fix(const char *rem)
{
	if (!rem)
		return NULL;
	/* lines: prose starts at column 0, commands are indented */
	const char *p = rem;
	while (*p == '\n')
		p++;
	size_t len = strcspn(p, "\n");
	if (blank(p, len))
		return NULL;
	if (*p == ' ' || *p == '\t') {
		size_t lead = strspn(p, " \t");
		return xstrndup(p + lead, len - lead);
	}
	if (p[len - 1] != ':') {
		/* the first sentence: up to ". " before a capital letter */
		for (size_t i = 0; i + 2 < len; i++)
			if (p[i] == '.' && p[i + 1] == ' ' && isupper((unsigned char)p[i + 2]))
				return xstrndup(p, i + 1);
		return xstrndup(p, len);
	}
	/* "...:" and the commands under it */
	const char *q = p + len, *cmd = NULL;
	size_t cmd_len = 0, cmds = 0;
	while (*q == '\n') {
		q++;
		size_t l = strcspn(q, "\n");
		if (l == 0 || (*q != ' ' && *q != '\t') || blank(q, l))
			break;
		if (cmds++ == 0) {
			size_t lead = strspn(q, " \t");
			cmd = q + lead;
			cmd_len = l - lead;
		}
		q += l;
	}
	if (cmds == 1)
		return xasprintf("%.*s %.*s", (int)len, p, (int)cmd_len, cmd);
	return xasprintf("%.*s (the commands: docker-audit -c ID)", (int)(len - 1), p);
}

/*
 * "Fix first": the failures shown, most severe first (then by id), one line per fix: severity
 * (once per group), the ids, and the one-line fix (the title with --no-remediation). Checks of
 * one severity with the same fix (the audit watches of 1.1) share its line. With --new-only,
 * the new ones. Without --verbose at most FIX_LINES_MAX lines, so that the most severe are
 * still on the screen when the run ends: the rest are named by id on the last line.
 */
static void print_fix_first(struct text_out *t, const struct report *r)
{
	_cleanup_free_ const struct result **list =
	    calloc(r->n_results ? r->n_results : 1, sizeof(*list));
	_cleanup_free_ char **fixes = calloc(r->n_results ? r->n_results : 1, sizeof(*fixes));
	_cleanup_free_ bool *done = calloc(r->n_results ? r->n_results : 1, sizeof(*done));
	_cleanup_free_ size_t *line = calloc(r->n_results ? r->n_results : 1, sizeof(*line));
	_cleanup_free_ size_t *pos = NULL, *idx = NULL;
	if (!list || !fixes || !done || !line) {
		out_fail(t, -ENOMEM);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (failing(res) && severity_shown(t, res) && (!t->new_only || res->is_new))
			list[n++] = res;
	}
	if (!n)
		return;
	qsort(list, n, sizeof(*list), cmp_results);
	/* the ids of a line as ranges: print_ids works on report indices */
	pos = table_positions(r);
	idx = calloc(n, sizeof(*idx));
	if (!idx) {
		out_fail(t, -ENOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct check *c = list[i]->check;
		fixes[i] = t->o->remediation && c ? text_one_line_fix(c->remediation) : NULL;
		if (!fixes[i])
			fixes[i] = xstrdup(c && c->title ? c->title : "");
		if (!fixes[i])
			out_fail(t, -ENOMEM);
	}
	const char *on = t->o->color ? ANSI_BOLD : "", *off = t->o->color ? ANSI_RESET : "";
	out_block(t);
	out_printf(t, "%sFix first%s (%s; docker-audit -c ID shows the details):\n", on, off,
		   t->new_only ? "the new failures, most severe first" : "most severe first");
	/* lines: the checks of one severity with the same fix share one */
	size_t lines = 0;
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		int sev = severity_of(list[i]->check);
		for (size_t j = i; j < n && severity_of(list[j]->check) == sev; j++)
			if (!done[j] && strcmp(fixes[j], fixes[i]) == 0) {
				done[j] = true;
				line[j] = lines;
			}
		lines++;
	}
	/* a screen: past FIX_LINES_MAX, the rest by id, with the option that lists their fixes */
	size_t cut = !t->o->verbose && lines > FIX_LINES_MAX ? FIX_LINES_MAX - 1 : lines;
	int prev = -1;
	for (size_t l = 0; l < cut && !t->err; l++) {
		size_t k = 0, first = SIZE_MAX;
		for (size_t j = 0; j < n; j++)
			if (line[j] == l) {
				if (first == SIZE_MAX)
					first = j;
				idx[k++] = (size_t)(list[j] - r->results);
			}
		int sev = severity_of(list[first]->check);
		const char *label = sev != prev ? da_severity_name((enum da_severity)sev) : "";
		prev = sev;
		bool red = sev >= DA_SEV_HIGH && t->o->color && *label;
		out_printf(t, "  %s%-8s%s ", red ? status_color(DA_FAIL) : "", label,
			   red ? ANSI_RESET : "");
		t->pad_ids = true;
		print_ids(t, r, pos, idx, k);
		t->pad_ids = false;
		out_printf(t, "  %s\n", fixes[first]);
	}
	if (cut < lines) {
		size_t more = 0;
		unsigned sevs = 0;
		for (size_t j = 0; j < n; j++)
			if (line[j] >= cut) {
				more++;
				sevs |= 1u << severity_of(list[j]->check);
			}
		out_printf(t, "  ... and %zu more:", more);
		for (int sev = DA_SEV_CRITICAL; sev >= DA_SEV_LOW; sev--) {
			size_t k = 0;
			for (size_t j = 0; j < n; j++)
				if (line[j] >= cut && severity_of(list[j]->check) == sev)
					idx[k++] = (size_t)(list[j] - r->results);
			if (!k)
				continue;
			out_printf(t, " %s ", da_severity_name((enum da_severity)sev));
			print_ids(t, r, pos, idx, k);
			out_puts(t, ";");
		}
		out_puts(t, " docker-audit --severity ");
		bool first = true;
		for (int sev = DA_SEV_CRITICAL; sev >= DA_SEV_LOW; sev--)
			if (sevs & (1u << sev)) {
				out_printf(t, "%s%s", first ? "" : ",",
					   da_severity_name((enum da_severity)sev));
				first = false;
			}
		out_puts(t, " lists their fixes\n");
	}
	for (size_t i = 0; i < n; i++)
		free(fixes[i]);
}

/* --new-only: the new failures alone, most severe first and by numeric id, with titles. */
static void print_new_failures(struct text_out *t, const struct report *r)
{
	_cleanup_free_ const struct result **list =
	    calloc(r->n_results ? r->n_results : 1, sizeof(*list));
	if (!list) {
		out_fail(t, -ENOMEM);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (res->status == DA_FAIL && res->is_new && severity_shown(t, res))
			list[n++] = res;
	}
	qsort(list, n, sizeof(*list), cmp_results);
	_cleanup_free_ char *when = r->baseline_started_at ? esc(t, r->baseline_started_at) : NULL;
	const char *on = t->o->color ? ANSI_BOLD : "", *off = t->o->color ? ANSI_RESET : "";
	out_block(t);
	out_printf(t, "%sNew failures since the baseline%s (%s): %zu check%s\n", on, off,
		   when ? when : "date unknown", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && !t->err; i++) {
		if (detailed(t, list[i]))
			print_result(t, list[i]);
		else
			print_line(t, list[i]);
	}
}

/* Without -a: a privileged container among those left out as not running (the scope line
 * counts them) is named, with the option that audits it. */
static void print_left_out(struct text_out *t, const struct report *r)
{
	const struct report_scope *s = &r->scope;
	if (r->all_containers || !s->containers_known || !s->not_running)
		return;
	size_t n = strv_length(s->privileged_left_out);
	bool partial = s->not_running_examined < s->not_running;
	if (!n && !partial)
		return;
	if (n) {
		out_puts(t, "Not audited: ");
		for (size_t i = 0; i < n && i < LINE_NAMES && !t->err; i++) {
			_cleanup_free_ char *name = esc(t, s->privileged_left_out[i]);
			out_printf(t, "%s%s", i ? ", " : "", name);
		}
		if (n > LINE_NAMES)
			out_printf(t, " and %zu more", n - LINE_NAMES);
		out_printf(t, " (privileged, not running)");
	} else {
		out_puts(t, "Not audited: no privileged container");
	}
	if (partial)
		out_printf(t, " among the first %zu of the %zu not running",
			   s->not_running_examined, s->not_running);
	out_printf(t, "; -a audits %s\n", n == 1 && !partial ? "it" : "them");
}

int report_write_text(FILE *f, const struct report *r, const struct render_options *o)
{
	static const struct render_options defaults = {.remediation = true};
	struct text_out t = {.f = f, .o = o ? o : &defaults, .r = r};
	t.new_only = r->new_only && r->has_baseline;
	t.compact = !t.o->verbose;

	if (!t.o->quiet) {
		print_header(&t, r);
		print_left_out(&t, r);
	}
	if (t.new_only) {
		print_new_failures(&t, r);
	} else if (t.o->verbose) {
		const char *section = NULL;
		for (size_t i = 0; i < r->n_results && !t.err; i++) {
			const struct result *res = &r->results[i];
			if (!shown(&t, res))
				continue;
			const char *s = section_of(res);
			if (!section || strcmp(section, s) != 0) {
				print_heading(&t, r, s);
				section = s;
			}
			print_result(&t, res);
		}
	} else {
		_cleanup_free_ size_t *pos = table_positions(r);
		for (size_t i = 0; i < r->n_results && !t.err;) {
			size_t j = i + 1;
			while (j < r->n_results &&
			       strcmp(section_of(&r->results[j]), section_of(&r->results[i])) == 0)
				j++;
			print_section(&t, r, pos, i, j);
			i = j;
		}
	}
	print_fix_first(&t, r);
	print_summary(&t, r);

	if (t.err)
		return t.err;
	errno = 0;
	if (fflush(f) == EOF || ferror(f))
		return errno > 0 ? -errno : -EIO;
	return 0;
}
