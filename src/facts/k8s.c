/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <sys/stat.h>
#include "facts/k8s.h"
#include "facts/procs.h"
#include "facts/yaml.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define K8S_FILE_MAX (4u * 1024 * 1024) /* a config file, a manifest */
#define K8S_DROPIN_MAX 256 /* drop-ins read from one --config-dir */
#define K8S_DROPIN_DEPTH 8

/* The message of the static "out of memory" facts (never written to). */
static char k8s_oom[] = "out of memory";

static const char *const component_names[] = {
    [K8S_KUBELET] = "kubelet",
    [K8S_APISERVER] = "kube-apiserver",
    [K8S_ETCD] = "etcd",
};

const char *k8s_component_name(enum k8s_component c)
{
	return c < _K8S_COMPONENT_MAX ? component_names[c] : "?";
}

const char *k8s_source_name(enum k8s_source s)
{
	switch (s) {
	case K8S_SRC_FLAG:
		return "flag";
	case K8S_SRC_DROPIN:
		return "config-dir";
	case K8S_SRC_CONFIG:
		return "config";
	case K8S_SRC_ENV:
		return "env";
	case K8S_SRC_MANIFEST:
		return "manifest";
	case K8S_SRC_DEFAULT:
		return "default";
	case K8S_SRC_NONE:
		break;
	}
	return "unset";
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* ---- argument vectors ---- */

bool k8s_proc_is(const char *comm, char *const *argv, enum k8s_component c, size_t *ret_arg0)
{
	const char *name = k8s_component_name(c);
	size_t arg0 = 1;
	bool hit = false;
	if (comm && strcmp(comm, name) == 0)
		hit = true;
	else if (argv && argv[0] && strcmp(basename_of(argv[0]), name) == 0)
		hit = true;
	else if (argv && argv[0] && strcmp(basename_of(argv[0]), "hyperkube") == 0 && argv[1] &&
		 strcmp(argv[1], name) == 0) {
		hit = true;
		arg0 = 2;
	}
	if (hit && ret_arg0)
		*ret_arg0 = arg0;
	return hit;
}

const char *k8s_flag(char *const *argv, const char *name, bool is_bool, bool single_dash)
{
	const char *found = NULL;
	size_t n = strlen(name);
	for (size_t i = 0; argv && argv[i]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (str_startswith(a, "--"))
			a += 2;
		else if (single_dash && a[0] == '-' && a[1] != '-')
			a += 1;
		else
			continue;
		if (strncmp(a, name, n) != 0)
			continue;
		if (a[n] == '=')
			found = a + n + 1;
		else if (a[n] == '\0') {
			if (is_bool)
				found = "true";
			else if (argv[i + 1])
				found = argv[++i];
		}
	}
	return found;
}

/* ---- values ---- */

static char *json_scalar_text(const cJSON *j)
{
	if (cJSON_IsString(j))
		return xstrdup(j->valuestring);
	if (cJSON_IsBool(j))
		return xstrdup(cJSON_IsTrue(j) ? "true" : "false");
	if (cJSON_IsNumber(j)) {
		double d = j->valuedouble;
		if (d == (double)(long long)d)
			return xasprintf("%lld", (long long)d);
		return xasprintf("%g", d);
	}
	if (cJSON_IsNull(j))
		return xstrdup("null");
	return NULL;
}

char *k8s_value_text(const struct k8s_value *v)
{
	if (v->str)
		return xstrdup(v->str);
	if (!v->json)
		return xstrdup("");
	if (cJSON_IsArray(v->json)) {
		char *out = xstrdup("");
		const cJSON *e;
		cJSON_ArrayForEach(e, v->json)
		{
			_cleanup_free_ char *t = json_scalar_text(e);
			char *n =
			    out ? xasprintf("%s%s%s", out, *out ? "," : "", t ? t : "?") : NULL;
			free(out);
			out = n;
		}
		return out;
	}
	char *t = json_scalar_text(v->json);
	return t ? t : xstrdup("(an object)");
}

int k8s_value_bool(const struct k8s_value *v, bool *ret)
{
	if (v->str) {
		if (strcmp(v->str, "true") == 0 || strcmp(v->str, "True") == 0 ||
		    strcmp(v->str, "TRUE") == 0 || strcmp(v->str, "1") == 0 ||
		    strcmp(v->str, "t") == 0 || strcmp(v->str, "T") == 0)
			*ret = true;
		else if (strcmp(v->str, "false") == 0 || strcmp(v->str, "False") == 0 ||
			 strcmp(v->str, "FALSE") == 0 || strcmp(v->str, "0") == 0 ||
			 strcmp(v->str, "f") == 0 || strcmp(v->str, "F") == 0)
			*ret = false;
		else
			return -EINVAL;
		return 0;
	}
	if (!v->json)
		return -ENOENT;
	if (!cJSON_IsBool(v->json))
		return -EINVAL;
	*ret = cJSON_IsTrue(v->json);
	return 0;
}

int k8s_value_list(const struct k8s_value *v, char ***ret)
{
	if (v->str) {
		char **l = NULL;
		int r = str_split(v->str, ',', &l);
		if (r < 0)
			return r;
		*ret = l;
		return 0;
	}
	if (!v->json)
		return -ENOENT;
	if (cJSON_IsString(v->json))
		return str_split(v->json->valuestring, ',', ret) < 0 ? -ENOMEM : 0;
	if (!cJSON_IsArray(v->json))
		return -EINVAL;
	size_t n = (size_t)cJSON_GetArraySize(v->json);
	char **l = calloc(n + 1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	size_t k = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, v->json)
	{
		if (!cJSON_IsString(e)) {
			strv_free(l);
			return -EINVAL;
		}
		if (!(l[k++] = xstrdup(e->valuestring))) {
			strv_free(l);
			return -ENOMEM;
		}
	}
	*ret = l;
	return 0;
}

/* ---- processes ---- */

/* The components' processes, picked from the shared /proc table (facts/procs.h). */
struct all_procs {
	struct k8s_procs c[_K8S_COMPONENT_MAX];
	long k3s_pid; /* a k3s server or agent, which runs the components inside itself */
};

static void all_procs_release(void *v)
{
	struct all_procs *a = v;
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
		for (size_t j = 0; j < a->c[i].n; j++)
			strv_free(a->c[i].items[j].env);
		free(a->c[i].items);
		free(a->c[i].error_msg);
	}
}

