/* SPDX-License-Identifier: Apache-2.0 */
/* Image histories parsed into build steps (sections 4 and 6). */
#include "common.h"
#include <ctype.h>
#include "context.h"
#include "facts/history.h"
#include "facts/images.h"
#include "json.h"
#include "strutil.h"

/* Parsed histories, indexed like ctx_images. */
struct steps_fact {
	const struct image *images;
	size_t n_images;
	bool *steps_loaded;
	struct image_steps *steps;
	int *steps_error;
	char **steps_msg;
};

static void steps_fact_release(void *p)
{
	struct steps_fact *f = p;
	for (size_t i = 0; f->steps && i < f->n_images; i++) {
		image_steps_release(&f->steps[i]);
		free(f->steps_msg[i]);
	}
	free(f->steps_loaded);
	free(f->steps);
	free(f->steps_error);
	free(f->steps_msg);
}

static int steps_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c, (void)fact, (void)key;
	return 0; /* filled image by image */
}

static const struct ctx_fact_type steps_type = {
    .name = "history",
    .size = sizeof(struct steps_fact),
    .load = steps_fact_load,
    .release = steps_fact_release,
};

static struct steps_fact *steps_fact(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &steps_type, NULL, &f) < 0 ? NULL : f;
}

static const char *const keywords[] = {
    "ADD",    "ARG",   "CMD",	      "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR",
};

static enum image_step_kind keyword_kind(const char *kw)
{
	if (strcmp(kw, "RUN") == 0)
		return IMAGE_STEP_RUN;
	if (strcmp(kw, "ADD") == 0)
		return IMAGE_STEP_ADD;
	if (strcmp(kw, "COPY") == 0)
		return IMAGE_STEP_COPY;
	if (strcmp(kw, "ENV") == 0)
		return IMAGE_STEP_ENV;
	if (strcmp(kw, "ARG") == 0)
		return IMAGE_STEP_ARG;
	if (strcmp(kw, "LABEL") == 0)
		return IMAGE_STEP_LABEL;
	return IMAGE_STEP_OTHER;
}

/* "KEYWORD rest" with a known upper-case Dockerfile keyword: its length, else 0. */
static size_t keyword_at(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++) {
		size_t n = strlen(keywords[i]);
		if (strncmp(s, keywords[i], n) == 0 && (s[n] == ' ' || s[n] == '\0'))
			return n;
	}
	return 0;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * The build-argument prefix of a RUN, "|N NAME=value ... " (classic builder and BuildKit):
 * NAME=value pairs into *ret_args, the command after them into *ret_rest.
 */
static int parse_build_args(const char *s, char ***ret_args, const char **ret_rest)
{
	const char *p = s + 1;
	uint64_t n = 0;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (uint64_t)(*p - '0');
		if (n > 4096)
			return -EBADMSG;
		p++;
	}
	if (p == s + 1 || *p != ' ')
		return -EBADMSG;
	char **args = calloc(n + 1, sizeof(char *));
	if (!args)
		return -ENOMEM;
	for (uint64_t i = 0; i < n; i++) {
		p = skip_spaces(p);
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e == p)
			break;
		args[i] = xstrndup(p, (size_t)(e - p));
		if (!args[i]) {
			strv_free(args);
			return -ENOMEM;
		}
		p = e;
	}
	*ret_args = args;
	*ret_rest = skip_spaces(p);
	return 0;
}

