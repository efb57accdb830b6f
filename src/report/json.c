/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include <cjson/cJSON.h>
#include "report.h"
#include "version.h"
#include "waivers.h"

/* The JSON report of DESIGN.md section 4. Keys are added in the documented order. */

static void cjson_deletep(cJSON **p)
{
	cJSON_Delete(*p);
}
#define _cleanup_cjson_ _cleanup_(cjson_deletep)

/* A string, or null when s is NULL; made valid UTF-8 first, since cJSON copies bytes as is. */
static int add_str(cJSON *obj, const char *key, const char *s)
{
	if (!s)
		return cJSON_AddNullToObject(obj, key) ? 0 : -ENOMEM;
	_cleanup_free_ char *clean = utf8_sanitize(s);
	if (!clean || !cJSON_AddStringToObject(obj, key, clean))
		return -ENOMEM;
	return 0;
}

/* Optional keys of a finding are left out when NULL. */
static int add_str_opt(cJSON *obj, const char *key, const char *s)
{
	return s ? add_str(obj, key, s) : 0;
}

static int add_num(cJSON *obj, const char *key, double v)
{
	return cJSON_AddNumberToObject(obj, key, v) ? 0 : -ENOMEM;
}

static int add_bool(cJSON *obj, const char *key, bool v)
{
	return cJSON_AddBoolToObject(obj, key, v) ? 0 : -ENOMEM;
}

static cJSON *add_obj(cJSON *obj, const char *key)
{
	return cJSON_AddObjectToObject(obj, key);
}

/* Stop at the first failure: every helper returns 0 or -ENOMEM. */
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		int _r_ = (expr);                                                                  \
		if (_r_ < 0)                                                                       \
			return _r_;                                                                \
	} while (0)

/* What a waiver says about itself; with full, also what it is about (the top-level lists). */
static int add_waiver_fields(cJSON *o, const struct waiver *w, bool full)
{
	if (full) {
		TRY(add_str(o, "check", w->check));
		TRY(add_str(o, "object", w->object));
	}
	if (w->benchmark)
		TRY(add_str(o, "benchmark", w->benchmark));
	if (w->mapped)
		TRY(add_str(o, "applies_to", w->applies_to));
	if (w->key)
		TRY(add_str(o, "key", w->key));
	if (w->note)
		TRY(add_str(o, "note", w->note));
	TRY(add_str(o, "reason", w->reason));
	TRY(add_str(o, "owner", w->owner));
	TRY(add_str(o, "expires", w->expires));
	if (!full)
		TRY(add_str(o, "object", w->object));
	return 0;
}

static int add_waiver(cJSON *obj, const struct waiver *w)
{
	if (!w)
		return 0;
	cJSON *o = add_obj(obj, "waiver");
	if (!o)
		return -ENOMEM;
	return add_waiver_fields(o, w, false);
}

static int add_finding(cJSON *arr, const struct finding *f)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	TRY(add_str(o, "kind", f->kind));
	TRY(add_str_opt(o, "id", f->id));
	TRY(add_str(o, "name", f->name));
	TRY(add_str(o, "detail", f->detail));
	TRY(add_str_opt(o, "source", f->source));
	TRY(add_str_opt(o, "value", f->value));
	if (f->error)
		TRY(add_bool(o, "error", true));
	if (f->waived) {
		TRY(add_bool(o, "waived", true));
		TRY(add_waiver(o, f->waiver));
	}
	return 0;
}