/* Which component p is: 1 with *ret_which (and its arg0 in *kp), 2 for a k3s server or agent,
 * 0 for none. The comm decides first, as a cheap filter; then the argument vector. */
static int classify(const struct proc *p, struct k8s_proc *kp, enum k8s_component *ret_which)
{
	const char *comm = p->comm;
	if (!comm)
		return 0; /* gone, or not ours to read */
	if (strcmp(comm, "k3s-server") == 0 || strcmp(comm, "k3s-agent") == 0 ||
	    strcmp(comm, "k3s") == 0)
		return 2;
	bool maybe = false;
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++)
		maybe |= strcmp(comm, component_names[i]) == 0;
	maybe |= strcmp(comm, "hyperkube") == 0;
	if (!maybe || !p->argv || !p->argv[0])
		return 0; /* a zombie or a kernel thread */
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++)
		if (k8s_proc_is(comm, p->argv, (enum k8s_component)i, &kp->arg0)) {
			*ret_which = (enum k8s_component)i;
			return 1;
		}
	return 0;
}

static int all_procs_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct all_procs *a = fact;
	const struct procs *t;
	int r = ctx_procs(c, &t);
	if (r < 0)
		return r;
	if (t->error < 0) {
		for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
			a->c[i].error = t->error;
			a->c[i].error_msg =
			    xasprintf("cannot list /proc under %s: %s", hostfs_root(ctx_hostfs(c)),
				      strerror(-t->error));
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];
		struct k8s_proc kp = {.pid = p->pid};
		enum k8s_component which;
		r = classify(p, &kp, &which);
		if (r == 0)
			continue;
		if (r == 2) {
			if (!a->k3s_pid)
				a->k3s_pid = p->pid;
			continue;
		}
		kp.comm = p->comm;
		kp.argv = p->argv;
		kp.cwd = p->cwd;
		kp.root = p->root;
		kp.uid = p->uid > INT32_MAX ? -1 : p->uid;
		r = procs_environ(c, p->pid, &kp.env);
		if (r == -ENOMEM)
			return r;
		struct k8s_procs *l = &a->c[which];
		struct k8s_proc *n = realloc(l->items, (l->n + 1) * sizeof(*n));
		if (!n) {
			strv_free(kp.env);
			return -ENOMEM;
		}
		l->items = n;
		l->items[l->n++] = kp;
	}
	/* /proc is listed sorted as strings: order by pid */
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
		struct k8s_procs *l = &a->c[i];
		for (size_t x = 1; x < l->n; x++)
			for (size_t y = x; y > 0 && l->items[y - 1].pid > l->items[y].pid; y--) {
				struct k8s_proc tmp = l->items[y];
				l->items[y] = l->items[y - 1];
				l->items[y - 1] = tmp;
			}
	}
	return 0;
}

static const struct ctx_fact_type all_procs_type = {
    .name = "k8s.procs",
    .size = sizeof(struct all_procs),
    .load = all_procs_load,
    .release = all_procs_release,
};

static struct all_procs *load_procs(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &all_procs_type, NULL, &f) < 0 ? NULL : f;
}

long k8s_k3s_pid(struct audit_ctx *c)
{
	struct all_procs *a = load_procs(c);
	return a ? a->k3s_pid : 0;
}

/* Why a component has no process of its own: absent, or inside k3s. Malloc'ed. */
static char *absent_reason(struct audit_ctx *c, enum k8s_component which, const char *more)
{
	long k3s = k8s_k3s_pid(c);
	if (k3s)
		return xasprintf("no %s process: k3s (pid %ld) runs it inside itself, and its "
				 "settings are not visible in /proc; k3s is not profiled by "
				 "k8s-node",
				 k8s_component_name(which), k3s);
	return xasprintf("no %s on this node%s", k8s_component_name(which), more ? more : "");
}

