/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <cjson/cJSON.h>
#include "check.h"
#include "fuzz_common.h"
#include "report.h"
#include "strutil.h"
#include "waivers.h"

/* ---- input helpers ---- */

size_t fuzz_split_records(const uint8_t *data, size_t size, struct fuzz_record *out, size_t max)
{
	size_t n = 0;
	const char *p = (const char *)data, *end = p + size;
	while (p < end && n < max) {
		const char *e = memchr(p, FUZZ_REC_SEP, (size_t)(end - p));
		if (!e)
			e = end;
		const char *k = memchr(p, FUZZ_KEY_SEP, (size_t)(e - p));
		if (k)
			out[n++] =
			    (struct fuzz_record){p, (size_t)(k - p), k + 1, (size_t)(e - k - 1)};
		else
			out[n++] = (struct fuzz_record){p, (size_t)(e - p), e, 0};
		p = e + 1;
	}
	return n;
}

const struct fuzz_record *fuzz_record_find(const struct fuzz_record *v, size_t n, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = n; i-- > 0;)
		if (v[i].key_len == kl && memcmp(v[i].key, key, kl) == 0)
			return &v[i];
	return NULL;
}

uint8_t fuzz_u8(struct fuzz_reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

char *fuzz_str(struct fuzz_reader *r)
{
	const uint8_t *nul = memchr(r->p, '\0', r->n);
	size_t len = nul ? (size_t)(nul - r->p) : r->n;
	char *s = fuzz_strndup(r->p, len);
	size_t used = nul ? len + 1 : len;
	r->p += used;
	r->n -= used;
	return s;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz invariant violated: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

void *fuzz_memdup(const void *p, size_t n)
{
	void *d = malloc(n ? n : 1);
	if (!d)
		abort();
	if (n)
		memcpy(d, p, n);
	return d;
}

char *fuzz_strndup(const void *p, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

char *fuzz_strdup(const char *s)
{
	return s ? fuzz_strndup(s, strlen(s)) : NULL;
}

/* ---- temporary directories ---- */

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void fuzz_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

#define MAX_TEMP_DIRS 8
static char *temp_dirs[MAX_TEMP_DIRS];
static size_t n_temp_dirs;

static void remove_temp_dirs(void)
{
	for (size_t i = 0; i < n_temp_dirs; i++)
		fuzz_rm_rf(temp_dirs[i]);
}

char *fuzz_mkdtemp(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	char *tpl = xasprintf("%s/da-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if (!tpl || !mkdtemp(tpl))
		fuzz_fail("cannot make a temporary directory: %s", strerror(errno));
	if (n_temp_dirs == 0)
		atexit(remove_temp_dirs);
	if (n_temp_dirs < MAX_TEMP_DIRS)
		temp_dirs[n_temp_dirs++] = tpl;
	return tpl;
}

static int make_parents(const char *dir, const char *rel)
{
	_cleanup_free_ char *p = xasprintf("%s/%s", dir, rel);
	if (!p)
		return -ENOMEM;
	for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return 0;
}

int fuzz_write_file(const char *dir, const char *rel, const void *data, size_t len)
{
	int r = make_parents(dir, rel);
	if (r < 0)
		return r;
	_cleanup_free_ char *p = xasprintf("%s/%s", dir, rel);
	if (!p)
		return -ENOMEM;
	_cleanup_close_ int fd =
	    open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	const char *d = data;
	while (len) {
		ssize_t k = write(fd, d, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		d += k;
		len -= (size_t)k;
	}
	return 0;
}

int fuzz_symlink(const char *dir, const char *rel, const char *target)
{
	int r = make_parents(dir, rel);
	if (r < 0)
		return r;
	_cleanup_free_ char *p = xasprintf("%s/%s", dir, rel);
	if (!p)
		return -ENOMEM;
	unlink(p);
	return symlink(target, p) < 0 ? -errno : 0;
}

/* ---- UTF-8 ---- */

/* Decode one strictly well-formed sequence; its length, or 0 when ill-formed. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *ret_cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c < 0x80) {
		*ret_cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	cp = (cp << 6) | (s[1] & 0x3f);
	for (size_t i = 2; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*ret_cp = cp;
	return len;
}

bool fuzz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_next(p + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* Shown to a reader as something else, or hiding what follows: line and paragraph separators,
 * bidi embeddings, overrides and isolates. */
static bool cp_deceptive(uint32_t cp)
{
	return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

enum cp_policy {
	CP_TEXT, /* terminal text: \n only */
	CP_MARKUP, /* XML 1.0 / HTML: tab, \n, \r */
	CP_OTHER, /* anything else: tab, \n, \r */
};

static void check_code_points(const char *fmt, const char *out, size_t len, enum cp_policy pol)
{
	const unsigned char *p = (const unsigned char *)out;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_next(p + i, len - i, &cp);
		if (!k)
			fuzz_fail("%s: ill-formed UTF-8 at byte %zu (0x%02x)", fmt, i, p[i]);
		bool ok_c0 = cp == '\n' || (pol != CP_TEXT && (cp == '\t' || cp == '\r'));
		/* JSON may carry DEL and C1 controls as they are (RFC 8259 escapes only C0) */
		if ((cp < 0x20 && !ok_c0) || (cp == 0x7f && pol != CP_OTHER))
			fuzz_fail("%s: raw control byte 0x%02x at byte %zu", fmt, cp, i);
		if (pol != CP_OTHER && cp >= 0x80 && cp <= 0x9f)
			fuzz_fail("%s: C1 control U+%04X at byte %zu", fmt, cp, i);
		if (pol != CP_OTHER && cp_deceptive(cp))
			fuzz_fail("%s: line separator or bidi control U+%04X at byte %zu", fmt, cp,
				  i);
		if (pol == CP_MARKUP && (cp == 0xfffe || cp == 0xffff))
			fuzz_fail("%s: non-character U+%04X at byte %zu", fmt, cp, i);
		i += k;
	}
}

/* ---- secrets that must never be shown ---- */

#define MAX_FORBIDDEN 64
static char *forbidden[MAX_FORBIDDEN];
static size_t n_forbidden;

void fuzz_forbid(const char *s, size_t n)
{
	if (n_forbidden < MAX_FORBIDDEN)
		forbidden[n_forbidden++] = fuzz_strndup(s, n);
}

void fuzz_forbid_reset(void)
{
	for (size_t i = 0; i < n_forbidden; i++)
		free(forbidden[i]);
	n_forbidden = 0;
}

static void check_forbidden(const char *what, const char *s, size_t len)
{
	for (size_t i = 0; s && i < n_forbidden; i++)
		if (memmem(s, len, forbidden[i], strlen(forbidden[i])))
			fuzz_fail("%s shows the secret value '%s'", what, forbidden[i]);
}

static void check_report_secrets(const struct report *r)
{
	if (!n_forbidden)
		return;
#define STR(what, s) check_forbidden(what, s, (s) ? strlen(s) : 0)
	STR("the report's daemon error", r->daemon_error);
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		STR(res->check->id, res->detail);
		for (size_t k = 0; k < res->n_findings; k++) {
			const struct finding *f = &res->findings[k];
			STR(res->check->id, f->name);
			STR(res->check->id, f->detail);
			STR(res->check->id, f->value);
			STR(res->check->id, f->id);
		}
	}
#undef STR
}

/* ---- text ---- */

static void check_text(const char *fmt, bool color, const char *out, size_t len)
{
	/* With color, each ESC must start an SGR sequence ESC [ digits ; ... m, and nothing else;
	 * take those out, then what is left must be plain text. */
	_cleanup_free_ char *plain = fuzz_memdup(out, len);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (out[i] == '\x1b' && color) {
			size_t j = i + 1;
			if (j >= len || out[j] != '[')
				fuzz_fail("%s: ESC not followed by '[' at byte %zu", fmt, i);
			for (j++; j < len && (isdigit((unsigned char)out[j]) || out[j] == ';'); j++)
				;
			if (j >= len || out[j] != 'm')
				fuzz_fail("%s: escape sequence other than SGR at byte %zu", fmt, i);
			i = j;
			continue;
		}
		plain[o++] = out[i];
	}
	check_code_points(fmt, plain, o, CP_TEXT);
}

/* ---- JSON ---- */

static cJSON *check_json(const char *fmt, const char *out, size_t len)
{
	check_code_points(fmt, out, len, CP_OTHER);
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(out, len, &end, false);
	if (!j)
		fuzz_fail("%s: output is not JSON (near byte %zu)", fmt,
			  cJSON_GetErrorPtr() ? (size_t)(cJSON_GetErrorPtr() - out) : 0);
	for (const char *p = end; p < out + len; p++)
		if (!isspace((unsigned char)*p))
			fuzz_fail("%s: trailing bytes after the JSON document", fmt);
	return j;
}

static void expect_str(const char *what, const cJSON *j, const char *want)
{
	if (!want) {
		/* absent, or null: either says "nothing" */
		if (j && !cJSON_IsNull(j) && !(cJSON_IsString(j)))
			fuzz_fail("json: %s has an unexpected type", what);
		return;
	}
	_cleanup_free_ char *clean = utf8_sanitize(want);
	if (!clean)
		abort();
	if (!cJSON_IsString(j) || strcmp(j->valuestring, clean) != 0)
		fuzz_fail("json: %s is not what the report says", what);
}

/* The "json" format is the contract (DESIGN.md section 4): it must say what the report says. */
static void check_json_report(const cJSON *j, const struct report *r)
{
	expect_str("host.hostname",
		   cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "host"),
						    "hostname"),
		   r->hostname);
	const cJSON *results = cJSON_GetObjectItemCaseSensitive(j, "results");
	if (!cJSON_IsArray(results) || (size_t)cJSON_GetArraySize(results) != r->n_results)
		fuzz_fail("json: results do not match the report (%d of %zu)",
			  cJSON_GetArraySize(results), r->n_results);
	const cJSON *summary = cJSON_GetObjectItemCaseSensitive(j, "summary");
	for (int s = 0; s < _DA_STATUS_MAX; s++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(summary, da_status_name(s));
		if (!cJSON_IsNumber(v) || v->valuedouble != (double)r->summary[s])
			fuzz_fail("json: summary.%s does not match the report", da_status_name(s));
	}
	size_t i = 0;
	const cJSON *jr;
	cJSON_ArrayForEach(jr, results)
	{
		const struct result *res = &r->results[i++];
		expect_str("results[].id", cJSON_GetObjectItemCaseSensitive(jr, "id"),
			   res->check->id);
		expect_str("results[].status", cJSON_GetObjectItemCaseSensitive(jr, "status"),
			   da_status_name(res->status));
		expect_str("results[].detail", cJSON_GetObjectItemCaseSensitive(jr, "detail"),
			   res->detail);
		const cJSON *fs = cJSON_GetObjectItemCaseSensitive(jr, "findings");
		size_t nf = cJSON_IsArray(fs) ? (size_t)cJSON_GetArraySize(fs) : 0;
		if (nf != res->n_findings)
			fuzz_fail("json: result %s has %zu findings, the report %zu",
				  res->check->id, nf, res->n_findings);
		size_t k = 0;
		const cJSON *jf;
		cJSON_ArrayForEach(jf, fs)
		{
			const struct finding *f = &res->findings[k++];
			expect_str("findings[].kind", cJSON_GetObjectItemCaseSensitive(jf, "kind"),
				   f->kind);
			expect_str("findings[].name", cJSON_GetObjectItemCaseSensitive(jf, "name"),
				   f->name);
			expect_str("findings[].detail",
				   cJSON_GetObjectItemCaseSensitive(jf, "detail"), f->detail);
		}
	}
}

/* ---- markup (XML, HTML) ---- */

#define MAX_NAMES 256
struct names {
	char *v[MAX_NAMES];
	size_t n;
};

struct markup_vocab {
	const char *format;
	struct names tags, attrs;
	bool learnt;
};

static bool names_has(const struct names *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == n && memcmp(s->v[i], name, n) == 0)
			return true;
	return false;
}

