/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 1 (host configuration): table-driven check tests over fake host roots
 * (fixtures/hostfs/host-*), captured Engine API answers (fixtures/docker/host-*), kernel rule
 * lists (fixtures/hostfs/host-kernel-rules/), and unit tests of the host facts' parsers.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include <sys/stat.h>
#include "context.h"
#include "facts/accounts.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/locate.h"
#include "facts/mounts.h"
#include "facts/units.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"
#define RULES DA_FIXTURES "/hostfs/host-kernel-rules/"

struct row {
	const char
	    *docker; /* scenario under fixtures/docker; "unreachable" for a daemon that is down */
	const char *host; /* fake root under fixtures/hostfs */
	const char *kernel; /* rules file standing for the kernel's list, NULL: kernel refuses */
	const char *env; /* one NAME=VALUE for the audit's environment, or NULL */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated finding names (not errors), "" for none */
	const char *detail; /* a substring the detail must contain, or NULL */
};

#define TRUSTED "DOCKER_AUDIT_TRUSTED_USERS="

static const struct row rows[] = {
    /* 1.1.1: the data root on a filesystem of its own */
    {"host-default", "host-rootonly", NULL, NULL, "1.1.1", DA_FAIL, "/var/lib/docker",
     "same filesystem as /"},
    {"host-default", "host-sepdocker", NULL, NULL, "1.1.1", DA_PASS, "",
     "/dev/sdb1 (xfs, device 8:17) mounted at /var/lib/docker"},
    /* a separate /var is a separate partition for the data root (DBS #555) */
    {"host-default", "host-sepvar", NULL, NULL, "1.1.1", DA_PASS, "", "mounted at /var,"},
    /* userns-remap: DockerRootDir is already <root>/<uid>.<gid> */
    {"host-userns", "host-userns", NULL, NULL, "1.1.1", DA_PASS, "",
     "/var/lib/docker/100000.100000"},
    /* \040 in mountinfo is a space in the path */
    {"host-space", "host-space", NULL, NULL, "1.1.1", DA_PASS, "", "mounted at /srv/docker data"},
    /* dockerd's bind mount of its data root onto itself is not a separate partition */
    {"host-default", "host-bindself", NULL, NULL, "1.1.1", DA_FAIL, "/var/lib/docker",
     "device 8:1"},
    /* a separate /var/lib/docker hidden by a later /var from the root filesystem */
    {"host-default", "host-hidden", NULL, NULL, "1.1.1", DA_FAIL, "/var/lib/docker", NULL},
    {"host-default", "host-nomountinfo", NULL, NULL, "1.1.1", DA_ERROR, "",
     "cannot read the mount table"},
    /* the daemon's data root is not on this host (a remote daemon) */
    {"host-space", "host-rootonly", NULL, NULL, "1.1.1", DA_SKIP, "", "not present"},
    /* daemon down: the default is assumed, and said so; absent, it is an ERROR */
    {"unreachable", "host-sepdocker", NULL, NULL, "1.1.1", DA_PASS, "", "assuming /var/lib/docker"},
    {"unreachable", "host-accounts", NULL, NULL, "1.1.1", DA_ERROR, "", "does not exist"},

    /* 1.1.2: members of the docker group, by exact name, primary-group members included */
    {NULL, "host-accounts", NULL, NULL, "1.1.2", DA_MANUAL, "alice,bobby,carol,deploy", "4 users"},
    {NULL, "host-accounts", NULL, TRUSTED "alice,bobby,carol,deploy", "1.1.2", DA_PASS, "",
     "all 4 users"},
    {NULL, "host-accounts", NULL, TRUSTED " alice , bobby,carol,,deploy ", "1.1.2", DA_PASS, "",
     NULL},
    /* "bob" trusts neither "bobby" nor anyone else (DBS's substring bug) */
    {NULL, "host-accounts", NULL, TRUSTED "bob,alice", "1.1.2", DA_FAIL, "bobby,carol,deploy",
     "3 of 4"},
    /* a member by primary group only */
    {NULL, "host-accounts", NULL, TRUSTED "alice,bobby,carol", "1.1.2", DA_FAIL, "deploy",
     "1 of 4 users who can control the Docker daemon through group 'docker' is not trusted: "
     "deploy"},
    /* an empty list trusts nobody */
    {NULL, "host-accounts", NULL, TRUSTED, "1.1.2", DA_FAIL, "alice,bobby,carol,deploy", NULL},
    {NULL, "host-nogroup", NULL, NULL, "1.1.2", DA_PASS, "", "no group 'docker'"},
    {NULL, "host-rootgroup", NULL, NULL, "1.1.2", DA_PASS, "", "no members other than root"},
    /* the daemon's socket group is set on its command line */
    {NULL, "host-groupflag", NULL, NULL, "1.1.2", DA_MANUAL, "bob", "group 'dockerroot'"},
    {NULL, "host-nomountinfo", NULL, NULL, "1.1.2", DA_ERROR, "", "/etc/group"},

    /* 1.1.3 ff.: binaries from the running processes, not PATH */
    {NULL, "host-proc", "proc.rules", NULL, "1.1.3", DA_PASS, "", "/usr/local/bin/dockerd"},
    /* the remediation watches the binary the finding names, never the usual path */
    {NULL, "host-proc", "none.rules", NULL, "1.1.3", DA_FAIL, "/usr/local/bin/dockerd", NULL},
    {NULL, "host-sbin", "none.rules", NULL, "1.1.3", DA_FAIL, "/usr/sbin/dockerd", NULL},
    {NULL, "host-sbin", "none.rules", NULL, "1.1.8", DA_FAIL, "/run/ctrd/containerd.sock", NULL},
    /* 1.1.11: the config file the daemon reads (--config-file), not /etc/docker/daemon.json */
    {NULL, "host-sbin", "none.rules", NULL, "1.1.11", DA_FAIL, "/etc/docker-custom/daemon.json",
     "--config-file"},
    {NULL, "host-proc", "proc.rules", NULL, "1.1.14", DA_FAIL, "/usr/local/bin/containerd", NULL},
    /* comm "containerd-shim" is a cut "containerd-shim-runc-v2": no containerd-shim here */
    {NULL, "host-proc", "none.rules", NULL, "1.1.15", DA_SKIP, "", "not present"},
    /* an upgraded binary: "(deleted)" stripped, the path is what counts */
    {NULL, "host-proc", "none.rules", NULL, "1.1.17", DA_FAIL, "/usr/bin/containerd-shim-runc-v2",
     NULL},
    {NULL, "host-proc", "none.rules", NULL, "1.1.18", DA_FAIL, "/usr/sbin/runc",
     "not running in the process tree of the serving dockerd (PID 4242); found in /usr/sbin"},
    {NULL, "bare", "none.rules", NULL, "1.1.3", DA_SKIP, "",
     "the dockerd serving the endpoint is not known"},
    /* issue 15 item 2: a rule of the kernel's list that cannot be read is counted; where it
     * could be the watch a check looks for, ERROR with the count, never a FAIL on the others */
    {NULL, "host-proc", "proc-unreadable.rules", NULL, "1.1.3", DA_PASS, "",
     "; 1 loaded rule could not be read (line 2 is not a rule auditctl would load)"},
    {NULL, "host-proc", "proc-unreadable.rules", NULL, "1.1.14", DA_ERROR, "",
     "1 loaded audit rule could not be read (line 2 is not a rule auditctl would load), and no "
     "readable one watches /usr/local/bin/containerd with -p wa: whether it is watched cannot be "
     "told"},
    {NULL, "host-proc", "proc-partial.rules", NULL, "1.1.3", DA_ERROR, "",
     "the loaded watch on /usr/local/bin/dockerd has -p r"},
    /* issue 12: the kernel applies the first exit rule that matches, so a 'never' rule on the
     * same path, or a directory above it, loaded before the watch switches it off; one after
     * the watch, or on another path, changes nothing */
    {NULL, "host-proc", "proc-never-before.rules", NULL, "1.1.3", DA_FAIL, "/usr/local/bin/dockerd",
     "the loaded audit watch on /usr/local/bin/dockerd is switched off by a 'never' rule on "
     "/usr/local/bin/dockerd loaded before it"},
    {NULL, "host-proc", "proc-never-before.rules", NULL, "1.1.14", DA_PASS, "", NULL},
    {NULL, "host-proc", "proc-never-dir.rules", NULL, "1.1.3", DA_FAIL, "/usr/local/bin/dockerd",
     "switched off by a 'never' rule on /usr/local/bin loaded before it"},
    {NULL, "host-proc", "proc-never-after.rules", NULL, "1.1.3", DA_PASS, "", NULL},
    {NULL, "host-proc", "proc-never-other.rules", NULL, "1.1.3", DA_PASS, "", NULL},
    /* '-a never,task' without fields: no new task is audited, a loaded watch never fires */
    {NULL, "host-proc", "proc-task-never.rules", NULL, "1.1.3", DA_FAIL, "/usr/local/bin/dockerd",
     "/usr/local/bin/dockerd is watched, but '-a never,task' (line 2) turns syscall auditing "
     "off for every new task, so the watch never fires"},
    {NULL, "host-proc", "proc-task-never-fields.rules", NULL, "1.1.3", DA_PASS, "", NULL},
    {NULL, "host-audit-tasknever", NULL, NULL, "1.1.6", DA_FAIL, "/etc/docker",
     "'-a never,task' (/etc/audit/rules.d/audit.rules:4) turns syscall auditing off"},
    /* the same in the rules files, in augenrules' order across files */
    {NULL, "host-audit-never", NULL, NULL, "1.1.6", DA_FAIL, "/etc/docker",
     "the audit watch on /etc/docker in /etc/audit/rules.d/50-docker.rules:1 is switched off by "
     "a 'never' rule before it (/etc/audit/rules.d/10-exclude.rules:2)"},
    {NULL, "host-audit-never", NULL, NULL, "1.1.4", DA_PASS, "", "so the rules files decided"},
    /* the files decide (the kernel refuses): a line auditctl would not load is counted */
    {NULL, "host-audit-badline", NULL, NULL, "1.1.6", DA_ERROR, "",
     "1 rules file line could not be read (/etc/audit/rules.d/10-broken.rules:3 is not a rule "
     "auditctl would load), and no readable one watches /etc/docker"},
    {NULL, "host-audit-badline", NULL, NULL, "1.1.4", DA_PASS, "",
     "so the rules files decided; 1 rules file line could not be read"},

    /* 1.1.7 and 1.1.9: the unit systemd loads, its drop-ins, masks */
    {NULL, "host-units", "units-all.rules", NULL, "1.1.7", DA_PASS, "",
     "/etc/systemd/system/docker.service"},
    {NULL, "host-units", "units-file.rules", NULL, "1.1.7", DA_FAIL,
     "/etc/systemd/system/docker.service.d/override.conf,/usr/lib/systemd/system/docker.service.d/"
     "10-packaged.conf",
     "2 of its 2 drop-ins"},
    /* the drop-in hidden by a same-named one in /etc does not count, watched or not */
    {NULL, "host-units", "units-hidden.rules", NULL, "1.1.7", DA_FAIL,
     "/usr/lib/systemd/system/docker.service.d/10-packaged.conf", "1 of its 2 drop-ins"},
    /* the unit file in /etc, and one echo per drop-in */
    {NULL, "host-units", "none.rules", NULL, "1.1.7", DA_FAIL,
     "/etc/systemd/system/docker.service,/etc/systemd/system/docker.service.d/override.conf,/usr/"
     "lib/systemd/system/docker.service.d/10-packaged.conf",
     "not watched either"},
    /* the unit is watched, but a drop-in cannot be judged: not a PASS */
    {NULL, "host-units", "units-unreadable.rules", NULL, "1.1.7", DA_ERROR, "",
     "but 2 of its 2 drop-ins cannot be judged"},
    {NULL, "host-units", "none.rules", NULL, "1.1.9", DA_SKIP, "", "masked"},
    {NULL, "debian", "none.rules", NULL, "1.1.9", DA_FAIL, "/usr/lib/systemd/system/docker.socket",
     NULL},
    {NULL, "bare", "none.rules", NULL, "1.1.9", DA_SKIP, "", NULL},
    {NULL, "host-units", NULL, NULL, "1.1.7", DA_FAIL,
     "/etc/systemd/system/docker.service,/etc/systemd/system/docker.service.d/override.conf,/usr/"
     "lib/systemd/system/docker.service.d/10-packaged.conf",
     "rules files decided"},

    /* 1.1.8: the containerd socket dockerd uses */
    {NULL, "host-proc", "none.rules", NULL, "1.1.8", DA_FAIL, "/run/custom/containerd.sock", NULL},
    {NULL, "host-ctrd-config", "ctrd.rules", NULL, "1.1.8", DA_PASS, "",
     "/run/containerd-custom/containerd.sock"},
    {NULL, "host-ctrd-config", "ctrd-wrong.rules", NULL, "1.1.8", DA_FAIL,
     "/run/containerd-custom/containerd.sock", NULL},
    {NULL, "host-ctrd-default", "none.rules", NULL, "1.1.8", DA_FAIL,
     "/run/containerd/containerd.sock", "the default socket"},
    {NULL, "host-ctrd-default", "ctrd-wrong.rules", NULL, "1.1.8", DA_PASS, "", NULL},
    {NULL, "host-ctrd-managed", "none.rules", NULL, "1.1.8", DA_FAIL,
     "/run/docker/containerd/containerd.sock", "runs itself"},
    {NULL, "debian", "none.rules", NULL, "1.1.8", DA_SKIP, "", "not present"},

    /* 1.2.1 */
    {"host-default", "debian", NULL, NULL, "1.2.1", DA_MANUAL, "", "Debian GNU/Linux"},
    {"unreachable", "debian", NULL, NULL, "1.2.1", DA_MANUAL, "", "CIS benchmark"},

    /* 1.2.2: maintained release lines */
    {"seed", "debian", NULL, NULL, "1.2.2", DA_FAIL, "Docker Engine", "20.10.24+dfsg1"},
    /* Podman's 5.4.2 is not an old Docker Engine release */
    {"engine-podman-5.4", "debian", NULL, NULL, "1.2.2", DA_MANUAL, "",
     "the engine is Podman 5.4.2"},
    {"engine-podman-4.3", "debian", NULL, NULL, "1.2.2", DA_MANUAL, "",
     "the engine is Podman 4.3.1"},
    /* the Debian builds of trixie and sid, captured (tests/e2e/real_engines.sh) */
    {"engine-docker-28.5", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "28.5.2+dfsg4 is in the 28"},
    {"engine-docker-29.0-api152", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "29.x line"},
    {"host-v24", "debian", NULL, NULL, "1.2.2", DA_FAIL, "Docker Engine", NULL},
    {"host-v27", "debian", NULL, NULL, "1.2.2", DA_FAIL, "Docker Engine", "27.3.1-1"},
    {"host-v25", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "25.0 line"},
    {"host-v28", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "28.x line"},
    {"host-v29rc", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "29.x line"},
    {"host-v30", "debian", NULL, NULL, "1.2.2", DA_PASS, "", "newer than every release line"},
    {"host-vbad", "debian", NULL, NULL, "1.2.2", DA_ERROR, "", "cannot parse"},
    {"unreachable", "debian", NULL, NULL, "1.2.2", DA_ERROR, "", "could not be reached"},
};

