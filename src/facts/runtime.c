/* SPDX-License-Identifier: Apache-2.0 */
/* Runtime facts: container processes (top) and exec sessions, fetched once and concurrently. */
#include "common.h"
#include "context.h"
#include "docker.h"
#include "facts/cgroup.h"
#include "facts/procs.h"
#include "facts/runtime.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

struct runtime_fact {
	/* ctx_containers' array when this fact was made: containers are found by index */
	const struct container *base;
	size_t n;

	bool top_loaded;
	bool *top_from_proc; /* listed from /proc, not by the daemon */
	cJSON **top;
	int *top_error;
	char **top_msg;

	bool exec_loaded;
	int exec_load_error; /* the batch itself failed (-ENOMEM) */
	struct container_exec *execs; /* every container's sessions, container by container */
	size_t n_execs;
	char **exec_msg;
	size_t *exec_first, *exec_count; /* per container: its slice of execs */
	int *exec_error; /* per container: ExecIDs unreadable */
	char **exec_error_msg;
};

static void runtime_fact_release(void *p)
{
	struct runtime_fact *f = p;
	for (size_t i = 0; i < f->n; i++) {
		if (f->top) {
			cJSON_Delete(f->top[i]);
			free(f->top_msg[i]);
		}
		if (f->exec_error_msg)
			free(f->exec_error_msg[i]);
	}
	for (size_t i = 0; i < f->n_execs; i++)
		free(f->exec_msg[i]);
	free(f->top);
	free(f->top_from_proc);
	free(f->top_error);
	free(f->top_msg);
	free(f->execs);
	free(f->exec_msg);
	free(f->exec_first);
	free(f->exec_count);
	free(f->exec_error);
	free(f->exec_error_msg);
}

static int runtime_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	struct runtime_fact *f = fact;
	int r = ctx_containers(c, &f->base, &f->n, NULL);
	return r < 0 ? r : 0;
}

static const struct ctx_fact_type runtime_type = {
    .name = "runtime",
    .size = sizeof(struct runtime_fact),
    .load = runtime_fact_load,
    .release = runtime_fact_release,
};

/* The fact, made on first use; negative errno (ctx_containers' error, -ENOMEM) otherwise. */
static int runtime_fact(struct audit_ctx *c, struct runtime_fact **ret, const char **ret_error)
{
	const struct container *cs;
	size_t n;
	int r = ctx_containers(c, &cs, &n, ret_error);
	if (r < 0)
		return r;
	void *f;
	r = ctx_fact(c, &runtime_type, NULL, &f);
	if (r < 0) {
		if (ret_error)
			*ret_error = "out of memory";
		return r;
	}
	*ret = f;
	return 0;
}

/* The container's index in the fact, or -EINVAL when it is not one of ctx_containers'. */
static int container_index(const struct runtime_fact *f, const struct container *ct, size_t *ret)
{
	/* compared as addresses: ct may point anywhere */
	uintptr_t p = (uintptr_t)ct, b = (uintptr_t)f->base;
	if (!ct || p < b || p >= b + f->n * sizeof(*ct) || (p - b) % sizeof(*ct))
		return -EINVAL;
	*ret = (p - b) / sizeof(*ct);
	return 0;
}

/* Why a request of a batch has no usable answer: the batch failed, the request did, or its JSON
 * was not what was expected. */
static int request_error(int batch, const struct docker_request *req)
{
	if (batch < 0)
		return batch;
	return req->result < 0 ? req->result : -EBADMSG;
}

static bool top_valid(const cJSON *j)
{
	return cJSON_IsObject(j) && json_get_array(j, "Titles") && json_get_array(j, "Processes");
}

/* ---- process lists from /proc ---- */

#define PROC_FILE_MAX 65536

struct id_index {
	const char *id;
	size_t i; /* index in f->base */
};

static int id_index_cmp(const void *a, const void *b)
{
	return strcmp(((const struct id_index *)a)->id, ((const struct id_index *)b)->id);
}

struct cgroup_find {
	const struct id_index *ids;
	size_t n;
	const struct id_index *found;
};

static bool cgroup_find_one(const char *p, void *data)
{
	struct cgroup_find *cf = data;
	char id[65];
	memcpy(id, p, 64);
	id[64] = '\0';
	struct id_index key = {.id = id};
	const struct id_index *hit = bsearch(&key, cf->ids, cf->n, sizeof(*cf->ids), id_index_cmp);
	if (hit)
		cf->found = hit; /* the innermost (last) one wins */
	return true;
}

