/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

/* The images in scope, inspected once, and their histories. */

struct audit_ctx;

struct image_summary;
struct image_inspect;

struct image {
	const char *id; /* "sha256:<hex>"; "" for an unreadable entry of the list */
	const char *name; /* first tag, else the short id; for an unreadable entry, why */
	const struct image_summary *summary; /* the entry of GET /images/json */
	const struct image_inspect *inspect; /* GET /images/{id}/json, NULL when it failed */
	int error;
	const char *error_msg;
	/* Podman: why the HEALTHCHECK could not be read from its native inspect (the compat
	 * inspect drops it from docker-format images), NULL when it was or on Docker */
	const char *healthcheck_error;
};

/* Images in scope (every local image, or those named for the image command), each once
 * however many tags it has, inspected concurrently. */
int ctx_images(struct audit_ctx *c, const struct image **ret, size_t *ret_n,
	       const char **ret_error);
/* Entries of GET /images/json, the readable images in scope, and the entries that could not
 * be read (each of those is an image in scope that could not be inspected). Loads nothing:
 * -ENODATA when no check read the images. */
int ctx_image_list_counts(struct audit_ctx *c, size_t *ret_listed, size_t *ret_judged,
			  size_t *ret_unreadable);
/* GET /images/{id}/history of an image in scope; the first call fetches them all at once. */
int ctx_image_history(struct audit_ctx *c, const struct image *img, const cJSON **ret,
		      const char **ret_error);
/* The images come from an archive (image --input), not from a daemon: checks that need the
 * daemon for their images run without it. */
bool ctx_images_offline(const struct audit_ctx *c);
/* With an archive: what it was ("docker save", "OCI layout directory" ...) and how many
 * images it held; NULL before ctx_images or without an archive. */
const char *ctx_image_input_format(struct audit_ctx *c, size_t *ret_n);
struct archive_image;
/* The archive's image behind img, with its layers' setuid/setgid files (4.8). -ENODATA when
 * the images come from a daemon (their layers are not read), -EINVAL for an image not in
 * scope. */
int ctx_image_archived(struct audit_ctx *c, const struct image *img,
		       const struct archive_image **ret);
/* Names given to the image command that matched no local image (NULL-terminated, may be
 * empty); valid after ctx_images succeeded. */
char *const *ctx_images_unmatched(struct audit_ctx *c);

/* The image command's scope (images named on the command line): containers do not count. */
bool ctx_image_names_given(const struct audit_ctx *c);
