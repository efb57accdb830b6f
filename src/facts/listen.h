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
