/* SPDX-License-Identifier: Apache-2.0 */
/*
 * docker-audit: checks based on the CIS Docker Benchmark (v1.6.0, v1.7.0, v1.8.0). main owns the
 * options, turns errors into messages and exit statuses, and is the only place that exits.
 */
#include "common.h"
#include "benchmark.h"
#include <curl/curl.h>
#include <stdarg.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "cli.h"
#include "context.h"
#include "facts/images.h"
#include "facts/self.h"
#include "docker.h"
#include "endpoint.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "hostfs.h"
#include "json.h"
#include "jsonpool.h"
#include "outfile.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"
#include "version.h"
#include "baseline.h"
#include "history.h"
#include "waivers.h"

#define EXIT_USAGE 2

#if defined(__SANITIZE_ADDRESS__)
#define DA_UNDER_MEMCHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DA_UNDER_MEMCHECK 1
#endif
#endif
#if !defined(DA_UNDER_MEMCHECK) && defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define DA_UNDER_MEMCHECK RUNNING_ON_VALGRIND
#endif
#endif
#ifndef DA_UNDER_MEMCHECK
#define DA_UNDER_MEMCHECK 0
#endif

extern char **environ;

/* One line on stderr. Messages carry what a daemon said: escaped like the text report, so a
 * daemon cannot put control sequences or bidi overrides on the operator's terminal. */
_printf_(1, 2) static void error_line(const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	_cleanup_free_ char *safe = n >= 0 ? text_escape(msg) : NULL;
	fprintf(stderr, "docker-audit: %s\n", safe ? safe : "out of memory");
	free(msg);
}

static cJSON *stride_array(unsigned stride)
{
	cJSON *a = cJSON_CreateArray();
	for (unsigned bit = 1; a && bit <= _DA_STRIDE_ALL; bit <<= 1)
		if (stride & bit)
			cJSON_AddItemToArray(a, cJSON_CreateString(da_stride_name(bit)));
	return a;
}

static void stride_text(unsigned stride, char *out, size_t size)
{
	out[0] = '\0';
	size_t used = 0;
	for (unsigned bit = 1; bit <= _DA_STRIDE_ALL; bit <<= 1)
		if (stride & bit) {
			int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
					 da_stride_name(bit));
			if (n < 0 || (size_t)n >= size - used)
				break;
			used += (size_t)n;
		}
}

/*
 * What the recommendation is numbered in the other editions of its family: "v1.6.0 2.7,
 * v1.7.0 2.7" (or "not in v1.6.0"); empty for a benchmark without other editions.
 */
static void other_editions(const struct benchmark *bm, const struct check *c, char *out,
			   size_t size)
{
	size_t n, used = 0;
	const struct benchmark *const *all = benchmarks_all(&n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (all[i] == bm || !benchmark_same_family(all[i], bm))
			continue;
		const struct check *o = benchmark_check_by_key(all[i], c->key);
		int w = o ? snprintf(out + used, size - used, "%sv%s %s", used ? ", " : "",
				     all[i]->version, o->id)
			  : snprintf(out + used, size - used, "%snot in v%s", used ? ", " : "",
				     all[i]->version);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
}

static cJSON *check_to_json(const struct benchmark *bm, const struct check *c)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "key", c->key);
	/* the same recommendation's id in the other editions of the family */
	cJSON *ed = cJSON_AddObjectToObject(o, "editions");
	size_t nb;
	const struct benchmark *const *all = benchmarks_all(&nb);
	for (size_t i = 0; ed && i < nb; i++) {
		if (!benchmark_same_family(all[i], bm))
			continue;
		const struct check *x = benchmark_check_by_key(all[i], c->key);
		if (x)
			cJSON_AddStringToObject(ed, all[i]->version, x->id);
		else
			cJSON_AddNullToObject(ed, all[i]->version);
	}
	cJSON_AddStringToObject(o, "title", c->title);
	cJSON_AddStringToObject(o, "section", c->section);
	cJSON_AddNumberToObject(o, "level", c->level);
	cJSON_AddBoolToObject(o, "automated", c->automated);
	cJSON_AddStringToObject(o, "severity", da_severity_name(c->severity));
	cJSON_AddItemToObject(o, "stride", stride_array(c->stride));
	cJSON_AddBoolToObject(o, "needs_daemon", (c->needs & DA_NEED_DAEMON) != 0);
	cJSON_AddStringToObject(o, "rationale", c->rationale);
	cJSON_AddStringToObject(o, "judged", c->judged);
	_cleanup_free_ char *rem = runner_render(bm, c->remediation, NULL, NULL);
	cJSON_AddStringToObject(o, "remediation", rem ? rem : c->remediation);
	return o;
}

static int list_json(FILE *f, const struct benchmark *bm, const struct selection *sel)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	cJSON *root = cJSON_CreateObject();
	cJSON *b = root ? cJSON_AddObjectToObject(root, "benchmark") : NULL;
	if (b) {
		cJSON_AddStringToObject(b, "name", bm->name);
		cJSON_AddStringToObject(b, "version", bm->version);
	}
	cJSON *arr = b ? cJSON_AddArrayToObject(root, "checks") : NULL;
	for (size_t i = 0; arr && i < n; i++) {
		if (!selection_match(sel, all[i]))
			continue;
		cJSON *o = check_to_json(bm, all[i]);
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			arr = NULL;
		}
	}
	char *s = arr ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!s)
		return -ENOMEM;
	fprintf(f, "%s\n", s);
	cJSON_free(s);
	return 0;
}

