/* SPDX-License-Identifier: Apache-2.0 */
/* Image facts: the local images in scope, inspected once and concurrently; histories on demand. */
#include "common.h"
#include "context.h"
#include "facts/engine.h"
#include "facts/images.h"
#include "docker.h"
#include "facts/archive.h"
#include "json.h"
#include "strutil.h"

struct images_fact {
	int error;
	char *msg;
	struct image_summary *list; /* every entry of GET /images/json, typed */
	size_t n_list;
	struct image *images;
	char **errors;
	char **names; /* short ids for untagged images */
	char **hc_errors; /* Podman: why an image's HEALTHCHECK is unknown */
	size_t n;
	size_t unreadable; /* entries of the list that could not be read */
	char **unmatched;
	bool history_loaded;
	cJSON **history;
	int *history_error;
	char **history_msg;
	/* image --input: the archive the images come from, and which of its images they are */
	struct image_archive *arc;
	size_t *arc_index;
};

static void images_fact_release(void *p)
{
	struct images_fact *f = p;
	for (size_t i = 0; i < f->n; i++) {
		free(f->errors ? f->errors[i] : NULL);
		free(f->names ? f->names[i] : NULL);
		free(f->hc_errors ? f->hc_errors[i] : NULL);
		if (f->history) {
			cJSON_Delete(f->history[i]);
			free(f->history_msg[i]);
		}
	}
	free(f->errors);
	free(f->names);
	free(f->hc_errors);
	free(f->history);
	free(f->history_error);
	free(f->history_msg);
	free(f->images);
	strv_free(f->unmatched);
	free(f->list);
	image_archive_free(f->arc);
	free(f->arc_index);
	free(f->msg);
}

/* "sha256:<hex>" -> "<hex>", when the hex is a valid id; NULL otherwise. */
static const char *image_hex(const char *id)
{
	const char *h = str_startswith(id, "sha256:") ? id + 7 : id;
	return docker_id_valid(h) ? h : NULL;
}

/*
 * A reference in its full form, as the engines resolve it: "busybox" and "docker.io/busybox" are
 * "docker.io/library/busybox:latest"; a first component with a '.' or ':' or "localhost" is a
 * registry. Docker shows Docker Hub tags short ("busybox:1"), Podman long
 * ("docker.io/library/busybox:1"): both name the same image. NULL on ENOMEM.
 */
static bool ref_has_registry(const char *ref)
{
	const char *slash = strchr(ref, '/');
	if (!slash)
		return false;
	size_t n = (size_t)(slash - ref);
	return memchr(ref, '.', n) || memchr(ref, ':', n) ||
	       (n == strlen("localhost") && strncmp(ref, "localhost", n) == 0);
}

static char *ref_canonical(const char *ref)
{
	const char *last = strrchr(ref, '/');
	bool has_tag = strchr(last ? last : ref, ':') || strchr(ref, '@');
	const char *prefix = ref_has_registry(ref) ? ""
			     : strchr(ref, '/')	   ? "docker.io/"
						   : "docker.io/library/";
	return xasprintf("%s%s%s", prefix, ref, has_tag ? "" : ":latest");
}

static bool tag_matches(const struct opt_strv *tags, const char *want, bool podman)
{
	_cleanup_free_ char *w = ref_canonical(want);
	/* Podman resolves the unqualified name of a local image to localhost/NAME too */
	_cleanup_free_ char *lw =
	    podman && !ref_has_registry(want) ? xasprintf("localhost/%s", want) : NULL;
	_cleanup_free_ char *local = lw ? ref_canonical(lw) : NULL;
	if (!w)
		return false;
	for (uint32_t i = 0; tags->state == FIELD_SET && i < tags->n; i++) {
		if (!tags->v[i])
			continue;
		_cleanup_free_ char *have = ref_canonical(tags->v[i]);
		if (have && (strcmp(have, w) == 0 || (local && strcmp(have, local) == 0)))
			return true;
	}
	return false;
}

/* Does the user's name (ref, ref:tag, id or id prefix) denote this image? */
static bool image_matches(const struct image_summary *summary, const char *id, const char *want,
			  bool podman)
{
	if (tag_matches(&summary->repo_tags, want, podman))
		return true;
	const char *hex = image_hex(id);
	const char *wh = str_startswith(want, "sha256:") ? want + 7 : want;
	size_t n = strlen(wh);
	if (!hex || n < 4 || strspn(wh, "0123456789abcdef") != n)
		return false;
	return strncmp(hex, wh, n) == 0;
}

