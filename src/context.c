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

/* A fact loaded at most once: its error (and message) is cached like its value. */
struct fact_state {
	bool loaded;
	int error;
	char *msg;
};

/* One cached fact of a facts module: its type, its key (NULL for a fact of which there is one),
 * and the zeroed bytes its loader filled. */
struct slot {
	const struct ctx_fact_type *type;
	char *key;
	void *value;
};

struct audit_ctx {
	struct ctx_config cfg;

	struct fact_state daemon;
	struct fact_state info_state;
	cJSON *info;
	struct fact_state version_state;
	cJSON *version;

	struct inspect_store *store; /* the typed model of every list entry and inspection */
	struct fact_state list_state;
	struct container_entry *entries; /* every container, as listed */
	size_t n_entries, n_unreadable;
	struct fact_state containers_state;
	struct ctx_container_scope scope;
	/* ctx_not_running_privileged, on first use */
	bool left_out_loaded;
	int left_out_error;
	char **left_out_privileged;
	size_t left_out_examined;
	/* containers in scope, sorted by image id, built on first use */
	const struct container **by_image;
	size_t n_by_image;
	bool by_image_built;
	struct container *containers;
	char **inspect_errors;
	size_t n_containers;

	bool audit_loaded;
	struct audit_rules_facts audit;
	char *audit_kernel_msg, *audit_files_msg;

	bool timed_out; /* a request timed out: do not wait on this daemon again */
	char *timed_out_msg;

	struct slot *slots;
	size_t n_slots;
};

static void fact_fail(struct fact_state *f, int error, char *msg)
{
	f->loaded = true;
	f->error = error;
	f->msg = msg ? msg : xstrdup(strerror(-error));
}

int ctx_new(const struct ctx_config *cfg, struct audit_ctx **ret)
{
	struct audit_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->cfg = *cfg;
	*ret = c;
	return 0;
}

struct audit_ctx *ctx_free(struct audit_ctx *c)
{
	if (!c)
		return NULL;
	free(c->daemon.msg);
	free(c->timed_out_msg);
	free(c->info_state.msg);
	free(c->version_state.msg);
	free(c->containers_state.msg);
	free(c->list_state.msg);
	free(c->by_image);
	cJSON_Delete(c->info);
	cJSON_Delete(c->version);
	free(c->entries);
	for (size_t i = 0; i < c->n_containers; i++)
		free(c->inspect_errors[i]);
	free(c->inspect_errors);
	free(c->containers);
	strv_free(c->left_out_privileged);
	audit_watch_list_release(&c->audit.kernel);
	audit_watch_list_release(&c->audit.files);
	free(c->audit_kernel_msg);
	free(c->audit_files_msg);
	/* in reverse: a later fact may refer to an earlier one */
	for (size_t i = c->n_slots; i-- > 0;) {
		if (c->slots[i].type->release)
			c->slots[i].type->release(c->slots[i].value);
		free(c->slots[i].value);
		free(c->slots[i].key);
	}
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
		if (s.value && t->release)
			t->release(s.value);
		free(s.value);
		free(s.key);
		return r;
	}
	c->slots[c->n_slots++] = s;
	*ret = s.value;
	return 0;
}

void *ctx_fact_peek(struct audit_ctx *c, const struct ctx_fact_type *t, const char *key)
{
	for (size_t i = 0; i < c->n_slots; i++)
		if (slot_is(&c->slots[i], t, key))
			return c->slots[i].value;
	return NULL;
}

/* The untyped slots of ctx_slot_get/ctx_slot_put live in the same table, as facts of one type
 * whose value is the pointer the caller gave and its destructor. */
struct untyped_slot {
	void *value;
	void (*free_fn)(void *);
};

static void untyped_release(void *fact)
{
	struct untyped_slot *u = fact;
	if (u->free_fn)
		u->free_fn(u->value);
}

static int untyped_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c, (void)fact, (void)key;
	return 0;
}

static const struct ctx_fact_type untyped_type = {
	.name = "untyped",
	.size = sizeof(struct untyped_slot),
	.load = untyped_load,
	.release = untyped_release,
};

void *ctx_slot_get(struct audit_ctx *c, const char *key)
{
	const struct untyped_slot *u = ctx_fact_peek(c, &untyped_type, key);
	return u ? u->value : NULL;
}

