/* SPDX-License-Identifier: Apache-2.0 */
/* Section 7: Docker swarm configuration. */
#include "common.h"
#include <inttypes.h>
#include <time.h>
#include "buf.h"
#include "checks.h"
#include "facts/swarm.h"
#include "json.h"
#include "strutil.h"

/* Docker's default validity of node certificates, and the longest we accept (7.7). */
#define NODE_CERT_DEFAULT_NS (90LL * 24 * 3600 * 1000000000LL)
#define NODE_CERT_MAX_NS NODE_CERT_DEFAULT_NS
/* Raft: more managers than this slow every write and add no useful fault tolerance. */
#define MANAGERS_MAX 7

/* Where a check can be judged: on any swarm node, or only on a manager (the cluster's state,
 * its lists and its Spec are served by managers alone; workers get HTTP 503). */
/* The swarm this node is in. The runner has checked the row's DA_NEED_SWARM(_MANAGER) already,
 * so this fails only for a row without it (an ERROR, never a PASS). 1 with *ret, else 0 with
 * the verdict set. */
static int swarm_of(struct audit_ctx *ctx, struct result *res, bool manager,
		    const struct swarm_info **ret)
{
	_cleanup_free_ char *why = NULL;
	int r = swarm_prerequisite(ctx, manager, ret, &why);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		r = result_error(res, "%s", why);
	else if (r == 0)
		r = result_skip(res, "%s", why);
	else
		return 1;
	return r < 0 ? r : 0;
}

/* A finding about a setting of the swarm itself. */
static int add_swarm_finding(struct result *res, const struct swarm_info *si, const char *name,
			     const char *detail, const char *source, const char *value)
{
	return result_add(res, &(struct finding_spec){.kind = "swarm",
						      .id = si->cluster_id,
						      .name = name,
						      .detail = detail,
						      .source = source,
						      .value = value});
}

/* ---- 7.1 ---- */

static int managers_minimum(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	const cJSON *nodes, *node;
	const char *err = NULL;
	r = ctx_swarm_nodes(ctx, &nodes, &err);
	if (r < 0)
		return result_error(res, "cannot list the swarm's nodes: %s",
				    err ? err : strerror(-r));

	size_t managers = 0, unreachable = 0, shown = 0, unreadable = 0, total = 0;
	struct buf names;
	buf_init(&names, 4096);
	cJSON_ArrayForEach(node, nodes)
	{
		total++;
		/* a node whose role cannot be read might be a manager: the count would be a guess
		 */
		const cJSON *rv = json_get(node, "Spec.Role");
		const cJSON *mv = json_get(node, "ManagerStatus");
		if (!cJSON_IsObject(node) || (rv && !cJSON_IsString(rv)) ||
		    (mv && !cJSON_IsObject(mv) && !cJSON_IsNull(mv)) ||
		    (!rv && !json_get(node, "Spec") && !mv)) {
			unreadable++;
			continue;
		}
		const char *role = json_get_string(node, "Spec.Role");
		const cJSON *ms = json_get_object(node, "ManagerStatus");
		if (!(role ? strcmp(role, "manager") == 0 : ms != NULL))
			continue;
		managers++;
		const char *reach = json_get_string(node, "ManagerStatus.Reachability");
		if (reach && strcmp(reach, "unreachable") == 0)
			unreachable++;
		const char *host = json_get_string(node, "Description.Hostname");
		const char *id = json_get_string(node, "ID");
		const char *label = host ? host : (id ? id : "?");
		if (shown++ < 10)
			(void)buf_printf(&names, "%s%s", shown > 1 ? ", " : "", label);
	}
	_cleanup_free_ char *list = buf_steal(&names);
	if (unreadable)
		return result_error(res,
				    "%zu of %zu entries of GET /nodes could not be read (not an "
				    "object, or Spec.Role or ManagerStatus of the wrong type): the "
				    "managers cannot be counted",
				    unreadable, total);
	if (managers == 0)
		return result_error(res, "GET /nodes lists no manager, yet this node is one");
	_cleanup_free_ char *down =
	    unreachable ? xasprintf(", %zu of them unreachable", unreachable) : xstrdup("");
	if (!list || !down)
		return -ENOMEM;
	size_t tolerated = (managers - 1) / 2;
	if (managers % 2 == 0 || managers > MANAGERS_MAX) {
		_cleanup_free_ char *value = xasprintf("%zu", managers);
		_cleanup_free_ char *detail =
		    xasprintf("%zu managers: %s%s", managers, list, shown > 10 ? ", ..." : "");
		if (!value || !detail)
			return -ENOMEM;
		r = add_swarm_finding(res, si, "managers", detail, "api", value);
		if (r < 0)
			return r;
		if (managers % 2 == 0)
			return result_fail(res,
					   "%zu managers%s: an even number tolerates no more "
					   "failures than %zu (%zu) and adds a node that can "
					   "change the swarm's security settings",
					   managers, down, managers - 1, tolerated);
		return result_fail(res,
				   "%zu managers%s: more than %d, which slows the swarm and "
				   "widens who can change it; %d tolerate the loss of %d",
				   managers, down, MANAGERS_MAX, MANAGERS_MAX, MANAGERS_MAX / 2);
	}
	if (managers == 1)
		return result_pass(res,
				   "1 manager (%s): the minimum; it gives no fault tolerance "
				   "(losing it loses control of the swarm), so add 2 more only "
				   "if the swarm must survive a manager failure",
				   list);
	return result_pass(res, "%zu managers%s, an odd number tolerating the loss of %zu (%s)",
			   managers, down, tolerated, list);
}

