/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <pthread.h>
#include <cjson/cJSON.h>
#include "docker.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * The Engine API client against a daemon that answers whatever the input says, byte for byte
 * at the HTTP level: status lines, headers (API-Version), bodies, error messages, truncated
 * answers, closed connections. A server thread listens on a Unix socket in a private
 * directory. Input: records "KEY \x1f RESPONSE" separated by \x1e; KEY is the request path
 * without the leading "/" and the "/vX.Y" prefix ("_ping", "version", "info", ...), or "*" for
 * any other path; "!close" closes the connection without an answer; a path without a record
 * gets a 404. A record "max-body" sets the client's body cap (bytes, default 64 KiB).
 *
 * The client negotiates, GETs /info, then a batch of three requests. What must hold: every
 * result is 0 with JSON or one of the errors docker.h lists with a message of one line
 * without control bytes; a negotiated version lies between the oldest and newest we speak.
 */

#define MAX_RECORDS 32

static char *sock_url;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct fuzz_record recs[MAX_RECORDS];
static size_t n_recs;
/* the records point into this copy: a connection the client left behind may be served
 * after the input is gone, with the next input's answers */
static uint8_t *input;

static const struct fuzz_record *response_for(const char *path)
{
	const char *p = path + (path[0] == '/');
	if (p[0] == 'v' && p[1] >= '0' && p[1] <= '9') {
		const char *slash = strchr(p, '/');
		p = slash ? slash + 1 : "";
	}
	_cleanup_free_ char *key = fuzz_strdup(p);
	key[strcspn(key, "?")] = '\0';
	const struct fuzz_record *r = fuzz_record_find(recs, n_recs, key);
	return r ? r : fuzz_record_find(recs, n_recs, "*");
}

/* The record for path, a 404 without one, nothing for "!close". */
static void answer(int fd, const char *path)
{
	pthread_mutex_lock(&lock);
	const struct fuzz_record *r = response_for(path);
	static const char not_found[] =
	    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
	    "Content-Length: 29\r\n\r\n{\"message\":\"page not found\"}\n";
	if (!r)
		fuzz_send_all(fd, not_found, sizeof(not_found) - 1);
	else if (!(r->body_len == 6 && memcmp(r->body, "!close", 6) == 0))
		fuzz_send_all(fd, r->body, r->body_len);
	pthread_mutex_unlock(&lock);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sock_url = fuzz_http_server("docker", answer);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pthread_mutex_lock(&lock);
	free(input);
	input = fuzz_memdup(data, size);
	n_recs = fuzz_split_records(input, size, recs, MAX_RECORDS);
	const struct fuzz_record *cap = fuzz_record_find(recs, n_recs, "max-body");
	_cleanup_free_ char *capstr = cap ? fuzz_strndup(cap->body, cap->body_len) : NULL;
	pthread_mutex_unlock(&lock);

	struct docker_options opts = {
	    .host = sock_url,
	    .timeout_ms = 5000,
	    .max_body = capstr ? strtoul(capstr, NULL, 10) % (1u << 20) + 1 : 64 * 1024,
	    .max_inflight = 2,
	};
	struct docker_client *c = NULL;
	char *err = NULL;
	if (docker_client_new(&opts, &c, &err) < 0)
		fuzz_fail("docker_client_new: %s", err ? err : "?");

	int r = docker_negotiate(c, &err);
	fuzz_check_docker_result("negotiate", r, NULL, err);
	free(err);
	err = NULL;
	if (r == 0) {
		const char *v = docker_api_version(c);
		unsigned maj = 0, min = 0, max_min = 0;
		/* never above the newest version docker-audit knows */
		sscanf(DOCKER_MAX_API_VERSION, "1.%u", &max_min);
		if (!v || sscanf(v, "%u.%u", &maj, &min) != 2 || maj != 1 || min < 24 ||
		    min > max_min)
			fuzz_fail("negotiated API version '%s'", v ? v : "(null)");
	}
	cJSON *j = NULL;
	r = docker_get_json(c, "/info", &j, &err);
	fuzz_check_docker_result("GET /info", r, j, err);
	cJSON_Delete(j);
	free(err);

	struct docker_request reqs[] = {
	    {.path = "/containers/json?all=1"},
	    {.path = "/containers/0123456789ab/json"},
	    {.path = "/images/sha256:0123456789abcdef/history"},
	};
	if (docker_get_many(c, reqs, ARRAY_SIZE(reqs)) < 0)
		fuzz_fail("docker_get_many failed as a whole");
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		fuzz_check_docker_result(reqs[i].path, reqs[i].result, reqs[i].json, reqs[i].error);
		docker_request_release(&reqs[i]);
	}
	docker_client_free(c);
	return 0;
}
