/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <limits.h>
#include <inttypes.h>
#include "context.h"
#include "docker.h"
#include "hostfs.h"
#include "facts/engine.h"
#include "facts/inspect.h"
#include "json.h"
#include "strutil.h"

void engine_release(struct engine *e)
{
	if (!e)
		return;
	free(e->version);
	free(e->api_version);
	free(e->daemon_api_version);
	free(e->min_api_version);
	free(e->server_header);
	free(e->evidence);
	free(e->platform);
	free(e->desktop_evidence);
	*e = (struct engine){0};
}

/* The first component named name, NULL when none. */
static const cJSON *component(const cJSON *version, const char *name)
{
	const cJSON *comp;
	cJSON_ArrayForEach(comp, json_get_array(version, "Components"))
	{
		const char *n = json_get_string(comp, "Name");
		if (n && strcmp(n, name) == 0)
			return comp;
	}
	return NULL;
}

int engine_identify(const cJSON *version, const char *server_header, struct engine *ret)
{
	struct engine e = {.kind = ENGINE_UNKNOWN, .name = "unknown engine"};
	const cJSON *podman = component(version, "Podman Engine");
	const cJSON *docker = component(version, "Engine");
	bool hdr_podman = server_header && str_startswith(server_header, "Libpod/");
	bool hdr_docker = server_header && str_startswith(server_header, "Docker/");
	const char *why;

	if (podman && !docker && !hdr_docker) {
		e.kind = ENGINE_PODMAN;
		why = hdr_podman ? "/version component \"Podman Engine\" and Server header Libpod"
				 : "/version component \"Podman Engine\"";
	} else if (docker && !podman && !hdr_podman) {
		e.kind = ENGINE_DOCKER;
		why = hdr_docker ? "/version component \"Engine\" and Server header Docker"
				 : "/version component \"Engine\"";
	} else if (!podman && !docker && (hdr_podman || hdr_docker)) {
		e.kind = hdr_podman ? ENGINE_PODMAN : ENGINE_DOCKER;
		why = hdr_podman ? "Server header Libpod (no /version components)"
				 : "Server header Docker (no /version components)";
	} else {
		why = podman || docker || hdr_podman || hdr_docker
			  ? "/version and the Server header disagree"
			  : "neither /version components nor a Server header name an engine";
	}
	if (e.kind == ENGINE_PODMAN)
		e.name = "Podman";
	else if (e.kind == ENGINE_DOCKER)
		e.name = "Docker Engine";
	/* the engine's own release: its component's Version, else the top-level one */
	const cJSON *own = e.kind == ENGINE_PODMAN   ? podman
			   : e.kind == ENGINE_DOCKER ? docker
						     : NULL;
	const char *v = own ? json_get_string(own, "Version") : NULL;
	if (!v)
		v = json_get_string(version, "Version");
	const char *minv = json_get_string(version, "MinAPIVersion");
	e.version = xstrdup(v);
	e.min_api_version = xstrdup(minv);
	e.server_header = xstrdup(server_header);
	e.evidence = xstrdup(why);
	if ((v && !e.version) || (minv && !e.min_api_version) ||
	    (server_header && !e.server_header) || !e.evidence) {
		engine_release(&e);
		return -ENOMEM;
	}
	*ret = e;
	return 0;
}

int engine_identify_platform(const cJSON *version, const cJSON *info, struct engine *e)
{
	const char *pname = json_get_string(json_get_object(version, "Platform"), "Name");
	const char *os = json_get_string(info, "OperatingSystem");
	const char *kernel = json_get_string(info, "KernelVersion");
	free(e->platform);
	free(e->desktop_evidence);
	e->platform = pname && *pname ? xstrdup(pname) : NULL;
	e->desktop_evidence = NULL;
	if (pname && *pname && !e->platform)
		return -ENOMEM;
	bool by_platform = pname && str_startswith(pname, "Docker Desktop");
	bool by_os = os && strcmp(os, "Docker Desktop") == 0;
	e->desktop = by_platform || by_os;
	if (!e->desktop)
		return 0;
	e->desktop_evidence =
	    by_platform && by_os ? xasprintf("/version Platform.Name \"%s\" and /info "
					     "OperatingSystem \"Docker Desktop\"%s%s%s",
					     pname, kernel ? " (kernel " : "", kernel ? kernel : "",
					     kernel ? ")" : "")
	    : by_platform
		? xasprintf("/version Platform.Name \"%s\"", pname)
		: xasprintf("/info OperatingSystem \"Docker Desktop\"%s%s%s",
			    kernel ? " (kernel " : "", kernel ? kernel : "", kernel ? ")" : "");
	return e->desktop_evidence ? 0 : -ENOMEM;
}

