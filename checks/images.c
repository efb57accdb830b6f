/* SPDX-License-Identifier: Apache-2.0 */
/* Section 4: container images and build file. */
#include "common.h"
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include "buf.h"
#include "checks.h"
#include "facts/archive.h"
#include "facts/container_user.h"
#include "facts/history.h"
#include "facts/images.h"
#include "facts/usage.h"
#include "json.h"
#include "strutil.h"

#define QUOTE_MAX 120 /* bytes of an instruction quoted in a detail */
#define HITS_SHOWN 8 /* secret locations named per image; the rest are counted */
#define DETAIL_MAX (16u * 1024)

/* ---- every image in scope ---- */

/*
 * Verdict of one image: 0 passes, 1 fails with *ret_detail (malloc'ed) and optionally
 * *ret_value, negative errno when it could not be judged (then *ret_detail, when set, says why).
 */
typedef int (*image_test_fn)(struct audit_ctx *ctx, const struct image *img, const void *arg,
			     char **ret_detail, char **ret_value);

static int add_image_finding(struct result *res, const struct image *img, const char *detail,
			     const char *value, bool error)
{
	return result_add(res, &(struct finding_spec){.kind = "image",
						      .id = img->id,
						      .name = img->name,
						      .detail = detail,
						      .source = "api",
						      .value = value,
						      .error = error});
}

/* An image that could not be inspected: an error finding with the reason. */
static int add_image_error(struct result *res, const struct image *img, const char *why)
{
	_cleanup_free_ char *d =
	    xasprintf("could not be inspected: %s", why ? why : "unknown error");
	if (!d)
		return -ENOMEM;
	return add_image_finding(res, img, d, NULL, true);
}

/* what_fail said of one image: its plural verb ("have", "were", "carry", "match") made
 * singular; NULL when the first word is none of them (malloc'ed) */
static char *verb_singular(const char *what)
{
	static const char *const map[][2] = {
	    {"have ", "has "},	    {"were ", "was "}, {"carry ", "carries "},
	    {"match ", "matches "}, {"run ", "runs "},
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (str_startswith(what, map[i][0]))
			return xasprintf("%s%s", map[i][1], what + strlen(map[i][0]));
	return NULL;
}

/*
 * Apply test (with arg) to every image in scope and set the verdict: FAIL naming every failing
 * image, else ERROR when any could not be judged, else PASS.
 */
static int each_image(struct audit_ctx *ctx, struct result *res, image_test_fn test,
		      const void *arg, const char *what_fail, const char *what_pass)
{
	const struct image *imgs;
	size_t n;
	const char *err = NULL;
	int r = ctx_images(ctx, &imgs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list images: %s", err ? err : strerror(-r));

	size_t failed = 0, errors = 0;
	for (size_t i = 0; i < n; i++) {
		const struct image *img = &imgs[i];
		if (!img->inspect) {
			errors++;
			r = add_image_error(res, img, img->error_msg);
			if (r < 0)
				return r;
			continue;
		}
		_cleanup_free_ char *detail = NULL, *value = NULL;
		int v = test(ctx, img, arg, &detail, &value);
		if (v == -ENOMEM)
			return v;
		if (v == 0)
			continue;
		if (v > 0) {
			failed++;
			r = add_image_finding(res, img, detail ? detail : "fails", value, false);
		} else {
			errors++;
			_cleanup_free_ char *why =
			    xasprintf("could not be judged: %s", detail ? detail : strerror(-v));
			r = add_image_finding(res, img, why ? why : "could not be judged", NULL,
					      true);
		}
		if (r < 0)
			return r;
	}
	if (failed) {
		/* "1 of 5 images has ...", "3 of 5 images have ..." */
		_cleanup_free_ char *one = failed == 1 ? verb_singular(what_fail) : NULL;
		return result_fail(res, "%zu of %zu image%s %s", failed, n, n == 1 ? "" : "s",
				   one ? one : what_fail);
	}
	if (errors)
		return result_error(res, "%zu of %zu image%s could not be judged", errors, n,
				    n == 1 ? "" : "s");
	if (n == 0)
		return result_pass(res, "no images to check");
	return result_pass(res, "%zu image%s checked: %s", n, n == 1 ? "" : "s", what_pass);
}

/* Cut a quote to QUOTE_MAX bytes on a UTF-8 boundary, marking the cut. Takes s. */
static char *quote_cut(char *s)
{
	if (!s || strlen(s) <= QUOTE_MAX)
		return s;
	size_t n = QUOTE_MAX - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(s + n, "...", 4);
	return s;
}

/* ---- secrets: names and value shapes (4.10; also used to redact quotes) ---- */

static bool is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* n characters of s from the class; returns how many matched (stops at the first other). */
static size_t span_class(const char *s, const char *extra, size_t max)
{
	size_t n = 0;
	while (n < max && s[n] && (is_alnum(s[n]) || (extra && strchr(extra, s[n]))))
		n++;
	return n;
}

static size_t span_upper_digits(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9')))
		n++;
	return n;
}

struct shape_match {
	size_t off, len; /* the secret part of the text */
	const char *what; /* "an AWS access key id" ... */
};

/* A known secret shape starting at s[i]; false when none does. */
static bool shape_at(const char *s, size_t i, struct shape_match *m)
{
	const char *p = s + i;
	bool word_start = i == 0 || !is_alnum(s[i - 1]);
	size_t n;
	if (word_start && (str_startswith(p, "AKIA") || str_startswith(p, "ASIA")) &&
	    span_upper_digits(p + 4, 17) == 16 && !is_alnum(p[20])) {
		*m = (struct shape_match){i, 20, "an AWS access key id"};
		return true;
	}
	if (str_startswith(p, "-----BEGIN ")) {
		const char *pk = strstr(p + 11, "PRIVATE KEY-----");
		if (pk && pk - p < 80) {
			const char *end = strstr(pk + 16, "-----END ");
			const char *close = end ? strstr(end + 9, "-----") : NULL;
			size_t len = close ? (size_t)(close + 5 - p) : strlen(p);
			*m = (struct shape_match){i, len, "a private key"};
			return true;
		}
	}
	if (word_start &&
	    (str_startswith(p, "ghp_") || str_startswith(p, "gho_") || str_startswith(p, "ghu_") ||
	     str_startswith(p, "ghs_") || str_startswith(p, "ghr_")) &&
	    (n = span_class(p + 4, NULL, 255)) >= 30) {
		*m = (struct shape_match){i, 4 + n, "a GitHub token"};
		return true;
	}
	if (word_start && str_startswith(p, "github_pat_") &&
	    (n = span_class(p + 11, "_", 255)) >= 22) {
		*m = (struct shape_match){i, 11 + n, "a GitHub token"};
		return true;
	}
	if (word_start && str_startswith(p, "glpat-") && (n = span_class(p + 6, "_-", 255)) >= 20) {
		*m = (struct shape_match){i, 6 + n, "a GitLab token"};
		return true;
	}
	if (word_start && str_startswith(p, "xox") && p[3] && strchr("abprs", p[3]) &&
	    p[4] == '-' && (n = span_class(p + 5, "-", 255)) >= 10) {
		*m = (struct shape_match){i, 5 + n, "a Slack token"};
		return true;
	}
	if (word_start && str_startswith(p, "AIza") && span_class(p + 4, "_-", 36) == 35) {
		*m = (struct shape_match){i, 39, "a Google API key"};
		return true;
	}
	if (word_start && (str_startswith(p, "sk_live_") || str_startswith(p, "rk_live_")) &&
	    (n = span_class(p + 8, NULL, 255)) >= 16) {
		*m = (struct shape_match){i, 8 + n, "a Stripe key"};
		return true;
	}
	if (word_start && str_startswith(p, "npm_") && span_class(p + 4, NULL, 37) == 36) {
		*m = (struct shape_match){i, 40, "an npm token"};
		return true;
	}
	if (word_start && str_startswith(p, "eyJ") && (n = span_class(p + 3, "_-", 4096)) >= 8 &&
	    p[3 + n] == '.' && str_startswith(p + 4 + n, "eyJ")) {
		size_t k = 4 + n + 3;
		size_t n2 = span_class(p + k, "_-", 8192);
		if (n2 >= 8) {
			k += n2;
			if (p[k] == '.')
				k += 1 + span_class(p + k + 1, "_-", 8192);
			*m = (struct shape_match){i, k, "a JSON web token"};
			return true;
		}
	}
	if (str_startswith(p, "://") && i > 0 && isalpha((unsigned char)s[i - 1])) {
		/* scheme://user:password@host: the password is the secret */
		const char *u = p + 3;
		size_t ulen = strcspn(u, ":@/ \t\n\"'");
		if (ulen > 0 && u[ulen] == ':') {
			const char *pw = u + ulen + 1;
			size_t plen = strcspn(pw, "@/ \t\n\"'");
			if (plen > 0 && pw[plen] == '@' && pw[0] != '$' && pw[0] != '{') {
				*m = (struct shape_match){(size_t)(pw - s), plen,
							  "credentials in a URL"};
				return true;
			}
		}
	}
	return false;
}

/* The first secret shape in s at or after from. */
static bool shape_find(const char *s, size_t from, struct shape_match *m)
{
	for (size_t i = from; s[i]; i++)
		if (shape_at(s, i, m))
			return true;
	return false;
}

/* Name components (split on anything not alphanumeric), lower-cased, into out (cap n). */
static size_t name_components(const char *name, char out[][32], size_t n)
{
	size_t k = 0;
	for (const char *p = name; *p && k < n;) {
		while (*p && !is_alnum(*p))
			p++;
		size_t len = 0;
		while (p[len] && is_alnum(p[len]))
			len++;
		if (!len)
			break;
		size_t c = len < 31 ? len : 31;
		for (size_t j = 0; j < c; j++)
			out[k][j] = (char)tolower((unsigned char)p[j]);
		out[k][c] = '\0';
		k++;
		p += len;
	}
	return k;
}

/*
 * Does a variable, argument or label name suggest a secret? Case-insensitive substrings
 * (password, secret, token ...) and whole components (auth, pass, pwd); not when the name
 * says it holds a reference to one (…_FILE, …_PATH, …_URL, …_USER, …_ID ...).
 */
static bool name_suggests_secret(const char *name)
{
	static const char *const subs[] = {
	    "password",	 "passwd",     "passphrase", "secret",	   "token",	  "apikey",
	    "api_key",	 "api-key",    "api.key",    "privatekey", "private_key", "private-key",
	    "accesskey", "access_key", "access-key", "credential",
	};
	static const char *const words[] = {"auth", "pass", "pwd", "pw"};
	static const char *const refs[] = {
	    "file",	"path",	    "dir",	 "url",	     "uri",	 "endpoint", "host",
	    "hostname", "port",	    "user",	 "username", "type",	 "method",   "enabled",
	    "disabled", "mode",	    "header",	 "length",   "ttl",	 "timeout",  "expiry",
	    "policy",	"id",	    "name",	 "realm",    "issuer",	 "audience", "scope",
	    "server",	"provider", "algorithm", "version",  "location",
	};
	char comp[16][32];
	size_t nc = name_components(name, comp, ARRAY_SIZE(comp));
	if (!nc)
		return false;
	if (nc == 1 && (strcmp(comp[0], "pwd") == 0 || strcmp(comp[0], "oldpwd") == 0))
		return false; /* the shell's working directory */
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++)
		if (strcmp(comp[nc - 1], refs[i]) == 0)
			return false;
	char lower[256];
	size_t len = strlen(name);
	if (len >= sizeof(lower))
		len = sizeof(lower) - 1;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	lower[len] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (strstr(lower, subs[i]))
			return true;
	for (size_t c = 0; c < nc; c++)
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (strcmp(comp[c], words[i]) == 0)
				return true;
	return false;
}

/*
 * A setting's number: an optional sign, at most 12 digits, an optional fraction. A longer run of
 * digits is not a count or a size but could be key material (a PIN, a numeric token).
 */
static bool value_is_number(const char *v)
{
	size_t i = (v[0] == '-' || v[0] == '+') ? 1 : 0, digits = 0, frac = 0;
	while (is_digit(v[i]))
		i++, digits++;
	if (v[i] == '.' && digits)
		for (i++; is_digit(v[i]); i++)
			frac++;
	return digits >= 1 && digits <= 12 && frac <= 6 && v[i] == '\0' && (v[i - 1] != '.');
}

/* A duration as Go, systemd and most configs write it: 3600s, 15m, 1h30m, 250ms, 7d, 2w. */
static bool value_is_duration(const char *v)
{
	static const char *const units[] = {"ns", "us", "ms", "s", "m", "h", "d", "w"};
	size_t i = 0, parts = 0;
	while (v[i]) {
		size_t d = 0;
		while (is_digit(v[i]))
			i++, d++;
		if (v[i] == '.' && d)
			for (i++; is_digit(v[i]); i++)
				;
		if (!d || d > 9)
			return false;
		size_t u = 0;
		while (is_alpha(v[i + u]))
			u++;
		bool known = false;
		for (size_t k = 0; k < ARRAY_SIZE(units) && !known; k++)
			known = strlen(units[k]) == u && strncasecmp(v + i, units[k], u) == 0;
		if (!known)
			return false;
		i += u;
		parts++;
	}
	return parts >= 1 && parts <= 4;
}

/*
 * A value that could be the secret itself: not empty, not a reference (another variable, a
 * path: a mounted secret) and not a setting's shape (a boolean, a number, a duration), so
 * TOKEN_TTL_SECONDS=3600 and PASSWORD_MIN_LENGTH=12 hold no secret. A value in a known secret
 * shape is judged by shape_find before this, whatever its name.
 */
static bool value_is_literal(const char *v)
{
	static const char *const bools[] = {"true", "false", "yes", "no", "on", "off"};
	if (!v || !*v)
		return false;
	if (v[0] == '$' || v[0] == '/' || str_startswith(v, "./") || str_startswith(v, "../") ||
	    str_startswith(v, "~/"))
		return false; /* another variable, or a file (a mounted secret) */
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++)
		if (strcasecmp(v, bools[i]) == 0)
			return false;
	if (value_is_number(v) || value_is_duration(v))
		return false;
	return true;
}

