/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/*
 * The typed model of what the Engine API says about containers and images: each inspection
 * (and each entry of the container and image lists) is parsed once, on arrival, into a struct
 * holding exactly the fields the checks read, and the JSON is freed. Checks see only these
 * structs: a check that needs another field must add it here (and to the parser and its unit
 * test, tests/unit/test_inspect.c), so no check can read a field the model does not carry and
 * take Docker's default for it.
 *
 * Every field says how it was found (enum field_state): a field the answer omits is ABSENT,
 * never a safe default (API 1.52+ omits empty fields; Podman fills others differently), one of
 * another type is INVALID and cannot be judged. Strings point into the store's arena and live
 * as long as the store (the audit context).
 */

enum field_state {
	FIELD_ABSENT = 0, /* not in the answer, or a step of its path is not an object */
	FIELD_NULL, /* present as null */
	FIELD_SET, /* present with the expected type: the value is valid */
	FIELD_INVALID, /* present with another type */
};

/* Absent or null: the answer does not set it. */
static inline bool field_unset(uint8_t state)
{
	return state == FIELD_ABSENT || state == FIELD_NULL;
}

struct opt_bool {
	uint8_t state;
	bool v;
};

struct opt_int {
	uint8_t state; /* INVALID also for a number that is not an integer in range */
	int64_t v;
};

struct opt_str {
	uint8_t state;
	const char *v; /* NULL unless SET */
};

/* An array of strings (SecurityOpt, CapAdd ...): SET when it is an array; items that are not
 * strings are NULL and clear all_strings. */
struct opt_strv {
	uint8_t state;
	bool all_strings;
	uint32_t n;
	const char **v;
};

/* An object whose values should be strings (labels): keys, and values NULL when not strings. */
struct opt_map {
	uint8_t state;
	bool all_strings;
	uint32_t n;
	const char **keys, **values;
};

/* Mounts[i] */
struct inspect_mount {
	bool is_object;
	struct opt_str type, source, destination, propagation, name;
	struct opt_bool rw;
};

/* One binding of a published port: {"HostIp": "0.0.0.0", "HostPort": "8080"}. */
struct inspect_port_binding {
	bool is_object;
	struct opt_str host_ip, host_port;
};

enum inspect_port_kind {
	PORT_EXPOSED = 0, /* null: exposed, not published */
	PORT_BINDINGS, /* an array of bindings */
	PORT_INVALID, /* anything else */
};

/* "80/tcp": [bindings] of NetworkSettings.Ports or HostConfig.PortBindings */
struct inspect_port {
	const char *port;
	uint8_t kind;
	uint32_t n;
	struct inspect_port_binding *b;
};

struct inspect_ports {
	uint8_t state; /* SET: an object */
	uint32_t n;
	struct inspect_port *v;
};

/* HostConfig.Devices[i] */
struct inspect_device {
	bool is_object;
	struct opt_str path_on_host, path_in_container, cgroup_permissions;
};

/* HostConfig.DeviceRequests[i] */
struct inspect_device_request {
	bool is_object;
	struct opt_str driver;
	const char *capability; /* Capabilities[0][0] when a string (--gpus asks for "gpu") */
};

/* HostConfig.Ulimits[i] */
struct inspect_ulimit {
	bool is_object;
	struct opt_str name;
	struct opt_int soft, hard;
};

#define INSPECT_LIST(T)                                                                            \
	struct {                                                                                   \
		uint8_t state;                                                                     \
		uint32_t n;                                                                        \
		T *v;                                                                              \
	}

/* GET /containers/{id}/json: the fields the checks read, by their API path. */
struct container_inspect {
	struct opt_str image; /* Image: the id of the image it runs */
	struct opt_str apparmor_profile; /* AppArmorProfile */
	struct opt_str process_label; /* ProcessLabel */
	struct opt_strv exec_ids; /* ExecIDs */
	struct opt_int state_pid; /* State.Pid */
	uint8_t health_state; /* State.Health: SET when an object */
	struct opt_str health_status; /* State.Health.Status */
	struct opt_int health_failing_streak; /* State.Health.FailingStreak */

	struct opt_str config_user; /* Config.User */
	struct opt_str config_image; /* Config.Image: the reference it was created from */
	struct opt_strv config_shell; /* Config.Shell */
	struct opt_strv healthcheck_test; /* Config.Healthcheck.Test */

