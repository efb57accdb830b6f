/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <pthread.h>
#include <sys/un.h>
#include <limits.h>
#include <time.h>
#include <curl/curl.h>
#include "buf.h"
#include "docker.h"
#include "json.h"
#include "strutil.h"
#include "version.h"

/*
 * All transfers of a client go through one curl multi handle, so they share one connection pool
 * that never holds more than max_inflight connections: docker_get_json drives slot 0 alone, and
 * docker_get_many drives up to max_inflight slots, reusing each slot's easy handle for the next
 * request once it is done. A 10,000-request batch thus costs max_inflight handles and buffers.
 */

#define DOCKER_DEFAULT_TIMEOUT_MS 10000L
#define DOCKER_MAX_CONNECT_MS 5000L
#define DOCKER_DEFAULT_INFLIGHT 8
#define DOCKER_MAX_INFLIGHT 256
#define DAEMON_MESSAGE_MAX 512 /* bytes of the daemon's "message" kept in an error */
/* Header and trailer bytes of one response: libcurl keeps every header line in memory, so
 * they are counted and capped like the body. dockerd sends well under 1 KiB. */
#define DOCKER_MAX_HEADER_BYTES (1024u * 1024)
/*
 * Objects one answer may hold. A parsed value costs about 64 bytes however small its text ("{}"
 * is two bytes), so the body cap alone lets 64 MiB of empty objects become gigabytes. These
 * bound memory by what a real daemon sends: 10,000 containers list in well under 1M values.
 */
#define DOCKER_MAX_LIST_ITEMS 200000u
#define DOCKER_MAX_TOKENS (8u * 1024 * 1024)

struct slot {
	struct docker_client *client;
	CURL *h;
	struct buf body;
	char errbuf[CURL_ERROR_SIZE];
	char api_version[32]; /* the API-Version header of the last response, "" if none */
	char server[96]; /* its Server header ("Docker/28.5.2 (linux)", "Libpod/5.4.2 ...") */
	bool connected; /* the request got as far as being sent */
	bool too_big;
	bool headers_too_big;
	size_t header_bytes; /* headers and trailers of the transfer so far */
	bool oom;
	bool busy;
	size_t req; /* index of the request in flight */
};

struct docker_client {
	char *host;
	char *socket_path; /* unix:// only */
	char *base_url; /* "http://docker", "https://host:port" */
	long timeout_ms;
	long connect_ms;
	long deadline_ms;
	struct timespec deadline; /* CLOCK_MONOTONIC; valid when deadline_ms > 0 */
	bool deadline_passed;
	size_t max_body;
	int max_inflight;
	bool tls;
	bool tls_verify;
	char *tls_ca;
	char *tls_cert;
	char *tls_key;

	CURLM *multi;
	struct slot *slots; /* max_inflight of them, handles created on first use */

	bool negotiated;
	int negotiate_result;
	char *negotiate_error;
	char api_version[16];
	char daemon_api_version[16]; /* the newest the daemon speaks, as it said */
	char server[96]; /* the Server header of its /_ping answer */
	bool negotiated_down; /* the daemon speaks newer than we do */

	unsigned long requests;

	docker_progress_fn progress;
	void *progress_data;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_OK;

static void curl_init_once(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void set_error(char **ret_error, char *msg)
{
	if (ret_error) {
		*ret_error = msg;
	} else {
		free(msg);
	}
}

_printf_(3, 4) static int fail(char **ret_error, int err, const char *fmt, ...)
{
	if (ret_error) {
		va_list ap;
		char *msg = NULL;
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		va_end(ap);
		set_error(ret_error, msg);
	}
	return err;
}

/* A copy of s, at most max bytes, fit for a one-line message: control bytes become spaces. */
static char *sanitize(const char *s, size_t len, size_t max)
{
	bool cut = len > max;
	if (cut) {
		len = max;
		/* do not split a UTF-8 sequence */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	char *out = malloc(len + 4);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		out[i] = (ch < 0x20 || ch == 0x7f) ? ' ' : (char)ch;
	}
	if (cut) {
		memcpy(out + len, "...", 4);
	} else {
		out[len] = '\0';
	}
	/* a message is one line without trailing whitespace */
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return out;
}

bool docker_id_valid(const char *id)
{
	if (!id)
		return false;
	size_t n = 0;
	for (const char *p = id; *p; p++, n++) {
		if (n >= 64)
			return false;
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	}
	return n >= 12;
}

/* "1.41" -> 1, 41. Strict: digits, one dot, digits. */
static int parse_api_version(const char *s, unsigned *ret_major, unsigned *ret_minor)
{
	unsigned v[2] = {0, 0};
	int part = 0;
	size_t digits = 0;
	if (!s)
		return -EINVAL;
	for (const char *p = s;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 4)
				return -ERANGE;
			v[part] = v[part] * 10 + (unsigned)(*p - '0');
		} else if (*p == '.' && part == 0 && digits > 0) {
			part = 1;
			digits = 0;
		} else if (*p == '\0' && part == 1 && digits > 0) {
			break;
		} else {
			return -EINVAL;
		}
	}
	*ret_major = v[0];
	*ret_minor = v[1];
	return 0;
}

