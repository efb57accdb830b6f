/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <pthread.h>
#include <stdio.h>
#include "benchmark.h"
#include "checks.h"
#include "strutil.h"

/* The one place that lists the benchmarks: an edition after the one it changes. */
static const struct benchmark *const benchmarks[] = {
    &cis_docker_1_6_0,
    &cis_docker_1_7_0,
    &cis_docker_1_8_0,
    &cis_k8s_node,
};

/* The pointer table is built once from the static tables; it is immutable afterwards. */
#define MAX_CHECKS 256
static const struct check *all_checks[MAX_CHECKS];
static size_t all_n;

/* Each edition's checks: copies of the rows with the edition's ids, built once. */
struct edition_view {
	struct check rows[MAX_CHECKS];
	const struct check *ptrs[MAX_CHECKS];
	size_t n;
	char label[96];
};
static struct edition_view views[ARRAY_SIZE(benchmarks)];
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static const struct check *row_find(const struct check_section *const *secs, size_t n_secs,
				    const char *key, const char *variant)
{
	for (size_t s = 0; s < n_secs; s++)
		for (size_t i = 0; i < secs[s]->n; i++) {
			const struct check *c = &secs[s]->checks[i];
			if (c->key && strcmp(c->key, key) == 0 &&
			    (variant ? c->variant && strcmp(c->variant, variant) == 0
				     : !c->variant))
				return c;
		}
	return NULL;
}

static size_t bench_index(const struct benchmark *bm)
{
	for (size_t i = 0; i < ARRAY_SIZE(benchmarks); i++)
		if (benchmarks[i] == bm)
			return i;
	return SIZE_MAX;
}

static int view_cmp(const void *a, const void *b)
{
	return check_id_cmp(((const struct check *)a)->id, ((const struct check *)b)->id);
}

/* An overlay that names no row, or a row beyond the limit, is a bug of the tables, which
 * test_table catches: the row is left out rather than the process aborted. */
static void build_view(const struct benchmark *bm, struct edition_view *v)
{
	size_t base = bm->base ? bench_index(bm->base) : SIZE_MAX;
	if (base < ARRAY_SIZE(benchmarks)) {
		memcpy(v->rows, views[base].rows, views[base].n * sizeof(v->rows[0]));
		v->n = views[base].n;
	} else {
		for (size_t s = 0; s < bm->n_sections; s++)
			for (size_t i = 0; i < bm->sections[s]->n && v->n < MAX_CHECKS; i++)
				v->rows[v->n++] = bm->sections[s]->checks[i];
	}
	for (size_t o = 0; o < bm->n_overlay; o++) {
		const struct benchmark_row *ov = &bm->overlay[o];
		size_t at = v->n;
		for (size_t i = 0; i < v->n; i++)
			if (strcmp(v->rows[i].key, ov->key) == 0)
				at = i;
		if (ov->removed) {
			if (at < v->n)
				memmove(&v->rows[at], &v->rows[at + 1],
					(v->n - at - 1) * sizeof(v->rows[0]));
			v->n -= at < v->n;
			continue;
		}
		if (at == v->n || ov->variant) {
			const struct check *c =
			    row_find(bm->variants, bm->n_variants, ov->key, ov->variant);
			if (!c)
				c = row_find(bm->sections, bm->n_sections, ov->key, ov->variant);
			if (!c || (at == v->n && v->n == MAX_CHECKS))
				continue;
			struct check keep = at < v->n ? v->rows[at] : *c;
			v->rows[at] = *c;
			/* what earlier editions renamed stays renamed */
			v->rows[at].id = keep.id;
			v->rows[at].title = keep.title;
			v->rows[at].level = keep.level;
			v->rows[at].automated = keep.automated;
			v->rows[at].section = keep.section;
			v->n += at == v->n;
		}
		struct check *r = &v->rows[at];
		if (ov->id)
			r->id = ov->id;
		if (ov->title)
			r->title = ov->title;
		if (ov->level)
			r->level = ov->level;
		if (ov->assess != BM_ASSESS_SAME)
			r->automated = ov->assess == BM_ASSESS_AUTOMATED;
	}
	if (bm->n_overlay)
		qsort(v->rows, v->n, sizeof(v->rows[0]), view_cmp);
	for (size_t i = 0; i < v->n; i++)
		v->ptrs[i] = &v->rows[i];
	snprintf(v->label, sizeof(v->label), "%s v%s", bm->name, bm->version);
}

