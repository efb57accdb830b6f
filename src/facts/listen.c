/* SPDX-License-Identifier: Apache-2.0 */
/* Engine API endpoints as dockerd spells them (-H, "hosts", ListenStream) and as the audit
 * connects to them, and whether one serves the other. */
#include "common.h"
#include <arpa/inet.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include "facts/listen.h"
#include "facts/peers.h"
#include "facts/procs.h"
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
bool listen_addr_serves(const struct listen_addr *d, const struct listen_addr *a,
			const char *hostname)
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

/* ---- the listening socket's inode ---- */

#define NET_FILE_MAX (16u * 1024 * 1024)
#define TCP_LISTEN_STATE 10 /* TCP_LISTEN, also the state of a listening unix socket */

int listen_proc_net_unix(const char *text, const char *path, unsigned long *ret_inode)
{
	/* "Num RefCount Protocol Flags Type St Inode Path": a listener has __SO_ACCEPTCON
	 * (0x10000) in Flags and state 01 (SS_UNCONNECTED) */
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		unsigned long refs, proto, flags, type, st, inode;
		int off = 0;
		if (sscanf(line, "%*[0-9a-fA-F]: %lx %lx %lx %lx %lx %lu %n", &refs, &proto, &flags,
			   &type, &st, &inode, &off) == 6 &&
		    off > 0 && (flags & 0x10000)) {
			size_t len = eol ? (size_t)(eol - line - off) : strlen(line + off);
			if (len == strlen(path) && strncmp(line + off, path, len) == 0) {
				*ret_inode = inode;
				return 0;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

/* "0100007F" (IPv4) or 32 hex digits (IPv6), four host-order words, into a text address */
static int hex_addr(const char *hex, bool v6, char *out, size_t size)
{
	uint32_t w[4] = {0};
	size_t words = v6 ? 4 : 1;
	if (strlen(hex) != words * 8)
		return -EINVAL;
	for (size_t i = 0; i < words; i++) {
		char part[9];
		memcpy(part, hex + i * 8, 8);
		part[8] = '\0';
		char *end;
		unsigned long v = strtoul(part, &end, 16);
		if (*end)
			return -EINVAL;
		w[i] = (uint32_t)v;
	}
	return inet_ntop(v6 ? AF_INET6 : AF_INET, w, out, (socklen_t)size) ? 0 : -EINVAL;
}

static bool ip_loopback(const char *a)
{
	return str_startswith(a, "127.") || strcmp(a, "::1") == 0 ||
	       str_startswith(a, "::ffff:127.");
}

static bool ip_wildcard(const char *a)
{
	return strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::") == 0;
}

int listen_proc_net_tcp(const char *text, bool v6, const char *addr, long port,
			unsigned long *ret_inode)
{
	/* "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
	 * inode" */
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		char local[40], state[3];
		unsigned int lport;
		unsigned long uid, timeout, inode;
		if (sscanf(line, " %*u: %39[0-9A-Fa-f]:%x %*s %2s %*s %*s %*s %lu %lu %lu", local,
			   &lport, state, &uid, &timeout, &inode) == 6 &&
		    strtoul(state, NULL, 16) == TCP_LISTEN_STATE && (long)lport == port) {
			char text_addr[INET6_ADDRSTRLEN];
			if (hex_addr(local, v6, text_addr, sizeof(text_addr)) == 0) {
				bool any_local = !*addr || ip_loopback(addr);
				bool hit = strcmp(text_addr, addr) == 0 ||
					   (ip_wildcard(text_addr) && any_local) ||
					   (ip_loopback(text_addr) && ip_loopback(addr));
				if (!hit && *addr) {
					/* ::ffff:a.b.c.d is a.b.c.d */
					char mapped[INET6_ADDRSTRLEN + 8];
					snprintf(mapped, sizeof(mapped), "::ffff:%s", addr);
					hit = strcmp(text_addr, mapped) == 0;
				}
				if (hit) {
					*ret_inode = inode;
					return 0;
				}
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

/* sock_diag: the sockfs inode of the listening unix socket bound to the file (dev, ino). */
static int unix_diag_by_vfs(dev_t dev, ino_t ino, unsigned long *ret_inode)
{
	int fd = unix_diag_request(-1, 1u << TCP_LISTEN_STATE, UDIAG_SHOW_VFS);
	if (fd < 0)
		return fd;
	/* the kernel's dev_t (20-bit minor), as UNIX_DIAG_VFS carries it */
	uint32_t kdev = (uint32_t)((major(dev) << 20) | (minor(dev) & 0xfffff));
	int r = -ENOENT;
	bool done = false;
	const size_t bufsize = 32768;
	_cleanup_free_ char *buf = malloc(bufsize); /* malloc'ed: aligned for nlmsghdr */
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, bufsize, 0);
		if (len < 0) {
			r = errno == EINTR ? r : -errno;
			if (errno == EINTR)
				continue;
			break;
		}
		if (len == 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				r = e->error < 0 ? e->error : -EIO;
				done = true;
				break;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg)))
				continue;
			struct unix_diag_msg *m = NLMSG_DATA(h);
			unsigned int alen = h->nlmsg_len - (unsigned int)NLMSG_LENGTH(sizeof(*m));
			for (struct rtattr *a = (struct rtattr *)(m + 1); RTA_OK(a, alen);
			     a = RTA_NEXT(a, alen)) {
				if (a->rta_type != UNIX_DIAG_VFS ||
				    RTA_PAYLOAD(a) < (int)sizeof(struct unix_diag_vfs))
					continue;
				const struct unix_diag_vfs *v = RTA_DATA(a);
				if (v->udiag_vfs_ino == ino && v->udiag_vfs_dev == kdev && r != 0) {
					*ret_inode = m->udiag_ino;
					r = 0;
				}
			}
		}
	}
	close(fd);
	return r;
}

static int read_net(const struct hostfs *h, const char *file, char **ret)
{
	return hostfs_read_file(h, file, NET_FILE_MAX, ret, NULL);
}

int listen_socket_inode(const struct hostfs *h, const struct listen_addr *a, const char *hostname,
			unsigned long *ret_inode, char **ret_how)
{
	*ret_how = NULL;
	if (a->kind == LISTEN_UNIX) {
		struct stat st;
		int r = hostfs_stat(h, a->path, &st);
		if (r < 0)
			return r;
		if (!S_ISSOCK(st.st_mode))
			return -ENOTSOCK;
		if (procs_live(h)) {
			r = unix_diag_by_vfs(st.st_dev, st.st_ino, ret_inode);
			if (r == 0) {
				*ret_how = xasprintf("unix socket %s (file inode %lu)", a->path,
						     (unsigned long)st.st_ino);
				return *ret_how ? 0 : -ENOMEM;
			}
		}
		/* not in this network namespace, no sock_diag, or a fixture: by its bound path */
		_cleanup_free_ char *text = NULL;
		r = read_net(h, "/proc/net/unix", &text);
		if (r < 0)
			return r;
		r = listen_proc_net_unix(text, a->path, ret_inode);
		if (r == 0)
			*ret_how =
			    xasprintf("unix socket %s (by its path in /proc/net/unix)", a->path);
		return r < 0 ? r : *ret_how ? 0 : -ENOMEM;
	}
	if (a->kind != LISTEN_TCP)
		return -EINVAL;
	char ip[INET6_ADDRSTRLEN] = "";
	unsigned char bin[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, a->addr, bin) == 1 || inet_pton(AF_INET6, a->addr, bin) == 1)
		snprintf(ip, sizeof(ip), "%s", a->addr);
	else if (strcasecmp(a->addr, "localhost") == 0 ||
		 (hostname && *hostname && strcasecmp(a->addr, hostname) == 0))
		ip[0] = '\0'; /* any local listener */
	else
		return -EADDRNOTAVAIL; /* a name: not resolved here, so not proved local */
	long ports[2] = {a->port, -1};
	if (a->port == 0) {
		ports[0] = 2375;
		ports[1] = 2376;
	}
	int last = -ENOENT;
	for (size_t k = 0; k < 2 && ports[k] > 0; k++) {
		for (int v6 = 0; v6 <= 1; v6++) {
			_cleanup_free_ char *text = NULL;
			const char *file = v6 ? "/proc/net/tcp6" : "/proc/net/tcp";
			int r = read_net(h, file, &text);
			if (r == -ENOMEM)
				return r;
			if (r < 0) {
				last = r == -ENOENT ? last : r;
				continue;
			}
			if (listen_proc_net_tcp(text, v6, ip, ports[k], ret_inode) == 0) {
				*ret_how =
				    xasprintf("tcp port %ld (listening in %s)", ports[k], file);
				return *ret_how ? 0 : -ENOMEM;
			}
		}
	}
	return last;
}
