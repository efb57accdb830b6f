/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "context.h"

/*
 * Facts of a Kubernetes node for the k8s-node benchmark, from this node alone: the kubelet,
 * kube-apiserver and etcd processes (/proc under --root), the kubelet's own --config file and
 * --config-dir drop-ins, the kubelet's documented defaults, static pod manifests, the API
 * server's EncryptionConfiguration, and file owners and modes. Loaded lazily through context
 * slots, once. Every value says where it came from (flag, config file, drop-in, environment,
 * manifest, default). Accessors return borrowed pointers owned by the context.
 */

enum k8s_component {
	K8S_KUBELET,
	K8S_APISERVER,
	K8S_ETCD,
	_K8S_COMPONENT_MAX,
};

/* "kubelet", "kube-apiserver", "etcd" */
const char *k8s_component_name(enum k8s_component c);

/* ---- processes ---- */

/*
 * A component's process: its entry of the shared /proc table (facts/procs.h), whose strings it
 * borrows, and its environment, read for these few processes only.
 */
struct k8s_proc {
	long pid;
	const char *comm;
	char *const *argv; /* NULL-terminated, argv[0] first */
	char **env; /* NULL-terminated; NULL when /proc/PID/environ was unreadable */
	const char *cwd; /* target of /proc/PID/cwd, NULL when unreadable */
	const char *root; /* target of /proc/PID/root, NULL when unreadable */
	long uid; /* real uid from /proc/PID/status, -1 when unknown */
	size_t arg0; /* index of the component's own arguments (1 for "hyperkube kubelet": 2) */
};

/* Which process is the component: comm, argv[0]'s basename, or "hyperkube NAME". Pure. */
bool k8s_proc_is(const char *comm, char *const *argv, enum k8s_component c, size_t *ret_arg0);

struct k8s_procs {
	int error; /* < 0: /proc could not be listed (then nothing can be said) */
	char *error_msg;
	struct k8s_proc *items; /* sorted by pid */
	size_t n;
};
/* The processes of a component running on this node. Never NULL. */
const struct k8s_procs *k8s_procs(struct audit_ctx *c, enum k8s_component which);

/* The pid of a k3s server or agent (which runs kubelet, API server and etcd inside itself), 0
 * when none runs. */
long k8s_k3s_pid(struct audit_ctx *c);

/*
 * A flag's value in an argument vector as Go's pflag/flag packages read it: "--name=value",
 * "--name value" ("-name" too when single_dash, for Go's flag package as etcd uses), a bool
 * flag alone meaning "true"; the last occurrence wins. Arguments after "--" are not flags.
 * Returns a borrowed pointer into argv (or "true"), NULL when the flag is absent.
 */
const char *k8s_flag(char *const *argv, const char *name, bool is_bool, bool single_dash);

/* ---- where a value came from ---- */

enum k8s_source {
	K8S_SRC_NONE, /* not set anywhere, and no default is known */
	K8S_SRC_FLAG, /* the process's command line */
	K8S_SRC_DROPIN, /* a --config-dir drop-in (origin: its path) */
	K8S_SRC_CONFIG, /* the --config file (origin: its path) */
	K8S_SRC_ENV, /* an ETCD_* variable of the process's environment */
	K8S_SRC_MANIFEST, /* the static pod manifest's command (the process is not running) */
	K8S_SRC_DEFAULT, /* the component's documented default (origin says which) */
};
/* "flag", "config-dir", "config", "env", "manifest", "default", "unset" (JSON `source`) */
const char *k8s_source_name(enum k8s_source s);

struct k8s_value {
	enum k8s_source source;
	const char *origin; /* file path, "--name", "ETCD_NAME" or the default's name; borrowed */
	const char *str; /* a flag, variable or default's text; NULL for a file value */
	const cJSON *json; /* a file's (or a default's) value; NULL for a flag */
};

/* The value as text for a finding: flag text, a JSON scalar ("false", "0", "Webhook"), or a list
 * joined with ','. Malloc'ed; NULL on ENOMEM. */
char *k8s_value_text(const struct k8s_value *v);
/* A bool value: 0 with *ret, -EINVAL when it is not a bool ("maybe"), -ENOENT when unset. */
int k8s_value_bool(const struct k8s_value *v, bool *ret);
/* A list value: a JSON array of strings, or comma-separated flag text. NULL-terminated, malloc'ed
 * (strv_free). -ENOENT unset, -EINVAL not a list, -ENOMEM. */
int k8s_value_list(const struct k8s_value *v, char ***ret);

/* ---- the kubelet ---- */

struct k8s_config_file {
	char *path; /* host path */
	cJSON *tree; /* NULL when error < 0 */
	int error;
	char *error_msg;
};

struct k8s_kubelet {
	const struct k8s_proc *proc; /* NULL: no kubelet runs; see k8s_kubelet() */
	char *skip; /* why nothing can be judged (no kubelet), or NULL */
	int error; /* < 0: the facts could not be read; error_msg says why */
	char *error_msg;
	/* --config resolved against the kubelet's cwd (and root): NULL when the kubelet uses none
	 */
	struct k8s_config_file *config;
	/* --config-dir and its *.conf drop-ins in the kubelet's order (later ones win) */
	char *config_dir;
	int config_dir_error; /* the directory could not be listed */
	char *config_dir_error_msg;
	struct k8s_config_file *dropins;
	size_t n_dropins;
	char *how; /* how the configuration was found, for details */
};

