/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <math.h>
#include <cjson/cJSON.h>
#include "fuzz_common.h"
#include "json.h"

/*
 * json_parse and every typed getter, before and after json_intern. Input: a JSON text, optionally
 * followed by a NUL and getter paths, one per line. Besides the given paths, every member of the
 * parsed tree is looked up by the dotted path that leads to it, and each getter must agree with the
 * item's type: a getter that reads the wrong member or the wrong type is a bug even when it does
 * not crash.
 */

#define MAX_VISITS 4096
#define MAX_DEPTH 32

static void getters(const cJSON *root, const char *path)
{
	const cJSON *it = json_get(root, path);
	const char *s = json_get_string(root, path);
	bool b;
	int64_t i64;
	int rb = json_get_bool(root, path, &b);
	int ri = json_get_int64(root, path, &i64);
	const cJSON *a = json_get_array(root, path);
	const cJSON *o = json_get_object(root, path);

	if (s && (!cJSON_IsString(it) || s != it->valuestring))
		fuzz_fail("json_get_string(%s) returned what is not the string there", path);
	if (!s && cJSON_IsString(it) && it->valuestring)
		fuzz_fail("json_get_string(%s) missed a string", path);
	if ((rb == 0) != cJSON_IsBool(it) || (rb == 0 && b != (bool)cJSON_IsTrue(it)))
		fuzz_fail("json_get_bool(%s) disagrees with the item", path);
	if (rb == -ENOENT && it && !cJSON_IsNull(it))
		fuzz_fail("json_get_bool(%s) says absent for a present item", path);
	if (ri == 0) {
		if (!cJSON_IsNumber(it) || (double)i64 != it->valuedouble)
			fuzz_fail("json_get_int64(%s) returned %lld for %.17g", path,
				  (long long)i64, cJSON_IsNumber(it) ? it->valuedouble : NAN);
	} else if (ri == -ERANGE) {
		double d = it->valuedouble;
		if (isfinite(d) && d == floor(d) && d >= -9223372036854775808.0 &&
		    d < 9223372036854775808.0)
			fuzz_fail("json_get_int64(%s) refused %.17g, which fits", path, d);
	}
	if ((a != NULL) != cJSON_IsArray(it) || (a && a != it))
		fuzz_fail("json_get_array(%s) disagrees with the item", path);
	if ((o != NULL) != cJSON_IsObject(it) || (o && o != it))
		fuzz_fail("json_get_object(%s) disagrees with the item", path);
}

/* Is item the first member named key among its siblings (the one a lookup finds)? */
static bool first_of_name(const cJSON *parent, const cJSON *item)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, parent)
	{
		if (c == item)
			return true;
		if (c->string && strcmp(c->string, item->string) == 0)
			return false;
	}
	return false;
}

static void walk(const cJSON *root, const cJSON *node, char *path, size_t plen, bool reachable,
		 unsigned depth, unsigned *visits)
{
	if (depth > MAX_DEPTH || !cJSON_IsObject(node))
		return;
	const cJSON *c;
	cJSON_ArrayForEach(c, node)
	{
		if (++*visits > MAX_VISITS || !c->string)
			return;
		size_t kl = strlen(c->string);
		if (plen + kl + 2 > 1024)
			continue;
		size_t np = plen;
		if (np)
			path[np++] = '.';
		memcpy(path + np, c->string, kl + 1);
		/* addressable: no dot in any key, none empty, none too long, first of its name */
		bool ok = reachable && kl > 0 && kl < 256 && !strchr(c->string, '.') &&
			  first_of_name(node, c);
		getters(root, path);
		if (ok && json_get(root, path) != c)
			fuzz_fail("json_get(%s) found another item than the one there", path);
		walk(root, c, path, np + kl, ok, depth + 1, visits);
		path[plen] = '\0';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t jlen = nul ? (size_t)(nul - data) : size;
	/* an exact-size copy: the parser must not read past the length it was given */
	_cleanup_free_ char *text = fuzz_memdup(data, jlen);
	cJSON *j = json_parse(text, jlen);

	_cleanup_free_ char *paths = nul ? fuzz_strndup(nul + 1, size - jlen - 1) : NULL;
	if (j) {
		for (char *p = paths, *e; p && *p; p = e ? e + 1 : NULL) {
			e = strchr(p, '\n');
			if (e)
				*e = '\0';
			getters(j, p);
			if (!e)
				break;
		}
		char path[1024] = "";
		unsigned visits = 0;
		walk(j, j, path, 0, true, 0, &visits);
		getters(j, "");

		/* interned (keys and short values shared), the tree must read the same */
		struct json_interner *in = json_interner_new();
		if (!in)
			abort();
		_cleanup_free_ char *before = cJSON_PrintUnformatted(j);
		if (json_intern(in, j, size % 64) < 0)
			fuzz_fail("json_intern failed");
		_cleanup_free_ char *after = cJSON_PrintUnformatted(j);
		if (!before != !after || (before && strcmp(before, after) != 0))
			fuzz_fail("interning changed the tree");
		visits = 0;
		walk(j, j, path, 0, true, 0, &visits);

		/* what cJSON prints of it, it must read back */
		_cleanup_free_ char *printed = cJSON_PrintUnformatted(j);
		if (printed) {
			cJSON *again = json_parse(printed, strlen(printed));
			if (!again)
				fuzz_fail("json_parse refused what cJSON printed of a parsed tree");
			cJSON_Delete(again);
		}
		cJSON_Delete(j);
		json_interner_free(in);
	}
	/* NULL input and NULL trees are refused quietly */
	if (json_parse(NULL, 3) || json_get(NULL, "a") || json_get_string(NULL, "a.b"))
		fuzz_fail("a getter found something in nothing");
	return 0;
}