/* Inspections are fetched in batches, each parsed into the typed model as it arrives. */
#define INSPECT_BATCH 256

/* image --input: the archive's images, as the daemon would list and inspect them. */
static int load_archive(struct audit_ctx *c, struct images_fact *f)
{
	const struct ctx_config *cfg = ctx_config(c);
	struct archive_limits lim;
	archive_limits_default(&lim);
	char *err = NULL;
	int r = image_archive_read_path(cfg->image_input, &lim, &f->arc, &err);
	if (r < 0) {
		f->error = r;
		f->msg = err ? err : xstrdup(strerror(-r));
		return r;
	}
	size_t total = f->arc->n, cap = total ? total : 1;
	size_t nnames = strv_length(cfg->image_names);
	struct inspect_store *store = ctx_inspect_store(c);
	f->list = calloc(cap, sizeof(*f->list));
	f->images = calloc(cap, sizeof(*f->images));
	f->arc_index = calloc(cap, sizeof(*f->arc_index));
	f->history = calloc(cap, sizeof(*f->history));
	f->history_error = calloc(cap, sizeof(*f->history_error));
	f->history_msg = calloc(cap, sizeof(*f->history_msg));
	f->unmatched = calloc(nnames + 1, sizeof(char *));
	_cleanup_free_ bool *used = calloc(nnames + 1, sizeof(*used));
	if (!store || !f->list || !f->images || !f->arc_index || !f->history || !f->history_error ||
	    !f->history_msg || !f->unmatched || !used) {
		f->error = -ENOMEM;
		return f->error;
	}
	f->history_loaded = true;
	for (size_t i = 0; i < total; i++) {
		struct archive_image *ai = &f->arc->images[i];
		/* the archive's answers, typed like the daemon's */
		struct image_summary *sum = &f->list[f->n_list++];
		const struct image_inspect *ins = NULL;
		if (inspect_parse_image_summary(store, ai->summary, sum) < 0 ||
		    (ai->inspect && inspect_parse_image(store, ai->inspect, &ins) < 0)) {
			f->error = -ENOMEM;
			return f->error;
		}
		if (cfg->image_names) {
			bool hit = false;
			for (size_t k = 0; k < nnames; k++)
				if (image_matches(sum, ai->id, cfg->image_names[k], false))
					hit = used[k] = true;
			if (!hit)
				continue;
		}
		size_t n = f->n++;
		f->images[n] =
		    (struct image){.id = ai->id, .name = ai->name, .summary = sum, .inspect = ins};
		f->arc_index[n] = i;
		f->history[n] = TAKE_PTR(ai->history);
	}
	for (size_t i = 0, k = 0; i < nnames; i++)
		if (!used[i])
			f->unmatched[k++] = xstrdup(cfg->image_names[i]);
	return 0;
}

/*
 * Podman: put the native inspect's "Healthcheck" (libpod ImageData; "HealthCheck" in some
 * releases) into the compat answer's Config, where the checks read it. When the native inspect
 * failed or is not an object and the compat answer has none, the HEALTHCHECK is unknown: the
 * image records why (4.6 then ends in ERROR for it, never in a FAIL that may be false).
 */
