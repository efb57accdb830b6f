/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include "check.h"

struct waiver;
struct waiver_set;

/* How the engine's lists of containers and images became the objects judged. */
struct report_scope {
	bool containers_known; /* the container list was read */
	size_t listed, judged, unreadable; /* entries listed; readable ones judged; unreadable */
	size_t not_running, filtered, self; /* left out: stopped (without -a), by filters, self */
	size_t running, paused, restarting, stopped; /* the judged ones by state */
	bool images_known;
	size_t images_listed, images_judged, images_unreadable;
	char *note; /* one sentence for people: the counts, and why they differ */
	/* the listed containers that were not judged, by name (the id when it has none): a
	 * baseline compares no finding on them, so -a or a filter on one side only does not make
	 * failures "new" or "resolved" */
	struct report_left_out *left_out;
	size_t n_left_out;
	/* Without -a: the names of the containers left out as not running that are privileged
	 * (HostConfig.Privileged), of the first not_running_examined of them inspected; NULL
	 * when none (owned). The text report names them with a hint at -a. */
	char **privileged_left_out;
	size_t not_running_examined;
};

/* A listed container left out of the scope. */
struct report_left_out {
	char *name;
	char *state; /* as listed: "created", "exited" ... */
	const char *reason; /* "not_running" (without -a), "filtered", "self" (static) */
};

/*
 * What the user asked to audit, recorded in the JSON report ("scope.selection") and in
 * --format baseline, so that a later run compares like with like (DESIGN 6). Owned strings;
 * NULL lists are empty.
 */
struct report_selection {
	bool known; /* filled by main; false in reports built by tests */
	char **checks; /* -c: ids or sections; NULL: every check */
	char **exclude; /* -e */
	int level; /* --level: 0 both */
	char **include; /* --include */
	char **exclude_containers; /* --exclude-containers */
	char **labels; /* --label */
	char **images; /* image command: the names given */
};

/* One result model, rendered by every writer. */
struct benchmark;
struct baseline_summary; /* include/baseline.h */

struct report {
	/* The edition the results speak (ids, titles, levels); NULL: benchmark_base(). */
	const struct benchmark *benchmark;
	char *hostname;
	char *endpoint; /* the Engine API endpoint audited (endpoint.h) */
	char *endpoint_origin; /* how it was chosen: "-H", "context 'x' (DOCKER_CONTEXT)" ... */
	char *endpoint_context; /* the docker CLI context: "default" or a name */
	/* The engine behind the endpoint (src/facts/engine.h); NULL fields when not known. */
	char *engine; /* "Docker Engine", "Podman", "unknown engine" */
	char *engine_version; /* its release */
	char *engine_evidence; /* how it was told */
	char *api_negotiated; /* the API version the audit spoke */
	char *api_daemon; /* the newest the daemon speaks */
	bool api_negotiated_down; /* the daemon speaks newer than docker-audit */
	long daemon_pid; /* the serving daemon's process, 0 when not found */
	char *daemon_found; /* how it was found, or why not */
	const char *daemon_hidden; /* why it is out of sight ("pid-namespace" ...), or NULL */
	char *engine_platform; /* /version Platform.Name ("Docker Desktop 4.33.0 (160616)") */
	char *server_version; /* NULL when the daemon was not reached */
	char *api_version;
	bool daemon_needed; /* a selected check needed the Engine API */
	bool daemon_up;
	char *daemon_error;
	char started_at[32]; /* RFC 3339 UTC */
	long long started_epoch;
	long duration_ms;
	struct result *results;
	size_t n_results;
	unsigned summary[_DA_STATUS_MAX]; /* a waived FAIL counts in waived, not in fail */
	unsigned waived;
	bool all_containers;
	struct report_scope scope;
	long deadline_ms; /* --deadline */
	bool deadline_passed; /* what was left then is ERROR */
	/* the container docker-audit runs in, left out of the container scope; NULL when none */
	char *self_container;
	char
	    *self_reason; /* with self_container: the evidence, "this audit's own container: ..." */
	/* a container that looked like docker-audit's own but is proved not to be (its State.Pid
	 * is in another mount namespace): judged, and this says why; NULL when none */
	char *self_judged;
	/* image --input: the archive audited instead of a daemon's images */
	char *input;
	char *input_format; /* "docker save", "OCI layout directory" ... */
	size_t input_images;