static int parse_created_by(const char *created_by, struct image_step *st)
{
	static const char nop[] = "/bin/sh -c #(nop)";
	_cleanup_free_ char *s = xstrdup(created_by);
	if (!s)
		return -ENOMEM;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	if (str_endswith(s, "# buildkit")) { /* BuildKit marks what it wrote */
		st->buildkit = true;
		len -= strlen("# buildkit");
		s[len] = '\0';
		while (len && s[len - 1] == ' ')
			s[--len] = '\0';
	}
	const char *p = skip_spaces(s);
	bool is_nop = str_startswith(p, nop);
	size_t kwlen = 0;
	if (is_nop)
		p = skip_spaces(p + strlen(nop)); /* classic: an instruction without a layer */
	if (!is_nop && (*p == '\0' || *p == '#')) {
		/* imported, or a comment ("# debian.sh ...") */
		st->kind = IMAGE_STEP_NONE;
		st->keyword = xstrdup("");
	} else if ((kwlen = keyword_at(p)) > 0) {
		/* "#(nop) ENV ...", or BuildKit, kaniko, buildah: "RUN ...", "COPY ..." */
		st->keyword = xstrndup(p, kwlen);
		st->kind = st->keyword ? keyword_kind(st->keyword) : IMAGE_STEP_OTHER;
		p = skip_spaces(p + kwlen);
	} else if (is_nop) {
		st->kind = IMAGE_STEP_OTHER; /* a "#(nop)" we do not know */
		st->keyword = xstrdup("");
	} else {
		st->kind = IMAGE_STEP_RUN; /* classic builder RUN: the command as it ran */
		st->keyword = xstrdup("RUN");
	}
	if (!st->keyword)
		return -ENOMEM;
	if (st->kind == IMAGE_STEP_RUN) {
		if (*p == '|') {
			int r = parse_build_args(p, &st->build_args, &p);
			if (r == -ENOMEM)
				return r;
		}
		if (str_startswith(p, "/bin/sh -c "))
			p = skip_spaces(p + strlen("/bin/sh -c "));
	}
	st->body = xstrdup(p);
	return st->body ? 0 : -ENOMEM;
}

static bool tags_named(const cJSON *tags, const char **ret_first)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tags)
	{
		if (cJSON_IsString(t) && t->valuestring && *t->valuestring &&
		    strcmp(t->valuestring, "<none>:<none>") != 0) {
			*ret_first = t->valuestring;
			return true;
		}
	}
	return false;
}

/* A history entry without an image of its own: Docker's "<missing>", Podman's compat
 * "sha256:<missing>". */
static bool id_missing(const char *id)
{
	return strcmp(id, "<missing>") == 0 || strcmp(id, "sha256:<missing>") == 0;
}

/* Two Tags arrays with the same strings in the same order (both named). */
static bool same_tags(const cJSON *a, const cJSON *b)
{
	if (!cJSON_IsArray(a) || !cJSON_IsArray(b) ||
	    cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
		return false;
	for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next)
		if (!cJSON_IsString(x) || !cJSON_IsString(y) ||
		    !streq_ptr(x->valuestring, y->valuestring))
			return false;
	return true;
}

int image_steps_parse(const cJSON *history, const char *image_id, struct image_steps *ret,
		      char **ret_error)
{
	if (!cJSON_IsArray(history)) {
		*ret_error = xstrdup("unexpected JSON from image history: not an array");
		return -EBADMSG;
	}
	size_t n = (size_t)cJSON_GetArraySize(history);
	struct image_steps s = {.steps = calloc(n ? n : 1, sizeof(struct image_step)), .n = 0};
	if (!s.steps)
		return -ENOMEM;
	/* newest first: entry k becomes step n - k; the nearest tagged ancestor (an entry below
	 * the newest that is another local image with a tag) starts what is inherited. Podman
	 * repeats the image's own tags on each of its own steps (Id "sha256:<missing>" in the
	 * compat history, "<missing>" in the native one): an entry with a step's unknown id or
	 * with exactly the newest entry's tags is the image itself, never an ancestor. */
	size_t boundary = n; /* index into history of the inherited part, n: none */
	const char *ancestor = NULL;
	const cJSON *own_tags = NULL;
	size_t k = 0;
	const cJSON *it;
	int r = 0;
	cJSON_ArrayForEach(it, history)
	{
		const char *what = NULL;
		const cJSON *cb = cJSON_GetObjectItemCaseSensitive(it, "CreatedBy");
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(it, "Tags");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "Id");
		if (!cJSON_IsObject(it))
			what = "an entry is not an object";
		else if (cb && !cJSON_IsString(cb) && !cJSON_IsNull(cb))
			what = "CreatedBy is not a string";
		else if (tags && !cJSON_IsArray(tags) && !cJSON_IsNull(tags))
			what = "Tags is not an array";
		else if (id && !cJSON_IsString(id) && !cJSON_IsNull(id))
			what = "Id is not a string";
		if (what) {
			*ret_error = xasprintf("unexpected JSON from image history: %s", what);
			r = -EBADMSG;
			goto fail;
		}
		const char *first;
		if (k == 0)
			own_tags = tags;
		if (k > 0 && boundary == n && cJSON_IsArray(tags) && tags_named(tags, &first) &&
		    cJSON_IsString(id) && !id_missing(id->valuestring) &&
		    !streq_ptr(id->valuestring, image_id) && !same_tags(tags, own_tags)) {
			boundary = k;
			ancestor = first;
		}
		k++;
	}
	k = 0;
	cJSON_ArrayForEach(it, history)
	{
		struct image_step *st = &s.steps[n - 1 - k];
		const char *cb = json_get_string(it, "CreatedBy");
		st->number = n - k;
		st->inherited = k >= boundary;
		st->ancestor = st->inherited ? ancestor : NULL;
		s.n++;
		r = parse_created_by(cb ? cb : "", st);
		if (r < 0)
			goto fail;
		k++;
	}
	*ret = s;
	return 0;