/* ---- 7.2 ---- */

static const char *port_role(unsigned port)
{
	return port == SWARM_PORT_MANAGEMENT ? "cluster management" : "gossip, node discovery";
}

/* "[::]:2377/tcp", "0.0.0.0:7946/udp" */
static char *socket_name(const struct swarm_socket *s)
{
	bool v6 = strchr(s->addr, ':') != NULL;
	return xasprintf("%s%s%s:%u/%s", v6 ? "[" : "", s->addr, v6 ? "]" : "", s->port,
			 s->proto[0] == 't' ? "tcp" : "udp");
}

static int swarm_listeners_specific(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, false, &si);
	if (r <= 0)
		return r;
	const struct swarm_sockets *ss;
	const char *err = NULL;
	r = ctx_swarm_sockets(ctx, &ss, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return result_error(res, "cannot read the listening sockets: %s",
				    err ? err : strerror(-r));
	if (ss->n == 0)
		return result_error(res,
				    "no socket on port 2377 or 7946 in %s (%s): the swarm's "
				    "listeners are in another network namespace; run "
				    "docker-audit on the host, or in a container with --pid host",
				    ss->dir, ss->whose);
	size_t wild = 0;
	struct buf good;
	buf_init(&good, 4096);
	for (size_t i = 0; i < ss->n; i++) {
		const struct swarm_socket *s = &ss->items[i];
		_cleanup_free_ char *name = socket_name(s);
		if (!name) {
			buf_release(&good);
			return -ENOMEM;
		}
		if (!s->wildcard) {
			(void)buf_printf(&good, "%s%s", good.len ? ", " : "", name);
			continue;
		}
		wild++;
		_cleanup_free_ char *detail = xasprintf("port %u (%s) listens on every interface",
							s->port, port_role(s->port));
		r = detail ? result_add(res, &(struct finding_spec){.kind = "host",
								    .name = name,
								    .detail = detail,
								    .source = "kernel",
								    .value = s->addr})
			   : -ENOMEM;
		if (r < 0) {
			buf_release(&good);
			return r;
		}
	}
	_cleanup_free_ char *bound = buf_steal(&good);
	if (!bound)
		return -ENOMEM;
	if (wild)
		return result_fail(
		    res,
		    "%zu of %zu swarm sockets listen on every interface (read in %s, "
		    "%s)",
		    wild, ss->n, ss->dir, ss->whose);
	return result_pass(res,
			   "every swarm socket is bound to a specific address: %s (read in %s, "
			   "%s)",
			   bound, ss->dir, ss->whose);
}

/* ---- 7.3 ---- */