static void names_add(struct names *s, const char *name, size_t n)
{
	if (!names_has(s, name, n) && s->n < MAX_NAMES)
		s->v[s->n++] = fuzz_strndup(name, n);
}

static bool starts_with_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

static const char *find_ci(const char *p, const char *end, const char *word)
{
	for (; p < end; p++)
		if (starts_with_ci(p, end, word))
			return p;
	return NULL;
}

static bool name_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' || c == ':' ||
	       (!first && (isdigit((unsigned char)c) || c == '-' || c == '.'));
}

/* "&name;" "&#123;" "&#x7b;": returns the length, 0 when p does not start an entity. */
static size_t entity_len(const char *p, const char *end)
{
	const char *q = p + 1;
	if (q < end && *q == '#') {
		q++;
		bool hex = q < end && (*q == 'x' || *q == 'X');
		if (hex)
			q++;
		const char *d = q;
		while (q < end && (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q)))
			q++;
		if (q == d)
			return 0;
	} else {
		const char *d = q;
		while (q < end && isalnum((unsigned char)*q))
			q++;
		if (q == d)
			return 0;
	}
	return q < end && *q == ';' ? (size_t)(q - p + 1) : 0;
}

static void check_url(const char *fmt, const char *v, size_t n)
{
	while (n && isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	const char *end = v + n;
	if (starts_with_ci(v, end, "javascript:") || starts_with_ci(v, end, "vbscript:") ||
	    starts_with_ci(v, end, "data:"))
		fuzz_fail("%s: a script or data URL in an attribute", fmt);
}

/*
 * Tokenise markup. learn: the output of a benign report, whose tag and attribute names are the
 * writer's vocabulary; else every name must be in it (anything else came from the input).
 */
static void scan_markup(struct markup_vocab *voc, bool html, bool learn, const char *out,
			size_t len)
{
	const char *fmt = voc->format;
	const char *p = out, *end = out + len;
	while (p < end) {
		if (*p == '&') {
			size_t k = entity_len(p, end);
			if (!k)
				fuzz_fail("%s: bare '&' at byte %zu", fmt, (size_t)(p - out));
			p += k;
			continue;
		}
		if (*p != '<') {
			p++;
			continue;
		}
		const char *skip_to = NULL, *close = NULL;
		if (starts_with_ci(p, end, "<!--"))
			close = "-->";
		else if (starts_with_ci(p, end, "<![CDATA["))
			close = "]]>";
		else if (starts_with_ci(p, end, "<?"))
			close = "?>";
		else if (starts_with_ci(p, end, "<!"))
			close = ">";
		if (close) {
			skip_to = find_ci(p + 2, end, close);
			if (!skip_to)
				fuzz_fail("%s: unterminated '%.4s' at byte %zu", fmt, p,
					  (size_t)(p - out));
			p = skip_to + strlen(close);
			continue;
		}
		const char *q = p + 1;
		bool closing = q < end && *q == '/';
		if (closing)
			q++;
		const char *name = q;
		while (q < end && name_char(*q, q == name))
			q++;
		size_t nl = (size_t)(q - name);
		if (!nl)
			fuzz_fail("%s: raw '<' at byte %zu", fmt, (size_t)(p - out));
		_cleanup_free_ char *tag = fuzz_strndup(name, nl);
		if (html)
			for (char *c = tag; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		if (html && strcmp(tag, "script") == 0)
			fuzz_fail("%s: a <script> element", fmt);
		if (learn)
			names_add(&voc->tags, tag, nl);
		else if (!names_has(&voc->tags, tag, nl))
			fuzz_fail("%s: element <%s> that the writer never emits", fmt, tag);
		/* attributes */
		for (;;) {
			while (q < end && isspace((unsigned char)*q))
				q++;
			if (q >= end)
				fuzz_fail("%s: unterminated tag <%s>", fmt, tag);
			if (*q == '>') {
				q++;
				break;
			}
			if (*q == '/' && q + 1 < end && q[1] == '>') {
				q += 2;
				break;
			}
			const char *an = q;
			while (q < end && name_char(*q, q == an))
				q++;
			size_t al = (size_t)(q - an);
			if (!al)
				fuzz_fail("%s: junk in tag <%s> at byte %zu", fmt, tag,
					  (size_t)(q - out));
			_cleanup_free_ char *attr = fuzz_strndup(an, al);
			if (html)
				for (char *c = attr; *c; c++)
					*c = (char)tolower((unsigned char)*c);
			if (html && strncmp(attr, "on", 2) == 0)
				fuzz_fail("%s: event handler attribute '%s'", fmt, attr);
			if (learn)
				names_add(&voc->attrs, attr, al);
			else if (!names_has(&voc->attrs, attr, al))
				fuzz_fail("%s: attribute '%s' that the writer never emits", fmt,
					  attr);
			while (q < end && isspace((unsigned char)*q))
				q++;
			if (q < end && *q == '=') {
				q++;
				while (q < end && isspace((unsigned char)*q))
					q++;
				if (q < end && (*q == '"' || *q == '\'')) {
					char quote = *q++;
					const char *v = q;
					while (q < end && *q != quote) {
						if (*q == '<')
							fuzz_fail("%s: '<' in attribute '%s'", fmt,
								  attr);
						if (*q == '&') {
							size_t k = entity_len(q, end);
							if (!k)
								fuzz_fail(
								    "%s: bare '&' in attribute "
								    "'%s'",
								    fmt, attr);
							q += k;
							continue;
						}
						q++;
					}
					if (q >= end)
						fuzz_fail("%s: unterminated attribute '%s'", fmt,
							  attr);
					if (html && (strcmp(attr, "href") == 0 ||
						     strcmp(attr, "src") == 0 ||
						     strcmp(attr, "action") == 0))
						check_url(fmt, v, (size_t)(q - v));
					q++;
				} else {
					if (!html)
						fuzz_fail("%s: unquoted attribute '%s'", fmt, attr);
					const char *v = q;
					while (q < end && (isalnum((unsigned char)*q) ||
							   strchr("-_.:/#%", *q)))
						q++;
					if (q == v)
						fuzz_fail("%s: empty unquoted attribute '%s'", fmt,
							  attr);
					if (html && strcmp(attr, "href") == 0)
						check_url(fmt, v, (size_t)(q - v));
				}
			}
		}
		p = q;
		/* raw text elements: skip to their end tag */
		if (html && !closing && strcmp(tag, "style") == 0) {
			const char *e = find_ci(p, end, "</style");
			if (!e)
				fuzz_fail("%s: unterminated <style>", fmt);
			p = e;
		}
	}
}

/* ---- Prometheus exposition format ---- */

static bool metric_name(const char **pp, const char *end)
{
	const char *p = *pp;
	if (p >= end || !(isalpha((unsigned char)*p) || *p == '_' || *p == ':'))
		return false;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == ':'))
		p++;
	*pp = p;
	return true;
}

