/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <sys/stat.h>
#include "facts/k8s.h"
#include "facts/yaml.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define K8S_PROC_MAX (256u * 1024) /* /proc/PID/cmdline, environ */
#define K8S_SMALL_MAX (64u * 1024) /* /proc/PID/comm, status */
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

static char **split_nul(const char *data, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	if (len && data[len - 1] != '\0')
		n++;
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < len && k < n;) {
		size_t l = strnlen(data + i, len - i);
		if (!(v[k++] = xstrndup(data + i, l))) {
			strv_free(v);
			return NULL;
		}
		i += l + 1;
	}
	return v;
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

static void proc_release(struct k8s_proc *p)
{
	free(p->comm);
	strv_free(p->argv);
	strv_free(p->env);
	free(p->cwd);
	free(p->root);
}

struct all_procs {
	struct k8s_procs c[_K8S_COMPONENT_MAX];
	long k3s_pid; /* a k3s server or agent, which runs the components inside itself */
};

static void all_procs_free(void *v)
{
	struct all_procs *a = v;
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
		for (size_t j = 0; j < a->c[i].n; j++)
			proc_release(&a->c[i].items[j]);
		free(a->c[i].items);
		free(a->c[i].error_msg);
	}
	free(a);
}

static int read_vec(const struct hostfs *h, long pid, const char *what, char ***ret)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/%s", pid, what);
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = hostfs_read_file(h, path, K8S_PROC_MAX, &data, &len);
	if (r < 0)
		return r;
	char **v = split_nul(data, len);
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

static long status_uid(const char *status)
{
	const char *p = strstr(status, "\nUid:");
	if (!p)
		return -1;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	char buf[24];
	size_t n = strcspn(p, " \t\n");
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	uint64_t u;
	return parse_uint64(buf, &u) < 0 || u > INT32_MAX ? -1 : (long)u;
}

/* Read one process; 1 when it is one of ours (in *ret, *ret_which), 0 when not, -ENOMEM. */
static int probe(const struct hostfs *h, long pid, struct k8s_proc *ret,
		 enum k8s_component *ret_which)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	_cleanup_free_ char *comm = NULL;
	if (hostfs_read_file(h, path, K8S_SMALL_MAX, &comm, NULL) < 0)
		return 0; /* gone, or not ours to read */
	comm[strcspn(comm, "\n")] = '\0';
	if (strcmp(comm, "k3s-server") == 0 || strcmp(comm, "k3s-agent") == 0 ||
	    strcmp(comm, "k3s") == 0) {
		*ret_which = _K8S_COMPONENT_MAX;
		return 2;
	}
	bool maybe = false;
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++)
		maybe |= strcmp(comm, component_names[i]) == 0;
	maybe |= strcmp(comm, "hyperkube") == 0;
	if (!maybe)
		return 0;
	struct k8s_proc p = {.pid = pid, .uid = -1};
	int r = read_vec(h, pid, "cmdline", &p.argv);
	if (r == -ENOMEM)
		return r;
	if (r < 0 || !p.argv[0])
		goto not_ours; /* a zombie or a kernel thread */
	enum k8s_component which = _K8S_COMPONENT_MAX;
	for (size_t i = 0; i < _K8S_COMPONENT_MAX && which == _K8S_COMPONENT_MAX; i++)
		if (k8s_proc_is(comm, p.argv, (enum k8s_component)i, &p.arg0))
			which = (enum k8s_component)i;
	if (which == _K8S_COMPONENT_MAX)
		goto not_ours;
	p.comm = TAKE_PTR(comm);
	r = read_vec(h, pid, "environ", &p.env);
	if (r == -ENOMEM)
		goto nomem;
	snprintf(path, sizeof(path), "/proc/%ld/cwd", pid);
	if (hostfs_readlink(h, path, &p.cwd) == -ENOMEM)
		goto nomem;
	snprintf(path, sizeof(path), "/proc/%ld/root", pid);
	if (hostfs_readlink(h, path, &p.root) == -ENOMEM)
		goto nomem;
	_cleanup_free_ char *status = NULL;
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if (hostfs_read_file(h, path, K8S_SMALL_MAX, &status, NULL) == 0)
		p.uid = status_uid(status);
	*ret = p;
	*ret_which = which;
	return 1;
not_ours:
	proc_release(&p);
	return 0;
nomem:
	proc_release(&p);
	return -ENOMEM;
}

