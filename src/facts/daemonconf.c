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
#include "facts/dockerd.h"
#include "facts/listen.h"
#include "facts/engine.h"
#include "facts/settings.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define DEFAULT_SOCKET "/var/run/docker.sock"

enum {
	SRC_N = DAEMONCONF_API + 1,
};

/* Which API answer a key's effective value comes from. */
enum api_ep {
	EP_NONE,
	EP_INFO, /* GET /info */
	EP_BRIDGE, /* GET /networks/bridge */
	_EP_MAX,
};

struct daemonconf {
	struct settings src[SRC_N];
	/* Per API answer: why it could not be read (NULL when it was). */
	char *api_error[_EP_MAX];
	/* The API knows a setting is on but not its value (userns): used only when neither the
	 * command line nor the file says more. */
	struct settings api_partial;
	char *file; /* the config file read, host path */
	long pid;
	char **listeners;
	int listeners_error; /* 0 or -EIO */
	char *listeners_why; /* why they are unknown although "hosts" is known */
	char *endpoint;
};

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
    {"authorization-plugins", "[]"}, /* no authorization plugin */
    {"bridge", "\"\""}, /* "": create and use docker0 */
    {"cgroup-parent", "\"\""}, /* "": /docker (cgroupfs) or system.slice (systemd) */
    {"debug", "false"},
    {"default-runtime", "\"runc\""},
    {"default-ulimits", "{}"}, /* containers inherit dockerd's own limits */
    {"experimental", "false"},
    {"group", "\"docker\""}, /* owner group of the unix socket */
    {"icc", "true"}, /* containers on the default bridge talk freely */
    {"init", "false"},
    {"insecure-registries", "[]"}, /* 127.0.0.0/8 is always insecure, built in */
    {"ip", "\"0.0.0.0\""}, /* published ports bind every address */
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
    {"seccomp-profile", "\"\""}, /* "": the built-in default profile */
    {"selinux-enabled", "false"},
    {"shutdown-timeout", "15"},
    {"storage-opts", "[]"},
    {"tls", "false"},
    {"tlsverify", "false"}, /* true when DOCKER_TLS_VERIFY is in dockerd's env */
    {"userland-proxy", "true"},
    {"userns-remap", "\"\""}, /* no remapping */
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
	const cJSON *info; /* NULL when /info failed */
	const cJSON *bridge; /* NULL when there is no default bridge or it failed */
	bool no_bridge; /* GET /networks/bridge said 404 */
	struct audit_ctx *ctx;
};

/* Result of an API resolver: the API decides, or says nothing, or knows it is on but not how. */
enum api_verdict {
	API_DEFER,
	API_DECIDES,
	API_PARTIAL,
};

typedef int (*api_fn)(const struct api_in *in, cJSON **ret, char **ret_origin);

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
	bool on = engine_security_option(in->info, name, NULL) == 0;
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
	if (engine_security_option(in->info, "userns", NULL) == 0) {
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
	const char *entry = NULL;
	if (engine_security_option(in->info, "seccomp", &entry) < 0) {
		*ret = cJSON_CreateString("unconfined");
		*ret_origin = xstrdup("GET /info SecurityOptions (no name=seccomp: the daemon "
				      "applies no seccomp profile)");
		return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
	}
	_cleanup_free_ char *profile = engine_security_option_value(entry, "profile");
	if (!profile)
		return API_DEFER;
	*ret = cJSON_CreateString(profile);
	*ret_origin = xasprintf("GET /info SecurityOptions %s", entry);
	return *ret && *ret_origin ? API_DECIDES : -ENOMEM;
}

