/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <cjson/cJSON.h>
#include "benchmark.h"
#include "buf.h"
#include "report.h"
#include "json.h"
#include "strutil.h"
#include "waivers.h"

static const struct report_format formats[] = {
    {.name = "text", .write = report_write_text},
    {.name = "json", .write = report_write_json},
    {.name = "junit", .write = report_write_junit},
    {.name = "sarif", .write = report_write_sarif},
    {.name = "prometheus", .write = report_write_prometheus},
    {.name = "docker-bench", .write = report_write_dockerbench},
    {.name = "html", .write = report_write_html},
    {.name = "baseline", .write = report_write_baseline},
};

const struct report_format *report_format_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *report_format_names(void)
{
	return "text|json|junit|sarif|prometheus|docker-bench|html|baseline";
}

static void changes_free(struct report_change *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].id);
		free(c[i].kind);
		free(c[i].name);
		free(c[i].why);
	}
	free(c);
}

void report_selection_release(struct report_selection *s)
{
	strv_free(s->checks);
	strv_free(s->exclude);
	strv_free(s->include);
	strv_free(s->exclude_containers);
	strv_free(s->labels);
	strv_free(s->images);
	*s = (struct report_selection){0};
}

void report_release(struct report *r)
{
	if (!r)
		return;
	free(r->hostname);
	free(r->input);
	free(r->self_container);
	free(r->self_reason);
	free(r->self_judged);
	free(r->input_format);
	free(r->endpoint);
	free(r->endpoint_origin);
	free(r->endpoint_context);
	free(r->engine);
	free(r->engine_version);
	free(r->engine_evidence);
	free(r->api_negotiated);
	free(r->api_daemon);
	free(r->daemon_found);
	free(r->engine_platform);
	free(r->server_version);
	free(r->api_version);
	free(r->daemon_error);
	free(r->scope.note);
	for (size_t i = 0; i < r->scope.n_left_out; i++) {
		free(r->scope.left_out[i].name);
		free(r->scope.left_out[i].state);
	}
	free(r->scope.left_out);
	report_selection_release(&r->selection);
	strv_free(r->scope.privileged_left_out);
	for (size_t i = 0; i < r->n_results; i++)
		result_release(&r->results[i]);
	free(r->results);
	free(r->baseline_started_at);
	free(r->not_compared);
	changes_free(r->new_items, r->n_new);
	changes_free(r->resolved_items, r->n_resolved);
	changes_free(r->unknown_items, r->n_unknown);
	free(r->baseline_warning);
	free(r->trend);
	/* r->waivers is borrowed: the waiver set outlives the report */
	json_interner_free(r->strings); /* after the findings that point into it */
	*r = (struct report){0};
}

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Decode one UTF-8 sequence at s (NUL-terminated), strictly: no overlong forms, no surrogates,
 * nothing above U+10FFFF. Returns its length (1-4) and sets *ret_cp, or, for an ill-formed
 * sequence, minus the length of its maximal subpart (the bytes that one U+FFFD replaces, as
 * the WHATWG decoder and Unicode's recommended practice count them).
 */
static int utf8_decode(const unsigned char *s, uint32_t *ret_cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	int n;
	uint32_t cp;

	if (c < 0x80) {
		*ret_cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return -1;
	}
	if (s[1] < lo || s[1] > hi)
		return -1;
	cp = (cp << 6) | (s[1] & 0x3f);
	for (int i = 2; i < n; i++) {
		if (!is_cont(s[i]))
			return -i;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*ret_cp = cp;
	return n;
}

/* Valid, but harmful on a terminal: C0/C1 controls, DEL, line separators, bidi overrides. */
static bool cp_needs_escape(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;
	switch (cp) {
	case 0x061c: /* arabic letter mark */
	case 0x200e: /* left-to-right mark */
	case 0x200f: /* right-to-left mark */
	case 0x2028: /* line separator */
	case 0x2029: /* paragraph separator */
		return true;
	default:
		/* embeddings, overrides and isolates: "Trojan Source" reordering */
		return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
	}
}

/* Room for the worst case, per_byte output bytes per input byte; false when that overflows. */
static bool escape_init(struct buf *b, size_t len, size_t per_byte)
{
	if (len > (SIZE_MAX - 1) / per_byte)
		return false;
	buf_init(b, len * per_byte);
	return true;
}

char *text_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	_cleanup_(buf_release) struct buf b = {0};

	if (!s)
		s = "";
	if (!escape_init(&b, strlen(s), 4))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp = 0;
		int n = utf8_decode(p, &cp);
		bool esc = n < 0 || cp_needs_escape(cp);
		size_t len = (size_t)(n < 0 ? -n : n);
		for (size_t i = 0; i < len; i++) {
			int r;
			if (esc) {
				char e[4] = {'\\', 'x', hex[p[i] >> 4], hex[p[i] & 0xf]};
				r = buf_append(&b, e, sizeof(e));
			} else {
				r = buf_append(&b, &p[i], 1);
			}
			if (r < 0)
				return NULL;
		}
		p += len;
	}
	return buf_steal(&b);
}

