/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The k8s-node benchmark: the node checks of the CIS Kubernetes Benchmark v1.12.0 (the newest
 * kube-bench implements, cfg/cis-1.12) that a tool on the node can judge from files and /proc:
 * control plane files and API server flags (1.x), etcd (2.x), worker node files and the kubelet
 * (4.x). Ids carry a "k8s-" prefix so that they never meet a Docker id in any format.
 */
#include "common.h"
#include <sys/stat.h>
#include "benchmark.h"
#include "buf.h"
#include "checks.h"
#include "facts/accounts.h"
#include "facts/locate.h"
#include "facts/units.h"
#include "facts/k8s.h"
#include "strutil.h"

/* ---- shared ---- */

static char *value_from(const struct k8s_value *v)
{
	switch (v->source) {
	case K8S_SRC_FLAG:
		return xasprintf("--%s", v->origin);
	case K8S_SRC_ENV: {
		char name[128] = "ETCD_";
		size_t l = strlen(name);
		for (const char *p = v->origin; *p && l + 2 < sizeof(name); p++)
			name[l++] = *p == '-' ? '_' : (char)(*p & ~0x20);
		name[l] = '\0';
		return xasprintf("%s in the environment", name);
	}
	case K8S_SRC_DROPIN:
		return xasprintf("drop-in %s", v->origin);
	case K8S_SRC_CONFIG:
		return xasprintf("config file %s", v->origin);
	case K8S_SRC_MANIFEST:
		return xasprintf("static pod manifest %s (the process is not running)", v->origin);
	case K8S_SRC_DEFAULT:
		return xstrdup(v->origin);
	case K8S_SRC_NONE:
		break;
	}
	return xstrdup("not set anywhere");
}

/* Add the finding of one setting. */
static int add_setting(struct result *res, const char *kind, const char *name,
		       const struct k8s_value *v, const char *why)
{
	_cleanup_free_ char *text = k8s_value_text(v);
	_cleanup_free_ char *from = value_from(v);
	_cleanup_free_ char *detail = xasprintf("%s (%s)", why, from ? from : "?");
	if (!text || !from || !detail)
		return -ENOMEM;
	return result_add(res,
			  &(struct finding_spec){.kind = kind,
						 .name = name,
						 .detail = detail,
						 .source = k8s_source_name(v->source),
						 .value = v->source == K8S_SRC_NONE ? NULL : text});
}