static int overlay_networks_encrypted(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	const cJSON *nets, *net;
	const char *err = NULL;
	r = ctx_swarm_networks(ctx, &nets, &err);
	if (r < 0)
		return result_error(res, "cannot list networks: %s", err ? err : strerror(-r));

	size_t overlays = 0, failed = 0, errors = 0;
	cJSON_ArrayForEach(net, nets)
	{
		const char *driver = json_get_string(net, "Driver");
		const char *name = json_get_string(net, "Name");
		const char *id = json_get_string(net, "Id");
		const cJSON *opts = json_get(net, "Options");
		if (driver && strcmp(driver, "overlay") != 0)
			continue;
		bool ingress = false;
		const char *label = name ? name : (id ? id : "(unnamed)");
		if (!driver || !name || (opts && !cJSON_IsObject(opts) && !cJSON_IsNull(opts)) ||
		    (json_get(net, "Ingress") && json_get_bool(net, "Ingress", &ingress) < 0)) {
			errors++;
			r = result_add(res,
				       &(struct finding_spec){
					   .kind = "network",
					   .id = id,
					   .name = label,
					   .detail = "unexpected JSON: Name, Driver, Options or "
						     "Ingress has the wrong type",
					   .source = "api",
					   .error = true});
			if (r < 0)
				return r;
			continue;
		}
		overlays++;
		/* libnetwork encrypts when the option is present, whatever its value */
		if (cJSON_IsObject(opts) && cJSON_GetObjectItemCaseSensitive(opts, "encrypted"))
			continue;
		failed++;
		const char *detail =
		    ingress ? "the ingress (routing-mesh) network is not encrypted; it cannot be "
			      "changed in place: recreate it with --ingress --opt encrypted"
			    : "overlay network created without --opt encrypted";
		r = result_add(res, &(struct finding_spec){.kind = "network",
							   .id = id,
							   .name = name,
							   .detail = detail,
							   .source = "api",
							   .value = "Options.encrypted absent"});
		if (r < 0)
			return r;
	}
	if (failed)
		return result_fail(res, "%zu of %zu overlay network%s not encrypted", failed,
				   overlays, overlays == 1 ? " is" : "s are");
	if (errors)
		return result_error(res, "%zu network%s could not be judged", errors,
				    errors == 1 ? "" : "s");
	if (overlays == 0)
		return result_pass(res, "no overlay networks (not even ingress)");
	return result_pass(res, "all %zu overlay network%s encrypted", overlays,
			   overlays == 1 ? " is" : "s are");
}

/* ---- 7.4 ---- */

/* Add a finding for each credential passed inline in a service's environment; the count. */
static int service_inline_credentials(struct result *res, const cJSON *svc, size_t *ret_n)
{
	const char *name = json_get_string(svc, "Spec.Name");
	const char *id = json_get_string(svc, "ID");
	const char *label = name ? name : (id ? id : "?");
	const cJSON *env = json_get_array(svc, "Spec.TaskTemplate.ContainerSpec.Env"), *e;
	*ret_n = 0;
	cJSON_ArrayForEach(e, env)
	{
		if (!cJSON_IsString(e) || !e->valuestring)
			continue;
		const char *kv = e->valuestring, *eq = strchr(kv, '=');
		if (!eq || eq[1] == '\0' || str_startswith(eq + 1, "/run/secrets/"))
			continue;
		size_t klen = (size_t)(eq - kv);
		if (!swarm_env_name_is_credential(kv, klen))
			continue;
		/* the variable's name only: its value is the secret */
		_cleanup_free_ char *var = xstrndup(kv, klen);
		_cleanup_free_ char *detail =
		    var ? xasprintf("%s is set in the service's environment, readable by anyone "
				    "who can inspect the service or its containers",
				    var)
			: NULL;
		if (!detail)
			return -ENOMEM;
		int r = result_add(res, &(struct finding_spec){.kind = "swarm",
							       .id = id,
							       .name = label,
							       .detail = detail,
							       .source = "api",
							       .value = var});
		if (r < 0)
			return r;
		(*ret_n)++;
	}
	return 0;
}

