/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Facts for sections 4 and 6 beyond src/facts/images.c: every container with its image, the
 * effective user of a running container's PID 1 (from /proc under --root), and image histories
 * parsed into build steps.
 */
#include "common.h"
#include <ctype.h>
#include <inttypes.h>
#include "context.h"
#include "facts/images_extra.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define SLOT "images_extra"
#define PROC_FILE_MAX (64u * 1024)

struct proc_entry {
	const struct container *ct;
	struct proc_user pu;
	char *why;
};

struct extra_fact {
	/* every container */
	bool refs_loaded;
	int refs_error;
	char *refs_msg;
	struct container_ref *refs;
	size_t n_refs;
	const char **used_ids; /* the refs' image ids without "sha256:", sorted, for lookups */
	/* proc users, one per container asked about, indexed like ctx_containers */
	struct proc_entry **procs; /* each allocated on its own: callers keep pointers */
	size_t n_procs;
	/* parsed histories, indexed like ctx_images */
	const struct image *images;
	size_t n_images;
	bool *steps_loaded;
	struct image_steps *steps;
	int *steps_error;
	char **steps_msg;
};

static void extra_fact_free(void *p)
{
	struct extra_fact *f = p;
	if (!f)
		return;
	free(f->refs_msg);
	free(f->refs);
	free(f->used_ids);
	for (size_t i = 0; f->procs && i < f->n_procs; i++) {
		if (!f->procs[i])
			continue;
		free(f->procs[i]->why);
		free(f->procs[i]);
	}
	free(f->procs);
	for (size_t i = 0; f->steps && i < f->n_images; i++) {
		image_steps_release(&f->steps[i]);
		free(f->steps_msg[i]);
	}
	free(f->steps_loaded);
	free(f->steps);
	free(f->steps_error);
	free(f->steps_msg);
	free(f);
}

