/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <libaudit.h>
#include "auditrules.h"
#include "hostfs.h"
#include "strutil.h"

/* Rules files are small; anything past this is not a rules file we want to hold in memory. */
#define AUDITRULES_FILE_MAX (4u * 1024 * 1024)
/* How long the kernel may take to send the next message of the rule list. */
#define AUDITRULES_REPLY_TIMEOUT_MS 2000
/* More messages than this in one rule list means something is wrong: stop rather than spin. */
#define AUDITRULES_MAX_MESSAGES (1024 * 1024)
#define AUDITRULES_KEY_SEPARATOR '\001'

static void watch_release(struct audit_watch *w)
{
	free(w->path);
	free(w->key);
	free(w->file);
	*w = (struct audit_watch){0};
}

void audit_watch_list_release(struct audit_watch_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		watch_release(&l->items[i]);
	for (size_t i = 0; i < l->n_never; i++)
		watch_release(&l->nevers[i]);
	free(l->items);
	free(l->nevers);
	free(l->unreadable_first);
	free(l->task_never);
	*l = (struct audit_watch_list){0};
}

/* Count an entry that could not be read; the first one is described (best effort: the count
 * is what makes a check ERROR, the description only says where to look). */
_printf_(2, 3) static void note_unreadable(struct audit_watch_list *l, const char *fmt, ...)
{
	l->unreadable++;
	if (l->unreadable_first)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&l->unreadable_first, fmt, ap) < 0)
		l->unreadable_first = NULL;
	va_end(ap);
}