/* "NAME=value" with a valid NAME: its length, else 0. */
static size_t assignment_name_len(const char *s)
{
	size_t n = 0;
	while (s[n] && (is_alnum(s[n]) || s[n] == '_' || s[n] == '.' || s[n] == '-'))
		n++;
	return n > 0 && s[n] == '=' ? n : 0;
}

/*
 * Shell words of a build step: whitespace outside quotes separates them, '...' and "..." (with
 * backslash escapes) belong to the word they are in, so DB_PASSWORD="two words" is one word.
 * A quote left open runs to the end. Each word: its span in the text and its text unquoted.
 */
struct shell_word {
	size_t start, end;
	char *text;
};

static void shell_words_free(struct shell_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].text);
	free(w);
}

static int shell_words(const char *s, struct shell_word **ret, size_t *ret_n)
{
	struct shell_word *v = NULL;
	size_t n = 0, cap = 0;
	size_t i = 0, len = strlen(s);
	while (i < len) {
		i += strspn(s + i, " \t\n\r");
		if (i >= len)
			break;
		struct buf t;
		buf_init(&t, len + 1);
		size_t start = i;
		char q = 0;
		int r = 0;
		for (; i < len && r == 0; i++) {
			char ch = s[i];
			if (q == '\'') {
				if (ch == '\'')
					q = 0;
				else
					r = buf_append(&t, &ch, 1);
			} else if (q == '"') {
				if (ch == '"')
					q = 0;
				else if (ch == '\\' && i + 1 < len && strchr("\"\\$`", s[i + 1]))
					r = buf_append(&t, &s[++i], 1);
				else
					r = buf_append(&t, &ch, 1);
			} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
				break;
			} else if (ch == '\'' || ch == '"') {
				q = ch;
			} else if (ch == '\\' && i + 1 < len) {
				r = buf_append(&t, &s[++i], 1);
			} else {
				r = buf_append(&t, &ch, 1);
			}
		}
		if (r == 0 && n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct shell_word *nv = realloc(v, nc * sizeof(*nv));
			if (nv) {
				v = nv;
				cap = nc;
			} else {
				r = -ENOMEM;
			}
		}
		char *text = r == 0 ? buf_steal(&t) : NULL;
		buf_release(&t);
		if (!text) {
			shell_words_free(v, n);
			return -ENOMEM;
		}
		v[n++] = (struct shell_word){start, i, text};
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* A secret's place in a text: the span to hide, what it is, and the name it goes by. */
struct secret_span {
	size_t off, len;
	const char *what; /* "its name", "an Authorization header", a shape ... */
	char name[64];
	bool shape; /* a known secret shape (a token's own format) */
};

struct secret_spans {
	struct secret_span *v;
	size_t n, cap;
};

static int spans_add(struct secret_spans *sp, size_t off, size_t len, const char *what,
		     const char *name, size_t name_len)
{
	if (len == 0)
		return 0;
	if (sp->n == sp->cap) {
		size_t nc = sp->cap ? sp->cap * 2 : 8;
		struct secret_span *nv = realloc(sp->v, nc * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		sp->v = nv;
		sp->cap = nc;
	}
	struct secret_span *x = &sp->v[sp->n++];
	*x = (struct secret_span){off, len, what, "", false};
	if (name) {
		size_t k = name_len < sizeof(x->name) - 1 ? name_len : sizeof(x->name) - 1;
		memcpy(x->name, name, k);
		x->name[k] = '\0';
	}
	return 0;
}

static bool mysql_client(const char *word)
{
	static const char *const names[] = {"mysql",	   "mysqldump",	   "mysqladmin",
					    "mysqlimport", "mysqlshow",	   "mysqlcheck",
					    "mariadb",	   "mariadb-dump", "mariadb-admin"};
	const char *base = strrchr(word, '/');
	base = base ? base + 1 : word;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(base, names[i]) == 0)
			return true;
	return false;
}

/* The value part of word w (its span in s) after the '=' at eq: without enclosing quotes. */
static void value_span(const char *s, const struct shell_word *w, size_t eq, size_t *ret_off,
		       size_t *ret_len)
{
	size_t off = eq + 1, end = w->end;
	if (off < end && (s[off] == '"' || s[off] == '\'') && end - off >= 2 &&
	    s[end - 1] == s[off]) {
		off++;
		end--;
	} else if ((s[w->start] == '"' || s[w->start] == '\'') && end > off &&
		   s[end - 1] == s[w->start]) {
		end--; /* "NAME=value" quoted whole */
	}
	*ret_off = off;
	*ret_len = end > off ? end - off : 0;
}

/* Header names whose value is a credential, and "?name=" / "&name=" URL parameters. */
static int scan_headers_and_queries(const char *s, struct secret_spans *sp)
{
	static const char *const headers[] = {"authorization:", "proxy-authorization:",
					      "x-api-key:", "private-token:", "x-auth-token:"};
	int r = 0;
	for (size_t i = 0; s[i] && r == 0; i++) {
		for (size_t h = 0; h < ARRAY_SIZE(headers); h++) {
			size_t hl = strlen(headers[h]);
			if (strncasecmp(s + i, headers[h], hl) != 0 ||
			    (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '-')))
				continue;
			size_t k = i + hl;
			k += strspn(s + k, " \t");
			/* "Bearer", "Basic", "token": the scheme stays, the credential goes */
			size_t sl =
			    strspn(s + k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
			if (h < 2 && sl > 0 && (s[k + sl] == ' ' || s[k + sl] == '\t'))
				k += sl + strspn(s + k + sl, " \t");
			size_t vl = strcspn(s + k, " \t\n\r\"'\\");
			r = spans_add(sp, k, vl,
				      h < 2 ? "an Authorization header" : "a credential header",
				      h < 2 ? NULL : headers[h], h < 2 ? 0 : hl - 1);
			/* on to the value's last byte (the loop steps past it), or to the byte
			 * before k when the value is empty: k may be the terminating NUL */
			i = vl ? k + vl - 1 : k - 1;
			break;
		}
		if (r == 0 && (s[i] == '?' || s[i] == '&')) {
			size_t nl =
			    strspn(s + i + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
					      "vwxyz0123456789_.-");
			if (nl == 0 || nl >= 64 || s[i + 1 + nl] != '=')
				continue;
			char name[64];
			memcpy(name, s + i + 1, nl);
			name[nl] = '\0';
			size_t k = i + 1 + nl + 1;
			size_t vl = strcspn(s + k, "&# \t\n\r\"'\\");
			if (name_suggests_secret(name) && vl && s[k] != '$')
				r = spans_add(sp, k, vl, "a URL parameter", name, nl);
		}
	}
	return r;
}

/*
 * Every secret in a build step's text, by shell word (quotes understood): NAME=value and
 * --name=value / --name value whose name suggests a secret, mysql's -pPASSWORD, credential
 * headers, secret URL parameters, and known secret shapes. Heuristic, like any secret detection.
 */
static int secret_spans_find(const char *s, struct secret_spans *sp)
{
	struct shell_word *w = NULL;
	size_t n = 0;
	int r = shell_words(s, &w, &n);
	if (r < 0)
		return r;
	bool mysql = false;
	const struct shell_word *option = NULL; /* --password VALUE: the option */
	for (size_t i = 0; i < n && r == 0; i++) {
		const char *t = w[i].text;
		/* --password VALUE; but a next option is an option, not the value */
		if (option && t[0] == '-' && s[w[i].start] == '-')
			option = NULL;
		if (option) {
			const char *name = option->text + strspn(option->text, "-");
			if (value_is_literal(t))
				r = spans_add(sp, w[i].start, w[i].end - w[i].start, "its name",
					      name, strlen(name));
			option = NULL;
			continue;
		}
		mysql |= mysql_client(t);
		size_t dashes = strspn(t, "-");
		size_t nl = assignment_name_len(t + dashes);
		if (nl) {
			_cleanup_free_ char *name = xstrndup(t + dashes, nl);
			if (!name) {
				r = -ENOMEM;
				break;
			}
			if (!name_suggests_secret(name) || !value_is_literal(t + dashes + nl + 1))
				continue;
			const char *eq = memchr(s + w[i].start, '=', w[i].end - w[i].start);
			size_t off, len;
			value_span(s, &w[i], eq ? (size_t)(eq - s) : w[i].end, &off, &len);
			r = spans_add(sp, off, len, "its name", name, nl);
		} else if (mysql && t[0] == '-' && t[1] == 'p' && t[2] && s[w[i].start] == '-') {
			r = spans_add(sp, w[i].start + 2, w[i].end - w[i].start - 2,
				      "a password option (-p)", "-p", 2);
		} else if (dashes && t[dashes] && !strchr(t, '=')) {
			_cleanup_free_ char *name = xstrdup(t + dashes);
			if (!name) {
				r = -ENOMEM;
				break;
			}
			if (strlen(name) > 1 && name_suggests_secret(name))
				option = &w[i];
		}
	}
	shell_words_free(w, n);
	if (r == 0)
		r = scan_headers_and_queries(s, sp);
	struct shape_match m;
	for (size_t at = 0; r == 0 && shape_find(s, at, &m); at = m.off + (m.len ? m.len : 1))
		if ((r = spans_add(sp, m.off, m.len, m.what, NULL, 0)) == 0 && m.len)
			sp->v[sp->n - 1].shape = true;
	return r;
}

static int span_cmp(const void *a, const void *b)
{
	const struct secret_span *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * A copy of text fit to quote, every secret_spans_find span replaced by "<redacted>". It keeps
 * the checks that quote build steps (4.7, 4.9) from printing what 4.10 is about.
 */
char *images_redact(const char *text)
{
	struct secret_spans sp = {0};
	size_t len = strlen(text);
	int r = secret_spans_find(text, &sp);
	if (r < 0) {
		free(sp.v);
		return NULL;
	}
	if (sp.n) /* qsort(NULL, 0) is undefined */
		qsort(sp.v, sp.n, sizeof(*sp.v), span_cmp);
	struct buf b;
	buf_init(&b, len + 11 * (sp.n + 1) + 64);
	size_t at = 0;
	for (size_t i = 0; i < sp.n && r == 0; i++) {
		size_t end = sp.v[i].off + sp.v[i].len;
		if (end <= at)
			continue; /* inside a span already hidden */
		if (sp.v[i].off > at)
			r = buf_append(&b, text + at, sp.v[i].off - at);
		if (r == 0 && sp.v[i].off >= at)
			r = buf_puts(&b, "<redacted>");
		at = end > len ? len : end;
	}
	if (r == 0)
		r = buf_puts(&b, text + at);
	free(sp.v);
	if (r < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* A build step quoted for a detail: redacted, cut, as "KEYWORD body". */
static char *quote_step(const struct image_step *st)
{
	_cleanup_free_ char *body = images_redact(st->body ? st->body : "");
	if (!body)
		return NULL;
	return quote_cut(xasprintf("%s%s%s", st->keyword, *st->keyword ? " " : "", body));
}

/*
 * The docker CLI turns content trust on for any non-empty DOCKER_CONTENT_TRUST that is not a
 * false boolean in Go's strconv.ParseBool sense ("0", "f", "false" in any of its spellings).
 */
static bool content_trust_value_enables(const char *v)
{
	static const char *const falses[] = {"0", "f", "F", "false", "FALSE", "False"};
	if (!v || !*v)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(falses); i++)
		if (strcmp(v, falses[i]) == 0)
			return false;
	return true;
}

static int content_trust_enabled(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const char *v = ctx_getenv(ctx, "DOCKER_CONTENT_TRUST");
	if (content_trust_value_enables(v))
		return result_pass(
		    res, "DOCKER_CONTENT_TRUST=%s is set in the environment of this audit", v);
	int r = result_add(
	    res, &(struct finding_spec){
		     .kind = "host",
		     .name = "DOCKER_CONTENT_TRUST",
		     .detail =
			 v ? "set to a false value in the environment of this audit"
			   : "not set in the environment of this audit (note: sudo drops it unless "
			     "kept with sudo -E or env_keep)",
		     .source = "env",
		     .value = v,
		 });
	if (r < 0)
		return r;
	return result_fail(res, "content trust is %s in the environment of this audit",
			   v ? "disabled" : "not enabled");
}

/* ---- 4.1: a non-root user ---- */

/*
 * Does a Config.User value run the process as root? "" (Docker's default), "root", "0" (also
 * "00"), with any group: "0:0", "root:root", "0:1000", and ":group" (no user part).
 */
static bool user_is_root(const char *user)
{
	size_t n = strcspn(user, ":");
	if (n == 0)
		return true;
	if (n == 4 && strncmp(user, "root", 4) == 0)
		return true;
	return strspn(user, "0") == n;
}

/* Config.User of an inspection (image or container); -EBADMSG when it is not a string. An
 * absent or empty user is root. */
static int config_user(const struct opt_str *u, const char **ret)
{
	if (u->state == FIELD_INVALID)
		return -EBADMSG;
	*ret = u->state == FIELD_SET ? u->v : "";
	return 0;
}

struct user_tally {
	size_t images, images_failed, images_error;
	size_t containers, containers_failed, containers_error;
	size_t by_proc, by_config;
	const char *proc_why; /* why /proc could not tell, the first time */
	size_t without_useradd; /* failing images known to have no useradd (BusyBox, Alpine) */
};

/*
 * How a container of a non-root image runs: 1 as root (with *ret_detail), 0 not, negative
 * errno when it cannot be judged.
 */
static int container_user_root(struct audit_ctx *ctx, const struct container *c,
			       struct user_tally *t, char **ret_detail, char **ret_value,
			       const char **ret_source)
{
	*ret_source = "api";
	const char *user;
	if (config_user(&c->inspect->config_user, &user) < 0) {
		*ret_detail = xstrdup("Config.User is not a string");
		return -EBADMSG;
	}
	if (c->running) {
		const struct proc_user *pu = ctx_container_proc_user(ctx, c);
		if (!pu)
			return -ENOMEM;
		if (pu->error == 0) {
			t->by_proc++;
			if (pu->uid != 0)
				return 0;
			if (pu->remapped)
				*ret_detail =
				    xasprintf("PID 1 runs as uid 0 inside its user namespace "
					      "(host uid %u; /proc/%lld/status), "
					      "Config.User=%s",
					      (unsigned)pu->host_uid, (long long)pu->pid, user);
			else
				*ret_detail = xasprintf("PID 1 runs as uid 0 (effective uid in "
							"/proc/%lld/status), Config.User=%s",
							(long long)pu->pid, user);
			*ret_value = xstrdup("0");
			*ret_source = "kernel";
			return *ret_detail && *ret_value ? 1 : -ENOMEM;
		}
		t->by_config++;
		if (!t->proc_why)
			t->proc_why = pu->why;
		if (!user_is_root(user))
			return 0;
		*ret_detail =
		    xasprintf("Config.User=%s (judged from the configuration: %s)", user, pu->why);
	} else {
		t->by_config++;
		if (!user_is_root(user))
			return 0;
		*ret_detail = xasprintf("Config.User=%s (not running)", user);
	}
	*ret_value = xstrdup(user);
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

/*
 * Running containers of a root image whose PID 1 is not root: *ret_drops dropped to another uid
 * themselves (gosu, su-exec ...: the entrypoint and docker exec still start as root), *ret_users
 * were started as another user (docker run -u: Config.User is not root, so the entrypoint and
 * docker exec start as that user; *ret_user is the first one's).
 */
static void containers_not_root(struct audit_ctx *ctx, const struct image *img, size_t *ret_drops,
				size_t *ret_users, const char **ret_user)
{
	const struct container *const *of;
	size_t nof = 0;
	*ret_drops = *ret_users = 0;
	*ret_user = NULL;
	if (ctx_containers_of_image(ctx, img->id, &of, &nof) < 0)
		return;
	for (size_t i = 0; i < nof; i++) {
		if (!of[i]->running || !of[i]->inspect)
			continue;
		const struct proc_user *pu = ctx_container_proc_user(ctx, of[i]);
		if (!pu || pu->error != 0 || pu->uid == 0)
			continue;
		const char *user = NULL;
		if (config_user(&of[i]->inspect->config_user, &user) == 0 && !user_is_root(user)) {
			if ((*ret_users)++ == 0)
				*ret_user = user;
		} else {
			(*ret_drops)++;
		}
	}
}

/*
 * The image is BusyBox or Alpine based, as its name or history shows (an Alpine root file
 * system added, apk run, a busybox image): it has no useradd or groupadd, so its fix is a
 * numeric USER. false when nothing says so (the image's files are not read).
 */
static bool image_without_useradd(struct audit_ctx *ctx, const struct image *img)
{
	static const char *const repos[] = {"busybox", "alpine"};
	const char *name = img->name ? img->name : "";
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	for (size_t i = 0; i < ARRAY_SIZE(repos); i++) {
		size_t n = strlen(repos[i]);
		if (strncmp(base, repos[i], n) == 0 && (base[n] == ':' || base[n] == '\0'))
			return true;
	}
	const struct image_steps *st = NULL;
	const char *err = NULL;
	if (ctx_image_steps(ctx, img, &st, &err) < 0 || !st)
		return false;
	for (size_t i = 0; i < st->n; i++) {
		const char *b = st->steps[i].body ? st->steps[i].body : "";
		if (strstr(b, "alpine-minirootfs") || strstr(b, "apk add") ||
		    strstr(b, "apk update") || strstr(b, "busybox"))
			return true;
	}
	return false;
}

static int judge_image_user(struct audit_ctx *ctx, struct result *res, const struct image *img,
			    bool with_containers, struct user_tally *t)
{
	const char *user;
	if (config_user(&img->inspect->config_user, &user) < 0) {
		t->images_error++;
		return add_image_finding(
		    res, img, "could not be judged: Config.User is not a string", NULL, true);
	}
	if (user_is_root(user)) {
		t->images_failed++;
		t->without_useradd += image_without_useradd(ctx, img);
		size_t drops = 0, users = 0;
		const char *as = NULL;
		if (with_containers)
			containers_not_root(ctx, img, &drops, &users, &as);
		_cleanup_free_ char *dn =
		    drops
			? xasprintf("; PID 1 of %s drops to a non-root uid, but the "
				    "entrypoint and docker exec still start as root",
				    drops == 1 ? "its running container" : "its running containers")
			: xstrdup("");
		/* started with -u: that container is not root, any other one started without it is
		 */
		_cleanup_free_ char *un =
		    users ? xasprintf("; %s started as user %s%s (docker run -u), so %s entrypoint "
				      "and docker exec run as that user, but a container started "
				      "without -u runs as root",
				      users == 1 ? "its running container is"
						 : "its running containers are",
				      as, users == 1 ? "" : " and others",
				      users == 1 ? "its" : "their")
			  : xstrdup("");
		_cleanup_free_ char *d = dn && un ? xasprintf("User=%s%s%s%s", user,
							      *user ? "" : " (empty: root)", dn, un)
						  : NULL;
		if (!d)
			return -ENOMEM;
		return add_image_finding(res, img, d, user, false);
	}
	/* the image sets a user: do its containers keep it? (-u 0 overrides it) */
	const struct container *const *of = NULL;
	size_t nof = 0;
	if (with_containers) {
		int r = ctx_containers_of_image(ctx, img->id, &of, &nof);
		if (r == -ENOMEM)
			return r;
	}
	for (size_t i = 0; i < nof; i++) {
		const struct container *c = of[i];
		t->containers++;
		_cleanup_free_ char *detail = NULL, *value = NULL;
		const char *source = "api";
		int v = container_user_root(ctx, c, t, &detail, &value, &source);
		if (v == -ENOMEM)
			return v;
		if (v == 0)
			continue;
		if (v > 0)
			t->containers_failed++;
		else
			t->containers_error++;
		int r = result_add(res, &(struct finding_spec){
					    .kind = "container",
					    .id = c->id,
					    .name = c->name,
					    .detail = detail ? detail : "could not be judged",
					    .source = source,
					    .value = value,
					    .error = v < 0,
					});
		if (r < 0)
			return r;
	}
	return 0;
}

static int containers_run_as_non_root(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	const struct image *imgs;
	size_t n;
	const char *err = NULL;
	int r = ctx_images(ctx, &imgs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list images: %s", err ? err : strerror(-r));

	/* the image command judges images alone; a host audit also the containers in scope */
	const struct container *cs = NULL;
	size_t nc = 0;
	const char *cerr = NULL;
	int cr = 0;
	if (!ctx_image_names_given(ctx))
		cr = ctx_containers(ctx, &cs, &nc, &cerr);
	if (cr < 0) {
		cs = NULL;
		nc = 0;
	}

	struct user_tally t = {.images = n};
	for (size_t i = 0; i < n; i++) {
		if (!imgs[i].inspect) {
			t.images_error++;
			r = add_image_error(res, &imgs[i], imgs[i].error_msg);
		} else {
			r = judge_image_user(ctx, res, &imgs[i], cs != NULL, &t);
		}
		if (r < 0)
			return r;
	}
	/* containers that vanished cannot be tied to an image: say they were not judged */
	for (size_t i = 0; i < nc; i++) {
		if (cs[i].inspect)
			continue;
		t.containers_error++;
		_cleanup_free_ char *d =
		    xasprintf("could not be inspected: %s",
			      cs[i].error_msg ? cs[i].error_msg : strerror(-cs[i].error));
		r = result_add(res,
			       &(struct finding_spec){.kind = "container",
						      .id = cs[i].id,
						      .name = cs[i].name,
						      .detail = d ? d : "could not be inspected",
						      .source = "api",
						      .error = true});
		if (r < 0)
			return r;
	}

	_cleanup_free_ char *how = NULL;
	if (cr < 0)
		how = xasprintf("; containers not judged: cannot list them: %s", cerr ? cerr : "");
	else if (t.containers && t.by_config && t.proc_why)
		how = xasprintf("; of the containers of non-root images, %zu judged by the "
				"effective uid of PID 1 in /proc, %zu by Config.User (%s)",
				t.by_proc, t.by_config, t.proc_why);
	else if (t.containers)
		how = xasprintf("; %zu container%s of non-root images checked by the effective "
				"uid of PID 1 in /proc%s",
				t.containers, t.containers == 1 ? "" : "s",
				t.by_config ? " or, when not running, by Config.User" : "");
	const char *h = how ? how : "";
	/* every image to fix is BusyBox or Alpine based: only a numeric USER works there */
	if (t.images_failed && t.without_useradd == t.images_failed &&
	    result_fact(res, "user-fix",
			"  USER 65532:65532\n"
			"(a numeric user and group: the images to fix are BusyBox or Alpine based "
			"and have no useradd or groupadd, and a numeric USER needs no entry in "
			"/etc/passwd)") < 0)
		return -ENOMEM;
	if (t.images_failed || t.containers_failed) {
		if (t.images_failed && t.containers_failed)
			return result_fail(res,
					   "%zu of %zu images run as root by default, and %zu "
					   "container%s of non-root images run%s as uid 0%s",
					   t.images_failed, n, t.containers_failed,
					   t.containers_failed == 1 ? "" : "s",
					   t.containers_failed == 1 ? "s" : "", h);
		if (t.images_failed)
			return result_fail(res,
					   "%zu of %zu image%s run%s as root by default (no "
					   "non-root USER)%s",
					   t.images_failed, n, n == 1 ? "" : "s",
					   t.images_failed == 1 ? "s" : "", h);
		return result_fail(res,
				   "%zu container%s of non-root images run%s as uid 0 (docker "
				   "run -u 0 or --user root)%s",
				   t.containers_failed, t.containers_failed == 1 ? "" : "s",
				   t.containers_failed == 1 ? "s" : "", h);
	}
	if (t.images_error || t.containers_error || cr < 0)
		return result_error(res, "%zu image%s and %zu container%s could not be judged%s",
				    t.images_error, t.images_error == 1 ? "" : "s",
				    t.containers_error, t.containers_error == 1 ? "" : "s", h);
	if (n == 0)
		return result_pass(res, "no images to check");
	return result_pass(res, "%s %zu image%s set%s a non-root USER%s", n == 1 ? "the" : "all", n,
			   n == 1 ? "" : "s", n == 1 ? "s" : "", h);
}

/* ---- 4.2: trusted base images, against the user's policy ---- */

#define TRUSTED_ENV "DOCKER_AUDIT_TRUSTED_IMAGES"

/* The reference as Docker Hub spells it in full ("busybox:1" -> "docker.io/library/busybox:1"),
 * NULL when it already names a registry. */
static char *reference_qualified(const char *ref)
{
	const char *slash = strchr(ref, '/');
	if (!slash)
		return xasprintf("docker.io/library/%s", ref);
	size_t n = (size_t)(slash - ref);
	if (memchr(ref, '.', n) || memchr(ref, ':', n) || (n == 9 && !strncmp(ref, "localhost", 9)))
		return NULL;
	return xasprintf("docker.io/%s", ref);
}

/* The repository of a reference, without its tag or digest. */
static char *reference_repository(const char *ref)
{
	const char *at = strchr(ref, '@');
	if (at)
		return xstrndup(ref, (size_t)(at - ref));
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');
	return xstrndup(ref, colon ? (size_t)(colon - ref) : strlen(ref));
}

/* A pattern matches a reference as shown, in full, or (without a tag) its repository. */
static bool reference_trusted(const char *ref, char *const *patterns)
{
	_cleanup_free_ char *full = reference_qualified(ref);
	_cleanup_free_ char *repo = reference_repository(ref);
	_cleanup_free_ char *full_repo = full ? reference_repository(full) : NULL;
	const char *cands[] = {ref, full, repo, full_repo};
	for (char *const *p = patterns; *p; p++)
		for (size_t i = 0; i < ARRAY_SIZE(cands); i++)
			if (cands[i] && glob_match(*p, cands[i]))
				return true;
	return false;
}

/* The image's names: RepoTags and RepoDigests, without Docker's "<none>" placeholders. */
static int image_references(const struct image *img, char ***ret)
{
	/* the inspection's names, else (an older answer without them) the list's */
	const struct opt_strv *fields[] = {&img->inspect->repo_tags, &img->inspect->repo_digests};
	const struct opt_strv *from_list[] = {&img->summary->repo_tags, NULL};
	size_t n = 0;
	char **v = NULL;
	for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
		const struct opt_strv *arr = fields[f];
		if (arr->state != FIELD_SET)
			arr = from_list[f];
		for (uint32_t k = 0; arr && arr->state == FIELD_SET && k < arr->n; k++) {
			const char *item = arr->v[k];
			if (!item || str_startswith(item, "<none>"))
				continue;
			char **nv = realloc(v, (n + 2) * sizeof(*nv));
			if (!nv) {
				strv_free(v);
				return -ENOMEM;
			}
			v = nv;
			v[n] = xstrdup(item);
			v[++n] = NULL;
		}
	}
	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	*ret = v;
	return 0;
}

static int image_trusted(struct audit_ctx *ctx, const struct image *img, const void *arg,
			 char **ret_detail, char **ret_value)
{
	char *const *patterns = arg;
	_cleanup_strv_free_ char **refs = NULL;
	int r = image_references(img, &refs);
	if (r < 0)
		return r;
	for (char **p = refs; *p; p++)
		if (reference_trusted(*p, patterns))
			return 0;
	if (!refs[0]) {
		*ret_detail = xstrdup("untagged and without a registry digest: where it came from "
				      "cannot be told");
		return *ret_detail ? 1 : -ENOMEM;
	}
	size_t n = strv_length(refs);
	struct buf b;
	buf_init(&b, DETAIL_MAX);
	for (size_t i = 0; i < n && i < 4 && r == 0; i++)
		r = buf_printf(&b, "%s%s", i ? ", " : "", refs[i]);
	if (r == 0 && n > 4)
		r = buf_printf(&b, " and %zu more", n - 4);
	if (r == 0)
		r = buf_puts(&b,
			     n > 1 ? " match no trusted pattern" : " matches no trusted pattern");
	/* past DETAIL_MAX (hostile names) the detail is cut, not lost */
	*ret_detail = r == 0 || r == -E2BIG ? buf_steal(&b) : NULL;
	buf_release(&b);
	return *ret_detail ? 1 : -ENOMEM;
}

static int count_images(struct audit_ctx *ctx, size_t *ret)
{
	const struct image *imgs;
	return ctx_images(ctx, &imgs, ret, NULL);
}

/* ---- 4.6: HEALTHCHECK ---- */

static int image_healthcheck(struct audit_ctx *ctx, const struct image *img, const void *arg,
			     char **ret_detail, char **ret_value)
{
	const struct image_inspect *ii = img->inspect;
	if (field_unset(ii->healthcheck_state) && img->healthcheck_error) {
		/* Podman: the compat inspect drops it; without the native one it is unknown */
		*ret_detail = xstrdup(img->healthcheck_error);
		return *ret_detail ? -EBADMSG : -ENOMEM;
	}
	if (field_unset(ii->healthcheck_state)) {
		*ret_detail = xstrdup("no HEALTHCHECK (Config.Healthcheck is absent)");
		return *ret_detail ? 1 : -ENOMEM;
	}
	const struct opt_strv *test = &ii->healthcheck_test;
	if (ii->healthcheck_state != FIELD_SET || test->state == FIELD_INVALID) {
		*ret_detail = xstrdup("Config.Healthcheck has an unexpected type");
		return -EBADMSG;
	}
	uint32_t ntest = test->state == FIELD_SET ? test->n : 0;
	if (ntest > 0 && !test->v[0]) {
		*ret_detail = xstrdup("Config.Healthcheck.Test holds a non-string");
		return -EBADMSG;
	}
	const char *kind = ntest > 0 ? test->v[0] : "";
	if (strcmp(kind, "NONE") == 0) {
		*ret_detail = xstrdup("HEALTHCHECK NONE (Healthcheck.Test=[\"NONE\"] disables the "
				      "base image's check)");
		*ret_value = xstrdup("NONE");
		return *ret_detail && *ret_value ? 1 : -ENOMEM;
	}
	if ((strcmp(kind, "CMD") == 0 || strcmp(kind, "CMD-SHELL") == 0) && ntest > 1)
		return 0;
	*ret_detail = xasprintf("no usable HEALTHCHECK (Healthcheck.Test %s)",
				*kind ? "is not CMD or CMD-SHELL with a command" : "is empty");
	return *ret_detail ? 1 : -ENOMEM;
}

/* ---- build steps: package managers (4.7, 4.11) ---- */

enum pkg_op {
	PKG_NONE = 0,
	PKG_UPDATE = 1u << 0, /* refreshes the package index (or upgrades everything) */
	PKG_INSTALL = 1u << 1, /* installs or upgrades named packages */
};

#define WORDS_MAX 64

/* Words that may precede the command itself. */
static bool command_prefix(const char *w)
{
	static const char *const pre[] = {"sudo",  "env", "command", "exec", "nohup", "time",
					  "then",  "do",  "else",    "elif", "if",    "while",
					  "until", "!",	  "{",	     "xargs"};
	for (size_t i = 0; i < ARRAY_SIZE(pre); i++)
		if (strcmp(w, pre[i]) == 0)
			return true;
	return false;
}

/* Options of apt/yum/dnf/zypper that take the next word as their value. */
static bool option_takes_value(const char *w)
{
	static const char *const opts[] = {"-o",
					   "-c",
					   "-t",
					   "-x",
					   "-R",
					   "-e",
					   "-d",
					   "--setopt",
					   "--exclude",
					   "--enablerepo",
					   "--disablerepo",
					   "--installroot",
					   "--releasever",
					   "--root",
					   "--config"};
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

static bool word_in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* What one simple command does to packages. */
static unsigned package_op(char **w, size_t n)
{
	size_t i = 0;
	while (i < n && (command_prefix(w[i]) || (w[i][0] != '-' && assignment_name_len(w[i])) ||
			 (i > 0 && w[i][0] == '-' &&
			  (strcmp(w[i - 1], "sudo") == 0 || strcmp(w[i - 1], "env") == 0))))
		i++;
	if (i >= n)
		return PKG_NONE;
	const char *tool = strrchr(w[i], '/') ? strrchr(w[i], '/') + 1 : w[i];
	/* pacman: -Sy refreshes, -S/-Syu with packages installs */
	if (strcmp(tool, "pacman") == 0) {
		unsigned op = PKG_NONE;
		bool pkgs = false, sync = false, refresh = false, upgrade = false;
		for (size_t k = i + 1; k < n; k++) {
			if (w[k][0] == '-' && w[k][1] != '-') {
				sync |= strchr(w[k], 'S') != NULL;
				refresh |= strchr(w[k], 'y') != NULL;
				upgrade |= strchr(w[k], 'u') != NULL;
			} else if (w[k][0] != '-') {
				pkgs = true;
			}
		}
		if (sync && refresh)
			op |= PKG_UPDATE;
		if (sync && (pkgs || upgrade))
			op |= PKG_INSTALL;
		return op;
	}
	size_t k = i + 1;
	while (k < n && w[k][0] == '-')
		k += option_takes_value(w[k]) ? 2 : 1;
	if (k >= n)
		return PKG_NONE;
	const char *sub = w[k];
	bool pkgs = false;
	for (size_t j = k + 1; j < n && !pkgs; j++)
		pkgs = w[j][0] != '-';

	static const char *const apt_update[] = {"update"};
	static const char *const apt_install[] = {"install",	  "upgrade",   "dist-upgrade",
						  "full-upgrade", "build-dep", "reinstall"};
	static const char *const apk_install[] = {"add", "upgrade", "fix"};
	static const char *const yum_update[] = {"makecache", "check-update"};
	static const char *const yum_install[] = {"install", "groupinstall", "localinstall",
						  "reinstall", "group"};
	static const char *const zyp_update[] = {"refresh", "ref"};
	static const char *const zyp_install[] = {"install",	  "in",	 "update", "up",
						  "dist-upgrade", "dup", "patch"};
	if (!strcmp(tool, "apt-get") || !strcmp(tool, "apt") || !strcmp(tool, "aptitude")) {
		if (word_in(sub, apt_update, ARRAY_SIZE(apt_update)))
			return PKG_UPDATE;
		if (word_in(sub, apt_install, ARRAY_SIZE(apt_install)))
			return PKG_INSTALL;
	} else if (!strcmp(tool, "apk")) {
		if (!strcmp(sub, "update"))
			return PKG_UPDATE;
		if (word_in(sub, apk_install, ARRAY_SIZE(apk_install)))
			return PKG_INSTALL;
	} else if (!strcmp(tool, "yum") || !strcmp(tool, "dnf") || !strcmp(tool, "microdnf") ||
		   !strcmp(tool, "tdnf")) {
		if (word_in(sub, yum_update, ARRAY_SIZE(yum_update)))
			return PKG_UPDATE;
		if (!strcmp(sub, "update") || !strcmp(sub, "upgrade"))
			return pkgs ? PKG_INSTALL : PKG_UPDATE; /* everything, or named packages */
		if (word_in(sub, yum_install, ARRAY_SIZE(yum_install)))
			return PKG_INSTALL;
	} else if (!strcmp(tool, "zypper")) {
		if (word_in(sub, zyp_update, ARRAY_SIZE(zyp_update)))
			return PKG_UPDATE;
		if (word_in(sub, zyp_install, ARRAY_SIZE(zyp_install)))
			return PKG_INSTALL;
	}
	return PKG_NONE;
}

/*
 * What a shell command does to packages: the union over its simple commands (split at ; & |
 * ( ) ` and newlines outside quotes; quotes and backslashes removed from the words). A command
 * inside a string (echo "apt-get update") is a word, not a command.
 */
static unsigned shell_package_ops(const char *cmd)
{
	size_t len = strlen(cmd);
	_cleanup_free_ char *out = malloc(2 * len + 2);
	if (!out)
		return PKG_NONE;
	char *words[WORDS_MAX];
	size_t nw = 0, o = 0;
	bool in_word = false;
	char quote = 0;
	unsigned ops = PKG_NONE;
	for (const char *p = cmd;; p++) {
		char c = *p;
		if (quote && c != '\0') {
			if (c == quote) {
				quote = 0;
			} else {
				if (c == '\\' && quote == '"' && p[1])
					c = *++p;
				out[o++] = c;
			}
			continue;
		}
		if (c == '\\' && p[1] == '\n') {
			p++;
			c = ' ';
		} else if (c == '\\' && p[1]) {
			c = *++p;
			if (!in_word) {
				in_word = true;
				if (nw < WORDS_MAX)
					words[nw++] = out + o;
			}
			out[o++] = c;
			continue;
		}
		bool sep = c == '\0' || strchr(";&|()`\n", c) != NULL;
		bool space = c == ' ' || c == '\t' || c == '\r';
		if (sep || space) {
			if (in_word) {
				out[o++] = '\0';
				in_word = false;
			}
			if (sep) {
				ops |= package_op(words, nw);
				nw = 0;
			}
			if (c == '\0')
				break;
			continue;
		}
		if (!in_word) {
			in_word = true;
			if (nw < WORDS_MAX)
				words[nw++] = out + o;
		}
		if (c == '\'' || c == '"')
			quote = c;
		else
			out[o++] = c;
	}
	return ops;
}

/* ---- 4.7: update instructions not alone ---- */

/*
 * Steps the image's own Dockerfile added: what lies at or below the nearest locally tagged
 * ancestor is judged when that image is.
 */
static bool step_own(const struct image_step *st)
{
	return !st->inherited;
}

static int steps_or_error(struct audit_ctx *ctx, const struct image *img,
			  const struct image_steps **ret, char **ret_detail)
{
	const char *err = NULL;
	int r = ctx_image_steps(ctx, img, ret, &err);
	if (r < 0)
		*ret_detail = xasprintf("history: %s", err ? err : strerror(-r));
	return r;
}

/* One offending step quoted, and how many more there are. */
static int detail_steps(const struct image_steps *s, const struct image_step *first, size_t count,
			const char *why, char **ret_detail)
{
	_cleanup_free_ char *q = quote_step(first);
	if (!q)
		return -ENOMEM;
	if (count > 1)
		*ret_detail =
		    xasprintf("%s (history step %zu of %zu: %s; and %zu more such step%s)", q,
			      first->number, s->n, why, count - 1, count == 2 ? "" : "s");
	else
		*ret_detail =
		    xasprintf("%s (history step %zu of %zu: %s)", q, first->number, s->n, why);
	return *ret_detail ? 1 : -ENOMEM;
}

static int image_update_alone(struct audit_ctx *ctx, const struct image *img, const void *arg,
			      char **ret_detail, char **ret_value)
{
	const struct image_steps *s;
	int r = steps_or_error(ctx, img, &s, ret_detail);
	if (r < 0)
		return r;
	const struct image_step *first = NULL;
	size_t count = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct image_step *st = &s->steps[i];
		if (st->kind != IMAGE_STEP_RUN || !step_own(st))
			continue;
		unsigned ops = shell_package_ops(st->body);
		if ((ops & PKG_UPDATE) && !(ops & PKG_INSTALL)) {
			if (!first)
				first = st;
			count++;
		}
	}
	if (!first)
		return 0;
	return detail_steps(s, first, count, "updates packages without installing in the same RUN",
			    ret_detail);
}

/* ---- 4.9: COPY rather than ADD ---- */

/*
 * The base image's root filesystem: the oldest step that adds content, when it is an ADD into
 * "/" ("ADD file:<hash> in /", "ADD rootfs.tar.xz /"), whatever its source form (file:,
 * multi:, a tar name).
 */
static const struct image_step *base_rootfs_step(const struct image_steps *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct image_step *st = &s->steps[i];
		if (st->kind != IMAGE_STEP_ADD && st->kind != IMAGE_STEP_COPY &&
		    st->kind != IMAGE_STEP_RUN)
			continue;
		if (st->kind != IMAGE_STEP_ADD)
			return NULL;
		const char *b = st->body;
		return (str_endswith(b, " /") || strcmp(b, "/") == 0) ? st : NULL;
	}
	return NULL;
}

static int image_add_used(struct audit_ctx *ctx, const struct image *img, const void *arg,
			  char **ret_detail, char **ret_value)
{
	const struct image_steps *s;
	int r = steps_or_error(ctx, img, &s, ret_detail);
	if (r < 0)
		return r;
	const struct image_step *base = base_rootfs_step(s), *first = NULL;
	size_t count = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct image_step *st = &s->steps[i];
		if (st->kind != IMAGE_STEP_ADD || st == base || !step_own(st))
			continue;
		if (!first)
			first = st;
		count++;
	}
	if (!first)
		return 0;
	return detail_steps(s, first, count, "ADD fetches URLs and unpacks archives; COPY does not",
			    ret_detail);
}

/* ---- 4.11: package signature checks not turned off ---- */

static const char *verification_disabled(const char *cmd)
{
	static const char *const flags[] = {
	    "--allow-unauthenticated",
	    "--allow-insecure-repositories",
	    "AllowUnauthenticated=true",
	    "AllowInsecureRepositories=true",
	    "[trusted=yes]",
	    "--allow-untrusted",
	    "--nogpgcheck",
	    "--no-gpg-checks",
	    "gpgcheck=0",
	    "--no-gpgcheck",
	    "--skip-signature-check",
	};
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (strstr(cmd, flags[i]))
			return flags[i];
	return NULL;
}

static int image_unverified_packages(struct audit_ctx *ctx, const struct image *img,
				     const void *arg, char **ret_detail, char **ret_value)
{
	const struct image_steps *s;
	int r = steps_or_error(ctx, img, &s, ret_detail);
	if (r < 0)
		return r;
	const struct image_step *first = NULL;
	const char *flag = NULL;
	size_t count = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct image_step *st = &s->steps[i];
		const char *f = st->kind == IMAGE_STEP_RUN ? verification_disabled(st->body) : NULL;
		if (!f)
			continue;
		if (!first) {
			first = st;
			flag = f;
		}
		count++;
	}
	if (!first)
		return 0;
	_cleanup_free_ char *why = xasprintf("%s turns package signature checks off", flag);
	if (!why)
		return -ENOMEM;
	return detail_steps(s, first, count, why, ret_detail);
}

/* ---- 4.10: secrets in the image's configuration and history ---- */

/* Where secrets were seen in one image: unique phrases, and keys already reported. */
struct hits {
	char **where;
	size_t n, cap;
	char **keys;
	size_t nk, capk;
};

static void hits_release(struct hits *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->where[i]);
	for (size_t i = 0; i < h->nk; i++)
		free(h->keys[i]);
	free(h->where);
	free(h->keys);
}

