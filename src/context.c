/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "context.h"
#include "docker.h"
#include "hostfs.h"
#include "buf.h"
#include "json.h"
#include "strutil.h"

#define FIXTURE_MAX (64u * 1024 * 1024)

/* One cached fact: its type, its key (NULL for a fact of which there is one), and the zeroed
 * bytes its loader filled. */
struct slot {
	const struct ctx_fact_type *type;
	char *key;
	void *value;
};

/*
 * Every fact, the daemon's (ping, /info, /version, the container list, the containers in scope)
 * and the host's (audit rules) as well as the facts modules', is a slot loaded through
 * ctx_fact(). What stays here is state of the connection, not a fact: after a timeout the
 * daemon is not asked again.
 */
struct audit_ctx {
	struct ctx_config cfg;
	struct inspect_store *store; /* the typed model of every list entry and inspection */

	bool timed_out; /* a request timed out: do not wait on this daemon again */
	char *timed_out_msg;

	struct slot *slots;
	size_t n_slots;
};

int ctx_new(const struct ctx_config *cfg, struct audit_ctx **ret)
{
	struct audit_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->cfg = *cfg;
	*ret = c;
	return 0;
}

static void slot_release(struct slot *s)
{
	if (s->value && s->type->release)
		s->type->release(s->value);
	if (s->value && s->type->has_error)
		free(((struct fact_error *)s->value)->msg);
	free(s->value);
	free(s->key);
}

struct audit_ctx *ctx_free(struct audit_ctx *c)
{
	if (!c)
		return NULL;
	free(c->timed_out_msg);
	/* in reverse: a later fact may refer to an earlier one */
	for (size_t i = c->n_slots; i-- > 0;)
		slot_release(&c->slots[i]);
	free(c->slots);
	inspect_store_free(c->store); /* last: facts may point into it */
	free(c);
	return NULL;
}

static bool slot_is(const struct slot *s, const struct ctx_fact_type *t, const char *key)
{
	return s->type == t && (s->key == key || (s->key && key && strcmp(s->key, key) == 0));
}

int ctx_fact(struct audit_ctx *c, const struct ctx_fact_type *t, const char *key, void **ret)
{
	for (size_t i = 0; i < c->n_slots; i++)
		if (slot_is(&c->slots[i], t, key)) {
			*ret = c->slots[i].value;
			return 0;
		}
	struct slot s = {.type = t};
	s.value = calloc(1, t->size);
	s.key = key ? xstrdup(key) : NULL;
	int r = !s.value || (key && !s.key) ? -ENOMEM : t->load(c, s.value, key);
	/* after load: a loader may get other facts, which grows the slots */
	struct slot *v = r < 0 ? NULL : realloc(c->slots, (c->n_slots + 1) * sizeof(*v));
	if (v)
		c->slots = v;
	else if (r >= 0)
		r = -ENOMEM;
	if (r < 0) {
		/* not cached: the next caller tries again */
		slot_release(&s);
		return r;
	}
	c->slots[c->n_slots++] = s;
	*ret = s.value;
	return 0;
}

int ctx_fact_get(struct audit_ctx *c, const struct ctx_fact_type *t, const char *key, void **ret,
		 const char **ret_error)
{
	void *f;
	int r = ctx_fact(c, t, key, &f);
	if (r < 0)
		return r;
	const struct fact_error *e = f;
	if (e->error < 0) {
		if (ret_error)
			*ret_error = e->msg ? e->msg : strerror(-e->error);
		return e->error;
	}
	*ret = f;
	return 0;
}

int fact_fail(struct fact_error *e, int error, char *msg)
{
	e->error = error;
	free(e->msg);
	e->msg = msg;
	return 0;
}

void *ctx_fact_peek(const struct audit_ctx *c, const struct ctx_fact_type *t, const char *key)
{
	for (size_t i = 0; i < c->n_slots; i++)
		if (slot_is(&c->slots[i], t, key))
			return c->slots[i].value;
	return NULL;
}

const struct ctx_config *ctx_config(const struct audit_ctx *c)
{
	return &c->cfg;
}

