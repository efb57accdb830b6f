/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include <time.h>
#include <cjson/cJSON.h>
#include "report.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"

/*
 * SARIF 2.1.0 (OASIS), for code-scanning dashboards and SARIF viewers. Valid against the OASIS
 * schema (tests/formats/validate_sarif.py checks it). The mapping:
 * - runs[0].tool.driver.rules: the checks this run judged, in the report's order, generated
 *   from the table: id, a CamelCase name from the title,
 *   shortDescription = title, fullDescription = rationale, help = remediation,
 *   defaultConfiguration.level from the severity, properties {level, section, severity,
 *   stride, automated, security-severity, tags}.
 * - results: one per failing object of a FAIL check, one per FAIL check without failing
 *   objects; level from the severity as dockle maps its levels (critical/high -> error, medium
 *   -> warning, low -> note); the object in the message and as a logical location
 *   ("container/web-1"). Every result has the one physical location GitHub code scanning
 *   requires (artifactLocation.uri and a full region): the Dockerfile given with --dockerfile
 *   (relative to the directory docker-audit ran in, as code scanning resolves it against the
 *   repository root; the final stage's FROM line), else a stable relative URI of the object
 *   that is no file of any repository: docker-audit/image/NAME for an image,
 *   docker-audit/host/HOSTNAME/KIND/NAME for anything on a host, docker-audit/host/HOSTNAME for a
 *   check without objects (an absolute URI of another scheme than file would make an upload
 *   with a checkout path fail). At most 25,000 results (code scanning's limit per run): what
 *   is left out is said in a notification. Waived failures
 *   keep their result with an external, accepted suppression carrying the waiver's reason.
 *   partialFingerprints hold a stable hash of (check id, kind, name), the identity the
 *   --baseline comparison uses, also as the primaryLocationLineHash that code scanning reads
 *   (so it does not hash lines of a file that is not there); with a baseline, baselineState
 *   says new or unchanged.
 * - ERROR checks, objects that could not be judged and an unreachable daemon are
 *   toolExecutionNotifications of invocations[0], whose executionSuccessful is false when the
 *   audit is incomplete (an ERROR, or the daemon needed and not reached).
 * PASS, INFO, MANUAL and SKIP produce no result: SARIF results are problems.
 */

#define SARIF_SCHEMA                                                                               \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"                      \
	"sarif-schema-2.1.0.json"

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