/* With findings false, the result's "findings" is left empty: report_write_json streams them. */
static int add_result(cJSON *arr, const struct report *r, const struct result *res,
		      bool findings_too)
{
	static const struct check unknown = {.id = "", .title = "", .section = ""};
	const struct check *c = res->check ? res->check : &unknown;
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	TRY(add_str(o, "id", c->id));
	TRY(add_str(o, "key", c->key));
	TRY(add_str(o, "title", c->title));
	TRY(add_str(o, "section", c->section));
	TRY(add_num(o, "level", c->level));
	TRY(add_bool(o, "automated", c->automated));
	TRY(add_str(o, "severity", da_severity_name(c->severity)));

	cJSON *stride = cJSON_AddArrayToObject(o, "stride");
	if (!stride)
		return -ENOMEM;
	/* STRIDE order: spoofing, tampering, repudiation, information disclosure, DoS, EoP */
	for (unsigned bit = 1; bit & _DA_STRIDE_ALL; bit <<= 1) {
		if (!(c->stride & bit) || !da_stride_name(bit))
			continue;
		cJSON *s = cJSON_CreateString(da_stride_name(bit));
		if (!s || !cJSON_AddItemToArray(stride, s)) {
			cJSON_Delete(s);
			return -ENOMEM;
		}
	}

	TRY(add_str(o, "status", da_status_name(res->status)));
	TRY(add_str(o, "detail", res->detail));
	TRY(add_str(o, "remediation", c->remediation));
	cJSON *findings = cJSON_AddArrayToObject(o, "findings");
	if (!findings)
		return -ENOMEM;
	for (size_t i = 0; findings_too && i < res->n_findings; i++)
		TRY(add_finding(findings, &res->findings[i]));
	TRY(add_bool(o, "waived", res->waived));
	if (res->waived)
		TRY(add_waiver(o, report_result_waiver(res)));
	if (r->has_baseline)
		TRY(add_bool(o, "new", res->is_new));
	return 0;
}

/* --waivers: those that expired (and what they would still cover) and those that matched
 * nothing, so that a stale waiver file gets noticed. */
static int add_waivers(cJSON *root, const struct waiver_set *ws)
{
	cJSON *o = add_obj(root, "waivers");
	if (!o)
		return -ENOMEM;
	TRY(add_str(o, "file", ws->file));
	if (ws->benchmark)
		TRY(add_str(o, "benchmark", ws->benchmark));
	cJSON *expired = cJSON_AddArrayToObject(o, "expired");
	cJSON *unused = cJSON_AddArrayToObject(o, "unused");
	/* written under another edition's ids and applied through the key */
	cJSON *mapped = cJSON_AddArrayToObject(o, "mapped");
	/* naming no recommendation of the audited edition */
	cJSON *absent = cJSON_AddArrayToObject(o, "not_in_edition");
	if (!expired || !unused || !mapped || !absent)
		return -ENOMEM;
	for (size_t i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->items[i];
		if (w->mapped) {
			cJSON *e = cJSON_CreateObject();
			if (!e || !cJSON_AddItemToArray(mapped, e)) {
				cJSON_Delete(e);
				return -ENOMEM;
			}
			TRY(add_waiver_fields(e, w, true));
		}
		if (w->absent) {
			cJSON *e = cJSON_CreateObject();
			if (!e || !cJSON_AddItemToArray(absent, e)) {
				cJSON_Delete(e);
				return -ENOMEM;
			}
			TRY(add_waiver_fields(e, w, true));
			continue;
		}
		bool is_unused = report_waiver_unused(w);
		if (!w->expired && !is_unused)
			continue;
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(w->expired ? expired : unused, e)) {
			cJSON_Delete(e);
			return -ENOMEM;
		}
		TRY(add_waiver_fields(e, w, true));
		if (w->expired)
			TRY(add_num(e, "would_cover", w->matched_expired));
	}
	return 0;
}

static int add_changes(cJSON *arr, const struct report_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			return -ENOMEM;
		}
		TRY(add_str(o, "id", c[i].id));
		/* a check without findings is identified by its id alone */
		if (c[i].kind) {
			TRY(add_str(o, "kind", c[i].kind));
			TRY(add_str(o, "name", c[i].name));
		}
		if (c[i].check) {
			TRY(add_str(o, "title", c[i].check->title));
			TRY(add_str(o, "severity", da_severity_name(c[i].check->severity)));
		}
		if (c[i].why)
			TRY(add_str(o, "why", c[i].why));
	}
	return 0;
}