static int compare_api_version(unsigned amaj, unsigned amin, unsigned bmaj, unsigned bmin)
{
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

static bool host_char_ok(char ch)
{
	return isalnum((unsigned char)ch) || ch == '.' || ch == '-' || ch == '_';
}

static int invalid_host(const char *host, const char *why, char **ret_error)
{
	_cleanup_free_ char *masked = str_mask_userinfo(host);
	_cleanup_free_ char *shown = masked ? sanitize(masked, strlen(masked), 256) : NULL;
	if (!shown)
		return -ENOMEM;
	return fail(ret_error, -EINVAL, "invalid Docker host '%s': %s", shown, why);
}

#define EXPECTED_HOST "expected unix:///path or tcp://host:port"

/* Split the endpoint into the socket path (unix) or the base URL (tcp). */
static int parse_host(struct docker_client *c, char **ret_error)
{
	const char *host = c->host;

	for (const char *p = host; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f)
			return invalid_host(host, EXPECTED_HOST, ret_error);

	if (str_startswith(host, "unix://")) {
		const char *path = host + strlen("unix://");
		if (path[0] != '/' || path[1] == '\0')
			return invalid_host(host, EXPECTED_HOST, ret_error);
		if (strlen(path) >= sizeof(((struct sockaddr_un *)NULL)->sun_path))
			return invalid_host(host, "the socket path is too long", ret_error);
		c->socket_path = strdup(path);
		c->base_url = strdup("http://docker");
		if (!c->socket_path || !c->base_url)
			return -ENOMEM;
		return 0;
	}

	if (str_startswith(host, "tcp://")) {
		const char *h = host + strlen("tcp://");
		const char *colon;
		if (h[0] == '[') {
			const char *close = strchr(h, ']');
			if (!close || close == h + 1)
				return invalid_host(host, EXPECTED_HOST, ret_error);
			for (const char *p = h + 1; p < close; p++)
				if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
					return invalid_host(host, EXPECTED_HOST, ret_error);
			colon = close + 1;
			if (*colon != ':')
				return invalid_host(host, EXPECTED_HOST, ret_error);
		} else {
			colon = strchr(h, ':');
			if (!colon || colon == h)
				return invalid_host(host, EXPECTED_HOST, ret_error);
			for (const char *p = h; p < colon; p++)
				if (!host_char_ok(*p))
					return invalid_host(host, EXPECTED_HOST, ret_error);
		}
		const char *port = colon + 1;
		uint64_t portnum;
		/* an optional trailing slash, as in DOCKER_HOST=tcp://host:2376/ */
		_cleanup_free_ char *portstr = xstrndup(port, strcspn(port, "/"));
		if (!portstr)
			return -ENOMEM;
		const char *rest = port + strlen(portstr);
		if ((rest[0] == '/' && rest[1] != '\0') || parse_uint64(portstr, &portnum) < 0 ||
		    portnum == 0 || portnum > 65535 || portstr[0] == '+' || portstr[0] == '0')
			return invalid_host(host, EXPECTED_HOST, ret_error);
		c->base_url = xasprintf("%s://%.*s:%" PRIu64, c->tls ? "https" : "http",
					(int)(colon - h), h, portnum);
		if (!c->base_url)
			return -ENOMEM;
		return 0;
	}

	return invalid_host(host, EXPECTED_HOST, ret_error);
}

int docker_client_new(const struct docker_options *opts, struct docker_client **ret,
		      char **ret_error)
{
	static const struct docker_options defaults = {0};
	if (!ret)
		return -EINVAL;
	if (!opts)
		opts = &defaults;

	pthread_once(&curl_once, curl_init_once);
	if (curl_init_result != CURLE_OK)
		return fail(ret_error, -ENOMEM, "cannot initialise libcurl: %s",
			    curl_easy_strerror(curl_init_result));

	if (opts->timeout_ms < 0 || opts->max_inflight < 0)
		return fail(ret_error, -EINVAL, "invalid Docker client options");

	struct docker_client *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->timeout_ms = opts->timeout_ms ? opts->timeout_ms : DOCKER_DEFAULT_TIMEOUT_MS;
	c->connect_ms =
	    c->timeout_ms < DOCKER_MAX_CONNECT_MS ? c->timeout_ms : DOCKER_MAX_CONNECT_MS;
	c->max_body = opts->max_body ? opts->max_body : DOCKER_DEFAULT_MAX_BODY;
	if (opts->deadline_ms > 0) {
		c->deadline_ms = opts->deadline_ms;
		clock_gettime(CLOCK_MONOTONIC, &c->deadline);
		c->deadline.tv_sec += opts->deadline_ms / 1000;
		c->deadline.tv_nsec += (opts->deadline_ms % 1000) * 1000000L;
		if (c->deadline.tv_nsec >= 1000000000L) {
			c->deadline.tv_sec++;
			c->deadline.tv_nsec -= 1000000000L;
		}
	}
	c->max_inflight = opts->max_inflight ? opts->max_inflight : DOCKER_DEFAULT_INFLIGHT;
	if (c->max_inflight > DOCKER_MAX_INFLIGHT)
		c->max_inflight = DOCKER_MAX_INFLIGHT;
	c->tls = opts->tls;
	c->tls_verify = opts->tls_verify;
	c->host = strdup(opts->host ? opts->host : DOCKER_DEFAULT_HOST);
	c->tls_ca = xstrdup(opts->tls_ca);
	c->tls_cert = xstrdup(opts->tls_cert);
	c->tls_key = xstrdup(opts->tls_key);
	int r = -ENOMEM;
	if (!c->host || (opts->tls_ca && !c->tls_ca) || (opts->tls_cert && !c->tls_cert) ||
	    (opts->tls_key && !c->tls_key))
		goto fail;

	r = parse_host(c, ret_error);
	if (r < 0)
		goto fail;

	c->slots = calloc((size_t)c->max_inflight, sizeof(*c->slots));
	c->multi = curl_multi_init();
	r = -ENOMEM;
	if (!c->slots || !c->multi)
		goto fail;
	if (curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)c->max_inflight) ||
	    curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->max_inflight) ||
	    curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->max_inflight))
		goto fail;
	for (int i = 0; i < c->max_inflight; i++) {
		c->slots[i].client = c;
		buf_init(&c->slots[i].body, c->max_body);
	}

	*ret = c;
	return 0;
