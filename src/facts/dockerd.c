/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dockerd that serves the audited endpoint: found in the process table by the sockets it
 * serves (its -H flags, its config file's "hosts", socket activation), with its command line
 * parsed as dockerd parses it and the config file it reads.
 */
#include "common.h"
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "context.h"
#include "docker.h"
#include "facts/accounts.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/listen.h"
#include "facts/procs.h"
#include "facts/units.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define DC_FILE_MAX (1024u * 1024) /* daemon.json */
#define DC_MAX_DOCKERD 64 /* dockerd processes considered */

#define DEFAULT_SOCKET "/var/run/docker.sock"
#define DEFAULT_CONFIG "/etc/docker/daemon.json"
#define SNAP_CONFIG "/var/snap/docker/current/config/daemon.json"

/* ---- dockerd's command line ---- */
enum flag_kind {
	F_BOOL,
	F_STRING,
	F_INT,
	F_LIST, /* repeatable, into an array */
	F_MAP, /* repeatable key=value, into an object */
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

static void argv_conf_release(struct argv_conf *a)
{
	settings_release(&a->src);
	free(a->config_file);
	free(a->config_origin);
}

/* Append token to the origin kept for key ("-H fd:// --host tcp://..."). */
static int origin_append(struct settings *s, const char *key, const char *token)
{
	const char *old = settings_origin(s, key);
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
	struct settings *s = &a->src;
	const char *key = f ? f->key : fname;
	enum flag_kind kind = f ? f->kind : (value ? F_STRING : F_BOOL);
	_cleanup_free_ char *masked_value = NULL, *masked_token = NULL;
	if (key && settings_key_has_credentials(key) && value) {
		masked_value = settings_mask_credentials(value);
		masked_token = settings_mask_credentials(token);
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
		if (value && settings_parse_go_bool(value, &b) < 0)
			return settings_set(s, key, cJSON_CreateString(value), token);
		return settings_set(s, key, cJSON_CreateBool(b), token);
	}
	case F_STRING:
		return settings_set(s, key, cJSON_CreateString(value ? value : ""), token);
	case F_INT: {
		int64_t n;
		if (value && parse_int64(value, &n) == 0)
			return settings_set(s, key, cJSON_CreateNumber((double)n), token);
		return settings_set(s, key, cJSON_CreateString(value ? value : ""), token);
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
	int r = settings_init(&a->src);
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
				_cleanup_free_ char *token =
				    value ? xasprintf("-%c=%s", *p, value) : xasprintf("-%c", *p);
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
/* ---- the dockerd processes ---- */

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void dockerd_release(struct dockerd *p)
{
	strv_free(p->env);
	argv_conf_release(&p->conf);
	free(p->file_path);
	cJSON_Delete(p->file_json);
	free(p->file_error);
	strv_free(p->hosts);
	hostfs_free(p->fs);
	free(p->root_host);
	free(p->fs_note);
}

const char *dockerd_env(const struct dockerd *p, const char *name)
{
	size_t n = strlen(name);
	for (char **e = p->env; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* A daemon in rootless mode: running as a user, or under RootlessKit. */
bool dockerd_rootless(const struct dockerd *p)
{
	return (p->uid > 0) || dockerd_env(p, "ROOTLESSKIT_STATE_DIR") != NULL;
}

/* ---- systemd socket activation: what "fd://" stands for ---- */

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

int dockerd_socket_urls(struct audit_ctx *ctx, char ***ret)
{
	const struct socket_unit *u;
	int r = units_socket(ctx, "docker.socket", &u, NULL);
	if (r < 0)
		return r;
	size_t k = strv_length(u->streams);
	char **urls = calloc(k + 1, sizeof(char *));
	if (!urls)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++) {
		urls[i] = listen_to_url(u->streams[i]);
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
	const struct procs *procs;
	char **socket_unit; /* fd:// expansion, loaded once */
	int socket_unit_error;
	bool socket_unit_loaded;
	char *hostname;
	/* the proof: the listening socket's inode and the processes that hold it */
	unsigned long inode;
	char *sock_how; /* "unix socket /x (file inode N)" */
	char *proof_why; /* why there is no proof, when inode == 0 */
	int proof_err; /* listen_socket_inode's error, when inode == 0 */
	long *owners;
	size_t n_owners;
	size_t owners_unreadable; /* processes whose fds could not be read */
};

/* "/srv/c/root/run/x" -> "/run/x" when root is "/srv/c/root"; NULL when path is not under it. */
static const char *strip_root(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0)
		return path;
	if (strncmp(path, root, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path[n] ? path + n : "/";
}

/*
 * p's own view of files. On a live /proc: /proc/PID/root (the magic link leads to its root in
 * its mount namespace) unless that is the audit's root in the audit's mount namespace. On a
 * fixture root: the directory its root link names, inside the fixture.
 */
static int dproc_fs_load(struct audit_ctx *ctx, struct dockerd *p)
{
	const struct hostfs *h = ctx_hostfs(ctx);
	const char *hroot = hostfs_root(h);
	const struct proc *pr = NULL;
	const struct procs *t;
	if (ctx_procs(ctx, &t) == 0)
		pr = procs_find(t, p->pid);
	const char *link = pr ? pr->root : NULL;
	if (!procs_live(h)) {
		if (!link || strcmp(link, "/") == 0 || link[0] != '/')
			return 0;
		_cleanup_free_ char *resolved = NULL, *dir = NULL;
		int r = hostfs_resolve(h, link, &resolved);
		if (r == -ENOMEM)
			return r;
		dir = r == 0 ? xasprintf("%s%s", strcmp(hroot, "/") == 0 ? "" : hroot, resolved)
			     : NULL;
		if (!dir || hostfs_new(dir, &p->fs) < 0) {
			p->fs_note =
			    xasprintf("its root %s cannot be opened: its files are read as "
				      "docker-audit sees them",
				      link);
			return 0;
		}
		p->root_host = TAKE_PTR(resolved);
		p->fs_note = xasprintf("read through its root %s", p->root_host);
		return p->fs_note ? 0 : -ENOMEM;
	}
	_cleanup_free_ char *rootpath =
	    xasprintf("%s/proc/%ld/root", strcmp(hroot, "/") == 0 ? "" : hroot, p->pid);
	_cleanup_free_ char *mnt =
	    xasprintf("%s/proc/%ld/ns/mnt", strcmp(hroot, "/") == 0 ? "" : hroot, p->pid);
	if (!rootpath || !mnt)
		return -ENOMEM;
	struct stat theirs, ours, their_ns, our_ns;
	if (stat(rootpath, &theirs) < 0) {
		p->fs_note =
		    xasprintf("/proc/%ld/root cannot be opened (%s): its files are read as "
			      "docker-audit sees them",
			      p->pid, strerror(errno));
		return p->fs_note ? 0 : -ENOMEM;
	}
	bool same_root =
	    stat(hroot, &ours) == 0 && ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino;
	/* the mount namespace only tells something when the audit's root is its own "/" */
	bool same_ns = strcmp(hroot, "/") != 0 ||
		       (stat(mnt, &their_ns) == 0 && stat("/proc/self/ns/mnt", &our_ns) == 0 &&
			their_ns.st_ino == our_ns.st_ino && their_ns.st_dev == our_ns.st_dev);
	if (same_root && same_ns)
		return 0;
	int r = hostfs_new(rootpath, &p->fs);
	if (r < 0) {
		p->fs_note =
		    xasprintf("/proc/%ld/root cannot be opened (%s): its files are read as "
			      "docker-audit sees them",
			      p->pid, strerror(-r));
		return p->fs_note ? 0 : -ENOMEM;
	}
	/* its root as a host path: the link's text, when that directory is the same one */
	struct stat at;
	if (!same_root && link && link[0] == '/' && strcmp(link, "/") != 0 &&
	    hostfs_stat(h, link, &at) == 0 && at.st_dev == theirs.st_dev &&
	    at.st_ino == theirs.st_ino)
		p->root_host = path_normalize(link);
	if (same_root) {
		/* the same root directory: host paths name its files (its own mounts, such as a
		 * private /tmp, are what /proc/PID/root shows) */
		p->root_host = xstrdup("/");
		if (!p->root_host)
			return -ENOMEM;
		p->fs_note = xasprintf("read through /proc/%ld/root: dockerd runs in another mount "
				       "namespace",
				       p->pid);
	} else if (p->root_host)
		p->fs_note =
		    xasprintf("read through /proc/%ld/root: dockerd runs in a chroot at %s", p->pid,
			      p->root_host);
	else
		p->fs_note =
		    xasprintf("read through /proc/%ld/root: dockerd runs in a root that is "
			      "not visible from docker-audit's",
			      p->pid);
	return p->fs_note ? 0 : -ENOMEM;
}

static const struct hostfs *dproc_fs(struct audit_ctx *ctx, struct dockerd *p)
{
	if (!p->fs_loaded && p->pid > 0) {
		p->fs_loaded = true;
		(void)dproc_fs_load(ctx, p); /* ENOMEM: the audit's root, said nowhere */
	}
	return p->fs ? p->fs : ctx_hostfs(ctx);
}

/* p's working directory as p sees it (its root's host path stripped), NULL when unknown. */
static const char *dproc_cwd(struct audit_ctx *ctx, struct dockerd *p)
{
	(void)dproc_fs(ctx, p);
	if (!p->cwd || p->cwd[0] != '/')
		return NULL;
	if (p->root_host)
		return strip_root(p->cwd, p->root_host);
	return p->fs && !p->root_host && p->fs_note && strstr(p->fs_note, "not visible") ? NULL
											 : p->cwd;
}

/* The host path of p's config file; NULL with *ret_why when it cannot be told. */
static char *dproc_config_path(struct audit_ctx *ctx, struct dockerd *p, bool *ret_explicit,
			       const char **ret_why)
{
	*ret_why = "out of memory";
	if (p->conf.config_file && *p->conf.config_file) {
		*ret_explicit = true;
		if (p->conf.config_file[0] == '/')
			return path_normalize(p->conf.config_file);
		/* relative to dockerd's working directory */
		const char *cwd = dproc_cwd(ctx, p);
		if (cwd) {
			_cleanup_free_ char *j = xasprintf("%s/%s", cwd, p->conf.config_file);
			return j ? path_normalize(j) : NULL;
		}
		*ret_why = "a relative --config-file and the working directory cannot be read";
		return NULL;
	}
	*ret_explicit = false;
	if (p->exe && strstr(p->exe, "/snap/"))
		return xstrdup(SNAP_CONFIG);
	if (dockerd_rootless(p)) {
		const char *xdg = dockerd_env(p, "XDG_CONFIG_HOME");
		if (xdg && xdg[0] == '/')
			return xasprintf("%s/docker/daemon.json", xdg);
		const char *home = dockerd_env(p, "HOME");
		if ((!home || home[0] != '/') && p->uid >= 0)
			home = ctx_host_user_home(ctx, (uint32_t)p->uid);
		if (home && home[0] == '/')
			return xasprintf("%s/.config/docker/daemon.json", home);
		*ret_why = "a rootless daemon whose home directory is not in /etc/passwd";
		return NULL;
	}
	return xstrdup(DEFAULT_CONFIG);
}

static void dockerd_load_file(struct audit_ctx *ctx, struct dockerd *p)
{
	const struct hostfs *h = p->pid > 0 ? dproc_fs(ctx, p) : ctx_hostfs(ctx);
	if (p->file_loaded)
		return;
	p->file_loaded = true;
	const char *why = NULL;
	p->file_path = dproc_config_path(ctx, p, &p->file_explicit, &why);
	if (!p->file_path) {
		p->file_error = xasprintf("cannot tell where the config file of dockerd (PID %ld) "
					  "is: %s",
					  p->pid, why);
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
		p->file_error = r == -EFBIG
				    ? xasprintf("cannot read '%s': larger than %u bytes",
						p->file_path, DC_FILE_MAX)
				    : xasprintf("cannot read '%s': %s", p->file_path, strerror(-r));
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

const char *dockerd_default_socket(const struct dockerd *p, char *buf, size_t size)
{
	if (!dockerd_rootless(p))
		return DEFAULT_SOCKET;
	const char *xdg = dockerd_env(p, "XDG_RUNTIME_DIR");
	if (xdg && xdg[0] == '/')
		snprintf(buf, size, "%s/docker.sock", xdg);
	else
		snprintf(buf, size, "/run/user/%ld/docker.sock", p->uid);
	return buf;
}

static bool dproc_tls(const struct dockerd *p)
{
	bool b = false;
	const cJSON *v = settings_get(&p->conf.src, "tlsverify");
	if (cJSON_IsTrue(v))
		return true;
	v = settings_get(&p->conf.src, "tls");
	if (cJSON_IsTrue(v))
		return true;
	if (p->file_json && ((json_get_bool(p->file_json, "tlsverify", &b) == 0 && b) ||
			     (json_get_bool(p->file_json, "tls", &b) == 0 && b)))
		return true;
	return dockerd_env(p, "DOCKER_TLS_VERIFY") && *dockerd_env(p, "DOCKER_TLS_VERIFY");
}

/* The normalised endpoints p serves: -H, else the file's "hosts", else the default socket. */
static int dproc_hosts(struct scan *sc, struct dockerd *p)
{
	if (p->hosts)
		return 0;
	const cJSON *list = settings_get(&p->conf.src, "hosts");
	if (!list) {
		dockerd_load_file(sc->ctx, p);
		list =
		    p->file_json ? cJSON_GetObjectItemCaseSensitive(p->file_json, "hosts") : NULL;
	}
	char sockbuf[4096];
	const char *def = dockerd_default_socket(p, sockbuf, sizeof(sockbuf));
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
			v[k] = listen_addr_normalize(e->valuestring, tls, def);
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
	sc->socket_unit_error = dockerd_socket_urls(sc->ctx, &sc->socket_unit);
}

/* Does p serve the audited endpoint? */
static int dproc_serves(struct scan *sc, struct dockerd *p, const struct listen_addr *audited,
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
			if (sc->socket_unit_error < 0 && !dockerd_rootless(p))
				units = assumed; /* docker.socket not found: its usual path */
			for (char *const *u = units; u && *u && !*ret; u++) {
				struct listen_addr d;
				if (listen_addr_parse(sc->h, *u, &d) < 0)
					continue;
				*ret = listen_addr_serves(&d, audited, sc->hostname);
				listen_addr_release(&d);
			}
			continue;
		}
		struct listen_addr d;
		r = listen_addr_parse(sc->h, *hp, &d);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			continue;
		*ret = listen_addr_serves(&d, audited, sc->hostname);
		listen_addr_release(&d);
	}
	return 0;
}

/* A dockerd process, or 0 when p is something else; negative errno on ENOMEM. */
static int dproc_probe(struct audit_ctx *ctx, const struct proc *pr, struct dockerd *ret)
{
	struct dockerd p = {.pid = pr->pid, .uid = pr->euid};
	if (pr->exe && strcmp(basename_of(pr->exe), "dockerd") != 0)
		return 0;
	if (!pr->argv || !pr->argv[0])
		return 0; /* gone, a kernel thread or a zombie */
	/* without the executable (not ours to read), the command name decides */
	if (!pr->exe && strcmp(basename_of(pr->argv[0]), "dockerd") != 0)
		return 0;
	p.exe = pr->exe;
	p.argv = pr->argv;
	p.cwd = pr->cwd;
	int r = procs_environ(ctx, pr->pid, &p.env);
	if (r == -ENOMEM)
		goto fail;
	r = argv_parse(p.argv, &p.conf);
	if (r < 0)
		goto fail;
	*ret = p;
	return 1;
fail:
	dockerd_release(&p);
	return -ENOMEM;
}

/* ---- which one serves the audited endpoint ---- */

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

static void scan_release(void *fact)
{
	struct dockerd_scan *s = fact;
	for (size_t i = 0; i < s->n; i++)
		dockerd_release(&s->all[i]);
	free(s->all);
	if (s->has_assumed)
		dockerd_release(&s->assumed);
	free(s->endpoint);
	free(s->error);
	free(s->how);
}

static __attribute__((format(printf, 2, 3))) void scan_fail(struct dockerd_scan *s, const char *fmt,
							    ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = NULL;
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	free(s->error);
	s->error = m ? m : xstrdup("out of memory");
}

const char *dockerd_hidden_name(enum dockerd_hidden h)
{
	switch (h) {
	case DOCKERD_HIDDEN_PIDNS:
		return "pid-namespace";
	case DOCKERD_HIDDEN_NETNS:
		return "network-namespace";
	case DOCKERD_HIDDEN_NOT_DOCKERD:
		return "not-a-dockerd";
	case DOCKERD_HIDDEN_DESKTOP:
		return "docker-desktop";
	case DOCKERD_HIDDEN_NO:
		break;
	}
	return NULL;
}

/* The host's initial PID namespace (include/linux/proc_ns.h PROC_PID_INIT_INO, fixed since
 * Linux 3.8). */
#define PROC_PID_INIT_INO 0xEFFFFFFCUL

/* "pid:[N]" when <root>/proc shows a PID namespace that is not the host's initial one (its
 * PID 1's), NULL when it is the host's or cannot be told. */
static char *procfs_own_pidns(const struct hostfs *h)
{
	if (!procs_live(h))
		return NULL;
	const char *root = hostfs_root(h);
	const char *pre = strcmp(root, "/") == 0 ? "" : root;
	_cleanup_free_ char *p1 = xasprintf("%s/proc/1/ns/pid", pre);
	char buf[64];
	ssize_t n = p1 ? readlink(p1, buf, sizeof(buf) - 1) : -1;
	if (n < 0 && !*pre)
		n = readlink("/proc/self/ns/pid", buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	unsigned long ino;
	if (sscanf(buf, "pid:[%lu]", &ino) != 1 || ino == PROC_PID_INIT_INO)
		return NULL;
	return xstrdup(buf);
}

/* "pid 12 /usr/bin/x, pid 13 ..." for the first three holders of the socket; NULL on ENOMEM or
 * when there are none. */
static char *holders_text(const struct scan *sc)
{
	char *holders = NULL;
	for (size_t k = 0; k < sc->n_owners && k < 3; k++) {
		const struct proc *pr = procs_find(sc->procs, sc->owners[k]);
		const char *what = !pr			     ? "?"
				   : pr->exe		     ? pr->exe
				   : pr->argv && pr->argv[0] ? pr->argv[0]
				   : pr->comm		     ? pr->comm
							     : "?";
		char *l = xasprintf("%s%spid %ld %s", holders ? holders : "", holders ? ", " : "",
				    sc->owners[k], what);
		free(holders);
		if (!l)
			return NULL;
		holders = l;
	}
	return holders;
}

/* Docker Desktop: the daemon runs in Desktop's VM; what holds the socket here is a Desktop
 * process, and no dockerd of this machine (Docker Engine may run beside Desktop) stands in for
 * it. -ENOMEM only. */
static int scan_desktop(struct scan *sc, struct dockerd_scan *out)
{
	const struct engine *e = NULL;
	(void)ctx_engine(sc->ctx, &e, NULL);
	_cleanup_free_ char *holders = sc->n_owners > 0 ? holders_text(sc) : NULL;
	out->hidden = DOCKERD_HIDDEN_DESKTOP;
	out->how =
	    xasprintf("not on this host: Docker Desktop runs the daemon in its own VM (%s)%s%s%s%s",
		      e && e->desktop_evidence ? e->desktop_evidence : "Docker Desktop",
		      sc->inode ? "; " : "", sc->inode && sc->sock_how ? sc->sock_how : "",
		      holders ? " is held by " : "", holders ? holders : "");
	if (!out->how)
		return -ENOMEM;
	scan_fail(out, "Docker Desktop runs the daemon in its own VM; its process and files are "
		       "not on this host");
	return 0;
}

#define NET_UNIX_MAX (16u * 1024 * 1024)

/*
 * A dockerd matched by its configuration, when docker-audit's network namespace lists no
 * listener for the socket (a rootless dockerd in RootlessKit's namespace, a daemon in a
 * container): its own namespace's /proc/PID/net/unix may, by the path as it bound it. Proved
 * when that socket's inode is one d holds. 0 with out->how set, -ENOENT, -ENOMEM.
 */
static int proof_in_netns(struct scan *sc, struct dockerd_scan *out, struct dockerd *d,
			  const struct listen_addr *audited)
{
	if (sc->inode != 0 || audited->kind != LISTEN_UNIX || !procs_live(sc->h) || d->pid <= 0)
		return -ENOENT;
	(void)dproc_fs(sc->ctx, d);
	const char *seen = audited->path;
	if (d->root_host && strcmp(d->root_host, "/") != 0)
		seen = strip_root(audited->path, d->root_host);
	if (!seen)
		return -ENOENT;
	_cleanup_free_ char *file = xasprintf("/proc/%ld/net/unix", d->pid);
	_cleanup_free_ char *text = NULL;
	if (!file)
		return -ENOMEM;
	int r = hostfs_read_file(sc->h, file, NET_UNIX_MAX, &text, NULL);
	if (r < 0)
		return r == -ENOMEM ? r : -ENOENT;
	unsigned long ino;
	if (listen_proc_net_unix(text, seen, &ino) < 0)
		return -ENOENT;
	_cleanup_free_ long *owners = NULL;
	size_t n = 0, unreadable = 0;
	r = procs_socket_owners(sc->ctx, ino, &owners, &n, &unreadable);
	if (r < 0)
		return r;
	bool holds = false;
	for (size_t k = 0; k < n; k++)
		holds = holds || owners[k] == d->pid;
	if (!holds)
		return -ENOENT;
	const char *root = hostfs_root(sc->h);
	_cleanup_free_ char *nslink =
	    xasprintf("%s/proc/%ld/ns/net", strcmp(root, "/") == 0 ? "" : root, d->pid);
	char ns[64] = "?";
	ssize_t len = nslink ? readlink(nslink, ns, sizeof(ns) - 1) : -1;
	ns[len > 0 ? len : 1] = '\0';
	char *how = xasprintf("socket inode %lu owned by pid %ld %s (unix socket %s, listening in "
			      "its own network namespace %s: by its path in /proc/%ld/net/unix)",
			      ino, d->pid, d->exe ? d->exe : "dockerd", audited->path, ns, d->pid);
	if (!how)
		return -ENOMEM;
	free(out->how);
	out->how = how;
	sc->inode = ino;
	out->sock_inode = ino;
	return 0;
}

/* Find the dockerd serving the endpoint among the dockerd processes. */
static int scan_processes(struct scan *sc, struct dockerd_scan *out,
			  const struct listen_addr *audited)
{
	const struct procs *procs = sc->procs;
	if (procs->error < 0) {
		scan_fail(out, "%s", procs->error_msg);
		return 0;
	}
	out->all = calloc(DC_MAX_DOCKERD, sizeof(*out->all));
	if (!out->all)
		return -ENOMEM;
	size_t n = 0;
	/* 1. the proof: a dockerd that holds the listening socket */
	_cleanup_free_ char *holders = NULL;
	bool systemd_holds = false;
	for (size_t k = 0; k < sc->n_owners; k++) {
		const struct proc *pr = procs_find(procs, sc->owners[k]);
		if (!pr)
			continue;
		int r = dproc_probe(sc->ctx, pr, &out->all[n]);
		if (r < 0)
			return r;
		if (r > 0 && !out->serving) {
			out->serving = &out->all[n];
			out->n = ++n;
			out->how =
			    xasprintf("socket inode %lu owned by pid %ld %s (%s)", sc->inode,
				      pr->pid, pr->exe ? pr->exe : pr->argv[0], sc->sock_how);
			if (!out->how)
				return -ENOMEM;
			continue;
		}
		if (r > 0)
			out->n = ++n;
		if (pr->pid == 1)
			systemd_holds = true; /* socket activation: dockerd may hold it unseen */
	}
	if (out->serving) {
		dockerd_load_file(sc->ctx, out->serving);
		return 0;
	}
	/* Docker Desktop, as the engine was told (a host-only audit asks the API nothing) */
	if (ctx_engine_known_desktop(sc->ctx))
		return scan_desktop(sc, out);
	holders = sc->n_owners > 0 ? holders_text(sc) : NULL;
	if (sc->n_owners > 0 && !holders)
		return -ENOMEM;
	if (sc->n_owners > 0 && !systemd_holds && sc->owners_unreadable == 0) {
		/* Proved: what holds the socket is not a dockerd (a proxy, Docker Desktop's
		 * backend, another engine). Never another dockerd's configuration in its place. */
		const struct engine *eng = ctx_engine_peek(sc->ctx);
		out->hidden = DOCKERD_HIDDEN_NOT_DOCKERD;
		out->how = xasprintf("socket inode %lu (%s) is held by %s, not a dockerd: %s",
				     sc->inode, sc->sock_how, holders,
				     eng && eng->kind == ENGINE_PODMAN
					 ? "Podman's service, which has no dockerd"
					 : "the daemon behind it is not visible from here");
		if (!out->how)
			return -ENOMEM;
		scan_fail(out, "the endpoint is served by %s, not by a dockerd process", holders);
		return 0;
	}
	_cleanup_free_ char *own_ns = procfs_own_pidns(sc->h);
	if (own_ns && sc->inode != 0 && sc->n_owners == 0 && sc->owners_unreadable == 0) {
		/* Proved on this host (the kernel lists the listening socket) and held by no
		 * process of docker-audit's PID namespace: the daemon runs outside it. */
		out->hidden = DOCKERD_HIDDEN_PIDNS;
		out->how = xasprintf(
		    "not visible: docker-audit runs in a PID namespace of its own (%s, not the "
		    "host's), and no process in it holds socket inode %lu (%s); the daemon's "
		    "process, command line and files cannot be read from here (run docker-audit "
		    "with --pid=host, or with --root at a host root whose /proc is the host's)",
		    own_ns, sc->inode, sc->sock_how);
		if (!out->how)
			return -ENOMEM;
		scan_fail(out,
			  "the dockerd serving the endpoint is not visible: docker-audit runs in a "
			  "PID namespace of its own (%s)",
			  own_ns);
		return 0;
	}
	/* 2. no proof: every dockerd, matched by the endpoints its configuration names */
	for (size_t i = 0; i < procs->n && n < DC_MAX_DOCKERD; i++) {
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = out->all[k].pid == procs->v[i].pid;
		if (seen)
			continue;
		int r = dproc_probe(sc->ctx, &procs->v[i], &out->all[n]);
		if (r < 0)
			return r;
		if (r > 0)
			out->n = ++n;
	}
	for (size_t i = 0; i < n; i++) {
		bool serves = false;
		int r = dproc_serves(sc, &out->all[i], audited, &serves);
		if (r < 0)
			return r;
		if (serves && !out->serving)
			out->serving = &out->all[i];
	}
	_cleanup_free_ char *unproved =
	    sc->inode == 0 ? xasprintf("the socket's owner could not be proved: %s",
				       sc->proof_why ? sc->proof_why : "unknown")
	    : sc->n_owners > 0
		? xasprintf("socket inode %lu (%s) is held by %s, not a dockerd", sc->inode,
			    sc->sock_how, holders ? holders : "?")
		: xasprintf("no process visible in /proc holds socket inode %lu (%s)%s", sc->inode,
			    sc->sock_how,
			    sc->owners_unreadable ? "; some fd tables could not be read" : "");
	if (!unproved)
		return -ENOMEM;
	if (out->serving) {
		/* its own network namespace may list the socket (rootless: RootlessKit's) */
		int q = proof_in_netns(sc, out, out->serving, audited);
		if (q == -ENOMEM)
			return q;
		if (q == 0) {
			dockerd_load_file(sc->ctx, out->serving);
			return 0;
		}
		out->how = xasprintf("matched by the endpoints its command line or config file "
				     "name (-H, \"hosts\"): %s",
				     unproved);
		if (!out->how)
			return -ENOMEM;
		dockerd_load_file(sc->ctx, out->serving);
		return 0;
	}
	struct stat sst;
	if (sc->inode == 0 && sc->proof_err == -ENOENT && audited->kind == LISTEN_UNIX &&
	    procs_live(sc->h) && hostfs_stat(sc->h, audited->path, &sst) == 0 &&
	    S_ISSOCK(sst.st_mode) && !procs->unreadable_msg) {
		/* the file is a socket that answers, but no listener of docker-audit's network
		 * namespace is bound to it: the daemon listens from another one */
		out->hidden = DOCKERD_HIDDEN_NETNS;
		out->how = xasprintf(
		    "not visible: no socket in docker-audit's network namespace listens on %s, so "
		    "its listener runs in another one%s%s%s; %zu dockerd process%s visible, none "
		    "configured for it; the daemon's process, command line and files cannot be "
		    "read from here (run docker-audit with --pid=host and --network=host, or "
		    "with --root at a host root whose /proc is the host's)",
		    audited->path,
		    own_ns ? " (and docker-audit runs in a PID namespace of its own, " : "",
		    own_ns ? own_ns : "", own_ns ? ")" : "", n, n == 1 ? "" : "es");
		if (!out->how)
			return -ENOMEM;
		scan_fail(out,
			  "the dockerd serving the endpoint is not visible: its socket's listener "
			  "is in another network namespace than docker-audit's%s",
			  own_ns ? ", and docker-audit runs in a PID namespace of its own" : "");
		return 0;
	}
	out->how = TAKE_PTR(unproved);
	if (n == 0) {
		scan_fail(out,
			  "no dockerd process is visible in /proc under the root (is the host's "
			  "PID namespace shared?)%s%s; %s",
			  procs->unreadable_msg ? "; " : "",
			  procs->unreadable_msg ? procs->unreadable_msg : "", out->how);
		return 0;
	}
	/* name what is there, so a wrong -H or --root is easy to spot */
	_cleanup_free_ char *seen = NULL;
	for (size_t i = 0; i < n && i < 4; i++) {
		struct dockerd *d = &out->all[i];
		char *s = xasprintf("%s%sPID %ld serves %s%s", seen ? seen : "", seen ? "; " : "",
				    d->pid, d->hosts && d->hosts[0] ? d->hosts[0] : "?",
				    d->hosts && d->hosts[0] && d->hosts[1] ? " ..." : "");
		free(seen);
		seen = s;
	}
	scan_fail(out, "no dockerd process in /proc serves '%s' (%zu found: %s)%s%s; %s",
		  out->endpoint, n, seen ? seen : "", procs->unreadable_msg ? "; " : "",
		  procs->unreadable_msg ? procs->unreadable_msg : "", out->how);
	return 0;
}

/* The listening socket's inode and its holders. -ENOMEM only. */
static int socket_proof(struct scan *sc, struct dockerd_scan *out,
			const struct listen_addr *audited)
{
	int r = listen_socket_inode(sc->h, audited, sc->hostname, &sc->inode, &sc->sock_how);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		sc->inode = 0;
		sc->proof_err = r;
		sc->proof_why =
		    r == -ENOENT ? xstrdup("no listening socket serves it on this host")
		    : r == -EADDRNOTAVAIL
			? xstrdup("a host name, not an address of this host")
			: xasprintf("the listening socket cannot be found: %s", strerror(-r));
		return sc->proof_why ? 0 : -ENOMEM;
	}
	out->sock_inode = sc->inode;
	return procs_socket_owners(sc->ctx, sc->inode, &sc->owners, &sc->n_owners,
				   &sc->owners_unreadable);
}

static int scan_load(struct audit_ctx *ctx, void *fact, const char *key)
{
	(void)key;
	struct dockerd_scan *out = fact;
	struct scan sc = {.ctx = ctx, .h = ctx_hostfs(ctx)};
	struct listen_addr audited = {0};
	out->endpoint = xstrdup(audited_endpoint(ctx));
	int r = out->endpoint ? ctx_procs(ctx, &sc.procs) : -ENOMEM;
	if (r < 0)
		goto out;
	sc.hostname = read_hostname(sc.h);
	r = listen_addr_parse(sc.h, out->endpoint, &audited);
	if (r == -ENOMEM)
		goto out;
	if (r < 0 || audited.kind == LISTEN_OTHER) {
		scan_fail(out, "cannot tell which dockerd serves '%s' (not a unix or tcp endpoint)",
			  out->endpoint);
		r = 0;
	} else {
		r = socket_proof(&sc, out, &audited);
		if (r >= 0)
			r = scan_processes(&sc, out, &audited);
	}
	if (r < 0 || out->serving || out->hidden != DOCKERD_HIDDEN_NO)
		goto out; /* a daemon out of sight: nothing of this host stands in for it */
	/* The serving process is unknown. For the default socket the default file is the one
	 * every packaged dockerd reads: load it, to be used as an assumption. */
	struct listen_addr a = {0};
	if (listen_addr_parse(sc.h, out->endpoint, &a) == 0 && a.kind == LISTEN_UNIX) {
		_cleanup_free_ char *d = NULL;
		out->has_assumed =
		    hostfs_resolve(sc.h, DEFAULT_SOCKET, &d) == 0 && strcmp(d, a.path) == 0;
	}
	listen_addr_release(&a);
	if (out->has_assumed) {
		out->assumed = (struct dockerd){.uid = 0};
		dockerd_load_file(ctx, &out->assumed);
	}
out:
	listen_addr_release(&audited);
	strv_free(sc.socket_unit);
	free(sc.hostname);
	free(sc.sock_how);
	free(sc.proof_why);
	free(sc.owners);
	return r;
}

static const struct ctx_fact_type scan_type = {
    .name = "dockerd",
    .size = sizeof(struct dockerd_scan),
    .load = scan_load,
    .release = scan_release,
};

int ctx_dockerd(struct audit_ctx *c, const struct dockerd_scan **ret)
{
	void *f;
	int r = ctx_fact(c, &scan_type, NULL, &f);
	if (r < 0)
		return r;
	*ret = f;
	return 0;
}

int dockerd_pid(struct audit_ctx *c, long *ret_pid)
{
	const struct dockerd_scan *s;
	if (ctx_dockerd(c, &s) < 0)
		return -ENOMEM;
	if (!s->serving)
		return -ENOENT;
	*ret_pid = s->serving->pid;
	return 0;
}

const struct hostfs *dockerd_fs(struct audit_ctx *c)
{
	const struct dockerd_scan *s;
	if (ctx_dockerd(c, &s) < 0 || !s->serving)
		return ctx_hostfs(c);
	return dproc_fs(c, s->serving);
}

const char *dockerd_fs_note(struct audit_ctx *c)
{
	const struct dockerd_scan *s;
	if (ctx_dockerd(c, &s) < 0 || !s->serving)
		return NULL;
	(void)dproc_fs(c, s->serving);
	return s->serving->fs_note;
}

char *dockerd_host_path(struct audit_ctx *c, const char *path)
{
	const struct dockerd_scan *s;
	if (ctx_dockerd(c, &s) < 0)
		return NULL;
	if (!s->serving)
		return path_normalize(path);
	(void)dproc_fs(c, s->serving);
	if (!s->serving->fs)
		return path_normalize(path);
	if (!s->serving->root_host)
		return NULL;
	_cleanup_free_ char *j = xasprintf("%s/%s", s->serving->root_host, path);
	return j ? path_normalize(j) : NULL;
}
