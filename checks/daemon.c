/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 2: Docker daemon configuration. Every setting comes from the merged view of
 * src/facts/daemonconf.c (the API's effective value first, then the command line of the dockerd
 * serving the audited endpoint, its config file, Docker's defaults); each finding names the
 * daemon.json key, the source that decided and the value read.
 */
#include "common.h"
#include <strings.h>
#include "checks.h"
#include "facts/daemonconf.h"
#include "json.h"
#include "strutil.h"

/* ---- helpers ---- */

/* malloc'ed text of v (cJSON's own buffer is given back to cJSON's allocator). */
static char *json_text(const cJSON *v)
{
	char *s = v ? cJSON_PrintUnformatted(v) : NULL;
	char *copy = xstrdup(s ? s : "null");
	cJSON_free(s);
	return copy;
}

/* "icc=true (GET /networks/bridge ...)" */
static char *describe(const char *key, const struct daemonconf_value *v)
{
	_cleanup_free_ char *t = json_text(v->value);
	return t ? xasprintf("%s=%s (%s)", key, t, v->origin ? v->origin : "?") : NULL;
}

static int add_setting(struct result *res, const char *key, const struct daemonconf_value *v,
		       const char *detail)
{
	_cleanup_free_ char *t = json_text(v->value);
	_cleanup_free_ char *d = detail ? NULL : describe(key, v);
	if (!t || (!detail && !d))
		return -ENOMEM;
	return result_add(res, &(struct finding_spec){.kind = "daemon",
						      .name = key,
						      .detail = detail ? detail : d,
						      .source = daemonconf_source_name(v->source),
						      .value = t});
}

/* The merged configuration, or an ERROR verdict (1). */
static int load(struct audit_ctx *ctx, struct result *res, const struct daemonconf **ret)
{
	const char *err = NULL;
	int r = ctx_daemonconf(ctx, ret, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return result_error(res, "cannot read the daemon's configuration: %s",
				    err ? err : strerror(-r)) < 0
			   ? -ENOMEM
			   : 1;
	return 0;
}

/* The value of key, or an ERROR verdict that says which source could not be read (1). */
static int get(const struct daemonconf *dc, struct result *res, const char *key,
	       struct daemonconf_value *v)
{
	int r = daemonconf_get(dc, key, v);
	if (r == 0)
		return 0;
	if (r == -EIO)
		r = result_error(res, "cannot tell the daemon's '%s': %s", key,
				 daemonconf_why(dc, key) ? daemonconf_why(dc, key) : "unreadable");
	else if (r == -ENOENT)
		r = result_error(res, "nothing sets '%s' and Docker has no default for it", key);
	return r < 0 ? r : 1;
}

static int get_bool(const struct daemonconf *dc, struct result *res, const char *key, bool *ret,
		    struct daemonconf_value *v)
{
	int r = get(dc, res, key, v);
	if (r != 0)
		return r;
	if (!cJSON_IsBool(v->value)) {
		_cleanup_free_ char *d = describe(key, v);
		r = result_error(res, "'%s' is not a boolean: %s", key, d ? d : key);
		return r < 0 ? r : 1;
	}
	*ret = cJSON_IsTrue(v->value);
	return 0;
}

static int get_string(const struct daemonconf *dc, struct result *res, const char *key,
		      const char **ret, struct daemonconf_value *v)
{
	int r = get(dc, res, key, v);
	if (r != 0)
		return r;
	if (!cJSON_IsString(v->value) || !v->value->valuestring) {
		_cleanup_free_ char *d = describe(key, v);
		r = result_error(res, "'%s' is not a string: %s", key, d ? d : key);
		return r < 0 ? r : 1;
	}
	*ret = v->value->valuestring;
	return 0;
}

/* Every check starts the same way: the configuration, then one or more values. */
#define LOAD(ctx, res, dc)                                                                         \
	do {                                                                                       \
		int r_ = load(ctx, res, &(dc));                                                    \
		if (r_ != 0)                                                                       \
			return r_ < 0 ? r_ : 0;                                                    \
	} while (0)
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		int r_ = (expr);                                                                   \
		if (r_ != 0)                                                                       \
			return r_ < 0 ? r_ : 0;                                                    \
	} while (0)

/* ---- one boolean setting that must have one value (2.2, 2.4, 2.14, 2.15, 2.16, 2.18) ---- */

struct bool_rule {
	const char *key;
	bool want;
	const char *good; /* what the wanted value means */
	const char *bad; /* what the other one means */
	bool bridge_only; /* a setting of the default bridge: SKIP without one */
};

static int daemon_bool_setting(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct bool_rule *rule = chk->arg;
	const struct daemonconf *dc;
	struct daemonconf_value v;
	bool b = false;
	LOAD(ctx, res, dc);
	int bridge_r = 0;
	if (rule->bridge_only) {
		/* no default bridge: nothing to restrict */
		struct daemonconf_value bv;
		bridge_r = daemonconf_get(dc, "bridge", &bv);
		if (bridge_r == 0 && cJSON_IsString(bv.value) &&
		    strcmp(bv.value->valuestring, "none") == 0)
			return result_skip(res,
					   "the daemon has no default bridge network (bridge=none, "
					   "%s)",
					   bv.origin);
	}
	TRY(get_bool(dc, res, rule->key, &b, &v));
	if (b != rule->want && bridge_r == -EIO)
		return result_error(res,
				    "%s is %s (%s), but whether the daemon has a default bridge "
				    "cannot be told: %s",
				    rule->key, b ? "true" : "false", v.origin,
				    daemonconf_why(dc, "bridge"));
	if (b == rule->want)
		return result_pass(res, "%s: %s is %s (%s)", rule->good, rule->key,
				   b ? "true" : "false", v.origin);
	_cleanup_free_ char *d =
	    xasprintf("%s=%s: %s (%s)", rule->key, b ? "true" : "false", rule->bad, v.origin);
	if (!d)
		return -ENOMEM;
	TRY(add_setting(res, rule->key, &v, d));
	return result_fail(res, "%s: %s is %s (%s)", rule->bad, rule->key, b ? "true" : "false",
			   v.origin);
}

/* ---- 2.1 rootless ---- */

static int daemon_rootless(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	bool b = false;
	LOAD(ctx, res, dc);
	TRY(get_bool(dc, res, "rootless", &b, &v));
	if (b)
		return result_pass(res, "the daemon runs rootless (%s)", v.origin);
	TRY(add_setting(res, "rootless", &v, NULL));
	long pid = daemonconf_pid(dc);
	char who[64] = "the daemon";
	if (pid > 0)
		snprintf(who, sizeof(who), "dockerd (PID %ld)", pid);
	return result_manual(res,
			     "%s runs as root (%s); where the workloads allow it (no privileged "
			     "containers, ports >= 1024 or a sysctl, supported storage), run it "
			     "rootless",
			     who, v.origin);
}

/* ---- 2.3 log level ---- */

static int daemon_log_level(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value dv, lv;
	bool debug = false;
	const char *level;
	LOAD(ctx, res, dc);
	TRY(get_bool(dc, res, "debug", &debug, &dv));
	TRY(get_string(dc, res, "log-level", &level, &lv));
	bool level_ok = strcasecmp(level, "info") == 0;
	if (!debug && level_ok)
		return result_pass(res, "the daemon logs at level info (%s) without debug (%s)",
				   lv.origin, dv.origin);
	if (debug)
		TRY(add_setting(res, "debug", &dv, NULL));
	if (!level_ok) {
		bool verbose = strcasecmp(level, "debug") == 0 || strcasecmp(level, "trace") == 0;
		_cleanup_free_ char *d = xasprintf(
		    "log-level=%s: %s (%s)", level,
		    verbose ? "debug logs are verbose and may record sensitive request data"
			    : "events at level info that an audit needs are dropped",
		    lv.origin);
		if (!d)
			return -ENOMEM;
		TRY(add_setting(res, "log-level", &lv, d));
	}
	if (debug)
		return result_fail(res, "the daemon runs with debug logging (debug=true, %s)",
				   dv.origin);
	return result_fail(res, "the daemon's log level is '%s', not info (%s)", level, lv.origin);
}

/* ---- 2.5 insecure registries ---- */

/* Always insecure, built into dockerd; not the operator's choice. */
static bool builtin_insecure(const char *s)
{
	return strcmp(s, "127.0.0.0/8") == 0 || strcmp(s, "::1/128") == 0;
}

static int daemon_insecure_registries(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	LOAD(ctx, res, dc);
	TRY(get(dc, res, "insecure-registries", &v));
	if (!cJSON_IsArray(v.value))
		return result_error(res, "'insecure-registries' is not a list (%s)", v.origin);
	cJSON *bad = cJSON_CreateArray();
	if (!bad)
		return -ENOMEM;
	const cJSON *e;
	cJSON_ArrayForEach(e, v.value)
	{
		if (cJSON_IsString(e) && e->valuestring && !builtin_insecure(e->valuestring)) {
			/* a registry name can carry credentials: never print them */
			_cleanup_free_ char *shown = str_mask_userinfo(e->valuestring);
			if (!shown) {
				cJSON_Delete(bad);
				return -ENOMEM;
			}
			cJSON_AddItemToArray(bad, cJSON_CreateString(shown));
		}
	}
	int n = cJSON_GetArraySize(bad);
	if (n == 0) {
		cJSON_Delete(bad);
		return result_pass(res,
				   "no insecure registry besides the built-in loopback range "
				   "(%s)",
				   v.origin);
	}
	_cleanup_free_ char *list = NULL;
	cJSON_ArrayForEach(e, bad)
	{
		char *l = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", e->valuestring);
		free(list);
		list = l;
		if (!list) {
			cJSON_Delete(bad);
			return -ENOMEM;
		}
	}
	_cleanup_free_ char *d =
	    xasprintf("pulls and pushes to %s skip TLS verification (%s)", list, v.origin);
	struct daemonconf_value bv = v;
	bv.value = bad;
	int r = d ? add_setting(res, "insecure-registries", &bv, d) : -ENOMEM;
	cJSON_Delete(bad);
	if (r < 0)
		return r;
	return result_fail(res, "%d insecure registr%s: %s (%s)", n, n == 1 ? "y" : "ies", list,
			   daemonconf_source_name(v.source));
}

/* ---- 2.6 aufs, 2.11 devicemapper base size ---- */

/* The row's arg names the driver that must not be in use ("aufs", "devicemapper"). */
static int daemon_storage_driver_not(struct audit_ctx *ctx, const struct check *chk,
				     struct result *res)
{
	const char *bad = chk->arg;
	const struct daemonconf *dc;
	struct daemonconf_value v;
	const char *driver = NULL;
	LOAD(ctx, res, dc);
	TRY(get_string(dc, res, "storage-driver", &driver, &v));
	if (strcmp(driver, bad) != 0)
		return result_pass(res, "the storage driver is %s, not %s (%s)", driver, bad,
				   v.origin);
	TRY(add_setting(res, "storage-driver", &v, NULL));
	return result_fail(res, "the daemon uses the %s storage driver (%s)", bad, v.origin);
}

static int daemon_base_device_size(struct audit_ctx *ctx, const struct check *chk,
				   struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v, ov;
	const char *driver;
	LOAD(ctx, res, dc);
	TRY(get_string(dc, res, "storage-driver", &driver, &v));
	if (strcmp(driver, "devicemapper") != 0)
		return result_skip(res,
				   "the storage driver is %s; dm.basesize applies only to "
				   "devicemapper (%s)",
				   driver, v.origin);
	TRY(get(dc, res, "storage-opts", &ov));
	const cJSON *e, *opts = cJSON_IsArray(ov.value) ? ov.value : NULL;
	cJSON_ArrayForEach(e, opts)
	{
		if (!cJSON_IsString(e) || !e->valuestring)
			continue;
		if (strncasecmp(e->valuestring, "dm.basesize=", strlen("dm.basesize=")) == 0) {
			_cleanup_free_ char *d =
			    xasprintf("storage-opts sets %s (%s)", e->valuestring, ov.origin);
			struct daemonconf_value one = ov;
			one.value = e;
			if (!d)
				return -ENOMEM;
			TRY(add_setting(res, "storage-opts", &one, d));
			return result_fail(res, "the base device size is changed: %s (%s)",
					   e->valuestring, ov.origin);
		}
	}
	return result_pass(res, "devicemapper keeps its default base device size (%s)", ov.origin);
}

/* ---- 2.7 TLS on TCP sockets ---- */

/* TCP endpoints that the daemon itself warns about in /info Warnings. */
static int api_tcp_warnings(struct audit_ctx *ctx, char ***ret)
{
	const cJSON *info;
	_cleanup_strv_free_ char **out = calloc(1, sizeof(char *));
	if (!out)
		return -ENOMEM;
	if (ctx_docker_info(ctx, &info, NULL) == 0) {
		const cJSON *w;
		size_t n = 0;
		cJSON_ArrayForEach(w, json_get_array(info, "Warnings"))
		{
			if (!cJSON_IsString(w) || !w->valuestring ||
			    !strstr(w->valuestring, "API is accessible on "))
				continue;
			const char *s = strstr(w->valuestring, "API is accessible on ") +
					strlen("API is accessible on ");
			size_t len = strcspn(s, " ");
			char **nn = realloc(out, (n + 2) * sizeof(char *));
			if (!nn)
				return -ENOMEM;
			out = nn;
			out[n] = xasprintf("%.*s %s", (int)len, s,
					   strstr(s, "without encryption") ? "without encryption"
									   : "without TLS client "
									     "verification");
			out[++n] = NULL;
			if (!out[n - 1])
				return -ENOMEM;
		}
	}
	*ret = TAKE_PTR(out);
	return 0;
}

static int daemon_tls_on_tcp(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value hv, vv, tv;
	char *const *listeners = NULL;
	_cleanup_strv_free_ char **warned = NULL;
	LOAD(ctx, res, dc);
	TRY(api_tcp_warnings(ctx, &warned));

	/* the daemon's own warning settles it, whatever the files say */
	if (warned[0]) {
		for (char **w = warned; *w; w++) {
			cJSON *val = cJSON_CreateString(*w);
			if (!val)
				return -ENOMEM;
			struct daemonconf_value wv = {
			    .value = val, .source = DAEMONCONF_API, .origin = "GET /info Warnings"};
			_cleanup_free_ char *d = xasprintf("the API is accessible on %s (GET /info "
							   "Warnings)",
							   *w);
			int r = d ? add_setting(res, "tlsverify", &wv, d) : -ENOMEM;
			cJSON_Delete(val);
			if (r < 0)
				return r;
		}
		return result_fail(res, "the daemon reports its API is accessible on %s%s",
				   warned[0], warned[1] ? " and more" : "");
	}

	int r = daemonconf_listeners(dc, &listeners, &hv);
	if (r == -EIO)
		return result_error(res, "cannot tell where the daemon listens: %s",
				    daemonconf_why(dc, "hosts") ? daemonconf_why(dc, "hosts")
								: "unreadable");
	if (r < 0)
		return r;
	_cleanup_free_ char *tcp = NULL, *all = NULL;
	for (char *const *l = listeners; l && *l; l++) {
		char *a = xasprintf("%s%s%s", all ? all : "", all ? ", " : "", *l);
		free(all);
		all = a;
		if (!all)
			return -ENOMEM;
		if (!str_startswith(*l, "tcp://"))
			continue;
		char *t = xasprintf("%s%s%s", tcp ? tcp : "", tcp ? ", " : "", *l);
		free(tcp);
		tcp = t;
		if (!tcp)
			return -ENOMEM;
	}
	if (!tcp)
		return result_skip(res, "the daemon listens on no TCP socket (%s; hosts from %s)",
				   all ? all : "none", hv.origin);

	bool verify, tls;
	TRY(get_bool(dc, res, "tlsverify", &verify, &vv));
	TRY(get_bool(dc, res, "tls", &tls, &tv));
	if (verify) {
		const char *ca = NULL, *cert = NULL, *key = NULL;
		struct daemonconf_value x;
		TRY(get_string(dc, res, "tlscacert", &ca, &x));
		TRY(get_string(dc, res, "tlscert", &cert, &x));
		TRY(get_string(dc, res, "tlskey", &key, &x));
		return result_pass(res,
				   "%s requires TLS client certificates (tlsverify=true, %s; "
				   "CA %s, certificate %s, key %s)",
				   tcp, vv.origin, ca, cert, key);
	}
	_cleanup_free_ char *d = xasprintf(
	    "%s %s: anyone who reaches it controls the daemon (tlsverify=false, %s)", tcp,
	    tls ? "uses TLS without verifying clients" : "is served without TLS", vv.origin);
	if (!d)
		return -ENOMEM;
	TRY(add_setting(res, "tlsverify", &vv, d));
	return result_fail(res, "the daemon listens on %s %s (hosts from %s)", tcp,
			   tls ? "with TLS but without client verification" : "without TLS",
			   hv.origin);
}

/* ---- 2.8 default ulimits ---- */

static int daemon_default_ulimits(struct audit_ctx *ctx, const struct check *chk,
				  struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	LOAD(ctx, res, dc);
	TRY(get(dc, res, "default-ulimits", &v));
	_cleanup_free_ char *list = NULL;
	const cJSON *e, *limits = cJSON_IsObject(v.value) ? v.value : NULL;
	cJSON_ArrayForEach(e, limits)
	{
		int64_t soft = 0, hard = 0;
		char *one;
		if (e->string && json_get_int64(e, "Soft", &soft) == 0 &&
		    json_get_int64(e, "Hard", &hard) == 0)
			one =
			    xasprintf("%s=%lld:%lld", e->string, (long long)soft, (long long)hard);
		else
			one = xasprintf("%s", e->string ? e->string : "?");
		char *l = one ? xasprintf("%s%s%s", list ? list : "", list ? ", " : "", one) : NULL;
		free(one);
		free(list);
		list = l;
		if (!list)
			return -ENOMEM;
	}
	TRY(add_setting(res, "default-ulimits", &v, NULL));
	if (list)
		return result_info(res, "default ulimits: %s (%s); confirm they suit the workloads",
				   list, v.origin);
	return result_manual(
	    res,
	    "no default ulimits are set (%s): containers inherit dockerd's own "
	    "limits; decide whether default-ulimits (e.g. nofile, nproc) should cap "
	    "them",
	    v.origin);
}

/* ---- 2.9 user namespaces ---- */

static int daemon_userns(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v, rv;
	bool rootless = false;
	LOAD(ctx, res, dc);
	TRY(get_bool(dc, res, "rootless", &rootless, &rv));
	if (rootless)
		return result_pass(res,
				   "the daemon runs rootless: container root maps to an "
				   "unprivileged user (%s)",
				   rv.origin);
	TRY(get(dc, res, "userns-remap", &v));
	if (cJSON_IsTrue(v.value) ||
	    (cJSON_IsString(v.value) && v.value->valuestring && *v.value->valuestring)) {
		_cleanup_free_ char *d = describe("userns-remap", &v);
		return d ? result_pass(res, "user namespace remapping is on: %s", d) : -ENOMEM;
	}
	_cleanup_free_ char *d = xasprintf(
	    "userns-remap is not set: root in a container is root on the host (%s)", v.origin);
	if (!d)
		return -ENOMEM;
	TRY(add_setting(res, "userns-remap", &v, d));
	return result_fail(res, "user namespace remapping is off (%s)", v.origin);
}

/* ---- 2.10 cgroup parent ---- */

static int daemon_cgroup_parent(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	const char *parent;
	LOAD(ctx, res, dc);
	TRY(get_string(dc, res, "cgroup-parent", &parent, &v));
	const cJSON *info;
	const char *driver = NULL;
	if (ctx_docker_info(ctx, &info, NULL) == 0)
		driver = json_get_string(info, "CgroupDriver");
	const char *def = driver && strcmp(driver, "systemd") == 0 ? "system.slice" : "/docker";
	if (!*parent || strcmp(parent, def) == 0)
		return result_pass(res, "containers use the default cgroup parent %s (%s)", def,
				   v.origin);
	_cleanup_free_ char *d = xasprintf("cgroup-parent=%s: containers are placed under it "
					   "instead of %s; confirm it is intended (%s)",
					   parent, def, v.origin);
	if (!d)
		return -ENOMEM;
	TRY(add_setting(res, "cgroup-parent", &v, d));
	return result_fail(res, "the default cgroup parent is changed to '%s' (%s)", parent,
			   v.origin);
}

/* ---- 2.12 authorization plugins ---- */

static int daemon_authz_plugins(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	LOAD(ctx, res, dc);
	TRY(get(dc, res, "authorization-plugins", &v));
	if (cJSON_IsArray(v.value) && cJSON_GetArraySize(v.value) > 0) {
		_cleanup_free_ char *t = json_text(v.value);
		return t ? result_pass(res, "authorization plugins: %s (%s)", t, v.origin)
			 : -ENOMEM;
	}
	_cleanup_free_ char *d = xasprintf("no authorization plugin: every client of the socket "
					   "may do everything (%s)",
					   v.origin);
	if (!d)
		return -ENOMEM;
	TRY(add_setting(res, "authorization-plugins", &v, d));
	return result_fail(res, "no authorization plugin is enabled (%s)", v.origin);
}

/* ---- 2.13 remote logging ---- */

/* Drivers that keep logs only on this host (or nowhere). */
static bool log_driver_local(const char *d)
{
	return !*d || strcmp(d, "json-file") == 0 || strcmp(d, "local") == 0 ||
	       strcmp(d, "none") == 0;
}

/* Drivers that hand logs to a collector (syslog and journald can forward them). */
static bool log_driver_remote(const char *d)
{
	static const char *const known[] = {"syslog", "journald", "gelf",    "fluentd",	  "awslogs",
					    "splunk", "gcplogs",  "etwlogs", "logentries"};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(d, known[i]) == 0)
			return true;
	return false;
}

