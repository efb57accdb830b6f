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
	CTX_KERNEL_AUDIT_DENIED, /* behave as if the kernel refused (tests, --no-kernel-audit) */
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
	const char *docker_error; /* why there is no client, when docker is NULL */
	const char *fixture_dir; /* serve Engine API answers from files (tests) */
	/* Or from memory (fuzzing): the body for path, malloc'ed; 0, -ENOENT (a 404) or -errno. */
	int (*api_source)(void *data, const char *path, char **ret_body, size_t *ret_len);
	void *api_source_data;
	struct hostfs *hostfs; /* borrowed */
	bool all_containers; /* -a: not only running ones */
	enum ctx_kernel_audit kernel_audit;
	const char *kernel_rules_fixture; /* rules text standing for the kernel list (FIXTURE) */
	char *const *env; /* the audit's environment (4.5), NULL-terminated */
	/* Policy the user gave (--trusted-users / $DOCKER_AUDIT_TRUSTED_USERS, --trusted-images /
	 * $DOCKER_AUDIT_TRUSTED_IMAGES, resolved once by main): comma-separated lists, NULL when
	 * not given. */
	const char *trusted_users; /* users allowed in the docker group (1.1.2) */
	const char *trusted_images; /* image name globs from trusted sources (4.2) */
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
	const char *id; /* full id from the list; "" for an unreadable entry */
	const char *name; /* without the leading "/"; for an unreadable entry, why */
	enum container_state state; /* as listed */
	bool running; /* running or paused: its processes exist and its ports are bound */
	const struct container_inspect *inspect; /* NULL when it could not be inspected */
	int error; /* inspect failure, e.g. -ENOENT: vanished between list and inspect;
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
	bool all; /* -a */
	size_t listed; /* entries of the engine's list */
	size_t unreadable; /* entries that could not be read (in scope, never judged) */
	size_t judged; /* readable containers in scope */
	size_t not_running; /* left out: created, exited, dead or removing, without -a */
	size_t filtered; /* left out by --include, --exclude-containers or --label */
	size_t self; /* left out: the container docker-audit runs in */
	size_t by_state[CONTAINER_DEAD + 1]; /* the judged ones by state */
};
/* NULL until ctx_containers has succeeded. */
const struct ctx_container_scope *ctx_container_scope(const struct audit_ctx *c);
/*
 * Without -a: the containers -a would add (not running, not left out by a filter) that are
 * privileged (HostConfig.Privileged), as names (ids when nameless), of the first max of them
 * inspected (*ret_examined: how many). *ret is NULL-terminated, owned by the context. With
 * -a, none. 0, or negative errno when the container list could not be read or on ENOMEM.
 */
int ctx_not_running_privileged(struct audit_ctx *c, size_t max, char *const **ret,
			       size_t *ret_examined);
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
/* The watch of l (the kernel's or the files' list) that covers host path target with all of
 * want_perms, else (*ret_partial, may be NULL) one with fewer, else NULL. Watch paths and the
 * target are resolved inside the root (a watch on a symlink follows it, as the kernel does), so
 * that checks never touch the host files themselves. */
const struct audit_watch *ctx_audit_watch_find(struct audit_ctx *c,
					       const struct audit_watch_list *l, const char *target,
					       unsigned want_perms,
					       const struct audit_watch **ret_partial);
/* When no watch of l covers target with all of want_perms: the "never" rule before a covering
 * watch that switched it (partly) off, with that watch in *ret_watch; else NULL. */
const struct audit_watch *ctx_audit_watch_shadow(struct audit_ctx *c,
						 const struct audit_watch_list *l,
						 const char *target, unsigned want_perms,
						 const struct audit_watch **ret_watch);

/* The policy of the audit's configuration (see struct ctx_config), NULL when not given. */
const char *ctx_trusted_users(const struct audit_ctx *c);
const char *ctx_trusted_images(const struct audit_ctx *c);

/* A variable of the audit's own environment, NULL when unset. */
const char *ctx_getenv(const struct audit_ctx *c, const char *name);

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
/*
 * A kind of cached fact. The context allocates size zeroed bytes, load fills them on the first
 * ctx_fact() for (type, key), release (may be NULL) frees what they hold when the context goes.
 * A fact records its own failures (an unreadable file, a daemon down) and load returns 0; a
 * negative return (-ENOMEM) is not cached, and the next caller tries again.
 *
 * Most facts begin with a struct fact_error (has_error): the loader is then only the reading
 * code, recording a failure with fact_fail(), and the accessor is ctx_fact_get(), which hands
 * out either the fact or its cached failure; the context frees the message.
 */
struct ctx_fact_type {
	const char *name;
	size_t size;
	int (*load)(struct audit_ctx *c, void *fact, const char *key);
	void (*release)(void *fact);
	bool has_error; /* the fact starts with a struct fact_error */
};

/* The failure of a fact, cached like its value: the first member of a has_error fact. */
struct fact_error {
	int error; /* < 0: the fact could not be read */
	char *msg; /* why (malloc'ed, freed by the context); NULL: strerror(-error) */
};

/* A fact type whose struct (fact_struct) starts with a struct fact_error. */
#define CTX_FACT_TYPE(var, type_name, fact_struct, load_fn, release_fn)                            \
	static const struct ctx_fact_type var = {                                                  \
	    .name = (type_name),                                                                   \
	    .size = sizeof(fact_struct),                                                           \
	    .load = (load_fn),                                                                     \
	    .release = (release_fn),                                                               \
	    .has_error = true,                                                                     \
	}

/* Get or load the fact of type t under key (NULL for a fact of which there is one): a borrowed
 * pointer to it in *ret, or a negative errno with *ret untouched. */
int ctx_fact(struct audit_ctx *c, const struct ctx_fact_type *t, const char *key, void **ret);
/* ctx_fact for a has_error type, then its recorded failure: 0 with the fact in *ret, or the
 * fact's negative errno with *ret_error (when not NULL) its borrowed message; -ENOMEM when the
 * fact could not even be allocated (no message). */
int ctx_fact_get(struct audit_ctx *c, const struct ctx_fact_type *t, const char *key, void **ret,
		 const char **ret_error);
/* Record a failure in a fact (error < 0; msg malloc'ed or NULL, taken). Returns 0: what a loader
 * returns once its failure is recorded. */
int fact_fail(struct fact_error *e, int error, char *msg);
/* The fact if it is loaded already, else NULL (loads nothing). */
void *ctx_fact_peek(const struct audit_ctx *c, const struct ctx_fact_type *t, const char *key);
/* The arena the typed model lives in (facts/inspect.h); NULL on ENOMEM. */
struct inspect_store *ctx_inspect_store(struct audit_ctx *c);
/* The configuration the context was made with. */
const struct ctx_config *ctx_config(const struct audit_ctx *c);