static int secrets_managed(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	const cJSON *secrets, *services, *svc;
	const char *err = NULL;
	r = ctx_swarm_secrets(ctx, &secrets, &err);
	if (r < 0)
		return result_error(res, "cannot list secrets: %s", err ? err : strerror(-r));
	r = ctx_swarm_services(ctx, &services, &err);
	if (r < 0)
		return result_error(res, "cannot list services: %s", err ? err : strerror(-r));

	size_t n_secrets = (size_t)cJSON_GetArraySize(secrets);
	size_t n_services = 0, using = 0, inline_services = 0, inline_vars = 0;
	size_t bad_secrets = 0, bad_services = 0;
	const cJSON *sec;
	cJSON_ArrayForEach(sec, secrets) bad_secrets += !cJSON_IsObject(sec);
	cJSON_ArrayForEach(svc, services)
	{
		n_services++;
		/* a service whose environment or secret references cannot be read might pass a
		 * credential: it is counted, never judged clean */
		const cJSON *ev = json_get(svc, "Spec.TaskTemplate.ContainerSpec.Env");
		const cJSON *sv = json_get(svc, "Spec.TaskTemplate.ContainerSpec.Secrets");
		bool bad = !cJSON_IsObject(svc) ||
			   (ev && !cJSON_IsArray(ev) && !cJSON_IsNull(ev)) ||
			   (sv && !cJSON_IsArray(sv) && !cJSON_IsNull(sv));
		const cJSON *e;
		cJSON_ArrayForEach(e, (cJSON_IsArray(ev) ? ev : NULL)) bad |= !cJSON_IsString(e);
		if (bad) {
			bad_services++;
			continue;
		}
		const cJSON *refs = json_get_array(svc, "Spec.TaskTemplate.ContainerSpec.Secrets");
		if (refs && cJSON_GetArraySize(refs) > 0)
			using ++;
		size_t n;
		r = service_inline_credentials(res, svc, &n);
		if (r < 0)
			return r;
		inline_vars += n;
		inline_services += n > 0;
	}
	if (inline_services)
		return result_fail(res,
				   "%zu of %zu service%s pass%s %zu credential%s in environment "
				   "variables instead of swarm secrets",
				   inline_services, n_services, n_services == 1 ? "" : "s",
				   inline_services == 1 ? "es" : "", inline_vars,
				   inline_vars == 1 ? "" : "s");
	if (bad_services || bad_secrets)
		return result_error(
		    res,
		    "%zu of %zu services and %zu of %zu secrets listed by the daemon "
		    "could not be read (not an object, or Env or Secrets of the wrong "
		    "type)",
		    bad_services, n_services, bad_secrets, n_secrets);
	if (using)
		return result_pass(res,
				   "%zu of %zu service%s get secrets through docker secret (%zu "
				   "secret%s in the swarm) and none passes a credential in its "
				   "environment",
				   using, n_services, n_services == 1 ? "" : "s", n_secrets,
				   n_secrets == 1 ? "" : "s");
	return result_manual(res,
			     "no service uses a swarm secret (%zu secret%s, %zu service%s): "
			     "make sure services that need credentials get them with docker "
			     "secret, not in images, files or environment variables",
			     n_secrets, n_secrets == 1 ? "" : "s", n_services,
			     n_services == 1 ? "" : "s");
}

/* ---- 7.5, 7.6 ---- */

/* AutoLockManagers of the cluster's Spec: 0 and *ret, or a verdict set (returns 0 with
 * *ret_decided). A missing value is Docker's default, false. */
static int autolock_setting(const struct swarm_info *si, struct result *res, bool *ret,
			    bool *ret_default, bool *ret_decided)
{
	*ret_decided = false;
	if (!si->cluster) {
		*ret_decided = true;
		return result_error(res, "GET /info has no Swarm.Cluster although this node is a "
					 "manager");
	}
	bool on = false;
	int r = json_get_bool(si->cluster, "Spec.EncryptionConfig.AutoLockManagers", &on);
	if (r < 0 && r != -ENOENT) {
		*ret_decided = true;
		return result_error(res, "unexpected JSON from GET /info: "
					 "Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers is "
					 "not a boolean");
	}
	*ret = on;
	*ret_default = r == -ENOENT;
	return 0;
}

static bool node_locked(struct audit_ctx *ctx)
{
	const struct swarm_info *si;
	return ctx_swarm_info(ctx, &si, NULL) == 0 && si->role == SWARM_ROLE_UNUSABLE &&
	       strcmp(si->state, "locked") == 0;
}

static int autolock_enabled(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	if (node_locked(ctx))
		return result_pass(res,
				   "the node is locked, which only an auto-locked manager is "
				   "after a restart (unlock it with docker swarm unlock to audit "
				   "the rest)");
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	bool on, dflt, decided;
	r = autolock_setting(si, res, &on, &dflt, &decided);
	if (r < 0 || decided)
		return r;
	if (on)
		return result_pass(res,
				   "auto-lock is on: the managers' TLS and raft encryption keys "
				   "are kept encrypted under the unlock key");
	r = add_swarm_finding(res, si, "autolock",
			      "AutoLockManagers=false: the raft and TLS keys "
			      "lie unencrypted on every manager's disk",
			      dflt ? "default" : "api", "false");
	if (r < 0)
		return r;
	return result_fail(res, "auto-lock is off%s", dflt ? " (Docker's default)" : "");
}

