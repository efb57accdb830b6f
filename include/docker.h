/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

/*
 * Docker Engine API client over libcurl: unix:// sockets and tcp:// (with TLS when configured).
 * Library code: never prints, never exits. Errors are negative errno values plus, where an
 * error message pointer is given, a malloc'ed one-line message for the user:
 *
 *   -EINVAL        bad endpoint URL or bad argument (e.g. an invalid id)
 *   -ECONNREFUSED  could not connect (absent socket, refused, unreachable, TLS handshake)
 *   -ETIMEDOUT     connect or total timeout elapsed
 *   -ENOENT        HTTP 404 (the object does not exist or vanished)
 *   -EACCES        HTTP 401/403 (authorization plugin, TLS client auth)
 *   -EFBIG         the response body exceeded the cap
 *   -EBADMSG       the body is not valid JSON (or not the JSON type expected)
 *   -EPROTO        any other HTTP error status (the daemon's "message" is kept) or protocol error
 *   -ENOMEM        out of memory
 */

#define DOCKER_DEFAULT_HOST "unix:///var/run/docker.sock"
/*
 * The newest API version we speak: every answer docker-audit reads was checked against the
 * Engine API changes up to 1.55 (Engine 29.7): fields omitted when empty from 1.52 on are read
 * as absent, never as a safe value (docs/engines.md). A newer daemon is asked at 1.55, and the
 * report says that it negotiated down.
 */
#define DOCKER_MAX_API_VERSION "1.55"
#define DOCKER_MIN_API_VERSION "1.24"
#define DOCKER_DEFAULT_MAX_BODY (64u * 1024 * 1024)

struct docker_options {
	const char *host; /* unix:///path or tcp://host:port; NULL: DOCKER_DEFAULT_HOST */
	long timeout_ms; /* total per request; connect timeout is min(this, 5 s); 0: 10 s */
	long deadline_ms; /* for every request of the client, from its creation; 0: none */
	size_t max_body; /* 0: DOCKER_DEFAULT_MAX_BODY */
	int max_inflight; /* concurrent requests in docker_get_many; 0: 8 */
	bool tls; /* use https for tcp:// */
	bool tls_verify; /* verify the server certificate against tls_ca */
	const char *tls_ca; /* PEM files, may be NULL */
	const char *tls_cert;
	const char *tls_key;
};

struct docker_client;

/*
 * Validate the endpoint and set up the client. Nothing is sent yet.
 * 0, -EINVAL (with *ret_error set when ret_error is not NULL), -ENOMEM.
 */
int docker_client_new(const struct docker_options *opts, struct docker_client **ret,
		      char **ret_error);
struct docker_client *docker_client_free(struct docker_client *c);

/*
 * Ping the daemon once (GET /_ping), read its API-Version header and settle on
 * min(ours, daemon's). Later calls use that version in every URL. Idempotent: the first
 * result (success or error) is cached and returned again.
 */
int docker_negotiate(struct docker_client *c, char **ret_error);
/* The negotiated version ("1.41"), or NULL before a successful negotiation. */
const char *docker_api_version(const struct docker_client *c);
/* The newest API version the daemon said it speaks (its Api-Version header, else /version
 * ApiVersion), NULL before a successful negotiation. */
const char *docker_daemon_api_version(const struct docker_client *c);
/* The daemon speaks a newer API than DOCKER_MAX_API_VERSION: we negotiated down. */
bool docker_negotiated_down(const struct docker_client *c);
/* The Server header of the daemon's /_ping answer ("Docker/26.1.5 (linux)", "Libpod/5.4.2
 * (linux)"), printable ASCII; NULL when it sent none. */
const char *docker_server_header(const struct docker_client *c);
/* The endpoint as given or defaulted, for messages. */
const char *docker_host(const struct docker_client *c);

/*
 * GET path (e.g. "/info", "/containers/json?all=1"; without the /vX.Y prefix, which is added)
 * and parse the JSON body. On success *ret_json is given to the caller. Negotiates first if
 * that has not happened.
 */
int docker_get_json(struct docker_client *c, const char *path, cJSON **ret_json, char **ret_error);

/* One request of a batch. path is borrowed; json and error are given to the caller. */
struct docker_request {
	const char *path;
	int result; /* 0 or negative errno, as docker_get_json */
	cJSON *json; /* on success */
	char *error; /* on failure */
};

/*
 * Run all requests concurrently (curl multi, at most max_inflight at once, connections
 * reused). Returns 0 when the batch ran (each request then has its own result), or a negative
 * errno when the batch itself could not run (e.g. -ENOMEM). Negotiates first.
 */
int docker_get_many(struct docker_client *c, struct docker_request *reqs, size_t n);
void docker_request_release(struct docker_request *r);

/* Called from docker_get_many as requests of a batch finish (done of total). */
typedef void (*docker_progress_fn)(void *data, size_t done, size_t total);
void docker_set_progress(struct docker_client *c, docker_progress_fn fn, void *data);

/* Whether the client's deadline passed: requests then fail with -ETIMEDOUT unsent. */
bool docker_deadline_passed(const struct docker_client *c);

/* Number of HTTP requests sent so far (for -v and the benchmark). */
unsigned long docker_requests_sent(const struct docker_client *c);

/* An object id fit for a URL: 12 to 64 lowercase hex characters. */
bool docker_id_valid(const char *id);
