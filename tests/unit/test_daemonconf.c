/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The merged daemon configuration: which dockerd serves the endpoint, how its command line and
 * config file are read, the order of authority, and that an unreadable source is -EIO, never a
 * default. Fixture hosts under fixtures/hostfs/daemon-*, and fake roots built here for the
 * command-line and file forms.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "context.h"
#include "facts/daemonconf.h"
#include "hostfs.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct env {
	struct hostfs *h;
	struct audit_ctx *ctx;
	const struct daemonconf *dc;
	char *envv;
	char *envp[2];
};

static void env_open(struct env *e, const char *root, const char *docker, const char *endpoint)
{
	*e = (struct env){0};
	assert_int_equal(hostfs_new(root, &e->h), 0);
	e->envv = endpoint ? xasprintf("DOCKER_HOST=%s", endpoint) : NULL;
	e->envp[0] = e->envv;
	struct ctx_config cfg = {.fixture_dir = docker,
				 .hostfs = e->h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .env = e->envp};
	assert_int_equal(ctx_new(&cfg, &e->ctx), 0);
	const char *err = NULL;
	assert_int_equal(ctx_daemonconf(e->ctx, &e->dc, &err), 0);
}

static void env_close(struct env *e)
{
	ctx_free(e->ctx);
	hostfs_free(e->h);
	free(e->envv);
}

static const cJSON *get(const struct daemonconf *dc, const char *key,
			enum daemonconf_source want_src, struct daemonconf_value *v)
{
	int r = daemonconf_get(dc, key, v);
	if (r != 0)
		fail_msg("daemonconf_get(%s) = %d (%s)", key, r,
			 daemonconf_why(dc, key) ? daemonconf_why(dc, key) : "");
	if (v->source != want_src)
		fail_msg("%s: source %s, want %s (%s)", key, daemonconf_source_name(v->source),
			 daemonconf_source_name(want_src), v->origin);
	assert_non_null(v->origin);
	return v->value;
}

static void assert_json(const cJSON *v, const char *text)
{
	char *s = cJSON_PrintUnformatted(v);
	assert_non_null(s);
	if (strcmp(s, text) != 0)
		fail_msg("got %s, want %s", s, text);
	free(s);
}

/* ---- fixture hosts ---- */

static void test_systemd_default_socket(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-systemd", DOCKER "daemon-default", NULL);
	struct daemonconf_value v;
	assert_int_equal(daemonconf_pid(e.dc), 812);
	assert_null(daemonconf_file(e.dc)); /* no /etc/docker/daemon.json: none */
	assert_null(daemonconf_source_error(e.dc, DAEMONCONF_CMDLINE));
	assert_null(daemonconf_source_error(e.dc, DAEMONCONF_FILE));
	assert_null(daemonconf_source_error(e.dc, DAEMONCONF_API));
	assert_json(get(e.dc, "icc", DAEMONCONF_API, &v), "true");
	assert_non_null(strstr(v.origin, "com.docker.network.bridge.enable_icc"));
	assert_json(get(e.dc, "hosts", DAEMONCONF_CMDLINE, &v), "[\"fd://\"]");
	assert_string_equal(v.origin, "-H fd://");
	assert_json(get(e.dc, "containerd", DAEMONCONF_CMDLINE, &v),
		    "\"/run/containerd/containerd.sock\"");
	assert_json(get(e.dc, "userland-proxy", DAEMONCONF_DEFAULT, &v), "true");
	assert_string_equal(v.origin, "Docker default");
	assert_json(get(e.dc, "storage-driver", DAEMONCONF_API, &v), "\"overlay2\"");
	assert_json(get(e.dc, "seccomp-profile", DAEMONCONF_API, &v), "\"default\"");
	assert_json(get(e.dc, "rootless", DAEMONCONF_API, &v), "false");
	/* fd:// is expanded through the docker.socket unit */
	char *const *l = NULL;
	assert_int_equal(daemonconf_listeners(e.dc, &l, &v), 0);
	assert_string_equal(l[0], "fd://");
	assert_string_equal(l[1], "unix:///run/docker.sock");
	assert_null(l[2]);
	/* no such setting, and no default */
	assert_int_equal(daemonconf_get(e.dc, "no-such-key", &v), -ENOENT);
	/* typed getters */
	bool b;
	const char *s;
	assert_int_equal(daemonconf_get_bool(e.dc, "live-restore", &b, NULL), 0);
	assert_false(b);
	assert_int_equal(daemonconf_get_bool(e.dc, "log-driver", &b, NULL), -EINVAL);
	assert_int_equal(daemonconf_get_string(e.dc, "log-driver", &s, &v), 0);
	assert_string_equal(s, "json-file");
	assert_int_equal(daemonconf_get_string(e.dc, "icc", &s, NULL), -EINVAL);
	/* cached in the context */
	const struct daemonconf *again;
	assert_int_equal(ctx_daemonconf(e.ctx, &again, NULL), 0);
	assert_ptr_equal(again, e.dc);
	env_close(&e);
}

