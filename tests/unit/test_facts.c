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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include "context.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/listen.h"
#include "facts/locate.h"
#include "facts/peers.h"
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

/* ---- the serving daemon, proved (issue 11), and unreadable /proc entries (issue 15) ---- */

static void link_at(const char *root, const char *rel, const char *target)
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
	assert_int_equal(symlink(target, path), 0);
}

/* A listening unix socket file at root/rel (what stat must see as a socket). */
static int sock_at(const char *root, const char *rel)
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
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	assert_true(strlen(path) < sizeof(a.sun_path));
	memcpy(a.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

static void test_proc_net_parsers(void **state)
{
	(void)state;
	const char *unix_text =
	    "Num       RefCount Protocol Flags    Type St Inode Path\n"
	    "0000000000000000: 00000002 00000000 00000000 0001 03 12 /run/docker.sock\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 777 /run/docker.sock\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 778 @abstract\n";
	unsigned long ino = 0;
	/* the connected one (inode 12, no __SO_ACCEPTCON) is not the listener */
	assert_int_equal(listen_proc_net_unix(unix_text, "/run/docker.sock", &ino), 0);
	assert_int_equal(ino, 777);
	assert_int_equal(listen_proc_net_unix(unix_text, "/run/other.sock", &ino), -ENOENT);
	const char *tcp =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
	    "timeout inode\n"
	    "   0: 0100007F:094F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 "
	    "       0 4242 1 0000000000000000 100 0 0 10 0\n"
	    "   1: 00000000:0950 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 "
	    "       0 4343 1 0000000000000000 100 0 0 10 0\n"
	    "   2: 0100007F:0951 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0 "
	    "       0 4444 1 0000000000000000 100 0 0 10 0\n";
	/* 127.0.0.1:2383 itself; 0.0.0.0:2384 serves loopback and "any local", not 10.1.2.3 */
	assert_int_equal(listen_proc_net_tcp(tcp, false, "127.0.0.1", 2383, &ino), 0);
	assert_int_equal(ino, 4242);
	assert_int_equal(listen_proc_net_tcp(tcp, false, "127.0.0.1", 2384, &ino), 0);
	assert_int_equal(ino, 4343);
	assert_int_equal(listen_proc_net_tcp(tcp, false, "", 2384, &ino), 0);
	assert_int_equal(listen_proc_net_tcp(tcp, false, "10.1.2.3", 2384, &ino), -ENOENT);
	/* an established connection is not a listener */
	assert_int_equal(listen_proc_net_tcp(tcp, false, "127.0.0.1", 2385, &ino), -ENOENT);
	const char *tcp6 = "  sl  local_address                         remote_address "
			   "st\n"
			   "   0: 00000000000000000000000001000000:094F "
			   "00000000000000000000000000000000:0000 0A 00000000:00000000 "
			   "00:00000000 00000000     0        0 5151 1\n";
	assert_int_equal(listen_proc_net_tcp(tcp6, true, "::1", 2383, &ino), 0);
	assert_int_equal(ino, 5151);
}

/*
 * A fake /proc: two dockerds, the first (in /proc order) a decoy that claims the same socket on
 * its command line; only PID 50 holds the listening socket (fd link socket:[777]), and it runs in
 * a chroot (/proc/50/root -> /srv/c) with a relative --config-file in its working directory.
 * PID 60's cmdline and PID 61's status are unreadable (directories), PID 62's fd table too.
 */
static void test_serving_daemon_proved(void **state)
{
	(void)state;
	char root[] = "/tmp/da-serving.XXXXXX";
	assert_non_null(mkdtemp(root));
	int sfd = sock_at(root, "srv/c/run/api.sock");
	put(root, "proc/net/unix",
	    "Num       RefCount Protocol Flags    Type St Inode Path\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 777 /srv/c/run/api.sock\n",
	    strlen("Num       RefCount Protocol Flags    Type St Inode Path\n"
		   "0000000000000000: 00000002 00000000 00010000 0001 01 777 "
		   "/srv/c/run/api.sock\n"));
	const char decoy[] = "/usr/bin/dockerd\0-H\0unix:///srv/c/run/api.sock\0";
	put(root, "proc/20/cmdline", decoy, sizeof(decoy) - 1);
	put(root, "proc/20/status", "Name:\tdockerd\nPPid:\t1\nUid:\t0\t0\t0\t0\n", 36);
	link_at(root, "proc/20/fd/3", "socket:[999]");
	link_at(root, "proc/20/root", "/");
	const char real[] = "dockerd\0--config-file\0conf/daemon.json\0-H\0unix:///run/api.sock\0";
	put(root, "proc/50/cmdline", real, sizeof(real) - 1);
	put(root, "proc/50/status", "Name:\tdockerd\nPPid:\t1\nUid:\t0\t0\t0\t0\n", 36);
	link_at(root, "proc/50/fd/0", "/dev/null");
	link_at(root, "proc/50/fd/7", "socket:[777]");
	link_at(root, "proc/50/root", "/srv/c");
	link_at(root, "proc/50/cwd", "/srv/c/etc");
	put(root, "srv/c/etc/conf/daemon.json", "{\"icc\": false}\n", 15);
	const char ctrd[] = "containerd\0";
	put(root, "proc/51/cmdline", ctrd, sizeof(ctrd) - 1);
	put(root, "proc/51/status", "Name:\tcontainerd\nPPid:\t50\nUid:\t0\t0\t0\t0\n", 39);
	_cleanup_free_ char *d60 = xasprintf("%s/proc/60/cmdline", root);
	_cleanup_free_ char *d61 = xasprintf("%s/proc/61/status", root);
	_cleanup_free_ char *p60 = xasprintf("%s/proc/60", root);
	_cleanup_free_ char *p61 = xasprintf("%s/proc/61", root);
	mkdir(p60, 0755);
	mkdir(d60, 0755); /* unreadable as a file */
	put(root, "proc/61/cmdline", "sleep\0", 6);
	mkdir(p61, 0755);
	mkdir(d61, 0755);
	put(root, "proc/62/cmdline", "sleep\0", 6);
	put(root, "proc/62/status", "Name:\tsleep\nPPid:\t1\n", 20);
	put(root, "proc/62/fd", "not a directory", 15);

	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	char envv[] = "DOCKER_HOST=unix:///srv/c/run/api.sock";
	char *env[] = {envv, NULL};
	struct ctx_config cfg = {.hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED, .env = env};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);

	/* the table: the unreadable entries are counted and named, the exited ones are not */
	const struct procs *t = NULL;
	assert_int_equal(ctx_procs(ctx, &t), 0);
	assert_int_equal(t->n, 6);
	assert_int_equal(t->n_unreadable, 2);
	assert_non_null(t->unreadable_msg);
	assert_non_null(strstr(t->unreadable_msg, "2 of 6 /proc entries could not be read"));
	assert_non_null(strstr(t->unreadable_msg, "PID 60"));
	assert_int_equal(procs_find(t, 51)->ppid, 50);
	assert_true(procs_descends(t, 51, 50));
	assert_false(procs_descends(t, 51, 20));

	/* the socket's holders, by inode; PID 62's fd table is counted as unreadable */
	long *pids = NULL;
	size_t n = 0, unreadable = 0;
	assert_int_equal(procs_socket_owners(ctx, 777, &pids, &n, &unreadable), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pids[0], 50);
	assert_int_equal(unreadable, 1);
	free(pids);

	/* the serving dockerd is the holder, not the decoy that comes first and names the path */
	const struct dockerd_scan *scan = NULL;
	assert_int_equal(ctx_dockerd(ctx, &scan), 0);
	assert_non_null(scan->serving);
	assert_int_equal(scan->serving->pid, 50);
	assert_int_equal(scan->sock_inode, 777);
	assert_non_null(strstr(scan->how, "socket inode 777 owned by pid 50"));
	long pid = 0;
	assert_int_equal(dockerd_pid(ctx, &pid), 0);
	assert_int_equal(pid, 50);
	/* its relative config file, from its working directory, in its own root */
	assert_non_null(scan->serving->file_json);
	assert_string_equal(scan->serving->file_path, "/etc/conf/daemon.json");
	assert_non_null(dockerd_fs_note(ctx));
	_cleanup_free_ char *hp = dockerd_host_path(ctx, "/etc/docker");
	assert_string_equal(hp, "/srv/c/etc/docker");
	/* a binary of its tree: an unreadable entry may be one of it, so it cannot be told */
	const struct located *l = ctx_locate(ctx, CTX_LOC_BINARY, "runc");
	assert_int_equal(l->error, -EIO);
	assert_non_null(strstr(l->note, "2 of 6 /proc entries could not be read"));
	ctx_free(ctx);
	hostfs_free(h);
	close(sfd);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Nobody holds the socket and no dockerd can be matched: the error carries the count. */
static void test_unproved_daemon_counts_unreadable(void **state)
{
	(void)state;
	char root[] = "/tmp/da-unproved.XXXXXX";
	assert_non_null(mkdtemp(root));
	int sfd = sock_at(root, "run/x.sock");
	put(root, "proc/net/unix", "Num\n", 4);
	put(root, "proc/5/cmdline", "sleep\0", 6);
	put(root, "proc/5/status", "Name:\tsleep\nPPid:\t1\n", 20);
	_cleanup_free_ char *p6 = xasprintf("%s/proc/6", root);
	_cleanup_free_ char *d6 = xasprintf("%s/proc/6/cmdline", root);
	mkdir(p6, 0755);
	mkdir(d6, 0755);
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	char envv[] = "DOCKER_HOST=unix:///run/x.sock";
	char *env[] = {envv, NULL};
	struct ctx_config cfg = {.hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED, .env = env};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct dockerd_scan *scan = NULL;
	assert_int_equal(ctx_dockerd(ctx, &scan), 0);
	assert_null(scan->serving);
	assert_non_null(scan->error);
	assert_non_null(strstr(scan->error, "1 of 2 /proc entries could not be read (PID 6"));
	assert_non_null(strstr(scan->error, "no listening socket serves it"));
	long pid;
	assert_int_equal(dockerd_pid(ctx, &pid), -ENOENT);
	ctx_free(ctx);
	hostfs_free(h);
	close(sfd);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- the serving dockerd's tree, proved by socket peers (issue 11) ---- */

/* One AF_UNIX message of a sock_diag dump at buf + off (UNIX_DIAG_PEER when peer != 0); the
 * offset after it. */
static size_t nl_unix(char *buf, size_t off, uint32_t ino, uint32_t peer)
{
	struct unix_diag_msg m = {.udiag_family = AF_UNIX, .udiag_ino = ino};
	size_t len = NLMSG_LENGTH(sizeof(m)) + (peer ? RTA_SPACE(sizeof(peer)) : 0);
	struct nlmsghdr h = {.nlmsg_len = (uint32_t)len, .nlmsg_type = SOCK_DIAG_BY_FAMILY};
	memcpy(buf + off, &h, sizeof(h));
	memcpy(buf + off + NLMSG_HDRLEN, &m, sizeof(m));
	if (peer) {
		struct rtattr a = {.rta_len = RTA_LENGTH(sizeof(peer)), .rta_type = UNIX_DIAG_PEER};
		char *at = buf + off + NLMSG_LENGTH(sizeof(m));
		memcpy(at, &a, sizeof(a));
		memcpy(at + RTA_LENGTH(0), &peer, sizeof(peer));
	}
	return off + NLMSG_ALIGN(len);
}

static size_t nl_done(char *buf, size_t off)
{
	struct nlmsghdr h = {.nlmsg_len = NLMSG_LENGTH(sizeof(int)), .nlmsg_type = NLMSG_DONE};
	memcpy(buf + off, &h, sizeof(h));
	memset(buf + off + NLMSG_HDRLEN, 0, sizeof(int));
	return off + NLMSG_ALIGN(h.nlmsg_len);
}

/* The parser alone: peers both ways, unconnected sockets known, errors and cut messages. */
static void test_unix_peers_parse(void **state)
{
	(void)state;
	_Alignas(struct nlmsghdr) char buf[1024] = {0};
	size_t off = nl_unix(buf, 0, 801, 802);
	off = nl_unix(buf, off, 600, 0);
	off = nl_unix(buf, off, 802, 801);
	size_t first = off;
	off = nl_done(buf, off);
	struct unix_peers m = {0};
	bool done = false;
	/* in two reads, as recv() may hand them over */
	assert_int_equal(unix_peers_parse(&m, buf, first, &done), 0);
	assert_false(done);
	assert_int_equal(unix_peers_parse(&m, buf + first, off - first, &done), 0);
	assert_true(done);
	unix_peers_finish(&m);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.connected, 2);
	assert_int_equal(unix_peers_find(&m, 801)->peer, 802);
	assert_int_equal(unix_peers_find(&m, 802)->peer, 801);
	assert_non_null(unix_peers_find(&m, 600)); /* in this namespace, not connected */
	assert_int_equal(unix_peers_find(&m, 600)->peer, 0);
	assert_null(unix_peers_find(&m, 9999));
	/* a message longer than what was read, an attribute longer than its message */
	assert_int_equal(unix_peers_parse(&m, buf, NLMSG_HDRLEN + 4, &done), -EBADMSG);
	_Alignas(struct nlmsghdr) char bad[256] = {0};
	size_t bl = nl_unix(bad, 0, 5, 6);
	struct rtattr a;
	memcpy(&a, bad + NLMSG_LENGTH(sizeof(struct unix_diag_msg)), sizeof(a));
	a.rta_len = 200;
	memcpy(bad + NLMSG_LENGTH(sizeof(struct unix_diag_msg)), &a, sizeof(a));
	assert_int_equal(unix_peers_parse(&m, bad, bl, &done), -EBADMSG);
	/* the kernel's refusal is the answer */
	struct nlmsghdr eh = {.nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr)),
			      .nlmsg_type = NLMSG_ERROR};
	struct nlmsgerr e = {.error = -EPERM};
	memset(bad, 0, sizeof(bad));
	memcpy(bad, &eh, sizeof(eh));
	memcpy(bad + NLMSG_HDRLEN, &e, sizeof(e));
	assert_int_equal(unix_peers_parse(&m, bad, eh.nlmsg_len, &done), -EPERM);
	assert_true(done);
	free(m.v);
}