static cJSON *new_item(cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int add_text(cJSON *obj, const char *key, const char *text)
{
	cJSON *m = cJSON_AddObjectToObject(obj, key);
	if (!m)
		return -ENOMEM;
	return report_json_add_str(m, "text", text ? text : "");
}

static int add_num(cJSON *obj, const char *key, double v)
{
	return cJSON_AddNumberToObject(obj, key, v) ? 0 : -ENOMEM;
}

static int add_bool(cJSON *obj, const char *key, bool v)
{
	return cJSON_AddBoolToObject(obj, key, v) ? 0 : -ENOMEM;
}

static const char *sarif_level(enum da_severity s)
{
	switch (s) {
	case DA_SEV_CRITICAL:
	case DA_SEV_HIGH:
		return "error";
	case DA_SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* GitHub code scanning reads this property (CVSS-like: >= 9 critical, >= 7 high, >= 4 medium). */
static const char *security_severity(enum da_severity s)
{
	switch (s) {
	case DA_SEV_CRITICAL:
		return "9.5";
	case DA_SEV_HIGH:
		return "8.0";
	case DA_SEV_MEDIUM:
		return "5.5";
	default:
		return "3.0";
	}
}

/* "EnsureThatTheHostsProcessNamespaceIsNotShared": SARIF wants an identifier-like name. */
static char *rule_name(const char *title)
{
	size_t len = strlen(title);
	char *s = malloc(len + 1);
	size_t n = 0;
	bool up = true;
	if (!s)
		return NULL;
	for (const char *p = title; *p; p++) {
		char c = *p;
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (alpha || (c >= '0' && c <= '9')) {
			s[n++] = (char)(up && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
			up = false;
		} else if (c != '\'') { /* "host's" stays one word */
			up = true;
		}
	}
	s[n] = '\0';
	return s;
}

/* The rules: the checks of the results, once each, in the report's order. */
struct rules {
	const struct check **v;
	size_t n;
};

static void rules_release(struct rules *rs)
{
	free(rs->v);
}

static bool rules_find(const struct rules *rs, const char *id, size_t *ret)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i]->id && id && strcmp(rs->v[i]->id, id) == 0) {
			*ret = i;
			return true;
		}
	return false;
}

static int rules_build(const struct report *r, struct rules *rs)
{
	rs->v = calloc(r->n_results + 1, sizeof(*rs->v));
	if (!rs->v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct check *c = r->results[i].check;
		size_t k;
		if (c && c->id && !rules_find(rs, c->id, &k))
			rs->v[rs->n++] = c;
	}
	return 0;
}

static int add_rule(cJSON *rules, const struct report *r, const struct check *c)
{
	cJSON *o = new_item(rules);
	if (!o)
		return -ENOMEM;
	const char *title = c->title ? c->title : c->id;
	_cleanup_free_ char *name = rule_name(title);
	if (!name)
		return -ENOMEM;
	TRY(report_json_add_str(o, "id", c->id));
	if (name[0])
		TRY(report_json_add_str(o, "name", name));
	TRY(add_text(o, "shortDescription", title));
	TRY(add_text(o, "fullDescription", c->rationale && c->rationale[0] ? c->rationale : title));
	/* code scanning requires help.text */
	TRY(add_text(o, "help", c->remediation && c->remediation[0] ? c->remediation : title));
	cJSON *conf = cJSON_AddObjectToObject(o, "defaultConfiguration");
	if (!conf)
		return -ENOMEM;
	TRY(report_json_add_str(conf, "level", sarif_level(c->severity)));

	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON *tags = props ? cJSON_AddArrayToObject(props, "tags") : NULL;
	if (!tags)
		return -ENOMEM;
	TRY(add_num(props, "level", c->level));
	TRY(report_json_add_str(props, "section", c->section));
	TRY(report_json_add_str(props, "key", c->key));
	TRY(report_json_add_str(props, "severity", da_severity_name(c->severity)));
	TRY(report_json_add_str(props, "security-severity", security_severity(c->severity)));
	TRY(add_bool(props, "automated", c->automated));
	cJSON *stride = cJSON_AddArrayToObject(props, "stride");
	if (!stride)
		return -ENOMEM;
	TRY(report_json_append_str(tags, "security"));
	_cleanup_free_ char *btag = benchmark_tag(report_benchmark(r));
	if (!btag)
		return -ENOMEM;
	TRY(report_json_append_str(tags, btag));
	_cleanup_free_ char *sec = xasprintf("cis-section-%s", c->section ? c->section : "");
	_cleanup_free_ char *lvl = xasprintf("cis-level-%d", c->level);
	if (!sec || !lvl)
		return -ENOMEM;
	TRY(report_json_append_str(tags, sec));
	TRY(report_json_append_str(tags, lvl));
	for (unsigned bit = 1; bit & _DA_STRIDE_ALL; bit <<= 1) {
		if (!(c->stride & bit) || !da_stride_name(bit))
			continue;
		TRY(report_json_append_str(stride, da_stride_name(bit)));
		TRY(report_json_append_str(tags, da_stride_name(bit)));
	}
	return 0;
}

/* FNV-1a, 64 bits: stable across runs, hosts and builds; fields separated by a byte that
 * cannot occur in them. */
static void fingerprint(const char *id, const struct finding *f, char ret[static 17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[3] = {id, f ? f->kind : NULL, f ? f->name : NULL};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (i > 0) {
			h ^= 0x1f;
			h *= 0x100000001b3ULL;
		}
		for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : ""); *p;
		     p++) {
			h ^= *p;
			h *= 0x100000001b3ULL;
		}
	}
	snprintf(ret, 17, "%016llx", (unsigned long long)h);
}

/*
 * prefix + path percent-encoded (RFC 3986: unreserved characters stay, and "/" unless slash is
 * false). A "." that starts a segment is encoded too, so that no name can make a "." or ".."
 * segment and point elsewhere. Malloc'ed; NULL on ENOMEM.
 */