static int container_local_log(struct audit_ctx *ctx, const struct container *c, void *arg,
			       char **ret_detail, char **ret_value)
{
	const char *t = c->inspect->log_type.v;
	if (!t || !log_driver_local(t))
		return 0;
	*ret_detail = xasprintf("LogConfig.Type=%s", t);
	*ret_value = xstrdup(t);
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

static int daemon_remote_logging(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	const char *driver;
	LOAD(ctx, res, dc);
	TRY(get_string(dc, res, "log-driver", &driver, &v));
	if (log_driver_local(driver)) {
		_cleanup_free_ char *d =
		    xasprintf("log-driver=%s keeps container logs on this host "
			      "(%s)",
			      *driver ? driver : "\"\"", v.origin);
		if (!d)
			return -ENOMEM;
		TRY(add_setting(res, "log-driver", &v, d));
		return result_fail(res, "the default log driver %s keeps logs on this host (%s)",
				   driver, v.origin);
	}
	if (!log_driver_remote(driver)) {
		TRY(add_setting(res, "log-driver", &v, NULL));
		return result_manual(res,
				     "the default log driver is '%s' (%s), a plugin: confirm "
				     "it ships logs off the host",
				     driver, v.origin);
	}
	/* containers can override the default; those that keep logs locally are not covered */
	int r = check_each_container(ctx, res, container_local_log, NULL,
				     "override the default log driver with a local one",
				     "overrides it with a local driver");
	if (r < 0 || res->status != DA_PASS)
		return r;
	_cleanup_free_ char *d = TAKE_PTR(res->detail);
	return result_pass(res, "the default log driver is %s (%s); %s", driver, v.origin, d);
}

/* ---- 2.17 seccomp ---- */

static int daemon_seccomp_profile(struct audit_ctx *ctx, const struct check *chk,
				  struct result *res)
{
	const struct daemonconf *dc;
	struct daemonconf_value v;
	const char *profile;
	LOAD(ctx, res, dc);
	TRY(get_string(dc, res, "seccomp-profile", &profile, &v));
	if (strcmp(profile, "unconfined") == 0) {
		_cleanup_free_ char *d =
		    xasprintf("seccomp-profile=unconfined: containers may call "
			      "every system call (%s)",
			      v.origin);
		if (!d)
			return -ENOMEM;
		TRY(add_setting(res, "seccomp-profile", &v, d));
		return result_fail(res, "containers run without a seccomp profile by default (%s)",
				   v.origin);
	}
	if (!*profile || strcmp(profile, "default") == 0 || strcmp(profile, "builtin") == 0)
		return result_pass(res,
				   "containers get Docker's built-in default seccomp profile "
				   "(%s); a custom profile is only needed where it should be "
				   "stricter",
				   v.origin);
	return result_pass(res, "containers get the custom seccomp profile %s (%s)", profile,
			   v.origin);
}

/* ---- the table ---- */

#define JUDGED_SOURCES                                                                             \
	" Values come from the daemon that serves the audited endpoint: what the Engine API "      \
	"reports first, then the command line of that dockerd (the process holding the "           \
	"endpoint's listening socket, by the socket's inode in /proc; by its -H/hosts only when "  \
	"that cannot be proved, and the report says so), its config file (--config-file, "         \
	"rootless and snap locations included, parsed as JSON), "                                  \
	"then Docker's default; the finding names the key, the source and the value. A source "    \
	"that could not be read is an ERROR, never a default."

static const struct check checks[] = {
    {
	.id = "2.1",
	.key = "daemon-rootless",
	.title = "Run the Docker daemon as a non-root user, if possible",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP,
	.run = daemon_rootless,
	.rationale = "A daemon running as root turns any escape from a container or abuse of "
		     "the API into root on the host. Rootless mode runs dockerd and the "
		     "containers inside a user namespace of an unprivileged user.",
	.judged = "PASS when the daemon runs rootless (/info SecurityOptions name=rootless, "
		  "or the 'rootless' setting); otherwise MANUAL, because the benchmark asks "
		  "for it only where the workloads allow it (no privileged containers, "
		  "limited networking and storage drivers)." JUDGED_SOURCES,
	.remediation = "Install and use the rootless daemon for the service user:\n"
		       "  dockerd-rootless-setuptool.sh install\n"
		       "  export DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock\n"
		       "See https://docs.docker.com/engine/security/rootless/",
    },
    {
	.id = "2.2",
	.key = "icc-restricted",
	.title = "Ensure network traffic is restricted between containers on the default "
		 "bridge",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"icc", false,
					 "containers on the default bridge cannot talk to "
					 "each other",
					 "containers on the default bridge can reach every "
					 "other one",
					 true},
	.rationale = "With inter-container communication on, every container on the "
		     "default bridge can reach every port of every other one; a compromised "
		     "container can probe and attack its neighbours.",
	.judged = "The effective value is the default bridge network's option "
		  "com.docker.network.bridge.enable_icc (GET /networks/bridge), not only "
		  "what the files say. SKIP when the daemon has no default bridge "
		  "(bridge=none). User-defined networks are not judged here." JUDGED_SOURCES,
	.remediation = "Set in {{$daemon-json}} and restart dockerd:\n"
		       "  { \"icc\": false }\n"
		       "Link the containers that must talk on a user-defined network "
		       "(docker network create) instead.",
    },
    {
	.id = "2.3",
	.key = "log-level-info",
	.title = "Ensure the logging level is set to 'info'",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_log_level,
	.rationale = "Level info records the events worth reviewing later; debug logs are "
		     "voluminous and can record sensitive request data, and warn or above "
		     "drop events an investigation needs.",
	.judged = "FAIL when debug is on (-D/--debug, \"debug\": true, /info Debug) or the "
		  "log level (-l/--log-level, \"log-level\") is anything but info; both "
		  "are named. A level set on the command line counts (other tools read only "
		  "daemon.json), and an absent key is Docker's default info." JUDGED_SOURCES,
	.remediation = "Remove -D/--debug and --log-level from the dockerd command line and "
		       "set in {{$daemon-json}}:\n"
		       "  { \"log-level\": \"info\", \"debug\": false }",
    },
    {
	.id = "2.4",
	.key = "iptables-allowed",
	.title = "Ensure Docker is allowed to make changes to iptables",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"iptables", true,
					 "Docker manages the firewall rules for its networks",
					 "Docker does not manage iptables: container "
					 "networking and isolation depend on hand-written "
					 "rules",
					 false},
	.rationale = "Docker keeps the firewall consistent with the networks and published "
		     "ports it creates; with iptables off, isolation between networks and "
		     "the exposure of published ports depend on rules kept by hand.",
	.judged = "FAIL when iptables is false (--iptables=false or \"iptables\": false); "
		  "the API does not expose it, so the command line and file decide, and "
		  "their absence means Docker's default true." JUDGED_SOURCES,
	.remediation = "Remove --iptables=false from the dockerd command line and "
		       "\"iptables\": false from {{$daemon-json}}, then restart dockerd.",
    },
    {
	.id = "2.5",
	.key = "no-insecure-registries",
	.title = "Ensure insecure registries are not used",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE,
	.run = daemon_insecure_registries,
	.rationale = "An insecure registry is reached without TLS verification: anyone on "
		     "the path can read the images and substitute their own.",
	.judged = "The effective list is /info RegistryConfig (InsecureRegistryCIDRs and "
		  "IndexConfigs with Secure=false). The loopback ranges 127.0.0.0/8 and "
		  "::1/128 are built into dockerd and ignored (other tools count them and "
		  "always fail); every other entry is listed in one finding." JUDGED_SOURCES,
	.remediation = "Remove the registries from \"insecure-registries\" in {{$daemon-json}} "
		       "(and --insecure-registry flags), give the registries TLS "
		       "certificates (/etc/docker/certs.d/<registry>/ca.crt), restart "
		       "dockerd.",
    },
    {
	.id = "2.6",
	.key = "no-aufs",
	.title = "Ensure aufs storage driver is not used",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS | DA_STRIDE_EOP,
	.run = daemon_storage_driver_not,
	.arg = "aufs",
	.rationale = "aufs is an out-of-tree, unmaintained driver with known kernel "
		     "crashes and security bugs; Engine 24 removed it.",
	.judged = "FAIL when the storage driver in use (/info Driver) is aufs." JUDGED_SOURCES,
	.remediation = "Move to overlay2: back up the images and volumes you need, set "
		       "{ \"storage-driver\": \"overlay2\" } in {{$daemon-json}} and restart "
		       "dockerd (images must be pulled again).",
    },
    {
	.id = "2.7",
	.key = "daemon-tls",
	.title = "Ensure TLS authentication for Docker daemon is configured",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_CRITICAL,
	.stride =
	    DA_STRIDE_SPOOFING | DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_tls_on_tcp,
	.rationale = "Anyone who can reach a TCP socket of the API without client "
		     "certificate verification controls the daemon, which is root on the "
		     "host.",
	.judged =
	    "The listeners are the daemon's -H flags or \"hosts\" (normalised as "
	    "dockerd does), with fd:// expanded through the docker.socket unit's "
	    "ListenStream entries, so socket-activated TCP listeners count too; a "
	    "\"tcp://\" inside other settings (log-opts) does not. SKIP without a TCP "
	    "listener. Otherwise tlsverify must be true (--tlsverify, \"tlsverify\", "
	    "or DOCKER_TLS_VERIFY in dockerd's environment; --tlsverify=false counts "
	    "as false). The daemon's own /info warning about an API reachable without "
	    "encryption or client verification is a FAIL whatever the files say." JUDGED_SOURCES,
	.remediation = "Create a CA, a server certificate and key, then in {{$daemon-json}}:\n"
		       "  { \"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\",\n"
		       "    \"tlscert\": \"/etc/docker/server-cert.pem\",\n"
		       "    \"tlskey\": \"/etc/docker/server-key.pem\" }\n"
		       "Or stop listening on TCP (remove tcp:// from -H/\"hosts\" and from "
		       "the docker.socket unit). "
		       "See https://docs.docker.com/engine/security/protect-access/",
    },
    {
	.id = "2.8",
	.key = "default-ulimit",
	.title = "Ensure the default ulimit is configured appropriately",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_default_ulimits,
	.rationale = "Default ulimits cap what each container may take (open files, "
		     "processes), so one container cannot starve the host.",
	.judged = "Whether the limits suit the workloads is a judgement: INFO listing the "
		  "configured default-ulimits (command line --default-ulimit or daemon.json "
		  "objects), MANUAL when none is set." JUDGED_SOURCES,
	.remediation = "Set defaults in {{$daemon-json}} and restart dockerd, e.g.:\n"
		       "  { \"default-ulimits\": { \"nofile\": { \"Name\": \"nofile\", "
		       "\"Soft\": 64000, \"Hard\": 64000 } } }",
    },
    {
	.id = "2.9",
	.key = "userns-remap",
	.title = "Enable user namespace support",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_userns,
	.rationale = "Without user namespace remapping, uid 0 in a container is uid 0 on "
		     "the host; an escape or a writable host mount is then root.",
	.judged = "PASS when remapping is in force (/info SecurityOptions name=userns, or "
		  "userns-remap set) or the daemon is rootless (the containers already "
		  "live in a user namespace); FAIL otherwise, naming userns-remap." JUDGED_SOURCES,
	.remediation = "Set in {{$daemon-json}} and restart dockerd (existing images and "
		       "containers are not visible under the remapped root):\n"
		       "  { \"userns-remap\": \"default\" }",
    },
    {
	.id = "2.10",
	.key = "default-cgroup",
	.title = "Ensure the default cgroup usage has been confirmed",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_cgroup_parent,
	.rationale = "The cgroup parent decides which resource limits apply to all "
		     "containers together; a changed parent can lift or misplace them.",
	.judged =
	    "PASS when cgroup-parent is unset or equals the default for the cgroup "
	    "driver (/docker with cgroupfs, system.slice with systemd); FAIL with the "
	    "value otherwise, to be confirmed (and waived) when intended. Both the "
	    "command line and daemon.json are read (other tools read only one)." JUDGED_SOURCES,
	.remediation = "Remove --cgroup-parent / \"cgroup-parent\" unless the parent is "
		       "intended and its limits are reviewed; then record a waiver.",
    },
    {
	.id = "2.11",
	.key = "base-device-size",
	.title = "Ensure base device size is not changed until needed",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.run = daemon_base_device_size,
	.rationale = "A larger devicemapper base device lets every container grow larger "
		     "and fill the thin pool.",
	.judged = "Only meaningful with the devicemapper driver (/info Driver): SKIP "
		  "otherwise. FAIL when a storage option sets dm.basesize (--storage-opt, "
		  "either '=' or space form, or daemon.json storage-opts)." JUDGED_SOURCES,
	.remediation = "Remove dm.basesize from --storage-opt / \"storage-opts\" unless a "
		       "larger base device is needed, then restart dockerd.",
    },
    {
	.id = "2.12",
	.key = "authz-plugin",
	.title = "Ensure that authorization for Docker client commands is enabled",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_SPOOFING | DA_STRIDE_REPUDIATION,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_authz_plugins,
	.rationale = "Without an authorization plugin, anyone who may open the socket may "
		     "do everything, including starting a privileged container.",
	.judged = "PASS when the daemon has an authorization plugin in force (/info "
		  "Plugins.Authorization, or --authorization-plugin / "
		  "\"authorization-plugins\"); FAIL otherwise." JUDGED_SOURCES,
	.remediation = "Install an authorization plugin (e.g. Open Policy Agent's "
		       "opa-docker-authz) and enable it:\n"
		       "  { \"authorization-plugins\": [\"opa-docker-authz\"] }",
    },
    {
	.id = "2.13",
	.key = "remote-logging",
	.title = "Ensure centralized and remote logging is configured",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_REPUDIATION,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_remote_logging,
	.rationale = "Logs kept only on the host are lost with it and can be erased by "
		     "whoever compromises it.",
	.judged = "FAIL when the default log driver (/info LoggingDriver) keeps logs on the "
		  "host (json-file, local, none); PASS for drivers that hand logs to a "
		  "collector (syslog, journald, gelf, fluentd, awslogs, splunk, gcplogs, "
		  "etwlogs, logentries) unless a container in scope overrides it with a "
		  "local driver (each such container is named); MANUAL for plugin "
		  "drivers." JUDGED_SOURCES,
	.remediation = "Set a remote log driver in {{$daemon-json}} and restart dockerd, e.g.:\n"
		       "  { \"log-driver\": \"syslog\", \"log-opts\": { \"syslog-address\": "
		       "\"tcp://logs.example.com:514\" } }\n"
		       "Recreate containers that override it with --log-driver json-file.",
    },
    {
	.id = "2.14",
	.key = "no-new-privileges-default",
	.title = "Ensure containers are restricted from acquiring new privileges",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"no-new-privileges", true,
					 "containers cannot gain privileges through setuid "
					 "binaries by default",
					 "containers may gain privileges through setuid "
					 "binaries unless each one opts out",
					 false},
	.rationale = "no-new-privileges stops setuid and setcap binaries inside containers "
		     "from raising privileges, a common step of an escape.",
	.judged = "The value is read from /info SecurityOptions name=no-new-privileges on "
		  "engines that report it, else from --no-new-privileges or "
		  "\"no-new-privileges\"; --no-new-privileges=false counts as false (other "
		  "tools pass it)." JUDGED_SOURCES,
	.remediation = "Set in {{$daemon-json}} and restart dockerd:\n"
		       "  { \"no-new-privileges\": true }",
    },
    {
	.id = "2.15",
	.key = "live-restore",
	.title = "Ensure live restore is enabled",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"live-restore", true,
					 "containers keep running while dockerd restarts",
					 "every container stops when dockerd stops or is "
					 "upgraded",
					 false},
	.rationale = "With live restore, containers survive a daemon restart or upgrade, so "
		     "patching the daemon does not mean downtime (and is not put off).",
	.judged = "The effective value is /info LiveRestoreEnabled. Swarm nodes are not "
		  "passed automatically (live restore covers standalone containers on them "
		  "too)." JUDGED_SOURCES,
	.remediation = "Set in {{$daemon-json}} and reload dockerd (SIGHUP is enough):\n"
		       "  { \"live-restore\": true }",
    },
    {
	.id = "2.16",
	.key = "no-userland-proxy",
	.title = "Ensure Userland Proxy is Disabled",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_EOP | DA_STRIDE_DOS,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"userland-proxy", false,
					 "published ports are forwarded by the kernel (no "
					 "docker-proxy)",
					 "a docker-proxy process runs for every published "
					 "port",
					 false},
	.rationale = "The userland proxy is one more root process per published port: more "
		     "attack surface and resource use than the kernel's NAT.",
	.judged = "FAIL when userland-proxy is true (Docker's default); the API does not "
		  "expose it, so the command line (--userland-proxy=false) and file "
		  "decide." JUDGED_SOURCES,
	.remediation = "Set in {{$daemon-json}} and restart dockerd:\n"
		       "  { \"userland-proxy\": false }",
    },
    {
	.id = "2.17",
	.key = "daemon-seccomp",
	.title = "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
	.section = "2",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.run = daemon_seccomp_profile,
	.rationale = "The seccomp profile limits the system calls containers may make; "
		     "without one, every kernel bug reachable by a system call is exposed.",
	.judged = "From /info SecurityOptions name=seccomp,profile=...: FAIL when the "
		  "daemon-wide profile is unconfined or the daemon applies none; PASS with "
		  "the built-in default profile (reported as 'default' or, on Engine 23+, "
		  "'builtin') or a custom profile, named in the detail." JUDGED_SOURCES,
	.remediation = "Remove \"seccomp-profile\": \"unconfined\" (or --seccomp-profile "
		       "unconfined); to apply a stricter profile:\n"
		       "  { \"seccomp-profile\": \"/etc/docker/seccomp.json\" }",
    },
    {
	.id = "2.18",
	.key = "no-experimental",
	.title = "Ensure that experimental features are not implemented in production",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP | DA_STRIDE_DOS,
	.needs = DA_NEED_DOCKERD,
	.run = daemon_bool_setting,
	.arg = &(const struct bool_rule){"experimental", false, "experimental features are off",
					 "experimental, less tested features are on", false},
	.rationale = "Experimental features are not covered by the stability and security "
		     "review of released ones.",
	.judged = "From /info ExperimentalBuild (or /version Experimental), on every engine "
		  "version (another tool stopped judging it after 19.03)." JUDGED_SOURCES,
	.remediation = "Remove --experimental / \"experimental\": true and restart dockerd.",
    },
};

