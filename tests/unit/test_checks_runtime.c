/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 5 (container runtime), table-driven: a scenario of captured Engine API JSON
 * (tests/fixtures/docker/runtime-*, see their README) and a fake host root x a check id ->
 * the verdict and exactly the containers the findings name.
 *
 * runtime-live was captured from a real dockerd by tests/e2e/real_runtime.sh: one container per
 * violation, each otherwise hardened, so every check names exactly the containers made for it.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/runtime.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct row {
	const char *docker; /* scenario under fixtures/docker */
	const char *host; /* fake root under fixtures/hostfs */
	bool all; /* -a */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated failing finding names, "" for none */
	const char *errors; /* comma-separated finding names that could not be judged */
	const char *detail; /* a substring of the verdict's detail, or NULL */
};

#define LIVE "runtime-live", "runtime-host"
#define BAD "runtime-badtype", "runtime-host"
#define DOWN "runtime-unreachable", "runtime-host"
#define EMPTY "runtime-empty", "runtime-host"
#define BAD_ERR "badhost,vanished"
#define SCOPE "runtime-scope", "runtime-host"
#define BADLIST "runtime-badlist", "runtime-host"
#define OMITTED "runtime-omitted", "runtime-host"
/* the names of unreadable entries say which entry and why */
#define BADLIST_ERR                                                                                \
	"entry 3 of the container list cannot be read: not an object,"                             \
	"entry 4 of the container list cannot be read: its Id is not a string,"                    \
	"entry 5 of the container list cannot be read: its State is not a string,"                 \
	"entry 6 of the container list cannot be read: its Names is not a list"