static bool list_has(const char *const *l, const char *s)
{
	for (; l && *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

static bool value_set(const struct k8s_value *v)
{
	if (v->source == K8S_SRC_NONE)
		return false;
	if (v->str)
		return *v->str != '\0';
	if (cJSON_IsString(v->json))
		return *v->json->valuestring != '\0';
	return v->json != NULL;
}

static int value_int(const struct k8s_value *v, int64_t *ret)
{
	if (v->str)
		return parse_int64(v->str, ret);
	if (cJSON_IsNumber(v->json)) {
		double d = v->json->valuedouble;
		if (d != (double)(int64_t)d)
			return -EINVAL;
		*ret = (int64_t)d;
		return 0;
	}
	if (cJSON_IsString(v->json))
		return parse_int64(v->json->valuestring, ret);
	return v->json ? -EINVAL : -ENOENT;
}

/* A Go duration ("0", "0s", "4h0m0s", "5m") is zero when every number in it is zero. */
static int duration_is_zero(const struct k8s_value *v, bool *ret)
{
	_cleanup_free_ char *t = k8s_value_text(v);
	if (!t)
		return -ENOMEM;
	if (!*t)
		return -EINVAL;
	bool zero = true, digit = false;
	for (const char *p = t; *p; p++) {
		if (*p >= '1' && *p <= '9')
			zero = false;
		if (*p >= '0' && *p <= '9')
			digit = true;
	}
	if (!digit)
		return -EINVAL;
	*ret = zero;
	return 0;
}

/* The cipher suites of CIS Kubernetes v1.12.0 4.2.12 (kubelet) and 1.2.29 (API server). */
static const char *const kubelet_ciphers[] = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
					      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
					      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
					      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
					      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
					      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
					      NULL};
static const char *const apiserver_ciphers[] = {"TLS_AES_128_GCM_SHA256",
						"TLS_AES_256_GCM_SHA384",
						"TLS_CHACHA20_POLY1305_SHA256",
						"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
						"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
						"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
						"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
						"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
						"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
						"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
						"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
						NULL};

/* ---- settings: one function serves every flag/config row ---- */

enum k8s_op {
	OP_FALSE, /* a bool that must be false */
	OP_TRUE, /* a bool that must be true */
	OP_NOT_TRUE, /* unset or false */
	OP_SET, /* a non-empty value */
	OP_UNSET, /* must not be set */
	OP_ZERO, /* an integer that must be 0 */
	OP_DURATION_NZ, /* a duration that must not be 0 */
	OP_GTE0, /* an integer >= 0 */
	OP_POSITIVE, /* an integer > 0 */
	OP_HAS, /* a list that must contain value */
	OP_NOT_HAS, /* a list that must not contain value */
	OP_CIPHERS, /* a list of cipher suites, each one of ciphers */
};

struct setting_rule {
	enum k8s_component which;
	const char *flag; /* NULL: config file only */
	bool is_bool;
	const char *path; /* kubelet config path; NULL: flag only */
	enum k8s_op op;
	const char *value; /* OP_HAS, OP_NOT_HAS */
	const char *const *ciphers; /* OP_CIPHERS */
	const char *and_flag; /* a second flag that must be set too (cert + key) */
	const char *and_path;
	const char *tls_urls; /* etcd: these listen URLs must all be https:// */
	const char *what; /* "anonymous authentication" for messages */
};

/* The verdict of one value against the op: 1 passes, 0 fails (*why), -EINVAL unjudgeable. */
static int judge_value(const struct setting_rule *r, const struct k8s_value *v, const char **why)
{
	bool b;
	int64_t n;
	int e;
	_cleanup_strv_free_ char **l = NULL;
	switch (r->op) {
	case OP_FALSE:
	case OP_TRUE:
		if (v->source == K8S_SRC_NONE) {
			*why = "not set";
			return 0;
		}
		if (k8s_value_bool(v, &b) < 0)
			return -EINVAL;
		*why = b ? "is true" : "is false";
		return b == (r->op == OP_TRUE);
	case OP_NOT_TRUE:
		if (v->source == K8S_SRC_NONE)
			return 1;
		if (k8s_value_bool(v, &b) < 0)
			return -EINVAL;
		*why = "is true";
		return !b;
	case OP_SET:
		*why = "is not set";
		return value_set(v);
	case OP_UNSET:
		*why = "is set";
		return !value_set(v);
	case OP_ZERO:
	case OP_GTE0:
	case OP_POSITIVE:
		if (v->source == K8S_SRC_NONE) {
			*why = "is not set";
			return r->op == OP_GTE0;
		}
		if (value_int(v, &n) < 0)
			return -EINVAL;
		*why = r->op == OP_ZERO	  ? "is not 0"
		       : r->op == OP_GTE0 ? "is negative"
					  : "is not a positive limit";
		return r->op == OP_ZERO ? n == 0 : r->op == OP_GTE0 ? n >= 0 : n > 0;
	case OP_DURATION_NZ:
		if (v->source == K8S_SRC_NONE)
			return 1;
		e = duration_is_zero(v, &b);
		if (e < 0)
			return e == -ENOMEM ? e : -EINVAL;
		*why = "is 0 (streaming connections never time out)";
		return !b;
	case OP_HAS:
	case OP_NOT_HAS:
	case OP_CIPHERS:
		if (v->source == K8S_SRC_NONE) {
			*why = "is not set";
			return r->op == OP_NOT_HAS;
		}
		e = k8s_value_list(v, &l);
		if (e < 0)
			return e == -ENOMEM ? e : -EINVAL;
		if (r->op == OP_HAS) {
			*why = "does not include the required mode or plugin";
			return list_has((const char *const *)l, r->value);
		}
		if (r->op == OP_NOT_HAS) {
			*why = "includes a forbidden value";
			return !list_has((const char *const *)l, r->value);
		}
		*why = "includes a cipher suite outside the benchmark's list";
		if (!l || !l[0])
			return 0;
		for (char **p = l; *p; p++)
			if (!list_has(r->ciphers, *p))
				return 0;
		return 1;
	}
	return -EINVAL;
}

static int get_value(struct audit_ctx *ctx, const struct setting_rule *r, const char *flag,
		     const char *path, struct k8s_value *v)
{
	if (r->which == K8S_KUBELET)
		return k8s_kubelet_get(ctx, flag, r->is_bool, path, v);
	return k8s_control_get(ctx, r->which, flag, r->is_bool, v);
}

/* SKIP or ERROR when the component cannot be judged here; 1 when the check may go on. */
static int component_ready(struct audit_ctx *ctx, enum k8s_component which, struct result *res)
{
	if (which == K8S_KUBELET) {
		const struct k8s_kubelet *k = k8s_kubelet(ctx);
		if (k->error < 0)
			return result_error(res, "%s", k->error_msg);
		if (k->skip)
			return result_skip(res, "%s", k->skip);
		return 1;
	}
	const struct k8s_control *k = k8s_control(ctx, which);
	if (k->proc_error < 0)
		return result_error(res, "%s", k->proc_error_msg);
	if (k->skip)
		return result_skip(res, "%s", k->skip);
	if (!k->proc && k->manifest_error < 0)
		return result_error(res, "%s is not running and its manifest cannot be read: %s",
				    k8s_component_name(which), k->manifest_error_msg);
	return 1;
}

static const char *setting_name(const struct setting_rule *r, bool has_config, const char *flag,
				const char *path, const struct k8s_value *v, char *buf, size_t n)
{
	/* a kubelet with a config file is configured in its spelling, unless a flag decided */
	if (path && (v->source == K8S_SRC_CONFIG || v->source == K8S_SRC_DROPIN || !flag ||
		     (v->source != K8S_SRC_FLAG && r->which == K8S_KUBELET && has_config)))
		return path;
	snprintf(buf, n, "--%s", flag ? flag : (path ? path : "?"));
	(void)r;
	return buf;
}

static int judge_one(struct audit_ctx *ctx, struct result *res, const struct setting_rule *r,
		     const char *flag, const char *path, bool *failed, char **pass_note)
{
	struct k8s_value v;
	int e = get_value(ctx, r, flag, path, &v);
	if (e == -EIO)
		return result_error(res, "cannot read %s, which could set %s", v.origin,
				    path ? path : flag);
	char nb[160];
	bool has_config =
	    r->which == K8S_KUBELET && (k8s_kubelet(ctx)->config || k8s_kubelet(ctx)->n_dropins);
	const char *name = setting_name(r, has_config, flag, path, &v, nb, sizeof(nb));
	const char *kind = k8s_component_name(r->which);
	const char *why = "";
	int ok = judge_value(r, &v, &why);
	if (ok == -ENOMEM)
		return ok;
	if (ok < 0) {
		_cleanup_free_ char *t = k8s_value_text(&v);
		return result_error(res, "%s has a value that cannot be judged: '%s'", name,
				    t ? t : "?");
	}
	if (!ok) {
		*failed = true;
		_cleanup_free_ char *w = xasprintf("%s %s", name, why);
		return w ? add_setting(res, kind, name, &v, w) : -ENOMEM;
	}
	_cleanup_free_ char *t = k8s_value_text(&v);
	_cleanup_free_ char *from = value_from(&v);
	char *note = v.source == K8S_SRC_NONE
			 ? xasprintf("%s%s%s is not set", *pass_note ? *pass_note : "",
				     *pass_note ? "; " : "", name)
			 : xasprintf("%s%s%s=%s from %s", *pass_note ? *pass_note : "",
				     *pass_note ? "; " : "", name, t ? t : "?", from ? from : "?");
	free(*pass_note);
	*pass_note = note;
	return note ? 0 : -ENOMEM;
}

/* etcd: every URL of a listen setting must be https:// (or a unix socket with TLS). */
static int judge_urls(struct audit_ctx *ctx, struct result *res, const struct setting_rule *r,
		      bool *failed)
{
	struct k8s_value v;
	int e = k8s_control_get(ctx, r->which, r->tls_urls, false, &v);
	if (e == -EIO)
		return result_error(res, "cannot read %s, which could set --%s", v.origin,
				    r->tls_urls);
	_cleanup_strv_free_ char **l = NULL;
	if (v.source == K8S_SRC_NONE || k8s_value_list(&v, &l) < 0)
		return 0;
	for (char **p = l; p && *p; p++)
		if (str_startswith(*p, "http://") || str_startswith(*p, "unix://")) {
			*failed = true;
			char nb[128];
			snprintf(nb, sizeof(nb), "--%s", r->tls_urls);
			_cleanup_free_ char *w = xasprintf("listens without TLS on %s", *p);
			return w ? add_setting(res, "etcd", nb, &v, w) : -ENOMEM;
		}
	return 0;
}

static int check_setting(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct setting_rule *r = chk->arg;
	int e = component_ready(ctx, r->which, res);
	if (e <= 0)
		return e;
	/* kube-apiserver 1.30+: --authorization-config replaces --authorization-mode */
	if (r->which == K8S_APISERVER && r->flag && strcmp(r->flag, "authorization-mode") == 0) {
		struct k8s_value mode, conf;
		if (k8s_control_get(ctx, r->which, "authorization-mode", false, &mode) == 0 &&
		    mode.source != K8S_SRC_FLAG && mode.source != K8S_SRC_MANIFEST &&
		    k8s_control_get(ctx, r->which, "authorization-config", false, &conf) == 0 &&
		    value_set(&conf)) {
			_cleanup_free_ char *t = k8s_value_text(&conf);
			return result_manual(res,
					     "authorization is configured by the file %s "
					     "(--authorization-config); review its authorizers",
					     t ? t : "?");
		}
	}
	bool failed = false;
	_cleanup_free_ char *note = NULL;
	size_t before = res->n_findings;
	e = judge_one(ctx, res, r, r->flag, r->path, &failed, &note);
	if (e < 0 || res->detail)
		return e;
	if (r->and_flag || r->and_path) {
		e = judge_one(ctx, res, r, r->and_flag, r->and_path, &failed, &note);
		if (e < 0 || res->detail)
			return e;
	}
	if (r->tls_urls) {
		e = judge_urls(ctx, res, r, &failed);
		if (e < 0 || res->detail)
			return e;
	}
	if (failed) {
		const struct finding *f = &res->findings[before];
		return result_fail(res, "%s: %s", r->what, f->detail);
	}
	return result_pass(res, "%s: %s", r->what, note ? note : "as required");
}

/* 4.2.9: a serving certificate the kubelet does not make up itself. */
static int check_kubelet_serving_cert(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	(void)chk;
	int e = component_ready(ctx, K8S_KUBELET, res);
	if (e <= 0)
		return e;
	struct k8s_value cert, key, boot;
	if (k8s_kubelet_get(ctx, "tls-cert-file", false, "tlsCertFile", &cert) == -EIO ||
	    k8s_kubelet_get(ctx, "tls-private-key-file", false, "tlsPrivateKeyFile", &key) ==
		-EIO ||
	    k8s_kubelet_get(ctx, NULL, true, "serverTLSBootstrap", &boot) == -EIO)
		return result_error(res, "a kubelet configuration file could not be read");
	if (value_set(&cert) && value_set(&key)) {
		_cleanup_free_ char *from = value_from(&cert);
		return result_pass(res, "the kubelet serves with its own certificate and key (%s)",
				   from ? from : "?");
	}
	bool b = false;
	if (k8s_value_bool(&boot, &b) == 0 && b) {
		_cleanup_free_ char *from = value_from(&boot);
		return result_pass(res,
				   "serverTLSBootstrap is true: the kubelet requests its serving "
				   "certificate from the cluster CA (%s)",
				   from ? from : "?");
	}
	e = add_setting(res, "kubelet", value_set(&cert) ? "tlsPrivateKeyFile" : "tlsCertFile",
			value_set(&cert) ? &key : &cert,
			"no serving certificate and key, and no serverTLSBootstrap: the kubelet "
			"serves with a self-signed certificate");
	if (e < 0)
		return e;
	return result_fail(res, "the kubelet serves with a self-signed certificate that no client "
				"can verify");
}

/* 4.2.11: the RotateKubeletServerCertificate gate, from --feature-gates then featureGates. */
static int check_kubelet_server_rotation(struct audit_ctx *ctx, const struct check *chk,
					 struct result *res)
{
	(void)chk;
	int e = component_ready(ctx, K8S_KUBELET, res);
	if (e <= 0)
		return e;
	const char *gate = "RotateKubeletServerCertificate";
	struct k8s_value v;
	if (k8s_kubelet_get(ctx, "feature-gates", false, NULL, &v) == 0 && v.str) {
		_cleanup_strv_free_ char **l = NULL;
		if (str_split(v.str, ',', &l) < 0)
			return -ENOMEM;
		for (char **p = l; p && *p; p++) {
			size_t n = strlen(gate);
			if (strncmp(*p, gate, n) != 0 || (*p)[n] != '=')
				continue;
			const char *val = *p + n + 1;
			if (strcmp(val, "false") == 0 || strcmp(val, "False") == 0) {
				struct k8s_value g = {K8S_SRC_FLAG, "feature-gates", val, NULL};
				e = add_setting(res, "kubelet", gate, &g, "the gate is disabled");
				return e < 0
					   ? e
					   : result_fail(res, "--feature-gates disables %s", gate);
			}
			return result_pass(res, "--feature-gates sets %s=%s", gate, val);
		}
	}
	if (k8s_kubelet_get(ctx, NULL, true, "featureGates.RotateKubeletServerCertificate", &v) ==
	    -EIO)
		return result_error(res, "cannot read %s, which could set featureGates", v.origin);
	bool b;
	if (v.source == K8S_SRC_NONE)
		return result_pass(res, "%s is not disabled (on by default since Kubernetes 1.12)",
				   gate);
	if (k8s_value_bool(&v, &b) < 0)
		return result_error(res, "featureGates.%s is not a bool", gate);
	if (!b) {
		e = add_setting(res, "kubelet", gate, &v, "the gate is disabled");
		return e < 0 ? e : result_fail(res, "featureGates disables %s", gate);
	}
	_cleanup_free_ char *from = value_from(&v);
	return result_pass(res, "%s is enabled (%s)", gate, from ? from : "?");
}

/* 1.2.28: the first provider for Secrets must encrypt (aescbc, kms, secretbox). */
static int check_encryption_providers(struct audit_ctx *ctx, const struct check *chk,
				      struct result *res)
{
	(void)chk;
	int e = component_ready(ctx, K8S_APISERVER, res);
	if (e <= 0)
		return e;
	struct k8s_value v;
	if (k8s_control_get(ctx, K8S_APISERVER, "encryption-provider-config", false, &v) == -EIO)
		return result_error(res, "cannot read %s", v.origin);
	if (!value_set(&v)) {
		e = add_setting(res, "kube-apiserver", "--encryption-provider-config", &v,
				"no EncryptionConfiguration: Secrets are stored in etcd in clear");
		return e < 0 ? e : result_fail(res, "Secrets are not encrypted at rest");
	}
	_cleanup_free_ char *path = k8s_control_path(k8s_control(ctx, K8S_APISERVER), &v);
	if (!path)
		return result_error(res, "cannot resolve the EncryptionConfiguration path");
	const struct k8s_config_file *f = k8s_yaml_file(ctx, path);
	if (f->error < 0)
		return result_error(res, "%s", f->error_msg);
	_cleanup_strv_free_ char **providers = NULL;
	e = k8s_encryption_secret_providers(f->tree, &providers);
	if (e == -ENOMEM)
		return e;
	if (e == -EINVAL)
		return result_error(res, "'%s' is not an EncryptionConfiguration", path);
	if (e == -ENOENT) {
		e = result_add(res, &(struct finding_spec){.kind = "file",
							   .name = path,
							   .detail = "no resources entry covers "
								     "secrets",
							   .source = "file"});
		return e < 0 ? e : result_fail(res, "'%s' does not encrypt Secrets", path);
	}
	static const char *const good[] = {"aescbc", "kms", "secretbox", NULL};
	bool failed = false;
	for (char **p = providers; *p; p++) {
		if (list_has(good, *p))
			continue;
		failed = true;
		_cleanup_free_ char *d = xasprintf(
		    "the first provider for secrets is '%s'%s", **p ? *p : "(none)",
		    strcmp(*p, "identity") == 0 ? ": new Secrets are written unencrypted" : "");
		if (!d)
			return -ENOMEM;
		e = result_add(
		    res,
		    &(struct finding_spec){
			.kind = "file", .name = path, .detail = d, .source = "file", .value = *p});
		if (e < 0)
			return e;
	}
	if (failed)
		return result_fail(res,
				   "'%s' writes Secrets with a provider other than aescbc, kms "
				   "or secretbox",
				   path);
	return result_pass(res, "'%s' encrypts Secrets first with %s", path, providers[0]);
}

/* 2.7: etcd's CA is not the API server's client CA. */
static int check_etcd_unique_ca(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	(void)chk;
	int e = component_ready(ctx, K8S_ETCD, res);
	if (e <= 0)
		return e;
	struct k8s_value ca;
	if (k8s_control_get(ctx, K8S_ETCD, "trusted-ca-file", false, &ca) == -EIO)
		return result_error(res, "cannot read %s", ca.origin);
	if (!value_set(&ca)) {
		e = add_setting(res, "etcd", "--trusted-ca-file", &ca,
				"no CA for client certificates");
		return e < 0 ? e : result_fail(res, "etcd trusts no CA of its own for clients");
	}
	_cleanup_free_ char *etcd_ca = k8s_control_path(k8s_control(ctx, K8S_ETCD), &ca);
	const struct k8s_control *api = k8s_control(ctx, K8S_APISERVER);
	struct k8s_value aca;
	if (api->skip || api->proc_error < 0 ||
	    k8s_control_get(ctx, K8S_APISERVER, "client-ca-file", false, &aca) < 0 ||
	    !value_set(&aca))
		return result_pass(res,
				   "etcd trusts %s; no API server client CA on this node to "
				   "compare with",
				   etcd_ca ? etcd_ca : "?");
	_cleanup_free_ char *api_ca = k8s_control_path(api, &aca);
	if (!etcd_ca || !api_ca)
		return result_error(res, "cannot resolve the CA paths");
	bool same = strcmp(etcd_ca, api_ca) == 0;
	if (!same) {
		const char *a, *b;
		size_t al, bl;
		int ra = k8s_file_bytes(ctx, etcd_ca, &a, &al);
		int rb = k8s_file_bytes(ctx, api_ca, &b, &bl);
		if (ra < 0 || rb < 0)
			return result_error(res, "cannot read '%s' to compare it with '%s': %s",
					    ra < 0 ? etcd_ca : api_ca, ra < 0 ? api_ca : etcd_ca,
					    strerror(-(ra < 0 ? ra : rb)));
		same = al == bl && memcmp(a, b, al) == 0;
	}
	if (same) {
		e = result_add(res,
			       &(struct finding_spec){.kind = "etcd",
						      .name = "--trusted-ca-file",
						      .detail = "the same CA as the API server's "
								"--client-ca-file",
						      .source = k8s_source_name(ca.source),
						      .value = etcd_ca});
		return e < 0 ? e
			     : result_fail(res,
					   "etcd trusts the cluster's client CA (%s): any "
					   "client certificate of the cluster reaches etcd",
					   api_ca);
	}
	return result_pass(res, "etcd trusts %s, not the API server's client CA %s", etcd_ca,
			   api_ca);
}

/* ---- files: owner and mode ---- */

enum k8s_files {
	KF_KUBELET_UNIT, /* kubelet.service and its drop-ins */
	KF_KUBELET_KUBECONFIG, /* --kubeconfig */
	KF_KUBELET_CLIENT_CA, /* --client-ca-file / authentication.x509.clientCAFile */
	KF_KUBELET_CONFIG, /* --config and the --config-dir drop-ins */
	KF_APISERVER_MANIFEST,
	KF_ETCD_MANIFEST,
	KF_ETCD_DATA_DIR,
	KF_ADMIN_CONF, /* admin.conf and super-admin.conf */
};

struct kfile_rule {
	enum k8s_files target;
	mode_t limit; /* mode rows: the bits a file may have; 0 for owner rows */
	const char *owner; /* owner rows: "root:root" or "etcd:etcd" */
	const char *what;
};

struct kpaths {
	char **paths;
	size_t n;
	char *skip;
	char *error;
};

static void kpaths_release(struct kpaths *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->paths[i]);
	free(k->paths);
	free(k->skip);
	free(k->error);
}