fail:
	docker_client_free(c);
	return r;
}

struct docker_client *docker_client_free(struct docker_client *c)
{
	if (!c)
		return NULL;
	if (c->slots) {
		for (int i = 0; i < c->max_inflight; i++) {
			struct slot *s = &c->slots[i];
			if (s->h) {
				if (s->busy && c->multi)
					curl_multi_remove_handle(c->multi, s->h);
				curl_easy_cleanup(s->h);
			}
			buf_release(&s->body);
		}
		free(c->slots);
	}
	if (c->multi)
		curl_multi_cleanup(c->multi);
	free(c->host);
	free(c->socket_path);
	free(c->base_url);
	free(c->tls_ca);
	free(c->tls_cert);
	free(c->tls_key);
	free(c->negotiate_error);
	free(c);
	return NULL;
}

const char *docker_api_version(const struct docker_client *c)
{
	if (!c || !c->negotiated || c->negotiate_result < 0)
		return NULL;
	return c->api_version;
}

const char *docker_daemon_api_version(const struct docker_client *c)
{
	if (!c || !c->negotiated || c->negotiate_result < 0 || !c->daemon_api_version[0])
		return NULL;
	return c->daemon_api_version;
}

bool docker_negotiated_down(const struct docker_client *c)
{
	return c && c->negotiated && c->negotiate_result == 0 && c->negotiated_down;
}

const char *docker_server_header(const struct docker_client *c)
{
	if (!c || !c->negotiated || !c->server[0])
		return NULL;
	return c->server;
}

const char *docker_host(const struct docker_client *c)
{
	return c ? c->host : NULL;
}

void docker_set_progress(struct docker_client *c, docker_progress_fn fn, void *data)
{
	c->progress = fn;
	c->progress_data = data;
}

/* Milliseconds left before the deadline (LONG_MAX without one, 0 once it passed). */
static long deadline_left(struct docker_client *c)
{
	if (c->deadline_ms <= 0)
		return LONG_MAX;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)(c->deadline.tv_sec - now.tv_sec) * 1000 +
		  (c->deadline.tv_nsec - now.tv_nsec) / 1000000L;
	if (ms <= 0) {
		c->deadline_passed = true;
		return 0;
	}
	return ms;
}

bool docker_deadline_passed(const struct docker_client *c)
{
	return c && c->deadline_passed;
}

unsigned long docker_requests_sent(const struct docker_client *c)
{
	return c ? c->requests : 0;
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct slot *s = userdata;
	size_t len = size * nmemb;
	int r = buf_append(&s->body, data, len);
	if (r == -E2BIG) {
		s->too_big = true;
		return 0;
	}
	if (r < 0) {
		s->oom = true;
		return 0;
	}
	return len;
}