static char *uri_join(const char *prefix, const char *path, bool slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t plen = strlen(prefix), len = strlen(path);
	if (len > (SIZE_MAX - plen - 1) / 3)
		return NULL;
	char *s = malloc(plen + len * 3 + 1);
	if (!s)
		return NULL;
	memcpy(s, prefix, plen);
	size_t n = plen;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		bool seg_start = n == 0 || s[n - 1] == '/';
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '~' || (c == '.' && !seg_start) ||
		    (c == '/' && slash)) {
			s[n++] = (char)c;
		} else {
			s[n++] = '%';
			s[n++] = hex[c >> 4];
			s[n++] = hex[c & 0xf];
		}
	}
	s[n] = '\0';
	return s;
}

#define SARIF_MAX_RESULTS 25000 /* GitHub code scanning rejects a run with more */
#define DOCKERFILE_BASE "%SRCROOT%"
#define OBJECT_BASE "DOCKERAUDIT"

/* The URI of the Dockerfile as code scanning resolves it: a path relative to the directory we
 * ran in (the repository root in CI), or file:// for an absolute path. */
static char *dockerfile_uri(const char *path, const char **ret_base)
{
	if (path[0] == '/') {
		*ret_base = NULL;
		return uri_join("file://", path, true);
	}
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	*ret_base = DOCKERFILE_BASE;
	return uri_join("", path, true);
}

/* docker-audit/image/NAME, docker-audit/host/HOST/KIND/NAME or docker-audit/host/HOST: stable
 * across runs, and never a file of the repository the SARIF is uploaded for. */
static char *object_uri(const struct report *r, const struct finding *f)
{
	const char *name = f ? (f->name ? f->name : f->id) : NULL;
	if (name && f->kind && strcmp(f->kind, "image") == 0)
		return uri_join("docker-audit/image/", name, true);
	_cleanup_free_ char *host = uri_join(
	    "docker-audit/host/", r->hostname && r->hostname[0] ? r->hostname : "unknown", false);
	if (!host || !name)
		return TAKE_PTR(host);
	_cleanup_free_ char *kind = uri_join("", f->kind && f->kind[0] ? f->kind : "object", false);
	_cleanup_free_ char *prefix = kind ? xasprintf("%s/%s/", host, kind) : NULL;
	while (prefix && *name == '/')
		name++;
	return prefix ? uri_join(prefix, name[0] ? name : "-", true) : NULL;
}

static int add_region(cJSON *phys, unsigned line, unsigned end_column)
{
	cJSON *region = cJSON_AddObjectToObject(phys, "region");
	if (!region)
		return -ENOMEM;
	TRY(add_num(region, "startLine", line));
	TRY(add_num(region, "startColumn", 1));
	TRY(add_num(region, "endLine", line));
	return add_num(region, "endColumn", end_column);
}

static int add_physical(cJSON *loc, const struct report *r, const struct finding *f)
{
	const char *base = OBJECT_BASE;
	_cleanup_free_ char *uri =
	    r->dockerfile ? dockerfile_uri(r->dockerfile, &base) : object_uri(r, f);
	cJSON *phys = uri ? cJSON_AddObjectToObject(loc, "physicalLocation") : NULL;
	cJSON *art = phys ? cJSON_AddObjectToObject(phys, "artifactLocation") : NULL;
	if (!art)
		return -ENOMEM;
	TRY(report_json_add_str(art, "uri", uri));
	if (base)
		TRY(report_json_add_str(art, "uriBaseId", base));
	if (r->dockerfile)
		return add_region(phys, r->dockerfile_line ? r->dockerfile_line : 1,
				  r->dockerfile_columns + 1);
	return add_region(phys, 1, 1);
}