const struct hostfs *ctx_hostfs(const struct audit_ctx *c)
{
	return c->cfg.hostfs;
}

bool ctx_all_containers(const struct audit_ctx *c)
{
	return c->cfg.all_containers;
}

const char *ctx_trusted_users(const struct audit_ctx *c)
{
	return c->cfg.trusted_users;
}

const char *ctx_trusted_images(const struct audit_ctx *c)
{
	return c->cfg.trusted_images;
}

const char *ctx_getenv(const struct audit_ctx *c, const char *name)
{
	size_t n = strlen(name);
	for (char *const *e = c->cfg.env; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

const char *ctx_docker_host(const struct audit_ctx *c)
{
	if (c->cfg.docker)
		return docker_host(c->cfg.docker);
	return c->cfg.fixture_dir ? "fixtures" : "(none)";
}

/* ---- Engine API, live or from fixture files ---- */

/* Map an API path to a fixture file: /info -> info.json, /containers/ID/json ->
 * containers/ID.json, /containers/json?... -> containers.json. */
static char *fixture_file(const char *dir, const char *path)
{
	_cleanup_free_ char *p = xstrdup(path + (path[0] == '/'));
	if (!p)
		return NULL;
	char *q = strchr(p, '?');
	if (q)
		*q = '\0';
	/* containers/ID/json -> containers/ID, containers/json -> containers */
	if (str_endswith(p, "/json"))
		p[strlen(p) - 5] = '\0';
	for (char *s = p; *s; s++)
		if (*s == '.' && s[1] == '.')
			return NULL; /* fixtures are ours, but keep paths tame */
	return xasprintf("%s/%s.json", dir, p);
}

static int memory_get(const struct ctx_config *cfg, const char *path, cJSON **ret, char **ret_err)
{
	_cleanup_free_ char *body = NULL;
	size_t len = 0;
	int r = cfg->api_source(cfg->api_source_data, path, &body, &len);
	if (r < 0) {
		*ret_err = xasprintf("GET %s: %s", path,
				     r == -ENOENT ? "404 Not Found: no such object" : strerror(-r));
		return r;
	}
	cJSON *j = json_parse(body ? body : "", body ? len : 0);
	if (!j) {
		*ret_err = xasprintf("malformed JSON from GET %s", path);
		return -EBADMSG;
	}
	*ret = j;
	return 0;
}

static int fixture_get(const struct ctx_config *cfg, const char *path, cJSON **ret, char **ret_err)
{
	if (cfg->api_source)
		return memory_get(cfg, path, ret, ret_err);
	const char *dir = cfg->fixture_dir;
	_cleanup_free_ char *file = fixture_file(dir, path);
	if (!file)
		return -ENOMEM;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_file_capped(file, FIXTURE_MAX, &text, &len);
	if (r < 0) {
		*ret_err = xasprintf("GET %s: %s", path,
				     r == -ENOENT ? "404 Not Found: no such object" : strerror(-r));
		return r;
	}
	cJSON *j = json_parse(text, len);
	if (!j) {
		*ret_err = xasprintf("malformed JSON from GET %s", path);
		return -EBADMSG;
	}
	*ret = j;
	return 0;
}

/* The daemon answered /_ping (version negotiated): a fact with nothing but its failure. */
struct daemon_fact {
	struct fact_error e;
};

static int daemon_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct daemon_fact *f = fact;
	if (c->cfg.docker) {
		char *err = NULL;
		int r = docker_negotiate(c->cfg.docker, &err);
		return r < 0 ? fact_fail(&f->e, r, err) : 0;
	}
	if (c->cfg.api_source)
		return 0; /* reachable: the source answers every path */
	if (c->cfg.fixture_dir) {
		_cleanup_free_ char *down = xasprintf("%s/unreachable", c->cfg.fixture_dir);
		if (down && access(down, F_OK) == 0)
			return fact_fail(&f->e, -ECONNREFUSED,
					 xstrdup("cannot connect to the Docker daemon (fixture)"));
		return 0;
	}
	return fact_fail(&f->e, -ECONNREFUSED,
			 xstrdup(c->cfg.docker_error ? c->cfg.docker_error : "no Docker endpoint"));
}

CTX_FACT_TYPE(daemon_type, "daemon", struct daemon_fact, daemon_load, NULL);

int ctx_daemon(struct audit_ctx *c, const char **ret_error)
{
	void *f;
	return ctx_fact_get(c, &daemon_type, NULL, &f, ret_error);
}

/* After one request timed out, the daemon is not asked again: an audit of a hung daemon ends
 * within about one --timeout instead of one per request. */
static void note_timeout(struct audit_ctx *c, int r, const char *err)
{
	if (r == -ETIMEDOUT && !c->timed_out) {
		c->timed_out = true;
		c->timed_out_msg = xstrdup(err);
	}
}

static int api_get(struct audit_ctx *c, const char *path, cJSON **ret, char **ret_err)
{
	const char *derr;
	int r = ctx_daemon(c, &derr);
	if (r < 0) {
		*ret_err = xstrdup(derr);
		return r;
	}
	if (c->timed_out) {
		*ret_err = xasprintf("GET %s: not sent, the daemon stopped answering (%s)", path,
				     c->timed_out_msg ? c->timed_out_msg : "timeout");
		return -ETIMEDOUT;
	}
	if (c->cfg.docker)
		r = docker_get_json(c->cfg.docker, path, ret, ret_err);
	else
		r = fixture_get(&c->cfg, path, ret, ret_err);
	note_timeout(c, r, r < 0 ? *ret_err : NULL);
	return r;
}

int ctx_api_get(struct audit_ctx *c, const char *path, cJSON **ret, char **ret_error)
{
	char *err = NULL;
	int r = api_get(c, path, ret, &err);
	if (ret_error)
		*ret_error = err;
	else
		free(err);
	return r;
}

int ctx_api_get_many(struct audit_ctx *c, struct docker_request *reqs, size_t n)
{
	const char *derr;
	int r = ctx_daemon(c, &derr);
	for (size_t i = 0; i < n && r < 0; i++) {
		reqs[i].result = r;
		reqs[i].error = xstrdup(derr);
	}
	if (r < 0)
		return 0;
	if (c->timed_out) {
		for (size_t i = 0; i < n; i++) {
			reqs[i].result = -ETIMEDOUT;
			reqs[i].error = xasprintf("GET %s: not sent, the daemon stopped answering",
						  reqs[i].path);
		}
		return 0;
	}
	if (c->cfg.docker) {
		r = docker_get_many(c->cfg.docker, reqs, n);
		if (r < 0)
			return r;
	} else {
		for (size_t i = 0; i < n; i++)
			reqs[i].result =
			    fixture_get(&c->cfg, reqs[i].path, &reqs[i].json, &reqs[i].error);
	}
	for (size_t i = 0; i < n; i++)
		note_timeout(c, reqs[i].result, reqs[i].error);
	return 0;
}

/* A JSON object the daemon answers at a path (/info, /version), keyed by the path. */
struct api_object_fact {
	struct fact_error e;
	cJSON *json;
};

static void api_object_release(void *fact)
{
	cJSON_Delete(((struct api_object_fact *)fact)->json);
}

static int api_object_load(struct audit_ctx *c, void *fact, const char *path)
{
	struct api_object_fact *f = fact;
	char *err = NULL;
	int r = api_get(c, path, &f->json, &err);
	if (r < 0)
		return fact_fail(&f->e, r, err);
	if (!cJSON_IsObject(f->json))
		return fact_fail(&f->e, -EBADMSG,
				 xasprintf("unexpected JSON from GET %s: not an object", path));
	return 0;
}

CTX_FACT_TYPE(api_object_type, "api.object", struct api_object_fact, api_object_load,
	      api_object_release);

static int api_object(struct audit_ctx *c, const char *path, const cJSON **ret,
		      const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &api_object_type, path, &p, ret_error);
	if (r == 0)
		*ret = ((struct api_object_fact *)p)->json;
	return r;
}

