/* SPDX-License-Identifier: Apache-2.0 */
/* What the Engine says about itself: version strings, security options. */
#include "common.h"
#include <limits.h>
#include "facts/engine.h"
#include "json.h"
#include "strutil.h"

static int leading_uint(const char **s, unsigned *ret)
{
	const char *p = *s;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT_MAX)
			return -ERANGE;
		p++;
	}
	*ret = (unsigned)v;
	*s = p;
	return 0;
}

int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch)
{
	unsigned major, minor, patch = 0;
	if (!s)
		return -EINVAL;
	if (*s == 'v')
		s++;
	if (leading_uint(&s, &major) < 0 || *s++ != '.' || leading_uint(&s, &minor) < 0)
		return -EINVAL;
	if (*s == '.') {
		s++;
		if (leading_uint(&s, &patch) < 0)
			return -EINVAL;
	}
	*ret_major = major;
	*ret_minor = minor;
	*ret_patch = patch;
	return 0;
}

/* ---- security options ---- */

/* The name of a SecurityOptions entry: the entry itself without "=", else its name= pair. */
static bool entry_named(const char *s, const char *name)
{
	size_t n = strlen(name);
	if (!strchr(s, '='))
		return strcmp(s, name) == 0;
	for (const char *p = s; p;) {
		if (strncmp(p, "name=", 5) == 0 && strncmp(p + 5, name, n) == 0 &&
		    (p[5 + n] == '\0' || p[5 + n] == ','))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

int engine_security_option(const cJSON *info, const char *name, const char **ret_entry)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, json_get_array(info, "SecurityOptions"))
	{
		if (!cJSON_IsString(it) || !it->valuestring)
			continue;
		if (entry_named(it->valuestring, name)) {
			if (ret_entry)
				*ret_entry = it->valuestring;
			return 0;
		}
	}
	return -ENOENT;
}

char *engine_security_option_value(const char *entry, const char *key)
{
	_cleanup_strv_free_ char **kv = NULL;
	if (str_split(entry, ',', &kv) < 0)
		return NULL;
	size_t n = strlen(key);
	for (char **p = kv; *p; p++)
		if (strncmp(*p, key, n) == 0 && (*p)[n] == '=')
			return xstrdup(*p + n + 1);
	return NULL;
}
