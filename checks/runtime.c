/* SPDX-License-Identifier: Apache-2.0 */
/* Section 5: container runtime, from the Engine API only: nothing ever runs in a container. */
#include "common.h"
#include <inttypes.h>
#include <stdarg.h>
#include <strings.h>
#include "buf.h"
#include "checks.h"
#include "facts/engine.h"
#include "facts/daemonconf.h"
#include "facts/engine.h"
#include "facts/images.h"
#include "facts/inspect.h"
#include "facts/runtime.h"
#include "json.h"
#include "strutil.h"

/* ---- reading inspect fields: absent is Docker's default, another type is an error ---- */

#define DETAIL_MAX 4096

__attribute__((format(printf, 2, 3))) static int bad_json(char **ret_detail, const char *fmt, ...)
{
	va_list ap;
	char *d = NULL;
	va_start(ap, fmt);
	if (vasprintf(&d, fmt, ap) < 0)
		d = NULL;
	va_end(ap);
	free(*ret_detail);
	*ret_detail = d;
	return -EBADMSG;
}

/* A string field: *ret is NULL when absent or null. */
static int read_string(const struct opt_str *f, const char *path, const char **ret,
		       char **ret_detail)
{
	*ret = f->state == FIELD_SET ? f->v : NULL;
	if (f->state == FIELD_INVALID)
		return bad_json(ret_detail, "unexpected JSON type for %s", path);
	return 0;
}

/* An integer field: def when absent or null. */
static int read_int(const struct opt_int *f, const char *path, int64_t def, int64_t *ret,
		    char **ret_detail)
{
	*ret = f->state == FIELD_SET ? f->v : def;
	if (f->state == FIELD_INVALID)
		return bad_json(ret_detail, "unexpected JSON type for %s", path);
	return 0;
}

static int read_bool(const struct opt_bool *f, const char *path, bool def, bool *ret,
		     char **ret_detail)
{
	*ret = f->state == FIELD_SET ? f->v : def;
	if (f->state == FIELD_INVALID)
		return bad_json(ret_detail, "unexpected JSON type for %s", path);
	return 0;
}

/* A list's state: 0 with *ret_set false when absent or null, an error when of another type. */
static int read_list(uint8_t state, const char *path, bool *ret_set, char **ret_detail)
{
	*ret_set = state == FIELD_SET;
	if (state == FIELD_INVALID)
		return bad_json(ret_detail, "unexpected JSON type for %s", path);
	return 0;
}

/* A list of strings (SecurityOpt, CapAdd ...): every item must be a string. *ret is NULL when
 * absent or null. */
static int read_strings(const struct opt_strv *f, const char *path, const struct opt_strv **ret,
			char **ret_detail)
{
	*ret = f->state == FIELD_SET ? f : NULL;
	if (f->state == FIELD_INVALID)
		return bad_json(ret_detail, "unexpected JSON type for %s", path);
	if (f->state == FIELD_SET && !f->all_strings)
		return bad_json(ret_detail, "unexpected JSON type in %s", path);
	return 0;
}

/* Item i of a string list, NULL when absent or not a string. */
static const char *str_at(const struct opt_strv *l, uint32_t i)
{
	return l && l->state == FIELD_SET && i < l->n ? l->v[i] : NULL;
}

/* The number of items of a list (0 when unset). */
static uint32_t strv_n(const struct opt_strv *l)
{
	return l && l->state == FIELD_SET ? l->n : 0;
}

static int read_privileged(const struct container *c, bool *ret, char **ret_detail)
{
	return read_bool(&c->inspect->privileged, "HostConfig.Privileged", false, ret, ret_detail);
}

/* ---- one finding per offending value, joined into the container's detail ---- */

struct parts {
	struct buf b;
	size_t n;
	bool truncated;
};

static void parts_init(struct parts *p)
{
	buf_init(&p->b, DETAIL_MAX);
	p->n = 0;
	p->truncated = false;
}

__attribute__((format(printf, 3, 4))) static int parts_add(struct parts *p, const char *sep,
							   const char *fmt, ...)
{
	if (p->truncated)
		return 0;
	size_t len = p->b.len;
	int r = p->n ? buf_puts(&p->b, sep) : 0;
	if (r == 0) {
		va_list ap;
		va_start(ap, fmt);
		r = buf_vprintf(&p->b, fmt, ap);
		va_end(ap);
	}
	if (r == -E2BIG) {
		p->b.len = len;
		if (p->b.data)
			p->b.data[len] = '\0';
		p->truncated = true;
		return 0;
	}
	if (r < 0)
		return r;
	p->n++;
	return 0;
}

/* The joined text (malloc'ed), NULL on out of memory; the parts are released. */
static char *parts_take(struct parts *p)
{
	char *s = buf_steal(&p->b);
	if (s && p->truncated) {
		char *t = xasprintf("%s ...", s);
		free(s);
		s = t;
	}
	return s;
}

static void parts_release(struct parts *p)
{
	buf_release(&p->b);
}

/* Hand out detail and value; 1 (the container fails) or -ENOMEM. */
static int hit(char **ret_detail, char **ret_value, char *detail, char *value)
{
	if (!detail || !value) {
		free(detail);
		free(value);
		return -ENOMEM;
	}
	*ret_detail = detail;
	*ret_value = value;
	return 1;
}

/* ---- applying one test to every container in scope ---- */

/* Append a note to the verdict's detail (keeps the status). */
__attribute__((format(printf, 2, 3))) static int note(struct result *res, const char *fmt, ...)
{
	va_list ap;
	char *n = NULL;
	va_start(ap, fmt);
	if (vasprintf(&n, fmt, ap) < 0)
		n = NULL;
	va_end(ap);
	if (!n)
		return -ENOMEM;
	_cleanup_free_ char *d = TAKE_PTR(res->detail);
	int r = result_set(res, res->status, "%s%s", d ? d : "", n);
	free(n);
	return r;
}

/* ---- daemon facts several checks share ---- */

/* /info, which must list the daemon's security options: else ERROR in res, and 1. */
static int info_security(struct audit_ctx *ctx, struct result *res, const cJSON **ret)
{
	const cJSON *info;
	const char *err;
	int r;
	if (ctx_docker_info(ctx, &info, &err) < 0) {
		r = result_error(res, "cannot read the daemon's security options: %s", err);
		return r < 0 ? r : 1;
	}
	if (!json_get_array(info, "SecurityOptions")) {
		r = result_error(res, "the daemon does not report its security options "
				      "(/info SecurityOptions)");
		return r < 0 ? r : 1;
	}
	*ret = info;
	return 0;
}

/* ---- 5.1 swarm mode ---- */

static int swarm_mode_disabled(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const cJSON *info;
	const char *err;
	if (ctx_docker_info(ctx, &info, &err) < 0)
		return result_error(res, "cannot read the daemon's information: %s", err);
	const cJSON *sw = json_get(info, "Swarm");
	const cJSON *st = json_get(info, "Swarm.LocalNodeState");
	if (!cJSON_IsObject(sw) || (st && !cJSON_IsString(st)))
		return result_error(res, "the daemon does not report its swarm state "
					 "(Swarm.LocalNodeState)");
	const char *state = st ? st->valuestring : "";
	if (strcmp(state, "inactive") == 0 || !*state)
		return result_pass(res, "swarm mode is not enabled (Swarm.LocalNodeState=%s)",
				   *state ? state : "(empty)");
	bool manager = false;
	json_get_bool(info, "Swarm.ControlAvailable", &manager);
	const char *node = json_get_string(info, "Swarm.NodeID");
	_cleanup_free_ char *detail =
	    xasprintf("Swarm.LocalNodeState=%s: this node is in a swarm%s", state,
		      manager ? " as a manager" : "");
	if (!detail)
		return -ENOMEM;
	int r = result_add(res, &(struct finding_spec){.kind = "daemon",
						       .id = node && *node ? node : NULL,
						       .name = "swarm",
						       .detail = detail,
						       .source = "api",
						       .value = state});
	if (r < 0)
		return r;
	return result_fail(res,
			   "swarm mode is enabled (%s): leave the swarm if this node does "
			   "not need it",
			   state);
}

/* ---- 5.2 AppArmor, 5.3 SELinux ---- */

/* "apparmor=unconfined" or "apparmor:unconfined" in SecurityOpt: key, then = or :. */
static const char *secopt_value(const char *opt, const char *key)
{
	size_t n = strlen(key);
	if (strncmp(opt, key, n) == 0 && (opt[n] == '=' || opt[n] == ':'))
		return opt + n + 1;
	return NULL;
}

static int container_apparmor(struct audit_ctx *ctx, const struct container *c, void *arg,
			      char **ret_detail, char **ret_value)
{
	bool priv;
	const char *profile = NULL;
	const struct opt_strv *opts = NULL;
	int r = read_privileged(c, &priv, ret_detail);
	if (r >= 0)
		r = read_string(&c->inspect->apparmor_profile, "AppArmorProfile", &profile,
				ret_detail);
	if (r >= 0)
		r = read_strings(&c->inspect->security_opt, "HostConfig.SecurityOpt", &opts,
				 ret_detail);
	if (r < 0)
		return r;
	if (priv)
		return hit(ret_detail, ret_value,
			   xstrdup("Privileged=true: runs without an AppArmor profile"),
			   xstrdup("unconfined"));
	for (uint32_t i = 0; i < strv_n(opts); i++) {
		const char *v = secopt_value(opts->v[i], "apparmor");
		if (v && strcmp(v, "unconfined") == 0)
			return hit(ret_detail, ret_value, xasprintf("SecurityOpt %s", opts->v[i]),
				   xstrdup(v));
	}
	if (profile && strcmp(profile, "unconfined") == 0)
		return hit(ret_detail, ret_value, xstrdup("AppArmorProfile=unconfined"),
			   xstrdup(profile));
	if (c->inspect->apparmor_profile.state == FIELD_ABSENT)
		return bad_json(ret_detail, "the inspection has no AppArmorProfile: which profile "
					    "confines it cannot be told");
	return 0;
}

static int apparmor_profile_applied(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	const cJSON *info;
	const char *entry;
	int r = info_security(ctx, res, &info);
	if (r != 0)
		return r < 0 ? r : 0;
	if (engine_security_option(info, "apparmor", &entry) < 0)
		return result_skip(res,
				   "AppArmor is not enabled on this host (the daemon reports no "
				   "name=apparmor in SecurityOptions)");
	return check_each_container(ctx, res, container_apparmor, NULL,
				    "run without an AppArmor profile",
				    "runs without an AppArmor profile");
}

/* The type of an SELinux label "user:role:type:level". */
static bool selinux_type_unconfined(const char *label)
{
	_cleanup_strv_free_ char **f = NULL;
	if (str_split(label, ':', &f) < 3)
		return false;
	return strcmp(f[2], "spc_t") == 0 || strcmp(f[2], "unconfined_t") == 0;
}

static int container_selinux(struct audit_ctx *ctx, const struct container *c, void *arg,
			     char **ret_detail, char **ret_value)
{
	bool priv;
	const char *label = NULL;
	const struct opt_strv *opts = NULL;
	int r = read_privileged(c, &priv, ret_detail);
	if (r >= 0)
		r = read_string(&c->inspect->process_label, "ProcessLabel", &label, ret_detail);
	if (r >= 0)
		r = read_strings(&c->inspect->security_opt, "HostConfig.SecurityOpt", &opts,
				 ret_detail);
	if (r < 0)
		return r;
	if (priv)
		return hit(ret_detail, ret_value,
			   xstrdup("Privileged=true: SELinux separation is disabled"),
			   xstrdup("privileged"));
	for (uint32_t i = 0; i < strv_n(opts); i++) {
		const char *opt = opts->v[i];
		const char *v = secopt_value(opt, "label");
		if (v && strcmp(v, "disable") == 0)
			return hit(ret_detail, ret_value, xasprintf("SecurityOpt %s", opt),
				   xstrdup(opt));
		if (v && (strcmp(v, "type:spc_t") == 0 || strcmp(v, "type:unconfined_t") == 0))
			return hit(ret_detail, ret_value,
				   xasprintf("SecurityOpt %s: an unconfined SELinux type", opt),
				   xstrdup(opt));
	}
	if (!label || !*label)
		return hit(ret_detail, ret_value,
			   xstrdup("ProcessLabel is empty: no SELinux label is applied"),
			   xstrdup(""));
	if (selinux_type_unconfined(label))
		return hit(ret_detail, ret_value,
			   xasprintf("ProcessLabel=%s: an unconfined SELinux type", label),
			   xstrdup(label));
	return 0;
}

static int selinux_options_set(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const cJSON *info;
	const char *entry;
	int r = info_security(ctx, res, &info);
	if (r != 0)
		return r < 0 ? r : 0;
	if (engine_security_option(info, "selinux", &entry) < 0)
		return result_skip(res, "SELinux is not enabled in the daemon (it reports no "
					"name=selinux in SecurityOptions: dockerd runs without "
					"--selinux-enabled)");
	return check_each_container(ctx, res, container_selinux, NULL,
				    "run without SELinux separation",
				    "runs without SELinux separation");
}

/* ---- 5.4 capabilities ---- */

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const char *const default_caps[] = {
    "AUDIT_WRITE",	"CHOWN",   "DAC_OVERRIDE", "FOWNER", "FSETID",	"KILL",	  "MKNOD",
    "NET_BIND_SERVICE", "NET_RAW", "SETFCAP",	   "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
};

