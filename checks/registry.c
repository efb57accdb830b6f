/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <pthread.h>
#include "checks.h"
#include "strutil.h"

/* The one place that lists the sections in order. */
static const struct check_section *const sections[] = {
	&host_section,
	&daemon_section,
	&files_section,
	&image_section,
	&runtime_section,
	&operations_section,
	&swarm_section,
};

/* The pointer table is built once from the static tables; it is immutable afterwards. */
#define MAX_CHECKS 256
static const struct check *all_checks[MAX_CHECKS];
static size_t all_n;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void build_all(void)
{
	for (size_t s = 0; s < ARRAY_SIZE(sections); s++)
		for (size_t i = 0; i < sections[s]->n && all_n < MAX_CHECKS; i++)
			all_checks[all_n++] = &sections[s]->checks[i];
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

const char *checks_section_title(const char *section)
{
	static const char *const titles[] = {
		NULL,
		"Host configuration",
		"Docker daemon configuration",
		"Docker daemon configuration files",
		"Container images and build file",
		"Container runtime",
		"Docker security operations",
		"Docker swarm configuration",
	};
	uint64_t n;
	if (parse_uint64(section, &n) < 0 || n < 1 || n >= ARRAY_SIZE(titles))
		return NULL;
	return titles[n];
}

/* Numeric comparison of dotted ids, component by component. */
int check_id_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
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
