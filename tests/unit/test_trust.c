/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Issue 15, unit level: the report writer over what a path names and under signals, user info
 * masking, redaction of build steps, answers capped by objects, headers and trailers, and time,
 * and waiver files read as other JSON tools read them. tests/e2e/fake_trust.sh covers the binary.
 */
#include "common.h"
#include <dirent.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <cmocka.h>
#include "../../checks/checks.h"
#include "docker.h"
#include "fakedaemon.h"
#include "outfile.h"
#include "strutil.h"
#include "waivers.h"

static char *make_tmpdir(void)
{
	char *d = strdup("/tmp/da-trust-unit.XXXXXX");
	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			_cleanup_free_ char *p = xasprintf("%s/%s", dir, e->d_name);
			if (unlink(p) < 0)
				rmdir(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

static size_t count_entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static int write_hello(FILE *f, void *data)
{
	fputs(data ? (const char *)data : "{\"hello\": 1}\n", f);
	return 0;
}

/* Write half a report, then take the signal the data names. */
static int write_then_die(FILE *f, void *data)
{
	fputs("{\"half\": ", f);
	fflush(f);
	raise(*(int *)data);
	return 0;
}

/* ---- -o: signals ---- */

static void signal_during_write(int sig)
{
	_cleanup_free_ char *dir = make_tmpdir();
	_cleanup_free_ char *path = xasprintf("%s/report.json", dir);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *err = NULL;
		outfile_write(path, write_then_die, &sig, &err);
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), sig);
	/* neither the report nor .report.json.tmp.XXXXXX */
	assert_int_equal(count_entries(dir), 0);
	rm_tree(dir);
}

static void test_sigterm_leaves_nothing(void **state)
{
	signal_during_write(SIGTERM);
}

static void test_sigint_leaves_nothing(void **state)
{
	signal_during_write(SIGINT);
}

static void test_handlers_restored(void **state)
{
	_cleanup_free_ char *dir = make_tmpdir();
	_cleanup_free_ char *path = xasprintf("%s/r.json", dir);
	struct sigaction before, after;
	sigaction(SIGTERM, NULL, &before);
	char *err = NULL;
	assert_int_equal(outfile_write(path, write_hello, NULL, &err), 0);
	sigaction(SIGTERM, NULL, &after);
	assert_ptr_equal(before.sa_handler, after.sa_handler);
	rm_tree(dir);
}

/* ---- -o: what the path names, mode and owner ---- */

