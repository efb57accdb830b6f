/* SPDX-License-Identifier: Apache-2.0 */
/* Swarm facts (section 7): the node's role, manager-only lists, listeners, the root CA. */
#include "common.h"
#include <ctype.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include "context.h"
#include "facts/locate.h"
#include "facts/daemonconf.h"
#include "facts/swarm.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define PROC_NET_MAX (64u * 1024 * 1024) /* a /proc/net file of a very busy host */
#define STATE_FILE_MAX (1024u * 1024)
#define CA_FILE_MAX (1024u * 1024)
#define PEM_MAX (1024u * 1024)

/* ---- cached answers of the Engine API ---- */

struct api_fact {
	struct fact_error e;
	cJSON *json;
};

static void api_fact_release(void *p)
{
	struct api_fact *f = p;
	cJSON_Delete(f->json);
}

/* Keyed by the API path. */
static int api_fact_load(struct audit_ctx *c, void *fact, const char *path)
{
	struct api_fact *f = fact;
	char *err = NULL;
	int r = ctx_api_get(c, path, &f->json, &err);
	if (r == 0 && !cJSON_IsArray(f->json)) {
		cJSON_Delete(f->json);
		f->json = NULL;
		r = -EBADMSG;
		err = xasprintf("unexpected JSON from GET %s: not an array", path);
	}
	if (r < 0)
		fact_fail(&f->e, r, err ? err : xasprintf("GET %s: %s", path, strerror(-r)));
	return 0;
}

CTX_FACT_TYPE(api_type, "swarm.api", struct api_fact, api_fact_load, api_fact_release);

static int cached_array(struct audit_ctx *c, const char *path, const cJSON **ret,
			const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &api_type, path, &p, ret_error);
	if (r < 0)
		return r;
	const struct api_fact *f = p;
	*ret = f->json;
	return 0;
}

int ctx_swarm_nodes(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return cached_array(c, "/nodes", ret, ret_error);
}

int ctx_swarm_networks(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return cached_array(c, "/networks", ret, ret_error);
}

int ctx_swarm_secrets(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return cached_array(c, "/secrets", ret, ret_error);
}

int ctx_swarm_services(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return cached_array(c, "/services", ret, ret_error);
}

/* ---- the node's role ---- */

struct info_fact {
	struct fact_error e;
	struct swarm_info info;
};

/* A string member that may be absent or null ("" then); -EBADMSG when of another type. */
static int opt_string(const cJSON *obj, const char *key, const char **ret)
{
	const cJSON *it = json_get(obj, key);
	if (it && !cJSON_IsNull(it) && !cJSON_IsString(it))
		return -EBADMSG;
	const char *s = json_get_string(obj, key);
	*ret = s ? s : "";
	return 0;
}

static int parse_swarm_info(const cJSON *info, struct swarm_info *si, char **ret_msg)
{
	const cJSON *sw = json_get(info, "Swarm");
	*si = (struct swarm_info){
	    .role = SWARM_ROLE_NONE, .state = "", .error = "", .node_id = "", .node_addr = ""};
	if (!sw || cJSON_IsNull(sw))
		return 0; /* a daemon that knows nothing of swarm mode is not in one */
	if (!cJSON_IsObject(sw)) {
		*ret_msg = xstrdup("unexpected JSON from GET /info: Swarm is not an object");
		return -EBADMSG;
	}
	if (opt_string(sw, "LocalNodeState", &si->state) < 0 ||
	    opt_string(sw, "Error", &si->error) < 0 || opt_string(sw, "NodeID", &si->node_id) < 0 ||
	    opt_string(sw, "NodeAddr", &si->node_addr) < 0) {
		*ret_msg = xstrdup("unexpected JSON from GET /info: a Swarm field is not a string");
		return -EBADMSG;
	}
	if (si->state[0] == '\0' || strcmp(si->state, "inactive") == 0)
		return 0;
	if (strcmp(si->state, "active") != 0) {
		si->role = SWARM_ROLE_UNUSABLE;
		return 0;
	}
	bool control = false;
	int r = json_get_bool(sw, "ControlAvailable", &control);
	if (r < 0 && r != -ENOENT) {
		*ret_msg = xstrdup("unexpected JSON from GET /info: Swarm.ControlAvailable is not "
				   "a boolean");
		return -EBADMSG;
	}
	si->role = control ? SWARM_ROLE_MANAGER : SWARM_ROLE_WORKER;
	if (control) {
		si->cluster = json_get_object(sw, "Cluster");
		si->cluster_id = si->cluster ? json_get_string(si->cluster, "ID") : NULL;
	}
	return 0;
}