struct engine_fact {
	struct fact_error err;
	struct engine e;
};

static void engine_fact_release(void *p)
{
	engine_release(&((struct engine_fact *)p)->e);
}

/* "1.41" < "1.45"? Numeric on both parts; an unparsable version compares as equal. */
static int api_cmp(const char *a, const char *b)
{
	unsigned amaj, amin, bmaj, bmin;
	if (sscanf(a, "%u.%u", &amaj, &amin) != 2 || sscanf(b, "%u.%u", &bmaj, &bmin) != 2)
		return 0;
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	return amin < bmin ? -1 : amin > bmin;
}

static int engine_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct engine_fact *f = fact;
	const cJSON *version;
	const char *err = NULL;
	int r = ctx_docker_version(c, &version, &err);
	if (r < 0)
		return fact_fail(
		    &f->err, r,
		    xasprintf("cannot read GET /version: %s", err ? err : strerror(-r)));
	struct docker_client *dc = ctx_config(c)->docker;
	r = engine_identify(version, docker_server_header(dc), &f->e);
	if (r < 0)
		return fact_fail(&f->err, r, NULL);
	const cJSON *info = NULL;
	if (f->e.kind != ENGINE_PODMAN && ctx_docker_info(c, &info, NULL) < 0)
		info = NULL; /* /version alone tells Docker Desktop */
	r = engine_identify_platform(version, info, &f->e);
	if (r < 0)
		return fact_fail(&f->err, r, NULL);
	const char *neg = docker_api_version(dc);
	const char *daemon = docker_daemon_api_version(dc);
	const char *said = json_get_string(version, "ApiVersion");
	if (!dc && said) {
		/* answers from files (tests): negotiate as the client would */
		daemon = said;
		neg = api_cmp(said, DOCKER_MAX_API_VERSION) > 0 ? DOCKER_MAX_API_VERSION : said;
	}
	f->e.api_version = xstrdup(neg);
	f->e.daemon_api_version = xstrdup(daemon);
	f->e.negotiated_down =
	    dc ? docker_negotiated_down(dc) : said && api_cmp(said, DOCKER_MAX_API_VERSION) > 0;
	if ((neg && !f->e.api_version) || (daemon && !f->e.daemon_api_version))
		return fact_fail(&f->err, -ENOMEM, NULL);
	return 0;
}

CTX_FACT_TYPE(engine_type, "engine", struct engine_fact, engine_load, engine_fact_release);

int ctx_engine(struct audit_ctx *c, const struct engine **ret, const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &engine_type, NULL, &p, ret_error);
	if (r == 0)
		*ret = &((struct engine_fact *)p)->e;
	return r;
}

bool ctx_engine_is_podman(struct audit_ctx *c)
{
	const struct engine *e;
	return ctx_engine(c, &e, NULL) == 0 && e->kind == ENGINE_PODMAN;
}

bool ctx_engine_is_desktop(struct audit_ctx *c)
{
	const struct engine *e;
	return ctx_engine(c, &e, NULL) == 0 && e->desktop;
}

const struct engine *ctx_engine_peek(const struct audit_ctx *c)
{
	const struct engine_fact *f = ctx_fact_peek(c, &engine_type, NULL);
	return f && f->err.error == 0 ? &f->e : NULL;
}

bool ctx_engine_known_desktop(const struct audit_ctx *c)
{
	const struct engine *e = ctx_engine_peek(c);
	return e && e->desktop;
}

