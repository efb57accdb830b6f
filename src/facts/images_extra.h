/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "context.h"

/*
 * More image and container facts for sections 4 and 6 (src/facts_images_extra.c): every
 * container with the image it uses, the user a container's PID 1 really runs as, and image
 * histories parsed into build steps. Lazily loaded, cached in the context, borrowed by callers.
 */

/* ---- every container, running or not, whatever the container scope (6.1) ---- */

struct container_ref {
	const char *id; /* full id */
	const char *name; /* without the leading "/" */
	const char *image_id; /* "sha256:<hex>" from the list's ImageID, "" when absent */
	bool running;
};

/* GET /containers/json?all=1, once. 0, or negative errno with *ret_error set. */
int ctx_all_container_refs(struct audit_ctx *c, const struct container_ref **ret, size_t *ret_n,
			   const char **ret_error);

/* Does any container, running or not, use this image? A sorted lookup. 0 or negative errno. */
int ctx_image_in_use(struct audit_ctx *c, const char *image_id, bool *ret);

/* Two image ids are the same image, with or without the "sha256:" prefix (Podman's API). */
bool image_id_equal(const char *a, const char *b);

/* The image command's scope (images named on the command line): containers do not count. */
bool ctx_image_names_given(const struct audit_ctx *c);

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

/* Pure: the effective uid of a /proc/PID/status text. 0, -ENOENT (no Uid: line), -EBADMSG. */
int proc_status_euid(const char *status, uint32_t *ret);
/* Pure: translate a host uid through a uid_map text into the namespace's uid. 0 and *ret,
 * -ENOENT when the uid is not mapped (it shows as the overflow uid inside), -EBADMSG. */
int proc_uid_map_inside(const char *uid_map, uint32_t host_uid, uint32_t *ret, bool *ret_identity);

/* ---- an image's history, parsed into build steps ---- */

enum image_step_kind {
	IMAGE_STEP_NONE, /* imported layer, empty or comment-only CreatedBy */
	IMAGE_STEP_RUN, /* RUN, shell or exec form */
	IMAGE_STEP_ADD,
	IMAGE_STEP_COPY,
	IMAGE_STEP_ENV,
	IMAGE_STEP_ARG,
	IMAGE_STEP_LABEL,
	IMAGE_STEP_OTHER, /* USER, CMD, HEALTHCHECK, WORKDIR ... */
};

struct image_step {
	enum image_step_kind kind;
	size_t number; /* 1 = the oldest step */
	char *keyword; /* "RUN", "ADD", ... ("" for NONE) */
	char *body; /* after the keyword; RUN: the command, without the build-argument
		     * prefix and without "/bin/sh -c " (may hold secrets: never print it
		     * unredacted) */
	char **build_args; /* RUN: the "NAME=value" build arguments it saw, NULL-terminated */
	bool buildkit; /* CreatedBy ended in "# buildkit" */
	bool inherited; /* at or below the nearest locally tagged ancestor image */
	const char *ancestor; /* with inherited: that ancestor's first tag */
};

struct image_steps {
	struct image_step *steps; /* oldest first */
	size_t n;
};

/*
 * Pure: parse GET /images/{id}/history (newest first, as the daemon sends it) of image_id into
 * steps, oldest first. 0, -ENOMEM, or -EBADMSG with *ret_error (malloc'ed) when the JSON has
 * the wrong shape or types.
 */
int image_steps_parse(const cJSON *history, const char *image_id, struct image_steps *ret,
		      char **ret_error);
void image_steps_release(struct image_steps *s);

/* The parsed history of an image in scope, parsed once. 0, or negative errno with *ret_error. */
int ctx_image_steps(struct audit_ctx *c, const struct image *img, const struct image_steps **ret,
		    const char **ret_error);
