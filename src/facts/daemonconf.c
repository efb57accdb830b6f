/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The effective configuration of the dockerd that serves the audited endpoint: the Engine
 * API's view, that dockerd's command line (found in /proc by the sockets it serves), its
 * config file, and Docker's defaults, merged in that order of authority.
 *
 * dockerd refuses to start when a setting is given both as a flag and in the config file, so
 * the union of the two is its configuration; the API, where it exposes a setting, tells what is
 * in force now (the file may have been edited since the daemon started).
 */
#include "common.h"
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include "context.h"
#include "facts/daemonconf.h"
#include "docker.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define DC_FILE_MAX (1024u * 1024)    /* daemon.json */
#define DC_PROC_MAX (256u * 1024)     /* /proc/PID/cmdline, environ */
#define DC_SMALL_MAX (64u * 1024)     /* /proc/PID/status, /etc/passwd lines, units */
#define DC_PASSWD_MAX (4u * 1024 * 1024)
#define DC_MAX_DOCKERD 64             /* dockerd processes considered */

#define DEFAULT_SOCKET "/var/run/docker.sock"
#define DEFAULT_CONFIG "/etc/docker/daemon.json"
#define SNAP_CONFIG "/var/snap/docker/current/config/daemon.json"

enum {
	SRC_N = DAEMONCONF_API + 1,
};

/* Which API answer a key's effective value comes from. */
enum api_ep {
	EP_NONE,
	EP_INFO,    /* GET /info */
	EP_BRIDGE,  /* GET /networks/bridge */
	_EP_MAX,
};

struct dc_source {
	cJSON *values;  /* object: key -> value */
	cJSON *origins; /* object: key -> origin text */
	char *error;    /* NULL when the source was read */
};

struct daemonconf {
	struct dc_source src[SRC_N];
	/* Per API answer: why it could not be read (NULL when it was). */
	char *api_error[_EP_MAX];
	/* The API knows a setting is on but not its value (userns): used only when neither the
	 * command line nor the file says more. */
	struct dc_source api_partial;
	char *file;      /* the config file read, host path */
	long pid;
	char **listeners;
	int listeners_error; /* 0 or -EIO */
	char *listeners_why; /* why they are unknown although "hosts" is known */
	char *endpoint;
};

/* ---- small helpers ---- */

static int src_init(struct dc_source *s)
{
	s->values = cJSON_CreateObject();
	s->origins = cJSON_CreateObject();
	return s->values && s->origins ? 0 : -ENOMEM;
}

static void src_release(struct dc_source *s)
{
	cJSON_Delete(s->values);
	cJSON_Delete(s->origins);
	free(s->error);
	*s = (struct dc_source){0};
}

/* Set key (replacing an earlier value: the last flag wins, as in dockerd). Takes value. */
static int src_set(struct dc_source *s, const char *key, cJSON *value, const char *origin)
{
	if (!value)
		return -ENOMEM;
	cJSON_DeleteItemFromObjectCaseSensitive(s->values, key);
	cJSON_DeleteItemFromObjectCaseSensitive(s->origins, key);
	if (!cJSON_AddItemToObject(s->values, key, value)) {
		cJSON_Delete(value);
		return -ENOMEM;
	}
	return cJSON_AddStringToObject(s->origins, key, origin ? origin : "") ? 0 : -ENOMEM;
}

