/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "hostfs.h"
#include "../../src/hostfs_internal.h"
#include "strutil.h"

/*
 * Every test runs twice: through openat2(RESOLVE_IN_ROOT) and through the component-by-
 * component fallback, against the same fake host root built in a fresh temporary directory.
 */

struct mode {
	unsigned flags;
};
static struct mode mode_openat2 = {0};
static struct mode mode_walk = {HOSTFS_NO_OPENAT2};

struct fixture {
	char tmp[PATH_MAX]; /* mkdtemp directory */
	char root[PATH_MAX]; /* tmp/root: the fake host */
	unsigned flags;
	struct hostfs *h;
};

static void join(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s/%s", a, b);
	assert_true(n > 0 && (size_t)n < size);
}

static void mk(const char *root, const char *rel, mode_t mode)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	assert_int_equal(mkdir(p, mode), 0);
}

static void put(const char *root, const char *rel, const char *content)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	size_t len = strlen(content);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
}

static void ln(const char *target, const char *root, const char *rel)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static const char FAKE_PASSWD[] = "fake-passwd marker\n";

static void build_root(struct fixture *f)
{
	const char *r = f->root;
	char p[PATH_MAX], t[PATH_MAX];

	put(f->tmp, "outside_secret", "real secret\n");
	assert_int_equal(mkdir(r, 0755), 0);
	mk(r, "etc", 0755);
	put(r, "etc/passwd", FAKE_PASSWD);
	mk(r, "etc/docker", 0755);
	put(r, "etc/docker/daemon.json", "{}\n");
	mk(r, "usr", 0755);
	mk(r, "usr/lib", 0755);
	mk(r, "usr/lib/systemd", 0755);
	mk(r, "usr/lib/systemd/system", 0755);
	put(r, "usr/lib/systemd/system/docker.service", "[Unit]\n");
	ln("usr/lib", r, "lib"); /* merged /usr */
	ln("/etc/passwd", r, "abs_passwd");
	ln("../../../../../../../../../etc/passwd", r, "escape");
	ln("../../../..", r, "escape_dir");
	ln("../outside_secret", r, "outside");
	join(t, sizeof(t), f->tmp, "outside_secret");
	ln(t, r, "abs_outside"); /* the real absolute path of a file outside the root */
	ln("loop_b", r, "loop_a");
	ln("loop_a", r, "loop_b");
	ln("self", r, "self");
	ln("/nonexistent/target", r, "dangling");
	ln("etc/docker", r, "linkdir");
	mk(r, "chain", 0755);
	for (int i = 0; i < 45; i++) { /* l0 -> l1 -> ... -> l44 -> /etc/passwd: 45 links */
		char name[32], target[32];
		snprintf(name, sizeof(name), "chain/l%d", i);
		if (i == 44)
			snprintf(target, sizeof(target), "/etc/passwd");
		else
			snprintf(target, sizeof(target), "l%d", i + 1);
		ln(target, r, name);
	}
	for (int i = 0; i < 10; i++) { /* s0 -> ... -> s9 -> ../etc/passwd: 10 links */
		char name[32], target[32];
		snprintf(name, sizeof(name), "chain/s%d", i);
		if (i == 9)
			snprintf(target, sizeof(target), "../etc/passwd");
		else
			snprintf(target, sizeof(target), "s%d", i + 1);
		ln(target, r, name);
	}
	join(p, sizeof(p), r, "fifo");
	assert_int_equal(mkfifo(p, 0644), 0);
	join(p, sizeof(p), r, "big");
	int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)1 << 30), 0); /* sparse: 1 GiB that takes no space */
	close(fd);
	put(r, "small", "0123456789");
	put(r, "empty", "");
	mk(r, "dir", 0755);
	put(r, "dir/c", "");
	put(r, "dir/a", "");
	put(r, "dir/b", "");
	put(r, "dir/B", "");
	put(r, "dir/.hidden", "");
	mk(r, "locked", 0755);
	put(r, "locked/secret", "s\n");
	join(p, sizeof(p), r, "locked");
	assert_int_equal(chmod(p, 0), 0);
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		chmod(path, 0700);
	return remove(path) < 0 ? -1 : 0;
}