static int info_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct info_fact *f = fact;
	const cJSON *info;
	const char *err = NULL;
	int r = ctx_docker_info(c, &info, &err);
	if (r < 0) {
		fact_fail(&f->e, r,
			  xasprintf("cannot read GET /info: %s", err ? err : strerror(-r)));
	} else {
		r = parse_swarm_info(info, &f->info, &f->e.msg);
		if (r < 0)
			f->e.error = r;
	}
	return 0;
}

CTX_FACT_TYPE(info_type, "swarm.info", struct info_fact, info_fact_load, NULL);

int ctx_swarm_info(struct audit_ctx *c, const struct swarm_info **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &info_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct info_fact *f = p;
	*ret = &f->info;
	return 0;
}

/* ---- <data-root>/swarm/docker-state.json ---- */

struct file_fact {
	struct fact_error e;
	char *path;
	cJSON *json;
};

static void file_fact_release(void *p)
{
	struct file_fact *f = p;
	free(f->path);
	cJSON_Delete(f->json);
}

static void load_state_file(struct audit_ctx *c, struct file_fact *f)
{
	const struct located *root = ctx_locate(c, CTX_LOC_DATA_ROOT, NULL);
	if (root->error < 0) {
		fact_fail(&f->e, root->error,
			  xasprintf("cannot find the daemon's data root: %s",
				    root->note ? root->note : strerror(-root->error)));
		return;
	}
	f->path = xasprintf("%s/swarm/docker-state.json", root->path);
	if (!f->path) {
		f->e.error = -ENOMEM;
		return;
	}
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = hostfs_read_file(ctx_hostfs(c), f->path, STATE_FILE_MAX, &data, &len);
	if (r < 0) {
		fact_fail(&f->e, r, xasprintf("cannot read '%s': %s", f->path, strerror(-r)));
		return;
	}
	f->json = json_parse(data, len);
	if (!cJSON_IsObject(f->json))
		fact_fail(&f->e, -EBADMSG, xasprintf("'%s' is not a JSON object", f->path));
}

static int file_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	load_state_file(c, fact);
	return 0;
}

CTX_FACT_TYPE(file_type, "swarm.state_file", struct file_fact, file_fact_load, file_fact_release);

int ctx_swarm_state_file(struct audit_ctx *c, const cJSON **ret, const char **ret_path,
			 const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &file_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct file_fact *f = p;
	*ret = f->json;
	if (ret_path)
		*ret_path = f->path;
	return 0;
}

/* ---- /proc/net ---- */

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Exactly n hex digits (n <= 8) into *ret. */
static int parse_hex32(const char *s, size_t n, uint32_t *ret)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hex_value(s[i]);
		if (d < 0)
			return -EBADMSG;
		v = (v << 4) | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

/*
 * "0100007F:0949" -> address and port. The kernel prints each 32-bit word of the address as
 * the number it holds in memory (so in this host's byte order) and the port in host order.
 */
static int parse_endpoint(const char *tok, size_t len, bool v6, char *addr, size_t addr_size,
			  unsigned *ret_port, bool *ret_wildcard)
{
	size_t alen = v6 ? 32 : 8;
	if (len != alen + 5 || tok[alen] != ':')
		return -EBADMSG;
	uint32_t words[4] = {0};
	for (size_t w = 0; w < alen / 8; w++)
		if (parse_hex32(tok + 8 * w, 8, &words[w]) < 0)
			return -EBADMSG;
	uint32_t port;
	if (parse_hex32(tok + alen + 1, 4, &port) < 0)
		return -EBADMSG;
	unsigned char raw[16];
	memcpy(raw, words, sizeof(raw));
	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, raw, addr, (socklen_t)addr_size))
		return -EBADMSG;
	bool zero = true;
	for (size_t i = 0; i < alen / 2; i++)
		zero = zero && raw[i] == 0;
	*ret_port = port;
	*ret_wildcard = zero;
	return 0;
}

/* The next whitespace-separated token of *s: start and length; false at the end of line. */
static bool next_token(const char **s, const char **ret_tok, size_t *ret_len)
{
	const char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n')
		return false;
	const char *start = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	*ret_tok = start;
	*ret_len = (size_t)(p - start);
	*s = p;
	return true;
}

static bool port_wanted(unsigned port, const unsigned *ports, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ports[i] == port)
			return true;
	return false;
}