static int autolock_key_rotated(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	static const char guidance[] =
	    "the API does not tell when the unlock key was last rotated: rotate it with "
	    "docker swarm unlock-key --rotate as your policy requires, and keep a record";
	if (node_locked(ctx))
		return result_manual(res, "auto-lock is on (the node is locked); %s", guidance);
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	bool on, dflt, decided;
	r = autolock_setting(si, res, &on, &dflt, &decided);
	if (r < 0 || decided)
		return r;
	if (!on)
		return result_skip(res, "auto-lock is off: there is no unlock key to rotate (see "
					"7.5)");
	return result_manual(res, "auto-lock is on; %s", guidance);
}

/* ---- 7.7 ---- */

/* "2160h (90 days)", "90m (0.0625 days)" */
static char *duration_text(int64_t ns)
{
	int64_t sec = ns / 1000000000LL;
	double days = (double)sec / 86400.0;
	const char *unit = "s";
	int64_t n = sec;
	if (sec % 3600 == 0) {
		unit = "h";
		n = sec / 3600;
	} else if (sec % 60 == 0) {
		unit = "m";
		n = sec / 60;
	}
	return xasprintf("%" PRId64 "%s (%g day%s)", n, unit, days, days == 1.0 ? "" : "s");
}

static int node_cert_expiry(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, true, &si);
	if (r <= 0)
		return r;
	if (!si->cluster)
		return result_error(res, "GET /info has no Swarm.Cluster although this node is a "
					 "manager");
	int64_t ns = 0;
	r = json_get_int64(si->cluster, "Spec.CAConfig.NodeCertExpiry", &ns);
	if ((r < 0 && r != -ENOENT) || ns < 0)
		return result_error(res, "unexpected JSON from GET /info: "
					 "Swarm.Cluster.Spec.CAConfig.NodeCertExpiry is not a "
					 "duration in nanoseconds");
	if (r == -ENOENT || ns == 0) /* swarmkit applies its default */
		ns = NODE_CERT_DEFAULT_NS;
	_cleanup_free_ char *text = duration_text(ns);
	_cleanup_free_ char *limit = duration_text(NODE_CERT_MAX_NS);
	if (!text || !limit)
		return -ENOMEM;
	if (ns > NODE_CERT_MAX_NS) {
		_cleanup_free_ char *detail =
		    xasprintf("NodeCertExpiry=%s, longer than %s", text, limit);
		_cleanup_free_ char *value = xasprintf("%" PRId64, ns);
		if (!detail || !value)
			return -ENOMEM;
		r = add_swarm_finding(res, si, "cert-expiry", detail, "api", value);
		if (r < 0)
			return r;
		return result_fail(res,
				   "node certificates are valid for %s, longer than Docker's "
				   "default of %s: a stolen node certificate stays usable that "
				   "long",
				   text, limit);
	}
	if (ns == NODE_CERT_DEFAULT_NS)
		return result_pass(res,
				   "node certificates are valid for %s, Docker's default, and "
				   "renewed automatically; shorten it if your policy asks for "
				   "more frequent rotation",
				   text);
	return result_pass(res, "node certificates are valid for %s and renewed automatically",
			   text);
}

/* ---- 7.8 ---- */

static int date_text(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		return -ERANGE;
	return 0;
}

static int ca_rotated(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, false, &si);
	if (r <= 0)
		return r;
	const struct swarm_root_ca *ca;
	const char *err = NULL;
	r = ctx_swarm_root_ca(ctx, &ca, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return result_error(res, "cannot read the swarm's root CA certificate: %s",
				    err ? err : strerror(-r));
	char issued[32], expires[32];
	if (date_text(ca->not_before, issued, sizeof(issued)) < 0 ||
	    date_text(ca->not_after, expires, sizeof(expires)) < 0)
		return result_error(res, "the root CA certificate's dates are out of range");
	bool rotating = false;
	if (si->cluster)
		(void)json_get_bool(si->cluster, "RootRotationInProgress", &rotating);
	int64_t age = ((int64_t)time(NULL) - ca->not_before) / 86400;
	_cleanup_free_ char *ago = NULL;
	if (age < 0)
		ago = xstrdup("in the future by this host's clock");
	else if (age == 0)
		ago = xstrdup("less than a day ago");
	else
		ago = xasprintf("%" PRId64 " day%s ago", age, age == 1 ? "" : "s");
	if (!ago)
		return -ENOMEM;
	return result_info(res,
			   "the swarm's root CA certificate was issued on %s (%s) and "
			   "expires on %s%s (%s); rotate it with docker swarm ca --rotate as "
			   "your policy requires",
			   issued, ago, expires,
			   rotating || ca->n_certs > 1 ? "; a rotation is in progress" : "",
			   ca->origin);
}

