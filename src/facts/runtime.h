/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "facts/inspect.h"

/*
 * Runtime facts about the containers in scope (section 5), from the Engine API only: nothing is
 * ever executed inside a container. Pointers are borrowed from the context. Errors are negative
 * errno with *ret_error (when not NULL) set to a borrowed message:
 *   -EINVAL   the container is not one of ctx_containers' (or, for the top, not running)
 *   -ENOMEM   out of memory
 *   other     the daemon's answer for that container (-ENOENT: it vanished, -EPROTO: e.g. it
 *             stopped in the meantime, -EBADMSG: unexpected JSON)
 */

struct audit_ctx;
struct container;

/*
 * GET /containers/{id}/top (the daemon runs ps -ef on the host for the container's processes)
 * of a running container in scope. The first call fetches it for every running container in
 * scope at once. *ret is an object with the arrays "Titles" and "Processes" (checked).
 */
/* The listing came from /proc (the container's init and its cgroup seen there) rather than
 * from the daemon; valid after ctx_container_top. */
bool ctx_container_top_from_proc(struct audit_ctx *c, const struct container *ct);

int ctx_container_top(struct audit_ctx *c, const struct container *ct, const cJSON **ret,
		      const char **ret_error);

/* One exec session the daemon still tracks for a container (an entry of its ExecIDs). */
struct container_exec {
	const char *id;
	const struct exec_inspect *inspect; /* GET /exec/{id}/json, typed; NULL when it failed */
	int error; /* -ENOENT: the session ended between the inspect and now */
	const char *error_msg;
};

/*
 * The exec sessions of a container in scope, each inspected. Docker drops a session from
 * ExecIDs when its process exits, so these are the running (or created, never started) ones
 * only. The first call fetches the sessions of every container in scope at once. A container
 * whose ExecIDs is not a list of ids is -EBADMSG.
 */
int ctx_container_execs(struct audit_ctx *c, const struct container *ct,
			const struct container_exec **ret, size_t *ret_n, const char **ret_error);
