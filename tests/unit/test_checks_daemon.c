/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 2 (daemon configuration), table-driven: a scenario of captured Engine API answers
 * (fixtures/docker/daemon-*), a fake host with dockerd processes in /proc and their config
 * files (fixtures/hostfs/daemon-*), the endpoint audited (DOCKER_HOST stands for -H in
 * fixture mode) x a check id -> the verdict, exactly the findings named, and the source each
 * finding gives.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/daemonconf.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct row {
	const char *docker; /* scenario under fixtures/docker */
	const char *host; /* fake root under fixtures/hostfs */
	const char *endpoint; /* DOCKER_HOST, NULL: the default socket */
	bool all; /* -a */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated finding names (failing objects) */
	const char *detail; /* a substring the detail must contain, or NULL */
	const char *sources; /* "name=source,..." each finding's source, or NULL */
};

#define SYS "daemon-systemd"
#define OTHER "unix:///tmp/other/docker.sock"

static const struct row rows[] = {
    /* a stock daemon (fd:// through docker.socket, no daemon.json) */
    {"daemon-default", SYS, NULL, false, "2.1", DA_MANUAL, "rootless", "PID 812", "rootless=api"},
    {"daemon-default", SYS, NULL, false, "2.2", DA_FAIL, "icc", "enable_icc", "icc=api"},
    {"daemon-default", SYS, NULL, false, "2.3", DA_PASS, "", "level info", NULL},
    {"daemon-default", SYS, NULL, false, "2.4", DA_PASS, "", "Docker default", NULL},
    {"daemon-default", SYS, NULL, false, "2.5", DA_PASS, "", "built-in loopback", NULL},
    {"daemon-default", SYS, NULL, false, "2.6", DA_PASS, "", "overlay2", NULL},
    {"daemon-default", SYS, NULL, false, "2.7", DA_SKIP, "", "no TCP socket", NULL},
    {"daemon-default", SYS, NULL, false, "2.8", DA_MANUAL, "default-ulimits", "no default ulimits",
     "default-ulimits=default"},
    {"daemon-default", SYS, NULL, false, "2.9", DA_FAIL, "userns-remap", NULL, "userns-remap=api"},
    {"daemon-default", SYS, NULL, false, "2.10", DA_PASS, "", "/docker", NULL},
    /* cgroup v2: the real 28.5 capture (cgroupfs) and the systemd driver derived from it */
    {"engine-docker-28.5-cgroupv2", SYS, NULL, false, "2.10", DA_PASS, "", "/docker", NULL},
    {"daemon-cgroupv2-systemd", SYS, NULL, false, "2.10", DA_PASS, "", "system.slice", NULL},
    {"daemon-default", SYS, NULL, false, "2.11", DA_SKIP, "", "only to devicemapper", NULL},
    {"daemon-default", SYS, NULL, false, "2.12", DA_FAIL, "authorization-plugins", NULL,
     "authorization-plugins=api"},
    {"daemon-default", SYS, NULL, false, "2.13", DA_FAIL, "log-driver", "json-file",
     "log-driver=api"},
    {"daemon-default", SYS, NULL, false, "2.14", DA_FAIL, "no-new-privileges", NULL,
     "no-new-privileges=default"},
    {"daemon-default", SYS, NULL, false, "2.15", DA_FAIL, "live-restore", "LiveRestoreEnabled",
     "live-restore=api"},
    /* Podman 5.4's service (captured, tests/e2e/real_engines.sh): it hard-codes
     * LiveRestoreEnabled false and ExperimentalBuild true and runs no dockerd: no daemon
     * configuration of that kind to judge, never an ERROR for a missing dockerd */
    {"engine-podman-5.4", SYS, NULL, false, "2.15", DA_SKIP, "", "not applicable to Podman 5.4.2",
     NULL},
    {"engine-podman-5.4", SYS, NULL, false, "2.18", DA_SKIP, "", "it runs no dockerd", NULL},
    {"engine-podman-5.4", SYS, NULL, false, "2.2", DA_SKIP, "", "Podman", NULL},
    {"engine-podman-5.4", SYS, NULL, false, "2.9", DA_SKIP, "", "Podman", NULL},
    {"engine-podman-5.4", SYS, NULL, false, "2.14", DA_SKIP, "", "Podman", NULL},
    {"engine-podman-5.4", SYS, NULL, false, "2.6", DA_PASS, "", "overlay", NULL},
    {"daemon-default", SYS, NULL, false, "2.16", DA_FAIL, "userland-proxy", NULL,
     "userland-proxy=default"},
    {"daemon-default", SYS, NULL, false, "2.17", DA_PASS, "", "built-in default", NULL},
    {"daemon-default", SYS, NULL, false, "2.18", DA_PASS, "", NULL, NULL},

    /* API views: the effective state decides */
    {"daemon-iccoff", SYS, NULL, false, "2.2", DA_PASS, "", "icc is false", NULL},
    {"daemon-nobridge", SYS, NULL, false, "2.2", DA_SKIP, "", "no default bridge", NULL},
    {"daemon-badbridge", SYS, NULL, false, "2.2", DA_ERROR, "", "GET /networks/bridge", NULL},
    {"daemon-insecure", SYS, NULL, false, "2.5", DA_FAIL, "insecure-registries",
     "myreg.example.com:5000", "insecure-registries=api"},
    {"daemon-aufs", SYS, NULL, false, "2.6", DA_FAIL, "storage-driver", "aufs",
     "storage-driver=api"},
    {"daemon-devmapper", SYS, NULL, false, "2.11", DA_PASS, "", "default base device size", NULL},
    {"daemon-userns", SYS, NULL, false, "2.9", DA_PASS, "", "name=userns", NULL},
    {"daemon-rootless", SYS, NULL, false, "2.1", DA_PASS, "", "name=rootless", NULL},
    {"daemon-rootless", SYS, NULL, false, "2.9", DA_PASS, "", "rootless", NULL},
    {"daemon-authz", SYS, NULL, false, "2.12", DA_PASS, "", "opa-docker-authz", NULL},
    {"daemon-hardened", SYS, NULL, false, "2.15", DA_PASS, "", NULL, NULL},
    {"daemon-hardened", SYS, NULL, false, "2.13", DA_PASS, "", "journald", NULL},
    /* containers that override a remote default with a local driver are named */
    {"daemon-hardened", SYS, NULL, true, "2.13", DA_FAIL, "jsonlog,nolog", "2 of 3",
     "jsonlog=api,nolog=api"},
    {"daemon-unconfined", SYS, NULL, false, "2.17", DA_FAIL, "seccomp-profile", "unconfined",
     "seccomp-profile=api"},
    {"daemon-noseccomp", SYS, NULL, false, "2.17", DA_FAIL, "seccomp-profile", "no seccomp", NULL},
    {"daemon-customseccomp", SYS, NULL, false, "2.17", DA_PASS, "",
     "custom seccomp profile /etc/docker/seccomp/strict.json", NULL},
    {"daemon-nnp", SYS, NULL, false, "2.14", DA_PASS, "", "name=no-new-privileges", NULL},
    {"daemon-loose", SYS, NULL, false, "2.3", DA_FAIL, "debug", "debug logging", "debug=api"},
    {"daemon-loose", SYS, NULL, false, "2.18", DA_FAIL, "experimental", NULL, "experimental=api"},
    /* the daemon's own warning about its TCP socket is a FAIL whatever the files say */
    {"daemon-loose", SYS, NULL, false, "2.7", DA_FAIL, "tlsverify",
     "http://127.0.0.1:2375 without encryption", "tlsverify=api"},
    {"daemon-tlsnoverify", SYS, NULL, false, "2.7", DA_FAIL, "tlsverify",
     "without TLS client verification", "tlsverify=api"},

    /* another dockerd on this host (PID 4242): its command line and its own file decide,
     * where the API does not */
    {"daemon-loose", SYS, OTHER, false, "2.3", DA_FAIL, "debug,log-level", NULL,
     "debug=api,log-level=cmdline"},
    {"daemon-loose", SYS, OTHER, false, "2.4", DA_FAIL, "iptables", "--iptables=false",
     "iptables=cmdline"},
    {"daemon-loose", SYS, OTHER, false, "2.8", DA_INFO, "default-ulimits",
     "nofile=1024:2048, nproc=512:512", "default-ulimits=cmdline"},
    {"daemon-loose", SYS, OTHER, false, "2.10", DA_FAIL, "cgroup-parent", "/custom",
     "cgroup-parent=cmdline"},
    {"daemon-loose", SYS, OTHER, false, "2.14", DA_FAIL, "no-new-privileges",
     "--no-new-privileges=false", "no-new-privileges=cmdline"},
    {"daemon-loose", SYS, OTHER, false, "2.16", DA_PASS, "", "--userland-proxy=false", NULL},
    /* the API's live-restore beats what the file says */
    {"daemon-loose", SYS, OTHER, false, "2.15", DA_FAIL, "live-restore", "GET /info",
     "live-restore=api"},
    {"daemon-devmapper", SYS, OTHER, false, "2.11", DA_FAIL, "storage-opts", "dm.basesize=20G",
     "storage-opts=cmdline"},
    /* the daemon down: only the command line and the file decide; what they do not set is
     * an error for API settings, a default for the others */
    {"unreachable", SYS, OTHER, false, "2.2", DA_SKIP, "", "--bridge none", NULL},
    {"unreachable", SYS, OTHER, false, "2.15", DA_PASS, "", "/tmp/other/daemon.json", NULL},
    {"unreachable", SYS, OTHER, false, "2.18", DA_FAIL, "experimental", NULL,
     "experimental=cmdline"},
    {"unreachable", SYS, OTHER, false, "2.17", DA_FAIL, "seccomp-profile", NULL,
     "seccomp-profile=cmdline"},
    {"unreachable", SYS, OTHER, false, "2.6", DA_PASS, "", "devicemapper", NULL},
    {"unreachable", SYS, OTHER, false, "2.12", DA_PASS, "", "opa-docker-authz", NULL},
    {"unreachable", SYS, OTHER, false, "2.5", DA_FAIL, "insecure-registries", "10.20.0.0/16",
     "insecure-registries=cmdline"},
    {"unreachable", SYS, OTHER, false, "2.7", DA_SKIP, "", "unix:///tmp/other/docker.sock", NULL},
    {"unreachable", SYS, OTHER, false, "2.9", DA_ERROR, "", "GET /info", NULL},
    {"unreachable", SYS, OTHER, false, "2.13", DA_ERROR, "", "cannot tell", NULL},
    {"unreachable", SYS, NULL, false, "2.15", DA_ERROR, "", "GET /info", NULL},
    {"unreachable", SYS, NULL, false, "2.16", DA_FAIL, "userland-proxy", NULL,
     "userland-proxy=default"},
    /* the decoys (a shell mentioning dockerd, the rootless wrapper) are never the daemon */
    {"unreachable", SYS, NULL, false, "2.4", DA_PASS, "", NULL, NULL},

    /* a TCP listener without TLS; tcp:// endpoints are matched by port and address */
    {"unreachable", SYS, "tcp://127.0.0.1:2375", false, "2.7", DA_FAIL, "tlsverify",
     "--tlsverify=false", "tlsverify=cmdline"},
    {"unreachable", SYS, "unix:///run/tcpd.sock", false, "2.7", DA_FAIL, "tlsverify",
     "tcp://0.0.0.0:2375", NULL},
    {"unreachable", SYS, "tcp://127.0.0.1:2376", false, "2.4", DA_ERROR, "",
     "no dockerd process in /proc serves", NULL},
    {"unreachable", SYS, "tcp://192.0.2.99:2375", false, "2.4", DA_ERROR, "", "PID 812", NULL},

    /* everything in one single-line daemon.json; "tcp://" inside log-opts is no listener */
    {"daemon-default", "daemon-file", NULL, false, "2.7", DA_SKIP, "", "no TCP socket", NULL},
    {"daemon-default", "daemon-file", NULL, false, "2.8", DA_INFO, "default-ulimits",
     "nofile=64000:64000, nproc=2048:4096", "default-ulimits=daemon.json"},
    {"daemon-default", "daemon-file", NULL, false, "2.14", DA_PASS, "", "/etc/docker/daemon.json",
     NULL},
    {"daemon-default", "daemon-file", NULL, false, "2.16", DA_PASS, "", NULL, NULL},
    {"daemon-default", "daemon-file", NULL, false, "2.10", DA_PASS, "", NULL, NULL},
    {"daemon-userns", "daemon-file", NULL, false, "2.9", DA_PASS, "", "\"default\"", NULL},
    {"unreachable", "daemon-file", NULL, false, "2.17", DA_PASS, "", "strict.json", NULL},
    /* icc=false settles it even when the bridge cannot be asked; icc=true does not */
    {"unreachable", "daemon-file", NULL, false, "2.2", DA_PASS, "", "/etc/docker/daemon.json",
     NULL},
    {"unreachable", "daemon-rootless", NULL, false, "2.2", DA_ERROR, "", "GET /networks/bridge",
     NULL},
    {"unreachable", SYS, "tcp://127.0.0.1:2375", false, "2.2", DA_ERROR, "",
     "whether the daemon has a default bridge", NULL},
    {"daemon-hardened", "daemon-file", NULL, false, "2.3", DA_PASS, "", NULL, NULL},

    /* rootless: the user's ~/.config/docker/daemon.json, not /etc/docker's */
    {"daemon-rootless", "daemon-rootless", "unix:///run/user/1000/docker.sock", false, "2.3",
     DA_FAIL, "log-level", "/home/alice/.config/docker/daemon.json", "log-level=daemon.json"},
    {"daemon-rootless", "daemon-rootless", "unix:///run/user/1000/docker.sock", false, "2.14",
     DA_PASS, "", "/home/alice/.config", NULL},
    {"daemon-default", "daemon-rootless", NULL, false, "2.14", DA_FAIL, "no-new-privileges",
     "/etc/docker/daemon.json", "no-new-privileges=daemon.json"},
    {"unreachable", "daemon-rootless-noenv", "unix:///run/user/1000/docker.sock", false, "2.15",
     DA_PASS, "", "/home/alice/.config/docker/daemon.json", NULL},
    /* snap: /var/snap/docker/current/config/daemon.json */
    {"daemon-default", "daemon-snap", NULL, false, "2.3", DA_FAIL, "log-level",
     "/var/snap/docker/current/config/daemon.json", "log-level=daemon.json"},
    /* dockerd not visible: the default file is assumed for the default socket, and what it
     * does not set is an error, not a default */
    {"daemon-default", "daemon-noproc", NULL, false, "2.16", DA_PASS, "", "assumed", NULL},
    {"daemon-default", "daemon-noproc", NULL, false, "2.4", DA_ERROR, "",
     "no dockerd process is visible", NULL},
    {"daemon-default", "daemon-noproc", "unix:///run/other.sock", false, "2.16", DA_ERROR, "",
     "no dockerd process is visible", NULL},
    /* a malformed daemon.json: ERROR for what only it could tell, never a default */
    {"daemon-default", "daemon-badjson", NULL, false, "2.4", DA_ERROR, "",
     "cannot parse '/etc/docker/daemon.json'", NULL},
    {"daemon-default", "daemon-badjson", NULL, false, "2.16", DA_PASS, "", "--userland-proxy=false",
     NULL},
    {"daemon-default", "daemon-badjson", NULL, false, "2.15", DA_FAIL, "live-restore", NULL,
     "live-restore=api"},
    /* socket activation: a TCP ListenStream in a drop-in counts */
    {"daemon-default", "daemon-fdtcp", NULL, false, "2.7", DA_FAIL, "tlsverify", "tcp://[::]:2375",
     "tlsverify=default"},
    /* socket activation, but the unit cannot be read: the listeners are unknown */
    {"daemon-default", "daemon-fdnounit", NULL, false, "2.7", DA_ERROR, "",
     "docker.socket unit cannot be read", NULL},
    {"daemon-loose", "daemon-fdnounit", NULL, false, "2.7", DA_FAIL, "tlsverify",
     "without encryption", "tlsverify=api"},
    /* TLS variants */
    {"daemon-default", "daemon-tls", NULL, false, "2.7", DA_PASS, "", "/etc/docker/tls/ca.pem",
     NULL},
    {"daemon-default", "daemon-tls", "unix:///run/tlsonly.sock", false, "2.7", DA_FAIL, "tlsverify",
     "uses TLS without verifying", NULL},
    {"daemon-default", "daemon-tls", "tcp://localhost:2377", false, "2.7", DA_FAIL, "tlsverify",
     "tcp://127.0.0.1:2377", NULL},
    {"daemon-default", "daemon-tls", "unix:///run/envverify.sock", false, "2.7", DA_PASS, "",
     "DOCKER_TLS_VERIFY", NULL},
    {"daemon-default", "daemon-tls", "tcp://[::1]:2378", false, "2.7", DA_PASS, "",
     "/etc/docker/certs/ca.pem", NULL},
    {"daemon-default", "daemon-tls", "unix:///run/filetls.sock", false, "2.7", DA_SKIP, "", NULL,
     NULL},
};