/* "Max open files   1024   4096   files": soft and hard of the line starting with what. */
static int limits_line(const char *text, const char *what, int64_t *ret_soft, int64_t *ret_hard)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, what, strlen(what)) != 0)
			continue;
		char soft[32], hard[32];
		if (sscanf(p + strlen(what), " %31s %31s", soft, hard) != 2)
			return -EBADMSG;
		uint64_t s, h;
		if (strcmp(soft, "unlimited") == 0)
			*ret_soft = -1;
		else if (parse_uint64(soft, &s) == 0 && s <= INT64_MAX)
			*ret_soft = (int64_t)s;
		else
			return -EBADMSG;
		if (strcmp(hard, "unlimited") == 0)
			*ret_hard = -1;
		else if (parse_uint64(hard, &h) == 0 && h <= INT64_MAX)
			*ret_hard = (int64_t)h;
		else
			return -EBADMSG;
		return 0;
	}
	return -ENOENT;
}

int ctx_container_inherited_limits(struct audit_ctx *c, const struct container_inspect *inspect,
				   struct inherited_limits *ret)
{
	/* only a running container has a process (State.Pid is 0 otherwise) */
	if (inspect->state_pid.state != FIELD_SET || inspect->state_pid.v <= 0)
		return -ENOENT;
	int64_t pid = inspect->state_pid.v;
	const struct hostfs *h = ctx_hostfs(c);
	if (!h)
		return -ENOENT;
	_cleanup_free_ char *status_path = xasprintf("/proc/%" PRId64 "/status", pid);
	_cleanup_free_ char *status = NULL;
	size_t len;
	if (!status_path)
		return -ENOMEM;
	int r = hostfs_read_file(h, status_path, 64 * 1024, &status, &len);
	if (r < 0)
		return r;
	const char *pp = strstr(status, "\nPPid:");
	int64_t ppid;
	if (!pp || sscanf(pp + 6, " %" SCNd64, &ppid) != 1 || ppid <= 1)
		return -EBADMSG;
	_cleanup_free_ char *lpath = xasprintf("/proc/%" PRId64 "/limits", ppid);
	_cleanup_free_ char *limits = NULL;
	if (!lpath)
		return -ENOMEM;
	r = hostfs_read_file(h, lpath, 64 * 1024, &limits, &len);
	if (r < 0)
		return r;
	struct inherited_limits l;
	if ((r = limits_line(limits, "Max open files", &l.nofile_soft, &l.nofile_hard)) < 0 ||
	    (r = limits_line(limits, "Max processes", &l.nproc_soft, &l.nproc_hard)) < 0)
		return r;
	*ret = l;
	return 0;
}

/* ---- version strings ---- */

static int leading_uint(const char **s, unsigned *ret)
{
	const char *p = *s;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT_MAX)
			return -ERANGE;
		p++;
	}
	*ret = (unsigned)v;
	*s = p;
	return 0;
}

int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch)
{
	unsigned major, minor, patch = 0;
	if (!s)
		return -EINVAL;
	if (*s == 'v')
		s++;
	if (leading_uint(&s, &major) < 0 || *s++ != '.' || leading_uint(&s, &minor) < 0)
		return -EINVAL;
	if (*s == '.') {
		s++;
		if (leading_uint(&s, &patch) < 0)
			return -EINVAL;
	}
	*ret_major = major;
	*ret_minor = minor;
	*ret_patch = patch;
	return 0;
}

/* ---- security options ---- */

/* The name of a SecurityOptions entry: the entry itself without "=", else its name= pair. */
static bool entry_named(const char *s, const char *name)
{
	size_t n = strlen(name);
	if (!strchr(s, '='))
		return strcmp(s, name) == 0;
	for (const char *p = s; p;) {
		if (strncmp(p, "name=", 5) == 0 && strncmp(p + 5, name, n) == 0 &&
		    (p[5 + n] == '\0' || p[5 + n] == ','))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

int engine_security_option(const cJSON *info, const char *name, const char **ret_entry)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, json_get_array(info, "SecurityOptions"))
	{
		if (!cJSON_IsString(it) || !it->valuestring)
			continue;
		if (entry_named(it->valuestring, name)) {
			if (ret_entry)
				*ret_entry = it->valuestring;
			return 0;
		}
	}
	return -ENOENT;
}

char *engine_security_option_value(const char *entry, const char *key)
{
	_cleanup_strv_free_ char **kv = NULL;
	if (str_split(entry, ',', &kv) < 0)
		return NULL;
	size_t n = strlen(key);
	for (char **p = kv; *p; p++)
		if (strncmp(*p, key, n) == 0 && (*p)[n] == '=')
			return xstrdup(*p + n + 1);
	return NULL;
}