static void check_prom_line(const char *l, const char *end, size_t lineno)
{
	const char *p = l;
	if (p == end)
		return; /* empty lines are allowed */
	if (*p == '#') {
		/* "# HELP name docstring", "# TYPE name type"; other comments are free text */
		if (starts_with_ci(p, end, "# HELP ") || starts_with_ci(p, end, "# TYPE ")) {
			p += 7;
			if (!metric_name(&p, end))
				fuzz_fail("prometheus: line %zu: bad metric name in HELP/TYPE",
					  lineno);
			for (; p < end; p++)
				if (*p == '\\' && (p + 1 >= end || (p[1] != '\\' && p[1] != 'n')))
					fuzz_fail("prometheus: line %zu: bad escape in HELP",
						  lineno);
				else if (*p == '\\')
					p++;
		}
		return;
	}
	if (!metric_name(&p, end))
		fuzz_fail("prometheus: line %zu: does not start with a metric name", lineno);
	if (p < end && *p == '{') {
		p++;
		for (;;) {
			if (p < end && *p == '}')
				break;
			const char *n = p;
			while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
				p++;
			if (p == n || isdigit((unsigned char)*n) || p >= end || *p != '=' ||
			    p + 1 >= end || p[1] != '"')
				fuzz_fail("prometheus: line %zu: bad label", lineno);
			p += 2;
			while (p < end && *p != '"') {
				if (*p == '\\') {
					if (p + 1 >= end || !strchr("\\\"n", p[1]))
						fuzz_fail("prometheus: line %zu: bad escape in a "
							  "label value",
							  lineno);
					p++;
				}
				p++;
			}
			if (p >= end)
				fuzz_fail("prometheus: line %zu: unterminated label value", lineno);
			p++;
			if (p < end && *p == ',')
				p++;
			else if (p >= end || *p != '}')
				fuzz_fail("prometheus: line %zu: junk after a label", lineno);
		}
		p++;
	}
	if (p >= end || *p != ' ')
		fuzz_fail("prometheus: line %zu: no value", lineno);
	p++;
	const char *v = p;
	while (p < end && *p != ' ')
		p++;
	_cleanup_free_ char *val = fuzz_strndup(v, (size_t)(p - v));
	char *e = NULL;
	if (strcmp(val, "NaN") != 0 && strcmp(val, "+Inf") != 0 && strcmp(val, "-Inf") != 0) {
		(void)strtod(val, &e);
		if (!*val || *e)
			fuzz_fail("prometheus: line %zu: value '%s' is not a number", lineno, val);
	}
	if (p < end) {
		p++;
		const char *t = p;
		while (p < end && (isdigit((unsigned char)*p) || *p == '-'))
			p++;
		if (p == t || p != end)
			fuzz_fail("prometheus: line %zu: junk after the value", lineno);
	}
}

