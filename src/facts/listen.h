/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>

struct hostfs;

enum listen_kind {
	LISTEN_UNIX,
	LISTEN_TCP,
	LISTEN_FD,
	LISTEN_OTHER,
};

struct listen_addr {
	enum listen_kind kind;
	char *path; /* unix: resolved host path */
	char *addr; /* tcp: address without brackets */
	long port;
};

void listen_addr_release(struct listen_addr *e);
/* dockerd's normalisation of a -H / "hosts" value (opts.ParseHost): "" and "unix://" are the
 * default socket, no scheme means tcp, tcp defaults to 127.0.0.1 and port 2375 (2376 with
 * TLS). Malloc'ed, NULL on ENOMEM. */
char *listen_addr_normalize(const char *h, bool tls, const char *default_sock);
/* Parse a normalised endpoint URL; a unix path is resolved inside the root. 0, -EINVAL or
 * -ENOMEM. */
int listen_addr_parse(const struct hostfs *h, const char *url, struct listen_addr *ret);
/* Does the daemon endpoint d serve what the audit connects to (a)? hostname: this host's name
 * (a tcp address naming it is local). */
bool listen_addr_serves(const struct listen_addr *d, const struct listen_addr *a,
			const char *hostname);

/*
 * The listening socket behind an endpoint, as the kernel knows it: the sockfs inode (the one
 * /proc/PID/fd links name as "socket:[INODE]") of the socket bound at a unix path, matched by
 * the path's device and inode through sock_diag (UNIX_DIAG_VFS) when <root>/proc is the live
 * procfs, else by the path in <root>/proc/net/unix; or of a listening TCP socket serving the
 * address and port on this host (<root>/proc/net/tcp and tcp6: the address itself, or a
 * wildcard listener for a loopback address or this host's name). 0 with *ret_inode and
 * *ret_how ("unix socket /run/docker.sock"), -ENOENT when no listening socket matches, -ENOMEM,
 * or why it cannot be told (*ret_how then says what was tried, or is NULL).
 */
int listen_socket_inode(const struct hostfs *h, const struct listen_addr *a, const char *hostname,
			unsigned long *ret_inode, char **ret_how);
/* Parse one /proc/net/unix body: the inode of the listening socket bound at path. -ENOENT. */
int listen_proc_net_unix(const char *text, const char *path, unsigned long *ret_inode);
/* Parse a /proc/net/tcp or tcp6 body: the inode of a listener that serves addr (numeric, or
 * "" for "any local address": loopback or this host's name) on port. -ENOENT. */
int listen_proc_net_tcp(const char *text, bool v6, const char *addr, long port,
			unsigned long *ret_inode);
