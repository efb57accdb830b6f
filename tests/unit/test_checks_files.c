/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 3 (daemon configuration files), table-driven: fake host roots are built at test time
 * in a temp dir (git keeps neither modes nor owners), with exact modes and owners, real unix
 * sockets and a fake /proc/PID/cmdline for the daemon. Each row: scenario x check id -> the
 * verdict and exactly the files the findings name.
 */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdarg.h>
#include <setjmp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/files.h"
#include "facts/units.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define DOCKER_GID 105
#define STAFF_GID 50
#define ALICE 1000

static char *base; /* the temp dir holding one root per scenario */
static bool as_root; /* chown works: owner rows can run */

/* ---- building fake roots ---- */

static char *at(const char *root, const char *path)
{
	char *p = xasprintf("%s%s", root, path);
	assert_non_null(p);
	return p;
}

static void mkdirs(const char *abs)
{
	_cleanup_free_ char *p = xstrdup(abs);
	assert_non_null(p);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
}

static void own(const char *abs, mode_t mode, uid_t uid, gid_t gid)
{
	if (as_root && lchown(abs, uid, gid) < 0)
		fail_msg("chown %s: %s", abs, strerror(errno));
	if (chmod(abs, mode) < 0)
		fail_msg("chmod %s: %s", abs, strerror(errno));
}

static void put_bytes(const char *root, const char *path, const void *data, size_t len, mode_t mode,
		      uid_t uid, gid_t gid)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	own(p, mode, uid, gid);
}

static void put(const char *root, const char *path, const char *text, mode_t mode, uid_t uid,
		gid_t gid)
{
	put_bytes(root, path, text, strlen(text), mode, uid, gid);
}

static void put_dir(const char *root, const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", p, strerror(errno));
	own(p, mode, uid, gid);
}

static void put_link(const char *root, const char *path, const char *target)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	if (symlink(target, p) < 0)
		fail_msg("symlink %s: %s", p, strerror(errno));
}

/* A real unix socket, as a daemon leaves it: bound, then the fd closed. */
static void put_sock(const char *root, const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(p) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, p, strlen(p) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fail_msg("bind %s: %s", p, strerror(errno));
	close(fd);
	own(p, mode, uid, gid);
}

static void put_fifo(const char *root, const char *path)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	assert_int_equal(mkfifo(p, 0644), 0);
}

/* What every scenario has: accounts, /var/run -> /run, and a dockerd in /proc with argv. */
static void base_host(const char *root, const char *group, ...)
{
	put(root, "/etc/passwd",
	    "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n", 0644, 0,
	    0);
	put(root, "/etc/group", group ? group : "root:x:0:\nstaff:x:50:\ndocker:x:105:alice\n",
	    0644, 0, 0);
	put_dir(root, "/run", 0755, 0, 0);
	put_link(root, "/var/run", "../run");
	va_list ap;
	va_start(ap, group);
	char argv[1024];
	size_t len = 0;
	for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *)) {
		size_t n = strlen(a) + 1;
		assert_true(len + n <= sizeof(argv));
		memcpy(argv + len, a, n);
		len += n;
	}
	va_end(ap);
	if (len) {
		put_bytes(root, "/proc/4242/cmdline", argv, len, 0444, 0, 0);
		put(root, "/proc/4242/status", "Name:\tdockerd\nUid:\t0\t0\t0\t0\n", 0444, 0, 0);
	}
}

#define UNIT_SERVICE "[Service]\nExecStart=/usr/sbin/dockerd -H fd://\n"
#define UNIT_SOCKET                                                                                \
	"[Unit]\nDescription=Docker Socket for the "                                               \
	"API\n\n[Socket]\nListenStream=/run/docker.sock\n"                                         \
	"SocketMode=0660\nSocketUser=root\nSocketGroup=docker\n"
#define TLS_JSON                                                                                   \
	"\"tlscacert\": \"/etc/docker/tls/ca.pem\", \"tlscert\": \"/etc/docker/tls/cert.pem\", "   \
	"\"tlskey\": \"/etc/docker/tls/key.pem\""

/* Debian's layout, socket-activated, everything as the benchmark wants it (0640 and 0400
 * are stricter than the limits, and pass). */
