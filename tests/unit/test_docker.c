/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "docker.h"
#include "fakedaemon.h"
#include "json.h"
#include "strutil.h"

/* Each test gets its own fake daemon on a fresh socket and a client for it. */
struct fx {
	struct fakedaemon *d;
	struct docker_client *c;
	char *host;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->d = fakedaemon_start(NULL);
	assert_non_null(f->d);
	f->host = xasprintf("unix://%s", fakedaemon_socket(f->d));
	assert_non_null(f->host);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	docker_client_free(f->c);
	fakedaemon_stop(f->d);
	free(f->host);
	free(f);
	return 0;
}

static struct docker_client *fx_client(struct fx *f, long timeout_ms, size_t max_body,
				       int max_inflight)
{
	struct docker_options o = {
	    .host = f->host,
	    .timeout_ms = timeout_ms,
	    .max_body = max_body,
	    .max_inflight = max_inflight,
	};
	char *err = NULL;
	assert_int_equal(docker_client_new(&o, &f->c, &err), 0);
	assert_null(err);
	return f->c;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* GET path, expect failure err; returns the message (caller frees). */
static char *get_fails(struct docker_client *c, const char *path, int err)
{
	cJSON *j = NULL;
	char *msg = NULL;
	int r = docker_get_json(c, path, &j, &msg);
	if (r != err)
		fprintf(stderr, "GET %s: got %d (%s), expected %d\n", path, r, msg ? msg : "", err);
	assert_int_equal(r, err);
	assert_null(j);
	assert_non_null(msg);
	/* one line, lowercase start, no trailing period */
	assert_null(strchr(msg, '\n'));
	assert_false(str_endswith(msg, "."));
	return msg;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack, needle);
}

/* --- negotiation --- */

static void test_negotiate_picks_daemon_version(void **state)
{
	struct fx *f = *state;
	struct docker_client *c = fx_client(f, 0, 0, 0);
	assert_null(docker_api_version(c));
	char *err = NULL;
	assert_int_equal(docker_negotiate(c, &err), 0);
	assert_null(err);
	assert_string_equal(docker_api_version(c), "1.41");
	/* cached: no second ping */
	assert_int_equal(docker_negotiate(c, &err), 0);
	cJSON *j = NULL;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/v1.41/info", 200, "{}", 0, 0), 0);
	assert_int_equal(docker_get_json(c, "/info", &j, &err), 0);
	cJSON_Delete(j);
	assert_int_equal(fakedaemon_count(f->d, "/_ping"), 1);
	assert_int_equal(docker_requests_sent(c), 2);
}

static void test_negotiate_caps_at_our_max(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, "1.100"), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	assert_int_equal(docker_negotiate(c, NULL), 0);
	/* compared numerically: 1.100 > 1.45 */
	assert_string_equal(docker_api_version(c), DOCKER_MAX_API_VERSION);
}

/*
 * Docker 29.0-29.2 answer every request below API 1.44 with HTTP 400 (moby PR 51186; the
 * message as field reports quote it). Served here from the API 1.52 fixture (made from the
 * 28.5 capture, fixtures/docker/api152.py), with the refusal routed for every older version
 * docker-audit could send: the audit speaks 1.52 and never an older one.
 */
static void test_negotiate_docker29_floor(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, "1.52"), 0);
	assert_int_equal(
	    fakedaemon_serve_dir(f->d, DA_FIXTURES "/docker/engine-docker-29.0-api152"), 0);
	static const char *const old[] = {"1.24", "1.40", "1.41", "1.43"};
	for (size_t i = 0; i < ARRAY_SIZE(old); i++) {
		_cleanup_free_ char *path = xasprintf("/v%s/info", old[i]);
		_cleanup_free_ char *body = xasprintf(
		    "{\"message\":\"client version %s is too old. Minimum supported API version is "
		    "1.44, please upgrade your client to a newer version\"}",
		    old[i]);
		assert_int_equal(fakedaemon_route(f->d, "GET", path, 400, body, 0, 0), 0);
	}
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(c, &err), 0);
	assert_null(err);
	assert_string_equal(docker_api_version(c), "1.52");
	assert_false(docker_negotiated_down(c));
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/info", &j, &err), 0);
	assert_string_equal(json_get_string(j, "ServerVersion"), "29.0.0");
	cJSON_Delete(j);
	assert_int_equal(fakedaemon_count(f->d, "/v1.52/info"), 1);
	assert_int_equal(fakedaemon_count_prefix(f->d, "/v1.4"), 0);
	assert_int_equal(fakedaemon_count_prefix(f->d, "/v1.2"), 0);
}

