/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>

/*
 * A small-object allocator for cJSON. A container inspection is ~150 nodes of 64 bytes plus
 * short strings; malloc spends 16 bytes of bookkeeping on each, a quarter of the memory of an
 * audit of 10,000 containers. The pool carves 64-byte-or-smaller objects out of 64 KiB pages
 * without per-object headers and keeps freed ones for reuse; larger requests go to malloc.
 *
 * cJSON's hooks take no context pointer, so the pool's state is process-wide: install it once,
 * from main, before any cJSON call, in a single-threaded program. Pages are returned to the
 * system only by jsonpool_release (at exit).
 */
void jsonpool_install(void);
/* Every page back to the system; only when no cJSON object is alive any more. */
void jsonpool_release(void);

/* The allocator itself, for tests. */
void *jsonpool_malloc(size_t size);
void jsonpool_free(void *p);