/* The source row->sources gives for finding name, NULL when it names none. */
static char *want_source(const char *sources, const char *name)
{
	_cleanup_strv_free_ char **v = NULL;
	if (!sources || str_split(sources, ',', &v) < 0)
		return NULL;
	size_t n = strlen(name);
	for (char **p = v; *p; p++)
		if (strncmp(*p, name, n) == 0 && (*p)[n] == '=')
			return xstrdup(*p + n + 1);
	return NULL;
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s%s", row->id, row->docker, row->host, row->all ? " -a" : "");
}

/* Every finding says where its value came from (the row's sources, when it names them), and
 * a secret from a process environment never shows. */
static void daemon_finding(const void *r, const struct finding *f)
{
	const struct row *row = r;
	assert_non_null(f->source);
	if (strcmp(f->kind, "daemon") == 0)
		assert_non_null(f->value);
	_cleanup_free_ char *src = want_source(row->sources, f->name);
	if (src && strcmp(src, f->source) != 0)
		fail_msg("%s: finding '%s' has source %s, want %s", rows_current(), f->name,
			 f->source, src);
	assert_null(strstr(f->detail, "do-not-print"));
}

static void daemon_result(const void *r, const struct result *res)
{
	(void)r;
	assert_null(strstr(res->detail, "do-not-print"));
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *root = xasprintf(HOSTS "%s", row->host);
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	_cleanup_free_ char *env =
	    row->endpoint ? xasprintf("DOCKER_HOST=%s", row->endpoint) : NULL;
	const struct row_audit a = {.docker = docker, .host = root, .env = env, .all = row->all};
	const struct row_want w = {
	    .status = row->want,
	    .detail = row->detail,
	    .detail_or_finding = true,
	    .names = row->names,
	    .finding = daemon_finding,
	    .result = daemon_result,
	    .row = row,
	};
	rows_check(&a, row->id, NULL, &w);
}