/* "cap_sys_admin" -> "SYS_ADMIN" (malloc'ed). */
static char *cap_name(const char *s)
{
	if (strncasecmp(s, "CAP_", 4) == 0)
		s += 4;
	char *n = xstrdup(s);
	for (char *p = n; p && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return n;
}

static int container_added_caps(struct audit_ctx *ctx, const struct container *c, void *arg,
				char **ret_detail, char **ret_value)
{
	bool priv;
	const struct opt_strv *add = NULL;
	int r = read_privileged(c, &priv, ret_detail);
	if (r >= 0)
		r = read_strings(&c->inspect->cap_add, "HostConfig.CapAdd", &add, ret_detail);
	if (r < 0)
		return r;
	if (priv)
		return hit(ret_detail, ret_value, xstrdup("Privileged=true: has every capability"),
			   xstrdup("ALL"));
	struct parts p;
	parts_init(&p);
	for (uint32_t i = 0; i < strv_n(add); i++) {
		_cleanup_free_ char *cap = cap_name(add->v[i]);
		if (!cap) {
			parts_release(&p);
			return -ENOMEM;
		}
		bool dflt = false;
		for (size_t k = 0; k < ARRAY_SIZE(default_caps) && !dflt; k++)
			dflt = strcmp(cap, default_caps[k]) == 0;
		if (!dflt && parts_add(&p, ",", "%s", cap) < 0) {
			parts_release(&p);
			return -ENOMEM;
		}
	}
	if (p.n == 0) {
		parts_release(&p);
		return 0;
	}
	_cleanup_free_ char *list = parts_take(&p);
	if (!list)
		return -ENOMEM;
	return hit(ret_detail, ret_value, xasprintf("CapAdd=%s", list), xstrdup(list));
}

static int capabilities_restricted(struct audit_ctx *ctx, const struct check *chk,
				   struct result *res)
{
	return check_each_container(ctx, res, container_added_caps, NULL,
				    "add capabilities beyond Docker's default set",
				    "adds capabilities beyond Docker's default set");
}

/* ---- 5.5 privileged, 5.16 PID namespace (check_each_container) ---- */

static int container_privileged(struct audit_ctx *ctx, const struct container *c, void *arg,
				char **ret_detail, char **ret_value)
{
	const struct opt_bool *priv = &c->inspect->privileged;
	if (field_unset(priv->state))
		return 0; /* absent: Docker's default, not privileged */
	if (priv->state == FIELD_INVALID)
		return -EBADMSG;
	if (!priv->v)
		return 0;
	*ret_detail =
	    xstrdup(c->running ? "Privileged=true"
			       : "Privileged=true (not running; privileged when started)");
	*ret_value = xstrdup("true");
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

/*
 * Follow "container:<id|name>" joins to the container whose namespace is used, at most a few
 * hops (a loop is not something Docker allows, but the data is not ours).
 */
/* A namespace mode of the typed inspection, by its offset (offsetof(struct container_inspect,
 * pid_mode) ...). */
static const struct opt_str *ns_field(const struct container *c, size_t field)
{
	return (const struct opt_str *)(const void *)((const char *)c->inspect + field);
}

static int namespace_mode(struct audit_ctx *ctx, const struct container *c, size_t field,
			  const char **ret_mode, const struct container **ret_owner)
{
	const struct container *cur = c;
	*ret_mode = "";
	*ret_owner = c;
	for (int hop = 0; hop < 8; hop++) {
		if (!cur->inspect)
			return cur->error ? cur->error : -EBADMSG;
		const struct opt_str *f = ns_field(cur, field);
		if (f->state == FIELD_INVALID)
			return -EBADMSG;
		const char *mode = f->v;
		if (!mode || !str_startswith(mode, "container:")) {
			*ret_mode = mode ? mode : "";
			*ret_owner = cur;
			return 0;
		}
		const struct container *next = ctx_container_find(ctx, mode + strlen("container:"));
		if (!next) {
			/* joined to a container outside the audit's scope: judge the join itself */
			*ret_mode = mode;
			*ret_owner = cur;
			return 0;
		}
		cur = next;
	}
	return -ELOOP;
}

/*
 * A namespace mode for people: "container:<64 hex>" becomes "container:NAME (<12 hex>)" when
 * the engine lists that container (in scope or not), else it stays as read. Malloc'ed.
 */
static char *mode_label(struct audit_ctx *ctx, const char *mode)
{
	if (!mode || !str_startswith(mode, "container:"))
		return xstrdup(mode ? mode : "");
	const char *ref = mode + strlen("container:");
	const struct container_entry *list = NULL;
	size_t n = 0;
	if (ctx_container_list(ctx, &list, &n, NULL) == 0)
		for (size_t i = 0; i < n; i++) {
			const struct container_entry *e = &list[i];
			if (!e->id || !e->name || !*ref)
				continue;
			if (str_startswith(e->id, ref) || strcmp(e->name, ref) == 0)
				return strcmp(e->name, ref) == 0
					   ? xasprintf("container:%s (%.12s)", e->name, e->id)
					   : xasprintf("container:%s (%.12s)", e->name, ref);
		}
	return xstrdup(mode);
}

static int container_host_pid(struct audit_ctx *ctx, const struct container *c, void *arg,
			      char **ret_detail, char **ret_value)
{
	const char *mode = NULL;
	const struct container *owner = NULL;
	int r = namespace_mode(ctx, c, offsetof(struct container_inspect, pid_mode), &mode, &owner);
	if (r < 0)
		return r;
	if (strcmp(mode, "host") != 0)
		return 0;
	const char *cur_mode = c->inspect->pid_mode.v;
	if (owner == c)
		*ret_detail = xstrdup("PidMode=host");
	else {
		_cleanup_free_ char *label = mode_label(ctx, cur_mode);
		*ret_detail =
		    label ? xasprintf("PidMode=%s, which shares the host's PID namespace", label)
			  : NULL;
	}
	*ret_value = xstrdup(cur_mode ? cur_mode : "host");
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

static int no_privileged_containers(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	return check_each_container(ctx, res, container_privileged, NULL, "run privileged",
				    "runs privileged");
}

static int host_pid_namespace_not_shared(struct audit_ctx *ctx, const struct check *chk,
					 struct result *res)
{
	return check_each_container(ctx, res, container_host_pid, NULL,
				    "share the host's PID namespace",
				    "shares the host's PID namespace");
}

/* ---- 5.10, 5.17, 5.21, 5.31: the host's namespaces, joins followed ---- */

struct ns_kind {
	size_t field; /* offsetof(struct container_inspect, network_mode) */
	const char *path; /* "HostConfig.NetworkMode" */
	const char *key; /* "NetworkMode", for the detail */
	const char *what; /* "network", for the detail */
};

#define NS_KIND(member, path, key, what)                                                           \
	{                                                                                          \
		offsetof(struct container_inspect, member), path, key, what                        \
	}
static const struct ns_kind ns_net =
    NS_KIND(network_mode, "HostConfig.NetworkMode", "NetworkMode", "network");
static const struct ns_kind ns_ipc = NS_KIND(ipc_mode, "HostConfig.IpcMode", "IpcMode", "IPC");
static const struct ns_kind ns_uts = NS_KIND(uts_mode, "HostConfig.UTSMode", "UTSMode", "UTS");
static const struct ns_kind ns_user =
    NS_KIND(userns_mode, "HostConfig.UsernsMode", "UsernsMode", "user");

static int container_host_namespace(struct audit_ctx *ctx, const struct container *c, void *arg,
				    char **ret_detail, char **ret_value)
{
	const struct ns_kind *k = arg;
	const char *mode;
	const struct container *owner;
	int r = namespace_mode(ctx, c, k->field, &mode, &owner);
	if (r == -EBADMSG)
		return bad_json(ret_detail,
				"unexpected JSON type for %s (here or in a container it "
				"joins)",
				k->path);
	if (r < 0)
		return r;
	if (strcmp(mode, "host") != 0)
		return 0;
	const char *own = ns_field(c, k->field)->v;
	if (owner == c)
		return hit(ret_detail, ret_value, xasprintf("%s=host", k->key), xstrdup("host"));
	_cleanup_free_ char *label = mode_label(ctx, own);
	return hit(
	    ret_detail, ret_value,
	    label ? xasprintf("%s=%s, which shares the host's %s namespace", k->key, label, k->what)
		  : NULL,
	    xstrdup(own ? own : "host"));
}

static int host_namespace_not_shared(struct audit_ctx *ctx, const struct check *chk,
				     struct result *res)
{
	const struct ns_kind *k = chk->arg;
	_cleanup_free_ char *fail = xasprintf("share the host's %s namespace", k->what);
	_cleanup_free_ char *pass = xasprintf("shares the host's %s namespace", k->what);
	if (!fail || !pass)
		return -ENOMEM;
	int r = check_each_container(ctx, res, container_host_namespace, (void *)(uintptr_t)k, fail,
				     pass);
	if (r < 0 || k != &ns_user || res->status != DA_PASS)
		return r;
	/* without remapping, every container is in the host's user namespace anyway */
	const cJSON *info;
	const char *entry;
	if (ctx_docker_info(ctx, &info, NULL) == 0 && json_get_array(info, "SecurityOptions") &&
	    engine_security_option(info, "userns", &entry) < 0)
		return note(
		    res, "; note: the daemon does not remap user namespaces ({{userns-remap}}), so "
			 "root in a container is root on the host");
	return r;
}

/* ---- 5.6 sensitive host directories, 5.20 propagation, 5.32 the Docker socket ---- */

struct mount_view {
	const char *type, *source, *destination, *propagation;
	bool rw;
	char *norm; /* normalised source, NULL when not an absolute path */
};

/* Mounts[i] read with types checked. Type is absent in old API versions: a mount without a
 * volume name is a bind there. */
static int read_mount(const struct inspect_mount *m, struct mount_view *v, char **ret_detail)
{
	const char *name = NULL;
	if (!m->is_object)
		return bad_json(ret_detail, "unexpected JSON type in Mounts");
	int r = read_string(&m->type, "Type", &v->type, ret_detail);
	if (r >= 0)
		r = read_string(&m->source, "Source", &v->source, ret_detail);
	if (r >= 0)
		r = read_string(&m->destination, "Destination", &v->destination, ret_detail);
	if (r >= 0)
		r = read_string(&m->propagation, "Propagation", &v->propagation, ret_detail);
	if (r >= 0)
		r = read_string(&m->name, "Name", &name, ret_detail);
	if (r >= 0)
		r = read_bool(&m->rw, "RW", true, &v->rw, ret_detail);
	if (r < 0)
		return r;
	if (!v->type)
		v->type = name && *name ? "volume" : "bind";
	if (!v->source)
		v->source = "";
	if (!v->destination)
		v->destination = "";
	if (!v->propagation)
		v->propagation = "";
	v->norm = path_normalize(v->source);
	return 0;
}

typedef int (*mount_test_fn)(struct audit_ctx *ctx, const struct mount_view *m,
			     struct parts *detail, struct parts *value);

static int each_mount(struct audit_ctx *ctx, const struct container *c, mount_test_fn test,
		      char **ret_detail, char **ret_value)
{
	bool set;
	int r = read_list(c->inspect->mounts.state, "Mounts", &set, ret_detail);
	if (r < 0)
		return r;
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	for (uint32_t i = 0; set && i < c->inspect->mounts.n; i++) {
		struct mount_view mv = {0};
		r = read_mount(&c->inspect->mounts.v[i], &mv, ret_detail);
		if (r >= 0)
			r = test(ctx, &mv, &d, &v);
		free(mv.norm);
		if (r < 0)
			break;
	}
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return r < 0 ? r : 0;
	}
	return hit(ret_detail, ret_value, parts_take(&d), parts_take(&v));
}

/* The sensitive host directories of v1.6.0; v1.7.0 adds /lib64. */
static const char *const sensitive_dirs[] = {"/",    "/boot", "/dev", "/etc",
					     "/lib", "/proc", "/sys", "/usr"};
static const char *const sensitive_dirs_lib64[] = {"/",	     "/boot", "/dev", "/etc", "/lib",
						   "/lib64", "/proc", "/sys", "/usr"};

static int mount_sensitive_in(const char *const *dirs, size_t n, const struct mount_view *m,
			      struct parts *d, struct parts *v)
{
	if (strcmp(m->type, "bind") != 0 || !m->norm)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *dir = dirs[i];
		bool exact = strcmp(m->norm, dir) == 0;
		bool below = !exact && strcmp(dir, "/") != 0 && path_is_under(m->norm, dir);
		if (!exact && !(below && m->rw))
			continue;
		int r = below ? parts_add(d, "; ", "%s (under %s) mounted read-write at %s",
					  m->norm, dir, m->destination)
			      : parts_add(d, "; ", "%s mounted %s at %s", m->norm,
					  m->rw ? "read-write" : "read-only", m->destination);
		if (r >= 0)
			r = parts_add(v, ",", "%s", m->norm);
		return r;
	}
	return 0;
}

static int mount_sensitive(struct audit_ctx *ctx, const struct mount_view *m, struct parts *d,
			   struct parts *v)
{
	return mount_sensitive_in(sensitive_dirs, ARRAY_SIZE(sensitive_dirs), m, d, v);
}

static int mount_sensitive_lib64(struct audit_ctx *ctx, const struct mount_view *m, struct parts *d,
				 struct parts *v)
{
	return mount_sensitive_in(sensitive_dirs_lib64, ARRAY_SIZE(sensitive_dirs_lib64), m, d, v);
}

/* The row's arg: which list of directories counts as sensitive. */
struct sensitive_mounts {
	mount_test_fn test;
};

static int container_sensitive_mounts(struct audit_ctx *ctx, const struct container *c, void *arg,
				      char **ret_detail, char **ret_value)
{
	const struct sensitive_mounts *sm = arg;
	return each_mount(ctx, c, sm ? sm->test : mount_sensitive, ret_detail, ret_value);
}

static int sensitive_dirs_not_mounted(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	return check_each_container(ctx, res, container_sensitive_mounts,
				    (void *)(uintptr_t)chk->arg, "mount sensitive host directories",
				    "mounts a sensitive host directory");
}

static int mount_shared(struct audit_ctx *ctx, const struct mount_view *m, struct parts *d,
			struct parts *v)
{
	if (strcmp(m->propagation, "shared") != 0 && strcmp(m->propagation, "rshared") != 0)
		return 0;
	int r = parts_add(d, "; ", "Propagation=%s on %s (source %s)", m->propagation,
			  m->destination, m->source);
	return r < 0 ? r : parts_add(v, ",", "%s", m->propagation);
}

static int container_shared_mounts(struct audit_ctx *ctx, const struct container *c, void *arg,
				   char **ret_detail, char **ret_value)
{
	return each_mount(ctx, c, mount_shared, ret_detail, ret_value);
}

static int mount_propagation_not_shared(struct audit_ctx *ctx, const struct check *chk,
					struct result *res)
{
	return check_each_container(ctx, res, container_shared_mounts, NULL,
				    "have a mount with shared propagation",
				    "has a mount with shared propagation");
}

/* Where Docker's and containerd's sockets usually are; the audited endpoint is added. */
static const char *const socket_paths[] = {
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
};

static int mount_socket_one(const struct mount_view *m, const char *sock, struct parts *d,
			    struct parts *v, bool *done)
{
	if (*done || !path_is_under(sock, m->norm))
		return 0;
	*done = true;
	int r = strcmp(sock, m->norm) == 0
		    ? parts_add(d, "; ", "%s mounted at %s", m->norm, m->destination)
		    : parts_add(d, "; ", "%s, which contains %s, mounted at %s", m->norm, sock,
				m->destination);
	return r < 0 ? r : parts_add(v, ",", "%s", m->norm);
}

static int mount_socket(struct audit_ctx *ctx, const struct mount_view *m, struct parts *d,
			struct parts *v)
{
	if (strcmp(m->type, "bind") != 0 || !m->norm)
		return 0;
	bool done = false;
	/* a socket by the usual names anywhere (rootless: /run/user/UID/docker.sock) */
	const char *base = strrchr(m->norm, '/');
	base = base ? base + 1 : m->norm;
	if (strcmp(base, "docker.sock") == 0 || strcmp(base, "containerd.sock") == 0) {
		int r = mount_socket_one(m, m->norm, d, v, &done);
		if (r < 0)
			return r;
	}
	const char *host = ctx_docker_host(ctx);
	if (host && str_startswith(host, "unix://")) {
		_cleanup_free_ char *own = path_normalize(host + strlen("unix://"));
		if (own) {
			int r = mount_socket_one(m, own, d, v, &done);
			if (r < 0)
				return r;
		}
	}
	/* the sockets the serving dockerd listens on, as it sees them (as mount sources are):
	 * a daemon in a chroot or another mount namespace spells them unlike the endpoint */
	const struct daemonconf *dc = ctx_daemonconf_peek(ctx);
	char *const *listeners = NULL;
	if (!dc && ctx_daemonconf(ctx, &dc, NULL) < 0)
		dc = NULL;
	if (dc && daemonconf_listeners(dc, &listeners, NULL) == 0) {
		for (char *const *l = listeners; l && *l; l++) {
			if (!str_startswith(*l, "unix://") || (*l)[strlen("unix://")] != '/')
				continue;
			_cleanup_free_ char *own = path_normalize(*l + strlen("unix://"));
			int r = own ? mount_socket_one(m, own, d, v, &done) : -ENOMEM;
			if (r < 0)
				return r;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(socket_paths); i++) {
		int r = mount_socket_one(m, socket_paths[i], d, v, &done);
		if (r < 0)
			return r;
	}
	return 0;
}

static int container_socket_mounts(struct audit_ctx *ctx, const struct container *c, void *arg,
				   char **ret_detail, char **ret_value)
{
	return each_mount(ctx, c, mount_socket, ret_detail, ret_value);
}

static int docker_socket_not_mounted(struct audit_ctx *ctx, const struct check *chk,
				     struct result *res)
{
	return check_each_container(ctx, res, container_socket_mounts, NULL,
				    "mount the Docker or containerd socket",
				    "mounts the Docker or containerd socket");
}

/* ---- 5.7 sshd ---- */

static int title_index(const cJSON *titles, const char *a, const char *b)
{
	int idx = -1, i = 0;
	const cJSON *t;
	cJSON_ArrayForEach(t, titles)
	{
		if (cJSON_IsString(t) && t->valuestring &&
		    (strcmp(t->valuestring, a) == 0 || (b && strcmp(t->valuestring, b) == 0)))
			idx = i; /* the last one: ps puts the command line last */
		i++;
	}
	return idx;
}

/* Is argv[0] of this command line sshd ("/usr/sbin/sshd -D", "sshd: root@pts/0")? */
static bool command_is_sshd(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	_cleanup_free_ char *argv0 = xstrndup(cmd, n);
	if (!argv0)
		return false;
	size_t len = strlen(argv0);
	if (len && argv0[len - 1] == ':')
		argv0[len - 1] = '\0';
	const char *base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	return strcmp(base, "sshd") == 0 || strcmp(base, "sshd-session") == 0 ||
	       strcmp(base, "sshd-auth") == 0;
}

static int container_sshd(struct audit_ctx *ctx, const struct container *c, void *arg,
			  char **ret_detail, char **ret_value)
{
	if (!c->running)
		return 0; /* a stopped container runs nothing */
	const cJSON *top;
	const char *err;
	int r = ctx_container_top(ctx, c, &top, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		free(*ret_detail);
		*ret_detail = xasprintf("cannot list its processes: %s", err);
		return r;
	}
	const cJSON *titles = json_get_array(top, "Titles");
	int cmd = title_index(titles, "CMD", "COMMAND");
	int pid = title_index(titles, "PID", NULL);
	if (cmd < 0)
		return bad_json(ret_detail, "the process list has no CMD column");
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	const cJSON *row;
	cJSON_ArrayForEach(row, json_get_array(top, "Processes"))
	{
		const cJSON *cell = cJSON_IsArray(row) ? cJSON_GetArrayItem(row, cmd) : NULL;
		const cJSON *pcell =
		    pid >= 0 && cJSON_IsArray(row) ? cJSON_GetArrayItem(row, pid) : NULL;
		if (!cJSON_IsString(cell) || !cell->valuestring) {
			parts_release(&d);
			parts_release(&v);
			return bad_json(ret_detail, "unexpected JSON in the process list");
		}
		if (!command_is_sshd(cell->valuestring))
			continue;
		/* the command's name only: its arguments are not ours to print */
		size_t n = strcspn(cell->valuestring, " \t");
		const char *p =
		    cJSON_IsString(pcell) && pcell->valuestring ? pcell->valuestring : "?";
		bool title = n > 0 && cell->valuestring[n - 1] == ':'; /* "sshd: user@pts/0" */
		if (parts_add(&d, ", ", "PID %s %.*s%s", p, (int)n, cell->valuestring,
			      title ? " ..." : "") < 0 ||
		    parts_add(&v, ",", "%.*s", (int)n, cell->valuestring) < 0) {
			parts_release(&d);
			parts_release(&v);
			return -ENOMEM;
		}
	}
	if (d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return 0;
	}
	_cleanup_free_ char *procs = parts_take(&d);
	const char *from = ctx_container_top_from_proc(ctx, c) ? "; processes from /proc" : "";
	return hit(ret_detail, ret_value, procs ? xasprintf("runs sshd (%s%s)", procs, from) : NULL,
		   parts_take(&v));
}

static int sshd_not_running(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_sshd, NULL, "run sshd", "runs sshd");
}

/* ---- published ports: 5.8, 5.9, 5.14 ---- */

struct port {
	const char *cport; /* "80/tcp" */
	const char *ip; /* "" (the daemon's default), "0.0.0.0", "::", "127.0.0.1" ... */
	const char *hport; /* "80", "8000-8010", "" (any free port) */
};

struct ports {
	struct port *v;
	size_t n;
	bool publish_all; /* a stopped container with -P: every exposed port, on all addresses */
	bool running;
};

static void ports_release(struct ports *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/*
 * What a container publishes: a running one's actual bindings (NetworkSettings.Ports), a stopped
 * one's configured ones (HostConfig.PortBindings, PublishAllPorts).
 */
static int read_ports(const struct container *c, struct ports *ret, char **ret_detail)
{
	const char *path = c->running ? "NetworkSettings.Ports" : "HostConfig.PortBindings";
	const struct inspect_ports *map =
	    c->running ? &c->inspect->ports : &c->inspect->port_bindings;
	bool set;
	int r = read_list(map->state, path, &set, ret_detail);
	if (r < 0)
		return r;
	struct ports p = {.running = c->running};
	if (!c->running) {
		r = read_bool(&c->inspect->publish_all_ports, "HostConfig.PublishAllPorts", false,
			      &p.publish_all, ret_detail);
		if (r < 0)
			return r;
	}
	size_t cap = 0;
	for (uint32_t k = 0; set && k < map->n; k++) {
		if (map->v[k].kind == PORT_EXPOSED)
			continue; /* exposed, not published */
		if (map->v[k].kind != PORT_BINDINGS)
			return bad_json(ret_detail, "unexpected JSON type in %s", path);
		cap += map->v[k].n;
	}
	p.v = calloc(cap ? cap : 1, sizeof(*p.v));
	if (!p.v)
		return -ENOMEM;
	for (uint32_t k = 0; set && k < map->n; k++) {
		const struct inspect_port *e = &map->v[k];
		for (uint32_t i = 0; e->kind == PORT_BINDINGS && i < e->n; i++) {
			const struct inspect_port_binding *b = &e->b[i];
			struct port *pt = &p.v[p.n];
			pt->cport = e->port;
			if (!b->is_object ||
			    read_string(&b->host_ip, "HostIp", &pt->ip, ret_detail) < 0 ||
			    read_string(&b->host_port, "HostPort", &pt->hport, ret_detail) < 0) {
				free(p.v);
				return bad_json(ret_detail, "unexpected JSON type in %s", path);
			}
			if (!pt->ip)
				pt->ip = "";
			if (!pt->hport)
				pt->hport = "";
			p.n++;
		}
	}
	*ret = p;
	return 0;
}

static bool ip_is_wildcard(const char *ip)
{
	return !*ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0 ||
	       strcmp(ip, "[::]") == 0;
}

/* "0.0.0.0:8080->80/tcp", "[::]:80->80/tcp", "*:80->80/tcp" (daemon's default address). */
static int port_add(struct parts *d, const struct port *pt)
{
	const char *ip = *pt->ip ? pt->ip : "*";
	bool v6 = strchr(ip, ':') && ip[0] != '[';
	return parts_add(d, ", ", "%s%s%s:%s->%s", v6 ? "[" : "", ip, v6 ? "]" : "",
			 *pt->hport ? pt->hport : "(any)", pt->cport);
}

/* The lowest port of "80" or "8000-8010"; -1 for "" (a free port from the ephemeral range). */
static int64_t port_low(const char *hport)
{
	_cleanup_free_ char *lo = xstrndup(hport, strcspn(hport, "-"));
	int64_t v;
	if (!lo || !*lo || parse_int64(lo, &v) < 0)
		return -1;
	return v;
}

static int container_privileged_ports(struct audit_ctx *ctx, const struct container *c, void *arg,
				      char **ret_detail, char **ret_value)
{
	struct ports p;
	int r = read_ports(c, &p, ret_detail);
	if (r < 0)
		return r;
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	for (size_t i = 0; i < p.n && r >= 0; i++) {
		int64_t lo = port_low(p.v[i].hport);
		if (lo < 1 || lo > 1023)
			continue;
		bool seen = false; /* the same port on IPv4 and IPv6: one value */
		for (size_t k = 0; k < i && !seen; k++)
			seen =
			    strcmp(p.v[k].hport, p.v[i].hport) == 0 && port_low(p.v[k].hport) == lo;
		r = port_add(&d, &p.v[i]);
		if (r >= 0 && !seen)
			r = parts_add(&v, ",", "%s", p.v[i].hport);
	}
	ports_release(&p);
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return r;
	}
	_cleanup_free_ char *list = parts_take(&d);
	return hit(ret_detail, ret_value,
		   list ? xasprintf("publishes %s (host port below 1024)", list) : NULL,
		   parts_take(&v));
}

static int privileged_ports_not_mapped(struct audit_ctx *ctx, const struct check *chk,
				       struct result *res)
{
	return check_each_container(ctx, res, container_privileged_ports, NULL,
				    "publish privileged host ports (below 1024)",
				    "publishes a privileged host port");
}

static int container_published_ports(struct audit_ctx *ctx, const struct container *c, void *arg,
				     char **ret_detail, char **ret_value)
{
	const char *mode;
	const struct container *owner;
	int r =
	    namespace_mode(ctx, c, offsetof(struct container_inspect, network_mode), &mode, &owner);
	if (r == -EBADMSG)
		return bad_json(ret_detail, "unexpected JSON type for HostConfig.NetworkMode");
	if (r < 0)
		return r;
	/* a stopped container (-a) binds nothing now: say what starting it does */
	if (strcmp(mode, "host") == 0)
		return hit(ret_detail, ret_value,
			   c->running ? xstrdup("uses the host's network: every port it listens on "
						"is open on the host")
				      : xasprintf("uses the host's network: it is %s, and once "
						  "started every port it listens on will be open "
						  "on the host",
						  container_state_name(c->state)),
			   xstrdup("host"));
	struct ports p;
	r = read_ports(c, &p, ret_detail);
	if (r < 0)
		return r;
	struct parts d;
	parts_init(&d);
	for (size_t i = 0; i < p.n && r >= 0; i++)
		r = port_add(&d, &p.v[i]);
	if (r >= 0 && p.publish_all)
		r = parts_add(&d, ", ", "every exposed port (PublishAllPorts=true)");
	ports_release(&p);
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		return r;
	}
	_cleanup_free_ char *list = parts_take(&d);
	return hit(ret_detail, ret_value,
		   list ? c->running ? xasprintf("publishes %s", list)
				     : xasprintf("is %s; once started it publishes %s",
						 container_state_name(c->state), list)
			: NULL,
		   xstrdup(list ? list : ""));
}