/* Remediation rendered for the host: the paths the findings name, never the usual ones. */
struct remedy_row {
	const char *docker, *host, *kernel, *id;
	const char *remedy; /* a substring the rendered remediation must contain */
	const char *not_remedy; /* ... must not contain (the usual path), or NULL */
};

static const struct remedy_row remedies[] = {
    {NULL, "host-proc", "none.rules", "1.1.3",
     "echo '-w /usr/local/bin/dockerd -p wa -k docker' >> /etc/audit/rules.d/docker.rules",
     "/usr/bin/dockerd"},
    {NULL, "host-sbin", "none.rules", "1.1.3", "-w /usr/sbin/dockerd -p wa", "/usr/bin/dockerd"},
    {NULL, "host-proc", "proc.rules", "1.1.14", "-w /usr/local/bin/containerd -p wa",
     "/usr/bin/containerd "},
    {NULL, "host-proc", "none.rules", "1.1.18", "-w /usr/sbin/runc -p wa", "/usr/bin/runc"},
    {NULL, "host-units", "none.rules", "1.1.7",
     "-w /etc/systemd/system/docker.service.d/override.conf -p wa",
     "/usr/lib/systemd/system/docker.service "},
    {NULL, "host-proc", "none.rules", "1.1.8", "-w /run/custom/containerd.sock -p wa",
     "/run/containerd/containerd.sock"},
    {NULL, "host-ctrd-managed", "none.rules", "1.1.8",
     "-w /run/docker/containerd/containerd.sock -p wa", "-w /run/containerd/containerd.sock"},
    {"host-userns", "host-userns", NULL, "1.1.1",
     "rsync -aHAX /var/lib/docker/100000.100000/ /mnt/", NULL},
    {"host-default", "host-rootonly", NULL, "1.1.1", "set \"data-root\" in /etc/docker/daemon.json",
     NULL},
    {NULL, "host-sbin", "none.rules", "1.1.8", "-w /run/ctrd/containerd.sock -p wa",
     "/run/containerd/"},
    {NULL, "host-sbin", "none.rules", "1.1.11", "-w /etc/docker-custom/daemon.json -p wa",
     "/etc/docker/daemon.json"},
};