int ctx_slot_put(struct audit_ctx *c, const char *key, void *value, void (*free_fn)(void *))
{
	void *f;
	int r = ctx_fact(c, &untyped_type, key, &f);
	if (r < 0) {
		if (free_fn)
			free_fn(value);
		return r;
	}
	struct untyped_slot *u = f;
	if (u->free_fn)
		u->free_fn(u->value);
	*u = (struct untyped_slot){value, free_fn};
	return 0;
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

static int fixture_get(const struct ctx_config *cfg, const char *path, cJSON **ret,
		       char **ret_err)
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

int ctx_daemon(struct audit_ctx *c, const char **ret_error)
{
	if (!c->daemon.loaded) {
		c->daemon.loaded = true;
		if (c->cfg.docker) {
			char *err = NULL;
			int r = docker_negotiate(c->cfg.docker, &err);
			if (r < 0)
				fact_fail(&c->daemon, r, err);
		} else if (c->cfg.api_source) {
			/* reachable: the source answers every path */
		} else if (c->cfg.fixture_dir) {
			_cleanup_free_ char *down = xasprintf("%s/unreachable", c->cfg.fixture_dir);
			if (down && access(down, F_OK) == 0)
				fact_fail(&c->daemon, -ECONNREFUSED,
					  xstrdup("cannot connect to the Docker daemon (fixture)"));
		} else {
			fact_fail(&c->daemon, -ECONNREFUSED,
				  xstrdup(c->cfg.docker_error ? c->cfg.docker_error
							      : "no Docker endpoint"));
		}
	}
	if (c->daemon.error < 0 && ret_error)
		*ret_error = c->daemon.msg;
	return c->daemon.error;
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
			reqs[i].result = fixture_get(&c->cfg, reqs[i].path, &reqs[i].json,
						     &reqs[i].error);
	}
	for (size_t i = 0; i < n; i++)
		note_timeout(c, reqs[i].result, reqs[i].error);
	return 0;
}

static int api_get_object_cached(struct audit_ctx *c, const char *path, struct fact_state *st,
				 cJSON **slot, const cJSON **ret, const char **ret_error)
{
	if (!st->loaded) {
		char *err = NULL;
		cJSON *j = NULL;
		int r = api_get(c, path, &j, &err);
		if (r == 0 && !cJSON_IsObject(j)) {
			cJSON_Delete(j);
			r = -EBADMSG;
			err = xasprintf("unexpected JSON from GET %s: not an object", path);
		}
		if (r < 0)
			fact_fail(st, r, err);
		else {
			st->loaded = true;
			*slot = j;
		}
	}
	if (st->error < 0) {
		if (ret_error)
			*ret_error = st->msg;
		return st->error;
	}
	*ret = *slot;
	return 0;
}

int ctx_docker_info(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return api_get_object_cached(c, "/info", &c->info_state, &c->info, ret, ret_error);
}