static const struct row rows[] = {
    /* 5.1 swarm mode */
    {LIVE, false, "5.1", DA_PASS, "", "", "LocalNodeState=inactive"},
    {"runtime-swarm", "runtime-host", false, "5.1", DA_FAIL, "swarm", "", "active"},
    {BAD, false, "5.1", DA_ERROR, "", "", "swarm state"},
    {DOWN, false, "5.1", DA_ERROR, "", "", "could not be reached"},
    /* 5.2 AppArmor: not applicable without it; unconfined and privileged fail */
    {LIVE, false, "5.2", DA_SKIP, "", "", "AppArmor is not enabled"},
    {"runtime-apparmor", "runtime-host", false, "5.2", DA_FAIL, "seccompu,capadd", "",
     "2 of 4 running"},
    {"runtime-apparmor", "runtime-host", true, "5.2", DA_FAIL, "seccompu,capadd,priv", "", NULL},
    {BAD, false, "5.2", DA_ERROR, "", BAD_ERR, "could not be judged"},
    {DOWN, false, "5.2", DA_ERROR, "", "", NULL},
    {"runtime-nosecopts", "runtime-host", false, "5.2", DA_ERROR, "", "", "security options"},
    /* 5.3 SELinux: label=disable, spc_t, empty label, privileged; a level option passes */
    {LIVE, false, "5.3", DA_SKIP, "", "", "SELinux"},
    {"runtime-selinux", "runtime-host", false, "5.3", DA_FAIL, "nonnp,seccompu,capadd", "", NULL},
    {"runtime-selinux", "runtime-host", true, "5.3", DA_FAIL, "nonnp,seccompu,capadd,priv", "",
     NULL},
    {BAD, false, "5.3", DA_FAIL, "hardened,topgone,badexec", BAD_ERR, NULL},
    {"runtime-nosecopts", "runtime-host", false, "5.3", DA_ERROR, "", "", "security options"},
    /* 5.4 capabilities beyond the default set */
    {LIVE, false, "5.4", DA_FAIL, "capadd", "", "1 of 41 running"},
    {LIVE, true, "5.4", DA_FAIL, "capadd,priv", "", "2 of 45 containers"},
    {BAD, false, "5.4", DA_ERROR, "", BAD_ERR, NULL},
    {EMPTY, false, "5.4", DA_PASS, "", "", "no running containers"},
    /* 5.5 privileged (kept as it was) */
    {LIVE, false, "5.5", DA_PASS, "", "", "none of 41 running"},
    {LIVE, true, "5.5", DA_FAIL, "priv", "", NULL},
    {BAD, false, "5.5", DA_ERROR, "", BAD_ERR, NULL},
    /* the default scope is what docker ps lists: running, paused and restarting */
    {SCOPE, false, "5.5", DA_FAIL, "privrunning,privpaused,privrestarting", "", "3 of 4 running"},
    {SCOPE, true, "5.5", DA_FAIL, "privrunning,privpaused,privrestarting,privexited,privcreated",
     "", "5 of 6"},
    {SCOPE, false, "5.16", DA_FAIL, "privpaused,privrestarting", "", NULL},
    /* entries of the list that cannot be read: counted, never a smaller set judged */
    {BADLIST, false, "5.5", DA_ERROR, "", BADLIST_ERR, "4 of 6 running"},
    {BADLIST, true, "5.5", DA_ERROR, "", BADLIST_ERR, NULL},
    {BADLIST, false, "5.10", DA_ERROR, "", BADLIST_ERR, NULL},
    {BADLIST, false, "5.16", DA_FAIL, "pidhost", BADLIST_ERR, NULL},
    /* API 1.52+ omits empty fields: absent is the API's zero value only where that is its
     * meaning; without HostConfig nothing is judged */
    {OMITTED, false, "5.5", DA_ERROR, "", "nohostconfig", "1 of 2"},
    {OMITTED, false, "5.11", DA_FAIL, "sparse", "nohostconfig", NULL},
    {OMITTED, false, "5.29", DA_FAIL, "sparse", "nohostconfig", NULL},
    {OMITTED, false, "5.28", DA_ERROR, "", "sparse,nohostconfig", NULL},
    /* 5.6 sensitive host directories: /etc read-only, /usr/share read-write; not the
     * read-only sub-paths, tmpfs on /run or the volume on /usr/local/data of hardened */
    {LIVE, false, "5.6", DA_FAIL, "etcmount,usrrw", "", NULL},
    {BAD, false, "5.6", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.7 sshd from the process list, not from an argument naming it (notsshd) */
    {LIVE, false, "5.7", DA_FAIL, "sshd,sshdtitle", "", "2 of 41"},
    {LIVE, true, "5.7", DA_FAIL, "sshd,sshdtitle", "", NULL},
    {BAD, false, "5.7", DA_ERROR, "", BAD_ERR ",topgone", NULL},
    /* 5.8 host ports below 1024 (1024 itself is not); stopped ones by their configuration */
    {LIVE, false, "5.8", DA_FAIL, "lowport", "", NULL},
    {LIVE, true, "5.8", DA_FAIL, "lowport,createdport", "", NULL},
    {BAD, false, "5.8", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.9 a review list of published ports and host-network containers */
    {LIVE, false, "5.9", DA_MANUAL, "loopport,nethost,joined,lowport,port1024,v6port", "",
     "confirm"},
    {LIVE, true, "5.9", DA_MANUAL, "loopport,nethost,joined,lowport,port1024,v6port,createdport",
     "", NULL},
    {EMPTY, true, "5.9", DA_PASS, "", "", NULL},
    {BAD, false, "5.9", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.10 host network, joins followed */
    {LIVE, false, "5.10", DA_FAIL, "nethost,joined", "", NULL},
    {BAD, false, "5.10", DA_ERROR, "", BAD_ERR, NULL},
    /* limits */
    {LIVE, false, "5.11", DA_FAIL, "nolimits", "", NULL},
    {BAD, false, "5.11", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.12", DA_FAIL, "nolimits,shares1024", "", NULL},
    {BAD, false, "5.12", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.13", DA_FAIL, "rwroot", "", NULL},
    {BAD, false, "5.13", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.14 wildcard addresses, IPv6 too; 127.0.0.1 passes */
    {LIVE, false, "5.14", DA_FAIL, "lowport,port1024,v6port", "", NULL},
    {LIVE, true, "5.14", DA_FAIL, "lowport,port1024,v6port,createdport", "", NULL},
    /* ... where an unset address is the daemon's --ip, or an error when unknown */
    {"runtime-live", "runtime-ip", true, "5.14", DA_FAIL, "lowport,port1024,v6port", "", NULL},
    {"runtime-live", "bare", true, "5.14", DA_FAIL, "lowport,port1024,v6port", "createdport", NULL},
    {BAD, false, "5.14", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.15 always, on-failure:10 and on-failure without a limit; on-failure:3 passes */
    {LIVE, false, "5.15", DA_FAIL, "always,onf10,onfnolimit", "", NULL},
    {BAD, false, "5.15", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.16 host PID namespace (kept as it was) */
    {LIVE, false, "5.16", DA_FAIL, "pidhost", "", NULL},
    {BAD, false, "5.16", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.17", DA_FAIL, "ipchost", "", NULL},
    {BAD, false, "5.17", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.18 devices, cgroup rules, GPU requests, privileged */
    {LIVE, false, "5.18", DA_FAIL, "dev", "", NULL},
    {LIVE, true, "5.18", DA_FAIL, "dev,priv,gpus", "", NULL},
    {BAD, false, "5.18", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.19 ulimit overrides listed for review */
    {LIVE, false, "5.19", DA_INFO, "ulim", "", "confirm"},
    /* Podman fills Ulimits with what its service passes on; without /proc (a fixture) that
     * cannot be told from an override, so both running ones are named; ul1 sets nofile */
    {"engine-podman-5.4", "runtime-host", true, "5.19", DA_INFO, "run1,ul1", "", NULL},
    {EMPTY, false, "5.19", DA_PASS, "", "", NULL},
    {BAD, false, "5.19", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.20", DA_FAIL, "shared", "", NULL},
    {BAD, false, "5.20", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.21", DA_FAIL, "utshost", "", NULL},
    {BAD, false, "5.21", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.22 seccomp: the option, privileged, and the daemon's own default */
    {LIVE, false, "5.22", DA_FAIL, "seccompu", "", NULL},
    {LIVE, true, "5.22", DA_FAIL, "seccompu,priv", "", NULL},
    {"runtime-daemonopts", "runtime-host", false, "5.22", DA_FAIL,
     "hardened,nonnp,nnpfalse,seccompu", "", NULL},
    {"runtime-noseccomp", "runtime-host", false, "5.22", DA_FAIL, "hardened", "", NULL},
    {"runtime-nosecopts", "runtime-host", false, "5.22", DA_ERROR, "", "", "security options"},
    {BAD, false, "5.22", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.23, 5.24 exec sessions still tracked; a health check as root is not docker exec */
    {LIVE, false, "5.23", DA_FAIL, "execpriv", "", NULL},
    {EMPTY, false, "5.23", DA_PASS, "", "", "still tracks"},
    {BAD, false, "5.23", DA_ERROR, "", BAD_ERR ",badexec", NULL},
    {LIVE, false, "5.24", DA_FAIL, "execroot", "", "still tracks"},
    {"runtime-swarm", "runtime-host", false, "5.24", DA_PASS, "", "", "still tracks"},
    {BAD, false, "5.24", DA_ERROR, "", BAD_ERR ",badexec", NULL},
    {LIVE, false, "5.25", DA_FAIL, "cgp", "", NULL},
    {BAD, false, "5.25", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.26 no-new-privileges: =false is not set; the daemon's default from its command
     * line or /info; an unreadable default is an error for containers that need it */
    {LIVE, false, "5.26", DA_FAIL, "nnpfalse,nonnp", "", NULL},
    {"runtime-live", "runtime-nnp", false, "5.26", DA_FAIL, "nnpfalse", "", "by default"},
    {"runtime-daemonopts", "runtime-host", false, "5.26", DA_FAIL, "nnpfalse", "", "by default"},
    {"runtime-live", "bare", false, "5.26", DA_FAIL, "nnpfalse", "nonnp", NULL},
    {BAD, false, "5.26", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.27 health */
    {LIVE, false, "5.27", DA_FAIL, "nohealth,unhealthy", "", NULL},
    {LIVE, true, "5.27", DA_FAIL, "nohealth,unhealthy,stoppednohealth", "", NULL},
    {BAD, false, "5.27", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.28 the tag moved on; the untagged one is counted, not failed */
    {LIVE, false, "5.28", DA_FAIL, "stale", "", "1 container's image reference is not tagged"},
    {BAD, false, "5.28", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.29", DA_FAIL, "nolimits", "", NULL},
    {BAD, false, "5.29", DA_ERROR, "", BAD_ERR, NULL},
    {LIVE, false, "5.30", DA_FAIL, "onbridge", "", NULL},
    /* Podman's default network is "podman" */
    {"engine-podman-5.4", "runtime-host", true, "5.30", DA_FAIL, "run1,created1,ul1", "", NULL},
    /* API 1.52 (Docker 29): no top-level NetworkSettings fields; Networks alone decide,
     * exactly as on the 28.5 capture it was made from (fixtures/docker/api152.py) */
    {"engine-docker-28.5", "runtime-host", true, "5.30", DA_FAIL,
     "plain-17132,ulim-17132,created-17132", "", NULL},
    {"engine-docker-29.0-api152", "runtime-host", true, "5.30", DA_FAIL,
     "plain-17132,ulim-17132,created-17132", "", NULL},
    {"engine-podman-4.3", "runtime-host", true, "5.30", DA_FAIL, "c1,c2,c3", "", NULL},
    {"engine-podman-4.3", "runtime-host", true, "5.26", DA_FAIL, "c1,c2,c3", "", NULL},
    /* no daemon-wide no-new-privileges on Podman: each container's SecurityOpt decides */
    {"engine-podman-5.4", "runtime-host", true, "5.26", DA_FAIL, "run1,created1,ul1", "", NULL},
    {BAD, false, "5.30", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.31 user namespace; the pass says when the daemon does not remap at all */
    {LIVE, false, "5.31", DA_FAIL, "usernshost", "", NULL},
    {EMPTY, false, "5.31", DA_PASS, "", "", "does not remap"},
    {"runtime-daemonopts", "runtime-host", false, "5.31", DA_PASS, "", "", "none of 5"},
    {BAD, false, "5.31", DA_ERROR, "", BAD_ERR, NULL},
    /* 5.32 the socket (any docker.sock), and /run which contains it */
    {LIVE, false, "5.32", DA_FAIL, "sockmount,runmount", "", NULL},
    {BAD, false, "5.32", DA_ERROR, "", BAD_ERR, NULL},
    {DOWN, true, "5.32", DA_ERROR, "", "", NULL},
};

struct env {
	struct hostfs *h;
	struct audit_ctx *ctx;
	char *docker, *root;
	char *env[1]; /* the audit's environment, empty; the context keeps a pointer to it */
};

static void env_open(struct env *e, const char *docker, const char *host, bool all)
{
	e->root = xasprintf(HOSTS "%s", host);
	e->docker = xasprintf(DOCKER "%s", docker);
	assert_int_equal(hostfs_new(e->root, &e->h), 0);
	e->env[0] = NULL;
	struct ctx_config cfg = {
	    .fixture_dir = e->docker,
	    .hostfs = e->h,
	    .all_containers = all,
	    .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
	    .env = e->env,
	};
	assert_int_equal(ctx_new(&cfg, &e->ctx), 0);
}

static void env_close(struct env *e)
{
	ctx_free(e->ctx);
	hostfs_free(e->h);
	free(e->docker);
	free(e->root);
}

/* Run one check; the caller releases the report. */
static const struct result *run_check(struct env *e, const char *id, struct report *rep)
{
	char *only[] = {(char *)(uintptr_t)id, NULL};
	struct selection sel = {.only = only};
	*rep = (struct report){0};
	assert_int_equal(runner_run(e->ctx, &sel, rep), 0);
	assert_int_equal(rep->n_results, 1);
	return &rep->results[0];
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s%s", row->id, row->docker, row->host, row->all ? " -a" : "");
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	_cleanup_free_ char *host = xasprintf(HOSTS "%s", row->host);
	const struct row_audit a = {.docker = docker, .host = host, .all = row->all};
	const struct row_want w = {
	    .status = row->want, .detail = row->detail, .names = row->names, .errors = row->errors};
	rows_check(&a, row->id, NULL, &w);
}

/* Every section-5 id of v1.6.0 is in the table, in order, with its level. */
static void test_table_complete(void **state)
{
	static const int level2[] = {3, 23, 24, 30};
	for (int i = 1; i <= 32; i++) {
		char id[8];
		snprintf(id, sizeof(id), "5.%d", i);
		const struct check *c = checks_find(id);
		if (!c)
			fail_msg("check %s is missing", id);
		int want = 1;
		for (size_t k = 0; k < ARRAY_SIZE(level2); k++)
			if (level2[k] == i)
				want = 2;
		assert_int_equal(c->level, want);
		assert_false(c->automated);
		assert_string_equal(c->section, "5");
		assert_non_null(c->title);
		assert_non_null(c->rationale);
		assert_non_null(c->judged);
		assert_non_null(c->remediation);
		assert_true(c->needs & 1u);
	}
}

/* The containers built to break nothing pass every check (AppArmor and SELinux do not apply on
 * the capture host), with and without -a. */
static void test_hardened_passes(void **state)
{
	for (int all = 0; all < 2; all++) {
		for (int i = 1; i <= 32; i++) {
			char id[8];
			snprintf(id, sizeof(id), "5.%d", i);
			struct env e;
			env_open(&e, "runtime-hardened", "runtime-host", all);
			struct report rep;
			const struct result *res = run_check(&e, id, &rep);
			enum da_status want = i == 2 || i == 3 ? DA_SKIP : DA_PASS;
			if (res->status != want || res->n_findings)
				fail_msg("%s on runtime-hardened: %s with %zu findings: %s", id,
					 da_status_name(res->status), res->n_findings, res->detail);
			report_release(&rep);
			env_close(&e);
		}
	}
}

/* What a finding says: the value that failed, as the user would write it. */
struct want_detail {
	const char *docker, *host;
	bool all;
	const char *id, *name, *detail, *value;
};

#define STOPPED "runtime-stopped", "runtime-host"

static const struct want_detail details[] = {
    /* -a: an exited host-network container listens on nothing now; starting it would */
    {STOPPED, true, "5.9", "netexited",
     "uses the host's network: it is exited, and once started every port it listens on will "
     "be open on the host",
     "host"},
    {LIVE, true, "5.9", "createdport", "is created; once started it publishes ", NULL},
    {LIVE, false, "5.9", "loopport", "publishes 127.0.0.1:", NULL},
    /* a join by id, shown with the name the engine lists; the value stays as read */
    {STOPPED, false, "5.16", "pidjoin",
     "PidMode=container:pidhost (b2b2b2b2b2b2), which shares the host's PID namespace",
     "container:b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"},
    {LIVE, false, "5.10", "joined",
     "NetworkMode=container:nethost (d1e4292c894a), which shares the host's network", NULL},
    {LIVE, false, "5.4", "capadd", "CapAdd=NET_ADMIN,SYS_ADMIN", "NET_ADMIN,SYS_ADMIN"},
    {LIVE, true, "5.4", "priv", "(the container is created: in effect once started)", "ALL"},
    {LIVE, false, "5.6", "etcmount", "/etc mounted read-only at /host-etc", "/etc"},
    {LIVE, false, "5.6", "usrrw", "/usr/share (under /usr) mounted read-write at /host-share",
     "/usr/share"},
    {LIVE, false, "5.7", "sshd", "runs sshd (PID ", "/usr/sbin/sshd"},
    {LIVE, false, "5.7", "sshdtitle", "PID 2814 sshd: ...", "sshd:"},
    {LIVE, false, "5.8", "lowport", "0.0.0.0:1023->80/tcp", "1023"},
    {LIVE, true, "5.8", "createdport", "*:1022->80/tcp", "1022"},
    {LIVE, true, "5.14", "createdport",
     "*:1022->80/tcp on all host addresses (* is the "
     "daemon's default address: 0.0.0.0, Docker default)",
     "0.0.0.0"},
    {LIVE, false, "5.9", "loopport", "publishes 127.0.0.1:18080->80/tcp", NULL},
    {LIVE, false, "5.9", "nethost", "host's network", "host"},
    {LIVE, false, "5.10", "nethost", "NetworkMode=host", "host"},
    {LIVE, false, "5.10", "joined", "which shares the host's network namespace", NULL},
    {LIVE, false, "5.11", "nolimits", "Memory=0", "0"},
    {LIVE, false, "5.12", "shares1024", "CpuShares=1024, NanoCpus=0, CpuQuota=0", "1024"},
    {LIVE, false, "5.13", "rwroot", "ReadonlyRootfs=false", "false"},
    {LIVE, false, "5.14", "v6port", "[::]:1026->80/tcp", "::"},
    {LIVE, false, "5.14", "port1024", "0.0.0.0:1024->80/tcp, [::]:1024->80/tcp", NULL},
    {LIVE, false, "5.15", "always", "RestartPolicy=always", "always"},
    {LIVE, false, "5.15", "onf10", "on-failure:10 (more than 5", "on-failure:10"},
    {LIVE, false, "5.15", "onfnolimit", "without a retry limit", "on-failure:0"},
    {LIVE, false, "5.17", "ipchost", "IpcMode=host", "host"},
    {LIVE, false, "5.18", "dev",
     "device /dev/null at /dev/xnull (rwm); device cgroup rule 'c 1:3 mr'", NULL},
    {LIVE, true, "5.18", "gpus", "device request for gpu", "request:gpu"},
    {LIVE, false, "5.19", "ulim", "nofile=1024:2048", NULL},
    {LIVE, false, "5.20", "shared", "Propagation=rshared on /mnt", "rshared"},
    {LIVE, false, "5.21", "utshost", "UTSMode=host", "host"},
    {LIVE, false, "5.22", "seccompu", "SecurityOpt seccomp=unconfined", "unconfined"},
    {LIVE, true, "5.22", "priv", "Privileged=true", "unconfined"},
    {"runtime-daemonopts", "runtime-host", false, "5.22", "hardened",
     "default seccomp profile is unconfined", NULL},
    /* created, never started (the sandbox cannot start it): not "runs" */
    {LIVE, false, "5.23", "execpriv",
     "(sleep, created) was created with --privileged and not started: POST /exec/", NULL},
    {LIVE, false, "5.24", "execroot", "runs with --user=root", "root"},
    {LIVE, false, "5.25", "cgp", "CgroupParent=dae2e-rt", NULL},
    {LIVE, false, "5.26", "nnpfalse", "no-new-privileges=false turns no-new-privileges off",
     "no-new-privileges=false"},
    {LIVE, false, "5.26", "nonnp", "daemon does not set it by default", NULL},
    {"runtime-live", "bare", false, "5.26", "nonnp", "default could not be read", NULL},
    {LIVE, false, "5.27", "nohealth", "no health check", "none"},
    {LIVE, false, "5.27", "unhealthy", "Health.Status=unhealthy", "unhealthy"},
    {LIVE, true, "5.27", "stoppednohealth", "not running", "none"},
    {LIVE, false, "5.28", "stale", "now names image", NULL},
    {LIVE, false, "5.29", "nolimits", "PidsLimit", NULL},
    {LIVE, false, "5.30", "onbridge", "default bridge", "bridge"},
    {LIVE, false, "5.31", "usernshost", "UsernsMode=host", "host"},
    {LIVE, false, "5.32", "sockmount", "docker.sock mounted at /var/run/docker.sock", NULL},
    {LIVE, false, "5.32", "runmount", "/run, which contains /run/docker.sock, mounted at /host-run",
     "/run"},
    {"runtime-swarm", "runtime-host", false, "5.1", "swarm", "as a manager", "active"},
    {BAD, false, "5.11", "badhost", "unexpected JSON type for HostConfig.Memory", NULL},
    {BAD, false, "5.7", "topgone", "cannot list its processes", NULL},
    {BAD, false, "5.23", "badexec", "ProcessConfig.privileged", NULL},
    /* issue 15: an exec id that cannot be inspected is named, or its absence said, never an
     * empty "exec session :" */
    {"runtime-execids", "runtime-host", false, "5.23", "badexec",
     "cannot inspect entry 1 of its 3 ExecIDs: the daemon gave no exec id there (not a string)",
     NULL},
    {"runtime-execids", "runtime-host", false, "5.23", "hardened",
     "cannot inspect entry 1 of its 1 ExecIDs: 'Not-An-Exec-Id/../../x' is no exec id", NULL},
    {"runtime-execids", "runtime-host", false, "5.24", "hardened",
     "cannot inspect entry 1 of its 1 ExecIDs: 'Not-An-Exec-Id/../../x' is no exec id", NULL},
    {BAD, false, "5.4", "vanished", "could not be inspected", NULL},
};

static void test_details(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(details); i++) {
		const struct want_detail *w = &details[i];
		struct env e;
		env_open(&e, w->docker, w->host, w->all);
		struct report rep;
		const struct result *res = run_check(&e, w->id, &rep);
		const struct finding *f = NULL;
		for (size_t k = 0; k < res->n_findings && !f; k++)
			if (strcmp(res->findings[k].name, w->name) == 0)
				f = &res->findings[k];
		if (!f)
			fail_msg("%s: no finding about %s (%s)", w->id, w->name, res->detail);
		if (!strstr(f->detail, w->detail))
			fail_msg("%s/%s: detail '%s' lacks '%s'", w->id, w->name, f->detail,
				 w->detail);
		if (w->value && !streq_ptr(f->value, w->value))
			fail_msg("%s/%s: value '%s', want '%s'", w->id, w->name,
				 f->value ? f->value : "(null)", w->value);
		if (strcmp(w->id, "5.1") != 0) {
			assert_string_equal(f->kind, "container");
			assert_int_equal(strlen(f->id), 64);
		}
		report_release(&rep);
		env_close(&e);
	}
}

/* Sentences that would be untrue on a stopped container or a join by id are not said. */
static void test_no_untrue_sentences(void **state)
{
	(void)state;
	struct env e;
	struct report rep;
	env_open(&e, "runtime-stopped", "runtime-host", true);
	const struct result *res = run_check(&e, "5.9", &rep);
	for (size_t i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].name, "netexited") == 0)
			assert_null(strstr(res->findings[i].detail, "is open on the host"));
	report_release(&rep);
	res = run_check(&e, "5.16", &rep);
	assert_int_equal(res->status, DA_FAIL);
	for (size_t i = 0; i < res->n_findings; i++)
		assert_null(strstr(res->findings[i].detail, "b2b2b2b2b2b2b2"));
	report_release(&rep);
	env_close(&e);
	/* -a: a created privileged container does not run privileged yet; the verdict says so */
	env_open(&e, "runtime-live", "runtime-host", true);
	res = run_check(&e, "5.4", &rep);
	assert_int_equal(res->status, DA_FAIL);
	assert_non_null(strstr(res->detail, "is created, not running: in effect once started"));
	report_release(&rep);
	env_close(&e);
	/* an exec session created and never started does not run */
	env_open(&e, "runtime-live", "runtime-host", false);
	res = run_check(&e, "5.23", &rep);
	assert_int_equal(res->status, DA_FAIL);
	assert_null(strstr(res->detail, "run with --privileged"));
	for (size_t i = 0; i < res->n_findings; i++)
		assert_null(strstr(res->findings[i].detail, "runs with --privileged"));
	report_release(&rep);
	env_close(&e);
}

/* Secrets stay out: the sshd finding names the command, never its arguments, and a custom
 * seccomp profile's JSON is not echoed. */
static void test_no_arguments_printed(void **state)
{
	struct env e;
	env_open(&e, "runtime-live", "runtime-host", false);
	struct report rep;
	const struct result *res = run_check(&e, "5.7", &rep);
	for (size_t k = 0; k < res->n_findings; k++)
		assert_null(strstr(res->findings[k].detail, "-D"));
	report_release(&rep);
	env_close(&e);
}

/* The process lists and exec sessions are fetched once, for every container at once. */
static void test_facts_cached(void **state)
{
	struct env e;
	env_open(&e, "runtime-live", "runtime-host", true);
	const struct container *cs;
	size_t n;
	assert_int_equal(ctx_containers(e.ctx, &cs, &n, NULL), 0);
	const struct container *sshd = ctx_container_find(e.ctx, "sshd");
	const struct container *priv = ctx_container_find(e.ctx, "priv");
	const struct container *execroot = ctx_container_find(e.ctx, "execroot");
	assert_non_null(sshd);
	assert_non_null(priv);
	const cJSON *t1, *t2;
	assert_int_equal(ctx_container_top(e.ctx, sshd, &t1, NULL), 0);
	assert_int_equal(ctx_container_top(e.ctx, sshd, &t2, NULL), 0);
	assert_ptr_equal(t1, t2);
	const char *err = NULL;
	assert_int_equal(ctx_container_top(e.ctx, priv, &t1, &err), -EINVAL); /* not running */
	assert_non_null(err);
	const struct container_exec *ex;
	size_t nex;
	assert_int_equal(ctx_container_execs(e.ctx, execroot, &ex, &nex, NULL), 0);
	assert_int_equal(nex, 1);
	assert_non_null(ex[0].inspect);
	assert_int_equal(ctx_container_execs(e.ctx, priv, &ex, &nex, NULL), 0);
	assert_int_equal(nex, 0);
	struct container bogus = {.id = "x", .name = "x"};
	assert_int_equal(ctx_container_execs(e.ctx, &bogus, &ex, &nex, NULL), -EINVAL);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_complete),
	    cmocka_unit_test(test_hardened_passes),
	    cmocka_unit_test(test_details),
	    cmocka_unit_test(test_no_untrue_sentences),
	    cmocka_unit_test(test_no_arguments_printed),
	    cmocka_unit_test(test_facts_cached),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + ROWS_RUN("section 5 rows", rows, row_name, row_run);
}
