/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/*
 * Which container a /proc/PID/cgroup text names, on cgroup v1 and v2 and with either driver:
 *   v1 cgroupfs      12:pids:/docker/<id>
 *   v2 cgroupfs      0::/docker/<id>
 *   v2 systemd       0::/system.slice/docker-<id>.scope
 *   nested (seen from a private cgroup namespace)  0::/../../system.slice/docker-<id>.scope
 *   Podman           0::/machine.slice/libpod-<id>.scope (and .../libpod-<id>.scope/container)
 * A 64-hex-digit run is a container id unless it follows "conmon-": Podman's container
 * monitor lives in libpod-conmon-<id>.scope, beside the container, and is not in it.
 */

/* Call fn for each container id the text names, outermost first (the innermost, a container in
 * a container, comes last). The id is not NUL-terminated: 64 hex digits at id. fn returns
 * false to stop. */
void cgroup_each_id(const char *text, bool (*fn)(const char *id, void *data), void *data);

/* Does the text name container id (its full 64-digit id) as the one the process is in? */
bool cgroup_names_container(const char *text, const char *id);