static int podman_healthcheck(struct images_fact *f, size_t at, cJSON *compat,
			      const struct docker_request *native)
{
	cJSON *config = cJSON_GetObjectItemCaseSensitive(compat, "Config");
	if (cJSON_IsObject(config) && cJSON_GetObjectItemCaseSensitive(config, "Healthcheck"))
		return 0; /* the compat answer has one: nothing to complete */
	if (native->result < 0 || !cJSON_IsObject(native->json)) {
		free(f->hc_errors[at]);
		f->hc_errors[at] = xasprintf(
		    "Podman's native image inspect (GET /libpod/images/ID/json), which has the "
		    "HEALTHCHECK that its compat inspect drops, failed: %s",
		    native->error ? native->error : "unexpected JSON");
		if (!f->hc_errors[at])
			return -ENOMEM;
		f->images[at].healthcheck_error = f->hc_errors[at];
		return 0;
	}
	const cJSON *hc = cJSON_GetObjectItemCaseSensitive(native->json, "Healthcheck");
	if (!hc)
		hc = cJSON_GetObjectItemCaseSensitive(native->json, "HealthCheck");
	if (!hc || cJSON_IsNull(hc))
		return 0; /* none in either: absent (an OCI-format image cannot hold one) */
	if (!cJSON_IsObject(config)) {
		if (config && !cJSON_IsNull(config))
			return 0; /* a malformed Config stays malformed: parsing says so */
		config = cJSON_CreateObject();
		if (!config)
			return -ENOMEM;
		if (!cJSON_ReplaceItemInObjectCaseSensitive(compat, "Config", config) &&
		    !cJSON_AddItemToObject(compat, "Config", config)) {
			cJSON_Delete(config);
			return -ENOMEM;
		}
	}
	cJSON *copy = cJSON_Duplicate(hc, true);
	if (!copy || !cJSON_AddItemToObject(config, "Healthcheck", copy)) {
		cJSON_Delete(copy);
		return -ENOMEM;
	}
	return 0;
}