static int push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (!s)
		return -ENOMEM;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		char **p = realloc(*v, nc * sizeof(*p));
		if (!p) {
			free(s);
			return -ENOMEM;
		}
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = s;
	return 0;
}

/* Record a place, once per key (NULL: no dedup beyond the phrase itself). */
static int hits_add(struct hits *h, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int hits_add(struct hits *h, const char *key, const char *fmt, ...)
{
	if (key) {
		for (size_t i = 0; i < h->nk; i++)
			if (strcmp(h->keys[i], key) == 0)
				return 0;
		int r = push(&h->keys, &h->nk, &h->capk, xstrdup(key));
		if (r < 0)
			return r;
	}
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->where[i], s) == 0) {
			free(s);
			return 0;
		}
	return push(&h->where, &h->n, &h->cap, s);
}

/* Why NAME=value looks like a secret ("name" or a value shape), NULL when it does not. */
static const char *pair_secret(const char *name, const char *value)
{
	struct shape_match m;
	if (value && shape_find(value, 0, &m))
		return m.what;
	if (name_suggests_secret(name) && value_is_literal(value))
		return "its name";
	return NULL;
}

static int hit_pair(struct hits *h, const char *kind, const char *key_kind, const char *name,
		    const char *value, size_t step)
{
	const char *why = pair_secret(name, value);
	if (!why)
		return 0;
	_cleanup_free_ char *key = xasprintf("%s:%s", key_kind, name);
	if (!key)
		return -ENOMEM;
	const char *because = strcmp(why, "its name") == 0 ? "named like a secret" : "holds ";
	const char *what = strcmp(why, "its name") == 0 ? "" : why;
	if (step)
		return hits_add(h, key, "%s %s at history step %zu (%s%s)", kind, name, step,
				because, what);
	return hits_add(h, key, "%s %s (%s%s)", kind, name, because, what);
}