static void check_prometheus(const char *out, size_t len)
{
	check_code_points("prometheus", out, len, CP_TEXT);
	const char *p = out, *end = out + len;
	size_t lineno = 0;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		check_prom_line(p, e, ++lineno);
		p = e + 1;
	}
}

/* ---- rendering ---- */

static struct markup_vocab vocabs[] = {
    {.format = "junit"},
    {.format = "html"},
};

static struct markup_vocab *vocab_of(const char *format)
{
	for (size_t i = 0; i < ARRAY_SIZE(vocabs); i++)
		if (strcmp(vocabs[i].format, format) == 0)
			return &vocabs[i];
	return NULL;
}

static bool is_json_format(const char *f)
{
	return strcmp(f, "json") == 0 || strcmp(f, "sarif") == 0 || strcmp(f, "docker-bench") == 0;
}

static void check_output(const char *format, bool color, const char *out, size_t len,
			 const struct report *r, bool learn)
{
	struct markup_vocab *voc = vocab_of(format);
	if (!learn)
		check_forbidden(format, out, len);
	if (strcmp(format, "text") == 0) {
		check_text(format, color, out, len);
	} else if (is_json_format(format)) {
		cJSON *j = check_json(format, out, len);
		if (r && strcmp(format, "json") == 0)
			check_json_report(j, r);
		cJSON_Delete(j);
	} else if (voc) {
		check_code_points(format, out, len, CP_MARKUP);
		scan_markup(voc, strcmp(format, "html") == 0, learn, out, len);
	} else if (strcmp(format, "prometheus") == 0) {
		check_prometheus(out, len);
	} else {
		check_code_points(format, out, len, CP_OTHER);
	}
}