static int only_needed_ports_open(struct audit_ctx *ctx, const struct check *chk,
				  struct result *res)
{
	static const struct container_judge j = {
	    .test = container_published_ports,
	    .hit = DA_MANUAL,
	    .what_hit = "publish ports: confirm that each one is needed",
	    .what_pass = "publishes a port",
	    .what_one = "publishes ports: confirm that each one is needed",
	};
	int r = judge_containers(ctx, res, &j);
	if (r < 0 || res->status != DA_MANUAL)
		return r;
	return note(res, " (ports the image exposes but the container does not publish are "
			 "not reachable from outside the host)");
}

/* The address a port published without one binds to: the daemon's "ip" (--ip). */
struct default_ip {
	const char *addr; /* NULL when it could not be read */
	const char *origin;
	const char *why;
};

static int container_wildcard_ports(struct audit_ctx *ctx, const struct container *c, void *arg,
				    char **ret_detail, char **ret_value)
{
	const struct default_ip *dip = arg;
	struct ports p;
	int r = read_ports(c, &p, ret_detail);
	if (r < 0)
		return r;
	/* running containers show the address they bound; a stopped one's "" is the default */
	bool unset = p.publish_all;
	for (size_t i = 0; i < p.n; i++)
		unset = unset || !*p.v[i].ip;
	if (unset && !dip->addr) {
		ports_release(&p);
		return bad_json(ret_detail,
				"publishes ports on the daemon's default address, which could not "
				"be read: %s",
				dip->why ? dip->why : "unknown");
	}
	bool dflt_wild = dip->addr && ip_is_wildcard(dip->addr);
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	for (size_t i = 0; i < p.n && r >= 0; i++) {
		if (*p.v[i].ip ? !ip_is_wildcard(p.v[i].ip) : !dflt_wild)
			continue;
		r = port_add(&d, &p.v[i]);
		if (r >= 0)
			r = parts_add(&v, ",", "%s", *p.v[i].ip ? p.v[i].ip : dip->addr);
	}
	if (r >= 0 && p.publish_all && dflt_wild) {
		r = parts_add(&d, ", ", "every exposed port (PublishAllPorts=true)");
		if (r >= 0)
			r = parts_add(&v, ",", "%s", dip->addr);
	}
	ports_release(&p);
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return r;
	}
	_cleanup_free_ char *list = parts_take(&d);
	_cleanup_free_ char *how =
	    unset ? xasprintf(" (* is the daemon's default address: %s, %s)", dip->addr,
			      dip->origin ? dip->origin : "Docker default")
		  : xstrdup("");
	return hit(ret_detail, ret_value,
		   list && how ? xasprintf("publishes %s on all host addresses%s", list, how)
			       : NULL,
		   parts_take(&v));
}

