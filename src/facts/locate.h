/* SPDX-License-Identifier: Apache-2.0 */
#pragma once

/*
 * Where this host keeps what the benchmark names: fixed paths, binaries (the running process's
 * executable, else PATH), systemd units, the daemon's data root, the containerd socket. Each
 * answer is cached; pointers stay valid for the life of the context.
 */

struct audit_ctx;

/* Where this host keeps something the benchmark names. */
enum ctx_locate_kind {
	CTX_LOC_FIXED, /* a fixed path (name) */
	CTX_LOC_BINARY, /* an executable (name): the running process's /proc/PID/exe, else PATH */
	CTX_LOC_UNIT, /* a systemd unit (name) found through the unit directories */
	CTX_LOC_DATA_ROOT, /* the daemon's data root: /info DockerRootDir, else the default */
};

struct located {
	int error; /* -ENOENT: not present on this host */
	char *path; /* host path (resolved inside the root), when error == 0 */
	const char *source; /* "api", "process", "PATH", "unit directories", "default", "fixed" */
	char *note; /* how it was found or why not, for the detail */
};

const struct located *ctx_locate(struct audit_ctx *c, enum ctx_locate_kind kind, const char *name);

/*
 * The containerd socket dockerd talks to: dockerd's --containerd (command line or daemon.json),
 * else the [grpc] address of /etc/containerd/config.toml, else /run/containerd/containerd.sock,
 * else the socket of the containerd that dockerd runs itself (<exec-root>/containerd/
 * containerd.sock). Never NULL; ->error -ENOENT when none exists.
 */
const struct located *ctx_locate_containerd_socket(struct audit_ctx *c);
/* The config file the daemon reads (its --config-file, else the default it would read), as
 * the dockerd scan found it; /etc/docker/daemon.json without a known dockerd. Never NULL;
 * ->error -ENOENT when it has none. */
const struct located *ctx_locate_daemon_config(struct audit_ctx *c);