/* Every section-2 check has a row for each of its statuses that can happen. */
static void test_every_check_covered(void **state)
{
	static const char *const ids[] = {"2.1",  "2.2",  "2.3",  "2.4",  "2.5",  "2.6",
					  "2.7",  "2.8",  "2.9",  "2.10", "2.11", "2.12",
					  "2.13", "2.14", "2.15", "2.16", "2.17", "2.18"};
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct check *c = checks_find(ids[i]);
		assert_non_null(c);
		assert_string_equal(c->section, "2");
		assert_false(c->automated); /* all Manual in v1.6.0 */
		bool l2 = strcmp(ids[i], "2.9") == 0 || strcmp(ids[i], "2.10") == 0 ||
			  strcmp(ids[i], "2.11") == 0 || strcmp(ids[i], "2.12") == 0 ||
			  strcmp(ids[i], "2.13") == 0 || strcmp(ids[i], "2.17") == 0;
		assert_int_equal(c->level, l2 ? 2 : 1);
		bool pass = false, other = false;
		for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
			if (strcmp(rows[r].id, ids[i]) != 0)
				continue;
			if (rows[r].want == DA_PASS)
				pass = true;
			else
				other = true;
		}
		if (!pass && strcmp(ids[i], "2.8") != 0)
			fail_msg("%s has no PASS row", ids[i]);
		if (!other)
			fail_msg("%s has no non-PASS row", ids[i]);
	}
}

