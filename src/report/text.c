/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include <stdarg.h>
#include "report.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"

/*
 * The report a sysadmin reads. Everything that came from outside (names, ids, details, values,
 * hostname, versions, the daemon's error) goes through text_escape(), so that a container name
 * cannot drive the terminal. Table text (titles, remediation) is ours and printed as is.
 */

#define FINDINGS_MAX 50 /* per check; the JSON report has them all */
#define CHANGES_MAX 50 /* per list of baseline changes */
#define INDENT "         " /* detail column: under the id of "  [FAIL] 5.16" */

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"

struct text_out {
	FILE *f;
	const struct render_options *o;
	int err; /* first error; once set, nothing more is written */
	bool begun; /* something was written: blocks after it are set off by a blank line */
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
		out_printf(t, "Left out: container %.12s, docker-audit's own container\n", self);
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
		return;
	}
	_cleanup_free_ char *engine = esc(t, r->engine);
	_cleanup_free_ char *ever = esc(t, r->engine_version ? r->engine_version : "unknown");
	_cleanup_free_ char *neg = esc(t, r->api_negotiated ? r->api_negotiated : "unknown");
	_cleanup_free_ char *dapi = esc(t, r->api_daemon ? r->api_daemon : "unknown");
	out_printf(t, "Engine: %s %s, API %s", engine, ever, neg);
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
}

static void print_heading(struct text_out *t, const struct report *r, const char *section)
{
	const char *title = benchmark_section_title(report_benchmark(r), section);
	_cleanup_free_ char *s = esc(t, section);
	const char *on = t->o->color ? ANSI_BOLD : "", *off = t->o->color ? ANSI_RESET : "";
	out_block(t);
	if (title)
		out_printf(t, "%s%s %s%s\n", on, s, title, off);
	else
		out_printf(t, "%sSection %s%s\n", on, s, off);
}

/* Docker's short form of an object id: 12 hex digits, without "sha256:". */
static bool short_id(const char *id, char ret[static 13])
{
	if (strncmp(id, "sha256:", 7) == 0)
		id += 7;
	size_t n = strspn(id, "0123456789abcdef");
	if (n < 12 || id[n] != '\0')
		return false;
	memcpy(ret, id, 12);
	ret[12] = '\0';
	return true;
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
		id = esc(t, short_id(f->id, sid) ? sid : f->id);
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
		size_t shown = res->n_findings < FINDINGS_MAX ? res->n_findings : FINDINGS_MAX;
		for (size_t i = 0; i < shown && !t->err; i++)
			print_finding(t, &res->findings[i]);
		if (res->n_findings > shown)
			out_printf(t, INDENT "... and %zu more (see --format json)\n",
				   res->n_findings - shown);
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
			   w->absent ? "absent: " : w->mapped ? "mapped: " : "note:   ", check, note);
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

static void print_changes(struct text_out *t, const char *label, const struct report_change *c,
			  size_t n)
{
	size_t shown = n < CHANGES_MAX ? n : CHANGES_MAX;
	for (size_t i = 0; i < shown && !t->err; i++) {
		_cleanup_free_ char *id = esc(t, c[i].id);
		if (c[i].kind) {
			_cleanup_free_ char *kind = esc(t, c[i].kind), *name = esc(t, c[i].name);
			out_printf(t, "  %s %s %s %s\n", label, id, kind, name);
		} else {
			out_printf(t, "  %s %s (the check)\n", label, id);
		}
	}
	if (n > shown)
		out_printf(t, "  %s ... and %zu more (see --format json)\n", label, n - shown);
}

static void print_baseline(struct text_out *t, const struct report *r)
{
	_cleanup_free_ char *when = r->baseline_started_at ? esc(t, r->baseline_started_at) : NULL;
	out_printf(t, "Since the baseline (%s): %zu new, %zu resolved\n",
		   when ? when : "date unknown", r->n_new, r->n_resolved);
	if (r->baseline_benchmark && r->baseline_benchmark != report_benchmark(r))
		out_printf(t, "  (the baseline speaks the %s: its checks were matched to the %s "
			      "by their stable keys)\n",
			   benchmark_label(r->baseline_benchmark),
			   benchmark_label(report_benchmark(r)));
	print_changes(t, "new:     ", r->new_items, r->n_new);
	print_changes(t, "resolved:", r->resolved_items, r->n_resolved);
}

static void print_summary(struct text_out *t, const struct report *r)
{
	out_block(t);
	out_printf(t, "Summary: %u pass, %u fail, %u error, %u skip, %u manual, %u info",
		   r->summary[DA_PASS], r->summary[DA_FAIL], r->summary[DA_ERROR],
		   r->summary[DA_SKIP], r->summary[DA_MANUAL], r->summary[DA_INFO]);
	if (r->waived)
		out_printf(t, ", %u waived", r->waived);
	out_puts(t, "\n");
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

int report_write_text(FILE *f, const struct report *r, const struct render_options *o)
{
	static const struct render_options defaults = {.remediation = true};
	struct text_out t = {.f = f, .o = o ? o : &defaults};
	const char *section = NULL;

	if (!t.o->quiet)
		print_header(&t, r);
	for (size_t i = 0; i < r->n_results && !t.err; i++) {
		const struct result *res = &r->results[i];
		/* quiet: what needs action; a waived failure is an accepted risk */
		if (t.o->quiet && (res->status != DA_FAIL || res->waived) &&
		    res->status != DA_ERROR)
			continue;
		const char *s = res->check && res->check->section ? res->check->section : "";
		if (!section || strcmp(section, s) != 0) {
			print_heading(&t, r, s);
			section = s;
		}
		print_result(&t, res);
	}
	print_summary(&t, r);

	if (t.err)
		return t.err;
	errno = 0;
	if (fflush(f) == EOF || ferror(f))
		return errno > 0 ? -errno : -EIO;
	return 0;
}