static size_t header_cb(char *data, size_t size, size_t nitems, void *userdata)
{
	struct slot *s = userdata;
	size_t len = size * nitems;
	static const char name[] = "api-version:";
	static const char server[] = "server:";

	/* trailers come through here too: an endless stream of them is cut like a body */
	s->header_bytes += len;
	if (s->header_bytes > DOCKER_MAX_HEADER_BYTES) {
		s->headers_too_big = true;
		return 0;
	}
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* a new response (after 100 Continue, say): forget the previous headers */
		s->api_version[0] = '\0';
		s->server[0] = '\0';
	} else if (len > sizeof(server) - 1 && strncasecmp(data, server, sizeof(server) - 1) == 0) {
		const char *v = data + sizeof(server) - 1;
		const char *end = data + len;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v &&
		       (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		size_t n = (size_t)(end - v);
		if (n >= sizeof(s->server))
			n = sizeof(s->server) - 1;
		/* printable ASCII only: it ends up in reports */
		for (size_t i = 0; i < n; i++)
			s->server[i] = (v[i] >= 0x20 && v[i] < 0x7f) ? v[i] : '?';
		s->server[n] = '\0';
	} else if (len > sizeof(name) - 1 && strncasecmp(data, name, sizeof(name) - 1) == 0) {
		const char *v = data + sizeof(name) - 1;
		const char *end = data + len;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v &&
		       (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		size_t n = (size_t)(end - v);
		if (n >= sizeof(s->api_version))
			n = sizeof(s->api_version) - 1; /* parse_api_version rejects the stub */
		memcpy(s->api_version, v, n);
		s->api_version[n] = '\0';
	}
	return len;
}

static int prereq_cb(void *userdata, char *conn_primary_ip, char *conn_local_ip,
		     int conn_primary_port, int conn_local_port)
{
	struct slot *s = userdata;
	s->connected = true;
	return CURL_PREREQFUNC_OK;
}

static int slot_setup(struct docker_client *c, struct slot *s)
{
	CURL *h = curl_easy_init();
	if (!h)
		return -ENOMEM;
	CURLcode e = CURLE_OK;
#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (e == CURLE_OK)                                                                 \
			e = curl_easy_setopt(h, opt, val);                                         \
	} while (0)
	if (c->socket_path)
		SET(CURLOPT_UNIX_SOCKET_PATH, c->socket_path);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROXY, ""); /* a local daemon is never reached through $http_proxy */
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_ms);
	SET(CURLOPT_TIMEOUT_MS, c->timeout_ms);
	if ((uint64_t)c->max_body <= (uint64_t)INT64_MAX) /* curl_off_t is 64-bit */
		SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	SET(CURLOPT_USERAGENT, "docker-audit/" DA_VERSION);
	SET(CURLOPT_WRITEFUNCTION, write_cb);
	SET(CURLOPT_WRITEDATA, s);
	SET(CURLOPT_HEADERFUNCTION, header_cb);
	SET(CURLOPT_HEADERDATA, s);
	SET(CURLOPT_PREREQFUNCTION, prereq_cb);
	SET(CURLOPT_PREREQDATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_PRIVATE, s);
	if (c->tls) {
		if (c->tls_ca)
			SET(CURLOPT_CAINFO, c->tls_ca);
		if (c->tls_cert)
			SET(CURLOPT_SSLCERT, c->tls_cert);
		if (c->tls_key)
			SET(CURLOPT_SSLKEY, c->tls_key);
		SET(CURLOPT_SSL_VERIFYPEER, c->tls_verify ? 1L : 0L);
		SET(CURLOPT_SSL_VERIFYHOST, c->tls_verify ? 2L : 0L);
	}
#undef SET
	if (e != CURLE_OK) {
		curl_easy_cleanup(h);
		return e == CURLE_OUT_OF_MEMORY ? -ENOMEM : -EINVAL;
	}
	s->h = h;
	return 0;
}

static const char *http_reason(long status)
{
	static const struct {
		long status;
		const char *reason;
	} table[] = {
	    {400, "Bad Request"},	  {401, "Unauthorized"},
	    {403, "Forbidden"},		  {404, "Not Found"},
	    {405, "Method Not Allowed"},  {406, "Not Acceptable"},
	    {408, "Request Timeout"},	  {409, "Conflict"},
	    {429, "Too Many Requests"},	  {500, "Internal Server Error"},
	    {501, "Not Implemented"},	  {502, "Bad Gateway"},
	    {503, "Service Unavailable"}, {504, "Gateway Timeout"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].status == status)
			return table[i].reason;
	return NULL;
}

static int http_errno(long status)
{
	if (status == 404)
		return -ENOENT;
	if (status == 401 || status == 403)
		return -EACCES;
	return -EPROTO;
}

/* "10 s", "0.3 s" */
static void format_seconds(long ms, char *out, size_t size)
{
	if (ms % 1000 == 0)
		snprintf(out, size, "%ld s", ms / 1000);
	else
		snprintf(out, size, "%.1f s", (double)ms / 1000.0);
}