int ctx_docker_info(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return api_object(c, "/info", ret, ret_error);
}

int ctx_docker_version(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return api_object(c, "/version", ret, ret_error);
}

/* ---- containers ---- */

/* Does an entry carry the label "K" or "K=V"? */
static bool label_matches(const struct opt_map *labels, const char *want)
{
	const char *eq = strchr(want, '=');
	size_t klen = eq ? (size_t)(eq - want) : strlen(want);
	for (uint32_t i = 0; labels->state == FIELD_SET && i < labels->n; i++) {
		const char *k = labels->keys[i];
		if (!k || strlen(k) != klen || strncmp(k, want, klen) != 0)
			continue;
		if (!eq)
			return true;
		return labels->values[i] && strcmp(labels->values[i], eq + 1) == 0;
	}
	return false;
}

enum scope_verdict { SCOPE_IN, SCOPE_SELF, SCOPE_FILTERED };

/* --include/--exclude-containers globs on the name, --label filters (all must hold), and
 * never the container the audit itself runs in. */
static enum scope_verdict container_in_scope(const struct ctx_config *cfg,
					     const struct container_entry *e)
{
	if (cfg->self_id && e->id && str_startswith(e->id, cfg->self_id))
		return SCOPE_SELF;
	const char *n = e->name ? e->name : "";
	if (cfg->include && cfg->include[0]) {
		bool hit = false;
		for (char *const *p = cfg->include; *p && !hit; p++)
			hit = glob_match(*p, n);
		if (!hit)
			return SCOPE_FILTERED;
	}
	for (char *const *p = cfg->exclude_containers; p && *p; p++)
		if (glob_match(*p, n))
			return SCOPE_FILTERED;
	for (char *const *p = cfg->labels; p && *p; p++)
		if (!label_matches(&e->labels, *p))
			return SCOPE_FILTERED;
	return SCOPE_IN;
}

