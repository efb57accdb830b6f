/* SPDX-License-Identifier: Apache-2.0 */
/* Engine API endpoints as dockerd spells them (-H, "hosts", ListenStream) and as the audit
 * connects to them, and whether one serves the other. */
#include "common.h"
#include <strings.h>
#include "facts/listen.h"
#include "hostfs.h"
#include "strutil.h"

#define DEFAULT_SOCKET "/var/run/docker.sock"

void listen_addr_release(struct listen_addr *e)
{
	free(e->path);
	free(e->addr);
}

/* Split "host[:port][/path]" or "[v6]:port": *ret_addr (brackets removed), *ret_port (NULL
 * when none was given). Modifies s. */
static void split_host_port(char *s, char **ret_addr, char **ret_port)
{
	char *port = NULL;
	/* user info ("user:pass@host", as Go's url.Parse reads it) is not part of the address,
	 * and never printed */
	size_t auth = strcspn(s, "/");
	for (size_t i = auth; i > 0; i--)
		if (s[i - 1] == '@') {
			s += i;
			break;
		}
	if (s[0] == '[') {
		char *close = strchr(s, ']');
		if (close) {
			*close = '\0';
			if (close[1] == ':')
				port = close + 2;
			s++;
		}
	} else {
		char *colon = strrchr(s, ':');
		if (colon) {
			*colon = '\0';
			port = colon + 1;
		}
	}
	if (port)
		port[strcspn(port, "/")] = '\0';
	else
		s[strcspn(s, "/")] = '\0';
	*ret_addr = s;
	*ret_port = port && *port ? port : NULL;
}

/* dockerd's normalisation of a -H / "hosts" value (opts.ParseHost): "" and "unix://" are the
 * default socket, no scheme means tcp, tcp defaults to 127.0.0.1 and port 2375 (2376 with
 * TLS). */
char *listen_addr_normalize(const char *h, bool tls, const char *default_sock)
{
	while (*h == ' ')
		h++;
	if (!*h)
		return xasprintf("unix://%s", default_sock);
	const char *sep = strstr(h, "://");
	const char *rest = sep ? sep + 3 : h;
	if (sep && str_startswith(h, "unix://"))
		return xasprintf("unix://%s", *rest ? rest : default_sock);
	if (sep && !str_startswith(h, "tcp://"))
		return str_mask_userinfo(h); /* fd://, npipe://, ssh:// ... as given */
	_cleanup_free_ char *a = xstrdup(rest);
	if (!a)
		return NULL;
	char *addr, *port;
	split_host_port(a, &addr, &port);
	bool v6 = strchr(addr, ':') != NULL;
	return xasprintf("tcp://%s%s%s:%s", v6 ? "[" : "", *addr ? addr : "127.0.0.1",
			 v6 ? "]" : "",
			 port  ? port
			 : tls ? "2376"
			       : "2375");
}

/* Parse a normalised (or user-given) endpoint; unix paths are resolved inside the root. */
int listen_addr_parse(const struct hostfs *h, const char *url, struct listen_addr *ret)
{
	struct listen_addr e = {.kind = LISTEN_OTHER, .port = -1};
	if (str_startswith(url, "unix://")) {
		const char *p = url + strlen("unix://");
		if (p[0] != '/')
			p = DEFAULT_SOCKET;
		e.kind = LISTEN_UNIX;
		if (hostfs_resolve(h, p, &e.path) < 0)
			e.path = path_normalize(p);
		if (!e.path)
			return -ENOMEM;
	} else if (str_startswith(url, "fd://")) {
		e.kind = LISTEN_FD;
	} else if (str_startswith(url, "tcp://") || str_startswith(url, "http://") ||
		   str_startswith(url, "https://")) {
		_cleanup_free_ char *a = xstrdup(strstr(url, "://") + 3);
		if (!a)
			return -ENOMEM;
		char *addr, *port;
		split_host_port(a, &addr, &port);
		int64_t pn = 0; /* 0: none given, the client's 2375 (plain) or 2376 (TLS) */
		if (port && (parse_int64(port, &pn) < 0 || pn <= 0 || pn > 65535))
			return -EINVAL;
		e.addr = xstrdup(*addr ? addr : "127.0.0.1");
		if (!e.addr)
			return -ENOMEM;
		e.kind = LISTEN_TCP;
		e.port = (long)pn;
	}
	*ret = e;
	return 0;
}

static bool addr_wildcard(const char *a)
{
	return !*a || strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::") == 0;
}

static bool addr_loopback(const char *a)
{
	return str_startswith(a, "127.") || strcasecmp(a, "localhost") == 0 ||
	       strcmp(a, "::1") == 0;
}

/* Does the daemon endpoint d serve what the audit connects to (a)? */
bool listen_addr_serves(const struct listen_addr *d, const struct listen_addr *a, const char *hostname)
{
	if (d->kind != a->kind)
		return false;
	switch (d->kind) {
	case LISTEN_UNIX:
		return strcmp(d->path, a->path) == 0;
	case LISTEN_TCP: {
		bool port_ok =
		    a->port == 0 ? d->port == 2375 || d->port == 2376 : a->port == d->port;
		if (!port_ok)
			return false;
		bool a_local = addr_loopback(a->addr) ||
			       (hostname && *hostname && strcasecmp(a->addr, hostname) == 0);
		return strcasecmp(d->addr, a->addr) == 0 || (addr_wildcard(d->addr) && a_local) ||
		       (addr_loopback(d->addr) && addr_loopback(a->addr));
	}
	default:
		return false;
	}
}