static bool matched_remedies[ARRAY_SIZE(remedies)];

static bool str_eq_null(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Every remedy row met its check row (after all rows ran). */
static void test_remedies_matched(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(remedies); i++)
		if (!matched_remedies[i])
			fail_msg("remedy row %zu (%s on %s) matches no check row", i,
				 remedies[i].id, remedies[i].host);
}

/* The remediation as every writer shows it: rendered for this host, no placeholder left, and
 * naming what each finding names. */
static void host_result(const void *r, const struct result *res)
{
	const struct row *row = r;
	const char *rem = res->check->remediation;
	if (strstr(rem, "{{"))
		fail_msg("%s: remediation not rendered: %s", rows_current(), rem);
	for (size_t i = 0; i < ARRAY_SIZE(remedies); i++) {
		const struct remedy_row *m = &remedies[i];
		if (strcmp(m->id, row->id) != 0 || strcmp(m->host, row->host) != 0 ||
		    !str_eq_null(m->docker, row->docker) || !str_eq_null(m->kernel, row->kernel))
			continue;
		matched_remedies[i] = true;
		if (!strstr(rem, m->remedy))
			fail_msg("%s: remediation lacks '%s': %s", rows_current(), m->remedy, rem);
		if (m->not_remedy && strstr(rem, m->not_remedy))
			fail_msg("%s: remediation has '%s': %s", rows_current(), m->not_remedy,
				 rem);
	}
	for (size_t i = 0; res->status == DA_FAIL && i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (strcmp(f->kind, "file") == 0 && !f->error && !strstr(rem, f->name))
			fail_msg("%s: the finding names %s, the remediation does not: %s",
				 rows_current(), f->name, rem);
	}
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s%s%s", row->id, row->docker ? row->docker : "-", row->host,
		 row->env ? " " : "", row->env ? row->env : "");
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *root = xasprintf(HOSTS "%s", row->host);
	_cleanup_free_ char *docker =
	    xasprintf(DOCKER "%s", row->docker ? row->docker : "unreachable");
	_cleanup_free_ char *kernel = row->kernel ? xasprintf(RULES "%s", row->kernel) : NULL;
	const struct row_audit a = {
	    .docker = docker,
	    .host = root,
	    .kernel = kernel,
	    .env = row->env,
	    .trusted_users =
		row->env && str_startswith(row->env, TRUSTED) ? row->env + strlen(TRUSTED) : NULL,
	};
	const struct row_want w = {.status = row->want,
				   .detail = row->detail,
				   .names = row->names,
				   .result = host_result,
				   .row = row};
	rows_check(&a, row->id, NULL, &w);
}