static int add_baseline(cJSON *root, const struct report *r)
{
	cJSON *o = add_obj(root, "baseline");
	if (!o)
		return -ENOMEM;
	TRY(add_str(o, "started_at", r->baseline_started_at));
	if (r->baseline_benchmark) {
		TRY(add_str(o, "benchmark", r->baseline_benchmark->version));
		/* its ids were matched to this report's through the stable keys */
		TRY(add_bool(o, "mapped", r->baseline_benchmark != report_benchmark(r)));
	}
	if (r->n_not_compared) {
		/* the editions judge these checks differently: neither new nor resolved */
		cJSON *nc = cJSON_AddArrayToObject(o, "not_compared");
		if (!nc)
			return -ENOMEM;
		for (size_t i = 0; i < r->n_not_compared; i++)
			TRY(report_json_append_str(nc, r->not_compared[i]));
	}
	/* another scope: compared on the overlap, and this says what differed */
	if (r->baseline_warning)
		TRY(add_str(o, "warning", r->baseline_warning));
	cJSON *changes = add_obj(root, "changes");
	if (!changes)
		return -ENOMEM;
	cJSON *n = cJSON_AddArrayToObject(changes, "new");
	cJSON *res = cJSON_AddArrayToObject(changes, "resolved");
	/* failing in one run, but not judged (or not in scope) in the other: neither */
	cJSON *unk = cJSON_AddArrayToObject(changes, "unknown");
	if (!n || !res || !unk)
		return -ENOMEM;
	TRY(add_changes(n, r->new_items, r->n_new));
	TRY(add_changes(res, r->resolved_items, r->n_resolved));
	return add_changes(unk, r->unknown_items, r->n_unknown);
}

static int add_strv(cJSON *obj, const char *key, char *const *v)
{
	cJSON *a = cJSON_AddArrayToObject(obj, key);
	if (!a)
		return -ENOMEM;
	for (char *const *p = v; p && *p; p++)
		TRY(report_json_append_str(a, *p));
	return 0;
}

/*
 * What was asked, so that a later run given this report as its baseline compares like with
 * like (DESIGN 6): "selection" (edition, checks, exclude, level, filters, endpoint) and the
 * names of the listed containers left out. --format baseline records the same.
 */
int report_json_add_selection(cJSON *scope, const struct report *r)
{
	const struct report_selection *s = &r->selection;
	if (!s->known)
		return 0;
	cJSON *o = add_obj(scope, "selection");
	if (!o)
		return -ENOMEM;
	TRY(add_str(o, "benchmark", report_benchmark(r)->version));
	/* null: every check of the edition */
	if (s->checks)
		TRY(add_strv(o, "checks", s->checks));
	else
		TRY(add_str(o, "checks", NULL));
	TRY(add_strv(o, "exclude", s->exclude));
	TRY(add_num(o, "level", s->level));
	TRY(add_bool(o, "all_containers", r->all_containers));
	TRY(add_strv(o, "include", s->include));
	TRY(add_strv(o, "exclude_containers", s->exclude_containers));
	TRY(add_strv(o, "labels", s->labels));
	if (s->images)
		TRY(add_strv(o, "images", s->images));
	TRY(add_str(o, "endpoint", r->endpoint));
	return 0;
}

/* The listed containers that were not judged: name, state, why (not_running, filtered, self) */
int report_json_add_left_out(cJSON *containers, const struct report *r)
{
	cJSON *a = cJSON_AddArrayToObject(containers, "left_out_names");
	if (!a)
		return -ENOMEM;
	for (size_t i = 0; i < r->scope.n_left_out; i++) {
		const struct report_left_out *l = &r->scope.left_out[i];
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(a, e)) {
			cJSON_Delete(e);
			return -ENOMEM;
		}
		TRY(add_str(e, "name", l->name));
		TRY(add_str(e, "state", l->state));
		TRY(add_str(e, "reason", l->reason));
	}
	return 0;
}

/* "scope": what was judged of what the engine listed; null parts were not read by any check. */
static int add_scope(cJSON *root, const struct report *r)
{
	const struct report_scope *s = &r->scope;
	cJSON *o = add_obj(root, "scope");
	if (!o)
		return -ENOMEM;
	TRY(add_bool(o, "all_containers", r->all_containers));
	TRY(report_json_add_selection(o, r));
	if (!s->containers_known) {
		TRY(add_str(o, "containers", NULL));
	} else {
		cJSON *c = add_obj(o, "containers");
		if (!c)
			return -ENOMEM;
		TRY(add_num(c, "listed", (double)s->listed));
		TRY(add_num(c, "judged", (double)s->judged));
		TRY(add_num(c, "unreadable", (double)s->unreadable));
		cJSON *st = add_obj(c, "judged_by_state");
		if (!st)
			return -ENOMEM;
		TRY(add_num(st, "running", (double)s->running));
		TRY(add_num(st, "paused", (double)s->paused));
		TRY(add_num(st, "restarting", (double)s->restarting));
		TRY(add_num(st, "stopped", (double)s->stopped));
		cJSON *left = add_obj(c, "left_out");
		if (!left)
			return -ENOMEM;
		TRY(add_num(left, "not_running", (double)s->not_running));
		TRY(add_num(left, "filtered", (double)s->filtered));
		TRY(add_num(left, "self", (double)s->self));
		TRY(add_str(c, "explanation", s->note));
		TRY(report_json_add_left_out(c, r));
	}
	if (!s->images_known)
		return add_str(o, "images", NULL);
	cJSON *im = add_obj(o, "images");
	if (!im)
		return -ENOMEM;
	TRY(add_num(im, "listed", (double)s->images_listed));
	TRY(add_num(im, "judged", (double)s->images_judged));
	return add_num(im, "unreadable", (double)s->images_unreadable);
}

