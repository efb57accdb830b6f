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

struct json_interner {
	char **slots; /* open addressing; NULL is empty */
	size_t cap, n;
};

struct json_interner *json_interner_new(void)
{
	struct json_interner *in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	in->cap = 1024;
	in->slots = calloc(in->cap, sizeof(*in->slots));
	if (!in->slots) {
		free(in);
		return NULL;
	}
	return in;
}

struct json_interner *json_interner_free(struct json_interner *in)
{
	if (!in)
		return NULL;
	for (size_t i = 0; i < in->cap; i++)
		free(in->slots[i]);
	free(in->slots);
	free(in);
	return NULL;
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int interner_grow(struct json_interner *in)
{
	size_t cap = in->cap * 2;
	char **slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < in->cap; i++) {
		if (!in->slots[i])
			continue;
		size_t j = str_hash(in->slots[i]) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = in->slots[i];
	}
	free(in->slots);
	in->slots = slots;
	in->cap = cap;
	return 0;
}

/* The shared copy of s, made on first sight; NULL when out of memory. */
static const char *intern(struct json_interner *in, const char *s)
{
	if (in->n * 2 >= in->cap && interner_grow(in) < 0)
		return NULL;
	size_t j = str_hash(s) & (in->cap - 1);
	while (in->slots[j]) {
		if (strcmp(in->slots[j], s) == 0)
			return in->slots[j];
		j = (j + 1) & (in->cap - 1);
	}
	char *copy = strdup(s);
	if (!copy)
		return NULL;
	in->slots[j] = copy;
	in->n++;
	return copy;
}

static int intern_node(struct json_interner *in, cJSON *it, size_t max_value)
{
	if (it->string && !(it->type & cJSON_StringIsConst)) {
		const char *k = intern(in, it->string);
		if (!k)
			return -ENOMEM;
		cJSON_free(it->string);
		it->string = (char *)(uintptr_t)k;
		it->type |= cJSON_StringIsConst;
	}
	if (cJSON_IsString(it) && it->valuestring && !(it->type & cJSON_IsReference) &&
	    strlen(it->valuestring) <= max_value) {
		const char *v = intern(in, it->valuestring);
		if (!v)
			return -ENOMEM;
		cJSON_free(it->valuestring);
		it->valuestring = (char *)(uintptr_t)v;
		it->type |=
		    cJSON_IsReference; /* a string node has no child: only the value is shared */
	}
	/* nesting is bounded by cJSON's parser limit, so the recursion is too */
	for (cJSON *c = it->child; c; c = c->next) {
		int r = intern_node(in, c, max_value);
		if (r < 0)
			return r;
	}
	return 0;
}

const char *json_intern_str(struct json_interner *in, const char *s)
{
	return in && s ? intern(in, s) : NULL;
}

int json_intern(struct json_interner *in, cJSON *tree, size_t max_value)
{
	return tree ? intern_node(in, tree, max_value) : 0;
}
