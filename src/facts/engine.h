/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/*
 * Which engine serves the endpoint: Docker Engine or Podman (its Docker-compatible API
 * service), its release, and the Engine API version both sides settled on. Told from GET
 * /version (Components[].Name "Engine" or "Podman Engine") and the Server header of /_ping
 * ("Docker/..." or "Libpod/..."); when they disagree or say nothing, the engine is unknown and
 * the report says so: checks then judge as for Docker Engine and name the doubt.
 */

struct audit_ctx;

enum engine_kind {
	ENGINE_UNKNOWN,
	ENGINE_DOCKER,
	ENGINE_PODMAN,
};

struct engine {
	enum engine_kind kind;
	const char *name; /* "Docker Engine", "Podman", "unknown engine" (static) */
	char *version; /* its release ("26.1.5+dfsg1", "5.4.2"); NULL when not said */
	char *api_version; /* negotiated: min(the daemon's, DOCKER_MAX_API_VERSION) */
	char *daemon_api_version; /* the newest the daemon speaks */
	char *min_api_version; /* /version MinAPIVersion; NULL when absent */
	bool negotiated_down; /* the daemon speaks newer than docker-audit */
	char *server_header; /* /_ping Server header; NULL when none (or from fixtures) */
	char *evidence; /* how the engine was told, for the report */
	/* Docker Desktop: the engine runs in Desktop's own VM, not on the machine docker-audit
	 * runs on. Told from /version Platform.Name ("Docker Desktop 4.33.0 (160616)") or /info
	 * OperatingSystem "Docker Desktop". */
	bool desktop;
	char *platform; /* /version Platform.Name when not empty, else NULL */
	char *desktop_evidence; /* how Docker Desktop was told, NULL when not desktop */
};

/*
 * Pure: tell the engine from a /version answer and a Server header (either may be NULL).
 * Fills ret (release it with engine_release). 0 or -ENOMEM.
 */
int engine_identify(const cJSON *version, const char *server_header, struct engine *ret);
void engine_release(struct engine *e);

/* The engine of the audited endpoint, from /version (cached). -errno with *ret_error when the
 * daemon could not be asked. */
int ctx_engine(struct audit_ctx *c, const struct engine **ret, const char **ret_error);
/* Pure: is this Docker Desktop? From /version Platform.Name and /info OperatingSystem (either
 * may be NULL). Fills e->desktop, e->platform, e->desktop_evidence. 0 or -ENOMEM. */
int engine_identify_platform(const cJSON *version, const cJSON *info, struct engine *e);
/* Shorthand: the engine runs in Docker Desktop's VM (false when it could not be told). */
bool ctx_engine_is_desktop(struct audit_ctx *c);
/* The same without asking: only when the engine was already told (the runner asks it before
 * the first check that needs the daemon; a host-only audit never does). */
bool ctx_engine_known_desktop(const struct audit_ctx *c);
/* The engine when it was already told, else NULL (asks nothing). */
const struct engine *ctx_engine_peek(const struct audit_ctx *c);
/* Shorthand for checks: the engine is Podman (false when it could not be told). */
bool ctx_engine_is_podman(struct audit_ctx *c);

/*
 * The resource limits a container of this engine inherits when it sets none: those of the
 * process that started it. Podman fills HostConfig.Ulimits with them (RLIMIT_NOFILE,
 * RLIMIT_NPROC), so they are told apart from real overrides by reading the limits of the
 * container's conmon (the parent of State.Pid) in <root>/proc. 0 with *ret; -ENOENT when the
 * container is not running; -errno when /proc could not tell.
 */
struct inherited_limits {
	int64_t nofile_soft, nofile_hard; /* -1: unlimited */
	int64_t nproc_soft, nproc_hard;
};
struct container_inspect;
int ctx_container_inherited_limits(struct audit_ctx *c, const struct container_inspect *inspect,
				   struct inherited_limits *ret);

/* ---- engine versions ---- */

/* "20.10.24+dfsg1", "24.0.7", "27.3.1-1", "v28.0.0-rc.1" -> major, minor, patch (a missing
 * patch is 0). -EINVAL when it does not start with digits.digits. */
int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch);
/* ---- security options of GET /info ---- */

/*
 * The entry of /info SecurityOptions for name ("apparmor", "seccomp", "userns", "rootless",
 * "selinux", "no-new-privileges"), read as the docker CLI reads it: an entry without "=" is a
 * bare name (daemons before API 1.26), any other is comma-separated key=value pairs of which
 * "name" is the name. 0 with the whole entry in *ret_entry, or -ENOENT.
 */
int engine_security_option(const cJSON *info, const char *name, const char **ret_entry);
/* The value of key in such an entry ("profile" of "name=seccomp,profile=default"), malloc'ed;
 * NULL when it has none (or on ENOMEM). */
char *engine_security_option_value(const char *entry, const char *key);
