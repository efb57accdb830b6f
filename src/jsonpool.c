/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "jsonpool.h"

/*
 * Each size class carves objects out of its own 1 MiB chunks (malloc hands chunks that large
 * straight from mmap, so they cost no alignment waste). free() finds the chunk holding a
 * pointer by binary search over the chunks, sorted by address: pointers in no chunk came
 * from malloc.
 */
#define CHUNK_SIZE (1024u * 1024)
#define GRAIN 16u
#define NCLASSES 4u /* 16, 32, 48, 64 bytes */
#define MAX_POOLED (GRAIN * NCLASSES)

struct free_obj {
	struct free_obj *next;
};

struct chunk {
	char *base;
	unsigned cls;
};

/* Process-wide by necessity: cJSON's hooks are plain functions (see jsonpool.h). */
static struct {
	struct free_obj *free[NCLASSES];
	char *bump[NCLASSES];
	size_t left[NCLASSES];
	struct chunk *chunks; /* sorted by base */
	size_t n, cap;
} pool;

/* The chunk holding p, or NULL. */
static const struct chunk *chunk_of(const void *p)
{
	const char *c = p;
	size_t lo = 0, hi = pool.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pool.chunks[mid].base + CHUNK_SIZE <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < pool.n && pool.chunks[lo].base <= c && c < pool.chunks[lo].base + CHUNK_SIZE)
		return &pool.chunks[lo];
	return NULL;
}

static int chunk_add(char *base, unsigned cls)
{
	if (pool.n == pool.cap) {
		size_t cap = pool.cap ? pool.cap * 2 : 64;
		struct chunk *v = realloc(pool.chunks, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		pool.chunks = v;
		pool.cap = cap;
	}
	size_t i = pool.n;
	while (i > 0 && pool.chunks[i - 1].base > base) {
		pool.chunks[i] = pool.chunks[i - 1];
		i--;
	}
	pool.chunks[i] = (struct chunk){base, cls};
	pool.n++;
	return 0;
}

void *jsonpool_malloc(size_t size)
{
	if (size == 0 || size > MAX_POOLED)
		return malloc(size ? size : 1);
	unsigned c = (unsigned)((size + GRAIN - 1) / GRAIN - 1);
	size_t objsize = (c + 1) * GRAIN;
	if (pool.free[c]) {
		struct free_obj *o = pool.free[c];
		pool.free[c] = o->next;
		return o;
	}
	if (pool.left[c] < objsize) {
		char *chunk = malloc(CHUNK_SIZE);
		if (!chunk)
			return NULL;
		if (chunk_add(chunk, c) < 0) {
			free(chunk);
			return NULL;
		}
		pool.bump[c] = chunk;
		pool.left[c] = CHUNK_SIZE;
	}
	void *p = pool.bump[c];
	pool.bump[c] += objsize;
	pool.left[c] -= objsize;
	return p;
}

void jsonpool_free(void *p)
{
	if (!p)
		return;
	const struct chunk *ch = chunk_of(p);
	if (!ch) {
		free(p);
		return;
	}
	struct free_obj *o = p;
	o->next = pool.free[ch->cls];
	pool.free[ch->cls] = o;
}

void jsonpool_install(void)
{
	cJSON_Hooks hooks = {.malloc_fn = jsonpool_malloc, .free_fn = jsonpool_free};
	cJSON_InitHooks(&hooks);
}

void jsonpool_release(void)
{
	for (size_t i = 0; i < pool.n; i++)
		free(pool.chunks[i].base);
	free(pool.chunks);
	memset(&pool, 0, sizeof(pool));
	cJSON_InitHooks(NULL);
}
