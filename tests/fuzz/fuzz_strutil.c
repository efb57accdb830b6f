/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <limits.h>
#include "buf.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * The string helpers every parser leans on: path_normalize (paths from the daemon, rules files
 * and symlinks), path_is_under, parse_int64/parse_uint64, str_split and the capped buffer.
 * Input: NUL-separated strings. Each result is checked against what the helper promises.
 */

static bool normalised(const char *p)
{
	if (p[0] != '/')
		return false;
	if (strcmp(p, "/") == 0)
		return true;
	if (p[strlen(p) - 1] == '/')
		return false;
	for (const char *s = p; *s; s++) {
		if (*s != '/')
			continue;
		const char *c = s + 1;
		size_t n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	return true;
}

static void check_normalize(const char *s)
{
	_cleanup_free_ char *n = path_normalize(s);
	if (s[0] != '/') {
		if (n)
			fuzz_fail("path_normalize accepted a relative path");
		return;
	}
	if (!n)
		fuzz_fail("path_normalize failed on an absolute path");
	if (!normalised(n))
		fuzz_fail("path_normalize(\"%s\") = \"%s\" is not normalised", s, n);
	_cleanup_free_ char *again = path_normalize(n);
	if (!again || strcmp(again, n) != 0)
		fuzz_fail("path_normalize is not idempotent on \"%s\"", n);
	if (!path_is_under(n, "/") || !path_is_under(n, n))
		fuzz_fail("path_is_under disagrees with itself on \"%s\"", n);
}

static void check_under(const char *a, const char *b)
{
	_cleanup_free_ char *na = path_normalize(a);
	_cleanup_free_ char *nb = path_normalize(b);
	if (!na || !nb)
		return;
	bool under = path_is_under(na, nb);
	size_t lb = strlen(nb);
	bool want =
	    strcmp(nb, "/") == 0 || (strncmp(na, nb, lb) == 0 && (na[lb] == '\0' || na[lb] == '/'));
	if (under != want)
		fuzz_fail("path_is_under(\"%s\", \"%s\") = %d", na, nb, under);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void check_numbers(const char *s)
{
	int64_t i;
	uint64_t u;
	int ri = parse_int64(s, &i);
	int ru = parse_uint64(s, &u);
	bool neg = s[0] == '-';
	bool digits = all_digits(neg ? s + 1 : s);
	if (ru == 0) {
		errno = 0;
		unsigned long long v = strtoull(s, NULL, 10);
		if (!all_digits(s) || errno || v != u)
			fuzz_fail("parse_uint64(\"%s\") = %llu", s, (unsigned long long)u);
	} else if (all_digits(s) && ru != -ERANGE) {
		fuzz_fail("parse_uint64 refused the digits \"%s\"", s);
	}
	if (ri == 0) {
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (!digits || errno || v != i)
			fuzz_fail("parse_int64(\"%s\") = %lld", s, (long long)i);
	} else if (ri != -ERANGE && digits) {
		fuzz_fail("parse_int64 refused the number \"%s\"", s);
	} else if (ri == -ERANGE) {
		errno = 0;
		(void)strtoll(s, NULL, 10);
		if (errno != ERANGE)
			fuzz_fail("parse_int64(\"%s\") says out of range", s);
	}
}

static void check_split(const char *s)
{
	char **v = NULL;
	int n = str_split(s, ',', &v);
	if (n < 0)
		fuzz_fail("str_split failed");
	if (strv_length(v) != (size_t)n)
		fuzz_fail("str_split returned a count that is not the length");
	for (char **p = v; *p; p++) {
		size_t l = strlen(*p);
		if (!l || strchr(*p, ',') || **p == ' ' || **p == '\t' || (*p)[l - 1] == ' ' ||
		    (*p)[l - 1] == '\t')
			fuzz_fail("str_split item \"%s\" is empty, untrimmed or has a separator",
				  *p);
	}
	strv_free(v);
}

static void check_buf(const char *s, size_t max)
{
	struct buf b;
	buf_init(&b, max);
	size_t want = 0;
	for (int round = 0; round < 3; round++) {
		size_t l = strlen(s);
		int r = buf_append(&b, s, l);
		if (r == 0)
			want += l;
		else if (r != -E2BIG || want + l <= max)
			fuzz_fail("buf_append failed (%d) within its maximum", r);
		r = buf_printf(&b, "%s|%zu", s, max);
		if (r == 0)
			want += strlen(s) + 1 + (size_t)snprintf(NULL, 0, "%zu", max);
		if (b.len != want || b.len > max || (b.data && b.data[b.len] != '\0'))
			fuzz_fail("buf: len %zu, expected %zu (max %zu)", b.len, want, max);
	}
	_cleanup_free_ char *stolen = buf_steal(&b);
	if (!stolen || strlen(stolen) != want)
		fuzz_fail("buf_steal lost data");
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fuzz_reader rd = {data + 1, size - 1};
	size_t max = data[0] * 4u;
	char *prev = NULL;
	for (int i = 0; i < 16 && rd.n; i++) {
		char *s = fuzz_str(&rd);
		check_normalize(s);
		check_numbers(s);
		check_split(s);
		check_buf(s, max);
		if (prev)
			check_under(prev, s);
		free(prev);
		prev = s;
	}
	free(prev);
	return 0;
}