static void build_good(const char *r)
{
	base_host(r, NULL, "/usr/sbin/dockerd", "-H", "fd://",
		  "--containerd=/run/containerd/containerd.sock", NULL);
	put(r, "/lib/systemd/system/docker.service", UNIT_SERVICE, 0644, 0, 0);
	put(r, "/lib/systemd/system/docker.socket", UNIT_SOCKET, 0644, 0, 0);
	put(r, "/etc/systemd/system/docker.service.d/override.conf", "[Service]\n", 0644, 0, 0);
	put_dir(r, "/etc/docker", 0750, 0, 0); /* dev-sec's "exactly 755" would fail it */
	put(r, "/etc/docker/daemon.json", "{\"tlsverify\": true, " TLS_JSON "}\n", 0644, 0, 0);
	put(r, "/etc/docker/tls/ca.pem", "ca\n", 0444, 0, 0);
	put(r, "/etc/docker/tls/cert.pem", "cert\n", 0444, 0, 0);
	put(r, "/etc/docker/tls/key.pem", "key\n", 0400, 0, 0);
	put_dir(r, "/etc/docker/certs.d", 0755, 0, 0);
	put_dir(r, "/etc/docker/certs.d/registry.example.com:5000", 0755, 0, 0);
	put(r, "/etc/docker/certs.d/registry.example.com:5000/ca.crt", "c\n", 0444, 0, 0);
	put(r, "/etc/docker/certs.d/registry.example.com:5000/client.cert", "c\n", 0444, 0, 0);
	put(r, "/etc/docker/certs.d/registry.example.com:5000/client.key", "k\n", 0400, 0, 0);
	/* Docker reads none of these: they are not judged */
	put(r, "/etc/docker/certs.d/registry.example.com:5000/README", "x\n", 0666, ALICE, 0);
	put(r, "/etc/docker/certs.d/stray.crt", "x\n", 0666, ALICE, 0);
	put_dir(r, "/etc/docker/certs.d/mirror.internal", 0700, 0, 0);
	put(r, "/etc/docker/certs.d/mirror.internal/ca.crt", "c\n", 0400, 0, 0);
	put(r, "/etc/default/docker", "#DOCKER_OPTS=\n", 0644, 0, 0);
	put(r, "/etc/sysconfig/docker", "OPTIONS=\n", 0640, 0, 0);
	put_sock(r, "/run/docker.sock", 0660, 0, DOCKER_GID);
	put_dir(r, "/run/containerd", 0711, 0, 0);
	put_sock(r, "/run/containerd/containerd.sock", 0660, 0, 0);
	put(r, "/etc/containerd/config.toml",
	    "version = 2\n[plugins]\n  [plugins.\"io.containerd.grpc.v1.cri\"]\n", 0644, 0, 0);
}

/* The same layout with everything wrong in the ways the reference tools miss or get wrong. */
static void build_bad(const char *r)
{
	base_host(r, NULL, "/usr/bin/dockerd", "-H", "fd://", NULL);
	put(r, "/lib/systemd/system/docker.service", UNIT_SERVICE, 0606, ALICE, 0);
	put(r, "/lib/systemd/system/docker.socket", UNIT_SOCKET, 0664, 0, ALICE);
	put(r, "/etc/systemd/system/docker.service.d/override.conf", "[Service]\n", 0666, ALICE,
	    ALICE);
	put(r, "/usr/lib/systemd/system/docker.service.d/10-ok.conf", "[Service]\n", 0644, 0, 0);
	put_dir(r, "/etc/docker", 0717, 0, ALICE);
	put(r, "/etc/docker/daemon.json", "{\"tls\": true, " TLS_JSON "}\n", 0606, 0, ALICE);
	put(r, "/etc/docker/tls/ca.pem", "ca\n", 0644, ALICE, ALICE);
	put(r, "/etc/docker/tls/cert.pem", "cert\n", 0464, 0, 0);
	put(r, "/etc/docker/tls/key.pem", "key\n", 0600, 0, 0);
	put_dir(r, "/etc/docker/certs.d", 0755, 0, 0);
	put_dir(r, "/etc/docker/certs.d/reg1", 0775, 0, 0);
	put(r, "/etc/docker/certs.d/reg1/ca.crt", "c\n", 0644, ALICE, 0);
	put(r, "/etc/docker/certs.d/reg1/client.key", "k\n", 0400, 0, 0);
	put_dir(r, "/etc/docker/certs.d/reg2", 0755, 0, ALICE);
	put(r, "/etc/docker/certs.d/reg2/ca.crt", "c\n", 0366, 0, 0);
	put(r, "/etc/default/docker", "DOCKER_OPTS=\n", 0664, ALICE, 0);
	put(r, "/etc/sysconfig/docker", "OPTIONS=\n", 0644, 0, ALICE);
	put_sock(r, "/run/docker.sock", 0666, 0, ALICE);
	put_sock(r, "/run/containerd/containerd.sock", 0660, 0, 0);
	/* no --containerd: dockerd runs its own under its exec-root */
	put_sock(r, "/run/docker/containerd/containerd.sock", 0666, ALICE, 0);
}