void fuzz_check_output(const char *format, bool color, const char *out, size_t len)
{
	check_output(format, color, out, len, NULL, false);
}

static char *render(const struct report_format *fmt, const struct report *r,
		    const struct render_options *o, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	int e = fmt->write(f, r, o);
	if (fclose(f) != 0)
		abort();
	if (e < 0)
		fuzz_fail("%s: the writer failed (%s) on a report it was given", fmt->name,
			  strerror(-e));
	*ret_len = len;
	return buf;
}

static void render_formats(const struct report *r, bool learn, unsigned mask)
{
	static const struct render_options text_opts[] = {
	    {.color = false, .verbose = true, .remediation = true},
	    {.color = true, .verbose = false, .remediation = false},
	    {.color = false, .quiet = true},
	};
	_cleanup_strv_free_ char **names = NULL;
	if (str_split(report_format_names(), '|', &names) < 0)
		abort();
	for (char **n = names; *n; n++) {
		const struct report_format *fmt = report_format_find(*n);
		if (!fmt)
			fuzz_fail("format '%s' is listed but not in the table", *n);
		if (!(mask & (1u << ((size_t)(n - names) % 32))))
			continue;
		size_t nopt = strcmp(*n, "text") == 0 ? ARRAY_SIZE(text_opts) : 1;
		for (size_t i = 0; i < nopt; i++) {
			size_t len;
			_cleanup_free_ char *out = render(fmt, r, &text_opts[i], &len);
			check_output(*n, text_opts[i].color, out, len, r, learn);
		}
	}
}