int swarm_parse_proc_net(const char *text, const char *proto, const unsigned *ports, size_t n_ports,
			 struct swarm_socket **items, size_t *n, size_t *ret_bad_line)
{
	bool v6 = str_endswith(proto, "6");
	bool tcp = str_startswith(proto, "tcp");
	size_t lineno = 0;
	for (const char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : NULL;
		lineno++;
		if (lineno == 1)
			continue; /* the header */
		const char *p = line, *tok[4];
		size_t len[4];
		int k = 0;
		while (k < 4 && next_token(&p, &tok[k], &len[k]))
			k++;
		if (k == 0)
			continue; /* a blank line */
		if (k < 4 || tok[0][len[0] - 1] != ':' || len[3] != 2)
			goto bad;
		struct swarm_socket s = {0};
		char raddr[INET6_ADDRSTRLEN];
		unsigned rport;
		bool rwild;
		uint32_t st;
		if (parse_endpoint(tok[1], len[1], v6, s.addr, sizeof(s.addr), &s.port,
				   &s.wildcard) < 0 ||
		    parse_endpoint(tok[2], len[2], v6, raddr, sizeof(raddr), &rport, &rwild) < 0 ||
		    parse_hex32(tok[3], 2, &st) < 0)
			goto bad;
		if (!port_wanted(s.port, ports, n_ports))
			continue;
		if (tcp ? st != 0x0A : rport != 0)
			continue; /* a connection, not a listener */
		snprintf(s.proto, sizeof(s.proto), "%s", proto);
		struct swarm_socket *grown = realloc(*items, (*n + 1) * sizeof(**items));
		if (!grown)
			return -ENOMEM;
		*items = grown;
		(*items)[(*n)++] = s;
	}
	return 0;
bad:
	if (ret_bad_line)
		*ret_bad_line = lineno;
	return -EBADMSG;
}

struct sockets_fact {
	struct fact_error e;
	struct swarm_sockets sockets;
};

static void sockets_fact_release(void *p)
{
	struct sockets_fact *f = p;
	free(f->sockets.items);
	free(f->sockets.dir);
	free(f->sockets.whose);
}

/* The dockerd serving the audited endpoint, 0 when unknown. */
static long dockerd_pid(struct audit_ctx *c)
{
	const struct daemonconf *dc = NULL;
	if (ctx_daemonconf(c, &dc, NULL) < 0 || !dc)
		return 0;
	return daemonconf_pid(dc);
}

/* /proc/PID/net of the dockerd serving the endpoint when it is known and readable, else
 * /proc/net (the namespace of docker-audit itself). */
static void pick_net_dir(struct audit_ctx *c, struct swarm_sockets *s)
{
	long pid = dockerd_pid(c);
	if (pid > 0) {
		_cleanup_free_ char *dir = xasprintf("/proc/%ld/net", pid);
		_cleanup_free_ char *tcp = xasprintf("/proc/%ld/net/tcp", pid);
		struct stat st;
		if (dir && tcp && hostfs_stat(ctx_hostfs(c), tcp, &st) == 0) {
			s->dir = TAKE_PTR(dir);
			s->whose = xasprintf("the network namespace of dockerd (pid %ld)", pid);
			return;
		}
	}
	s->dir = xstrdup("/proc/net");
	s->whose =
	    xstrdup(pid > 0 ? "docker-audit's own network namespace (that of dockerd could "
			      "not be read)"
			    : "docker-audit's own network namespace (the dockerd process was "
			      "not found)");
}

/* By port, then protocol and address: the same order whatever the kernel's hash order. */
static int socket_cmp(const void *a, const void *b)
{
	const struct swarm_socket *x = a, *y = b;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	int r = strcmp(x->proto, y->proto);
	return r ? r : strcmp(x->addr, y->addr);
}