/*
 * A newer engine that speaks past docker-audit's newest and raised its floor beyond it (as 29.0
 * did over 1.41 clients): the refusal reaches the user as the daemon's own message, with the
 * versions, never as an empty answer judged as a safe one.
 */
static void test_negotiate_floor_above_ours(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, "1.60"), 0);
	_cleanup_free_ char *path = xasprintf("/v%s/info", DOCKER_MAX_API_VERSION);
	_cleanup_free_ char *body = xasprintf(
	    "{\"message\":\"client version %s is too old. Minimum supported API version is 1.58, "
	    "please upgrade your client to a newer version\"}",
	    DOCKER_MAX_API_VERSION);
	assert_int_equal(fakedaemon_route(f->d, "GET", path, 400, body, 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	assert_int_equal(docker_negotiate(c, NULL), 0);
	assert_string_equal(docker_api_version(c), DOCKER_MAX_API_VERSION);
	assert_true(docker_negotiated_down(c));
	assert_string_equal(docker_daemon_api_version(c), "1.60");
	cJSON *j = NULL;
	char *err = NULL;
	int r = docker_get_json(c, "/info", &j, &err);
	assert_true(r < 0);
	assert_null(j);
	assert_non_null(err);
	assert_contains(err, "400");
	assert_contains(err, "Minimum supported API version is 1.58");
	free(err);
}

static void test_negotiate_numeric_compare(void **state)
{
	struct fx *f = *state;
	/* 1.9 < 1.24 numerically, though not as strings */
	assert_int_equal(fakedaemon_set_api_version(f->d, "1.9"), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(c, &err), -EPROTO);
	assert_non_null(err);
	assert_contains(err, "1.9");
	assert_contains(err, DOCKER_MIN_API_VERSION);
	free(err);
}

static void test_negotiate_too_old_cached(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, "1.12"), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err1 = NULL, *err2 = NULL;
	assert_int_equal(docker_negotiate(c, &err1), -EPROTO);
	assert_int_equal(docker_negotiate(c, &err2), -EPROTO);
	assert_non_null(err1);
	assert_non_null(err2);
	assert_string_equal(err1, err2);
	assert_contains(err1, "1.12");
	assert_null(docker_api_version(c));
	/* later requests fail with the same error and send nothing */
	char *err3 = get_fails(c, "/info", -EPROTO);
	assert_string_equal(err3, err1);
	assert_int_equal(fakedaemon_requests(f->d), 1);
	free(err1);
	free(err2);
	free(err3);
}

static void test_negotiate_falls_back_to_version(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, NULL), 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/version", 200,
					  "{\"Version\":\"19.03.1\",\"ApiVersion\":\"1.40\"}", 0,
					  0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	assert_int_equal(docker_negotiate(c, NULL), 0);
	assert_string_equal(docker_api_version(c), "1.40");
	assert_int_equal(fakedaemon_count(f->d, "/_ping"), 1);
	assert_int_equal(fakedaemon_count(f->d, "/version"), 1); /* unversioned */
}

static void test_negotiate_bad_version_header(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, "banana"), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(c, &err), -EPROTO);
	assert_contains(err, "banana");
	free(err);
}

static void test_negotiate_ping_error_status(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_set_api_version(f->d, NULL), 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/_ping", 403,
					  "{\"message\":\"authorization denied by plugin\"}", 0, 0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(c, &err), -EACCES);
	assert_string_equal(err, "GET /_ping: 403 Forbidden: authorization denied by plugin");
	free(err);
}

/* --- single requests --- */

