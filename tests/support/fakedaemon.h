/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>

/*
 * A fake Docker Engine API server on a Unix socket, for tests: HTTP/1.1 with keep-alive, one
 * thread per connection, canned answers per route, fault injection, and a log of every request
 * line so that tests can check what the client sent.
 *
 * Routing, first match wins:
 *   1. a route for METHOD and the exact target ("/v1.41/containers/json?all=1")
 *   2. the same with the /vX.Y prefix stripped ("/containers/json?all=1")
 *   3. the same without the query string ("/containers/json")
 *   4. GET /_ping: 200 "OK" with "API-Version: 1.41" (see fakedaemon_set_api_version)
 *   5. files under the directory given to fakedaemon_serve_dir
 *   6. the default route (path "*"), else 404 {"message":"page not found"}
 * Every answer carries the API-Version header as well, as dockerd does.
 */

enum fake_fault {
	FAKE_FAULT_NONE,
	FAKE_FAULT_DELAY, /* answer after fault_ms */
	FAKE_FAULT_HANG, /* read the request, never answer (until the client or stop) */
	FAKE_FAULT_TRICKLE, /* send the body one byte every fault_ms */
	FAKE_FAULT_CLOSE, /* send the headers and half of the body, then close */
	FAKE_FAULT_ENDLESS, /* a chunked body that never ends, until the client goes away */
	FAKE_FAULT_SHORT, /* Content-Length larger than the body sent, then close */
	FAKE_FAULT_CHUNKED, /* chunked transfer encoding in small chunks */
	FAKE_FAULT_MALFORMED, /* the body is replaced by truncated JSON: {"Id": */
	FAKE_FAULT_STATUS500, /* 500 {"message":"boom"} instead of the route's answer */
	FAKE_FAULT_TRAILERS, /* the body chunked, then trailer lines without end */
	FAKE_FAULT_HEADERS, /* header lines without end, never a body */
};

struct fakedaemon;

/* Listen on socket_path (NULL: a fresh one under $TMPDIR or /tmp). NULL on failure (errno). */
struct fakedaemon *fakedaemon_start(const char *socket_path);
/* Stop: close every connection (held or not), join all threads, unlink the socket, free. */
void fakedaemon_stop(struct fakedaemon *d);

/*
 * Answer METHOD PATH with status and body (NULL: empty), after a fault. path "*" is the default
 * route. A later route for the same method and path replaces the earlier one. 0 or -errno.
 */
int fakedaemon_route(struct fakedaemon *d, const char *method, const char *path, int status,
		     const char *body, enum fake_fault fault, long fault_ms);
/* The same with extra header lines ("X-A: 1\r\nX-B: 2\r\n", may be NULL) and a binary body. */
int fakedaemon_route_full(struct fakedaemon *d, const char *method, const char *path, int status,
			  const char *headers, const char *body, size_t body_len,
			  enum fake_fault fault, long fault_ms);
/* The API-Version header of every answer (default "1.41"); NULL: send none. */
int fakedaemon_set_api_version(struct fakedaemon *d, const char *version);
/* A fault for every answer except GET /_ping, overriding each route's own. */
void fakedaemon_set_fault(struct fakedaemon *d, enum fake_fault fault, long fault_ms);
/*
 * Serve files: DIR/info.json for /info, DIR/version.json for /version, DIR/containers.json for
 * /containers/json, DIR/containers/<id>.json for /containers/<id>/json, DIR/images.json and
 * DIR/images/<id>.json alike (ids with or without "sha256:"); generally /a -> a.json,
 * /a/json -> a.json, /a/b and /a/b/json -> a/b.json, /a/b/c -> a/b/c.json. A missing file is a
 * 404 {"message":"No such container: <id>"} (image, or "page not found" for other paths).
 */
int fakedaemon_serve_dir(struct fakedaemon *d, const char *dir);

const char *fakedaemon_socket(const struct fakedaemon *d);

/* How many requests had exactly this target (as sent, with /vX.Y and query). */
size_t fakedaemon_count(struct fakedaemon *d, const char *path);
/* How many requests had a target starting with prefix. */
size_t fakedaemon_count_prefix(struct fakedaemon *d, const char *prefix);
/* All requests so far. */
size_t fakedaemon_requests(struct fakedaemon *d);
/* "METHOD TARGET" of request i (0-based), malloc'ed; NULL when out of range. */
char *fakedaemon_request_line(struct fakedaemon *d, size_t i);
/* Connections accepted so far, and the most that were open at the same time. */
size_t fakedaemon_connections(struct fakedaemon *d);
size_t fakedaemon_max_concurrent(struct fakedaemon *d);
/* Connections open now. */
size_t fakedaemon_open_connections(struct fakedaemon *d);
/* Forget the request log and the connection statistics. */
void fakedaemon_reset_stats(struct fakedaemon *d);
