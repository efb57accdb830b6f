/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Image archives without a daemon: `docker save` tars (legacy manifest.json layout and the OCI
 * layout of Docker 25+), OCI image layout directories and their tars. See archive.h.
 *
 * A tar is read in one streaming pass, because `docker save` writes manifest.json last: every
 * member that could be a layer is scanned as it passes (a nested libarchive reader pulling from
 * the outer one), every small JSON member is kept, and the images are put together at the end.
 * A layer scan keeps its setuid/setgid candidates and 64-bit hashes of every path it adds,
 * whites out or makes opaque, so that the layers can be applied in image order afterwards
 * whatever order the tar stored them in.
 */
#include "common.h"
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "facts/archive.h"
#include "json.h"
#include "strutil.h"

#define PEEK_SIZE (64u * 1024)
#define CANDIDATES_MAX 10000u /* setuid/setgid files in one layer before it is called hostile */
#define INDEX_DEPTH_MAX 3     /* nested OCI indexes followed */

static inline void cJSON_Deletep(cJSON **j)
{
	cJSON_Delete(*j);
}

void archive_limits_default(struct archive_limits *lim)
{
	*lim = (struct archive_limits){
	    .max_members = 100000,
	    .max_entries = 4000000,
	    .max_json = 8u << 20,
	    .max_json_total = 64u << 20,
	    .max_layer_bytes = 64ull << 30,
	    .max_total_bytes = 256ull << 30,
	    .max_path = 4096,
	    .max_images = 1000,
	    .max_layers = 1000,
	    .max_setid = 1000,
	};
}

/* ---- hashes of paths ---- */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv_add(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

struct hashset {
	uint64_t *v;
	size_t n, cap;
};

static int hashset_add(struct hashset *s, uint64_t h)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		uint64_t *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = h;
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void hashset_seal(struct hashset *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), u64_cmp);
}

static bool hashset_has(const struct hashset *s, uint64_t h)
{
	return s->n && bsearch(&h, s->v, s->n, sizeof(*s->v), u64_cmp) != NULL;
}

/* ---- one layer ---- */

struct candidate {
	char *path; /* normalised, without the leading "/" */
	uint32_t mode;
	int64_t uid, gid;
};

struct layer_scan {
	int error;
	char *msg;
	uint64_t entries;
	struct candidate *cands;
	size_t n_cands, cap_cands;
	struct hashset present; /* every path the layer writes */
	struct hashset cut;     /* paths removed with all below: whiteouts, non-directories */
	struct hashset opaque;  /* directories whose lower content is hidden */
};

static void layer_scan_free(struct layer_scan *s)
{
	if (!s)
		return;
	free(s->msg);
	for (size_t i = 0; i < s->n_cands; i++)
		free(s->cands[i].path);
	free(s->cands);
	free(s->present.v);
	free(s->cut.v);
	free(s->opaque.v);
	free(s);
}

/* Shared by every scan of one archive. */
struct budget {
	const struct archive_limits *lim;
	uint64_t entries;     /* layer entries so far */
	uint64_t bytes;       /* uncompressed layer bytes so far */
	uint64_t json_bytes;  /* JSON kept so far */
};

/*
 * "./usr//bin/su/" -> "usr/bin/su" into out (size max + 1). Length, or -E2BIG past max,
 * -EBADMSG for an empty name.
 */
static int path_clean(const char *in, char *out, size_t max)
{
	size_t n = 0;
	const char *p = in;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = (size_t)(e - p);
		if (len == 0)
			break;
		if (!(len == 1 && p[0] == '.')) {
			if (n + (n ? 1 : 0) + len > max)
				return -E2BIG;
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p = e;
	}
	out[n] = '\0';
	return (int)n;
}

static int add_candidate(struct layer_scan *s, const char *path, struct archive_entry *e)
{
	if (s->n_cands == CANDIDATES_MAX)
		return -E2BIG;
	if (s->n_cands == s->cap_cands) {
		size_t cap = s->cap_cands ? s->cap_cands * 2 : 16;
		struct candidate *v = realloc(s->cands, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->cands = v;
		s->cap_cands = cap;
	}
	char *p = xstrdup(path);
	if (!p)
		return -ENOMEM;
	s->cands[s->n_cands++] = (struct candidate){
	    .path = p,
	    .mode = (uint32_t)archive_entry_perm(e) | ((uint32_t)archive_entry_mode(e) & 07000),
	    .uid = archive_entry_uid(e),
	    .gid = archive_entry_gid(e),
	};
	return 0;
}

/* One entry of a layer: whiteouts, replacements and setuid/setgid candidates. */
static int scan_entry(struct layer_scan *s, struct archive_entry *e, char *path, size_t len)
{
	char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	if (str_startswith(base, ".wh.")) {
		if (strcmp(base, ".wh..wh..opq") == 0)
			return hashset_add(&s->opaque, fnv_add(FNV_OFFSET, path, dirlen));
		if (str_startswith(base, ".wh..wh."))
			return 0; /* aufs bookkeeping (.wh..wh.plnk ...), not a whiteout */
		uint64_t h = fnv_add(FNV_OFFSET, path, dirlen);
		if (dirlen)
			h = fnv_add(h, "/", 1);
		h = fnv_add(h, base + 4, strlen(base + 4));
		return hashset_add(&s->cut, h);
	}
	uint64_t h = fnv_add(FNV_OFFSET, path, len);
	int r = hashset_add(&s->present, h);
	if (r < 0)
		return r;
	mode_t type = archive_entry_filetype(e);
	bool hardlink = archive_entry_hardlink(e) != NULL;
	if (type != AE_IFDIR || hardlink) {
		r = hashset_add(&s->cut, h);
		if (r < 0)
			return r;
	}
	if ((type == AE_IFREG || hardlink) && (archive_entry_mode(e) & (S_ISUID | S_ISGID)))
		return add_candidate(s, path, e);
	return 0;
}

static void scan_fail(struct layer_scan *s, int error, const char *fmt, ...) _printf_(3, 4);
static void scan_fail(struct layer_scan *s, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = NULL;
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	s->error = error;
	free(s->msg);
	s->msg = m;
}

/* Filters a layer may use, without ever falling back to an external program. */
static int support_filters(struct archive *a)
{
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK)
		return -ENOTSUP;
	/* zstd: only when libarchive has it built in (ARCHIVE_WARN means "zstd -d" would run) */
	(void)(archive_read_support_filter_zstd(a) == ARCHIVE_OK);
	return 0;
}

