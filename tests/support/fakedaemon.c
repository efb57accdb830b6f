/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "buf.h"
#include "fakedaemon.h"
#include "strutil.h"

#define ROUTE_BUCKETS 8192
#define MAX_REQUEST_HEAD (64 * 1024)
#define MAX_FILE_BODY (256u * 1024 * 1024)
#define CONN_STACK (256 * 1024)

struct route {
	struct route *next;
	char *method;
	char *path;
	int status;
	char *headers;
	char *body;
	size_t body_len;
	enum fake_fault fault;
	long fault_ms;
};

struct logent {
	char *line; /* "METHOD TARGET" */
	size_t split; /* offset of TARGET in line */
};

struct conn {
	struct conn *next;
	struct fakedaemon *d;
	int fd;
	pthread_t thread;
	bool started;
	atomic_bool done;
};

struct fakedaemon {
	char *socket_path;
	char *tmpdir; /* made by us, removed by stop */
	int listen_fd;
	int wake[2]; /* written once by stop; readable forever after */
	atomic_bool stopping;
	pthread_t accept_thread;
	bool accept_started;

	pthread_mutex_t lock; /* everything below */
	struct route *buckets[ROUTE_BUCKETS];
	char api_version[32];
	bool send_api_version;
	enum fake_fault fault;
	long fault_ms;
	char *dir;
	struct logent *log;
	size_t nlog, alog;
	struct conn *conns;
	size_t nconn_total, nconn_open, nconn_max;
};

static size_t hash_key(const char *method, const char *path)
{
	size_t h = 5381;
	for (const char *p = method; *p; p++)
		h = h * 33 + (unsigned char)*p;
	h = h * 33 + ' ';
	for (const char *p = path; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h % ROUTE_BUCKETS;
}

static void route_free(struct route *r)
{
	if (!r)
		return;
	free(r->method);
	free(r->path);
	free(r->headers);
	free(r->body);
	free(r);
}

/* Called with the lock held. */
static const struct route *route_find(struct fakedaemon *d, const char *method, const char *path)
{
	for (const struct route *r = d->buckets[hash_key(method, path)]; r; r = r->next)
		if (strcmp(r->method, method) == 0 && strcmp(r->path, path) == 0)
			return r;
	return NULL;
}

int fakedaemon_route_full(struct fakedaemon *d, const char *method, const char *path, int status,
			  const char *headers, const char *body, size_t body_len,
			  enum fake_fault fault, long fault_ms)
{
	if (!d || !method || !path || status < 100 || status > 999)
		return -EINVAL;
	struct route *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->method = strdup(method);
	r->path = strdup(path);
	r->headers = strdup(headers ? headers : "");
	r->body = malloc(body_len + 1);
	if (!r->method || !r->path || !r->headers || !r->body) {
		route_free(r);
		return -ENOMEM;
	}
	if (body_len)
		memcpy(r->body, body, body_len);
	r->body[body_len] = '\0';
	r->body_len = body_len;
	r->status = status;
	r->fault = fault;
	r->fault_ms = fault_ms;

	/* newest first: a later route shadows an earlier one, which stays until stop */
	pthread_mutex_lock(&d->lock);
	size_t h = hash_key(method, path);
	r->next = d->buckets[h];
	d->buckets[h] = r;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

int fakedaemon_route(struct fakedaemon *d, const char *method, const char *path, int status,
		     const char *body, enum fake_fault fault, long fault_ms)
{
	return fakedaemon_route_full(d, method, path, status, NULL, body, body ? strlen(body) : 0,
				     fault, fault_ms);
}

int fakedaemon_set_api_version(struct fakedaemon *d, const char *version)
{
	if (!d || (version && strlen(version) >= sizeof(d->api_version)))
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	d->send_api_version = version != NULL;
	snprintf(d->api_version, sizeof(d->api_version), "%s", version ? version : "");
	pthread_mutex_unlock(&d->lock);
	return 0;
}

void fakedaemon_set_fault(struct fakedaemon *d, enum fake_fault fault, long fault_ms)
{
	pthread_mutex_lock(&d->lock);
	d->fault = fault;
	d->fault_ms = fault_ms;
	pthread_mutex_unlock(&d->lock);
}

int fakedaemon_serve_dir(struct fakedaemon *d, const char *dir)
{
	char *copy = strdup(dir);
	if (!copy)
		return -ENOMEM;
	pthread_mutex_lock(&d->lock);
	free(d->dir);
	d->dir = copy;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

const char *fakedaemon_socket(const struct fakedaemon *d)
{
	return d->socket_path;
}

size_t fakedaemon_count(struct fakedaemon *d, const char *path)
{
	size_t n = 0;
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->nlog; i++)
		if (strcmp(d->log[i].line + d->log[i].split, path) == 0)
			n++;
	pthread_mutex_unlock(&d->lock);
	return n;
}

size_t fakedaemon_count_prefix(struct fakedaemon *d, const char *prefix)
{
	size_t n = 0;
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->nlog; i++)
		if (str_startswith(d->log[i].line + d->log[i].split, prefix))
			n++;
	pthread_mutex_unlock(&d->lock);
	return n;
}

size_t fakedaemon_requests(struct fakedaemon *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->nlog;
	pthread_mutex_unlock(&d->lock);
	return n;
}

char *fakedaemon_request_line(struct fakedaemon *d, size_t i)
{
	char *s = NULL;
	pthread_mutex_lock(&d->lock);
	if (i < d->nlog)
		s = strdup(d->log[i].line);
	pthread_mutex_unlock(&d->lock);
	return s;
}

size_t fakedaemon_connections(struct fakedaemon *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->nconn_total;
	pthread_mutex_unlock(&d->lock);
	return n;
}

size_t fakedaemon_max_concurrent(struct fakedaemon *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->nconn_max;
	pthread_mutex_unlock(&d->lock);
	return n;
}

size_t fakedaemon_open_connections(struct fakedaemon *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->nconn_open;
	pthread_mutex_unlock(&d->lock);
	return n;
}

void fakedaemon_reset_stats(struct fakedaemon *d)
{
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].line);
	d->nlog = 0;
	d->nconn_total = d->nconn_open;
	d->nconn_max = d->nconn_open;
	pthread_mutex_unlock(&d->lock);
}