const struct k8s_procs *k8s_procs(struct audit_ctx *c, enum k8s_component which)
{
	static const struct k8s_procs nomem = {.error = -ENOMEM, .error_msg = k8s_oom};
	struct all_procs *a = load_procs(c);
	return a && which < _K8S_COMPONENT_MAX ? &a->c[which] : &nomem;
}

/* A path a process names, as a host path: relative ones against its cwd, and inside its root
 * when that is not the host's (a chroot). NULL on ENOMEM or when the cwd is unknown. */
static char *proc_path(const struct k8s_proc *p, const char *path)
{
	if (!path || !*path)
		return NULL;
	_cleanup_free_ char *abs = NULL;
	if (path[0] == '/')
		abs = xstrdup(path);
	else if (p && p->cwd && p->cwd[0] == '/')
		abs = xasprintf("%s/%s", p->cwd, path);
	else
		return NULL;
	if (!abs)
		return NULL;
	if (p && p->root && p->root[0] == '/' && strcmp(p->root, "/") != 0 && path[0] == '/') {
		_cleanup_free_ char *in = xasprintf("%s%s", p->root, abs);
		return in ? path_normalize(in) : NULL;
	}
	return path_normalize(abs);
}

/* ---- files ---- */

static void config_file_release(struct k8s_config_file *f)
{
	if (!f)
		return;
	free(f->path);
	cJSON_Delete(f->tree);
	free(f->error_msg);
}

static void config_file_free(void *v)
{
	config_file_release(v);
	free(v);
}

static void config_file_fact_release(void *v)
{
	config_file_release(v);
}

static int read_yaml(const struct hostfs *h, const char *path, struct k8s_config_file *f)
{
	f->path = xstrdup(path);
	if (!f->path)
		return -ENOMEM;
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = hostfs_read_file(h, path, K8S_FILE_MAX, &data, &len);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		f->error = r;
		f->error_msg = xasprintf("cannot read '%s': %s", path, strerror(-r));
		return f->error_msg ? 0 : -ENOMEM;
	}
	_cleanup_free_ char *why = NULL;
	r = yaml_parse(data, len, &f->tree, &why);
	if (r == -ENOMEM)
		return r;
	if (r == -ENODATA) {
		/* an empty file configures nothing: an empty object, as the kubelet reads it */
		if (!(f->tree = cJSON_CreateObject()))
			return -ENOMEM;
		return 0;
	}
	if (r < 0) {
		f->error = r;
		f->error_msg = xasprintf("cannot parse '%s': %s", path, why ? why : strerror(-r));
		return f->error_msg ? 0 : -ENOMEM;
	}
	return 0;
}

static int yaml_fact_load(struct audit_ctx *c, void *fact, const char *path)
{
	return read_yaml(ctx_hostfs(c), path, fact);
}

static const struct ctx_fact_type yaml_type = {
    .name = "k8s.yaml",
    .size = sizeof(struct k8s_config_file),
    .load = yaml_fact_load,
    .release = config_file_fact_release,
};

const struct k8s_config_file *k8s_yaml_file(struct audit_ctx *c, const char *path)
{
	static const struct k8s_config_file nomem = {.error = -ENOMEM, .error_msg = k8s_oom};
	void *f;
	return ctx_fact(c, &yaml_type, path, &f) < 0 ? &nomem : f;
}

static void file_release(void *v)
{
	free(((struct k8s_file *)v)->path);
}

static int file_load(struct audit_ctx *c, void *fact, const char *path)
{
	struct k8s_file *f = fact;
	if (!(f->path = xstrdup(path)))
		return -ENOMEM;
	f->error = hostfs_stat(ctx_hostfs(c), path, &f->st);
	return 0;
}

static const struct ctx_fact_type file_type = {
    .name = "k8s.stat",
    .size = sizeof(struct k8s_file),
    .load = file_load,
    .release = file_release,
};

const struct k8s_file *k8s_file(struct audit_ctx *c, const char *path)
{
	static const struct k8s_file nomem = {.error = -ENOMEM};
	void *f;
	return ctx_fact(c, &file_type, path, &f) < 0 ? &nomem : f;
}

struct bytes {
	char *data;
	size_t len;
	int error;
};

static void bytes_release(void *v)
{
	free(((struct bytes *)v)->data);
}

static int bytes_load(struct audit_ctx *c, void *fact, const char *path)
{
	struct bytes *b = fact;
	b->error = hostfs_read_file(ctx_hostfs(c), path, K8S_FILE_MAX, &b->data, &b->len);
	return 0;
}

static const struct ctx_fact_type bytes_type = {
    .name = "k8s.bytes",
    .size = sizeof(struct bytes),
    .load = bytes_load,
    .release = bytes_release,
};

