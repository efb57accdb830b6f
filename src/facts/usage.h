/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct audit_ctx;

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