static struct all_procs *load_procs(struct audit_ctx *c)
{
	struct all_procs *a = ctx_slot_get(c, "k8s.procs");
	if (a)
		return a;
	if (!(a = calloc(1, sizeof(*a))))
		return NULL;
	const struct hostfs *h = ctx_hostfs(c);
	_cleanup_strv_free_ char **names = NULL;
	int r = hostfs_list_dir(h, "/proc", &names);
	if (r < 0) {
		for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
			a->c[i].error = r;
			a->c[i].error_msg = xasprintf("cannot list /proc under %s: %s",
						      hostfs_root(h), strerror(-r));
		}
	}
	for (size_t i = 0; names && names[i]; i++) {
		uint64_t pid;
		if (parse_uint64(names[i], &pid) < 0 || pid == 0 || pid > INT32_MAX)
			continue;
		struct k8s_proc p;
		enum k8s_component which;
		r = probe(h, (long)pid, &p, &which);
		if (r < 0) {
			all_procs_free(a);
			return NULL;
		}
		if (r == 0)
			continue;
		if (r == 2) {
			if (!a->k3s_pid)
				a->k3s_pid = (long)pid;
			continue;
		}
		struct k8s_procs *l = &a->c[which];
		struct k8s_proc *n = realloc(l->items, (l->n + 1) * sizeof(*n));
		if (!n) {
			proc_release(&p);
			all_procs_free(a);
			return NULL;
		}
		l->items = n;
		l->items[l->n++] = p;
	}
	/* hostfs_list_dir sorts names as strings: order by pid */
	for (size_t i = 0; i < _K8S_COMPONENT_MAX; i++) {
		struct k8s_procs *l = &a->c[i];
		for (size_t x = 1; x < l->n; x++)
			for (size_t y = x; y > 0 && l->items[y - 1].pid > l->items[y].pid; y--) {
				struct k8s_proc t = l->items[y];
				l->items[y] = l->items[y - 1];
				l->items[y - 1] = t;
			}
	}
	if (ctx_slot_put(c, "k8s.procs", a, all_procs_free) < 0)
		return NULL;
	return a;
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

const struct k8s_config_file *k8s_yaml_file(struct audit_ctx *c, const char *path)
{
	static const struct k8s_config_file nomem = {.error = -ENOMEM, .error_msg = k8s_oom};
	_cleanup_free_ char *key = xasprintf("k8s.yaml:%s", path);
	if (!key)
		return &nomem;
	struct k8s_config_file *f = ctx_slot_get(c, key);
	if (f)
		return f;
	if (!(f = calloc(1, sizeof(*f))))
		return &nomem;
	if (read_yaml(ctx_hostfs(c), path, f) < 0) {
		config_file_free(f);
		return &nomem;
	}
	if (ctx_slot_put(c, key, f, config_file_free) < 0)
		return &nomem;
	return f;
}

static void file_free(void *v)
{
	struct k8s_file *f = v;
	free(f->path);
	free(f);
}

const struct k8s_file *k8s_file(struct audit_ctx *c, const char *path)
{
	static const struct k8s_file nomem = {.error = -ENOMEM};
	_cleanup_free_ char *key = xasprintf("k8s.stat:%s", path);
	if (!key)
		return &nomem;
	struct k8s_file *f = ctx_slot_get(c, key);
	if (f)
		return f;
	if (!(f = calloc(1, sizeof(*f))) || !(f->path = xstrdup(path))) {
		free(f);
		return &nomem;
	}
	f->error = hostfs_stat(ctx_hostfs(c), path, &f->st);
	if (ctx_slot_put(c, key, f, file_free) < 0)
		return &nomem;
	return f;
}

struct bytes {
	char *data;
	size_t len;
	int error;
};

static void bytes_free(void *v)
{
	struct bytes *b = v;
	free(b->data);
	free(b);
}