/* Another dockerd on the same host, found by its own socket; the daemon is down, so nothing
 * the API alone reports can be decided. */
static void test_other_daemon_flags(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-systemd", DOCKER "unreachable", "unix:///tmp/other/docker.sock");
	struct daemonconf_value v;
	assert_int_equal(daemonconf_pid(e.dc), 4242);
	assert_string_equal(daemonconf_file(e.dc), "/tmp/other/daemon.json");
	assert_non_null(daemonconf_source_error(e.dc, DAEMONCONF_API));
	assert_json(get(e.dc, "log-level", DAEMONCONF_CMDLINE, &v), "\"debug\"");
	assert_string_equal(v.origin, "--log-level debug");
	assert_json(get(e.dc, "debug", DAEMONCONF_CMDLINE, &v), "true");
	assert_string_equal(v.origin, "-D");
	assert_json(get(e.dc, "iptables", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "no-new-privileges", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "insecure-registries", DAEMONCONF_CMDLINE, &v),
		    "[\"myreg.example.com:5000\",\"10.20.0.0/16\"]");
	assert_string_equal(v.origin, "--insecure-registry=myreg.example.com:5000 "
				      "--insecure-registry 10.20.0.0/16");
	assert_json(get(e.dc, "default-ulimits", DAEMONCONF_CMDLINE, &v),
		    "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024},"
		    "\"nproc\":{\"Name\":\"nproc\",\"Hard\":512,\"Soft\":512}}");
	assert_json(get(e.dc, "storage-driver", DAEMONCONF_CMDLINE, &v), "\"devicemapper\"");
	assert_string_equal(v.origin, "-s devicemapper");
	assert_json(get(e.dc, "bridge", DAEMONCONF_CMDLINE, &v), "\"none\"");
	assert_json(get(e.dc, "live-restore", DAEMONCONF_FILE, &v), "true");
	assert_string_equal(v.origin, "/tmp/other/daemon.json");
	/* any key of the file is there, known or not */
	assert_json(get(e.dc, "deprecated-key-path", DAEMONCONF_FILE, &v),
		    "\"/tmp/other/key.json\"");
	/* the API is down: what only it reports is -EIO, with the reason */
	assert_int_equal(daemonconf_get(e.dc, "log-driver", &v), -EIO);
	assert_non_null(strstr(daemonconf_why(e.dc, "log-driver"), "GET /info"));
	assert_int_equal(daemonconf_get(e.dc, "ip-masq", &v), -EIO);
	assert_non_null(strstr(daemonconf_why(e.dc, "ip-masq"), "GET /networks/bridge"));
	/* but settings the API does not report are fully known: the default applies */
	assert_json(get(e.dc, "ip-forward", DAEMONCONF_DEFAULT, &v), "true");
	assert_null(daemonconf_why(e.dc, "ip-forward"));
	env_close(&e);
}

/* The API's value beats the command line and the file. */
static void test_authority_order(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-systemd", DOCKER "daemon-loose",
		 "unix:///tmp/other/docker.sock");
	struct daemonconf_value v;
	assert_json(get(e.dc, "live-restore", DAEMONCONF_API, &v), "false"); /* file: true */
	assert_json(get(e.dc, "seccomp-profile", DAEMONCONF_API, &v), "\"default\"");
	assert_json(get(e.dc, "experimental", DAEMONCONF_API, &v), "true");
	/* no name=no-new-privileges on this engine: its absence tells nothing */
	assert_json(get(e.dc, "no-new-privileges", DAEMONCONF_CMDLINE, &v), "false");
	env_close(&e);
}

