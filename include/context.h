/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "auditrules.h"
#include "facts/inspect.h"

/*
 * The audit context: every fact a check may read, loaded lazily on first use, once, and cached.
 * Accessors return borrowed const pointers owned by the context; on failure they return a
 * negative errno and set *ret_error (when not NULL) to a borrowed message, leaving the other
 * outputs untouched. Checks do no I/O of their own.
 */

struct docker_client;
struct hostfs;

enum ctx_kernel_audit {
	CTX_KERNEL_AUDIT_NETLINK, /* ask the running kernel (the default) */
	CTX_KERNEL_AUDIT_DENIED,  /* behave as if the kernel refused (tests, --no-kernel-audit) */
	CTX_KERNEL_AUDIT_FIXTURE, /* a rules text stands for the kernel's list (tests) */
};

struct ctx_config {
	struct docker_client *docker; /* borrowed; NULL with fixture_dir */
	/* Container scope: name globs to keep (any) and to drop, labels "K" or "K=V" (all). */
	char *const *include;
	char *const *exclude_containers;
	char *const *labels;
	const char *self_id; /* the container docker-audit runs in, left out of the scope */
	/* Image scope: NULL for every local image, else these names, tags or ids (image cmd). */
	char *const *image_names;
	/* Or the images of an archive (image --input: docker save tar, OCI layout directory or
	 * tar), read without a daemon; image_names then select among them. */
	const char *image_input;
	const char *docker_error;     /* why there is no client, when docker is NULL */
	const char *fixture_dir;      /* serve Engine API answers from files (tests) */
	/* Or from memory (fuzzing): the body for path, malloc'ed; 0, -ENOENT (a 404) or -errno. */
	int (*api_source)(void *data, const char *path, char **ret_body, size_t *ret_len);
	void *api_source_data;
	struct hostfs *hostfs;        /* borrowed */
	bool all_containers;          /* -a: not only running ones */
	enum ctx_kernel_audit kernel_audit;
	const char *kernel_rules_fixture; /* rules text standing for the kernel list (FIXTURE) */
	char *const *env;             /* the audit's environment (4.5), NULL-terminated */
};

struct audit_ctx;

int ctx_new(const struct ctx_config *cfg, struct audit_ctx **ret);
struct audit_ctx *ctx_free(struct audit_ctx *c);
const struct hostfs *ctx_hostfs(const struct audit_ctx *c);

/* The daemon answered /_ping (version negotiated). */
int ctx_daemon(struct audit_ctx *c, const char **ret_error);
int ctx_docker_info(struct audit_ctx *c, const cJSON **ret, const char **ret_error);
int ctx_docker_version(struct audit_ctx *c, const cJSON **ret, const char **ret_error);
const char *ctx_docker_host(const struct audit_ctx *c);

/*
 * A container in scope. Checks read what the daemon said about it only through the typed
 * model (facts/inspect.h): the JSON of the inspection is gone once parsed.
 */
struct container {
	const char *id;   /* full id from the list; "" for an unreadable entry */
	const char *name; /* without the leading "/"; for an unreadable entry, why */
	enum container_state state; /* as listed */
	bool running;     /* running or paused: its processes exist and its ports are bound */
	const struct container_inspect *inspect; /* NULL when it could not be inspected */
	int error;        /* inspect failure, e.g. -ENOENT: vanished between list and inspect;
			   * -EBADMSG for an entry of the list that cannot be read */
	const char *error_msg;
};

/*
 * The containers in scope, inspected concurrently. The scope is what `docker ps` lists
 * (running, paused and restarting containers), or every container with all_containers;
 * then --include, --exclude-containers and --label, and never the auditor's own container.
 * An entry of the list that cannot be read is in scope as a container that could not be
 * inspected, so that every check that depends on the list says so.
 */
int ctx_containers(struct audit_ctx *c, const struct container **ret, size_t *ret_n,
		   const char **ret_error);
/* GET /containers/json?all=1 as the daemon answered, typed: every container, in scope or not.
 * The same answer ctx_containers starts from; fetched once. */
int ctx_container_list(struct audit_ctx *c, const struct container_entry **ret, size_t *ret_n,
		       const char **ret_error);