static void load_sockets(struct audit_ctx *c, struct sockets_fact *f)
{
	static const char *const protos[] = {"tcp", "tcp6", "udp", "udp6"};
	static const unsigned tcp_ports[] = {SWARM_PORT_MANAGEMENT, SWARM_PORT_GOSSIP};
	static const unsigned udp_ports[] = {SWARM_PORT_GOSSIP};
	pick_net_dir(c, &f->sockets);
	if (!f->sockets.dir || !f->sockets.whose) {
		f->e.error = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		_cleanup_free_ char *path = xasprintf("%s/%s", f->sockets.dir, protos[i]);
		_cleanup_free_ char *data = NULL;
		size_t len, bad = 0;
		if (!path) {
			f->e.error = -ENOMEM;
			return;
		}
		int r = hostfs_read_file(ctx_hostfs(c), path, PROC_NET_MAX, &data, &len);
		if (r == -ENOENT && str_endswith(protos[i], "6"))
			continue; /* no IPv6 in this kernel or namespace */
		if (r < 0) {
			fact_fail(&f->e, r, xasprintf("cannot read '%s': %s", path, strerror(-r)));
			return;
		}
		bool tcp = protos[i][0] == 't';
		r = swarm_parse_proc_net(data, protos[i], tcp ? tcp_ports : udp_ports,
					 tcp ? ARRAY_SIZE(tcp_ports) : ARRAY_SIZE(udp_ports),
					 &f->sockets.items, &f->sockets.n, &bad);
		if (r < 0) {
			fact_fail(&f->e, r,
				  r == -EBADMSG ? xasprintf("'%s' line %zu is malformed", path, bad)
						: NULL);
			return;
		}
	}
	if (f->sockets.n > 1)
		qsort(f->sockets.items, f->sockets.n, sizeof(*f->sockets.items), socket_cmp);
}

static int sockets_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	load_sockets(c, fact);
	return 0;
}

CTX_FACT_TYPE(sockets_type, "swarm.sockets", struct sockets_fact, sockets_fact_load,
	      sockets_fact_release);

int ctx_swarm_sockets(struct audit_ctx *c, const struct swarm_sockets **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &sockets_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct sockets_fact *f = p;
	*ret = &f->sockets;
	return 0;
}

/* ---- environment variables ---- */

static bool word_is(const char *w, size_t n, const char *upper)
{
	if (strlen(upper) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (toupper((unsigned char)w[i]) != upper[i])
			return false;
	return true;
}

static bool word_ends(const char *w, size_t n, const char *upper)
{
	size_t m = strlen(upper);
	return n > m && word_is(w + n - m, m, upper);
}

static bool word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (word_is(w, n, *list))
			return true;
	return false;
}

bool swarm_env_name_is_credential(const char *name, size_t len)
{
	static const char *const secret_words[] = {
	    "PASSWORD", "PASSWD",     "PASSPHRASE",  "SECRET",	   "TOKEN",
	    "APIKEY",	"CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", NULL};
	static const char *const key_owners[] = {"API", "PRIVATE", "ACCESS", NULL};
	static const char *const about_words[] = {
	    "FILE",	"PATH", "DIR",	  "URL",    "URI",	"HOST",	  "PORT",   "USER",
	    "USERNAME", "NAME", "ID",	  "TYPE",   "LENGTH",	"TTL",	  "EXPIRY", "EXPIRES",
	    "ENABLED",	"MODE", "POLICY", "METHOD", "ENDPOINT", "REGION", NULL};
	const char *w[16];
	size_t wl[16], n = 0, i = 0;
	while (i < len && n < ARRAY_SIZE(w)) {
		size_t j = i;
		while (j < len && name[j] != '_' && name[j] != '-' && name[j] != '.')
			j++;
		if (j > i) {
			w[n] = name + i;
			wl[n++] = j - i;
		}
		i = j + 1;
	}
	if (n == 0 || word_in(w[n - 1], wl[n - 1], about_words))
		return false;
	for (size_t k = 0; k < n; k++) {
		if (word_in(w[k], wl[k], secret_words))
			return true;
		if (k > 0 && word_is(w[k], wl[k], "KEY") &&
		    word_in(w[k - 1], wl[k - 1], key_owners))
			return true;
		/* PGPASSWORD, DBPASSWD; and MYSQL_PWD, but not PWD, the working directory */
		if (word_ends(w[k], wl[k], "PASSWORD") || word_ends(w[k], wl[k], "PASSWD") ||
		    (k > 0 && word_is(w[k], wl[k], "PWD")))
			return true;
	}
	return false;
}

/* ---- PEM and a minimal DER walk to the validity of a certificate ---- */

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* Decode base64 text (whitespace ignored, '=' padding only at the end) of at most len bytes. */
static int b64_decode(const char *s, size_t len, unsigned char **ret, size_t *ret_n)
{
	_cleanup_free_ unsigned char *out = malloc(len / 4 * 3 + 3);
	if (!out)
		return -ENOMEM;
	size_t n = 0, pad = 0;
	uint32_t acc = 0;
	unsigned bits = 0, chars = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (ch == '=') {
			pad++;
			chars++;
			continue;
		}
		int v = b64_value(ch);
		if (v < 0 || pad)
			return -EBADMSG;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		chars++;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (chars % 4 != 0 || pad > 2)
		return -EBADMSG;
	*ret = TAKE_PTR(out);
	*ret_n = n;
	return 0;
}