static void test_tcp_endpoint(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-systemd", DOCKER "unreachable", "tcp://127.0.0.1:2375");
	assert_int_equal(daemonconf_pid(e.dc), 5000);
	env_close(&e);
	/* this host's own name counts as local */
	env_open(&e, HOSTS "daemon-systemd", DOCKER "unreachable", "tcp://docker-host:2375");
	assert_int_equal(daemonconf_pid(e.dc), 5000);
	env_close(&e);
	/* a remote host is not one of ours */
	env_open(&e, HOSTS "daemon-systemd", DOCKER "unreachable", "tcp://192.0.2.7:2375");
	assert_int_equal(daemonconf_pid(e.dc), 0);
	const char *err = daemonconf_source_error(e.dc, DAEMONCONF_CMDLINE);
	assert_non_null(err);
	assert_non_null(strstr(err, "no dockerd process in /proc serves 'tcp://192.0.2.7:2375'"));
	assert_non_null(daemonconf_source_error(e.dc, DAEMONCONF_FILE));
	struct daemonconf_value v;
	assert_int_equal(daemonconf_get(e.dc, "iptables", &v), -EIO);
	char *const *l;
	assert_int_equal(daemonconf_listeners(e.dc, &l, NULL), -EIO);
	env_close(&e);
	/* ssh:// cannot be matched to a process */
	env_open(&e, HOSTS "daemon-systemd", DOCKER "unreachable", "ssh://me@host");
	assert_int_equal(daemonconf_pid(e.dc), 0);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_CMDLINE), "ssh://"));
	env_close(&e);
}

static void test_single_line_file(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-file", DOCKER "unreachable", NULL);
	struct daemonconf_value v;
	assert_int_equal(daemonconf_pid(e.dc), 700);
	assert_string_equal(daemonconf_file(e.dc), "/etc/docker/daemon.json");
	assert_json(get(e.dc, "hosts", DAEMONCONF_FILE, &v), "[\"unix:///var/run/docker.sock\"]");
	assert_json(get(e.dc, "log-opts", DAEMONCONF_FILE, &v),
		    "{\"syslog-address\":\"tcp://192.0.2.10:514\",\"tag\":\"{{.Name}}\"}");
	char *const *l;
	assert_int_equal(daemonconf_listeners(e.dc, &l, NULL), 0);
	assert_string_equal(l[0], "unix:///var/run/docker.sock");
	assert_null(l[1]); /* the tcp:// in log-opts is no listener */
	env_close(&e);
}

/* User info in a daemon.json host is not part of the address (Go's url.Parse), never printed. */
static void test_hosts_userinfo(void **state)
{
	struct env e;
	env_open(&e, HOSTS "daemon-userinfo", DOCKER "unreachable", NULL);
	char *const *l;
	assert_int_equal(daemonconf_listeners(e.dc, &l, NULL), 0);
	assert_string_equal(l[0], "unix:///var/run/docker.sock");
	assert_string_equal(l[1], "tcp://0.0.0.0:2375");
	assert_null(l[2]);
	env_close(&e);
}

static void test_rootless_and_snap(void **state)
{
	struct env e;
	struct daemonconf_value v;
	env_open(&e, HOSTS "daemon-rootless", DOCKER "unreachable",
		 "unix:///run/user/1000/docker.sock");
	assert_int_equal(daemonconf_pid(e.dc), 2000);
	assert_string_equal(daemonconf_file(e.dc), "/home/alice/.config/docker/daemon.json");
	assert_json(get(e.dc, "hosts", DAEMONCONF_DEFAULT, &v),
		    "[\"unix:///run/user/1000/docker.sock\"]");
	assert_json(get(e.dc, "data-root", DAEMONCONF_DEFAULT, &v),
		    "\"/home/alice/.local/share/docker\"");
	env_close(&e);

	env_open(&e, HOSTS "daemon-rootless", DOCKER "unreachable", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 812);
	assert_string_equal(daemonconf_file(e.dc), "/etc/docker/daemon.json");
	env_close(&e);

	env_open(&e, HOSTS "daemon-rootless-noenv", DOCKER "unreachable",
		 "unix:///run/user/1000/docker.sock");
	assert_int_equal(daemonconf_pid(e.dc), 2000);
	assert_string_equal(daemonconf_file(e.dc), "/home/alice/.config/docker/daemon.json");
	env_close(&e);

	env_open(&e, HOSTS "daemon-snap", DOCKER "unreachable", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 1500);
	assert_string_equal(daemonconf_file(e.dc), "/var/snap/docker/current/config/daemon.json");
	assert_json(get(e.dc, "log-level", DAEMONCONF_FILE, &v), "\"error\"");
	assert_json(get(e.dc, "group", DAEMONCONF_CMDLINE, &v), "\"docker\"");
	env_close(&e);
}