static void build_all(void)
{
	const struct benchmark *base = benchmark_base();
	for (size_t s = 0; s < base->n_sections; s++)
		for (size_t i = 0; i < base->sections[s]->n && all_n < MAX_CHECKS; i++)
			all_checks[all_n++] = &base->sections[s]->checks[i];
	for (size_t b = 0; b < ARRAY_SIZE(benchmarks); b++)
		build_view(benchmarks[b], &views[b]);
}

const struct check *const *checks_all(size_t *ret_n)
{
	pthread_once(&all_once, build_all);
	*ret_n = all_n;
	return all_checks;
}

const struct check *checks_find(const char *id)
{
	size_t n;
	const struct check *const *all = checks_all(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i]->id, id) == 0)
			return all[i];
	return NULL;
}

const struct benchmark *const *benchmarks_all(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(benchmarks);
	return benchmarks;
}

const struct benchmark *benchmark_find(const char *option)
{
	if (!option)
		return NULL;
	/* "v1.8.0" as the editions are named, "1.8.0" as the option documents */
	const char *o =
	    option[0] == 'v' && option[1] >= '0' && option[1] <= '9' ? option + 1 : option;
	for (size_t i = 0; i < ARRAY_SIZE(benchmarks); i++)
		if (strcmp(benchmarks[i]->option, o) == 0)
			return benchmarks[i];
	return NULL;
}

const struct benchmark *benchmark_default(void)
{
	return &cis_docker_1_8_0;
}

const struct benchmark *benchmark_base(void)
{
	return &cis_docker_1_6_0;
}

static char options_text[256];
static pthread_once_t options_once = PTHREAD_ONCE_INIT;

static void build_options(void)
{
	size_t len = 0;
	for (size_t i = 0; i < ARRAY_SIZE(benchmarks); i++) {
		int w = snprintf(options_text + len, sizeof(options_text) - len, "%s%s",
				 i ? "|" : "", benchmarks[i]->option);
		if (w < 0 || (size_t)w >= sizeof(options_text) - len)
			break;
		len += (size_t)w;
	}
}

const char *benchmark_options(void)
{
	pthread_once(&options_once, build_options);
	return options_text;
}

static struct edition_view *view_of(const struct benchmark *bm)
{
	size_t i = bench_index(bm ? bm : benchmark_base());
	size_t n;
	checks_all(&n);
	return i < ARRAY_SIZE(views) ? &views[i] : NULL;
}

const struct check *const *benchmark_checks(const struct benchmark *bm, size_t *ret_n)
{
	struct edition_view *v = view_of(bm);
	*ret_n = v ? v->n : 0;
	return v ? v->ptrs : NULL;
}

const struct check *benchmark_check(const struct benchmark *bm, const char *id)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(all[i]->id, id) == 0)
			return all[i];
	return NULL;
}

const struct check *benchmark_check_by_key(const struct benchmark *bm, const char *key)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	for (size_t i = 0; key && i < n; i++)
		if (all[i]->key && strcmp(all[i]->key, key) == 0)
			return all[i];
	return NULL;
}

const char *benchmark_section_title(const struct benchmark *bm, const char *section)
{
	if (!bm)
		bm = benchmark_base();
	for (size_t i = 0; section && i < bm->n_section_titles; i++)
		if (strcmp(bm->section_titles[i].id, section) == 0)
			return bm->section_titles[i].title;
	return NULL;
}

const char *checks_section_title(const char *section)
{
	return benchmark_section_title(benchmark_base(), section);
}

bool benchmark_same_family(const struct benchmark *a, const struct benchmark *b)
{
	if (!a)
		a = benchmark_base();
	if (!b)
		b = benchmark_base();
	return a == b || (a->family && b->family && strcmp(a->family, b->family) == 0);
}

const char *benchmark_label(const struct benchmark *bm)
{
	struct edition_view *v = view_of(bm);
	return v ? v->label : "";
}

char *benchmark_tag(const struct benchmark *bm)
{
	if (!bm)
		bm = benchmark_base();
	char *t = xasprintf("%s-%s", bm->name, bm->version);
	for (char *p = t; p && *p; p++)
		*p = *p == ' ' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
	return t;
}

/* Numeric comparison of dotted ids, component by component. */
int check_id_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
		if ((ea == a || eb == b) && (*a || *b)) { /* not a number ("k8s-4.2.1") */
			int c = strcmp(a, b);
			return (c > 0) - (c < 0);
		}
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (ea == a && eb == b && !*a && !*b)
			break;
		if (!*ea && *eb)
			return -1;
		if (*ea && !*eb)
			return 1;
		if (!*ea && !*eb)
			return 0;
	}
	return 0;
}

bool check_id_matches(const char *id, const char *sel)
{
	size_t n = strlen(sel);
	return strncmp(id, sel, n) == 0 && (id[n] == '\0' || id[n] == '.');
}