int ctx_docker_version(struct audit_ctx *c, const cJSON **ret, const char **ret_error)
{
	return api_get_object_cached(c, "/version", &c->version_state, &c->version, ret,
				     ret_error);
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

int ctx_container_list(struct audit_ctx *c, const struct container_entry **ret, size_t *ret_n,
		       const char **ret_error)
{
	if (!c->list_state.loaded) {
		char *err = NULL;
		cJSON *list = NULL;
		int r = api_get(c, "/containers/json?all=1", &list, &err);
		if (r == 0 && !cJSON_IsArray(list)) {
			r = -EBADMSG;
			err = xstrdup("unexpected JSON from GET /containers/json: not an array");
		}
		size_t total = r == 0 ? (size_t)cJSON_GetArraySize(list) : 0;
		if (r == 0) {
			c->entries = calloc(total ? total : 1, sizeof(*c->entries));
			if (!c->entries || !ctx_inspect_store(c))
				r = -ENOMEM;
		}
		const cJSON *item, *entries = r == 0 ? list : NULL;
		cJSON_ArrayForEach(item, entries)
		{
			struct container_entry *e = &c->entries[c->n_entries++];
			if (inspect_parse_container_entry(c->store, item, e) < 0) {
				r = -ENOMEM;
				break;
			}
			c->n_unreadable += e->unreadable != NULL;
		}
		cJSON_Delete(list);
		if (r < 0)
			fact_fail(&c->list_state, r, err);
		else
			c->list_state.loaded = true;
	}
	if (c->list_state.error < 0) {
		if (ret_error)
			*ret_error = c->list_state.msg;
		return c->list_state.error;
	}
	*ret = c->entries;
	*ret_n = c->n_entries;
	return 0;
}

/* Inspections are fetched in batches and parsed as each batch arrives, so that the JSON of
 * only one batch is ever held (the typed model of 10,000 containers is a few MiB, their JSON
 * trees were most of the memory of an audit). */
#define INSPECT_BATCH 256

static int load_containers(struct audit_ctx *c)
{
	const struct container_entry *list;
	size_t total;
	const char *lerr = NULL;
	int r = ctx_container_list(c, &list, &total, &lerr);
	if (r < 0) {
		fact_fail(&c->containers_state, r, xstrdup(lerr));
		return r;
	}
	c->containers = calloc(total ? total : 1, sizeof(*c->containers));
	c->inspect_errors = calloc(total ? total : 1, sizeof(*c->inspect_errors));
	_cleanup_free_ size_t *todo = calloc(total ? total : 1, sizeof(*todo));
	if (!c->containers || !c->inspect_errors || !todo) {
		fact_fail(&c->containers_state, -ENOMEM, NULL);
		return -ENOMEM;
	}

	struct ctx_container_scope *sc = &c->scope;
	sc->all = c->cfg.all_containers;
	sc->listed = total;
	size_t n = 0, ntodo = 0;
	for (size_t k = 0; k < total; k++) {
		const struct container_entry *e = &list[k];
		struct container *ct = &c->containers[n];
		if (e->unreadable) {
			/* anything could hide behind it: it counts, as a container not judged */
			sc->unreadable++;
			ct->id = "";
			c->inspect_errors[n] = xasprintf("entry %zu of the container list cannot be "
							 "read: %s",
							 k + 1, e->unreadable);
			ct->name = c->inspect_errors[n] ? c->inspect_errors[n] : "";
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
			c->inspect_errors[n] = xstrdup("the daemon listed a container with an "
						       "invalid id");
			ct->error_msg = c->inspect_errors[n];
		} else {
			todo[ntodo++] = n;
		}
		n++;
	}
	c->n_containers = n;
	sc->judged = n - sc->unreadable;

	struct docker_request reqs[INSPECT_BATCH];
	char *paths[INSPECT_BATCH];
	for (size_t first = 0; first < ntodo; first += INSPECT_BATCH) {
		size_t nreq = ntodo - first < INSPECT_BATCH ? ntodo - first : INSPECT_BATCH;
		memset(reqs, 0, sizeof(reqs));
		for (size_t i = 0; i < nreq; i++) {
			paths[i] = xasprintf("/containers/%s/json", c->containers[todo[first + i]].id);
			reqs[i].path = paths[i] ? paths[i] : "/";
		}
		r = ctx_api_get_many(c, reqs, nreq);
		for (size_t i = 0; i < nreq; i++) {
			size_t at = todo[first + i];
			struct container *ct = &c->containers[at];
			if (r == 0 && reqs[i].result == 0 && !cJSON_IsObject(reqs[i].json)) {
				reqs[i].result = -EBADMSG;
				reqs[i].error = xstrdup("unexpected JSON from container inspect");
			}
			if (r == 0 && reqs[i].result == 0) {
				if (inspect_parse_container(c->store, reqs[i].json, &ct->inspect) < 0)
					r = -ENOMEM;
			} else if (r == 0) {
				ct->error = reqs[i].result;
				c->inspect_errors[at] =
					reqs[i].result == -ENOENT
						? xstrdup("the container vanished during the audit")
						: TAKE_PTR(reqs[i].error);
				ct->error_msg = c->inspect_errors[at];
			}
			docker_request_release(&reqs[i]);
			free(paths[i]);
		}
		if (r < 0) {
			fact_fail(&c->containers_state, r,
				  xasprintf("cannot inspect containers: %s", strerror(-r)));
			c->n_containers = 0;
			return r;
		}
	}
	c->containers_state.loaded = true;
	return 0;
}

int ctx_containers(struct audit_ctx *c, const struct container **ret, size_t *ret_n,
		   const char **ret_error)
{
	if (!c->containers_state.loaded)
		load_containers(c);
	if (c->containers_state.error < 0) {
		if (ret_error)
			*ret_error = c->containers_state.msg;
		return c->containers_state.error;
	}
	*ret = c->containers;
	*ret_n = c->n_containers;
	return 0;
}

const struct ctx_container_scope *ctx_container_scope(const struct audit_ctx *c)
{
	return c->containers_state.loaded && c->containers_state.error == 0 ? &c->scope : NULL;
}

/*
 * The containers that only -a would bring into scope (not running, not left out by a filter)
 * and that run privileged: each inspected, in batches like load_containers, at most max of
 * them. One that cannot be inspected (vanished, an error) is not named: this is a hint for
 * the report's header, the audit with -a judges them.
 */
static int load_left_out(struct audit_ctx *c, size_t max)
{
	const struct container_entry *list;
	size_t total;
	int r = ctx_container_list(c, &list, &total, NULL);
	if (r < 0)
		return r;
	if (c->cfg.all_containers)
		return 0;
	_cleanup_free_ size_t *todo = calloc(total ? total : 1, sizeof(*todo));
	if (!todo)
		return -ENOMEM;
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
			    json_get_bool(reqs[i].json, "HostConfig.Privileged", &priv) == 0 && priv) {
				char **v = realloc(c->left_out_privileged,
						   (n + 2) * sizeof(*c->left_out_privileged));
				char *name = xstrdup(e->name ? e->name : e->id);
				if (!v || !name) {
					free(name);
					if (v)
						c->left_out_privileged = v;
					r = -ENOMEM;
				} else {
					c->left_out_privileged = v;
					v[n++] = name;
					v[n] = NULL;
				}
			}
			docker_request_release(&reqs[i]);
			free(paths[i]);
		}
		if (r == 0)
			c->left_out_examined += nreq;
	}
	return r;
}

