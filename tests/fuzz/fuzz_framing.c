/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <pthread.h>
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

#define MAX_EXPANDED (8u * 1024 * 1024)

static char *sock_url;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *reply; /* the expanded input */
static size_t reply_len;

/* The same reply to every request. */
static void answer(int fd, const char *path)
{
	(void)path;
	pthread_mutex_lock(&lock);
	_cleanup_free_ char *copy = reply ? fuzz_memdup(reply, reply_len) : NULL;
	size_t n = reply_len;
	pthread_mutex_unlock(&lock);
	if (copy)
		fuzz_send_all(fd, copy, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sock_url = fuzz_http_server("framing", answer);
	return 0;
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
	free(reply);
	reply = a;
	reply_len = len;
	pthread_mutex_unlock(&lock);

	struct docker_options opts = {.host = sock_url, .timeout_ms = 5000, .max_inflight = 2};
	struct docker_client *c = NULL;
	char *err = NULL;
	if (docker_client_new(&opts, &c, &err) < 0)
		fuzz_fail("docker_client_new: %s", err ? err : "?");
	cJSON *j = NULL;
	int r = docker_get_json(c, "/containers/json", &j, &err);
	fuzz_check_docker_result("GET /containers/json", r, j, err);
	if (cJSON_IsArray(j) && cJSON_GetArraySize(j) > 200000)
		fuzz_fail("an answer of %d objects was accepted", cJSON_GetArraySize(j));
	cJSON_Delete(j);
	free(err);
	docker_client_free(c);
	return 0;
}
