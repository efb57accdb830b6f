/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "endpoint.h"
#include "json.h"
#include "sha256.h"
#include "strutil.h"

#define DEFAULT_UNIX_SOCKET "/var/run/docker.sock"
#define DEFAULT_TCP_HOST "localhost"
#define DEFAULT_TCP_PORT "2375"
#define DEFAULT_TLS_HOST "tcp://localhost:2376"
#define CONFIG_MAX (4u * 1024 * 1024) /* config.json can hold many auths; cap it anyway */
#define META_MAX (1u * 1024 * 1024)

const char *endpoint_source_name(enum endpoint_source s)
{
	switch (s) {
	case ENDPOINT_SRC_FLAG_CONTEXT:
		return "--context";
	case ENDPOINT_SRC_FLAG_HOST:
		return "-H";
	case ENDPOINT_SRC_ENV_HOST:
		return "DOCKER_HOST";
	case ENDPOINT_SRC_ENV_CONTEXT:
		return "DOCKER_CONTEXT";
	case ENDPOINT_SRC_CONFIG_CONTEXT:
		return "currentContext";
	case ENDPOINT_SRC_DEFAULT:
		return "default";
	}
	return "unknown";
}

struct endpoint *endpoint_free(struct endpoint *e)
{
	if (!e)
		return NULL;
	free(e->host);
	free(e->context);
	free(e->origin);
	free(e->tls_ca);
	free(e->tls_cert);
	free(e->tls_key);
	free(e->warning);
	free(e);
	return NULL;
}

_printf_(2, 3) static int refuse(char **ret_error, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return -ENOMEM;
	/* an endpoint may carry credentials (tcp://user:pass@host): never echoed */
	*ret_error = str_mask_urls(msg);
	free(msg);
	return *ret_error ? -EINVAL : -ENOMEM;
}

/* The value of NAME in env, NULL when unset. The docker CLI treats "" as unset everywhere we
 * look (os.Getenv(x) != ""), so an empty value comes back as NULL too. */
static const char *env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);
	for (char *const *e = env; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return (*e)[n + 1] ? *e + n + 1 : NULL;
	return NULL;
}

