/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "context.h"

/*
 * Which unix socket is connected to which, as the kernel knows it: one sock_diag dump of the
 * AF_UNIX sockets of a network namespace (UNIX_DIAG_PEER), taken once per audit and namespace.
 * It proves that two processes talk to each other (dockerd to its containerd, containerd to its
 * shims): a socket one holds is connected to a socket the other holds. sock_diag only sees the
 * network namespace its socket was made in, so a process in another one has none of its
 * sockets in the dump; the callers then fall back to other evidence and say so.
 */

struct unix_peer {
	uint32_t ino; /* the socket's inode (the one /proc/PID/fd links name) */
	uint32_t peer; /* the inode of the socket it is connected to; 0: none */
};

struct unix_peers {
	struct fact_error err; /* no dump: not the live /proc (a fixture), or netlink failed */
	struct unix_peer *v; /* sorted by ino once the dump is complete */
	size_t n, cap;
	size_t connected; /* entries with a peer */
	long usec; /* how long the dump took */
	long ns_pid; /* the dump of the network namespace of this process, not docker-audit's */
	char *source; /* "the sock_diag dump of docker-audit's network namespace", ... */
};

/* A sock_diag dump request for AF_UNIX sockets in the given states (a bit per TCP_* state;
 * ~0u: all) with the UDIAG_SHOW_* attributes show, sent on a new netlink socket of the network
 * namespace nsfd names (-1: docker-audit's own; another is entered by a short-lived thread, so
 * docker-audit itself never changes namespace). The socket, to read the answers from, or
 * -errno. */
int unix_diag_request(int nsfd, uint32_t states, uint32_t show);
/* Parse one buffer of a NETLINK_SOCK_DIAG AF_UNIX dump (as recv() returned it) into m;
 * *ret_done once NLMSG_DONE is seen. 0, -ENOMEM, -EBADMSG (a truncated message) or the error
 * the kernel answered with (NLMSG_ERROR). */
int unix_peers_parse(struct unix_peers *m, const void *buf, size_t len, bool *ret_done);
/* Sort the parsed entries for unix_peers_find(). */
void unix_peers_finish(struct unix_peers *m);
/* The entry for a socket inode, NULL when the dump does not have it (another network namespace,
 * or not a unix socket). */
const struct unix_peer *unix_peers_find(const struct unix_peers *m, uint32_t ino);

/* The dump of this audit: 0 with *ret, or the recorded failure (message in *ret_error). */
int ctx_unix_peers(struct audit_ctx *c, const struct unix_peers **ret, const char **ret_error);
/* The dump of the network namespace pid is in: docker-audit's own when it is the same (or
 * cannot be told), else that namespace's, entered by a short-lived thread (setns needs
 * CAP_SYS_ADMIN: without it, the recorded failure). A recorded dump stands for every
 * namespace. */
int ctx_unix_peers_of(struct audit_ctx *c, long pid, const struct unix_peers **ret,
		      const char **ret_error);
/* Use a recorded dump (the netlink messages, as unix_peers_parse reads them) instead of asking
 * the kernel: fixtures and tests, whose /proc is not the kernel's. Before any ctx_unix_peers.
 * 0, -ENOMEM, -EBADMSG or -EALREADY. */
int ctx_unix_peers_from_dump(struct audit_ctx *c, const void *dump, size_t len);