int k8s_file_bytes(struct audit_ctx *c, const char *path, const char **ret, size_t *ret_len)
{
	void *p;
	int r = ctx_fact(c, &bytes_type, path, &p);
	if (r < 0)
		return r;
	const struct bytes *b = p;
	if (b->error < 0)
		return b->error;
	*ret = b->data;
	*ret_len = b->len;
	return 0;
}

/* ---- the kubelet's configuration ---- */

int k8s_merge_config(cJSON *base, const cJSON *src)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, src)
	{
		cJSON *mine = cJSON_GetObjectItemCaseSensitive(base, e->string);
		if (cJSON_IsObject(mine) && cJSON_IsObject(e)) {
			int r = k8s_merge_config(mine, e);
			if (r < 0)
				return r;
			continue;
		}
		cJSON *copy = cJSON_Duplicate(e, true);
		if (!copy)
			return -ENOMEM;
		if (mine) {
			if (!cJSON_ReplaceItemInObjectCaseSensitive(base, e->string, copy)) {
				cJSON_Delete(copy);
				return -ENOMEM;
			}
		} else if (!cJSON_AddItemToObject(base, e->string, copy)) {
			cJSON_Delete(copy);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * The kubelet's defaults. With a config file, KubeletConfiguration v1beta1's defaulting
 * (pkg/kubelet/apis/config/v1beta1/defaults.go); without one, the command line's, which keep
 * four legacy insecure values (cmd/kubelet/app/options: applyLegacyDefaults).
 */
static const struct kubelet_default {
	const char *flag, *path;
	const char *with_config, *flags_only;
	/* v1beta1 defaulting replaces a zero value read from the --config file (not from a
	 * drop-in, which is merged after defaulting), so a file's "0s" means the default */
	bool zero_is_unset;
} kubelet_defaults[] = {
    {"anonymous-auth", "authentication.anonymous.enabled", "false", "true", false},
    {"authentication-token-webhook", "authentication.webhook.enabled", "true", "false", false},
    {"authorization-mode", "authorization.mode", "Webhook", "AlwaysAllow", false},
    {"read-only-port", "readOnlyPort", "0", "10255", false},
    {"streaming-connection-idle-timeout", "streamingConnectionIdleTimeout", "4h0m0s", "4h0m0s",
     true},
    {"make-iptables-util-chains", "makeIPTablesUtilChains", "true", "true", false},
    {"event-qps", "eventRecordQPS", "50", "50", false},
    {"rotate-certificates", "rotateCertificates", "false", "false", false},
    {"pod-max-pids", "podPidsLimit", "-1", "-1", false},
    {"seccomp-default", "seccompDefault", "false", "false", false},
    {"protect-kernel-defaults", "protectKernelDefaults", "false", "false", false},
    {NULL, "serverTLSBootstrap", "false", "false", false},
    {"pod-manifest-path", "staticPodPath", NULL, NULL, false},
};

const char *k8s_kubelet_default(const char *flag, const char *path, bool with_config_file,
				const char **ret_origin)
{
	for (size_t i = 0; i < ARRAY_SIZE(kubelet_defaults); i++) {
		const struct kubelet_default *d = &kubelet_defaults[i];
		if (!(flag && d->flag && strcmp(flag, d->flag) == 0) &&
		    !(path && strcmp(path, d->path) == 0))
			continue;
		*ret_origin = with_config_file ? "kubelet default (KubeletConfiguration v1beta1)"
					       : "kubelet default (command line, no config file)";
		return with_config_file ? d->with_config : d->flags_only;
	}
	return NULL;
}

static bool zero_defaulted(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(kubelet_defaults); i++)
		if (strcmp(kubelet_defaults[i].path, path) == 0)
			return kubelet_defaults[i].zero_is_unset;
	return false;
}

/* 0, "0", "0s", "0m0s", "": what Go decodes to a zero value */
static bool json_zero(const cJSON *j)
{
	if (cJSON_IsNumber(j))
		return j->valuedouble == 0;
	if (!cJSON_IsString(j))
		return false;
	for (const char *p = j->valuestring; *p; p++)
		if ((*p >= '1' && *p <= '9') || *p == '.')
			return false;
	return true;
}

static void kubelet_release(void *v)
{
	struct k8s_kubelet *k = v;
	free(k->skip);
	free(k->error_msg);
	config_file_free(k->config);
	free(k->config_dir);
	free(k->config_dir_error_msg);
	for (size_t i = 0; i < k->n_dropins; i++)
		config_file_release(&k->dropins[i]);
	free(k->dropins);
	free(k->how);
}

/* *.conf files under dir in the order of Go's filepath.WalkDir (lexical, depth first). */
static int walk_dropins(const struct hostfs *h, const char *dir, int depth, char ***paths,
			size_t *n)
{
	if (depth > K8S_DROPIN_DEPTH)
		return -ELOOP;
	_cleanup_strv_free_ char **names = NULL;
	int r = hostfs_list_dir(h, dir, &names);
	if (r < 0)
		return r;
	for (size_t i = 0; names[i]; i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", dir, names[i]);
		if (!p)
			return -ENOMEM;
		struct stat st;
		if (hostfs_lstat(h, p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			r = walk_dropins(h, p, depth + 1, paths, n);
			if (r < 0)
				return r;
			continue;
		}
		if (!str_endswith(names[i], ".conf"))
			continue;
		if (*n >= K8S_DROPIN_MAX)
			return -E2BIG;
		char **np = realloc(*paths, (*n + 2) * sizeof(*np));
		if (!np)
			return -ENOMEM;
		*paths = np;
		np[(*n)++] = TAKE_PTR(p);
		np[*n] = NULL;
	}
	return 0;
}

static int kubelet_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct k8s_kubelet *k = fact;
	const struct hostfs *h = ctx_hostfs(c);
	const struct k8s_procs *ps = k8s_procs(c, K8S_KUBELET);
	if (ps->error < 0) {
		k->error = ps->error;
		k->error_msg = xstrdup(ps->error_msg);
		return k->error_msg ? 0 : -ENOMEM;
	}
	if (ps->n == 0) {
		k->skip = absent_reason(c, K8S_KUBELET, " (no kubelet process)");
		return k->skip ? 0 : -ENOMEM;
	}
	const struct k8s_proc *p = &ps->items[0];
	k->proc = p;
	char *const *args = p->argv + p->arg0;
	_cleanup_free_ char *how = ps->n > 1 ? xasprintf("%zu kubelets run; judged the first, pid "
							 "%ld",
							 ps->n, p->pid)
					     : xasprintf("kubelet pid %ld", p->pid);
	if (!how)
		return -ENOMEM;
	const char *conf = k8s_flag(args, "config", false, false);
	if (conf) {
		if (!(k->config = calloc(1, sizeof(*k->config))))
			return -ENOMEM;
		_cleanup_free_ char *path = proc_path(p, conf);
		if (!path) {
			k->config->path = xstrdup(conf);
			k->config->error = -ENOENT;
			k->config->error_msg =
			    xasprintf("--config=%s is relative and the kubelet's working "
				      "directory is unknown",
				      conf);
			if (!k->config->path || !k->config->error_msg)
				return -ENOMEM;
		} else if (read_yaml(h, path, k->config) < 0)
			return -ENOMEM;
		char *n = xasprintf("%s, --config %s%s", how, k->config->path,
				    strcmp(conf, k->config->path) != 0 ? " (resolved)" : "");
		free(how);
		if (!(how = n))
			return -ENOMEM;
	}
	const char *dir = k8s_flag(args, "config-dir", false, false);
	if (dir && *dir) {
		k->config_dir = proc_path(p, dir);
		if (!k->config_dir)
			k->config_dir = xstrdup(dir);
		if (!k->config_dir)
			return -ENOMEM;
		_cleanup_strv_free_ char **paths = NULL;
		size_t n = 0;
		int r = k->config_dir[0] == '/' ? walk_dropins(h, k->config_dir, 0, &paths, &n)
						: -ENOENT;
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			k->config_dir_error = r;
			k->config_dir_error_msg = xasprintf("cannot read --config-dir '%s': %s",
							    k->config_dir, strerror(-r));
			if (!k->config_dir_error_msg)
				return -ENOMEM;
		}
		if (n) {
			if (!(k->dropins = calloc(n, sizeof(*k->dropins))))
				return -ENOMEM;
			for (size_t i = 0; i < n; i++) {
				k->n_dropins++;
				if (read_yaml(h, paths[i], &k->dropins[i]) < 0)
					return -ENOMEM;
			}
		}
		char *m = xasprintf("%s, --config-dir %s (%zu drop-in%s)", how, k->config_dir, n,
				    n == 1 ? "" : "s");
		free(how);
		if (!(how = m))
			return -ENOMEM;
	}
	k->how = TAKE_PTR(how);
	return 0;
}

