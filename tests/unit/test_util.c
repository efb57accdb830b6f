/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "buf.h"
#include "strutil.h"

static void test_buf_cap(void **state)
{
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "678"), 0);
	assert_int_equal(buf_puts(&b, "9"), -E2BIG); /* past the max: refused, unchanged */
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(buf_printf(&b, "%d", 1), -E2BIG);
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%s-%d", "a", 42), 0);
	assert_string_equal(b.data, "a-42");
	_cleanup_free_ char *s = buf_steal(&b);
	assert_string_equal(s, "a-42");
	assert_null(b.data);
	buf_release(&b);
}

static void test_parse_numbers(void **state)
{
	int64_t v;
	uint64_t u;
	assert_int_equal(parse_int64("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int64("-9223372036854775808", &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(parse_int64("9223372036854775808", &v), -ERANGE);
	assert_int_equal(parse_int64("12x", &v), -EINVAL);
	assert_int_equal(parse_int64("", &v), -EINVAL);
	assert_int_equal(parse_int64(" 1", &v), -EINVAL);
	assert_int_equal(parse_uint64("-1", &u), -EINVAL);
	assert_int_equal(parse_uint64("18446744073709551616", &u), -ERANGE);
}

static void test_split(void **state)
{
	_cleanup_strv_free_ char **v = NULL;
	assert_int_equal(str_split("5.5, 5.16,,1.1 ", ',', &v), 3);
	assert_string_equal(v[0], "5.5");
	assert_string_equal(v[1], "5.16");
	assert_string_equal(v[2], "1.1");
	assert_null(v[3]);
}

static void test_paths(void **state)
{
	static const char *const cases[][2] = {
	    {"/", "/"},
	    {"//etc//docker/", "/etc/docker"},
	    {"/a/./b/../c", "/a/c"},
	    {"/../../etc", "/etc"},
	    {"/var/lib/docker/", "/var/lib/docker"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *n = path_normalize(cases[i][0]);
		assert_string_equal(n, cases[i][1]);
	}
	assert_null(path_normalize("relative"));
	assert_true(path_is_under("/etc/docker/daemon.json", "/etc/docker"));
	assert_true(path_is_under("/etc/docker", "/etc/docker"));
	assert_false(path_is_under("/etc/dockerd", "/etc/docker"));
	assert_true(path_is_under("/etc", "/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_cap),
	    cmocka_unit_test(test_parse_numbers),
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