/* A lowercase strerror for messages in git's style. */
static void errno_text(int err, char *out, size_t size)
{
	snprintf(out, size, "%s", strerror(err));
	if (out[0] && isupper((unsigned char)out[0]) && !isupper((unsigned char)out[1]))
		out[0] = (char)tolower((unsigned char)out[0]);
}

/* curl's own error text, lowercased the same way. */
static void curl_text(const struct slot *s, CURLcode e, char *out, size_t size)
{
	snprintf(out, size, "%s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(e));
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '.'))
		out[--n] = '\0';
	if (out[0] && isupper((unsigned char)out[0]) && !isupper((unsigned char)out[1]))
		out[0] = (char)tolower((unsigned char)out[0]);
}

static bool curl_is_connect_error(CURLcode e)
{
	switch (e) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

/* The daemon's {"message": "..."} of an error response, or a short plain-text body. */
static char *daemon_message(const struct buf *body)
{
	if (body->len == 0)
		return NULL;
	cJSON *j = json_parse(body->data, body->len);
	if (j) {
		const char *m = json_get_string(j, "message");
		char *out = m && *m ? sanitize(m, strlen(m), DAEMON_MESSAGE_MAX) : NULL;
		cJSON_Delete(j);
		return out;
	}
	/* a proxy's text/plain error; but no HTML pages in messages */
	if (body->data[0] == '<')
		return NULL;
	size_t len = strcspn(body->data, "\r\n");
	return len ? sanitize(body->data, len, DAEMON_MESSAGE_MAX) : NULL;
}

/*
 * Count the tokens of a JSON text (strings, keys included, numbers, literals, objects, arrays)
 * and the items of its top-level array, without parsing it. A malformed text is left to the
 * parser.
 */
static void json_census(const char *p, size_t len, size_t *ret_tokens, size_t *ret_items)
{
	size_t tokens = 0, items = 0, depth = 0;
	bool top_array = len > 0, in_scalar = false;
	for (size_t i = 0; i < len; i++) {
		char ch = p[i];
		bool starts = false;
		size_t at_depth = depth;
		if (ch == '"') {
			for (i++; i < len && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			starts = true;
			in_scalar = false;
		} else if (ch == '{' || ch == '[') {
			if (depth == 0)
				top_array = ch == '[';
			starts = true;
			depth++;
			in_scalar = false;
		} else if (ch == '}' || ch == ']' || ch == ',' || ch == ':' || ch == ' ' ||
			   ch == '\t' || ch == '\n' || ch == '\r') {
			if ((ch == '}' || ch == ']') && depth)
				depth--;
			in_scalar = false;
			continue;
		} else if (!in_scalar) {
			in_scalar = true;
			starts = true;
		}
		if (!starts)
			continue;
		tokens++;
		if (top_array && at_depth == 1)
			items++;
	}
	*ret_tokens = tokens;
	*ret_items = items;
}

/* Turn a finished transfer into the request's result, json or error. */
static void slot_finish(struct docker_client *c, struct slot *s, CURLcode e,
			struct docker_request *r, bool want_json)
{
	char text[CURL_ERROR_SIZE + 64];
	char secs[32];
	_cleanup_free_ char *path = sanitize(r->path, strlen(r->path), 1024);
	const char *p = path ? path : "";
	long status = 0;

	r->json = NULL;
	r->error = NULL;

	if (s->oom || e == CURLE_OUT_OF_MEMORY) {
		r->result = -ENOMEM;
		r->error = xasprintf("GET %s: out of memory", p);
		return;
	}
	if (s->headers_too_big) {
		r->result = -EFBIG;
		r->error =
		    xasprintf("headers and trailers of the response to GET %s exceed %u bytes", p,
			      DOCKER_MAX_HEADER_BYTES);
		return;
	}
	if (s->too_big || e == CURLE_FILESIZE_EXCEEDED) {
		r->result = -EFBIG;
		r->error = xasprintf("response from GET %s exceeds %zu bytes", p, c->max_body);
		return;
	}
	if (e != CURLE_OK) {
		if (curl_is_connect_error(e)) {
			long os_errno = 0;
			curl_easy_getinfo(s->h, CURLINFO_OS_ERRNO, &os_errno);
			if (e == CURLE_COULDNT_CONNECT && os_errno > 0)
				errno_text((int)os_errno, text, sizeof(text));
			else
				curl_text(s, e, text, sizeof(text));
			r->result = -ECONNREFUSED;
			r->error = xasprintf("cannot connect to the Docker daemon at %s: %s",
					     c->host, text);
		} else if (e == CURLE_OPERATION_TIMEDOUT && !s->connected) {
			format_seconds(c->connect_ms, secs, sizeof(secs));
			r->result = -ETIMEDOUT;
			r->error = xasprintf("cannot connect to the Docker daemon at %s: "
					     "timed out after %s",
					     c->host, secs);
		} else if (e == CURLE_OPERATION_TIMEDOUT && deadline_left(c) == 0) {
			format_seconds(c->deadline_ms, secs, sizeof(secs));
			r->result = -ETIMEDOUT;
			r->error =
			    xasprintf("GET %s: no answer before the audit's deadline (--deadline "
				      "%s) passed",
				      p, secs);
		} else if (e == CURLE_OPERATION_TIMEDOUT) {
			format_seconds(c->timeout_ms, secs, sizeof(secs));
			r->result = -ETIMEDOUT;
			r->error =
			    xasprintf("GET %s: the Docker daemon at %s did not answer within %s", p,
				      c->host, secs);
		} else if (e == CURLE_UNSUPPORTED_PROTOCOL || e == CURLE_URL_MALFORMAT) {
			curl_text(s, e, text, sizeof(text));
			r->result = -EINVAL;
			r->error = xasprintf("GET %s: %s", p, text);
		} else {
			curl_text(s, e, text, sizeof(text));
			r->result = -EPROTO;
			r->error =
			    xasprintf("GET %s: broken response from the Docker daemon at %s: %s", p,
				      c->host, text);
		}
		return;
	}

	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		_cleanup_free_ char *msg = daemon_message(&s->body);
		const char *reason = http_reason(status);
		r->result = http_errno(status);
		r->error = xasprintf("GET %s: %ld%s%s%s%s", p, status, reason ? " " : "",
				     reason ? reason : "", msg ? ": " : "", msg ? msg : "");
		return;
	}

	if (!want_json) {
		r->result = 0;
		return;
	}
	size_t values, items;
	json_census(s->body.data, s->body.len, &values, &items);
	if (items > DOCKER_MAX_LIST_ITEMS || values > DOCKER_MAX_TOKENS) {
		r->result = -EFBIG;
		r->error = items > DOCKER_MAX_LIST_ITEMS
			       ? xasprintf("the answer to GET %s lists more than %u objects", p,
					   DOCKER_MAX_LIST_ITEMS)
			       : xasprintf("the answer to GET %s holds more than %u values", p,
					   DOCKER_MAX_TOKENS);
		return;
	}
	r->json = json_parse(s->body.data, s->body.len);
	if (!r->json) {
		r->result = -EBADMSG;
		r->error = xasprintf(s->body.len ? "malformed JSON from GET %s"
						 : "malformed JSON from GET %s: empty body",
				     p);
		return;
	}
	r->result = 0;
}

/* An absolute path with an optional query: no whitespace, controls, fragments or dot segments. */
static bool path_ok(const char *path)
{
	if (!path || path[0] != '/' || strlen(path) >= 8192)
		return false;
	for (const char *q = path; *q; q++)
		if ((unsigned char)*q <= 0x20 || *q == 0x7f || *q == '#')
			return false;
	/* curl would resolve "/images/../info" to "/info": the caller's path must mean itself */
	size_t end = strcspn(path, "?");
	for (size_t i = 0; i < end; i++) {
		if (path[i] != '/')
			continue;
		size_t n = strcspn(path + i + 1, "/?");
		if ((n == 1 && path[i + 1] == '.') ||
		    (n == 2 && path[i + 1] == '.' && path[i + 2] == '.'))
			return false;
	}
	return true;
}

static int slot_start(struct docker_client *c, struct slot *s, struct docker_request *r, size_t idx,
		      bool versioned)
{
	/*
	 * A fresh easy handle for every request: libcurl before 8.1 (Debian 12 has 7.88.1; curl
	 * issue 11101) keeps a pointer to the previous transfer's last header in the handle, and
	 * a daemon answering a broken status line and a folded header then makes it write to freed
	 * memory. Connections are still reused: they live in the multi handle's pool.
	 */
	if (s->h) {
		curl_easy_cleanup(s->h);
		s->h = NULL;
	}
	int ret = slot_setup(c, s);
	if (ret < 0)
		return ret;
	_cleanup_free_ char *url = versioned
				       ? xasprintf("%s/v%s%s", c->base_url, c->api_version, r->path)
				       : xasprintf("%s%s", c->base_url, r->path);
	if (!url)
		return -ENOMEM;
	if (curl_easy_setopt(s->h, CURLOPT_URL, url) != CURLE_OK)
		return -ENOMEM;
	long left = deadline_left(c);
	if (left < 1)
		left = 1; /* 0 would mean no timeout at all */
	if (left < c->timeout_ms && curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, left) != CURLE_OK)
		return -ENOMEM;
	buf_reset(&s->body);
	s->errbuf[0] = '\0';
	s->api_version[0] = '\0';
	s->connected = s->too_big = s->headers_too_big = s->oom = false;
	s->header_bytes = 0;
	if (curl_multi_add_handle(c->multi, s->h) != CURLM_OK)
		return -ENOMEM;
	s->busy = true;
	s->req = idx;
	c->requests++;
	return 0;
}