static void log_request(struct fakedaemon *d, const char *method, const char *target)
{
	char *line = xasprintf("%s %s", method, target);
	if (!line)
		return;
	pthread_mutex_lock(&d->lock);
	if (d->nlog == d->alog) {
		size_t n = d->alog ? d->alog * 2 : 64;
		struct logent *l = realloc(d->log, n * sizeof(*l));
		if (!l) {
			pthread_mutex_unlock(&d->lock);
			free(line);
			return;
		}
		d->log = l;
		d->alog = n;
	}
	d->log[d->nlog++] = (struct logent){.line = line, .split = strlen(method) + 1};
	pthread_mutex_unlock(&d->lock);
}

/* I/O that gives up as soon as stop is called. */

static bool stopping(struct fakedaemon *d)
{
	return atomic_load(&d->stopping);
}

/* Sleep ms; false when stop interrupted it. */
static bool nap(struct fakedaemon *d, long ms)
{
	struct pollfd p = {.fd = d->wake[0], .events = POLLIN};
	if (ms <= 0)
		return !stopping(d);
	int r = poll(&p, 1, ms > 600000 ? 600000 : (int)ms);
	return r == 0 && !stopping(d);
}

static int conn_write(struct conn *c, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		struct pollfd pfd[2] = {{.fd = c->fd, .events = POLLOUT},
					{.fd = c->d->wake[0], .events = POLLIN}};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[1].revents || stopping(c->d))
			return -ECANCELED;
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			return -EPIPE;
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read what is there (at least one byte); 0 at EOF, -errno on error or stop. */
static ssize_t conn_read(struct conn *c, void *data, size_t len)
{
	for (;;) {
		struct pollfd pfd[2] = {{.fd = c->fd, .events = POLLIN},
					{.fd = c->d->wake[0], .events = POLLIN}};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[1].revents || stopping(c->d))
			return -ECANCELED;
		ssize_t n = recv(c->fd, data, len, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		return n < 0 ? -errno : n;
	}
}

/* The answer to one request, owned copies so that no lock is held while sending. */
struct answer {
	int status;
	char *headers;
	char *body;
	size_t body_len;
	enum fake_fault fault;
	long fault_ms;
	bool text; /* text/plain (ping) */
};

static void answer_release(struct answer *a)
{
	free(a->headers);
	free(a->body);
}