/* The one location of a result: physical always, logical when there is an object. */
static int add_location(cJSON *result, const struct report *r, const struct finding *f)
{
	cJSON *locs = cJSON_AddArrayToObject(result, "locations");
	cJSON *loc = locs ? new_item(locs) : NULL;
	if (!loc)
		return -ENOMEM;
	TRY(add_physical(loc, r, f));
	const char *name = f ? (f->name ? f->name : f->id) : NULL;
	if (!name)
		return 0;
	const char *kind = f->kind ? f->kind : "object";
	cJSON *logical = cJSON_AddArrayToObject(loc, "logicalLocations");
	cJSON *ll = logical ? new_item(logical) : NULL;
	if (!ll)
		return -ENOMEM;
	_cleanup_free_ char *fqn = xasprintf("%s/%s", kind, name);
	if (!fqn)
		return -ENOMEM;
	TRY(report_json_add_str(ll, "name", name));
	TRY(report_json_add_str(ll, "fullyQualifiedName", fqn));
	return report_json_add_str(ll, "kind", kind);
}

static int add_suppression(cJSON *result, const struct waiver *w)
{
	cJSON *arr = cJSON_AddArrayToObject(result, "suppressions");
	cJSON *s = arr ? new_item(arr) : NULL;
	if (!s)
		return -ENOMEM;
	TRY(report_json_add_str(s, "kind", "external"));
	TRY(report_json_add_str(s, "status", "accepted"));
	if (w && w->reason)
		TRY(report_json_add_str(s, "justification", w->reason));
	if (w && (w->owner || w->expires || w->object)) {
		cJSON *props = cJSON_AddObjectToObject(s, "properties");
		if (!props)
			return -ENOMEM;
		TRY(report_json_add_str(props, "owner", w->owner));
		TRY(report_json_add_str(props, "expires", w->expires));
		TRY(report_json_add_str(props, "object", w->object));
	}
	return 0;
}

/* One result: for the failing object f, or for the check as a whole when f is NULL. The level
 * is the rule's (the table's) own, so that result and rule never disagree. */
static int add_result(cJSON *results, const struct report *r, const struct result *res,
		      const struct finding *f, const struct rules *rs, size_t rule_index)
{
	const struct check *c = res->check;
	cJSON *o = new_item(results);
	if (!o)
		return -ENOMEM;
	TRY(report_json_add_str(o, "ruleId", c->id));
	TRY(add_num(o, "ruleIndex", (double)rule_index));
	TRY(report_json_add_str(o, "level", sarif_level(rs->v[rule_index]->severity)));

	_cleanup_free_ char *text = NULL;
	const char *title = c->title ? c->title : "";
	if (f)
		text = xasprintf("%s %s: %s '%s'%s%s%s", c->id, title, f->kind ? f->kind : "object",
				 f->name ? f->name : (f->id ? f->id : ""), f->detail ? " (" : "",
				 f->detail ? f->detail : "", f->detail ? ")" : "");
	else
		text = xasprintf("%s %s: %s", c->id, title, res->detail ? res->detail : "failed");
	if (!text)
		return -ENOMEM;
	TRY(add_text(o, "message", text));

	TRY(add_location(o, r, f));

	char fp[17], line_hash[24];
	fingerprint(c->id, f, fp);
	snprintf(line_hash, sizeof(line_hash), "%s:1", fp);
	cJSON *fps = cJSON_AddObjectToObject(o, "partialFingerprints");
	if (!fps)
		return -ENOMEM;
	TRY(report_json_add_str(fps, "dockerAuditObject/v1", fp));
	TRY(report_json_add_str(fps, "primaryLocationLineHash", line_hash));

	bool waived = f ? f->waived : res->waived;
	if (waived)
		TRY(add_suppression(o, f ? f->waiver : report_result_waiver(res)));
	if (r->has_baseline)
		TRY(report_json_add_str(o, "baselineState",
					report_is_new(r, res, f) ? "new" : "unchanged"));

	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	if (!props)
		return -ENOMEM;
	TRY(report_json_add_str(props, "severity", da_severity_name(rs->v[rule_index]->severity)));
	TRY(report_json_add_str(props, "section", c->section));
	TRY(report_json_add_str(props, "key", c->key));
	if (f) {
		TRY(report_json_add_str(props, "kind", f->kind));
		TRY(report_json_add_str(props, "objectId", f->id));
		TRY(report_json_add_str(props, "detail", f->detail));
		TRY(report_json_add_str(props, "source", f->source));
		TRY(report_json_add_str(props, "value", f->value));
	} else {
		TRY(report_json_add_str(props, "detail", res->detail));
	}
	return 0;
}

