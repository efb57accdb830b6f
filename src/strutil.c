/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <fnmatch.h>
#include <limits.h>
#include "strutil.h"

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	return s ? strndup(s, n) : NULL;
}

bool streq_ptr(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool str_startswith(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_endswith(const char *s, const char *suffix)
{
	if (!s)
		return false;
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int parse_uint64(const char *s, uint64_t *ret)
{
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*ret = v;
	return 0;
}

int parse_int64(const char *s, int64_t *ret)
{
	bool neg = false;
	uint64_t u;
	if (s && *s == '-') {
		neg = true;
		s++;
	}
	int r = parse_uint64(s, &u);
	if (r < 0)
		return r;
	if (neg ? u > (uint64_t)INT64_MAX + 1 : u > INT64_MAX)
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

size_t strv_length(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

int str_split(const char *s, char sep, char ***ret)
{
	size_t n = 0, cap = 4;
	char **v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	const char *p = s;
	while (p && *p) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		/* trim blanks so "5.5, 5.16" works */
		const char *a = p;
		while (len && (*a == ' ' || *a == '\t')) {
			a++;
			len--;
		}
		while (len && (a[len - 1] == ' ' || a[len - 1] == '\t'))
			len--;
		if (len) {
			if (n + 1 >= cap) {
				char **nv = realloc(v, 2 * cap * sizeof(*v));
				if (!nv)
					goto oom;
				v = nv;
				cap *= 2;
			}
			v[n] = strndup(a, len);
			if (!v[n])
				goto oom;
			v[++n] = NULL;
		}
		if (!e)
			break;
		p = e + 1;
	}
	*ret = v;
	return (int)n;
oom:
	strv_free(v);
	return -ENOMEM;
}

bool glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

char *path_normalize(const char *path)
{
	if (!path || path[0] != '/')
		return NULL;
	size_t len = strlen(path);
	char *out = malloc(len + 2);
	if (!out)
		return NULL;
	size_t o = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* drop the slash */
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

bool path_is_under(const char *path, const char *dir)
{
	if (strcmp(dir, "/") == 0)
		return path[0] == '/';
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

char *str_mask_userinfo(const char *s)
{
	if (!s)
		return NULL;
	const char *sep = strstr(s, "://");
	const char *auth =
	    sep && (size_t)(sep - s) <= 32 && !memchr(s, '/', (size_t)(sep - s)) ? sep + 3 : s;
	size_t len = strcspn(auth, "/?#");
	const char *at = NULL;
	for (size_t i = len; i > 0; i--)
		if (auth[i - 1] == '@') {
			at = auth + i - 1;
			break;
		}
	if (!at)
		return xstrdup(s);
	return xasprintf("%.*s***%s", (int)(auth - s), s, at);
}

char *str_mask_urls(const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	/* "***" may be longer than a short user info it replaces: room for each URL's growth */
	char *out = malloc(len * 2 + 4);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		const char *sep = strstr(s + i, "://");
		if (!sep) {
			memcpy(out + o, s + i, len - i);
			o += len - i;
			break;
		}
		size_t auth = (size_t)(sep - s) + 3;
		memcpy(out + o, s + i, auth - i);
		o += auth - i;
		size_t alen = strcspn(s + auth, "/?# \t'\"");
		size_t at = 0;
		for (size_t k = alen; k > 0; k--)
			if (s[auth + k - 1] == '@') {
				at = k;
				break;
			}
		if (at) {
			memcpy(out + o, "***@", 4);
			o += 4;
		}
		i = auth + at;
	}
	out[o] = '\0';
	return out;
}
