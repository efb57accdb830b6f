/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>
#include "buf.h"
#include "hostfs.h"
#include "hostfs_internal.h"
#include "strutil.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* As the kernel's MAXSYMLINKS: more symlinks than this in one resolution is a loop. */
#define HOSTFS_MAX_LINKS 40
/* A resolved path, or a path being resolved with its symlinks spliced in, never grows past this. */
#define HOSTFS_MAX_PATH (64 * 1024)
/* Entries read from one directory. */
#define HOSTFS_MAX_DIR_ENTRIES (1024 * 1024)
/* openat2(RESOLVE_IN_ROOT) returns EAGAIN when a rename raced with "..": retry a few times. */
#define HOSTFS_OPENAT2_RETRIES 8

struct hostfs {
	char *root;
	int root_fd; /* O_PATH|O_DIRECTORY */
	bool openat2;
};

static int sys_openat2(int dirfd, const char *path, const struct open_how *how)
{
	long r = syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
	return r < 0 ? -errno : (int)r;
}

static bool probe_openat2(int root_fd)
{
	struct open_how how = {
	    .flags = O_PATH | O_CLOEXEC,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	/* ENOSYS on old kernels, EPERM or ENOSYS under some seccomp profiles: resolve by hand. */
	int fd = sys_openat2(root_fd, ".", &how);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int hostfs_new_with(const char *root, unsigned flags, struct hostfs **ret)
{
	if (!root || !*root || !ret)
		return -EINVAL;
	struct hostfs *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->root_fd = -1;
	h->root = root[0] == '/' ? path_normalize(root) : xstrdup(root);
	if (!h->root) {
		hostfs_free(h);
		return -ENOMEM;
	}
	h->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (h->root_fd < 0) {
		int r = -errno;
		hostfs_free(h);
		return r;
	}
	h->openat2 = !(flags & HOSTFS_NO_OPENAT2) && probe_openat2(h->root_fd);
	*ret = h;
	return 0;
}

int hostfs_new(const char *root, struct hostfs **ret)
{
	return hostfs_new_with(root, 0, ret);
}

struct hostfs *hostfs_free(struct hostfs *h)
{
	if (!h)
		return NULL;
	if (h->root_fd >= 0)
		close(h->root_fd);
	free(h->root);
	free(h);
	return NULL;
}

const char *hostfs_root(const struct hostfs *h)
{
	return h ? h->root : NULL;
}

bool hostfs_uses_openat2(const struct hostfs *h)
{
	return h && h->openat2;
}

/* "/etc/x" -> "etc/x", "/" -> ".": the path relative to the root fd. */
static int path_in_root(const char *path, const char **ret)
{
	if (!path || path[0] != '/')
		return -EINVAL;
	while (*path == '/')
		path++;
	*ret = *path ? path : ".";
	return 0;
}

/* The host is only ever read: no access mode but O_RDONLY, nothing that creates or truncates. */
static int read_only_flags(int flags, int *ret)
{
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND)) ||
	    (flags & O_TMPFILE) == O_TMPFILE)
		return -EINVAL;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW; /* openat2 rejects anything else */
	else
		flags |= O_NONBLOCK | O_NOCTTY; /* a FIFO or a tty instead of a file never blocks */
	*ret = flags | O_CLOEXEC;
	return 0;
}

/* The target of the symlink fd (an O_PATH|O_NOFOLLOW fd of the link itself). */
static int readlink_fd(int fd, char **ret)
{
	for (size_t size = 256;; size *= 2) {
		_cleanup_free_ char *b = malloc(size);
		if (!b)
			return -ENOMEM;
		ssize_t n = readlinkat(fd, "", b, size);
		if (n < 0)
			return -errno;
		if ((size_t)n < size) {
			b[n] = '\0';
			*ret = TAKE_PTR(b);
			return 0;
		}
		if (size >= HOSTFS_MAX_PATH)
			return -ENAMETOOLONG;
	}
}

static const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

static int open_root_dir(const struct hostfs *h)
{
	int fd = fcntl(h->root_fd, F_DUPFD_CLOEXEC, 3);
	return fd < 0 ? -errno : fd;
}

/*
 * Reopen a directory from its canonical path (a path walk() built, no symlinks in it), one
 * O_NOFOLLOW component at a time: used for "..", so that the parent is found by going down
 * from the root again rather than up from wherever the directory may have been moved to.
 */
static int open_canonical_dir(const struct hostfs *h, const char *canon)
{
	_cleanup_close_ int cur = open_root_dir(h);
	if (cur < 0)
		return cur;
	const char *p = canon;
	while (*p == '/') {
		p++;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		char name[NAME_MAX + 1];
		if (n == 0 || n > NAME_MAX)
			return -EINVAL;
		memcpy(name, p, n);
		name[n] = '\0';
		int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		close(cur);
		cur = fd;
		p = e;
	}
	return TAKE_FD(cur);
}