/* Findings carry what decided: the source of the path and the value read. */
static void test_finding_fields(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "host-accounts", &h), 0);
	char *env[] = {TRUSTED "alice,bobby,carol", NULL};
	struct ctx_config cfg = {.fixture_dir = DOCKER "host-v27",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .env = env,
				 .trusted_users = env[0] + strlen(TRUSTED)};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char a[] = "1.1.2", b[] = "1.2.2";
	char *only[] = {a, b, NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	assert_int_equal(rep.n_results, 2);
	const struct finding *f = &rep.results[0].findings[0];
	assert_string_equal(f->kind, "host");
	assert_string_equal(f->name, "deploy");
	assert_string_equal(f->value, "/etc/passwd");
	assert_non_null(strstr(f->detail, "primary group"));
	f = &rep.results[1].findings[0];
	assert_string_equal(f->kind, "daemon");
	assert_string_equal(f->source, "api");
	assert_string_equal(f->value, "27.3.1-1");
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

/* ---- parsers ---- */

static void test_mountinfo_parse(void **state)
{
	const char *text =
	    "27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	    "\n"
	    "43 27 8:33 /sub\\134dir /srv/docker\\040data\\011x rw master:2 propagate_from:1 "
	    "unbindable - ext4 /dev/my\\040disk rw\n"
	    "44 27 0:50 / /empty-source rw - tmpfs  rw\n";
	struct host_mounts m = {0};
	size_t bad = 0;
	assert_int_equal(mountinfo_parse(text, &m, &bad), 0);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.items[1].id, 43);
	assert_int_equal(m.items[1].parent, 27);
	assert_int_equal(m.items[1].major, 8);
	assert_int_equal(m.items[1].minor, 33);
	assert_string_equal(m.items[1].root, "/sub\\dir");
	assert_string_equal(m.items[1].mount_point, "/srv/docker data\tx");
	assert_string_equal(m.items[1].fstype, "ext4");
	assert_string_equal(m.items[1].source, "/dev/my disk");
	assert_string_equal(m.items[2].source, "rw");
	host_mounts_release(&m);

	static const char *const broken[] = {
	    "27 1 8:1 / / rw shared:1 ext4 /dev/sda1 rw\n", /* no separator */
	    "27 1 8-1 / / rw - ext4 /dev/sda1 rw\n", /* no major:minor */
	    "x 1 8:1 / / rw - ext4 /dev/sda1 rw\n", /* id */
	    "27 1 8:1 / relative rw - ext4 /dev/sda1 rw\n", /* mount point */
	    "27 1 8:1 / / rw -\n", /* no fstype */
	};
	for (size_t i = 0; i < ARRAY_SIZE(broken); i++) {
		_cleanup_free_ char *t =
		    xasprintf("27 1 8:1 / / rw - ext4 /dev/sda1 rw\n%s", broken[i]);
		bad = 0;
		assert_int_equal(mountinfo_parse(t, &m, &bad), -EBADMSG);
		assert_int_equal(bad, 2);
	}
}