static void test_mode_kept_and_umask(void **state)
{
	_cleanup_free_ char *dir = make_tmpdir();
	_cleanup_free_ char *kept = xasprintf("%s/kept", dir);
	_cleanup_free_ char *fresh = xasprintf("%s/new", dir);
	FILE *f = fopen(kept, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(kept, 0640), 0);
	char *err = NULL;
	assert_int_equal(outfile_write(kept, write_hello, NULL, &err), 0);
	struct stat st;
	assert_int_equal(stat(kept, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	mode_t old = umask(077);
	assert_int_equal(outfile_write(fresh, write_hello, NULL, &err), 0);
	umask(old);
	assert_int_equal(stat(fresh, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	rm_tree(dir);
}

static void test_refused_and_direct(void **state)
{
	_cleanup_free_ char *dir = make_tmpdir();
	_cleanup_free_ char *sub = xasprintf("%s/sub", dir);
	_cleanup_free_ char *dangling = xasprintf("%s/dangling", dir);
	_cleanup_free_ char *fifo = xasprintf("%s/fifo", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	char *err = NULL;
	assert_true(outfile_write(sub, write_hello, NULL, &err) < 0);
	assert_non_null(strstr(err, "a directory"));
	free(err);
	assert_int_equal(symlink("nowhere", dangling), 0);
	assert_true(outfile_write(dangling, write_hello, NULL, &err) < 0);
	assert_non_null(strstr(err, "missing file"));
	free(err);
	struct stat st;
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* a FIFO with a reader: written through, still a FIFO */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *r = fopen(fifo, "r");
		char buf[64] = "";
		size_t n = r ? fread(buf, 1, sizeof(buf) - 1, r) : 0;
		_exit(n > 0 && strstr(buf, "hello") ? 0 : 1);
	}
	assert_int_equal(outfile_write(fifo, write_hello, NULL, &err), 0);
	int status = 0;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	rm_tree(dir);
}

/* ---- user info masked ---- */

static void test_mask_userinfo(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"tcp://user:pass@host:2375", "tcp://***@host:2375"},
	    {"https://u:p@registry.example.com/v2/?x=a@b",
	     "https://***@registry.example.com/v2/?x=a@b"},
	    {"deploy:tok@registry.example.com:5000", "***@registry.example.com:5000"},
	    {"tcp://a@b:c@host:1", "tcp://***@host:1"},
	    {"tcp://host:2375", "tcp://host:2375"},
	    {"unix:///run/docker.sock", "unix:///run/docker.sock"},
	    {"registry.example.com/a@sha256:x", "registry.example.com/a@sha256:x"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *m = str_mask_userinfo(rows[i].in);
		assert_string_equal(m, rows[i].out);
	}
	/* every URL of a message */
	_cleanup_free_ char *msg = str_mask_urls(
	    "-H is 'tcp://u:p@h:1': bad; also https://a:b@r.example.com/x and ssh://me@h");
	assert_string_equal(msg, "-H is 'tcp://***@h:1': bad; also https://***@r.example.com/x and "
				 "ssh://***@h");
}

/* ---- redaction of build steps ---- */

static void test_redaction(void **state)
{
	static const char *const secret[] = {
	    "DB_PASSWORD=\"SEKRIT1 SEKRIT2\" ./run",
	    "./login --password 'SEKRIT1 SEKRIT2' --user bob",
	    "export API_TOKEN='SEKRIT1 SEKRIT2'",
	    "\"API_TOKEN=SEKRIT1 SEKRIT2\" env",
	    "curl -H \"Authorization: Bearer SEKRIT1\" https://x",
	    "curl -H 'authorization: token SEKRIT1' https://x",
	    "curl -H 'X-Api-Key: SEKRIT1' https://x",
	    "mysql -uroot -pSEKRIT1 db",
	    "/usr/bin/mysqldump -pSEKRIT1 db",
	    "ADD https://h.example.com/a.tgz?v=1&access_token=SEKRIT1 /opt/",
	    "wget https://h.example.com/a?private_token=SEKRIT1",
	    "--password=SEKRIT1",
	    "DB_PASSWORD=SEKRIT1\\ SEKRIT2 ./run",
	    "DB_PASSWORD='unterminated SEKRIT1",
	};
	for (size_t i = 0; i < ARRAY_SIZE(secret); i++) {
		_cleanup_free_ char *r = images_redact(secret[i]);
		assert_non_null(r);
		if (strstr(r, "SEKRIT") || !strstr(r, "<redacted>"))
			fail_msg("row %zu: '%s' -> '%s'", i, secret[i], r);
	}
	/* what is not a secret stays as written */
	static const char *const plain[] = {
	    "apt-get install -y curl",
	    "./run --password-file /run/secrets/db",
	    "PASSWORD_FILE=/run/secrets/db ./run",
	    "mysql -h db -P 3306 app",
	    "grep -p pattern file",
	    "curl https://example.com/?page=2",
	    "DB_PASSWORD=$DB_PASSWORD ./run",
	};
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
		_cleanup_free_ char *r = images_redact(plain[i]);
		assert_non_null(r);
		if (strcmp(r, plain[i]) != 0)
			fail_msg("row %zu changed: '%s' -> '%s'", i, plain[i], r);
	}
}

/* ---- the Engine API client: objects, headers and trailers, the deadline ---- */

struct fake {
	struct fakedaemon *d;
	struct docker_client *c;
};

static void fake_start(struct fake *f, long timeout_ms, long deadline_ms)
{
	f->d = fakedaemon_start(NULL);
	assert_non_null(f->d);
	_cleanup_free_ char *host = xasprintf("unix://%s", fakedaemon_socket(f->d));
	struct docker_options o = {
	    .host = host, .timeout_ms = timeout_ms, .deadline_ms = deadline_ms};
	assert_int_equal(docker_client_new(&o, &f->c, NULL), 0);
}

static void fake_stop(struct fake *f)
{
	docker_client_free(f->c);
	fakedaemon_stop(f->d);
}

static void test_too_many_objects(void **state)
{
	struct fake f;
	fake_start(&f, 5000, 0);
	size_t n = 200001;
	char *body = malloc(n * 3 + 2);
	assert_non_null(body);
	char *p = body;
	*p++ = '[';
	for (size_t i = 0; i < n; i++) {
		memcpy(p, i ? ",{}" : "{}", i ? 3 : 2);
		p += i ? 3 : 2;
	}
	*p++ = ']';
	*p = '\0';
	assert_int_equal(fakedaemon_route(f.d, "GET", "/containers/json", 200, body, 0, 0), 0);
	free(body);
	cJSON *j = NULL;
	_cleanup_free_ char *err = NULL;
	assert_int_equal(docker_get_json(f.c, "/containers/json", &j, &err), -EFBIG);
	assert_non_null(strstr(err, "more than 200000 objects"));
	assert_int_equal(fakedaemon_route(f.d, "GET", "/networks", 200,
					  "[{\"Name\":\"a\",\"Labels\":{\"x\":[1,2,{}]}},\"s\",1,"
					  "true,null,[[],[]]]",
					  0, 0),
			 0);
	assert_int_equal(docker_get_json(f.c, "/networks", &j, NULL), 0);
	assert_int_equal(cJSON_GetArraySize(j), 6);
	cJSON_Delete(j);
	fake_stop(&f);
}

static void test_endless_trailers_and_headers(void **state)
{
	static const enum fake_fault faults[] = {FAKE_FAULT_TRAILERS, FAKE_FAULT_HEADERS};
	for (size_t i = 0; i < ARRAY_SIZE(faults); i++) {
		struct fake f;
		fake_start(&f, 10000, 0);
		assert_int_equal(
		    fakedaemon_route(f.d, "GET", "/info", 200, "{\"a\":1}", faults[i], 0), 0);
		cJSON *j = NULL;
		_cleanup_free_ char *err = NULL;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int r = docker_get_json(f.c, "/info", &j, &err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* cut at the 1 MiB cap (or by libcurl's own smaller one), long before the timeout
		 */
		assert_true(r == -EFBIG || r == -EPROTO);
		assert_true(t1.tv_sec - t0.tv_sec < 5);
		if (faults[i] == FAKE_FAULT_TRAILERS)
			assert_non_null(strstr(err, "trailers"));
		fake_stop(&f);
	}
}

static void test_deadline(void **state)
{
	struct fake f;
	fake_start(&f, 2000, 1500);
	assert_int_equal(fakedaemon_route(f.d, "GET", "/info", 200, "{}", FAKE_FAULT_DELAY, 600),
			 0);
	struct docker_request reqs[40];
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++)
		reqs[i] = (struct docker_request){.path = "/info"};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(docker_get_many(f.c, reqs, ARRAY_SIZE(reqs)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* 40 answers of 0.6 s, 8 at a time, would take 3 s; the deadline cuts at 1.5 s */
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 2.5);
	assert_true(docker_deadline_passed(f.c));
	size_t cut = 0;
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		if (reqs[i].result == -ETIMEDOUT && strstr(reqs[i].error, "deadline"))
			cut++;
		docker_request_release(&reqs[i]);
	}
	assert_true(cut > 0);
	fake_stop(&f);
}

/* ---- waivers ---- */

static void test_waiver_files(void **state)
{
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		const char *error;
	} rows[] = {
	    {"{\"waivers\":[{\"check\":\"5.16\",\"object\":\"*\",\"reason\":\"r\",\"object\":\"x\"}"
	     "]}",
	     0, "waiver 1: duplicate field 'object'"},
	    {"{\"waivers\":[{\"check\":\"5.16\",\"reason\":\"r\"},{\"check\":\"5.16\",\"reason\":"
	     "\"r\",\"expires\":\"2000-01-01\",\"expires\":\"2999-01-01\"}]}",
	     0, "waiver 2: duplicate field 'expires'"},
	    {"{\"waivers\":[],\"waivers\":[]}", 0, "duplicate key 'waivers'"},
	    {"{\"waivers\":[]}\n{}", 0, "text after the JSON document at line 2, column 1"},
	    {"{\"waivers\":[]}\0x", 16, "a NUL byte at line 1, column 15"},
	    {"{\"waivers\":[{\"check\":\"5.16\\u0000x\",\"reason\":\"r\"}]}", 0, "\\u0000"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct waiver_set *w = NULL;
		_cleanup_free_ char *err = NULL;
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		assert_int_equal(waivers_parse(rows[i].text, len, "w.json", 0, &w, &err), -EINVAL);
		if (!err || !strstr(err, rows[i].error))
			fail_msg("row %zu: '%s'", i, err ? err : "(null)");
	}
	/* an escaped backslash before u0000 is text, not a NUL */
	struct waiver_set *w = NULL;
	_cleanup_free_ char *err = NULL;
	const char *ok = "{\"waivers\":[{\"check\":\"5.16\",\"reason\":\"a \\\\u0000 b\"}]} \n";
	assert_int_equal(waivers_parse(ok, strlen(ok), "w.json", 0, &w, &err), 0);
	waivers_free(w);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sigterm_leaves_nothing),
	    cmocka_unit_test(test_sigint_leaves_nothing),
	    cmocka_unit_test(test_handlers_restored),
	    cmocka_unit_test(test_mode_kept_and_umask),
	    cmocka_unit_test(test_refused_and_direct),
	    cmocka_unit_test(test_mask_userinfo),
	    cmocka_unit_test(test_redaction),
	    cmocka_unit_test(test_too_many_objects),
	    cmocka_unit_test(test_endless_trailers_and_headers),
	    cmocka_unit_test(test_deadline),
	    cmocka_unit_test(test_waiver_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