/* The kubelet of this node. Never NULL. Several kubelets: the first by pid, and how says so. */
const struct k8s_kubelet *k8s_kubelet(struct audit_ctx *c);

/*
 * A kubelet setting: the flag (when the setting has one) wins, then the last drop-in that sets
 * path, then the --config file, then the kubelet's documented default -- which differs with and
 * without a config file (KubeletConfiguration v1beta1 defaults vs the command line's legacy
 * defaults). flag may be NULL (a setting only the config file has), path may be NULL (a flag
 * only). *ret is always set; its pointers live as long as the context. 0, or -EIO when a file
 * that could set the value could not be read (ret then says which file, source NONE).
 */
int k8s_kubelet_get(struct audit_ctx *c, const char *flag, bool is_bool, const char *path,
		    struct k8s_value *ret);

/* A path the kubelet reads from a setting (clientCAFile, --kubeconfig ...): a relative path in a
 * config file is relative to that file's directory, a relative flag value to the kubelet's
 * cwd. Malloc'ed host path, NULL on ENOMEM or when v has no string. */
char *k8s_kubelet_path(const struct k8s_kubelet *k, const struct k8s_value *v);

/* The kubelet's static pod directory (staticPodPath / --pod-manifest-path), else the kubeadm
 * default /etc/kubernetes/manifests; *ret_source says which. Borrowed. */
const char *k8s_static_pod_dir(struct audit_ctx *c, enum k8s_source *ret_source);

/* ---- control plane: kube-apiserver and etcd ---- */

struct k8s_control {
	enum k8s_component which;
	const struct k8s_proc *proc; /* the running process, or NULL */
	/* Without a process: the static pod manifest's command + args (argv-like), or NULL. */
	char **manifest_argv;
	char *manifest_path; /* the manifest that exists, whether or not the process runs */
	int manifest_error; /* < 0: it exists but could not be read or parsed */
	char *manifest_error_msg;
	char *skip; /* neither process nor manifest: "no kube-apiserver on this node" */
	int proc_error; /* < 0: no manifest, and /proc could not be listed: nothing is known */
	char *proc_error_msg;
	/* etcd only: --config-file (flag or ETCD_CONFIG_FILE), whose keys replace flags and env */
	struct k8s_config_file *etcd_config;
};

/* The component as this node runs it. Never NULL. */
const struct k8s_control *k8s_control(struct audit_ctx *c, enum k8s_component which);

/*
 * A control-plane setting. kube-apiserver: its flag from the process, else from the manifest.
 * etcd as etcd reads it: with a --config-file, only that file (key = the flag's name, or under
 * client-transport-security / peer-transport-security for TLS keys); else the flag, else
 * ETCD_<NAME> from its environment. *ret is always set. 0, or -EIO (a file that decides could
 * not be read; origin names it).
 */
int k8s_control_get(struct audit_ctx *c, enum k8s_component which, const char *flag, bool is_bool,
		    struct k8s_value *ret);
/* A path read from a setting, resolved against the process's cwd (and root). Malloc'ed. */
char *k8s_control_path(const struct k8s_control *k, const struct k8s_value *v);

/* ---- files ---- */

struct k8s_file {
	char *path; /* host path */
	int error; /* 0, -ENOENT (absent) or another negative errno */
	struct stat st;
};
/* stat a host path (following symlinks inside the root), cached. Never NULL. */
const struct k8s_file *k8s_file(struct audit_ctx *c, const char *path);
/* A whole small file parsed as YAML (or JSON), cached. Never NULL. */
const struct k8s_config_file *k8s_yaml_file(struct audit_ctx *c, const char *path);
/* A whole small file's bytes, cached: 0 with *ret and *ret_len, or negative errno. */
int k8s_file_bytes(struct audit_ctx *c, const char *path, const char **ret, size_t *ret_len);

/* ---- pure helpers, exported for tests ---- */

/* Merge a drop-in over a base the way the kubelet does: objects key by key, recursively;
 * scalars and lists replace. base is modified; src is not. 0 or -ENOMEM. */
int k8s_merge_config(cJSON *base, const cJSON *src);

/* The kubelet's documented default for a setting (by flag or config path; NULL when none is
 * known), with and without a config file, as text ("false", "Webhook", "10255").
 * *ret_origin names the source of the default. */
const char *k8s_kubelet_default(const char *flag, const char *path, bool with_config_file,
				const char **ret_origin);

/*
 * The first provider of every resources[] entry of an EncryptionConfiguration that covers
 * Secrets ("secrets", "*." or "*.*"): for each, the provider's name ("aescbc", "identity" ...)
 * as a NULL-terminated list; an entry without providers gives "". -ENOENT when no entry covers
 * Secrets, -EINVAL when the tree is not an EncryptionConfiguration, -ENOMEM.
 */
int k8s_encryption_secret_providers(const cJSON *tree, char ***ret);