/* A host with a dockerd and nothing the section names. */
static void build_absent(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "fd://", NULL);
}

/* No /proc: the daemon's command line cannot be read. */
static void build_noproc(const char *r)
{
	base_host(r, NULL, NULL);
	put_sock(r, "/run/docker.sock", 0660, 0, DOCKER_GID);
	put_sock(r, "/run/containerd/containerd.sock", 0660, 0, 0);
}

/* Symlinks: the file behind the link is judged, under its own name. */
static void build_symlink(const char *r)
{
	base_host(r, NULL, "/usr/sbin/dockerd", "-H", "unix:///var/run/docker.sock", NULL);
	put(r, "/opt/units/docker.service", UNIT_SERVICE, 0666, 0, 0);
	put_link(r, "/etc/systemd/system/docker.service", "/opt/units/docker.service");
	put(r, "/usr/lib/systemd/system/docker.service", UNIT_SERVICE, 0644, 0, 0);
	put(r, "/etc/default/docker.real", "x\n", 0600, 0, 0);
	put_link(r, "/etc/default/docker", "docker.real");
	put_sock(r, "/run/docker.sock", 0660, 0, DOCKER_GID);
}

/* -G staff: the socket's group is staff, not docker. */
static void build_group(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", "-H",
		  "unix:///run/alt.sock", "-G", "staff", NULL);
	put_sock(r, "/run/docker.sock", 0660, 0, STAFF_GID);
	put_sock(r, "/run/alt.sock", 0660, 0, DOCKER_GID);
}

/* No docker group at all. */
static void build_nogroup(const char *r)
{
	base_host(r, "root:x:0:\nstaff:x:50:\n", "dockerd", "-H", "unix:///var/run/docker.sock",
		  "-H", "unix:///run/root.sock", NULL);
	put_sock(r, "/run/docker.sock", 0660, 0, 999);
	put_sock(r, "/run/root.sock", 0600, 0, 0);
}

/* -G 4242: a gid that no group in /etc/group carries, as dockerd accepts it. */
static void build_numgid(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", "-G", "4242", NULL);
	put_sock(r, "/run/docker.sock", 0660, 0, 4242);
}

/* Files that exist but cannot be stat'ed. */
static void build_broken(const char *r)
{
	base_host(r, NULL, "dockerd", NULL);
	put_link(r, "/etc/default/docker", "docker.loop");
	put_link(r, "/etc/default/docker.loop", "docker");
	put_fifo(r, "/etc/sysconfig");
	/* a configured path that is not a socket is not one the daemon listens on */
	put(r, "/run/docker.sock", "", 0666, 0, 0);
}

/* containerd at the address of its config.toml, and the one dockerd runs itself. */
static void build_containerd(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", NULL);
	put(r, "/etc/containerd/config.toml",
	    "version = 2\nroot = \"/var/lib/containerd\"\n\n[grpc]\n  # address = \"/wrong\"\n"
	    "  address = \"/run/alt/containerd.sock\"\n  uid = 0\n\n[debug]\n"
	    "  address = \"/run/containerd/debug.sock\"\n",
	    0644, 0, 0);
	put_sock(r, "/run/alt/containerd.sock", 0660, 0, 0);
	put_sock(r, "/run/docker/containerd/containerd.sock", 0666, 0, ALICE);
	put_sock(r, "/run/containerd/containerd.sock", 0666, ALICE, ALICE); /* not configured */
	put_sock(r, "/run/containerd/debug.sock", 0666, ALICE, ALICE);
}

/* TLS on without paths: Docker's defaults under root's ~/.docker. */
static void build_tlsdefault(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", NULL);
	put(r, "/etc/docker/daemon.json", "{\"tlsverify\": true}\n", 0644, 0, 0);
	put(r, "/root/.docker/ca.pem", "ca\n", 0644, 0, 0);
	put(r, "/root/.docker/cert.pem", "cert\n", 0444, 0, 0);
}