/* NAME=value words of an ENV/LABEL/ARG body or a command (quotes stripped from both ends). */
static int hit_assignments(struct hits *h, const char *kind, const char *key_kind, const char *body,
			   size_t step)
{
	_cleanup_strv_free_ char **words = NULL;
	_cleanup_free_ char *flat = xstrdup(body);
	if (!flat)
		return -ENOMEM;
	for (char *p = flat; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	int n = str_split(flat, ' ', &words);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		char *w = words[i] + strspn(words[i], "\"'-");
		char *eq = strchr(w, '=');
		if (!eq || eq == w)
			continue;
		*eq = '\0';
		char *name = w, *value = eq + 1;
		size_t nl = strlen(name);
		while (nl && (name[nl - 1] == '"' || name[nl - 1] == '\''))
			name[--nl] = '\0';
		value += strspn(value, "\"'");
		size_t vl = strlen(value);
		while (vl && (value[vl - 1] == '"' || value[vl - 1] == '\''))
			value[--vl] = '\0';
		if (!*name || !assignment_name_len(words[i] + strspn(words[i], "\"'-")))
			continue;
		int r = hit_pair(h, kind, key_kind, name, value, step);
		if (r < 0)
			return r;
	}
	/* the legacy "ENV NAME value" form */
	if (n >= 2 && !strchr(words[0], '=') && strcmp(kind, "ENV") == 0) {
		const char *rest = body + strcspn(body, " ");
		rest += strspn(rest, " ");
		return hit_pair(h, kind, key_kind, words[0], rest, step);
	}
	return 0;
}