static const struct ctx_fact_type kubelet_type = {
    .name = "k8s.kubelet",
    .size = sizeof(struct k8s_kubelet),
    .load = kubelet_load,
    .release = kubelet_release,
};

const struct k8s_kubelet *k8s_kubelet(struct audit_ctx *c)
{
	static const struct k8s_kubelet nomem = {.error = -ENOMEM, .error_msg = k8s_oom};
	void *k;
	return ctx_fact(c, &kubelet_type, NULL, &k) < 0 ? &nomem : k;
}

static const cJSON *json_set(const cJSON *tree, const char *path)
{
	const cJSON *j = tree ? json_get(tree, path) : NULL;
	return j && !cJSON_IsNull(j) ? j : NULL;
}

int k8s_kubelet_get(struct audit_ctx *c, const char *flag, bool is_bool, const char *path,
		    struct k8s_value *ret)
{
	const struct k8s_kubelet *k = k8s_kubelet(c);
	*ret = (struct k8s_value){.source = K8S_SRC_NONE};
	if (!k->proc)
		return -ENOENT;
	if (flag) {
		const char *v = k8s_flag(k->proc->argv + k->proc->arg0, flag, is_bool, false);
		if (v) {
			*ret = (struct k8s_value){K8S_SRC_FLAG, flag, v, NULL};
			return 0;
		}
	}
	if (path) {
		for (size_t i = k->n_dropins; i-- > 0;) {
			const struct k8s_config_file *f = &k->dropins[i];
			if (f->error < 0) {
				ret->origin = f->path;
				return -EIO;
			}
			const cJSON *j = json_set(f->tree, path);
			if (j) {
				*ret = (struct k8s_value){K8S_SRC_DROPIN, f->path, NULL, j};
				return 0;
			}
		}
		if (k->config_dir_error < 0) {
			ret->origin = k->config_dir;
			return -EIO;
		}
		if (k->config) {
			if (k->config->error < 0) {
				ret->origin = k->config->path;
				return -EIO;
			}
			const cJSON *j = json_set(k->config->tree, path);
			if (j && !(zero_defaulted(path) && json_zero(j))) {
				*ret = (struct k8s_value){K8S_SRC_CONFIG, k->config->path, NULL, j};
				return 0;
			}
			if (j) {
				const char *o = NULL;
				const char *d = k8s_kubelet_default(flag, path, true, &o);
				*ret = (struct k8s_value){K8S_SRC_DEFAULT,
							  "kubelet default (KubeletConfiguration "
							  "v1beta1 replaces the config file's zero "
							  "value)",
							  d, NULL};
				return 0;
			}
		}
	}
	const char *origin = NULL;
	const char *d = k8s_kubelet_default(flag, path, k->config != NULL, &origin);
	if (d)
		*ret = (struct k8s_value){K8S_SRC_DEFAULT, origin, d, NULL};
	return 0;
}