/* --tlsverify=false on the command line still turns TLS on (dockerd does so); the daemon's
 * config file is elsewhere (--config-file). */
static void build_tlsflag(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", "--tlsverify=false",
		  "--tlscacert", "/srv/tls/ca.pem", "--tlscert=/srv/tls/cert.pem", "--tlskey",
		  "/srv/tls/key.pem", "--config-file", "/opt/docker/conf.json", NULL);
	put(r, "/srv/tls/ca.pem", "ca\n", 0444, 0, 0);
	put(r, "/srv/tls/cert.pem", "cert\n", 0444, 0, 0);
	put(r, "/srv/tls/key.pem", "key\n", 0440, 0, 0);
	put(r, "/opt/docker/conf.json", "{}\n", 0660, 0, 0);
	put(r, "/etc/docker/daemon.json", "{}\n", 0644, 0, 0); /* not the daemon's */
}

/* Socket activation with a drop-in that replaces the socket list, and a TCP-only daemon. */
static void build_dropin(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "fd://", NULL);
	put(r, "/lib/systemd/system/docker.socket", UNIT_SOCKET, 0644, 0, 0);
	put(r, "/etc/systemd/system/docker.socket.d/50-path.conf",
	    "[Socket]\nListenStream=\nListenStream=/run/docker2.sock\nSocketGroup=staff\n", 0600, 0,
	    0);
	put_sock(r, "/run/docker.sock", 0666, 0, 0); /* no longer the daemon's */
	put_sock(r, "/run/docker2.sock", 0660, 0, STAFF_GID);
}

static void build_tcp(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "tcp://0.0.0.0:2376", NULL);
	put_sock(r, "/run/docker.sock", 0666, 0, 0);
}

/* /etc/docker readable by root only: what an unprivileged audit meets. */
static void build_private(const char *r)
{
	base_host(r, NULL, "dockerd", "-H", "unix:///var/run/docker.sock", NULL);
	put_dir(r, "/etc/docker", 0700, 0, 0);
	put(r, "/etc/docker/daemon.json", "{}\n", 0644, 0, 0);
	put_dir(r, "/etc/docker/certs.d/reg", 0755, 0, 0);
}

struct scenario {
	const char *name;
	void (*build)(const char *root);
	const char *env; /* the audit's DOCKER_HOST=..., when not the default socket */
};

static const struct scenario scenarios[] = {
    {"good", build_good, NULL},
    {"bad", build_bad, NULL},
    {"absent", build_absent, NULL},
    {"noproc", build_noproc, NULL},
    {"symlink", build_symlink, NULL},
    {"group", build_group, NULL},
    {"nogroup", build_nogroup, NULL},
    {"numgid", build_numgid, NULL},
    {"broken", build_broken, NULL},
    {"containerd", build_containerd, NULL},
    {"tlsdefault", build_tlsdefault, NULL},
    {"tlsflag", build_tlsflag, NULL},
    {"dropin", build_dropin, "DOCKER_HOST=unix:///run/docker2.sock"},
    {"tcp", build_tcp, "DOCKER_HOST=tcp://127.0.0.1:2376"},
    {"private", build_private, NULL},
};

static const char *scenario_env(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return scenarios[i].env;
	fail_msg("no scenario %s", name);
	return NULL;
}

/* ---- the rows ---- */

struct row {
	const char *scenario;
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated failing files, "" for none */
	const char *errors; /* comma-separated files that could not be judged */
	const char *detail; /* a substring the verdict's detail must contain, or NULL */
};