/* What images_redact hides in a step (RUN, ADD, ...), each named without its value. */
static int hit_spans(struct hits *h, const struct image_step *st)
{
	struct secret_spans sp = {0};
	int r = secret_spans_find(st->body ? st->body : "", &sp);
	const char *kw = *st->keyword ? st->keyword : "build step";
	for (size_t i = 0; i < sp.n && r == 0; i++) {
		const struct secret_span *x = &sp.v[i];
		/* a known shape inside a header or an assignment says more: name that alone */
		bool covered = false;
		for (size_t j = 0; j < sp.n && !covered; j++)
			covered = j != i && sp.v[j].shape && (!x->shape || j < i) &&
				  sp.v[j].off < x->off + x->len &&
				  x->off < sp.v[j].off + sp.v[j].len;
		if (covered)
			continue;
		_cleanup_free_ char *key =
		    xasprintf("step:%zu:%s:%s", st->number, x->what, x->name);
		if (!key) {
			r = -ENOMEM;
		} else if (strcmp(x->what, "its name") == 0) {
			r = hits_add(h, key, "%s uses %s at history step %zu (named like a secret)",
				     kw, x->name, st->number);
		} else if (x->name[0]) {
			r = hits_add(h, key, "%s at history step %zu (holds %s: %s)", kw,
				     st->number, x->what, x->name);
		} else {
			r = hits_add(h, key, "%s at history step %zu (holds %s)", kw, st->number,
				     x->what);
		}
	}
	free(sp.v);
	return r;
}