static int api_bridge_bool_option(const struct api_in *in, const char *opt, cJSON **ret,
				  char **ret_origin)
{
	const char *s = bridge_option(in->bridge, opt);
	bool b;
	if (!s || settings_parse_go_bool(s, &b) < 0)
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
		*ret_origin =
		    xstrdup("GET /networks/bridge: 404, there is no default bridge network");
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
		dc->api_error[EP_INFO] =
		    xasprintf("cannot read GET /info: %s", err ? err : "unknown error");
		if (!dc->api_error[EP_INFO])
			return -ENOMEM;
	}
	char *berr = NULL;
	r = ctx_api_get(ctx, "/networks/bridge", &bridge, &berr);
	if (r == -ENOENT) {
		in.no_bridge = true;
	} else if (r < 0) {
		dc->api_error[EP_BRIDGE] =
		    xasprintf("cannot read GET /networks/bridge: %s", berr ? berr : strerror(-r));
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
			r = settings_set(&dc->src[DAEMONCONF_API], api_keys[i].key, v, origin);
		} else if (k == API_PARTIAL) {
			r = settings_set(&dc->api_partial, api_keys[i].key, v, origin);
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

/* ---- building the merged view ---- */

static int defaults_load(struct daemonconf *dc, const struct dockerd *p)
{
	struct settings *s = &dc->src[DAEMONCONF_DEFAULT];
	int r;
	for (size_t i = 0; i < ARRAY_SIZE(static_defaults); i++) {
		r = settings_set(s, static_defaults[i].key, cJSON_Parse(static_defaults[i].json),
				 "Docker default");
		if (r < 0)
			return r;
	}
	bool rootless = p && dockerd_rootless(p);
	char sockbuf[4096];
	const char *sock = p ? dockerd_default_socket(p, sockbuf, sizeof(sockbuf)) : DEFAULT_SOCKET;
	cJSON *hosts = cJSON_CreateArray();
	_cleanup_free_ char *url = xasprintf("unix://%s", sock);
	if (!hosts || !url || !cJSON_AddItemToArray(hosts, cJSON_CreateString(url))) {
		cJSON_Delete(hosts);
		return -ENOMEM;
	}
	r = settings_set(s, "hosts", hosts,
			 rootless ? "Docker default (rootless)" : "Docker default");
	if (r < 0)
		return r;

	/* DOCKER_TLS_VERIFY and DOCKER_CERT_PATH in dockerd's environment change its defaults */
	const char *verify = p ? dockerd_env(p, "DOCKER_TLS_VERIFY") : NULL;
	if (verify && *verify) {
		r = settings_set(s, "tlsverify", cJSON_CreateBool(true),
				 "Docker default (DOCKER_TLS_VERIFY in dockerd's environment)");
		if (r < 0)
			return r;
	}
	const char *certs = p ? dockerd_env(p, "DOCKER_CERT_PATH") : NULL;
	_cleanup_free_ char *dir = certs && *certs ? xstrdup(certs) : xstrdup("~/.docker");
	if (!dir)
		return -ENOMEM;
	static const char *const tls_files[][2] = {
	    {"tlscacert", "ca.pem"}, {"tlscert", "cert.pem"}, {"tlskey", "key.pem"}};
	for (size_t i = 0; i < ARRAY_SIZE(tls_files); i++) {
		_cleanup_free_ char *f = xasprintf("%s/%s", dir, tls_files[i][1]);
		if (!f)
			return -ENOMEM;
		r = settings_set(s, tls_files[i][0], cJSON_CreateString(f),
				 certs && *certs ? "Docker default (DOCKER_CERT_PATH)"
						 : "Docker default");
		if (r < 0)
			return r;
	}
	if (rootless) {
		r = settings_set(s, "rootless", cJSON_CreateBool(true),
				 "Docker default (dockerd runs as a user or under RootlessKit)");
		if (r < 0)
			return r;
	}
	const char *home = p ? dockerd_env(p, "HOME") : NULL;
	_cleanup_free_ char *data_root = rootless && home
					     ? xasprintf("%s/.local/share/docker", home)
					     : xstrdup("/var/lib/docker");
	if (!data_root)
		return -ENOMEM;
	r = settings_set(s, "data-root", cJSON_CreateString(data_root), "Docker default");
	if (r < 0)
		return r;
	const char *xdg_run = p ? dockerd_env(p, "XDG_RUNTIME_DIR") : NULL;
	_cleanup_free_ char *exec_root =
	    rootless && xdg_run ? xasprintf("%s/docker", xdg_run) : xstrdup("/var/run/docker");
	if (!exec_root)
		return -ENOMEM;
	return settings_set(s, "exec-root", cJSON_CreateString(exec_root), "Docker default");
}

static int file_source_from(struct daemonconf *dc, const struct dockerd *p, const char *note)
{
	struct settings *s = &dc->src[DAEMONCONF_FILE];
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
		if (v && settings_key_has_credentials(e->string) && settings_mask(v) < 0) {
			cJSON_Delete(v);
			return -ENOMEM;
		}
		int r = settings_set(s, e->string, v, origin);
		if (r < 0)
			return r;
	}
	return 0;
}