static void test_unreadable_sources(void **state)
{
	struct env e;
	struct daemonconf_value v;
	env_open(&e, HOSTS "daemon-badjson", DOCKER "daemon-default", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 812);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_FILE), "cannot parse"));
	assert_int_equal(daemonconf_get(e.dc, "iptables", &v), -EIO);
	assert_json(get(e.dc, "userland-proxy", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "live-restore", DAEMONCONF_API, &v), "false");
	env_close(&e);

	env_open(&e, HOSTS "daemon-noproc", DOCKER "daemon-default", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 0);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_CMDLINE),
			       "no dockerd process is visible"));
	assert_json(get(e.dc, "userland-proxy", DAEMONCONF_FILE, &v), "false");
	assert_non_null(strstr(v.origin, "assumed"));
	assert_int_equal(daemonconf_get(e.dc, "iptables", &v), -EIO);
	env_close(&e);

	env_open(&e, HOSTS "daemon-systemd", DOCKER "daemon-badbridge", NULL);
	assert_int_equal(daemonconf_get(e.dc, "icc", &v), -EIO);
	assert_json(get(e.dc, "live-restore", DAEMONCONF_API, &v), "false");
	env_close(&e);

	env_open(&e, HOSTS "daemon-systemd", DOCKER "daemon-nobridge", NULL);
	assert_json(get(e.dc, "bridge", DAEMONCONF_API, &v), "\"none\"");
	env_close(&e);
}

/* ---- fake roots built here ---- */

struct root {
	char dir[64];
};

static void root_mkdirs(const char *path)
{
	_cleanup_free_ char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
}