fail:
	s.n = n;
	image_steps_release(&s);
	return r;
}

void image_steps_release(struct image_steps *s)
{
	for (size_t i = 0; s->steps && i < s->n; i++) {
		free(s->steps[i].keyword);
		free(s->steps[i].body);
		strv_free(s->steps[i].build_args);
	}
	free(s->steps);
	s->steps = NULL;
	s->n = 0;
}

int ctx_image_steps(struct audit_ctx *c, const struct image *img, const struct image_steps **ret,
		    const char **ret_error)
{
	struct steps_fact *f = steps_fact(c);
	const struct image *imgs;
	size_t n;
	const char *err = "out of memory";
	if (!f)
		goto nomem;
	int r = ctx_images(c, &imgs, &n, &err);
	if (r < 0) {
		if (ret_error)
			*ret_error = err;
		return r;
	}
	if (img < imgs || img >= imgs + n) {
		if (ret_error)
			*ret_error = "not an image in scope";
		return -EINVAL;
	}
	if (!f->steps) {
		f->images = imgs;
		f->n_images = n;
		f->steps_loaded = calloc(n ? n : 1, sizeof(*f->steps_loaded));
		f->steps = calloc(n ? n : 1, sizeof(*f->steps));
		f->steps_error = calloc(n ? n : 1, sizeof(*f->steps_error));
		f->steps_msg = calloc(n ? n : 1, sizeof(*f->steps_msg));
		if (!f->steps_loaded || !f->steps || !f->steps_error || !f->steps_msg) {
			free(f->steps_loaded);
			free(f->steps);
			free(f->steps_error);
			free(f->steps_msg);
			f->steps_loaded = NULL;
			f->steps = NULL;
			f->steps_error = NULL;
			f->steps_msg = NULL;
			goto nomem;
		}
	}
	size_t i = (size_t)(img - imgs);
	if (!f->steps_loaded[i]) {
		f->steps_loaded[i] = true;
		const cJSON *hist = NULL;
		const char *herr = NULL;
		r = ctx_image_history(c, img, &hist, &herr);
		if (r < 0) {
			f->steps_error[i] = r;
			f->steps_msg[i] = xstrdup(herr ? herr : strerror(-r));
		} else {
			r = image_steps_parse(hist, img->id, &f->steps[i], &f->steps_msg[i]);
			if (r < 0) {
				f->steps_error[i] = r;
				if (!f->steps_msg[i])
					f->steps_msg[i] = xstrdup(strerror(-r));
			}
		}
	}
	if (f->steps_error[i] < 0) {
		if (ret_error)
			*ret_error = f->steps_msg[i] ? f->steps_msg[i] : "out of memory";
		return f->steps_error[i];
	}
	*ret = &f->steps[i];
	return 0;
nomem:
	if (ret_error)
		*ret_error = "out of memory";
	return -ENOMEM;
}