static void test_mounts_find(void **state)
{
	const char *text = "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			   "40 27 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"
			   "41 27 8:1 /data /data rw - ext4 /dev/sda1 rw\n"
			   "42 41 8:49 / /data rw - ext4 /dev/sdd1 rw\n" /* stacked on 41 */
			   "50 27 8:65 / /var/lib/dockerx rw - ext4 /dev/sde1 rw\n";
	struct host_mounts m = {0};
	assert_int_equal(mountinfo_parse(text, &m, NULL), 0);
	assert_int_equal(host_mounts_find(&m, "/var/lib/docker/volumes")->id, 40);
	assert_int_equal(host_mounts_find(&m, "/var/lib/docker")->id, 40);
	assert_int_equal(host_mounts_find(&m, "/var/lib")->id, 27);
	/* a neighbour whose name starts the same is not an ancestor */
	assert_int_equal(host_mounts_find(&m, "/var/lib/docker2")->id, 27);
	assert_int_equal(host_mounts_find(&m, "/data/x")->id, 42);
	assert_int_equal(host_mounts_find(&m, "/")->id, 27);
	host_mounts_release(&m);

	/* parent links that make a cycle (a crafted table) end the walk, not the audit */
	assert_int_equal(mountinfo_parse("27 28 8:1 / / rw - ext4 a rw\n"
					 "28 27 8:2 / / rw - ext4 b rw\n"
					 "30 31 8:3 / /x rw - ext4 c rw\n"
					 "31 30 8:4 / /x rw - ext4 d rw\n",
					 &m, NULL),
			 0);
	assert_non_null(host_mounts_find(&m, "/x/y"));
	host_mounts_release(&m);
}

