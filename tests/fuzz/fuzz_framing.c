/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cjson/cJSON.h>
#include "buf.h"
#include "docker.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * HTTP framing at sizes a raw input cannot reach: the input is one HTTP answer, served to every
 * request, in which the byte 0x01 followed by a count byte k repeats the line before it (since
 * the last newline) k * 256 times. A few bytes so become megabytes of header lines, chunks or
 * trailers (issue 15: trailers were not counted against any cap and libcurl kept them all).
 * Expanded answers are capped at 8 MiB. What must hold: every result is 0 with JSON or an error
 * docker.h lists, with a one-line message; a JSON answer holds at most 200,000 listed objects;
 * memory stays within libFuzzer's -rss_limit_mb whatever the framing.
 */

#define MAX_REQUEST 16384
#define MAX_EXPANDED (8u * 1024 * 1024)

static char *sock_url;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *answer;
static size_t answer_len;

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return; /* the client gave up (body cap, error): fine */
		p += k;
		n -= (size_t)k;
	}
}

static void serve(int fd)
{
	char req[MAX_REQUEST + 1];
	size_t len = 0;
	/* the request head, then the answer (requests are GETs without bodies) */
	while (len < MAX_REQUEST) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (poll(&pfd, 1, 5000) <= 0)
			return;
		ssize_t k = recv(fd, req + len, MAX_REQUEST - len, 0);
		if (k <= 0)
			return;
		len += (size_t)k;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	char path[MAX_REQUEST];
	if (sscanf(req, "GET %16383s", path) != 1)
		return;
	pthread_mutex_lock(&lock);
	_cleanup_free_ char *copy = answer ? fuzz_memdup(answer, answer_len) : NULL;
	size_t n = answer_len;
	pthread_mutex_unlock(&lock);
	if (copy)
		send_all(fd, copy, n);
}

static void *server(void *arg)
{
	int lfd = (int)(intptr_t)arg;
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve(fd);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
	return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *dir = fuzz_mkdtemp("framing");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/d.sock", dir) >=
	    (int)sizeof(sa.sun_path))
		fuzz_fail("socket path too long: %s", dir);
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 64) < 0)
		fuzz_fail("cannot listen on %s: %s", sa.sun_path, strerror(errno));
	sock_url = xasprintf("unix://%s", sa.sun_path);
	pthread_t t;
	if (!sock_url || pthread_create(&t, NULL, server, (void *)(intptr_t)lfd) != 0)
		fuzz_fail("cannot start the server");
	pthread_detach(t);
	return 0;
}

static bool documented(int r)
{
	static const int ok[] = {0,	  -EINVAL, -ECONNREFUSED, -ETIMEDOUT, -ENOENT,
				 -EACCES, -EFBIG,  -EBADMSG,	  -EPROTO,    -ENOMEM};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (r == ok[i])
			return true;
	return false;
}

static void check_result(const char *what, int r, const void *json, const char *err)
{
	if (!documented(r))
		fuzz_fail("%s returned %d, which docker.h does not list", what, r);
	if (r == 0 && !json && strcmp(what, "negotiate") != 0)
		fuzz_fail("%s succeeded without JSON", what);
	if (r < 0 && json)
		fuzz_fail("%s failed but returned JSON", what);
	if (r < 0 && !err && r != -ENOMEM)
		fuzz_fail("%s failed without a message", what);
	for (const unsigned char *p = (const unsigned char *)err; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fuzz_fail("%s: the message carries control byte 0x%02x", what, *p);
}

/* The input with its repeat marks expanded; NULL past MAX_EXPANDED. */
static char *expand(const uint8_t *data, size_t size, size_t *ret_len)
{
	struct buf b;
	buf_init(&b, MAX_EXPANDED);
	size_t line = 0; /* where the current line starts in b */
	for (size_t i = 0; i < size; i++) {
		if (data[i] == 0x01 && i + 1 < size) {
			size_t times = (size_t)data[++i] * 256;
			size_t len = b.len - line;
			/* an empty buffer has no data pointer to offset */
			_cleanup_free_ char *l = len ? fuzz_memdup(b.data + line, len) : NULL;
			for (size_t k = 0; k < times && len; k++)
				if (buf_append(&b, l, len) < 0) {
					buf_release(&b);
					return NULL;
				}
			continue;
		}
		if (buf_append(&b, &data[i], 1) < 0) {
			buf_release(&b);
			return NULL;
		}
		if (data[i] == '\n')
			line = b.len;
	}
	*ret_len = b.len;
	return buf_steal(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0;
	char *a = expand(data, size, &len);
	if (!a)
		return 0;
	pthread_mutex_lock(&lock);
	free(answer);
	answer = a;
	answer_len = len;
	pthread_mutex_unlock(&lock);

	struct docker_options opts = {.host = sock_url, .timeout_ms = 5000, .max_inflight = 2};
	struct docker_client *c = NULL;
	char *err = NULL;
	if (docker_client_new(&opts, &c, &err) < 0)
		fuzz_fail("docker_client_new: %s", err ? err : "?");
	cJSON *j = NULL;
	int r = docker_get_json(c, "/containers/json", &j, &err);
	check_result("GET /containers/json", r, j, err);
	if (cJSON_IsArray(j) && cJSON_GetArraySize(j) > 200000)
		fuzz_fail("an answer of %d objects was accepted", cJSON_GetArraySize(j));
	cJSON_Delete(j);
	free(err);
	docker_client_free(c);
	return 0;
}