static void unlock_tree(const struct fixture *f)
{
	char p[PATH_MAX];
	join(p, sizeof(p), f->root, "locked");
	chmod(p, 0755);
}

static int setup(void **state)
{
	const struct mode *m = *state;
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->flags = m->flags;
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/test_hostfs.XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	assert_int_equal(chmod(f->tmp, 0755), 0);
	join(f->root, sizeof(f->root), f->tmp, "root");
	build_root(f);
	assert_int_equal(hostfs_new_with(f->root, f->flags, &f->h), 0);
	if (f->flags & HOSTFS_NO_OPENAT2)
		assert_false(hostfs_uses_openat2(f->h));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hostfs_free(f->h);
	unlock_tree(f);
	nftw(f->tmp, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static void assert_reads(const struct hostfs *h, const char *path, const char *want)
{
	char *data = NULL;
	size_t len = 0;
	int r = hostfs_read_file(h, path, 1 << 20, &data, &len);
	if (r < 0)
		fail_msg("read '%s': %s", path, strerror(-r));
	assert_string_equal(data, want);
	assert_int_equal(len, strlen(want));
	free(data);
}

static void assert_read_fails(const struct hostfs *h, const char *path, size_t max, int err)
{
	char *data = (char *)&err; /* must stay untouched on failure */
	size_t len = 4242;
	assert_int_equal(hostfs_read_file(h, path, max, &data, &len), err);
	assert_ptr_equal(data, (char *)&err);
	assert_int_equal(len, 4242);
}

static void assert_resolves(const struct hostfs *h, const char *path, const char *want)
{
	char *s = NULL;
	int r = hostfs_resolve(h, path, &s);
	if (r < 0)
		fail_msg("resolve '%s': %s", path, strerror(-r));
	assert_string_equal(s, want);
	free(s);
}

static void test_absolute_symlink_stays_in_root(void **state)
{
	struct fixture *f = *state;
	char real[PATH_MAX];
	struct stat st, want;

	/* /abs_passwd -> /etc/passwd means <root>/etc/passwd, never the real one */
	assert_reads(f->h, "/abs_passwd", FAKE_PASSWD);
	assert_resolves(f->h, "/abs_passwd", "/etc/passwd");
	assert_int_equal(hostfs_stat(f->h, "/abs_passwd", &st), 0);
	join(real, sizeof(real), f->root, "etc/passwd");
	assert_int_equal(stat(real, &want), 0);
	assert_int_equal(st.st_ino, want.st_ino);
	assert_int_equal(st.st_dev, want.st_dev);
	/* a symlink to the real absolute path of a file outside the root is re-rooted: absent */
	assert_read_fails(f->h, "/abs_outside", 1024, -ENOENT);
}

static void test_relative_escape_clamped(void **state)
{
	struct fixture *f = *state;

	assert_reads(f->h, "/escape", FAKE_PASSWD);
	assert_reads(f->h, "/escape_dir/etc/passwd", FAKE_PASSWD);
	assert_reads(f->h, "/../../../../etc/passwd", FAKE_PASSWD);
	assert_reads(f->h, "/etc/../../etc/passwd", FAKE_PASSWD);
	assert_resolves(f->h, "/escape_dir", "/");
	assert_resolves(f->h, "/../..", "/");
	/* ../outside_secret from the root is <root>/outside_secret: absent */
	assert_read_fails(f->h, "/outside", 1024, -ENOENT);
	assert_resolves(f->h, "/outside", "/outside_secret");
}

static void test_symlink_loops(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	char *s = NULL;

	assert_int_equal(hostfs_open(f->h, "/loop_a", O_RDONLY), -ELOOP);
	assert_int_equal(hostfs_stat(f->h, "/self", &st), -ELOOP);
	assert_int_equal(hostfs_stat(f->h, "/loop_a/x", &st), -ELOOP);
	assert_int_equal(hostfs_resolve(f->h, "/loop_a", &s), -ELOOP);
	assert_null(s);
	assert_read_fails(f->h, "/chain/l0", 1024, -ELOOP); /* 45 links: more than 40 */
	assert_reads(f->h, "/chain/s0", FAKE_PASSWD); /* 10 links are fine */
	assert_int_equal(hostfs_lstat(f->h, "/loop_a", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static void test_fifo_never_blocks(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	alarm(10); /* a blocking open would hang: let SIGALRM kill the test instead */
	int fd = hostfs_open(f->h, "/fifo", O_RDONLY);
	assert_true(fd >= 0);
	close(fd);
	assert_read_fails(f->h, "/fifo", 1024, -EINVAL);
	alarm(0);
	assert_int_equal(hostfs_stat(f->h, "/fifo", &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

static void test_size_cap(void **state)
{
	struct fixture *f = *state;
	char *data = NULL;
	size_t len = 99;

	assert_read_fails(f->h, "/big", 1 << 20, -EFBIG);
	assert_int_equal(hostfs_read_file(f->h, "/small", 10, &data, &len), 0);
	assert_string_equal(data, "0123456789");
	assert_int_equal(len, 10);
	free(data);
	assert_read_fails(f->h, "/small", 9, -EFBIG);
	assert_int_equal(hostfs_read_file(f->h, "/empty", 0, &data, &len), 0);
	assert_string_equal(data, "");
	assert_int_equal(len, 0);
	free(data);
	assert_read_fails(f->h, "/etc", 1024, -EINVAL); /* not a regular file */
	assert_read_fails(f->h, "/nope", 1024, -ENOENT);
}

static void test_proc_files_read_to_eof(void **state)
{
	struct fixture *f = *state;
	struct hostfs *h = NULL;
	struct stat st;
	char *data = NULL;
	size_t len = 0;

	/* root "/" goes through the same code; /proc files say size 0 */
	assert_int_equal(hostfs_new_with("/", f->flags, &h), 0);
	assert_string_equal(hostfs_root(h), "/");
	assert_int_equal(hostfs_stat(h, "/proc/self/status", &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(hostfs_read_file(h, "/proc/self/status", 1 << 20, &data, &len), 0);
	assert_true(len > 16);
	assert_int_equal(strlen(data), len);
	assert_non_null(strstr(data, "Name:"));
	free(data);
	assert_read_fails(h, "/proc/self/status", 16, -EFBIG);
	hostfs_free(h);
}

static void test_relative_path_rejected(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	char *s = NULL;
	char **names = NULL;

	assert_int_equal(hostfs_open(f->h, "etc/passwd", O_RDONLY), -EINVAL);
	assert_int_equal(hostfs_open(f->h, "", O_RDONLY), -EINVAL);
	assert_int_equal(hostfs_open(f->h, NULL, O_RDONLY), -EINVAL);
	assert_int_equal(hostfs_stat(f->h, "etc", &st), -EINVAL);
	assert_int_equal(hostfs_lstat(f->h, "./etc", &st), -EINVAL);
	assert_read_fails(f->h, "etc/passwd", 1024, -EINVAL);
	assert_int_equal(hostfs_resolve(f->h, "etc/passwd", &s), -EINVAL);
	assert_int_equal(hostfs_list_dir(f->h, "etc", &names), -EINVAL);
	assert_int_equal(hostfs_readlink(f->h, "lib", &s), -EINVAL);
	assert_null(s);
	assert_null(names);
}

static void test_stat_and_lstat(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_int_equal(hostfs_stat(f->h, "/lib", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(hostfs_lstat(f->h, "/lib", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(hostfs_stat(f->h, "/abs_passwd", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(hostfs_lstat(f->h, "/abs_passwd", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(hostfs_stat(f->h, "/dangling", &st), -ENOENT);
	assert_int_equal(hostfs_lstat(f->h, "/dangling", &st), 0);
	assert_int_equal(hostfs_stat(f->h, "/", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(hostfs_stat(f->h, "/etc/passwd/", &st), -ENOTDIR);
	assert_int_equal(hostfs_stat(f->h, "/etc/passwd/x", &st), -ENOTDIR);
	/* a trailing slash follows the last symlink even for lstat, as the kernel does */
	assert_int_equal(hostfs_lstat(f->h, "/linkdir/", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* intermediate symlinks are followed by lstat, only the last one is not */
	assert_int_equal(hostfs_lstat(f->h, "/lib/systemd/system/docker.service", &st), 0);
	assert_true(S_ISREG(st.st_mode));
}

static void test_open_flags(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_int_equal(hostfs_open(f->h, "/etc/passwd", O_WRONLY), -EINVAL);
	assert_int_equal(hostfs_open(f->h, "/etc/passwd", O_RDWR), -EINVAL);
	assert_int_equal(hostfs_open(f->h, "/etc/new", O_RDONLY | O_CREAT), -EINVAL);
	assert_int_equal(hostfs_open(f->h, "/etc/passwd", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	assert_int_equal(hostfs_open(f->h, "/abs_passwd", O_RDONLY | O_NOFOLLOW), -ELOOP);

	int fd = hostfs_open(f->h, "/abs_passwd", O_PATH | O_NOFOLLOW);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	close(fd);

	fd = hostfs_open(f->h, "/lib/systemd/system", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	fd = hostfs_open(f->h, "/etc/passwd", O_RDONLY);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
}

static void test_resolve(void **state)
{
	struct fixture *f = *state;
	char *s = NULL;

	assert_resolves(f->h, "/lib/systemd/system/docker.service",
			"/usr/lib/systemd/system/docker.service");
	assert_resolves(f->h, "/lib/systemd/system/missing.service",
			"/usr/lib/systemd/system/missing.service");
	assert_resolves(f->h, "/nonexistent/x", "/nonexistent/x");
	assert_resolves(f->h, "/lib/nonexistent/../x", "/usr/lib/x");
	assert_resolves(f->h, "/dangling", "/nonexistent/target");
	assert_resolves(f->h, "/dangling/more", "/nonexistent/target/more");
	assert_resolves(f->h, "/etc/./docker//", "/etc/docker");
	assert_resolves(f->h, "/linkdir/daemon.json", "/etc/docker/daemon.json");
	assert_resolves(f->h, "/lib/..", "/usr"); /* the symlink first, then ".." */
	assert_resolves(f->h, "/", "/");
	assert_resolves(f->h, "//", "/");
	assert_int_equal(hostfs_resolve(f->h, "/etc/passwd/x", &s), -ENOTDIR);
	assert_null(s);
}

static void test_list_dir(void **state)
{
	struct fixture *f = *state;
	char **names = NULL;

	assert_int_equal(hostfs_list_dir(f->h, "/dir", &names), 0);
	const char *want[] = {".hidden", "B", "a", "b", "c"};
	assert_int_equal(strv_length(names), ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(names[i], want[i]);
	assert_null(names[ARRAY_SIZE(want)]);
	strv_free(names);
	names = NULL;

	assert_int_equal(hostfs_list_dir(f->h, "/linkdir", &names), 0);
	assert_int_equal(strv_length(names), 1);
	assert_string_equal(names[0], "daemon.json");
	strv_free(names);
	names = NULL;

	assert_int_equal(hostfs_list_dir(f->h, "/empty", &names), -ENOTDIR);
	assert_int_equal(hostfs_list_dir(f->h, "/nope", &names), -ENOENT);
	assert_null(names);
}

static void test_readlink(void **state)
{
	struct fixture *f = *state;
	char *s = NULL;

	assert_int_equal(hostfs_readlink(f->h, "/abs_passwd", &s), 0);
	assert_string_equal(s, "/etc/passwd");
	free(s);
	assert_int_equal(hostfs_readlink(f->h, "/lib", &s), 0);
	assert_string_equal(s, "usr/lib");
	free(s);
	s = NULL;
	assert_int_equal(hostfs_readlink(f->h, "/etc/passwd", &s), -EINVAL);
	assert_int_equal(hostfs_readlink(f->h, "/nope", &s), -ENOENT);
	assert_null(s);
}

static void test_readlink_proc_magic(void **state)
{
	struct fixture *f = *state;
	struct hostfs *h = NULL;
	char want[PATH_MAX];
	char *s = NULL;

	/* (valgrind fakes readlink("/proc/self/exe"), so compare the cwd magic link instead) */
	assert_non_null(getcwd(want, sizeof(want)));
	assert_int_equal(hostfs_new_with("/", f->flags, &h), 0);
	/* /proc/self is an ordinary symlink, cwd and exe magic ones: read, never followed */
	assert_int_equal(hostfs_readlink(h, "/proc/self/cwd", &s), 0);
	assert_string_equal(s, want);
	free(s);
	assert_int_equal(hostfs_readlink(h, "/proc/self/exe", &s), 0);
	assert_true(s[0] == '/');
	free(s);
	hostfs_free(h);
}

/* Run in a process without CAP_DAC_OVERRIDE: the fake root's locked/ is mode 000. */
static int check_eacces(const char *root, unsigned flags)
{
	struct hostfs *h = NULL;
	struct stat st;
	char *s = NULL;
	char **names = NULL;
	int rc = 0;

	if (hostfs_new_with(root, flags, &h) < 0)
		return 10;
	if (hostfs_read_file(h, "/locked/secret", 1024, &s, NULL) != -EACCES)
		rc = 11;
	else if (hostfs_list_dir(h, "/locked", &names) != -EACCES)
		rc = 12;
	else if (hostfs_stat(h, "/locked/secret", &st) != -EACCES)
		rc = 13;
	else if (hostfs_resolve(h, "/locked/secret", &s) != -EACCES)
		rc = 14;
	else if (hostfs_stat(h, "/locked", &st) != 0)
		rc = 15; /* the directory itself is visible */
	else if (hostfs_stat(h, "/locked/", &st) != 0)
		rc = 16;
	else if (hostfs_stat(h, "/locked/.", &st) != -EACCES)
		rc = 17; /* "." is looked up inside it */
	free(s);
	strv_free(names);
	hostfs_free(h);
	return rc;
}

static void test_permission_denied(void **state)
{
	struct fixture *f = *state;

	if (geteuid() != 0) {
		assert_int_equal(check_eacces(f->root, f->flags), 0);
		return;
	}
	/*
	 * As root, DAC checks are bypassed: run the check in a child that has dropped to
	 * nobody. If that is not possible (no CAP_SETUID in this sandbox), skip explicitly.
	 */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(77);
		_exit(check_eacces(f->root, f->flags));
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_new_errors(void **state)
{
	int sentinel;
	struct hostfs *h = (struct hostfs *)(void *)&sentinel; /* must stay untouched on errors */
	struct hostfs *orig = h;

	assert_int_equal(hostfs_new("/nonexistent-docker-audit-test", &h), -ENOENT);
	assert_int_equal(hostfs_new("/proc/self/status", &h), -ENOTDIR);
	assert_int_equal(hostfs_new(NULL, &h), -EINVAL);
	assert_int_equal(hostfs_new("", &h), -EINVAL);
	assert_ptr_equal(h, orig);
	assert_null(hostfs_free(NULL));

	assert_int_equal(hostfs_new("//proc//self/../", &h), 0);
	assert_string_equal(hostfs_root(h), "/proc");
	hostfs_free(h);

	/* when the kernel has openat2(RESOLVE_IN_ROOT), the default path must use it */
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	assert_int_equal(hostfs_new_with("/", 0, &h), 0);
	assert_int_equal(hostfs_uses_openat2(h), fd >= 0);
	hostfs_free(h);
	if (fd >= 0)
		close((int)fd);
	assert_int_equal(hostfs_new_with("/", HOSTFS_NO_OPENAT2, &h), 0);
	assert_false(hostfs_uses_openat2(h));
	hostfs_free(h);
}

/* each test under both resolvers, named "test/openat2" and "test/walk" */
#define IN_MODE(t, m)                                                                              \
	((struct CMUnitTest){.name = #t "/" #m,                                                    \
			     .test_func = t,                                                       \
			     .setup_func = setup,                                                  \
			     .teardown_func = teardown,                                            \
			     .initial_state = &mode_##m})
#define BOTH(t) IN_MODE(t, openat2), IN_MODE(t, walk)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BOTH(test_absolute_symlink_stays_in_root),
	    BOTH(test_relative_escape_clamped),
	    BOTH(test_symlink_loops),
	    BOTH(test_fifo_never_blocks),
	    BOTH(test_size_cap),
	    BOTH(test_proc_files_read_to_eof),
	    BOTH(test_relative_path_rejected),
	    BOTH(test_stat_and_lstat),
	    BOTH(test_open_flags),
	    BOTH(test_resolve),
	    BOTH(test_list_dir),
	    BOTH(test_readlink),
	    BOTH(test_readlink_proc_magic),
	    BOTH(test_permission_denied),
	    cmocka_unit_test(test_new_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