/*
 * A benign report that uses every feature a writer can show: each status, findings with all
 * fields and errors, waived findings and checks, used, unused and expired waivers, a baseline
 * with new and resolved items, daemon up and down. Its markup is the writers' vocabulary.
 */
static struct waiver_set *benign_waiver_set(void)
{
	static struct waiver_set *set;
	if (set)
		return set;
	set = calloc(1, sizeof(*set));
	struct waiver *w = calloc(4, sizeof(*w));
	if (!set || !w)
		abort();
	w[0] = (struct waiver){.check = fuzz_strdup("1.1"),
			       .object = fuzz_strdup("web-*"),
			       .reason = fuzz_strdup("accepted"),
			       .owner = fuzz_strdup("ops@example.com"),
			       .expires = fuzz_strdup("2099-01-01"),
			       .used = 1,
			       .index = 1};
	w[1] = (struct waiver){.check = fuzz_strdup("1.2"),
			       .reason = fuzz_strdup("whole check"),
			       .used = 1,
			       .index = 2};
	w[2] = (struct waiver){.check = fuzz_strdup("1.3"),
			       .object = fuzz_strdup("old"),
			       .reason = fuzz_strdup("expired"),
			       .expires = fuzz_strdup("2001-01-01"),
			       .expired = true,
			       .matched_expired = 2,
			       .index = 3};
	w[3] = (struct waiver){
	    .check = fuzz_strdup("1.4"), .reason = fuzz_strdup("unused"), .index = 4};
	*set = (struct waiver_set){.items = w, .n = 4, .file = fuzz_strdup("waivers.json")};
	return set;
}

static void add_finding(struct result *res, const char *kind, const char *name, bool error)
{
	struct finding_spec f = {
	    .kind = kind,
	    .id = "94832c67ce714f331b5b413af36727813ecee200e1f6d3f251a759d798e205d6",
	    .name = name,
	    .detail = "PidMode=host",
	    .source = "api",
	    .value = "host",
	    .error = error,
	};
	if (result_add(res, &f) < 0)
		abort();
}

static void build_benign(struct report *r, bool daemon_up)
{
	size_t n;
	const struct check *const *all = checks_all(&n);
	if (!n)
		return;
	enum { N = 10 };
	*r = (struct report){
	    .hostname = fuzz_strdup("host-1"),
	    .server_version = daemon_up ? fuzz_strdup("20.10.24") : NULL,
	    .api_version = daemon_up ? fuzz_strdup("1.41") : NULL,
	    .daemon_needed = true,
	    .daemon_up = daemon_up,
	    .daemon_error = daemon_up ? NULL : fuzz_strdup("cannot connect"),
	    .started_at = "2026-01-01T00:00:00Z",
	    .started_epoch = 1767225600,
	    .duration_ms = 84,
	    .results = calloc(N, sizeof(struct result)),
	    .all_containers = true,
	    .waivers = benign_waiver_set(),
	    .has_baseline = true,
	    .baseline_started_at = fuzz_strdup("2025-12-01T00:00:00Z"),
	};
	if (!r->results)
		abort();
	for (size_t i = 0; i < N; i++) {
		struct result *res = &r->results[r->n_results++];
		res->check = all[(i * n) / N];
		static const enum da_status st[N] = {DA_PASS, DA_FAIL,	DA_INFO, DA_MANUAL,
						     DA_SKIP, DA_ERROR, DA_FAIL, DA_FAIL,
						     DA_FAIL, DA_PASS};
		if (result_set(res, st[i], "verdict %zu", i) < 0)
			abort();
		switch (i) {
		case 1: /* a failure with findings, one waived, one error, new */
			add_finding(res, "container", "web-1", false);
			add_finding(res, "image", "busybox:latest", false);
			add_finding(res, "file", "/etc/docker/daemon.json", true);
			res->findings[0].waived = true;
			res->findings[0].waiver = &r->waivers->items[0];
			res->is_new = true;
			break;
		case 6: /* waived as a whole */
			res->waived = true;
			res->waiver = &r->waivers->items[1];
			break;
		case 7: /* every finding waived */
			add_finding(res, "container", "web-2", false);
			res->findings[0].waived = true;
			res->findings[0].waiver = &r->waivers->items[0];
			res->waived = true;
			break;
		case 8: /* a failure without findings */
			res->is_new = true;
			break;
		case 9: /* a passing check with an informative finding */
			add_finding(res, "daemon", "live-restore", false);
			break;
		default:
			break;
		}
		if (res->status == DA_FAIL && res->waived)
			r->waived++;
		else
			r->summary[res->status]++;
	}
	r->new_items = calloc(2, sizeof(*r->new_items));
	r->resolved_items = calloc(1, sizeof(*r->resolved_items));
	if (!r->new_items || !r->resolved_items)
		abort();
	r->new_items[0] = (struct report_change){fuzz_strdup(all[0]->id), fuzz_strdup("container"),
						 fuzz_strdup("web-1")};
	r->new_items[1] = (struct report_change){fuzz_strdup(all[0]->id), NULL, NULL};
	r->resolved_items[0] = (struct report_change){fuzz_strdup(all[0]->id), fuzz_strdup("image"),
						      fuzz_strdup("old:1")};
	r->n_new = 2;
	r->n_resolved = 1;
}