	/* --waivers: the accepted risks, and what became of them (include/waivers.h) */
	const struct waiver_set *waivers;
	/* --baseline: what changed since an earlier report (include/baseline.h) */
	bool has_baseline;
	char *baseline_started_at; /* when the baseline report was made, may be NULL */
	/* the edition of the baseline's ids (matched through stable keys when it differs) */
	const struct benchmark *baseline_benchmark;
	/* ids of checks the two editions judge differently (another object): not compared.
	 * The strings are the edition tables'. */
	const char **not_compared;
	size_t n_not_compared;
	/* new and resolved are sorted by severity (critical first), then numeric id, kind, name */
	struct report_change *new_items, *resolved_items;
	size_t n_new, n_resolved;
	/*
	 * Failures of either run that cannot be called new or resolved: the check ended ERROR,
	 * SKIP or MANUAL, or was not selected, in one of the runs (one entry per check, kind
	 * NULL), or the object could not be judged or was left out of one run's scope (one entry
	 * per object). Each with why; sorted by numeric id.
	 */
	struct report_change *unknown_items;
	size_t n_unknown;
	/* one line when the baseline was of another scope (selection, level, edition, -a,
	 * filters, endpoint): "compared on the overlap" and what differs; NULL when alike */
	char *baseline_warning;
	struct report_selection selection;
	/* --history: the kept reports' failing checks by severity, oldest first, this run last
	 * (the HTML trend); malloc'ed, NULL without --history */
	struct baseline_summary *trend;
	size_t n_trend;
	bool new_only; /* --new-only: only new failures set exit status 1 */
	int fail_on; /* --fail-on (enum da_severity); 0 counts like low: every FAIL */
	/* --dockerfile: where SARIF results point (the image was built from it); NULL: each
	 * result points at a stable URI of its image or host (src/report/sarif.c) */
	const char *dockerfile;
	unsigned dockerfile_line; /* the final stage's FROM line (1 when unknown) */
	unsigned dockerfile_columns; /* its length in characters */
	struct json_interner *strings; /* shared finding strings (struct result.strings) */
};

/* One finding (or a check without findings) identified across runs: (id, kind, name). */
struct report_change {
	char *id;
	char *kind; /* NULL for a check without findings */
	char *name;
	/* the check in the report's edition (the baseline's for a check this edition does not
	 * have); NULL when neither knows it. For titles and severities. */
	const struct check *check;
	char *why; /* unknown_items only: why it is neither new nor resolved */
};

struct render_options {
	bool color;
	/* text: every check with its details, findings (of passing checks too) and remediation;
	 * without it one line per check (src/report/text.c) */
	bool verbose;
	bool remediation; /* text: remediation for every failing check, and fixes (default on) */
	bool quiet; /* text: only failures and errors, and the summary */
	/* text: objects named per check: 0 the default (3 on a check's line, 50 in its
	 * details), -1 all, else that many (cli's -n N; its 0 "all" is -1 here) */
	int limit;
	unsigned severities; /* text: bits 1u << enum da_severity of the checks shown; 0 all */
	/* text: checks shown with their details as with verbose (the ids --check named);
	 * NULL-terminated, borrowed, may be NULL */
	char *const *detail_ids;
};

typedef int (*report_write_fn)(FILE *f, const struct report *r, const struct render_options *o);

struct report_format {
	const char *name;
	report_write_fn write;
};

const struct report_format *report_format_find(const char *name);
/* "text|json|junit|sarif|prometheus|docker-bench|html" for help and errors */
const char *report_format_names(void);

int report_write_text(FILE *f, const struct report *r, const struct render_options *o);
int report_write_json(FILE *f, const struct report *r, const struct render_options *o);
/* One <testsuite> per CIS section, one <testcase> per check (src/report/junit.c). */
int report_write_junit(FILE *f, const struct report *r, const struct render_options *o);
/* SARIF 2.1.0: one rule per check of the table, one result per failing object. */
int report_write_sarif(FILE *f, const struct report *r, const struct render_options *o);
/* Prometheus text exposition format for node_exporter's textfile collector. */
int report_write_prometheus(FILE *f, const struct report *r, const struct render_options *o);
/* docker-bench-security's JSON log layout, for DefectDojo and existing dashboards. */
int report_write_dockerbench(FILE *f, const struct report *r, const struct render_options *o);
/* One self-contained HTML page: no scripts, no external assets. */
int report_write_html(FILE *f, const struct report *r, const struct render_options *o);
/* --format baseline: the identity of each failure only, small enough to keep every night */
int report_write_baseline(FILE *f, const struct report *r, const struct render_options *o);

void report_release(struct report *r);
void report_selection_release(struct report_selection *s);

/* A failure's fix in one line for the text report's "Fix first", from its remediation: the
 * first sentence, with the one command that follows it when there is exactly one (else a
 * pointer to "docker-audit -c ID"). Malloc'ed; NULL for an empty remediation or on ENOMEM. */
char *text_one_line_fix(const char *remediation);

