/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* malloc'ed printf; NULL on out of memory. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xstrdup(const char *s); /* NULL-safe: NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
bool streq_ptr(const char *a, const char *b); /* both NULL counts as equal */
bool str_startswith(const char *s, const char *prefix);
bool str_endswith(const char *s, const char *suffix);
/* Checked number parsing: whole string, no sign surprises, range-checked. 0 or -EINVAL/-ERANGE. */
int parse_int64(const char *s, int64_t *ret);
int parse_uint64(const char *s, uint64_t *ret);
/* A comma-separated list, empty items dropped. Returns count or -ENOMEM; *ret is NULL-terminated.
 */
int str_split(const char *s, char sep, char ***ret);
void strv_free(char **v);
static inline void strv_freep(char ***v)
{
	strv_free(*v);
}
#define _cleanup_strv_free_ __attribute__((cleanup(strv_freep)))
size_t strv_length(char *const *v);
/* fnmatch-style glob without FNM_PATHNAME. */
bool glob_match(const char *pattern, const char *s);
/* Lexically normalise an absolute path: collapse //, remove . and trailing /, resolve .. */
char *path_normalize(const char *path);
/* true when path equals dir or lies below it (both normalised absolute paths). */
bool path_is_under(const char *path, const char *dir);
/*
 * A copy of s fit to print: the user info of a URL or registry name ("tcp://user:pass@host",
 * "user:token@registry:5000", "https://u:p@host/path?q") replaced by "***". NULL for NULL or out
 * of memory.
 */
char *str_mask_userinfo(const char *s);
/* A copy of a message with the user info of every "scheme://user:pass@host" in it masked. */
char *str_mask_urls(const char *s);
