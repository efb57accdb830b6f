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
	struct CMUnitTest tests[ARRAY_SIZE(rows)];
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		tests[i] = (struct CMUnitTest){rows[i].name, run_row, NULL, NULL, &rows[i]};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