#define BADREG "/etc/docker/certs.d/reg"
static const struct row rows[] = {
    /* everything right: 0640 passes a 644 limit, 0400 a 444 one, 0700 a 755 one */
    {"good", "3.1", DA_PASS, "", "", "the unit file and 1 drop-in"},
    {"good", "3.2", DA_PASS, "", "", NULL},
    {"good", "3.3", DA_PASS, "", "", "/lib/systemd/system/docker.socket"},
    {"good", "3.4", DA_PASS, "", "", NULL},
    {"good", "3.5", DA_PASS, "", "", "/etc/docker is owned by root:root"},
    {"good", "3.6", DA_PASS, "", "", NULL},
    {"good", "3.7", DA_PASS, "", "", "2 registries, 4 certificate and key files"},
    {"good", "3.8", DA_PASS, "", "", "all 7 files and directories"},
    {"good", "3.9", DA_PASS, "", "",
     "/etc/docker/tls/ca.pem is owned by root:root (\"tlscacert\" in /etc/docker/daemon.json)"},
    {"good", "3.10", DA_PASS, "", "", NULL},
    {"good", "3.11", DA_PASS, "", "", "/etc/docker/tls/cert.pem"},
    {"good", "3.12", DA_PASS, "", "", NULL},
    {"good", "3.13", DA_PASS, "", "", "/etc/docker/tls/key.pem"},
    {"good", "3.14", DA_PASS, "", "", NULL},
    {"good", "3.15", DA_PASS, "", "",
     "/run/docker.sock is owned by root:docker (ListenStream= in "
     "/lib/systemd/system/docker.socket)"},
    {"good", "3.16", DA_PASS, "", "", NULL},
    {"good", "3.17", DA_PASS, "", "", "/etc/docker/daemon.json"},
    {"good", "3.18", DA_PASS, "", "", NULL},
    {"good", "3.19", DA_PASS, "", "", NULL},
    {"good", "3.20", DA_PASS, "", "", NULL},
    {"good", "3.21", DA_PASS, "", "", "/etc/sysconfig/docker"},
    {"good", "3.22", DA_PASS, "", "", NULL},
    {"good", "3.23", DA_PASS, "", "", "/run/containerd/containerd.sock"},
    {"good", "3.24", DA_PASS, "", "", NULL},
    /* everything wrong: each offender named, and only those */
    {"bad", "3.1", DA_FAIL,
     "/lib/systemd/system/docker.service,/etc/systemd/system/docker.service.d/override.conf", "",
     "2 of 3 files"},
    {"bad", "3.2", DA_FAIL,
     "/lib/systemd/system/docker.service,/etc/systemd/system/docker.service.d/override.conf", "",
     NULL},
    {"bad", "3.3", DA_FAIL, "/lib/systemd/system/docker.socket", "", NULL},
    {"bad", "3.4", DA_FAIL, "/lib/systemd/system/docker.socket", "", NULL},
    {"bad", "3.5", DA_FAIL, "/etc/docker", "", NULL},
    /* 0717: "717 <= 755" as a decimal number, but others may write */
    {"bad", "3.6", DA_FAIL, "/etc/docker", "", NULL},
    {"bad", "3.7", DA_FAIL, BADREG "1/ca.crt," BADREG "2", "", NULL},
    /* 0366 passes docker-bench-security's decimal test although group/other may write */
    {"bad", "3.8", DA_FAIL, BADREG "1," BADREG "1/ca.crt," BADREG "2/ca.crt", "", NULL},
    {"bad", "3.9", DA_FAIL, "/etc/docker/tls/ca.pem", "", NULL},
    {"bad", "3.10", DA_FAIL, "/etc/docker/tls/ca.pem", "", NULL},
    {"bad", "3.11", DA_PASS, "", "", NULL},
    {"bad", "3.12", DA_FAIL, "/etc/docker/tls/cert.pem", "", NULL},
    {"bad", "3.13", DA_PASS, "", "", NULL},
    {"bad", "3.14", DA_FAIL, "/etc/docker/tls/key.pem", "", NULL},
    {"bad", "3.15", DA_FAIL, "/run/docker.sock", "", NULL},
    {"bad", "3.16", DA_FAIL, "/run/docker.sock", "", NULL},
    {"bad", "3.17", DA_FAIL, "/etc/docker/daemon.json", "", NULL},
    /* 0606: world-writable, "606 <= 644" for docker-bench-security */
    {"bad", "3.18", DA_FAIL, "/etc/docker/daemon.json", "", "is not within mode 0644"},
    {"bad", "3.19", DA_FAIL, "/etc/default/docker", "", NULL},
    {"bad", "3.20", DA_FAIL, "/etc/default/docker", "", NULL},
    {"bad", "3.21", DA_PASS, "", "", NULL},
    {"bad", "3.22", DA_FAIL, "/etc/sysconfig/docker", "", NULL},
    {"bad", "3.23", DA_FAIL, "/run/docker/containerd/containerd.sock", "",
     "1 of 2 containerd sockets is not"},
    {"bad", "3.24", DA_FAIL, "/run/docker/containerd/containerd.sock", "", NULL},
    /* nothing there: SKIP, never PASS */
    {"absent", "3.1", DA_SKIP, "", "", "not present"},
    {"absent", "3.4", DA_SKIP, "", "", "not present"},
    {"absent", "3.5", DA_SKIP, "", "", "/etc/docker is not present"},
    {"absent", "3.8", DA_SKIP, "", "", "certs.d is not present"},
    {"absent", "3.9", DA_SKIP, "", "", "TLS is not configured"},
    {"absent", "3.14", DA_SKIP, "", "", "TLS is not configured"},
    {"absent", "3.15", DA_SKIP, "", "", "docker.socket unit cannot be read"},
    {"absent", "3.17", DA_SKIP, "", "", "not present"},
    {"absent", "3.20", DA_SKIP, "", "", "not present"},
    {"absent", "3.21", DA_SKIP, "", "", "not present"},
    {"absent", "3.23", DA_SKIP, "", "", "no containerd socket"},
    {"absent", "3.24", DA_SKIP, "", "", NULL},
    /* the command line cannot be read: no verdict on TLS or on the socket's group */
    {"noproc", "3.9", DA_ERROR, "", "", "cannot tell whether TLS is configured"},
    {"noproc", "3.15", DA_ERROR, "", "/run/docker.sock", "-H/hosts could not be read"},
    {"noproc", "3.16", DA_PASS, "", "", "judged the default socket"},
    {"noproc", "3.23", DA_PASS, "", "", NULL},
    /* the target of a symlink is judged, under its own name */
    {"symlink", "3.1", DA_PASS, "", "", "/opt/units/docker.service"},
    {"symlink", "3.2", DA_FAIL, "/opt/units/docker.service", "",
     "/opt/units/docker.service is not within mode 0644"},
    {"symlink", "3.20", DA_PASS, "", "", "/etc/default/docker.real"},
    {"symlink", "3.15", DA_PASS, "", "", "/run/docker.sock"},
    /* -G staff: staff is right and docker is not */
    {"group", "3.15", DA_FAIL, "/run/alt.sock", "", NULL},
    {"group", "3.16", DA_PASS, "", "", "all 2 Docker sockets"},
    /* no docker group: said so; root:root is stricter and passes */
    {"nogroup", "3.15", DA_FAIL, "/run/docker.sock", "", NULL},
    {"nogroup", "3.16", DA_PASS, "", "", NULL},
    {"numgid", "3.15", DA_PASS, "", "", "/run/docker.sock is owned by root:4242"},
    /* exists but cannot be stat'ed: ERROR with the reason */
    {"broken", "3.19", DA_ERROR, "", "/etc/default/docker", "Too many levels of symbolic links"},
    {"broken", "3.20", DA_ERROR, "", "/etc/default/docker", NULL},
    {"broken", "3.21", DA_ERROR, "", "/etc/sysconfig/docker", "Not a directory"},
    {"broken", "3.22", DA_ERROR, "", "/etc/sysconfig/docker", NULL},
    {"broken", "3.16", DA_SKIP, "", "", "/var/run/docker.sock is not a socket"},
    /* the configured containerd and Docker's own; not the default address nor debug */
    {"containerd", "3.23", DA_FAIL, "/run/docker/containerd/containerd.sock", "", NULL},
    {"containerd", "3.24", DA_FAIL, "/run/docker/containerd/containerd.sock", "",
     "1 of 2 containerd sockets"},
    /* TLS defaults under root's ~/.docker */
    {"tlsdefault", "3.9", DA_PASS, "", "", "/root/.docker/ca.pem"},
    {"tlsdefault", "3.10", DA_FAIL, "/root/.docker/ca.pem", "", NULL},
    {"tlsdefault", "3.12", DA_PASS, "", "", NULL},
    {"tlsdefault", "3.14", DA_SKIP, "", "", "key.pem"},
    /* --tlsverify=false turns TLS on; paths in both flag forms; --config-file */
    {"tlsflag", "3.10", DA_PASS, "", "", "/srv/tls/ca.pem"},
    {"tlsflag", "3.12", DA_PASS, "", "", "/srv/tls/cert.pem"},
    {"tlsflag", "3.14", DA_FAIL, "/srv/tls/key.pem", "", NULL},
    {"tlsflag", "3.18", DA_FAIL, "/opt/docker/conf.json", "", NULL},
    {"tlsflag", "3.17", DA_PASS, "", "", "/opt/docker/conf.json"},
    /* a drop-in replaced the socket list and its group */
    {"dropin", "3.15", DA_PASS, "", "", "/run/docker2.sock"},
    {"dropin", "3.16", DA_PASS, "", "", "/run/docker2.sock"},
    {"dropin", "3.4", DA_PASS, "", "", "1 drop-in"},
    {"tcp", "3.16", DA_SKIP, "", "", "no unix socket"},
};