static void test_path_prefix(void **state)
{
	struct fx *f = *state;
	/* routes only under the versioned path: the client must add the prefix */
	assert_int_equal(
	    fakedaemon_route(f->d, "GET", "/v1.41/containers/json?all=1", 200, "[]", 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	cJSON *j = NULL;
	char *err = NULL;
	assert_int_equal(docker_get_json(c, "/containers/json?all=1", &j, &err), 0);
	assert_true(cJSON_IsArray(j));
	cJSON_Delete(j);
	assert_int_equal(fakedaemon_count(f->d, "/v1.41/containers/json?all=1"), 1);
	char *line = fakedaemon_request_line(f->d, 1);
	assert_string_equal(line, "GET /v1.41/containers/json?all=1");
	free(line);
}

static void test_get_json_ok(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200,
					  "{\"ServerVersion\":\"24.0.7\",\"Containers\":3}\n", 0,
					  0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	cJSON *j = NULL;
	char *err = NULL;
	assert_int_equal(docker_get_json(c, "/info", &j, &err), 0);
	assert_null(err);
	assert_string_equal(json_get_string(j, "ServerVersion"), "24.0.7");
	cJSON_Delete(j);
}

static void test_chunked_ok(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200,
					  "{\"ServerVersion\":\"24.0.7\",\"Name\":\"chunky\"}",
					  FAKE_FAULT_CHUNKED, 0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/info", &j, NULL), 0);
	assert_string_equal(json_get_string(j, "Name"), "chunky");
	cJSON_Delete(j);
	/* and the connection stays usable */
	assert_int_equal(docker_get_json(c, "/info", &j, NULL), 0);
	cJSON_Delete(j);
	assert_int_equal(fakedaemon_connections(f->d), 1);
}

static void test_keepalive(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	for (int i = 0; i < 5; i++) {
		cJSON *j = NULL;
		assert_int_equal(docker_get_json(c, "/info", &j, NULL), 0);
		cJSON_Delete(j);
	}
	assert_int_equal(fakedaemon_count(f->d, "/v1.41/info"), 5);
	assert_int_equal(fakedaemon_connections(f->d), 1);
	assert_int_equal(docker_requests_sent(c), 6);
}

static void test_404_keeps_message(void **state)
{
	struct fx *f = *state;
	struct docker_client *c = fx_client(f, 0, 0, 0);
	/* the fake answers unknown containers as dockerd does */
	char *err = get_fails(c, "/containers/abc/json", -ENOENT);
	assert_string_equal(err, "GET /containers/abc/json: 404 Not Found: No such container: abc");
	free(err);
}

static void test_404_without_body(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 404, NULL, 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = get_fails(c, "/info", -ENOENT);
	assert_string_equal(err, "GET /info: 404 Not Found");
	free(err);
}

static void test_401_403(void **state)
{
	struct fx *f = *state;
	assert_int_equal(
	    fakedaemon_route(f->d, "GET", "/info", 401, "{\"message\":\"nope\"}", 0, 0), 0);
	assert_int_equal(
	    fakedaemon_route(f->d, "GET", "/version", 403, "{\"message\":\"denied\"}", 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = get_fails(c, "/info", -EACCES);
	assert_string_equal(err, "GET /info: 401 Unauthorized: nope");
	free(err);
	err = get_fails(c, "/version", -EACCES);
	assert_string_equal(err, "GET /version: 403 Forbidden: denied");
	free(err);
}

static void test_500(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", FAKE_FAULT_STATUS500, 0),
			 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/version", 409, "{\"message\":1}", 0, 0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = get_fails(c, "/info", -EPROTO);
	assert_string_equal(err, "GET /info: 500 Internal Server Error: boom");
	free(err);
	/* a "message" that is not a string is not used */
	err = get_fails(c, "/version", -EPROTO);
	assert_string_equal(err, "GET /version: 409 Conflict");
	free(err);
}

static void test_hostile_message(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 500,
					  "{\"message\":\"line1\\nline2\\u001b[31m red\\r\\n\"}", 0,
					  0),
			 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	char *err = get_fails(c, "/info", -EPROTO);
	assert_null(strchr(err, '\x1b'));
	assert_null(strchr(err, '\r'));
	assert_contains(err, "line1 line2");
	free(err);
}

static void test_malformed_json(void **state)
{
	static const char *const bodies[] = {
	    "{\"Id\": ", /* truncated */
	    "[{\"Id\":\"a\"},", /* truncated array */
	    "", /* empty */
	    "{\"Id\":\"a\"} trailing", /* garbage after the value */
	    "<html>oops</html>", /* not JSON at all */
	};
	struct fx *f = *state;
	struct docker_client *c = fx_client(f, 0, 0, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bodies); i++) {
		assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, bodies[i], 0, 0), 0);
		char *err = get_fails(c, "/info", -EBADMSG);
		assert_true(str_startswith(err, "malformed JSON from GET /info"));
		free(err);
	}
	/* and the malformed fault of the standalone daemon */
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", FAKE_FAULT_MALFORMED, 0),
			 0);
	free(get_fails(c, "/info", -EBADMSG));
}

static void test_oversized_body(void **state)
{
	struct fx *f = *state;
	char big[4096];
	memset(big, ' ', sizeof(big) - 1);
	big[0] = '[';
	big[sizeof(big) - 2] = ']';
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, big, 0, 0), 0);
	/* no Content-Length to check in advance: the write callback must stop it */
	assert_int_equal(fakedaemon_route(f->d, "GET", "/version", 200, big, FAKE_FAULT_CHUNKED, 0),
			 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/ok", 200, "[]", 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 1024, 0);
	char *err = get_fails(c, "/info", -EFBIG);
	assert_string_equal(err, "response from GET /info exceeds 1024 bytes");
	free(err);
	err = get_fails(c, "/version", -EFBIG);
	assert_string_equal(err, "response from GET /version exceeds 1024 bytes");
	free(err);
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/ok", &j, NULL), 0);
	cJSON_Delete(j);
}