/* The container (of ids, sorted) a /proc/PID/cgroup text names (facts/cgroup.h: v1, v2, both
 * drivers, a nested view; never Podman's conmon scope). */
static const struct id_index *cgroup_container(const char *text, const struct id_index *ids,
					       size_t n)
{
	struct cgroup_find cf = {.ids = ids, .n = n};
	cgroup_each_id(text, cgroup_find_one, &cf);
	return cf.found;
}

/* The command line as ps shows it: the arguments joined by spaces, else "[comm]". */
static char *proc_cmd(const struct proc *p)
{
	if (p->cmdline && p->cmdline_len > 0) {
		char *raw = malloc(p->cmdline_len + 1);
		if (!raw)
			return NULL;
		memcpy(raw, p->cmdline, p->cmdline_len);
		raw[p->cmdline_len] = '\0';
		for (size_t k = 0; k + 1 < p->cmdline_len; k++)
			if (raw[k] == '\0')
				raw[k] = ' ';
		return raw;
	}
	return p->comm ? xasprintf("[%s]", p->comm) : NULL;
}

/*
 * The processes of every running container, in one pass over /proc: each process belongs to
 * the container whose id its cgroup names, which is what the daemon's top lists too, without
 * the daemon running ps once per container. A container counts as listed only when its own
 * init process (State.Pid) is seen there with its id: otherwise /proc is not the daemon's host
 * (a remote daemon, another PID namespace) and the daemon is asked.
 */
static void tops_from_proc(struct audit_ctx *c, struct runtime_fact *f)
{
	_cleanup_free_ struct id_index *ids = calloc(f->n ? f->n : 1, sizeof(*ids));
	_cleanup_free_ long *init_pid = calloc(f->n ? f->n : 1, sizeof(*init_pid));
	if (!ids || !init_pid)
		return;
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct container *ct = &f->base[i];
		if (!ct->running || !ct->inspect || !docker_id_valid(ct->id) ||
		    strlen(ct->id) != 64 || ct->inspect->state_pid.state != FIELD_SET ||
		    ct->inspect->state_pid.v <= 0)
			continue;
		init_pid[i] = (long)ct->inspect->state_pid.v;
		ids[n++] = (struct id_index){ct->id, i};
	}
	if (n == 0)
		return;
	qsort(ids, n, sizeof(*ids), id_index_cmp);

	const struct procs *procs;
	if (ctx_procs(c, &procs) < 0)
		return;
	_cleanup_free_ cJSON **lists = calloc(f->n, sizeof(*lists));
	_cleanup_free_ bool *seen_init = calloc(f->n, sizeof(*seen_init));
	if (!lists || !seen_init)
		return;
	for (size_t k = 0; k < procs->n; k++) {
		const struct proc *pr = &procs->v[k];
		long pid = pr->pid;
		if (!pr->cgroup)
			continue; /* gone, or not ours to read */
		const struct id_index *hit = cgroup_container(pr->cgroup, ids, n);
		if (!hit)
			continue;
		_cleanup_free_ char *cmd = proc_cmd(pr);
		if (!cmd)
			continue;
		if (!lists[hit->i] && !(lists[hit->i] = cJSON_CreateArray()))
			continue;
		char pidtext[32];
		snprintf(pidtext, sizeof(pidtext), "%lld", (long long)pid);
		cJSON *row = cJSON_CreateArray();
		if (!row || !cJSON_AddItemToArray(lists[hit->i], row)) {
			cJSON_Delete(row);
			continue;
		}
		cJSON_AddItemToArray(row, cJSON_CreateString(pidtext));
		cJSON_AddItemToArray(row, cJSON_CreateString(cmd));
		if (pid == init_pid[hit->i])
			seen_init[hit->i] = true;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (!lists[i])
			continue;
		if (!seen_init[i]) {
			cJSON_Delete(lists[i]);
			continue;
		}
		cJSON *top = cJSON_CreateObject();
		cJSON *titles = top ? cJSON_AddArrayToObject(top, "Titles") : NULL;
		if (!titles) {
			cJSON_Delete(top);
			cJSON_Delete(lists[i]);
			continue;
		}
		cJSON_AddItemToArray(titles, cJSON_CreateString("PID"));
		cJSON_AddItemToArray(titles, cJSON_CreateString("CMD"));
		cJSON_AddItemToObject(top, "Processes", lists[i]);
		f->top[i] = top;
		f->top_from_proc[i] = true;
	}
}

