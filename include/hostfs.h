/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/*
 * Host files under a root directory (--root, default "/"). Every path given is an absolute
 * path as seen on the audited host; it is resolved inside the root: symlinks (absolute or
 * relative, ".." included) can never lead out of it, as with openat2(RESOLVE_IN_ROOT), which
 * is used when the kernel has it (component-by-component O_NOFOLLOW resolution otherwise).
 * Opens use O_CLOEXEC and O_NONBLOCK (a FIFO in place of a file never blocks) and the fd is
 * fstat'ed after the open. Errors are negative errno values (-ENOENT, -EACCES, -ELOOP,
 * -EFBIG for a file larger than the cap, -EINVAL for a relative path or a non-regular file
 * where one is required).
 */
struct hostfs;

int hostfs_new(const char *root, struct hostfs **ret);
struct hostfs *hostfs_free(struct hostfs *h);
const char *hostfs_root(const struct hostfs *h);

/* Open path inside the root with flags (O_RDONLY, O_DIRECTORY, O_PATH ...); returns an fd. */
int hostfs_open(const struct hostfs *h, const char *path, int flags);
/* stat following symlinks inside the root (the final component too). */
int hostfs_stat(const struct hostfs *h, const char *path, struct stat *ret);
/* lstat: the final component is not followed. */
int hostfs_lstat(const struct hostfs *h, const char *path, struct stat *ret);
/* Read a whole regular file of at most max bytes; *ret_data is NUL-terminated. */
int hostfs_read_file(const struct hostfs *h, const char *path, size_t max, char **ret_data,
		     size_t *ret_len);
/*
 * The host path after resolving every symlink inside the root (as the host itself would see
 * it, e.g. "/lib/systemd/system/x" -> "/usr/lib/systemd/system/x" on merged-/usr systems).
 * Components that do not exist are kept lexically (so a path can be canonicalised before it
 * exists). The result is normalised and absolute, without the root prefix.
 */
int hostfs_resolve(const struct hostfs *h, const char *path, char **ret);
/* Entry names of a directory, sorted, without "." and ".."; NULL-terminated. */
int hostfs_list_dir(const struct hostfs *h, const char *path, char ***ret_names);
/* Target of a symlink (e.g. /proc/PID/exe), as stored; not resolved. */
int hostfs_readlink(const struct hostfs *h, const char *path, char **ret);
