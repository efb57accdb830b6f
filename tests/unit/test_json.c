/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "json.h"

static const char doc[] = "{\"HostConfig\": {\"Privileged\": true, \"PidMode\": \"host\", "
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
	assert_null(json_get_string(j, "HostConfig.Str"));       /* wrong type: not a string */
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
	static const char *const bad[] = {"", "{", "{\"a\": }", "[1,2", "{} x", "nul", "{\"a\":\"\\u12\"}"};
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_parse_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