int k8s_file_bytes(struct audit_ctx *c, const char *path, const char **ret, size_t *ret_len)
{
	_cleanup_free_ char *key = xasprintf("k8s.bytes:%s", path);
	if (!key)
		return -ENOMEM;
	struct bytes *b = ctx_slot_get(c, key);
	if (!b) {
		if (!(b = calloc(1, sizeof(*b))))
			return -ENOMEM;
		b->error = hostfs_read_file(ctx_hostfs(c), path, K8S_FILE_MAX, &b->data, &b->len);
		if (ctx_slot_put(c, key, b, bytes_free) < 0)
			return -ENOMEM;
	}
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
} kubelet_defaults[] = {
    {"anonymous-auth", "authentication.anonymous.enabled", "false", "true"},
    {"authentication-token-webhook", "authentication.webhook.enabled", "true", "false"},
    {"authorization-mode", "authorization.mode", "Webhook", "AlwaysAllow"},
    {"read-only-port", "readOnlyPort", "0", "10255"},
    {"streaming-connection-idle-timeout", "streamingConnectionIdleTimeout", "4h0m0s", "4h0m0s"},
    {"make-iptables-util-chains", "makeIPTablesUtilChains", "true", "true"},
    {"event-qps", "eventRecordQPS", "50", "50"},
    {"rotate-certificates", "rotateCertificates", "false", "false"},
    {"pod-max-pids", "podPidsLimit", "-1", "-1"},
    {"seccomp-default", "seccompDefault", "false", "false"},
    {"protect-kernel-defaults", "protectKernelDefaults", "false", "false"},
    {NULL, "serverTLSBootstrap", "false", "false"},
    {"pod-manifest-path", "staticPodPath", NULL, NULL},
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

static void kubelet_free(void *v)
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
	free(k);
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

static int kubelet_load(struct audit_ctx *c, struct k8s_kubelet *k)
{
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

const struct k8s_kubelet *k8s_kubelet(struct audit_ctx *c)
{
	static const struct k8s_kubelet nomem = {.error = -ENOMEM, .error_msg = k8s_oom};
	struct k8s_kubelet *k = ctx_slot_get(c, "k8s.kubelet");
	if (k)
		return k;
	if (!(k = calloc(1, sizeof(*k))))
		return &nomem;
	if (kubelet_load(c, k) < 0) {
		kubelet_free(k);
		return &nomem;
	}
	if (ctx_slot_put(c, "k8s.kubelet", k, kubelet_free) < 0)
		return &nomem;
	return k;
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
			if (j) {
				*ret = (struct k8s_value){K8S_SRC_CONFIG, k->config->path, NULL, j};
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

const char *k8s_static_pod_dir(struct audit_ctx *c, enum k8s_source *ret_source)
{
	const char *dflt = "/etc/kubernetes/manifests";
	struct k8s_value v;
	if (k8s_kubelet_get(c, "pod-manifest-path", false, "staticPodPath", &v) == 0 &&
	    (v.source == K8S_SRC_FLAG || v.source == K8S_SRC_CONFIG ||
	     v.source == K8S_SRC_DROPIN)) {
		const struct k8s_kubelet *k = k8s_kubelet(c);
		_cleanup_free_ char *p = k8s_kubelet_path(k, &v);
		if (p) {
			char *kept = ctx_slot_get(c, "k8s.staticpoddir");
			if (!kept) {
				kept = TAKE_PTR(p);
				if (ctx_slot_put(c, "k8s.staticpoddir", kept, free) < 0)
					kept = NULL;
			}
			if (kept) {
				*ret_source = v.source;
				return kept;
			}
		}
	}
	*ret_source = K8S_SRC_DEFAULT;
	return dflt;
}

/* ---- control plane ---- */

static void control_free(void *v)
{
	struct k8s_control *k = v;
	strv_free(k->manifest_argv);
	free(k->manifest_path);
	free(k->manifest_error_msg);
	free(k->skip);
	config_file_free(k->etcd_config);
	free(k);
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

static int control_load(struct audit_ctx *c, struct k8s_control *k)
{
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
		k->skip = ps->error < 0 ? xstrdup(ps->error_msg)
					: more ? absent_reason(c, k->which, more) : NULL;
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

const struct k8s_control *k8s_control(struct audit_ctx *c, enum k8s_component which)
{
	static const struct k8s_control nomem = {
	    .skip = NULL, .manifest_error = -ENOMEM, .manifest_error_msg = k8s_oom};
	const char *key = which == K8S_ETCD ? "k8s.control.etcd" : "k8s.control.apiserver";
	struct k8s_control *k = ctx_slot_get(c, key);
	if (k)
		return k;
	if (!(k = calloc(1, sizeof(*k))))
		return &nomem;
	k->which = which;
	if (control_load(c, k) < 0) {
		control_free(k);
		return &nomem;
	}
	if (ctx_slot_put(c, key, k, control_free) < 0)
		return &nomem;
	return k;
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
	if (k->skip)
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