/* A resolution that met a component that does not exist: keep it and the rest lexically. */
static int canonical_with_tail(const struct buf *canon, const char *name, const char *rest,
			       char **ret)
{
	_cleanup_free_ char *s = xasprintf("%s/%s/%s", buf_str(canon), name, rest);
	if (!s)
		return -ENOMEM;
	char *n = path_normalize(s);
	if (!n)
		return -ENOMEM;
	*ret = n;
	return 0;
}

/*
 * Resolve path below the root one component at a time, never leaving it: each component is
 * opened with O_PATH|O_NOFOLLOW; a symlink's target is spliced in front of the rest of the
 * path (an absolute one restarting at the root), ".." at the root stays at the root, and more
 * than HOSTFS_MAX_LINKS symlinks is -ELOOP. Two uses:
 *  - ret_canon == NULL: the result is opened with flags (O_NOFOLLOW: the last component is not
 *    followed) and the fd returned;
 *  - ret_canon != NULL: the canonical path is returned (flags unused); a component that does
 *    not exist is kept, with the rest of the path, lexically.
 */
static int walk(const struct hostfs *h, const char *path, int flags, char **ret_canon)
{
	bool follow_last = ret_canon || !(flags & O_NOFOLLOW);
	_cleanup_(buf_release) struct buf canon; /* "" for the root, else "/a/b" */
	buf_init(&canon, HOSTFS_MAX_PATH);
	_cleanup_free_ char *todo = strdup(path);
	if (!todo)
		return -ENOMEM;
	_cleanup_close_ int cur = open_root_dir(h);
	if (cur < 0)
		return cur;
	char final[NAME_MAX + 1] = ".";
	unsigned links = 0;
	const char *p = todo;
	int r;

	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		const char *rest = e;
		while (*rest == '/')
			rest++;
		/* with a trailing slash the component is a directory to enter, not the last one */
		bool last = *e == '\0';
		char name[NAME_MAX + 1];
		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, p, n);
		name[n] = '\0';
		p = rest;

		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			char *slash = canon.len ? strrchr(canon.data, '/') : NULL;
			if (!slash)
				continue; /* ".." of the root is the root */
			*slash = '\0';
			canon.len = (size_t)(slash - canon.data);
			int fd = open_canonical_dir(h, buf_str(&canon));
			if (fd < 0)
				return fd;
			close(cur);
			cur = fd;
			continue;
		}
		if (last && !follow_last) {
			memcpy(final, name, n + 1);
			break;
		}

		_cleanup_close_ int next = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			r = -errno;
			if (r == -ENOENT && ret_canon)
				return canonical_with_tail(&canon, name, rest, ret_canon);
			return r;
		}
		struct stat st;
		if (fstat(next, &st) < 0)
			return -errno;

		if (S_ISLNK(st.st_mode)) {
			if (++links > HOSTFS_MAX_LINKS)
				return -ELOOP;
			_cleanup_free_ char *target = NULL;
			r = readlink_fd(next, &target);
			if (r < 0)
				return r;
			if (!*target)
				return -ENOENT;
			size_t tl = strlen(target), rl = strlen(e);
			if (tl + rl + 1 > HOSTFS_MAX_PATH)
				return -ENAMETOOLONG;
			/* the target, then what followed the link ("link/" stays a directory) */
			char *spliced = malloc(tl + rl + 1);
			if (!spliced)
				return -ENOMEM;
			memcpy(spliced, target, tl);
			memcpy(spliced + tl, e, rl + 1);
			free(todo);
			todo = spliced;
			p = todo;
			if (target[0] == '/') {
				int fd = open_root_dir(h);
				if (fd < 0)
					return fd;
				close(cur);
				cur = fd;
				buf_reset(&canon);
			}
			continue;
		}

		if (last && !ret_canon) {
			/* opened by name from its parent: a directory need not be searchable */
			memcpy(final, name, n + 1);
			break;
		}
		if (!S_ISDIR(st.st_mode) && !last)
			return -ENOTDIR;
		if (!ret_canon && !*rest) {
			/* "dir/": the directory itself, by name as well */
			memcpy(final, name, n + 1);
			flags |= O_DIRECTORY;
			break;
		}
		r = buf_printf(&canon, "/%s", name);
		if (r < 0)
			return r == -E2BIG ? -ENAMETOOLONG : r;
		if (last && !S_ISDIR(st.st_mode))
			break; /* resolving: a file at the end */
		close(cur);
		cur = TAKE_FD(next);
	}

	if (ret_canon) {
		char *s = canon.len ? buf_steal(&canon) : strdup("/");
		if (!s)
			return -ENOMEM;
		*ret_canon = s;
		return 0;
	}
	/* O_NOFOLLOW: if a symlink was swapped in since the check above, fail rather than follow */
	int fd = openat(cur, final, flags | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

/* Open path inside the root with normalised flags; *ret_st is the fstat of the fd. */
static int open_stat(const struct hostfs *h, const char *path, int flags, struct stat *ret_st)
{
	const char *rel;
	int r;

	if (!h)
		return -EINVAL;
	r = path_in_root(path, &rel);
	if (r < 0)
		return r;
	r = read_only_flags(flags, &flags);
	if (r < 0)
		return r;

	int fd = -ENOSYS;
	if (h->openat2) {
		struct open_how how = {
		    .flags = (uint64_t)flags,
		    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		for (unsigned i = 0; i < HOSTFS_OPENAT2_RETRIES; i++) {
			fd = sys_openat2(h->root_fd, rel, &how);
			if (fd != -EAGAIN)
				break;
		}
	}
	if (fd == -ENOSYS || fd == -EAGAIN)
		fd = walk(h, path, flags, NULL);
	if (fd < 0)
		return fd;

	struct stat st;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if (ret_st)
		*ret_st = st;
	return fd;
}

int hostfs_open(const struct hostfs *h, const char *path, int flags)
{
	return open_stat(h, path, flags, NULL);
}

int hostfs_stat(const struct hostfs *h, const char *path, struct stat *ret)
{
	struct stat st;
	int fd = open_stat(h, path, O_PATH, &st);
	if (fd < 0)
		return fd;
	close(fd);
	if (ret)
		*ret = st;
	return 0;
}

int hostfs_lstat(const struct hostfs *h, const char *path, struct stat *ret)
{
	struct stat st;
	int fd = open_stat(h, path, O_PATH | O_NOFOLLOW, &st);
	if (fd < 0)
		return fd;
	close(fd);
	if (ret)
		*ret = st;
	return 0;
}

int hostfs_read_file(const struct hostfs *h, const char *path, size_t max, char **ret_data,
		     size_t *ret_len)
{
	struct stat st;

	if (!ret_data)
		return -EINVAL;
	_cleanup_close_ int fd = open_stat(h, path, O_RDONLY, &st);
	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (max > SIZE_MAX - 1)
		max = SIZE_MAX - 1;
	if (st.st_size < 0 || (uintmax_t)st.st_size > max)
		return -EFBIG;

	/* st_size is a hint only: files in /proc say 0, and a file may grow while we read */
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	_cleanup_free_ char *data = malloc(cap);
	if (!data)
		return -ENOMEM;
	size_t len = 0;
	for (;;) {
		if (len == max) {
			/* at the cap: anything more is an error, not a silent truncation */
			char extra;
			ssize_t n = read(fd, &extra, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			if (n > 0)
				return -EFBIG;
			break;
		}
		if (len + 1 == cap) {
			size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			char *nd = realloc(data, ncap);
			if (!nd)
				return -ENOMEM;
			data = nd;
			cap = ncap;
		}
		size_t want = cap - 1 - len;
		if (want > max - len)
			want = max - len;
		ssize_t n = read(fd, data + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	data[len] = '\0';
	*ret_data = TAKE_PTR(data);
	if (ret_len)
		*ret_len = len;
	return 0;
}

int hostfs_resolve(const struct hostfs *h, const char *path, char **ret)
{
	if (!h || !path || path[0] != '/' || !ret)
		return -EINVAL;
	/* by hand even with openat2: the walk is what knows the path it took */
	return walk(h, path, 0, ret);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int hostfs_list_dir(const struct hostfs *h, const char *path, char ***ret_names)
{
	if (!ret_names)
		return -EINVAL;
	_cleanup_close_ int fd = open_stat(h, path, O_RDONLY | O_DIRECTORY, NULL);
	if (fd < 0)
		return fd;
	DIR *d = fdopendir(fd);
	if (!d)
		return -errno;
	TAKE_FD(fd); /* owned by d now */

	_cleanup_strv_free_ char **names = calloc(1, sizeof(*names));
	size_t n = 0, cap = 1;
	int r = 0;
	if (!names) {
		closedir(d);
		return -ENOMEM;
	}
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			r = errno ? -errno : 0;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n >= HOSTFS_MAX_DIR_ENTRIES) {
			r = -E2BIG;
			break;
		}
		if (n + 1 >= cap) {
			char **nv = realloc(names, 2 * cap * sizeof(*names));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			names = nv;
			cap *= 2;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			r = -ENOMEM;
			break;
		}
		names[++n] = NULL;
	}
	closedir(d);
	if (r < 0)
		return r;
	qsort(names, n, sizeof(*names), cmp_names);
	*ret_names = TAKE_PTR(names);
	return 0;
}

int hostfs_readlink(const struct hostfs *h, const char *path, char **ret)
{
	struct stat st;

	if (!ret)
		return -EINVAL;
	/* with O_PATH|O_NOFOLLOW even a magic link (/proc/PID/exe) is opened, not followed */
	_cleanup_close_ int fd = open_stat(h, path, O_PATH | O_NOFOLLOW, &st);
	if (fd < 0)
		return fd;
	if (!S_ISLNK(st.st_mode))
		return -EINVAL;
	return readlink_fd(fd, ret);
}