struct der {
	const unsigned char *p;
	size_t n;
};

/* Take the next TLV of d: its tag and content. Low tag numbers only, definite lengths. */
static int der_next(struct der *d, unsigned char *ret_tag, struct der *ret_content)
{
	if (d->n < 2 || (d->p[0] & 0x1f) == 0x1f)
		return -EBADMSG;
	size_t hdr = 2, len = d->p[1];
	if (len & 0x80) {
		size_t k = len & 0x7f;
		if (k == 0 || k > 4 || d->n < 2 + k)
			return -EBADMSG;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = (len << 8) | d->p[2 + i];
		hdr += k;
	}
	if (len > d->n - hdr)
		return -EBADMSG;
	*ret_tag = d->p[0];
	*ret_content = (struct der){d->p + hdr, len};
	d->p += hdr + len;
	d->n -= hdr + len;
	return 0;
}

static int der_expect(struct der *d, unsigned char tag, struct der *ret_content)
{
	unsigned char t;
	int r = der_next(d, &t, ret_content);
	if (r < 0)
		return r;
	return t == tag ? 0 : -EBADMSG;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned mp = m > 2 ? m - 3 : m + 9;
	unsigned doy = (153 * mp + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const unsigned char *s, size_t n, unsigned *ret)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EBADMSG;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*ret = v;
	return 0;
}

