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
#include "facts/container_user.h"
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

#define V2 DA_FIXTURES "/docker/engine-docker-28.5-cgroupv2"
#define V2PLAIN "61bf53c17c416c3a857744927306ca80d14b085161e855b40793fbcc7cbb72e4"
#define V2ROOT "3ca5788c8ade629097f721c99ea75ec5b33318477237230e12752023d4641e56"
#define ROOT_STATUS "Name:\tsleep\nUid:\t0\t0\t0\t0\n"
#define V2SSHD "52a3525b1319da4ab3729669bd1fdfb8eba49606f11fd6b037c1857da38f618e"

/*
 * cgroup v2, on the real Docker 28.5 capture: processes are attributed from the v2 line alone,
 * in the cgroupfs form "0::/docker/<id>" (as captured), the systemd form and the nested view a
 * private cgroup namespace gives; Podman's conmon, whose scope names the container it watches,
 * is not one of its processes; the uid of PID 1 is read only when its cgroup names the container.
 */
static void test_cgroup_v2(void **state)
{
	char root[] = "/tmp/da-cgv2.XXXXXX";
	assert_non_null(mkdtemp(root));
	static const char plain_cg[] = "0::/docker/" V2PLAIN "\n";
	put(root, "proc/4923/cgroup", plain_cg, strlen(plain_cg));
	put(root, "proc/4923/cmdline", "sleep\000600\0", 10);
	put(root, "proc/4923/status", ROOT_STATUS, strlen(ROOT_STATUS));
	static const char sd_cg[] = "0::/system.slice/docker-" V2PLAIN ".scope\n";
	put(root, "proc/6001/cgroup", sd_cg, strlen(sd_cg));
	put(root, "proc/6001/cmdline", "/usr/sbin/sshd\0-D\0", 18);
	static const char nested_cg[] = "0::/../../system.slice/docker-" V2PLAIN ".scope\n";
	put(root, "proc/6002/cgroup", nested_cg, strlen(nested_cg));
	put(root, "proc/6002/cmdline", "sh\0", 3);
	static const char conmon_cg[] = "0::/machine.slice/libpod-conmon-" V2PLAIN ".scope\n";
	put(root, "proc/6003/cgroup", conmon_cg, strlen(conmon_cg));
	put(root, "proc/6003/cmdline", "/usr/bin/conmon\0", 16);
	/* asroot's PID 1 runs as root, but its cgroup is conmon's: not this container's */
	put(root, "proc/4999/cgroup", "0::/machine.slice/libpod-conmon-" V2ROOT ".scope\n",
	    32 + 64 + 7);
	put(root, "proc/4999/status", ROOT_STATUS, strlen(ROOT_STATUS));
	put(root, "proc/4999/cmdline", "sleep\000600\0", 10);

	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	struct ctx_config cfg = {
	    .fixture_dir = V2, .hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct container *plain = ctx_container_find(ctx, "plain");
	const struct container *asroot = ctx_container_find(ctx, "asroot");
	assert_non_null(plain);
	assert_non_null(asroot);

	const cJSON *top = NULL;
	const char *err = NULL;
	assert_int_equal(ctx_container_top(ctx, plain, &top, &err), 0);
	assert_true(ctx_container_top_from_proc(ctx, plain));
	const cJSON *procs = json_get_array(top, "Processes");
	assert_int_equal(cJSON_GetArraySize(procs), 3); /* 4923, 6001, 6002; never conmon */
	const cJSON *row;
	cJSON_ArrayForEach(row, procs)
	{
		assert_string_not_equal(cJSON_GetArrayItem(row, 1)->valuestring, "/usr/bin/conmon");
	}

	const struct proc_user *pu = ctx_container_proc_user(ctx, plain);
	assert_non_null(pu);
	assert_int_equal(pu->error, 0);
	assert_int_equal(pu->pid, 4923);
	assert_int_equal(pu->uid, 0);
	pu = ctx_container_proc_user(ctx, asroot);
	assert_non_null(pu);
	assert_int_equal(pu->error, -ESRCH);
	assert_non_null(strstr(pu->why, "cgroup does not name it"));

	ctx_free(ctx);
	hostfs_free(h);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_top_from_proc),
	    cmocka_unit_test(test_cgroup_v2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