char *utf8_sanitize(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	_cleanup_(buf_release) struct buf b = {0};

	if (!s)
		return NULL;
	if (!escape_init(&b, strlen(s), 3))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int n = utf8_decode(p, &cp);
		int r;
		if (n < 0) {
			r = buf_append(&b, replacement, sizeof(replacement) - 1);
			n = -n;
		} else {
			r = buf_append(&b, p, (size_t)n);
		}
		if (r < 0)
			return NULL;
		p += n;
	}
	return buf_steal(&b);
}

/* Forbidden in XML 1.0, or harmless to a parser but able to mislead a reader. */
static bool cp_xml_replace(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return false;
	return cp_needs_escape(cp) || cp == 0xfffe || cp == 0xffff;
}

char *xml_escape(const char *s, bool attr)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	_cleanup_(buf_release) struct buf b = {0};

	if (!s)
		s = "";
	/* the longest output per input byte: "&quot;" */
	if (!escape_init(&b, strlen(s), 6))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp = 0;
		int n = utf8_decode(p, &cp);
		const char *rep = NULL;
		if (n < 0 || cp_xml_replace(cp)) {
			rep = replacement;
		} else {
			switch (cp) {
			case '&':
				rep = "&amp;";
				break;
			case '<':
				rep = "&lt;";
				break;
			case '>':
				rep = "&gt;";
				break;
			case '"':
				rep = "&quot;";
				break;
			case '\'':
				rep = "&#39;"; /* &apos; is not HTML 4 */
				break;
			case '\r':
				rep = "&#13;";
				break;
			case '\t':
				rep = attr ? "&#9;" : NULL;
				break;
			case '\n':
				rep = attr ? "&#10;" : NULL;
				break;
			default:
				break;
			}
		}
		size_t len = (size_t)(n < 0 ? -n : n);
		if ((rep ? buf_puts(&b, rep) : buf_append(&b, p, len)) < 0)
			return NULL;
		p += len;
	}
	return buf_steal(&b);
}

char *prom_label_escape(const char *s)
{
	_cleanup_free_ char *clean = utf8_sanitize(s ? s : "");
	_cleanup_(buf_release) struct buf b = {0};

	if (!clean || !escape_init(&b, strlen(clean), 2))
		return NULL;
	for (const char *p = clean; *p; p++) {
		int r;
		if (*p == '\\')
			r = buf_puts(&b, "\\\\");
		else if (*p == '"')
			r = buf_puts(&b, "\\\"");
		else if (*p == '\n')
			r = buf_puts(&b, "\\n");
		else
			r = buf_append(&b, p, 1);
		if (r < 0)
			return NULL;
	}
	return buf_steal(&b);
}

const struct benchmark *report_benchmark(const struct report *r)
{
	return r && r->benchmark ? r->benchmark : benchmark_base();
}

const char *report_status_name(const struct result *res)
{
	if (res->status == DA_FAIL && res->waived)
		return "waived";
	return da_status_name(res->status);
}

const struct waiver *report_result_waiver(const struct result *res)
{
	if (res->waiver)
		return res->waiver;
	const struct waiver *w = NULL;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!f->waived || !f->waiver)
			continue;
		if (w && w != f->waiver)
			return NULL;
		w = f->waiver;
	}
	return w;
}

bool report_result_fails(const struct report *r, const struct result *res, int fail_on)
{
	return res->status == DA_FAIL && !res->waived && res->check &&
	       (int)res->check->severity >= fail_on && (!r->new_only || res->is_new);
}