static void request_fail(struct docker_request *r, int err, const char *what)
{
	r->result = err;
	r->json = NULL;
	_cleanup_free_ char *path = r->path ? sanitize(r->path, strlen(r->path), 1024) : NULL;
	r->error = xasprintf("GET %s: %s", path ? path : "(null)", what);
}

/*
 * Run n requests over the client's multi handle, at most max_inflight at once. Every request
 * gets its result; returns a negative errno only when curl itself failed, after giving every
 * unfinished request that error.
 */
static int perform(struct docker_client *c, struct docker_request *reqs, size_t n, bool versioned,
		   bool want_json)
{
	size_t nslots = n < (size_t)c->max_inflight ? n : (size_t)c->max_inflight;
	size_t next = 0, active = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		reqs[i].result = 0;
		reqs[i].json = NULL;
		reqs[i].error = NULL;
	}

	bool stalled = false;
	size_t finished = 0;
	for (;;) {
		/*
		 * Once a request of the batch timed out, the daemon is not answering: the rest is
		 * not sent, so a hung daemon costs one timeout, not one per round of max_inflight.
		 */
		for (; stalled && next < n; next++, finished++)
			request_fail(&reqs[next], -ETIMEDOUT,
				     "not sent, the daemon stopped answering");
		/* fill the idle slots */
		for (size_t i = 0; i < nslots && next < n; i++) {
			struct slot *s = &c->slots[i];
			if (s->busy)
				continue;
			while (next < n) {
				struct docker_request *r = &reqs[next];
				if (deadline_left(c) == 0) {
					char secs[32];
					format_seconds(c->deadline_ms, secs, sizeof(secs));
					r->result = -ETIMEDOUT;
					r->json = NULL;
					r->error =
					    xasprintf("not asked: the audit's deadline (--deadline "
						      "%s) passed",
						      secs);
					next++;
					finished++;
					continue;
				}
				if (!path_ok(r->path)) {
					request_fail(r, -EINVAL, "invalid request path");
					next++;
					continue;
				}
				int rs = slot_start(c, s, r, next, versioned);
				if (rs < 0) {
					request_fail(r, rs, "cannot start the request");
					next++;
					continue;
				}
				next++;
				active++;
				break;
			}
		}
		if (active == 0 && next >= n)
			break;

		int running = 0;
		CURLMcode mc = curl_multi_perform(c->multi, &running);
		if (mc != CURLM_OK) {
			ret = mc == CURLM_OUT_OF_MEMORY ? -ENOMEM : -EPROTO;
			break;
		}
		CURLMsg *msg;
		int queued;
		bool done_any = false;
		while ((msg = curl_multi_info_read(c->multi, &queued))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct slot *s = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
			CURLcode e = msg->data.result;
			curl_multi_remove_handle(c->multi, msg->easy_handle);
			if (!s)
				continue;
			s->busy = false;
			active--;
			slot_finish(c, s, e, &reqs[s->req], want_json);
			stalled |= reqs[s->req].result == -ETIMEDOUT;
			done_any = true;
			finished++;
		}
		if (done_any && c->progress)
			c->progress(c->progress_data, finished, n);
		if (done_any)
			continue; /* refill before waiting */
		if (active == 0 && next >= n)
			break;
		mc = curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
		if (mc != CURLM_OK) {
			ret = mc == CURLM_OUT_OF_MEMORY ? -ENOMEM : -EPROTO;
			break;
		}
	}

	if (ret < 0) {
		for (size_t i = 0; i < nslots; i++) {
			struct slot *s = &c->slots[i];
			if (!s->busy)
				continue;
			curl_multi_remove_handle(c->multi, s->h);
			s->busy = false;
			request_fail(&reqs[s->req], ret, "transfer failed");
		}
		for (; next < n; next++)
			request_fail(&reqs[next], ret, "transfer failed");
	}
	for (size_t i = 0; i < nslots; i++)
		buf_release(&c->slots[i].body);
	return ret;
}

