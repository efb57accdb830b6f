/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>

struct hostfs;

enum endpoint_kind {
	ENDPOINT_UNIX,
	ENDPOINT_TCP,
	ENDPOINT_FD,
	ENDPOINT_OTHER,
};

struct endpoint {
	enum endpoint_kind kind;
	char *path; /* unix: resolved host path */
	char *addr; /* tcp: address without brackets */
	long port;
};

void endpoint_release(struct endpoint *e);
/* dockerd's normalisation of a -H / "hosts" value (opts.ParseHost): "" and "unix://" are the
 * default socket, no scheme means tcp, tcp defaults to 127.0.0.1 and port 2375 (2376 with
 * TLS). Malloc'ed, NULL on ENOMEM. */
char *endpoint_normalize(const char *h, bool tls, const char *default_sock);
/* Parse a normalised endpoint URL; a unix path is resolved inside the root. 0, -EINVAL or
 * -ENOMEM. */
int endpoint_parse(const struct hostfs *h, const char *url, struct endpoint *ret);
/* Does the daemon endpoint d serve what the audit connects to (a)? hostname: this host's name
 * (a tcp address naming it is local). */
bool endpoint_serves(const struct endpoint *d, const struct endpoint *a, const char *hostname);