/* UTCTime YYMMDDHHMMSSZ (RFC 5280: YY < 50 is 20YY) or GeneralizedTime YYYYMMDDHHMMSSZ. */
static int der_time(unsigned char tag, const struct der *t, int64_t *ret)
{
	size_t ylen = tag == 0x17 ? 2 : (tag == 0x18 ? 4 : 0);
	if (!ylen || t->n != ylen + 11 || t->p[t->n - 1] != 'Z')
		return -EBADMSG;
	unsigned y, mo, d, h, mi, s;
	const unsigned char *p = t->p;
	if (digits(p, ylen, &y) < 0 || digits(p + ylen, 2, &mo) < 0 ||
	    digits(p + ylen + 2, 2, &d) < 0 || digits(p + ylen + 4, 2, &h) < 0 ||
	    digits(p + ylen + 6, 2, &mi) < 0 || digits(p + ylen + 8, 2, &s) < 0)
		return -EBADMSG;
	if (ylen == 2)
		y += y < 50 ? 2000 : 1900;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -EBADMSG;
	*ret = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

static int der_cert_validity(const unsigned char *p, size_t n, int64_t *ret_nb, int64_t *ret_na)
{
	struct der all = {p, n}, cert, tbs, skip, validity, t;
	unsigned char tag;
	if (der_expect(&all, 0x30, &cert) < 0 || der_expect(&cert, 0x30, &tbs) < 0)
		return -EBADMSG;
	if (tbs.n > 0 && tbs.p[0] == 0xA0 && der_next(&tbs, &tag, &skip) < 0) /* [0] version */
		return -EBADMSG;
	if (der_expect(&tbs, 0x02, &skip) < 0 || /* serialNumber */
	    der_expect(&tbs, 0x30, &skip) < 0 || /* signature */
	    der_expect(&tbs, 0x30, &skip) < 0 || /* issuer */
	    der_expect(&tbs, 0x30, &validity) < 0) /* validity */
		return -EBADMSG;
	int64_t nb, na;
	if (der_next(&validity, &tag, &t) < 0 || der_time(tag, &t, &nb) < 0 ||
	    der_next(&validity, &tag, &t) < 0 || der_time(tag, &t, &na) < 0)
		return -EBADMSG;
	*ret_nb = nb;
	*ret_na = na;
	return 0;
}

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"

int swarm_pem_validity(const char *pem, int64_t *ret_not_before, int64_t *ret_not_after,
		       size_t *ret_n_certs)
{
	size_t count = 0;
	for (const char *p = strstr(pem, PEM_BEGIN); p; p = strstr(p + 1, PEM_BEGIN))
		count++;
	const char *begin = strstr(pem, PEM_BEGIN);
	if (!begin)
		return -ENOENT;
	begin += strlen(PEM_BEGIN);
	const char *end = strstr(begin, PEM_END);
	if (!end || (size_t)(end - begin) > PEM_MAX)
		return -EBADMSG;
	_cleanup_free_ unsigned char *der = NULL;
	size_t n;
	int r = b64_decode(begin, (size_t)(end - begin), &der, &n);
	if (r < 0)
		return r;
	int64_t nb, na;
	r = der_cert_validity(der, n, &nb, &na);
	if (r < 0)
		return r;
	*ret_not_before = nb;
	*ret_not_after = na;
	if (ret_n_certs)
		*ret_n_certs = count;
	return 0;
}

struct ca_fact {
	struct fact_error e;
	struct swarm_root_ca ca;
};

static void ca_fact_release(void *p)
{
	struct ca_fact *f = p;
	free(f->ca.origin);
}

static void load_root_ca(struct audit_ctx *c, struct ca_fact *f)
{
	const struct swarm_info *si;
	const char *err = NULL;
	int r = ctx_swarm_info(c, &si, &err);
	if (r < 0) {
		fact_fail(&f->e, r, xstrdup(err));
		return;
	}
	_cleanup_free_ char *data = NULL;
	const char *pem;
	if (si->role == SWARM_ROLE_MANAGER) {
		pem = json_get_string(si->cluster, "TLSInfo.TrustRoot");
		f->ca.source = "api";
		f->ca.origin = xstrdup("GET /info Swarm.Cluster.TLSInfo.TrustRoot");
		if (!pem) {
			fact_fail(&f->e, -EBADMSG,
				  xstrdup("GET /info has no Swarm.Cluster.TLSInfo.TrustRoot"));
			return;
		}
	} else {
		const struct located *root = ctx_locate(c, CTX_LOC_DATA_ROOT, NULL);
		if (root->error < 0) {
			fact_fail(&f->e, root->error,
				  xasprintf("cannot find the daemon's data root: %s",
					    root->note ? root->note : strerror(-root->error)));
			return;
		}
		f->ca.source = "file";
		f->ca.origin = xasprintf("%s/swarm/certificates/swarm-root-ca.crt", root->path);
		if (!f->ca.origin) {
			f->e.error = -ENOMEM;
			return;
		}
		size_t len;
		r = hostfs_read_file(ctx_hostfs(c), f->ca.origin, CA_FILE_MAX, &data, &len);
		if (r < 0) {
			fact_fail(&f->e, r,
				  xasprintf("cannot read '%s': %s", f->ca.origin, strerror(-r)));
			return;
		}
		pem = data;
	}
	r = swarm_pem_validity(pem, &f->ca.not_before, &f->ca.not_after, &f->ca.n_certs);
	if (r < 0)
		fact_fail(&f->e, r,
			  r == -ENOENT ? xasprintf("no certificate in %s", f->ca.origin)
				       : xasprintf("cannot parse the certificate in %s: %s",
						   f->ca.origin, strerror(-r)));
}

static int ca_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	load_root_ca(c, fact);
	return 0;
}

CTX_FACT_TYPE(ca_type, "swarm.root_ca", struct ca_fact, ca_fact_load, ca_fact_release);

int ctx_swarm_root_ca(struct audit_ctx *c, const struct swarm_root_ca **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &ca_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct ca_fact *f = p;
	*ret = &f->ca;
	return 0;
}

int swarm_prerequisite(struct audit_ctx *c, bool manager, const struct swarm_info **ret,
		       char **ret_why)
{
	const struct swarm_info *si;
	const char *err = NULL;
	int r = ctx_swarm_info(c, &si, &err);
	char *why;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		why = xstrdup(err ? err : strerror(-r));
	} else if (si->role == SWARM_ROLE_NONE) {
		r = 0;
		why = xasprintf("swarm not active (LocalNodeState=%s)",
				si->state[0] ? si->state : "absent");
	} else if (si->role == SWARM_ROLE_UNUSABLE) {
		r = -EIO;
		why =
		    xasprintf("the node is in a swarm but its state is '%s'%s%s: nothing about the "
			      "swarm can be read until it is active",
			      si->state, si->error[0] ? ": " : "", si->error);
	} else if (si->role == SWARM_ROLE_WORKER && manager) {
		r = 0;
		why = xasprintf("not a manager: this node is a swarm worker (NodeAddr %s); audit a "
				"manager to check the swarm's settings",
				si->node_addr[0] ? si->node_addr : "unknown");
	} else {
		*ret = si;
		return 1;
	}
	if (!why)
		return -ENOMEM;
	*ret_why = why;
	return r;
}