static int answer_set(struct answer *a, int status, const char *headers, const char *body,
		      size_t body_len)
{
	a->status = status;
	a->headers = strdup(headers ? headers : "");
	a->body = malloc(body_len + 1);
	if (!a->headers || !a->body)
		return -ENOMEM;
	if (body_len)
		memcpy(a->body, body, body_len);
	a->body[body_len] = '\0';
	a->body_len = body_len;
	return 0;
}

_printf_(3, 4) static int answer_json_message(struct answer *a, int status, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return -ENOMEM;
	struct buf b;
	buf_init(&b, 64 * 1024);
	buf_puts(&b, "{\"message\":\"");
	for (const char *p = msg; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(&b, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			buf_printf(&b, "\\u%04x", (unsigned char)*p);
		else
			buf_append(&b, p, 1);
	}
	buf_puts(&b, "\"}\n");
	int r = answer_set(a, status, NULL, b.data ? b.data : "", b.len);
	buf_release(&b);
	return r;
}

/* Docker's 404 for an object path ("/containers/<id>/json"), else "page not found". */
static int answer_not_found(struct answer *a, const char *path)
{
	static const struct {
		const char *prefix;
		const char *before, *after;
	} kinds[] = {
	    {"/containers/", "No such container: ", ""},
	    {"/images/", "No such image: ", ""},
	    {"/networks/", "network ", " not found"},
	    {"/volumes/", "get ", ": no such volume"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (!str_startswith(path, kinds[i].prefix))
			continue;
		const char *id = path + strlen(kinds[i].prefix);
		size_t n = strcspn(id, "/");
		if (n == 0 || strcmp(id, "json") == 0 || (id[n] && strcmp(id + n, "/json") != 0))
			break;
		return answer_json_message(a, 404, "%s%.*s%s", kinds[i].before, (int)n, id,
					   kinds[i].after);
	}
	return answer_json_message(a, 404, "%s", "page not found");
}

/* "/v1.41/info" -> "/info"; anything else unchanged. */
static const char *strip_version(const char *target)
{
	if (target[0] != '/' || target[1] != 'v')
		return target;
	const char *p = target + 2;
	bool digits = false, dot = false;
	for (; *p && *p != '/'; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && digits && !dot)
			dot = true;
		else
			return target;
	}
	return (*p == '/' && digits && dot) ? p : target;
}

static bool segment_ok(const char *s)
{
	if (!*s || s[0] == '.')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.' || *p == ':'))
			return false;
	return true;
}

static int read_file(const char *path, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOENT;
	if ((uint64_t)st.st_size > MAX_FILE_BODY)
		return -EFBIG;
	struct buf b;
	buf_init(&b, MAX_FILE_BODY);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;
			buf_release(&b);
			return e;
		}
		if (n == 0)
			break;
		int r = buf_append(&b, chunk, (size_t)n);
		if (r < 0) {
			buf_release(&b);
			return r;
		}
	}
	*ret_len = b.len;
	*ret = buf_steal(&b);
	return *ret ? 0 : -ENOMEM;
}

