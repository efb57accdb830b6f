/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "baseline.h"
#include "check.h"
#include "docker.h"
#include "report.h"

/*
 * Regression tests for what the fuzzers (tests/fuzz/) found, one per bug, each named after it.
 * The inputs are the minimised reproducers, also kept in tests/fuzz/seeds/<harness>/regress-*
 * so that every fuzzing run starts from them. Most were undefined behaviour that only a
 * sanitizer sees: build with -DDA_SANITIZE=ON to make these tests catch a relapse.
 */

/*
 * fuzz_baseline, seeds/fuzz_baseline/regress-qsort-null: a baseline report without a single
 * failure left the list of failures NULL, and baseline_parse passed it to qsort (undefined
 * behaviour: qsort's array must not be NULL even for no elements; UBSan: "null pointer passed
 * as argument 1, which is declared to never be null"). baseline_apply did the same for a
 * report without failures.
 */
static void test_baseline_without_failures(void **state)
{
	static const char text[] = "{\"schema_version\": 1, \"started_at\": \"x\", \"results\": ["
				   "{\"id\": \"1.1.1\", \"status\": \"faio\", \"findings\": []},"
				   "{\"id\": \"5.16\", \"status\": \"pass\"}]}";
	struct baseline *b = NULL;
	char *err = NULL;
	assert_int_equal(baseline_parse(text, strlen(text), &b, &err), 0);
	assert_null(err);
	assert_non_null(b);

	/* today: nothing fails either */
	struct result res = {.check = checks_find("5.16")};
	assert_non_null(res.check);
	assert_int_equal(result_pass(&res, "ok"), 0);
	struct report r = {.results = &res, .n_results = 1};
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_true(r.has_baseline);
	assert_int_equal(r.n_new, 0);
	assert_int_equal(r.n_resolved, 0);
	assert_false(res.is_new);

	baseline_release_changes(&r);
	result_release(&res);
	baseline_free(b);
}

/*
 * fuzz_docker, seeds/fuzz_docker/regress-curl-prevhead-uaf: libcurl before 8.1 (Debian 12 has
 * 7.88.1) keeps a pointer to the last header of a transfer in the easy handle (curl issue
 * 11101). When the handle is reused and the next response starts with a broken status line
 * and a folded header line, libcurl appends to that freed header: a heap use-after-free (or a
 * double free) in our process, which a hostile daemon can cause at will. The client must not
 * reuse an easy handle across requests. ASan or valgrind reports a relapse.
 */
struct hostile_daemon {
	int lfd;
	char path[108];
};

static void *hostile_serve(void *arg)
{
	struct hostile_daemon *d = arg;
	static const char ping[] = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n"
				   "\r\nOK";
	static const char broken[] = "HTTP/{\n :\n";
	for (int i = 0; i < 2; i++) {
		int fd = accept(d->lfd, NULL, NULL);
		if (fd < 0)
			break;
		char req[4096];
		size_t len = 0;
		while (len < sizeof(req) - 1) {
			ssize_t k = recv(fd, req + len, sizeof(req) - 1 - len, 0);
			if (k <= 0)
				break;
			len += (size_t)k;
			req[len] = '\0';
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		const char *answer = i == 0 ? ping : broken;
		(void)!send(fd, answer, strlen(answer), MSG_NOSIGNAL);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
	return NULL;
}

static void test_docker_folded_header_after_reuse(void **state)
{
	char dir[] = "/tmp/da-regress-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct hostile_daemon d = {.lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
	assert_true(d.lfd >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/d.sock", dir);
	assert_int_equal(bind(d.lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(d.lfd, 4), 0);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, hostile_serve, &d), 0);

	char url[160];
	snprintf(url, sizeof(url), "unix://%s", sa.sun_path);
	struct docker_options o = {.host = url, .timeout_ms = 5000, .max_inflight = 1};
	struct docker_client *c = NULL;
	char *err = NULL;
	assert_int_equal(docker_client_new(&o, &c, &err), 0);
	assert_int_equal(docker_negotiate(c, &err), 0);
	cJSON *j = NULL;
	int r = docker_get_json(c, "/info", &j, &err);
	/* whatever libcurl makes of it, an error, and never a crash */
	assert_true(r < 0);
	assert_null(j);
	assert_non_null(err);
	free(err);
	docker_client_free(c);

	pthread_join(t, NULL);
	close(d.lfd);
	unlink(sa.sun_path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_baseline_without_failures),
	    cmocka_unit_test(test_docker_folded_header_after_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