static void list_text(FILE *f, const struct benchmark *bm, const struct selection *sel)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	fprintf(f, "Checks based on the %s\n", benchmark_label(bm));
	fprintf(f, "%-7s %-2s %-9s %-8s %s\n", "ID", "L", "ASSESS", "SEVERITY", "TITLE");
	for (size_t i = 0; i < n; i++)
		if (selection_match(sel, all[i]))
			fprintf(f, "%-7s %-2d %-9s %-8s %s\n", all[i]->id, all[i]->level,
				all[i]->automated ? "automated" : "manual",
				da_severity_name(all[i]->severity), all[i]->title);
}

/* docs/checks.md is this output; a test keeps the two in sync. */
static void list_markdown(FILE *f, const struct benchmark *bm, const struct selection *sel)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	const char *section = NULL;
	fprintf(f,
		"# Checks: %s\n\n"
		"Generated by `docker-audit list --benchmark %s --format markdown`; do not edit "
		"by hand.\n"
		"Checks based on the %s. *Assessment* is the "
		"benchmark's own (automated or manual); docker-audit judges every check it "
		"lists from facts wherever it can, as *How it is judged* says. *Key* is the "
		"check's stable name, the same in every edition: waivers and baselines are "
		"matched by it.\n",
		benchmark_label(bm), bm->option, benchmark_label(bm));
	for (size_t i = 0; i < n; i++) {
		const struct check *c = all[i];
		char stride[160], other[256];
		if (!selection_match(sel, c))
			continue;
		if (!section || strcmp(section, c->section) != 0) {
			section = c->section;
			const char *t = benchmark_section_title(bm, c->section);
			fprintf(f, "\n## %s %s\n", c->section, t ? t : "");
		}
		stride_text(c->stride, stride, sizeof(stride));
		other_editions(bm, c, other, sizeof(other));
		_cleanup_free_ char *rem = runner_render(bm, c->remediation, NULL, NULL);
		fprintf(f,
			"\n### %s %s\n\n"
			"- Level %d, %s, severity %s\n- Key: `%s`%s%s\n- STRIDE: %s\n"
			"- Needs the Docker daemon: %s\n\n"
			"%s\n\n**How it is judged.** %s\n\n**Remediation.**\n\n```\n%s\n```\n",
			c->id, c->title, c->level, c->automated ? "automated" : "manual",
			da_severity_name(c->severity), c->key,
			other[0] ? "; in other editions: " : "", other, stride,
			(c->needs & DA_NEED_DAEMON) ? "yes" : "no", c->rationale, c->judged,
			rem ? rem : c->remediation);
	}
}