static struct extra_fact *extra_fact(struct audit_ctx *c)
{
	struct extra_fact *f = ctx_slot_get(c, SLOT);
	if (f)
		return f;
	f = calloc(1, sizeof(*f));
	if (!f || ctx_slot_put(c, SLOT, f, extra_fact_free) < 0)
		return NULL;
	return f;
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
	struct extra_fact *f = extra_fact(c);
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

bool ctx_image_names_given(const struct audit_ctx *c)
{
	return ctx_config(c)->image_names != NULL || ctx_config(c)->image_input != NULL;
}

/* ---- every container ---- */

static int load_refs(struct audit_ctx *c, struct extra_fact *f)
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
	struct extra_fact *f = extra_fact(c);
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

/* ---- /proc ---- */

/* The n-th (0-based) whitespace-separated field after "Key:" on its line of a status text. */
static int status_field(const char *text, const char *key, int n, uint32_t *ret)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *p = line + klen + 1;
			for (int i = 0;; i++) {
				while (*p == ' ' || *p == '\t')
					p++;
				if (!*p || *p == '\n')
					return -EBADMSG;
				const char *e = p;
				while (*e && !isspace((unsigned char)*e))
					e++;
				if (i == n) {
					char num[24];
					uint64_t v;
					if ((size_t)(e - p) >= sizeof(num))
						return -EBADMSG;
					memcpy(num, p, (size_t)(e - p));
					num[e - p] = '\0';
					if (parse_uint64(num, &v) < 0 || v > UINT32_MAX)
						return -EBADMSG;
					*ret = (uint32_t)v;
					return 0;
				}
				p = e;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

int proc_status_euid(const char *status, uint32_t *ret)
{
	return status_field(status, "Uid", 1, ret);
}

int proc_uid_map_inside(const char *uid_map, uint32_t host_uid, uint32_t *ret, bool *ret_identity)
{
	bool identity = false, found = false;
	uint32_t inside = 0;
	size_t lines = 0;
	for (const char *line = uid_map; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char buf[128];
		if (len >= sizeof(buf))
			return -EBADMSG;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = eol ? eol + 1 : NULL;
		_cleanup_strv_free_ char **f = NULL;
		for (char *s = buf; *s; s++)
			if (*s == '\t')
				*s = ' ';
		int n = str_split(buf, ' ', &f);
		if (n == 0)
			continue;
		uint64_t in, out, cnt;
		if (n != 3 || parse_uint64(f[0], &in) < 0 || parse_uint64(f[1], &out) < 0 ||
		    parse_uint64(f[2], &cnt) < 0)
			return -EBADMSG;
		lines++;
		if (in == 0 && out == 0 && cnt == UINT32_MAX)
			identity = true;
		if (!found && host_uid >= out && host_uid - out < cnt) {
			found = true;
			inside = (uint32_t)(in + (host_uid - out));
		}
	}
	if (!lines)
		return -EBADMSG;
	if (!found)
		return -ENOENT;
	*ret = inside;
	if (ret_identity)
		*ret_identity = identity && lines == 1;
	return 0;
}

static void read_proc_user(struct audit_ctx *c, const struct container *ct, struct proc_entry *e)
{
	struct proc_user *pu = &e->pu;
	const struct hostfs *h = ctx_hostfs(c);
	const struct opt_int *sp = ct->inspect ? &ct->inspect->state_pid : NULL;
	int64_t pid = sp && sp->state == FIELD_SET ? sp->v : 0;
	int r = !sp || field_unset(sp->state) ? -ENOENT : sp->state == FIELD_INVALID ? -EINVAL : 0;
	pu->pid = pid;
	if (r < 0 || pid <= 0) {
		pu->error = r < 0 ? r : -ESRCH;
		e->why = xstrdup("State.Pid is not a process id");
		return;
	}
	if (!h) {
		pu->error = -ENOENT;
		e->why = xstrdup("no host root to read /proc from");
		return;
	}
	char path[64];
	_cleanup_free_ char *status = NULL, *cgroup = NULL, *uid_map = NULL;
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/status", pid);
	r = hostfs_read_file(h, path, PROC_FILE_MAX, &status, NULL);
	if (r < 0) {
		pu->error = r;
		e->why = xasprintf("%s: %s%s", path, strerror(-r),
				   r == -ENOENT ? " (a daemon on another host, or docker-audit in "
						  "a PID namespace of its own without the host's "
						  "/proc under --root?)"
						: "");
		return;
	}
	/* the PID is the daemon's view: make sure the process we read is this container's */
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/cgroup", pid);
	r = hostfs_read_file(h, path, PROC_FILE_MAX, &cgroup, NULL);
	if (r < 0) {
		pu->error = r;
		e->why = xasprintf("%s: %s", path, strerror(-r));
		return;
	}
	if (!ct->id || strlen(ct->id) < 12 || !strstr(cgroup, ct->id)) {
		pu->error = -ESRCH;
		e->why = xasprintf("process %" PRId64 " in /proc is not this container's, its "
				   "cgroup does not name it: a daemon on another host, or another "
				   "PID namespace?",
				   pid);
		return;
	}
	r = proc_status_euid(status, &pu->host_uid);
	if (r < 0) {
		pu->error = -EBADMSG;
		e->why = xasprintf("/proc/%" PRId64 "/status has no readable Uid: line", pid);
		return;
	}
	pu->uid = pu->host_uid;
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/uid_map", pid);
	if (hostfs_read_file(h, path, PROC_FILE_MAX, &uid_map, NULL) == 0) {
		bool identity = true;
		uint32_t inside;
		r = proc_uid_map_inside(uid_map, pu->host_uid, &inside, &identity);
		if (r == 0) {
			pu->uid = inside;
			pu->remapped = !identity;
		} else if (r == -ENOENT) {
			pu->uid = 65534; /* unmapped: the overflow uid inside, never root */
			pu->remapped = true;
		}
	}
}

const struct proc_user *ctx_container_proc_user(struct audit_ctx *c, const struct container *ct)
{
	struct extra_fact *f = extra_fact(c);
	const struct container *cs;
	size_t n;
	if (!f || ctx_containers(c, &cs, &n, NULL) < 0 || ct < cs || ct >= cs + n)
		return NULL;
	/* one slot per container in scope: a lookup, not a scan */
	if (!f->procs) {
		f->procs = calloc(n ? n : 1, sizeof(*f->procs));
		if (!f->procs)
			return NULL;
		f->n_procs = n;
	}
	size_t i = (size_t)(ct - cs);
	if (f->procs[i])
		return &f->procs[i]->pu;
	struct proc_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->ct = ct;
	read_proc_user(c, ct, e);
	if (e->pu.error < 0 && !e->why) {
		free(e);
		return NULL;
	}
	e->pu.why = e->why;
	f->procs[i] = e;
	return &e->pu;
}

/* ---- history ---- */

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
	 * the newest that is another local image with a tag) starts what is inherited */
	size_t boundary = n; /* index into history of the inherited part, n: none */
	const char *ancestor = NULL;
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
		if (k > 0 && boundary == n && cJSON_IsArray(tags) && tags_named(tags, &first) &&
		    cJSON_IsString(id) && strcmp(id->valuestring, "<missing>") != 0 &&
		    !streq_ptr(id->valuestring, image_id)) {
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
	struct extra_fact *f = extra_fact(c);
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
