/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benchmark editions: every row of the v1.6.0 -> v1.7.0 -> v1.8.0 map (118 rows, from
 * /work/shared/reference/editions-and-api.md section 1.2) against each edition's view of the
 * check table; the stable key that joins them; the checks whose judgement an edition changed;
 * waivers and baselines written under one edition applied under another.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "baseline.h"
#include "buf.h"
#include "benchmark.h"
#include "context.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"
#include "waivers.h"

struct map_row {
	const char *id[3]; /* v1.6.0, v1.7.0, v1.8.0; NULL: not in that edition */
	int level;
	char am[3]; /* 'A'utomated / 'M'anual per edition, 0 when absent */
	const char *title; /* v1.8.0's words */
};

static const struct map_row map[] = {
    {{"1.1.1", "1.1.1", "1.1.1"},
     1,
     {'M', 'M', 'M'},
     "Ensure a separate partition for containers has been created"},
    {{"1.1.2", "1.1.2", "1.1.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure only trusted users are allowed to control Docker daemon"},
    {{"1.1.3", "1.1.3", "1.1.3"},
     1,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for the Docker daemon"},
    {{"1.1.4", "1.1.4", "1.1.4"},
     1,
     {'A', 'M', 'M'},
     "Ensure auditing is configured for Docker files and directories - /run/containerd"},
    {{"1.1.5", "1.1.5", "1.1.5"},
     1,
     {'M', 'M', 'M'},
     "Ensure auditing is configured for Docker files and directories - /var/lib/docker"},
    {{"1.1.6", "1.1.6", "1.1.6"},
     1,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /etc/docker"},
    {{"1.1.7", "1.1.7", "1.1.7"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - docker.service"},
    {{"1.1.8", "1.1.8", "1.1.8"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - containerd.sock"},
    {{"1.1.9", "1.1.9", "1.1.9"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - docker.sock"},
    {{"1.1.10", "1.1.10", "1.1.10"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /etc/default/docker"},
    {{"1.1.11", "1.1.11", "1.1.11"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json"},
    {{"1.1.12", "1.1.12", "1.1.12"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - "
     "/etc/containerd/config.toml"},
    {{"1.1.13", "1.1.13", "1.1.13"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker"},
    {{"1.1.14", "1.1.14", "1.1.14"},
     2,
     {'A', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd"},
    {{"1.1.15", "1.1.15", "1.1.15"},
     2,
     {'M', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim"},
    {{"1.1.16", "1.1.16", "1.1.16"},
     2,
     {'M', 'M', 'M'},
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v1"},
    {{"1.1.17", "1.1.17", "1.1.17"},
     2,
     {'M', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v2"},
    {{"1.1.18", "1.1.18", "1.1.18"},
     2,
     {'M', 'A', 'A'},
     "Ensure auditing is configured for Docker files and directories - /usr/bin/runc"},
    {{"1.2.1", "1.2.1", "1.2.1"},
     1,
     {'M', 'M', 'M'},
     "Ensure the container host has been Hardened"},
    {{"1.2.2", "1.2.2", "1.2.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the version of Docker is up to date"},
    {{"2.1", "2.1", "2.1"},
     1,
     {'M', 'M', 'M'},
     "Run the Docker daemon as a non-root user, if possible"},
    {{"2.2", "2.2", "2.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure network traffic is restricted between containers on the default bridge"},
    {{"2.3", "2.3", "2.3"}, 1, {'M', 'M', 'M'}, "Ensure the logging level is set to 'info'"},
    {{"2.4", "2.4", "2.4"},
     1,
     {'M', 'M', 'M'},
     "Ensure Docker is allowed to make changes to iptables"},
    {{"2.5", "2.5", "2.5"}, 1, {'M', 'M', 'M'}, "Ensure insecure registries are not used"},
    {{"2.6", "2.6", "2.6"}, 1, {'M', 'M', 'M'}, "Ensure aufs storage driver is not used"},
    {{NULL, NULL, "2.7"}, 1, {0, 0, 'M'}, "Ensure devicemapper storage driver is not used"},
    {{"2.7", "2.7", "2.8"},
     1,
     {'M', 'M', 'M'},
     "Ensure TLS authentication for Docker daemon is configured"},
    {{"2.8", "2.8", "2.9"},
     1,
     {'M', 'M', 'M'},
     "Ensure the default ulimit is configured appropriately"},
    {{"2.9", "2.9", "2.10"}, 2, {'M', 'M', 'M'}, "Enable user namespace support"},
    {{"2.10", "2.10", "2.11"},
     2,
     {'M', 'M', 'M'},
     "Ensure the default cgroup usage has been confirmed"},
    {{"2.11", "2.11", "2.12"},
     2,
     {'M', 'M', 'M'},
     "Ensure base device size is not changed until needed"},
    {{"2.12", "2.12", "2.13"},
     2,
     {'M', 'M', 'M'},
     "Ensure that authorization for Docker client commands is enabled"},
    {{"2.13", "2.13", "2.14"},
     2,
     {'M', 'M', 'M'},
     "Ensure centralized and remote logging is configured"},
    {{"2.14", "2.14", "2.15"},
     1,
     {'M', 'M', 'M'},
     "Ensure containers are restricted from acquiring new privileges"},
    {{"2.15", "2.15", "2.16"}, 1, {'M', 'M', 'M'}, "Ensure live restore is enabled"},
    {{"2.16", "2.16", "2.17"}, 1, {'M', 'M', 'M'}, "Ensure Userland Proxy is Disabled"},
    {{"2.17", "2.17", "2.18"},
     2,
     {'M', 'M', 'M'},
     "Ensure that a daemon-wide custom seccomp profile is applied if appropriate"},
    {{"2.18", "2.18", "2.19"},
     1,
     {'M', 'M', 'M'},
     "Ensure that experimental features are not implemented in production"},
    {{"3.1", "3.1", "3.1"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the docker.service file ownership is set to root:root"},
    {{"3.2", "3.2", "3.2"},
     1,
     {'A', 'A', 'A'},
     "Ensure that docker.service file permissions are appropriately set"},
    {{"3.3", "3.3", "3.3"},
     1,
     {'A', 'A', 'A'},
     "Ensure that docker.socket file ownership is set to root:root"},
    {{"3.4", "3.4", "3.4"},
     1,
     {'A', 'A', 'A'},
     "Ensure that docker.socket file permissions are set to 644 or more restrictive"},
    {{"3.5", "3.5", "3.5"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the /etc/docker directory ownership is set to root:root"},
    {{"3.6", "3.6", "3.6"},
     1,
     {'A', 'A', 'A'},
     "Ensure that /etc/docker directory permissions are set to 755 or more restrictively"},
    {{"3.7", "3.7", "3.7"},
     1,
     {'M', 'M', 'M'},
     "Ensure that registry certificate file ownership is set to root:root"},
    {{"3.8", "3.8", "3.8"},
     1,
     {'M', 'M', 'M'},
     "Ensure that registry certificate file permissions are set to 444 or more restrictively"},
    {{"3.9", "3.9", "3.9"},
     1,
     {'M', 'M', 'M'},
     "Ensure that TLS CA certificate file ownership is set to root:root"},
    {{"3.10", "3.10", "3.10"},
     1,
     {'M', 'M', 'M'},
     "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively"},
    {{"3.11", "3.11", "3.11"},
     1,
     {'M', 'M', 'M'},
     "Ensure that Docker server certificate file ownership is set to root:root"},
    {{"3.12", "3.12", "3.12"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the Docker server certificate file permissions are set to 444 or more "
     "restrictively"},
    {{"3.13", "3.13", "3.13"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the Docker server certificate key file ownership is set to root:root"},
    {{"3.14", "3.14", "3.14"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the Docker server certificate key file permissions are set to 400"},
    {{"3.15", "3.15", "3.15"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the Docker socket file ownership is set to root:docker"},
    {{"3.16", "3.16", "3.16"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the Docker socket file permissions are set to 660 or more restrictively"},
    {{"3.17", "3.17", "3.17"},
     2,
     {'M', 'M', 'M'},
     "Ensure that the daemon.json file ownership is set to root:root"},
    {{"3.18", "3.18", "3.18"},
     2,
     {'M', 'M', 'M'},
     "Ensure that daemon.json file permissions are set to 644 or more restrictive"},
    {{"3.19", "3.19", "3.19"},
     2,
     {'M', 'M', 'M'},
     "Ensure that the /etc/default/docker file ownership is set to root:root"},
    {{"3.20", "3.20", "3.20"},
     2,
     {'M', 'M', 'M'},
     "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively"},
    {{"3.21", "3.21", "3.21"},
     2,
     {'M', 'M', 'M'},
     "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively"},
    {{"3.22", "3.22", "3.22"},
     2,
     {'M', 'M', 'M'},
     "Ensure that the /etc/sysconfig/docker file ownership is set to root:root"},
    {{"3.23", "3.23", "3.23"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the Containerd socket file ownership is set to root:root"},
    {{"3.24", "3.24", "3.24"},
     1,
     {'A', 'A', 'A'},
     "Ensure that the Containerd socket file permissions are set to 660 or more restrictively"},
    {{"4.1", "4.1", "4.1"},
     1,
     {'M', 'M', 'M'},
     "Ensure that a user for the container has been created"},
    {{"4.2", "4.2", "4.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure that containers use only trusted base images"},
    {{"4.3", "4.3", "4.3"},
     1,
     {'M', 'M', 'M'},
     "Ensure that unnecessary packages are not installed in the container"},
    {{"4.4", "4.4", "4.4"},
     1,
     {'M', 'M', 'M'},
     "Ensure images are scanned and rebuilt to include security patches"},
    {{"4.5", "4.5", "4.5"}, 2, {'M', 'M', 'M'}, "Ensure Content trust for Docker is Enabled"},
    {{"4.6", "4.6", "4.6"},
     1,
     {'M', 'M', 'M'},
     "Ensure that HEALTHCHECK instructions have been added to container images"},
    {{"4.7", "4.7", "4.7"},
     1,
     {'M', 'M', 'M'},
     "Ensure update instructions are not used alone in Dockerfiles"},
    {{"4.8", "4.8", "4.8"}, 2, {'M', 'M', 'M'}, "Ensure setuid and setgid permissions are removed"},
    {{"4.9", "4.9", "4.9"},
     1,
     {'M', 'M', 'M'},
     "Ensure that COPY is used instead of ADD in Dockerfiles"},
    {{"4.10", "4.10", "4.10"}, 1, {'M', 'M', 'M'}, "Ensure secrets are not stored in Dockerfiles"},
    {{"4.11", "4.11", "4.11"}, 2, {'M', 'M', 'M'}, "Ensure only verified packages are installed"},
    {{"4.12", "4.12", "4.12"}, 1, {'M', 'M', 'M'}, "Ensure all signed artifacts are validated"},
    {{"5.1", "5.1", "5.1"}, 1, {'M', 'M', 'M'}, "Ensure swarm mode is not Enabled, if not needed"},
    {{"5.2", "5.2", "5.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure that, if applicable, an AppArmor Profile is enabled"},
    {{"5.3", "5.3", "5.3"},
     2,
     {'M', 'M', 'M'},
     "Ensure that, if applicable, SELinux security options are set"},
    {{"5.4", "5.4", "5.4"},
     1,
     {'M', 'M', 'M'},
     "Ensure that Linux kernel capabilities are restricted within containers"},
    {{"5.5", "5.5", "5.5"}, 1, {'M', 'M', 'M'}, "Ensure that privileged containers are not used"},
    {{"5.6", "5.6", "5.6"},
     1,
     {'M', 'M', 'M'},
     "Ensure sensitive host system directories are not mounted on containers"},
    {{"5.7", "5.7", "5.7"}, 1, {'M', 'M', 'M'}, "Ensure sshd is not run within containers"},
    {{"5.8", "5.8", "5.8"},
     1,
     {'M', 'M', 'M'},
     "Ensure privileged ports are not mapped within containers"},
    {{"5.9", "5.9", "5.9"},
     1,
     {'M', 'M', 'M'},
     "Ensure that only needed ports are open on the container"},
    {{"5.10", "5.10", "5.10"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the host's network namespace is not shared"},
    {{"5.11", "5.11", "5.11"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the memory usage for containers is limited"},
    {{"5.12", "5.12", "5.12"},
     1,
     {'M', 'M', 'M'},
     "Ensure that CPU priority is set appropriately on containers"},
    {{"5.13", "5.13", "5.13"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the container's root filesystem is mounted as read only"},
    {{"5.14", "5.14", "5.14"},
     1,
     {'M', 'M', 'M'},
     "Ensure that incoming container traffic is bound to a specific host interface"},
    {{"5.15", "5.15", "5.15"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the 'on-failure' container restart policy is set to '5'"},
    {{"5.16", "5.16", "5.16"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the host's process namespace is not shared"},
    {{"5.17", "5.17", "5.17"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the host's IPC namespace is not shared"},
    {{"5.18", "5.18", "5.18"},
     1,
     {'M', 'M', 'M'},
     "Ensure that host devices are not directly exposed to containers"},
    {{"5.19", "5.19", "5.19"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the default ulimit is overwritten at runtime if needed"},
    {{"5.20", "5.20", "5.20"},
     1,
     {'M', 'M', 'M'},
     "Ensure mount propagation mode is not set to shared"},
    {{"5.21", "5.21", "5.21"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the host's UTS namespace is not shared"},
    {{"5.22", "5.22", "5.22"},
     1,
     {'M', 'M', 'M'},
     "Ensure the default seccomp profile is not Disabled"},
    {{"5.23", "5.23", "5.23"},
     2,
     {'M', 'M', 'M'},
     "Ensure that docker exec commands are not used with the privileged option"},
    {{"5.24", "5.24", "5.24"},
     2,
     {'M', 'M', 'M'},
     "Ensure that docker exec commands are not used with the user=root option"},
    {{"5.25", "5.25", "5.25"}, 1, {'M', 'M', 'M'}, "Ensure that cgroup usage is confirmed"},
    {{"5.26", "5.26", "5.26"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the container is restricted from acquiring additional privileges"},
    {{"5.27", "5.27", "5.27"},
     1,
     {'M', 'M', 'M'},
     "Ensure that container health is checked at runtime"},
    {{"5.28", "5.28", "5.28"},
     1,
     {'M', 'M', 'M'},
     "Ensure that Docker commands always make use of the latest version of their image"},
    {{"5.29", "5.29", "5.29"}, 1, {'M', 'M', 'M'}, "Ensure that the PIDs cgroup limit is used"},
    {{"5.30", "5.30", "5.30"},
     2,
     {'M', 'M', 'M'},
     "Ensure that Docker's default bridge \"docker0\" is not used"},
    {{"5.31", "5.31", "5.31"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the host's user namespaces are not shared"},
    {{"5.32", "5.32", "5.32"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the Docker socket is not mounted inside any containers"},
    {{"6.1", "6.1", "6.1"}, 1, {'M', 'M', 'M'}, "Ensure that image sprawl is avoided"},
    {{"6.2", "6.2", "6.2"}, 1, {'M', 'M', 'M'}, "Ensure that container sprawl is avoided"},
    {{"7.1", "7.1", "7.1"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the minimum number of manager nodes have been created in a swarm"},
    {{"7.2", "7.2", "7.2"},
     1,
     {'M', 'M', 'M'},
     "Ensure that swarm services are bound to a specific host interface"},
    {{"7.3", "7.3", "7.3"},
     1,
     {'M', 'M', 'M'},
     "Ensure that all Docker swarm overlay networks are encrypted"},
    {{"7.4", "7.4", "7.4"},
     1,
     {'M', 'M', 'M'},
     "Ensure that Docker's secret management commands are used for managing secrets in a swarm "
     "cluster"},
    {{"7.5", "7.5", "7.5"},
     1,
     {'M', 'M', 'M'},
     "Ensure that swarm manager is run in auto-lock mode"},
    {{"7.6", "7.6", "7.6"},
     1,
     {'M', 'M', 'M'},
     "Ensure that the swarm manager auto-lock key is rotated periodically"},
    {{"7.7", "7.7", "7.7"},
     1,
     {'M', 'M', 'M'},
     "Ensure that node certificates are rotated as appropriate"},
    {{"7.8", "7.8", "7.8"},
     1,
     {'M', 'M', 'M'},
     "Ensure that CA certificates are rotated as appropriate"},
    {{"7.9", "7.9", "7.9"},
     1,
     {'M', 'M', 'M'},
     "Ensure that management plane traffic is separated from data plane traffic"},
};

static const char *const editions[] = {"1.6.0", "1.7.0", "1.8.0"};

/* Each edition lists exactly the map's rows: ids, titles, levels, assessment status. */
static void test_map(void **state)
{
	for (size_t e = 0; e < ARRAY_SIZE(editions); e++) {
		const struct benchmark *bm = benchmark_find(editions[e]);
		assert_non_null(bm);
		assert_string_equal(bm->name, "CIS Docker Benchmark");
		assert_string_equal(bm->version, editions[e]);
		size_t n, want = 0;
		const struct check *const *all = benchmark_checks(bm, &n);
		for (size_t r = 0; r < ARRAY_SIZE(map); r++) {
			const struct map_row *m = &map[r];
			if (!m->id[e])
				continue;
			want++;
			const struct check *c = benchmark_check(bm, m->id[e]);
			if (!c)
				fail_msg("v%s: no %s", editions[e], m->id[e]);
			/* v1.6.0 still named 1.1.9 after the unit */
			_cleanup_free_ char *title = xstrdup(m->title);
			if (e == 0 && strcmp(m->id[e], "1.1.9") == 0)
				title = (free(title),
					 xstrdup("Ensure auditing is configured for Docker "
						 "files and directories - docker.socket"));
			if (strcmp(c->title, title) != 0)
				fail_msg("v%s %s: title '%s', want '%s'", editions[e], c->id,
					 c->title, title);
			if (c->level != m->level)
				fail_msg("v%s %s: level %d, want %d", editions[e], c->id, c->level,
					 m->level);
			if (c->automated != (m->am[e] == 'A'))
				fail_msg("v%s %s: automated %d, want %c", editions[e], c->id,
					 c->automated, m->am[e]);
			char sec[8];
			snprintf(sec, sizeof(sec), "%.*s", (int)strcspn(c->id, "."), c->id);
			assert_string_equal(c->section, sec);
			/* the same recommendation in every edition is one key */
			for (size_t o = 0; o < ARRAY_SIZE(editions); o++) {
				const struct check *x =
				    m->id[o]
					? benchmark_check(benchmark_find(editions[o]), m->id[o])
					: NULL;
				if (x && strcmp(x->key, c->key) != 0)
					fail_msg("v%s %s (%s) and v%s %s (%s) differ in key",
						 editions[e], c->id, c->key, editions[o], x->id,
						 x->key);
				if (!m->id[o])
					assert_null(benchmark_check_by_key(
					    benchmark_find(editions[o]), c->key));
			}
		}
		assert_int_equal(n, want);
		assert_int_equal(n, e == 2 ? 118 : 117);
		/* sorted, unique ids and keys; every row runnable and documented */
		for (size_t i = 0; i < n; i++) {
			assert_non_null(all[i]->run);
			assert_non_null(all[i]->key);
			assert_true(all[i]->remediation && *all[i]->remediation);
			assert_non_null(benchmark_section_title(bm, all[i]->section));
			if (i)
				assert_true(check_id_cmp(all[i - 1]->id, all[i]->id) < 0);
			for (size_t j = 0; j < i; j++)
				assert_string_not_equal(all[j]->key, all[i]->key);
		}
	}
}

static void test_registry(void **state)
{
	assert_ptr_equal(benchmark_default(), benchmark_find("1.8.0"));
	assert_ptr_equal(benchmark_find("v1.7.0"), benchmark_find("1.7.0"));
	assert_null(benchmark_find("1.5.0"));
	assert_null(benchmark_find(""));
	assert_string_equal(benchmark_options(), "1.6.0|1.7.0|1.8.0|k8s-node");
	assert_string_equal(benchmark_label(benchmark_find("1.7.0")),
			    "CIS Docker Benchmark v1.7.0");
	_cleanup_free_ char *tag = benchmark_tag(benchmark_find("1.8.0"));
	assert_string_equal(tag, "cis-docker-benchmark-1.8.0");
	/* v1.6.0 is the rows as written: the same functions, texts and ids */
	size_t n, nb;
	const struct check *const *all = checks_all(&n);
	const struct check *const *v16 = benchmark_checks(benchmark_base(), &nb);
	assert_int_equal(n, nb);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(all[i]->id, v16[i]->id);
		assert_ptr_equal(all[i]->run, v16[i]->run);
		assert_ptr_equal(all[i]->remediation, v16[i]->remediation);
	}
	/* a NULL benchmark means v1.6.0 */
	assert_ptr_equal(benchmark_check(NULL, "2.7"), benchmark_check(benchmark_base(), "2.7"));
	assert_true(benchmark_same_family(benchmark_find("1.6.0"), benchmark_find("1.8.0")));
	/* the Kubernetes node profile: a benchmark of its own, ids and keys apart from Docker's */
	const struct benchmark *k8s = benchmark_find("k8s-node");
	assert_non_null(k8s);
	assert_false(benchmark_same_family(k8s, benchmark_default()));
	assert_string_equal(benchmark_label(k8s), "CIS Kubernetes Benchmark v1.12.0");
	_cleanup_free_ char *ktag = benchmark_tag(k8s);
	assert_string_equal(ktag, "cis-kubernetes-benchmark-1.12.0");
	const struct check *const *kc = benchmark_checks(k8s, &nb);
	assert_int_equal(nb, 54);
	for (size_t i = 0; i < nb; i++) {
		assert_true(strncmp(kc[i]->id, "k8s-", 4) == 0);
		assert_true(strncmp(kc[i]->key, "k8s-", 4) == 0);
		assert_null(benchmark_check(benchmark_default(), kc[i]->id));
	}
	assert_string_equal(benchmark_check(k8s, "k8s-4.2.1")->key, "k8s-kubelet-anonymous-auth");
}

/* What each edition changed in how a check is judged or fixed. */
static void test_changed_rows(void **state)
{
	const struct benchmark *b16 = benchmark_find("1.6.0"), *b17 = benchmark_find("1.7.0"),
			       *b18 = benchmark_find("1.8.0");
	/* 1.1.9: the unit file in v1.6.0, the socket files from v1.7.0 */
	const struct check *s16 = benchmark_check(b16, "1.1.9"),
			   *s17 = benchmark_check(b17, "1.1.9");
	assert_ptr_not_equal(s16->run, s17->run);
	assert_non_null(strstr(s16->judged, "unit file"));
	assert_non_null(strstr(s17->judged, "ListenStream"));
	assert_non_null(strstr(s17->remediation, "/run/docker.sock"));
	assert_ptr_equal(benchmark_check(b18, "1.1.9")->run, s17->run);
	/* 1.1.5: 'never' exclusions from v1.7.0; the data root named from v1.8.0 */
	assert_null(strstr(benchmark_check(b16, "1.1.5")->remediation, "never"));
	/* as explain shows it: the usual data root where no host is audited */
	_cleanup_free_ char *never =
	    runner_render(b17, benchmark_check(b17, "1.1.5")->remediation, NULL, NULL);
	assert_non_null(strstr(never, "-a exit,never -F dir=/var/lib/docker/volumes"));
	assert_non_null(strstr(never, "-a exit,never -F dir=/var/lib/docker/overlay2"));
	assert_null(strstr(never, "{{"));
	assert_non_null(strstr(benchmark_check(b18, "1.1.5")->remediation, "never"));
	assert_non_null(strstr(benchmark_check(b18, "1.1.5")->judged, "data root"));
	/* 5.6: /lib64 from v1.7.0 */
	assert_null(strstr(benchmark_check(b16, "5.6")->judged, "/lib64"));
	assert_non_null(strstr(benchmark_check(b17, "5.6")->judged, "/lib64"));
	assert_ptr_not_equal(benchmark_check(b16, "5.6")->arg, benchmark_check(b17, "5.6")->arg);
	/* v1.8.0 2.7 is devicemapper; 2.8 is v1.6.0's 2.7, the same function and texts */
	assert_string_equal(benchmark_check(b18, "2.7")->key, "no-devicemapper");
	assert_null(benchmark_check_by_key(b17, "no-devicemapper"));
	assert_ptr_equal(benchmark_check(b18, "2.8")->run, benchmark_check(b16, "2.7")->run);
	assert_ptr_equal(benchmark_check(b18, "2.8")->remediation,
			 benchmark_check(b16, "2.7")->remediation);
	assert_ptr_equal(benchmark_check(b18, "2.7")->run, benchmark_check(b16, "2.6")->run);
	assert_null(benchmark_check(b16, "2.19"));
	assert_string_equal(benchmark_check(b18, "2.19")->key, "no-experimental");
}

/* Checks under an edition, against fixtures: {edition, docker scenario, host, kernel rules,
 * id} -> verdict and a detail substring. */
struct run_row {
	const char *bench, *docker, *host, *kernel, *id;
	enum da_status want;
	const char *detail;
	const char *names; /* the failing objects, comma-separated, or NULL: not checked */
};

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"
#define RULES DA_FIXTURES "/hostfs/host-kernel-rules/"

static const struct run_row run_rows[] = {
    /* v1.8.0 2.7: the storage driver in use */
    {"1.8.0", "daemon-devmapper", "daemon-systemd", NULL, "2.7", DA_FAIL, "devicemapper", NULL},
    {"1.8.0", "daemon-default", "daemon-systemd", NULL, "2.7", DA_PASS,
     "overlay2, not devicemapper", NULL},
    {"1.8.0", "daemon-aufs", "daemon-systemd", NULL, "2.7", DA_PASS, "aufs, not devicemapper",
     NULL},
    {"1.8.0", "daemon-aufs", "daemon-systemd", NULL, "2.6", DA_FAIL, "aufs", NULL},
    /* the same recommendation under its two numbers gives the same verdict */
    {"1.6.0", "daemon-default", "daemon-systemd", NULL, "2.15", DA_FAIL, "LiveRestoreEnabled",
     NULL},
    {"1.8.0", "daemon-default", "daemon-systemd", NULL, "2.16", DA_FAIL, "LiveRestoreEnabled",
     NULL},
    {"1.6.0", "daemon-default", "daemon-systemd", NULL, "2.11", DA_SKIP, "only to devicemapper",
     NULL},
    {"1.8.0", "daemon-default", "daemon-systemd", NULL, "2.12", DA_SKIP, "only to devicemapper",
     NULL},
    {"1.8.0", "daemon-devmapper", "daemon-systemd", NULL, "2.12", DA_PASS, NULL, NULL},
    /* seccomp: engines from 23.0 call the default profile 'builtin', older ones 'default' */
    {"1.8.0", "daemon-nnp", "daemon-systemd", NULL, "2.18", DA_PASS, "built-in default", NULL},
    {"1.8.0", "daemon-default", "daemon-systemd", NULL, "2.18", DA_PASS, "built-in default", NULL},
    {"1.6.0", "daemon-nnp", "daemon-systemd", NULL, "2.17", DA_PASS, "built-in default", NULL},
    {"1.8.0", "daemon-unconfined", "daemon-systemd", NULL, "2.18", DA_FAIL, "unconfined", NULL},
    /* 1.1.9: v1.6.0 judges the docker.socket unit, v1.7.0 the socket it makes; the socket
     * file cannot be in a fixture (the e2e test judges a real one) */
    {"1.6.0", "host-default", "debian", "none.rules", "1.1.9", DA_FAIL,
     "/usr/lib/systemd/system/docker.socket", NULL},
    {"1.7.0", "daemon-default", "daemon-systemd", "none.rules", "1.1.9", DA_SKIP,
     "/run/docker.sock", NULL},
    /* 5.6: /lib64 is sensitive from v1.7.0 */
    {"1.6.0", "runtime-lib64", "runtime-host", NULL, "5.6", DA_FAIL, "/etc mounted read-only",
     "etcmount"},
    {"1.7.0", "runtime-lib64", "runtime-host", NULL, "5.6", DA_FAIL,
     "/lib64 mounted read-only at /host-lib64", "etcmount,lib64mount"},
    {"1.8.0", "runtime-lib64", "runtime-host", NULL, "5.6", DA_FAIL, "/lib64",
     "etcmount,lib64mount"},
    /* 5.31 cites userns-remap by the chosen edition's id (issue 13: it said 2.10 in v1.6.0) */
    {"1.6.0", "runtime-hardened", "runtime-host", NULL, "5.31", DA_PASS,
     "does not remap user namespaces (2.9)", NULL},
    {"1.7.0", "runtime-hardened", "runtime-host", NULL, "5.31", DA_PASS,
     "does not remap user namespaces (2.9)", NULL},
    {"1.8.0", "runtime-hardened", "runtime-host", NULL, "5.31", DA_PASS,
     "does not remap user namespaces (2.10)", NULL},
    /* the SKIP of the SELinux check names the daemon's flag, no id (no edition has a daemon
     * check for it; it said "see 2.9") */
    {"1.8.0", "runtime-hardened", "runtime-host", NULL, "5.3", DA_SKIP,
     "SecurityOptions: dockerd runs without --selinux-enabled)", NULL},
};

/* "{{KEY}}" in a check's text becomes the id of the chosen edition, never another's */
static void test_resolve_refs(void **state)
{
	static const struct {
		const char *bench, *in, *out;
	} rows[] = {
	    {"1.6.0", "see {{userns-remap}}.", "see 2.9."},
	    {"1.8.0", "see {{userns-remap}} and {{live-restore}}", "see 2.10 and 2.16"},
	    {"1.8.0", "{{no-such-key}} {{unclosed", "no-such-key {{unclosed"},
	    {"1.8.0", "no reference", "no reference"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char *t = xstrdup(rows[i].in);
		assert_int_equal(runner_resolve_refs(benchmark_find(rows[i].bench), &t), 0);
		assert_string_equal(t, rows[i].out);
		free(t);
	}
}

static void test_run_rows(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(run_rows); i++) {
		const struct run_row *row = &run_rows[i];
		struct hostfs *h = NULL;
		_cleanup_free_ char *root = xasprintf(HOSTS "%s", row->host);
		_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
		_cleanup_free_ char *kernel =
		    row->kernel ? xasprintf(RULES "%s", row->kernel) : NULL;
		assert_int_equal(hostfs_new(root, &h), 0);
		char *env[] = {NULL};
		struct ctx_config cfg = {
		    .fixture_dir = docker,
		    .hostfs = h,
		    .kernel_audit = kernel ? CTX_KERNEL_AUDIT_FIXTURE : CTX_KERNEL_AUDIT_DENIED,
		    .kernel_rules_fixture = kernel,
		    .env = env,
		};
		struct audit_ctx *ctx = NULL;
		assert_int_equal(ctx_new(&cfg, &ctx), 0);
		char *only[] = {(char *)(uintptr_t)row->id, NULL};
		struct selection sel = {.benchmark = benchmark_find(row->bench), .only = only};
		struct report rep = {0};
		assert_int_equal(runner_run(ctx, &sel, &rep), 0);
		assert_int_equal(rep.n_results, 1);
		const struct result *res = &rep.results[0];
		assert_ptr_equal(rep.benchmark, sel.benchmark);
		assert_string_equal(res->check->id, row->id);
		if (res->status != row->want)
			fail_msg("row %zu: v%s %s [%s]: want %s, got %s: %s", i, row->bench,
				 row->id, row->docker, da_status_name(row->want),
				 da_status_name(res->status), res->detail);
		bool in_detail = row->detail && strstr(res->detail, row->detail);
		for (size_t f = 0; row->detail && f < res->n_findings && !in_detail; f++)
			in_detail =
			    strstr(res->findings[f].detail, row->detail) ||
			    (res->findings[f].name && strstr(res->findings[f].name, row->detail));
		if (row->detail && !in_detail)
			fail_msg("row %zu: v%s %s: '%s' lacks '%s'", i, row->bench, row->id,
				 res->detail, row->detail);
		if (row->names) {
			struct buf got;
			buf_init(&got, 4096);
			for (size_t f = 0; f < res->n_findings; f++)
				assert_int_equal(
				    buf_printf(&got, "%s%s", f ? "," : "", res->findings[f].name),
				    0);
			if (strcmp(got.len ? got.data : "", row->names) != 0)
				fail_msg("row %zu: v%s %s: findings '%s', want '%s'", i, row->bench,
					 row->id, got.len ? got.data : "", row->names);
			buf_release(&got);
		}
		report_release(&rep);
		ctx_free(ctx);
		hostfs_free(h);
	}
}

/* A report of one failing check-level result per id, under bm. */
static void fake_report(struct report *r, struct result *res, const struct benchmark *bm,
			const char *const *ids, size_t n)
{
	*r = (struct report){.benchmark = bm, .results = res, .n_results = n};
	for (size_t i = 0; i < n; i++) {
		res[i] = (struct result){.check = benchmark_check(bm, ids[i])};
		assert_non_null(res[i].check);
		result_fail(&res[i], "x");
		r->summary[DA_FAIL]++;
	}
}

static void release_report(struct report *r)
{
	for (size_t i = 0; i < r->n_results; i++)
		result_release(&r->results[i]);
	baseline_release_changes(r);
}

static struct waiver_set *parse_waivers(const char *text)
{
	struct waiver_set *w = NULL;
	char *err = NULL;
	if (waivers_parse(text, strlen(text), "w.json", 1767225600 /* 2026-01-01 */, &w, &err) < 0)
		fail_msg("waivers: %s", err ? err : "?");
	return w;
}

/* v1.6.0's 2.8 ulimit waiver is v1.8.0's 2.9, and the report says it mapped it. */
static void test_waivers_across_editions(void **state)
{
	const struct benchmark *b18 = benchmark_find("1.8.0"), *b16 = benchmark_find("1.6.0");
	struct waiver_set *w = parse_waivers(
	    "{\"benchmark\": \"1.6.0\", \"waivers\": ["
	    "{\"check\": \"2.8\", \"reason\": \"ulimits per service\"},"
	    "{\"check\": \"5.16\", \"reason\": \"same id everywhere\"},"
	    "{\"check\": \"2.18\", \"benchmark\": \"1.7.0\", \"reason\": \"per-entry edition\"}]}");
	static const char *const ids18[] = {"2.8", "2.9", "2.19", "5.16"};
	struct result res[4];
	struct report r;
	fake_report(&r, res, b18, ids18, 4);
	waivers_apply(w, &r);
	assert_false(res[0].waived); /* v1.8.0 2.8 is TLS: not what the waiver meant */
	assert_true(res[1].waived);
	assert_true(res[2].waived);
	assert_true(res[3].waived);
	assert_int_equal(r.waived, 3);
	assert_true(w->items[0].mapped);
	assert_string_equal(w->items[0].applies_to, "2.9");
	assert_string_equal(w->items[0].key, "default-ulimit");
	assert_non_null(strstr(w->items[0].note, "v1.6.0 2.8 is v1.8.0 2.9"));
	assert_false(w->items[1].mapped);
	assert_null(w->items[1].note);
	assert_true(w->items[2].mapped);
	assert_string_equal(w->items[2].applies_to, "2.19");
	release_report(&r);
	waivers_free(w);

	/* Under v1.6.0 the same file applies as written: the same set waived. */
	w = parse_waivers("{\"benchmark\": \"1.6.0\", \"waivers\": ["
			  "{\"check\": \"2.8\", \"reason\": \"ulimits per service\"}]}");
	static const char *const ids16[] = {"2.7", "2.8"};
	struct result r16[2];
	fake_report(&r, r16, b16, ids16, 2);
	waivers_apply(w, &r);
	assert_false(r16[0].waived);
	assert_true(r16[1].waived);
	assert_false(w->items[0].mapped);
	release_report(&r);
	waivers_free(w);
}

/* An id the audited edition does not have is reported, never silently ignored; an
 * undeclared id that means something else in another edition says so. */
static void test_waivers_absent_and_ambiguous(void **state)
{
	const struct benchmark *b16 = benchmark_find("1.6.0"), *b18 = benchmark_find("1.8.0");
	struct waiver_set *w = parse_waivers("{\"waivers\": ["
					     "{\"check\": \"2.19\", \"reason\": \"experimental\"},"
					     "{\"check\": \"2.8\", \"reason\": \"which one?\"}]}");
	static const char *const ids[] = {"2.8"};
	struct result res[1];
	struct report r;
	fake_report(&r, res, b16, ids, 1);
	waivers_apply(w, &r);
	assert_true(w->items[0].absent);
	assert_false(report_waiver_unused(&w->items[0]));
	assert_non_null(
	    strstr(w->items[0].note, "no check '2.19' in the CIS Docker Benchmark v1.6.0"));
	assert_true(res[0].waived); /* read as v1.6.0 2.8 */
	assert_non_null(strstr(w->items[1].note, "in v1.8.0, 2.8 is daemon-tls"));
	release_report(&r);
	waivers_free(w);

	/* A file declaring v1.8.0 under v1.6.0: devicemapper has no counterpart there. */
	w = parse_waivers("{\"benchmark\": \"1.8.0\", \"waivers\": ["
			  "{\"check\": \"2.7\", \"reason\": \"dm\"}]}");
	fake_report(&r, res, b16, ids, 1);
	waivers_apply(w, &r);
	assert_true(w->items[0].absent);
	assert_non_null(strstr(w->items[0].note, "has no counterpart"));
	release_report(&r);
	waivers_free(w);
	(void)b18;

	/* errors: an unknown edition, an id the declared edition lacks */
	struct waiver_set *bad = NULL;
	char *err = NULL;
	const char *t1 = "{\"benchmark\": \"9.9\", \"waivers\": []}";
	assert_int_equal(waivers_parse(t1, strlen(t1), "w", 0, &bad, &err), -EINVAL);
	free(err);
	const char *t2 = "{\"benchmark\": \"1.6.0\", \"waivers\": [{\"check\": \"2.19\", "
			 "\"reason\": \"r\"}]}";
	assert_int_equal(waivers_parse(t2, strlen(t2), "w", 0, &bad, &err), -EINVAL);
	assert_non_null(strstr(err, "no check '2.19' in CIS Docker Benchmark v1.6.0"));
	free(err);
}

/* Issue 12: a waiver may name a check by its stable key, and then applies to that check in
 * every edition, whatever its id there. */
static void test_waivers_by_key(void **state)
{
	const struct benchmark *b16 = benchmark_find("1.6.0"), *b18 = benchmark_find("1.8.0");
	static const char *const text =
	    "{\"waivers\": [{\"check\": \"default-ulimit\", \"reason\": \"ulimits per service\"},"
	    "{\"check\": \"no-devicemapper\", \"reason\": \"dm\"},"
	    "{\"check\": \"content-trust\", \"benchmark\": \"1.6.0\", \"reason\": \"CI\"}]}";
	struct waiver_set *w = parse_waivers(text);
	assert_true(w->items[0].by_key);
	static const char *const ids18[] = {"2.8", "2.9", "4.5"};
	struct result res[3];
	struct report r;
	fake_report(&r, res, b18, ids18, 3);
	waivers_apply(w, &r);
	assert_false(res[0].waived); /* v1.8.0 2.8 is daemon-tls */
	assert_true(res[1].waived);
	assert_true(res[2].waived); /* a declared edition does not change what a key means */
	assert_string_equal(w->items[0].applies_to, "2.9");
	assert_true(w->items[0].mapped);
	assert_non_null(
	    strstr(w->items[0].note, "the key default-ulimit is CIS Docker Benchmark v1.8.0 2.9"));
	assert_false(w->items[1].absent);
	assert_true(report_waiver_unused(&w->items[1])); /* 2.7 did not fail */
	release_report(&r);
	waivers_free(w);

	/* the same file under v1.6.0: 2.8 is the ulimit check there; devicemapper is absent */
	w = parse_waivers(text);
	static const char *const ids16[] = {"2.7", "2.8", "4.5"};
	fake_report(&r, res, b16, ids16, 3);
	waivers_apply(w, &r);
	assert_false(res[0].waived);
	assert_true(res[1].waived);
	assert_true(res[2].waived);
	assert_string_equal(w->items[0].applies_to, "2.8");
	assert_true(w->items[1].absent);
	assert_non_null(strstr(w->items[1].note, "the key 'no-devicemapper' names no check of the "
						 "CIS Docker Benchmark v1.6.0"));
	release_report(&r);
	waivers_free(w);

	/* a name that is neither an id nor a key is refused, saying both */
	struct waiver_set *bad = NULL;
	char *err = NULL;
	const char *t = "{\"waivers\": [{\"check\": \"content-trusted\", \"reason\": \"r\"}]}";
	assert_int_equal(waivers_parse(t, strlen(t), "w", 0, &bad, &err), -EINVAL);
	assert_non_null(strstr(err, "no check 'content-trusted' in any benchmark edition, and no "
				    "check has it as its key"));
	free(err);

	/* a key never reads as an id of another check: what a waiver names is never ambiguous */
	size_t n;
	const struct benchmark *const *all = benchmarks_all(&n);
	for (size_t i = 0; i < n; i++) {
		size_t nc;
		const struct check *const *cs = benchmark_checks(all[i], &nc);
		for (size_t j = 0; j < nc; j++)
			for (size_t k = 0; k < n; k++)
				if (benchmark_check(all[k], cs[j]->key))
					fail_msg("key %s is also an id of %s", cs[j]->key,
						 benchmark_label(all[k]));
	}
}

static struct baseline *parse_baseline(const char *text)
{
	struct baseline *b = NULL;
	char *err = NULL;
	if (baseline_parse(text, strlen(text), &b, &err) < 0)
		fail_msg("baseline: %s", err ? err : "?");
	return b;
}

static bool has(const struct report_change *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return true;
	return false;
}

/* A v1.6.0 baseline under v1.8.0: matched by key, reported under the v1.8.0 ids. */
static void test_baseline_across_editions(void **state)
{
	/* v1.6.0 2.15 (live restore) and 2.7 (TLS) failed; 2.8 (ulimit) passed */
	struct baseline *b = parse_baseline(
	    "{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker Benchmark\", "
	    "\"version\": \"1.6.0\"}, \"started_at\": \"2026-01-01T00:00:00Z\", \"results\": ["
	    "{\"id\": \"2.7\", \"status\": \"fail\", \"findings\": []},"
	    "{\"id\": \"2.8\", \"status\": \"pass\"},"
	    "{\"id\": \"2.15\", \"status\": \"fail\", \"findings\": []}]}");
	/* now under v1.8.0: live restore (2.16) still fails, ulimit (2.9) fails, TLS (2.8) passes
	 */
	static const char *const ids[] = {"2.16", "2.9"};
	struct result res[3];
	struct report r;
	fake_report(&r, res, benchmark_find("1.8.0"), ids, 2);
	res[2] = (struct result){.check = benchmark_check(benchmark_find("1.8.0"), "2.8")};
	result_pass(&res[2], "ok");
	r.n_results = 3;
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_ptr_equal(r.baseline_benchmark, benchmark_find("1.6.0"));
	assert_int_equal(r.n_new, 1);
	assert_true(has(r.new_items, r.n_new, "2.9"));
	assert_false(res[0].is_new);
	assert_true(res[1].is_new);
	assert_int_equal(r.n_resolved, 1);
	assert_true(has(r.resolved_items, r.n_resolved, "2.8")); /* v1.6.0 2.7, now 2.8 */
	release_report(&r);
	baseline_free(b);

	/* 1.1.9 watches the docker.socket unit in v1.6.0 and the docker.sock files later: another
	 * object, so it is neither new nor resolved, and the report says it was not compared */
	b = parse_baseline("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker "
			   "Benchmark\", \"version\": \"1.6.0\"}, \"results\": ["
			   "{\"id\": \"1.1.9\", \"status\": \"fail\", \"findings\": [{\"kind\": "
			   "\"file\", \"name\": \"/usr/lib/systemd/system/docker.socket\"}]},"
			   "{\"id\": \"1.1.5\", \"status\": \"fail\"}]}");
	static const char *const ids119[] = {"1.1.9", "1.1.5"};
	fake_report(&r, res, benchmark_find("1.8.0"), ids119, 2);
	result_add(&res[0], &(struct finding_spec){
				.kind = "file", .name = "/run/docker.sock", .detail = "x"});
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 0);
	assert_int_equal(r.n_resolved, 0);
	assert_int_equal(r.n_not_compared, 1);
	assert_string_equal(r.not_compared[0], "1.1.9");
	release_report(&r);
	baseline_free(b);
	b = parse_baseline("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker "
			   "Benchmark\", \"version\": \"1.7.0\"}, \"results\": ["
			   "{\"id\": \"1.1.9\", \"status\": \"pass\"}]}");
	fake_report(&r, res, benchmark_find("1.8.0"), ids119, 1);
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 1); /* v1.7.0 and v1.8.0 judge the same socket */
	assert_int_equal(r.n_not_compared, 0);
	release_report(&r);
	baseline_free(b);

	/* a report that carries keys is matched by them whatever its ids */
	b = parse_baseline("{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker "
			   "Benchmark\", \"version\": \"1.8.0\"}, \"results\": ["
			   "{\"id\": \"2.16\", \"key\": \"live-restore\", \"status\": \"fail\"}]}");
	static const char *const ids16[] = {"2.15"};
	fake_report(&r, res, benchmark_find("1.6.0"), ids16, 1);
	assert_int_equal(baseline_apply(b, &r), 0);
	assert_int_equal(r.n_new, 0);
	assert_int_equal(r.n_resolved, 0);
	release_report(&r);
	baseline_free(b);

	/* an edition this version does not know is an error, not a guess */
	struct baseline *x = NULL;
	char *err = NULL;
	const char *t = "{\"schema_version\": 1, \"benchmark\": {\"name\": \"CIS Docker "
			"Benchmark\", \"version\": \"1.9.0\"}, \"results\": []}";
	assert_int_equal(baseline_parse(t, strlen(t), &x, &err), -EINVAL);
	assert_non_null(strstr(err, "1.9.0"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_map),
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_changed_rows),
	    cmocka_unit_test(test_run_rows),
	    cmocka_unit_test(test_waivers_across_editions),
	    cmocka_unit_test(test_waivers_absent_and_ambiguous),
	    cmocka_unit_test(test_waivers_by_key),
	    cmocka_unit_test(test_baseline_across_editions),
	    cmocka_unit_test(test_resolve_refs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