static int ports_bound_to_interface(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	const struct daemonconf *dc;
	const char *err;
	int r = ctx_daemonconf(ctx, &dc, &err);
	if (r < 0)
		return result_error(res, "cannot read the daemon's configuration: %s",
				    err ? err : strerror(-r));
	struct default_ip dip = {0};
	struct daemonconf_value dv;
	const char *addr;
	r = daemonconf_get_string(dc, "ip", &addr, &dv);
	if (r == 0) {
		dip.addr = addr;
		dip.origin = dv.origin;
	} else {
		dip.why = r == -EIO ? daemonconf_why(dc, "ip") : "\"ip\" is not a string";
	}
	return check_each_container(ctx, res, container_wildcard_ports, &dip,
				    "publish ports on every host address",
				    "publishes a port on every host address");
}

/* ---- resource limits: 5.11, 5.12, 5.29; 5.13 read-only root; 5.25 cgroup parent ---- */

static int container_memory(struct audit_ctx *ctx, const struct container *c, void *arg,
			    char **ret_detail, char **ret_value)
{
	int64_t mem;
	int r = read_int(&c->inspect->memory, "HostConfig.Memory", 0, &mem, ret_detail);
	if (r < 0)
		return r;
	if (mem > 0)
		return 0;
	return hit(ret_detail, ret_value, xasprintf("Memory=%" PRId64 " (no limit)", mem),
		   xasprintf("%" PRId64, mem));
}

static int memory_limited(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_memory, NULL, "have no memory limit",
				    "lacks a memory limit");
}

static int container_cpu(struct audit_ctx *ctx, const struct container *c, void *arg,
			 char **ret_detail, char **ret_value)
{
	int64_t shares, nano, quota;
	int r = read_int(&c->inspect->cpu_shares, "HostConfig.CpuShares", 0, &shares, ret_detail);
	if (r >= 0)
		r = read_int(&c->inspect->nano_cpus, "HostConfig.NanoCpus", 0, &nano, ret_detail);
	if (r >= 0)
		r = read_int(&c->inspect->cpu_quota, "HostConfig.CpuQuota", 0, &quota, ret_detail);
	if (r < 0)
		return r;
	/* 0 and 1024 are both Docker's default weight */
	if ((shares != 0 && shares != 1024) || nano > 0 || quota > 0)
		return 0;
	return hit(ret_detail, ret_value,
		   xasprintf("CpuShares=%" PRId64 ", NanoCpus=%" PRId64 ", CpuQuota=%" PRId64
			     " (default CPU priority, no CPU limit)",
			     shares, nano, quota),
		   xasprintf("%" PRId64, shares));
}

static int cpu_priority_set(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_cpu, NULL,
				    "have neither CPU shares nor a CPU limit",
				    "lacks CPU shares and a CPU limit");
}

static int container_rootfs_rw(struct audit_ctx *ctx, const struct container *c, void *arg,
			       char **ret_detail, char **ret_value)
{
	bool ro;
	int r = read_bool(&c->inspect->readonly_rootfs, "HostConfig.ReadonlyRootfs", false, &ro,
			  ret_detail);
	if (r < 0 || ro)
		return r;
	return hit(ret_detail, ret_value, xstrdup("ReadonlyRootfs=false"), xstrdup("false"));
}

static int rootfs_read_only(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_rootfs_rw, NULL,
				    "have a writable root filesystem",
				    "has a writable root filesystem");
}

static int container_pids_limit(struct audit_ctx *ctx, const struct container *c, void *arg,
				char **ret_detail, char **ret_value)
{
	int64_t lim;
	const struct opt_int *f = &c->inspect->pids_limit;
	int r = read_int(f, "HostConfig.PidsLimit", 0, &lim, ret_detail);
	if (r < 0 || lim > 0)
		return r;
	if (field_unset(f->state))
		return hit(ret_detail, ret_value, xstrdup("PidsLimit unset (no limit)"),
			   xstrdup("null"));
	return hit(ret_detail, ret_value, xasprintf("PidsLimit=%" PRId64 " (no limit)", lim),
		   xasprintf("%" PRId64, lim));
}

static int pids_limit_used(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_pids_limit, NULL, "have no PIDs limit",
				    "lacks a PIDs limit");
}

static int container_cgroup_parent(struct audit_ctx *ctx, const struct container *c, void *arg,
				   char **ret_detail, char **ret_value)
{
	const char *parent = NULL;
	int r =
	    read_string(&c->inspect->cgroup_parent, "HostConfig.CgroupParent", &parent, ret_detail);
	if (r < 0 || !parent || !*parent)
		return r;
	return hit(ret_detail, ret_value, xasprintf("CgroupParent=%s", parent), xstrdup(parent));
}

static int cgroup_usage_confirmed(struct audit_ctx *ctx, const struct check *chk,
				  struct result *res)
{
	static const struct container_judge j = {
	    .test = container_cgroup_parent,
	    .hit = DA_FAIL,
	    .what_hit = "run under a non-default cgroup parent: confirm each",
	    .what_pass = "runs under a non-default cgroup parent",
	    .what_one = "runs under a non-default cgroup parent: confirm it",
	};
	return judge_containers(ctx, res, &j);
}

/* ---- 5.15 restart policy ---- */

#define MAX_RESTARTS 5

static int container_restart_policy(struct audit_ctx *ctx, const struct container *c, void *arg,
				    char **ret_detail, char **ret_value)
{
	const char *name = NULL;
	int64_t max;
	int r = read_string(&c->inspect->restart_policy_name, "HostConfig.RestartPolicy.Name",
			    &name, ret_detail);
	if (r >= 0)
		r = read_int(&c->inspect->restart_policy_max_retry,
			     "HostConfig.RestartPolicy.MaximumRetryCount", 0, &max, ret_detail);
	if (r < 0)
		return r;
	if (!name || !*name || strcmp(name, "no") == 0)
		return 0;
	if (strcmp(name, "always") == 0 || strcmp(name, "unless-stopped") == 0)
		return hit(ret_detail, ret_value,
			   xasprintf("RestartPolicy=%s (restarts without limit)", name),
			   xstrdup(name));
	if (strcmp(name, "on-failure") == 0) {
		if (max > 0 && max <= MAX_RESTARTS)
			return 0;
		return hit(ret_detail, ret_value,
			   max <= 0 ? xstrdup("RestartPolicy=on-failure without a retry limit "
					      "(restarts without limit)")
				    : xasprintf("RestartPolicy=on-failure:%" PRId64
						" (more than %d retries)",
						max, MAX_RESTARTS),
			   xasprintf("on-failure:%" PRId64, max));
	}
	return bad_json(ret_detail, "unknown restart policy '%s'", name);
}

static int restart_policy_limited(struct audit_ctx *ctx, const struct check *chk,
				  struct result *res)
{
	return check_each_container(ctx, res, container_restart_policy, NULL,
				    "restart without a limit of 5 retries",
				    "restarts without a limit of 5 retries");
}

/* ---- 5.18 host devices ---- */

static int container_devices(struct audit_ctx *ctx, const struct container *c, void *arg,
			     char **ret_detail, char **ret_value)
{
	bool priv, devs = false, reqs = false;
	const struct container_inspect *ci = c->inspect;
	const struct opt_strv *rules = NULL;
	int r = read_privileged(c, &priv, ret_detail);
	if (r >= 0)
		r = read_list(ci->devices.state, "HostConfig.Devices", &devs, ret_detail);
	if (r >= 0)
		r = read_list(ci->device_requests.state, "HostConfig.DeviceRequests", &reqs,
			      ret_detail);
	if (r >= 0)
		r = read_strings(&ci->device_cgroup_rules, "HostConfig.DeviceCgroupRules", &rules,
				 ret_detail);
	if (r < 0)
		return r;
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	if (priv)
		r = parts_add(&d, "; ", "Privileged=true: every host device");
	if (r >= 0 && priv)
		r = parts_add(&v, ",", "privileged");
	for (uint32_t i = 0; devs && i < ci->devices.n; i++) {
		const struct inspect_device *it = &ci->devices.v[i];
		const char *host = NULL, *in = NULL, *perm = NULL;
		if (r < 0)
			break;
		if (!it->is_object ||
		    read_string(&it->path_on_host, "PathOnHost", &host, ret_detail) < 0 ||
		    read_string(&it->path_in_container, "PathInContainer", &in, ret_detail) < 0 ||
		    read_string(&it->cgroup_permissions, "CgroupPermissions", &perm, ret_detail) <
			0) {
			r = bad_json(ret_detail, "unexpected JSON type in HostConfig.Devices");
			break;
		}
		r = parts_add(&d, "; ", "device %s at %s (%s)", host ? host : "?", in ? in : "?",
			      perm ? perm : "rwm");
		if (r >= 0)
			r = parts_add(&v, ",", "%s", host ? host : "?");
	}
	for (uint32_t i = 0; reqs && i < ci->device_requests.n; i++) {
		const struct inspect_device_request *it = &ci->device_requests.v[i];
		const char *drv = NULL;
		if (r < 0)
			break;
		if (!it->is_object || read_string(&it->driver, "Driver", &drv, ret_detail) < 0) {
			r = bad_json(ret_detail,
				     "unexpected JSON type in HostConfig.DeviceRequests");
			break;
		}
		/* --gpus leaves the driver empty and asks for the capability "gpu" */
		const char *cap = it->capability;
		const char *what = drv && *drv ? drv : cap ? cap : "any";
		r = parts_add(&d, "; ", "device request for %s (--gpus / --device-requests)", what);
		if (r >= 0)
			r = parts_add(&v, ",", "request:%s", what);
	}
	for (uint32_t i = 0; i < strv_n(rules); i++) {
		if (r < 0)
			break;
		r = parts_add(&d, "; ", "device cgroup rule '%s'", rules->v[i]);
		if (r >= 0)
			r = parts_add(&v, ",", "rule:%s", rules->v[i]);
	}
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return r;
	}
	return hit(ret_detail, ret_value, parts_take(&d), parts_take(&v));
}

