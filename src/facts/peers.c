/* SPDX-License-Identifier: Apache-2.0 */
/* Which unix socket is connected to which: one sock_diag dump (UNIX_DIAG_PEER) per audit. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include "context.h"
#include "facts/peers.h"
#include "facts/procs.h"
#include "hostfs.h"
#include "strutil.h"

/* the kernel sizes a dump's messages to at most 32 KiB (netlink's max_recvmsg_len) */
#define DUMP_BUF 32768u
#define RECORDED "recorded"

static int peers_add(struct unix_peers *m, uint32_t ino, uint32_t peer)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct unix_peer *v = reallocarray(m->v, cap, sizeof(*v));
		if (!v)
			return -ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (struct unix_peer){.ino = ino, .peer = peer};
	if (peer)
		m->connected++;
	return 0;
}

int unix_peers_parse(struct unix_peers *m, const void *buf, size_t len, bool *ret_done)
{
	*ret_done = false;
	/* NLMSG_NEXT wants a signed length and an aligned start: the buffer is walked by offset */
	for (size_t off = 0; off + sizeof(struct nlmsghdr) <= len;) {
		struct nlmsghdr h;
		memcpy(&h, (const char *)buf + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			return -EBADMSG;
		const char *data = (const char *)buf + off + NLMSG_HDRLEN;
		size_t dlen = h.nlmsg_len > NLMSG_HDRLEN ? h.nlmsg_len - NLMSG_HDRLEN : 0;
		if (h.nlmsg_type == NLMSG_DONE) {
			*ret_done = true;
			return 0;
		}
		if (h.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			if (dlen < sizeof(e))
				return -EBADMSG;
			memcpy(&e, data, sizeof(e));
			*ret_done = true;
			return e.error < 0 ? e.error : -EIO;
		}
		if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY && dlen >= sizeof(struct unix_diag_msg)) {
			struct unix_diag_msg msg;
			memcpy(&msg, data, sizeof(msg));
			uint32_t peer = 0;
			size_t a = NLMSG_ALIGN(sizeof(msg));
			while (a + sizeof(struct rtattr) <= dlen) {
				struct rtattr ra;
				memcpy(&ra, data + a, sizeof(ra));
				if (ra.rta_len < sizeof(ra) || ra.rta_len > dlen - a)
					return -EBADMSG;
				if (ra.rta_type == UNIX_DIAG_PEER &&
				    ra.rta_len >= RTA_LENGTH(sizeof(uint32_t)))
					memcpy(&peer, data + a + RTA_LENGTH(0), sizeof(peer));
				a += RTA_ALIGN(ra.rta_len);
			}
			int r = peers_add(m, msg.udiag_ino, peer);
			if (r < 0)
				return r;
		}
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	return 0;
}

static int peer_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct unix_peer *)a)->ino, y = ((const struct unix_peer *)b)->ino;
	return x < y ? -1 : x > y;
}

void unix_peers_finish(struct unix_peers *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), peer_cmp);
}

const struct unix_peer *unix_peers_find(const struct unix_peers *m, uint32_t ino)
{
	struct unix_peer key = {.ino = ino};
	return m->n ? bsearch(&key, m->v, m->n, sizeof(*m->v), peer_cmp) : NULL;
}

/* A sock_diag socket in the network namespace nsfd names (-1: docker-audit's own). A netlink
 * socket stays in the namespace it was made in: a short-lived thread enters the other one,
 * makes it and ends, so that docker-audit itself never changes namespace. */
struct ns_socket {
	int nsfd;
	int fd; /* the socket, or -errno */
};

static void *ns_socket_thread(void *arg)
{
	struct ns_socket *a = arg;
	if (setns(a->nsfd, CLONE_NEWNET) < 0) {
		a->fd = -errno;
		return NULL;
	}
	a->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (a->fd < 0)
		a->fd = -errno;
	return NULL;
}

static int diag_socket(int nsfd)
{
	if (nsfd < 0) {
		int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
		return fd < 0 ? -errno : fd;
	}
	struct ns_socket a = {.nsfd = nsfd, .fd = -EIO};
	pthread_t t;
	int r = pthread_create(&t, NULL, ns_socket_thread, &a);
	if (r != 0)
		return -r;
	(void)pthread_join(t, NULL);
	return a.fd;
}

int unix_diag_request(int nsfd, uint32_t states, uint32_t show)
{
	int fd = diag_socket(nsfd);
	if (fd < 0)
		return fd;
	struct timeval tv = {.tv_sec = 5};
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} msg = {
	    .nlh = {.nlmsg_len = sizeof(msg),
		    .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	    .req = {.sdiag_family = AF_UNIX, .udiag_states = states, .udiag_show = show},
	};
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
	if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&nl, sizeof(nl)) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* The dump itself: every AF_UNIX socket of the network namespace, in any state. */
static int peers_dump(struct unix_peers *m, int nsfd)
{
	int fd = unix_diag_request(nsfd, ~0u, UDIAG_SHOW_PEER);
	if (fd < 0)
		return fd;
	int r = 0;
	_cleanup_free_ char *buf = malloc(DUMP_BUF);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (bool done = false; !done;) {
		ssize_t len = recv(fd, buf, DUMP_BUF, MSG_TRUNC);
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0) {
			r = -errno;
			break;
		}
		if (len == 0 || (size_t)len > DUMP_BUF) {
			r = len == 0 ? -EPIPE : -EMSGSIZE; /* ended early, or a message cut */
			break;
		}
		r = unix_peers_parse(m, buf, (size_t)len, &done);
		if (r < 0)
			break;
	}
	close(fd);
	return r;
}