static int negotiate_fail(struct docker_client *c, int err, char *msg)
{
	c->negotiated = true;
	c->negotiate_result = err;
	free(c->negotiate_error);
	c->negotiate_error = msg;
	return err;
}

static int negotiate_settle(struct docker_client *c, const char *daemon_version)
{
	unsigned dmaj, dmin, maxmaj, maxmin, minmaj, minmin;
	_cleanup_free_ char *shown = NULL;

	if (parse_api_version(DOCKER_MAX_API_VERSION, &maxmaj, &maxmin) < 0 ||
	    parse_api_version(DOCKER_MIN_API_VERSION, &minmaj, &minmin) < 0)
		return negotiate_fail(c, -EINVAL, xasprintf("internal error: bad API versions"));
	if (parse_api_version(daemon_version, &dmaj, &dmin) < 0) {
		shown = sanitize(daemon_version, strlen(daemon_version), 40);
		return negotiate_fail(c, -EPROTO,
				      xasprintf("the Docker daemon at %s reports an invalid API "
						"version '%s'",
						c->host, shown ? shown : ""));
	}
	if (compare_api_version(dmaj, dmin, minmaj, minmin) < 0)
		return negotiate_fail(c, -EPROTO,
				      xasprintf("the Docker daemon at %s speaks API %u.%u, older "
						"than the minimum supported %s",
						c->host, dmaj, dmin, DOCKER_MIN_API_VERSION));
	snprintf(c->daemon_api_version, sizeof(c->daemon_api_version), "%u.%u", dmaj, dmin);
	if (compare_api_version(dmaj, dmin, maxmaj, maxmin) > 0) {
		dmaj = maxmaj;
		dmin = maxmin;
		c->negotiated_down = true;
	}
	snprintf(c->api_version, sizeof(c->api_version), "%u.%u", dmaj, dmin);
	c->negotiated = true;
	c->negotiate_result = 0;
	return 0;
}