/* What `docker ps` lists: the default scope. */
static bool state_listed_by_ps(enum container_state s)
{
	return s == CONTAINER_RUNNING || s == CONTAINER_PAUSED || s == CONTAINER_RESTARTING;
}

struct inspect_store *ctx_inspect_store(struct audit_ctx *c)
{
	if (!c->store)
		c->store = inspect_store_new();
	return c->store;
}

/* GET /containers/json?all=1, typed. */
struct list_fact {
	struct fact_error e;
	struct container_entry *entries; /* every container, as listed */
	size_t n;
};

static void list_release(void *fact)
{
	free(((struct list_fact *)fact)->entries);
}

static int list_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct list_fact *f = fact;
	char *err = NULL;
	cJSON *list = NULL;
	int r = api_get(c, "/containers/json?all=1", &list, &err);
	if (r == 0 && !cJSON_IsArray(list)) {
		r = -EBADMSG;
		err = xstrdup("unexpected JSON from GET /containers/json: not an array");
	}
	size_t total = r == 0 ? (size_t)cJSON_GetArraySize(list) : 0;
	if (r == 0) {
		f->entries = calloc(total ? total : 1, sizeof(*f->entries));
		if (!f->entries || !ctx_inspect_store(c))
			r = -ENOMEM;
	}
	const cJSON *item, *entries = r == 0 ? list : NULL;
	cJSON_ArrayForEach(item, entries)
	{
		if (inspect_parse_container_entry(c->store, item, &f->entries[f->n++]) < 0) {
			r = -ENOMEM;
			break;
		}
	}
	cJSON_Delete(list);
	return r < 0 ? fact_fail(&f->e, r, err) : 0;
}

CTX_FACT_TYPE(list_type, "containers.list", struct list_fact, list_load, list_release);

int ctx_container_list(struct audit_ctx *c, const struct container_entry **ret, size_t *ret_n,
		       const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &list_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct list_fact *f = p;
	*ret = f->entries;
	*ret_n = f->n;
	return 0;
}

/* The containers in scope, inspected. */
struct containers_fact {
	struct fact_error e;
	struct ctx_container_scope scope;
	struct container *containers;
	char **inspect_errors;
	size_t n;
	/* containers in scope, sorted by image id, built on first use */
	const struct container **by_image;
	size_t n_by_image;
	bool by_image_built;
};

