/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include "check.h"
#include "json.h"
#include "strutil.h"

static const char *const status_names[_DA_STATUS_MAX] = {
    [DA_PASS] = "pass",	    [DA_FAIL] = "fail", [DA_INFO] = "info",
    [DA_MANUAL] = "manual", [DA_SKIP] = "skip", [DA_ERROR] = "error",
};
static const char *const status_labels[_DA_STATUS_MAX] = {
    [DA_PASS] = "PASS",	    [DA_FAIL] = "FAIL", [DA_INFO] = "INFO",
    [DA_MANUAL] = "MANUAL", [DA_SKIP] = "SKIP", [DA_ERROR] = "ERROR",
};

const char *da_status_name(enum da_status s)
{
	return (unsigned)s < _DA_STATUS_MAX ? status_names[s] : "error";
}

const char *da_status_label(enum da_status s)
{
	return (unsigned)s < _DA_STATUS_MAX ? status_labels[s] : "ERROR";
}

static const char *const severity_names[] = {
    [DA_SEV_LOW] = "low",
    [DA_SEV_MEDIUM] = "medium",
    [DA_SEV_HIGH] = "high",
    [DA_SEV_CRITICAL] = "critical",
};

const char *da_severity_name(enum da_severity s)
{
	return s >= DA_SEV_LOW && s <= DA_SEV_CRITICAL ? severity_names[s] : "low";
}

int da_severity_parse(const char *s, enum da_severity *ret)
{
	for (int i = DA_SEV_LOW; i <= DA_SEV_CRITICAL; i++)
		if (s && strcmp(s, severity_names[i]) == 0) {
			*ret = (enum da_severity)i;
			return 0;
		}
	return -EINVAL;
}

const char *da_stride_name(unsigned bit)
{
	switch (bit) {
	case DA_STRIDE_SPOOFING:
		return "spoofing";
	case DA_STRIDE_TAMPERING:
		return "tampering";
	case DA_STRIDE_REPUDIATION:
		return "repudiation";
	case DA_STRIDE_INFO_DISCLOSURE:
		return "information_disclosure";
	case DA_STRIDE_DOS:
		return "denial_of_service";
	case DA_STRIDE_EOP:
		return "elevation_of_privilege";
	default:
		return NULL;
	}
}

__attribute__((format(printf, 3, 0))) static int result_vset(struct result *r, enum da_status st,
							     const char *fmt, va_list ap)
{
	char *d = NULL;
	if (vasprintf(&d, fmt, ap) < 0)
		return -ENOMEM;
	free(r->detail);
	r->detail = d;
	r->status = st;
	return 0;
}

int result_set(struct result *r, enum da_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int ret = result_vset(r, st, fmt, ap);
	va_end(ap);
	return ret;
}

#define RESULT_SETTER(fn, st)                                                                      \
	int fn(struct result *r, const char *fmt, ...)                                             \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		int ret = result_vset(r, st, fmt, ap);                                             \
		va_end(ap);                                                                        \
		return ret;                                                                        \
	}
RESULT_SETTER(result_pass, DA_PASS)
RESULT_SETTER(result_fail, DA_FAIL)
RESULT_SETTER(result_info, DA_INFO)
RESULT_SETTER(result_manual, DA_MANUAL)
RESULT_SETTER(result_skip, DA_SKIP)
RESULT_SETTER(result_error, DA_ERROR)

static void finding_release(struct finding *f)
{
	free(f->block);
}

/* Copy s to *at and return the copy, or NULL for NULL. */
static char *pack(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = memcpy(*at, s, n);
	*at += n;
	return p;
}

#define SHARED_MAX 96

int result_add(struct result *r, const struct finding_spec *f)
{
	if (r->n_findings == r->cap_findings) {
		size_t cap = r->cap_findings ? r->cap_findings * 2 : 4;
		struct finding *p = realloc(r->findings, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		r->findings = p;
		r->cap_findings = cap;
	}
	/*
	 * A 10,000-container report holds hundreds of thousands of findings: the strings that
	 * repeat (kind, source, and a container's id and name in every check it fails) are
	 * shared through the report's interner, the rest go in one allocation per finding.
	 */
	const char *shared[4] = {f->kind, f->id, f->name, f->source};
	if (r->strings)
		for (size_t i = 0; i < ARRAY_SIZE(shared); i++)
			if (shared[i] && !(shared[i] = json_intern_str(r->strings, shared[i])))
				return -ENOMEM;
	/* details and values that repeat ("Memory=0 (no limit)" for thousands of containers) are
	 * shared too when short */
	const char *parts[] = {f->detail, f->value};
	bool own[ARRAY_SIZE(parts)] = {false, false};
	size_t total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!parts[i])
			continue;
		size_t n = strlen(parts[i]);
		if (r->strings && n <= SHARED_MAX) {
			if (!(parts[i] = json_intern_str(r->strings, parts[i])))
				return -ENOMEM;
		} else {
			own[i] = true;
			total += n + 1;
		}
	}
	if (!r->strings)
		for (size_t i = 0; i < ARRAY_SIZE(shared); i++)
			total += shared[i] ? strlen(shared[i]) + 1 : 0;
	char *block = total ? malloc(total) : NULL, *at = block;
	if (total && !block)
		return -ENOMEM;
	if (!r->strings)
		for (size_t i = 0; i < ARRAY_SIZE(shared); i++)
			shared[i] = pack(&at, shared[i]);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (own[i])
			parts[i] = pack(&at, parts[i]);
	r->findings[r->n_findings++] = (struct finding){
	    .kind = (char *)(uintptr_t)shared[0],
	    .id = (char *)(uintptr_t)shared[1],
	    .name = (char *)(uintptr_t)shared[2],
	    .source = (char *)(uintptr_t)shared[3],
	    .detail = (char *)(uintptr_t)parts[0],
	    .value = (char *)(uintptr_t)parts[1],
	    .error = f->error,
	    .block = block,
	};
	return 0;
}

size_t result_failed_objects(const struct result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		n += !r->findings[i].error;
	return n;
}

void result_release(struct result *r)
{
	for (size_t i = 0; i < r->n_findings; i++)
		finding_release(&r->findings[i]);
	free(r->findings);
	free(r->detail);
	for (size_t i = 0; i < r->n_facts; i++) {
		free(r->facts[i].name);
		free(r->facts[i].value);
	}
	free(r->facts);
	free(r->rendered);
	free(r->rendered_text);
	*r = (struct result){0};
}

const char *result_fact_get(const struct result *r, const char *name)
{
	for (size_t i = 0; r && i < r->n_facts; i++)
		if (strcmp(r->facts[i].name, name) == 0)
			return r->facts[i].value;
	return NULL;
}

int result_fact(struct result *r, const char *name, const char *value)
{
	char *v = xstrdup(value ? value : "");
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_facts; i++)
		if (strcmp(r->facts[i].name, name) == 0) {
			free(r->facts[i].value);
			r->facts[i].value = v;
			return 0;
		}
	struct result_fact *p = realloc(r->facts, (r->n_facts + 1) * sizeof(*p));
	char *n = xstrdup(name);
	if (!p || !n) {
		if (p)
			r->facts = p;
		free(v);
		free(n);
		return -ENOMEM;
	}
	r->facts = p;
	r->facts[r->n_facts++] = (struct result_fact){n, v};
	return 0;
}