/* Escape a string that came from outside (daemon, files) for a terminal: control bytes and
 * invalid UTF-8 become \xNN; so do C1 controls, DEL, line separators and bidi overrides. A
 * backslash stays as is. NULL is taken as "". Returns malloc'ed text or NULL on ENOMEM. */
char *text_escape(const char *s);
/* A copy of s that is valid UTF-8: each ill-formed sequence becomes U+FFFD. Malloc'ed; NULL when
 * s is NULL or on ENOMEM. JSON writers pass every string through it (cJSON copies bytes as is). */
char *utf8_sanitize(const char *s);

/*
 * Escape outside text for XML 1.0 and HTML, in element content and in attribute values alike:
 * & < > " ' become entities; a carriage return becomes &#13; (a parser would turn it into a
 * newline), and with attr also tab and newline (&#9; &#10;), which attribute-value
 * normalisation would otherwise turn into spaces. What XML 1.0 forbids or a reader could be
 * fooled by is replaced by U+FFFD, so the reader sees that something was there: ill-formed
 * UTF-8, C0 controls but tab/newline/CR, DEL, C1 controls, U+FFFE, U+FFFF, line separators and
 * bidi overrides. NULL is taken as "". Malloc'ed; NULL on ENOMEM.
 */
char *xml_escape(const char *s, bool attr);
/* A Prometheus label value: valid UTF-8 (U+FFFD for ill-formed bytes) with backslash, double
 * quote and newline escaped as the exposition format requires. Malloc'ed; NULL on ENOMEM. */
char *prom_label_escape(const char *s);

/*
 * For writers. The status a reader should see: "waived" for a waived FAIL, else
 * da_status_name(). report_result_waiver(): the one waiver that covers a waived result (the
 * check's own, or the one all its waived findings share); NULL when none or several (then each
 * finding names its own).
 */
const char *report_status_name(const struct result *res);
const struct waiver *report_result_waiver(const struct result *res);
/*
 * This result fails the audit: a FAIL, not waived, of severity at or above fail_on (0: any),
 * with --new-only also new since the baseline. Exit status 1 and a JUnit <failure> are made
 * from it alone, so that they always agree.
 */
bool report_result_fails(const struct report *r, const struct result *res, int fail_on);
/* Failing checks by severity, index enum da_severity (0 unused): a FAIL not waived counts once
 * in its check's severity. The Prometheus textfile and the HTML page show the same counts. */
void report_failures_by_severity(const struct report *r, unsigned out[DA_SEV_CRITICAL + 1]);
/* "27 pass, 54 fail (2 critical, 14 high, 20 medium, 18 low), 0 error, 24 skip, 10 manual,
 * 3 info" (", 2 waived" when any): the counts of the text summary and of the one line on
 * stderr, made once so that they always agree. malloc'ed; NULL on ENOMEM. */
char *report_summary_counts(const struct report *r);
/* The report's edition: r->benchmark, else benchmark_base(). */
const struct benchmark *report_benchmark(const struct report *r);
/* With a baseline: this failing object (or, with f NULL, this check) is new since it. */
bool report_is_new(const struct report *r, const struct result *res, const struct finding *f);
/* A waiver that matched nothing and has not expired (an expired one is listed as expired,
 * one that names no check of the audited edition as absent). */
bool report_waiver_unused(const struct waiver *w);
/* Docker's short form of an object id ("sha256:" dropped, 12 hex digits) in ret; false when id
 * is not a full hex id. */
bool report_short_id(const char *id, char ret[static 13]);

/* A writer's output stream that remembers its first error; once set, nothing more is written. */
struct report_out {
	FILE *f;
	int err; /* 0 or negative errno */
};
void report_out_puts(struct report_out *o, const char *s);
void report_out_printf(struct report_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s through xml_escape(). */
void report_out_xml(struct report_out *o, const char *s, bool attr);
void report_out_fail(struct report_out *o, int err);
/* Flush and check the stream: the first error of the writer or of the stream, else 0. */
int report_out_finish(struct report_out *o);

struct cJSON;
/* Print a cJSON tree followed by a newline, flush and check the stream. 0 or negative errno. */
int report_emit_json(FILE *f, const struct cJSON *root);
/* Add s to a cJSON object, made valid UTF-8 first (cJSON copies bytes as is); nothing when s is
 * NULL. report_json_append_str() appends it to an array. 0 or -ENOMEM. */
int report_json_add_str(struct cJSON *obj, const char *key, const char *s);
int report_json_append_str(struct cJSON *arr, const char *s);
/* The scope record (src/report/json.c): "selection" into a "scope" object, and the left-out
 * containers ("left_out_names") into its "containers". 0 or -ENOMEM. */
int report_json_add_selection(struct cJSON *scope, const struct report *r);
int report_json_add_left_out(struct cJSON *containers, const struct report *r);