static void containers_release(void *fact)
{
	struct containers_fact *f = fact;
	free(f->by_image);
	for (size_t i = 0; f->inspect_errors && i < f->n; i++)
		free(f->inspect_errors[i]);
	free(f->inspect_errors);
	free(f->containers);
}

/* Inspections are fetched in batches and parsed as each batch arrives, so that the JSON of
 * only one batch is ever held (the typed model of 10,000 containers is a few MiB, their JSON
 * trees were most of the memory of an audit). */
#define INSPECT_BATCH 256

static int containers_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct containers_fact *f = fact;
	const struct container_entry *list;
	size_t total;
	const char *lerr = NULL;
	int r = ctx_container_list(c, &list, &total, &lerr);
	if (r < 0)
		return fact_fail(&f->e, r, xstrdup(lerr));
	f->containers = calloc(total ? total : 1, sizeof(*f->containers));
	f->inspect_errors = calloc(total ? total : 1, sizeof(*f->inspect_errors));
	_cleanup_free_ size_t *todo = calloc(total ? total : 1, sizeof(*todo));
	if (!f->containers || !f->inspect_errors || !todo)
		return fact_fail(&f->e, -ENOMEM, NULL);

	struct ctx_container_scope *sc = &f->scope;
	sc->all = c->cfg.all_containers;
	sc->listed = total;
	size_t n = 0, ntodo = 0;
	for (size_t k = 0; k < total; k++) {
		const struct container_entry *e = &list[k];
		struct container *ct = &f->containers[n];
		if (e->unreadable) {
			/* anything could hide behind it: it counts, as a container not judged */
			sc->unreadable++;
			ct->id = "";
			f->inspect_errors[n] =
			    xasprintf("entry %zu of the container list cannot be "
				      "read: %s",
				      k + 1, e->unreadable);
			ct->name = f->inspect_errors[n] ? f->inspect_errors[n] : "";
			ct->error = -EBADMSG;
			ct->error_msg = ct->name;
			n++;
			continue;
		}
		if (!state_listed_by_ps(e->state) && !c->cfg.all_containers) {
			sc->not_running++;
			continue;
		}
		enum scope_verdict v = container_in_scope(&c->cfg, e);
		if (v != SCOPE_IN) {
			if (v == SCOPE_SELF)
				sc->self++;
			else
				sc->filtered++;
			continue;
		}
		ct->id = e->id;
		ct->name = e->name ? e->name : e->id;
		ct->state = e->state;
		/* processes exist and ports are bound: running or paused (a restarting container
		 * is between two runs and is judged by its configuration, as a stopped one) */
		ct->running = e->state == CONTAINER_RUNNING || e->state == CONTAINER_PAUSED;
		sc->by_state[e->state]++;
		if (!docker_id_valid(e->id)) {
			ct->error = -EBADMSG;
			f->inspect_errors[n] = xstrdup("the daemon listed a container with an "
						       "invalid id");
			ct->error_msg = f->inspect_errors[n];
		} else {
			todo[ntodo++] = n;
		}
		n++;
	}
	f->n = n;
	sc->judged = n - sc->unreadable;

	struct docker_request reqs[INSPECT_BATCH];
	char *paths[INSPECT_BATCH];
	for (size_t first = 0; first < ntodo; first += INSPECT_BATCH) {
		size_t nreq = ntodo - first < INSPECT_BATCH ? ntodo - first : INSPECT_BATCH;
		memset(reqs, 0, sizeof(reqs));
		for (size_t i = 0; i < nreq; i++) {
			paths[i] =
			    xasprintf("/containers/%s/json", f->containers[todo[first + i]].id);
			reqs[i].path = paths[i] ? paths[i] : "/";
		}
		r = ctx_api_get_many(c, reqs, nreq);
		for (size_t i = 0; i < nreq; i++) {
			size_t at = todo[first + i];
			struct container *ct = &f->containers[at];
			if (r == 0 && reqs[i].result == 0 && !cJSON_IsObject(reqs[i].json)) {
				reqs[i].result = -EBADMSG;
				reqs[i].error = xstrdup("unexpected JSON from container inspect");
			}
			if (r == 0 && reqs[i].result == 0) {
				if (inspect_parse_container(c->store, reqs[i].json, &ct->inspect) <
				    0)
					r = -ENOMEM;
			} else if (r == 0) {
				ct->error = reqs[i].result;
				f->inspect_errors[at] =
				    reqs[i].result == -ENOENT
					? xstrdup("the container vanished during the audit")
					: TAKE_PTR(reqs[i].error);
				ct->error_msg = f->inspect_errors[at];
			}
			docker_request_release(&reqs[i]);
			free(paths[i]);
		}
		if (r < 0)
			return fact_fail(&f->e, r,
					 xasprintf("cannot inspect containers: %s", strerror(-r)));
	}
	return 0;
}