/* Rows that need chown to build their scenario's owners. */
static bool row_needs_root(const struct row *row)
{
	static const char *const owner_ids[] = {"3.1",	"3.3",	"3.5",	"3.7",	"3.9",	"3.11",
						"3.13", "3.15", "3.17", "3.19", "3.22", "3.23"};
	for (size_t i = 0; i < ARRAY_SIZE(owner_ids); i++)
		if (strcmp(row->id, owner_ids[i]) == 0)
			return true;
	return false;
}

static struct report run_check(const char *scenario, const char *id)
{
	_cleanup_free_ char *root = xasprintf("%s/%s", base, scenario);
	const struct row_audit a = {
	    .docker = DOCKER "unreachable", .host = root, .env = scenario_env(scenario)};
	return rows_audit(&a, id);
}

/* The remediation every writer shows names each file a finding names (the certificates by their
 * directory, which it fixes as a whole), and no placeholder is left. */
static void files_result(const void *row, const struct result *res)
{
	(void)row;
	const char *rem = res->check->remediation;
	if (strstr(rem, "{{"))
		fail_msg("%s: remediation not rendered: %s", rows_current(), rem);
	for (size_t i = 0; res->status == DA_FAIL && i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		const char *want = str_startswith(f->name, "/etc/docker/certs.d/")
				       ? "/etc/docker/certs.d"
				       : f->name;
		if (!f->error && !strstr(rem, want))
			fail_msg("%s: the finding names %s, the remediation does not: %s",
				 rows_current(), f->name, rem);
	}
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s", row->id, row->scenario);
}