/* Scan the layer tar that a opens; a is freed. Never fails as a whole: s carries errors. */
static void scan_layer(struct archive *a, int open_result, struct budget *b, struct layer_scan *s)
{
	const struct archive_limits *lim = b->lim;
	_cleanup_free_ char *path = malloc(lim->max_path + 1);
	if (!path) {
		scan_fail(s, -ENOMEM, "out of memory");
		goto out;
	}
	if (open_result != ARCHIVE_OK) {
		scan_fail(s, -EBADMSG, "not a readable layer: %s", archive_error_string(a));
		goto out;
	}
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			const char *why = archive_error_string(a);
			scan_fail(s, -EBADMSG, "malformed layer: %s", why ? why : "unreadable entry");
			goto out;
		}
		int64_t pos = archive_filter_bytes(a, 0);
		int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
		if (pos < 0 || size < 0) {
			scan_fail(s, -EBADMSG, "malformed layer: negative size");
			goto out;
		}
		/* skipping an entry's data decompresses it: bound that before it happens */
		if ((uint64_t)pos + (uint64_t)size > lim->max_layer_bytes ||
		    b->bytes + (uint64_t)pos + (uint64_t)size > lim->max_total_bytes) {
			scan_fail(s, -E2BIG,
				  "layer larger than docker-audit reads (%llu GiB uncompressed per "
				  "layer, %llu GiB in all)",
				  (unsigned long long)(lim->max_layer_bytes >> 30),
				  (unsigned long long)(lim->max_total_bytes >> 30));
			goto out;
		}
		if (++b->entries > lim->max_entries) {
			scan_fail(s, -E2BIG, "more than %llu files in the layers",
				  (unsigned long long)lim->max_entries);
			goto out;
		}
		s->entries++;
		const char *name = archive_entry_pathname(e);
		if (!name) {
			scan_fail(s, -EBADMSG, "malformed layer: an entry without a name");
			goto out;
		}
		int len = path_clean(name, path, lim->max_path);
		if (len == -E2BIG) {
			scan_fail(s, -E2BIG, "a path longer than %zu bytes", lim->max_path);
			goto out;
		}
		if (len <= 0)
			continue; /* "./": the root itself */
		r = scan_entry(s, e, path, (size_t)len);
		if (r == -E2BIG) {
			scan_fail(s, r, "more than %u setuid/setgid files in one layer", CANDIDATES_MAX);
			goto out;
		}
		if (r < 0) {
			scan_fail(s, r, "out of memory");
			goto out;
		}
	}
out:;
	int64_t used = archive_filter_bytes(a, 0);
	if (used > 0)
		b->bytes += (uint64_t)used;
	archive_read_free(a);
	hashset_seal(&s->present);
	hashset_seal(&s->cut);
	hashset_seal(&s->opaque);
}

static struct archive *layer_reader(void)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	if (support_filters(a) < 0 || archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_support_format_empty(a) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* A layer streamed from the outer tar: the bytes already peeked, then the rest of the member. */
struct nested {
	struct archive *outer;
	const void *pre;
	size_t pre_len;
	bool pre_done;
	char buf[PEEK_SIZE];
};

static la_ssize_t nested_read(struct archive *a, void *data, const void **ret)
{
	struct nested *n = data;
	if (!n->pre_done) {
		n->pre_done = true;
		if (n->pre_len) {
			*ret = n->pre;
			return (la_ssize_t)n->pre_len;
		}
	}
	la_ssize_t got = archive_read_data(n->outer, n->buf, sizeof(n->buf));
	if (got < 0) {
		archive_set_error(a, EIO, "%s", archive_error_string(n->outer));
		return -1;
	}
	*ret = n->buf;
	return got;
}

static struct layer_scan *scan_nested(struct archive *outer, const void *pre, size_t pre_len,
				      struct budget *b)
{
	struct layer_scan *s = calloc(1, sizeof(*s));
	struct nested *n = calloc(1, sizeof(*n));
	struct archive *a = s && n ? layer_reader() : NULL;
	if (!a) {
		free(n);
		if (s)
			scan_fail(s, -ENOMEM, "out of memory");
		return s;
	}
	*n = (struct nested){.outer = outer, .pre = pre, .pre_len = pre_len};
	int r = archive_read_open(a, n, NULL, nested_read, NULL);
	scan_layer(a, r, b, s);
	free(n);
	return s;
}

static struct layer_scan *scan_fd(int fd, struct budget *b)
{
	struct layer_scan *s = calloc(1, sizeof(*s));
	struct archive *a = s ? layer_reader() : NULL;
	if (!a) {
		if (s)
			scan_fail(s, -ENOMEM, "out of memory");
		return s;
	}
	int r = archive_read_open_fd(a, fd, PEEK_SIZE);
	scan_layer(a, r, b, s);
	return s;
}

/* ---- the members of an archive ---- */

enum member_kind {
	MEMBER_JSON,    /* kept in memory */
	MEMBER_LAYER,   /* scanned */
	MEMBER_LINK,    /* a symlink or hard link to another member */
	MEMBER_TOO_BIG, /* a JSON member past max_json */
};

struct member {
	char *name; /* normalised */
	enum member_kind kind;
	char *data; /* JSON, NUL-terminated */
	size_t len;
	struct layer_scan *scan;
	char *target; /* LINK: normalised member name */
};

struct source {
	struct budget budget;
	int dirfd;         /* an OCI layout directory, or -1 for a tar read already */
	struct member *m;
	size_t n, cap;
	char *error;       /* the first fatal error */
};

static void source_release(struct source *src)
{
	for (size_t i = 0; i < src->n; i++) {
		free(src->m[i].name);
		free(src->m[i].data);
		free(src->m[i].target);
		layer_scan_free(src->m[i].scan);
	}
	free(src->m);
	free(src->error);
	if (src->dirfd >= 0)
		close(src->dirfd);
}

static struct member *member_add(struct source *src, const char *name)
{
	if (src->n == src->cap) {
		size_t cap = src->cap ? src->cap * 2 : 32;
		struct member *v = realloc(src->m, cap * sizeof(*v));
		if (!v)
			return NULL;
		src->m = v;
		src->cap = cap;
	}
	char *copy = xstrdup(name);
	if (!copy)
		return NULL;
	struct member *m = &src->m[src->n++];
	*m = (struct member){.name = copy};
	return m;
}

static struct member *member_find_raw(struct source *src, const char *name)
{
	for (size_t i = src->n; i-- > 0;) /* the last of duplicate names wins, as tar extracts */
		if (strcmp(src->m[i].name, name) == 0)
			return &src->m[i];
	return NULL;
}

/* A member name is plain: components of [A-Za-z0-9._:-], none of them "..". */
static bool name_plain(const char *name)
{
	if (!*name || *name == '/')
		return false;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-' || c == ':' || c == '/'))
			return false;
	}
	return strstr(name, "..") == NULL && strstr(name, "//") == NULL;
}

