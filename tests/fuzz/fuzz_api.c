/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "check.h"
#include "context.h"
#include "facts/images.h"
#include "fuzz_common.h"
#include "hostfs.h"
#include "json.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

/*
 * The Engine API answers, whatever a compromised or buggy daemon sends, through the context
 * and EVERY check of the table, then a writer of the format table (one per input, picked by a
 * hash of it: rendering all of them would take most of the time; fuzz_writers renders all).
 * Input: records "KEY \x1f BODY" separated by
 * \x1e, keyed as the fixture directories name files (see fuzz_api_source), so that the
 * fixtures of tests/fixtures/docker/<scenario>/ make the seed corpus; "*" answers any path
 * without a record of its own. Extra records: "env" (KEY=VALUE lines for the audit's
 * environment), "kernel-rules" (audit rules text standing for the kernel's list; without it
 * the kernel refuses), "image-names" (names for the image command, one per line).
 * The host side is a fixed fake root (tests/fixtures/hostfs/debian, or $DA_FUZZ_ROOT).
 * Besides the writers' invariants: the value of any variable whose name says it holds a
 * secret (DB_PASSWORD=..., in Config.Env of an image or container, or an ENV step of an image's
 * history) must appear in no string of the report and no output: tools name the variable,
 * never its value.
 */

#define MAX_RECORDS 256
#define MAX_ENV 16

static struct hostfs *hfs;
static char *tmp_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* $DA_FUZZ_ROOT, else the copy the build puts beside the harness (so a copied build
	 * directory runs anywhere), else the source tree the harness was built from */
	const char *root = getenv("DA_FUZZ_ROOT");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	_cleanup_free_ char *beside = NULL;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		beside = xasprintf("%s/fixtures/hostfs/debian", exe);
	}
	if (root && *root) {
		if (hostfs_new(root, &hfs) < 0)
			fuzz_fail("cannot open the fake root %s (DA_FUZZ_ROOT)", root);
	} else if (!(beside && hostfs_new(beside, &hfs) == 0) &&
		   hostfs_new(DA_FUZZ_HOSTFS, &hfs) < 0) {
		fuzz_fail("cannot open the fake root: not %s beside the harness, nor %s; set "
			  "DA_FUZZ_ROOT to a copy of tests/fixtures/hostfs/debian",
			  beside ? beside : "fixtures/hostfs/debian", DA_FUZZ_HOSTFS);
	}
	tmp_dir = fuzz_mkdtemp("api");
	return 0;
}

/* Lines of a record as a NULL-terminated vector (appended to v from index n). */
static size_t add_lines(const struct fuzz_record *rec, char **v, size_t n, size_t max)
{
	if (!rec)
		return n;
	_cleanup_free_ char *copy = fuzz_strndup(rec->body, rec->body_len);
	for (char *p = copy, *e; p && n < max; p = e ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		if (*p)
			v[n++] = fuzz_strdup(p);
	}
	v[n] = NULL;
	return n;
}

/* A name that says it holds a secret (a subset of what check 4.10 takes for one, so that
 * every value found here is one the tool must never show): an upper-case component PASSWORD,
 * SECRET, TOKEN, APIKEY or PASSPHRASE, and a last component that is not a reference to it
 * (DB_PASSWORD_FILE names a file, not a password). */
