/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The low facts: the generic cached fact, the one /proc table, the one SecurityOptions reader,
 * the one socket-unit parser.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ftw.h>
#include <sys/stat.h>
#include "context.h"
#include "facts/engine.h"
#include "facts/procs.h"
#include "facts/units.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
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

/* ---- ctx_fact ---- */

struct counted {
	int value;
};
static int loads;
static int fail_next;

static int counted_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c;
	loads++;
	if (fail_next) {
		fail_next = 0;
		return -ENOMEM;
	}
	((struct counted *)fact)->value = key ? (int)strlen(key) : -1;
	return 0;
}

static const struct ctx_fact_type counted_type = {
    .name = "counted",
    .size = sizeof(struct counted),
    .load = counted_load,
};

static void test_fact_once_per_key(void **state)
{
	(void)state;
	struct ctx_config cfg = {.kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	void *a, *b, *k;
	loads = 0;
	assert_null(ctx_fact_peek(ctx, &counted_type, NULL));
	fail_next = 1; /* a failed load is not cached: the next caller loads again */
	assert_int_equal(ctx_fact(ctx, &counted_type, NULL, &a), -ENOMEM);
	assert_int_equal(ctx_fact(ctx, &counted_type, NULL, &a), 0);
	assert_int_equal(ctx_fact(ctx, &counted_type, NULL, &b), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(((struct counted *)a)->value, -1);
	assert_int_equal(ctx_fact(ctx, &counted_type, "abc", &k), 0);
	assert_ptr_not_equal(a, k);
	assert_int_equal(((struct counted *)k)->value, 3);
	assert_int_equal(ctx_fact(ctx, &counted_type, "abc", &b), 0);
	assert_ptr_equal(k, b);
	assert_ptr_equal(ctx_fact_peek(ctx, &counted_type, "abc"), k);
	assert_int_equal(loads, 3);
	ctx_free(ctx);
}

/* ---- the process table ---- */

static void test_procs_table(void **state)
{
	(void)state;
	char root[] = "/tmp/da-procs.XXXXXX";
	assert_non_null(mkdtemp(root));
	put(root, "proc/42/cmdline", "/usr/bin/dockerd\0-H\0fd://\0", 26);
	put(root, "proc/42/status", "Name:\tdockerd\nUid:\t0\t1000\t0\t0\nGid:\t0\t0\t0\t0\n", 43);
	put(root, "proc/42/cgroup", "0::/system.slice/docker.service\n", 32);
	put(root, "proc/7/cmdline", "", 0);
	put(root, "proc/7/comm", "kthreadd\n", 9);
	put(root, "proc/self/status", "Uid:\t1\t1\t1\t1\n", 13); /* not a pid: left out */
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	struct ctx_config cfg = {.hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct procs *t = NULL, *t2 = NULL;
	assert_int_equal(ctx_procs(ctx, &t), 0);
	assert_int_equal(ctx_procs(ctx, &t2), 0);
	assert_ptr_equal(t, t2); /* read once */
	assert_int_equal(t->error, 0);
	assert_int_equal(t->n, 2);
	const struct proc *d = procs_find(t, 42);
	assert_non_null(d);
	assert_string_equal(d->argv[0], "/usr/bin/dockerd");
	assert_string_equal(d->argv[2], "fd://");
	assert_null(d->argv[3]);
	assert_int_equal(d->uid, 0);
	assert_int_equal(d->euid, 1000);
	assert_string_equal(d->cgroup, "0::/system.slice/docker.service\n");
	assert_null(d->exe); /* no link in a fake root: unknown, not guessed */
	const struct proc *k = procs_find(t, 7);
	assert_non_null(k);
	assert_null(k->argv[0]);
	assert_string_equal(k->comm, "kthreadd");
	assert_int_equal(k->euid, -1);
	assert_null(procs_find(t, 8));
	ctx_free(ctx);
	hostfs_free(h);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_status_uid_parser(void **state)
{
	(void)state;
	uint32_t u = 0;
	assert_int_equal(proc_status_euid("Name:\tx\nUid:\t0\t33\t0\t0\n", &u), 0);
	assert_int_equal(u, 33);
	assert_int_equal(proc_status_field("Uid:\t5 6 7 8\n", "Uid", 3, &u), 0);
	assert_int_equal(u, 8);
	assert_int_equal(proc_status_euid("Name:\tx\n", &u), -ENOENT);
	assert_int_equal(proc_status_euid("Uid:\t0\n", &u), -EBADMSG);
	assert_int_equal(proc_status_euid("Uid:\t0\t99999999999\n", &u), -EBADMSG);
}

/* ---- SecurityOptions, as the docker CLI reads them ---- */

static void test_security_option(void **state)
{
	(void)state;
	cJSON *info = cJSON_Parse("{\"SecurityOptions\": [\"name=apparmor\", "
				  "\"name=seccomp,profile=builtin\", \"selinux\", "
				  "\"profile=x,name=userns\", \"name=rootlessx\", 7]}");
	assert_non_null(info);
	const char *e = NULL;
	assert_int_equal(engine_security_option(info, "apparmor", &e), 0);
	assert_string_equal(e, "name=apparmor");
	assert_int_equal(engine_security_option(info, "seccomp", &e), 0);
	_cleanup_free_ char *profile = engine_security_option_value(e, "profile");
	assert_string_equal(profile, "builtin");
	/* a daemon before API 1.26 lists bare names */
	assert_int_equal(engine_security_option(info, "selinux", &e), 0);
	assert_string_equal(e, "selinux");
	/* name= need not come first */
	assert_int_equal(engine_security_option(info, "userns", &e), 0);
	/* a prefix is not the name */
	assert_int_equal(engine_security_option(info, "rootless", &e), -ENOENT);
	assert_int_equal(engine_security_option(info, "no-new-privileges", NULL), -ENOENT);
	assert_null(engine_security_option_value("name=apparmor", "profile"));
	cJSON_Delete(info);
}

/* ---- socket units ---- */

static void test_socket_unit_streams(void **state)
{
	(void)state;
	struct socket_unit u = {0};
	assert_int_equal(socket_unit_parse("[Socket]\nListenStream=%t/docker.sock\n"
					   "ListenStream=2375\nSocketGroup=docker\n",
					   &u),
			 0);
	assert_string_equal(u.streams[0], "/run/docker.sock");
	assert_string_equal(u.streams[1], "2375");
	assert_null(u.streams[2]);
	assert_string_equal(u.listen[0], "/run/docker.sock");
	assert_null(u.listen[1]);
	assert_string_equal(u.group, "docker");
	/* a drop-in's empty ListenStream= resets both lists */
	assert_int_equal(socket_unit_parse("[Socket]\nListenStream=\nListenStream=/a.sock\n", &u),
			 0);
	assert_string_equal(u.streams[0], "/a.sock");
	assert_null(u.streams[1]);
	assert_string_equal(u.listen[0], "/a.sock");
	socket_unit_release(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fact_once_per_key),	cmocka_unit_test(test_procs_table),
	    cmocka_unit_test(test_status_uid_parser),	cmocka_unit_test(test_security_option),
	    cmocka_unit_test(test_socket_unit_streams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
