/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit's own container (facts/self.c) and the cgroup texts that name a container
 * (facts/cgroup.c), on fixtures of tests/fixtures/hostfs/self-proc: a real Docker 28.5 container
 * on cgroup v2 (private cgroup namespace, "0::/"), Podman's layout, a host process, cgroup v1,
 * a container in a container; and the mount-namespace proof.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "facts/cgroup.h"
#include "facts/self.h"

#define P DA_FIXTURES "/hostfs/self-proc/"
#define DOCKER_ID "65d11c029f66da6fc3f6b7e2d16a0c67a80f6fe9ae3e1c6ddd4b5a268268dfdd"
#define PODMAN_ID "b7e3c9a1d2f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0"

static void test_docker_cgroup_v2_private_ns(void **state)
{
	(void)state;
	struct self_container sc;
	/* its own cgroup is "0::/": the /etc/hostname bind mount still names it */
	assert_int_equal(self_container_find(P "docker-cgv2", &sc), 0);
	assert_string_equal(sc.id, DOCKER_ID);
	assert_int_equal(sc.source, SELF_FROM_MOUNT);
	assert_non_null(strstr(sc.evidence, "/var/lib/docker/containers/" DOCKER_ID "/"));
}

static void test_podman(void **state)
{
	(void)state;
	struct self_container sc;
	assert_int_equal(self_container_find(P "podman", &sc), 0);
	assert_string_equal(sc.id, PODMAN_ID);
	assert_int_equal(sc.source, SELF_FROM_MOUNT);
	assert_non_null(strstr(sc.evidence, "overlay-containers/" PODMAN_ID "/userdata/"));
	assert_int_equal(self_container_find(P "podman-cgroup", &sc), 0);
	assert_string_equal(sc.id, PODMAN_ID);
	assert_int_equal(sc.source, SELF_FROM_CGROUP);
	assert_non_null(strstr(sc.evidence, "libpod-" PODMAN_ID ".scope"));
	/* conmon's scope names the container it watches, but conmon is not in it */
	assert_int_equal(self_container_find(P "conmon", &sc), -ENOENT);
}

static void test_never_something_wrong(void **state)
{
	(void)state;
	struct self_container sc;
	/* on the host: another container's /dev/shm and its hostname file mounted elsewhere */
	assert_int_equal(self_container_find(P "host", &sc), -ENOENT);
	assert_int_equal(self_container_find(P "no-such-dir", &sc), -ENOENT);
	/* cgroup v1 */
	assert_int_equal(self_container_find(P "v1-cgroup", &sc), 0);
	assert_string_equal(sc.id, DOCKER_ID);
	assert_int_equal(sc.source, SELF_FROM_CGROUP);
	/* a container in a container: the innermost id is ours */
	assert_int_equal(self_container_find(P "dind", &sc), 0);
	assert_string_equal(sc.id, PODMAN_ID);
}

static void test_namespace_proof(void **state)
{
	(void)state;
	struct self_container sc;
	char why[1024];
	assert_int_equal(self_container_find(P "docker-cgv2", &sc), 0);
	/* State.Pid in our mount namespace: proved */
	self_container_prove(P "docker-cgv2", &sc, 27203);
	assert_int_equal(sc.proof, SELF_PROOF_SAME_MNT);
	self_container_reason(&sc, why, sizeof(why));
	assert_non_null(strstr(why, "this audit's own container: mount namespace 4026532336 = its "
				    "State.Pid 27203's"));
	/* in another: not ours, whatever the mounts say */
	self_container_prove(P "docker-cgv2", &sc, 4242);
	assert_int_equal(sc.proof, SELF_PROOF_OTHER_MNT);
	self_container_reason(&sc, why, sizeof(why));
	assert_non_null(strstr(why, "not this audit's container"));
	assert_non_null(strstr(why, "mount namespace 4026531841, this audit in 4026532336"));
	/* not visible (no --pid=host) or unknown: the evidence stands, and the report says so */
	self_container_prove(P "docker-cgv2", &sc, 999);
	assert_int_equal(sc.proof, SELF_PROOF_NONE);
	self_container_reason(&sc, why, sizeof(why));
	assert_non_null(strstr(why, "bind-mounted from"));
	assert_non_null(strstr(why, "--pid=host would prove it"));
	self_container_prove(P "docker-cgv2", &sc, 0);
	assert_int_equal(sc.proof, SELF_PROOF_NONE);
}

static void test_cgroup_names(void **state)
{
	(void)state;
	static const char *const yes[] = {
	    "0::/docker/" DOCKER_ID "\n", /* v2 cgroupfs (real, Docker 28.5) */
	    "0::/system.slice/docker-" DOCKER_ID ".scope\n", /* v2 systemd */
	    "0::/../../system.slice/docker-" DOCKER_ID ".scope\n", /* from a private cgroupns */
	    "12:pids:/docker/" DOCKER_ID "\n0::/\n", /* v1 */
	    "0::/machine.slice/libpod-" DOCKER_ID ".scope\n", /* Podman */
	    "0::/machine.slice/libpod-" DOCKER_ID ".scope/container\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		assert_true(cgroup_names_container(yes[i], DOCKER_ID));
	static const char *const no[] = {
	    "0::/machine.slice/libpod-conmon-" DOCKER_ID ".scope\n", /* Podman's monitor */
	    "0::/\n",
	    "0::/docker/" DOCKER_ID "0\n", /* 65 digits: another id */
	    "0::/docker/" PODMAN_ID "\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		assert_false(cgroup_names_container(no[i], DOCKER_ID));
	assert_false(cgroup_names_container("0::/docker/" DOCKER_ID, "65d11c029f66"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker_cgroup_v2_private_ns),
	    cmocka_unit_test(test_podman),
	    cmocka_unit_test(test_never_something_wrong),
	    cmocka_unit_test(test_namespace_proof),
	    cmocka_unit_test(test_cgroup_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