const struct check_section daemon_section = {"2", checks, ARRAY_SIZE(checks)};

/* v1.8.0 and later: a recommendation the earlier editions do not have. */
static const struct check variants[] = {
    {
	.id = "2.7",
	.key = "no-devicemapper",
	.title = "Ensure devicemapper storage driver is not used",
	.section = "2",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS | DA_STRIDE_TAMPERING,
	.run = daemon_storage_driver_not,
	.arg = "devicemapper",
	.rationale = "devicemapper in loop-lvm mode (its default) is slow and fragile, and "
		     "the driver is unmaintained: Engine 25.0 removed it. A daemon still on "
		     "it runs an engine that no longer receives fixes for it.",
	.judged = "FAIL when the storage driver in use (/info Driver) is devicemapper; the "
		  "finding shows the driver and where it came from. Engines from 25.0 "
		  "cannot run it, so it passes there with the driver named." JUDGED_SOURCES,
	.remediation = "Move to overlay2: back up the images and volumes you need, set "
		       "{ \"storage-driver\": \"overlay2\" } in {{$daemon-json}}, "
		       "remove any dm.* storage-opts and restart dockerd (images must be "
		       "pulled again).",
    },
};

const struct check_section daemon_variants = {"2", variants, ARRAY_SIZE(variants)};