CTX_FACT_TYPE(containers_type, "containers", struct containers_fact, containers_load,
	      containers_release);

int ctx_containers(struct audit_ctx *c, const struct container **ret, size_t *ret_n,
		   const char **ret_error)
{
	void *p;
	int r = ctx_fact_get(c, &containers_type, NULL, &p, ret_error);
	if (r < 0)
		return r;
	const struct containers_fact *f = p;
	*ret = f->containers;
	*ret_n = f->n;
	return 0;
}

const struct ctx_container_scope *ctx_container_scope(const struct audit_ctx *c)
{
	const struct containers_fact *f = ctx_fact_peek(c, &containers_type, NULL);
	return f && f->e.error == 0 ? &f->scope : NULL;
}

/*
 * The containers that only -a would bring into scope (not running, not left out by a filter)
 * and that run privileged: each inspected, in batches like the containers in scope, at most max
 * of them (the fact's key). One that cannot be inspected (vanished, an error) is not named: this
 * is a hint for the report's header, the audit with -a judges them.
 */
struct left_out_fact {
	struct fact_error e;
	char **privileged; /* NULL-terminated, NULL when none */
	size_t examined;
};

static void left_out_release(void *fact)
{
	strv_free(((struct left_out_fact *)fact)->privileged);
}

static int left_out_load(struct audit_ctx *c, void *fact, const char *key)
{
	struct left_out_fact *f = fact;
	size_t max = (size_t)strtoull(key, NULL, 10);
	const struct container_entry *list;
	size_t total;
	int r = ctx_container_list(c, &list, &total, NULL);
	if (r < 0)
		return fact_fail(&f->e, r, NULL);
	if (c->cfg.all_containers)
		return 0;
	_cleanup_free_ size_t *todo = calloc(total ? total : 1, sizeof(*todo));
	if (!todo)
		return fact_fail(&f->e, -ENOMEM, NULL);
	size_t ntodo = 0;
	for (size_t k = 0; k < total && ntodo < max; k++) {
		const struct container_entry *e = &list[k];
		if (e->unreadable || state_listed_by_ps(e->state) || !docker_id_valid(e->id) ||
		    container_in_scope(&c->cfg, e) != SCOPE_IN)
			continue;
		todo[ntodo++] = k;
	}
	size_t n = 0;
	struct docker_request reqs[INSPECT_BATCH];
	char *paths[INSPECT_BATCH];
	for (size_t first = 0; first < ntodo && r == 0; first += INSPECT_BATCH) {
		size_t nreq = ntodo - first < INSPECT_BATCH ? ntodo - first : INSPECT_BATCH;
		memset(reqs, 0, sizeof(reqs));
		for (size_t i = 0; i < nreq; i++) {
			paths[i] = xasprintf("/containers/%s/json", list[todo[first + i]].id);
			reqs[i].path = paths[i] ? paths[i] : "/";
		}
		r = ctx_api_get_many(c, reqs, nreq);
		for (size_t i = 0; i < nreq; i++) {
			const struct container_entry *e = &list[todo[first + i]];
			bool priv = false;
			if (r == 0 && reqs[i].result == 0 &&
			    json_get_bool(reqs[i].json, "HostConfig.Privileged", &priv) == 0 &&
			    priv) {
				char **v = realloc(f->privileged, (n + 2) * sizeof(*f->privileged));
				char *name = xstrdup(e->name ? e->name : e->id);
				if (!v || !name) {
					free(name);
					if (v)
						f->privileged = v;
					r = -ENOMEM;
				} else {
					f->privileged = v;
					v[n++] = name;
					v[n] = NULL;
				}
			}
			docker_request_release(&reqs[i]);
			free(paths[i]);
		}
		if (r == 0)
			f->examined += nreq;
	}
	return r < 0 ? fact_fail(&f->e, r, NULL) : 0;
}

