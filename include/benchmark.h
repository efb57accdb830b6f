/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "check.h"

/*
 * Benchmarks and their editions (checks/editions.c; the registry in checks/registry.c).
 *
 * A benchmark edition is a table of recommendations {id, title, level, assessment status,
 * section} mapped to check rows through the row's stable key: the check rows of checks/ files
 * carry the functions and texts, an edition says what it calls them and how it numbers them.
 * A check function never knows its id. Waivers and baselines are matched through the key, so
 * they survive an edition change: CIS Docker v1.6.0 2.8 and v1.8.0 2.9 are both
 * "default-ulimit".
 *
 * A new benchmark (e.g. a Kubernetes node profile) is a struct benchmark whose sections hold
 * its own check rows (each with a unique key) and whose base and overlay are empty; it is
 * registered in the list of checks/registry.c.
 */

struct check_section;

/* One change an edition makes to the rows it starts from, found by key. */
enum benchmark_assess {
	BM_ASSESS_SAME = 0, /* the row's own */
	BM_ASSESS_AUTOMATED,
	BM_ASSESS_MANUAL,
};

struct benchmark_row {
	const char *key;     /* the recommendation, by its stable key */
	const char *id;      /* the edition's id; NULL: unchanged */
	const char *title;   /* NULL: unchanged */
	int level;           /* 0: unchanged */
	enum benchmark_assess assess;
	/* Another implementation row of the same key (a changed audited object, list or
	 * remediation), from the benchmark's variants; NULL: unchanged. */
	const char *variant;
	bool removed; /* the edition does not have this recommendation */
};

struct benchmark_section_title {
	const char *id, *title;
};

struct benchmark {
	const char *option;  /* what --benchmark takes: "1.8.0", "k8s-node" */
	const char *name;    /* "CIS Docker Benchmark" */
	const char *version; /* "1.8.0" */
	/* Editions of one family share keys (their waivers and baselines map onto each other). */
	const char *family;
	/* Where rows come from: the sections, in order, and rows only overlays select. */
	const struct check_section *const *sections;
	size_t n_sections;
	const struct check_section *const *variants;
	size_t n_variants;
	/* The edition this one changes (registered before it); NULL: the sections' rows as they
	 * are, in table order. With an overlay the rows are sorted by id. */
	const struct benchmark *base;
	const struct benchmark_row *overlay;
	size_t n_overlay;
	const struct benchmark_section_title *section_titles;
	size_t n_section_titles;
};

/* Every registered benchmark, in registry order. */
const struct benchmark *const *benchmarks_all(size_t *ret_n);
/* By --benchmark value ("1.8.0", also "v1.8.0"); NULL when unknown. */
const struct benchmark *benchmark_find(const char *option);
/* The current CIS Docker Benchmark edition, the default of --benchmark. */
const struct benchmark *benchmark_default(void);
/* The edition the check rows of checks/ files are written in (CIS Docker v1.6.0); what a NULL
 * benchmark means in struct selection and struct report. */
const struct benchmark *benchmark_base(void);
/* "1.6.0|1.7.0|1.8.0" for help and errors (static storage). */
const char *benchmark_options(void);

/*
 * The edition's checks in its order: copies of the check rows carrying the edition's id,
 * title, level, assessment status and section, and the row's key. Built once, immutable,
 * valid for the life of the process. NULL bm: benchmark_base().
 */
const struct check *const *benchmark_checks(const struct benchmark *bm, size_t *ret_n);
const struct check *benchmark_check(const struct benchmark *bm, const char *id);
const struct check *benchmark_check_by_key(const struct benchmark *bm, const char *key);
/* The section's title in this benchmark, NULL when unknown. */
const char *benchmark_section_title(const struct benchmark *bm, const char *section);
/* Both editions of one family (keys comparable). */
bool benchmark_same_family(const struct benchmark *a, const struct benchmark *b);
/* "cis-docker-benchmark-1.8.0", a tag for SARIF rules; malloc'ed, NULL on ENOMEM. */
char *benchmark_tag(const struct benchmark *bm);
/* "CIS Docker Benchmark v1.8.0" (static storage per benchmark). */
const char *benchmark_label(const struct benchmark *bm);
