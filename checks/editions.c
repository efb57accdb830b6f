/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CIS Docker Benchmark editions as overlays on the check rows of the checks/ files, which are
 * written in v1.6.0's ids and words. Each edition lists only what it changes, by stable key;
 * /work/shared/reference/editions-and-api.md section 1.2 is the full 118-row map these come
 * from, and tests/unit/test_editions.c checks every row of it.
 */
#include "common.h"
#include "benchmark.h"
#include "checks.h"

/* The one place that lists the Docker sections in order. */
static const struct check_section *const docker_sections[] = {
	&host_section,
	&daemon_section,
	&files_section,
	&image_section,
	&runtime_section,
	&operations_section,
	&swarm_section,
};

static const struct check_section *const docker_variants[] = {
	&host_variants,
	&daemon_variants,
	&runtime_variants,
};

static const struct benchmark_section_title docker_titles[] = {
	{"1", "Host configuration"},
	{"2", "Docker daemon configuration"},
	{"3", "Docker daemon configuration files"},
	{"4", "Container images and build file"},
	{"5", "Container runtime"},
	{"6", "Docker security operations"},
	{"7", "Docker swarm configuration"},
};

#define DOCKER_EDITION(opt_, base_, overlay_, n_overlay_)                                          \
	{                                                                                          \
		.option = opt_, .name = "CIS Docker Benchmark", .version = opt_,                   \
		.family = "docker", .sections = docker_sections,                                   \
		.n_sections = ARRAY_SIZE(docker_sections), .variants = docker_variants,            \
		.n_variants = ARRAY_SIZE(docker_variants), .base = base_, .overlay = overlay_,     \
		.n_overlay = n_overlay_, .section_titles = docker_titles,                          \
		.n_section_titles = ARRAY_SIZE(docker_titles),                                     \
	}

/* v1.6.0 (2023): the rows as written. */
const struct benchmark cis_docker_1_6_0 = DOCKER_EDITION("1.6.0", NULL, NULL, 0);

/* v1.7.0 (2024): the same 117 recommendations and ids. */
static const struct benchmark_row v1_7_0[] = {
	{.key = "audit-run-containerd", .assess = BM_ASSESS_MANUAL},
	/* the remediation adds 'never' rules for the volumes and overlay2 directories */
	{.key = "audit-data-root", .variant = "never-exclusions"},
	/* the socket file, no longer the docker.socket unit file */
	{.key = "audit-docker-socket",
	 .title = "Ensure auditing is configured for Docker files and directories - docker.sock",
	 .variant = "docker.sock"},
	{.key = "audit-containerd-shim", .assess = BM_ASSESS_AUTOMATED},
	{.key = "audit-shim-runc-v2", .assess = BM_ASSESS_AUTOMATED},
	{.key = "audit-runc", .assess = BM_ASSESS_AUTOMATED},
	/* /lib64 joins the sensitive host directories */
	{.key = "no-sensitive-mounts", .variant = "lib64"},
};
const struct benchmark cis_docker_1_7_0 =
	DOCKER_EDITION("1.7.0", &cis_docker_1_6_0, v1_7_0, ARRAY_SIZE(v1_7_0));

/* v1.8.0 (July 2025): one new recommendation, 2.7; v1.7.0's 2.7-2.18 become 2.8-2.19. */
static const struct benchmark_row v1_8_0[] = {
	{.key = "audit-data-root", .variant = "data-root"},
	{.key = "no-devicemapper", .id = "2.7"},
	{.key = "daemon-tls", .id = "2.8"},
	{.key = "default-ulimit", .id = "2.9"},
	{.key = "userns-remap", .id = "2.10"},
	{.key = "default-cgroup", .id = "2.11"},
	{.key = "base-device-size", .id = "2.12"},
	{.key = "authz-plugin", .id = "2.13"},
	{.key = "remote-logging", .id = "2.14"},
	{.key = "no-new-privileges-default", .id = "2.15"},
	{.key = "live-restore", .id = "2.16"},
	{.key = "no-userland-proxy", .id = "2.17"},
	{.key = "daemon-seccomp", .id = "2.18"},
	{.key = "no-experimental", .id = "2.19"},
};
const struct benchmark cis_docker_1_8_0 =
	DOCKER_EDITION("1.8.0", &cis_docker_1_7_0, v1_8_0, ARRAY_SIZE(v1_8_0));