static void test_slow_answer_times_out(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", FAKE_FAULT_DELAY, 5000),
			 0);
	struct docker_client *c = fx_client(f, 300, 0, 0);
	assert_int_equal(docker_negotiate(c, NULL), 0);
	double t0 = now_s();
	char *err = get_fails(c, "/info", -ETIMEDOUT);
	double took = now_s() - t0;
	assert_true(took >= 0.25);
	assert_true(took < 1.5);
	_cleanup_free_ char *want =
	    xasprintf("GET /info: the Docker daemon at %s did not answer within 0.3 s", f->host);
	assert_string_equal(err, want);
	free(err);
}

static void test_slow_answer_within_timeout(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", FAKE_FAULT_DELAY, 50),
			 0);
	struct docker_client *c = fx_client(f, 2000, 0, 0);
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/info", &j, NULL), 0);
	cJSON_Delete(j);
}

static void test_hang_times_out(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", FAKE_FAULT_HANG, 0), 0);
	struct docker_client *c = fx_client(f, 300, 0, 0);
	double t0 = now_s();
	char *err = get_fails(c, "/info", -ETIMEDOUT);
	assert_true(now_s() - t0 < 1.5);
	assert_contains(err, "did not answer within 0.3 s");
	free(err);
}

static void test_hang_on_ping(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/_ping", 200, "OK", FAKE_FAULT_HANG, 0), 0);
	struct docker_client *c = fx_client(f, 300, 0, 0);
	char *err = NULL;
	double t0 = now_s();
	assert_int_equal(docker_negotiate(c, &err), -ETIMEDOUT);
	assert_true(now_s() - t0 < 1.5);
	assert_contains(err, "GET /_ping");
	free(err);
}

static void test_trickle(void **state)
{
	struct fx *f = *state;
	/* 40 bytes at 50 ms each: 2 s, far beyond the 300 ms budget */
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200,
					  "{\"a\":\"0123456789012345678901234567890\"}",
					  FAKE_FAULT_TRICKLE, 50),
			 0);
	assert_int_equal(
	    fakedaemon_route(f->d, "GET", "/version", 200, "{\"a\":1}", FAKE_FAULT_TRICKLE, 1), 0);
	struct docker_client *c = fx_client(f, 300, 0, 0);
	double t0 = now_s();
	free(get_fails(c, "/info", -ETIMEDOUT));
	assert_true(now_s() - t0 < 1.5);
	/* a quick trickle is fine */
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/version", &j, NULL), 0);
	cJSON_Delete(j);
}

static void test_close_mid_response(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200,
					  "{\"ServerVersion\":\"24.0.7\",\"Containers\":3}",
					  FAKE_FAULT_CLOSE, 0),
			 0);
	assert_int_equal(
	    fakedaemon_route(f->d, "GET", "/version", 200, "{\"a\":1}", FAKE_FAULT_SHORT, 0), 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/ok", 200, "{}", 0, 0), 0);
	struct docker_client *c = fx_client(f, 2000, 0, 0);
	char *err = get_fails(c, "/info", -EPROTO);
	assert_contains(err, "GET /info");
	free(err);
	err = get_fails(c, "/version", -EPROTO);
	assert_contains(err, "GET /version");
	free(err);
	/* the client recovers with a new connection */
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/ok", &j, NULL), 0);
	cJSON_Delete(j);
}

static void test_endless_body(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "", FAKE_FAULT_ENDLESS, 0), 0);
	struct docker_client *c = fx_client(f, 3000, 256 * 1024, 0);
	cJSON *j = NULL;
	char *err = NULL;
	double t0 = now_s();
	int r = docker_get_json(c, "/info", &j, &err);
	assert_true(r == -EFBIG || r == -ETIMEDOUT);
	assert_true(now_s() - t0 < 3.5);
	assert_non_null(err);
	free(err);
}

static void test_absent_socket(void **state)
{
	struct fx *f = *state;
	_cleanup_free_ char *host = xasprintf("%s.absent", f->host);
	struct docker_options o = {.host = host};
	char *err = NULL;
	assert_int_equal(docker_client_new(&o, &f->c, &err), 0);
	assert_string_equal(docker_host(f->c), host);
	double t0 = now_s();
	assert_int_equal(docker_negotiate(f->c, &err), -ECONNREFUSED);
	assert_true(now_s() - t0 < 1.0);
	_cleanup_free_ char *want =
	    xasprintf("cannot connect to the Docker daemon at %s: no such file or directory", host);
	assert_string_equal(err, want);
	free(err);
	err = get_fails(f->c, "/info", -ECONNREFUSED);
	assert_string_equal(err, want);
	free(err);
}