static int build(cJSON *root, const struct report *r)
{
	cJSON *o;

	TRY(add_num(root, "schema_version", 1));

	if (!(o = add_obj(root, "tool")))
		return -ENOMEM;
	TRY(add_str(o, "name", "docker-audit"));
	TRY(add_str(o, "version", DA_VERSION));

	if (!(o = add_obj(root, "benchmark")))
		return -ENOMEM;
	TRY(add_str(o, "name", report_benchmark(r)->name));
	TRY(add_str(o, "version", report_benchmark(r)->version));

	cJSON *host = add_obj(root, "host");
	if (!host)
		return -ENOMEM;
	TRY(add_str(host, "hostname", r->hostname));
	if (!(o = add_obj(host, "docker")))
		return -ENOMEM;
	/* What the daemon said about itself; unknown when it did not answer. */
	TRY(add_str(o, "server_version", r->daemon_up ? r->server_version : NULL));
	TRY(add_str(o, "api_version", r->daemon_up ? r->api_version : NULL));
	if (!(o = add_obj(host, "daemon")))
		return -ENOMEM;
	/* null: no selected check needed the daemon, so it was not asked */
	if (!r->daemon_needed && !r->daemon_up)
		TRY(add_str(o, "reachable", NULL));
	else
		TRY(add_bool(o, "reachable", r->daemon_up));
	TRY(add_str(o, "error", r->daemon_up ? NULL : r->daemon_error));
	/* the serving daemon's process, and how it was found (or why not) */
	if (r->daemon_pid > 0)
		TRY(add_num(o, "pid", (double)r->daemon_pid));
	TRY(add_str_opt(o, "found", r->daemon_found));
	/* what was audited: the endpoint as the docker CLI chose it, and the engine behind it */
	if (r->endpoint) {
		if (!(o = add_obj(host, "endpoint")))
			return -ENOMEM;
		TRY(add_str(o, "host", r->endpoint));
		TRY(add_str(o, "context", r->endpoint_context));
		TRY(add_str(o, "origin", r->endpoint_origin));
	}
	if (r->engine) {
		if (!(o = add_obj(host, "engine")))
			return -ENOMEM;
		TRY(add_str(o, "name", r->engine));
		TRY(add_str(o, "version", r->engine_version));
		TRY(add_str(o, "api_version", r->api_negotiated));
		TRY(add_str(o, "daemon_api_version", r->api_daemon));
		TRY(add_bool(o, "negotiated_down", r->api_negotiated_down));
		TRY(add_str(o, "identified_by", r->engine_evidence));
	}
	TRY(add_scope(root, r));

	/* --deadline: when it passed, what was left is ERROR */
	if (!(o = add_obj(root, "deadline")))
		return -ENOMEM;
	TRY(add_num(o, "seconds", (double)r->deadline_ms / 1000.0));
	TRY(add_bool(o, "passed", r->deadline_passed));

	if (r->self_container) {
		/* what was left out of the scope, and why: never dropped silently */
		if (!(o = add_obj(root, "left_out")))
			return -ENOMEM;
		if (!(o = add_obj(o, "container")))
			return -ENOMEM;
		TRY(add_str(o, "id", r->self_container));
		TRY(add_str(o, "reason", r->self_reason));
	}
	if (r->self_judged) {
		/* it looked like ours, the namespaces say it is not: judged, and why */
		if (!(o = add_obj(root, "self_container_judged")))
			return -ENOMEM;
		TRY(add_str(o, "reason", r->self_judged));
	}
	if (r->input) {
		if (!(o = add_obj(root, "input")))
			return -ENOMEM;
		TRY(add_str(o, "path", r->input));
		TRY(add_str(o, "format", r->input_format));
		TRY(add_num(o, "images", (double)r->input_images));
	}
	TRY(add_str(root, "started_at", r->started_at[0] ? r->started_at : NULL));
	TRY(add_num(root, "duration_ms", (double)r->duration_ms));

	if (!(o = add_obj(root, "summary")))
		return -ENOMEM;
	TRY(add_num(o, "pass", r->summary[DA_PASS]));
	TRY(add_num(o, "fail", r->summary[DA_FAIL]));
	TRY(add_num(o, "info", r->summary[DA_INFO]));
	TRY(add_num(o, "manual", r->summary[DA_MANUAL]));
	TRY(add_num(o, "skip", r->summary[DA_SKIP]));
	TRY(add_num(o, "error", r->summary[DA_ERROR]));
	TRY(add_num(o, "waived", r->waived));

	if (r->waivers)
		TRY(add_waivers(root, r->waivers));
	if (r->has_baseline)
		TRY(add_baseline(root, r));

	return 0;
}

