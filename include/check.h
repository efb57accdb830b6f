/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/*
 * The result model and the check table. One static const table per CIS section (one file each
 * under checks/),
 * listed in order by checks/registry.c. The CIS id lives only in the table: check functions
 * are named for what they test.
 */

struct audit_ctx;

enum da_status {
	DA_PASS,
	DA_FAIL,
	DA_INFO,
	DA_MANUAL,
	DA_SKIP,
	DA_ERROR,
	_DA_STATUS_MAX,
};

enum da_severity {
	DA_SEV_LOW = 1,
	DA_SEV_MEDIUM,
	DA_SEV_HIGH,
	DA_SEV_CRITICAL,
};

/* STRIDE threat categories a check defends against (docs/threat-model.md). */
enum {
	DA_STRIDE_SPOOFING = 1u << 0,
	DA_STRIDE_TAMPERING = 1u << 1,
	DA_STRIDE_REPUDIATION = 1u << 2,
	DA_STRIDE_INFO_DISCLOSURE = 1u << 3,
	DA_STRIDE_DOS = 1u << 4,
	DA_STRIDE_EOP = 1u << 5,
	_DA_STRIDE_ALL = (1u << 6) - 1,
};

/* Prerequisites the runner checks once and turns into one uniform ERROR or SKIP. */
enum {
	DA_NEED_DAEMON = 1u << 0, /* the Engine API must answer */
	/* a setting or file of dockerd itself: SKIP when the engine is known to be another one
	 * (Podman's service has no daemon-wide configuration of that kind; docs/engines.md) */
	DA_NEED_DOCKERD = 1u << 1,
	DA_NEED_SWARM = 1u << 2, /* the node is in an active swarm (else SKIP) */
	DA_NEED_SWARM_MANAGER = 1u << 3, /* ... and is a manager (a worker: SKIP) */
};

struct check;
struct result;

typedef int (*check_fn)(struct audit_ctx *ctx, const struct check *chk, struct result *res);

struct check {
	const char *id; /* the edition's id, e.g. "5.16"; in checks/ files: CIS v1.6.0 */
	/* Stable across editions ("no-host-pid"): what waivers and baselines are matched by,
	 * unique among the rows of one benchmark family (include/benchmark.h). */
	const char *key;
	const char *variant; /* a row that an edition selects in place of the key's base row */
	const char *title; /* the benchmark's recommendation, paraphrased */
	const char *section; /* "1" ... "7" */
	int level; /* CIS profile level 1 or 2 */
	bool automated; /* the benchmark's own assessment status */
	enum da_severity severity;
	unsigned stride; /* DA_STRIDE_* */
	unsigned needs; /* DA_NEED_* */
	check_fn run;
	const void *arg; /* lets one function serve many rows */
	const char *rationale; /* why it matters (explain) */
	const char *judged; /* how docker-audit decides (explain) */
	const char *remediation; /* what to do; may contain newlines */
};

struct finding {
	char *kind; /* container, image, file, daemon, audit_rule, network, swarm, host */
	char *id; /* full object id, may be NULL */
	char *name; /* container or image name as Docker shows it, file path ... */
	char *detail; /* why this object fails */
	char *
	    source; /* api, cmdline, daemon.json, default, kernel, rules-file, file, env; or NULL */
	char *value; /* the value read, may be NULL */
	bool error; /* this object could not be judged */
	bool waived; /* a waiver accepts this finding (it stays in the report) */
	const struct waiver *waiver; /* the waiver that applies, borrowed from the waiver set */
	char *block; /* the one allocation holding the strings above */
};

struct waiver;
struct json_interner;

struct result {
	const struct check *check;
	enum da_status status;
	char *detail; /* one sentence */
	struct finding *findings;
	size_t n_findings, cap_findings;
	/* A FAIL whose every failing finding (or, without findings, the check itself) is waived:
	 * status stays DA_FAIL, it counts as waived in the summary and sets no exit status 1. */
	bool waived;
	const struct waiver *waiver; /* the waiver of a check waived as a whole, borrowed */
	bool is_new; /* with a baseline: a failure that the baseline did not have */
	/* Where result_add shares the strings that repeat across findings (kind, id, name,
	 * source); NULL: each finding copies them. Borrowed, from the report. */
	struct json_interner *strings;
	/* What this host calls the things the check's remediation names: "{{$NAME}}" in the
	 * remediation is NAME's value here (the path the finding names: "path", "paths"), set
	 * by the check with result_fact; the runner adds the host's own (include/runner.h). */
	struct result_fact {
		char *name, *value;
	} * facts;
	size_t n_facts;
	/* The check as this result shows it: a copy of *check whose remediation is rendered for
	 * this host, owned (check points at it once the runner rendered it), or NULL. */
	struct check *rendered;
	char *rendered_text;
};

/* Set the verdict and its one-sentence detail. Return 0 (or -ENOMEM). */
int result_pass(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_fail(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_info(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_manual(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_skip(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_error(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int result_set(struct result *r, enum da_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What a check says about one object; result_add copies the strings. */
struct finding_spec {
	const char *kind, *id, *name, *detail, *source, *value;
	bool error;
};
/* Append a finding. 0 or -ENOMEM. */
int result_add(struct result *r, const struct finding_spec *f);
void result_release(struct result *r);
/* Set fact name (a "{{$name}}" of the remediation) to value. 0 or -ENOMEM. */
int result_fact(struct result *r, const char *name, const char *value);
/* The fact's value, NULL when the check set none. */
const char *result_fact_get(const struct result *r, const char *name);
/* Number of findings that are failures (not errors). */
size_t result_failed_objects(const struct result *r);

const char *da_status_name(enum da_status s); /* "pass" ... */
const char *da_status_label(enum da_status s); /* "PASS" ... */
const char *da_severity_name(enum da_severity s); /* "low" ... */
int da_severity_parse(const char *s, enum da_severity *ret);
/* STRIDE names in JSON form ("elevation_of_privilege"), bit by bit. */
const char *da_stride_name(unsigned bit);

/* The check rows of checks/ files as written, in CIS Docker v1.6.0 id order (checks/registry.c);
 * an edition's view of them is benchmark_checks() (include/benchmark.h). */
const struct check *const *checks_all(size_t *ret_n);
const struct check *checks_find(const char *id);
/* "Container runtime" for "5"; NULL for an unknown section. */
const char *checks_section_title(const char *section);
/* Compare dotted ids numerically: "1.1.10" sorts after "1.1.9". */
int check_id_cmp(const char *a, const char *b);
/* true when id is sel or lies below it ("5.16" under "5", "1.1.5" under "1.1"). */
bool check_id_matches(const char *id, const char *sel);