static int load_images(struct audit_ctx *c, struct images_fact *f)
{
	const struct ctx_config *cfg = ctx_config(c);
	struct inspect_store *store = ctx_inspect_store(c);
	char *err = NULL;
	if (cfg->image_input)
		return load_archive(c, f);
	cJSON *list = NULL;
	int r = ctx_api_get(c, "/images/json", &list, &err);
	if (r < 0) {
		f->error = r;
		f->msg = err;
		return r;
	}
	if (!cJSON_IsArray(list)) {
		cJSON_Delete(list);
		f->error = -EBADMSG;
		f->msg = xstrdup("unexpected JSON from GET /images/json: not an array");
		return f->error;
	}
	size_t total = (size_t)cJSON_GetArraySize(list), cap = total ? total : 1;
	f->list = calloc(cap, sizeof(*f->list));
	const cJSON *it, *entries = f->list && store ? list : NULL;
	cJSON_ArrayForEach(it, entries)
	{
		if (inspect_parse_image_summary(store, it, &f->list[f->n_list++]) < 0)
			break;
	}
	cJSON_Delete(list);
	f->images = calloc(cap, sizeof(*f->images));
	f->errors = calloc(cap, sizeof(*f->errors));
	f->names = calloc(cap, sizeof(*f->names));
	f->hc_errors = calloc(cap, sizeof(*f->hc_errors));
	size_t nnames = strv_length(cfg->image_names);
	bool podman = cfg->image_names && ctx_engine_is_podman(c);
	bool *used = calloc(nnames + 1, sizeof(*used));
	_cleanup_free_ size_t *todo = calloc(cap, sizeof(*todo));
	if (!store || !f->list || f->n_list != total || !f->images || !f->errors || !f->names ||
	    !f->hc_errors || !used || !todo) {
		free(used);
		f->error = -ENOMEM;
		return f->error;
	}

	size_t n = 0, ntodo = 0;
	for (size_t k = 0; k < total; k++) {
		const struct image_summary *e = &f->list[k];
		struct image *img = &f->images[n];
		if (e->unreadable) {
			/* counted, never silently dropped: every image check says so */
			f->unreadable++;
			img->id = "";
			img->summary = e;
			f->errors[n] = xasprintf("entry %zu of the image list cannot be read: %s",
						 k + 1, e->unreadable);
			img->name = f->errors[n] ? f->errors[n] : "";
			img->error = -EBADMSG;
			img->error_msg = img->name;
			n++;
			continue;
		}
		const char *id = e->id;
		if (cfg->image_names) {
			bool hit = false;
			for (size_t i = 0; i < nnames; i++)
				if (id && image_matches(e, id, cfg->image_names[i], podman))
					hit = used[i] = true;
			if (!hit)
				continue;
		}
		img->id = id;
		img->summary = e;
		const char *t0 =
		    e->repo_tags.state == FIELD_SET && e->repo_tags.n ? e->repo_tags.v[0] : NULL;
		if (t0 && strcmp(t0, "<none>:<none>"))
			img->name = t0;
		else {
			const char *hex = str_startswith(id, "sha256:") ? id + 7 : id;
			f->names[n] = xstrndup(hex, 12);
			img->name = f->names[n] ? f->names[n] : "";
		}
		if (!image_hex(id)) {
			img->error = -EBADMSG;
			f->errors[n] = xstrdup("the daemon listed an image with an invalid id");
			img->error_msg = f->errors[n];
		} else {
			todo[ntodo++] = n;
		}
		n++;
	}
	f->n = n;

	/*
	 * Podman's compat inspect drops the HEALTHCHECK of a docker-format image (its Config is
	 * the OCI config, which has no such field); its native inspect (/libpod/images/ID/json,
	 * served under any /vX.Y prefix) has it as a top-level "Healthcheck". Both are fetched
	 * in the same batch and the native one completes the compat answer.
	 */
	bool libpod = ctx_engine_is_podman(c);
	size_t per = libpod ? 2 : 1;
	struct docker_request reqs[2 * INSPECT_BATCH];
	char *paths[2 * INSPECT_BATCH];
	r = 0;
	for (size_t first = 0; first < ntodo && r >= 0; first += INSPECT_BATCH) {
		size_t nimg = ntodo - first < INSPECT_BATCH ? ntodo - first : INSPECT_BATCH;
		size_t nreq = nimg * per;
		memset(reqs, 0, sizeof(reqs));
		for (size_t i = 0; i < nimg; i++) {
			const char *hex = image_hex(f->images[todo[first + i]].id);
			paths[i * per] = xasprintf("/images/%s/json", hex);
			if (libpod)
				paths[i * per + 1] = xasprintf("/libpod/images/%s/json", hex);
			for (size_t k = 0; k < per; k++)
				reqs[i * per + k].path =
				    paths[i * per + k] ? paths[i * per + k] : "/";
		}
		r = ctx_api_get_many(c, reqs, nreq);
		for (size_t i = 0; i < nimg; i++) {
			size_t at = todo[first + i];
			struct image *img = &f->images[at];
			struct docker_request *q = &reqs[i * per];
			int pr = -EBADMSG;
			if (r == 0 && q->result == 0 && cJSON_IsObject(q->json)) {
				if (libpod)
					pr = podman_healthcheck(f, at, q->json, &q[1]);
				if (pr != -ENOMEM)
					pr = inspect_parse_image(store, q->json, &img->inspect);
			}
			if (pr == -ENOMEM)
				r = pr;
			if (!img->inspect) {
				img->error = r < 0 ? r : q->result < 0 ? q->result : -EBADMSG;
				f->errors[at] = img->error == -ENOENT
						    ? xstrdup("the image vanished during the audit")
						: q->error
						    ? TAKE_PTR(q->error)
						    : xstrdup("unexpected JSON from image inspect");
				img->error_msg = f->errors[at];
			}
		}
		for (size_t k = 0; k < nreq; k++) {
			docker_request_release(&reqs[k]);
			free(paths[k]);
		}
	}

	/* names that matched nothing: the image command reports them */
	f->unmatched = calloc(nnames + 1, sizeof(char *));
	for (size_t i = 0, k = 0; f->unmatched && i < nnames; i++)
		if (!used[i])
			f->unmatched[k++] = xstrdup(cfg->image_names[i]);
	free(used);
	return r;
}

static int images_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)key;
	load_images(c, fact);
	return 0;
}

static const struct ctx_fact_type images_type = {
    .name = "images",
    .size = sizeof(struct images_fact),
    .load = images_fact_load,
    .release = images_fact_release,
};

static struct images_fact *images_fact(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &images_type, NULL, &f) < 0 ? NULL : f;
}

int ctx_images(struct audit_ctx *c, const struct image **ret, size_t *ret_n, const char **ret_error)
{
	struct images_fact *f = images_fact(c);
	if (!f) {
		if (ret_error)
			*ret_error = "out of memory";
		return -ENOMEM;
	}
	if (f->error < 0) {
		if (ret_error)
			*ret_error = f->msg ? f->msg : strerror(-f->error);
		return f->error;
	}
	*ret = f->images;
	*ret_n = f->n;
	return 0;
}