void report_failures_by_severity(const struct report *r, unsigned out[DA_SEV_CRITICAL + 1])
{
	memset(out, 0, (DA_SEV_CRITICAL + 1) * sizeof(*out));
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		if (res->status != DA_FAIL || res->waived || !res->check)
			continue;
		enum da_severity s = res->check->severity;
		out[s >= DA_SEV_LOW && s <= DA_SEV_CRITICAL ? s : DA_SEV_LOW]++;
	}
}

char *report_summary_counts(const struct report *r)
{
	unsigned sev[DA_SEV_CRITICAL + 1];
	report_failures_by_severity(r, sev);
	struct buf b;
	buf_init(&b, 4096);
	int e = buf_printf(&b, "%u pass, %u fail", r->summary[DA_PASS], r->summary[DA_FAIL]);
	const char *sep = " (";
	for (int s = DA_SEV_CRITICAL; s >= DA_SEV_LOW && r->summary[DA_FAIL] && e >= 0; s--) {
		if (!sev[s])
			continue;
		e = buf_printf(&b, "%s%u %s", sep, sev[s], da_severity_name((enum da_severity)s));
		sep = ", ";
	}
	if (e >= 0 && sep[0] == ',')
		e = buf_printf(&b, ")");
	if (e >= 0)
		e = buf_printf(&b, ", %u error, %u skip, %u manual, %u info", r->summary[DA_ERROR],
			       r->summary[DA_SKIP], r->summary[DA_MANUAL], r->summary[DA_INFO]);
	if (e >= 0 && r->waived)
		e = buf_printf(&b, ", %u waived", r->waived);
	if (e < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_steal(&b);
}

bool report_is_new(const struct report *r, const struct result *res, const struct finding *f)
{
	if (!r->has_baseline || !res->check || !res->check->id)
		return false;
	for (size_t i = 0; i < r->n_new; i++) {
		const struct report_change *c = &r->new_items[i];
		if (!c->id || strcmp(c->id, res->check->id) != 0)
			continue;
		if (!f ? !c->kind
		       : (c->kind && f->kind && c->name && f->name &&
			  strcmp(c->kind, f->kind) == 0 && strcmp(c->name, f->name) == 0))
			return true;
	}
	return false;
}

bool report_waiver_unused(const struct waiver *w)
{
	return !w->expired && !w->absent && w->used == 0;
}

bool report_short_id(const char *id, char ret[static 13])
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

void report_out_fail(struct report_out *o, int err)
{
	if (o->err == 0)
		o->err = err > 0 ? -err : (err < 0 ? err : -EIO);
}

void report_out_puts(struct report_out *o, const char *s)
{
	if (o->err)
		return;
	errno = 0;
	if (fputs(s, o->f) == EOF)
		report_out_fail(o, errno);
}

void report_out_printf(struct report_out *o, const char *fmt, ...)
{
	if (o->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	errno = 0;
	int n = vfprintf(o->f, fmt, ap);
	va_end(ap);
	if (n < 0)
		report_out_fail(o, errno);
}

void report_out_xml(struct report_out *o, const char *s, bool attr)
{
	if (o->err)
		return;
	_cleanup_free_ char *e = xml_escape(s, attr);
	if (!e) {
		report_out_fail(o, -ENOMEM);
		return;
	}
	report_out_puts(o, e);
}

int report_out_finish(struct report_out *o)
{
	if (o->err)
		return o->err;
	errno = 0;
	if (fflush(o->f) == EOF || ferror(o->f))
		return errno > 0 ? -errno : -EIO;
	return 0;
}

int report_emit_json(FILE *f, const struct cJSON *root)
{
	char *text = cJSON_Print(root);
	if (!text)
		return -ENOMEM;
	errno = 0;
	bool failed =
	    fputs(text, f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF || ferror(f);
	int err = errno;
	cJSON_free(text);
	if (failed)
		return err > 0 ? -err : -EIO;
	return 0;
}

int report_json_add_str(struct cJSON *obj, const char *key, const char *s)
{
	if (!s)
		return 0;
	_cleanup_free_ char *clean = utf8_sanitize(s);
	if (!clean || !cJSON_AddStringToObject(obj, key, clean))
		return -ENOMEM;
	return 0;
}

int report_json_append_str(struct cJSON *arr, const char *s)
{
	_cleanup_free_ char *clean = utf8_sanitize(s ? s : "");
	cJSON *item = clean ? cJSON_CreateString(clean) : NULL;
	if (!item || !cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return -ENOMEM;
	}
	return 0;
}
