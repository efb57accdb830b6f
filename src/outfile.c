/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outfile.h"
#include "strutil.h"

/*
 * The temporary file being written, for the signal handler: a signal may arrive at any moment
 * between mkostemp and rename, and the only async-signal-safe way to reach the name is a static
 * buffer. Process-wide by nature (signal dispositions are), set and cleared only here.
 */
static char tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t tmp_active;

static void on_signal(int sig)
{
	if (tmp_active)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};

static void signals_catch(struct sigaction old[static 4])
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++) {
		sigaction(caught[i], NULL, &old[i]);
		/* a signal the caller ignores (nohup) stays ignored */
		if (old[i].sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
	}
}

static void signals_restore(const struct sigaction old[static 4])
{
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++)
		sigaction(caught[i], &old[i], NULL);
}

static const char *file_type(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* Flush, check and close f; the first error wins. */
static int finish_stream(FILE *f, int r, bool sync)
{
	if (fflush(f) != 0 || ferror(f))
		r = r < 0 ? r : -(errno ? errno : EIO);
	if (r == 0 && sync && fsync(fileno(f)) < 0)
		r = -errno;
	if (fclose(f) != 0 && r == 0)
		r = -EIO;
	return r;
}

/* A character device or a FIFO: written in place, never replaced. */
static int write_direct(const char *path, const struct stat *st, outfile_write_fn fn, void *data,
			char **ret_error)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISFIFO(st->st_mode) ? 0 : O_APPEND));
	if (fd < 0) {
		int e = errno;
		*ret_error = xasprintf("cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	struct stat now;
	if (fstat(fd, &now) < 0 || (now.st_mode & S_IFMT) != (st->st_mode & S_IFMT) ||
	    now.st_rdev != st->st_rdev) {
		close(fd);
		*ret_error = xasprintf("cannot write '%s': it changed while being opened", path);
		return -EAGAIN;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		*ret_error = xasprintf("cannot write '%s': %s", path, strerror(e));
		return -e;
	}
	int r = finish_stream(f, fn(f, data), false);
	if (r < 0)
		*ret_error = xasprintf("cannot write '%s': %s", path, strerror(-r));
	return r;
}

/*
 * A new path or a regular file: a temporary file beside it, renamed over it. old is the file
 * replaced (its mode and owner are kept), or NULL for a new path (0666 less the umask).
 */
static int write_atomic(const char *path, const struct stat *old, outfile_write_fn fn, void *data,
			char **ret_error)
{
	const char *base = strrchr(path, '/');
	int dirlen = base ? (int)(base - path + 1) : 0;
	int n = snprintf(tmp_path, sizeof(tmp_path), "%.*s.%s.tmp.XXXXXX", dirlen, path,
			 base ? base + 1 : path);
	if (n < 0 || (size_t)n >= sizeof(tmp_path)) {
		*ret_error = xasprintf("cannot write '%s': the path is too long", path);
		return -ENAMETOOLONG;
	}
	struct sigaction old_sa[4];
	signals_catch(old_sa);
	tmp_active = 1;
	int fd = mkostemp(tmp_path, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		tmp_active = 0;
		signals_restore(old_sa);
		*ret_error = xasprintf("cannot create a file beside '%s': %s", path, strerror(e));
		return -e;
	}
	int r = 0;
	if (old) {
		if (fchown(fd, old->st_uid, old->st_gid) < 0 && old->st_uid != geteuid()) {
			r = -errno;
			*ret_error = xasprintf("cannot replace '%s' and keep its owner (uid %u): %s",
					       path, (unsigned)old->st_uid, strerror(-r));
		}
		/* after fchown, which may clear set-id bits */
		if (r == 0 && fchmod(fd, old->st_mode & 07777) < 0)
			r = -errno;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) < 0)
			r = -errno;
	}
	FILE *f = r == 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		r = r < 0 ? r : -errno;
		close(fd);
	} else {
		r = finish_stream(f, fn(f, data), true);
	}
	/* the path must still be what was judged safe to replace */
	if (r == 0) {
		struct stat again;
		int lr = lstat(path, &again);
		bool same = old ? lr == 0 && S_ISREG(again.st_mode) && again.st_dev == old->st_dev &&
				      again.st_ino == old->st_ino
				: lr < 0 && errno == ENOENT;
		if (!same) {
			r = -EAGAIN;
			*ret_error = xasprintf("cannot write '%s': it changed while the report was "
					       "written",
					       path);
		}
	}
	if (r == 0 && rename(tmp_path, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp_path);
	tmp_active = 0;
	signals_restore(old_sa);
	if (r < 0 && !*ret_error)
		*ret_error = xasprintf("cannot write '%s': %s", path, strerror(-r));
	return r;
}

int outfile_write(const char *path, outfile_write_fn fn, void *data, char **ret_error)
{
	*ret_error = NULL;
	if (!path || !*path) {
		*ret_error = xasprintf("an empty output path");
		return -EINVAL;
	}
	struct stat st;
	if (lstat(path, &st) < 0) {
		int e = errno;
		if (e == ENOENT)
			return write_atomic(path, NULL, fn, data, ret_error);
		*ret_error = xasprintf("cannot write '%s': %s", path, strerror(e));
		return -e;
	}
	if (S_ISLNK(st.st_mode)) {
		/* keep the link: a device or pipe it names is written through it (/dev/stdout), a
		 * regular file atomically at its resolved path */
		if (stat(path, &st) < 0) {
			int e = errno;
			*ret_error = e == ENOENT ? xasprintf("refusing to write '%s': a symbolic link "
							     "to a missing file",
							     path)
						 : xasprintf("cannot write '%s': %s", path, strerror(e));
			return -e;
		}
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			return write_direct(path, &st, fn, data, ret_error);
		if (!S_ISREG(st.st_mode)) {
			*ret_error = xasprintf("refusing to write the report to '%s': it links to %s",
					       path, file_type(st.st_mode));
			return -EINVAL;
		}
		_cleanup_free_ char *target = realpath(path, NULL);
		if (!target || lstat(target, &st) < 0 || !S_ISREG(st.st_mode)) {
			int e = errno;
			*ret_error = xasprintf("cannot resolve '%s': %s", path,
					       strerror(e ? e : EINVAL));
			return -(e ? e : EINVAL);
		}
		return write_atomic(target, &st, fn, data, ret_error);
	}
	if (S_ISREG(st.st_mode))
		return write_atomic(path, &st, fn, data, ret_error);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return write_direct(path, &st, fn, data, ret_error);
	*ret_error =
	    xasprintf("refusing to write the report to '%s': %s", path, file_type(st.st_mode));
	return -EINVAL;
}