static int add_notification(cJSON *arr, const char *level, const char *text, const struct check *c,
			    const struct rules *rs)
{
	cJSON *n = new_item(arr);
	if (!n)
		return -ENOMEM;
	TRY(report_json_add_str(n, "level", level));
	TRY(add_text(n, "message", text));
	size_t k;
	if (c && c->id && rules_find(rs, c->id, &k)) {
		cJSON *ref = cJSON_AddObjectToObject(n, "associatedRule");
		if (!ref)
			return -ENOMEM;
		TRY(report_json_add_str(ref, "id", c->id));
		TRY(add_num(ref, "index", (double)k));
	}
	return 0;
}

/* What could not be checked: the daemon, ERROR checks, objects that could not be judged. */
static int add_notifications(cJSON *inv, const struct report *r, const struct rules *rs)
{
	cJSON *arr = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
	if (!arr)
		return -ENOMEM;
	if (r->daemon_needed && !r->daemon_up) {
		_cleanup_free_ char *t =
		    xasprintf("the Docker daemon could not be reached%s%s",
			      r->daemon_error ? ": " : "", r->daemon_error ? r->daemon_error : "");
		if (!t)
			return -ENOMEM;
		TRY(add_notification(arr, "error", t, NULL, rs));
	}
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		const struct check *c = res->check;
		if (!c)
			continue;
		if (res->status == DA_ERROR) {
			_cleanup_free_ char *t =
			    xasprintf("%s %s: could not check: %s", c->id, c->title ? c->title : "",
				      res->detail ? res->detail : "");
			if (!t)
				return -ENOMEM;
			TRY(add_notification(arr, "error", t, c, rs));
		}
		for (size_t j = 0; j < res->n_findings; j++) {
			const struct finding *f = &res->findings[j];
			if (!f->error)
				continue;
			_cleanup_free_ char *t = xasprintf(
			    "%s: could not check %s '%s'%s%s", c->id, f->kind ? f->kind : "object",
			    f->name ? f->name : (f->id ? f->id : ""), f->detail ? ": " : "",
			    f->detail ? f->detail : "");
			if (!t)
				return -ENOMEM;
			TRY(add_notification(arr, res->status == DA_ERROR ? "error" : "warning", t,
					     c, rs));
		}
	}
	return 0;
}

static bool audit_complete(const struct report *r)
{
	if (r->daemon_needed && !r->daemon_up)
		return false;
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].status == DA_ERROR)
			return false;
	return true;
}