static void test_refused_socket(void **state)
{
	struct fx *f = *state;
	/* a stale socket file: bound once, nobody listening */
	_cleanup_free_ char *path = xasprintf("%s.stale", fakedaemon_socket(f->d));
	_cleanup_free_ char *host = xasprintf("unix://%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	memcpy(sa.sun_path, path, strlen(path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);

	struct docker_options o = {.host = host};
	assert_int_equal(docker_client_new(&o, &f->c, NULL), 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(f->c, &err), -ECONNREFUSED);
	assert_contains(err, host);
	assert_contains(err, "connection refused");
	free(err);
	unlink(path);
}

static void test_tcp_refused(void **state)
{
	struct fx *f = *state;
	/* a port that was just free: bound, never listening */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	_cleanup_free_ char *host = xasprintf("tcp://127.0.0.1:%u", ntohs(sa.sin_port));
	struct docker_options o = {.host = host, .timeout_ms = 2000};
	assert_int_equal(docker_client_new(&o, &f->c, NULL), 0);
	char *err = NULL;
	assert_int_equal(docker_negotiate(f->c, &err), -ECONNREFUSED);
	_cleanup_free_ char *want =
	    xasprintf("cannot connect to the Docker daemon at %s: connection refused", host);
	assert_string_equal(err, want);
	free(err);
	close(fd);
}

/* The fake itself: several requests in one write, Connection: close, stop while held. */
static void test_fake_raw_http(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/a", 200, "{\"a\":1}", 0, 0), 0);
	assert_int_equal(fakedaemon_route(f->d, "GET", "/hang", 200, "{}", FAKE_FAULT_HANG, 0), 0);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	memcpy(sa.sun_path, fakedaemon_socket(f->d), strlen(fakedaemon_socket(f->d)) + 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	static const char two[] =
	    "GET /v1.41/a HTTP/1.1\r\nHost: docker\r\n\r\n"
	    "GET /a?x=1 HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n";
	assert_int_equal(write(fd, two, strlen(two)), (ssize_t)strlen(two));
	char buf[4096];
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
	/* two answers, then the server closed as asked */
	const char *second = strstr(buf + 1, "HTTP/1.1 200 OK");
	assert_non_null(second);
	assert_true(str_startswith(buf, "HTTP/1.1 200 OK\r\n"));
	assert_true(str_endswith(buf, "{\"a\":1}"));
	assert_int_equal(fakedaemon_count(f->d, "/v1.41/a"), 1);
	assert_int_equal(fakedaemon_count(f->d, "/a?x=1"), 1);

	/* a connection held open by the hang fault does not keep stop waiting */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	static const char hang[] = "GET /hang HTTP/1.1\r\nHost: docker\r\n\r\n";
	assert_int_equal(write(fd, hang, strlen(hang)), (ssize_t)strlen(hang));
	for (int i = 0; i < 200 && fakedaemon_count(f->d, "/hang") == 0; i++)
		usleep(5000);
	assert_int_equal(fakedaemon_open_connections(f->d), 1);
	_cleanup_free_ char *path = strdup(fakedaemon_socket(f->d));
	double t0 = now_s();
	fakedaemon_stop(f->d);
	f->d = NULL;
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 0); /* closed without an answer */
	close(fd);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_invalid_hosts(void **state)
{
	static const char *const bad[] = {
	    "http://x",
	    "https://x:1",
	    "unix://",
	    "unix://relative/path",
	    "tcp://",
	    "tcp://host",
	    "tcp://:2375",
	    "tcp://h:0",
	    "tcp://h:65536",
	    "tcp://h:port",
	    "tcp://h:12/x",
	    "tcp://h o:1",
	    "ssh://me@x",
	    "",
	    "npipe:////./pipe/docker_engine",
	    "/var/run/docker.sock",
	    "tcp://[::1",
	    "tcp://[]:1",
	    "unix:///a\nb",
	};
	static const char *const good[] = {
	    "unix:///var/run/docker.sock",   "tcp://127.0.0.1:2375", "tcp://[::1]:2376",
	    "tcp://docker.example.com:2376", "tcp://h:1/",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct docker_options o = {.host = bad[i]};
		struct docker_client *c = NULL;
		char *err = NULL;
		int r = docker_client_new(&o, &c, &err);
		if (r != -EINVAL)
			fail_msg("host '%s' accepted", bad[i]);
		assert_null(c);
		assert_non_null(err);
		assert_true(str_startswith(err, "invalid Docker host '"));
		assert_null(strchr(err, '\n'));
		free(err);
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct docker_options o = {.host = good[i], .tls = i == 3};
		struct docker_client *c = NULL;
		if (docker_client_new(&o, &c, NULL) != 0)
			fail_msg("host '%s' rejected", good[i]);
		assert_string_equal(docker_host(c), good[i]);
		docker_client_free(c);
	}
	/* NULL options: the default socket */
	struct docker_client *c = NULL;
	assert_int_equal(docker_client_new(NULL, &c, NULL), 0);
	assert_string_equal(docker_host(c), DOCKER_DEFAULT_HOST);
	docker_client_free(c);
	(void)state;
}

static void test_invalid_path(void **state)
{
	struct fx *f = *state;
	struct docker_client *c = fx_client(f, 0, 0, 0);
	cJSON *j = NULL;
	char *err = NULL;
	assert_int_equal(docker_get_json(c, "info", &j, &err), -EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(docker_get_json(c, "/info\r\nX-Evil: 1", &j, &err), -EINVAL);
	free(err);
	static const char *const dots[] = {"/images/../info", "/images/./x", "/..", "/a/.."};
	for (size_t i = 0; i < ARRAY_SIZE(dots); i++) {
		err = NULL;
		assert_int_equal(docker_get_json(c, dots[i], &j, &err), -EINVAL);
		free(err);
	}
	assert_int_equal(fakedaemon_requests(f->d), 0);
	/* dots inside a segment or in the query are fine */
	assert_int_equal(fakedaemon_route(f->d, "GET", "*", 200, "{}", 0, 0), 0);
	assert_int_equal(docker_get_json(c, "/a..b/json?x=../y", &j, NULL), 0);
	cJSON_Delete(j);
	assert_int_equal(fakedaemon_count(f->d, "/v1.41/a..b/json?x=../y"), 1);
	assert_int_equal(fakedaemon_requests(f->d), 2);
}

/* --- batches --- */

#define BATCH 200

static void test_get_many(void **state)
{
	struct fx *f = *state;
	char ids[BATCH][65];
	char *paths[BATCH];
	struct docker_request reqs[BATCH] = {0};
	for (int i = 0; i < BATCH; i++) {
		snprintf(ids[i], sizeof(ids[i]), "%064x", i + 1);
		paths[i] = xasprintf("/containers/%s/json", ids[i]);
		reqs[i].path = paths[i];
		if (i % 3 != 0) {
			_cleanup_free_ char *body =
			    xasprintf("{\"Id\":\"%s\",\"N\":%d}", ids[i], i);
			/* a little delay so that requests overlap */
			assert_int_equal(
			    fakedaemon_route(f->d, "GET", paths[i], 200, body, FAKE_FAULT_DELAY, 2),
			    0);
		}
	}
	struct docker_client *c = fx_client(f, 5000, 0, 4);
	assert_int_equal(docker_get_many(c, reqs, BATCH), 0);
	for (int i = 0; i < BATCH; i++) {
		if (i % 3 != 0) {
			assert_int_equal(reqs[i].result, 0);
			assert_null(reqs[i].error);
			assert_string_equal(json_get_string(reqs[i].json, "Id"), ids[i]);
			int64_t n = -1;
			assert_int_equal(json_get_int64(reqs[i].json, "N", &n), 0);
			assert_int_equal(n, i);
		} else {
			assert_int_equal(reqs[i].result, -ENOENT);
			assert_null(reqs[i].json);
			_cleanup_free_ char *want = xasprintf("GET %s: 404 Not Found: No such "
							      "container: %s",
							      paths[i], ids[i]);
			assert_string_equal(reqs[i].error, want);
		}
		_cleanup_free_ char *sent = xasprintf("/v1.41%s", paths[i]);
		assert_int_equal(fakedaemon_count(f->d, sent), 1);
		docker_request_release(&reqs[i]);
		free(paths[i]);
	}
	assert_int_equal(fakedaemon_requests(f->d), BATCH + 1);
	assert_int_equal(docker_requests_sent(c), BATCH + 1);
	/* never more than max_inflight connections, and they were reused */
	assert_true(fakedaemon_max_concurrent(f->d) <= 4);
	assert_true(fakedaemon_max_concurrent(f->d) >= 2);
	assert_true(fakedaemon_connections(f->d) <= 4);
}

static void test_get_many_large_batch(void **state)
{
	struct fx *f = *state;
	enum { N = 2000 };
	assert_int_equal(fakedaemon_route(f->d, "GET", "*", 200, "{\"ok\":true}", 0, 0), 0);
	struct docker_request *reqs = calloc(N, sizeof(*reqs));
	char **paths = calloc(N, sizeof(*paths));
	assert_non_null(reqs);
	assert_non_null(paths);
	for (int i = 0; i < N; i++) {
		paths[i] = xasprintf("/images/%064x/json", i);
		reqs[i].path = paths[i];
	}
	struct docker_client *c = fx_client(f, 10000, 0, 0);
	assert_int_equal(docker_get_many(c, reqs, N), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(reqs[i].result, 0);
		docker_request_release(&reqs[i]);
		free(paths[i]);
	}
	free(reqs);
	free(paths);
	assert_int_equal(fakedaemon_requests(f->d), N + 1);
	assert_true(fakedaemon_max_concurrent(f->d) <= 8);
	assert_true(fakedaemon_connections(f->d) <= 8);
}

static void test_get_many_invalid_and_empty(void **state)
{
	struct fx *f = *state;
	assert_int_equal(fakedaemon_route(f->d, "GET", "/info", 200, "{}", 0, 0), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	assert_int_equal(docker_get_many(c, NULL, 0), 0);
	struct docker_request reqs[3] = {{.path = "/info"}, {.path = NULL}, {.path = "relative"}};
	assert_int_equal(docker_get_many(c, reqs, 3), 0);
	assert_int_equal(reqs[0].result, 0);
	assert_int_equal(reqs[1].result, -EINVAL);
	assert_int_equal(reqs[2].result, -EINVAL);
	assert_non_null(reqs[1].error);
	for (int i = 0; i < 3; i++)
		docker_request_release(&reqs[i]);
}

static void test_get_many_no_daemon(void **state)
{
	struct fx *f = *state;
	_cleanup_free_ char *host = xasprintf("%s.absent", f->host);
	struct docker_options o = {.host = host};
	assert_int_equal(docker_client_new(&o, &f->c, NULL), 0);
	struct docker_request reqs[5] = {
	    {.path = "/a"}, {.path = "/b"}, {.path = "/c"}, {.path = "/d"}, {.path = "/e"}};
	assert_int_equal(docker_get_many(f->c, reqs, 5), 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(reqs[i].result, -ECONNREFUSED);
		assert_non_null(reqs[i].error);
		assert_contains(reqs[i].error, host);
		docker_request_release(&reqs[i]);
	}
}

static void *stop_later(void *arg)
{
	struct fakedaemon *d = arg;
	struct timespec ts = {.tv_nsec = 5 * 1000 * 1000};
	/* vanish once the batch is well under way */
	for (int i = 0; i < 1000 && fakedaemon_requests(d) < 20; i++)
		nanosleep(&ts, NULL);
	fakedaemon_stop(d);
	return NULL;
}

static void test_get_many_daemon_vanishes(void **state)
{
	struct fx *f = *state;
	enum { N = 300 };
	/* 300 requests of 10 ms, 4 at a time: about 750 ms; the daemon goes after 20 */
	assert_int_equal(fakedaemon_route(f->d, "GET", "*", 200, "{}", FAKE_FAULT_DELAY, 10), 0);
	struct docker_client *c = fx_client(f, 2000, 0, 4);
	assert_int_equal(docker_negotiate(c, NULL), 0);
	struct docker_request reqs[N] = {0};
	char *paths[N];
	for (int i = 0; i < N; i++) {
		paths[i] = xasprintf("/containers/%064x/json", i);
		reqs[i].path = paths[i];
	}
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, stop_later, f->d), 0);
	double t0 = now_s();
	assert_int_equal(docker_get_many(c, reqs, N), 0);
	double took = now_s() - t0;
	pthread_join(t, NULL);
	f->d = NULL;
	assert_true(took < 3.0);
	int ok = 0, failed = 0;
	/* the last ones found no daemon at all */
	assert_int_equal(reqs[N - 1].result, -ECONNREFUSED);
	for (int i = 0; i < N; i++) {
		if (reqs[i].result == 0) {
			assert_non_null(reqs[i].json);
			assert_null(reqs[i].error);
			ok++;
		} else {
			assert_true(reqs[i].result < 0);
			assert_null(reqs[i].json);
			assert_non_null(reqs[i].error);
			failed++;
		}
		docker_request_release(&reqs[i]);
		free(paths[i]);
	}
	assert_true(ok > 0);
	assert_true(failed > 0);
}

/* --- ids --- */

static void test_id_valid(void **state)
{
	static const struct {
		const char *id;
		bool valid;
	} rows[] = {
	    {"0123456789ab", true},
	    {"0123456789a", false}, /* 11 */
	    {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true},
	    {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", false},
	    {"0123456789AB", false},
	    {"sha256:0123456789abcdef", false},
	    {"0123456789ag", false},
	    {"../../../etc", false},
	    {"0123456789ab/", false},
	    {"0123456789ab?x", false},
	    {"", false},
	    {NULL, false},
	    {"web-1", false},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (docker_id_valid(rows[i].id) != rows[i].valid)
			fail_msg("docker_id_valid(%s) != %d", rows[i].id ? rows[i].id : "NULL",
				 rows[i].valid);
	(void)state;
}

/* --- the fake's directory mode, as the standalone daemon serves it --- */

static void test_fake_serves_dir(void **state)
{
	struct fx *f = *state;
	char tmpl[] = "/tmp/test_docker_dirXXXXXX";
	assert_non_null(mkdtemp(tmpl));
	_cleanup_free_ char *sub = xasprintf("%s/containers", tmpl);
	_cleanup_free_ char *isub = xasprintf("%s/images", tmpl);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(isub, 0700), 0);
	const char *id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct {
		char *path;
		const char *body;
	} files[] = {
	    {xasprintf("%s/info.json", tmpl), "{\"Name\":\"dir\"}"},
	    {xasprintf("%s/containers.json", tmpl), "[{\"Id\":\"x\"}]"},
	    {xasprintf("%s/%s.json", sub, id), "{\"Id\":\"c\"}"},
	    {xasprintf("%s/%s.json", isub, id), "{\"Id\":\"i\"}"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		FILE *fp = fopen(files[i].path, "we");
		assert_non_null(fp);
		fputs(files[i].body, fp);
		fclose(fp);
	}
	assert_int_equal(fakedaemon_serve_dir(f->d, tmpl), 0);
	struct docker_client *c = fx_client(f, 0, 0, 0);
	cJSON *j = NULL;
	assert_int_equal(docker_get_json(c, "/info", &j, NULL), 0);
	assert_string_equal(json_get_string(j, "Name"), "dir");
	cJSON_Delete(j);
	assert_int_equal(docker_get_json(c, "/containers/json?all=1", &j, NULL), 0);
	assert_true(cJSON_IsArray(j));
	cJSON_Delete(j);
	_cleanup_free_ char *cp = xasprintf("/containers/%s/json", id);
	assert_int_equal(docker_get_json(c, cp, &j, NULL), 0);
	assert_string_equal(json_get_string(j, "Id"), "c");
	cJSON_Delete(j);
	_cleanup_free_ char *ip = xasprintf("/images/sha256:%s/json", id);
	assert_int_equal(docker_get_json(c, ip, &j, NULL), 0);
	assert_string_equal(json_get_string(j, "Id"), "i");
	cJSON_Delete(j);
	char *err = get_fails(c, "/containers/0123456789ab/json", -ENOENT);
	assert_string_equal(err, "GET /containers/0123456789ab/json: 404 Not Found: No such "
				 "container: 0123456789ab");
	free(err);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		unlink(files[i].path);
		free(files[i].path);
	}
	rmdir(sub);
	rmdir(isub);
	rmdir(tmpl);
}

static int group_setup(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	(void)state;
	return 0;
}

static int group_teardown(void **state)
{
	/* balances the library's own curl_global_init, so valgrind sees everything freed */
	curl_global_cleanup();
	(void)state;
	return 0;
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_negotiate_picks_daemon_version),
	    T(test_negotiate_caps_at_our_max),
	    T(test_negotiate_docker29_floor),
	    T(test_negotiate_floor_above_ours),
	    T(test_negotiate_numeric_compare),
	    T(test_negotiate_too_old_cached),
	    T(test_negotiate_falls_back_to_version),
	    T(test_negotiate_bad_version_header),
	    T(test_negotiate_ping_error_status),
	    T(test_path_prefix),
	    T(test_get_json_ok),
	    T(test_chunked_ok),
	    T(test_keepalive),
	    T(test_404_keeps_message),
	    T(test_404_without_body),
	    T(test_401_403),
	    T(test_500),
	    T(test_hostile_message),
	    T(test_malformed_json),
	    T(test_oversized_body),
	    T(test_slow_answer_times_out),
	    T(test_slow_answer_within_timeout),
	    T(test_hang_times_out),
	    T(test_hang_on_ping),
	    T(test_trickle),
	    T(test_close_mid_response),
	    T(test_endless_body),
	    T(test_absent_socket),
	    T(test_refused_socket),
	    T(test_tcp_refused),
	    T(test_fake_raw_http),
	    T(test_invalid_hosts),
	    T(test_invalid_path),
	    T(test_get_many),
	    T(test_get_many_large_batch),
	    T(test_get_many_invalid_and_empty),
	    T(test_get_many_no_daemon),
	    T(test_get_many_daemon_vanishes),
	    T(test_id_valid),
	    T(test_fake_serves_dir),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