int ctx_image_list_counts(struct audit_ctx *c, size_t *ret_listed, size_t *ret_judged,
			  size_t *ret_unreadable)
{
	struct images_fact *f =
	    ctx_fact_peek(c, &images_type, NULL); /* only what a check already loaded */
	if (!f || f->error < 0)
		return f ? f->error : -ENODATA;
	*ret_listed = f->n_list;
	*ret_judged = f->n - f->unreadable;
	*ret_unreadable = f->unreadable;
	return 0;
}

char *const *ctx_images_unmatched(struct audit_ctx *c)
{
	struct images_fact *f = images_fact(c);
	static char *const none[] = {NULL};
	return f && f->unmatched ? f->unmatched : none;
}

static void load_histories(struct audit_ctx *c, struct images_fact *f)
{
	f->history_loaded = true;
	size_t cap = f->n ? f->n : 1;
	f->history = calloc(cap, sizeof(*f->history));
	f->history_error = calloc(cap, sizeof(*f->history_error));
	f->history_msg = calloc(cap, sizeof(*f->history_msg));
	_cleanup_free_ struct docker_request *reqs = calloc(cap, sizeof(*reqs));
	_cleanup_free_ size_t *req_of = calloc(cap, sizeof(*req_of));
	_cleanup_free_ char **paths = calloc(cap, sizeof(*paths));
	if (!f->history || !f->history_error || !f->history_msg || !reqs || !req_of || !paths) {
		free(f->history);
		f->history = NULL;
		return;
	}
	size_t nreq = 0;
	for (size_t i = 0; i < f->n; i++) {
		const char *hex = image_hex(f->images[i].id);
		if (!hex) {
			f->history_error[i] = -EBADMSG;
			f->history_msg[i] = xstrdup("invalid image id");
			continue;
		}
		paths[nreq] = xasprintf("/images/%s/history", hex);
		reqs[nreq].path = paths[nreq] ? paths[nreq] : "/";
		req_of[nreq++] = i;
	}
	int r = ctx_api_get_many(c, reqs, nreq);
	for (size_t k = 0; k < nreq; k++) {
		size_t i = req_of[k];
		if (r == 0 && reqs[k].result == 0 && cJSON_IsArray(reqs[k].json)) {
			f->history[i] = TAKE_PTR(reqs[k].json);
		} else {
			f->history_error[i] = r < 0		   ? r
					      : reqs[k].result < 0 ? reqs[k].result
								   : -EBADMSG;
			f->history_msg[i] = reqs[k].error
						? TAKE_PTR(reqs[k].error)
						: xstrdup("unexpected JSON from image history");
		}
		docker_request_release(&reqs[k]);
		free(paths[k]);
	}
}

int ctx_image_history(struct audit_ctx *c, const struct image *img, const cJSON **ret,
		      const char **ret_error)
{
	struct images_fact *f = images_fact(c);
	if (!f || f->error < 0 || img < f->images || img >= f->images + f->n)
		return -EINVAL;
	if (!f->history_loaded)
		load_histories(c, f);
	if (!f->history)
		return -ENOMEM;
	size_t i = (size_t)(img - f->images);
	if (f->history_error[i] < 0) {
		if (ret_error)
			*ret_error = f->history_msg[i];
		return f->history_error[i];
	}
	*ret = f->history[i];
	return 0;
}

bool ctx_images_offline(const struct audit_ctx *c)
{
	return ctx_config(c)->image_input != NULL;
}

const char *ctx_image_input_format(struct audit_ctx *c, size_t *ret_n)
{
	struct images_fact *f = ctx_images_offline(c) ? ctx_fact_peek(c, &images_type, NULL) : NULL;
	if (!f || !f->arc)
		return NULL;
	if (ret_n)
		*ret_n = f->arc->n;
	return f->arc->format;
}

int ctx_image_archived(struct audit_ctx *c, const struct image *img,
		       const struct archive_image **ret)
{
	if (!ctx_images_offline(c))
		return -ENODATA;
	struct images_fact *f = images_fact(c);
	if (!f || !f->arc || img < f->images || img >= f->images + f->n)
		return -EINVAL;
	*ret = &f->arc->images[f->arc_index[img - f->images]];
	return 0;
}

bool ctx_image_names_given(const struct audit_ctx *c)
{
	return ctx_config(c)->image_names != NULL || ctx_config(c)->image_input != NULL;
}