/* Under --root DIR, mount points that show DIR are paths of our own namespace. */
static void test_mounts_prefix(void **state)
{
	char dir[] = "/tmp/da-host-XXXXXX";
	assert_non_null(mkdtemp(dir));
	_cleanup_free_ char *self = xasprintf("%s/proc/self", dir);
	_cleanup_free_ char *proc = xasprintf("%s/proc", dir);
	_cleanup_free_ char *file = xasprintf("%s/proc/self/mountinfo", dir);
	assert_int_equal(mkdir(proc, 0755), 0);
	assert_int_equal(mkdir(self, 0755), 0);
	FILE *f = fopen(file, "we");
	assert_non_null(f);
	fprintf(f,
		"20 1 0:30 / / rw - overlay overlay rw\n"
		"21 20 8:1 / %s rw - ext4 /dev/sda1 rw\n"
		"22 21 253:1 / %s/var rw - ext4 /dev/mapper/vg0-var rw\n",
		dir, dir);
	fclose(f);

	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(dir, &h), 0);
	struct ctx_config cfg = {.fixture_dir = DOCKER "unreachable",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct host_mounts *m = NULL;
	assert_int_equal(ctx_host_mounts(ctx, &m, NULL), 0);
	assert_string_equal(m->prefix, dir);
	_cleanup_free_ char *t = host_mounts_table_path(m, "/var/lib/docker");
	_cleanup_free_ char *want = xasprintf("%s/var/lib/docker", dir);
	assert_string_equal(t, want);
	const struct host_mount *mm = host_mounts_find(m, t);
	assert_int_equal(mm->id, 22);
	_cleanup_free_ char *hp = host_mounts_host_path(m, mm->mount_point);
	assert_string_equal(hp, "/var");
	_cleanup_free_ char *r = host_mounts_table_path(m, "/");
	assert_int_equal(host_mounts_find(m, r)->id, 21);
	_cleanup_free_ char *rp = host_mounts_host_path(m, host_mounts_find(m, r)->mount_point);
	assert_string_equal(rp, "/");
	ctx_free(ctx);
	hostfs_free(h);
	unlink(file);
	rmdir(self);
	rmdir(proc);
	rmdir(dir);
}