static int scan_config(struct hits *h, const struct image *img, char **ret_detail)
{
	const struct opt_strv *env = &img->inspect->env;
	const struct opt_map *labels = &img->inspect->labels;
	if (env->state == FIELD_INVALID || labels->state == FIELD_INVALID) {
		*ret_detail = xstrdup("Config.Env or Config.Labels has an unexpected type");
		return -EBADMSG;
	}
	for (uint32_t i = 0; env->state == FIELD_SET && i < env->n; i++) {
		const char *e = env->v[i];
		if (!e) {
			*ret_detail = xstrdup("Config.Env holds a non-string");
			return -EBADMSG;
		}
		_cleanup_free_ char *name = xstrndup(e, strcspn(e, "="));
		const char *eq = strchr(e, '=');
		if (!name)
			return -ENOMEM;
		int r = hit_pair(h, "env", "env", name, eq ? eq + 1 : "", 0);
		if (r < 0)
			return r;
	}
	static const char *const argvs[] = {"Config.Cmd", "Config.Entrypoint"};
	const struct opt_strv *arrs[] = {&img->inspect->cmd, &img->inspect->entrypoint};
	for (size_t a = 0; a < ARRAY_SIZE(argvs); a++) {
		const struct opt_strv *arr = arrs[a];
		for (uint32_t i = 0; arr->state == FIELD_SET && i < arr->n; i++) {
			struct shape_match m;
			if (!arr->v[i] || !shape_find(arr->v[i], 0, &m))
				continue;
			int r = hits_add(h, argvs[a], "%s (holds %s)", argvs[a] + 7, m.what);
			if (r < 0)
				return r;
		}
	}
	for (uint32_t i = 0; labels->state == FIELD_SET && i < labels->n; i++) {
		if (!labels->keys[i])
			continue;
		if (!labels->values[i]) {
			*ret_detail = xstrdup("Config.Labels holds a non-string");
			return -EBADMSG;
		}
		int r = hit_pair(h, "label", "label", labels->keys[i], labels->values[i], 0);
		if (r < 0)
			return r;
	}
	return 0;
}

static int scan_history(struct hits *h, const struct image_steps *s)
{
	int r = 0;
	for (size_t i = 0; i < s->n && r == 0; i++) {
		const struct image_step *st = &s->steps[i];
		switch (st->kind) {
		case IMAGE_STEP_ENV:
			r = hit_assignments(h, "ENV", "env", st->body, st->number);
			break;
		case IMAGE_STEP_LABEL:
			r = hit_assignments(h, "LABEL", "label", st->body, st->number);
			break;
		case IMAGE_STEP_ARG:
			r = hit_assignments(h, "ARG", "arg", st->body, st->number);
			break;
		case IMAGE_STEP_RUN:
			for (char **a = st->build_args; a && *a && r == 0; a++) {
				_cleanup_free_ char *name = xstrndup(*a, strcspn(*a, "="));
				const char *eq = strchr(*a, '=');
				r = name ? hit_pair(h, "build argument", "arg", name,
						    eq ? eq + 1 : "", st->number)
					 : -ENOMEM;
			}
			if (r == 0)
				r = hit_spans(h, st);
			break;
		default:
			r = hit_spans(h, st);
			break;
		}
	}
	return r;
}

static int image_secrets(struct audit_ctx *ctx, const struct image *img, const void *arg,
			 char **ret_detail, char **ret_value)
{
	_cleanup_(hits_release) struct hits h = {0};
	int r = scan_config(&h, img, ret_detail);
	if (r < 0)
		return r;
	const struct image_steps *s;
	r = steps_or_error(ctx, img, &s, ret_detail);
	if (r < 0)
		return r;
	r = scan_history(&h, s);
	if (r < 0)
		return r;
	if (!h.n)
		return 0;
	struct buf b;
	buf_init(&b, DETAIL_MAX);
	r = buf_puts(&b, "secrets in ");
	for (size_t i = 0; i < h.n && i < HITS_SHOWN && r == 0; i++)
		r = buf_printf(&b, "%s%s", i ? "; " : "", h.where[i]);
	if (r == 0 && h.n > HITS_SHOWN)
		r = buf_printf(&b, "; and %zu more", h.n - HITS_SHOWN);
	/* past DETAIL_MAX (hostile names) the detail is cut, not lost */
	*ret_detail = r == 0 || r == -E2BIG ? buf_steal(&b) : NULL;
	buf_release(&b);
	/* never the value: ret_value stays NULL */
	return *ret_detail ? 1 : -ENOMEM;
}

/* ---- check functions ---- */

static int healthcheck_defined(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return each_image(ctx, res, image_healthcheck, NULL, "have no usable HEALTHCHECK",
			  "each defines a HEALTHCHECK");
}

static int update_not_alone(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return each_image(ctx, res, image_update_alone, NULL,
			  "have a RUN that updates packages without installing in the same step",
			  "none updates packages without installing in the same RUN");
}