/* Open a file of an OCI layout directory: no symlinks followed, nothing but regular files. */
static int dir_open(struct source *src, const char *name, int *ret_fd, struct stat *ret_st)
{
	if (!name_plain(name))
		return -EINVAL;
	_cleanup_strv_free_ char **parts = NULL;
	int n = str_split(name, '/', &parts);
	if (n <= 0)
		return n < 0 ? n : -EINVAL;
	int fd = dup(src->dirfd);
	if (fd < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
			    (i < n - 1 ? O_DIRECTORY : 0);
		int next = openat(fd, parts[i], flags);
		int e = errno;
		close(fd);
		if (next < 0)
			return e == ELOOP ? -ELOOP : -e;
		fd = next;
	}
	if (fstat(fd, ret_st) < 0 || !S_ISREG(ret_st->st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*ret_fd = fd;
	return 0;
}

static int read_fd_capped(int fd, uint64_t max, char **ret, size_t *ret_len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(buf);
				return -E2BIG;
			}
			cap *= 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			return -e;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		free(buf);
		return -E2BIG;
	}
	buf[n] = '\0';
	*ret = buf;
	*ret_len = n;
	return 0;
}

/*
 * The member name as a tar or directory holds it, links followed (a bounded number of times).
 * NULL when absent; for a directory the member is loaded on first use.
 */
static struct member *member_get(struct source *src, const char *name, bool want_layer)
{
	char cur[512];
	if (strlen(name) >= sizeof(cur))
		return NULL;
	snprintf(cur, sizeof(cur), "%s", name);
	for (int hops = 0; hops < 8; hops++) {
		struct member *m = member_find_raw(src, cur);
		if (!m && src->dirfd >= 0) {
			int fd = -1;
			struct stat st;
			int r = dir_open(src, cur, &fd, &st);
			if (r < 0)
				return NULL;
			m = member_add(src, cur);
			if (!m) {
				close(fd);
				return NULL;
			}
			if (want_layer) {
				m->kind = MEMBER_LAYER;
				m->scan = scan_fd(fd, &src->budget);
			} else if ((uint64_t)st.st_size > src->budget.lim->max_json ||
				   src->budget.json_bytes + (uint64_t)st.st_size >
				       src->budget.lim->max_json_total) {
				m->kind = MEMBER_TOO_BIG;
			} else if (read_fd_capped(fd, src->budget.lim->max_json, &m->data,
						  &m->len) == 0) {
				m->kind = MEMBER_JSON;
				src->budget.json_bytes += m->len;
			} else {
				m->kind = MEMBER_TOO_BIG;
			}
			close(fd);
		}
		if (!m || m->kind != MEMBER_LINK)
			return m;
		snprintf(cur, sizeof(cur), "%s", m->target);
	}
	return NULL;
}

/* ---- the outer tar ---- */

static bool looks_like_json(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')
			continue;
		return p[i] == '{' || p[i] == '[';
	}
	return false;
}

static bool json_name(const char *name)
{
	return strcmp(name, "manifest.json") == 0 || strcmp(name, "index.json") == 0 ||
	       strcmp(name, "oci-layout") == 0 || strcmp(name, "repositories") == 0 ||
	       (str_endswith(name, ".json") && !strchr(name, '/'));
}

static bool layer_name(const char *name)
{
	return str_endswith(name, "/layer.tar") || str_startswith(name, "blobs/");
}

static int member_link(struct source *src, const char *name, const char *target, bool hard)
{
	/* hard links name a member from the archive's root; symlinks are relative to the
	 * member's directory ("../<id>/layer.tar" in docker save) */
	_cleanup_free_ char *joined = NULL;
	if (hard || target[0] == '/') {
		joined = xasprintf("/%s", target);
	} else {
		const char *slash = strrchr(name, '/');
		joined = xasprintf("/%.*s/%s", slash ? (int)(slash - name) : 0, name, target);
	}
	if (!joined)
		return -ENOMEM;
	_cleanup_free_ char *norm = path_normalize(joined);
	if (!norm)
		return -ENOMEM;
	struct member *m = member_add(src, name);
	if (!m)
		return -ENOMEM;
	m->kind = MEMBER_LINK;
	m->target = xstrdup(norm[0] == '/' ? norm + 1 : norm);
	return m->target ? 0 : -ENOMEM;
}