static bool secret_name(const char *n, size_t len)
{
	static const char *const words[] = {"PASSWORD", "SECRET", "TOKEN", "APIKEY", "PASSPHRASE"};
	static const char *const refs[] = {"FILE", "PATH", "DIR",  "URL", "URI",  "HOST",
					   "PORT", "USER", "NAME", "ID",  "TYPE", "MODE"};
	bool hit = false;
	const char *last = n;
	for (const char *c = n; c < n + len;) {
		const char *e = memchr(c, '_', (size_t)(n + len - c));
		if (!e)
			e = n + len;
		for (const char *q = c; q < e; q++)
			if (!((*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
				return false;
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			hit |= (size_t)(e - c) == strlen(words[i]) &&
			       memcmp(c, words[i], strlen(words[i])) == 0;
		last = c;
		c = e + 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++)
		if ((size_t)(n + len - last) == strlen(refs[i]) &&
		    memcmp(last, refs[i], strlen(refs[i])) == 0)
			return false;
	return hit;
}

/* A value that is the secret itself and would be shown as is if shown at all: 8 bytes or
 * more of [A-Za-z0-9._+-] with a letter and a digit, found once in the whole input. */
static bool secret_value(const char *v, size_t len, const uint8_t *data, size_t size)
{
	bool alpha = false, digit = false;
	if (len < 8)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = v[i];
		bool a = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'), d = c >= '0' && c <= '9';
		if (!a && !d && !strchr("._+-", c))
			return false;
		alpha |= a;
		digit |= d;
	}
	const void *first = memmem(data, size, v, len);
	if (!alpha || !digit || !first)
		return false;
	const uint8_t *after = (const uint8_t *)first + 1;
	return !memmem(after, size - (size_t)(after - data), v, len);
}

/* NAME=VALUE words of s with a secret name and value: forbidden in the report. */
static void forbid_assignments(const char *s, const uint8_t *data, size_t size)
{
	for (const char *p = s; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '"' && *p != '\'')
			p++;
		const char *eq = memchr(w, '=', (size_t)(p - w));
		if (eq && secret_name(w, (size_t)(eq - w)) &&
		    secret_value(eq + 1, (size_t)(p - eq - 1), data, size)) {
			fuzz_forbid(eq + 1, (size_t)(p - eq - 1));
			if (getenv("DA_FUZZ_DUMP"))
				fprintf(stderr, "secret planted: %.*s\n", (int)(p - w), w);
		}
	}
}

/* Secrets the input plants in image and container configurations (Config.Env) and image
 * history (ENV steps in CreatedBy). */
static void plant_secrets(const struct fuzz_record *recs, size_t n, const uint8_t *data,
			  size_t size)
{
	fuzz_forbid_reset();
	for (size_t i = 0; i < n; i++) {
		bool image = recs[i].key_len > 7 && memcmp(recs[i].key, "images/", 7) == 0;
		bool container =
		    recs[i].key_len > 11 && memcmp(recs[i].key, "containers/", 11) == 0;
		if (!image && !container)
			continue;
		cJSON *j = json_parse(recs[i].body, recs[i].body_len);
		const cJSON *it;
		cJSON_ArrayForEach(it, json_get_array(j, "Config.Env")) if (cJSON_IsString(it))
		    forbid_assignments(it->valuestring, data, size);
		if (cJSON_IsArray(j))
			cJSON_ArrayForEach(it, j)
			{
				const char *cb = json_get_string(it, "CreatedBy");
				if (cb)
					forbid_assignments(cb, data, size);
			}
		cJSON_Delete(j);
	}
}

static void fill_host(struct report *rep, struct audit_ctx *ctx)
{
	const char *err = NULL;
	const cJSON *j;
	if (rep->daemon_needed) {
		rep->daemon_up = ctx_daemon(ctx, &err) == 0;
		if (!rep->daemon_up)
			rep->daemon_error = fuzz_strdup(err ? err : "down");
	}
	if (rep->daemon_up && ctx_docker_version(ctx, &j, NULL) == 0) {
		rep->server_version = xstrdup(json_get_string(j, "Version"));
		rep->api_version = xstrdup(json_get_string(j, "ApiVersion"));
	}
	if (rep->daemon_up && ctx_docker_info(ctx, &j, NULL) == 0)
		rep->hostname = xstrdup(json_get_string(j, "Name"));
	if (!rep->hostname)
		rep->hostname = fuzz_strdup("fuzz-host");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_record recs[MAX_RECORDS];
	struct fuzz_api api = {.recs = recs,
			       .n = fuzz_split_records(data, size, recs, MAX_RECORDS)};

	char *env[MAX_ENV + 2] = {fuzz_strdup("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
					      "/usr/bin:/sbin:/bin")};
	add_lines(fuzz_record_find(recs, api.n, "env"), env, 1, MAX_ENV);
	char *names[MAX_ENV + 1] = {NULL};
	const struct fuzz_record *img = fuzz_record_find(recs, api.n, "image-names");
	add_lines(img, names, 0, MAX_ENV);

	plant_secrets(recs, api.n, data, size);

	struct ctx_config cfg = {
	    .api_source = fuzz_api_source,
	    .api_source_data = &api,
	    .hostfs = hfs,
	    .all_containers = true,
	    .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
	    .env = env,
	    .image_names = img ? names : NULL,
	};
	_cleanup_free_ char *rules_file = NULL;
	const struct fuzz_record *rules = fuzz_record_find(recs, api.n, "kernel-rules");
	if (rules) {
		rules_file = xasprintf("%s/kernel.rules", tmp_dir);
		if (!rules_file ||
		    fuzz_write_file(tmp_dir, "kernel.rules", rules->body, rules->body_len) < 0)
			abort();
		cfg.kernel_audit = CTX_KERNEL_AUDIT_FIXTURE;
		cfg.kernel_rules_fixture = rules_file;
	}

	struct audit_ctx *ctx = NULL;
	if (ctx_new(&cfg, &ctx) < 0)
		abort();
	if (img) {
		const struct image *imgs;
		size_t nimg;
		if (ctx_images(ctx, &imgs, &nimg, NULL) == 0) {
			char *const *missing = ctx_images_unmatched(ctx);
			if (!missing)
				fuzz_fail("ctx_images_unmatched returned NULL after ctx_images");
		}
	}
	struct selection sel = {0};
	struct report rep = {.started_at = "2026-01-01T00:00:00Z", .all_containers = true};
	if (runner_run(ctx, &sel, &rep) < 0)
		fuzz_fail("runner_run failed");
	size_t n;
	checks_all(&n);
	if (rep.n_results != n)
		fuzz_fail("%zu checks ran of %zu", rep.n_results, n);
	for (size_t i = 0; i < rep.n_results; i++) {
		const struct result *res = &rep.results[i];
		if (!res->detail || res->status >= _DA_STATUS_MAX)
			fuzz_fail("check %s reached no verdict", res->check->id);
		/* a failing object without a name says nothing a reader can act on */
		for (size_t k = 0; k < res->n_findings; k++)
			if (!res->findings[k].kind)
				fuzz_fail("check %s made a finding without a kind", res->check->id);
	}
	fill_host(&rep, ctx);
	if (getenv("DA_FUZZ_DUMP")) {
		/* to see what an input makes of the audit: DA_FUZZ_DUMP=1 fuzz_api FILE */
		struct render_options ro = {.verbose = true};
		report_write_text(stderr, &rep, &ro);
		fprintf(stderr, "%u API requests\n", api.requests);
	}
	fuzz_render_formats(&rep, fuzz_format_pick(data, size));

	report_release(&rep);
	ctx_free(ctx);
	for (char **p = env; *p; p++)
		free(*p);
	for (char **p = names; *p; p++)
		free(*p);
	return 0;
}