static int load_tops(struct audit_ctx *c, struct runtime_fact *f)
{
	size_t cap = f->n ? f->n : 1;
	f->top = calloc(cap, sizeof(*f->top));
	f->top_error = calloc(cap, sizeof(*f->top_error));
	f->top_msg = calloc(cap, sizeof(*f->top_msg));
	_cleanup_free_ struct docker_request *reqs = calloc(cap, sizeof(*reqs));
	_cleanup_free_ size_t *req_of = calloc(cap, sizeof(*req_of));
	_cleanup_free_ char **paths = calloc(cap, sizeof(*paths));
	if (!f->top || !f->top_error || !f->top_msg || !reqs || !req_of || !paths) {
		free(f->top);
		free(f->top_error);
		free(f->top_msg);
		f->top = NULL;
		f->top_error = NULL;
		f->top_msg = NULL;
		return -ENOMEM;
	}
	f->top_from_proc = calloc(cap, sizeof(*f->top_from_proc));
	if (!f->top_from_proc)
		return -ENOMEM;
	tops_from_proc(c, f);
	size_t nreq = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct container *ct = &f->base[i];
		if (!ct->running || f->top[i])
			continue;
		if (!docker_id_valid(ct->id)) {
			f->top_error[i] = -EBADMSG;
			f->top_msg[i] = xstrdup("invalid container id");
			continue;
		}
		paths[nreq] = xasprintf("/containers/%s/top", ct->id);
		reqs[nreq].path = paths[nreq] ? paths[nreq] : "/";
		req_of[nreq++] = i;
	}
	int r = ctx_api_get_many(c, reqs, nreq);
	for (size_t k = 0; k < nreq; k++) {
		size_t i = req_of[k];
		if (r == 0 && reqs[k].result == 0 && top_valid(reqs[k].json)) {
			f->top[i] = TAKE_PTR(reqs[k].json);
		} else {
			f->top_error[i] = request_error(r, &reqs[k]);
			if (reqs[k].error)
				f->top_msg[i] = TAKE_PTR(reqs[k].error);
			else
				f->top_msg[i] =
				    xasprintf("unexpected JSON from GET %s", reqs[k].path);
		}
		docker_request_release(&reqs[k]);
		free(paths[k]);
	}
	return 0;
}

bool ctx_container_top_from_proc(struct audit_ctx *c, const struct container *ct)
{
	const struct runtime_fact *f = ctx_fact_peek(c, &runtime_type, NULL);
	size_t i;
	return f && f->top_from_proc && container_index(f, ct, &i) == 0 && f->top_from_proc[i];
}

int ctx_container_top(struct audit_ctx *c, const struct container *ct, const cJSON **ret,
		      const char **ret_error)
{
	struct runtime_fact *f;
	int r = runtime_fact(c, &f, ret_error);
	if (r < 0)
		return r;
	size_t i;
	if (container_index(f, ct, &i) < 0 || !ct->running) {
		if (ret_error)
			*ret_error = "not a running container of this audit";
		return -EINVAL;
	}
	if (!f->top_loaded) {
		f->top_loaded = true;
		load_tops(c, f);
	}
	if (!f->top) {
		if (ret_error)
			*ret_error = "out of memory";
		return -ENOMEM;
	}
	if (f->top_error[i] < 0) {
		if (ret_error)
			*ret_error = f->top_msg[i] ? f->top_msg[i] : strerror(-f->top_error[i]);
		return f->top_error[i];
	}
	*ret = f->top[i];
	return 0;
}