static int read_member_json(struct archive *a, struct source *src, struct member *m,
			    const char *pre, size_t pre_len, int64_t size)
{
	const struct archive_limits *lim = src->budget.lim;
	uint64_t cap = lim->max_json;
	if (size > 0 && (uint64_t)size > cap) {
		m->kind = MEMBER_TOO_BIG;
		return 0;
	}
	size_t have = pre_len, alloc = pre_len + 4096;
	char *buf = malloc(alloc + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, pre, pre_len);
	for (;;) {
		if (have == alloc) {
			if (alloc > cap) {
				free(buf);
				m->kind = MEMBER_TOO_BIG;
				return 0;
			}
			alloc *= 2;
			char *nb = realloc(buf, alloc + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		la_ssize_t got = archive_read_data(a, buf + have, alloc - have);
		if (got < 0) {
			free(buf);
			return -EBADMSG;
		}
		if (got == 0)
			break;
		have += (size_t)got;
	}
	if (have > cap || src->budget.json_bytes + have > lim->max_json_total) {
		free(buf);
		m->kind = MEMBER_TOO_BIG;
		return 0;
	}
	buf[have] = '\0';
	src->budget.json_bytes += have;
	m->kind = MEMBER_JSON;
	m->data = buf;
	m->len = have;
	return 0;
}

static int read_tar(struct archive *a, struct source *src)
{
	const struct archive_limits *lim = src->budget.lim;
	_cleanup_free_ char *name = malloc(lim->max_path + 1);
	_cleanup_free_ char *peek = malloc(PEEK_SIZE);
	if (!name || !peek)
		return -ENOMEM;
	uint64_t members = 0;
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			return members ? 0 : -EBADMSG;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			const char *why = archive_error_string(a);
			src->error = xasprintf("not a readable image archive: %s",
					       why ? why : "unreadable entry");
			return -EBADMSG;
		}
		if (++members > lim->max_members) {
			src->error = xasprintf("more than %llu members: not an image archive "
					       "docker-audit reads",
					       (unsigned long long)lim->max_members);
			return -E2BIG;
		}
		int64_t pos = archive_filter_bytes(a, 0);
		int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
		if (pos < 0 || size < 0 ||
		    (uint64_t)pos + (uint64_t)size > lim->max_total_bytes + lim->max_json_total) {
			src->error = xasprintf("the archive is larger than docker-audit reads "
					       "(%llu GiB)",
					       (unsigned long long)(lim->max_total_bytes >> 30));
			return -E2BIG;
		}
		const char *raw = archive_entry_pathname(e);
		int len = raw ? path_clean(raw, name, lim->max_path) : -EBADMSG;
		if (len <= 0)
			continue; /* "./", or a name we could not use: nothing an image needs */
		const char *hard = archive_entry_hardlink(e);
		mode_t type = archive_entry_filetype(e);
		if (hard || type == AE_IFLNK) {
			const char *t = hard ? hard : archive_entry_symlink(e);
			if (t && strlen(t) < 512 && (r = member_link(src, name, t, hard != NULL)) < 0)
				return r;
			continue;
		}
		if (type != AE_IFREG)
			continue;
		bool want_json = json_name(name), want_layer = layer_name(name);
		if (!want_json && !want_layer)
			continue;
		la_ssize_t got = archive_read_data(a, peek, PEEK_SIZE);
		if (got < 0) {
			src->error = xasprintf("not a readable image archive: %s",
					       archive_error_string(a));
			return -EBADMSG;
		}
		struct member *m = member_add(src, name);
		if (!m)
			return -ENOMEM;
		if (want_json || looks_like_json(peek, (size_t)got)) {
			r = read_member_json(a, src, m, peek, (size_t)got, size);
			if (r == -EBADMSG) {
				src->error = xasprintf("not a readable image archive: %s",
						       archive_error_string(a));
				return r;
			}
			if (r < 0)
				return r;
		} else {
			m->kind = MEMBER_LAYER;
			m->scan = scan_nested(a, peek, (size_t)got, &src->budget);
			if (!m->scan)
				return -ENOMEM;
		}
	}
}

/* ---- images ---- */

static struct archive_image *image_add(struct image_archive *arc)
{
	struct archive_image *v = realloc(arc->images, (arc->n + 1) * sizeof(*v));
	if (!v)
		return NULL;
	arc->images = v;
	struct archive_image *img = &v[arc->n++];
	*img = (struct archive_image){0};
	return img;
}

static void image_release(struct archive_image *img)
{
	free(img->id);
	free(img->name);
	cJSON_Delete(img->summary);
	cJSON_Delete(img->inspect);
	cJSON_Delete(img->history);
	for (size_t i = 0; i < img->n_layers; i++) {
		free(img->layers[i].digest);
		free(img->layers[i].error_msg);
	}
	free(img->layers);
	for (size_t i = 0; i < img->n_setid; i++)
		free(img->setid[i].path);
	free(img->setid);
	free(img->layers_msg);
}

struct image_archive *image_archive_free(struct image_archive *a)
{
	if (!a)
		return NULL;
	for (size_t i = 0; i < a->n; i++)
		image_release(&a->images[i]);
	free(a->images);
	free(a);
	return NULL;
}

static bool hex_ok(const char *s, size_t min, size_t max)
{
	size_t n = strspn(s, "0123456789abcdef");
	return s[n] == '\0' && n >= min && n <= max;
}

/* "sha256:<hex>" -> "blobs/sha256/<hex>"; NULL for anything else. */
static char *blob_name(const char *digest)
{
	if (!digest)
		return NULL;
	const char *colon = strchr(digest, ':');
	if (!colon || colon == digest || colon - digest > 32)
		return NULL;
	for (const char *p = digest; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return NULL;
	if (!hex_ok(colon + 1, 32, 128))
		return NULL;
	return xasprintf("blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
}

/* Docker shows Docker Hub names short: "docker.io/library/busybox:1" -> "busybox:1". */
static const char *name_short(const char *n)
{
	if (str_startswith(n, "docker.io/library/"))
		return n + strlen("docker.io/library/");
	if (str_startswith(n, "docker.io/"))
		return n + strlen("docker.io/");
	return n;
}

static int add_tag(cJSON *tags, const char *tag)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tags) if (cJSON_IsString(t) && strcmp(t->valuestring, tag) == 0)
		return 0;
	cJSON *s = cJSON_CreateString(tag);
	if (!s || !cJSON_AddItemToArray(tags, s)) {
		cJSON_Delete(s);
		return -ENOMEM;
	}
	return 0;
}

