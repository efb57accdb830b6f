/* SPDX-License-Identifier: Apache-2.0 */
/* The image archive reader (src/facts/archive.c) on the fuzzer's seed archives: a docker save
 * tar with a whiteout and an opaque directory, an OCI layout tar with a gzip layer; and its
 * limits, each reached on purpose. */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "facts/archive.h"
#include "json.h"

#define SEEDS DA_SOURCE_DIR "/tests/fuzz/seeds/fuzz_archive/"

static struct image_archive *read_ok(const char *path, const struct archive_limits *lim)
{
	struct image_archive *a = NULL;
	char *err = NULL;
	int r = image_archive_read_path(path, lim, &a, &err);
	if (r < 0)
		fail_msg("%s: %d %s", path, r, err ? err : "?");
	free(err);
	assert_non_null(a);
	return a;
}

static void test_docker_save_whiteouts(void **state)
{
	struct archive_limits lim;
	archive_limits_default(&lim);
	struct image_archive *a = read_ok(SEEDS "docker-save.tar", &lim);
	assert_string_equal(a->format, "docker save");
	assert_int_equal(a->n, 1);
	const struct archive_image *img = &a->images[0];
	assert_string_equal(img->name, "seed:1");
	assert_int_equal(img->n_layers, 2);
	assert_int_equal(img->layers_error, 0);
	/* /bin/gone: whiteout in layer 2; /etc/x: below an opaque /etc in layer 2 */
	assert_int_equal(img->n_setid, 1);
	assert_string_equal(img->setid[0].path, "/bin/su");
	assert_int_equal(img->setid[0].mode, 04755);
	assert_int_equal(img->setid[0].layer, 0);
	/* the Engine API's shapes */
	assert_string_equal(json_get_string(img->inspect, "Config.User"), "1000");
	assert_string_equal(json_get_string(img->inspect, "Id"), img->id);
	const cJSON *h0 = cJSON_GetArrayItem(img->history, 0);
	assert_string_equal(json_get_string(h0, "Id"), img->id); /* newest first */
	assert_string_equal(json_get_string(h0, "CreatedBy"), "RUN rm /bin/gone # buildkit");
	image_archive_free(a);
}

static void test_oci_tar(void **state)
{
	struct archive_limits lim;
	archive_limits_default(&lim);
	struct image_archive *a = read_ok(SEEDS "oci.tar", &lim);
	assert_string_equal(a->format, "OCI layout tar");
	assert_int_equal(a->n, 1);
	assert_string_equal(a->images[0].name, "seed:2"); /* docker.io/library/ dropped */
	assert_int_equal(a->images[0].n_setid, 3); /* one gzip layer: nothing removed */
	assert_true(strncmp(a->images[0].layers[0].digest, "sha256:", 7) == 0);
	image_archive_free(a);
}

static void test_limits(void **state)
{
	struct archive_limits lim;
	archive_limits_default(&lim);
	lim.max_entries = 2; /* the layers hold more: the image's files cannot be judged */
	struct image_archive *a = read_ok(SEEDS "docker-save.tar", &lim);
	assert_int_equal(a->images[0].layers_error, -E2BIG);
	assert_non_null(strstr(a->images[0].layers_msg, "more than 2 files"));
	image_archive_free(a);

	archive_limits_default(&lim);
	lim.max_setid = 0; /* counted, not kept */
	a = read_ok(SEEDS "oci.tar", &lim);
	assert_int_equal(a->images[0].n_setid, 0);
	assert_int_equal(a->images[0].setid_more, 3);
	image_archive_free(a);

	archive_limits_default(&lim);
	lim.max_json = 16; /* manifest.json and the configuration are larger */
	char *err = NULL;
	a = NULL;
	assert_int_equal(image_archive_read_path(SEEDS "docker-save.tar", &lim, &a, &err), -E2BIG);
	assert_null(a);
	assert_non_null(strstr(err, "larger than 16 bytes"));
	free(err);

	archive_limits_default(&lim);
	lim.max_members = 2;
	err = NULL;
	assert_int_equal(image_archive_read_path(SEEDS "docker-save.tar", &lim, &a, &err), -E2BIG);
	assert_non_null(strstr(err, "more than 2 members"));
	free(err);
}

static void test_garbage(void **state)
{
	struct archive_limits lim;
	archive_limits_default(&lim);
	static const char *const inputs[] = {"", "not a tar at all", "{\"manifests\": []}"};
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct image_archive *a = NULL;
		char *err = NULL;
		int r = image_archive_read_memory(inputs[i], strlen(inputs[i]), &lim, &a, &err);
		assert_true(r < 0);
		assert_null(a);
		assert_non_null(err);
		free(err);
	}
	struct image_archive *a = NULL;
	char *err = NULL;
	assert_int_equal(image_archive_read_path("/nonexistent/x.tar", &lim, &a, &err), -ENOENT);
	assert_non_null(strstr(err, "cannot open"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker_save_whiteouts),
	    cmocka_unit_test(test_oci_tar),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