CTX_FACT_TYPE(left_out_type, "containers.left_out", struct left_out_fact, left_out_load,
	      left_out_release);

int ctx_not_running_privileged(struct audit_ctx *c, size_t max, char *const **ret,
			       size_t *ret_examined)
{
	char key[24];
	snprintf(key, sizeof(key), "%zu", max);
	void *p;
	int r = ctx_fact_get(c, &left_out_type, key, &p, NULL);
	if (r < 0)
		return r;
	static char *const none[] = {NULL};
	const struct left_out_fact *f = p;
	*ret = f->privileged ? f->privileged : none;
	*ret_examined = f->examined;
	return 0;
}

/* Image ids compare without their "sha256:" prefix. */
static const char *image_key(const struct container *ct)
{
	const char *id = ct->inspect ? ct->inspect->image.v : NULL;
	if (!id)
		return "";
	return str_startswith(id, "sha256:") ? id + 7 : id;
}

static int by_image_cmp(const void *a, const void *b)
{
	return strcmp(image_key(*(const struct container *const *)a),
		      image_key(*(const struct container *const *)b));
}

int ctx_containers_of_image(struct audit_ctx *c, const char *image_id,
			    const struct container *const **ret, size_t *ret_n)
{
	void *p;
	int r = ctx_fact_get(c, &containers_type, NULL, &p, NULL);
	if (r < 0)
		return r;
	struct containers_fact *f = p;
	if (!f->by_image_built) {
		f->by_image = calloc(f->n ? f->n : 1, sizeof(*f->by_image));
		if (!f->by_image)
			return -ENOMEM;
		for (size_t i = 0; i < f->n; i++)
			if (f->containers[i].inspect)
				f->by_image[f->n_by_image++] = &f->containers[i];
		qsort(f->by_image, f->n_by_image, sizeof(*f->by_image), by_image_cmp);
		f->by_image_built = true;
	}
	const char *key = image_id ? image_id : "";
	key += str_startswith(key, "sha256:") ? 7 : 0;
	/* lower bound, then the run of equal keys */
	size_t lo = 0, hi = f->n_by_image;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(image_key(f->by_image[mid]), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (*key && end < f->n_by_image && strcmp(image_key(f->by_image[end]), key) == 0)
		end++;
	*ret = f->by_image + lo;
	*ret_n = end - lo;
	return 0;
}

const struct container *ctx_container_find(struct audit_ctx *c, const char *id_or_name)
{
	const struct container *cs, *match = NULL;
	size_t n;
	if (ctx_containers(c, &cs, &n, NULL) < 0 || !*id_or_name)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (*cs[i].id &&
		    (strcmp(cs[i].id, id_or_name) == 0 || strcmp(cs[i].name, id_or_name) == 0))
			return &cs[i];
	for (size_t i = 0; i < n; i++)
		if (*cs[i].id && str_startswith(cs[i].id, id_or_name)) {
			if (match)
				return NULL; /* ambiguous prefix */
			match = &cs[i];
		}
	return match;
}

/* ---- audit rules ---- */

const struct audit_watch *ctx_audit_watch_find(struct audit_ctx *c,
					       const struct audit_watch_list *l, const char *target,
					       unsigned want_perms,
					       const struct audit_watch **ret_partial)
{
	return auditrules_find(l, c->cfg.hostfs, target, want_perms, ret_partial);
}

const struct audit_watch *ctx_audit_watch_shadow(struct audit_ctx *c,
						 const struct audit_watch_list *l,
						 const char *target, unsigned want_perms,
						 const struct audit_watch **ret_watch)
{
	return auditrules_find_shadow(l, c->cfg.hostfs, target, want_perms, ret_watch);
}

/* Not a has_error fact: each half carries its own failure. */
struct audit_fact {
	struct audit_rules_facts a;
	char *kernel_msg, *files_msg;
};

static void audit_release(void *fact)
{
	struct audit_fact *f = fact;
	audit_watch_list_release(&f->a.kernel);
	audit_watch_list_release(&f->a.files);
	free(f->kernel_msg);
	free(f->files_msg);
}

static int audit_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct audit_fact *f = fact;
	struct audit_rules_facts *a = &f->a;

	switch (c->cfg.kernel_audit) {
	case CTX_KERNEL_AUDIT_NETLINK:
		a->kernel_error = auditrules_load_kernel(&a->kernel);
		if (a->kernel_error == -EPERM || a->kernel_error == -EACCES)
			f->kernel_msg =
			    xstrdup("the kernel refused to list its rules: run as root or with "
				    "CAP_AUDIT_CONTROL in the host's namespaces");
		else if (a->kernel_error < 0)
			f->kernel_msg = xasprintf("cannot list the kernel's audit rules: %s",
						  strerror(-a->kernel_error));
		break;
	case CTX_KERNEL_AUDIT_DENIED:
		a->kernel_error = -EPERM;
		f->kernel_msg = xstrdup("asking the kernel for its audit rules was disabled");
		break;
	case CTX_KERNEL_AUDIT_FIXTURE: {
		_cleanup_free_ char *text = NULL;
		_cleanup_fclose_ FILE *fp = fopen(c->cfg.kernel_rules_fixture, "re");
		size_t len = 0;
		/* an empty file is an empty rule list: getdelim fails on it without an error,
		 * leaving the buffer it allocated uninitialised */
		ssize_t got = fp ? getdelim(&text, &len, '\0', fp) : -1;
		if (!fp || (got < 0 && ferror(fp))) {
			a->kernel_error = -EIO;
			f->kernel_msg = xstrdup("cannot read the kernel rules fixture");
			break;
		}
		a->kernel_error = auditrules_parse_text(got < 0 ? "" : text, NULL, &a->kernel);
		for (size_t i = 0; i < a->kernel.n; i++) {
			a->kernel.items[i].origin = AUDITRULES_KERNEL;
			/* a loaded -w on a directory is an AUDIT_DIR watch; -F path= stays the
			 * directory's inode */
			struct stat st;
			if (a->kernel.items[i].w_form &&
			    hostfs_stat(c->cfg.hostfs, a->kernel.items[i].path, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				a->kernel.items[i].dir = true;
		}
		for (size_t i = 0; i < a->kernel.n_never; i++)
			a->kernel.nevers[i].origin = AUDITRULES_KERNEL;
		break;
	}
	}
	a->kernel_error_msg = f->kernel_msg;

	a->files_error = auditrules_load_files(c->cfg.hostfs, &a->files);
	if (a->files_error < 0)
		f->files_msg =
		    xasprintf("cannot read /etc/audit rules files: %s", strerror(-a->files_error));
	a->files_error_msg = f->files_msg;
	return 0;
}

static const struct ctx_fact_type audit_type = {
    .name = "audit.rules",
    .size = sizeof(struct audit_fact),
    .load = audit_load,
    .release = audit_release,
};

int ctx_kernel_audit_error(const struct audit_ctx *c)
{
	const struct audit_fact *f = ctx_fact_peek(c, &audit_type, NULL);
	return f ? f->a.kernel_error : 0;
}

const struct audit_rules_facts *ctx_audit_rules(struct audit_ctx *c)
{
	/* out of memory before anything was read: both halves say so */
	static const struct audit_rules_facts nomem = {
	    .kernel_error = -ENOMEM,
	    .kernel_error_msg = "out of memory",
	    .files_error = -ENOMEM,
	    .files_error_msg = "out of memory",
	};
	void *f;
	return ctx_fact(c, &audit_type, NULL, &f) < 0 ? &nomem : &((struct audit_fact *)f)->a;
}
