/* SPDX-License-Identifier: Apache-2.0 */
/* containerd's config.toml: the one setting we read, its [grpc] address. */
#include "common.h"
#include "facts/containerd.h"
#include "strutil.h"

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t l = strlen(s);
	while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
		s[--l] = '\0';
	return s;
}

/* A TOML basic or literal string value (no escapes beyond \\ and \" needed for paths). */
static char *toml_string(const char *v)
{
	char q = v[0];
	if (q != '"' && q != '\'')
		return NULL;
	const char *end = strchr(v + 1, q);
	if (!end)
		return NULL;
	return xstrndup(v + 1, (size_t)(end - v - 1));
}

/*
 * A key scan, not a TOML parser: the [grpc] table's address (or a top-level grpc.address). What
 * containerd itself would reject cannot make us pick another socket than it listens on, and a
 * value we cannot read is -ENOENT (the next source decides).
 */
int containerd_config_grpc_address(const char *toml, char **ret)
{
	_cleanup_free_ char *copy = xstrdup(toml);
	if (!copy)
		return -ENOMEM;
	char table[128] = "";
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line);
		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			if (!end)
				continue;
			*end = '\0';
			char *name = trim(l + 1 + (l[1] == '['));
			snprintf(table, sizeof(table), "%s", name);
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *key = trim(l), *val = trim(eq + 1);
		bool hit = (strcmp(table, "grpc") == 0 && strcmp(key, "address") == 0) ||
			   (!*table && strcmp(key, "grpc.address") == 0);
		if (!hit)
			continue;
		_cleanup_free_ char *s = toml_string(val);
		if (!s || !*s)
			return -ENOENT;
		const char *p = str_startswith(s, "unix://") ? s + strlen("unix://") : s;
		char *out = xstrdup(p);
		if (!out)
			return -ENOMEM;
		*ret = out;
		return 0;
	}
	return -ENOENT;
}