char *k8s_kubelet_path(const struct k8s_kubelet *k, const struct k8s_value *v)
{
	const char *s = v->str;
	if (!s && cJSON_IsString(v->json))
		s = v->json->valuestring;
	if (!s || !*s)
		return NULL;
	if ((v->source == K8S_SRC_CONFIG || v->source == K8S_SRC_DROPIN) && s[0] != '/' &&
	    v->origin) {
		/* the kubelet resolves a config file's relative paths against its directory */
		const char *slash = strrchr(v->origin, '/');
		_cleanup_free_ char *dir =
		    xstrndup(v->origin, slash ? (size_t)(slash - v->origin) : 0);
		_cleanup_free_ char *abs = dir ? xasprintf("%s/%s", dir, s) : NULL;
		return abs ? path_normalize(abs) : NULL;
	}
	return proc_path(k->proc, s);
}

/* The static pod directory a setting names (flag, config file or drop-in), as a host path. */
struct pod_dir {
	char *path; /* NULL: the kubeadm default */
	enum k8s_source source;
};

static void pod_dir_release(void *v)
{
	free(((struct pod_dir *)v)->path);
}

static int pod_dir_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct pod_dir *d = fact;
	struct k8s_value v;
	if (k8s_kubelet_get(c, "pod-manifest-path", false, "staticPodPath", &v) == 0 &&
	    (v.source == K8S_SRC_FLAG || v.source == K8S_SRC_CONFIG ||
	     v.source == K8S_SRC_DROPIN)) {
		d->path = k8s_kubelet_path(k8s_kubelet(c), &v);
		d->source = v.source;
	}
	return 0;
}

static const struct ctx_fact_type pod_dir_type = {
    .name = "k8s.staticpoddir",
    .size = sizeof(struct pod_dir),
    .load = pod_dir_load,
    .release = pod_dir_release,
};

const char *k8s_static_pod_dir(struct audit_ctx *c, enum k8s_source *ret_source)
{
	void *p;
	if (ctx_fact(c, &pod_dir_type, NULL, &p) == 0 && ((struct pod_dir *)p)->path) {
		*ret_source = ((struct pod_dir *)p)->source;
		return ((struct pod_dir *)p)->path;
	}
	*ret_source = K8S_SRC_DEFAULT;
	return "/etc/kubernetes/manifests";
}

/* ---- control plane ---- */

static void control_release(void *v)
{
	struct k8s_control *k = v;
	strv_free(k->manifest_argv);
	free(k->manifest_path);
	free(k->manifest_error_msg);
	free(k->skip);
	free(k->proc_error_msg);
	config_file_free(k->etcd_config);
}

/* spec.containers[0].command + args of a static pod manifest, argv-like. */
static int manifest_argv(const cJSON *tree, char ***ret)
{
	const cJSON *cs = json_get_array(tree, "spec.containers");
	const cJSON *c0 = cs ? cJSON_GetArrayItem(cs, 0) : NULL;
	if (!cJSON_IsObject(c0))
		return -EINVAL;
	size_t n = 0;
	const char *parts[] = {"command", "args"};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *a = json_get_array(c0, parts[i]);
		n += a ? (size_t)cJSON_GetArraySize(a) : 0;
	}
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < 2; i++) {
		const cJSON *a = json_get_array(c0, parts[i]), *e;
		cJSON_ArrayForEach(e, a)
		{
			if (!cJSON_IsString(e))
				continue;
			if (!(v[k++] = xstrdup(e->valuestring))) {
				strv_free(v);
				return -ENOMEM;
			}
		}
	}
	*ret = v;
	return 0;
}

