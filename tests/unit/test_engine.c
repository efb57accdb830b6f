/* SPDX-License-Identifier: Apache-2.0 */
/* Which engine answers: Docker Engine or Podman, from /version and the /_ping Server header. */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "buf.h"
#include "facts/engine.h"
#include "json.h"

static cJSON *load(const char *scenario)
{
	_cleanup_free_ char *path = NULL;
	if (asprintf(&path, "%s/docker/%s/version.json", DA_FIXTURES, scenario) < 0)
		return NULL;
	_cleanup_free_ char *text = NULL;
	size_t len;
	assert_int_equal(read_file_capped(path, 1 << 20, &text, &len), 0);
	return json_parse(text, len);
}

struct row {
	const char *name;
	const char *scenario; /* NULL: the inline JSON */
	const char *json;
	const char *server;
	enum engine_kind want;
	const char *want_version;
};

static struct row rows[] = {
    {"Podman 5.4 (captured)", "engine-podman-5.4", NULL, "Libpod/5.4.2 (linux)", ENGINE_PODMAN,
     "5.4.2"},
    {"Podman without the header", "engine-podman-5.4", NULL, NULL, ENGINE_PODMAN, "5.4.2"},
    {"Podman 4.3 of Debian 12 (captured)", "engine-podman-4.3", NULL, "Libpod/4.3.1 (linux)",
     ENGINE_PODMAN, "4.3.1"},
    {"Docker 20.10 (captured)", "seed", NULL, "Docker/20.10.24+dfsg1 (linux)", ENGINE_DOCKER,
     "20.10.24+dfsg1"},
    {"Docker 28 (captured)", "host-v28", NULL, NULL, ENGINE_DOCKER, NULL},
    {"Docker 26.1 of Debian trixie (captured)", "engine-docker-26.1", NULL,
     "Docker/26.1.5+dfsg1 (linux)", ENGINE_DOCKER, "26.1.5+dfsg1"},
    {"Docker 28.5 of Debian sid (captured)", "engine-docker-28.5", NULL, NULL, ENGINE_DOCKER,
     "28.5.2+dfsg4"},
    {"Docker 29.0, API 1.52 (made from the 28.5 capture)", "engine-docker-29.0-api152", NULL,
     "Docker/29.0.0 (linux)", ENGINE_DOCKER, "29.0.0"},
    {"a header that disagrees with /version", "engine-podman-5.4", NULL, "Docker/28.0 (linux)",
     ENGINE_UNKNOWN, "5.4.2"},
    {"no components, a Libpod header", NULL, "{\"Version\":\"4.9.3\",\"ApiVersion\":\"1.41\"}",
     "Libpod/4.9.3 (linux)", ENGINE_PODMAN, "4.9.3"},
    {"nothing names an engine", NULL, "{\"Version\":\"1.0\"}", NULL, ENGINE_UNKNOWN, "1.0"},
    {"a Components of the wrong type", NULL, "{\"Components\":7,\"Version\":\"2\"}", NULL,
     ENGINE_UNKNOWN, "2"},
};

static cJSON *load_info(const char *scenario)
{
	_cleanup_free_ char *path = NULL;
	if (asprintf(&path, "%s/docker/%s/info.json", DA_FIXTURES, scenario) < 0)
		return NULL;
	_cleanup_free_ char *text = NULL;
	size_t len;
	assert_int_equal(read_file_capped(path, 1 << 20, &text, &len), 0);
	return json_parse(text, len);
}

/* Docker Desktop is Docker Engine in Desktop's VM: told by /version Platform.Name or /info
 * OperatingSystem; a Docker Engine on Linux (empty Platform.Name) is not. */
static void test_desktop(void **state)
{
	(void)state;
	cJSON *v = load("engine-docker-desktop-4.33"), *i = load_info("engine-docker-desktop-4.33");
	struct engine e;
	assert_int_equal(engine_identify(v, "Docker/27.1.1 (linux)", &e), 0);
	assert_int_equal(e.kind, ENGINE_DOCKER);
	assert_string_equal(e.version, "27.1.1");
	assert_int_equal(engine_identify_platform(v, i, &e), 0);
	assert_true(e.desktop);
	assert_string_equal(e.platform, "Docker Desktop 4.33.0 (160616)");
	assert_non_null(strstr(e.desktop_evidence, "OperatingSystem \"Docker Desktop\""));
	assert_non_null(strstr(e.desktop_evidence, "6.10.0-linuxkit"));
	/* /info alone (a proxy that rewrites /version, or an older Desktop) */
	assert_int_equal(engine_identify_platform(NULL, i, &e), 0);
	assert_true(e.desktop);
	assert_null(e.platform);
	/* /version alone (/info not readable) */
	assert_int_equal(engine_identify_platform(v, NULL, &e), 0);
	assert_true(e.desktop);
	engine_release(&e);
	cJSON_Delete(v);
	cJSON_Delete(i);
	/* Docker Engine of Debian sid: Platform.Name is "", OperatingSystem the distribution */
	v = load("engine-docker-28.5");
	i = load_info("engine-docker-28.5");
	assert_int_equal(engine_identify(v, NULL, &e), 0);
	assert_int_equal(engine_identify_platform(v, i, &e), 0);
	assert_false(e.desktop);
	assert_null(e.platform);
	assert_null(e.desktop_evidence);
	engine_release(&e);
	cJSON_Delete(v);
	cJSON_Delete(i);
}

static void run_row(void **state)
{
	const struct row *row = *state;
	cJSON *v = row->scenario ? load(row->scenario) : json_parse(row->json, strlen(row->json));
	assert_non_null(v);
	struct engine e;
	assert_int_equal(engine_identify(v, row->server, &e), 0);
	if (e.kind != row->want)
		fail_msg("%s: kind %d (%s), want %d", row->name, e.kind, e.evidence, row->want);
	assert_non_null(e.evidence);
	if (row->want_version)
		assert_string_equal(e.version, row->want_version);
	engine_release(&e);
	cJSON_Delete(v);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(rows) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		tests[i] = (struct CMUnitTest){rows[i].name, run_row, NULL, NULL, &rows[i]};
	tests[ARRAY_SIZE(rows)] =
	    (struct CMUnitTest){"Docker Desktop", test_desktop, NULL, NULL, NULL};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