static int cmdline_source_from(struct daemonconf *dc, const struct dockerd *p)
{
	struct settings *s = &dc->src[DAEMONCONF_CMDLINE];
	cJSON *values = cJSON_Duplicate(p->conf.src.values, true);
	cJSON *origins = cJSON_Duplicate(p->conf.src.origins, true);
	if (!values || !origins) {
		cJSON_Delete(values);
		cJSON_Delete(origins);
		return -ENOMEM;
	}
	cJSON_Delete(s->values);
	cJSON_Delete(s->origins);
	s->values = values;
	s->origins = origins;
	return 0;
}

static int listeners_build(struct audit_ctx *ctx, struct daemonconf *dc)
{
	_cleanup_strv_free_ char **units = NULL;
	int units_error = 0;
	bool units_loaded = false;
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
		const cJSON *d = settings_get(&dc->src[DAEMONCONF_DEFAULT], "hosts");
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
			PUSH(listen_addr_normalize(e->valuestring, tls, def));
			if (!str_startswith(out[n - 1], "fd://"))
				continue;
			/* socket activation: the sockets are the unit's, TCP ones included */
			if (!units_loaded) {
				units_loaded = true;
				units_error = dockerd_socket_urls(ctx, &units);
			}
			if (units_error == -ENOMEM)
				goto oom;
			if (units_error < 0) {
				strv_free(out);
				dc->listeners_error = -EIO;
				dc->listeners_why = xasprintf(
				    "dockerd is socket-activated (%s) but the docker.socket unit "
				    "cannot be read: %s",
				    hv.origin, strerror(-units_error));
				return dc->listeners_why ? 0 : -ENOMEM;
			}
			for (char **u = units; u && *u; u++)
				PUSH(xstrdup(*u));
		}
	} else if (cJSON_IsString(hv.value)) {
		PUSH(listen_addr_normalize(hv.value->valuestring, tls, def));
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

static void daemonconf_release(void *ptr)
{
	struct daemonconf *dc = ptr;
	for (int i = 0; i < SRC_N; i++)
		settings_release(&dc->src[i]);
	settings_release(&dc->api_partial);
	for (int i = 0; i < _EP_MAX; i++)
		free(dc->api_error[i]);
	free(dc->file);
	strv_free(dc->listeners);
	free(dc->listeners_why);
	free(dc->endpoint);
}

static int daemonconf_load(struct audit_ctx *ctx, void *fact, const char *key)
{
	(void)key;
	struct daemonconf *dc = fact;
	const struct dockerd_scan *scan;
	for (int i = 0; i < SRC_N; i++)
		if (settings_init(&dc->src[i]) < 0)
			return -ENOMEM;
	if (settings_init(&dc->api_partial) < 0)
		return -ENOMEM;
	int r = api_load(ctx, dc);
	if (r < 0)
		return r;
	r = ctx_dockerd(ctx, &scan);
	if (r < 0)
		return r;
	dc->endpoint = xstrdup(scan->endpoint);
	if (!dc->endpoint)
		return -ENOMEM;
	const struct dockerd *chosen = scan->serving;
	if (scan->error)
		settings_fail(&dc->src[DAEMONCONF_CMDLINE], "%s", scan->error);
	if (chosen) {
		dc->pid = chosen->pid;
		r = file_source_from(dc, chosen, NULL);
		if (r >= 0)
			r = cmdline_source_from(dc, chosen);
	} else if (scan->has_assumed) {
		/* the default socket: the default file, and say it was assumed */
		r = file_source_from(dc, &scan->assumed,
				     "assumed: the dockerd serving it is not visible");
	} else {
		settings_fail(&dc->src[DAEMONCONF_FILE],
			      "the config file of the dockerd serving '%s' is unknown: %s",
			      dc->endpoint,
			      dc->src[DAEMONCONF_CMDLINE].error ? dc->src[DAEMONCONF_CMDLINE].error
								: "not found");
		r = 0;
	}
	if (r < 0)
		return r;
	r = defaults_load(dc, chosen);
	if (r < 0)
		return r;
	return listeners_build(ctx, dc);
}

static const struct ctx_fact_type daemonconf_type = {
    .name = "daemonconf",
    .size = sizeof(struct daemonconf),
    .load = daemonconf_load,
    .release = daemonconf_release,
};

/* ---- the public interface ---- */

const struct daemonconf *ctx_daemonconf_peek(struct audit_ctx *c)
{
	return ctx_fact_peek(c, &daemonconf_type, NULL);
}

int ctx_daemonconf(struct audit_ctx *c, const struct daemonconf **ret, const char **ret_error)
{
	void *f;
	int r = ctx_fact(c, &daemonconf_type, NULL, &f);
	if (r < 0) {
		if (ret_error)
			*ret_error = "out of memory";
		return r;
	}
	*ret = f;
	return 0;
}

static int value_from(const struct daemonconf *dc, const struct settings *s,
		      enum daemonconf_source which, const char *key, struct daemonconf_value *ret)
{
	(void)dc;
	const cJSON *v = settings_get(s, key);
	if (!v)
		return -ENOENT;
	*ret = (struct daemonconf_value){
	    .value = v, .source = which, .origin = settings_origin(s, key)};
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
	if (settings_get(&dc->src[DAEMONCONF_API], key) ||
	    settings_get(&dc->src[DAEMONCONF_CMDLINE], key) ||
	    settings_get(&dc->src[DAEMONCONF_FILE], key))
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

/* ---- explicitly configured settings, for the facts that locate things ---- */

static const struct daemonconf *explicit_daemonconf(struct audit_ctx *c)
{
	const struct daemonconf *dc = NULL;
	if (ctx_daemonconf(c, &dc, NULL) < 0)
		return NULL;
	return dc;
}

int daemonconf_setting(struct audit_ctx *c, const char *key, const char **ret,
		       const char **ret_source)
{
	const struct daemonconf *dc = explicit_daemonconf(c);
	struct daemonconf_value v;
	const char *s;
	if (!dc)
		return -ENOENT;
	/* -EIO (a source that could set it was unreadable) leaves it unknown: the caller's
	 * fallback decides and says so */
	if (daemonconf_get_string(dc, key, &s, &v) < 0 || v.source == DAEMONCONF_DEFAULT || !*s)
		return -ENOENT;
	*ret = s;
	*ret_source = daemonconf_source_name(v.source);
	return 0;
}

int daemonconf_runtime_path(struct audit_ctx *c, const char *name, const char **ret)
{
	const struct daemonconf *dc = explicit_daemonconf(c);
	struct daemonconf_value v;
	if (!dc || daemonconf_get(dc, "runtimes", &v) < 0 || !cJSON_IsObject(v.value))
		return -ENOENT;
	const char *p = json_get_string(cJSON_GetObjectItemCaseSensitive(v.value, name), "path");
	if (!p || !*p)
		return -ENOENT;
	*ret = p;
	return 0;
}