static int load_execs(struct audit_ctx *c, struct runtime_fact *f)
{
	size_t cap = f->n ? f->n : 1;
	f->exec_first = calloc(cap, sizeof(*f->exec_first));
	f->exec_count = calloc(cap, sizeof(*f->exec_count));
	f->exec_error = calloc(cap, sizeof(*f->exec_error));
	f->exec_error_msg = calloc(cap, sizeof(*f->exec_error_msg));
	if (!f->exec_first || !f->exec_count || !f->exec_error || !f->exec_error_msg)
		return -ENOMEM;

	size_t total = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct opt_strv *ids =
		    f->base[i].inspect ? &f->base[i].inspect->exec_ids : NULL;
		if (!ids || field_unset(ids->state))
			continue;
		if (ids->state != FIELD_SET) {
			f->exec_error[i] = -EBADMSG;
			f->exec_error_msg[i] = xstrdup("ExecIDs is not a list");
			continue;
		}
		total += ids->n;
	}
	size_t ecap = total ? total : 1;
	f->execs = calloc(ecap, sizeof(*f->execs));
	f->exec_msg = calloc(ecap, sizeof(*f->exec_msg));
	_cleanup_free_ struct docker_request *reqs = calloc(ecap, sizeof(*reqs));
	_cleanup_free_ size_t *req_of = calloc(ecap, sizeof(*req_of));
	_cleanup_free_ char **paths = calloc(ecap, sizeof(*paths));
	struct inspect_store *store = ctx_inspect_store(c);
	if (!f->execs || !f->exec_msg || !reqs || !req_of || !paths || !store)
		return -ENOMEM;

	size_t n = 0, nreq = 0;
	for (size_t i = 0; i < f->n; i++) {
		f->exec_first[i] = n;
		const struct opt_strv *ids =
		    f->base[i].inspect ? &f->base[i].inspect->exec_ids : NULL;
		if (f->exec_error[i] < 0 || !ids || ids->state != FIELD_SET)
			continue;
		for (uint32_t k = 0; k < ids->n; k++) {
			const char *id = ids->v[k];
			struct container_exec *e = &f->execs[n];
			if (!id || !docker_id_valid(id)) {
				e->id = "";
				e->error = -EBADMSG;
				f->exec_msg[n] = xstrdup("ExecIDs holds an invalid exec id");
				e->error_msg = f->exec_msg[n];
			} else {
				e->id = id;
				paths[nreq] = xasprintf("/exec/%s/json", e->id);
				reqs[nreq].path = paths[nreq] ? paths[nreq] : "/";
				req_of[nreq++] = n;
			}
			n++;
		}
		f->exec_count[i] = n - f->exec_first[i];
	}
	f->n_execs = n;

	int r = ctx_api_get_many(c, reqs, nreq);
	for (size_t k = 0; k < nreq; k++) {
		size_t j = req_of[k];
		struct container_exec *e = &f->execs[j];
		int pr = -EBADMSG;
		if (r == 0 && reqs[k].result == 0 && cJSON_IsObject(reqs[k].json))
			pr = inspect_parse_exec(store, reqs[k].json, &e->inspect);
		if (pr < 0) {
			if (pr == -ENOMEM)
				r = pr;
			e->error = request_error(r, &reqs[k]);
			if (reqs[k].error)
				f->exec_msg[j] = TAKE_PTR(reqs[k].error);
			else
				f->exec_msg[j] =
				    xasprintf("unexpected JSON from GET %s", reqs[k].path);
			e->error_msg = f->exec_msg[j];
		}
		docker_request_release(&reqs[k]);
		free(paths[k]);
	}
	return 0;
}

int ctx_container_execs(struct audit_ctx *c, const struct container *ct,
			const struct container_exec **ret, size_t *ret_n, const char **ret_error)
{
	struct runtime_fact *f;
	int r = runtime_fact(c, &f, ret_error);
	if (r < 0)
		return r;
	size_t i;
	if (container_index(f, ct, &i) < 0) {
		if (ret_error)
			*ret_error = "not a container of this audit";
		return -EINVAL;
	}
	if (!f->exec_loaded) {
		f->exec_loaded = true;
		f->exec_load_error = load_execs(c, f);
	}
	if (f->exec_load_error < 0 || !f->exec_error) {
		if (ret_error)
			*ret_error = "out of memory";
		return -ENOMEM;
	}
	if (f->exec_error[i] < 0) {
		if (ret_error)
			*ret_error = f->exec_error_msg[i] ? f->exec_error_msg[i] : "bad ExecIDs";
		return f->exec_error[i];
	}
	*ret = f->execs + f->exec_first[i];
	*ret_n = f->exec_count[i];
	return 0;
}
