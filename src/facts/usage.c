/* SPDX-License-Identifier: Apache-2.0 */
/* Which images the containers use: every container, running or not, with its image (6.1, 4.x
 * "in use"), whatever the container scope. */
#include "common.h"
#include "context.h"
#include "facts/usage.h"
#include "facts/inspect.h"
#include "json.h"
#include "strutil.h"

struct usage_fact {
	bool refs_loaded;
	int refs_error;
	char *refs_msg;
	struct container_ref *refs;
	size_t n_refs;
	const char **used_ids; /* the refs' image ids without "sha256:", sorted, for lookups */
};

static void usage_fact_release(void *p)
{
	struct usage_fact *f = p;
	free(f->refs_msg);
	free(f->refs);
	free(f->used_ids);
}

static int usage_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c, (void)fact, (void)key;
	return 0; /* filled on demand */
}

static const struct ctx_fact_type usage_type = {
    .name = "usage",
    .size = sizeof(struct usage_fact),
    .load = usage_fact_load,
    .release = usage_fact_release,
};

static struct usage_fact *usage_fact(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &usage_type, NULL, &f) < 0 ? NULL : f;
}

bool image_id_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	a += str_startswith(a, "sha256:") ? 7 : 0;
	b += str_startswith(b, "sha256:") ? 7 : 0;
	return *a && strcmp(a, b) == 0;
}

static const char *bare_id(const char *id)
{
	return str_startswith(id, "sha256:") ? id + 7 : id;
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ctx_image_in_use(struct audit_ctx *c, const char *image_id, bool *ret)
{
	const struct container_ref *refs;
	size_t n;
	int r = ctx_all_container_refs(c, &refs, &n, NULL);
	if (r < 0)
		return r;
	struct usage_fact *f = usage_fact(c);
	if (!f)
		return -ENOMEM;
	if (!f->used_ids) {
		f->used_ids = calloc(n ? n : 1, sizeof(*f->used_ids));
		if (!f->used_ids)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++)
			f->used_ids[i] = bare_id(refs[i].image_id);
		qsort(f->used_ids, n, sizeof(*f->used_ids), str_ptr_cmp);
	}
	const char *key = bare_id(image_id ? image_id : "");
	*ret = *key && n && bsearch(&key, f->used_ids, n, sizeof(*f->used_ids), str_ptr_cmp);
	return 0;
}

/* ---- every container ---- */

static int load_refs(struct audit_ctx *c, struct usage_fact *f)
{
	/* the context's own list: the daemon is asked once, whatever reads it */
	const struct container_entry *list;
	size_t total;
	const char *err = NULL;
	int r = ctx_container_list(c, &list, &total, &err);
	if (r < 0) {
		f->refs_msg = xstrdup(err ? err : strerror(-r));
		return r;
	}
	f->refs = calloc(total ? total : 1, sizeof(*f->refs));
	if (!f->refs)
		return -ENOMEM;
	size_t unreadable = 0;
	const char *why = NULL;
	for (size_t i = 0; i < total; i++) {
		const struct container_entry *e = &list[i];
		if (e->unreadable) {
			/* any image could be in use by it: nothing is judged from a partial list */
			unreadable++;
			why = why ? why : e->unreadable;
			continue;
		}
		f->refs[f->n_refs++] = (struct container_ref){
		    .id = e->id,
		    .name = e->name ? e->name : e->id,
		    .image_id = e->image_id,
		    .running = e->state == CONTAINER_RUNNING,
		};
	}
	if (unreadable) {
		f->refs_msg = xasprintf("%zu entr%s of GET /containers/json cannot be read (%s)",
					unreadable, unreadable == 1 ? "y" : "ies", why);
		return -EBADMSG;
	}
	return 0;
}

int ctx_all_container_refs(struct audit_ctx *c, const struct container_ref **ret, size_t *ret_n,
			   const char **ret_error)
{
	struct usage_fact *f = usage_fact(c);
	if (!f) {
		if (ret_error)
			*ret_error = "out of memory";
		return -ENOMEM;
	}
	if (!f->refs_loaded) {
		f->refs_loaded = true;
		f->refs_error = load_refs(c, f);
		if (f->refs_error < 0 && !f->refs_msg)
			f->refs_msg = xstrdup(strerror(-f->refs_error));
	}
	if (f->refs_error < 0) {
		if (ret_error)
			*ret_error = f->refs_msg ? f->refs_msg : "out of memory";
		return f->refs_error;
	}
	*ret = f->refs;
	*ret_n = f->n_refs;
	return 0;
}
