/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <math.h>
#include "json.h"

const cJSON *json_get(const cJSON *obj, const char *path)
{
	const cJSON *cur = obj;
	const char *p = path;
	char key[256];
	while (cur && p && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key) || !cJSON_IsObject(cur))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		cur = cJSON_GetObjectItemCaseSensitive(cur, key);
		p = dot ? dot + 1 : NULL;
	}
	return cur;
}

const char *json_get_string(const cJSON *obj, const char *path)
{
	const cJSON *it = json_get(obj, path);
	return cJSON_IsString(it) && it->valuestring ? it->valuestring : NULL;
}

int json_get_bool(const cJSON *obj, const char *path, bool *ret)
{
	const cJSON *it = json_get(obj, path);
	if (!it || cJSON_IsNull(it))
		return -ENOENT;
	if (!cJSON_IsBool(it))
		return -EINVAL;
	*ret = cJSON_IsTrue(it);
	return 0;
}

int json_get_int64(const cJSON *obj, const char *path, int64_t *ret)
{
	const cJSON *it = json_get(obj, path);
	if (!it || cJSON_IsNull(it))
		return -ENOENT;
	if (!cJSON_IsNumber(it))
		return -EINVAL;
	double d = it->valuedouble;
	/* 2^63 is exactly representable; anything at or past it does not fit */
	if (!isfinite(d) || d != floor(d) || d >= 9223372036854775808.0 ||
	    d < -9223372036854775808.0)
		return -ERANGE;
	*ret = (int64_t)d;
	return 0;
}

const cJSON *json_get_array(const cJSON *obj, const char *path)
{
	const cJSON *it = json_get(obj, path);
	return cJSON_IsArray(it) ? it : NULL;
}

const cJSON *json_get_object(const cJSON *obj, const char *path)
{
	const cJSON *it = json_get(obj, path);
	return cJSON_IsObject(it) ? it : NULL;
}

cJSON *json_parse(const char *data, size_t len)
{
	if (!data)
		return NULL;
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(data, len, &end, false);
	if (!j)
		return NULL;
	/* trailing garbage other than whitespace is malformed */
	for (const char *p = end; p && p < data + len; p++) {
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
			cJSON_Delete(j);
			return NULL;
		}
	}
	return j;
}