static void exe_at(const char *root, const char *rel, const char *bin)
{
	_cleanup_free_ char *f = xasprintf("%s", bin + 1);
	put(root, f, "\177ELF", 4);
	link_at(root, rel, bin);
}

/*
 * A fake host: dockerd (PID 50) set to use /run/c1.sock; two containerds, ours (60, holding
 * /run/c1.sock) and another (61, /run/c2.sock); two shims whose -address lies: PID 70 names the
 * other containerd's socket but is connected to ours, PID 71 names ours but is connected to the
 * other. The dump (peers): 801 (dockerd) <-> 802 (60), 901 (60) <-> 902 (70), 911 (61) <-> 912
 * (71).
 */
static void peer_host(const char *root, int fds[3])
{
	fds[0] = sock_at(root, "run/d.sock");
	fds[1] = sock_at(root, "run/c1.sock");
	fds[2] = sock_at(root, "run/c2.sock");
	const char net[] =
	    "Num       RefCount Protocol Flags    Type St Inode Path\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 777 /run/d.sock\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 600 /run/c1.sock\n"
	    "0000000000000000: 00000002 00000000 00010000 0001 01 650 /run/c2.sock\n";
	put(root, "proc/net/unix", net, sizeof(net) - 1);
	const char d[] = "/usr/bin/dockerd\0-H\0unix:///run/d.sock\0--containerd\0/run/c1.sock\0";
	const char k[] = "containerd\0";
	const char sa[] = "containerd-shim-runc-v2\0-namespace\0moby\0-address\0/run/c2.sock\0";
	const char sb[] = "containerd-shim-runc-v2\0-namespace\0moby\0-address\0/run/c1.sock\0";
	const struct {
		long pid;
		const char *exe, *argv;
		size_t argv_len;
		unsigned long socks[3];
	} ps[] = {
	    {50, "/usr/bin/dockerd", d, sizeof(d) - 1, {777, 801}},
	    {60, "/usr/bin/containerd", k, sizeof(k) - 1, {600, 802, 901}},
	    {61, "/opt/other/containerd", k, sizeof(k) - 1, {650, 911}},
	    {71, "/opt/other/containerd-shim-runc-v2", sb, sizeof(sb) - 1, {912}},
	    {70, "/usr/bin/containerd-shim-runc-v2", sa, sizeof(sa) - 1, {902, 903}},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ps); i++) {
		_cleanup_free_ char *cmd = xasprintf("proc/%ld/cmdline", ps[i].pid);
		_cleanup_free_ char *st = xasprintf("proc/%ld/status", ps[i].pid);
		_cleanup_free_ char *exe = xasprintf("proc/%ld/exe", ps[i].pid);
		_cleanup_free_ char *rt = xasprintf("proc/%ld/root", ps[i].pid);
		put(root, cmd, ps[i].argv, ps[i].argv_len);
		put(root, st, "Name:\tx\nPPid:\t1\nUid:\t0\t0\t0\t0\n", 30);
		exe_at(root, exe, ps[i].exe);
		link_at(root, rt, "/");
		for (size_t j = 0; j < 3 && ps[i].socks[j]; j++) {
			_cleanup_free_ char *fd = xasprintf("proc/%ld/fd/%zu", ps[i].pid, j + 3);
			_cleanup_free_ char *s = xasprintf("socket:[%lu]", ps[i].socks[j]);
			link_at(root, fd, s);
		}
	}
	link_at(root, "proc/50/fd/0", "/dev/null");
	put(root, "proc/70/environ", "HOME=/\0PATH=/usr/local/bin:/usr/sbin\0", 37);
	put(root, "usr/sbin/runc", "\177ELF", 4);
}