/* Room for extra more entries in *items (n used, *cap allocated); capacity doubles. */
static int vec_reserve(struct audit_watch **items, size_t n, size_t *cap, size_t extra)
{
	if (extra > SIZE_MAX / sizeof(**items) - n)
		return -ENOMEM;
	size_t need = n + extra;
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / sizeof(**items) / 2 ? need : ncap * 2;
	struct audit_watch *v = realloc(*items, ncap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*items = v;
	*cap = ncap;
	return 0;
}

/* Append a watch (or a never rule) in the list's order; its strings are given to the list
 * (freed here on failure too). */
static int list_push(struct audit_watch_list *l, struct audit_watch *w, bool never, bool prepend)
{
	struct audit_watch **v = never ? &l->nevers : &l->items;
	size_t *n = never ? &l->n_never : &l->n;
	int r = vec_reserve(v, *n, never ? &l->cap_never : &l->cap, 1);
	if (r < 0) {
		watch_release(w);
		return r;
	}
	/* -A puts a rule before every other one of its list, -a after */
	w->order = prepend ? -++l->prepended : ++l->appended;
	(*v)[(*n)++] = *w;
	*w = (struct audit_watch){0};
	return 0;
}

/* Entries of src after those of dst, in the order of one list: src's appended entries after
 * dst's, its prepended ones before dst's (as when its rules are loaded after dst's). */
static void rebase_orders(struct audit_watch *v, size_t n, const struct audit_watch_list *dst)
{
	for (size_t i = 0; i < n; i++)
		v[i].order += v[i].order > 0 ? dst->appended : -dst->prepended;
}

/* Move every watch and never rule of src, and its count of unreadable entries, to the end of
 * dst; on failure both are unchanged. */
static int list_move_all(struct audit_watch_list *dst, struct audit_watch_list *src)
{
	int r = vec_reserve(&dst->items, dst->n, &dst->cap, src->n);
	if (r >= 0)
		r = vec_reserve(&dst->nevers, dst->n_never, &dst->cap_never, src->n_never);
	if (r < 0)
		return r;
	rebase_orders(src->items, src->n, dst);
	rebase_orders(src->nevers, src->n_never, dst);
	if (src->n)
		memcpy(dst->items + dst->n, src->items, src->n * sizeof(*src->items));
	if (src->n_never)
		memcpy(dst->nevers + dst->n_never, src->nevers,
		       src->n_never * sizeof(*src->nevers));
	dst->n += src->n;
	dst->n_never += src->n_never;
	dst->appended += src->appended;
	dst->prepended += src->prepended;
	dst->unreadable += src->unreadable;
	if (!dst->unreadable_first)
		dst->unreadable_first = TAKE_PTR(src->unreadable_first);
	if (!dst->task_never)
		dst->task_never = TAKE_PTR(src->task_never);
	free(src->task_never);
	free(src->items);
	free(src->nevers);
	free(src->unreadable_first);
	*src = (struct audit_watch_list){0};
	return 0;
}

/* The placement of an entry: a watch or a never rule, appended (-a, -w) or prepended (-A). */
enum entry_place {
	ENTRY_WATCH,
	ENTRY_WATCH_PREPEND,
	ENTRY_NEVER,
	ENTRY_NEVER_PREPEND,
};

static int add_watch(struct audit_watch_list *l, const char *path, size_t path_len, bool dir,
		     unsigned perms, const char *key, size_t key_len, enum auditrules_origin origin,
		     const char *file, unsigned line, enum entry_place place)
{
	_cleanup_free_ char *raw = xstrndup(path, path_len);
	if (!raw)
		return -ENOMEM;
	struct audit_watch w = {
	    .path = path_normalize(raw),
	    .dir = dir,
	    .perms = perms & AUDIT_WATCH_PERM_ALL,
	    .key = key && key_len ? xstrndup(key, key_len) : NULL,
	    .origin = origin,
	    .file = xstrdup(file),
	    .line = line,
	};
	if (!w.path || (key && key_len && !w.key) || (file && !w.file)) {
		watch_release(&w);
		return -ENOMEM;
	}
	return list_push(l, &w, place == ENTRY_NEVER || place == ENTRY_NEVER_PREPEND,
			 place == ENTRY_WATCH_PREPEND || place == ENTRY_NEVER_PREPEND);
}

/* "rwxa" letters, in any order and case, as auditctl takes them (-p and -F perm=). */
static int parse_perms(const char *s, unsigned *ret)
{
	unsigned perms = 0;
	size_t len = strlen(s);
	if (len == 0 || len > 4)
		return -EINVAL;
	for (; *s; s++) {
		switch (tolower((unsigned char)*s)) {
		case 'r':
			perms |= AUDIT_WATCH_PERM_R;
			break;
		case 'w':
			perms |= AUDIT_WATCH_PERM_W;
			break;
		case 'x':
			perms |= AUDIT_WATCH_PERM_X;
			break;
		case 'a':
			perms |= AUDIT_WATCH_PERM_A;
			break;
		default:
			return -EINVAL;
		}
	}
	*ret = perms;
	return 0;
}

const char *auditrules_perms_str(unsigned perms, char out[static 5])
{
	size_t n = 0;
	if (perms & AUDIT_WATCH_PERM_R)
		out[n++] = 'r';
	if (perms & AUDIT_WATCH_PERM_W)
		out[n++] = 'w';
	if (perms & AUDIT_WATCH_PERM_X)
		out[n++] = 'x';
	if (perms & AUDIT_WATCH_PERM_A)
		out[n++] = 'a';
	if (n == 0)
		out[n++] = '-';
	out[n] = '\0';
	return out;
}

/* ---- rules files (auditctl syntax) ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Split a line into words in place. Blanks separate words; as in auditctl, "\ " is a blank
 * inside a word and "\\" a backslash.
 */
static int split_words(char *s, char ***ret, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	char *r = s;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r)
			break;
		char *word = r, *w = r;
		while (*r && !is_blank(*r)) {
			if (r[0] == '\\' && (r[1] == ' ' || r[1] == '\\')) {
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		bool end = *r == '\0';
		*w = '\0';
		if (!end)
			r++;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nv = realloc(v, ncap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
			cap = ncap;
		}
		v[n++] = word;
		if (end)
			break;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

enum rule_kind {
	RULE_NONE,
	RULE_WATCH, /* -w PATH */
	RULE_ADD, /* -a / -A list,action */
	RULE_OTHER, /* anything that is not a rule we count: -W, -d, -D, -b, -e ... */
};

struct rule_text {
	enum rule_kind kind;
	bool always, exit_list, prepend;
	bool task_list;
	bool fields; /* any -F or -S: the rule applies to some events or tasks only */
	const char *path;
	bool dir;
	unsigned perms;
	bool perms_set;
	bool syscall;
	bool exe;
	const char *key;
	bool bad;
};

static bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static bool is_audit_list(const char *s, bool *ret_exit)
{
	static const char *const lists[] = {"task",    "exit",	     "user",
					    "exclude", "filesystem", "io_uring"};
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		if (streq(s, lists[i])) {
			*ret_exit = streq(s, "exit");
			return true;
		}
	return false;
}

/* -a/-A ARG: "action,list" or "list,action", exactly one comma. */
static void parse_action_list(struct rule_text *rt, const char *arg)
{
	const char *comma = strchr(arg, ',');
	if (!comma || strchr(comma + 1, ',') || comma == arg || !comma[1]) {
		rt->bad = true;
		return;
	}
	char first[32];
	size_t n = (size_t)(comma - arg);
	if (n >= sizeof(first)) {
		rt->bad = true;
		return;
	}
	memcpy(first, arg, n);
	first[n] = '\0';
	const char *second = comma + 1;
	const char *action;
	bool exit_list;
	if (is_audit_list(first, &exit_list)) {
		action = second;
	} else if (is_audit_list(second, &exit_list)) {
		action = first;
	} else {
		rt->bad = true;
		return;
	}
	/* "possible" is deprecated: auditctl refuses it, so nothing is loaded */
	if (!streq(action, "always") && !streq(action, "never")) {
		rt->bad = true;
		return;
	}
	rt->always = streq(action, "always");
	rt->exit_list = exit_list;
	rt->task_list = streq(first, "task") || streq(second, "task");
}

/* -F NAME OP VALUE: the operators auditctl knows, two-character ones first. */
static void parse_field(struct rule_text *rt, const char *arg)
{
	rt->fields = true;
	static const char *const ops[] = {"!=", "<=", ">=", "&=", "=", "<", ">", "&"};
	size_t name_len = strcspn(arg, "!<>&=");
	const char *op = NULL, *value = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (str_startswith(arg + name_len, ops[i])) {
			op = ops[i];
			value = arg + name_len + strlen(op);
			break;
		}
	if (!op || name_len == 0 || !*value) {
		rt->bad = true;
		return;
	}
	char name[32];
	if (name_len >= sizeof(name)) {
		rt->bad = true;
		return;
	}
	memcpy(name, arg, name_len);
	name[name_len] = '\0';
	bool eq = streq(op, "=");

	if (streq(name, "path") || streq(name, "dir")) {
		/*
		 * The kernel takes these with "=" only and one per rule, and refuses a path=
		 * ending in "/" (auditctl strips the slashes of -w, not of -F path=).
		 */
		if (!eq || rt->path || (streq(name, "path") && str_endswith(value, "/"))) {
			rt->bad = true;
			return;
		}
		rt->path = value;
		rt->dir = streq(name, "dir");
	} else if (streq(name, "perm")) {
		if (!eq || parse_perms(value, &rt->perms) < 0) {
			rt->bad = true;
			return;
		}
		rt->perms_set = true;
	} else if (streq(name, "key")) {
		if (!eq) {
			rt->bad = true;
			return;
		}
		if (!rt->key)
			rt->key = value;
	} else if (streq(name, "exe")) {
		rt->exe = true;
	}
	/* arch, auid, uid, success ... narrow the rule; they do not change what it watches */
}

/* Short options of auditctl that take an argument. */
static bool option_has_arg(char c)
{
	return c && strchr("CebfraAdSFmRwWkpq", c) != NULL;
}

static void parse_words(struct rule_text *rt, char **words, size_t n)
{
	for (size_t i = 0; i < n && !rt->bad && rt->kind != RULE_OTHER; i++) {
		const char *w = words[i];
		if (w[0] != '-' || !w[1]) {
			rt->bad = true; /* auditctl: "parameter passed without an option given" */
			return;
		}
		if (w[1] == '-') {
			/* --backlog_wait_time, --loginuid-immutable, --reset-lost, --signal ... */
			rt->kind = RULE_OTHER;
			return;
		}
		char opt = w[1];
		const char *arg = NULL;
		if (option_has_arg(opt)) {
			if (w[2])
				arg = w + 2;
			else if (i + 1 < n)
				arg = words[++i];
			else {
				rt->bad = true;
				return;
			}
		} else {
			/* flags may be grouped ("-ic"); all but -i and -c make it a command */
			for (const char *f = w + 1; *f; f++) {
				if (*f == 'i' || *f == 'c')
					continue;
				if (strchr("hslDvt", *f))
					rt->kind = RULE_OTHER;
				else
					rt->bad = true;
				return;
			}
			continue;
		}

		switch (opt) {
		case 'w':
			if (rt->kind != RULE_NONE) {
				rt->bad = true;
				return;
			}
			rt->kind = RULE_WATCH;
			rt->path = arg;
			rt->dir = false;
			break;
		case 'a':
		case 'A':
			if (rt->kind != RULE_NONE) {
				rt->bad = true;
				return;
			}
			rt->kind = RULE_ADD;
			rt->prepend = opt == 'A';
			parse_action_list(rt, arg);
			break;
		case 'F':
			/* auditctl: "List must be given before field" */
			if (rt->kind == RULE_NONE) {
				rt->bad = true;
				return;
			}
			parse_field(rt, arg);
			break;
		case 'p':
			if (rt->kind == RULE_NONE || parse_perms(arg, &rt->perms) < 0) {
				rt->bad = true;
				return;
			}
			rt->perms_set = true;
			break;
		case 'k':
			/*
			 * auditctl refuses -k unless a watch, a syscall, a path, a permission or an
			 * exe came before it ("key option needs a watch or syscall given prior to
			 * it"): "-a always,exit -k K -F path=P" is not loaded; -F key=K is fine.
			 */
			if (!(rt->kind == RULE_WATCH ||
			      (rt->kind == RULE_ADD &&
			       (rt->syscall || rt->perms_set || rt->exe || rt->path)))) {
				rt->bad = true;
				return;
			}
			if (!rt->key)
				rt->key = arg;
			break;
		case 'S':
			rt->syscall = true;
			rt->fields = true;
			break;
		case 'C':
			break;
		default: /* -W, -d, -b, -e, -f, -r, -m, -R, -q: not rules that add a watch */
			rt->kind = RULE_OTHER;
			return;
		}
	}
}

static int parse_line(char *line, const char *file, unsigned lineno, struct audit_watch_list *l)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;

	_cleanup_free_ char **words = NULL;
	size_t n = 0;
	int r = split_words(line, &words, &n);
	if (r < 0)
		return r;
	struct rule_text rt = {.kind = RULE_NONE};
	parse_words(&rt, words, n);
	/*
	 * A line auditctl would refuse, or that this parser does not understand, is no watch;
	 * but what it was meant to watch is unknown, so it is counted, never silently dropped.
	 */
	if (rt.bad || ((rt.kind == RULE_WATCH || rt.kind == RULE_ADD) && rt.path &&
		       (rt.path[0] != '/' || strlen(rt.path) >= PATH_MAX ||
			(rt.key && strlen(rt.key) > AUDIT_MAX_KEY_LEN)))) {
		if (file)
			note_unreadable(l, "%s:%u is not a rule auditctl would load", file, lineno);
		else
			note_unreadable(l, "line %u is not a rule auditctl would load", lineno);
		return 0;
	}
	if (rt.kind == RULE_ADD && rt.task_list && !rt.always && !rt.fields) {
		/* "-a never,task": no task started after it has a syscall audit context, so no
		 * watch fires for it (Fedora's and RHEL's old default audit.rules has it) */
		if (!l->task_never)
			l->task_never =
			    file ? xasprintf("%s:%u", file, lineno) : xasprintf("line %u", lineno);
		return l->task_never ? 0 : -ENOMEM;
	}
	if (rt.kind == RULE_ADD && !rt.exit_list)
		return 0; /* other lists */
	if ((rt.kind != RULE_WATCH && rt.kind != RULE_ADD) || !rt.path)
		return 0; /* commands, deletions, syscall rules without a path */
	/* a never rule is kept apart: it is no watch, but it may switch a later one off */
	bool never = rt.kind == RULE_ADD && !rt.always;
	enum entry_place place = never ? (rt.prepend ? ENTRY_NEVER_PREPEND : ENTRY_NEVER)
				       : (rt.prepend ? ENTRY_WATCH_PREPEND : ENTRY_WATCH);
	r = add_watch(l, rt.path, strlen(rt.path), rt.kind == RULE_ADD && rt.dir,
		      rt.perms_set ? rt.perms : AUDIT_WATCH_PERM_ALL, rt.key,
		      rt.key ? strlen(rt.key) : 0, AUDITRULES_FILE, file, lineno, place);
	if (r >= 0 && rt.kind == RULE_WATCH)
		l->items[l->n - 1].w_form = true;
	return r;
}

int auditrules_parse_text(const char *text, const char *file, struct audit_watch_list *l)
{
	struct audit_watch_list tmp = {0};
	unsigned lineno = 0;
	int r = 0;

	if (!l)
		return -EINVAL;
	for (const char *s = text; s && *s;) {
		const char *e = strchrnul(s, '\n');
		lineno++;
		_cleanup_free_ char *line = xstrndup(s, (size_t)(e - s));
		if (!line) {
			r = -ENOMEM;
			break;
		}
		r = parse_line(line, file, lineno, &tmp);
		if (r < 0)
			break;
		s = *e ? e + 1 : e;
	}
	if (r >= 0)
		r = list_move_all(l, &tmp);
	audit_watch_list_release(&tmp);
	return r < 0 ? r : 0;
}

/* ---- kernel rules ---- */

/* Fields whose value is the length of a string stored in buf (kernel audit_krule_to_data). */
static bool field_is_string(uint32_t field)
{
	switch (field) {
	case AUDIT_SUBJ_USER:
	case AUDIT_SUBJ_ROLE:
	case AUDIT_SUBJ_TYPE:
	case AUDIT_SUBJ_SEN:
	case AUDIT_SUBJ_CLR:
	case AUDIT_OBJ_USER:
	case AUDIT_OBJ_ROLE:
	case AUDIT_OBJ_TYPE:
	case AUDIT_OBJ_LEV_LOW:
	case AUDIT_OBJ_LEV_HIGH:
	case AUDIT_WATCH:
	case AUDIT_DIR:
	case AUDIT_FILTERKEY:
	case AUDIT_EXE:
		return true;
	default:
		return false;
	}
}

int auditrules_decode_kernel_rule(const struct audit_rule_data *r, size_t len,
				  struct audit_watch_list *l)
{
	if (!r || !l)
		return -EINVAL;
	if (len < sizeof(*r) || r->field_count > AUDIT_MAX_FIELDS || r->buflen > len - sizeof(*r))
		return -EBADMSG;

	const char *path = NULL, *key = NULL;
	size_t path_len = 0, key_len = 0, off = 0;
	bool dir = false, perm_seen = false;
	unsigned perms = AUDIT_WATCH_PERM_ALL;
	for (uint32_t i = 0; i < r->field_count; i++) {
		uint32_t field = r->fields[i], value = r->values[i];
		if (field_is_string(field)) {
			if (value > r->buflen - off)
				return -EBADMSG;
			const char *s = r->buf + off;
			off += value;
			if ((field == AUDIT_WATCH || field == AUDIT_DIR) && !path) {
				path = s;
				path_len = value;
				dir = field == AUDIT_DIR;
			} else if (field == AUDIT_FILTERKEY && !key) {
				key = s;
				key_len = value;
			}
		} else if (field == AUDIT_PERM && !perm_seen) {
			perm_seen = true;
			perms = value & AUDIT_WATCH_PERM_ALL;
		}
	}

	if ((r->flags & ~AUDIT_FILTER_PREPEND) == AUDIT_FILTER_TASK && r->action == AUDIT_NEVER &&
	    r->field_count == 0 && !l->task_never) {
		/* "-a never,task" without fields: syscall auditing is off for every new task */
		l->task_never = xstrdup("a loaded rule");
		return l->task_never ? 0 : -ENOMEM;
	}
	/* the kernel lists its rules in the order it applies them (a prepended one is first) */
	if ((r->action != AUDIT_ALWAYS && r->action != AUDIT_NEVER) ||
	    (r->flags & ~AUDIT_FILTER_PREPEND) != AUDIT_FILTER_EXIT || !path)
		return 0;
	if (path_len == 0 || path[0] != '/' || memchr(path, '\0', path_len))
		return -EBADMSG;
	if (key) {
		/* several -k keys come joined with \001: the first one names the rule */
		const char *sep = memchr(key, AUDITRULES_KEY_SEPARATOR, key_len);
		if (sep)
			key_len = (size_t)(sep - key);
		const char *nul = memchr(key, '\0', key_len);
		if (nul)
			key_len = (size_t)(nul - key);
	}
	return add_watch(l, path, path_len, dir, perms, key, key_len, AUDITRULES_KERNEL, NULL, 0,
			 r->action == AUDIT_NEVER ? ENTRY_NEVER : ENTRY_WATCH);
}

int auditrules_add_kernel_rule(const struct audit_rule_data *r, size_t len, unsigned index,
			       struct audit_watch_list *l)
{
	if (!l)
		return -EINVAL;
	bool had_task_never = l->task_never != NULL;
	int e = r ? auditrules_decode_kernel_rule(r, len, l) : -EBADMSG;
	if (e >= 0 && !had_task_never && l->task_never) {
		free(l->task_never);
		l->task_never = xasprintf("kernel rule %u", index);
		return l->task_never ? 0 : -ENOMEM;
	}
	if (e == -EBADMSG) {
		note_unreadable(l, "kernel rule %u does not decode", index);
		return 0;
	}
	return e;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until fd is readable, at most timeout_ms; -ETIMEDOUT past it. */
static int wait_readable(int fd, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		int64_t left = deadline - now_ms();
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int n = poll(&pfd, 1, left > 0 ? (int)left : 0);
		if (n > 0)
			return 0; /* readable, or an error that the read will report */
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

static int receive_rules(int fd, int seq, struct audit_watch_list *tmp)
{
	_cleanup_free_ struct audit_reply *rep = malloc(sizeof(*rep));
	unsigned rules = 0;
	if (!rep)
		return -ENOMEM;
	for (unsigned count = 0; count < AUDITRULES_MAX_MESSAGES; count++) {
		int r = wait_readable(fd, AUDITRULES_REPLY_TIMEOUT_MS);
		if (r < 0)
			return r;
		r = audit_get_reply(fd, rep, GET_REPLY_BLOCKING, 0);
		if (r < 0)
			return r;
		if (r == 0)
			return -EBADMSG;
		if (rep->nlh->nlmsg_seq != (uint32_t)seq)
			continue; /* not an answer to our request */
		switch (rep->type) {
		case NLMSG_DONE:
			return 0;
		case NLMSG_ERROR:
			if (rep->len < (int)NLMSG_LENGTH(sizeof(int)))
				return -EBADMSG;
			if (rep->error->error > 0)
				return -EBADMSG;
			if (rep->error->error < 0)
				return rep->error->error;
			break; /* the ack of the request */
		case AUDIT_LIST_RULES:
			/*
			 * One rule that does not decode is counted and the list goes on: the
			 * checks say ERROR with the count where it could have been the watch
			 * they look for, instead of judging the others as if they were all.
			 */
			r = auditrules_add_kernel_rule(
			    rep->ruledata,
			    rep->len < (int)NLMSG_HDRLEN ? 0 : (size_t)rep->len - NLMSG_HDRLEN,
			    ++rules, tmp);
			if (r < 0)
				return r;
			break;
		default:
			break;
		}
	}
	return -EBADMSG;
}

int auditrules_load_kernel(struct audit_watch_list *l)
{
	struct audit_watch_list tmp = {0};
	int r;

	if (!l)
		return -EINVAL;
	/* libaudit is quiet by default; make sure it does not print or log on our behalf */
	set_aumessage_mode(MSG_QUIET, DBG_NO);
	errno = 0;
	int fd = audit_open();
	if (fd < 0) {
		r = errno ? errno : EIO;
		if (r == EINVAL || r == EAFNOSUPPORT)
			r = EPROTONOSUPPORT; /* no audit support in the kernel */
		return -r;
	}
	int seq = audit_request_rules_list_data(fd);
	if (seq < 0)
		r = seq;
	else if (seq == 0)
		r = -EIO;
	else
		r = receive_rules(fd, seq, &tmp);
	audit_close(fd);
	if (r >= 0)
		r = list_move_all(l, &tmp);
	audit_watch_list_release(&tmp);
	return r < 0 ? r : 0;
}

/* ---- rules files on the host ---- */

static int load_rules_file(const struct hostfs *h, const char *path, bool skip_irregular,
			   struct audit_watch_list *tmp)
{
	_cleanup_free_ char *text = NULL;
	int r = hostfs_read_file(h, path, AUDITRULES_FILE_MAX, &text, NULL);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;
	if (r == -EINVAL && skip_irregular)
		return 0; /* a directory named x.rules: augenrules' cat skips it too */
	if (r < 0)
		return r;
	return auditrules_parse_text(text, path, tmp);
}

/* augenrules reads rules.d in `ls -v` order, so 9-x.rules comes before 10-y.rules. */
static int cmp_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int auditrules_load_files(const struct hostfs *h, struct audit_watch_list *l)
{
	struct audit_watch_list tmp = {0};
	_cleanup_strv_free_ char **names = NULL;
	int r;

	if (!h || !l)
		return -EINVAL;
	r = load_rules_file(h, "/etc/audit/audit.rules", false, &tmp);
	if (r < 0)
		goto out;

	r = hostfs_list_dir(h, "/etc/audit/rules.d", &names);
	if (r == -ENOENT || r == -ENOTDIR) {
		r = 0;
	} else if (r >= 0) {
		qsort(names, strv_length(names), sizeof(*names), cmp_version);
		for (char **n = names; *n; n++) {
			if (!str_endswith(*n, ".rules"))
				continue;
			_cleanup_free_ char *path = xasprintf("/etc/audit/rules.d/%s", *n);
			if (!path) {
				r = -ENOMEM;
				break;
			}
			r = load_rules_file(h, path, true, &tmp);
			if (r < 0)
				break;
		}
	}
	if (r >= 0)
		r = list_move_all(l, &tmp);
out:
	audit_watch_list_release(&tmp);
	return r < 0 ? r : 0;
}

/* ---- queries ---- */

static unsigned popcount4(unsigned v)
{
	return (v & 1) + ((v >> 1) & 1) + ((v >> 2) & 1) + ((v >> 3) & 1);
}

/*
 * Does w, whose path resolves to resolved on the host, cover target? Equal paths always do; a
 * target below it only for a recursive watch: a kernel AUDIT_DIR, -F dir=, or a file's -w on
 * what is a directory on the host (auditctl turns that into AUDIT_DIR when it loads the rule).
 * A kernel AUDIT_WATCH on a directory, like a file's "-a ... -F path=" on one (auditctl loads
 * it as written), watches that inode only, not what is below it.
 */
static bool watch_covers(const struct audit_watch *w, const struct hostfs *h, const char *resolved,
			 const char *target)
{
	if (streq(resolved, target))
		return true;
	if (!path_is_under(target, resolved))
		return false;
	if (w->dir)
		return true;
	if (w->origin != AUDITRULES_FILE || !w->w_form || !h)
		return false;
	struct stat st;
	return hostfs_stat(h, resolved, &st) >= 0 && S_ISDIR(st.st_mode);
}

/* w's path resolved inside the host root; one that cannot be resolved (a loop, no permission)
 * is compared as written. NULL only when out of memory. */
static char *resolve_entry(const struct audit_watch *w, const struct hostfs *h)
{
	char *resolved = NULL;
	if (!h || hostfs_resolve(h, w->path, &resolved) < 0) {
		free(resolved);
		resolved = xstrdup(w->path);
	}
	return resolved;
}

/*
 * The never rules of l that match events on target t, smallest order first as they are in l
 * (a never's -F path= matches that inode only, -F dir= the tree below too). *ret is NULL when
 * none; -ENOMEM.
 */
static int nevers_matching(const struct audit_watch_list *l, const struct hostfs *h, const char *t,
			   const struct audit_watch ***ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	if (!l->n_never)
		return 0;
	const struct audit_watch **v = calloc(l->n_never, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < l->n_never; i++) {
		const struct audit_watch *nv = &l->nevers[i];
		if (!nv->path)
			continue;
		_cleanup_free_ char *resolved = resolve_entry(nv, h);
		if (!resolved) {
			free(v);
			return -ENOMEM;
		}
		if (streq(resolved, t) || (nv->dir && path_is_under(t, resolved)))
			v[n++] = nv;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* The permissions of w that never rules before it take away (the kernel's first match), and
 * the first of those rules that takes one of want away (*ret_first, may be NULL). */
static unsigned shadowed_perms(const struct audit_watch *w, const struct audit_watch *const *nv,
			       size_t n, unsigned want, const struct audit_watch **ret_first)
{
	unsigned lost = 0;
	if (ret_first)
		*ret_first = NULL;
	for (size_t i = 0; i < n; i++) {
		if (nv[i]->order >= w->order)
			continue;
		unsigned taken = nv[i]->perms & w->perms;
		if (ret_first && !*ret_first && (taken & want))
			*ret_first = nv[i];
		lost |= taken;
	}
	return lost;
}

/*
 * The walk of auditrules_find and auditrules_find_shadow: the watches of l that cover t, with
 * the permissions the never rules before each leave it. Fills the result of either.
 */
struct find_state {
	const struct audit_watch *full, *partial, *shadowed, *never;
};

static int find_walk(const struct audit_watch_list *l, const struct hostfs *h, const char *target,
		     unsigned want_perms, struct find_state *st)
{
	unsigned partial_score = 0, shadow_score = 0;
	*st = (struct find_state){0};
	if (!l || !target || target[0] != '/')
		return 0;
	_cleanup_free_ char *t = path_normalize(target);
	if (!t)
		return -ENOMEM;
	want_perms &= AUDIT_WATCH_PERM_ALL;
	_cleanup_free_ const struct audit_watch **nv = NULL;
	size_t n_nv = 0;
	int r = nevers_matching(l, h, t, &nv, &n_nv);
	if (r < 0)
		return r;

	for (size_t i = 0; i < l->n; i++) {
		const struct audit_watch *w = &l->items[i];
		if (!w->path)
			continue;
		_cleanup_free_ char *resolved = resolve_entry(w, h);
		if (!resolved)
			continue;
		if (!watch_covers(w, h, resolved, t))
			continue;
		const struct audit_watch *first = NULL;
		unsigned perms = w->perms & ~shadowed_perms(w, nv, n_nv, want_perms, &first);
		if (first) {
			/* the watch that loses most of what is wanted, the first never that takes
			 * it */
			unsigned score = popcount4(w->perms & want_perms);
			if (score > shadow_score) {
				st->shadowed = w;
				st->never = first;
				shadow_score = score;
			}
		}
		if ((perms & want_perms) == want_perms) {
			if (!st->full)
				st->full = w;
			continue;
		}
		unsigned score = popcount4(perms & want_perms) + 1;
		if (score > partial_score) {
			st->partial = w;
			partial_score = score;
		}
	}
	return 0;
}

const struct audit_watch *auditrules_find(const struct audit_watch_list *l, const struct hostfs *h,
					  const char *target, unsigned want_perms,
					  const struct audit_watch **ret_partial)
{
	struct find_state st;
	if (ret_partial)
		*ret_partial = NULL;
	if (find_walk(l, h, target, want_perms, &st) < 0 || st.full)
		return st.full;
	if (ret_partial)
		*ret_partial = st.partial;
	return NULL;
}

const struct audit_watch *auditrules_find_shadow(const struct audit_watch_list *l,
						 const struct hostfs *h, const char *target,
						 unsigned want_perms,
						 const struct audit_watch **ret_watch)
{
	struct find_state st;
	if (ret_watch)
		*ret_watch = NULL;
	if (find_walk(l, h, target, want_perms, &st) < 0 || st.full || !st.never)
		return NULL;
	if (ret_watch)
		*ret_watch = st.shadowed;
	return st.never;
}