static void row_run(const void *r)
{
	const struct row *row = r;
	if (!as_root && row_needs_root(row))
		skip(); /* owner rows: not root, cannot chown */
	_cleanup_free_ char *root = xasprintf("%s/%s", base, row->scenario);
	const struct row_audit a = {
	    .docker = DOCKER "unreachable", .host = root, .env = scenario_env(row->scenario)};
	const struct row_want w = {
	    .status = row->want,
	    .detail = row->detail,
	    .names = row->names,
	    .errors = row->errors,
	    .kind = "file",
	    .source = "file",
	    .value = true,
	    .result = files_result,
	};
	rows_check(&a, row->id, NULL, &w);
}

/* Details carry the values read, and the limits. */
static void test_finding_details(void **state)
{
	struct report rep = run_check("bad", "3.18");
	const struct finding *f = &rep.results[0].findings[0];
	assert_string_equal(f->value, "0606");
	assert_string_equal(f->detail, "mode 0606 allows other write (limit 0644)");
	report_release(&rep);

	rep = run_check("bad", "3.6");
	assert_string_equal(rep.results[0].findings[0].detail,
			    "mode 0717 allows other write (limit 0755)");
	report_release(&rep);

	rep = run_check("bad", "3.8");
	for (size_t i = 0; i < rep.results[0].n_findings; i++) {
		f = &rep.results[0].findings[i];
		if (strcmp(f->name, BADREG "1") == 0)
			assert_string_equal(f->detail,
					    "mode 0775 allows group write (limit 0755 for "
					    "a directory)");
		if (strcmp(f->name, BADREG "2/ca.crt") == 0)
			assert_string_equal(f->detail,
					    "mode 0366 allows user write+execute, group write, "
					    "other write (limit 0444)");
	}
	report_release(&rep);

	rep = run_check("bad", "3.14");
	assert_string_equal(rep.results[0].findings[0].detail,
			    "mode 0600 allows user write (limit 0400)");
	report_release(&rep);

	rep = run_check("symlink", "3.2");
	assert_non_null(
	    strstr(rep.results[0].findings[0].detail,
		   "judged the target of the symlink /etc/systemd/system/docker.service"));
	report_release(&rep);

	if (!as_root) {
		print_message("skipped owner details: not root\n");
		return;
	}
	rep = run_check("bad", "3.1");
	f = &rep.results[0].findings[0];
	assert_string_equal(f->name, "/lib/systemd/system/docker.service");
	assert_string_equal(f->detail, "owner 1000:0, want root:root (0:0)");
	assert_string_equal(f->value, "1000:0");
	report_release(&rep);

	rep = run_check("bad", "3.15");
	assert_non_null(strstr(rep.results[0].findings[0].detail,
			       "owner 0:1000, want root:docker (0:105, SocketGroup= in "
			       "/lib/systemd/system/docker.socket)"));
	report_release(&rep);

	rep = run_check("group", "3.15");
	assert_non_null(strstr(rep.results[0].findings[0].detail, "want root:staff (0:50, -G"));
	report_release(&rep);

	rep = run_check("nogroup", "3.15");
	assert_non_null(strstr(rep.results[0].findings[0].detail,
			       "group 'docker' does not exist in /etc/group"));
	assert_non_null(strstr(rep.results[0].detail, "/run/root.sock is root:root, stricter"));
	report_release(&rep);
}