static void peers_release(void *p)
{
	struct unix_peers *m = p;
	free(m->v);
	free(m->source);
}

/* key: NULL for docker-audit's network namespace, RECORDED for a recorded dump, else
 * "PID net:[N]" for the namespace of that process */
static int peers_load(struct audit_ctx *c, void *fact, const char *key)
{
	struct unix_peers *m = fact;
	if (key && strcmp(key, RECORDED) == 0) /* filled by ctx_unix_peers_from_dump */
		return 0;
	if (!procs_live(ctx_hostfs(c)))
		return fact_fail(&m->err, -ENOTSUP,
				 xstrdup("the root's /proc is not the kernel's (a fixture): no "
					 "sock_diag dump of its sockets"));
	int nsfd = -1;
	long pid = 0;
	if (key) {
		pid = strtol(key, NULL, 10);
		const char *root = hostfs_root(ctx_hostfs(c));
		/* a magic link, which hostfs does not follow: the live /proc of the root */
		_cleanup_free_ char *ns =
		    xasprintf("%s/proc/%ld/ns/net", strcmp(root, "/") == 0 ? "" : root, pid);
		if (!ns)
			return -ENOMEM;
		nsfd = open(ns, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			return fact_fail(
			    &m->err, -errno,
			    xasprintf("cannot open the network namespace of PID %ld: %s", pid,
				      strerror(errno)));
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = peers_dump(m, nsfd);
	if (nsfd >= 0)
		close(nsfd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m->usec = (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		m->n = m->connected = 0;
		return fact_fail(
		    &m->err, r,
		    pid ? xasprintf("the sock_diag dump of unix sockets in the network namespace "
				    "of PID %ld failed: %s",
				    pid, strerror(-r))
			: xasprintf("the sock_diag dump of unix sockets failed: %s", strerror(-r)));
	}
	unix_peers_finish(m);
	m->ns_pid = pid;
	m->source = pid ? xasprintf("the sock_diag dump of the network namespace of PID %ld (%s)",
				    pid, strchr(key, ' ') + 1)
			: xstrdup("the sock_diag dump of docker-audit's network namespace");
	return m->source ? 0 : -ENOMEM;
}

CTX_FACT_TYPE(peers_type, "unix_peers", struct unix_peers, peers_load, peers_release);

int ctx_unix_peers(struct audit_ctx *c, const struct unix_peers **ret, const char **ret_error)
{
	const struct unix_peers *rec = ctx_fact_peek(c, &peers_type, RECORDED);
	if (rec) {
		if (rec->err.error < 0) {
			if (ret_error)
				*ret_error =
				    rec->err.msg ? rec->err.msg : strerror(-rec->err.error);
			return rec->err.error;
		}
		*ret = rec;
		return 0;
	}
	void *f;
	int r = ctx_fact_get(c, &peers_type, NULL, &f, ret_error);
	if (r == -ENOMEM && ret_error)
		*ret_error = strerror(ENOMEM);
	if (r < 0)
		return r;
	*ret = f;
	return 0;
}

int ctx_unix_peers_of(struct audit_ctx *c, long pid, const struct unix_peers **ret,
		      const char **ret_error)
{
	const struct hostfs *h = ctx_hostfs(c);
	if (ctx_fact_peek(c, &peers_type, RECORDED) || !procs_live(h))
		return ctx_unix_peers(c, ret, ret_error);
	_cleanup_free_ char *path = xasprintf("/proc/%ld/ns/net", pid), *theirs = NULL;
	if (!path)
		return -ENOMEM;
	int r = hostfs_readlink(h, path, &theirs);
	if (r == -ENOMEM)
		return r;
	char ours[64];
	ssize_t n = readlink("/proc/thread-self/ns/net", ours, sizeof(ours) - 1);
	if (n >= 0)
		ours[n] = '\0';
	if (r < 0 || n < 0 || strcmp(ours, theirs) == 0)
		return ctx_unix_peers(c, ret, ret_error); /* ours, or not to be told */
	_cleanup_free_ char *key = xasprintf("%ld %s", pid, theirs);
	if (!key)
		return -ENOMEM;
	void *f;
	r = ctx_fact_get(c, &peers_type, key, &f, ret_error);
	if (r == -ENOMEM && ret_error)
		*ret_error = strerror(ENOMEM);
	if (r < 0)
		return r;
	*ret = f;
	return 0;
}

int ctx_unix_peers_from_dump(struct audit_ctx *c, const void *dump, size_t len)
{
	if (ctx_fact_peek(c, &peers_type, NULL) || ctx_fact_peek(c, &peers_type, RECORDED))
		return -EALREADY;
	void *f;
	int r = ctx_fact(c, &peers_type, RECORDED, &f);
	if (r < 0)
		return r;
	struct unix_peers *m = f;
	bool done = false;
	r = unix_peers_parse(m, dump, len, &done);
	if (r < 0) {
		(void)fact_fail(&m->err, r, xstrdup("the recorded sock_diag dump is malformed"));
		return r;
	}
	unix_peers_finish(m);
	m->source = xstrdup("the recorded sock_diag dump");
	return m->source ? 0 : -ENOMEM;
}