/* Keys are looked up as they are: json_get's dotted paths would split "a.b". */
static const char *obj_string(const cJSON *obj, const char *key)
{
	const cJSON *o = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

static const char *src_origin(const struct dc_source *s, const char *key)
{
	const char *o = obj_string(s->origins, key);
	return o ? o : "";
}

static const cJSON *src_get(const struct dc_source *s, const char *key)
{
	return s->values ? cJSON_GetObjectItemCaseSensitive(s->values, key) : NULL;
}

static __attribute__((format(printf, 2, 3))) void src_fail(struct dc_source *s, const char *fmt,
							    ...)
{
	if (s->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = NULL;
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	s->error = m ? m : xstrdup("out of memory");
}

/* Go's strconv.ParseBool, which is what dockerd's flags accept. */
static int parse_go_bool(const char *s, bool *ret)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(s, t[i]) == 0) {
			*ret = true;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (strcmp(s, f[i]) == 0) {
			*ret = false;
			return 0;
		}
	return -EINVAL;
}

/* NUL-separated strings (cmdline, environ) into a NULL-terminated vector. */
static char **split_nul(const char *data, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	if (len > 0 && data[len - 1] != '\0')
		n++;
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < len && k < n;) {
		size_t l = strnlen(data + i, len - i);
		v[k] = xstrndup(data + i, l);
		if (!v[k]) {
			strv_free(v);
			return NULL;
		}
		k++;
		i += l + 1;
	}
	return v;
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Settings whose values may carry credentials (proxy URLs). */
static bool key_has_credentials(const char *key)
{
	return strcmp(key, "http-proxy") == 0 || strcmp(key, "https-proxy") == 0 ||
	       strcmp(key, "proxies") == 0;
}

/* "http://user:pass@host" -> "http://xxxxx:xxxxx@host", as dockerd masks them in /info. */
static char *mask_credentials(const char *s)
{
	const char *scheme = strstr(s, "://");
	const char *start = scheme ? scheme + 3 : s;
	const char *at = strchr(start, '@');
	if (!at || memchr(start, '/', (size_t)(at - start)))
		return xstrdup(s);
	return xasprintf("%.*sxxxxx:xxxxx%s", (int)(start - s), s, at);
}

/* Mask every string inside v (objects such as "proxies" included). */
static int mask_json(cJSON *v)
{
	if (cJSON_IsString(v) && v->valuestring) {
		_cleanup_free_ char *m = mask_credentials(v->valuestring);
		if (!m || !cJSON_SetValuestring(v, m))
			return -ENOMEM;
		return 0;
	}
	cJSON *e;
	cJSON_ArrayForEach(e, v)
	{
		int r = mask_json(e);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- the Docker defaults (documented in one table) ---- */

/*
 * Docker's built-in defaults (dockerd 20.10 - 27, cmd/dockerd/config*.go and
 * daemon/config): what applies when neither the command line nor the config file sets a key.
 * "hosts", "data-root", "exec-root", "rootless" and the TLS file paths depend on the process
 * (rootless mode, its environment) and are computed in defaults_load.
 */
static const struct {
	const char *key;
	const char *json;
} static_defaults[] = {
	{"authorization-plugins", "[]"},  /* no authorization plugin */
	{"bridge", "\"\""},               /* "": create and use docker0 */
	{"cgroup-parent", "\"\""},        /* "": /docker (cgroupfs) or system.slice (systemd) */
	{"debug", "false"},
	{"default-runtime", "\"runc\""},
	{"default-ulimits", "{}"},        /* containers inherit dockerd's own limits */
	{"experimental", "false"},
	{"group", "\"docker\""},          /* owner group of the unix socket */
	{"icc", "true"},                  /* containers on the default bridge talk freely */
	{"init", "false"},
	{"insecure-registries", "[]"},    /* 127.0.0.0/8 is always insecure, built in */
	{"ip", "\"0.0.0.0\""},            /* published ports bind every address */
	{"ip-forward", "true"},
	{"ip-masq", "true"},
	{"ip6tables", "false"},
	{"iptables", "true"},
	{"ipv6", "false"},
	{"labels", "[]"},
	{"live-restore", "false"},
	{"log-driver", "\"json-file\""},
	{"log-level", "\"info\""},
	{"log-opts", "{}"},
	{"max-concurrent-downloads", "3"},
	{"max-concurrent-uploads", "5"},
	{"no-new-privileges", "false"},
	{"raw-logs", "false"},
	{"registry-mirrors", "[]"},
	{"seccomp-profile", "\"\""},      /* "": the built-in default profile */
	{"selinux-enabled", "false"},
	{"shutdown-timeout", "15"},
	{"storage-opts", "[]"},
	{"tls", "false"},
	{"tlsverify", "false"},           /* true when DOCKER_TLS_VERIFY is in dockerd's env */
	{"userland-proxy", "true"},
	{"userns-remap", "\"\""},         /* no remapping */
	/* no default for storage-driver: dockerd picks one at start (overlay2 usually) */
};

/* ---- the Engine API's view ---- */

/* A network option: its name has dots, so json_get's paths cannot reach it. */
static const char *bridge_option(const cJSON *bridge, const char *opt)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(json_get_object(bridge, "Options"), opt);
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

struct api_in {
	const cJSON *info;   /* NULL when /info failed */
	const cJSON *bridge; /* NULL when there is no default bridge or it failed */
	bool no_bridge;      /* GET /networks/bridge said 404 */
	struct audit_ctx *ctx;
};

/* Result of an API resolver: the API decides, or says nothing, or knows it is on but not how. */
enum api_verdict {
	API_DEFER,
	API_DECIDES,
	API_PARTIAL,
};

typedef int (*api_fn)(const struct api_in *in, cJSON **ret, char **ret_origin);

static bool security_option(const cJSON *info, const char *name, const char **ret_rest)
{
	const cJSON *o;
	size_t n = strlen(name);
	cJSON_ArrayForEach(o, json_get_array(info, "SecurityOptions"))
	{
		if (!cJSON_IsString(o) || !o->valuestring)
			continue;
		const char *s = o->valuestring;
		if (strncmp(s, "name=", 5) == 0 && strncmp(s + 5, name, n) == 0 &&
		    (s[5 + n] == '\0' || s[5 + n] == ',')) {
			if (ret_rest)
				*ret_rest = s[5 + n] ? s + 5 + n + 1 : "";
			return true;
		}
	}
	return false;
}

static bool has_security_options(const cJSON *info)
{
	return json_get_array(info, "SecurityOptions") != NULL ||
	       cJSON_IsNull(json_get(info, "SecurityOptions"));
}

static int api_bool_field(const cJSON *info, const char *field, cJSON **ret, char **ret_origin)
{
	bool b;
	if (json_get_bool(info, field, &b) < 0)
		return API_DEFER;
	*ret = cJSON_CreateBool(b);
	*ret_origin = xasprintf("GET /info %s", field);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_string_field(const cJSON *info, const char *field, cJSON **ret, char **ret_origin)
{
	const char *s = json_get_string(info, field);
	if (!s || !*s)
		return API_DEFER;
	*ret = cJSON_CreateString(s);
	*ret_origin = xasprintf("GET /info %s", field);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_live_restore(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_bool_field(in->info, "LiveRestoreEnabled", ret, ret_origin);
}

static int api_debug(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_bool_field(in->info, "Debug", ret, ret_origin);
}

static int api_log_driver(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_string_field(in->info, "LoggingDriver", ret, ret_origin);
}

static int api_storage_driver(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_string_field(in->info, "Driver", ret, ret_origin);
}

static int api_experimental(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	int r = api_bool_field(in->info, "ExperimentalBuild", ret, ret_origin);
	if (r != API_DEFER)
		return r;
	/* older or trimmed answers: /version says "Experimental": true only when it is */
	const cJSON *v;
	if (ctx_docker_version(in->ctx, &v, NULL) < 0)
		return API_DEFER;
	bool b = false;
	if (json_get_bool(v, "Experimental", &b) == -EINVAL)
		return API_DEFER;
	*ret = cJSON_CreateBool(b);
	*ret_origin = xstrdup("GET /version Experimental");
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_authz(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	const cJSON *plugins = json_get_object(in->info, "Plugins");
	if (!plugins)
		return API_DEFER;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(plugins, "Authorization");
	if (a && !cJSON_IsArray(a) && !cJSON_IsNull(a))
		return API_DEFER;
	*ret = a && cJSON_IsArray(a) ? cJSON_Duplicate(a, true) : cJSON_CreateArray();
	*ret_origin = xstrdup("GET /info Plugins.Authorization");
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

/* The effective insecure registries: every CIDR (the built-in loopback ones included) and every
 * index the daemon will talk to without TLS verification. */
static int api_insecure(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	const cJSON *rc = json_get_object(in->info, "RegistryConfig");
	if (!rc)
		return API_DEFER;
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return -ENOMEM;
	const cJSON *e;
	cJSON_ArrayForEach(e, json_get_array(rc, "InsecureRegistryCIDRs"))
	{
		if (cJSON_IsString(e) && e->valuestring)
			cJSON_AddItemToArray(arr, cJSON_CreateString(e->valuestring));
	}
	cJSON_ArrayForEach(e, json_get_object(rc, "IndexConfigs"))
	{
		bool secure = true;
		if (e->string && json_get_bool(e, "Secure", &secure) == 0 && !secure)
			cJSON_AddItemToArray(arr, cJSON_CreateString(e->string));
	}
	*ret = arr;
	*ret_origin = xstrdup("GET /info RegistryConfig");
	return *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_security_bool(const struct api_in *in, const char *name, cJSON **ret,
			     char **ret_origin, bool absent_decides)
{
	if (!has_security_options(in->info))
		return API_DEFER;
	bool on = security_option(in->info, name, NULL);
	if (!on && !absent_decides)
		return API_DEFER;
	*ret = cJSON_CreateBool(on);
	*ret_origin = on ? xasprintf("GET /info SecurityOptions name=%s", name)
			 : xasprintf("GET /info SecurityOptions (no name=%s)", name);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_rootless(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_security_bool(in, "rootless", ret, ret_origin, true);
}

static int api_selinux(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_security_bool(in, "selinux", ret, ret_origin, true);
}

/* Engines list name=no-new-privileges only since moby 25-ish: its absence tells nothing on
 * older ones, so only its presence decides. */
static int api_nnp(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_security_bool(in, "no-new-privileges", ret, ret_origin, false);
}

static int api_userns(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	if (!has_security_options(in->info))
		return API_DEFER;
	if (security_option(in->info, "userns", NULL)) {
		/* on, but the API does not say with which user */
		*ret = cJSON_CreateBool(true);
		*ret_origin = xstrdup("GET /info SecurityOptions name=userns");
		return *ret && *ret_origin ? API_PARTIAL : -ENOMEM;
	}
	*ret = cJSON_CreateString("");
	*ret_origin = xstrdup("GET /info SecurityOptions (no name=userns)");
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

/* name=seccomp,profile=<default|builtin|unconfined|path>; no name=seccomp at all means the
 * daemon applies none (kernel or build without seccomp), which is as good as unconfined. */
static int api_seccomp(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	if (!has_security_options(in->info))
		return API_DEFER;
	const char *rest = NULL;
	if (!security_option(in->info, "seccomp", &rest)) {
		*ret = cJSON_CreateString("unconfined");
		*ret_origin = xstrdup("GET /info SecurityOptions (no name=seccomp: the daemon "
				      "applies no seccomp profile)");
		return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
	}
	const char *p = strstr(rest, "profile=");
	if (!p)
		return API_DEFER;
	*ret = cJSON_CreateString(p + strlen("profile="));
	*ret_origin = xasprintf("GET /info SecurityOptions name=seccomp,%s", rest);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_bridge_bool_option(const struct api_in *in, const char *opt, cJSON **ret,
				  char **ret_origin)
{
	const char *s = bridge_option(in->bridge, opt);
	bool b;
	if (!s || parse_go_bool(s, &b) < 0)
		return API_DEFER;
	*ret = cJSON_CreateBool(b);
	*ret_origin = xasprintf("GET /networks/bridge Options[%s]", opt);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_icc(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_bridge_bool_option(in, "com.docker.network.bridge.enable_icc", ret, ret_origin);
}

static int api_ip_masq(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	return api_bridge_bool_option(in, "com.docker.network.bridge.enable_ip_masquerade", ret,
				      ret_origin);
}

static int api_ip(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	const char *opt = "com.docker.network.bridge.host_binding_ipv4";
	const char *s = bridge_option(in->bridge, opt);
	if (!s)
		return API_DEFER;
	*ret = cJSON_CreateString(s);
	*ret_origin = xasprintf("GET /networks/bridge Options[%s]", opt);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_bridge(const struct api_in *in, cJSON **ret, char **ret_origin)
{
	if (in->no_bridge) {
		*ret = cJSON_CreateString("none");
		*ret_origin = xstrdup("GET /networks/bridge: 404, there is no default bridge network");
		return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
	}
	const char *opt = "com.docker.network.bridge.name";
	const char *s = bridge_option(in->bridge, opt);
	if (!s)
		return API_DEFER;
	*ret = cJSON_CreateString(s);
	*ret_origin = xasprintf("GET /networks/bridge Options[%s]", opt);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

/* Keys whose effective value the API reports, and from which answer. */
static const struct {
	const char *key;
	enum api_ep ep;
	api_fn fn;
} api_keys[] = {
	{"authorization-plugins", EP_INFO, api_authz},
	{"bridge", EP_BRIDGE, api_bridge},
	{"debug", EP_INFO, api_debug},
	{"experimental", EP_INFO, api_experimental},
	{"icc", EP_BRIDGE, api_icc},
	{"insecure-registries", EP_INFO, api_insecure},
	{"ip", EP_BRIDGE, api_ip},
	{"ip-masq", EP_BRIDGE, api_ip_masq},
	{"live-restore", EP_INFO, api_live_restore},
	{"log-driver", EP_INFO, api_log_driver},
	{"no-new-privileges", EP_INFO, api_nnp},
	{"rootless", EP_INFO, api_rootless},
	{"seccomp-profile", EP_INFO, api_seccomp},
	{"selinux-enabled", EP_INFO, api_selinux},
	{"storage-driver", EP_INFO, api_storage_driver},
	{"userns-remap", EP_INFO, api_userns},
};

static enum api_ep api_ep_of(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(api_keys); i++)
		if (strcmp(api_keys[i].key, key) == 0)
			return api_keys[i].ep;
	return EP_NONE;
}

static int api_load(struct audit_ctx *ctx, struct daemonconf *dc)
{
	struct api_in in = {.ctx = ctx};
	const char *err = NULL;
	cJSON *bridge = NULL;
	int r;

	if (ctx_docker_info(ctx, &in.info, &err) < 0) {
		in.info = NULL;
		dc->api_error[EP_INFO] = xasprintf("cannot read GET /info: %s",
						   err ? err : "unknown error");
		if (!dc->api_error[EP_INFO])
			return -ENOMEM;
	}
	char *berr = NULL;
	r = ctx_api_get(ctx, "/networks/bridge", &bridge, &berr);
	if (r == -ENOENT) {
		in.no_bridge = true;
	} else if (r < 0) {
		dc->api_error[EP_BRIDGE] = xasprintf("cannot read GET /networks/bridge: %s",
						     berr ? berr : strerror(-r));
		if (!dc->api_error[EP_BRIDGE]) {
			free(berr);
			return -ENOMEM;
		}
	} else if (cJSON_IsObject(bridge)) {
		in.bridge = bridge;
	} else {
		dc->api_error[EP_BRIDGE] = xstrdup("unexpected JSON from GET /networks/bridge");
	}
	free(berr);

	r = 0;
	for (size_t i = 0; i < ARRAY_SIZE(api_keys) && r >= 0; i++) {
		if (dc->api_error[api_keys[i].ep])
			continue;
		if (api_keys[i].ep == EP_INFO && !in.info)
			continue;
		cJSON *v = NULL;
		_cleanup_free_ char *origin = NULL;
		int k = api_keys[i].fn(&in, &v, &origin);
		if (k < 0) {
			cJSON_Delete(v);
			r = k;
		} else if (k == API_DECIDES) {
			r = src_set(&dc->src[DAEMONCONF_API], api_keys[i].key, v, origin);
		} else if (k == API_PARTIAL) {
			r = src_set(&dc->api_partial, api_keys[i].key, v, origin);
		} else {
			cJSON_Delete(v);
		}
	}
	cJSON_Delete(bridge);
	for (int ep = EP_INFO; ep < _EP_MAX; ep++)
		if (dc->api_error[ep] && !dc->src[DAEMONCONF_API].error)
			dc->src[DAEMONCONF_API].error = xstrdup(dc->api_error[ep]);
	return r;
}

/* ---- dockerd's command line ---- */

enum flag_kind {
	F_BOOL,
	F_STRING,
	F_INT,
	F_LIST,   /* repeatable, into an array */
	F_MAP,    /* repeatable key=value, into an object */
	F_ULIMIT, /* repeatable name=soft[:hard], into default-ulimits */
	F_CONFIG, /* --config-file: where the file is, not a setting */
	F_IGNORE, /* --version, --help, --validate: no setting */
};

struct flag {
	const char *name;
	char shorthand;
	const char *key; /* daemon.json key */
	enum flag_kind kind;
};

/* dockerd's flags (20.10 - 27) and the daemon.json key each one sets. */
static const struct flag flags[] = {
	{"add-runtime", 0, "runtimes", F_MAP},
	{"allow-nondistributable-artifacts", 0, "allow-nondistributable-artifacts", F_LIST},
	{"api-cors-header", 0, "api-cors-header", F_STRING},
	{"authorization-plugin", 0, "authorization-plugins", F_LIST},
	{"bip", 0, "bip", F_STRING},
	{"bridge", 'b', "bridge", F_STRING},
	{"cdi-spec-dir", 0, "cdi-spec-dirs", F_LIST},
	{"cgroup-parent", 0, "cgroup-parent", F_STRING},
	{"cluster-advertise", 0, "cluster-advertise", F_STRING},
	{"cluster-store", 0, "cluster-store", F_STRING},
	{"cluster-store-opt", 0, "cluster-store-opts", F_MAP},
	{"config-file", 0, NULL, F_CONFIG},
	{"containerd", 0, "containerd", F_STRING},
	{"containerd-namespace", 0, "containerd-namespace", F_STRING},
	{"containerd-plugins-namespace", 0, "containerd-plugins-namespace", F_STRING},
	{"cpu-rt-period", 0, "cpu-rt-period", F_INT},
	{"cpu-rt-runtime", 0, "cpu-rt-runtime", F_INT},
	{"cri-containerd", 0, "cri-containerd", F_BOOL},
	{"data-root", 0, "data-root", F_STRING},
	{"debug", 'D', "debug", F_BOOL},
	{"default-address-pool", 0, "default-address-pools", F_LIST},
	{"default-cgroupns-mode", 0, "default-cgroupns-mode", F_STRING},
	{"default-gateway", 0, "default-gateway", F_STRING},
	{"default-gateway-v6", 0, "default-gateway-v6", F_STRING},
	{"default-ipc-mode", 0, "default-ipc-mode", F_STRING},
	{"default-network-opt", 0, "default-network-opts", F_LIST},
	{"default-runtime", 0, "default-runtime", F_STRING},
	{"default-shm-size", 0, "default-shm-size", F_STRING},
	{"default-ulimit", 0, "default-ulimits", F_ULIMIT},
	{"disable-legacy-registry", 0, "disable-legacy-registry", F_BOOL},
	{"dns", 0, "dns", F_LIST},
	{"dns-opt", 0, "dns-opts", F_LIST},
	{"dns-search", 0, "dns-search", F_LIST},
	{"exec-opt", 0, "exec-opts", F_LIST},
	{"exec-root", 0, "exec-root", F_STRING},
	{"experimental", 0, "experimental", F_BOOL},
	{"feature", 0, "features", F_MAP},
	{"firewall-backend", 0, "firewall-backend", F_STRING},
	{"fixed-cidr", 0, "fixed-cidr", F_STRING},
	{"fixed-cidr-v6", 0, "fixed-cidr-v6", F_STRING},
	{"graph", 'g', "data-root", F_STRING},
	{"group", 'G', "group", F_STRING},
	{"help", 'h', NULL, F_IGNORE},
	{"host", 'H', "hosts", F_LIST},
	{"host-gateway-ip", 0, "host-gateway-ip", F_STRING},
	{"http-proxy", 0, "http-proxy", F_STRING},
	{"https-proxy", 0, "https-proxy", F_STRING},
	{"icc", 0, "icc", F_BOOL},
	{"init", 0, "init", F_BOOL},
	{"init-path", 0, "init-path", F_STRING},
	{"insecure-registry", 0, "insecure-registries", F_LIST},
	{"ip", 0, "ip", F_STRING},
	{"ip-forward", 0, "ip-forward", F_BOOL},
	{"ip-forward-no-drop", 0, "ip-forward-no-drop", F_BOOL},
	{"ip-masq", 0, "ip-masq", F_BOOL},
	{"ip6tables", 0, "ip6tables", F_BOOL},
	{"iptables", 0, "iptables", F_BOOL},
	{"ipv6", 0, "ipv6", F_BOOL},
	{"label", 0, "labels", F_LIST},
	{"live-restore", 0, "live-restore", F_BOOL},
	{"log-driver", 0, "log-driver", F_STRING},
	{"log-format", 0, "log-format", F_STRING},
	{"log-level", 'l', "log-level", F_STRING},
	{"log-opt", 0, "log-opts", F_MAP},
	{"max-concurrent-downloads", 0, "max-concurrent-downloads", F_INT},
	{"max-concurrent-uploads", 0, "max-concurrent-uploads", F_INT},
	{"max-download-attempts", 0, "max-download-attempts", F_INT},
	{"metrics-addr", 0, "metrics-addr", F_STRING},
	{"mtu", 0, "mtu", F_INT},
	{"network-control-plane-mtu", 0, "network-control-plane-mtu", F_INT},
	{"no-new-privileges", 0, "no-new-privileges", F_BOOL},
	{"no-proxy", 0, "no-proxy", F_STRING},
	{"node-generic-resource", 0, "node-generic-resources", F_LIST},
	{"oom-score-adjust", 0, "oom-score-adjust", F_INT},
	{"pidfile", 'p', "pidfile", F_STRING},
	{"raw-logs", 0, "raw-logs", F_BOOL},
	{"registry-mirror", 0, "registry-mirrors", F_LIST},
	{"rootless", 0, "rootless", F_BOOL},
	{"seccomp-profile", 0, "seccomp-profile", F_STRING},
	{"selinux-enabled", 0, "selinux-enabled", F_BOOL},
	{"shutdown-timeout", 0, "shutdown-timeout", F_INT},
	{"storage-driver", 's', "storage-driver", F_STRING},
	{"storage-opt", 0, "storage-opts", F_LIST},
	{"swarm-default-advertise-addr", 0, "swarm-default-advertise-addr", F_STRING},
	{"tls", 0, "tls", F_BOOL},
	{"tlscacert", 0, "tlscacert", F_STRING},
	{"tlscert", 0, "tlscert", F_STRING},
	{"tlskey", 0, "tlskey", F_STRING},
	{"tlsverify", 0, "tlsverify", F_BOOL},
	{"userland-proxy", 0, "userland-proxy", F_BOOL},
	{"userland-proxy-path", 0, "userland-proxy-path", F_STRING},
	{"userns-remap", 0, "userns-remap", F_STRING},
	{"validate", 0, NULL, F_IGNORE},
	{"version", 'v', NULL, F_IGNORE},
};

static const struct flag *flag_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0)
			return &flags[i];
	return NULL;
}

static const struct flag *flag_by_short(char c)
{
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (flags[i].shorthand == c)
			return &flags[i];
	return NULL;
}

/* What one dockerd command line says. */
struct argv_conf {
	struct dc_source src;
	char *config_file; /* the last --config-file, as given */
	char *config_origin;
};

static void argv_conf_release(struct argv_conf *a)
{
	src_release(&a->src);
	free(a->config_file);
	free(a->config_origin);
}

/* Append token to the origin kept for key ("-H fd:// --host tcp://..."). */
static int origin_append(struct dc_source *s, const char *key, const char *token)
{
	const char *old = obj_string(s->origins, key);
	_cleanup_free_ char *n = old && *old ? xasprintf("%s %s", old, token) : xstrdup(token);
	if (!n)
		return -ENOMEM;
	cJSON_DeleteItemFromObjectCaseSensitive(s->origins, key);
	return cJSON_AddStringToObject(s->origins, key, n) ? 0 : -ENOMEM;
}

static cJSON *ulimit_value(const char *name, const char *limits)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "Name", name);
	_cleanup_free_ char *soft = xstrdup(limits);
	if (!soft) {
		cJSON_Delete(o);
		return NULL;
	}
	char *colon = strchr(soft, ':');
	const char *hard = colon ? colon + 1 : soft;
	if (colon)
		*colon = '\0';
	int64_t h, s;
	if (parse_int64(hard, &h) == 0 && parse_int64(soft, &s) == 0) {
		cJSON_AddNumberToObject(o, "Hard", (double)h);
		cJSON_AddNumberToObject(o, "Soft", (double)s);
	} else {
		cJSON_AddStringToObject(o, "Value", limits);
	}
	return o;
}

/* One flag with its value (NULL for a bare boolean). */
static int argv_apply(struct argv_conf *a, const struct flag *f, const char *fname,
		      const char *value, const char *token)
{
	struct dc_source *s = &a->src;
	const char *key = f ? f->key : fname;
	enum flag_kind kind = f ? f->kind : (value ? F_STRING : F_BOOL);
	_cleanup_free_ char *masked_value = NULL, *masked_token = NULL;
	if (key && key_has_credentials(key) && value) {
		masked_value = mask_credentials(value);
		masked_token = mask_credentials(token);
		if (!masked_value || !masked_token)
			return -ENOMEM;
		value = masked_value;
		token = masked_token;
	}

	switch (kind) {
	case F_IGNORE:
		return 0;
	case F_CONFIG:
		free(a->config_file);
		free(a->config_origin);
		a->config_file = xstrdup(value ? value : "");
		a->config_origin = xstrdup(token);
		return a->config_file && a->config_origin ? 0 : -ENOMEM;
	case F_BOOL: {
		bool b = true;
		if (value && parse_go_bool(value, &b) < 0)
			return src_set(s, key, cJSON_CreateString(value), token);
		return src_set(s, key, cJSON_CreateBool(b), token);
	}
	case F_STRING:
		return src_set(s, key, cJSON_CreateString(value ? value : ""), token);
	case F_INT: {
		int64_t n;
		if (value && parse_int64(value, &n) == 0)
			return src_set(s, key, cJSON_CreateNumber((double)n), token);
		return src_set(s, key, cJSON_CreateString(value ? value : ""), token);
	}
	case F_LIST:
	case F_MAP:
	case F_ULIMIT:
		break;
	}

	/* repeatable: accumulate */
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(s->values, key);
	if (!cur) {
		cur = kind == F_LIST ? cJSON_CreateArray() : cJSON_CreateObject();
		if (!cur || !cJSON_AddItemToObject(s->values, key, cur)) {
			cJSON_Delete(cur);
			return -ENOMEM;
		}
	}
	const char *v = value ? value : "";
	if (kind == F_LIST) {
		if (!cJSON_AddItemToArray(cur, cJSON_CreateString(v)))
			return -ENOMEM;
	} else {
		const char *eq = strchr(v, '=');
		_cleanup_free_ char *k = eq ? xstrndup(v, (size_t)(eq - v)) : xstrdup(v);
		if (!k)
			return -ENOMEM;
		const char *rest = eq ? eq + 1 : "";
		cJSON *item;
		if (kind == F_ULIMIT) {
			item = ulimit_value(k, rest);
		} else if (strcmp(key, "runtimes") == 0) {
			item = cJSON_CreateObject();
			if (item)
				cJSON_AddStringToObject(item, "path", rest);
		} else {
			item = cJSON_CreateString(rest);
		}
		if (!item)
			return -ENOMEM;
		cJSON_DeleteItemFromObjectCaseSensitive(cur, k);
		if (!cJSON_AddItemToObject(cur, k, item)) {
			cJSON_Delete(item);
			return -ENOMEM;
		}
	}
	return origin_append(s, key, token);
}

/*
 * Parse argv as pflag does: --name=value, --name value, bare booleans (--icc=false needs the
 * "="), -X value, -Xvalue, -X=value, clusters of boolean shorthands (-Dl debug), "--" ends the
 * flags. Unknown long flags take the next token as value unless it looks like a flag.
 */
static int argv_parse(char *const *argv, struct argv_conf *a)
{
	int r = src_init(&a->src);
	if (r < 0)
		return r;
	for (size_t i = 1; argv[i]; i++) {
		const char *t = argv[i];
		if (strcmp(t, "--") == 0)
			break;
		if (strncmp(t, "--", 2) == 0) {
			const char *name = t + 2, *eq = strchr(name, '=');
			size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
			const struct flag *f = flag_by_name(name, nlen);
			_cleanup_free_ char *fname = xstrndup(name, nlen);
			if (!fname)
				return -ENOMEM;
			bool is_bool = f ? f->kind == F_BOOL || f->kind == F_IGNORE : false;
			const char *value = eq ? eq + 1 : NULL;
			_cleanup_free_ char *token = NULL;
			if (!eq && !is_bool && argv[i + 1] && (f || argv[i + 1][0] != '-')) {
				value = argv[++i];
				token = xasprintf("%s %s", t, value);
			} else {
				token = xstrdup(t);
			}
			if (!token)
				return -ENOMEM;
			r = argv_apply(a, f, fname, value, token);
			if (r < 0)
				return r;
			continue;
		}
		if (t[0] != '-' || t[1] == '\0')
			continue; /* dockerd takes no arguments; ignore strays */
		/* shorthand cluster */
		for (const char *p = t + 1; *p; p++) {
			const struct flag *f = flag_by_short(*p);
			char fname[2] = {*p, '\0'};
			if (!f || f->kind == F_BOOL || f->kind == F_IGNORE) {
				const char *value = NULL;
				if (p[1] == '=') {
					value = p + 2;
				}
				_cleanup_free_ char *token = value ? xasprintf("-%c=%s", *p, value)
								   : xasprintf("-%c", *p);
				if (!token)
					return -ENOMEM;
				r = argv_apply(a, f, fname, value, token);
				if (r < 0)
					return r;
				if (value)
					break;
				continue;
			}
			const char *value = p[1] == '=' ? p + 2 : p[1] ? p + 1 : argv[i + 1];
			if (!p[1] && argv[i + 1])
				i++;
			_cleanup_free_ char *token = xasprintf("-%c %s", *p, value ? value : "");
			if (!token)
				return -ENOMEM;
			r = argv_apply(a, f, fname, value, token);
			if (r < 0)
				return r;
			break;
		}
	}
	return 0;
}

/* ---- processes ---- */

struct dproc {
	long pid;
	char *exe;   /* NULL when unreadable */
	char **argv;
	long uid;    /* effective uid, -1 unknown */
	char **env;  /* NULL when unreadable */
	char *cwd;
	struct argv_conf conf;
	/* its config file, once read */
	bool file_loaded;
	char *file_path;     /* host path */
	bool file_explicit;  /* from --config-file */
	bool file_absent;    /* default path, not there: dockerd runs without one */
	cJSON *file_json;
	char *file_error;
	char **hosts;        /* normalised endpoints it serves */
};

static void dproc_release(struct dproc *p)
{
	free(p->exe);
	strv_free(p->argv);
	strv_free(p->env);
	free(p->cwd);
	argv_conf_release(&p->conf);
	free(p->file_path);
	cJSON_Delete(p->file_json);
	free(p->file_error);
	strv_free(p->hosts);
}

static const char *dproc_env(const struct dproc *p, const char *name)
{
	size_t n = strlen(name);
	for (char **e = p->env; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* A daemon in rootless mode: running as a user, or under RootlessKit. */
static bool dproc_rootless(const struct dproc *p)
{
	return (p->uid > 0) || dproc_env(p, "ROOTLESSKIT_STATE_DIR") != NULL;
}

static long status_uid(const char *status)
{
	const char *u = strstr(status, "\nUid:");
	if (!u)
		return -1;
	u += strlen("\nUid:");
	char *end;
	/* real, effective, saved, fs: the effective one decides */
	errno = 0;
	strtol(u, &end, 10);
	long e = strtol(end, &end, 10);
	return errno ? -1 : e;
}

/* The home directory of uid from <root>/etc/passwd, NULL when unknown. */
static char *passwd_home(const struct hostfs *h, long uid)
{
	_cleanup_free_ char *data = NULL;
	if (hostfs_read_file(h, "/etc/passwd", DC_PASSWD_MAX, &data, NULL) < 0)
		return NULL;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* str_split drops empty fields: split by hand */
		char *fields[7] = {0};
		size_t n = 0;
		char *s = line;
		while (n < 7) {
			fields[n++] = s;
			char *c = strchr(s, ':');
			if (!c)
				break;
			*c = '\0';
			s = c + 1;
		}
		int64_t u;
		if (n >= 6 && parse_int64(fields[2], &u) == 0 && u == uid)
			return xstrdup(fields[5]);
	}
	return NULL;
}

/* ---- endpoints ---- */

enum ep_kind {
	EPK_UNIX,
	EPK_TCP,
	EPK_FD,
	EPK_OTHER,
};

struct endpoint {
	enum ep_kind kind;
	char *path; /* unix: resolved host path */
	char *addr; /* tcp: address without brackets */
	long port;
};

static void endpoint_release(struct endpoint *e)
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
static char *host_normalize(const char *h, bool tls, const char *default_sock)
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
			 v6 ? "]" : "", port ? port : tls ? "2376" : "2375");
}

/* Parse a normalised (or user-given) endpoint; unix paths are resolved inside the root. */
static int endpoint_parse(const struct hostfs *h, const char *url, struct endpoint *ret)
{
	struct endpoint e = {.kind = EPK_OTHER, .port = -1};
	if (str_startswith(url, "unix://")) {
		const char *p = url + strlen("unix://");
		if (p[0] != '/')
			p = DEFAULT_SOCKET;
		e.kind = EPK_UNIX;
		if (hostfs_resolve(h, p, &e.path) < 0)
			e.path = path_normalize(p);
		if (!e.path)
			return -ENOMEM;
	} else if (str_startswith(url, "fd://")) {
		e.kind = EPK_FD;
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
		e.kind = EPK_TCP;
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
static bool endpoint_serves(const struct endpoint *d, const struct endpoint *a,
			    const char *hostname)
{
	if (d->kind != a->kind)
		return false;
	switch (d->kind) {
	case EPK_UNIX:
		return strcmp(d->path, a->path) == 0;
	case EPK_TCP: {
		bool port_ok = a->port == 0 ? d->port == 2375 || d->port == 2376 : a->port == d->port;
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

/* ---- systemd socket activation: what "fd://" stands for ---- */

static const char *const unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system",
					"/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
					"/lib/systemd/system"};

/* Apply one unit file's [Socket] ListenStream= lines to list (an empty one resets it). */
static int unit_listen_apply(const char *text, char ***list)
{
	_cleanup_free_ char *copy = xstrdup(text);
	if (!copy)
		return -ENOMEM;
	bool in_socket = false;
	char *save = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		while (isspace((unsigned char)*l))
			l++;
		size_t n = strlen(l);
		while (n && isspace((unsigned char)l[n - 1]))
			l[--n] = '\0';
		if (l[0] == '[') {
			in_socket = strcmp(l, "[Socket]") == 0;
			continue;
		}
		if (!in_socket || !str_startswith(l, "ListenStream"))
			continue;
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		char *k = l;
		char *ke = eq;
		while (ke > k && isspace((unsigned char)ke[-1]))
			ke--;
		if ((size_t)(ke - k) != strlen("ListenStream"))
			continue;
		char *v = eq + 1;
		while (isspace((unsigned char)*v))
			v++;
		if (!*v) {
			strv_free(*list);
			*list = calloc(1, sizeof(char *));
			if (!*list)
				return -ENOMEM;
			continue;
		}
		size_t len = strv_length(*list);
		char **nl = realloc(*list, (len + 2) * sizeof(char *));
		if (!nl)
			return -ENOMEM;
		*list = nl;
		nl[len] = xstrdup(v);
		nl[len + 1] = NULL;
		if (!nl[len])
			return -ENOMEM;
	}
	return 0;
}

/* ListenStream value -> endpoint URL, NULL for what cannot be an API socket we match. */
static char *listen_to_url(const char *v)
{
	if (v[0] == '/')
		return xasprintf("unix://%s", v);
	if (v[0] == '@' || str_startswith(v, "vsock:"))
		return xasprintf("other://%s", v);
	int64_t port;
	if (parse_int64(v, &port) == 0)
		return xasprintf("tcp://[::]:%lld", (long long)port); /* every address */
	return xasprintf("tcp://%s", v);
}

/* The docker.socket unit's listeners ("unix:///run/docker.sock" ...); NULL-terminated list in
 * *ret, or an error message. */
static int socket_unit_listeners(struct audit_ctx *ctx, char ***ret)
{
	const struct hostfs *h = ctx_hostfs(ctx);
	const struct located *loc = ctx_locate(ctx, CTX_LOC_UNIT, "docker.socket");
	if (loc->error < 0)
		return loc->error;
	_cleanup_strv_free_ char **list = calloc(1, sizeof(char *));
	_cleanup_free_ char *text = NULL;
	if (!list)
		return -ENOMEM;
	int r = hostfs_read_file(h, loc->path, DC_SMALL_MAX, &text, NULL);
	if (r < 0)
		return r;
	r = unit_listen_apply(text, &list);
	if (r < 0)
		return r;
	/* drop-ins, by file name across the directories; a name in an earlier directory masks
	 * the same name in later ones */
	_cleanup_strv_free_ char **names = NULL;
	_cleanup_strv_free_ char **paths = NULL;
	size_t n = 0;
	for (size_t d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
		_cleanup_free_ char *dir = xasprintf("%s/docker.socket.d", unit_dirs[d]);
		_cleanup_strv_free_ char **ents = NULL;
		if (!dir)
			return -ENOMEM;
		if (hostfs_list_dir(h, dir, &ents) < 0)
			continue;
		for (char **e = ents; *e; e++) {
			if (!str_endswith(*e, ".conf"))
				continue;
			bool seen = false;
			for (size_t i = 0; i < n && !seen; i++)
				seen = strcmp(names[i], *e) == 0;
			if (seen)
				continue;
			char **nn = realloc(names, (n + 2) * sizeof(char *));
			if (!nn)
				return -ENOMEM;
			names = nn;
			char **np = realloc(paths, (n + 2) * sizeof(char *));
			if (!np)
				return -ENOMEM;
			paths = np;
			names[n] = xstrdup(*e);
			paths[n] = xasprintf("%s/%s", dir, *e);
			names[n + 1] = paths[n + 1] = NULL;
			n++;
			if (!names[n - 1] || !paths[n - 1])
				return -ENOMEM;
		}
	}
	/* apply in name order */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
				t = paths[i];
				paths[i] = paths[j];
				paths[j] = t;
			}
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *dtext = NULL;
		if (hostfs_read_file(h, paths[i], DC_SMALL_MAX, &dtext, NULL) < 0)
			continue;
		r = unit_listen_apply(dtext, &list);
		if (r < 0)
			return r;
	}
	size_t k = strv_length(list);
	char **urls = calloc(k + 1, sizeof(char *));
	if (!urls)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++) {
		urls[i] = listen_to_url(list[i]);
		if (!urls[i]) {
			strv_free(urls);
			return -ENOMEM;
		}
	}
	*ret = urls;
	return 0;
}

/* ---- one dockerd: its config file and the sockets it serves ---- */

struct scan {
	struct audit_ctx *ctx;
	const struct hostfs *h;
	char **socket_unit;      /* fd:// expansion, loaded once */
	int socket_unit_error;
	bool socket_unit_loaded;
	char *hostname;
};

/* The host path of p's config file; NULL with *ret_why when it cannot be told. */
static char *dproc_config_path(const struct hostfs *h, struct dproc *p, bool *ret_explicit,
			       const char **ret_why)
{
	*ret_why = "out of memory";
	if (p->conf.config_file && *p->conf.config_file) {
		*ret_explicit = true;
		if (p->conf.config_file[0] == '/')
			return path_normalize(p->conf.config_file);
		/* relative to dockerd's working directory */
		if (p->cwd && p->cwd[0] == '/') {
			_cleanup_free_ char *j = xasprintf("%s/%s", p->cwd, p->conf.config_file);
			return j ? path_normalize(j) : NULL;
		}
		*ret_why = "a relative --config-file and the working directory cannot be read";
		return NULL;
	}
	*ret_explicit = false;
	if (p->exe && strstr(p->exe, "/snap/"))
		return xstrdup(SNAP_CONFIG);
	if (dproc_rootless(p)) {
		const char *xdg = dproc_env(p, "XDG_CONFIG_HOME");
		if (xdg && xdg[0] == '/')
			return xasprintf("%s/docker/daemon.json", xdg);
		const char *home = dproc_env(p, "HOME");
		_cleanup_free_ char *pw = home && home[0] == '/' ? NULL : passwd_home(h, p->uid);
		if (!home || home[0] != '/')
			home = pw;
		if (home && home[0] == '/')
			return xasprintf("%s/.config/docker/daemon.json", home);
		*ret_why = "a rootless daemon whose home directory is not in /etc/passwd";
		return NULL;
	}
	return xstrdup(DEFAULT_CONFIG);
}

static void dproc_load_file(const struct hostfs *h, struct dproc *p)
{
	if (p->file_loaded)
		return;
	p->file_loaded = true;
	const char *why = NULL;
	p->file_path = dproc_config_path(h, p, &p->file_explicit, &why);
	if (!p->file_path) {
		p->file_error = xasprintf("cannot tell where the config file of dockerd (PID %ld) "
					  "is: %s", p->pid, why);
		return;
	}
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = hostfs_read_file(h, p->file_path, DC_FILE_MAX, &data, &len);
	if (r == -ENOENT && !p->file_explicit) {
		p->file_absent = true; /* dockerd runs without one */
		return;
	}
	if (r < 0) {
		p->file_error = r == -EFBIG ? xasprintf("cannot read '%s': larger than %u bytes",
							p->file_path, DC_FILE_MAX)
					    : xasprintf("cannot read '%s': %s", p->file_path,
							strerror(-r));
		return;
	}
	cJSON *j = json_parse(data, len);
	if (!j || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		p->file_error = xasprintf("cannot parse '%s': not a JSON object", p->file_path);
		return;
	}
	p->file_json = j;
}

static const char *dproc_default_socket(const struct dproc *p, char *buf, size_t size)
{
	if (!dproc_rootless(p))
		return DEFAULT_SOCKET;
	const char *xdg = dproc_env(p, "XDG_RUNTIME_DIR");
	if (xdg && xdg[0] == '/')
		snprintf(buf, size, "%s/docker.sock", xdg);
	else
		snprintf(buf, size, "/run/user/%ld/docker.sock", p->uid);
	return buf;
}

static bool dproc_tls(const struct dproc *p)
{
	bool b = false;
	const cJSON *v = src_get(&p->conf.src, "tlsverify");
	if (cJSON_IsTrue(v))
		return true;
	v = src_get(&p->conf.src, "tls");
	if (cJSON_IsTrue(v))
		return true;
	if (p->file_json && ((json_get_bool(p->file_json, "tlsverify", &b) == 0 && b) ||
			     (json_get_bool(p->file_json, "tls", &b) == 0 && b)))
		return true;
	return dproc_env(p, "DOCKER_TLS_VERIFY") && *dproc_env(p, "DOCKER_TLS_VERIFY");
}

/* The normalised endpoints p serves: -H, else the file's "hosts", else the default socket. */
static int dproc_hosts(struct scan *sc, struct dproc *p)
{
	if (p->hosts)
		return 0;
	const cJSON *list = src_get(&p->conf.src, "hosts");
	if (!list) {
		dproc_load_file(sc->h, p);
		list = p->file_json ? cJSON_GetObjectItemCaseSensitive(p->file_json, "hosts") : NULL;
	}
	char sockbuf[4096];
	const char *def = dproc_default_socket(p, sockbuf, sizeof(sockbuf));
	bool tls = dproc_tls(p);
	size_t n = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
	char **v = calloc(n + 2, sizeof(char *));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	const cJSON *e;
	if (cJSON_IsArray(list)) {
		cJSON_ArrayForEach(e, list)
		{
			if (!cJSON_IsString(e) || !e->valuestring)
				continue;
			v[k] = host_normalize(e->valuestring, tls, def);
			if (!v[k++]) {
				strv_free(v);
				return -ENOMEM;
			}
		}
	}
	if (k == 0) {
		v[k] = xasprintf("unix://%s", def);
		if (!v[k++]) {
			strv_free(v);
			return -ENOMEM;
		}
	}
	p->hosts = v;
	return 0;
}

static void scan_socket_unit(struct scan *sc)
{
	if (sc->socket_unit_loaded)
		return;
	sc->socket_unit_loaded = true;
	sc->socket_unit_error = socket_unit_listeners(sc->ctx, &sc->socket_unit);
}

/* Does p serve the audited endpoint? */
static int dproc_serves(struct scan *sc, struct dproc *p, const struct endpoint *audited,
			bool *ret)
{
	int r = dproc_hosts(sc, p);
	if (r < 0)
		return r;
	*ret = false;
	for (char **hp = p->hosts; *hp && !*ret; hp++) {
		if (str_startswith(*hp, "fd://")) {
			scan_socket_unit(sc);
			char *const *units = sc->socket_unit;
			char assumed0[] = "unix://" DEFAULT_SOCKET;
			char *assumed[] = {assumed0, NULL};
			if (sc->socket_unit_error < 0 && !dproc_rootless(p))
				units = assumed; /* docker.socket not found: its usual path */
			for (char *const *u = units; u && *u && !*ret; u++) {
				struct endpoint d;
				if (endpoint_parse(sc->h, *u, &d) < 0)
					continue;
				*ret = endpoint_serves(&d, audited, sc->hostname);
				endpoint_release(&d);
			}
			continue;
		}
		struct endpoint d;
		r = endpoint_parse(sc->h, *hp, &d);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			continue;
		*ret = endpoint_serves(&d, audited, sc->hostname);
		endpoint_release(&d);
	}
	return 0;
}

static int read_proc_vec(const struct hostfs *h, long pid, const char *what, char ***ret)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/%s", pid, what);
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = hostfs_read_file(h, path, DC_PROC_MAX, &data, &len);
	if (r < 0)
		return r;
	char **v = split_nul(data, len);
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

/* A dockerd process, or 0 when pid is something else; negative errno on ENOMEM. */
static int dproc_probe(const struct hostfs *h, long pid, struct dproc *ret)
{
	struct dproc p = {.pid = pid, .uid = -1};
	char path[64];
	_cleanup_free_ char *exe = NULL;
	snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
	if (hostfs_readlink(h, path, &exe) == 0 && str_endswith(exe, " (deleted)"))
		exe[strlen(exe) - strlen(" (deleted)")] = '\0';
	if (exe && strcmp(basename_of(exe), "dockerd") != 0)
		return 0;
	char **argv = NULL;
	if (read_proc_vec(h, pid, "cmdline", &argv) < 0 || !argv[0]) {
		strv_free(argv);
		return 0; /* gone, a kernel thread or a zombie */
	}
	/* without the executable (not ours to read), the command name decides */
	if (!exe && strcmp(basename_of(argv[0]), "dockerd") != 0) {
		strv_free(argv);
		return 0;
	}
	p.exe = TAKE_PTR(exe);
	p.argv = argv;
	_cleanup_free_ char *status = NULL;
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if (hostfs_read_file(h, path, DC_SMALL_MAX, &status, NULL) == 0)
		p.uid = status_uid(status);
	int r = read_proc_vec(h, pid, "environ", &p.env);
	if (r == -ENOMEM)
		goto fail;
	snprintf(path, sizeof(path), "/proc/%ld/cwd", pid);
	(void)hostfs_readlink(h, path, &p.cwd);
	r = argv_parse(p.argv, &p.conf);
	if (r < 0)
		goto fail;
	*ret = p;
	return 1;
fail:
	dproc_release(&p);
	return -ENOMEM;
}

/* ---- building the merged view ---- */

static int defaults_load(struct daemonconf *dc, const struct dproc *p)
{
	struct dc_source *s = &dc->src[DAEMONCONF_DEFAULT];
	int r;
	for (size_t i = 0; i < ARRAY_SIZE(static_defaults); i++) {
		r = src_set(s, static_defaults[i].key, cJSON_Parse(static_defaults[i].json),
			    "Docker default");
		if (r < 0)
			return r;
	}
	bool rootless = p && dproc_rootless(p);
	char sockbuf[4096];
	const char *sock = p ? dproc_default_socket(p, sockbuf, sizeof(sockbuf)) : DEFAULT_SOCKET;
	cJSON *hosts = cJSON_CreateArray();
	_cleanup_free_ char *url = xasprintf("unix://%s", sock);
	if (!hosts || !url || !cJSON_AddItemToArray(hosts, cJSON_CreateString(url))) {
		cJSON_Delete(hosts);
		return -ENOMEM;
	}
	r = src_set(s, "hosts", hosts, rootless ? "Docker default (rootless)" : "Docker default");
	if (r < 0)
		return r;

	/* DOCKER_TLS_VERIFY and DOCKER_CERT_PATH in dockerd's environment change its defaults */
	const char *verify = p ? dproc_env(p, "DOCKER_TLS_VERIFY") : NULL;
	if (verify && *verify) {
		r = src_set(s, "tlsverify", cJSON_CreateBool(true),
			    "Docker default (DOCKER_TLS_VERIFY in dockerd's environment)");
		if (r < 0)
			return r;
	}
	const char *certs = p ? dproc_env(p, "DOCKER_CERT_PATH") : NULL;
	_cleanup_free_ char *dir = certs && *certs ? xstrdup(certs) : xstrdup("~/.docker");
	if (!dir)
		return -ENOMEM;
	static const char *const tls_files[][2] = {
		{"tlscacert", "ca.pem"}, {"tlscert", "cert.pem"}, {"tlskey", "key.pem"}};
	for (size_t i = 0; i < ARRAY_SIZE(tls_files); i++) {
		_cleanup_free_ char *f = xasprintf("%s/%s", dir, tls_files[i][1]);
		if (!f)
			return -ENOMEM;
		r = src_set(s, tls_files[i][0], cJSON_CreateString(f),
			    certs && *certs ? "Docker default (DOCKER_CERT_PATH)" : "Docker default");
		if (r < 0)
			return r;
	}
	if (rootless) {
		r = src_set(s, "rootless", cJSON_CreateBool(true),
			    "Docker default (dockerd runs as a user or under RootlessKit)");
		if (r < 0)
			return r;
	}
	const char *home = p ? dproc_env(p, "HOME") : NULL;
	_cleanup_free_ char *data_root =
		rootless && home ? xasprintf("%s/.local/share/docker", home)
				 : xstrdup("/var/lib/docker");
	if (!data_root)
		return -ENOMEM;
	r = src_set(s, "data-root", cJSON_CreateString(data_root), "Docker default");
	if (r < 0)
		return r;
	const char *xdg_run = p ? dproc_env(p, "XDG_RUNTIME_DIR") : NULL;
	_cleanup_free_ char *exec_root = rootless && xdg_run ? xasprintf("%s/docker", xdg_run)
							     : xstrdup("/var/run/docker");
	if (!exec_root)
		return -ENOMEM;
	return src_set(s, "exec-root", cJSON_CreateString(exec_root), "Docker default");
}

/* The endpoint the audit talks to. In fixture mode (tests) there is no client: DOCKER_HOST of
 * the audit's environment stands for -H, else the default socket. */
static const char *audited_endpoint(struct audit_ctx *ctx)
{
	const struct ctx_config *cfg = ctx_config(ctx);
	if (!cfg->docker) {
		const char *e = ctx_getenv(ctx, "DOCKER_HOST");
		return e && *e ? e : DOCKER_DEFAULT_HOST;
	}
	const char *h = ctx_docker_host(ctx);
	return h ? h : DOCKER_DEFAULT_HOST;
}

static char *read_hostname(const struct hostfs *h)
{
	_cleanup_free_ char *data = NULL;
	if (hostfs_read_file(h, "/etc/hostname", 4096, &data, NULL) < 0)
		return NULL;
	data[strcspn(data, " \t\r\n")] = '\0';
	return TAKE_PTR(data);
}

static int file_source_from(struct daemonconf *dc, struct dproc *p, const char *note)
{
	struct dc_source *s = &dc->src[DAEMONCONF_FILE];
	if (p->file_error) {
		s->error = xstrdup(p->file_error);
		return s->error ? 0 : -ENOMEM;
	}
	if (p->file_absent || !p->file_json)
		return 0;
	dc->file = xstrdup(p->file_path);
	if (!dc->file)
		return -ENOMEM;
	_cleanup_free_ char *origin =
		note ? xasprintf("%s (%s)", p->file_path, note) : xstrdup(p->file_path);
	if (!origin)
		return -ENOMEM;
	const cJSON *e;
	cJSON_ArrayForEach(e, p->file_json)
	{
		if (!e->string)
			continue;
		cJSON *v = cJSON_Duplicate(e, true);
		if (v && key_has_credentials(e->string) && mask_json(v) < 0) {
			cJSON_Delete(v);
			return -ENOMEM;
		}
		int r = src_set(s, e->string, v, origin);
		if (r < 0)
			return r;
	}
	return 0;
}

static int cmdline_source_from(struct daemonconf *dc, struct dproc *p)
{
	struct dc_source *s = &dc->src[DAEMONCONF_CMDLINE];
	cJSON_Delete(s->values);
	cJSON_Delete(s->origins);
	s->values = TAKE_PTR(p->conf.src.values);
	s->origins = TAKE_PTR(p->conf.src.origins);
	return 0;
}

static int listeners_build(struct daemonconf *dc, struct scan *sc)
{
	struct daemonconf_value hv;
	int r = daemonconf_get(dc, "hosts", &hv);
	if (r < 0) {
		dc->listeners_error = r;
		return r == -ENOMEM ? r : 0;
	}
	char sockbuf[4096];
	const char *def = DEFAULT_SOCKET;
	bool tls = false;
	struct daemonconf_value v;
	if (daemonconf_get(dc, "tlsverify", &v) == 0 && cJSON_IsTrue(v.value))
		tls = true;
	if (daemonconf_get(dc, "tls", &v) == 0 && cJSON_IsTrue(v.value))
		tls = true;
	if (daemonconf_get(dc, "rootless", &v) == 0 && cJSON_IsTrue(v.value)) {
		const cJSON *d = src_get(&dc->src[DAEMONCONF_DEFAULT], "hosts");
		const cJSON *first = cJSON_IsArray(d) ? cJSON_GetArrayItem(d, 0) : NULL;
		if (cJSON_IsString(first) && str_startswith(first->valuestring, "unix://")) {
			snprintf(sockbuf, sizeof(sockbuf), "%s",
				 first->valuestring + strlen("unix://"));
			def = sockbuf;
		}
	}
	size_t cap = 4, n = 0;
	char **out = calloc(cap, sizeof(char *));
	if (!out)
		return -ENOMEM;
#define PUSH(s)                                                                                    \
	do {                                                                                       \
		char *s_ = (s);                                                                    \
		if (!s_)                                                                           \
			goto oom;                                                                  \
		if (n + 2 > cap) {                                                                 \
			char **nn = realloc(out, (cap *= 2) * sizeof(char *));                     \
			if (!nn) {                                                                 \
				free(s_);                                                          \
				goto oom;                                                          \
			}                                                                          \
			out = nn;                                                                  \
		}                                                                                  \
		out[n++] = s_;                                                                     \
		out[n] = NULL;                                                                     \
	} while (0)
	const cJSON *e;
	if (cJSON_IsArray(hv.value)) {
		cJSON_ArrayForEach(e, hv.value)
		{
			if (!cJSON_IsString(e) || !e->valuestring)
				continue;
			PUSH(host_normalize(e->valuestring, tls, def));
			if (!str_startswith(out[n - 1], "fd://"))
				continue;
			/* socket activation: the sockets are the unit's, TCP ones included */
			scan_socket_unit(sc);
			if (sc->socket_unit_error == -ENOMEM)
				goto oom;
			if (sc->socket_unit_error < 0) {
				strv_free(out);
				dc->listeners_error = -EIO;
				dc->listeners_why = xasprintf(
					"dockerd is socket-activated (%s) but the docker.socket unit "
					"cannot be read: %s",
					hv.origin, strerror(-sc->socket_unit_error));
				return dc->listeners_why ? 0 : -ENOMEM;
			}
			for (char **u = sc->socket_unit; u && *u; u++)
				PUSH(xstrdup(*u));
		}
	} else if (cJSON_IsString(hv.value)) {
		PUSH(host_normalize(hv.value->valuestring, tls, def));
	}
	if (n == 0)
		PUSH(xasprintf("unix://%s", def));
#undef PUSH
	dc->listeners = out;
	return 0;
oom:
	strv_free(out);
	return -ENOMEM;
}

static void daemonconf_free(void *ptr)
{
	struct daemonconf *dc = ptr;
	if (!dc)
		return;
	for (int i = 0; i < SRC_N; i++)
		src_release(&dc->src[i]);
	src_release(&dc->api_partial);
	for (int i = 0; i < _EP_MAX; i++)
		free(dc->api_error[i]);
	free(dc->file);
	strv_free(dc->listeners);
	free(dc->listeners_why);
	free(dc->endpoint);
	free(dc);
}

/* Find the dockerd serving the endpoint, and fill the command line and file sources. */
static int process_load(struct audit_ctx *ctx, struct daemonconf *dc, struct scan *sc,
			struct dproc **ret_chosen, struct dproc **ret_all, size_t *ret_n)
{
	const struct hostfs *h = ctx_hostfs(ctx);
	struct endpoint audited = {0};
	int r = endpoint_parse(h, dc->endpoint, &audited);
	if (r == -ENOMEM)
		return r;
	if (r < 0 || audited.kind == EPK_OTHER) {
		src_fail(&dc->src[DAEMONCONF_CMDLINE],
			 "cannot tell which dockerd serves '%s' (not a unix or tcp endpoint)",
			 dc->endpoint);
		endpoint_release(&audited);
		return 0;
	}

	_cleanup_strv_free_ char **pids = NULL;
	r = hostfs_list_dir(h, "/proc", &pids);
	if (r < 0) {
		src_fail(&dc->src[DAEMONCONF_CMDLINE], "cannot list /proc under the root: %s",
			 strerror(-r));
		endpoint_release(&audited);
		return r == -ENOMEM ? r : 0;
	}
	struct dproc *all = calloc(DC_MAX_DOCKERD, sizeof(*all));
	if (!all) {
		endpoint_release(&audited);
		return -ENOMEM;
	}
	size_t n = 0;
	*ret_all = all; /* the caller releases them, whatever happens */
	*ret_n = 0;
	for (char **pp = pids; *pp && n < DC_MAX_DOCKERD; pp++) {
		int64_t pid;
		if (parse_int64(*pp, &pid) < 0 || pid <= 0)
			continue;
		r = dproc_probe(h, (long)pid, &all[n]);
		if (r < 0)
			goto out;
		if (r > 0)
			*ret_n = ++n;
	}

	struct dproc *chosen = NULL;
	size_t matches = 0;
	for (size_t i = 0; i < n; i++) {
		bool serves = false;
		r = dproc_serves(sc, &all[i], &audited, &serves);
		if (r < 0)
			goto out;
		if (serves) {
			matches++;
			if (!chosen)
				chosen = &all[i];
		}
	}
	r = 0;
	*ret_chosen = chosen;
	if (chosen) {
		dc->pid = chosen->pid;
		goto out;
	}
	if (n == 0) {
		src_fail(&dc->src[DAEMONCONF_CMDLINE],
			 "no dockerd process is visible in /proc under the root (is the host's PID "
			 "namespace shared?)");
	} else {
		/* name what is there, so a wrong -H or --root is easy to spot */
		_cleanup_free_ char *seen = NULL;
		for (size_t i = 0; i < n && i < 4; i++) {
			char *s = xasprintf("%s%sPID %ld serves %s%s", seen ? seen : "",
					    seen ? "; " : "", all[i].pid,
					    all[i].hosts && all[i].hosts[0] ? all[i].hosts[0] : "?",
					    all[i].hosts && all[i].hosts[0] && all[i].hosts[1]
						    ? " ..."
						    : "");
			free(seen);
			seen = s;
		}
		src_fail(&dc->src[DAEMONCONF_CMDLINE],
			 "no dockerd process in /proc serves '%s' (%zu found: %s)", dc->endpoint, n,
			 seen ? seen : "");
	}
out:
	endpoint_release(&audited);
	return r;
}

static int daemonconf_load(struct audit_ctx *ctx, struct daemonconf **ret)
{
	struct daemonconf *dc = calloc(1, sizeof(*dc));
	if (!dc)
		return -ENOMEM;
	struct scan sc = {.ctx = ctx, .h = ctx_hostfs(ctx)};
	struct dproc *all = NULL, *chosen = NULL;
	size_t n = 0;
	int r = -ENOMEM;
	for (int i = 0; i < SRC_N; i++)
		if (src_init(&dc->src[i]) < 0)
			goto out;
	if (src_init(&dc->api_partial) < 0)
		goto out;
	dc->endpoint = xstrdup(audited_endpoint(ctx));
	if (!dc->endpoint)
		goto out;
	sc.hostname = read_hostname(sc.h);

	r = api_load(ctx, dc);
	if (r < 0)
		goto out;
	r = process_load(ctx, dc, &sc, &chosen, &all, &n);
	if (r < 0)
		goto out;
	if (chosen) {
		dproc_load_file(sc.h, chosen);
		r = file_source_from(dc, chosen, NULL);
		if (r >= 0)
			r = cmdline_source_from(dc, chosen);
	} else {
		/* The serving process is unknown. For the default socket the default file is
		 * the one every packaged dockerd reads: use it, and say it was assumed. */
		struct endpoint a = {0};
		bool def = false;
		if (endpoint_parse(sc.h, dc->endpoint, &a) == 0 && a.kind == EPK_UNIX) {
			_cleanup_free_ char *d = NULL;
			def = hostfs_resolve(sc.h, DEFAULT_SOCKET, &d) == 0 &&
			      strcmp(d, a.path) == 0;
		}
		endpoint_release(&a);
		if (def) {
			struct dproc guess = {.uid = 0};
			dproc_load_file(sc.h, &guess);
			r = file_source_from(dc, &guess,
					     "assumed: the dockerd serving it is not visible");
			dproc_release(&guess);
		} else {
			src_fail(&dc->src[DAEMONCONF_FILE],
				 "the config file of the dockerd serving '%s' is unknown: %s",
				 dc->endpoint,
				 dc->src[DAEMONCONF_CMDLINE].error ? dc->src[DAEMONCONF_CMDLINE].error
								   : "not found");
			r = 0;
		}
	}
	if (r < 0)
		goto out;
	r = defaults_load(dc, chosen);
	if (r < 0)
		goto out;
	r = listeners_build(dc, &sc);
out:
	for (size_t i = 0; i < n; i++)
		dproc_release(&all[i]);
	free(all);
	strv_free(sc.socket_unit);
	free(sc.hostname);
	if (r < 0) {
		daemonconf_free(dc);
		return r;
	}
	*ret = dc;
	return 0;
}

/* ---- the public interface ---- */

int ctx_daemonconf(struct audit_ctx *c, const struct daemonconf **ret, const char **ret_error)
{
	struct daemonconf *dc = ctx_slot_get(c, "daemonconf");
	if (!dc) {
		int r = daemonconf_load(c, &dc);
		if (r < 0) {
			if (ret_error)
				*ret_error = "out of memory";
			return r;
		}
		r = ctx_slot_put(c, "daemonconf", dc, daemonconf_free);
		if (r < 0) {
			if (ret_error)
				*ret_error = "out of memory";
			return r;
		}
	}
	*ret = dc;
	return 0;
}

static int value_from(const struct daemonconf *dc, const struct dc_source *s,
		      enum daemonconf_source which, const char *key, struct daemonconf_value *ret)
{
	(void)dc;
	const cJSON *v = src_get(s, key);
	if (!v)
		return -ENOENT;
	*ret = (struct daemonconf_value){.value = v, .source = which, .origin = src_origin(s, key)};
	return 0;
}

int daemonconf_get(const struct daemonconf *dc, const char *key, struct daemonconf_value *ret)
{
	struct daemonconf_value v;
	if (value_from(dc, &dc->src[DAEMONCONF_API], DAEMONCONF_API, key, &v) == 0 ||
	    value_from(dc, &dc->src[DAEMONCONF_CMDLINE], DAEMONCONF_CMDLINE, key, &v) == 0 ||
	    value_from(dc, &dc->src[DAEMONCONF_FILE], DAEMONCONF_FILE, key, &v) == 0) {
		*ret = v;
		return 0;
	}
	if (daemonconf_why(dc, key))
		return -EIO;
	if (value_from(dc, &dc->api_partial, DAEMONCONF_API, key, &v) == 0 ||
	    value_from(dc, &dc->src[DAEMONCONF_DEFAULT], DAEMONCONF_DEFAULT, key, &v) == 0) {
		*ret = v;
		return 0;
	}
	return -ENOENT;
}

const char *daemonconf_why(const struct daemonconf *dc, const char *key)
{
	if (dc->listeners_why && strcmp(key, "hosts") == 0)
		return dc->listeners_why;
	if (src_get(&dc->src[DAEMONCONF_API], key) || src_get(&dc->src[DAEMONCONF_CMDLINE], key) ||
	    src_get(&dc->src[DAEMONCONF_FILE], key))
		return NULL;
	if (dc->src[DAEMONCONF_CMDLINE].error)
		return dc->src[DAEMONCONF_CMDLINE].error;
	if (dc->src[DAEMONCONF_FILE].error)
		return dc->src[DAEMONCONF_FILE].error;
	enum api_ep ep = api_ep_of(key);
	if (ep != EP_NONE && dc->api_error[ep])
		return dc->api_error[ep];
	return NULL;
}

int daemonconf_get_bool(const struct daemonconf *dc, const char *key, bool *ret,
			struct daemonconf_value *ret_value)
{
	struct daemonconf_value v;
	int r = daemonconf_get(dc, key, &v);
	if (r < 0)
		return r;
	if (!cJSON_IsBool(v.value))
		return -EINVAL;
	*ret = cJSON_IsTrue(v.value);
	if (ret_value)
		*ret_value = v;
	return 0;
}

int daemonconf_get_string(const struct daemonconf *dc, const char *key, const char **ret,
			  struct daemonconf_value *ret_value)
{
	struct daemonconf_value v;
	int r = daemonconf_get(dc, key, &v);
	if (r < 0)
		return r;
	if (!cJSON_IsString(v.value) || !v.value->valuestring)
		return -EINVAL;
	*ret = v.value->valuestring;
	if (ret_value)
		*ret_value = v;
	return 0;
}

const char *daemonconf_source_name(enum daemonconf_source s)
{
	switch (s) {
	case DAEMONCONF_DEFAULT:
		return "default";
	case DAEMONCONF_FILE:
		return "daemon.json";
	case DAEMONCONF_CMDLINE:
		return "cmdline";
	case DAEMONCONF_API:
		return "api";
	}
	return "unknown";
}

const char *daemonconf_file(const struct daemonconf *dc)
{
	return dc->file;
}

long daemonconf_pid(const struct daemonconf *dc)
{
	return dc->pid;
}

const char *daemonconf_source_error(const struct daemonconf *dc, enum daemonconf_source s)
{
	if ((int)s < 0 || (int)s >= SRC_N)
		return NULL;
	return dc->src[s].error;
}

int daemonconf_listeners(const struct daemonconf *dc, char *const **ret,
			 struct daemonconf_value *ret_value)
{
	if (dc->listeners_error < 0)
		return dc->listeners_error;
	if (ret_value) {
		int r = daemonconf_get(dc, "hosts", ret_value);
		if (r < 0)
			return r;
	}
	*ret = dc->listeners;
	return 0;
}