/* Copy a member of obj under key into out (as key), when present. */
static int copy_item(cJSON *out, const char *key, const cJSON *obj, const char *from)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, from);
	if (!it)
		return 0;
	cJSON *dup = cJSON_Duplicate(it, true);
	if (!dup || !cJSON_AddItemToObject(out, key, dup)) {
		cJSON_Delete(dup);
		return -ENOMEM;
	}
	return 0;
}

/* The Engine API's shapes, from the image configuration (OCI or Docker's, the same fields). */
static int image_shapes(struct archive_image *img, const cJSON *cfg, cJSON *tags, char **ret_error)
{
	const cJSON *config = cJSON_GetObjectItemCaseSensitive(cfg, "config");
	if (config && !cJSON_IsObject(config) && !cJSON_IsNull(config)) {
		*ret_error = xstrdup("the image configuration's \"config\" is not an object");
		return -EBADMSG;
	}
	const cJSON *hist = cJSON_GetObjectItemCaseSensitive(cfg, "history");
	if (hist && !cJSON_IsArray(hist) && !cJSON_IsNull(hist)) {
		*ret_error = xstrdup("the image configuration's \"history\" is not an array");
		return -EBADMSG;
	}
	const char *hex = img->id + strlen("sha256:");
	const cJSON *t0 = cJSON_GetArrayItem(tags, 0);
	img->name = cJSON_IsString(t0) ? xstrdup(t0->valuestring) : xstrndup(hex, 12);
	img->inspect = cJSON_CreateObject();
	img->summary = cJSON_CreateObject();
	img->history = cJSON_CreateArray();
	if (!img->name || !img->inspect || !img->summary || !img->history)
		return -ENOMEM;
	cJSON *in = img->inspect;
	if (!cJSON_AddStringToObject(in, "Id", img->id) ||
	    !cJSON_AddItemToObject(in, "RepoTags", cJSON_Duplicate(tags, true)) ||
	    !cJSON_AddArrayToObject(in, "RepoDigests") || copy_item(in, "Created", cfg, "created") ||
	    copy_item(in, "Author", cfg, "author") ||
	    copy_item(in, "Architecture", cfg, "architecture") || copy_item(in, "Os", cfg, "os") ||
	    copy_item(in, "DockerVersion", cfg, "docker_version") ||
	    (cJSON_IsObject(config) && copy_item(in, "Config", cfg, "config")) ||
	    copy_item(in, "RootFS", cfg, "rootfs"))
		return -ENOMEM;
	cJSON *sum = img->summary;
	if (!cJSON_AddStringToObject(sum, "Id", img->id) ||
	    !cJSON_AddItemToObject(sum, "RepoTags", cJSON_Duplicate(tags, true)) ||
	    !cJSON_AddArrayToObject(sum, "RepoDigests") ||
	    (cJSON_IsObject(config) && copy_item(sum, "Labels", config, "Labels")))
		return -ENOMEM;

	/* history, newest first as the daemon answers; the newest entry is the image itself */
	size_t n = cJSON_IsArray(hist) ? (size_t)cJSON_GetArraySize(hist) : 0;
	for (size_t k = 0; k < (n ? n : 1); k++) {
		const cJSON *h = n ? cJSON_GetArrayItem(hist, (int)(n - 1 - k)) : NULL;
		if (h && !cJSON_IsObject(h)) {
			*ret_error = xstrdup("an entry of the image's history is not an object");
			return -EBADMSG;
		}
		const cJSON *cb = h ? cJSON_GetObjectItemCaseSensitive(h, "created_by") : NULL;
		const cJSON *cm = h ? cJSON_GetObjectItemCaseSensitive(h, "comment") : NULL;
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(img->history, e)) {
			cJSON_Delete(e);
			return -ENOMEM;
		}
		if (!cJSON_AddStringToObject(e, "Id", k == 0 ? img->id : "<missing>") ||
		    !cJSON_AddNumberToObject(e, "Created", 0) ||
		    !cJSON_AddStringToObject(e, "CreatedBy",
					     cJSON_IsString(cb) ? cb->valuestring : "") ||
		    !(k == 0 && cJSON_GetArraySize(tags) > 0
			  ? cJSON_AddItemToObject(e, "Tags", cJSON_Duplicate(tags, true))
			  : cJSON_AddNullToObject(e, "Tags") != NULL) ||
		    !cJSON_AddNumberToObject(e, "Size", 0) ||
		    !cJSON_AddStringToObject(e, "Comment", cJSON_IsString(cm) ? cm->valuestring : ""))
			return -ENOMEM;
	}
	return 0;
}

/* Is the candidate at path (of a lower layer) gone after layer s? */
static bool removed_by(const struct layer_scan *s, const char *path)
{
	size_t len = strlen(path);
	uint64_t h = fnv_add(FNV_OFFSET, path, len);
	if (hashset_has(&s->present, h) || hashset_has(&s->cut, h))
		return true;
	if (hashset_has(&s->opaque, FNV_OFFSET)) /* the root made opaque */
		return true;
	uint64_t ph = FNV_OFFSET;
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		if (path[i] != '/')
			continue;
		ph = fnv_add(ph, path + from, i - from);
		if (hashset_has(&s->cut, ph) || hashset_has(&s->opaque, ph))
			return true;
		ph = fnv_add(ph, "/", 1);
		from = i + 1;
	}
	return false;
}