static int copy_not_add(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return each_image(ctx, res, image_add_used, NULL, "were built with ADD where COPY would do",
			  "none was built with ADD (the base image's root filesystem aside)");
}

static int no_secrets_in_images(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return each_image(
	    ctx, res, image_secrets, NULL,
	    "carry what looks like a secret (named below, values never shown)",
	    "none carries anything that looks like a secret in Env, labels or history");
}

static int verified_packages(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	int r = each_image(ctx, res, image_unverified_packages, NULL,
			   "were built with package signature checks turned off",
			   "none shows a build step that turns package signature checks off");
	if (r < 0 || res->status != DA_PASS)
		return r;
	size_t n = 0;
	(void)count_images(ctx, &n);
	return result_manual(res,
			     "no build step of the %zu image%s turns package signature "
			     "checks off (--allow-unauthenticated, [trusted=yes], "
			     "--allow-untrusted, --nogpgcheck, gpgcheck=0); that the "
			     "repositories themselves are signed and trusted is for you to verify",
			     n, n == 1 ? "" : "s");
}

/* The guidance of a check the benchmark leaves to people, with the number of images. */
static int manual_guidance(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	size_t n = 0;
	if (count_images(ctx, &n) < 0)
		return result_manual(res, "%s", (const char *)chk->arg);
	return result_manual(res, "%zu %simage%s to review: %s", n,
			     ctx_images_offline(ctx) ? "" : "local ", n == 1 ? "" : "s",
			     (const char *)chk->arg);
}

/* ---- 4.8: setuid and setgid files, from an archive's layers ---- */

static int add_setid_finding(struct result *res, const struct image *img,
			     const struct archive_image *ai, const struct archive_setid_file *sf)
{
	const struct archive_layer *l = &ai->layers[sf->layer];
	const char *what = (sf->mode & 04000) && (sf->mode & 02000) ? "setuid and setgid"
			   : (sf->mode & 04000)			    ? "setuid"
								    : "setgid";
	_cleanup_free_ char *detail =
	    xasprintf("%s%s (mode %04o, uid %lld, gid %lld) in image %s, from layer %zu of %zu "
		      "(%.19s)",
		      what, sf->uid == 0 && (sf->mode & 04000) ? " root" : "",
		      (unsigned)(sf->mode & 07777), (long long)sf->uid, (long long)sf->gid,
		      img->name, sf->layer + 1, ai->n_layers, l->digest);
	_cleanup_free_ char *value = xasprintf("%04o", (unsigned)(sf->mode & 07777));
	if (!detail || !value)
		return -ENOMEM;
	return result_add(res, &(struct finding_spec){.kind = "file",
						      .id = img->id,
						      .name = sf->path,
						      .detail = detail,
						      .source = "file",
						      .value = value});
}