int ctx_not_running_privileged(struct audit_ctx *c, size_t max, char *const **ret,
			       size_t *ret_examined)
{
	if (!c->left_out_loaded) {
		c->left_out_error = load_left_out(c, max);
		c->left_out_loaded = true;
	}
	if (c->left_out_error < 0)
		return c->left_out_error;
	static char *const none[] = {NULL};
	*ret = c->left_out_privileged ? c->left_out_privileged : none;
	*ret_examined = c->left_out_examined;
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
	const struct container *cs;
	size_t n;
	int r = ctx_containers(c, &cs, &n, NULL);
	if (r < 0)
		return r;
	if (!c->by_image_built) {
		c->by_image = calloc(n ? n : 1, sizeof(*c->by_image));
		if (!c->by_image)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++)
			if (cs[i].inspect)
				c->by_image[c->n_by_image++] = &cs[i];
		qsort(c->by_image, c->n_by_image, sizeof(*c->by_image), by_image_cmp);
		c->by_image_built = true;
	}
	const char *key = image_id ? image_id : "";
	key += str_startswith(key, "sha256:") ? 7 : 0;
	/* lower bound, then the run of equal keys */
	size_t lo = 0, hi = c->n_by_image;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(image_key(c->by_image[mid]), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (*key && end < c->n_by_image && strcmp(image_key(c->by_image[end]), key) == 0)
		end++;
	*ret = c->by_image + lo;
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
		if (*cs[i].id && (strcmp(cs[i].id, id_or_name) == 0 || strcmp(cs[i].name, id_or_name) == 0))
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

const struct audit_watch *ctx_audit_watch_find(struct audit_ctx *c, const struct audit_watch_list *l,
					       const char *target, unsigned want_perms,
					       const struct audit_watch **ret_partial)
{
	return auditrules_find(l, c->cfg.hostfs, target, want_perms, ret_partial);
}

int ctx_kernel_audit_error(const struct audit_ctx *c)
{
	return c->audit_loaded ? c->audit.kernel_error : 0;
}

const struct audit_rules_facts *ctx_audit_rules(struct audit_ctx *c)
{
	if (c->audit_loaded)
		return &c->audit;
	c->audit_loaded = true;
	struct audit_rules_facts *a = &c->audit;

	switch (c->cfg.kernel_audit) {
	case CTX_KERNEL_AUDIT_NETLINK:
		a->kernel_error = auditrules_load_kernel(&a->kernel);
		if (a->kernel_error == -EPERM || a->kernel_error == -EACCES)
			c->audit_kernel_msg = xstrdup(
				"the kernel refused to list its rules: run as root or with "
				"CAP_AUDIT_CONTROL in the host's namespaces");
		else if (a->kernel_error < 0)
			c->audit_kernel_msg = xasprintf("cannot list the kernel's audit rules: %s",
							strerror(-a->kernel_error));
		break;
	case CTX_KERNEL_AUDIT_DENIED:
		a->kernel_error = -EPERM;
		c->audit_kernel_msg = xstrdup("asking the kernel for its audit rules was disabled");
		break;
	case CTX_KERNEL_AUDIT_FIXTURE: {
		_cleanup_free_ char *text = NULL;
		_cleanup_fclose_ FILE *f = fopen(c->cfg.kernel_rules_fixture, "re");
		size_t len = 0;
		/* an empty file is an empty rule list: getdelim fails on it without an error,
		 * leaving the buffer it allocated uninitialised */
		ssize_t got = f ? getdelim(&text, &len, '\0', f) : -1;
		if (!f || (got < 0 && ferror(f))) {
			a->kernel_error = -EIO;
			c->audit_kernel_msg = xstrdup("cannot read the kernel rules fixture");
			break;
		}
		a->kernel_error = auditrules_parse_text(got < 0 ? "" : text, NULL, &a->kernel);
		for (size_t i = 0; i < a->kernel.n; i++) {
			a->kernel.items[i].origin = AUDITRULES_KERNEL;
			/* a loaded -w on a directory is an AUDIT_DIR watch */
			struct stat st;
			if (hostfs_stat(c->cfg.hostfs, a->kernel.items[i].path, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				a->kernel.items[i].dir = true;
		}
		break;
	}
	}
	a->kernel_error_msg = c->audit_kernel_msg;

	a->files_error = auditrules_load_files(c->cfg.hostfs, &a->files);
	if (a->files_error < 0)
		c->audit_files_msg = xasprintf("cannot read /etc/audit rules files: %s",
					       strerror(-a->files_error));
	a->files_error_msg = c->audit_files_msg;
	return a;
}