/* Keyed by the component's name. */
static int control_load(struct audit_ctx *c, void *fact, const char *key)
{
	struct k8s_control *k = fact;
	k->which = strcmp(key, k8s_component_name(K8S_ETCD)) == 0 ? K8S_ETCD : K8S_APISERVER;
	const struct hostfs *h = ctx_hostfs(c);
	const struct k8s_procs *ps = k8s_procs(c, k->which);
	if (ps->n)
		k->proc = &ps->items[0];
	enum k8s_source src;
	const char *dir = k8s_static_pod_dir(c, &src);
	_cleanup_free_ char *mpath =
	    xasprintf("%s/%s.yaml", dir, k->which == K8S_ETCD ? "etcd" : "kube-apiserver");
	if (!mpath)
		return -ENOMEM;
	struct stat st;
	if (hostfs_stat(h, mpath, &st) == 0) {
		k->manifest_path = TAKE_PTR(mpath);
		if (!k->proc) {
			const struct k8s_config_file *f = k8s_yaml_file(c, k->manifest_path);
			int r = f->error < 0 ? f->error : manifest_argv(f->tree, &k->manifest_argv);
			if (r == -ENOMEM)
				return r;
			if (r < 0) {
				k->manifest_error = r;
				k->manifest_error_msg =
				    f->error < 0 ? xstrdup(f->error_msg)
						 : xasprintf("'%s' has no spec.containers[0]",
							     k->manifest_path);
				if (!k->manifest_error_msg)
					return -ENOMEM;
			}
		}
	}
	if (!k->proc && !k->manifest_path) {
		_cleanup_free_ char *more =
		    xasprintf(" (no process, no static pod manifest in %s)", dir);
		if (ps->error < 0) {
			/* absence cannot be proven without /proc: ERROR, never SKIP */
			k->proc_error = ps->error;
			k->proc_error_msg = xstrdup(ps->error_msg);
			return k->proc_error_msg ? 0 : -ENOMEM;
		}
		k->skip = more ? absent_reason(c, k->which, more) : NULL;
		return k->skip ? 0 : -ENOMEM;
	}
	if (k->which == K8S_ETCD && k->proc) {
		char *const *args = k->proc->argv + k->proc->arg0;
		const char *cf = k8s_flag(args, "config-file", false, true);
		if (!cf) {
			for (char **e = k->proc->env; e && *e && !cf; e++)
				if (str_startswith(*e, "ETCD_CONFIG_FILE="))
					cf = *e + strlen("ETCD_CONFIG_FILE=");
		}
		if (cf && *cf) {
			if (!(k->etcd_config = calloc(1, sizeof(*k->etcd_config))))
				return -ENOMEM;
			_cleanup_free_ char *p = proc_path(k->proc, cf);
			if (read_yaml(h, p ? p : cf, k->etcd_config) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

static const struct ctx_fact_type control_type = {
    .name = "k8s.control",
    .size = sizeof(struct k8s_control),
    .load = control_load,
    .release = control_release,
};

const struct k8s_control *k8s_control(struct audit_ctx *c, enum k8s_component which)
{
	static const struct k8s_control nomem = {
	    .skip = NULL, .manifest_error = -ENOMEM, .manifest_error_msg = k8s_oom};
	void *k;
	const char *key = k8s_component_name(which == K8S_ETCD ? K8S_ETCD : K8S_APISERVER);
	return ctx_fact(c, &control_type, key, &k) < 0 ? &nomem : k;
}

/* Documented defaults of the control plane flags the checks read. */
static const struct control_default {
	enum k8s_component which;
	const char *flag, *value;
} control_defaults[] = {
    {K8S_APISERVER, "anonymous-auth", "true"},
    {K8S_APISERVER, "authorization-mode", "AlwaysAllow"},
    {K8S_APISERVER, "profiling", "true"},
    {K8S_ETCD, "client-cert-auth", "false"},
    {K8S_ETCD, "peer-client-cert-auth", "false"},
    {K8S_ETCD, "auto-tls", "false"},
    {K8S_ETCD, "peer-auto-tls", "false"},
    {K8S_ETCD, "listen-client-urls", "http://localhost:2379"},
    {K8S_ETCD, "listen-peer-urls", "http://localhost:2380"},
    {K8S_ETCD, "name", "default"},
};

static const char *control_default(enum k8s_component which, const char *flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(control_defaults); i++)
		if (control_defaults[i].which == which &&
		    strcmp(control_defaults[i].flag, flag) == 0)
			return control_defaults[i].value;
	return NULL;
}

/* etcd's config file spelling of a flag: TLS settings live under the transport sections. */
static void etcd_config_key(const char *flag, char *buf, size_t n)
{
	static const char *const tls[] = {"cert-file", "key-file",	  "client-cert-auth",
					  "auto-tls",  "trusted-ca-file", NULL};
	const char *base = flag;
	const char *section = "client-transport-security";
	if (str_startswith(flag, "peer-")) {
		base = flag + 5;
		section = "peer-transport-security";
	}
	for (size_t i = 0; tls[i]; i++)
		if (strcmp(base, tls[i]) == 0) {
			snprintf(buf, n, "%s.%s", section, base);
			return;
		}
	snprintf(buf, n, "%s", flag);
}

int k8s_control_get(struct audit_ctx *c, enum k8s_component which, const char *flag, bool is_bool,
		    struct k8s_value *ret)
{
	const struct k8s_control *k = k8s_control(c, which);
	*ret = (struct k8s_value){.source = K8S_SRC_NONE};
	if (k->skip || k->proc_error < 0)
		return -ENOENT;
	bool etcd = which == K8S_ETCD;
	if (k->proc) {
		if (etcd && k->etcd_config) {
			/* etcd ignores its flags and environment when given a config file */
			if (k->etcd_config->error < 0) {
				ret->origin = k->etcd_config->path;
				return -EIO;
			}
			char key[128];
			etcd_config_key(flag, key, sizeof(key));
			const cJSON *j = json_set(k->etcd_config->tree, key);
			if (j) {
				*ret = (struct k8s_value){K8S_SRC_CONFIG, k->etcd_config->path,
							  NULL, j};
				return 0;
			}
		} else {
			const char *v =
			    k8s_flag(k->proc->argv + k->proc->arg0, flag, is_bool, etcd);
			if (v) {
				*ret = (struct k8s_value){K8S_SRC_FLAG, flag, v, NULL};
				return 0;
			}
			if (etcd) {
				char name[128] = "ETCD_";
				size_t l = strlen(name);
				for (const char *p = flag; *p && l + 2 < sizeof(name); p++)
					name[l++] = *p == '-' ? '_' : (char)(*p & ~0x20);
				name[l] = '\0';
				for (char **e = k->proc->env; e && *e; e++)
					if (str_startswith(*e, name) && (*e)[l] == '=') {
						/* origin is the flag; the variable is
						 * ETCD_ + its name in capitals */
						*ret = (struct k8s_value){K8S_SRC_ENV, flag,
									  *e + l + 1, NULL};
						return 0;
					}
			}
		}
	} else if (k->manifest_argv) {
		const char *v = k8s_flag(k->manifest_argv + 1, flag, is_bool, etcd);
		if (v) {
			*ret = (struct k8s_value){K8S_SRC_MANIFEST, k->manifest_path, v, NULL};
			return 0;
		}
	} else if (k->manifest_error < 0) {
		ret->origin = k->manifest_path;
		return -EIO;
	}
	const char *d = control_default(which, flag);
	if (d)
		*ret = (struct k8s_value){
		    K8S_SRC_DEFAULT, etcd ? "etcd default" : "kube-apiserver default", d, NULL};
	return 0;
}

char *k8s_control_path(const struct k8s_control *k, const struct k8s_value *v)
{
	const char *s = v->str;
	if (!s && cJSON_IsString(v->json))
		s = v->json->valuestring;
	if (!s || !*s)
		return NULL;
	return proc_path(k->proc, s);
}

/* ---- EncryptionConfiguration ---- */

static bool covers_secrets(const cJSON *resources)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, resources)
	{
		if (!cJSON_IsString(e))
			continue;
		const char *s = e->valuestring;
		if (strcmp(s, "secrets") == 0 || strcmp(s, "secrets.") == 0 ||
		    strcmp(s, "*.") == 0 || strcmp(s, "*.*") == 0)
			return true;
	}
	return false;
}

int k8s_encryption_secret_providers(const cJSON *tree, char ***ret)
{
	const cJSON *res = json_get_array(tree, "resources");
	const char *kind = json_get_string(tree, "kind");
	if (!res || (kind && strcmp(kind, "EncryptionConfiguration") != 0 &&
		     strcmp(kind, "EncryptionConfig") != 0))
		return -EINVAL;
	_cleanup_strv_free_ char **out = calloc(1, sizeof(char *));
	size_t n = 0;
	if (!out)
		return -ENOMEM;
	const cJSON *r;
	cJSON_ArrayForEach(r, res)
	{
		if (!covers_secrets(json_get_array(r, "resources")))
			continue;
		const cJSON *ps = json_get_array(r, "providers");
		const cJSON *p0 = ps ? cJSON_GetArrayItem(ps, 0) : NULL;
		const char *name = "";
		if (cJSON_IsObject(p0) && p0->child && p0->child->string)
			name = p0->child->string;
		char **m = realloc(out, (n + 2) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		out = m;
		if (!(out[n++] = xstrdup(name)))
			return -ENOMEM;
		out[n] = NULL;
	}
	if (n == 0)
		return -ENOENT;
	*ret = TAKE_PTR(out);
	return 0;
}