static int add_invocation(cJSON *run, const struct report *r, const struct rules *rs)
{
	cJSON *arr = cJSON_AddArrayToObject(run, "invocations");
	cJSON *inv = arr ? new_item(arr) : NULL;
	if (!inv)
		return -ENOMEM;
	TRY(add_bool(inv, "executionSuccessful", audit_complete(r)));
	if (r->started_at[0]) {
		TRY(report_json_add_str(inv, "startTimeUtc", r->started_at));
		time_t end =
		    (time_t)(r->started_epoch + (r->duration_ms > 0 ? r->duration_ms : 0) / 1000);
		struct tm tm;
		char buf[32];
		if (r->started_epoch > 0 && gmtime_r(&end, &tm) &&
		    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			TRY(report_json_add_str(inv, "endTimeUtc", buf));
	}
	TRY(report_json_add_str(inv, "machine", r->hostname));
	return add_notifications(inv, r, rs);
}

static int add_run_properties(cJSON *run, const struct report *r)
{
	cJSON *props = cJSON_AddObjectToObject(run, "properties");
	if (!props)
		return -ENOMEM;
	_cleanup_free_ char *bname =
	    xasprintf("%s %s", report_benchmark(r)->name, report_benchmark(r)->version);
	if (!bname)
		return -ENOMEM;
	TRY(report_json_add_str(props, "benchmark", bname));
	if (r->daemon_up) {
		TRY(report_json_add_str(props, "dockerServerVersion", r->server_version));
		TRY(report_json_add_str(props, "dockerApiVersion", r->api_version));
	}
	cJSON *sum = cJSON_AddObjectToObject(props, "summary");
	if (!sum)
		return -ENOMEM;
	for (int s = 0; s < _DA_STATUS_MAX; s++)
		TRY(add_num(sum, da_status_name((enum da_status)s), r->summary[s]));
	TRY(add_num(sum, "waived", r->waived));
	if (r->has_baseline) {
		cJSON *b = cJSON_AddObjectToObject(props, "baseline");
		if (!b)
			return -ENOMEM;
		TRY(report_json_add_str(b, "startedAt", r->baseline_started_at));
		TRY(add_num(b, "new", (double)r->n_new));
		TRY(add_num(b, "resolved", (double)r->n_resolved));
	}
	return 0;
}

/* What the relative URIs are relative to (SARIF wants a uriBaseId for each). */
static int add_uri_bases(cJSON *run, const struct report *r)
{
	cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
	cJSON *b =
	    bases ? cJSON_AddObjectToObject(bases, r->dockerfile ? DOCKERFILE_BASE : OBJECT_BASE)
		  : NULL;
	if (!b)
		return -ENOMEM;
	return add_text(b, "description",
			r->dockerfile
			    ? "the directory docker-audit ran in (the repository root in CI)"
			    : "the objects docker-audit judged: docker-audit/image/NAME, "
			      "docker-audit/host/HOSTNAME/KIND/NAME; not files");
}

static int build(cJSON *root, const struct report *r, const struct rules *rs)
{
	TRY(report_json_add_str(root, "$schema", SARIF_SCHEMA));
	TRY(report_json_add_str(root, "version", "2.1.0"));
	cJSON *runs = cJSON_AddArrayToObject(root, "runs");
	cJSON *run = runs ? new_item(runs) : NULL;
	cJSON *tool = run ? cJSON_AddObjectToObject(run, "tool") : NULL;
	cJSON *driver = tool ? cJSON_AddObjectToObject(tool, "driver") : NULL;
	if (!driver)
		return -ENOMEM;
	TRY(report_json_add_str(driver, "name", "docker-audit"));
	_cleanup_free_ char *full =
	    xasprintf("docker-audit " DA_VERSION " (checks based on the %s)",
		      benchmark_label(report_benchmark(r)));
	if (!full)
		return -ENOMEM;
	TRY(report_json_add_str(driver, "fullName", full));
	TRY(report_json_add_str(driver, "version", DA_VERSION));
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	if (!rules)
		return -ENOMEM;
	for (size_t i = 0; i < rs->n; i++)
		TRY(add_rule(rules, r, rs->v[i]));

	TRY(add_invocation(run, r, rs));
	TRY(add_uri_bases(run, r));

	cJSON *results = cJSON_AddArrayToObject(run, "results");
	if (!results)
		return -ENOMEM;
	size_t written = 0, left_out = 0;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		size_t k;
		if (res->status != DA_FAIL || !res->check || !rules_find(rs, res->check->id, &k))
			continue;
		size_t failed = 0;
		for (size_t j = 0; j <= res->n_findings; j++) {
			const struct finding *f = j < res->n_findings ? &res->findings[j] : NULL;
			if (f ? f->error : failed > 0)
				continue;
			failed++;
			if (written == SARIF_MAX_RESULTS) {
				left_out++;
				continue;
			}
			written++;
			TRY(add_result(results, r, res, f, rs, k));
		}
	}
	if (left_out) {
		cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "invocations"), 0);
		cJSON *arr = cJSON_GetObjectItem(inv, "toolExecutionNotifications");
		_cleanup_free_ char *t = xasprintf(
		    "%zu more failing objects left out: GitHub code scanning takes at most "
		    "%d results per run; the JSON report has them all",
		    left_out, SARIF_MAX_RESULTS);
		if (!t || !arr)
			return -ENOMEM;
		TRY(add_notification(arr, "warning", t, NULL, rs));
	}
	return add_run_properties(run, r);
}

int report_write_sarif(FILE *f, const struct report *r, const struct render_options *o)
{
	_cleanup_(cjson_deletep) cJSON *root = cJSON_CreateObject();
	_cleanup_(rules_release) struct rules rs = {0};
	(void)o;
	if (!root)
		return -ENOMEM;
	TRY(rules_build(r, &rs));
	TRY(build(root, r, &rs));
	return report_emit_json(f, root);
}
