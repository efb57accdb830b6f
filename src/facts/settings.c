/* SPDX-License-Identifier: Apache-2.0 */
/* A set of daemon settings with the origin of each: one per source of the merged configuration
 * (the API, a dockerd command line, a config file, the defaults). */
#include "common.h"
#include <stdarg.h>
#include "facts/settings.h"
#include "strutil.h"

int settings_init(struct settings *s)
{
	s->values = cJSON_CreateObject();
	s->origins = cJSON_CreateObject();
	return s->values && s->origins ? 0 : -ENOMEM;
}

void settings_release(struct settings *s)
{
	cJSON_Delete(s->values);
	cJSON_Delete(s->origins);
	free(s->error);
	*s = (struct settings){0};
}

/* Set key (replacing an earlier value: the last flag wins, as in dockerd). Takes value. */
int settings_set(struct settings *s, const char *key, cJSON *value, const char *origin)
{
	if (!value)
		return -ENOMEM;
	cJSON_DeleteItemFromObjectCaseSensitive(s->values, key);
	cJSON_DeleteItemFromObjectCaseSensitive(s->origins, key);
	if (!cJSON_AddItemToObject(s->values, key, value)) {
		cJSON_Delete(value);
		return -ENOMEM;
	}
	return cJSON_AddStringToObject(s->origins, key, origin ? origin : "") ? 0 : -ENOMEM;
}

/* Keys are looked up as they are: json_get's dotted paths would split "a.b". */
const char *settings_obj_string(const cJSON *obj, const char *key)
{
	const cJSON *o = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

const char *settings_origin(const struct settings *s, const char *key)
{
	const char *o = settings_obj_string(s->origins, key);
	return o ? o : "";
}

const cJSON *settings_get(const struct settings *s, const char *key)
{
	return s->values ? cJSON_GetObjectItemCaseSensitive(s->values, key) : NULL;
}

void settings_fail(struct settings *s, const char *fmt, ...)
{
	if (s->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = NULL;
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	s->error = m ? m : xstrdup("out of memory");
}

/* Go's strconv.ParseBool, which is what dockerd's flags accept. */
int settings_parse_go_bool(const char *s, bool *ret)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(s, t[i]) == 0) {
			*ret = true;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (strcmp(s, f[i]) == 0) {
			*ret = false;
			return 0;
		}
	return -EINVAL;
}

/* Settings whose values may carry credentials (proxy URLs). */
bool settings_key_has_credentials(const char *key)
{
	return strcmp(key, "http-proxy") == 0 || strcmp(key, "https-proxy") == 0 ||
	       strcmp(key, "proxies") == 0;
}

/* "http://user:pass@host" -> "http://xxxxx:xxxxx@host", as dockerd masks them in /info. */
char *settings_mask_credentials(const char *s)
{
	const char *scheme = strstr(s, "://");
	const char *start = scheme ? scheme + 3 : s;
	const char *at = strchr(start, '@');
	if (!at || memchr(start, '/', (size_t)(at - start)))
		return xstrdup(s);
	return xasprintf("%.*sxxxxx:xxxxx%s", (int)(start - s), s, at);
}

/* Mask every string inside v (objects such as "proxies" included). */
int settings_mask(cJSON *v)
{
	if (cJSON_IsString(v) && v->valuestring) {
		_cleanup_free_ char *m = settings_mask_credentials(v->valuestring);
		if (!m || !cJSON_SetValuestring(v, m))
			return -ENOMEM;
		return 0;
	}
	cJSON *e;
	cJSON_ArrayForEach(e, v)
	{
		int r = settings_mask(e);
		if (r < 0)
			return r;
	}
	return 0;
}