static int kpaths_add(struct kpaths *k, const char *p)
{
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->paths[i], p) == 0)
			return 0;
	char **n = realloc(k->paths, (k->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	k->paths = n;
	if (!(k->paths[k->n] = xstrdup(p)))
		return -ENOMEM;
	k->n++;
	return 0;
}

/* kpaths_add for a malloc'ed path (NULL: out of memory), which it frees. */
static int kpaths_take(struct kpaths *k, char *p)
{
	int e = kpaths_add(k, p);
	free(p);
	return e;
}

static int set_skip(struct kpaths *k, char *msg)
{
	k->skip = msg;
	return msg ? 0 : -ENOMEM;
}

/* The files a row judges on this node, or why none (skip) or why unknown (error). */
static int kfile_paths(struct audit_ctx *ctx, enum k8s_files t, struct kpaths *k)
{
	const struct k8s_kubelet *kl = NULL;
	struct k8s_value v;
	int e;
	switch (t) {
	case KF_KUBELET_UNIT:
	case KF_KUBELET_KUBECONFIG:
	case KF_KUBELET_CLIENT_CA:
	case KF_KUBELET_CONFIG:
		kl = k8s_kubelet(ctx);
		if (kl->error < 0)
			return (k->error = xstrdup(kl->error_msg)) ? 0 : -ENOMEM;
		if (kl->skip)
			return set_skip(k, xstrdup(kl->skip));
		break;
	default:
		break;
	}
	switch (t) {
	case KF_KUBELET_UNIT: {
		const struct located *u = ctx_locate(ctx, CTX_LOC_UNIT, "kubelet.service");
		if (u->error == -ENOMEM)
			return -ENOMEM;
		if (u->error == 0 && (e = kpaths_add(k, u->path)) < 0)
			return e;
		char *const *d = NULL;
		if ((e = units_dropins(ctx, "kubelet.service", &d)) < 0)
			return e;
		for (; d && *d; d++)
			if ((e = kpaths_add(k, *d)) < 0)
				return e;
		if (k->n == 0)
			return set_skip(k,
					xstrdup("the kubelet runs, but no kubelet.service unit or "
						"drop-in exists (it is not started by systemd)"));
		return 0;
	}
	case KF_KUBELET_KUBECONFIG:
		if ((e = k8s_kubelet_get(ctx, "kubeconfig", false, NULL, &v)) < 0)
			return e;
		if (!value_set(&v))
			return set_skip(k, xstrdup("the kubelet runs without --kubeconfig "
						   "(standalone mode)"));
		return kpaths_take(k, k8s_kubelet_path(kl, &v));
	case KF_KUBELET_CLIENT_CA:
		if ((e = k8s_kubelet_get(ctx, "client-ca-file", false,
					 "authentication.x509.clientCAFile", &v)) == -EIO)
			return (k->error = xasprintf("cannot read %s", v.origin)) ? 0 : -ENOMEM;
		if (!value_set(&v))
			return set_skip(k, xstrdup("the kubelet has no client CA file (see "
						   "k8s-4.2.3)"));
		return kpaths_take(k, k8s_kubelet_path(kl, &v));
	case KF_KUBELET_CONFIG:
		if (kl->config && (e = kpaths_add(k, kl->config->path)) < 0)
			return e;
		for (size_t i = 0; i < kl->n_dropins; i++)
			if ((e = kpaths_add(k, kl->dropins[i].path)) < 0)
				return e;
		if (k->n == 0)
			return set_skip(k, xstrdup("the kubelet uses no config file (no --config, "
						   "no --config-dir drop-ins)"));
		return 0;
	case KF_APISERVER_MANIFEST:
	case KF_ETCD_MANIFEST: {
		enum k8s_component w = t == KF_ETCD_MANIFEST ? K8S_ETCD : K8S_APISERVER;
		const struct k8s_control *c = k8s_control(ctx, w);
		if (c->proc_error < 0)
			return (k->error = xstrdup(c->proc_error_msg)) ? 0 : -ENOMEM;
		if (c->skip)
			return set_skip(k, xstrdup(c->skip));
		if (!c->manifest_path) {
			enum k8s_source s;
			return set_skip(k,
					xasprintf("%s runs (pid %ld), but not as a static pod: no "
						  "manifest in %s",
						  k8s_component_name(w), c->proc ? c->proc->pid : 0,
						  k8s_static_pod_dir(ctx, &s)));
		}
		return kpaths_add(k, c->manifest_path);
	}
	case KF_ETCD_DATA_DIR: {
		const struct k8s_control *c = k8s_control(ctx, K8S_ETCD);
		if (c->proc_error < 0)
			return (k->error = xstrdup(c->proc_error_msg)) ? 0 : -ENOMEM;
		if (c->skip)
			return set_skip(k, xstrdup(c->skip));
		if ((e = k8s_control_get(ctx, K8S_ETCD, "data-dir", false, &v)) == -EIO)
			return (k->error = xasprintf("cannot read %s", v.origin)) ? 0 : -ENOMEM;
		if (value_set(&v))
			return kpaths_take(k, k8s_control_path(c, &v));
		/* etcd's default: <name>.etcd in its working directory */
		struct k8s_value name;
		if (k8s_control_get(ctx, K8S_ETCD, "name", false, &name) < 0)
			return (k->error = xstrdup("cannot read etcd's --name")) ? 0 : -ENOMEM;
		_cleanup_free_ char *n = k8s_value_text(&name);
		_cleanup_free_ char *rel = n ? xasprintf("%s.etcd", n) : NULL;
		struct k8s_value d = {K8S_SRC_DEFAULT, "etcd default", rel, NULL};
		if (!rel)
			return -ENOMEM;
		char *p = k8s_control_path(c, &d);
		if (!p)
			return (k->error =
				    xstrdup("etcd sets no --data-dir and its working directory "
					    "is unknown"))
				   ? 0
				   : -ENOMEM;
		e = kpaths_add(k, p);
		free(p);
		return e;
	}
	case KF_ADMIN_CONF: {
		const struct k8s_control *c = k8s_control(ctx, K8S_APISERVER);
		static const char *const files[] = {"/etc/kubernetes/admin.conf",
						    "/etc/kubernetes/super-admin.conf"};
		for (size_t i = 0; i < ARRAY_SIZE(files); i++)
			if (k8s_file(ctx, files[i])->error != -ENOENT &&
			    (e = kpaths_add(k, files[i])) < 0)
				return e;
		if (k->n == 0 && c->proc_error < 0)
			return (k->error = xstrdup(c->proc_error_msg)) ? 0 : -ENOMEM;
		if (k->n == 0)
			return set_skip(k, c->skip ? xstrdup(c->skip)
						   : xstrdup("no /etc/kubernetes/admin.conf or "
							     "super-admin.conf on this node"));
		return 0;
	}
	}
	return -EINVAL;
}

static char *uid_name(const struct host_accounts *a, uint32_t uid)
{
	for (size_t i = 0; a && i < a->n_users; i++)
		if (a->users[i].uid == uid)
			return xstrdup(a->users[i].name);
	return xasprintf("%u", uid);
}

static char *gid_name(const struct host_accounts *a, uint32_t gid)
{
	for (size_t i = 0; a && i < a->n_groups; i++)
		if (a->groups[i].gid == gid)
			return xstrdup(a->groups[i].name);
	return xasprintf("%u", gid);
}

static int check_kfile(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct kfile_rule *r = chk->arg;
	struct kpaths k = {0};
	int e = kfile_paths(ctx, r->target, &k);
	if (e < 0)
		goto out;
	if (k.error) {
		e = result_error(res, "%s", k.error);
		goto out;
	}
	if (k.skip) {
		e = result_skip(res, "%s", k.skip);
		goto out;
	}
	const struct host_accounts *acc = NULL;
	const char *aerr = NULL;
	uint32_t want_uid = 0, want_gid = 0;
	bool no_etcd_user = false;
	if (r->owner) {
		if (ctx_host_accounts(ctx, &acc, &aerr) < 0)
			acc = NULL;
		if (strcmp(r->owner, "etcd:etcd") == 0) {
			const struct host_user *u = acc ? host_user_find(acc, "etcd") : NULL;
			const struct host_group *g = acc ? host_group_find(acc, "etcd") : NULL;
			if (!acc) {
				e = result_error(res, "cannot read the host's accounts: %s",
						 aerr ? aerr : "?");
				goto out;
			}
			if (!u || !g)
				no_etcd_user = true;
			else {
				want_uid = u->uid;
				want_gid = g->gid;
			}
		}
	}
	size_t failed = 0, errors = 0, absent = 0;
	for (size_t i = 0; i < k.n; i++) {
		const struct k8s_file *f = k8s_file(ctx, k.paths[i]);
		if (f->error == -ENOENT) {
			absent++;
			continue;
		}
		if (f->error < 0) {
			errors++;
			_cleanup_free_ char *d = xasprintf("cannot stat: %s", strerror(-f->error));
			if (!d ||
			    (e = result_add(res, &(struct finding_spec){.kind = "file",
									.name = k.paths[i],
									.detail = d,
									.error = true})) < 0) {
				e = -ENOMEM;
				goto out;
			}
			continue;
		}
		_cleanup_free_ char *detail = NULL, *value = NULL;
		if (r->limit) {
			mode_t m = f->st.st_mode & 07777;
			if ((m & ~r->limit) == 0)
				continue;
			value = xasprintf("%04o", (unsigned)m);
			detail = xasprintf("mode %04o is more permissive than %04o", (unsigned)m,
					   (unsigned)r->limit);
		} else {
			_cleanup_free_ char *un = uid_name(acc, f->st.st_uid);
			_cleanup_free_ char *gn = gid_name(acc, f->st.st_gid);
			value = xasprintf("%s:%s", un ? un : "?", gn ? gn : "?");
			if (!no_etcd_user && f->st.st_uid == want_uid && f->st.st_gid == want_gid)
				continue;
			detail =
			    no_etcd_user
				? xasprintf("owned by %s; the benchmark asks etcd:etcd, "
					    "and this host has no etcd user or group",
					    value ? value : "?")
				: xasprintf("owned by %s, not %s", value ? value : "?", r->owner);
		}
		if (!detail || !value) {
			e = -ENOMEM;
			goto out;
		}
		failed++;
		e = result_add(res, &(struct finding_spec){.kind = "file",
							   .name = k.paths[i],
							   .detail = detail,
							   .source = "file",
							   .value = value});
		if (e < 0)
			goto out;
	}
	/* the remediation names the files that fail, else the ones judged ({{$paths}}) */
	{
		struct buf b;
		buf_init(&b, 256 * 1024);
		int br = 0;
		for (size_t i = 0; i < res->n_findings && br == 0; i++)
			if (!res->findings[i].error) {
				br = b.len ? buf_puts(&b, " ") : 0;
				br = br ? br : shell_word(&b, res->findings[i].name);
			}
		for (size_t i = 0; !failed && i < k.n && br == 0; i++)
			if (k8s_file(ctx, k.paths[i])->error == 0) {
				br = b.len ? buf_puts(&b, " ") : 0;
				br = br ? br : shell_word(&b, k.paths[i]);
			}
		if (br == 0 && b.len)
			br = result_fact(res, "paths", b.data);
		buf_release(&b);
		if (br < 0) {
			e = -ENOMEM;
			goto out;
		}
	}
	if (failed)
		e = result_fail(res, "%zu of %zu %s %s", failed, k.n - absent, r->what,
				r->limit ? "are too permissive" : "have the wrong owner");
	else if (errors)
		e = result_error(res, "%zu of %zu %s could not be stat'ed", errors, k.n - absent,
				 r->what);
	else if (absent == k.n)
		e = result_skip(res, "%s: %s does not exist", r->what, k.paths[0]);
	else if (r->limit)
		e = result_pass(res, "%s: %s%s %04o or stricter", r->what, k.paths[0],
				k.n - absent > 1 ? " and the others are" : " is",
				(unsigned)r->limit);
	else
		e = result_pass(res, "%s: %s%s owned by %s", r->what, k.paths[0],
				k.n - absent > 1 ? " and the others are" : " is", r->owner);
out:
	kpaths_release(&k);
	return e;
}

/* ---- the table ---- */

#define S_ DA_STRIDE_SPOOFING
#define T_ DA_STRIDE_TAMPERING
#define R_ DA_STRIDE_REPUDIATION
#define I_ DA_STRIDE_INFO_DISCLOSURE
#define D_ DA_STRIDE_DOS
#define E_ DA_STRIDE_EOP

#define KSET(...) (&(const struct setting_rule){__VA_ARGS__})
#define KFILE(...) (&(const struct kfile_rule){__VA_ARGS__})

#define KUBELET_FIX(cfg, flag)                                                                     \
	cfg " (in the file --config names, or a --config-dir drop-in), or " flag                   \
	    " on the command line (kubelet.service drop-in)."                                      \
	    "\nThen: systemctl daemon-reload && "                                                  \
	    "systemctl restart kubelet.service"
#define APISERVER_FIX(flag)                                                                        \
	"Edit /etc/kubernetes/manifests/kube-apiserver.yaml and set " flag                         \
	"; the kubelet restarts the API server when the manifest changes."
#define ETCD_FIX(flag)                                                                             \
	"Edit /etc/kubernetes/manifests/etcd.yaml (or etcd's unit or config "                      \
	"file) and set " flag "."

static const struct check k8s_checks[] = {
    /* 1.1 control plane node configuration files */
    {.id = "k8s-1.1.1",
     .key = "k8s-apiserver-manifest-mode",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the API server pod specification file permissions are set to 600 or "
	      "more restrictive",
     .severity = DA_SEV_HIGH,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_APISERVER_MANIFEST, 0600, NULL, "API server pod specifications"),
     .rationale = "Whoever can write the manifest chooses the API server's flags and image.",
     .judged = "stat of kube-apiserver.yaml in the kubelet's staticPodPath; every bit beyond "
	       "0600 fails. SKIP when neither the process nor the manifest exists.",
     .remediation = "chmod 600 {{$paths|/etc/kubernetes/manifests/kube-apiserver.yaml}}"},
    {.id = "k8s-1.1.2",
     .key = "k8s-apiserver-manifest-owner",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the API server pod specification file ownership is set to root:root",
     .severity = DA_SEV_HIGH,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_APISERVER_MANIFEST, 0, "root:root", "API server pod specifications"),
     .rationale = "An owner other than root can rewrite the API server's flags.",
     .judged = "numeric owner of the manifest must be 0:0; names from the host's /etc/passwd.",
     .remediation = "chown root:root {{$paths|/etc/kubernetes/manifests/kube-apiserver.yaml}}"},
    {.id = "k8s-1.1.7",
     .key = "k8s-etcd-manifest-mode",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the etcd pod specification file permissions are set to 600 or more "
	      "restrictive",
     .severity = DA_SEV_HIGH,
     .stride = T_ | I_,
     .run = check_kfile,
     .arg = KFILE(KF_ETCD_MANIFEST, 0600, NULL, "etcd pod specifications"),
     .rationale = "Whoever can write etcd's manifest can turn off its TLS and client "
		  "authentication. (Benchmarks up to cis-1.23 asked 644; v1.12.0 asks 600.)",
     .judged = "stat of etcd.yaml in the kubelet's staticPodPath; every bit beyond 0600 fails.",
     .remediation = "chmod 600 {{$paths|/etc/kubernetes/manifests/etcd.yaml}}"},
    {.id = "k8s-1.1.8",
     .key = "k8s-etcd-manifest-owner",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the etcd pod specification file ownership is set to root:root",
     .severity = DA_SEV_HIGH,
     .stride = T_ | I_,
     .run = check_kfile,
     .arg = KFILE(KF_ETCD_MANIFEST, 0, "root:root", "etcd pod specifications"),
     .rationale = "An owner other than root can rewrite etcd's flags.",
     .judged = "numeric owner of the manifest must be 0:0.",
     .remediation = "chown root:root {{$paths|/etc/kubernetes/manifests/etcd.yaml}}"},
    {.id = "k8s-1.1.11",
     .key = "k8s-etcd-data-dir-mode",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the etcd data directory permissions are set to 700 or more "
	      "restrictive",
     .severity = DA_SEV_HIGH,
     .stride = T_ | I_,
     .run = check_kfile,
     .arg = KFILE(KF_ETCD_DATA_DIR, 0700, NULL, "etcd data directories"),
     .rationale = "The data directory holds every object of the cluster, Secrets included.",
     .judged = "etcd's --data-dir (flag, ETCD_DATA_DIR or its --config-file; else "
	       "<name>.etcd in etcd's working directory), stat'ed; bits beyond 0700 fail.",
     .remediation = "chmod 700 {{$paths|<etcd data directory>}}{{?paths|   (e.g. /var/lib/etcd)}}"},
    {.id = "k8s-1.1.12",
     .key = "k8s-etcd-data-dir-owner",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the etcd data directory ownership is set to etcd:etcd",
     .severity = DA_SEV_MEDIUM,
     .stride = T_ | I_,
     .run = check_kfile,
     .arg = KFILE(KF_ETCD_DATA_DIR, 0, "etcd:etcd", "etcd data directories"),
     .rationale = "Only the etcd service account should own the cluster's data.",
     .judged = "owner compared with the host's etcd user and group; a host without them "
	       "(kubeadm runs etcd as root, kubernetes/kubeadm#2931) fails and says so.",
     .remediation = "chown etcd:etcd "
		    "{{$paths|<etcd data directory>}}   (create the etcd user and run etcd as it)"},
    {.id = "k8s-1.1.13",
     .key = "k8s-admin-conf-mode",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the default administrative credential file permissions are set to "
	      "600",
     .severity = DA_SEV_HIGH,
     .stride = I_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_ADMIN_CONF, 0600, NULL, "administrative credential files"),
     .rationale = "admin.conf and super-admin.conf hold cluster-admin credentials.",
     .judged = "stat of /etc/kubernetes/admin.conf and super-admin.conf where they exist.",
     .remediation = "chmod 600 "
		    "{{$paths|/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf}}"},
    {.id = "k8s-1.1.14",
     .key = "k8s-admin-conf-owner",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the default administrative credential file ownership is set to "
	      "root:root",
     .severity = DA_SEV_HIGH,
     .stride = I_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_ADMIN_CONF, 0, "root:root", "administrative credential files"),
     .rationale = "Another owner can read cluster-admin credentials.",
     .judged = "numeric owner 0:0 of admin.conf and super-admin.conf where they exist.",
     .remediation = "chown root:root "
		    "{{$paths|/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf}}"},
    /* 1.2 API server */
    {.id = "k8s-1.2.1",
     .key = "k8s-apiserver-anonymous-auth",
     .section = "k8s-1",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --anonymous-auth argument is set to false",
     .severity = DA_SEV_MEDIUM,
     .stride = S_ | R_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "anonymous-auth", true, .op = OP_FALSE,
		 .what = "API server anonymous requests"),
     .rationale = "Anonymous requests reach the API server as system:anonymous, unaccountable.",
     .judged = "--anonymous-auth of the running kube-apiserver (else its manifest); unset is "
	       "the default true.",
     .remediation = APISERVER_FIX("--anonymous-auth=false")},
    {.id = "k8s-1.2.2",
     .key = "k8s-apiserver-token-auth-file",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --token-auth-file parameter is not set",
     .severity = DA_SEV_HIGH,
     .stride = S_ | R_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "token-auth-file", .op = OP_UNSET,
		 .what = "static token authentication"),
     .rationale = "Static tokens live in clear text, never expire and cannot be revoked "
		  "without a restart.",
     .judged = "--token-auth-file must be absent.",
     .remediation = APISERVER_FIX("no --token-auth-file (use certificates or OIDC)")},
    {.id = "k8s-1.2.4",
     .key = "k8s-apiserver-kubelet-client-cert",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments "
	      "are set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_ | R_,
     .run = check_setting,
     .arg =
	 KSET(K8S_APISERVER, "kubelet-client-certificate", .op = OP_SET,
	      .and_flag = "kubelet-client-key", .what = "API server to kubelet client certificate"),
     .rationale = "Without a client certificate the kubelets cannot tell the API server from "
		  "anyone else.",
     .judged = "both flags set on kube-apiserver.",
     .remediation = APISERVER_FIX("--kubelet-client-certificate and --kubelet-client-key")},
    {.id = "k8s-1.2.5",
     .key = "k8s-apiserver-kubelet-ca",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --kubelet-certificate-authority argument is set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "kubelet-certificate-authority", .op = OP_SET,
		 .what = "verification of the kubelets' serving certificates"),
     .rationale = "Without it the API server talks to any kubelet impostor (man in the middle).",
     .judged = "--kubelet-certificate-authority set on kube-apiserver.",
     .remediation = APISERVER_FIX("--kubelet-certificate-authority=<ca file>")},
    {.id = "k8s-1.2.6",
     .key = "k8s-apiserver-authz-not-alwaysallow",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
     .severity = DA_SEV_CRITICAL,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "authorization-mode", .op = OP_NOT_HAS, .value = "AlwaysAllow",
		 .what = "API server authorization"),
     .rationale = "AlwaysAllow lets every authenticated request do anything.",
     .judged = "--authorization-mode must not list AlwaysAllow; unset is the default "
	       "AlwaysAllow; --authorization-config (structured) is MANUAL.",
     .remediation = APISERVER_FIX("--authorization-mode=Node,RBAC")},
    {.id = "k8s-1.2.7",
     .key = "k8s-apiserver-authz-node",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --authorization-mode argument includes Node",
     .severity = DA_SEV_HIGH,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "authorization-mode", .op = OP_HAS, .value = "Node",
		 .what = "Node authorization"),
     .rationale = "The Node authorizer limits each kubelet to its own node's objects.",
     .judged = "--authorization-mode lists Node.",
     .remediation = APISERVER_FIX("--authorization-mode=Node,RBAC")},
    {.id = "k8s-1.2.8",
     .key = "k8s-apiserver-authz-rbac",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --authorization-mode argument includes RBAC",
     .severity = DA_SEV_HIGH,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "authorization-mode", .op = OP_HAS, .value = "RBAC",
		 .what = "RBAC authorization"),
     .rationale = "RBAC is how least privilege is expressed in a cluster.",
     .judged = "--authorization-mode lists RBAC.",
     .remediation = APISERVER_FIX("--authorization-mode=Node,RBAC")},
    {.id = "k8s-1.2.14",
     .key = "k8s-apiserver-noderestriction",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the admission control plugin NodeRestriction is set",
     .severity = DA_SEV_MEDIUM,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "enable-admission-plugins", .op = OP_HAS,
		 .value = "NodeRestriction", .what = "the NodeRestriction admission plugin"),
     .rationale = "Without it a kubelet may modify other nodes and their pods.",
     .judged = "--enable-admission-plugins lists NodeRestriction.",
     .remediation = APISERVER_FIX("--enable-admission-plugins=...,NodeRestriction")},
    {.id = "k8s-1.2.15",
     .key = "k8s-apiserver-profiling",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --profiling argument is set to false",
     .severity = DA_SEV_LOW,
     .stride = I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "profiling", true, .op = OP_FALSE, .what = "API server profiling"),
     .rationale = "Profiling endpoints disclose program detail; unset is the default true.",
     .judged = "--profiling must be false.",
     .remediation = APISERVER_FIX("--profiling=false")},
    {.id = "k8s-1.2.16",
     .key = "k8s-apiserver-audit-log-path",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --audit-log-path argument is set",
     .severity = DA_SEV_MEDIUM,
     .stride = R_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "audit-log-path", .op = OP_SET, .what = "API audit log"),
     .rationale = "Without an audit log nobody can say who changed what.",
     .judged = "--audit-log-path set on kube-apiserver.",
     .remediation = APISERVER_FIX("--audit-log-path=/var/log/kubernetes/audit.log and "
				  "--audit-policy-file")},
    {.id = "k8s-1.2.23",
     .key = "k8s-apiserver-etcd-client-cert",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as "
	      "appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "etcd-certfile", .op = OP_SET, .and_flag = "etcd-keyfile",
		 .what = "API server client certificate for etcd"),
     .rationale = "etcd should accept only the API server, identified by its certificate.",
     .judged = "both flags set on kube-apiserver.",
     .remediation = APISERVER_FIX("--etcd-certfile and --etcd-keyfile")},
    {.id = "k8s-1.2.24",
     .key = "k8s-apiserver-tls-cert",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as "
	      "appropriate",
     .severity = DA_SEV_CRITICAL,
     .stride = S_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "tls-cert-file", .op = OP_SET, .and_flag = "tls-private-key-file",
		 .what = "API server serving TLS"),
     .rationale = "Without a certificate of the cluster CA clients cannot verify the API "
		  "server: anyone can pose as it.",
     .judged = "both flags set on kube-apiserver.",
     .remediation = APISERVER_FIX("--tls-cert-file and --tls-private-key-file")},
    {.id = "k8s-1.2.25",
     .key = "k8s-apiserver-client-ca",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --client-ca-file argument is set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_ | R_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "client-ca-file", .op = OP_SET,
		 .what = "API server client certificate authentication"),
     .rationale = "Client certificates identify kubelets and administrators.",
     .judged = "--client-ca-file set on kube-apiserver.",
     .remediation = APISERVER_FIX("--client-ca-file=<ca file>")},
    {.id = "k8s-1.2.26",
     .key = "k8s-apiserver-etcd-ca",
     .section = "k8s-1",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --etcd-cafile argument is set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "etcd-cafile", .op = OP_SET,
		 .what = "verification of etcd's certificate"),
     .rationale = "Without it the API server sends the cluster's data to any etcd impostor.",
     .judged = "--etcd-cafile set on kube-apiserver.",
     .remediation = APISERVER_FIX("--etcd-cafile=<etcd ca file>")},
    {.id = "k8s-1.2.27",
     .key = "k8s-apiserver-encryption-config",
     .section = "k8s-1",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --encryption-provider-config argument is set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "encryption-provider-config", .op = OP_SET,
		 .what = "encryption at rest"),
     .rationale = "Without it Secrets are stored in etcd in clear text.",
     .judged = "--encryption-provider-config set on kube-apiserver.",
     .remediation = APISERVER_FIX("--encryption-provider-config=<EncryptionConfiguration>")},
    {.id = "k8s-1.2.28",
     .key = "k8s-apiserver-encryption-providers",
     .section = "k8s-1",
     .level = 1,
     .automated = false,
     .title = "Ensure that encryption providers are appropriately configured",
     .severity = DA_SEV_HIGH,
     .stride = I_,
     .run = check_encryption_providers,
     .rationale = "The first provider encrypts new writes; identity first means clear text.",
     .judged = "the EncryptionConfiguration --encryption-provider-config names is parsed; for "
	       "every resources entry covering secrets (secrets, *., *.*) the first provider "
	       "must be aescbc, kms or secretbox.",
     .remediation = "In the EncryptionConfiguration, list kms (v2), aescbc or secretbox first "
		    "for secrets, then rewrite all Secrets (kubectl get secrets -A -o json | "
		    "kubectl replace -f -)."},
    {.id = "k8s-1.2.29",
     .key = "k8s-apiserver-tls-ciphers",
     .section = "k8s-1",
     .level = 1,
     .automated = false,
     .title = "Ensure that the API Server only makes use of Strong Cryptographic Ciphers",
     .severity = DA_SEV_MEDIUM,
     .stride = S_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_APISERVER, "tls-cipher-suites", .op = OP_CIPHERS, .ciphers = apiserver_ciphers,
		 .what = "API server cipher suites"),
     .rationale = "Go's default list still offers CBC suites without forward secrecy.",
     .judged = "--tls-cipher-suites set, each one of the benchmark's 11 AEAD suites.",
     .remediation = APISERVER_FIX("--tls-cipher-suites=TLS_AES_128_GCM_SHA256,"
				  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
				  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (or another subset of "
				  "the benchmark's list)")},
    /* 2 etcd */
    {.id = "k8s-2.1",
     .key = "k8s-etcd-tls",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --cert-file and --key-file arguments are set as appropriate",
     .severity = DA_SEV_CRITICAL,
     .stride = I_ | S_,
     .run = check_setting,
     .arg = KSET(K8S_ETCD, "cert-file", .op = OP_SET, .and_flag = "key-file",
		 .tls_urls = "listen-client-urls", .what = "etcd client TLS"),
     .rationale = "Without TLS the cluster's data, Secrets included, crosses the network in "
		  "clear.",
     .judged = "--cert-file and --key-file (flag, ETCD_* or --config-file) set, and every "
	       "--listen-client-urls https://.",
     .remediation = ETCD_FIX("--cert-file, --key-file and https:// --listen-client-urls")},
    {.id = "k8s-2.2",
     .key = "k8s-etcd-client-cert-auth",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --client-cert-auth argument is set to true",
     .severity = DA_SEV_CRITICAL,
     .stride = S_ | I_ | T_,
     .run = check_setting,
     .arg = KSET(K8S_ETCD, "client-cert-auth", true, .op = OP_TRUE,
		 .what = "etcd client certificate authentication"),
     .rationale = "Without it anyone who reaches etcd's port reads and writes every object.",
     .judged = "--client-cert-auth true (flag, ETCD_CLIENT_CERT_AUTH or --config-file); "
	       "unset is the default false.",
     .remediation = ETCD_FIX("--client-cert-auth=true and --trusted-ca-file")},
    {.id = "k8s-2.3",
     .key = "k8s-etcd-no-auto-tls",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --auto-tls argument is not set to true",
     .severity = DA_SEV_HIGH,
     .stride = S_,
     .run = check_setting,
     .arg =
	 KSET(K8S_ETCD, "auto-tls", true, .op = OP_NOT_TRUE, .what = "etcd self-signed client TLS"),
     .rationale = "Self-signed certificates cannot be verified by clients.",
     .judged = "--auto-tls unset or false.",
     .remediation = ETCD_FIX("--auto-tls=false (or remove it)")},
    {.id = "k8s-2.4",
     .key = "k8s-etcd-peer-tls",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --peer-cert-file and --peer-key-file arguments are set as "
	      "appropriate",
     .severity = DA_SEV_HIGH,
     .stride = I_ | S_,
     .run = check_setting,
     .arg = KSET(K8S_ETCD, "peer-cert-file", .op = OP_SET, .and_flag = "peer-key-file",
		 .tls_urls = "listen-peer-urls", .what = "etcd peer TLS"),
     .rationale = "Replication between members carries every object.",
     .judged = "--peer-cert-file and --peer-key-file set, and every --listen-peer-urls "
	       "https://.",
     .remediation = ETCD_FIX("--peer-cert-file, --peer-key-file and https:// "
			     "--listen-peer-urls")},
    {.id = "k8s-2.5",
     .key = "k8s-etcd-peer-client-cert-auth",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --peer-client-cert-auth argument is set to true",
     .severity = DA_SEV_HIGH,
     .stride = S_ | T_,
     .run = check_setting,
     .arg = KSET(K8S_ETCD, "peer-client-cert-auth", true, .op = OP_TRUE,
		 .what = "etcd peer certificate authentication"),
     .rationale = "Without it anything can join the cluster as a member.",
     .judged = "--peer-client-cert-auth true; unset is the default false.",
     .remediation = ETCD_FIX("--peer-client-cert-auth=true")},
    {.id = "k8s-2.6",
     .key = "k8s-etcd-no-peer-auto-tls",
     .section = "k8s-2",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --peer-auto-tls argument is not set to true",
     .severity = DA_SEV_MEDIUM,
     .stride = S_,
     .run = check_setting,
     .arg = KSET(K8S_ETCD, "peer-auto-tls", true, .op = OP_NOT_TRUE,
		 .what = "etcd self-signed peer TLS"),
     .rationale = "Self-signed peer certificates cannot be verified.",
     .judged = "--peer-auto-tls unset or false.",
     .remediation = ETCD_FIX("--peer-auto-tls=false (or remove it)")},
    {.id = "k8s-2.7",
     .key = "k8s-etcd-unique-ca",
     .section = "k8s-2",
     .level = 2,
     .automated = false,
     .title = "Ensure that a unique Certificate Authority is used for etcd",
     .severity = DA_SEV_MEDIUM,
     .stride = S_,
     .run = check_etcd_unique_ca,
     .rationale = "If etcd trusts the cluster CA, every client certificate of the cluster "
		  "(every kubelet's) opens etcd.",
     .judged = "--trusted-ca-file set and neither the same path nor the same bytes as the "
	       "API server's --client-ca-file on this node.",
     .remediation = ETCD_FIX("--trusted-ca-file to a CA used only for etcd")},
    /* 4.1 worker node configuration files */
    {.id = "k8s-4.1.1",
     .key = "k8s-kubelet-unit-mode",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the kubelet service file permissions are set to 600 or more "
	      "restrictive",
     .severity = DA_SEV_MEDIUM,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_UNIT, 0600, NULL, "kubelet unit files"),
     .rationale = "The unit and its drop-ins choose the kubelet's flags.",
     .judged = "kubelet.service and every drop-in found through the systemd unit path.",
     .remediation = "chmod 600 "
		    "{{$paths|<kubelet.service and its drop-ins, e.g. "
		    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf>}}"},
    {.id = "k8s-4.1.2",
     .key = "k8s-kubelet-unit-owner",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the kubelet service file ownership is set to root:root",
     .severity = DA_SEV_MEDIUM,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_UNIT, 0, "root:root", "kubelet unit files"),
     .rationale = "Another owner can change the kubelet's flags.",
     .judged = "numeric owner 0:0 of kubelet.service and its drop-ins.",
     .remediation = "chown root:root {{$paths|<kubelet.service and its drop-ins>}}"},
    {.id = "k8s-4.1.5",
     .key = "k8s-kubelet-kubeconfig-mode",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or "
	      "more restrictive",
     .severity = DA_SEV_HIGH,
     .stride = I_ | S_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_KUBECONFIG, 0600, NULL, "kubelet kubeconfig files"),
     .rationale = "It holds the kubelet's credentials for the API server.",
     .judged = "the file the kubelet's --kubeconfig names (relative to its cwd).",
     .remediation = "chmod 600 {{$paths|/etc/kubernetes/kubelet.conf}}"},
    {.id = "k8s-4.1.6",
     .key = "k8s-kubelet-kubeconfig-owner",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root",
     .severity = DA_SEV_HIGH,
     .stride = I_ | S_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_KUBECONFIG, 0, "root:root", "kubelet kubeconfig files"),
     .rationale = "Another owner can read or replace the kubelet's credentials.",
     .judged = "numeric owner 0:0.",
     .remediation = "chown root:root {{$paths|/etc/kubernetes/kubelet.conf}}"},
    {.id = "k8s-4.1.7",
     .key = "k8s-kubelet-client-ca-mode",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the certificate authorities file permissions are set to 644 or more "
	      "restrictive",
     .severity = DA_SEV_MEDIUM,
     .stride = S_ | T_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_CLIENT_CA, 0644, NULL, "kubelet client CA files"),
     .rationale = "Whoever can write the CA file chooses who may call the kubelet.",
     .judged = "the kubelet's client CA from --client-ca-file or "
	       "authentication.x509.clientCAFile (config paths relative to the config file).",
     .remediation = "chmod 644 {{$paths|<client CA file>}}"},
    {.id = "k8s-4.1.8",
     .key = "k8s-kubelet-client-ca-owner",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the client certificate authorities file ownership is set to "
	      "root:root",
     .severity = DA_SEV_MEDIUM,
     .stride = S_ | T_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_CLIENT_CA, 0, "root:root", "kubelet client CA files"),
     .rationale = "Another owner can replace the CA the kubelet trusts.",
     .judged = "numeric owner 0:0.",
     .remediation = "chown root:root {{$paths|<client CA file>}}"},
    {.id = "k8s-4.1.9",
     .key = "k8s-kubelet-config-mode",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "If the kubelet config.yaml configuration file is being used validate "
	      "permissions set to 600 or more restrictive",
     .severity = DA_SEV_MEDIUM,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_CONFIG, 0600, NULL, "kubelet config files"),
     .rationale = "The config file and its drop-ins decide authentication and authorization.",
     .judged = "the file the kubelet's own --config names and every --config-dir drop-in; "
	       "SKIP when the kubelet uses none.",
     .remediation = "chmod 600 {{$paths|<the --config file and its drop-ins>}}"},
    {.id = "k8s-4.1.10",
     .key = "k8s-kubelet-config-owner",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "If the kubelet config.yaml configuration file is being used validate file "
	      "ownership is set to root:root",
     .severity = DA_SEV_MEDIUM,
     .stride = T_ | E_,
     .run = check_kfile,
     .arg = KFILE(KF_KUBELET_CONFIG, 0, "root:root", "kubelet config files"),
     .rationale = "Another owner can turn the kubelet's authentication off.",
     .judged = "numeric owner 0:0 of the --config file and its drop-ins.",
     .remediation = "chown root:root {{$paths|<the --config file and its drop-ins>}}"},
    /* 4.2 kubelet */
    {.id = "k8s-4.2.1",
     .key = "k8s-kubelet-anonymous-auth",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --anonymous-auth argument is set to false",
     .severity = DA_SEV_CRITICAL,
     .stride = S_ | R_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "anonymous-auth", true, "authentication.anonymous.enabled", OP_FALSE,
		 .what = "kubelet anonymous requests"),
     .rationale = "Anonymous requests to the kubelet API (port 10250) can read pods, logs and "
		  "exec into containers when authorization allows it.",
     .judged = "flag, then --config-dir drop-ins, then --config, then the kubelet's default "
	       "(false with a config file, true without one).",
     .remediation =
	 KUBELET_FIX("authentication: anonymous: enabled: false", "--anonymous-auth=false")},
    {.id = "k8s-4.2.2",
     .key = "k8s-kubelet-authz-not-alwaysallow",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
     .severity = DA_SEV_CRITICAL,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "authorization-mode", false, "authorization.mode", OP_NOT_HAS,
		 "AlwaysAllow", .what = "kubelet authorization"),
     .rationale = "AlwaysAllow lets any caller of the kubelet API run commands in every "
		  "container of the node.",
     .judged = "flag, drop-ins, --config, then the default (Webhook with a config file, "
	       "AlwaysAllow without).",
     .remediation = KUBELET_FIX("authorization: mode: Webhook", "--authorization-mode=Webhook")},
    {.id = "k8s-4.2.3",
     .key = "k8s-kubelet-client-ca",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --client-ca-file argument is set as appropriate",
     .severity = DA_SEV_HIGH,
     .stride = S_ | R_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "client-ca-file", false, "authentication.x509.clientCAFile", OP_SET,
		 .what = "kubelet client certificate authentication"),
     .rationale = "Without a client CA the kubelet cannot authenticate the API server's "
		  "client certificate: changes are not attributable.",
     .judged = "flag, drop-ins, then --config; no default.",
     .remediation = KUBELET_FIX("authentication: x509: clientCAFile: <ca file>",
				"--client-ca-file=<ca file>")},
    {.id = "k8s-4.2.4",
     .key = "k8s-kubelet-read-only-port",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Verify that if defined, the --read-only-port argument is set to 0",
     .severity = DA_SEV_MEDIUM,
     .stride = I_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "read-only-port", false, "readOnlyPort", OP_ZERO,
		 .what = "kubelet read-only port"),
     .rationale = "The read-only port serves pod specs and metrics without authentication.",
     .judged = "flag, drop-ins, --config, then the default (0 with a config file, 10255 "
	       "without).",
     .remediation = KUBELET_FIX("readOnlyPort: 0", "--read-only-port=0")},
    {.id = "k8s-4.2.5",
     .key = "k8s-kubelet-streaming-idle-timeout",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --streaming-connection-idle-timeout argument is not set to 0",
     .severity = DA_SEV_LOW,
     .stride = D_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "streaming-connection-idle-timeout", false,
		 "streamingConnectionIdleTimeout", OP_DURATION_NZ,
		 .what = "kubelet streaming idle timeout"),
     .rationale = "Idle exec/attach/port-forward streams that never time out exhaust the node.",
     .judged = "flag, drop-ins, --config, then the default 4h.",
     .remediation = KUBELET_FIX("streamingConnectionIdleTimeout: 5m",
				"--streaming-connection-idle-timeout=5m")},
    {.id = "k8s-4.2.6",
     .key = "k8s-kubelet-iptables-util-chains",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --make-iptables-util-chains argument is set to true",
     .severity = DA_SEV_LOW,
     .stride = T_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "make-iptables-util-chains", true, "makeIPTablesUtilChains", OP_TRUE,
		 .what = "kubelet iptables chains"),
     .rationale = "The kubelet keeps its iptables rules in step with pod networking.",
     .judged = "flag, drop-ins, --config, then the default true.",
     .remediation =
	 KUBELET_FIX("makeIPTablesUtilChains: true", "--make-iptables-util-chains=true")},
    {.id = "k8s-4.2.7",
     .key = "k8s-kubelet-hostname-override",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --hostname-override argument is not set",
     .severity = DA_SEV_LOW,
     .stride = S_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "hostname-override", false, NULL, OP_UNSET,
		 .what = "kubelet hostname override"),
     .rationale = "An overridden name can break TLS between the API server and the kubelet.",
     .judged = "the flag only (the config file has no such key); cloud providers set it on "
	       "purpose.",
     .remediation = "Remove --hostname-override from the kubelet's unit or drop-in."},
    {.id = "k8s-4.2.8",
     .key = "k8s-kubelet-event-qps",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the eventRecordQPS argument is set to a level which ensures "
	      "appropriate event capture",
     .severity = DA_SEV_LOW,
     .stride = R_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "event-qps", false, "eventRecordQPS", OP_GTE0,
		 .what = "kubelet event rate"),
     .rationale = "Events dropped for rate limits are lost evidence.",
     .judged = "flag, drop-ins, --config, then the default 50; negative fails.",
     .remediation = KUBELET_FIX("eventRecordQPS: <an appropriate level>", "--event-qps")},
    {.id = "k8s-4.2.9",
     .key = "k8s-kubelet-serving-cert",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as "
	      "appropriate",
     .severity = DA_SEV_MEDIUM,
     .stride = S_,
     .run = check_kubelet_serving_cert,
     .rationale = "A self-signed serving certificate lets anyone pose as the kubelet.",
     .judged = "tlsCertFile and tlsPrivateKeyFile set (flag, drop-ins, --config), or "
	       "serverTLSBootstrap true (a certificate from the cluster CA).",
     .remediation = KUBELET_FIX("tlsCertFile and tlsPrivateKeyFile (or serverTLSBootstrap: "
				"true)",
				"--tls-cert-file and --tls-private-key-file")},
    {.id = "k8s-4.2.10",
     .key = "k8s-kubelet-rotate-certificates",
     .section = "k8s-4",
     .level = 1,
     .automated = true,
     .title = "Ensure that the --rotate-certificates argument is not set to false",
     .severity = DA_SEV_MEDIUM,
     .stride = S_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "rotate-certificates", true, "rotateCertificates", OP_TRUE,
		 .what = "kubelet client certificate rotation"),
     .rationale = "Without rotation the kubelet's client certificate expires or lives too long.",
     .judged = "the effective value: flag, drop-ins, --config, then the kubelet's default "
	       "false (kube-bench passes when unset).",
     .remediation = KUBELET_FIX("rotateCertificates: true", "--rotate-certificates=true")},
    {.id = "k8s-4.2.11",
     .key = "k8s-kubelet-rotate-server-certificates",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Verify that the RotateKubeletServerCertificate argument is set to true",
     .severity = DA_SEV_MEDIUM,
     .stride = S_,
     .run = check_kubelet_server_rotation,
     .rationale = "Serving certificates should be renewed from the cluster CA.",
     .judged = "--feature-gates, then featureGates in drop-ins and --config; on by default.",
     .remediation = KUBELET_FIX("featureGates: RotateKubeletServerCertificate: true",
				"--feature-gates=RotateKubeletServerCertificate=true")},
    {.id = "k8s-4.2.12",
     .key = "k8s-kubelet-tls-ciphers",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers",
     .severity = DA_SEV_MEDIUM,
     .stride = S_ | I_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "tls-cipher-suites", false, "tlsCipherSuites", OP_CIPHERS,
		 .ciphers = kubelet_ciphers, .what = "kubelet cipher suites"),
     .rationale = "Go's default list still offers CBC suites without forward secrecy.",
     .judged = "set, each one of the benchmark's 6 ECDHE AEAD suites.",
     .remediation = KUBELET_FIX("tlsCipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "
				"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...]",
				"--tls-cipher-suites")},
    {.id = "k8s-4.2.13",
     .key = "k8s-kubelet-pod-pids-limit",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that a limit is set on pod PIDs",
     .severity = DA_SEV_MEDIUM,
     .stride = D_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "pod-max-pids", false, "podPidsLimit", OP_POSITIVE,
		 .what = "pod PID limit"),
     .rationale = "A fork bomb in one pod exhausts the node's PIDs. (Older benchmarks also "
		  "asked for --protect-kernel-defaults against this class of threat.)",
     .judged = "flag, drop-ins, --config, then the default -1 (unlimited); must be > 0.",
     .remediation = KUBELET_FIX("podPidsLimit: 4096", "--pod-max-pids=4096")},
    {.id = "k8s-4.2.14",
     .key = "k8s-kubelet-seccomp-default",
     .section = "k8s-4",
     .level = 1,
     .automated = false,
     .title = "Ensure that the --seccomp-default parameter is set to true",
     .severity = DA_SEV_MEDIUM,
     .stride = E_,
     .run = check_setting,
     .arg = KSET(K8S_KUBELET, "seccomp-default", true, "seccompDefault", OP_TRUE,
		 .what = "kubelet default seccomp profile"),
     .rationale = "Without it pods run unconfined unless they ask for a profile.",
     .judged = "flag, drop-ins, --config, then the default false.",
     .remediation = KUBELET_FIX("seccompDefault: true", "--seccomp-default=true")},
};

const struct check_section k8s_node_section = {"k8s", k8s_checks, ARRAY_SIZE(k8s_checks)};

static const struct check_section *const k8s_sections[] = {&k8s_node_section};

static const struct benchmark_section_title k8s_titles[] = {
    {"k8s-1", "Control plane components"},
    {"k8s-2", "etcd"},
    {"k8s-4", "Worker nodes"},
};

/* A benchmark of its own: no base, no overlay; family "k8s" keeps its keys apart. */
const struct benchmark cis_k8s_node = {
    .option = "k8s-node",
    .name = "CIS Kubernetes Benchmark",
    .version = "1.12.0",
    .family = "k8s",
    .sections = k8s_sections,
    .n_sections = ARRAY_SIZE(k8s_sections),
    .section_titles = k8s_titles,
    .n_section_titles = ARRAY_SIZE(k8s_titles),
};
