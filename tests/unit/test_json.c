/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "json.h"
#include "jsonpool.h"

static const char doc[] =
    "{\"HostConfig\": {\"Privileged\": true, \"PidMode\": \"host\", "
    "\"Memory\": 1e3, \"Big\": 1e30, \"Frac\": 1.5, \"Str\": 7, \"Null\": null},"
    " \"Names\": [\"/a\"], \"Obj\": {}}";

static void test_getters(void **state)
{
	cJSON *j = json_parse(doc, sizeof(doc) - 1);
	assert_non_null(j);
	bool b = false;
	int64_t v = 0;
	assert_int_equal(json_get_bool(j, "HostConfig.Privileged", &b), 0);
	assert_true(b);
	assert_string_equal(json_get_string(j, "HostConfig.PidMode"), "host");
	assert_null(json_get_string(j, "HostConfig.Str")); /* wrong type: not a string */
	assert_null(json_get_string(j, "HostConfig.Nope"));
	assert_null(json_get_string(j, "HostConfig.PidMode.X")); /* a string is not an object */
	assert_int_equal(json_get_bool(j, "HostConfig.PidMode", &b), -EINVAL);
	assert_int_equal(json_get_bool(j, "HostConfig.Null", &b), -ENOENT);
	assert_int_equal(json_get_bool(j, "Missing.Path", &b), -ENOENT);
	assert_int_equal(json_get_int64(j, "HostConfig.Memory", &v), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(json_get_int64(j, "HostConfig.Big", &v), -ERANGE);
	assert_int_equal(json_get_int64(j, "HostConfig.Frac", &v), -ERANGE);
	assert_int_equal(json_get_int64(j, "HostConfig.PidMode", &v), -EINVAL);
	assert_non_null(json_get_array(j, "Names"));
	assert_null(json_get_array(j, "Obj"));
	assert_non_null(json_get_object(j, "Obj"));
	assert_null(json_get(NULL, "a"));
	cJSON_Delete(j);
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {"",	  "{",	 "{\"a\": }",	     "[1,2",
					  "{} x", "nul", "{\"a\":\"\\u12\"}"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_null(json_parse(bad[i], strlen(bad[i])));
	/* the length bounds the parse: no reading past it */
	cJSON *j = json_parse("{}garbage", 2);
	assert_non_null(j);
	cJSON_Delete(j);
	/* deep nesting is refused, not a stack overflow */
	size_t n = 100000;
	char *deep = malloc(2 * n + 1);
	assert_non_null(deep);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	assert_null(json_parse(deep, 2 * n));
	free(deep);
}

static void test_interner(void **state)
{
	struct json_interner *in = json_interner_new();
	assert_non_null(in);
	static const char a[] = "{\"HostConfig\": {\"PidMode\": \"host\", \"Id\": "
				"\"0123456789012345678901234567890123456789\"}, \"n\": [\"host\"]}";
	cJSON *x = json_parse(a, sizeof(a) - 1), *y = json_parse(a, sizeof(a) - 1);
	assert_int_equal(json_intern(in, x, 16), 0);
	assert_int_equal(json_intern(in, y, 16), 0);
	/* keys and short values are shared between the trees, long values are not */
	const cJSON *hx = json_get(x, "HostConfig"), *hy = json_get(y, "HostConfig");
	assert_ptr_equal(hx->string, hy->string);
	assert_ptr_equal(json_get_string(x, "HostConfig.PidMode"),
			 json_get_string(y, "HostConfig.PidMode"));
	assert_ptr_not_equal(json_get_string(x, "HostConfig.Id"),
			     json_get_string(y, "HostConfig.Id"));
	/* the getters see the same values, and the trees free without touching shared data */
	assert_string_equal(json_get_string(y, "HostConfig.PidMode"), "host");
	assert_string_equal(cJSON_GetArrayItem(json_get_array(y, "n"), 0)->valuestring, "host");
	cJSON_Delete(x);
	assert_string_equal(json_get_string(y, "HostConfig.PidMode"), "host");
	cJSON_Delete(y);
	assert_ptr_equal(json_intern_str(in, "abc"), json_intern_str(in, "abc"));
	assert_null(json_intern_str(in, NULL));
	/* growth keeps every string findable */
	char key[32];
	const char *first = NULL;
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		const char *p = json_intern_str(in, key);
		assert_non_null(p);
		if (i == 0)
			first = p;
	}
	assert_ptr_equal(json_intern_str(in, "k0"), first);
	json_interner_free(in);
}

static void test_pool(void **state)
{
	/* objects of every class and larger ones, freed in a shuffled order and reused */
	enum { N = 20000 };
	void **p = calloc(N, sizeof(*p));
	assert_non_null(p);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < N; i++) {
			size_t size = 1 + (i * 7919) % 200;
			p[i] = jsonpool_malloc(size);
			assert_non_null(p[i]);
			memset(p[i], (int)(i & 0xff), size);
		}
		for (size_t i = 0; i < N; i++) {
			size_t j = (i * 104729) % N, size = 1 + (j * 7919) % 200;
			unsigned char *b = p[j];
			for (size_t k = 0; k < size; k++)
				assert_int_equal(b[k], (unsigned char)(j & 0xff));
			jsonpool_free(p[j]);
		}
	}
	free(p);
	jsonpool_free(NULL);
	/* cJSON through the pool */
	jsonpool_install();
	cJSON *j = json_parse(doc, sizeof(doc) - 1);
	assert_non_null(j);
	assert_string_equal(json_get_string(j, "HostConfig.PidMode"), "host");
	char *text = cJSON_PrintUnformatted(j);
	assert_non_null(text);
	cJSON_free(text);
	cJSON_Delete(j);
	jsonpool_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_getters),
	    cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_interner),
	    cmocka_unit_test(test_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