static int host_devices_not_exposed(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	return check_each_container(ctx, res, container_devices, NULL, "have host devices",
				    "has host devices");
}

/* ---- 5.19 ulimits ---- */

/*
 * What a container gets without --ulimit, so that only real overrides are named: Docker
 * copies the daemon's default-ulimits into every container's HostConfig.Ulimits; Podman fills
 * in the limits its service passes on (read from the conmon of a running container).
 */
struct ulimit_baseline {
	const cJSON *defaults; /* daemon default-ulimits {"nofile": {Name, Soft, Hard}}, or NULL */
	bool podman;
	bool have_inherited;
	struct inherited_limits inherited;
};

/* "RLIMIT_NOFILE" and "nofile" are the same limit */
static const char *ulimit_short(const char *name)
{
	return strncasecmp(name, "RLIMIT_", 7) == 0 ? name + 7 : name;
}

static bool ulimit_is_baseline(struct audit_ctx *ctx, const struct container *c,
			       struct ulimit_baseline *b, const char *name, int64_t soft,
			       int64_t hard)
{
	const char *n = ulimit_short(name);
	const cJSON *d;
	cJSON_ArrayForEach(d, b->defaults)
	{
		int64_t ds, dh;
		if (d->string && strcasecmp(ulimit_short(d->string), n) == 0 &&
		    json_get_int64(d, "Soft", &ds) == 0 && json_get_int64(d, "Hard", &dh) == 0)
			return ds == soft && dh == hard;
	}
	if (!b->podman)
		return false;
	struct inherited_limits own;
	const struct inherited_limits *l = NULL;
	if (ctx_container_inherited_limits(ctx, c->inspect, &own) == 0)
		l = &own;
	else if (b->have_inherited)
		l = &b->inherited; /* the service's limits, seen from another container */
	if (!l)
		return false;
	if (l == &own && !b->have_inherited) {
		b->inherited = own;
		b->have_inherited = true;
	}
	if (strcasecmp(n, "NOFILE") == 0)
		return soft == l->nofile_soft && hard == l->nofile_hard;
	if (strcasecmp(n, "NPROC") == 0)
		return soft == l->nproc_soft && hard == l->nproc_hard;
	return false;
}

static int container_ulimits(struct audit_ctx *ctx, const struct container *c, void *arg,
			     char **ret_detail, char **ret_value)
{
	struct ulimit_baseline *b = arg;
	bool set;
	int r = read_list(c->inspect->ulimits.state, "HostConfig.Ulimits", &set, ret_detail);
	if (r < 0)
		return r;
	struct parts d;
	parts_init(&d);
	for (uint32_t i = 0; set && i < c->inspect->ulimits.n; i++) {
		const struct inspect_ulimit *it = &c->inspect->ulimits.v[i];
		const char *name = NULL;
		int64_t soft, hard;
		if (!it->is_object || read_string(&it->name, "Name", &name, ret_detail) < 0 ||
		    read_int(&it->soft, "Soft", 0, &soft, ret_detail) < 0 ||
		    read_int(&it->hard, "Hard", 0, &hard, ret_detail) < 0) {
			parts_release(&d);
			return bad_json(ret_detail, "unexpected JSON type in HostConfig.Ulimits");
		}
		if (name && ulimit_is_baseline(ctx, c, b, name, soft, hard))
			continue;
		r = parts_add(&d, ", ", "%s=%" PRId64 ":%" PRId64, name ? name : "?", soft, hard);
		if (r < 0) {
			parts_release(&d);
			return r;
		}
	}
	if (d.n == 0) {
		parts_release(&d);
		return 0;
	}
	_cleanup_free_ char *list = parts_take(&d);
	return hit(ret_detail, ret_value, list ? xasprintf("overrides ulimits: %s", list) : NULL,
		   xstrdup(list ? list : ""));
}

static int ulimits_overridden_if_needed(struct audit_ctx *ctx, const struct check *chk,
					struct result *res)
{
	struct ulimit_baseline b = {.podman = ctx_engine_is_podman(ctx)};
	const struct daemonconf *dc;
	struct daemonconf_value dv;
	if (!b.podman && ctx_daemonconf(ctx, &dc, NULL) == 0 &&
	    daemonconf_get(dc, "default-ulimits", &dv) == 0 && cJSON_IsObject(dv.value))
		b.defaults = dv.value;
	const struct container_judge j = {
	    .test = container_ulimits,
	    .arg = &b,
	    .hit = DA_INFO,
	    .what_hit = "override the default ulimits: confirm each is needed",
	    .what_pass = "overrides the default ulimits",
	    .what_one = "overrides the default ulimits: confirm it is needed",
	};
	return judge_containers(ctx, res, &j);
}

/* ---- 5.22 seccomp ---- */

struct seccomp_daemon {
	bool unconfined; /* the daemon's default profile is unconfined */
	bool absent; /* the daemon reports no seccomp support */
};

static int container_seccomp(struct audit_ctx *ctx, const struct container *c, void *arg,
			     char **ret_detail, char **ret_value)
{
	const struct seccomp_daemon *sd = arg;
	bool priv;
	const struct opt_strv *opts = NULL;
	int r = read_privileged(c, &priv, ret_detail);
	if (r >= 0)
		r = read_strings(&c->inspect->security_opt, "HostConfig.SecurityOpt", &opts,
				 ret_detail);
	if (r < 0)
		return r;
	if (priv)
		return hit(ret_detail, ret_value,
			   xstrdup("Privileged=true: runs without a seccomp filter"),
			   xstrdup("unconfined"));
	bool own_profile = false;
	for (uint32_t i = 0; i < strv_n(opts); i++) {
		const char *v = secopt_value(opts->v[i], "seccomp");
		if (!v)
			continue;
		if (strcmp(v, "unconfined") == 0)
			return hit(ret_detail, ret_value,
				   xasprintf("SecurityOpt seccomp%cunconfined",
					     opts->v[i][strlen("seccomp")]),
				   xstrdup("unconfined"));
		own_profile = true; /* a profile of its own (the JSON is not printed) */
	}
	if (sd->absent)
		return hit(ret_detail, ret_value,
			   xstrdup("the daemon reports no seccomp support: no filter applies"),
			   xstrdup("unsupported"));
	if (sd->unconfined && !own_profile)
		return hit(ret_detail, ret_value,
			   xstrdup("the daemon's default seccomp profile is unconfined"),
			   xstrdup("unconfined"));
	return 0;
}

static int seccomp_not_disabled(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const cJSON *info;
	const char *entry = NULL;
	int r = info_security(ctx, res, &info);
	if (r != 0)
		return r < 0 ? r : 0;
	struct seccomp_daemon sd = {0};
	if (engine_security_option(info, "seccomp", &entry) < 0) {
		sd.absent = true;
	} else {
		_cleanup_free_ char *profile = engine_security_option_value(entry, "profile");
		sd.unconfined = profile && strcmp(profile, "unconfined") == 0;
	}
	return check_each_container(ctx, res, container_seccomp, &sd,
				    "run without a seccomp filter",
				    "runs without a seccomp filter");
}

/* ---- 5.23, 5.24 exec sessions ---- */

#define EXEC_NOTE                                                                                  \
	"; only exec sessions the daemon still tracks (running ones) are visible through the "     \
	"API: for earlier ones, search the audit log of the docker client (ausearch -k docker)"

/* Is this user (as in --user) root: "root", "0", "root:grp", "0:0"? */
static bool user_is_root(const char *user)
{
	_cleanup_free_ char *name = xstrndup(user, strcspn(user, ":"));
	int64_t uid;
	if (!name)
		return false;
	return strcmp(name, "root") == 0 || (parse_int64(name, &uid) == 0 && uid == 0);
}

/*
 * Docker runs a container's health check as an exec session with the container's own user:
 * argv is the shell (Config.Shell, default /bin/sh -c) and the command for CMD-SHELL, the
 * command itself for CMD. Such a session is not someone's docker exec.
 */
static bool exec_is_healthcheck(const struct container *c, const struct exec_inspect *ex)
{
	const struct opt_strv *test = &c->inspect->healthcheck_test;
	const char *kind = str_at(test, 0);
	const char *user = ex->user.v;
	const char *cuser = c->inspect->config_user.v;
	if (!kind || !streq_ptr(user && *user ? user : NULL, cuser && *cuser ? cuser : NULL))
		return false;
	const char *want[64];
	int n = 0;
	if (strcmp(kind, "CMD-SHELL") == 0) {
		const struct opt_strv *shell = &c->inspect->config_shell;
		if (strv_n(shell) > 0) {
			for (uint32_t i = 0; i < strv_n(shell) && n < 63; i++)
				want[n++] = str_at(shell, i);
		} else {
			want[n++] = "/bin/sh";
			want[n++] = "-c";
		}
		want[n++] = str_at(test, 1);
	} else if (strcmp(kind, "CMD") == 0) {
		for (uint32_t i = 1; i < strv_n(test) && n < 64; i++)
			want[n++] = str_at(test, i);
	} else {
		return false;
	}
	const struct opt_strv *args = &ex->arguments;
	if (n < 1 || !streq_ptr(want[0], ex->entrypoint.v) || (int)strv_n(args) != n - 1)
		return false;
	for (int i = 1; i < n; i++)
		if (!want[i] || !streq_ptr(want[i], str_at(args, (uint32_t)i - 1)))
			return false;
	return true;
}

enum exec_kind { EXEC_PRIVILEGED, EXEC_ROOT };

