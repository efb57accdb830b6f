/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/*
 * Image archives without a daemon (src/facts/archive.c): a `docker save` tar (the legacy
 * manifest.json layout, and the OCI layout Docker 25+ writes beside it), an OCI image layout
 * directory, or the tar of one. Read through libarchive in one streaming pass for tars; layers
 * (plain, gzip or zstd tars) are scanned for setuid/setgid regular files with whiteouts applied.
 *
 * Everything in an archive is hostile: each count, size and path is capped (struct
 * archive_limits), nothing is written anywhere, and a malformed archive is an error with a
 * message, never a crash or an unbounded read. The images' configurations are turned into the
 * shapes the Engine API answers (GET /images/{id}/json and /history), so the section 4 checks
 * judge an archive with the same code as a daemon's images.
 */

struct archive_limits {
	uint64_t max_members;     /* members of the outer tar */
	uint64_t max_entries;     /* entries of all layers together */
	uint64_t max_json;        /* bytes of one manifest, index or config */
	uint64_t max_json_total;  /* bytes of all of them together */
	uint64_t max_layer_bytes; /* uncompressed bytes read from one layer */
	uint64_t max_total_bytes; /* uncompressed bytes read from all layers */
	size_t max_path;          /* bytes of one path */
	size_t max_images;        /* images in one archive */
	size_t max_layers;        /* layers of one image */
	size_t max_setid;         /* setuid/setgid files kept per image (the rest are counted) */
};

/* The defaults: generous for real images (GiB of layers), bounded for hostile ones. */
void archive_limits_default(struct archive_limits *lim);

struct archive_setid_file {
	char *path;     /* absolute, as the container sees it: "/usr/bin/passwd" */
	uint32_t mode;  /* permission bits, with S_ISUID / S_ISGID */
	int64_t uid, gid;
	size_t layer;   /* 0-based index into the image's layers: the layer that last wrote it */
};

struct archive_layer {
	char *digest;   /* "sha256:<hex>" when the layout names it so, else the member's name */
	uint64_t entries;
	int error;      /* 0, or why it could not be read (negative errno) */
	char *error_msg;
};

struct archive_image {
	char *id;       /* "sha256:<hex>" of the configuration */
	char *name;     /* first tag, else the short id */
	cJSON *summary; /* as an entry of GET /images/json: Id, RepoTags, RepoDigests, Labels */
	cJSON *inspect; /* as GET /images/{id}/json: Id, RepoTags, Config, RootFS ... */
	cJSON *history; /* as GET /images/{id}/history: newest first */
	struct archive_layer *layers; /* oldest first */
	size_t n_layers;
	/* The setuid/setgid regular files of the image as a container sees it: after every
	 * layer's whiteouts and replacements. Meaningful when layers_error == 0. */
	struct archive_setid_file *setid;
	size_t n_setid;
	size_t setid_more; /* found beyond max_setid, not kept */
	int layers_error;  /* a layer could not be read: the files cannot be judged */
	char *layers_msg;
};

struct image_archive {
	const char *format; /* "docker save", "docker save (OCI layout)", "OCI layout", ... */
	struct archive_image *images;
	size_t n;
};

/*
 * Read the archive at path: a tar file (optionally gzip or zstd compressed) or an OCI layout
 * directory. 0; -ENOMEM; or another negative errno with *ret_error (malloc'ed) saying what is
 * wrong with it (-EBADMSG malformed, -E2BIG past a limit, -ENOENT, -EACCES ...). A layer that
 * cannot be read does not fail the whole: its image carries the error (layers_error).
 */
int image_archive_read_path(const char *path, const struct archive_limits *lim,
			    struct image_archive **ret, char **ret_error);
/* The same from a tar in memory (tests, fuzzing). */
int image_archive_read_memory(const void *data, size_t len, const struct archive_limits *lim,
			      struct image_archive **ret, char **ret_error);
struct image_archive *image_archive_free(struct image_archive *a);