/* Findings carry the key, the source name and the JSON value. */
static void test_finding_fields(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS SYS, &h), 0);
	char envv[] = "DOCKER_HOST=" OTHER;
	char *env[] = {envv, NULL};
	struct ctx_config cfg = {.fixture_dir = DOCKER "unreachable",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .env = env};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char id[] = "2.5";
	char *only[] = {id, NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	const struct result *res = &rep.results[0];
	assert_int_equal(res->n_findings, 1);
	const struct finding *f = &res->findings[0];
	assert_string_equal(f->kind, "daemon");
	assert_string_equal(f->name, "insecure-registries");
	assert_string_equal(f->source, "cmdline");
	assert_string_equal(f->value, "[\"myreg.example.com:5000\",\"10.20.0.0/16\"]");
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

/* The remediation as every writer shows it, rendered for the daemon audited: its own
 * --config-file, never /etc/docker/daemon.json when it reads another. */
static const struct remedy_row {
	const char *docker, *host, *endpoint, *id;
	enum da_status want;
	const char *remedy, *not_remedy;
} remedies[] = {
    {"daemon-loose", SYS, OTHER, "2.3", DA_FAIL,
     "set in /tmp/other/daemon.json:", "/etc/docker/daemon.json"},
    {"daemon-loose", SYS, OTHER, "2.14", DA_FAIL, "Set in /tmp/other/daemon.json and restart",
     "/etc/docker/daemon.json"},
    {"daemon-default", "host-sbin", NULL, "2.3", DA_FAIL,
     "set in /etc/docker-custom/daemon.json:", "/etc/docker/daemon.json"},
    {"daemon-default", "host-sbin", NULL, "2.2", DA_FAIL,
     "Set in /etc/docker-custom/daemon.json and restart dockerd", "/etc/docker/daemon.json"},
    /* no dockerd seen, the default socket: the config file every packaged dockerd reads */
    {"daemon-default", "daemon-file", NULL, "2.13", DA_FAIL,
     "remote log driver in /etc/docker/daemon.json", NULL},
};

static void test_remediation_rendered(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(remedies); i++) {
		const struct remedy_row *m = &remedies[i];
		struct hostfs *h = NULL;
		_cleanup_free_ char *root = xasprintf(HOSTS "%s", m->host);
		_cleanup_free_ char *docker = xasprintf(DOCKER "%s", m->docker);
		_cleanup_free_ char *envv =
		    m->endpoint ? xasprintf("DOCKER_HOST=%s", m->endpoint) : NULL;
		assert_int_equal(hostfs_new(root, &h), 0);
		char *env[] = {envv, NULL};
		struct ctx_config cfg = {.fixture_dir = docker,
					 .hostfs = h,
					 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
					 .env = env};
		struct audit_ctx *ctx = NULL;
		assert_int_equal(ctx_new(&cfg, &ctx), 0);
		char *only[] = {(char *)(uintptr_t)m->id, NULL};
		struct selection sel = {.only = only};
		struct report rep = {0};
		assert_int_equal(runner_run(ctx, &sel, &rep), 0);
		const struct result *res = &rep.results[0];
		if (res->status != m->want)
			fail_msg("remedy %zu: %s on %s: want %s, got %s: %s", i, m->id, m->host,
				 da_status_name(m->want), da_status_name(res->status), res->detail);
		const char *rem = res->check->remediation;
		if (!strstr(rem, m->remedy) || strstr(rem, "{{"))
			fail_msg("remedy %zu: %s on %s: remediation lacks '%s': %s", i, m->id,
				 m->host, m->remedy, rem);
		if (m->not_remedy && strstr(rem, m->not_remedy))
			fail_msg("remedy %zu: %s on %s: remediation names '%s': %s", i, m->id,
				 m->host, m->not_remedy, rem);
		report_release(&rep);
		ctx_free(ctx);
		hostfs_free(h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_check_covered),
	    cmocka_unit_test(test_finding_fields),
	    cmocka_unit_test(test_remediation_rendered),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + ROWS_RUN("section 2 rows", rows, row_name, row_run);
}