static int container_execs(struct audit_ctx *ctx, const struct container *c, void *arg,
			   char **ret_detail, char **ret_value)
{
	const enum exec_kind *kind = arg;
	const struct container_exec *ex;
	size_t n;
	const char *err;
	int r = ctx_container_execs(ctx, c, &ex, &n, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return bad_json(ret_detail, "cannot read its exec sessions: %s", err);
	struct parts d, v;
	parts_init(&d);
	parts_init(&v);
	for (size_t i = 0; i < n && r >= 0; i++) {
		if (ex[i].error == -ENOENT)
			continue; /* ended between the inspect and now */
		if (ex[i].error < 0 && ex[i].id && *ex[i].id) {
			r = bad_json(ret_detail, "cannot inspect exec session %.12s: %s", ex[i].id,
				     ex[i].error_msg ? ex[i].error_msg : strerror(-ex[i].error));
			break;
		}
		if (ex[i].error < 0) {
			/* no id to name: say which entry of ExecIDs, and what the daemon put there
			 * (each exec of the list is one entry of it, in its order) */
			const struct opt_strv *ids = c->inspect ? &c->inspect->exec_ids : NULL;
			const char *raw =
			    ids && ids->state == FIELD_SET && i < ids->n ? ids->v[i] : NULL;
			if (raw)
				r = bad_json(
				    ret_detail,
				    "cannot inspect entry %zu of its %zu ExecIDs: '%.80s' is "
				    "no exec id",
				    i + 1, n, raw);
			else
				r = bad_json(
				    ret_detail,
				    "cannot inspect entry %zu of its %zu ExecIDs: the daemon "
				    "gave no exec id there (not a string)",
				    i + 1, n);
			break;
		}
		bool priv;
		const char *user = NULL, *entry = NULL;
		const struct exec_inspect *ei = ex[i].inspect;
		r = read_bool(&ei->privileged, "ProcessConfig.privileged", false, &priv,
			      ret_detail);
		if (r >= 0)
			r = read_string(&ei->user, "ProcessConfig.user", &user, ret_detail);
		if (r >= 0)
			r = read_string(&ei->entrypoint, "ProcessConfig.entrypoint", &entry,
					ret_detail);
		if (r < 0)
			break;
		bool running = ei->running.state == FIELD_SET && ei->running.v;
		/* not running: it ended (an exit code), or it was created and never started */
		bool ended = !running && ei->exit_code.state == FIELD_SET;
		char how[160];
		const char *flag = *kind == EXEC_PRIVILEGED ? "--privileged" : "--user=";
		const char *val = *kind == EXEC_PRIVILEGED ? "" : user ? user : "";
		if (running)
			snprintf(how, sizeof(how), "runs with %s%s", flag, val);
		else if (ended)
			snprintf(how, sizeof(how), "ran with %s%s (ended, exit code %lld)", flag,
				 val, (long long)ei->exit_code.v);
		else
			snprintf(how, sizeof(how),
				 "was created with %s%s and not started: POST /exec/%.12s/start "
				 "would run it so",
				 flag, val, ex[i].id);
		const char *state = running ? "running" : ended ? "ended" : "created";
		if (*kind == EXEC_PRIVILEGED && priv) {
			r = parts_add(&d, "; ", "exec %.12s (%s, %s) %s", ex[i].id,
				      entry ? entry : "?", state, how);
			if (r >= 0)
				r = parts_add(&v, ",", "%.12s", ex[i].id);
		} else if (*kind == EXEC_ROOT && user && user_is_root(user) &&
			   !exec_is_healthcheck(c, ex[i].inspect)) {
			r = parts_add(&d, "; ", "exec %.12s (%s, %s) %s", ex[i].id,
				      entry ? entry : "?", state, how);
			if (r >= 0)
				r = parts_add(&v, ",", "%s", user);
		}
	}
	if (r < 0 || d.n == 0) {
		parts_release(&d);
		parts_release(&v);
		return r;
	}
	return hit(ret_detail, ret_value, parts_take(&d), parts_take(&v));
}

static int exec_sessions_not(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	static const enum exec_kind priv = EXEC_PRIVILEGED, root = EXEC_ROOT;
	const enum exec_kind *kind = chk->arg ? &root : &priv;
	bool root_user = *kind == EXEC_ROOT;
	int r = check_each_container(ctx, res, container_execs, (void *)(uintptr_t)kind,
				     root_user ? "have exec sessions created with --user=root"
					       : "have exec sessions created with --privileged",
				     root_user ? "has an exec session created with --user=root"
					       : "has an exec session created with --privileged");
	if (r < 0 || res->status == DA_ERROR)
		return r;
	return note(res, EXEC_NOTE);
}

/* ---- 5.26 no-new-privileges ---- */

struct nnp_daemon {
	bool known; /* the daemon's default could be read */
	bool on; /* the daemon sets no-new-privileges by default */
	const char *origin; /* where that came from ("--no-new-privileges", "Docker default") */
	const char *why; /* why it could not be read */
};

/* A SecurityOpt "no-new-privileges[:=]true|false": 1 set, 0 unset, -1 not this option. */
static int nnp_option(const char *opt)
{
	const char *key = "no-new-privileges";
	size_t n = strlen(key);
	if (strncmp(opt, key, n) != 0)
		return -1;
	if (opt[n] == '\0')
		return 1;
	if (opt[n] != '=' && opt[n] != ':')
		return -1;
	const char *v = opt + n + 1;
	if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return 1;
	return 0;
}

static int container_nnp(struct audit_ctx *ctx, const struct container *c, void *arg,
			 char **ret_detail, char **ret_value)
{
	const struct nnp_daemon *nd = arg;
	const struct opt_strv *opts = NULL;
	int r =
	    read_strings(&c->inspect->security_opt, "HostConfig.SecurityOpt", &opts, ret_detail);
	if (r < 0)
		return r;
	int set = -1;
	const char *which = NULL;
	for (uint32_t i = 0; i < strv_n(opts); i++) {
		int s = nnp_option(opts->v[i]);
		if (s >= 0) {
			set = s; /* the last one wins, as in the daemon */
			which = opts->v[i];
		}
	}
	if (set == 1)
		return 0;
	if (set == 0)
		return hit(ret_detail, ret_value,
			   xasprintf("SecurityOpt %s turns no-new-privileges off", which),
			   xstrdup(which));
	if (!nd->known)
		return bad_json(ret_detail,
				"SecurityOpt does not set no-new-privileges and the daemon's "
				"default could not be read: %s",
				nd->why ? nd->why : "unknown");
	if (nd->on)
		return 0;
	return hit(ret_detail, ret_value,
		   xasprintf("no-new-privileges is not set: SecurityOpt lacks it and the daemon "
			     "does not set it by default (%s)",
			     nd->origin ? nd->origin : "Docker default"),
		   xstrdup(""));
}

static int no_new_privileges(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct daemonconf *dc;
	const char *err;
	int r = ctx_daemonconf(ctx, &dc, &err);
	if (r < 0)
		return result_error(res, "cannot read the daemon's configuration: %s",
				    err ? err : strerror(-r));
	struct nnp_daemon nd = {0};
	struct daemonconf_value dv;
	r = daemonconf_get_bool(dc, "no-new-privileges", &nd.on, &dv);
	if (ctx_engine_is_podman(ctx)) {
		/* no daemon-wide default: each container's SecurityOpt decides */
		nd.known = true;
		nd.on = false;
	} else if (r == 0) {
		nd.known = true;
		nd.origin = dv.origin;
	} else if (r == -ENOENT) {
		nd.known = true; /* nothing sets it: Docker's default is off */
	} else if (r == -EINVAL) {
		nd.why = "no-new-privileges in the daemon's configuration is not a boolean";
	} else {
		nd.why = daemonconf_why(dc, "no-new-privileges");
	}
	r = check_each_container(ctx, res, container_nnp, &nd,
				 "can gain new privileges (no-new-privileges unset)",
				 "can gain new privileges");
	if (r < 0 || !nd.known || !nd.on || res->status == DA_ERROR)
		return r;
	return note(res, "; the daemon sets no-new-privileges by default (%s)",
		    nd.origin ? nd.origin : "daemon configuration");
}

/* ---- 5.27 health ---- */

static int container_health(struct audit_ctx *ctx, const struct container *c, void *arg,
			    char **ret_detail, char **ret_value)
{
	const struct container_inspect *ci = c->inspect;
	const struct opt_strv *test = NULL;
	bool health;
	int r = read_list(ci->health_state, "State.Health", &health, ret_detail);
	if (r >= 0)
		r = read_strings(&ci->healthcheck_test, "Config.Healthcheck.Test", &test,
				 ret_detail);
	if (r < 0)
		return r;
	const char *t0 = str_at(test, 0);
	bool disabled = t0 && strcmp(t0, "NONE") == 0;
	if (c->running && health) {
		const char *status = NULL;
		int64_t streak;
		r = read_string(&ci->health_status, "Status", &status, ret_detail);
		if (r >= 0)
			r = read_int(&ci->health_failing_streak, "FailingStreak", 0, &streak,
				     ret_detail);
		if (r < 0)
			return r;
		if (!status || strcmp(status, "unhealthy") != 0)
			return 0;
		return hit(ret_detail, ret_value,
			   xasprintf("Health.Status=unhealthy (%" PRId64 " failed checks in a row)",
				     streak),
			   xstrdup(status));
	}
	if (c->running)
		return hit(ret_detail, ret_value,
			   xstrdup(disabled ? "the health check is disabled (HEALTHCHECK NONE)"
					    : "no health check"),
			   xstrdup("none"));
	if (t0 && !disabled)
		return 0; /* stopped: it will be checked when started */
	return hit(ret_detail, ret_value,
		   xstrdup(disabled ? "the health check is disabled (HEALTHCHECK NONE; not running)"
				    : "no health check configured (not running)"),
		   xstrdup("none"));
}

static int health_checked(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	return check_each_container(ctx, res, container_health, NULL,
				    "have no health check or are unhealthy",
				    "lacks a health check or is unhealthy");
}

/* ---- 5.28 the image a container runs is what its tag names now ---- */

struct image_index {
	const struct image *imgs;
	size_t n;
	size_t unknown; /* references not tagged locally: not comparable */
};

/* "busybox" -> "busybox:latest", "docker.io/library/busybox:1" -> "busybox:1" (malloc'ed);
 * NULL for a reference pinned by digest or id. */
static char *image_tag_ref(const char *ref)
{
	if (strchr(ref, '@') || str_startswith(ref, "sha256:"))
		return NULL;
	const char *r = ref;
	if (str_startswith(r, "docker.io/library/"))
		r += strlen("docker.io/library/");
	else if (str_startswith(r, "docker.io/"))
		r += strlen("docker.io/");
	else if (str_startswith(r, "index.docker.io/library/"))
		r += strlen("index.docker.io/library/");
	const char *slash = strrchr(r, '/');
	if (strchr(slash ? slash : r, ':'))
		return xstrdup(r);
	return xasprintf("%s:latest", r);
}

static const struct image *image_by_tag(const struct image_index *ix, const char *tag)
{
	for (size_t i = 0; i < ix->n; i++) {
		const struct opt_strv *tags = &ix->imgs[i].summary->repo_tags;
		for (uint32_t k = 0; k < strv_n(tags); k++)
			if (tags->v[k] && strcmp(tags->v[k], tag) == 0)
				return &ix->imgs[i];
	}
	return NULL;
}

static const char *short_id(const char *id)
{
	return str_startswith(id, "sha256:") ? id + 7 : id;
}

static int container_stale_image(struct audit_ctx *ctx, const struct container *c, void *arg,
				 char **ret_detail, char **ret_value)
{
	struct image_index *ix = arg;
	const char *ref = NULL, *runs = NULL;
	int r = read_string(&c->inspect->config_image, "Config.Image", &ref, ret_detail);
	if (r >= 0)
		r = read_string(&c->inspect->image, "Image", &runs, ret_detail);
	if (r < 0)
		return r;
	if (!runs || !ref)
		return bad_json(ret_detail,
				"the inspection has no %s: which image it runs cannot "
				"be compared with its tag",
				!runs ? "Image" : "Config.Image");
	/* an id (or a prefix of one) pins the image */
	size_t len = strlen(ref);
	if (len >= 12 && strspn(ref, "0123456789abcdef") == len)
		return 0;
	_cleanup_free_ char *tag = image_tag_ref(ref);
	if (!tag)
		return 0; /* pinned by digest or id */
	const struct image *img = image_by_tag(ix, tag);
	if (!img) {
		ix->unknown++;
		return 0;
	}
	if (strcmp(img->id, runs) == 0)
		return 0;
	return hit(ret_detail, ret_value,
		   xasprintf("%s now names image %.12s, but the container runs %.12s: recreate it",
			     tag, short_id(img->id), short_id(runs)),
		   xstrdup(short_id(runs)));
}

static int latest_image_used(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	struct image_index ix = {0};
	const char *err;
	if (ctx_images(ctx, &ix.imgs, &ix.n, &err) < 0)
		return result_error(res, "cannot list images: %s", err);
	int r = check_each_container(ctx, res, container_stale_image, &ix,
				     "run an older image than their tag names now",
				     "runs an older image than its tag names now");
	if (r < 0 || !ix.unknown || res->status == DA_ERROR)
		return r;
	return note(res,
		    "; %zu container%s image reference%s not tagged locally any more and "
		    "could not be compared",
		    ix.unknown, ix.unknown == 1 ? "'s" : "s'", ix.unknown == 1 ? " is" : "s are");
}

/* ---- 5.30 default bridge ---- */

static int container_default_bridge(struct audit_ctx *ctx, const struct container *c, void *arg,
				    char **ret_detail, char **ret_value)
{
	const struct opt_strv *nets = &c->inspect->networks;
	const char *mode;
	bool joined;
	int r = read_list(nets->state, "NetworkSettings.Networks", &joined, ret_detail);
	if (r >= 0)
		r = read_string(&c->inspect->network_mode, "HostConfig.NetworkMode", &mode,
				ret_detail);
	if (r < 0)
		return r;
	if (!joined && !mode)
		return bad_json(ret_detail,
				"the inspection has neither NetworkSettings.Networks nor "
				"HostConfig.NetworkMode: its networks cannot be told");
	/* Podman's default network is called "podman" (bridge podman0); its NetworkMode still
	 * says "bridge" for it */
	bool podman = ctx_engine_is_podman(ctx);
	const char *dflt = podman ? "podman" : "bridge";
	bool on_bridge = false;
	if (joined)
		for (uint32_t i = 0; i < nets->n && !on_bridge; i++)
			on_bridge = nets->v[i] && strcmp(nets->v[i], dflt) == 0;
	else
		on_bridge = mode && (strcmp(mode, "bridge") == 0 || strcmp(mode, "default") == 0);
	if (!on_bridge)
		return 0;
	/* the default bridge's real interface: the daemon's "bridge" setting (-b, daemon.json,
	 * or the bridge network's com.docker.network.bridge.name), docker0 when unset */
	const struct daemonconf *dc;
	const char *ifname = NULL;
	if (!podman && ctx_daemonconf(ctx, &dc, NULL) == 0 &&
	    daemonconf_get_string(dc, "bridge", &ifname, NULL) == 0 && ifname && !*ifname)
		ifname = "docker0";
	return hit(ret_detail, ret_value,
		   podman   ? xstrdup("attached to Podman's default network 'podman'")
		   : ifname ? xasprintf("attached to the default bridge network (%s)", ifname)
			    : xstrdup("attached to the default bridge network"),
		   xstrdup(dflt));
}

static int default_bridge_not_used(struct audit_ctx *ctx, const struct check *chk,
				   struct result *res)
{
	return check_each_container(ctx, res, container_default_bridge, NULL,
				    "use the default bridge network",
				    "uses the default bridge network");
}

/* ---- the table ---- */

#define SCOPE_JUDGED " Running containers by default, all with -a."

static const struct check checks[] = {
    {
	.id = "5.1",
	.key = "swarm-not-enabled",
	.title = "Ensure swarm mode is not Enabled, if not needed",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = swarm_mode_disabled,
	.rationale = "Swarm mode opens the cluster management ports (2377/tcp, 7946, "
		     "4789/udp) and turns the daemon into a node that accepts work and "
		     "secrets from the swarm. A node that does not need it should not "
		     "offer that surface.",
	.judged = "Reads /info Swarm.LocalNodeState: \"inactive\" passes; any other state "
		  "(active, pending, locked, error) fails with the state, and says when "
		  "the node is a manager. Whether the swarm is needed is for a person to "
		  "decide: waive the finding where it is.",
	.remediation = "If this node does not need swarm mode, leave the swarm:\n"
		       "  docker swarm leave        (on a manager: docker swarm leave "
		       "--force)",
    },
    {
	.id = "5.2",
	.key = "apparmor-profile",
	.title = "Ensure that, if applicable, an AppArmor Profile is enabled",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = apparmor_profile_applied,
	.rationale = "AppArmor confines what a container's processes may do to files, "
		     "mounts and the kernel beyond capabilities and seccomp; an unconfined "
		     "container loses that layer.",
	.judged = "SKIP when the daemon reports no name=apparmor in /info SecurityOptions "
		  "(the host has no AppArmor: \"if applicable\"). Otherwise fails every "
		  "container whose AppArmorProfile is \"unconfined\", that was given "
		  "--security-opt apparmor=unconfined, or that runs privileged (always "
		  "unconfined). An empty profile is not a failure: the daemon applies "
		  "docker-default when it starts such a container." SCOPE_JUDGED,
	.remediation = "Run containers with the default or a custom AppArmor profile; drop "
		       "--security-opt apparmor=unconfined and --privileged:\n"
		       "  docker run --security-opt apparmor=docker-default ... IMAGE",
    },
    {
	.id = "5.3",
	.key = "selinux-options",
	.title = "Ensure that, if applicable, SELinux security options are set",
	.section = "5",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = selinux_options_set,
	.rationale = "SELinux labels keep a container's processes away from host files and "
		     "from other containers even when other isolation fails.",
	.judged = "SKIP when the daemon reports no name=selinux in /info SecurityOptions "
		  "(SELinux support not enabled in the daemon). Otherwise fails containers "
		  "with --security-opt label=disable (or label:disable), an unconfined "
		  "type (spc_t, unconfined_t) in SecurityOpt or ProcessLabel, an empty "
		  "ProcessLabel, or --privileged. Unrelated security options do not count "
		  "as SELinux options." SCOPE_JUDGED,
	.remediation = "Enable SELinux in the daemon (--selinux-enabled) and run "
		       "containers without label=disable or --privileged; set a level or "
		       "type where needed:\n"
		       "  docker run --security-opt label=level:s0:c100,c200 ... IMAGE",
    },
    {
	.id = "5.4",
	.key = "capabilities-restricted",
	.title = "Ensure that Linux kernel capabilities are restricted within containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = capabilities_restricted,
	.rationale = "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give root in "
		     "the container powers over the host kernel that Docker's default set "
		     "leaves out.",
	.judged = "Fails containers whose HostConfig.CapAdd adds any capability outside "
		  "Docker's default set (AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL "
		  "MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID "
		  "SYS_CHROOT), or ALL; names compared case-insensitively with or without "
		  "CAP_. Privileged containers fail too (they have every capability). "
		  "Dropping capabilities is not required here." SCOPE_JUDGED,
	.remediation = "Add only the capabilities a container needs, best after dropping "
		       "all:\n"
		       "  docker run --cap-drop ALL --cap-add NET_BIND_SERVICE ... IMAGE",
    },
    {
	.id = "5.5",
	.key = "no-privileged",
	.title = "Ensure that privileged containers are not used",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON,
	.run = no_privileged_containers,
	.rationale = "A privileged container has every capability, every host device, no "
		     "seccomp or AppArmor confinement and writable /sys: root in it is "
		     "root on the host.",
	.judged = "Fails for every container in scope whose HostConfig.Privileged is true. "
		  "Running containers by default; with -a also stopped ones, which regain "
		  "their privileges when started.",
	.remediation = "Recreate the container without --privileged; grant only the "
		       "capabilities (--cap-add) and devices (--device) it needs:\n"
		       "  docker rm -f NAME && docker run --cap-drop ALL --cap-add NEEDED "
		       "... IMAGE",
    },
    {
	.id = "5.6",
	.key = "no-sensitive-mounts",
	.title = "Ensure sensitive host system directories are not mounted on containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = sensitive_dirs_not_mounted,
	.rationale = "A container that can write /etc, /usr, /boot or /dev of the host can "
		     "change what the host runs; even reading them whole discloses "
		     "credentials and configuration.",
	.judged = "Looks at bind mounts (Mounts[] of Type bind) only: a volume or tmpfs "
		  "whose destination is /usr is not a host directory. Fails when the "
		  "source is /, /boot, /dev, /etc, /lib, /proc, /sys or /usr itself "
		  "(read-only or not), or a path below one of them mounted read-write; "
		  "read-only sub-paths such as /etc/localtime:ro pass. Paths are compared "
		  "after lexical normalisation, nothing is resolved on the host." SCOPE_JUDGED,
	.remediation = "Mount only the files a container needs, read-only:\n"
		       "  docker run -v /etc/localtime:/etc/localtime:ro ... IMAGE\n"
		       "and use volumes for data instead of host system directories.",
    },
    {
	.id = "5.7",
	.key = "no-sshd",
	.title = "Ensure sshd is not run within containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = sshd_not_running,
	.rationale = "An SSH daemon in a container is another service to patch, another "
		     "set of credentials and a way in that bypasses docker exec and its "
		     "audit trail.",
	.judged = "Lists each running container's processes from the host's /proc, in one "
		  "pass: a process belongs to the container whose id its cgroup names, as "
		  "for docker top, and /proc is trusted only when the container's own init "
		  "(State.Pid) is seen there; otherwise (a remote daemon, another PID "
		  "namespace) GET /containers/{id}/top asks the daemon, which runs ps per "
		  "container. Nothing is executed in the container, so images without ps "
		  "are judged too. Fails when a process's command "
		  "name is sshd (\"/usr/sbin/sshd -D\", \"sshd: user@pts/0\", "
		  "sshd-session); an argument that merely mentions sshd does not count. "
		  "Stopped containers run nothing and pass; a container whose processes "
		  "cannot be listed is an ERROR.",
	.remediation = "Remove the SSH server from the image and use docker exec for "
		       "interactive access:\n"
		       "  docker exec -it NAME sh",
    },
    {
	.id = "5.8",
	.key = "no-privileged-ports",
	.title = "Ensure privileged ports are not mapped within containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = privileged_ports_not_mapped,
	.rationale = "Ports below 1024 are the ones clients trust to belong to system "
		     "services; a container should not take them over.",
	.judged = "Fails containers that publish a host port from 1 to 1023 (1024 is not "
		  "privileged): the actual bindings of running containers "
		  "(NetworkSettings.Ports), the configured ones of stopped ones "
		  "(HostConfig.PortBindings, ranges by their lowest port). A container on "
		  "the host network binds host ports directly and is not seen here (see "
		  "5.10)." SCOPE_JUDGED,
	.remediation = "Publish on a host port of 1024 or above, or put a reverse proxy in "
		       "front:\n"
		       "  docker run -p 8080:80 ... IMAGE",
    },
    {
	.id = "5.9",
	.key = "needed-ports-only",
	.title = "Ensure that only needed ports are open on the container",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = only_needed_ports_open,
	.rationale = "Every published port is reachable from outside the host; a port that "
		     "is not needed is attack surface without a purpose.",
	.judged = "Which ports are needed is for a person to decide: MANUAL, listing every "
		  "container that publishes ports with the ports as docker ps shows them, "
		  "and every container on the host network (all its ports are open). PASS "
		  "when no container publishes anything." SCOPE_JUDGED,
	.remediation = "Publish only the ports the service needs; drop -P (--publish-all) "
		       "and unneeded -p flags:\n"
		       "  docker run -p 127.0.0.1:8080:80 ... IMAGE",
    },
    {
	.id = "5.10",
	.key = "no-host-network",
	.title = "Ensure that the host's network namespace is not shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = host_namespace_not_shared,
	.arg = &ns_net,
	.rationale = "A container on the host's network sees and can bind every host "
		     "interface, reach services listening on localhost and, with NET_RAW "
		     "or NET_ADMIN, sniff or change host traffic.",
	.judged =
	    "Fails containers whose HostConfig.NetworkMode is \"host\", and those "
	    "joined (--network container:X) to a container on the host's network." SCOPE_JUDGED,
	.remediation = "Recreate the container on a bridge or user-defined network and "
		       "publish only the ports it needs:\n"
		       "  docker network create app && docker run --network app -p "
		       "127.0.0.1:8080:80 ... IMAGE",
    },
    {
	.id = "5.11",
	.key = "memory-limit",
	.title = "Ensure that the memory usage for containers is limited",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = memory_limited,
	.rationale = "A container without a memory limit can exhaust the host's memory and "
		     "get other containers or host services killed.",
	.judged = "Fails containers whose HostConfig.Memory is 0 (no limit)." SCOPE_JUDGED,
	.remediation = "Set a memory limit (docker update applies it without recreating):\n"
		       "  docker update --memory 512m --memory-swap 512m NAME",
    },
    {
	.id = "5.12",
	.key = "cpu-shares",
	.title = "Ensure that CPU priority is set appropriately on containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = cpu_priority_set,
	.rationale = "Without CPU shares or a CPU limit every container competes equally, "
		     "and a busy one starves the others.",
	.judged = "Fails containers whose HostConfig.CpuShares is 0 or 1024 (both mean "
		  "Docker's default weight) and that have no CPU limit either (NanoCpus "
		  "from --cpus and CpuQuota are 0). Unlike docker-bench-security, 1024 "
		  "counts as unset and a --cpus limit counts as set." SCOPE_JUDGED,
	.remediation = "Give the container a CPU weight or limit:\n"
		       "  docker update --cpu-shares 512 NAME    or    docker update "
		       "--cpus 1.5 NAME",
    },
    {
	.id = "5.13",
	.key = "read-only-rootfs",
	.title = "Ensure that the container's root filesystem is mounted as read only",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = rootfs_read_only,
	.rationale = "A read-only root filesystem stops an intruder from changing the "
		     "container's binaries and configuration and makes writes explicit "
		     "(volumes, tmpfs).",
	.judged = "Fails containers whose HostConfig.ReadonlyRootfs is false." SCOPE_JUDGED,
	.remediation = "Recreate the container with a read-only root and writable paths "
		       "only where needed:\n"
		       "  docker run --read-only --tmpfs /tmp -v data:/var/lib/app ... "
		       "IMAGE",
    },
    {
	.id = "5.14",
	.key = "bind-host-interface",
	.title = "Ensure that incoming container traffic is bound to a specific host "
		 "interface",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = ports_bound_to_interface,
	.rationale = "A port published on every address is reachable from every network "
		     "the host is on, including ones the service was never meant for.",
	.judged = "Fails containers that publish a port on a wildcard address: 0.0.0.0, "
		  "and the IPv6 wildcard :: that other tools miss. Running containers by "
		  "their actual bindings; stopped ones (with -a) by their configuration, "
		  "where an unset address means the daemon's default address (\"ip\" / "
		  "--ip, read from its configuration; 0.0.0.0 unless set): ERROR when it "
		  "cannot be read." SCOPE_JUDGED,
	.remediation = "Publish on the address of the interface that should receive the "
		       "traffic:\n"
		       "  docker run -p 10.0.0.5:443:443 ... IMAGE\n"
		       "or set the daemon's default with \"ip\": \"127.0.0.1\" in "
		       "{{$daemon-json}}.",
    },
    {
	.id = "5.15",
	.key = "restart-on-failure",
	.title = "Ensure that the 'on-failure' container restart policy is set to '5'",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = restart_policy_limited,
	.rationale = "A container that restarts forever hides a fault and can keep a host "
		     "busy; a bounded number of retries surfaces it.",
	.judged = "Fails HostConfig.RestartPolicy \"always\" and \"unless-stopped\", and "
		  "\"on-failure\" with more than 5 retries or none given (0 means no limit "
		  "in Docker). \"no\" (or unset) and on-failure:1..5 pass." SCOPE_JUDGED,
	.remediation = "Bound the restarts (docker update applies it in place):\n"
		       "  docker update --restart on-failure:5 NAME",
    },
    {
	.id = "5.16",
	.key = "no-host-pid",
	.title = "Ensure that the host's process namespace is not shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = host_pid_namespace_not_shared,
	.rationale = "A container in the host's PID namespace sees every process on the "
		     "host, their command lines and environments, and as root can signal "
		     "or trace them.",
	.judged = "Fails for every container in scope whose HostConfig.PidMode is "
		  "\"host\", and for one joined (PidMode=container:X) to a container that "
		  "shares the host's PID namespace. Running containers by default, all "
		  "with -a.",
	.remediation = "Recreate the container without --pid=host (and without "
		       "--pid=container:X joined to such a container):\n"
		       "  docker rm -f NAME && docker run ... IMAGE",
    },
    {
	.id = "5.17",
	.key = "no-host-ipc",
	.title = "Ensure that the host's IPC namespace is not shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = host_namespace_not_shared,
	.arg = &ns_ipc,
	.rationale = "The host's IPC namespace holds shared memory segments, semaphores "
		     "and message queues of host processes; a container in it can read and "
		     "corrupt them.",
	.judged = "Fails containers whose HostConfig.IpcMode is \"host\", and those joined "
		  "(--ipc container:X) to a container in the host's IPC namespace." SCOPE_JUDGED,
	.remediation = "Recreate the container without --ipc=host:\n"
		       "  docker rm -f NAME && docker run ... IMAGE",
    },
    {
	.id = "5.18",
	.key = "no-host-devices",
	.title = "Ensure that host devices are not directly exposed to containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = host_devices_not_exposed,
	.rationale = "A host device in a container (a disk, /dev/mem, a GPU) bypasses the "
		     "filesystem isolation around it.",
	.judged = "Fails containers with HostConfig.Devices (each PathOnHost listed), "
		  "DeviceRequests (--gpus), DeviceCgroupRules, or --privileged (every "
		  "device). docker-bench-security only looks at Devices." SCOPE_JUDGED,
	.remediation = "Pass only the devices a container needs, with the least "
		       "permissions:\n"
		       "  docker run --device /dev/ttyUSB0:/dev/ttyUSB0:r ... IMAGE",
    },
    {
	.id = "5.19",
	.key = "ulimit-override",
	.title = "Ensure that the default ulimit is overwritten at runtime if needed",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = ulimits_overridden_if_needed,
	.rationale = "The daemon's default ulimits (2.8) keep containers from exhausting "
		     "host resources; a per-container override should be a deliberate "
		     "exception.",
	.judged = "INFO listing the containers that override the default ulimits "
		  "(HostConfig.Ulimits) with their values, so that a person can confirm "
		  "each is needed; PASS when none does. An entry equal to the daemon's "
		  "default-ulimits is not an override (Docker copies them into every "
		  "container); on Podman neither is one equal to the limits its service "
		  "passes on (those of the container's conmon in /proc). "
		  "docker-bench-security lists the opposite set." SCOPE_JUDGED,
	.remediation = "Set ulimits once in the daemon (\"default-ulimits\" in "
		       "{{$daemon-json}}) and override them only where needed:\n"
		       "  docker run --ulimit nofile=1024:2048 ... IMAGE",
    },
    {
	.id = "5.20",
	.key = "no-shared-propagation",
	.title = "Ensure mount propagation mode is not set to shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = mount_propagation_not_shared,
	.rationale = "With shared propagation, mounts made inside the container appear on "
		     "the host and the other way round.",
	.judged = "Fails containers with any mount (Mounts[], each one) whose Propagation "
		  "is shared or rshared." SCOPE_JUDGED,
	.remediation = "Use private (the default) or slave propagation:\n"
		       "  docker run --mount "
		       "type=bind,src=/srv,dst=/srv,bind-propagation=rslave ... IMAGE",
    },
    {
	.id = "5.21",
	.key = "no-host-uts",
	.title = "Ensure that the host's UTS namespace is not shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_SPOOFING,
	.needs = DA_NEED_DAEMON,
	.run = host_namespace_not_shared,
	.arg = &ns_uts,
	.rationale = "In the host's UTS namespace a container can change the host's "
		     "hostname and NIS domain name.",
	.judged = "Fails containers whose HostConfig.UTSMode is \"host\"." SCOPE_JUDGED,
	.remediation = "Recreate the container without --uts=host:\n"
		       "  docker rm -f NAME && docker run ... IMAGE",
    },
    {
	.id = "5.22",
	.key = "seccomp-enabled",
	.title = "Ensure the default seccomp profile is not Disabled",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = seccomp_not_disabled,
	.rationale = "The default seccomp profile blocks about 44 system calls that are "
		     "rarely needed and often used to escape a container.",
	.judged = "Fails containers run with --security-opt seccomp=unconfined (or "
		  "seccomp:unconfined), privileged containers (no filter at all, which "
		  "other tools miss), and every container without a profile of its own "
		  "when the daemon's default profile is unconfined (/info SecurityOptions "
		  "name=seccomp,profile=unconfined) or the daemon has no seccomp support. "
		  "A custom profile passes; its contents are not judged." SCOPE_JUDGED,
	.remediation = "Drop seccomp=unconfined and --privileged; if a call is missing, "
		       "start from Docker's profile and allow only it:\n"
		       "  docker run --security-opt seccomp=/path/to/profile.json ... "
		       "IMAGE",
    },
    {
	.id = "5.23",
	.key = "no-exec-privileged",
	.title = "Ensure that docker exec commands are not used with the privileged option",
	.section = "5",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = exec_sessions_not,
	.arg = NULL,
	.rationale = "docker exec --privileged gives a process in the container every "
		     "capability and no confinement, whatever the container itself was "
		     "allowed.",
	.judged = "Inspects the exec sessions the daemon still tracks (each container's "
		  "ExecIDs, GET /exec/{id}/json) and fails those with "
		  "ProcessConfig.privileged. Docker forgets a session when its process "
		  "exits, so only running (or created) sessions are visible: the pass says "
		  "so. For the history, the CIS audit reads the audit log of the docker "
		  "client (ausearch -k docker), which only sees CLI use." SCOPE_JUDGED,
	.remediation = "Do not use docker exec --privileged; if a task needs more "
		       "privileges, make it part of the container's configuration and "
		       "review it.",
    },
    {
	.id = "5.24",
	.key = "no-exec-root",
	.title = "Ensure that docker exec commands are not used with the user=root option",
	.section = "5",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = exec_sessions_not,
	.arg = "root",
	.rationale = "docker exec --user root runs a process as root in a container whose "
		     "service was meant to run unprivileged.",
	.judged = "Inspects the exec sessions the daemon still tracks (ExecIDs, GET "
		  "/exec/{id}/json) and fails those whose ProcessConfig.user names root: "
		  "root or uid 0, with any group (root:root, 0:0). An exec without --user "
		  "runs as the container's own user, which 4.1 judges. As for 5.23, only "
		  "sessions still running are visible." SCOPE_JUDGED,
	.remediation = "Run docker exec as the container's user (omit --user root); put "
		       "tasks that need root into the image or the container's "
		       "configuration.",
    },
    {
	.id = "5.25",
	.key = "cgroup-confirmed",
	.title = "Ensure that cgroup usage is confirmed",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = cgroup_usage_confirmed,
	.rationale = "A container under a custom cgroup parent escapes the limits Docker "
		     "applies to its own cgroup tree unless that parent is set up as "
		     "carefully.",
	.judged = "Fails containers with a non-empty HostConfig.CgroupParent, naming it, "
		  "so that a person confirms it; orchestrators that set one deliberately "
		  "can be waived." SCOPE_JUDGED,
	.remediation = "Run containers under Docker's default cgroup parent unless a "
		       "reviewed setup needs --cgroup-parent.",
    },
    {
	.id = "5.26",
	.key = "no-new-privileges",
	.title = "Ensure that the container is restricted from acquiring additional "
		 "privileges",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = no_new_privileges,
	.rationale = "Without no-new-privileges, setuid and setcap binaries in a container "
		     "can raise a process's privileges.",
	.judged = "Passes containers whose SecurityOpt sets no-new-privileges (bare, :true "
		  "or =true; the last one wins), and, when the daemon sets it by default "
		  "(--no-new-privileges, \"no-new-privileges\": true in daemon.json, or "
		  "name=no-new-privileges in /info SecurityOptions of newer engines), "
		  "containers that do not turn it off; CIS notes the default does not show "
		  "in SecurityOpt, so tools that ignore it fail every container. "
		  "no-new-privileges=false or :false is not set, although it contains the "
		  "name (a false pass in other tools). When the daemon's default cannot be "
		  "read, a container without the option is an ERROR, not a guess." SCOPE_JUDGED,
	.remediation = "Set it for every container in the daemon (\"no-new-privileges\": "
		       "true in {{$daemon-json}}) or per container:\n"
		       "  docker run --security-opt no-new-privileges ... IMAGE",
    },
    {
	.id = "5.27",
	.key = "health-checked",
	.title = "Ensure that container health is checked at runtime",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = health_checked,
	.rationale = "A health check lets Docker and orchestrators see a container that "
		     "runs but no longer works.",
	.judged = "Fails running containers without a health check (no State.Health, or "
		  "HEALTHCHECK NONE) and those whose Health.Status is unhealthy; "
		  "\"starting\" and \"healthy\" pass. With -a, a stopped container fails "
		  "when it has no health check configured (Config.Healthcheck)." SCOPE_JUDGED,
	.remediation = "Add a HEALTHCHECK to the image or a check at run time:\n"
		       "  docker run --health-cmd 'wget -q -O- http://localhost/ || exit "
		       "1' --health-interval 30s ... IMAGE",
    },
    {
	.id = "5.28",
	.key = "latest-image",
	.title = "Ensure that Docker commands always make use of the latest version of "
		 "their image",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = latest_image_used,
	.rationale = "A container keeps running the image it was created from; after the "
		     "tag is updated (e.g. with security fixes) it must be recreated to "
		     "get them.",
	.judged = "Fails a container when the tag it was created from (Config.Image, "
		  "normalised: busybox -> busybox:latest) now names a different local "
		  "image than the one it runs (Image). References pinned by digest or id, "
		  "and tags no longer present locally, cannot be compared and pass (the "
		  "detail counts the latter). Whether the registry has a newer image is "
		  "not checked: docker-audit does not pull." SCOPE_JUDGED,
	.remediation = "Pull the image and recreate the container from it:\n"
		       "  docker pull IMAGE:TAG && docker rm -f NAME && docker run ... "
		       "IMAGE:TAG   (or docker compose up -d --pull always)",
    },
    {
	.id = "5.29",
	.key = "pids-limit",
	.title = "Ensure that the PIDs cgroup limit is used",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = pids_limit_used,
	.rationale = "Without a PIDs limit a fork bomb in one container exhausts the "
		     "host's process table.",
	.judged = "Fails containers whose HostConfig.PidsLimit is unset (null), 0 or "
		  "negative: all mean no limit." SCOPE_JUDGED,
	.remediation = "Set a PIDs limit:\n"
		       "  docker update --pids-limit 200 NAME",
    },
    {
	.id = "5.30",
	.key = "no-docker0",
	.title = "Ensure that Docker's default bridge \"docker0\" is not used",
	.section = "5",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON,
	.run = default_bridge_not_used,
	.rationale = "Containers on the default bridge can reach each other (unless icc is "
		     "off) and are exposed to ARP and MAC spoofing from their neighbours; "
		     "user-defined networks isolate groups of containers.",
	.judged =
	    "Fails containers attached to the network named \"bridge\" "
	    "(NetworkSettings.Networks; NetworkMode bridge/default when the daemon "
	    "reports no networks). Whether docker0 merely exists does not matter." SCOPE_JUDGED,
	.remediation = "Create a user-defined network and move containers to it:\n"
		       "  docker network create app && docker network connect app NAME && "
		       "docker network disconnect bridge NAME",
    },
    {
	.id = "5.31",
	.key = "no-host-userns",
	.title = "Ensure that the host's user namespaces are not shared",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = host_namespace_not_shared,
	.arg = &ns_user,
	.rationale = "With user namespace remapping, root in a container is an "
		     "unprivileged user on the host; --userns=host opts a container out of "
		     "that.",
	.judged = "Fails containers whose HostConfig.UsernsMode is \"host\". When the "
		  "daemon does not remap user namespaces at all (no name=userns in /info "
		  "SecurityOptions), the pass says so: every container then shares the "
		  "host's user namespace, which the daemon check userns-remap judges "
		  "(2.9 in v1.6.0 and v1.7.0, 2.10 in v1.8.0)." SCOPE_JUDGED,
	.remediation = "Recreate the container without --userns=host, and enable "
		       "\"userns-remap\" in the daemon (the daemon check userns-remap).",
    },
    {
	.id = "5.32",
	.key = "no-docker-sock-mount",
	.title = "Ensure that the Docker socket is not mounted inside any containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DAEMON,
	.run = docker_socket_not_mounted,
	.rationale = "Whoever can talk to the Docker (or containerd) socket can start a "
		     "privileged container with the host's root filesystem: root on the "
		     "host.",
	.judged = "Fails bind mounts whose source is a Docker or containerd socket "
		  "(/var/run/docker.sock, /run/docker.sock, the socket of the audited "
		  "endpoint, any file named docker.sock or containerd.sock such as a "
		  "rootless one) or a directory that contains one of these paths (/run, "
		  "/var/run, /). Paths are compared lexically; a volume cannot carry the "
		  "socket." SCOPE_JUDGED,
	.remediation = "Do not mount the socket; give tools that need the API a restricted "
		       "proxy, or run them on the host:\n"
		       "  docker rm -f NAME && docker run ... IMAGE   (without -v "
		       "/var/run/docker.sock:...)",
    },
};

const struct check_section runtime_section = {"5", checks, ARRAY_SIZE(checks)};

/* v1.7.0 and later: /lib64 is a sensitive directory too. */
static const struct check variants[] = {
    {
	.id = "5.6",
	.key = "no-sensitive-mounts",
	.variant = "lib64",
	.title = "Ensure sensitive host system directories are not mounted on containers",
	.section = "5",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE | DA_STRIDE_EOP,
	.needs = DA_NEED_DAEMON,
	.run = sensitive_dirs_not_mounted,
	.arg = &(const struct sensitive_mounts){mount_sensitive_lib64},
	.rationale = "A container that can write /etc, /usr, /boot or /dev of the host can "
		     "change what the host runs; even reading them whole discloses "
		     "credentials and configuration.",
	.judged = "Looks at bind mounts (Mounts[] of Type bind) only: a volume or tmpfs "
		  "whose destination is /usr is not a host directory. Fails when the "
		  "source is /, /boot, /dev, /etc, /lib, /lib64, /proc, /sys or /usr itself "
		  "(read-only or not), or a path below one of them mounted read-write; "
		  "read-only sub-paths such as /etc/localtime:ro pass. Paths are compared "
		  "after lexical normalisation, nothing is resolved on the host." SCOPE_JUDGED,
	.remediation = "Mount only the files a container needs, read-only:\n"
		       "  docker run -v /etc/localtime:/etc/localtime:ro ... IMAGE\n"
		       "and use volumes for data instead of host system directories.",
    },
};

const struct check_section runtime_variants = {"5", variants, ARRAY_SIZE(variants)};