static int setid_add(struct archive_image *img, const struct candidate *c, size_t layer,
		     size_t max)
{
	if (img->n_setid == max) {
		img->setid_more++;
		return 0;
	}
	struct archive_setid_file *v = realloc(img->setid, (img->n_setid + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	img->setid = v;
	char *p = xasprintf("/%s", c->path);
	if (!p)
		return -ENOMEM;
	v[img->n_setid++] = (struct archive_setid_file){
	    .path = p, .mode = c->mode, .uid = c->uid, .gid = c->gid, .layer = layer};
	return 0;
}

/* Apply the image's layers in order: what is left of each layer's setuid/setgid files. */
static int image_setid(struct source *src, struct archive_image *img, char *const *layer_names)
{
	const struct layer_scan **scans = calloc(img->n_layers ? img->n_layers : 1, sizeof(*scans));
	if (!scans)
		return -ENOMEM;
	for (size_t i = 0; i < img->n_layers; i++) {
		struct member *m = member_get(src, layer_names[i], true);
		struct archive_layer *l = &img->layers[i];
		if (!m || m->kind != MEMBER_LAYER || !m->scan) {
			l->error = -ENOENT;
			l->error_msg = xasprintf("layer '%s' is not in the archive", layer_names[i]);
		} else if (m->scan->error) {
			l->error = m->scan->error;
			l->error_msg = xasprintf("layer %s: %s", l->digest,
						 m->scan->msg ? m->scan->msg : "unreadable");
		} else {
			l->entries = m->scan->entries;
			scans[i] = m->scan;
		}
		if (l->error && !img->layers_error) {
			img->layers_error = l->error;
			img->layers_msg = xstrdup(l->error_msg ? l->error_msg : "a layer is unreadable");
		}
	}
	int r = 0;
	for (size_t i = 0; !img->layers_error && i < img->n_layers && r == 0; i++) {
		for (size_t k = 0; k < scans[i]->n_cands && r == 0; k++) {
			const struct candidate *c = &scans[i]->cands[k];
			bool gone = false;
			for (size_t j = i + 1; j < img->n_layers && !gone; j++)
				gone = removed_by(scans[j], c->path);
			if (!gone)
				r = setid_add(img, c, i, src->budget.lim->max_setid);
		}
	}
	free(scans);
	return r;
}

/*
 * One image from its configuration member and its layers' member names. Tags are taken.
 * 0, -ENOMEM, or -EBADMSG with *ret_error.
 */
static int image_build(struct source *src, struct image_archive *arc, const char *config_name,
		       const char *id_hex, cJSON *tags, char *const *layer_names, size_t n_layers,
		       char **ret_error)
{
	const struct archive_limits *lim = src->budget.lim;
	if (!hex_ok(id_hex, 64, 64)) {
		*ret_error = xasprintf("cannot tell the image id of configuration '%s'", config_name);
		return -EBADMSG;
	}
	for (size_t i = 0; i < arc->n; i++)
		if (strcmp(arc->images[i].id + 7, id_hex) == 0) { /* listed twice: merge tags */
			const cJSON *t;
			cJSON *rt = cJSON_GetObjectItemCaseSensitive(arc->images[i].inspect, "RepoTags");
			cJSON_ArrayForEach(t, tags)
			{
				if (cJSON_IsArray(rt) && cJSON_IsString(t) &&
				    add_tag(rt, t->valuestring) < 0)
					return -ENOMEM;
			}
			return 0;
		}
	if (arc->n >= lim->max_images) {
		*ret_error = xasprintf("more than %zu images in one archive", lim->max_images);
		return -E2BIG;
	}
	if (n_layers > lim->max_layers) {
		*ret_error = xasprintf("an image with more than %zu layers", lim->max_layers);
		return -E2BIG;
	}
	struct member *cm = member_get(src, config_name, false);
	if (!cm || cm->kind != MEMBER_JSON) {
		*ret_error = xasprintf(cm ? "the image configuration '%s' is larger than %llu bytes"
					  : "the image configuration '%s' is not in the archive",
				       config_name, (unsigned long long)lim->max_json);
		return cm ? -E2BIG : -EBADMSG;
	}
	cJSON *cfg = json_parse(cm->data, cm->len);
	if (!cJSON_IsObject(cfg)) {
		cJSON_Delete(cfg);
		*ret_error = xasprintf("the image configuration '%s' is not a JSON object", config_name);
		return -EBADMSG;
	}
	struct archive_image *img = image_add(arc);
	int r = -ENOMEM;
	if (!img)
		goto out;
	img->id = xasprintf("sha256:%s", id_hex);
	img->layers = calloc(n_layers ? n_layers : 1, sizeof(*img->layers));
	img->n_layers = n_layers;
	if (!img->id || !img->layers)
		goto out;
	r = image_shapes(img, cfg, tags, ret_error);
	if (r < 0)
		goto out;
	/* name layers by their digests: the blob's, else the configuration's diff_id */
	const cJSON *diff_ids = json_get_array(cfg, "rootfs.diff_ids");
	for (size_t i = 0; i < n_layers; i++) {
		const char *nm = layer_names[i];
		const cJSON *d = cJSON_GetArrayItem(diff_ids, (int)i);
		if (str_startswith(nm, "blobs/") && strchr(nm + 6, '/'))
			img->layers[i].digest = xasprintf("%.*s:%s", (int)(strchr(nm + 6, '/') - nm - 6),
							  nm + 6, strchr(nm + 6, '/') + 1);
		else if (cJSON_IsString(d))
			img->layers[i].digest = xstrdup(d->valuestring);
		else
			img->layers[i].digest = xstrdup(nm);
		if (!img->layers[i].digest) {
			r = -ENOMEM;
			goto out;
		}
	}
	r = image_setid(src, img, layer_names);
out:
	cJSON_Delete(cfg);
	return r;
}

/* docker save: manifest.json, [{Config, RepoTags, Layers}]. */
static int images_from_manifest(struct source *src, struct image_archive *arc, const char *data,
				size_t len, char **ret_error)
{
	_cleanup_(cJSON_Deletep) cJSON *man = json_parse(data, len);
	if (!cJSON_IsArray(man)) {
		*ret_error = xstrdup("manifest.json is not a JSON array");
		return -EBADMSG;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, man)
	{
		const char *config = json_get_string(it, "Config");
		const cJSON *layers = json_get_array(it, "Layers");
		const cJSON *rt = cJSON_GetObjectItemCaseSensitive(it, "RepoTags");
		if (!cJSON_IsObject(it) || !config || !layers ||
		    (rt && !cJSON_IsArray(rt) && !cJSON_IsNull(rt))) {
			*ret_error = xstrdup("manifest.json: an entry without Config and Layers");
			return -EBADMSG;
		}
		_cleanup_free_ char *cname = malloc(strlen(config) + 1);
		if (!cname)
			return -ENOMEM;
		if (path_clean(config, cname, strlen(config)) <= 0) {
			*ret_error = xstrdup("manifest.json: an empty Config");
			return -EBADMSG;
		}
		/* the id: "<hex>.json" (legacy) or "blobs/sha256/<hex>" */
		const char *base = strrchr(cname, '/') ? strrchr(cname, '/') + 1 : cname;
		_cleanup_free_ char *hex = str_endswith(base, ".json")
					       ? xstrndup(base, strlen(base) - 5)
					       : xstrdup(base);
		size_t nl = (size_t)cJSON_GetArraySize(layers);
		if (nl > src->budget.lim->max_layers) {
			*ret_error = xasprintf("an image with more than %zu layers",
					       src->budget.lim->max_layers);
			return -E2BIG;
		}
		_cleanup_strv_free_ char **names = calloc(nl + 1, sizeof(char *));
		_cleanup_(cJSON_Deletep) cJSON *tags = cJSON_CreateArray();
		if (!hex || !names || !tags)
			return -ENOMEM;
		size_t k = 0;
		const cJSON *l;
		cJSON_ArrayForEach(l, layers)
		{
			if (!cJSON_IsString(l) || !l->valuestring[0]) {
				*ret_error = xstrdup("manifest.json: a layer that is not a name");
				return -EBADMSG;
			}
			names[k] = malloc(strlen(l->valuestring) + 1);
			if (!names[k])
				return -ENOMEM;
			path_clean(l->valuestring, names[k], strlen(l->valuestring));
			k++;
		}
		const cJSON *t;
		cJSON_ArrayForEach(t, rt)
		{
			if (cJSON_IsString(t) && add_tag(tags, name_short(t->valuestring)) < 0)
				return -ENOMEM;
		}
		int r = image_build(src, arc, cname, hex, tags, names, nl, ret_error);
		if (r < 0)
			return r;
	}
	return 0;
}

static bool media_is_index(const char *mt)
{
	return mt && (strcmp(mt, "application/vnd.oci.image.index.v1+json") == 0 ||
		      strcmp(mt, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

static int images_from_index(struct source *src, struct image_archive *arc, const cJSON *index,
			     const char *inherited_name, int depth, char **ret_error);

/* One descriptor of an index: a manifest (an image), or a nested index. */
static int image_from_descriptor(struct source *src, struct image_archive *arc, const cJSON *desc,
				 const char *inherited_name, int depth, char **ret_error)
{
	const char *mt = json_get_string(desc, "mediaType");
	const char *digest = json_get_string(desc, "digest");
	/* Docker 25+ and BuildKit store attestations as manifests of "unknown" platform; the
	 * annotation keys hold dots, so they are looked up directly, not as json_get paths */
	const cJSON *ann = json_get_object(desc, "annotations");
	const cJSON *at = ann ? cJSON_GetObjectItemCaseSensitive(ann, "vnd.docker.reference.type")
			      : NULL;
	const char *atype = cJSON_IsString(at) ? at->valuestring : NULL;
	if (atype && strcmp(atype, "attestation-manifest") == 0)
		return 0;
	const cJSON *fi = ann ? cJSON_GetObjectItemCaseSensitive(ann, "io.containerd.image.name")
			      : NULL;
	const cJSON *ri =
	    ann ? cJSON_GetObjectItemCaseSensitive(ann, "org.opencontainers.image.ref.name") : NULL;
	const char *full = cJSON_IsString(fi) ? fi->valuestring : NULL;
	const char *ref = cJSON_IsString(ri) ? ri->valuestring : NULL;
	const char *name = full ? full : ref ? ref : inherited_name;
	_cleanup_free_ char *bname = blob_name(digest);
	if (!bname) {
		*ret_error = xasprintf("index: a descriptor without a usable digest");
		return -EBADMSG;
	}
	struct member *m = member_get(src, bname, false);
	if (!m || m->kind != MEMBER_JSON) {
		*ret_error = xasprintf("manifest %s is %s", digest,
				       m ? "too large" : "not in the archive");
		return -EBADMSG;
	}
	_cleanup_(cJSON_Deletep) cJSON *doc = json_parse(m->data, m->len);
	if (!cJSON_IsObject(doc)) {
		*ret_error = xasprintf("manifest %s is not a JSON object", digest);
		return -EBADMSG;
	}
	if (media_is_index(mt) || media_is_index(json_get_string(doc, "mediaType")) ||
	    (!json_get(doc, "config") && json_get_array(doc, "manifests")))
		return images_from_index(src, arc, doc, name, depth + 1, ret_error);
	const char *cdigest = json_get_string(doc, "config.digest");
	const char *cmt = json_get_string(doc, "config.mediaType");
	if (cmt && strcmp(cmt, "application/vnd.oci.image.config.v1+json") != 0 &&
	    strcmp(cmt, "application/vnd.docker.container.image.v1+json") != 0)
		return 0; /* an artifact (signature, SBOM ...), not an image */
	_cleanup_free_ char *cname = blob_name(cdigest);
	const cJSON *layers = json_get_array(doc, "layers");
	if (!cname || !layers) {
		*ret_error = xasprintf("manifest %s has no config digest or no layers", digest);
		return -EBADMSG;
	}
	size_t nl = (size_t)cJSON_GetArraySize(layers);
	if (nl > src->budget.lim->max_layers) {
		*ret_error = xasprintf("an image with more than %zu layers",
				       src->budget.lim->max_layers);
		return -E2BIG;
	}
	_cleanup_strv_free_ char **names = calloc(nl + 1, sizeof(char *));
	_cleanup_(cJSON_Deletep) cJSON *tags = cJSON_CreateArray();
	if (!names || !tags)
		return -ENOMEM;
	size_t k = 0;
	const cJSON *l;
	cJSON_ArrayForEach(l, layers)
	{
		names[k] = blob_name(json_get_string(l, "digest"));
		if (!names[k]) {
			*ret_error = xasprintf("manifest %s: a layer without a usable digest", digest);
			return -EBADMSG;
		}
		k++;
	}
	if (name && add_tag(tags, name_short(name)) < 0)
		return -ENOMEM;
	return image_build(src, arc, cname, strchr(cdigest, ':') + 1, tags, names, nl, ret_error);
}

static int images_from_index(struct source *src, struct image_archive *arc, const cJSON *index,
			     const char *inherited_name, int depth, char **ret_error)
{
	if (depth > INDEX_DEPTH_MAX) {
		*ret_error = xstrdup("indexes nested too deep");
		return -EBADMSG;
	}
	const cJSON *ms = json_get_array(index, "manifests");
	if (!ms) {
		*ret_error = xstrdup("index.json has no manifests array");
		return -EBADMSG;
	}
	const cJSON *d;
	cJSON_ArrayForEach(d, ms)
	{
		if (!cJSON_IsObject(d)) {
			*ret_error = xstrdup("index: a descriptor is not an object");
			return -EBADMSG;
		}
		int r = image_from_descriptor(src, arc, d, inherited_name, depth, ret_error);
		if (r < 0)
			return r;
	}
	return 0;
}

static int assemble(struct source *src, struct image_archive *arc, char **ret_error)
{
	struct member *man = member_get(src, "manifest.json", false);
	struct member *idx = member_get(src, "index.json", false);
	struct member *lay = member_get(src, "oci-layout", false);
	int r;
	if (man && man->kind == MEMBER_JSON) {
		arc->format = lay ? "docker save (OCI layout)" : "docker save";
		r = images_from_manifest(src, arc, man->data, man->len, ret_error);
	} else if (idx && idx->kind == MEMBER_JSON) {
		arc->format = src->dirfd >= 0 ? "OCI layout directory" : "OCI layout tar";
		if (!lay)
			*ret_error = NULL; /* oci-layout is required by the spec; tolerated */
		_cleanup_(cJSON_Deletep) cJSON *index = json_parse(idx->data, idx->len);
		if (!cJSON_IsObject(index)) {
			*ret_error = xstrdup("index.json is not a JSON object");
			return -EBADMSG;
		}
		r = images_from_index(src, arc, index, NULL, 0, ret_error);
	} else if ((man && man->kind == MEMBER_TOO_BIG) || (idx && idx->kind == MEMBER_TOO_BIG)) {
		*ret_error = xasprintf("%s is larger than %llu bytes",
				       man ? "manifest.json" : "index.json",
				       (unsigned long long)src->budget.lim->max_json);
		return -E2BIG;
	} else {
		*ret_error = xstrdup("neither a docker save archive (no manifest.json) nor an OCI "
				     "image layout (no index.json)");
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	if (arc->n == 0) {
		*ret_error = xstrdup("the archive holds no image");
		return -ENOENT;
	}
	return 0;
}

static int finish(struct source *src, int r, struct image_archive **ret, char **ret_error)
{
	struct image_archive *arc = NULL;
	if (r == 0) {
		arc = calloc(1, sizeof(*arc));
		r = arc ? assemble(src, arc, ret_error) : -ENOMEM;
	} else if (src->error) {
		*ret_error = TAKE_PTR(src->error);
	}
	source_release(src);
	if (r < 0) {
		image_archive_free(arc);
		if (!*ret_error && r != -ENOMEM)
			*ret_error = xstrdup(strerror(-r));
		return r;
	}
	*ret = arc;
	return 0;
}

static struct archive *outer_reader(void)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	if (support_filters(a) < 0 || archive_read_support_format_tar(a) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static int read_archive(struct archive *a, int open_result, struct source *src)
{
	if (open_result != ARCHIVE_OK) {
		const char *why = archive_error_string(a);
		src->error = xasprintf("not a tar archive: %s", why ? why : "unrecognised format");
		return -EBADMSG;
	}
	int r = read_tar(a, src);
	if (r == -EBADMSG && !src->error)
		src->error = xstrdup("an empty archive");
	return r;
}

int image_archive_read_memory(const void *data, size_t len, const struct archive_limits *lim,
			      struct image_archive **ret, char **ret_error)
{
	*ret_error = NULL;
	struct source src = {.budget = {.lim = lim}, .dirfd = -1};
	struct archive *a = outer_reader();
	if (!a)
		return -ENOMEM;
	int r = read_archive(a, archive_read_open_memory(a, data, len), &src);
	archive_read_free(a);
	return finish(&src, r, ret, ret_error);
}

int image_archive_read_path(const char *path, const struct archive_limits *lim,
			    struct image_archive **ret, char **ret_error)
{
	*ret_error = NULL;
	struct source src = {.budget = {.lim = lim}, .dirfd = -1};
	/* O_NONBLOCK: a FIFO given by mistake must not hang the open */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		*ret_error = xasprintf("cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))) {
		close(fd);
		*ret_error = xasprintf("'%s' is neither a file nor a directory", path);
		return -EINVAL;
	}
	if (S_ISDIR(st.st_mode)) {
		src.dirfd = fd;
		return finish(&src, 0, ret, ret_error);
	}
	struct archive *a = outer_reader();
	if (!a) {
		close(fd);
		return -ENOMEM;
	}
	int r = read_archive(a, archive_read_open_fd(a, fd, PEEK_SIZE), &src);
	archive_read_free(a);
	close(fd);
	if (r < 0 && src.error) {
		char *m = xasprintf("'%s': %s", path, src.error);
		if (m) {
			free(src.error);
			src.error = m;
		}
	}
	return finish(&src, r, ret, ret_error);
}
