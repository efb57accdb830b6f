/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

struct audit_ctx;
struct image;

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
