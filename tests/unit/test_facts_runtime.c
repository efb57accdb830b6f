/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Container process lists from /proc: one pass, each process given to the container its cgroup
 * names, trusted only when the container's own init is there; the daemon is asked otherwise.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ftw.h>
#include <sys/stat.h>
#include "context.h"
#include "facts/runtime.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define PIDHOST "a7b2d9f897c8ca34a0de7ded3aefb0bb3d53dd299faed6a18d3bd8a7f3b16121"
#define PLAIN "6df2ad96953104d69e0a814e4c36497cffdcd6b6c2346908a7bac20e8d16367a"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void put(const char *root, const char *rel, const char *data, size_t len)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	_cleanup_free_ char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fwrite(data, 1, len, f);
	fclose(f);
}

static void test_top_from_proc(void **state)
{
	char root[] = "/tmp/da-top.XXXXXX";
	assert_non_null(mkdtemp(root));
	/* pidhost's init (3181) and a second process of it; plain's init is not visible */
	put(root, "proc/3181/cgroup", "12:pids:/docker/" PIDHOST "\n", 16 + 64 + 1);
	put(root, "proc/3181/cmdline", "sleep\0001000\0", 11);
	put(root, "proc/4000/cgroup", "0::/system.slice/docker-" PIDHOST ".scope\n", 24 + 64 + 7);
	put(root, "proc/4000/cmdline", "/usr/sbin/sshd\0-D\0", 18);
	put(root, "proc/4001/cgroup", "12:pids:/docker/" PLAIN "\n", 16 + 64 + 1);
	put(root, "proc/4001/cmdline", "sh\0", 3);
	put(root, "proc/1/cgroup", "0::/init.scope\n", 15);
	put(root, "proc/1/cmdline", "/sbin/init\0", 11);

	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	struct ctx_config cfg = {.fixture_dir = DA_FIXTURES "/docker/seed",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct container *pidhost = ctx_container_find(ctx, "pidhost");
	const struct container *plain = ctx_container_find(ctx, "plain");
	assert_non_null(pidhost);
	assert_non_null(plain);

	const cJSON *top = NULL;
	const char *err = NULL;
	assert_int_equal(ctx_container_top(ctx, pidhost, &top, &err), 0);
	assert_true(ctx_container_top_from_proc(ctx, pidhost));
	const cJSON *procs = json_get_array(top, "Processes");
	assert_int_equal(cJSON_GetArraySize(procs), 2);
	bool sshd = false;
	const cJSON *row;
	cJSON_ArrayForEach(row, procs)
	{
		const char *cmd = cJSON_GetArrayItem(row, 1)->valuestring;
		sshd |= strcmp(cmd, "/usr/sbin/sshd -D") == 0;
	}
	assert_true(sshd);

	/* plain's init is not in this /proc: its listing is not trusted, the daemon is asked
	 * (here the fixture has no top for it: an error, never an empty pass) */
	assert_true(ctx_container_top(ctx, plain, &top, &err) < 0);
	assert_false(ctx_container_top_from_proc(ctx, plain));
	assert_non_null(err);

	ctx_free(ctx);
	hostfs_free(h);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_top_from_proc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
