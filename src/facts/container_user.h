/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "context.h"

/* ---- the user a running container's PID 1 runs as, from <root>/proc ---- */

struct proc_user {
	int error; /* 0, or why /proc could not tell (negative errno) */
	const char *why; /* with error: why, for the detail ("/proc/42/status: No such file or
			  * directory (a daemon on another host, or ...)") */
	int64_t pid; /* State.Pid */
	uint32_t uid; /* effective uid inside the container's user namespace */
	uint32_t host_uid; /* effective uid as the host sees it (the "Uid:" line) */
	bool remapped; /* the container has a user namespace of its own (uid_map not identity) */
};

/*
 * Read <root>/proc/<State.Pid>/status ("Uid:", 2nd field: effective) of a running container in
 * scope, after checking through /proc/<pid>/cgroup that the PID is that container's (the
 * container's full id appears in it), and translate the uid through /proc/<pid>/uid_map.
 * Never fails as a whole: the result carries its own error. NULL only when out of memory.
 */
const struct proc_user *ctx_container_proc_user(struct audit_ctx *c, const struct container *ct);

/* Pure: translate a host uid through a uid_map text into the namespace's uid. 0 and *ret,
 * -ENOENT when the uid is not mapped (it shows as the overflow uid inside), -EBADMSG. */
int proc_uid_map_inside(const char *uid_map, uint32_t host_uid, uint32_t *ret, bool *ret_identity);