/* An audit that may not look into /etc/docker: ERROR with the reason, never PASS or SKIP.
 * Run in a child that drops root (root reads everything). */
static void test_unprivileged(void **state)
{
	if (!as_root) {
		print_message("skipped: needs root to drop privileges to\n");
		return;
	}
	static const struct {
		const char *id;
		enum da_status want;
		const char *errors;
	} cases[] = {
	    {"3.17", DA_ERROR, "/etc/docker/daemon.json"},
	    {"3.18", DA_ERROR, "/etc/docker/daemon.json"},
	    {"3.7", DA_ERROR, "/etc/docker/certs.d"},
	    {"3.8", DA_ERROR, "/etc/docker/certs.d"},
	    {"3.5", DA_PASS, ""},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
				_exit(2);
			struct report rep = run_check("private", cases[i].id);
			const struct result *res = &rep.results[0];
			char line[8192];
			int n =
			    snprintf(line, sizeof(line), "%s|%s|%s", da_status_name(res->status),
				     res->n_findings ? res->findings[0].name : "", res->detail);
			if (n > 0 && write(fds[1], line, (size_t)n) < 0)
				_exit(3);
			report_release(&rep);
			_exit(0);
		}
		close(fds[1]);
		char got[8192] = "";
		ssize_t len = read(fds[0], got, sizeof(got) - 1);
		close(fds[0]);
		int st = 0;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		assert_true(len > 0);
		got[len] = '\0';
		_cleanup_free_ char *want =
		    xasprintf("%s|%s|", da_status_name(cases[i].want), cases[i].errors);
		if (!str_startswith(got, want))
			fail_msg("%s as nobody: want '%s...', got '%s'", cases[i].id, want, got);
	}
}

static void test_socket_unit_parse(void **state)
{
	struct socket_unit u = {0};
	assert_int_equal(socket_unit_parse("[Socket]\nListenStream=/run/docker.sock\n"
					   "ListenStream=2375\nListenStream=@abstract\n"
					   "SocketGroup=docker\n[Install]\nListenStream=/x\n",
					   &u),
			 0);
	assert_int_equal(strv_length(u.listen), 1);
	assert_string_equal(u.listen[0], "/run/docker.sock");
	assert_string_equal(u.group, "docker");
	/* a drop-in: an empty assignment resets, specifiers expand */
	assert_int_equal(socket_unit_parse("[Socket]\n# comment\nListenStream=\n"
					   "ListenStream = %t/a//b.sock\nSocketGroup=\n",
					   &u),
			 0);
	assert_int_equal(strv_length(u.listen), 1);
	assert_string_equal(u.listen[0], "/run/a/b.sock");
	assert_null(u.group);
	socket_unit_release(&u);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	as_root = geteuid() == 0;
	char tmpl[] = "/tmp/da-files-XXXXXX";
	if (!mkdtemp(tmpl))
		return -1;
	base = xstrdup(tmpl);
	/* traversable, so that an unprivileged child can reach the roots */
	if (!base || chmod(base, 0755) < 0)
		return -1;
	if (!as_root)
		print_message("not root: owner rows are skipped (chown needs root)\n");
	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
		_cleanup_free_ char *root = xasprintf("%s/%s", base, scenarios[i].name);
		if (!root || mkdir(root, 0755) < 0)
			return -1;
		scenarios[i].build(root);
	}
	return 0;
}

static int teardown(void **state)
{
	if (base && !getenv("DA_KEEP_ROOTS"))
		nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(base);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finding_details),
	    cmocka_unit_test(test_unprivileged),
	    cmocka_unit_test(test_socket_unit_parse),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed + rows_run("section 3 rows", rows, ARRAY_SIZE(rows), sizeof(rows[0]),
				 row_name, row_run, setup, teardown);
}