static int cmd_explain(const struct benchmark *bm, const char *id, const char *format)
{
	const struct check *c = benchmark_check(bm, id);
	if (!c) {
		/* an id of another edition, or a stable key: say what it is called here */
		size_t nb;
		const struct benchmark *const *all = benchmarks_all(&nb);
		const struct check *k = benchmark_check_by_key(bm, id);
		for (size_t i = 0; !k && i < nb; i++) {
			const struct check *o = all[i] != bm && benchmark_same_family(all[i], bm)
						    ? benchmark_check(all[i], id)
						    : NULL;
			if (o) {
				const struct check *here = benchmark_check_by_key(bm, o->key);
				if (here)
					error_line("no check '%s' in the %s; v%s %s is its %s", id,
						   benchmark_label(bm), all[i]->version, id,
						   here->id);
				else
					error_line("no check '%s' in the %s (v%s %s has no "
						   "counterpart there)",
						   id, benchmark_label(bm), all[i]->version, id);
				return EXIT_USAGE;
			}
		}
		if (!k) {
			error_line("no check '%s' in the %s; 'docker-audit list' shows them all",
				   id, benchmark_label(bm));
			return EXIT_USAGE;
		}
		c = k;
	}
	if (strcmp(format, "json") == 0) {
		cJSON *o = check_to_json(bm, c);
		char *s = o ? cJSON_Print(o) : NULL;
		cJSON_Delete(o);
		if (!s)
			return EXIT_USAGE;
		printf("%s\n", s);
		cJSON_free(s);
		return 0;
	}
	char stride[160], other[256];
	stride_text(c->stride, stride, sizeof(stride));
	other_editions(bm, c, other, sizeof(other));
	printf("%s  %s\n\n"
	       "%s %s, key %s%s%s\n"
	       "Section %s (%s), level %d, %s in the benchmark, severity %s\n"
	       "STRIDE: %s\n\n"
	       "Why it matters:\n  %s\n\n"
	       "How docker-audit judges it:\n  %s\n\n"
	       "Remediation:\n",
	       c->id, c->title, benchmark_label(bm), c->id, c->key,
	       other[0] ? "; in other editions: " : "", other, c->section,
	       benchmark_section_title(bm, c->section) ? benchmark_section_title(bm, c->section)
						       : "",
	       c->level, c->automated ? "automated" : "manual", da_severity_name(c->severity),
	       stride, c->rationale, c->judged);
	/* indent every remediation line */
	_cleanup_free_ char *rem = runner_render(bm, c->remediation, NULL, NULL);
	for (const char *p = rem ? rem : c->remediation; *p;) {
		size_t len = strcspn(p, "\n");
		printf("  %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	return 0;
}

static void cmd_version(const struct benchmark *bm)
{
	printf("docker-audit %s\n"
	       "benchmark: checks based on the %s (editions: %s)\n"
	       "Engine API: %s to %s\n"
	       "%s\n",
	       DA_VERSION, benchmark_label(bm), benchmark_options(), DOCKER_MIN_API_VERSION,
	       DOCKER_MAX_API_VERSION, curl_version());
}

static void cmd_plugin_metadata(void)
{
	printf("{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"docker-audit\",\"Version\":\"%s\","
	       "\"ShortDescription\":\"Audit this host with checks based on the CIS Docker "
	       "Benchmark (v1.6.0 to v1.8.0)\"}\n",
	       DA_VERSION);
}

/* "; " between parts of a sentence built in b. */
static void scope_part(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void scope_part(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->len)
		buf_puts(b, ", ");
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Containers left out as not running that are inspected to find a privileged one: a host of
 * CI jobs can keep thousands of exited containers. */
#define LEFT_OUT_INSPECT_MAX 1000

/* The containers and images in scope, as far as the checks that ran read them. */
static void fill_scope(struct report_scope *s, struct audit_ctx *ctx, bool all)
{
	const struct ctx_container_scope *sc = ctx_container_scope(ctx);
	if (sc) {
		s->containers_known = true;
		s->listed = sc->listed;
		s->judged = sc->judged;
		s->unreadable = sc->unreadable;
		s->not_running = sc->not_running;
		s->filtered = sc->filtered;
		s->self = sc->self;
		s->running = sc->by_state[CONTAINER_RUNNING];
		s->paused = sc->by_state[CONTAINER_PAUSED];
		s->restarting = sc->by_state[CONTAINER_RESTARTING];
		s->stopped = sc->judged - s->running - s->paused - s->restarting;
	}
	s->images_known = ctx_image_list_counts(ctx, &s->images_listed, &s->images_judged,
						&s->images_unreadable) == 0;
	if (!s->containers_known)
		return;
	struct buf b, left;
	buf_init(&b, 4096);
	buf_init(&left, 4096);
	buf_printf(&b,
		   "the engine listed %zu container%s, %zu judged (%zu running, %zu paused, "
		   "%zu restarting%s",
		   s->listed, s->listed == 1 ? "" : "s", s->judged, s->running, s->paused,
		   s->restarting, all ? "" : ": what docker ps lists");
	if (all)
		buf_printf(&b, ", %zu stopped", s->stopped);
	buf_puts(&b, ")");
	if (s->not_running)
		scope_part(&left, "%zu not running (created, exited or dead: -a includes them)",
			   s->not_running);
	if (s->filtered)
		scope_part(&left, "%zu by --include, --exclude-containers or --label", s->filtered);
	if (s->self)
		scope_part(&left, "%zu the container docker-audit runs in", s->self);
	if (left.len)
		buf_printf(&b, "; left out: %s", left.data);
	if (s->unreadable)
		buf_printf(&b,
			   "; %zu entr%s of the list could not be read: every check that "
			   "depends on the list says so (ERROR, or FAIL for what it did judge)",
			   s->unreadable, s->unreadable == 1 ? "y" : "ies");
	s->note = buf_steal(&b);
	buf_release(&b);
	buf_release(&left);
	/* the created privileged container that a default-scope audit does not judge: the text
	 * report names it and points at -a */
	char *const *priv;
	size_t examined;
	if (!all && s->not_running &&
	    ctx_not_running_privileged(ctx, LEFT_OUT_INSPECT_MAX, &priv, &examined) == 0) {
		s->not_running_examined = examined;
		size_t n = strv_length(priv);
		if (n && (s->privileged_left_out = calloc(n + 1, sizeof(char *))))
			for (size_t i = 0; i < n; i++)
				s->privileged_left_out[i] = xstrdup(priv[i]);
	}
}

static void fill_host(struct report *rep, struct audit_ctx *ctx, const struct options *o,
		      const struct endpoint *ep)
{
	if (ep) {
		rep->endpoint = xstrdup(ep->host);
		rep->endpoint_origin = xstrdup(ep->origin);
		rep->endpoint_context = xstrdup(ep->context);
	}
	const char *err = NULL;
	const cJSON *j;
	/* Only ask the daemon for the header when some check already did: a host-only audit
	 * must not wait on an absent daemon. */
	if (rep->daemon_needed) {
		rep->daemon_up = ctx_daemon(ctx, &err) == 0;
		if (!rep->daemon_up)
			rep->daemon_error = xstrdup(err);
	}
	if (rep->daemon_up && ctx_docker_version(ctx, &j, NULL) == 0) {
		rep->server_version = xstrdup(json_get_string(j, "Version"));
		rep->api_version = xstrdup(json_get_string(j, "ApiVersion"));
	}
	const struct engine *eng;
	if (rep->daemon_up && ctx_engine(ctx, &eng, NULL) == 0) {
		rep->engine = xstrdup(eng->name);
		rep->engine_version = xstrdup(eng->version);
		rep->engine_evidence = xstrdup(eng->evidence);
		rep->engine_platform = xstrdup(eng->platform);
		rep->api_negotiated = xstrdup(eng->api_version);
		rep->api_daemon = xstrdup(eng->daemon_api_version);
		rep->api_negotiated_down = eng->negotiated_down;
		if (eng->negotiated_down)
			error_line("the daemon speaks API %s; docker-audit spoke %s, the newest it "
				   "knows (fields added since are not read)",
				   eng->daemon_api_version, eng->api_version);
	}
	/* How the serving daemon was found, or why not: always, once (checks that depend on it
	 * say only the short reason) */
	const struct daemonconf *dconf;
	const struct dockerd_scan *scan = NULL;
	if (rep->daemon_up && ctx_dockerd(ctx, &scan) == 0) {
		dconf = ctx_daemonconf_peek(ctx);
		rep->daemon_pid = dconf		  ? daemonconf_pid(dconf)
				  : scan->serving ? scan->serving->pid
						  : 0;
		const char *why = dconf ? daemonconf_source_error(dconf, DAEMONCONF_CMDLINE) : NULL;
		if (!why)
			why = scan->error;
		const char *how = scan->serving ? scan->how : NULL;
		const char *fs = rep->daemon_pid > 0 ? dockerd_fs_note(ctx) : NULL;
		rep->daemon_hidden = dockerd_hidden_name(scan->hidden);
		rep->daemon_found = rep->daemon_pid > 0
					? xasprintf("%s%s%s", how ? how : "found in /proc",
						    fs ? "; its files " : "", fs ? fs : "")
				    : scan->hidden && scan->how
					? xstrdup(scan->how)
					: xstrdup(why ? why : "no dockerd process found in /proc");
	}
	if (rep->daemon_up && ctx_docker_info(ctx, &j, NULL) == 0 && json_get_string(j, "Name"))
		rep->hostname = xstrdup(json_get_string(j, "Name"));
	if (!rep->hostname) {
		char h[256] = "";
		gethostname(h, sizeof(h) - 1);
		rep->hostname = xstrdup(h);
	}
	rep->all_containers = o->all;
	fill_scope(&rep->scope, ctx, o->all);
}

static char **strv_copy(char *const *v)
{
	size_t n = strv_length(v);
	if (n == 0)
		return NULL;
	char **c = calloc(n + 1, sizeof(*c));
	for (size_t i = 0; c && i < n; i++)
		if (!(c[i] = xstrdup(v[i]))) {
			strv_free(c);
			return NULL;
		}
	return c;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What was asked (the selection and filters) and which listed containers were left out, by
 * name: recorded in the report so that a later run, given this one as its baseline, compares
 * like with like (DESIGN 6).
 */
static void fill_selection(struct report *rep, struct audit_ctx *ctx, const struct options *o,
			   const char *self_id)
{
	struct report_selection *s = &rep->selection;
	s->known = true;
	s->checks = strv_copy(o->sel.only);
	s->exclude = strv_copy(o->sel.exclude);
	s->level = o->sel.level;
	s->include = strv_copy(o->include);
	s->exclude_containers = strv_copy(o->exclude_containers);
	s->labels = strv_copy(o->labels);
	s->images = strv_copy(o->image_names);
	if (!ctx_container_scope(ctx))
		return; /* no check listed the containers */
	const struct container *cs;
	const struct container_entry *list;
	size_t n, nl;
	if (ctx_containers(ctx, &cs, &n, NULL) < 0 || ctx_container_list(ctx, &list, &nl, NULL) < 0)
		return;
	const char **ids = calloc(n + 1, sizeof(*ids));
	struct report_left_out *left = calloc(nl + 1, sizeof(*left));
	if (!ids || !left) {
		free(ids);
		free(left);
		return;
	}
	size_t nid = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		if (cs[i].id && cs[i].id[0])
			ids[nid++] = cs[i].id;
	if (nid > 1)
		qsort(ids, nid, sizeof(*ids), id_cmp);
	for (size_t i = 0; i < nl; i++) {
		const struct container_entry *e = &list[i];
		if (e->unreadable || !e->id ||
		    (nid && bsearch(&e->id, ids, nid, sizeof(*ids), id_cmp)))
			continue;
		bool listed_by_ps = e->state == CONTAINER_RUNNING || e->state == CONTAINER_PAUSED ||
				    e->state == CONTAINER_RESTARTING;
		left[k].reason = !o->all && !listed_by_ps		     ? "not_running"
				 : self_id && str_startswith(e->id, self_id) ? "self"
									     : "filtered";
		left[k].name = xstrdup(e->name ? e->name : e->id);
		left[k].state =
		    xstrdup(e->state_text ? e->state_text : container_state_name(e->state));
		if (left[k].name)
			k++;
		else
			free(left[k].state);
	}
	free(ids);
	rep->scope.left_out = left;
	rep->scope.n_left_out = k;
}

/*
 * --dockerfile: it must be readable (code scanning would reject results that point at nothing),
 * and SARIF results point at the final stage's FROM line: the image was built from that stage.
 */
static int dockerfile_locate(const char *path, unsigned *ret_line, unsigned *ret_columns)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned n = 0, from = 0, columns = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (++n > 100000)
			return -EFBIG;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		const char *p = line + strspn(line, " \t");
		if (strncasecmp(p, "FROM", 4) == 0 && (p[4] == ' ' || p[4] == '\t')) {
			from = n;
			columns = (unsigned)len;
		}
	}
	if (ferror(f))
		return -EIO;
	*ret_line = from ? from : 1;
	*ret_columns = from ? columns : 0;
	return 0;
}

/* Every report went to a file: one line on stderr, so that a CI log shows the outcome. */
static void summary_line(const struct report *rep, const struct options *o, int status)
{
	size_t gating = 0;
	for (size_t i = 0; i < rep->n_results; i++)
		gating += report_result_fails(rep, &rep->results[i], o->fail_on);
	/* the counts are the text summary's own words */
	_cleanup_free_ char *counts = report_summary_counts(rep);
	error_line("%s; %zu%s at or above --fail-on %s; exit status %d; wrote %zu report%s",
		   counts ? counts : "(out of memory)", gating, o->new_only ? " new" : "",
		   da_severity_name((enum da_severity)o->fail_on), status, o->n_outputs,
		   o->n_outputs == 1 ? "" : "s");
}

struct report_dest {
	report_write_fn write;
	const struct report *rep;
	const struct render_options *ro;
	long long written; /* bytes written, -1 when the stream cannot tell (a pipe) */
};

static int report_dest_write(FILE *f, void *data)
{
	struct report_dest *o = data;
	int r = o->write(f, o->rep, o->ro);
	o->written = r >= 0 ? (long long)ftello(f) : -1;
	return r;
}

/* A report that --baseline and --history could not read back: said when it is written. */
static void size_note(const char *what, const char *format, long long written)
{
	if (written < 0)
		return;
	_cleanup_free_ char *w = baseline_size_warning(what, format, (unsigned long long)written);
	if (w)
		error_line("warning: %s", w);
}

static void history_note(const char *msg)
{
	error_line("%s", msg);
}

/* --history DIR: this run's JSON report as DIR/report-<time>.json, then the old ones pruned */
static int history_keep(const struct options *o, const struct report *rep)
{
	if (mkdir(o->history, 0750) < 0 && errno != EEXIST) {
		error_line("cannot create --history directory '%s': %s", o->history,
			   strerror(errno));
		return -errno;
	}
	_cleanup_free_ char *path = history_report_path(o->history, (time_t)rep->started_epoch);
	if (!path)
		return -ENOMEM;
	struct stat st;
	if (lstat(path, &st) == 0) {
		/* two runs in one second: never replace a kept report */
		error_line("'%s' already exists: not overwritten", path);
		return -EEXIST;
	}
	/* the identity of each failure and whether the daemon was reached: what a baseline needs,
	 * a tenth of the JSON report, so a month of a large host stays small */
	const struct report_format *fmt = report_format_find("baseline");
	struct render_options ro = {0};
	_cleanup_free_ char *werr = NULL;
	struct report_dest dest = {fmt->write, rep, &ro, -1};
	int r = outfile_write(path, report_dest_write, &dest, &werr);
	if (r < 0) {
		error_line("%s", werr ? werr : "cannot write the report into --history");
		return r;
	}
	size_note(path, "baseline", dest.written);
	_cleanup_free_ char *perr = NULL;
	r = history_prune(o->history, (time_t)rep->started_epoch, o->keep_days, &perr);
	if (r < 0) {
		error_line("%s", perr ? perr : "cannot prune --history");
		return r;
	}
	return 0;
}

/* --history: the kept reports' failures by severity and this run's, for the HTML trend */
static void history_trend_with(const char *dir, struct report *rep)
{
	struct baseline_summary *pts = NULL;
	size_t n = 0;
	if (history_trend(dir, 59, &pts, &n) < 0)
		return; /* a page without its trend, never a failed run */
	struct baseline_summary *p = realloc(pts, (n + 1) * sizeof(*p));
	if (!p) {
		free(pts);
		return;
	}
	struct baseline_summary *now = &p[n];
	*now = (struct baseline_summary){.complete = !(rep->daemon_needed && !rep->daemon_up)};
	snprintf(now->started_at, sizeof(now->started_at), "%s", rep->started_at);
	unsigned by[DA_SEV_CRITICAL + 1];
	report_failures_by_severity(rep, by);
	for (int s = DA_SEV_LOW; s <= DA_SEV_CRITICAL; s++)
		now->fail[s] = by[s];
	rep->trend = p;
	rep->n_trend = n + 1;
}

static bool want_color(const struct options *o, const char *path)
{
	if (path || o->no_color)
		return false;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

/*
 * The container this process runs in (facts/self.h), proved where the engine's State.Pid of it
 * is visible in our /proc: the same mount namespace is the same container, another one is not
 * ours (then it is judged, and the report says why). Our own process, not the audited host:
 * plain /proc. False when there is no candidate or it is proved not to be ours.
 */
static bool self_container_of(struct docker_client *dc, struct self_container *sc,
			      char **ret_rejected)
{
	if (self_container_find("/proc", sc) < 0)
		return false;
	_cleanup_free_ char *path = xasprintf("/containers/%s/json", sc->id);
	cJSON *j = NULL;
	int64_t pid = 0;
	if (dc && path && docker_get_json(dc, path, &j, NULL) == 0)
		(void)json_get_int64(j, "State.Pid", &pid);
	cJSON_Delete(j);
	self_container_prove("/proc", sc, pid);
	if (sc->proof != SELF_PROOF_OTHER_MNT)
		return true;
	char why[1024];
	self_container_reason(sc, why, sizeof(why));
	*ret_rejected = xasprintf("container %.12s judged: %s", sc->id, why);
	return false;
}

/* The audit's environment (4.5 reads DOCKER_CONTENT_TRUST from it). */
static char **audit_env(void)
{
	size_t n = strv_length(environ);
	char **env = calloc(n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!(env[i] = xstrdup(environ[i]))) {
			strv_free(env);
			return NULL;
		}
	return env;
}

/* A policy option, else its documented environment variable: read here, once. */
static const char *policy(const char *option, const char *var)
{
	return option ? option : getenv(var);
}

/* The image command audits images, not this host's environment or containers. */
static int image_selection(const struct options *o, struct selection *sel)
{
	*sel = o->sel;
	sel->only = NULL;
	sel->exclude = NULL;
	size_t n;
	const struct check *const *all = benchmark_checks(o->sel.benchmark, &n);
	char **only = calloc(n + 1, sizeof(*only));
	if (!only)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct check *c = all[i];
		/* content trust (4.5) is a setting of the client, not of the image */
		if (strcmp(c->section, "4") != 0 || strcmp(c->key, "content-trust") == 0)
			continue;
		if (!selection_match(&o->sel, c))
			continue;
		only[k] = xstrdup(c->id);
		if (!only[k++]) {
			strv_free(only);
			return -ENOMEM;
		}
	}
	if (k == 0) {
		free(only);
		return -ENOENT;
	}
	sel->only = only;
	return 0;
}

/* A progress line on a terminal's stderr, once a batch has taken longer than a moment. */
struct progress {
	struct timespec start;
	bool shown;
};

static void progress_show(void *data, size_t done, size_t total)
{
	struct progress *p = data;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)((now.tv_sec - p->start.tv_sec) * 1000 +
			 (now.tv_nsec - p->start.tv_nsec) / 1000000);
	if (ms < 300 && !p->shown)
		return;
	if (done < total && p->shown && done % 64 != 0)
		return; /* keep the terminal writes few */
	fprintf(stderr, "\rdocker-audit: reading from the daemon: %zu of %zu", done, total);
	p->shown = true;
}

static void progress_clear(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

/*
 * Without root the audit still judges what it can read (the Engine API through the docker
 * group, world-readable files); what it cannot is ERROR with the reason, and one line says how
 * to get a complete report.
 */
static void least_privilege_note(const struct report *rep, const struct audit_ctx *ctx)
{
	if (geteuid() == 0)
		return;
	size_t errors = rep->summary[DA_ERROR];
	int kerr = ctx_kernel_audit_error(ctx);
	bool audit_denied = kerr == -EPERM || kerr == -EACCES;
	if (!errors && !audit_denied)
		return;
	error_line("not running as root: %zu check%s could not be judged%s; re-run with sudo for a "
		   "complete report",
		   errors, errors == 1 ? "" : "s",
		   audit_denied ? ", and the kernel's audit rules could not be read (the rules "
				  "files decided)"
				: "");
}

static int cmd_run(const struct options *o)
{
	const char *bad = NULL;
	if (selection_validate(&o->sel, &bad) < 0) {
		const struct check *c = NULL, *here = NULL;
		const struct benchmark *from = NULL;
		size_t nb;
		const struct benchmark *const *all = benchmarks_all(&nb);
		for (size_t i = 0; !c && i < nb; i++)
			if (all[i] != o->benchmark && benchmark_same_family(all[i], o->benchmark))
				c = benchmark_check(all[i], bad), from = all[i];
		if (c)
			here = benchmark_check_by_key(o->benchmark, c->key);
		if (c)
			error_line("no check or section '%s' in the %s; v%s %s (%s) is %s%s here",
				   bad, benchmark_label(o->benchmark), from->version, bad, c->key,
				   here ? "" : "not", here ? here->id : "");
		else
			error_line("no check or section '%s' in the %s; 'docker-audit list' shows "
				   "them all",
				   bad, benchmark_label(o->benchmark));
		return EXIT_USAGE;
	}

	struct hostfs *hfs = NULL;
	int r = hostfs_new(o->root, &hfs);
	if (r < 0) {
		error_line("cannot open root '%s': %s", o->root, strerror(-r));
		return EXIT_USAGE;
	}

	/* The endpoint as the docker CLI would choose it: what `docker ps` lists is audited. */
	struct endpoint_request ereq = {
	    .host = o->host,
	    .context = o->context,
	    .config_dir = o->docker_config,
	    .tls = o->tls,
	    .tls_verify = o->tls_verify,
	    .tls_ca = o->tls_ca,
	    .tls_cert = o->tls_cert,
	    .tls_key = o->tls_key,
	    .env = environ,
	};
	/* an archive is audited without any daemon: no endpoint, no client, nothing to reach */
	struct endpoint *ep = NULL;
	_cleanup_free_ char *eerr = NULL;
	r = o->image_input ? 0 : endpoint_resolve(&ereq, &ep, &eerr);
	if (r < 0) {
		error_line("%s", eerr ? eerr : strerror(-r));
		hostfs_free(hfs);
		return EXIT_USAGE;
	}
	if (ep && ep->warning)
		error_line("warning: %s", ep->warning);
	struct docker_options dopts = {
	    .host = ep ? ep->host : NULL,
	    .timeout_ms = o->timeout_ms,
	    .deadline_ms = o->deadline_ms,
	    .tls = ep ? ep->tls : false,
	    .tls_verify = ep ? ep->tls_verify : false,
	    .tls_ca = ep ? ep->tls_ca : NULL,
	    .tls_cert = ep ? ep->tls_cert : NULL,
	    .tls_key = ep ? ep->tls_key : NULL,
	};
	struct docker_client *dc = NULL;
	_cleanup_free_ char *derr = NULL;
	struct stat in_st;
	if (o->image_input && stat(o->image_input, &in_st) < 0) {
		error_line("cannot open '%s': %s", o->image_input, strerror(errno));
		endpoint_free(ep);
		hostfs_free(hfs);
		return EXIT_USAGE;
	}
	r = o->image_input ? 0 : docker_client_new(&dopts, &dc, &derr);
	if (r < 0) {
		error_line("%s (endpoint from %s)", derr ? derr : strerror(-r), ep->origin);
		endpoint_free(ep);
		hostfs_free(hfs);
		return EXIT_USAGE;
	}

	struct progress prog = {0};
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	if (dc && isatty(STDERR_FILENO) && !o->quiet)
		docker_set_progress(dc, progress_show, &prog);

	struct self_container self = {0};
	_cleanup_free_ char *self_rejected = NULL;
	bool in_container = o->command == CLI_RUN && !o->image_input &&
			    self_container_of(dc, &self, &self_rejected);
	const char *self_id = in_container ? self.id : NULL;
	_cleanup_strv_free_ char **env = audit_env();
	struct selection sel = o->sel;
	_cleanup_strv_free_ char **image_only = NULL;
	if (o->command == CLI_IMAGE) {
		r = image_selection(o, &sel);
		if (r == -ENOENT)
			error_line("no image check is selected");
		image_only = sel.only;
	}
	if (!env || (o->command == CLI_IMAGE && r < 0)) {
		if (!env || r == -ENOMEM)
			error_line("out of memory");
		docker_client_free(dc);
		endpoint_free(ep);
		hostfs_free(hfs);
		return EXIT_USAGE;
	}
	struct ctx_config cfg = {
	    .docker = dc,
	    .hostfs = hfs,
	    .all_containers = o->all,
	    .include = o->include,
	    .exclude_containers = o->exclude_containers,
	    .labels = o->labels,
	    .self_id = self_id,
	    .image_names = o->command == CLI_IMAGE ? o->image_names : NULL,
	    .image_input = o->command == CLI_IMAGE ? o->image_input : NULL,
	    .docker_error = o->image_input ? "an image archive is audited without a daemon" : NULL,
	    .kernel_audit = o->no_kernel_audit ? CTX_KERNEL_AUDIT_DENIED : CTX_KERNEL_AUDIT_NETLINK,
	    .env = env,
	    .trusted_users = policy(o->trusted_users, "DOCKER_AUDIT_TRUSTED_USERS"),
	    .trusted_images = policy(o->trusted_images, "DOCKER_AUDIT_TRUSTED_IMAGES"),
	};
	struct audit_ctx *ctx = NULL;
	struct report rep = {0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(rep.started_at, sizeof(rep.started_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rep.started_epoch = (long long)now;

	int status = EXIT_USAGE;
	rep.fail_on = o->fail_on;
	/* waivers and baseline are read before anything is audited: a bad file is a usage
	 * error, not a report that silently ignores it */
	struct waiver_set *waivers = NULL;
	struct baseline *baseline = NULL;
	if (o->dockerfile) {
		r = dockerfile_locate(o->dockerfile, &rep.dockerfile_line, &rep.dockerfile_columns);
		if (r < 0) {
			error_line("cannot read --dockerfile '%s': %s", o->dockerfile,
				   strerror(-r));
			goto out;
		}
		rep.dockerfile = o->dockerfile;
	}
	if (o->waivers) {
		_cleanup_free_ char *werr = NULL;
		r = waivers_load(o->waivers, time(NULL), &waivers, &werr);
		if (r < 0) {
			error_line("%s", werr ? werr : strerror(-r));
			goto out;
		}
	}
	if (o->history) {
		_cleanup_free_ char *herr = NULL, *hpath = NULL;
		r = history_baseline(o->history, &baseline, &hpath, history_note, &herr);
		if (r < 0) {
			error_line("%s", herr ? herr : strerror(-r));
			goto out;
		}
		if (!baseline)
			error_line("no complete earlier report in '%s': this run has no baseline",
				   o->history);
		else if (o->verbose)
			error_line("baseline: %s", hpath);
	}
	if (o->baseline) {
		_cleanup_free_ char *berr = NULL;
		r = baseline_load(o->baseline, &baseline, &berr);
		if (r < 0) {
			error_line("%s", berr ? berr : strerror(-r));
			goto out;
		}
	}
	if (ctx_new(&cfg, &ctx) < 0) {
		error_line("out of memory");
		goto out;
	}
	if (o->command == CLI_IMAGE) {
		/* a gate must not pass because the image it was given is not there */
		const struct image *imgs;
		size_t nimg;
		const char *ierr = NULL;
		if (ctx_images(ctx, &imgs, &nimg, &ierr) == 0) {
			char *const *missing = ctx_images_unmatched(ctx);
			for (char *const *m = missing; *m; m++) {
				if (o->image_input)
					error_line("no image '%s' in '%s'", *m, o->image_input);
				else
					error_line("no local image '%s'; pull or build it first",
						   *m);
			}
			if (missing[0])
				goto out;
		} else if (o->image_input) {
			/* every check says ERROR with the reason; exit status 3 */
			error_line("cannot read the image archive: %s",
				   ierr ? ierr : "unknown error");
		}
	}
	r = runner_run(ctx, &sel, &rep);
	progress_clear(&prog);
	if (r < 0) {
		error_line("out of memory");
		goto out;
	}
	fill_host(&rep, ctx, o, ep);
	fill_selection(&rep, ctx, o, self_id);
	/* left out only when the engine listed a container with that id (the scope counted it) */
	if (in_container && rep.scope.self) {
		char why[1024];
		self_container_reason(&self, why, sizeof(why));
		rep.self_container = xstrdup(self.id);
		rep.self_reason = xstrdup(why);
	}
	if (self_rejected) {
		error_line("%s", self_rejected);
		rep.self_judged = TAKE_PTR(self_rejected);
	}
	if (o->image_input) {
		const char *format = ctx_image_input_format(ctx, &rep.input_images);
		rep.input = xstrdup(o->image_input);
		rep.input_format = xstrdup(format ? format : "unreadable");
	}
	waivers_apply(waivers, &rep);
	rep.new_only = o->new_only;
	if (baseline && baseline_apply(baseline, &rep) < 0) {
		error_line("out of memory");
		goto out;
	}
	if (rep.baseline_warning)
		error_line("%s", rep.baseline_warning);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep.duration_ms =
	    (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);

	if (o->verbose && dc)
		fprintf(stderr, "docker-audit: %lu requests to the daemon, %ld ms\n",
			docker_requests_sent(dc), rep.duration_ms);
	rep.deadline_ms = o->deadline_ms;
	rep.deadline_passed = docker_deadline_passed(dc);
	if (rep.deadline_passed)
		error_line("the audit's deadline (--deadline %ld s) passed: what was left is ERROR",
			   (o->deadline_ms + 999) / 1000);
	if (rep.daemon_needed && !rep.daemon_up)
		error_line("%s", rep.daemon_error ? rep.daemon_error
						  : "the Docker daemon could not be reached");

	least_privilege_note(&rep, ctx);

	status = runner_exit_status(&rep, o->fail_on);
	if (o->history)
		history_trend_with(o->history, &rep);
	for (size_t i = 0; i < o->n_outputs; i++) {
		const struct report_format *fmt = report_format_find(o->outputs[i].format);
		struct render_options ro = {
		    .color = want_color(o, o->outputs[i].path),
		    .verbose = o->verbose,
		    .remediation = o->remediation,
		    .quiet = o->quiet,
		    /* -n 0 is "all" */
		    .limit = o->limit < 0    ? 0
			     : o->limit == 0 ? -1
					     : o->limit,
		    .severities = o->severities,
		    .detail_ids = o->sel.only,
		};
		_cleanup_free_ char *werr = NULL;
		struct report_dest dest = {fmt->write, &rep, &ro, -1};
		if (o->outputs[i].path)
			r = outfile_write(o->outputs[i].path, report_dest_write, &dest, &werr);
		else
			r = report_dest_write(stdout, &dest);
		if (r < 0) {
			error_line("%s",
				   werr ? werr : "cannot write the report to standard output");
			status = EXIT_USAGE;
		} else {
			size_note(o->outputs[i].path ? o->outputs[i].path : "on standard output",
				  fmt->name, dest.written);
		}
	}
	if (o->history && history_keep(o, &rep) < 0)
		status = EXIT_USAGE;
	/* A full disk or closed pipe is an error, not a silently short report. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error_line("cannot write to standard output: %s", strerror(errno));
		status = EXIT_USAGE;
	}
	bool all_to_files = true;
	for (size_t i = 0; i < o->n_outputs; i++)
		all_to_files &= o->outputs[i].path != NULL;
	if (all_to_files)
		summary_line(&rep, o, status);
out:
	baseline_release_changes(&rep);
	report_release(&rep);
	waivers_free(waivers);
	baseline_free(baseline);
	ctx_free(ctx);
	docker_client_free(dc);
	endpoint_free(ep);
	hostfs_free(hfs);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	_cleanup_free_ char *err = NULL;
	int r = cli_parse(argc, argv, environ, &o, &err);
	if (r < 0) {
		/* one line; a suggestion says enough, anything else points at the help */
		if (err && strstr(err, "did you mean"))
			error_line("%s", err);
		else
			error_line("%s (see 'docker-audit --help')", err ? err : strerror(-r));
		options_release(&o);
		return EXIT_USAGE;
	}
	int status = 0;
	/* cJSON's small objects from a pool (jsonpool.h) only when asked (DA_FORCE_JSON_POOL):
	 * inspections are parsed into the typed model as they arrive, so JSON trees are short
	 * lived, and a pool that never returns its pages would keep the largest of them (the
	 * container list, a report result) as resident memory for the rest of the run. */
	bool pool = getenv("DA_FORCE_JSON_POOL") && !DA_UNDER_MEMCHECK;
	if (pool)
		jsonpool_install();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	switch (o.command) {
	case CLI_HELP:
		cli_usage(stdout);
		break;
	case CLI_VERSION:
		cmd_version(o.benchmark);
		break;
	case CLI_PLUGIN_METADATA:
		cmd_plugin_metadata();
		break;
	case CLI_EXPLAIN:
		status = cmd_explain(o.benchmark, o.explain_id, o.list_format);
		break;
	case CLI_LIST: {
		const char *bad = NULL;
		if (selection_validate(&o.sel, &bad) < 0) {
			error_line("no check or section '%s'; 'docker-audit list' shows them all",
				   bad);
			status = EXIT_USAGE;
		} else if (strcmp(o.list_format, "json") == 0) {
			status = list_json(stdout, o.benchmark, &o.sel) < 0 ? EXIT_USAGE : 0;
		} else if (strcmp(o.list_format, "markdown") == 0) {
			list_markdown(stdout, o.benchmark, &o.sel);
		} else {
			list_text(stdout, o.benchmark, &o.sel);
		}
		break;
	}
	case CLI_RUN:
	case CLI_IMAGE:
		status = cmd_run(&o);
		break;
	}
	if (o.command != CLI_RUN && o.command != CLI_IMAGE &&
	    (fflush(stdout) != 0 || ferror(stdout))) {
		error_line("cannot write to standard output: %s", strerror(errno));
		status = EXIT_USAGE;
	}
	options_release(&o);
	curl_global_cleanup();
	if (pool)
		jsonpool_release();
	return status;
}