/* How the engine's list became the containers judged (for the report). */
struct ctx_container_scope {
	bool all;          /* -a */
	size_t listed;     /* entries of the engine's list */
	size_t unreadable; /* entries that could not be read (in scope, never judged) */
	size_t judged;     /* readable containers in scope */
	size_t not_running; /* left out: created, exited, dead or removing, without -a */
	size_t filtered;   /* left out by --include, --exclude-containers or --label */
	size_t self;       /* left out: the container docker-audit runs in */
	size_t by_state[CONTAINER_DEAD + 1]; /* the judged ones by state */
};
/* NULL until ctx_containers has succeeded. */
const struct ctx_container_scope *ctx_container_scope(const struct audit_ctx *c);
/* The inspected containers in scope that run image_id ("sha256:..." or bare hex), without a
 * scan: an index built on first use. */
int ctx_containers_of_image(struct audit_ctx *c, const char *image_id,
			    const struct container *const **ret, size_t *ret_n);
/* -a was given: stopped containers are in scope too. */
bool ctx_all_containers(const struct audit_ctx *c);
/* A container in scope by full id, unique id prefix or name, NULL when none. */
const struct container *ctx_container_find(struct audit_ctx *c, const char *id_or_name);

struct audit_rules_facts {
	/* Rules loaded in the kernel; meaningful only when kernel_error == 0. */
	struct audit_watch_list kernel;
	int kernel_error;
	const char *kernel_error_msg;
	/* Rules in /etc/audit/audit.rules and rules.d/ ; meaningful when files_error == 0. */
	struct audit_watch_list files;
	int files_error;
	const char *files_error_msg;
};
/* Never fails as a whole: each half carries its own error. */
const struct audit_rules_facts *ctx_audit_rules(struct audit_ctx *c);
/* Why the kernel's audit rules could not be listed, if a check asked and it could not
 * (negative errno); 0 otherwise. Loads nothing. */
int ctx_kernel_audit_error(const struct audit_ctx *c);

/* Where this host keeps something the benchmark names. */
enum ctx_locate_kind {
	CTX_LOC_FIXED,     /* a fixed path (name) */
	CTX_LOC_BINARY,    /* an executable (name): the running process's /proc/PID/exe, else PATH */
	CTX_LOC_UNIT,      /* a systemd unit (name) found through the unit directories */
	CTX_LOC_DATA_ROOT, /* the daemon's data root: /info DockerRootDir, else the default */
};

struct located {
	int error;          /* -ENOENT: not present on this host */
	char *path;         /* host path (resolved inside the root), when error == 0 */
	const char *source; /* "api", "process", "PATH", "unit directories", "default", "fixed" */
	char *note;         /* how it was found or why not, for the detail */
};

const struct located *ctx_locate(struct audit_ctx *c, enum ctx_locate_kind kind,
				 const char *name);

/* A variable of the audit's own environment, NULL when unset. */
const char *ctx_getenv(const struct audit_ctx *c, const char *name);

struct image {
	const char *id;   /* "sha256:<hex>"; "" for an unreadable entry of the list */
	const char *name; /* first tag, else the short id; for an unreadable entry, why */
	const struct image_summary *summary;   /* the entry of GET /images/json */
	const struct image_inspect *inspect;   /* GET /images/{id}/json, NULL when it failed */
	int error;
	const char *error_msg;
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

/*
 * For facts modules (src/facts/), not for checks: raw access to the
 * sources and a keyed cache, so a module can add a lazily loaded fact without changing the
 * context.
 */
struct docker_request;
/* GET path from the Engine API or the fixture directory; honours an earlier timeout. */
int ctx_api_get(struct audit_ctx *c, const char *path, cJSON **ret, char **ret_error);
/* Many GETs concurrently (curl multi); each request gets its own result. 0 or -ENOMEM. */
int ctx_api_get_many(struct audit_ctx *c, struct docker_request *reqs, size_t n);
/* The value cached under key, NULL when nothing is. */
void *ctx_slot_get(struct audit_ctx *c, const char *key);
/* The arena the typed model lives in (facts/inspect.h); NULL on ENOMEM. */
struct inspect_store *ctx_inspect_store(struct audit_ctx *c);
/* Cache value under key; free_fn (may be NULL) releases it with the context. On failure
 * (-ENOMEM) value is released at once. */
int ctx_slot_put(struct audit_ctx *c, const char *key, void *value, void (*free_fn)(void *));
/* The configuration the context was made with. */
const struct ctx_config *ctx_config(const struct audit_ctx *c);