static int setid_files_removed(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	/* a daemon's images: their layers are not read, the check stays with people */
	if (!ctx_images_offline(ctx))
		return manual_guidance(ctx, chk, res);
	const struct image *imgs;
	size_t n;
	const char *err = NULL;
	int r = ctx_images(ctx, &imgs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list images: %s", err ? err : strerror(-r));
	size_t failed = 0, errors = 0, files = 0, layers = 0;
	for (size_t i = 0; i < n; i++) {
		const struct image *img = &imgs[i];
		const struct archive_image *ai;
		if (!img->inspect) {
			errors++;
			r = add_image_error(res, img, img->error_msg);
		} else if ((r = ctx_image_archived(ctx, img, &ai)) < 0) {
			return r;
		} else if (ai->layers_error) {
			errors++;
			_cleanup_free_ char *d =
			    xasprintf("could not be judged: %s",
				      ai->layers_msg ? ai->layers_msg : "a layer is unreadable");
			r = d ? add_image_finding(res, img, d, NULL, true) : -ENOMEM;
		} else {
			layers += ai->n_layers;
			files += ai->n_setid + ai->setid_more;
			failed += ai->n_setid + ai->setid_more > 0;
			for (size_t k = 0; k < ai->n_setid && r >= 0; k++)
				r = add_setid_finding(res, img, ai, &ai->setid[k]);
			if (r >= 0 && ai->setid_more) {
				_cleanup_free_ char *d = xasprintf(
				    "and %zu more setuid/setgid files, not listed", ai->setid_more);
				r = d ? add_image_finding(res, img, d, NULL, false) : -ENOMEM;
			}
		}
		if (r < 0)
			return r;
	}
	if (failed)
		return result_fail(res,
				   "%zu setuid/setgid file%s in %zu of %zu image%s (as a container "
				   "sees them: later layers' whiteouts and changes applied)",
				   files, files == 1 ? "" : "s", failed, n, n == 1 ? "" : "s");
	if (errors)
		return result_error(res, "%zu of %zu image%s could not be judged", errors, n,
				    n == 1 ? "" : "s");
	if (n == 0)
		return result_pass(res, "no images to check");
	return result_pass(res,
			   "no setuid or setgid regular file in the %zu image%s (%zu layer%s read, "
			   "whiteouts applied)",
			   n, n == 1 ? "" : "s", layers, layers == 1 ? "" : "s");
}

static int base_images_trusted(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const char *policy = ctx_trusted_images(ctx);
	size_t n = 0;
	if (!policy) {
		int r = count_images(ctx, &n);
		if (r < 0)
			return result_manual(res, "%s", (const char *)chk->arg);
		return result_manual(res, "%zu %simage%s to review: %s", n,
				     ctx_images_offline(ctx) ? "" : "local ", n == 1 ? "" : "s",
				     (const char *)chk->arg);
	}
	_cleanup_strv_free_ char **patterns = NULL;
	int np = str_split(policy, ',', &patterns);
	if (np < 0)
		return np;
	/* " a , b " -> "a", "b"; blank items dropped */
	size_t k = 0;
	for (int i = 0; i < np; i++) {
		char *p = patterns[i] + strspn(patterns[i], " \t");
		size_t len = strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			p[--len] = '\0';
		if (!len) {
			free(patterns[i]);
			continue;
		}
		memmove(patterns[i], p, len + 1);
		patterns[k++] = patterns[i];
	}
	if (patterns)
		patterns[k] = NULL;
	if (k == 0)
		return result_error(res, "%s is set but holds no pattern", TRUSTED_ENV);
	return each_image(ctx, res, image_trusted, patterns,
			  "match no trusted pattern (" TRUSTED_ENV ")",
			  "each matches a trusted pattern (" TRUSTED_ENV ")");
}

static const struct check checks[] = {
    {
	.id = "4.1",
	.key = "image-user",
	.title = "Ensure that a user for the container has been created",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = containers_run_as_non_root,
	.rationale = "A process that runs as root in its container is root in the kernel's "
		     "eyes as far as namespaces and capabilities allow: one escape or "
		     "writable host mount away from the host. A USER in the image makes "
		     "non-root the default for every container started from it.",
	.judged = "Every image in scope fails whose Config.User names root: empty (Docker's "
		  "default), \"root\" or uid 0 with any group (\"0\", \"0:0\", "
		  "\"root:root\", \"0:1000\"), which naive tests miss. For images that do "
		  "set a user, each container of them in scope (running ones; with -a also "
		  "stopped) is checked too: a running container fails when the effective uid "
		  "of its PID 1 is 0, read from <root>/proc/<State.Pid>/status (\"Uid:\", "
		  "second field) once /proc/<pid>/cgroup shows the process is that "
		  "container's, and translated through its uid_map under user-namespace "
		  "remapping; this catches docker run -u 0. When /proc cannot tell (a daemon "
		  "on another host, docker-audit in a PID namespace of its own), the "
		  "container's Config.User decides and the detail says so; stopped containers "
		  "are judged by Config.User. A name that maps to uid 0 in the image's "
		  "/etc/passwd is not detected (that needs the image's files). The image "
		  "command judges images only.",
	.remediation = "Switch to an unprivileged user in the Dockerfile:\n"
		       "{{$user-fix|"
		       "  USER 65532:65532\n"
		       "(a numeric user needs no useradd and no entry in /etc/passwd: it works in "
		       "every image, also BusyBox, Alpine, distroless and scratch ones), or, in an "
		       "image that has groupadd and useradd (Debian, Ubuntu, RHEL), a named one:\n"
		       "  RUN groupadd -r app && useradd -r -g app app\n"
		       "  USER app}}\n"
		       "and do not override it at run time (no -u 0 / --user root). Until "
		       "the image is fixed: docker run --user 65532:65532 ...",
    },
    {
	.id = "4.2",
	.key = "trusted-base-images",
	.title = "Ensure that containers use only trusted base images",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = base_images_trusted,
	.arg = "check where each comes from (docker images --digests; docker history "
	       "--no-trunc IMAGE) and pass the registries and names you trust with "
	       "--trusted-images 'registry.example.com/*,busybox:*' (or "
	       "DOCKER_AUDIT_TRUSTED_IMAGES) to have them judged",
	.rationale = "An image from an unknown publisher can carry malware, backdoors or "
		     "vulnerable software into every container started from it.",
	.judged = "Without a policy this is manual: the detail gives the number of images "
		  "and how to review them. With --trusted-images (the environment variable "
		  "DOCKER_AUDIT_TRUSTED_IMAGES, comma-separated globs) every image in scope "
		  "fails none of whose tags and registry digests matches a pattern. A "
		  "reference is matched as Docker shows it (busybox:1.36), in full "
		  "(docker.io/library/busybox:1.36) and as its repository without tag "
		  "(busybox), so 'docker.io/library/*', 'busybox:*' and 'busybox' all match "
		  "busybox:1.36; '*' matches across '/'. An untagged image without a digest "
		  "fails: where it came from cannot be told. Local tags can be made up: the "
		  "policy says which names you accept, content trust (4.5) and signatures "
		  "(4.12) say whether the content is theirs.",
	.remediation = "Pull base images only from registries you trust, by digest, and "
		       "rebuild from them:\n"
		       "  FROM registry.example.com/base/debian@sha256:<digest>\n"
		       "Remove images from elsewhere: docker image rm IMAGE",
    },
    {
	.id = "4.3",
	.key = "minimal-packages",
	.title = "Ensure that unnecessary packages are not installed in the container",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = manual_guidance,
	.arg = "list each image's packages and remove what the application does not need "
	       "(docker run --rm --entrypoint sh IMAGE -c 'dpkg-query -W || rpm -qa || apk "
	       "info'); prefer minimal, distroless or scratch bases and multi-stage builds",
	.rationale = "Every package is attack surface and patch work: shells, package "
		     "managers, compilers and network tools help an attacker who gets in.",
	.judged = "Manual: which packages an application needs is not in any fact the tool "
		  "reads. The detail gives the number of local images and a command that "
		  "lists their packages.",
	.remediation = "Build from a minimal base and copy only the artefacts into the "
		       "final stage:\n"
		       "  FROM golang:1.22 AS build\n"
		       "  ...\n"
		       "  FROM gcr.io/distroless/static\n"
		       "  COPY --from=build /out/app /app\n"
		       "With Debian bases: apt-get install --no-install-recommends",
    },
    {
	.id = "4.4",
	.key = "images-patched",
	.title = "Ensure images are scanned and rebuilt to include security patches",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON,
	.run = manual_guidance,
	.arg = "scan each with a vulnerability scanner (trivy image IMAGE, grype IMAGE or "
	       "docker scout cves IMAGE), rebuild those with fixes available (docker build "
	       "--pull --no-cache) and recreate their containers",
	.rationale = "Images freeze their packages at build time: without rescans and "
		     "rebuilds, known vulnerabilities stay in production long after the "
		     "fixes are published.",
	.judged = "Manual: docker-audit reads no vulnerability database. The detail gives "
		  "the number of local images and the commands to scan and rebuild them.",
	.remediation = "Scan in CI and on a schedule, and rebuild on fixes:\n"
		       "  trivy image --exit-code 1 --severity HIGH,CRITICAL IMAGE\n"
		       "  docker build --pull --no-cache -t IMAGE .\n"
		       "then recreate the containers from the new image.",
    },
    {
	.id = "4.5",
	.key = "content-trust",
	.title = "Ensure Content trust for Docker is Enabled",
	.section = "4",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.run = content_trust_enabled,
	.rationale = "Without content trust the docker client pulls, runs and pushes images "
		     "by tag without verifying their publisher's signature, so a tampered "
		     "registry or a man in the middle can substitute an image.",
	.judged = "Content trust is a client-side setting of each shell or CI job, invisible "
		  "to the Engine API. docker-audit judges the environment it runs in, as the "
		  "benchmark's audit does: it passes when DOCKER_CONTENT_TRUST is set to a value "
		  "the docker CLI treats as enabled (any non-empty value but 0/false). Run the "
		  "audit in the environment of the users or CI jobs that pull images.",
	.remediation =
	    "Enable content trust for every shell and CI job that pulls or pushes "
	    "images:\n"
	    "  export DOCKER_CONTENT_TRUST=1\n"
	    "System-wide for login shells:\n"
	    "  echo 'export DOCKER_CONTENT_TRUST=1' > /etc/profile.d/docker-content-trust.sh",
    },
    {
	.id = "4.6",
	.key = "image-healthcheck",
	.title = "Ensure that HEALTHCHECK instructions have been added to container images",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = healthcheck_defined,
	.rationale = "Without a health check the engine (and an orchestrator) only knows "
		     "whether the process runs, not whether it works, so a hung service is "
		     "neither reported nor restarted.",
	.judged = "Fails for every image in scope whose Config.Healthcheck is absent, whose "
		  "Test is empty, or is [\"NONE\"] (HEALTHCHECK NONE, which disables an "
		  "inherited check and which tests for a present key count as defined). "
		  "Each image is judged once however many tags it has. Base and builder "
		  "images are judged too: waive them by name.",
	.remediation = "Add a health check to the Dockerfile, e.g.:\n"
		       "  HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- "
		       "http://localhost:8080/health || exit 1\n"
		       "or at run time: docker run --health-cmd '...' ...",
    },
    {
	.id = "4.7",
	.key = "no-update-alone",
	.title = "Ensure update instructions are not used alone in Dockerfiles",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = update_not_alone,
	.rationale = "A RUN that only refreshes the package index (apt-get update) is cached "
		     "as a layer of its own: later builds reuse the stale index and install "
		     "old, unpatched package versions.",
	.judged = "Reads the full image history (GET /images/{id}/history, CreatedBy not "
		  "truncated; classic builder and BuildKit forms) and splits each RUN into "
		  "simple commands at ; & | ( ) and newlines, outside quotes. A RUN fails "
		  "when it updates (apt-get/apt/aptitude update, apk update, yum/dnf "
		  "makecache or check-update, yum/dnf update or upgrade without package "
		  "names, zypper refresh, pacman -Sy) without installing in the same RUN "
		  "(apt-get install/upgrade, apk add, yum/dnf install, zypper install, "
		  "pacman -S PKG ...). Unlike substring tests, 'echo apt-get update' and "
		  "update-ca-certificates do not count, and an update followed by an install "
		  "passes. Steps at or below the nearest locally tagged ancestor image are "
		  "judged with that image. The detail quotes the step, secrets redacted.",
	.remediation = "Update and install in one RUN, with pinned versions:\n"
		       "  RUN apt-get update && apt-get install -y --no-install-recommends "
		       "pkg=1.2.3 && rm -rf /var/lib/apt/lists/*",
    },
    {
	.id = "4.8",
	.key = "no-setuid-setgid",
	.title = "Ensure setuid and setgid permissions are removed",
	.section = "4",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = setid_files_removed,
	.arg = "list the setuid/setgid files of each without running it: docker export "
	       "$(docker create IMAGE) | tar -tvf - | grep -E '^-(..[sS]|.....[sS])' (then "
	       "docker rm the created container), or audit its layers: docker save -o img.tar "
	       "IMAGE && docker-audit image --input img.tar; remove the bits the application "
	       "does not need in its Dockerfile",
	.rationale = "setuid and setgid programs run with their owner's rights: in a "
		     "container running as a non-root user they are the way back to root.",
	.judged = "From an image archive (docker-audit image --input: a docker save tar, an "
		  "OCI layout directory or its tar) every layer is read (plain, gzip or zstd) "
		  "and applied in order as the storage driver would: a file deleted by a later "
		  "layer's whiteout (.wh.NAME), hidden by an opaque directory (.wh..wh..opq), "
		  "replaced, or chmod'ed without the bits in a later layer is not reported. Each "
		  "regular file left with the setuid or setgid bit is a finding naming its "
		  "path, mode, owner and the layer that wrote it; the check fails when any "
		  "image has one. An unreadable or oversized layer is ERROR for its image. "
		  "On a daemon's images the layers are not read and the check stays manual: "
		  "the detail gives the number of local images and two ways to list the files.",
	.remediation = "Remove setuid/setgid bits in the Dockerfile:\n"
		       "  RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\n"
		       "and run containers with --security-opt no-new-privileges.",
    },
    {
	.id = "4.9",
	.key = "copy-not-add",
	.title = "Ensure that COPY is used instead of ADD in Dockerfiles",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = copy_not_add,
	.rationale = "ADD fetches remote URLs without verification and unpacks archives "
		     "implicitly, so a build can pull in content nobody reviewed; COPY only "
		     "copies local files.",
	.judged = "Reads the full image history and fails an image with an ADD step "
		  "(\"#(nop) ADD ...\" of the classic builder, \"ADD ... # buildkit\") other "
		  "than its base root filesystem: the oldest step that adds content, when it "
		  "is an ADD into / (\"ADD file:<hash> in /\", \"ADD multi:<hash> in /\", "
		  "\"ADD rootfs.tar.xz /\"). Steps at or below the nearest locally tagged "
		  "ancestor image are judged with that image, so a base with several ADD "
		  "layers is reported once, for itself. Instructions are recognised as "
		  "words, so ADDRESS or an ADD inside a RUN do not count. The detail quotes "
		  "the step.",
	.remediation = "Use COPY for local files; download with a verified checksum instead "
		       "of ADD URL:\n"
		       "  COPY app.conf /etc/app/\n"
		       "  RUN curl -fsSLo /tmp/x.tgz URL && echo 'SHA256  /tmp/x.tgz' | "
		       "sha256sum -c -",
    },
    {
	.id = "4.10",
	.key = "no-image-secrets",
	.title = "Ensure secrets are not stored in Dockerfiles",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = no_secrets_in_images,
	.rationale = "Anything in an image's configuration or history (ENV, LABEL, ARG "
		     "values passed to RUN) can be read by everyone who can pull or inspect "
		     "the image, long after the secret was meant to be gone.",
	.judged = "Scans Config.Env, Config.Labels, Config.Cmd and Entrypoint (value "
		  "shapes only) and every history step (ENV, LABEL and "
		  "ARG values, build arguments recorded on RUN steps as \"|N NAME=value\", "
		  "NAME=value and --name=value words of RUN commands) and fails an image "
		  "with a value that is (a) named like a secret (password, passwd, "
		  "passphrase, secret, token, api_key, private_key, access_key, credential, "
		  "or a name part auth, pass, pwd) unless the name is a reference (…_FILE, "
		  "…_PATH, …_URL, …_USER, …_ID ...) or the value is a setting, not a secret: "
		  "empty, a $reference, a path, a boolean, a number of at most 12 digits "
		  "(TOKEN_TTL_SECONDS=3600, PASSWORD_MIN_LENGTH=12) or a duration (15m, "
		  "1h30m); or (b) shaped like a known secret whatever its name: "
		  "AWS access key ids, private keys, GitHub, GitLab, Slack, Stripe and npm "
		  "tokens, Google API keys, JSON web tokens, passwords in URLs. Findings name "
		  "the variable, label or step and where it is, never the value. Heuristics: "
		  "a secret of no known shape under an innocent name is missed; build "
		  "secrets (RUN --mount=type=secret) leave no trace and are the fix.",
	.remediation = "Never bake secrets into images: pass them at run time (docker "
		       "secrets, -e from a vault, mounted files) and at build time with "
		       "BuildKit secrets:\n"
		       "  RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
		       "  docker build --secret id=npmrc,src=$HOME/.npmrc .\n"
		       "Then rotate every secret an image has carried and rebuild it.",
    },
    {
	.id = "4.11",
	.key = "verified-packages",
	.title = "Ensure only verified packages are installed",
	.section = "4",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = verified_packages,
	.rationale = "A package installed without signature verification may have been "
		     "replaced in transit or on a mirror.",
	.judged = "Automated in part: an image fails when a RUN step in its history turns "
		  "signature checks off (--allow-unauthenticated, "
		  "--allow-insecure-repositories, [trusted=yes], apk --allow-untrusted, "
		  "--nogpgcheck, gpgcheck=0 ...). Otherwise the check stays manual: whether "
		  "the configured repositories and keys deserve trust is not in the image's "
		  "metadata.",
	.remediation = "Install only from signed repositories with verification on; "
		       "remove --allow-unauthenticated, [trusted=yes], --allow-untrusted and "
		       "--nogpgcheck from Dockerfiles; add repository keys from a verified "
		       "source (e.g. /etc/apt/keyrings with signed-by=).",
    },
    {
	.id = "4.12",
	.key = "signed-artifacts",
	.title = "Ensure all signed artifacts are validated",
	.section = "4",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = manual_guidance,
	.arg = "verify the signature of each before use (docker trust inspect --pretty IMAGE "
	       "or cosign verify --key KEY IMAGE) and check that its Dockerfile validates "
	       "what it downloads (checksums, GPG signatures)",
	.rationale = "A signature protects only when someone checks it: unvalidated images "
		     "and downloads can be swapped by whoever controls a registry, mirror or "
		     "network path.",
	.judged = "Manual: signatures live in registries and notary/sigstore services the "
		  "tool does not query. The detail gives the number of local images and the "
		  "commands to verify them.",
	.remediation = "Verify images before deploying them and enforce it:\n"
		       "  export DOCKER_CONTENT_TRUST=1\n"
		       "  cosign verify --key cosign.pub IMAGE\n"
		       "and in Dockerfiles check every download: sha256sum -c, gpg --verify.",
    },
};

const struct check_section image_section = {"4", checks, ARRAY_SIZE(checks)};