static void root_write(struct root *r, const char *path, const void *data, size_t len)
{
	_cleanup_free_ char *full = xasprintf("%s%s", r->dir, path);
	root_mkdirs(full);
	FILE *f = fopen(full, "we");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void root_link(struct root *r, const char *path, const char *target)
{
	_cleanup_free_ char *full = xasprintf("%s%s", r->dir, path);
	root_mkdirs(full);
	assert_int_equal(symlink(target, full), 0);
}

/* /proc/PID with exe, cmdline (argv NULL-terminated), status and cwd. */
static void root_proc(struct root *r, int pid, const char *exe, long uid, const char *cwd,
		      const char *const *argv)
{
	char path[64];
	char buf[4096];
	size_t n = 0;
	for (size_t i = 0; argv[i]; i++) {
		size_t l = strlen(argv[i]) + 1;
		assert_true(n + l < sizeof(buf));
		memcpy(buf + n, argv[i], l);
		n += l;
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	root_write(r, path, buf, n);
	if (exe) {
		snprintf(path, sizeof(path), "/proc/%d/exe", pid);
		root_link(r, path, exe);
	}
	int k = snprintf(buf, sizeof(buf), "Name:\tdockerd\nUid:\t%ld\t%ld\t%ld\t%ld\n", uid, uid,
			 uid, uid);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	root_write(r, path, buf, (size_t)k);
	snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
	root_link(r, path, cwd);
}

static void root_new(struct root *r)
{
	snprintf(r->dir, sizeof(r->dir), "/tmp/dc-test.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	root_write(r, "/usr/sbin/dockerd", "", 0);
	root_link(r, "/var/run", "../run");
	root_write(r, "/run/.keep", "", 0);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static void root_free(struct root *r)
{
	nftw(r->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_argv_forms(void **state)
{
	struct root r;
	root_new(&r);
	const char *const argv[] = {"/usr/sbin/dockerd",
				    "--icc=false",
				    "--live-restore",
				    "--iptables=0",
				    "--ip-forward=F",
				    "--userland-proxy=TRUE",
				    "-Dl",
				    "warn",
				    "-G",
				    "dockerusers",
				    "--log-opt",
				    "max-size=10m",
				    "--log-opt=tag={{.Name}}",
				    "--storage-opt=dm.basesize=20G",
				    "--mtu",
				    "1400",
				    "--add-runtime",
				    "crun=/usr/bin/crun",
				    "--unknown-flag",
				    "value",
				    "--http-proxy",
				    "http://bob:hunter2@proxy.example:3128",
				    "--log-level",
				    "info",
				    "--log-level=error",
				    "--config-file",
				    "conf/d.json",
				    "-H",
				    "unix:///run/a.sock",
				    "--",
				    "--ip6tables",
				    NULL};
	root_proc(&r, 77, "/usr/sbin/dockerd (deleted)", 0, "/etc/docker", argv);
	const char *dj = "{\"features\": {\"buildkit\": true}}";
	root_write(&r, "/etc/docker/conf/d.json", dj, strlen(dj));

	struct env e;
	env_open(&e, r.dir, DOCKER "unreachable", "unix:///var/run/a.sock");
	struct daemonconf_value v;
	assert_int_equal(daemonconf_pid(e.dc), 77);
	assert_json(get(e.dc, "icc", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "live-restore", DAEMONCONF_CMDLINE, &v), "true");
	assert_json(get(e.dc, "iptables", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "ip-forward", DAEMONCONF_CMDLINE, &v), "false");
	assert_json(get(e.dc, "userland-proxy", DAEMONCONF_CMDLINE, &v), "true");
	assert_json(get(e.dc, "debug", DAEMONCONF_CMDLINE, &v), "true");
	assert_json(get(e.dc, "group", DAEMONCONF_CMDLINE, &v), "\"dockerusers\"");
	assert_json(get(e.dc, "log-opts", DAEMONCONF_CMDLINE, &v),
		    "{\"max-size\":\"10m\",\"tag\":\"{{.Name}}\"}");
	assert_json(get(e.dc, "storage-opts", DAEMONCONF_CMDLINE, &v), "[\"dm.basesize=20G\"]");
	assert_json(get(e.dc, "mtu", DAEMONCONF_CMDLINE, &v), "1400");
	assert_json(get(e.dc, "runtimes", DAEMONCONF_CMDLINE, &v),
		    "{\"crun\":{\"path\":\"/usr/bin/crun\"}}");
	assert_json(get(e.dc, "unknown-flag", DAEMONCONF_CMDLINE, &v), "\"value\"");
	/* credentials in proxy URLs are masked, as dockerd does in /info */
	assert_json(get(e.dc, "http-proxy", DAEMONCONF_CMDLINE, &v),
		    "\"http://xxxxx:xxxxx@proxy.example:3128\"");
	assert_null(strstr(v.origin, "hunter2"));
	/* the last one wins, and says so */
	assert_json(get(e.dc, "log-level", DAEMONCONF_CMDLINE, &v), "\"error\"");
	assert_string_equal(v.origin, "--log-level=error");
	/* relative to dockerd's working directory */
	assert_non_null(daemonconf_file(e.dc));
	assert_string_equal(daemonconf_file(e.dc), "/etc/docker/conf/d.json");
	assert_json(get(e.dc, "features", DAEMONCONF_FILE, &v), "{\"buildkit\":true}");
	/* after "--" nothing is a flag */
	assert_json(get(e.dc, "ip6tables", DAEMONCONF_DEFAULT, &v), "false");
	env_close(&e);
	root_free(&r);
}

/* Only processes whose executable is dockerd count, not command lines that mention it. */
static void test_decoys(void **state)
{
	struct root r;
	root_new(&r);
	const char *const bash[] = {"bash", "-c", "dockerd --live-restore", NULL};
	const char *const wrapper[] = {"/bin/sh", "/usr/bin/dockerd-rootless.sh", NULL};
	const char *const named[] = {"dockerd", NULL};
	root_proc(&r, 10, "/usr/bin/bash", 0, "/", bash);
	root_proc(&r, 11, "/usr/bin/dash", 0, "/", wrapper);
	/* argv[0] says dockerd, but the executable is something else */
	root_proc(&r, 12, "/usr/bin/python3", 0, "/", named);
	struct env e;
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 0);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_CMDLINE),
			       "no dockerd process is visible"));
	env_close(&e);
	/* with the executable unreadable (no exe link), the command name decides */
	root_proc(&r, 13, NULL, 0, "/", named);
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_int_equal(daemonconf_pid(e.dc), 13);
	env_close(&e);
	root_free(&r);
}

static void test_file_limits(void **state)
{
	struct root r;
	struct env e;
	struct daemonconf_value v;
	root_new(&r);
	const char *const argv[] = {"dockerd", "--config-file", "/etc/docker/missing.json", NULL};
	root_proc(&r, 5, "/usr/sbin/dockerd", 0, "/", argv);
	/* an explicit file that is gone is an error (dockerd would not have started) */
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_FILE),
			       "cannot read '/etc/docker/missing.json'"));
	assert_int_equal(daemonconf_get(e.dc, "userland-proxy", &v), -EIO);
	env_close(&e);
	root_free(&r);

	root_new(&r);
	const char *const plain[] = {"dockerd", NULL};
	root_proc(&r, 5, "/usr/sbin/dockerd", 0, "/", plain);
	/* larger than the cap: an error, not a truncated read */
	size_t big = 2u * 1024 * 1024;
	char *data = malloc(big);
	assert_non_null(data);
	memset(data, ' ', big);
	data[0] = '{';
	data[big - 1] = '}';
	root_write(&r, "/etc/docker/daemon.json", data, big);
	free(data);
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_non_null(strstr(daemonconf_source_error(e.dc, DAEMONCONF_FILE), "larger than"));
	env_close(&e);
	/* JSON, but not an object */
	root_write(&r, "/etc/docker/daemon.json", "[1, 2]", 6);
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_non_null(
	    strstr(daemonconf_source_error(e.dc, DAEMONCONF_FILE), "not a JSON object"));
	env_close(&e);
	/* nested objects and a file without a final newline */
	const char *nested = "{\"log-opts\":{\"labels\":\"a,b\"},\"default-ulimits\":{\"nofile\":"
			     "{\"Name\":\"nofile\",\"Hard\":10,\"Soft\":5}},\"icc\":false,"
			     "\"proxies\":{\"https-proxy\":\"https://u:s3cret@p.example\"}}";
	root_write(&r, "/etc/docker/daemon.json", nested, strlen(nested));
	env_open(&e, r.dir, DOCKER "unreachable", NULL);
	assert_json(get(e.dc, "default-ulimits", DAEMONCONF_FILE, &v),
		    "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":10,\"Soft\":5}}");
	assert_json(get(e.dc, "icc", DAEMONCONF_FILE, &v), "false");
	assert_json(get(e.dc, "proxies", DAEMONCONF_FILE, &v),
		    "{\"https-proxy\":\"https://xxxxx:xxxxx@p.example\"}");
	env_close(&e);
	root_free(&r);
}

static void test_source_names(void **state)
{
	assert_string_equal(daemonconf_source_name(DAEMONCONF_DEFAULT), "default");
	assert_string_equal(daemonconf_source_name(DAEMONCONF_FILE), "daemon.json");
	assert_string_equal(daemonconf_source_name(DAEMONCONF_CMDLINE), "cmdline");
	assert_string_equal(daemonconf_source_name(DAEMONCONF_API), "api");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_systemd_default_socket),
	    cmocka_unit_test(test_other_daemon_flags),
	    cmocka_unit_test(test_authority_order),
	    cmocka_unit_test(test_tcp_endpoint),
	    cmocka_unit_test(test_single_line_file),
	    cmocka_unit_test(test_hosts_userinfo),
	    cmocka_unit_test(test_rootless_and_snap),
	    cmocka_unit_test(test_unreadable_sources),
	    cmocka_unit_test(test_argv_forms),
	    cmocka_unit_test(test_decoys),
	    cmocka_unit_test(test_file_limits),
	    cmocka_unit_test(test_source_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
