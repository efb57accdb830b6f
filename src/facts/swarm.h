/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/*
 * Swarm facts for section 7, loaded lazily through the context (one slot each) and cached.
 * Accessors return borrowed pointers owned by the context; on failure a negative errno and
 * *ret_error (borrowed, may be NULL), outputs untouched.
 *
 * Never requested: GET /swarm (it carries the join tokens) and GET /swarm/unlockkey (the
 * unlock key). Everything the checks need from them is in /info Swarm.Cluster on a manager.
 */

struct audit_ctx;

enum swarm_role {
	SWARM_ROLE_NONE, /* not in a swarm: LocalNodeState "inactive" (or absent) */
	SWARM_ROLE_WORKER, /* active, ControlAvailable false */
	SWARM_ROLE_MANAGER, /* active, ControlAvailable true */
	SWARM_ROLE_UNUSABLE, /* in a swarm but "locked", "pending" or "error": nothing answers */
};

struct swarm_info {
	enum swarm_role role;
	const char *state; /* LocalNodeState as reported, "" when absent */
	const char *error; /* Swarm.Error, "" when none */
	const char *node_id; /* may be "" */
	const char *node_addr; /* Swarm.NodeAddr: the address the node advertises, may be "" */
	const char *cluster_id; /* managers only, else NULL */
	const cJSON
	    *cluster; /* /info Swarm.Cluster (Spec, TLSInfo ...): managers only, else NULL */
};

/* The node's place in a swarm, from GET /info. -EBADMSG when Swarm is not an object. */
int ctx_swarm_info(struct audit_ctx *c, const struct swarm_info **ret, const char **ret_error);
/*
 * Can a swarm check judge this node (manager: only a manager can)? 1 with *ret; 0 when it does
 * not apply (not in a swarm, a worker for a manager check) and a negative errno when it cannot
 * be told (no /info, or a swarm that is locked, pending or in error), both with *ret_why
 * (malloc'ed); -ENOMEM alone. The prerequisite behind DA_NEED_SWARM / DA_NEED_SWARM_MANAGER.
 */
int swarm_prerequisite(struct audit_ctx *c, bool manager, const struct swarm_info **ret,
		       char **ret_why);

/* Manager-only lists, each a JSON array (-EBADMSG otherwise): GET /nodes, GET /networks (all
 * of them; the caller filters by Driver), GET /secrets (metadata only: the API never returns a
 * secret's data), GET /services. */
int ctx_swarm_nodes(struct audit_ctx *c, const cJSON **ret, const char **ret_error);
int ctx_swarm_networks(struct audit_ctx *c, const cJSON **ret, const char **ret_error);
int ctx_swarm_secrets(struct audit_ctx *c, const cJSON **ret, const char **ret_error);
int ctx_swarm_services(struct audit_ctx *c, const cJSON **ret, const char **ret_error);

/*
 * The node's own swarm state file, <data-root>/swarm/docker-state.json (data root from /info
 * DockerRootDir, else the default), read through hostfs: dockerd keeps there what it was told
 * at init/join time and the API does not show, such as ListenAddr ("0.0.0.0:2377") and
 * DataPathAddr ("" when not given). *ret_path (borrowed) is the host path read.
 */
int ctx_swarm_state_file(struct audit_ctx *c, const cJSON **ret, const char **ret_path,
			 const char **ret_error);

/* ---- sockets on the swarm ports ---- */

#define SWARM_PORT_MANAGEMENT 2377u /* cluster management (raft, dispatcher): managers */
#define SWARM_PORT_GOSSIP 7946u /* node discovery (memberlist), TCP and UDP: every node */

struct swarm_socket {
	char proto[5]; /* "tcp", "tcp6", "udp", "udp6" (the /proc/net file it was read from) */
	char addr[48]; /* local address as inet_ntop prints it: "0.0.0.0", "::", "127.0.0.1" */
	unsigned port;
	bool wildcard; /* bound to every address: 0.0.0.0 or :: */
};

/* Sorted by port, then protocol and address. */
struct swarm_sockets {
	struct swarm_socket *items;
	size_t n;
	char *dir; /* the directory read, e.g. "/proc/812/net" */
	char *whose; /* whose network namespace that is, for the detail */
};

/*
 * Sockets bound to the swarm ports: TCP sockets listening (state LISTEN) on 2377 or 7946 and
 * UDP sockets bound to 7946, from <root>/proc/PID/net/{tcp,tcp6,udp,udp6} where PID is the
 * dockerd serving the audited endpoint when it was found, else <root>/proc/net/, which the
 * kernel resolves to the network namespace of the process reading it (docker-audit itself:
 * the host's when run on the host or with --network host, a container's own otherwise).
 * tcp6 and udp6 may be absent (IPv6 disabled); tcp and udp may not.
 */
int ctx_swarm_sockets(struct audit_ctx *c, const struct swarm_sockets **ret,
		      const char **ret_error);

/*
 * Parse the text of one /proc/net/{tcp,tcp6,udp,udp6} file (proto names it: "tcp6" means
 * 128-bit addresses) and append to *items and *n the sockets whose local port is in ports: for
 * TCP only those in state LISTEN (0A), for UDP only unconnected ones (remote port 0).
 * Addresses are in the kernel's byte order, that is this host's. 0, -ENOMEM, or -EBADMSG for
 * a malformed line (*ret_bad_line, 1-based, when not NULL).
 */
int swarm_parse_proc_net(const char *text, const char *proto, const unsigned *ports, size_t n_ports,
			 struct swarm_socket **items, size_t *n, size_t *ret_bad_line);

/*
 * Does an environment variable's name (name[0..len)) say that it carries a credential? By its
 * words (separated by "_", "-" or "."), case-insensitively: PASSWORD, PASSWD, PASSPHRASE,
 * SECRET, TOKEN, APIKEY, CREDENTIAL(S), PRIVATEKEY, KEY after API, PRIVATE or ACCESS, PWD after
 * another word, a word ending in PASSWORD or PASSWD (PGPASSWORD); but not
 * when the last word says the variable is about the credential rather than the credential
 * itself (DB_PASSWORD_FILE, TOKEN_URL, AWS_ACCESS_KEY_ID, VAULT_TOKEN_PATH ...).
 */
bool swarm_env_name_is_credential(const char *name, size_t len);

/* ---- the root CA certificate ---- */

struct swarm_root_ca {
	int64_t not_before, not_after; /* seconds since the epoch, UTC */
	size_t n_certs; /* certificates in the bundle (more than 1 mid-rotation) */
	const char *source; /* "api" or "file" */
	char *origin; /* "GET /info Swarm.Cluster.TLSInfo.TrustRoot" or a path */
};

/*
 * The swarm's root CA certificate: on a manager from /info Swarm.Cluster.TLSInfo.TrustRoot,
 * on a worker from <data-root>/swarm/certificates/swarm-root-ca.crt. The validity of the
 * first certificate of the bundle.
 */
int ctx_swarm_root_ca(struct audit_ctx *c, const struct swarm_root_ca **ret,
		      const char **ret_error);

/*
 * The validity (notBefore, notAfter) of the first certificate of a PEM bundle, by a minimal
 * DER walk (Certificate -> TBSCertificate -> [0] version, serial, signature, issuer,
 * validity); also counts the bundle's certificates. 0, -ENOMEM, -ENOENT (no certificate),
 * -EBADMSG (bad base64 or DER, or a time that is not UTCTime/GeneralizedTime in Z form).
 */
int swarm_pem_validity(const char *pem, int64_t *ret_not_before, int64_t *ret_not_after,
		       size_t *ret_n_certs);