static struct audit_ctx *peer_ctx(struct hostfs *h)
{
	static char envv[] = "DOCKER_HOST=unix:///run/d.sock";
	static char *env[] = {envv, NULL};
	struct ctx_config cfg = {.hostfs = h, .kernel_audit = CTX_KERNEL_AUDIT_DENIED, .env = env};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	return ctx;
}

static void test_tree_by_socket_peers(void **state)
{
	(void)state;
	char root[] = "/tmp/da-peers.XXXXXX";
	assert_non_null(mkdtemp(root));
	int fds[3];
	peer_host(root, fds);
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(root, &h), 0);
	_Alignas(struct nlmsghdr) char dump[1024] = {0};
	const uint32_t pairs[][2] = {{777, 0},	 {801, 802}, {802, 801}, {600, 0},   {901, 902},
				     {902, 901}, {903, 0},   {650, 0},	 {911, 912}, {912, 911}};
	size_t off = 0;
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		off = nl_unix(dump, off, pairs[i][0], pairs[i][1]);
	off = nl_done(dump, off);

	/* 1. with the dump: ours, proved by the connections, whatever the -address says */
	struct audit_ctx *ctx = peer_ctx(h);
	assert_int_equal(ctx_unix_peers_from_dump(ctx, dump, off), 0);
	assert_int_equal(ctx_unix_peers_from_dump(ctx, dump, off), -EALREADY);
	long pid = 0;
	assert_int_equal(dockerd_pid(ctx, &pid), 0);
	assert_int_equal(pid, 50);
	const struct located *l = ctx_locate(ctx, CTX_LOC_BINARY, "containerd");
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/usr/bin/containerd");
	assert_non_null(strstr(l->note, "PID 60, connected to the serving dockerd (PID 50): "
					"socket 801 <-> 802, holding the socket the serving "
					"dockerd uses, /run/c1.sock"));
	l = ctx_locate(ctx, CTX_LOC_BINARY, "containerd-shim-runc-v2");
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/usr/bin/containerd-shim-runc-v2");
	assert_string_equal(l->note, "PID 70, a shim connected to the containerd (PID 60) the "
				     "serving dockerd uses: socket 902 <-> 901");
	/* runc runs only while a container starts: the one that shim finds in its PATH */
	l = ctx_locate(ctx, CTX_LOC_BINARY, "runc");
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/usr/sbin/runc");
	assert_non_null(strstr(l->note, "the shim PID 70, a shim connected to the containerd"));
	assert_non_null(strstr(l->note, "the first in its PATH, /usr/sbin"));
	ctx_free(ctx);

	/* 2. without a dump (a fixture's /proc): the -address fallback, said as such */
	ctx = peer_ctx(h);
	l = ctx_locate(ctx, CTX_LOC_BINARY, "containerd");
	assert_string_equal(l->path, "/usr/bin/containerd");
	assert_non_null(strstr(l->note, "holding the socket the serving dockerd uses"));
	assert_non_null(strstr(l->note, "cannot be checked: no socket connections could be read"));
	l = ctx_locate(ctx, CTX_LOC_BINARY, "containerd-shim-runc-v2");
	assert_string_equal(l->path, "/opt/other/containerd-shim-runc-v2");
	assert_non_null(strstr(l->note, "PID 71, a shim of the containerd (PID 60) that the "
					"serving dockerd uses, known only by its argument "
					"-address /run/c1.sock and its root"));
	ctx_free(ctx);

	/* 3. ours has no shim connected; the one naming ours is another containerd's: not taken */
	off = 0;
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		off = nl_unix(dump, off, pairs[i][0],
			      pairs[i][0] == 901 || pairs[i][0] == 902 ? 0 : pairs[i][1]);
	off = nl_done(dump, off);
	ctx = peer_ctx(h);
	assert_int_equal(ctx_unix_peers_from_dump(ctx, dump, off), 0);
	l = ctx_locate(ctx, CTX_LOC_BINARY, "containerd-shim-runc-v2");
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/usr/bin/containerd-shim-runc-v2");
	assert_non_null(strstr(l->note, "not running in the process tree of the serving dockerd"));
	assert_non_null(strstr(l->note, "1 shim connected to another containerd left out"));
	ctx_free(ctx);

	hostfs_free(h);
	for (size_t i = 0; i < 3; i++)
		close(fds[i]);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fact_once_per_key),
	    cmocka_unit_test(test_procs_table),
	    cmocka_unit_test(test_status_uid_parser),
	    cmocka_unit_test(test_security_option),
	    cmocka_unit_test(test_socket_unit_streams),
	    cmocka_unit_test(test_proc_net_parsers),
	    cmocka_unit_test(test_serving_daemon_proved),
	    cmocka_unit_test(test_unproved_daemon_counts_unreadable),
	    cmocka_unit_test(test_unix_peers_parse),
	    cmocka_unit_test(test_tree_by_socket_peers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
