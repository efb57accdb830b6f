/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/*
 * Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): splitting an input into keyed
 * records, small allocation helpers that abort instead of failing, temporary directories, and
 * the writer invariants that every rendered report must satisfy whatever it contains.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct report;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * Multi-part inputs are records "KEY \x1f BODY" separated by \x1e, so that seeds can be made
 * from fixture files with a shell loop and a mutation of one body leaves the others intact.
 * A record without \x1f is a key with an empty body.
 */
#define FUZZ_REC_SEP '\x1e'
#define FUZZ_KEY_SEP '\x1f'

struct fuzz_record {
	const char *key;
	size_t key_len;
	const char *body;
	size_t body_len;
};

size_t fuzz_split_records(const uint8_t *data, size_t size, struct fuzz_record *out, size_t max);
/* The last record whose key is exactly key (a later record overrides an earlier one). */
const struct fuzz_record *fuzz_record_find(const struct fuzz_record *v, size_t n, const char *key);

/* A byte reader over the input, for harnesses that build structures from it. */
struct fuzz_reader {
	const uint8_t *p;
	size_t n;
};
uint8_t fuzz_u8(struct fuzz_reader *r);
/* The bytes up to the next NUL (or the end), as a malloc'ed string. */
char *fuzz_str(struct fuzz_reader *r);

/* Allocation that cannot fail (the harness aborts instead): exact-size copies let ASan see any
 * read past the length a parser was given. */
void *fuzz_memdup(const void *p, size_t n);
char *fuzz_strndup(const void *p, size_t n);
char *fuzz_strdup(const char *s);

/* Report an invariant violation and abort(), so that libFuzzer saves the input. */
__attribute__((noreturn, format(printf, 1, 2))) void fuzz_fail(const char *fmt, ...);

/* Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
bool fuzz_utf8_valid(const char *s, size_t n);

/* A private directory under $TMPDIR, removed at exit (the path is malloc'ed, never freed). */
char *fuzz_mkdtemp(const char *tag);
/* Write rel (made of plain components) under dir, creating parent directories. 0 or -errno. */
int fuzz_write_file(const char *dir, const char *rel, const void *data, size_t len);
int fuzz_symlink(const char *dir, const char *rel, const char *target);
/* Remove path and everything below it, never following symlinks. */
void fuzz_rm_rf(const char *path);

/*
 * Render r with every writer of the format table (and the text writer with and without color)
 * and check what each one promises about hostile strings: JSON formats parse and are valid
 * UTF-8 (the "json" format also says what the report says); text carries no control bytes but
 * newlines (and, with color, only SGR sequences); XML and HTML carry no character XML forbids,
 * no markup, attribute or entity that the writer itself never emits, no script, no event
 * handler; Prometheus lines parse as the exposition format. Aborts on a violation.
 */
void fuzz_render_all(const struct report *r);
/* The same for the formats whose bit is set (bit i: the i-th of report_format_names()). */
void fuzz_render_formats(const struct report *r, unsigned mask);
/* One format chosen by a hash of the input: where rendering every format would cost far more
 * than what the harness fuzzes, each input is rendered in one, deterministically. */
unsigned fuzz_format_pick(const uint8_t *data, size_t size);
/*
 * Secrets the input planted (values of variables whose name says they hold one): from
 * fuzz_forbid() until fuzz_forbid_reset(), no string of a rendered report nor any rendered
 * output may contain one ("name the variable, never its value").
 */
void fuzz_forbid(const char *s, size_t n);
void fuzz_forbid_reset(void);
/* Check one rendered output (used by fuzz_render_all). */
void fuzz_check_output(const char *format, bool color, const char *out, size_t len);

/*
 * A report over every check of the table, as the runner would leave it: statuses in turn
 * (FAIL with one finding per name, FAIL without findings, FAIL with an error finding, PASS,
 * ERROR, SKIP), summary filled in. For the waiver and baseline harnesses.
 */
void fuzz_small_report(struct report *r, char *const *names, size_t n_names);

/*
 * An Engine API served from records (ctx_config.api_source): a request path maps to a key as
 * the fixture directories name files ("/info" -> "info", "/containers/json?all=1" ->
 * "containers", "/containers/ID/json" -> "containers/ID", "/images/ID/history" ->
 * "images/ID/history"), prefixed with prefix. Lookup: that key; else the key with its second
 * component replaced by a star ("containers/ID" -> "containers/" followed by a star), which
 * answers for any id; else a record keyed by a star alone; else a 404. A body "!404",
 * "!timeout", "!denied" or "!error" stands for that failure.
 */
struct fuzz_api {
	const struct fuzz_record *recs;
	size_t n;
	const char *prefix;
	unsigned requests;
};
int fuzz_api_source(void *data, const char *path, char **ret_body, size_t *ret_len);

/*
 * A fake Engine API daemon at the HTTP level (fuzz_docker, fuzz_framing): a thread accepts
 * connections on a Unix socket in a private directory (tag names it), reads each request's
 * head and calls answer with the GET path, which writes whatever bytes it likes to fd with
 * fuzz_send_all (nothing: the connection closes unanswered). Returns the "unix://..." URL for
 * docker_options.host; a server that cannot start fails the run.
 */
typedef void (*fuzz_answer_fn)(int fd, const char *path);
char *fuzz_http_server(const char *tag, fuzz_answer_fn answer);
/* Send all n bytes, or stop quietly when the client has gone (body cap, error). */
void fuzz_send_all(int fd, const void *p, size_t n);
/* A result of the docker.h client: 0 with JSON (none for "negotiate"), or an error docker.h
 * lists with a one-line message without control bytes. */
void fuzz_check_docker_result(const char *what, int r, const void *json, const char *err);
