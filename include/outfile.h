/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdio.h>

/*
 * Write a report to PATH without breaking what PATH names:
 *
 *   - a new path or a regular file: atomically (a temporary file beside it, then rename), so
 *     readers never see half a report; a replaced file keeps its mode and owner, a new one gets
 *     0666 less the umask, as a shell redirection would;
 *   - a symbolic link: the same at the file it resolves to, the link stays a link (a dangling
 *     link is refused);
 *   - a character device or a FIFO (/dev/null, /dev/stdout, a named pipe): written directly;
 *   - a directory, a block device or a socket: refused.
 *
 * SIGINT, SIGTERM, SIGHUP and SIGXFSZ during the write remove the temporary file before the process dies
 * of the signal. fn writes the whole report to the stream and returns 0 or a negative errno.
 * Returns 0 or a negative errno with *ret_error set to a one-line message (malloc'ed).
 */
typedef int (*outfile_write_fn)(FILE *f, void *data);
int outfile_write(const char *path, outfile_write_fn fn, void *data, char **ret_error);