	uint8_t host_config_state; /* HostConfig: SET when an object */
	struct opt_bool privileged; /* HostConfig.Privileged */
	struct opt_strv security_opt; /* HostConfig.SecurityOpt */
	struct opt_strv cap_add; /* HostConfig.CapAdd */
	struct opt_str pid_mode, network_mode, ipc_mode, uts_mode, userns_mode;
	struct inspect_ports port_bindings; /* HostConfig.PortBindings */
	struct opt_bool publish_all_ports; /* HostConfig.PublishAllPorts */
	struct opt_int memory, cpu_shares, nano_cpus, cpu_quota, pids_limit;
	struct opt_bool readonly_rootfs; /* HostConfig.ReadonlyRootfs */
	struct opt_str cgroup_parent; /* HostConfig.CgroupParent */
	struct opt_str restart_policy_name; /* HostConfig.RestartPolicy.Name */
	struct opt_int restart_policy_max_retry; /* HostConfig.RestartPolicy.MaximumRetryCount */
	INSPECT_LIST(struct inspect_device) devices; /* HostConfig.Devices */
	INSPECT_LIST(struct inspect_device_request) device_requests; /* HostConfig.DeviceRequests */
	struct opt_strv device_cgroup_rules; /* HostConfig.DeviceCgroupRules */
	INSPECT_LIST(struct inspect_ulimit) ulimits; /* HostConfig.Ulimits */
	struct opt_str log_type; /* HostConfig.LogConfig.Type */

	INSPECT_LIST(struct inspect_mount) mounts; /* Mounts */
	struct inspect_ports ports; /* NetworkSettings.Ports */
	struct opt_strv networks; /* NetworkSettings.Networks: the names joined */
};

/* An entry of GET /containers/json. */
enum container_state {
	CONTAINER_UNKNOWN = 0, /* a State this version does not know */
	CONTAINER_CREATED,
	CONTAINER_RUNNING,
	CONTAINER_PAUSED,
	CONTAINER_RESTARTING,
	CONTAINER_REMOVING,
	CONTAINER_EXITED,
	CONTAINER_DEAD,
};

const char *container_state_name(enum container_state s);

struct container_entry {
	const char *id; /* NULL when unreadable */
	const char *name; /* Names[0] without "/", NULL when it has none */
	const char *image_id; /* ImageID, "" when absent */
	const char *state_text; /* State as listed */
	enum container_state state;
	struct opt_map labels;
	const char *unreadable; /* why the entry cannot be read (not an object, Id or State of
				 * the wrong type), NULL when it can */
};

/* GET /images/json and /images/{id}/json: what the image checks read. */
struct image_summary {
	const char *id; /* NULL when unreadable */
	struct opt_strv repo_tags; /* RepoTags */
	const char *unreadable;
};

struct image_inspect {
	struct opt_str config_user; /* Config.User */
	struct opt_strv repo_tags, repo_digests; /* RepoTags, RepoDigests */
	uint8_t healthcheck_state; /* Config.Healthcheck: SET when an object */
	struct opt_strv healthcheck_test; /* Config.Healthcheck.Test */
	struct opt_strv env; /* Config.Env */
	struct opt_map labels; /* Config.Labels */
	struct opt_strv cmd, entrypoint; /* Config.Cmd, Config.Entrypoint */
};

/* The arena all parsed values live in. */
struct inspect_store;
struct inspect_store *inspect_store_new(void);
struct inspect_store *inspect_store_free(struct inspect_store *s);
/* Bytes the store holds (for tests and the benchmark). */
size_t inspect_store_size(const struct inspect_store *s);
/* A copy of s in the store, shared with earlier copies of short strings. NULL on ENOMEM. */
const char *inspect_store_str(struct inspect_store *s, const char *str);

/* Parse one answer. Never fails on content (what is not as expected is INVALID or ABSENT);
 * -ENOMEM only. *ret points into the store. */
int inspect_parse_container(struct inspect_store *s, const cJSON *j,
			    const struct container_inspect **ret);
int inspect_parse_image(struct inspect_store *s, const cJSON *j, const struct image_inspect **ret);
/* One list entry, into *ret (zeroed first). -ENOMEM only. */
int inspect_parse_container_entry(struct inspect_store *s, const cJSON *j,
				  struct container_entry *ret);
int inspect_parse_image_summary(struct inspect_store *s, const cJSON *j, struct image_summary *ret);

/* One exec session: GET /exec/{id}/json. */
struct exec_inspect {
	struct opt_bool privileged; /* ProcessConfig.privileged */
	struct opt_str user; /* ProcessConfig.user */
	struct opt_str entrypoint; /* ProcessConfig.entrypoint */
	struct opt_strv arguments; /* ProcessConfig.arguments */
	struct opt_bool running; /* Running */
	/* ExitCode: null until the process ended, so null and not running is a session that was
	 * created and never started */
	struct opt_int exit_code;
};
int inspect_parse_exec(struct inspect_store *s, const cJSON *j, const struct exec_inspect **ret);