/* Answer from the served directory: the file, or Docker's 404. */
static int answer_from_dir(const char *dir, const char *path, struct answer *a)
{
	char *segs[8];
	size_t nseg = 0;
	_cleanup_free_ char *copy = strdup(path + 1);
	if (!copy)
		return -ENOMEM;

	/* minimal percent-decoding: ids arrive as sha256%3A... from some clients */
	char *w = copy;
	for (const char *r = copy; *r; r++) {
		if (r[0] == '%' && r[1] == '3' && (r[2] == 'A' || r[2] == 'a')) {
			*w++ = ':';
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';

	for (char *s = copy, *slash; s; s = slash ? slash + 1 : NULL) {
		slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		if (nseg == ARRAY_SIZE(segs) || !segment_ok(s))
			return answer_not_found(a, path);
		segs[nseg++] = s;
	}

	const char *kind = segs[0];
	const char *id = NULL;
	_cleanup_free_ char *rel = NULL;
	if (nseg == 1 || (nseg == 2 && strcmp(segs[1], "json") == 0)) {
		rel = xasprintf("%s", kind);
	} else if (nseg == 2 || (nseg == 3 && strcmp(segs[2], "json") == 0)) {
		id = segs[1];
		rel = xasprintf("%s/%s", kind, id);
	} else {
		struct buf b;
		buf_init(&b, 4096);
		for (size_t i = 0; i < nseg; i++)
			buf_printf(&b, "%s%s", i ? "/" : "", segs[i]);
		rel = buf_steal(&b);
	}
	if (!rel)
		return -ENOMEM;

	char *body = NULL;
	size_t len = 0;
	int r = -ENOENT;
	_cleanup_free_ char *file = xasprintf("%s/%s.json", dir, rel);
	if (!file)
		return -ENOMEM;
	r = read_file(file, &body, &len);
	if (r == -ENOENT && id) {
		/* images/<hex>.json serves sha256:<hex> and the other way round */
		_cleanup_free_ char *alt =
		    str_startswith(id, "sha256:")
			? xasprintf("%s/%s/%s.json", dir, kind, id + strlen("sha256:"))
			: xasprintf("%s/%s/sha256:%s.json", dir, kind, id);
		if (!alt)
			return -ENOMEM;
		r = read_file(alt, &body, &len);
	}
	if (r == 0) {
		r = answer_set(a, 200, NULL, body, len);
		free(body);
		return r;
	}
	return answer_not_found(a, path);
}

static int resolve(struct fakedaemon *d, const char *method, const char *target, struct answer *a,
		   char *api_version, size_t api_size, bool *send_api_version)
{
	const char *stripped = strip_version(target);
	_cleanup_free_ char *nq = xstrndup(stripped, strcspn(stripped, "?"));
	_cleanup_free_ char *dir = NULL;
	if (!nq)
		return -ENOMEM;
	bool ping = strcmp(nq, "/_ping") == 0;
	int r = 0;

	pthread_mutex_lock(&d->lock);
	snprintf(api_version, api_size, "%s", d->api_version);
	*send_api_version = d->send_api_version;
	const struct route *rt = route_find(d, method, target);
	if (!rt)
		rt = route_find(d, method, stripped);
	if (!rt)
		rt = route_find(d, method, nq);
	if (rt) {
		r = answer_set(a, rt->status, rt->headers, rt->body, rt->body_len);
		a->fault = rt->fault;
		a->fault_ms = rt->fault_ms;
	} else if (ping && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
		r = answer_set(a, 200,
			       "Cache-Control: no-cache, no-store, must-revalidate\r\n"
			       "Pragma: no-cache\r\n",
			       "OK", 2);
		a->text = true;
	} else if (d->dir) {
		dir = strdup(d->dir);
		if (!dir)
			r = -ENOMEM;
	} else if ((rt = route_find(d, method, "*"))) {
		r = answer_set(a, rt->status, rt->headers, rt->body, rt->body_len);
		a->fault = rt->fault;
		a->fault_ms = rt->fault_ms;
	} else {
		r = 1; /* not found */
	}
	if (!ping && d->fault != FAKE_FAULT_NONE) {
		a->fault = d->fault;
		a->fault_ms = d->fault_ms;
	}
	pthread_mutex_unlock(&d->lock);

	if (r < 0)
		return r;
	if (dir)
		return answer_from_dir(dir, nq, a);
	if (r == 1)
		return answer_not_found(a, nq);
	return 0;
}

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 409:
		return "Conflict";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}

/* Wait for the client to hang up (or stop); whatever it sends meanwhile is ignored. */
static void hold(struct conn *c)
{
	char sink[4096];
	while (conn_read(c, sink, sizeof(sink)) > 0)
		;
}

/* Send one answer; 0 to keep the connection, negative to close it. */
static int respond(struct conn *c, const char *method, struct answer *a, const char *api_version,
		   bool send_api_version)
{
	static const char malformed[] = "{\"Id\": ";
	static const char boom[] = "{\"message\":\"boom\"}\n";
	struct fakedaemon *d = c->d;

	switch (a->fault) {
	case FAKE_FAULT_MALFORMED:
		free(a->body);
		a->body = strdup(malformed);
		a->body_len = strlen(malformed);
		if (!a->body)
			return -ENOMEM;
		break;
	case FAKE_FAULT_STATUS500:
		free(a->body);
		a->status = 500;
		a->body = strdup(boom);
		a->body_len = strlen(boom);
		if (!a->body)
			return -ENOMEM;
		break;
	case FAKE_FAULT_DELAY:
		if (!nap(d, a->fault_ms))
			return -ECANCELED;
		break;
	case FAKE_FAULT_HANG:
		hold(c);
		return -ECANCELED;
	default:
		break;
	}

	bool head = strcmp(method, "HEAD") == 0;
	bool chunked = a->fault == FAKE_FAULT_CHUNKED || a->fault == FAKE_FAULT_ENDLESS ||
		       a->fault == FAKE_FAULT_TRAILERS;
	size_t announced = a->fault == FAKE_FAULT_SHORT ? a->body_len * 2 + 16 : a->body_len;
	struct buf h;
	buf_init(&h, MAX_REQUEST_HEAD);
	buf_printf(&h, "HTTP/1.1 %d %s\r\n", a->status, reason_phrase(a->status));
	if (send_api_version)
		buf_printf(&h, "API-Version: %s\r\n", api_version);
	buf_printf(&h,
		   "Content-Type: %s\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
		   "Server: Docker/24.0.7 (linux)\r\n%s",
		   a->text ? "text/plain; charset=utf-8" : "application/json", a->headers);
	if (a->fault == FAKE_FAULT_HEADERS) {
		/* one header line after another, as long as the client reads */
		int r = conn_write(c, h.data, h.len);
		buf_release(&h);
		char line[64];
		int n = snprintf(line, sizeof(line), "X-Padding: ");
		memset(line + n, 'h', sizeof(line) - (size_t)n - 2);
		memcpy(line + sizeof(line) - 2, "\r\n", 2);
		while (r == 0)
			r = conn_write(c, line, sizeof(line));
		return r;
	}
	if (chunked)
		buf_puts(&h, "Transfer-Encoding: chunked\r\n\r\n");
	else
		buf_printf(&h, "Content-Length: %zu\r\n\r\n", announced);
	if (!h.data) {
		buf_release(&h);
		return -ENOMEM;
	}
	int r = conn_write(c, h.data, h.len);
	buf_release(&h);
	if (r < 0 || head)
		return r;

	switch (a->fault) {
	case FAKE_FAULT_TRICKLE:
		for (size_t i = 0; i < a->body_len; i++) {
			r = conn_write(c, a->body + i, 1);
			if (r < 0)
				return r;
			if (i + 1 < a->body_len && !nap(d, a->fault_ms))
				return -ECANCELED;
		}
		return 0;
	case FAKE_FAULT_CLOSE:
		conn_write(c, a->body, a->body_len / 2);
		return -ECONNRESET;
	case FAKE_FAULT_SHORT:
		conn_write(c, a->body, a->body_len);
		return -ECONNRESET;
	case FAKE_FAULT_CHUNKED:
		for (size_t off = 0; off < a->body_len; off += 5) {
			size_t n = a->body_len - off < 5 ? a->body_len - off : 5;
			char size[32];
			snprintf(size, sizeof(size), "%zx\r\n", n);
			if ((r = conn_write(c, size, strlen(size))) < 0 ||
			    (r = conn_write(c, a->body + off, n)) < 0 ||
			    (r = conn_write(c, "\r\n", 2)) < 0)
				return r;
		}
		return conn_write(c, "0\r\n\r\n", 5);
	case FAKE_FAULT_TRAILERS: {
		/* the whole body in one chunk, the last chunk, then trailers that never end */
		char size[32];
		snprintf(size, sizeof(size), "%zx\r\n", a->body_len);
		if (a->body_len && ((r = conn_write(c, size, strlen(size))) < 0 ||
				    (r = conn_write(c, a->body, a->body_len)) < 0 ||
				    (r = conn_write(c, "\r\n", 2)) < 0))
			return r;
		if ((r = conn_write(c, "0\r\n", 3)) < 0)
			return r;
		char line[64];
		int n = snprintf(line, sizeof(line), "X-Trailer: ");
		memset(line + n, 't', sizeof(line) - (size_t)n - 2);
		memcpy(line + sizeof(line) - 2, "\r\n", 2);
		while ((r = conn_write(c, line, sizeof(line))) == 0)
			;
		return r;
	}
	case FAKE_FAULT_ENDLESS: {
		char chunk[16384 + 16];
		int n = snprintf(chunk, sizeof(chunk), "%x\r\n", 16384);
		memset(chunk + n, ' ', 16384);
		chunk[0 + n] = '[';
		memcpy(chunk + n + 16384, "\r\n", 2);
		if ((r = conn_write(c, chunk, (size_t)n + 16384 + 2)) < 0)
			return r;
		chunk[n] = ' ';
		while ((r = conn_write(c, chunk, (size_t)n + 16384 + 2)) == 0)
			;
		return r;
	}
	default:
		return conn_write(c, a->body, a->body_len);
	}
}

static bool header_has(const char *head, const char *name, const char *value)
{
	/* head: the request head, lines separated by \r\n; case-insensitive name and value */
	size_t nl = strlen(name);
	for (const char *line = strstr(head, "\r\n"); line && line[2];
	     line = strstr(line + 2, "\r\n")) {
		const char *l = line + 2;
		if (strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			const char *v = l + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (!value || strncasecmp(v, value, strlen(value)) == 0)
				return true;
		}
	}
	return false;
}

static uint64_t header_content_length(const char *head)
{
	static const char name[] = "content-length:";
	for (const char *line = strstr(head, "\r\n"); line && line[2];
	     line = strstr(line + 2, "\r\n")) {
		const char *l = line + 2;
		if (strncasecmp(l, name, sizeof(name) - 1) == 0) {
			const char *v = l + sizeof(name) - 1;
			while (*v == ' ')
				v++;
			_cleanup_free_ char *num = xstrndup(v, strcspn(v, "\r\n "));
			uint64_t n = 0;
			if (num && parse_uint64(num, &n) == 0)
				return n;
			return 0;
		}
	}
	return 0;
}

static void serve(struct conn *c)
{
	struct buf in;
	buf_init(&in, MAX_REQUEST_HEAD);
	char chunk[8192];

	for (;;) {
		char *end = in.data ? strstr(in.data, "\r\n\r\n") : NULL;
		if (!end) {
			ssize_t n = conn_read(c, chunk, sizeof(chunk));
			if (n <= 0)
				break;
			if (buf_append(&in, chunk, (size_t)n) < 0) {
				static const char too_big[] =
				    "HTTP/1.1 431 Request Header Fields Too Large\r\n"
				    "Content-Length: 0\r\nConnection: close\r\n\r\n";
				conn_write(c, too_big, strlen(too_big));
				break;
			}
			continue;
		}
		size_t head_len = (size_t)(end - in.data) + 4;
		end[2] = '\0'; /* keep the last header's \r\n for header_has */

		char method[16], target[8192];
		if (sscanf(in.data, "%15s %8191s HTTP/1.%*1[01]", method, target) != 2) {
			static const char bad[] = "HTTP/1.1 400 Bad Request\r\n"
						  "Content-Length: 0\r\nConnection: close\r\n\r\n";
			conn_write(c, bad, strlen(bad));
			break;
		}
		bool close_after = header_has(in.data, "Connection", "close");
		uint64_t body_len = header_content_length(in.data);

		/* drop the head, then the request body, if any */
		size_t rest = in.len - head_len;
		memmove(in.data, in.data + head_len, rest);
		in.len = rest;
		in.data[in.len] = '\0';
		while (body_len > 0) {
			if (in.len > 0) {
				size_t take = in.len < body_len ? in.len : (size_t)body_len;
				memmove(in.data, in.data + take, in.len - take);
				in.len -= take;
				in.data[in.len] = '\0';
				body_len -= take;
				continue;
			}
			ssize_t n = conn_read(c, chunk, sizeof(chunk));
			if (n <= 0)
				goto out;
			buf_append(&in, chunk, (size_t)n);
		}

		log_request(c->d, method, target);

		struct answer a = {0};
		char api_version[32];
		bool send_api_version = true;
		int r = resolve(c->d, method, target, &a, api_version, sizeof(api_version),
				&send_api_version);
		if (r == 0)
			r = respond(c, method, &a, api_version, send_api_version);
		answer_release(&a);
		if (r < 0 || close_after)
			break;
	}
out:
	buf_release(&in);
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	struct fakedaemon *d = c->d;
	serve(c);
	shutdown(c->fd, SHUT_RDWR);
	close(c->fd);
	c->fd = -1;
	pthread_mutex_lock(&d->lock);
	d->nconn_open--;
	pthread_mutex_unlock(&d->lock);
	atomic_store(&c->done, true);
	return NULL;
}

/* Join connection threads that have finished (all of them when all is set). */
static void reap(struct fakedaemon *d, bool all)
{
	pthread_mutex_lock(&d->lock);
	struct conn **pp = &d->conns;
	while (*pp) {
		struct conn *c = *pp;
		if (all || atomic_load(&c->done)) {
			*pp = c->next;
			pthread_mutex_unlock(&d->lock);
			if (c->started)
				pthread_join(c->thread, NULL);
			free(c);
			pthread_mutex_lock(&d->lock);
			pp = &d->conns; /* the list may have changed meanwhile */
		} else {
			pp = &c->next;
		}
	}
	pthread_mutex_unlock(&d->lock);
}

static void *accept_main(void *arg)
{
	struct fakedaemon *d = arg;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, CONN_STACK);

	while (!stopping(d)) {
		struct pollfd pfd[2] = {{.fd = d->listen_fd, .events = POLLIN},
					{.fd = d->wake[0], .events = POLLIN}};
		int r = poll(pfd, 2, 200);
		reap(d, false);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0 || pfd[1].revents)
			continue;
		int fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		struct conn *c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->d = d;
		c->fd = fd;
		pthread_mutex_lock(&d->lock);
		d->nconn_total++;
		if (++d->nconn_open > d->nconn_max)
			d->nconn_max = d->nconn_open;
		c->next = d->conns;
		d->conns = c;
		/* started under the lock, so reap never joins a thread not yet created */
		c->started = pthread_create(&c->thread, &attr, conn_main, c) == 0;
		if (!c->started) {
			close(fd);
			c->fd = -1;
			d->nconn_open--;
			atomic_store(&c->done, true);
		}
		pthread_mutex_unlock(&d->lock);
	}
	pthread_attr_destroy(&attr);
	return NULL;
}