static void learn_vocabularies(void)
{
	for (int up = 0; up < 2; up++) {
		struct report r;
		build_benign(&r, up);
		render_formats(&r, true, ~0u);
		report_release(&r);
	}
	for (size_t i = 0; i < ARRAY_SIZE(vocabs); i++) {
		vocabs[i].learnt = true;
		if (!getenv("DA_FUZZ_DUMP"))
			continue;
		fprintf(stderr, "%s elements:", vocabs[i].format);
		for (size_t k = 0; k < vocabs[i].tags.n; k++)
			fprintf(stderr, " %s", vocabs[i].tags.v[k]);
		fprintf(stderr, "\n%s attributes:", vocabs[i].format);
		for (size_t k = 0; k < vocabs[i].attrs.n; k++)
			fprintf(stderr, " %s", vocabs[i].attrs.v[k]);
		fputc('\n', stderr);
	}
}

void fuzz_render_formats(const struct report *r, unsigned mask)
{
	if (!vocabs[0].learnt) {
		/* the vocabulary comes from a benign report: no secret of the input in it */
		size_t saved = n_forbidden;
		n_forbidden = 0;
		learn_vocabularies();
		n_forbidden = saved;
	}
	check_report_secrets(r);
	render_formats(r, false, mask);
}

void fuzz_render_all(const struct report *r)
{
	fuzz_render_formats(r, ~0u);
}

unsigned fuzz_format_pick(const uint8_t *data, size_t size)
{
	static size_t n_formats;
	if (!n_formats) {
		char **names = NULL;
		if (str_split(report_format_names(), '|', &names) < 0)
			abort();
		n_formats = strv_length(names);
		strv_free(names);
	}
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return n_formats ? 1u << (h % n_formats % 32) : 0;
}

void fuzz_small_report(struct report *r, char *const *names, size_t n_names)
{
	static const char *const kinds[] = {"container", "image", "file", "daemon"};
	size_t n;
	const struct check *const *all = checks_all(&n);
	*r = (struct report){
	    .hostname = fuzz_strdup("host-1"),
	    .server_version = fuzz_strdup("20.10.24"),
	    .api_version = fuzz_strdup("1.41"),
	    .daemon_needed = true,
	    .daemon_up = true,
	    .started_at = "2026-01-01T00:00:00Z",
	    .results = calloc(n ? n : 1, sizeof(struct result)),
	};
	if (!r->results)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct result *res = &r->results[r->n_results++];
		res->check = all[i];
		static const enum da_status st[] = {DA_FAIL, DA_FAIL,  DA_FAIL,
						    DA_PASS, DA_ERROR, DA_SKIP};
		enum da_status s = st[i % ARRAY_SIZE(st)];
		if (result_set(res, s, "verdict of %s", all[i]->id) < 0)
			abort();
		r->summary[s]++;
		if (i % ARRAY_SIZE(st) == 0) {
			for (size_t k = 0; k < n_names; k++) {
				struct finding_spec f = {.kind = kinds[(i + k) % ARRAY_SIZE(kinds)],
							 .name = names[k],
							 .detail = "fails"};
				if (result_add(res, &f) < 0)
					abort();
			}
		} else if (i % ARRAY_SIZE(st) == 2) {
			struct finding_spec f = {.kind = "container",
						 .name = "unjudged",
						 .detail = "could not inspect",
						 .error = true};
			if (result_add(res, &f) < 0)
				abort();
		}
	}
}

/* ---- an Engine API from records ---- */

