/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>
#include <stdarg.h>

/*
 * A growable byte buffer that must be given a maximum (curl's dynbuf). The data is always
 * NUL-terminated so it can be used as a string; len excludes the terminator.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* appends that would exceed this fail with -E2BIG */
};

void buf_init(struct buf *b, size_t max);
/* 0, -E2BIG past the maximum (buffer unchanged), -ENOMEM. */
int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
/* Returns the data (malloc'ed, never NULL unless out of memory) and empties the buffer. */
char *buf_steal(struct buf *b);
void buf_release(struct buf *b);

/*
 * Read a whole regular file of at most max bytes (the caller's own files: waivers, baselines,
 * fixtures; host files go through hostfs). Opened O_NONBLOCK so a FIFO cannot block.
 * *ret_data is NUL-terminated. 0; -EINVAL (not a regular file), -EFBIG (larger than max),
 * -errno of open/read, -ENOMEM.
 */
int read_file_capped(const char *path, size_t max, char **ret_data, size_t *ret_len);