/* ---- 7.9 ---- */

static int planes_separated(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct swarm_info *si;
	int r = swarm_of(ctx, res, false, &si);
	if (r <= 0)
		return r;
	const cJSON *state;
	const char *path = NULL, *err = NULL;
	r = ctx_swarm_state_file(ctx, &state, &path, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return result_error(res, "cannot read the node's swarm state file: %s",
				    err ? err : strerror(-r));
	const cJSON *dp = json_get(state, "DataPathAddr");
	if (dp && !cJSON_IsString(dp) && !cJSON_IsNull(dp))
		return result_error(res, "unexpected JSON in '%s': DataPathAddr is not a string",
				    path);
	const char *data = json_get_string(state, "DataPathAddr");
	const char *mgmt = si->node_addr;
	if (data && data[0] && strcmp(data, mgmt) != 0)
		return result_pass(res,
				   "data traffic uses %s, management traffic %s (%s); make "
				   "sure they are on different interfaces",
				   data, mgmt[0] ? mgmt : "the advertise address", path);
	_cleanup_free_ char *detail =
	    data && data[0]
		? xasprintf("DataPathAddr=%s, the management address", data)
		: xasprintf("no data path address: data traffic (VXLAN) uses the management "
			    "address %s",
			    mgmt[0] ? mgmt : "(the advertise address)");
	if (!detail)
		return -ENOMEM;
	r = result_add(res, &(struct finding_spec){.kind = "swarm",
						   .id = si->node_id[0] ? si->node_id : NULL,
						   .name = "data-path-addr",
						   .detail = detail,
						   .source = "file",
						   .value = data ? data : ""});
	if (r < 0)
		return r;
	return result_fail(res, "management and data traffic share %s (%s)",
			   mgmt[0] ? mgmt : "one address", path);
}

static const struct check checks[] = {
    {
	.id = "7.1",
	.key = "swarm-manager-count",
	.title = "Ensure that the minimum number of manager nodes have been created in a "
		 "swarm",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP | DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM_MANAGER,
	.run = managers_minimum,
	.rationale = "Every manager can change the swarm, its security settings included: "
		     "each one more is one more host whose compromise gives the whole "
		     "swarm. Raft needs a majority of managers, so an even number tolerates "
		     "no more failures than one fewer.",
	.judged = "On a manager, counts the managers in GET /nodes (Spec.Role manager). "
		  "Fails when the count is even (2 tolerate no failure, 4 tolerate one, as "
		  "3 do) or above 7 (Docker's advice); passes 1 (the minimum, without fault "
		  "tolerance, which the detail says), 3, 5 and 7, naming the managers and "
		  "any unreachable. docker-bench-security only looks for one Leader, which "
		  "every swarm has. SKIP outside a swarm and on a worker, which cannot list "
		  "nodes.",
	.remediation = "Keep an odd number of managers, as few as your fault tolerance needs "
		       "(3 tolerate 1 failure, 5 tolerate 2; at most 7):\n"
		       "  docker node ls --filter role=manager\n"
		       "  docker node demote NODE",
    },
    {
	.id = "7.2",
	.key = "swarm-services-bound",
	.title = "Ensure that swarm services are bound to a specific host interface",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM,
	.run = swarm_listeners_specific,
	.rationale = "By default the swarm listens on every interface (--listen-addr "
		     "0.0.0.0:2377): its management and gossip ports are then reachable "
		     "from networks that have no part in the swarm.",
	.judged = "On any swarm node, reads the sockets on port 2377 (TCP, cluster "
		  "management) and 7946 (TCP and UDP, gossip) from /proc/PID/net/{tcp,tcp6,"
		  "udp,udp6} of the dockerd serving the endpoint (else /proc/net, docker-"
		  "audit's own network namespace), under --root. Fails for each one bound to "
		  "0.0.0.0 or :: (ss shows * or [::]); docker-bench-security ignores 7946 and "
		  "Aqua's docker-bench misses the IPv6 wildcard. ERROR when the files cannot be "
		  "read or show no swarm "
		  "socket (another network namespace). SKIP outside a swarm.",
	.remediation = "Create the swarm, or join the node, with a specific listen address "
		       "(the gossip port follows it):\n"
		       "  docker swarm init --listen-addr 10.0.0.5:2377 --advertise-addr "
		       "10.0.0.5\n"
		       "  docker swarm join --listen-addr 10.0.0.6:2377 --advertise-addr "
		       "10.0.0.6 --token TOKEN MANAGER:2377\n"
		       "An existing node must leave the swarm and join again.",
    },
    {
	.id = "7.3",
	.key = "swarm-overlay-encrypted",
	.title = "Ensure that all Docker swarm overlay networks are encrypted",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM_MANAGER,
	.run = overlay_networks_encrypted,
	.rationale = "Traffic between containers on different nodes of an overlay network "
		     "crosses the hosts' network in clear unless the network is encrypted "
		     "(IPsec).",
	.judged = "On a manager, fails for every network of GET /networks with Driver "
		  "overlay whose Options lack \"encrypted\" (libnetwork encrypts when the "
		  "option is present, whatever its value). The built-in ingress network is "
		  "unencrypted by default and fails too, as in the benchmark's audit: its "
		  "detail says that it must be recreated to change. SKIP outside a swarm "
		  "and on a worker, which sees only the networks its tasks use.",
	.remediation = "Create overlay networks encrypted and move services to them:\n"
		       "  docker network create --driver overlay --opt encrypted NAME\n"
		       "  docker service update --network-rm OLD --network-add NAME SERVICE\n"
		       "The ingress network cannot be changed in place; with no service "
		       "publishing ports:\n"
		       "  docker network rm ingress\n"
		       "  docker network create --driver overlay --ingress --opt encrypted "
		       "ingress",
    },
    {
	.id = "7.4",
	.key = "swarm-secrets",
	.title = "Ensure that Docker's secret management commands are used for managing "
		 "secrets in a swarm cluster",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM_MANAGER,
	.run = secrets_managed,
	.rationale = "A credential in a service's environment is readable by anyone who can "
		     "inspect the service or its containers, and ends up in logs and crash "
		     "reports; a swarm secret is encrypted in the raft log and given only to "
		     "the tasks that need it, as a file in memory.",
	.judged = "On a manager, reads GET /secrets and GET /services. Fails for every "
		  "service whose environment (Spec.TaskTemplate.ContainerSpec.Env) sets a "
		  "variable named like a credential (words PASSWORD, SECRET, TOKEN, API_KEY, "
		  "PRIVATE_KEY, PGPASSWORD ...; not *_FILE, *_URL, *_ID ... nor values under "
		  "/run/secrets/), naming the variable, never its value. Passes when at "
		  "least one service uses a swarm secret and none fails; otherwise MANUAL, "
		  "because a secret that exists is not a secret in use, and a swarm "
		  "without secrets may need none (docker-bench-security passes any swarm "
		  "that has one secret). SKIP outside a swarm and on a worker.",
	.remediation = "Keep credentials in swarm secrets and give them to services as "
		       "files:\n"
		       "  docker secret create db_password ./db_password.txt\n"
		       "  docker service update --secret-add db_password --env-rm DB_PASSWORD "
		       "SERVICE\n"
		       "and let the application read /run/secrets/db_password (many images "
		       "accept a VAR_FILE variable for this).",
    },
    {
	.id = "7.5",
	.key = "swarm-autolock",
	.title = "Ensure that swarm manager is run in auto-lock mode",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = autolock_enabled,
	.rationale = "Without auto-lock, the key that encrypts the raft log (with every "
		     "secret in it) and the managers' TLS keys lie on disk unencrypted: a "
		     "copy of /var/lib/docker/swarm is the swarm. With it, a restarted "
		     "manager needs the unlock key.",
	.judged = "On a manager, reads Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers "
		  "from GET /info: fails when false or absent (Docker's default), passes "
		  "when true. A node whose state is \"locked\" passes: only auto-lock locks "
		  "a manager. The unlock key itself (GET /swarm/unlockkey) is never "
		  "requested. SKIP outside a swarm and on a worker.",
	.remediation = "  docker swarm update --autolock=true\n"
		       "Keep the unlock key it prints in a password manager: a restarted "
		       "manager stays locked until docker swarm unlock is given the key.",
    },
    {
	.id = "7.6",
	.key = "swarm-autolock-rotation",
	.title = "Ensure that the swarm manager auto-lock key is rotated periodically",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON,
	.run = autolock_key_rotated,
	.rationale = "The unlock key is never rotated automatically; a key that leaked once "
		     "unlocks the swarm's keys for as long as it is in use.",
	.judged = "MANUAL with guidance on a manager with auto-lock on: nothing on the node "
		  "or in the API records when the key was last rotated. SKIP when auto-lock "
		  "is off (there is no key; 7.5 fails), outside a swarm and on a worker.",
	.remediation = "  docker swarm unlock-key --rotate\n"
		       "Record when it was done, at the interval your policy sets.",
    },
    {
	.id = "7.7",
	.key = "swarm-node-cert-rotation",
	.title = "Ensure that node certificates are rotated as appropriate",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM_MANAGER,
	.run = node_cert_expiry,
	.rationale = "Node certificates prove a node's identity and role; the shorter their "
		     "validity, the sooner a stolen one stops working. Swarm renews them "
		     "automatically before they expire.",
	.judged = "On a manager, reads Swarm.Cluster.Spec.CAConfig.NodeCertExpiry "
		  "(nanoseconds) from GET /info: fails above 90 days (2160h, Docker's "
		  "default, which the benchmark calls the rotation period to improve on), "
		  "passes otherwise with the value; absent or 0 means the default. "
		  "docker-bench-security passes only the text \"2 days\". SKIP outside a "
		  "swarm and on a worker.",
	.remediation = "  docker swarm update --cert-expiry 720h\n"
		       "(the period your policy sets; Docker's default is 2160h, 90 days)",
    },
    {
	.id = "7.8",
	.key = "swarm-ca-rotation",
	.title = "Ensure that CA certificates are rotated as appropriate",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM,
	.run = ca_rotated,
	.rationale = "Every node certificate chains to the swarm's root CA, which is never "
		     "rotated automatically (it is valid for 20 years); a leaked CA key lets "
		     "anyone mint node certificates until the CA is rotated.",
	.judged = "INFO with the root CA certificate's issue date, age and expiry, read "
		  "from its notBefore/notAfter (a minimal DER walk of the PEM): on a manager "
		  "from GET /info Swarm.Cluster.TLSInfo.TrustRoot, on a worker from "
		  "<data-root>/swarm/certificates/swarm-root-ca.crt under --root. The "
		  "benchmark's audit looks at the file's mtime, which changes without a "
		  "rotation; no rotation period is set by the benchmark, so there is no "
		  "FAIL. SKIP outside a swarm.",
	.remediation = "  docker swarm ca --rotate\n"
		       "at the interval your policy sets; nodes get new certificates "
		       "automatically.",
    },
    {
	.id = "7.9",
	.key = "swarm-plane-separation",
	.title = "Ensure that management plane traffic is separated from data plane traffic",
	.section = "7",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON | DA_NEED_SWARM,
	.run = planes_separated,
	.rationale = "With separate addresses, container traffic cannot starve the swarm's "
		     "control traffic, and each can be filtered and monitored on its own "
		     "network.",
	.judged = "On any swarm node, compares the data path address the node was given "
		  "(DataPathAddr in <data-root>/swarm/docker-state.json under --root, the "
		  "only place dockerd keeps it: the API does not show it, and Status.Addr, "
		  "the benchmark's audit, is the management address) with its management "
		  "address (GET /info Swarm.NodeAddr). Fails when DataPathAddr is unset or "
		  "the same; passes when they differ (whether they are on different "
		  "interfaces is not checked). ERROR when the file cannot be read. SKIP "
		  "outside a swarm.",
	.remediation = "Give data traffic its own interface when the swarm is created or a "
		       "node joins (an existing node must leave and join again):\n"
		       "  docker swarm init --advertise-addr 192.168.0.1 --data-path-addr "
		       "10.1.0.3\n"
		       "  docker swarm join --advertise-addr 192.168.0.2 --data-path-addr "
		       "10.1.0.4 --token TOKEN MANAGER:2377",
    },
};

const struct check_section swarm_section = {"7", checks, ARRAY_SIZE(checks)};