static const struct fuzz_record *api_lookup(const struct fuzz_api *api, const char *key)
{
	_cleanup_free_ char *k = xasprintf("%s%s", api->prefix ? api->prefix : "", key);
	if (!k)
		abort();
	return fuzz_record_find(api->recs, api->n, k);
}

int fuzz_api_source(void *data, const char *path, char **ret_body, size_t *ret_len)
{
	struct fuzz_api *api = data;
	api->requests++;
	_cleanup_free_ char *key = fuzz_strdup(path + (path[0] == '/'));
	key[strcspn(key, "?")] = '\0';
	if (str_endswith(key, "/json"))
		key[strlen(key) - 5] = '\0';
	else if (strcmp(key, "json") == 0)
		key[0] = '\0';
	const struct fuzz_record *rec = api_lookup(api, key);
	char *slash = strchr(key, '/');
	if (!rec && slash) {
		char *rest = strchr(slash + 1, '/');
		_cleanup_free_ char *wild =
		    xasprintf("%.*s/*%s", (int)(slash - key), key, rest ? rest : "");
		if (!wild)
			abort();
		rec = api_lookup(api, wild);
	}
	if (!rec)
		rec = api_lookup(api, "*");
	if (!rec)
		return -ENOENT;
	static const struct {
		const char *body;
		int err;
	} errors[] = {
	    {"!404", -ENOENT},
	    {"!timeout", -ETIMEDOUT},
	    {"!denied", -EACCES},
	    {"!error", -EPROTO},
	};
	for (size_t i = 0; i < ARRAY_SIZE(errors); i++)
		if (rec->body_len == strlen(errors[i].body) &&
		    memcmp(rec->body, errors[i].body, rec->body_len) == 0)
			return errors[i].err;
	/* exact size, not NUL-terminated: the context is given a length */
	*ret_body = fuzz_memdup(rec->body, rec->body_len);
	*ret_len = rec->body_len;
	return 0;
}

/* ---- a fake Engine API daemon ---- */

#define FUZZ_MAX_REQUEST 16384

void fuzz_send_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return; /* the client gave up (body cap, error): fine */
		p += k;
		n -= (size_t)k;
	}
}

static void serve(int fd, fuzz_answer_fn answer)
{
	char req[FUZZ_MAX_REQUEST + 1];
	size_t len = 0;
	/* the request head, then the answer (requests are GETs without bodies) */
	while (len < FUZZ_MAX_REQUEST) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (poll(&pfd, 1, 5000) <= 0)
			return;
		ssize_t k = recv(fd, req + len, FUZZ_MAX_REQUEST - len, 0);
		if (k <= 0)
			return;
		len += (size_t)k;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	char path[FUZZ_MAX_REQUEST];
	if (sscanf(req, "GET %16383s", path) != 1)
		return;
	answer(fd, path);
}

struct fuzz_server {
	int lfd;
	fuzz_answer_fn answer;
};

static void *server_thread(void *arg)
{
	const struct fuzz_server *s = arg;
	for (;;) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve(fd, s->answer);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
	return NULL;
}

char *fuzz_http_server(const char *tag, fuzz_answer_fn answer)
{
	char *dir = fuzz_mkdtemp(tag);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/d.sock", dir) >=
	    (int)sizeof(sa.sun_path))
		fuzz_fail("socket path too long: %s", dir);
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 64) < 0)
		fuzz_fail("cannot listen on %s: %s", sa.sun_path, strerror(errno));
	char *url = xasprintf("unix://%s", sa.sun_path);
	struct fuzz_server *s = malloc(sizeof(*s)); /* the thread's, for the process's life */
	pthread_t t;
	if (!url || !s)
		fuzz_fail("cannot start the server");
	*s = (struct fuzz_server){lfd, answer};
	if (pthread_create(&t, NULL, server_thread, s) != 0)
		fuzz_fail("cannot start the server");
	pthread_detach(t);
	return url;
}

static bool docker_error_documented(int r)
{
	static const int ok[] = {0,	  -EINVAL, -ECONNREFUSED, -ETIMEDOUT, -ENOENT,
				 -EACCES, -EFBIG,  -EBADMSG,	  -EPROTO,    -ENOMEM};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (r == ok[i])
			return true;
	return false;
}

void fuzz_check_docker_result(const char *what, int r, const void *json, const char *err)
{
	if (!docker_error_documented(r))
		fuzz_fail("%s returned %d, which docker.h does not list", what, r);
	if (r == 0 && !json && strcmp(what, "negotiate") != 0)
		fuzz_fail("%s succeeded without JSON", what);
	if (r < 0 && json)
		fuzz_fail("%s failed but returned JSON", what);
	if (r < 0 && !err && r != -ENOMEM)
		fuzz_fail("%s failed without a message", what);
	for (const unsigned char *p = (const unsigned char *)err; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fuzz_fail("%s: the message carries control byte 0x%02x", what, *p);
}