/* config.Dir(): $DOCKER_CONFIG, else $HOME/.docker (the passwd entry when HOME is unset). */
static char *cli_config_dir(char *const *env)
{
	const char *d = env_get(env, "DOCKER_CONFIG");
	if (d)
		return xstrdup(d);
	const char *home = env_get(env, "HOME");
	if (!home) {
		struct passwd *pw = getpwuid(geteuid());
		home = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return xasprintf("%s/.docker", home);
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static char *trim(const char *s)
{
	s = skip_space(s);
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/*
 * opts.ParseHost of the docker CLI: "" is the default; "host:port" without a scheme is tcp;
 * tcp:// fills in localhost and 2375; unix:// fills in the default socket. ssh://, fd:// and
 * npipe:// are valid for the docker CLI but not something docker-audit can use.
 */
static int parse_host(bool default_tls, const char *val, const char *shown_as, char **ret,
		      char **ret_error)
{
	_cleanup_free_ char *host = trim(val);
	if (!host)
		return -ENOMEM;
	/* what messages show: user info (tcp://user:pass@host) is never printed */
	_cleanup_free_ char *shown = str_mask_userinfo(host);
	if (!shown)
		return -ENOMEM;
	if (!*host) {
		*ret = xstrdup(default_tls ? DEFAULT_TLS_HOST : "unix://" DEFAULT_UNIX_SOCKET);
		return *ret ? 0 : -ENOMEM;
	}
	const char *sep = strstr(host, "://");
	_cleanup_free_ char *proto = sep ? xstrndup(host, (size_t)(sep - host)) : xstrdup("tcp");
	const char *addr = sep ? sep + 3 : host;
	if (!proto)
		return -ENOMEM;
	if (strcmp(proto, "ssh") == 0)
		return refuse(ret_error,
			      "%s is '%s': docker-audit does not run ssh (it never runs other "
			      "programs); run it on that host, or give a tcp:// endpoint with TLS",
			      shown_as, shown);
	if (strcmp(proto, "fd") == 0 || strcmp(proto, "npipe") == 0)
		return refuse(ret_error, "%s is '%s': docker-audit speaks unix:// and tcp:// only",
			      shown_as, shown);
	if (strcmp(proto, "unix") == 0) {
		if (strstr(addr, "://"))
			return refuse(ret_error, "%s is '%s': invalid proto, expected unix",
				      shown_as, shown);
		*ret = xasprintf("unix://%s", *addr ? addr : DEFAULT_UNIX_SOCKET);
		return *ret ? 0 : -ENOMEM;
	}
	if (strcmp(proto, "tcp") != 0)
		return refuse(ret_error, "%s is '%s': invalid bind address format", shown_as,
			      shown);
	if (!*addr) {
		*ret = xstrdup("tcp://" DEFAULT_TCP_HOST ":" DEFAULT_TCP_PORT);
		return *ret ? 0 : -ENOMEM;
	}
	if (strstr(addr, "://"))
		return refuse(ret_error, "%s is '%s': invalid proto, expected tcp", shown_as,
			      shown);
	/* host part, port, and an optional path (kept: the client then rejects what it cannot use)
	 */
	const char *path =
	    strchr(addr[0] == '[' ? (strchr(addr, ']') ? strchr(addr, ']') : addr) : addr, '/');
	size_t hp_len = path ? (size_t)(path - addr) : strlen(addr);
	_cleanup_free_ char *hp = xstrndup(addr, hp_len);
	if (!hp)
		return -ENOMEM;
	const char *h = hp, *port = NULL;
	size_t hlen;
	if (hp[0] == '[') {
		char *close = strchr(hp, ']');
		if (!close)
			return refuse(ret_error, "%s is '%s': invalid bind address format",
				      shown_as, shown);
		hlen = (size_t)(close - hp) + 1;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			return refuse(ret_error, "%s is '%s': invalid bind address format",
				      shown_as, shown);
	} else {
		char *colon = strchr(hp, ':');
		if (colon && strchr(colon + 1, ':'))
			return refuse(ret_error, "%s is '%s': invalid bind address format",
				      shown_as, shown);
		hlen = colon ? (size_t)(colon - hp) : strlen(hp);
		port = colon ? colon + 1 : NULL;
	}
	if (port && *port) {
		uint64_t p;
		if (parse_uint64(port, &p) < 0 || p > 65535)
			return refuse(ret_error, "%s is '%s': invalid bind address format",
				      shown_as, shown);
	}
	*ret = xasprintf("tcp://%.*s:%s%s", hlen ? (int)hlen : (int)strlen(DEFAULT_TCP_HOST),
			 hlen ? h : DEFAULT_TCP_HOST, port && *port ? port : DEFAULT_TCP_PORT,
			 path ? path : "");
	return *ret ? 0 : -ENOMEM;
}

/* The file must be readable, as the docker CLI reads it (os.ReadFile) while resolving. */
static int tls_file(const char *path, const char *what, char **ret, char **ret_error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return refuse(ret_error, "cannot read TLS %s '%s': %s", what, path,
			      strerror(errno));
	close(fd);
	*ret = xstrdup(path);
	return *ret ? 0 : -ENOMEM;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* resolveDefaultDockerEndpoint: -H or DOCKER_HOST, TLS from flags and environment. */
static int resolve_default(const struct endpoint_request *req, struct endpoint *e, char **ret_error)
{
	const char *tls_env = env_get(req->env, "DOCKER_TLS");
	const char *verify_env = env_get(req->env, "DOCKER_TLS_VERIFY");
	bool verify = req->tls_verify >= 0 ? req->tls_verify == 1 : verify_env != NULL;
	bool tls = req->tls >= 0 ? req->tls == 1 : tls_env != NULL;
	if (req->tls_verify >= 0 || verify)
		tls = true;
	int r;
	if (tls) {
		const char *cert_path = env_get(req->env, "DOCKER_CERT_PATH");
		_cleanup_free_ char *dir =
		    cert_path ? xstrdup(cert_path) : cli_config_dir(req->env);
		_cleanup_free_ char *ca = dir ? xasprintf("%s/ca.pem", dir) : NULL;
		_cleanup_free_ char *cert = dir ? xasprintf("%s/cert.pem", dir) : NULL;
		_cleanup_free_ char *key = dir ? xasprintf("%s/key.pem", dir) : NULL;
		if (!ca || !cert || !key)
			return -ENOMEM;
		e->tls = true;
		e->tls_verify = verify;
		/* the CA file is always read; cert and key only when given or present */
		if ((r = tls_file(req->tls_ca ? req->tls_ca : ca, "CA certificate", &e->tls_ca,
				  ret_error)) < 0)
			return r;
		if (req->tls_cert || file_exists(cert))
			if ((r = tls_file(req->tls_cert ? req->tls_cert : cert, "certificate",
					  &e->tls_cert, ret_error)) < 0)
				return r;
		if (req->tls_key || file_exists(key))
			if ((r = tls_file(req->tls_key ? req->tls_key : key, "key", &e->tls_key,
					  ret_error)) < 0)
				return r;
	}
	const char *val = req->host ? req->host : env_get(req->env, "DOCKER_HOST");
	const char *shown = req->host ? "-H" : "DOCKER_HOST";
	return parse_host(tls, val ? val : "", shown, &e->host, ret_error);
}

/* resolveDockerEndpoint for a named context of the store in dir/contexts. */
static int resolve_context(const char *dir, const char *name, struct endpoint *e, char **ret_error)
{
	char digest[65];
	sha256_hex(name, strlen(name), digest);
	_cleanup_free_ char *meta_path = xasprintf("%s/contexts/meta/%s/meta.json", dir, digest);
	_cleanup_free_ char *tls_dir = xasprintf("%s/contexts/tls/%s/docker", dir, digest);
	if (!meta_path || !tls_dir)
		return -ENOMEM;
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = read_file_capped(meta_path, META_MAX, &text, &len);
	if (r == -ENOENT)
		return refuse(ret_error,
			      "context '%s' not found (no '%s'); 'docker context ls' shows "
			      "the contexts",
			      name, meta_path);
	if (r < 0)
		return refuse(ret_error, "cannot read context '%s' ('%s'): %s", name, meta_path,
			      strerror(-r));
	cJSON *meta = json_parse(text, len);
	if (!meta || !cJSON_IsObject(meta)) {
		cJSON_Delete(meta);
		return refuse(ret_error, "cannot parse context '%s' ('%s'): not a JSON object",
			      name, meta_path);
	}
	/* Go's encoding/json matches struct fields case-insensitively; map keys exactly */
	const cJSON *eps = cJSON_GetObjectItem(meta, "Endpoints");
	const cJSON *ep =
	    cJSON_IsObject(eps) ? cJSON_GetObjectItemCaseSensitive(eps, "docker") : NULL;
	if (!cJSON_IsObject(ep)) {
		cJSON_Delete(meta);
		return refuse(ret_error, "context '%s' has no docker endpoint ('%s')", name,
			      meta_path);
	}
	const cJSON *host = cJSON_GetObjectItem(ep, "Host");
	const cJSON *skip = cJSON_GetObjectItem(ep, "SkipTLSVerify");
	if ((host && !cJSON_IsString(host) && !cJSON_IsNull(host)) ||
	    (skip && !cJSON_IsBool(skip) && !cJSON_IsNull(skip))) {
		cJSON_Delete(meta);
		return refuse(ret_error,
			      "cannot parse context '%s' ('%s'): Host or SkipTLSVerify "
			      "of the wrong type",
			      name, meta_path);
	}
	_cleanup_free_ char *hostval =
	    cJSON_IsString(host) ? xstrdup(host->valuestring) : xstrdup("");
	bool skip_verify = cJSON_IsTrue(skip);
	cJSON_Delete(meta);
	if (!hostval)
		return -ENOMEM;

	/* TLS is on when the store holds a TLS directory for the docker endpoint, or when the
	 * context skips verification (docker/cli cli/context/docker/load.go tlsConfig). */
	struct stat st;
	if ((stat(tls_dir, &st) == 0 && S_ISDIR(st.st_mode)) || skip_verify) {
		e->tls = true;
		e->tls_verify = !skip_verify;
		static const char *const files[] = {"ca.pem", "cert.pem", "key.pem"};
		char **slots[] = {&e->tls_ca, &e->tls_cert, &e->tls_key};
		for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
			_cleanup_free_ char *p = xasprintf("%s/%s", tls_dir, files[i]);
			if (!p)
				return -ENOMEM;
			if (file_exists(p) && (r = tls_file(p, files[i], slots[i], ret_error)) < 0)
				return r;
		}
		/* a client certificate needs its key, and the other way round */
		if (!e->tls_cert || !e->tls_key) {
			free(e->tls_cert);
			free(e->tls_key);
			e->tls_cert = e->tls_key = NULL;
		}
	}
	_cleanup_free_ char *shown = xasprintf("the host of context '%s'", name);
	if (!shown)
		return -ENOMEM;
	/* A context without a host: the client library's default socket, as for the docker CLI */
	return parse_host(false, hostval, shown, &e->host, ret_error);
}

/* The currentContext of DIR/config.json; NULL when none. A file the docker CLI could not
 * parse is ignored with a warning, as the docker CLI does. */
static int config_current_context(const char *dir, char **ret, char **ret_warning)
{
	_cleanup_free_ char *path = xasprintf("%s/config.json", dir);
	if (!path)
		return -ENOMEM;
	_cleanup_free_ char *text = NULL;
	size_t len;
	*ret = NULL;
	int r = read_file_capped(path, CONFIG_MAX, &text, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0) {
		*ret_warning = xasprintf("cannot read '%s': %s; no current context from it", path,
					 strerror(-r));
		return 0;
	}
	cJSON *cfg = json_parse(text, len);
	const cJSON *cur = cJSON_IsObject(cfg) ? cJSON_GetObjectItem(cfg, "currentContext") : NULL;
	if (!cJSON_IsObject(cfg) || (cur && !cJSON_IsString(cur) && !cJSON_IsNull(cur))) {
		cJSON_Delete(cfg);
		*ret_warning = xasprintf("cannot parse '%s'; the docker CLI ignores it too (no "
					 "current context from it)",
					 path);
		return 0;
	}
	bool named = cJSON_IsString(cur) && cur->valuestring[0];
	if (named)
		*ret = xstrdup(cur->valuestring);
	cJSON_Delete(cfg);
	return named && !*ret ? -ENOMEM : 0;
}

int endpoint_resolve(const struct endpoint_request *req, struct endpoint **ret, char **ret_error)
{
	*ret_error = NULL;
	if (req->context && *req->context && req->host)
		return refuse(ret_error, "conflicting options: cannot specify both --host and "
					 "--context");
	struct endpoint *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	_cleanup_free_ char *dir = !req->config_dir	       ? cli_config_dir(req->env)
				   : req->config_dir[0] == '/' ? path_normalize(req->config_dir)
							       : xstrdup(req->config_dir);
	_cleanup_free_ char *cfg_ctx = NULL;
	_cleanup_free_ char *cfg_path = dir ? xasprintf("%s/config.json", dir) : NULL;
	const char *name = NULL;
	int r = -ENOMEM;
	if (!dir || !cfg_path)
		goto fail;

	/* resolveContextName, in its order */
	if (req->context && *req->context) {
		name = req->context;
		e->source = ENDPOINT_SRC_FLAG_CONTEXT;
	} else if (req->host) {
		e->source = ENDPOINT_SRC_FLAG_HOST;
	} else if (env_get(req->env, "DOCKER_HOST")) {
		e->source = ENDPOINT_SRC_ENV_HOST;
	} else if ((name = env_get(req->env, "DOCKER_CONTEXT"))) {
		e->source = ENDPOINT_SRC_ENV_CONTEXT;
	} else {
		if ((r = config_current_context(dir, &cfg_ctx, &e->warning)) < 0)
			goto fail;
		name = cfg_ctx;
		e->source = name ? ENDPOINT_SRC_CONFIG_CONTEXT : ENDPOINT_SRC_DEFAULT;
	}
	e->context = xstrdup(name ? name : "default");
	if (!e->context)
		goto fail;

	if (!name || strcmp(name, "default") == 0)
		r = resolve_default(req, e, ret_error);
	else
		r = resolve_context(dir, name, e, ret_error);
	if (r < 0)
		goto fail;

	switch (e->source) {
	case ENDPOINT_SRC_FLAG_CONTEXT:
		e->origin = xasprintf("context '%s' (--context)", e->context);
		break;
	case ENDPOINT_SRC_FLAG_HOST:
		e->origin = xstrdup("-H");
		break;
	case ENDPOINT_SRC_ENV_HOST:
		e->origin = xstrdup("DOCKER_HOST");
		break;
	case ENDPOINT_SRC_ENV_CONTEXT:
		e->origin = xasprintf("context '%s' (DOCKER_CONTEXT)", e->context);
		break;
	case ENDPOINT_SRC_CONFIG_CONTEXT:
		e->origin = xasprintf("context '%s' (currentContext of %s)", e->context, cfg_path);
		break;
	case ENDPOINT_SRC_DEFAULT:
		e->origin = xstrdup("default: no -H, --context, DOCKER_HOST, DOCKER_CONTEXT or "
				    "current context");
		break;
	}
	if (!e->origin) {
		r = -ENOMEM;
		goto fail;
	}
	*ret = e;
	return 0;
fail:
	endpoint_free(e);
	return r;
}