static void test_accounts(void **state)
{
	struct host_accounts a = {0};
	assert_int_equal(accounts_parse_group("docker:x:998:alice,,bob \n"
					      "bad:x:notanumber:eve\n"
					      "-nis:x:1:\n"
					      "other:x:999\n",
					      &a),
			 0);
	assert_int_equal(accounts_parse_passwd("carol:x:1003:998::/h:/bin/sh\n"
					       "alice:x:1000:1000::/h:/bin/sh\n"
					       "short:x:1\n",
					       &a),
			 0);
	assert_int_equal(a.n_groups, 2);
	assert_int_equal(a.n_users, 2);
	const struct host_group *g = host_group_find(&a, "docker");
	assert_non_null(g);
	assert_ptr_equal(host_group_find(&a, "998"), g);
	assert_ptr_equal(host_group_find(&a, "999"), &a.groups[1]);
	assert_null(host_group_find(&a, "dock"));
	struct group_member *v = NULL;
	size_t n = 0;
	assert_int_equal(host_group_members(&a, g, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "alice");
	assert_true(v[0].supplementary && !v[0].primary);
	assert_string_equal(v[1].name, "bob");
	assert_string_equal(v[2].name, "carol");
	assert_true(v[2].primary && !v[2].supplementary);
	/* each member's passwd entry, as host_user_find gives it, without a search per member */
	assert_ptr_equal(v[0].user, host_user_find(&a, "alice"));
	assert_ptr_equal(v[0].user, &a.users[1]);
	assert_null(v[1].user);
	assert_ptr_equal(v[2].user, &a.users[0]);
	free(v);
	host_accounts_release(&a);

	/* a name twice in /etc/passwd: the first entry is the user, as the C library finds it */
	struct host_accounts d = {0};
	assert_int_equal(accounts_parse_group("docker:x:998:zed,alice\n", &d), 0);
	assert_int_equal(accounts_parse_passwd("zed:x:1001:1::/h:/bin/sh\n"
					       "alice:x:0:0::/h:/bin/sh\n"
					       "alice:x:1000:998::/h:/bin/sh\n",
					       &d),
			 0);
	assert_int_equal(host_group_members(&d, host_group_find(&d, "docker"), &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "alice");
	assert_true(v[0].primary && v[0].supplementary);
	assert_ptr_equal(v[0].user, &d.users[1]);
	assert_ptr_equal(v[1].user, &d.users[0]);
	free(v);
	host_accounts_release(&d);
}

static void test_containerd_config(void **state)
{
	char *addr = NULL;
	assert_int_equal(containerd_config_grpc_address("version = 2\n[grpc]\n  address = "
							"\"/run/a.sock\" # comment\n",
							&addr),
			 0);
	assert_string_equal(addr, "/run/a.sock");
	free(addr);
	assert_int_equal(containerd_config_grpc_address("[debug]\naddress = \"/run/d.sock\"\n"
							"[grpc]\n#address = \"/x\"\nuid = 0\n"
							"[grpc.tcp]\naddress = \"0.0.0.0:1\"\n",
							&addr),
			 -ENOENT);
	assert_int_equal(
	    containerd_config_grpc_address("grpc.address = 'unix:///run/b.sock'\n", &addr), 0);
	assert_string_equal(addr, "/run/b.sock");
	free(addr);
	assert_int_equal(containerd_config_grpc_address("", &addr), -ENOENT);
}

static void test_engine_versions(void **state)
{
	static const struct {
		const char *s;
		int r;
		unsigned major, minor, patch;
	} cases[] = {
	    {"20.10.24+dfsg1", 0, 20, 10, 24},
	    {"24.0.7", 0, 24, 0, 7},
	    {"27.3.1-1", 0, 27, 3, 1},
	    {"v28.0.0-rc.1", 0, 28, 0, 0},
	    {"25.0", 0, 25, 0, 0},
	    {"1.13.1", 0, 1, 13, 1},
	    {"dev", -EINVAL, 0, 0, 0},
	    {"28", -EINVAL, 0, 0, 0},
	    {"", -EINVAL, 0, 0, 0},
	    {"99999999999.1.1", -ERANGE, 0, 0, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned a = 0, b = 0, c = 0;
		int r = engine_version_parse(cases[i].s, &a, &b, &c);
		if (cases[i].r == 0) {
			assert_int_equal(r, 0);
			assert_int_equal(a, cases[i].major);
			assert_int_equal(b, cases[i].minor);
			assert_int_equal(c, cases[i].patch);
		} else {
			assert_true(r < 0);
		}
	}
}

/* The same unit is located once; drop-ins come sorted by file name, masks and hidden ones out. */
static void test_units_located(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "host-units", &h), 0);
	struct ctx_config cfg = {.fixture_dir = DOCKER "unreachable",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	const struct located *l = ctx_locate(ctx, CTX_LOC_UNIT, "docker.service");
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/etc/systemd/system/docker.service");
	assert_int_equal(ctx_locate(ctx, CTX_LOC_UNIT, "docker.socket")->error, -ENOENT);
	char *const *d = NULL, *const *d2 = NULL;
	assert_int_equal(units_dropins(ctx, "docker.service", &d), 0);
	assert_int_equal(units_dropins(ctx, "docker.service", &d2), 0);
	assert_ptr_equal(d, d2);
	assert_int_equal(strv_length(d), 2);
	assert_string_equal(d[0], "/usr/lib/systemd/system/docker.service.d/10-packaged.conf");
	assert_string_equal(d[1], "/etc/systemd/system/docker.service.d/override.conf");
	assert_int_equal(units_dropins(ctx, "nosuch.service", &d), 0);
	assert_null(d[0]);
	ctx_free(ctx);
	hostfs_free(h);
}

/* The dockerd that serves the endpoint, its binary from /proc and its settings. */
static void test_dockerd_process(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "host-proc", &h), 0);
	struct ctx_config cfg = {.fixture_dir = DOCKER "unreachable",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	long pid = 0;
	assert_int_equal(dockerd_pid(ctx, &pid), 0);
	assert_int_equal(pid, 4242);
	const struct located *l = ctx_locate(ctx, CTX_LOC_BINARY, "dockerd");
	assert_string_equal(l->path, "/usr/local/bin/dockerd");
	assert_string_equal(l->source, "process");
	const char *v = NULL, *src = NULL;
	assert_int_equal(daemonconf_setting(ctx, "containerd", &v, &src), 0);
	assert_string_equal(v, "/run/custom/containerd.sock");
	assert_string_equal(src, "cmdline");
	assert_int_equal(daemonconf_setting(ctx, "data-root", &v, &src), -ENOENT);
	l = ctx_locate_containerd_socket(ctx);
	assert_int_equal(l->error, 0);
	assert_string_equal(l->path, "/run/custom/containerd.sock");
	ctx_free(ctx);
	hostfs_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finding_fields),  cmocka_unit_test(test_mountinfo_parse),
	    cmocka_unit_test(test_mounts_find),	    cmocka_unit_test(test_mounts_prefix),
	    cmocka_unit_test(test_accounts),	    cmocka_unit_test(test_containerd_config),
	    cmocka_unit_test(test_engine_versions), cmocka_unit_test(test_units_located),
	    cmocka_unit_test(test_dockerd_process),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	failed += ROWS_RUN("section 1 rows", rows, row_name, row_run);
	const struct CMUnitTest after[] = {cmocka_unit_test(test_remedies_matched)};
	return failed + cmocka_run_group_tests_name("remedy rows", after, NULL, NULL);
}