/* Write text, remembering the first error. */
static int put(FILE *f, const char *text, int ret)
{
	if (ret == 0 && fputs(text, f) == EOF)
		return errno > 0 ? -errno : -EIO;
	return ret;
}

/*
 * A result printed without its findings, and then each finding printed on its own, where
 * cJSON would have printed the array: a result of 10,000 findings is never a tree (nor its
 * text) at once. The output is byte for byte what cJSON_Print gives for the whole result: a
 * finding's members are two levels deeper (raw newlines are only layout: cJSON escapes those
 * in strings).
 */
static int put_result(FILE *f, const char *text, const struct result *res, int ret)
{
	static const char empty[] = "\n\t\"findings\":\t[]";
	const char *at = res->n_findings ? strstr(text, empty) : NULL;
	if (!at)
		return put(f, text, ret);
	const char *open = at + strlen(empty) - 1; /* the "]" */
	if (ret == 0 && fwrite(text, 1, (size_t)(open - text), f) != (size_t)(open - text))
		ret = errno > 0 ? -errno : -EIO;
	for (size_t i = 0; i < res->n_findings && ret == 0; i++) {
		_cleanup_cjson_ cJSON *arr = cJSON_CreateArray();
		if (!arr || add_finding(arr, &res->findings[i]) < 0)
			return -ENOMEM;
		char *one = cJSON_Print(cJSON_GetArrayItem(arr, 0));
		if (!one)
			return -ENOMEM;
		ret = put(f, i ? ", " : "", ret);
		for (const char *p = one; *p && ret == 0; p++)
			if (fputc(*p, f) == EOF || (*p == '\n' && fputs("\t\t", f) == EOF))
				ret = errno > 0 ? -errno : -EIO;
		cJSON_free(one);
	}
	return put(f, open, ret);
}

/*
 * The report object is written member by member and "results" (last, and the only member
 * that grows with the host) one result at a time: a tree for a 10,000-container report, and
 * its printed copy, are never held at once.
 */
int report_write_json(FILE *f, const struct report *r, const struct render_options *o)
{
	_cleanup_cjson_ cJSON *root = cJSON_CreateObject();
	if (!root)
		return -ENOMEM;
	int ret = build(root, r);
	if (ret < 0)
		return ret;
	char *head = cJSON_Print(root);
	if (!head)
		return -ENOMEM;
	/* "{\n...\n}": drop the closing brace to continue the object */
	size_t len = strlen(head);
	if (len && head[len - 1] == '}')
		head[--len] = '\0';
	if (len && head[len - 1] == '\n')
		head[--len] = '\0';
	errno = 0;
	ret = put(f, head, 0);
	cJSON_free(head);
	ret = put(f, ",\n\t\"results\":\t[", ret);
	for (size_t i = 0; i < r->n_results && ret == 0; i++) {
		_cleanup_cjson_ cJSON *one = cJSON_CreateArray();
		if (!one)
			return -ENOMEM;
		int a = add_result(one, r, &r->results[i], false);
		if (a < 0)
			return a;
		char *text = cJSON_Print(cJSON_GetArrayItem(one, 0));
		if (!text)
			return -ENOMEM;
		ret = put(f, i ? ", " : "", ret);
		ret = put_result(f, text, &r->results[i], ret);
		cJSON_free(text);
	}
	ret = put(f, "]\n}\n", ret);
	if (ret == 0 && (fflush(f) == EOF || ferror(f)))
		ret = errno > 0 ? -errno : -EIO;
	return ret;
}