static int negotiate_once(struct docker_client *c)
{
	struct docker_request ping = {.path = "/_ping"};
	int r = perform(c, &ping, 1, false, false);
	if (r < 0) {
		free(ping.error);
		return negotiate_fail(c, r,
				      xasprintf("cannot ping the Docker daemon at %s", c->host));
	}
	/* slot 0 served the ping; the daemon may send its version even with an error status */
	char version[sizeof(c->slots[0].api_version)];
	memcpy(version, c->slots[0].api_version, sizeof(version));
	memcpy(c->server, c->slots[0].server, sizeof(c->server));
	long status = 0;
	if (c->slots[0].h)
		curl_easy_getinfo(c->slots[0].h, CURLINFO_RESPONSE_CODE, &status);
	if (version[0] && status != 0) {
		free(ping.error);
		return negotiate_settle(c, version);
	}
	if (ping.result < 0)
		return negotiate_fail(c, ping.result, ping.error);

	/* an old daemon or a proxy that drops the header: ask /version instead */
	struct docker_request ver = {.path = "/version"};
	r = perform(c, &ver, 1, false, true);
	if (r < 0) {
		free(ver.error);
		return negotiate_fail(c, r,
				      xasprintf("cannot ask the Docker daemon at %s for its "
						"version",
						c->host));
	}
	if (ver.result < 0)
		return negotiate_fail(c, ver.result, ver.error);
	const char *v = json_get_string(ver.json, "ApiVersion");
	if (!v) {
		cJSON_Delete(ver.json);
		return negotiate_fail(
		    c, -EBADMSG,
		    xasprintf("the Docker daemon at %s reports no API version", c->host));
	}
	r = negotiate_settle(c, v);
	cJSON_Delete(ver.json);
	return r;
}

int docker_negotiate(struct docker_client *c, char **ret_error)
{
	if (!c)
		return -EINVAL;
	if (!c->negotiated)
		negotiate_once(c);
	if (c->negotiate_result < 0 && ret_error) {
		char *msg = xstrdup(c->negotiate_error);
		if (!msg && c->negotiate_error)
			return -ENOMEM;
		set_error(ret_error, msg);
	}
	return c->negotiate_result;
}

int docker_get_json(struct docker_client *c, const char *path, cJSON **ret_json, char **ret_error)
{
	if (!c || !ret_json)
		return -EINVAL;
	if (!path_ok(path))
		return fail(ret_error, -EINVAL, "invalid Docker API path");
	int r = docker_negotiate(c, ret_error);
	if (r < 0)
		return r;
	struct docker_request req = {.path = path};
	r = perform(c, &req, 1, true, true);
	if (r < 0 && req.result == 0)
		req.result = r;
	if (req.result < 0) {
		set_error(ret_error, TAKE_PTR(req.error));
		return req.result;
	}
	*ret_json = req.json;
	return 0;
}

int docker_get_many(struct docker_client *c, struct docker_request *reqs, size_t n)
{
	if (!c || (!reqs && n))
		return -EINVAL;
	if (n == 0)
		return 0;
	int r = docker_negotiate(c, NULL);
	if (r < 0) {
		/* the batch "ran": every request learns why it could not be sent */
		for (size_t i = 0; i < n; i++) {
			reqs[i].result = r;
			reqs[i].json = NULL;
			reqs[i].error = xstrdup(c->negotiate_error);
		}
		return 0;
	}
	return perform(c, reqs, n, true, true);
}

void docker_request_release(struct docker_request *r)
{
	if (!r)
		return;
	cJSON_Delete(r->json);
	r->json = NULL;
	free(r->error);
	r->error = NULL;
	r->result = 0;
}