static char *make_socket_path(char **ret_tmpdir)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp || strlen(tmp) > 60)
		tmp = "/tmp";
	char *dir = xasprintf("%s/fakedaemon-XXXXXX", tmp);
	if (!dir)
		return NULL;
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	char *path = xasprintf("%s/docker.sock", dir);
	if (!path) {
		rmdir(dir);
		free(dir);
		return NULL;
	}
	*ret_tmpdir = dir;
	return path;
}

struct fakedaemon *fakedaemon_start(const char *socket_path)
{
	struct fakedaemon *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->listen_fd = -1;
	d->wake[0] = d->wake[1] = -1;
	pthread_mutex_init(&d->lock, NULL);
	snprintf(d->api_version, sizeof(d->api_version), "1.41");
	d->send_api_version = true;

	d->socket_path = socket_path ? strdup(socket_path) : make_socket_path(&d->tmpdir);
	if (!d->socket_path)
		goto fail;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(d->socket_path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	memcpy(sa.sun_path, d->socket_path, strlen(d->socket_path) + 1);
	if (pipe2(d->wake, O_CLOEXEC) < 0)
		goto fail;
	d->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (d->listen_fd < 0)
		goto fail;
	unlink(d->socket_path);
	if (bind(d->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(d->listen_fd, 128) < 0)
		goto fail;
	if (pthread_create(&d->accept_thread, NULL, accept_main, d) != 0)
		goto fail;
	d->accept_started = true;
	return d;
fail : {
	int e = errno;
	fakedaemon_stop(d);
	errno = e ? e : ENOMEM;
	return NULL;
}
}

void fakedaemon_stop(struct fakedaemon *d)
{
	if (!d)
		return;
	atomic_store(&d->stopping, true);
	if (d->wake[1] >= 0) {
		ssize_t n;
		do
			n = write(d->wake[1], "x", 1);
		while (n < 0 && errno == EINTR);
	}
	if (d->accept_started)
		pthread_join(d->accept_thread, NULL);
	reap(d, true);
	if (d->listen_fd >= 0) {
		close(d->listen_fd);
		unlink(d->socket_path);
	}
	if (d->tmpdir)
		rmdir(d->tmpdir);
	for (int i = 0; i < 2; i++)
		if (d->wake[i] >= 0)
			close(d->wake[i]);
	for (size_t i = 0; i < ROUTE_BUCKETS; i++) {
		struct route *r = d->buckets[i];
		while (r) {
			struct route *next = r->next;
			route_free(r);
			r = next;
		}
	}
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].line);
	free(d->log);
	free(d->dir);
	free(d->socket_path);
	free(d->tmpdir);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
