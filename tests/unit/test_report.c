/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "check.h"
#include "report.h"
#include "strutil.h"
#include "version.h"

/* Writers rendered to memory from a report built by hand; hostile strings stand in for what a
 * daemon could send. */

#define HOSTILE_OSC "evil\x1b]0;pwned\x07"
#define HOSTILE_HTML "<b>\"q\"</b>"
#define HOSTILE_BAD_UTF8 "bad\xff\xfe"
#define HOSTILE_NEWLINE "line one\nline two"

static const struct check chk_host = {
    .id = "1.1.1",
    .title = "Ensure a separate partition for containers has been created",
    .section = "1",
    .level = 2,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_DOS,
    .remediation = "Create a separate partition for /var/lib/docker.",
};

static const struct check chk_manual = {
    .id = "2.3",
    .title = "Ensure the logging level is set to 'info'",
    .section = "2",
    .level = 1,
    .automated = false,
    .severity = DA_SEV_LOW,
    .stride = DA_STRIDE_REPUDIATION,
    .remediation = "Review the daemon's --log-level.",
};

static const struct check chk_pid = {
    .id = "5.16",
    .title = "Ensure that the host's process namespace is not shared",
    .section = "5",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_HIGH,
    .stride = DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE,
    .remediation = "Do not start containers with --pid=host.\nRecreate them without it.",
};

static const struct check chk_ports = {
    .id = "5.8",
    .title = "Ensure that only needed ports are open on the container",
    .section = "5",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_INFO_DISCLOSURE,
    .remediation = "Publish only the ports the service needs.",
};

static const struct check chk_content_trust = {
    .id = "4.5",
    .title = "Ensure Content trust for Docker is Enabled",
    .section = "4",
    .level = 2,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
    .remediation = "export DOCKER_CONTENT_TRUST=1",
};

static const struct check chk_swarm = {
    .id = "7.1",
    .title = "Ensure that the minimum number of manager nodes have been created in a swarm",
    .section = "7",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_DOS,
    .remediation = "Demote surplus managers.",
};

#define FULL_ID "a7b2d9f897c8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80910"

static void add(struct result *res, const char *kind, const char *id, const char *name,
		const char *detail, const char *source, const char *value, bool error)
{
	struct finding_spec f = {.kind = kind,
				 .id = id,
				 .name = name,
				 .detail = detail,
				 .source = source,
				 .value = value,
				 .error = error};
	assert_int_equal(result_add(res, &f), 0);
}

/*
 * Results in id order: 1.1.1 pass (with a finding), 2.3 manual, 4.5 error, 5.8 info, 5.16 fail
 * (hostile findings, then n_extra more), 7.1 skip. Section 3 and 6 have none.
 */
static void build(struct report *r, bool daemon_up, size_t n_extra)
{
	*r = (struct report){0};
	r->hostname = strdup("node-1\x1b[2J");
	r->daemon_needed = true;
	r->daemon_up = daemon_up;
	if (daemon_up) {
		r->server_version = strdup("24.0.7");
		r->api_version = strdup("1.43");
	} else {
		r->daemon_error = strdup("cannot connect to '/var/run/docker.sock': no such file "
					 "or directory\x1b[31m");
	}
	snprintf(r->started_at, sizeof(r->started_at), "2025-01-02T03:04:05Z");
	r->started_epoch = 1735787045;
	r->duration_ms = 84;
	r->n_results = 6;
	r->results = calloc(r->n_results, sizeof(*r->results));
	assert_non_null(r->results);

	struct result *res = r->results;
	res[0].check = &chk_host;
	assert_int_equal(result_pass(&res[0], "/var/lib/docker is on its own filesystem"), 0);
	add(&res[0], "file", NULL, "/var/lib/docker", "separate mount", "file", NULL, false);

	res[1].check = &chk_manual;
	assert_int_equal(result_manual(&res[1], "review the logging level by hand"), 0);

	res[2].check = &chk_content_trust;
	assert_int_equal(
	    result_error(&res[2], "cannot read the environment: %s", "permission denied"), 0);
	add(&res[2], "image", "sha256:" FULL_ID, "alpine:3.19", "inspect failed: 404", "api", NULL,
	    true);

	res[3].check = &chk_ports;
	assert_int_equal(result_info(&res[3], "3 ports published"), 0);

	res[4].check = &chk_pid;
	assert_int_equal(
	    result_fail(&res[4], "%zu containers share the host's PID namespace", 4 + n_extra), 0);
	add(&res[4], "container", FULL_ID, "pidhost", "PidMode=host", "api", "host", false);
	add(&res[4], "container", NULL, HOSTILE_OSC, "PidMode=host", NULL, NULL, false);
	add(&res[4], "container", NULL, HOSTILE_HTML, HOSTILE_NEWLINE, NULL, "host\t1", false);
	add(&res[4], "container", NULL, HOSTILE_BAD_UTF8, "PidMode=host", NULL, NULL, false);
	for (size_t i = 0; i < n_extra; i++) {
		_cleanup_free_ char *name = xasprintf("extra-%zu", i);
		assert_non_null(name);
		add(&res[4], "container", NULL, name, "PidMode=host", NULL, NULL, false);
	}

	res[5].check = &chk_swarm;
	assert_int_equal(result_skip(&res[5], "swarm mode is not enabled"), 0);

	r->summary[DA_PASS] = 1;
	r->summary[DA_MANUAL] = 1;
	r->summary[DA_ERROR] = 1;
	r->summary[DA_INFO] = 1;
	r->summary[DA_FAIL] = 1;
	r->summary[DA_SKIP] = 1;
}

/* Render to memory; the text is NUL-terminated and may hold any byte. */
static int render(report_write_fn fn, const struct report *r, const struct render_options *o,
		  char **ret, size_t *ret_len)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	assert_non_null(f);
	int ret_w = fn(f, r, o);
	assert_int_equal(fclose(f), 0);
	*ret = data;
	*ret_len = len;
	return ret_w;
}

/* Strict UTF-8 check, written independently of the one under test. */
static bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 2;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 3;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 4;
			min = 0x10000;
		} else {
			return false;
		}
		if (i + n > len)
			return false;
		unsigned cp = c & (0x7f >> n);
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n;
	}
	return true;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static cJSON *render_json(const struct report *r)
{
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_json, r, NULL, &out, &len), 0);
	assert_true(len > 0);
	assert_int_equal(out[len - 1], '\n');
	assert_int_equal(strlen(out), len);
	assert_true(utf8_valid(out, len));
	cJSON *root = cJSON_Parse(out);
	assert_non_null(root);
	return root;
}

static void cjson_deletep(cJSON **p)
{
	cJSON_Delete(*p);
}

static void report_releasep(struct report *r)
{
	report_release(r);
}

/* obj's keys are exactly these, in this order. */
static void assert_keys(const cJSON *obj, const char *const *keys, size_t n)
{
	assert_true(cJSON_IsObject(obj));
	const cJSON *it = obj->child;
	for (size_t i = 0; i < n; i++, it = it->next) {
		assert_non_null(it);
		assert_string_equal(it->string, keys[i]);
	}
	assert_null(it);
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	assert_non_null(it);
	return it;
}

static const char *get_str(const cJSON *obj, const char *key)
{
	const cJSON *it = get(obj, key);
	assert_true(cJSON_IsString(it));
	return it->valuestring;
}

static double get_num(const cJSON *obj, const char *key)
{
	const cJSON *it = get(obj, key);
	assert_true(cJSON_IsNumber(it));
	return it->valuedouble;
}

static void test_format_table(void **state)
{
	const struct report_format *f = report_format_find("text");
	assert_non_null(f);
	assert_string_equal(f->name, "text");
	assert_ptr_equal(f->write, report_write_text);
	f = report_format_find("json");
	assert_non_null(f);
	assert_ptr_equal(f->write, report_write_json);
	assert_null(report_format_find("xml"));
	assert_null(report_format_find("JSON"));
	assert_null(report_format_find(""));
	assert_null(report_format_find(NULL));
	assert_string_equal(report_format_names(),
			    "text|json|junit|sarif|prometheus|docker-bench|html|baseline");
}

static void test_text_escape_table(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"", ""},
	    {"web-1", "web-1"},
	    {"a\\b", "a\\b"}, /* a backslash stays */
	    {HOSTILE_OSC, "evil\\x1b]0;pwned\\x07"},
	    {"\x1b[2J", "\\x1b[2J"},
	    {"a\nb\tc\rd", "a\\x0ab\\x09c\\x0dd"},
	    {"del\x7f", "del\\x7f"},
	    {"csi\xc2\x9b"
	     "31m",
	     "csi\\xc2\\x9b31m"}, /* C1 CSI as UTF-8 */
	    {"\xc2\x85", "\\xc2\\x85"},
	    {"Z\xc3\xbcrich \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xb3",
	     "Z\xc3\xbcrich \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xb3"},
	    {"\xc2\xa0nbsp", "\xc2\xa0nbsp"},
	    {HOSTILE_BAD_UTF8, "bad\\xff\\xfe"},
	    {"\xc0\xaf", "\\xc0\\xaf"}, /* overlong "/" */
	    {"\xed\xa0\x80", "\\xed\\xa0\\x80"}, /* surrogate */
	    {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"}, /* above U+10FFFF */
	    {"end\xe2\x82", "end\\xe2\\x82"}, /* truncated */
	    {"\xe2\x82x", "\\xe2\\x82x"},
	    {"rlo\xe2\x80\xaegpj.exe", "rlo\\xe2\\x80\\xaegpj.exe"}, /* U+202E */
	    {"ls\xe2\x80\xa8", "ls\\xe2\\x80\\xa8"}, /* U+2028 */
	    {HOSTILE_HTML, HOSTILE_HTML},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *e = text_escape(rows[i].in);
		assert_non_null(e);
		assert_string_equal(e, rows[i].out);
	}
	_cleanup_free_ char *e = text_escape(NULL);
	assert_non_null(e);
	assert_string_equal(e, "");
}

static void test_utf8_sanitize_table(void **state)
{
#define FFFD "\xef\xbf\xbd"
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"", ""},
	    {"plain", "plain"},
	    {"\x1b\x07", "\x1b\x07"}, /* valid UTF-8: JSON escapes it, not us */
	    {"Z\xc3\xbcrich \xf0\x9f\x90\xb3", "Z\xc3\xbcrich \xf0\x9f\x90\xb3"},
	    {HOSTILE_BAD_UTF8, "bad" FFFD FFFD},
	    {"\xe2\x82", FFFD}, /* one maximal subpart */
	    {"\xf0\x9f\x98x", FFFD "x"},
	    {"\xc0\xaf", FFFD FFFD}, /* overlong: no valid prefix */
	    {"\xed\xa0\x80", FFFD FFFD FFFD}, /* surrogate */
	    {"\x80\xbf", FFFD FFFD},
	    {"a\xf8\x88\x80\x80\x80z", "a" FFFD FFFD FFFD FFFD FFFD "z"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *s = utf8_sanitize(rows[i].in);
		assert_non_null(s);
		assert_string_equal(s, rows[i].out);
		assert_true(utf8_valid(s, strlen(s)));
	}
	assert_null(utf8_sanitize(NULL));
#undef FFFD
}

static void test_json_contract(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_(cjson_deletep) cJSON *root = render_json(&r);

	static const char *const top[] = {"schema_version", "tool",	"benchmark",  "host",
					  "scope",	    "deadline", "started_at", "duration_ms",
					  "summary",	    "results"};
	assert_keys(root, top, ARRAY_SIZE(top));
	assert_int_equal(get_num(root, "schema_version"), 1);
	/* no check listed containers or images here: the scope says so */
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "scope"), "containers")));

	static const char *const name_version[] = {"name", "version"};
	const cJSON *tool = get(root, "tool");
	assert_keys(tool, name_version, 2);
	assert_string_equal(get_str(tool, "name"), "docker-audit");
	assert_string_equal(get_str(tool, "version"), DA_VERSION);
	const cJSON *bench = get(root, "benchmark");
	assert_keys(bench, name_version, 2);
	assert_string_equal(get_str(bench, "name"), "CIS Docker Benchmark");
	assert_string_equal(get_str(bench, "version"), "1.6.0");

	static const char *const host_keys[] = {"hostname", "docker", "daemon"};
	static const char *const docker_keys[] = {"server_version", "api_version"};
	static const char *const daemon_keys[] = {"reachable", "error"};
	const cJSON *host = get(root, "host");
	assert_keys(host, host_keys, ARRAY_SIZE(host_keys));
	assert_string_equal(get_str(host, "hostname"), "node-1\x1b[2J");
	const cJSON *docker = get(host, "docker");
	assert_keys(docker, docker_keys, ARRAY_SIZE(docker_keys));
	assert_string_equal(get_str(docker, "server_version"), "24.0.7");
	assert_string_equal(get_str(docker, "api_version"), "1.43");
	const cJSON *daemon = get(host, "daemon");
	assert_keys(daemon, daemon_keys, ARRAY_SIZE(daemon_keys));
	assert_true(cJSON_IsTrue(get(daemon, "reachable")));
	assert_true(cJSON_IsNull(get(daemon, "error")));

	assert_string_equal(get_str(root, "started_at"), "2025-01-02T03:04:05Z");
	assert_int_equal(get_num(root, "duration_ms"), 84);

	static const char *const summary_keys[] = {"pass", "fail",  "info",  "manual",
						   "skip", "error", "waived"};
	const cJSON *summary = get(root, "summary");
	assert_keys(summary, summary_keys, ARRAY_SIZE(summary_keys));
	for (size_t i = 0; i < ARRAY_SIZE(summary_keys); i++)
		assert_int_equal(get_num(summary, summary_keys[i]), i == 6 ? 0 : 1);

	static const char *const result_keys[] = {
	    "id",     "key",	"title",  "section",	 "level",    "automated", "severity",
	    "stride", "status", "detail", "remediation", "findings", "waived"};
	static const char *const ids[] = {"1.1.1", "2.3", "4.5", "5.8", "5.16", "7.1"};
	static const char *const statuses[] = {"pass", "manual", "error", "info", "fail", "skip"};
	const cJSON *results = get(root, "results");
	assert_true(cJSON_IsArray(results));
	assert_int_equal(cJSON_GetArraySize(results), ARRAY_SIZE(ids));
	size_t i = 0;
	const cJSON *res;
	cJSON_ArrayForEach(res, results)
	{
		assert_keys(res, result_keys, ARRAY_SIZE(result_keys));
		assert_string_equal(get_str(res, "id"), ids[i]);
		assert_string_equal(get_str(res, "status"), statuses[i]);
		assert_string_equal(get_str(res, "title"), r.results[i].check->title);
		assert_string_equal(get_str(res, "section"), r.results[i].check->section);
		assert_int_equal(get_num(res, "level"), r.results[i].check->level);
		assert_true(cJSON_IsBool(get(res, "automated")));
		assert_true(cJSON_IsString(get(res, "severity")));
		assert_true(cJSON_IsArray(get(res, "stride")));
		assert_string_equal(get_str(res, "detail"), r.results[i].detail);
		assert_string_equal(get_str(res, "remediation"), r.results[i].check->remediation);
		assert_true(cJSON_IsArray(get(res, "findings")));
		assert_true(cJSON_IsFalse(get(res, "waived")));
		i++;
	}

	const cJSON *pid = cJSON_GetArrayItem(results, 4);
	assert_true(cJSON_IsTrue(get(pid, "automated")));
	assert_false(cJSON_IsTrue(get(cJSON_GetArrayItem(results, 1), "automated")));
	assert_string_equal(get_str(pid, "severity"), "high");
	assert_string_equal(get_str(pid, "remediation"),
			    "Do not start containers with --pid=host.\nRecreate them without it.");
	const cJSON *stride = get(pid, "stride");
	assert_int_equal(cJSON_GetArraySize(stride), 2);
	assert_string_equal(cJSON_GetArrayItem(stride, 0)->valuestring, "information_disclosure");
	assert_string_equal(cJSON_GetArrayItem(stride, 1)->valuestring, "elevation_of_privilege");
}

static void test_json_findings(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_(cjson_deletep) cJSON *root = render_json(&r);
	const cJSON *results = get(root, "results");

	/* every key, in order */
	const cJSON *fs = get(cJSON_GetArrayItem(results, 4), "findings");
	assert_int_equal(cJSON_GetArraySize(fs), 4);
	static const char *const full[] = {"kind", "id", "name", "detail", "source", "value"};
	const cJSON *f = cJSON_GetArrayItem(fs, 0);
	assert_keys(f, full, ARRAY_SIZE(full));
	assert_string_equal(get_str(f, "kind"), "container");
	assert_string_equal(get_str(f, "id"), FULL_ID);
	assert_string_equal(get_str(f, "name"), "pidhost");
	assert_string_equal(get_str(f, "detail"), "PidMode=host");
	assert_string_equal(get_str(f, "source"), "api");
	assert_string_equal(get_str(f, "value"), "host");

	/* NULL id, source, value: left out */
	static const char *const minimal[] = {"kind", "name", "detail"};
	assert_keys(cJSON_GetArrayItem(fs, 1), minimal, ARRAY_SIZE(minimal));
	static const char *const with_value[] = {"kind", "name", "detail", "value"};
	assert_keys(cJSON_GetArrayItem(fs, 2), with_value, ARRAY_SIZE(with_value));

	/* an object that could not be judged */
	const cJSON *err = get(cJSON_GetArrayItem(results, 2), "findings");
	assert_int_equal(cJSON_GetArraySize(err), 1);
	static const char *const with_error[] = {"kind", "id", "name", "detail", "source", "error"};
	f = cJSON_GetArrayItem(err, 0);
	assert_keys(f, with_error, ARRAY_SIZE(with_error));
	assert_string_equal(get_str(f, "id"), "sha256:" FULL_ID);
	assert_true(cJSON_IsTrue(get(f, "error")));
	assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(fs, 0), "error"));

	/* checks without findings still have the array */
	assert_int_equal(cJSON_GetArraySize(get(cJSON_GetArrayItem(results, 1), "findings")), 0);
}

static void test_json_hostile_strings(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_json, &r, NULL, &out, &len), 0);
	assert_true(utf8_valid(out, len));
	/* no raw control byte but the layout's own newlines and tabs */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		assert_false(c < 0x20 && c != '\n' && c != '\t');
	}
	assert_non_null(strstr(out, "\\u001b]0;pwned\\u0007"));

	_cleanup_(cjson_deletep) cJSON *root = cJSON_Parse(out);
	assert_non_null(root);
	const cJSON *fs = get(cJSON_GetArrayItem(get(root, "results"), 4), "findings");
	/* data survives as data */
	assert_string_equal(get_str(cJSON_GetArrayItem(fs, 1), "name"), HOSTILE_OSC);
	assert_string_equal(get_str(cJSON_GetArrayItem(fs, 2), "name"), HOSTILE_HTML);
	assert_string_equal(get_str(cJSON_GetArrayItem(fs, 2), "detail"), HOSTILE_NEWLINE);
	assert_string_equal(get_str(cJSON_GetArrayItem(fs, 2), "value"), "host\t1");
	assert_string_equal(get_str(cJSON_GetArrayItem(fs, 3), "name"),
			    "bad\xef\xbf\xbd\xef\xbf\xbd");
}

static void test_json_unreachable(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, false, 0);
	/* a client-side default must not pass for what the daemon said */
	r.api_version = strdup("1.43");
	_cleanup_(cjson_deletep) cJSON *root = render_json(&r);
	const cJSON *host = get(root, "host");
	const cJSON *docker = get(host, "docker");
	assert_true(cJSON_IsNull(get(docker, "server_version")));
	assert_true(cJSON_IsNull(get(docker, "api_version")));
	const cJSON *daemon = get(host, "daemon");
	assert_true(cJSON_IsFalse(get(daemon, "reachable")));
	assert_string_equal(get_str(daemon, "error"),
			    "cannot connect to '/var/run/docker.sock': no such file or "
			    "directory\x1b[31m");
}

static void test_json_empty_report(void **state)
{
	_cleanup_(report_releasep) struct report r = {0};
	_cleanup_(cjson_deletep) cJSON *root = render_json(&r);
	assert_true(cJSON_IsNull(get(get(root, "host"), "hostname")));
	assert_true(cJSON_IsNull(get(root, "started_at")));
	assert_int_equal(cJSON_GetArraySize(get(root, "results")), 0);
}

/* No ESC and no control byte but newline: nothing in it can drive a terminal. */
static void assert_inert(const char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		assert_false(c < 0x20 && c != '\n');
		assert_false(c == 0x7f);
	}
	assert_true(utf8_valid(out, len));
	/* no C1 control as UTF-8 either */
	assert_null(strstr(out, "\xc2\x9b"));
}

static const struct render_options plain = {.remediation = true};
/* every check of build() named by --check: each with its details */
static char *const all_ids[] = {"1.1.1", "2.3", "4.5", "5.8", "5.16", "7.1", NULL};
static const struct render_options named = {.remediation = true, .detail_ids = all_ids};

/* The details of a check (--check names it; --verbose for every check): its sentence, the
 * findings of a failure or error, the remediation of a failure, the guidance of a manual one. */
static void test_text_details(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &named, &out, &len), 0);
	assert_int_equal(strlen(out), len);
	assert_inert(out, len);

	assert_true(str_startswith(out,
				   "docker-audit " DA_VERSION
				   " \xc2\xb7 checks based on the CIS Docker Benchmark v1.6.0\n"
				   "Host: node-1\\x1b[2J  Docker: 24.0.7 (API 1.43)\n"));
	assert_null(strstr(out, "compliant"));
	assert_non_null(strstr(out, "\n  [FAIL] 5.16  Ensure that the host's process namespace is "
				    "not shared  (L1, high)\n"
				    "         4 containers share the host's PID namespace\n"
				    "         - container pidhost (a7b2d9f897c8): PidMode=host "
				    "[source: api]\n"));
	assert_non_null(strstr(out, "- container evil\\x1b]0;pwned\\x07: PidMode=host\n"));
	assert_non_null(strstr(out, "- container " HOSTILE_HTML ": line one\\x0aline two\n"));
	assert_non_null(strstr(out, "- container bad\\xff\\xfe: PidMode=host\n"));
	assert_non_null(strstr(out,
			       "         Remediation: Do not start containers with --pid=host.\n"
			       "                      Recreate them without it.\n"));
	/* error findings */
	assert_non_null(strstr(out, "  [ERROR] 4.5  "));
	assert_non_null(strstr(out, "- image alpine:3.19 (a7b2d9f897c8): (could not check) inspect "
				    "failed: 404 [source: api]\n"));
	/* other statuses: line and detail */
	assert_non_null(strstr(out, "  [PASS] 1.1.1  "));
	assert_non_null(strstr(out, "         /var/lib/docker is on its own filesystem\n"));
	assert_null(strstr(out, "separate mount")); /* findings of a pass: verbose only */
	assert_non_null(strstr(out, "  [SKIP] 7.1  "));
	assert_non_null(strstr(out, "         swarm mode is not enabled\n"));
	assert_non_null(strstr(out, "  [INFO] 5.8  "));
	assert_non_null(strstr(out, "  [MANUAL] 2.3  "));
	assert_non_null(strstr(out, "         Guidance: Review the daemon's --log-level.\n"));
	assert_null(strstr(out, "Publish only the ports")); /* no remediation for info */

	assert_true(str_endswith(out,
				 "\n\nFix first (most severe first; docker-audit -c ID shows "
				 "the details):\n"
				 "  high     5.16    Do not start containers with --pid=host.\n"
				 "\nSummary: 1 pass, 1 fail (1 high), 1 error, 1 skip, 1 manual, "
				 "1 info\n"));
	assert_null(strstr(out, "unreachable"));

	/* a check not named keeps its one line */
	char *const some[] = {"5.16", NULL};
	struct render_options o = {.remediation = true, .detail_ids = some};
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &o, &out2, &len), 0);
	assert_non_null(strstr(out2, "Remediation: Do not start containers with --pid=host.\n"));
	assert_non_null(strstr(out2, "\n  [PASS] 1.1.1 (1 check)\n"));
	assert_null(strstr(out2, "Guidance:"));
}

/* By default one line per check that needs a look, passing ones as ids, skipped ones by
 * reason; no findings list, no remediation; then "Fix first" and the summary. */
static void test_text_default(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &plain, &out, &len), 0);
	assert_inert(out, len);
	static const char *const lines[] = {
	    "\n\n1 Host configuration\n"
	    "  [PASS] 1.1.1 (1 check)\n"
	    "2 Docker daemon configuration\n"
	    "  [MANUAL] 2.3  Ensure the logging level is set to 'info'\n"
	    "4 Container images and build file\n"
	    "  [ERROR] 4.5  Ensure Content trust for Docker is Enabled  (medium)  image (1 could "
	    "not be checked): alpine:3.19; cannot read the environment: permission denied\n"
	    "5 Container runtime\n"
	    "  [INFO] 5.8  Ensure that only needed ports are open on the container\n"
	    "  [FAIL] 5.16  Ensure that the host's process namespace is not shared  (high)  4 "
	    "containers: pidhost, evil\\x1b]0;pwned\\x07, " HOSTILE_HTML " and 1 more\n"
	    "7 Docker swarm configuration\n"
	    "  [SKIP] 7.1: swarm mode is not enabled\n"
	    "\n"
	    "Fix first (most severe first; docker-audit -c ID shows the details):\n"
	    "  high     5.16    Do not start containers with --pid=host.\n"
	    "\n"
	    "Summary: 1 pass, 1 fail (1 high), 1 error, 1 skip, 1 manual, 1 info\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		assert_non_null(strstr(out, lines[i]));
	assert_true(str_endswith(out, lines[ARRAY_SIZE(lines) - 1]));
	assert_null(strstr(out, "Remediation:"));
	assert_null(strstr(out, "PidMode=host"));
	assert_null(strstr(out, "4 containers share")); /* the sentence is a detail */

	/* --no-remediation: the fix line is the title */
	struct render_options o = {0};
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &o, &out2, &len), 0);
	assert_non_null(strstr(out2,
			       "  high     5.16    Ensure that the host's process namespace is "
			       "not shared\n"));
}

/* -n N: objects named on a check's line, and finding lines in its details; -n 0 (-1 here) all */
static void test_text_limit(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 2); /* 6 findings on 5.16 */
	_cleanup_free_ char *out = NULL, *out2 = NULL, *out3 = NULL;
	size_t len;
	struct render_options o = {.remediation = true, .limit = 1};
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);
	assert_non_null(strstr(out, "(high)  6 containers: pidhost and 5 more\n"));
	o.limit = -1;
	assert_int_equal(render(report_write_text, &r, &o, &out2, &len), 0);
	assert_non_null(
	    strstr(out2, "(high)  6 containers: pidhost, evil\\x1b]0;pwned\\x07, " HOSTILE_HTML
			 ", bad\\xff\\xfe, extra-0, extra-1\n"));
	o = (struct render_options){.remediation = true, .verbose = true, .limit = 2};
	assert_int_equal(render(report_write_text, &r, &o, &out3, &len), 0);
	assert_int_equal(count(out3, "         - container "), 2);
	assert_non_null(strstr(out3, "         ... and 4 more (see --format json)\n"));
}

/* --severity shows only those checks, in the body and in "Fix first"; the summary still
 * counts every check and says what was left out. */
static void test_text_severity(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	struct render_options o = {.remediation = true, .severities = 1u << DA_SEV_MEDIUM};
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);
	assert_null(strstr(out, "5.16"));
	assert_null(strstr(out, "2.3"));
	assert_null(strstr(out, "Fix first"));
	assert_non_null(strstr(out, "[ERROR] 4.5"));
	assert_non_null(strstr(out, "[PASS] 1.1.1"));
	assert_non_null(strstr(out,
			       "\nSummary: 1 pass, 1 fail (1 high), 1 error, 1 skip, 1 manual, "
			       "1 info\n"
			       "Shown: the checks of severity medium (--severity); the summary "
			       "counts every check\n"));
	o.severities = 1u << DA_SEV_HIGH | 1u << DA_SEV_CRITICAL;
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &o, &out2, &len), 0);
	assert_non_null(strstr(out2, "[FAIL] 5.16"));
	assert_non_null(strstr(out2, "  high     5.16    Do not start"));
	assert_null(strstr(out2, "4.5"));
	assert_null(strstr(out2, "Host configuration")); /* a section with nothing shown */
	assert_non_null(strstr(out2, "Shown: the checks of severity critical, high (--severity)"));
}

static void test_text_sections(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	_cleanup_free_ char *out = NULL;
	size_t len;
	struct render_options verbose = {.remediation = true, .verbose = true};
	assert_int_equal(render(report_write_text, &r, &verbose, &out, &len), 0);

	/* verbose: each section set off by a blank line, as before */
	static const char *const present[] = {
	    "\n\n1 Host configuration\n  [PASS] 1.1.1",
	    "\n\n2 Docker daemon configuration\n  [MANUAL] 2.3",
	    "\n\n4 Container images and build file\n  [ERROR] 4.5",
	    "\n\n5 Container runtime\n  [INFO] 5.8",
	    "\n\n7 Docker swarm configuration\n  [SKIP] 7.1",
	};
	const char *prev = out;
	for (size_t i = 0; i < ARRAY_SIZE(present); i++) {
		const char *p = strstr(out, present[i]);
		assert_non_null(p);
		assert_true(p > prev);
		prev = p;
	}
	assert_int_equal(count(out, "5 Container runtime"), 1);
	assert_null(strstr(out, "3 Docker daemon configuration files"));
	assert_null(strstr(out, "6 Docker security operations"));
}

static void test_text_color(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	struct render_options o = plain;
	o.color = true;
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);

	assert_non_null(strstr(out, "\033[1;31m[FAIL]\033[0m 5.16"));
	assert_non_null(strstr(out, "\033[32m[PASS]\033[0m 1.1.1"));
	assert_non_null(strstr(out, "\033[35m[ERROR]\033[0m 4.5"));
	assert_non_null(strstr(out, ": pidhost, evil\\x1b]0;pwned\\x07, "));
	assert_non_null(strstr(out, "\033[1mFix first\033[0m"));
	assert_non_null(strstr(out, "  \033[1;31mhigh    \033[0m 5.16"));
	assert_null(strstr(out, "\x1b]"));
	assert_null(strstr(out, "\x07"));
	/* every ESC starts one of our SGR sequences: ESC [ digits/; m */
	for (const char *p = strchr(out, '\033'); p; p = strchr(p + 1, '\033')) {
		assert_int_equal(p[1], '[');
		size_t n = strspn(p + 2, "0123456789;");
		assert_true(n > 0);
		assert_int_equal(p[2 + n], 'm');
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		assert_false(c < 0x20 && c != '\n' && c != '\033');
	}
}

static void test_text_no_color_codes_when_off(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, false, 0);
	struct render_options o = {.verbose = true, .remediation = true};
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);
	assert_inert(out, len);
	assert_null(memchr(out, '\033', len));
}

static void test_text_quiet(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	r.waived = 2;
	struct render_options o = plain;
	o.quiet = true;
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);
	assert_inert(out, len);

	assert_null(strstr(out, "[PASS]"));
	assert_null(strstr(out, "[SKIP]"));
	assert_null(strstr(out, "[INFO]"));
	assert_null(strstr(out, "[MANUAL]"));
	assert_null(strstr(out, "docker-audit " DA_VERSION));
	assert_null(strstr(out, "1 Host configuration"));
	assert_true(str_startswith(out, "4 Container images and build file\n  [ERROR] 4.5  "));
	assert_non_null(strstr(out, "\n5 Container runtime\n  [FAIL] 5.16  "));
	assert_null(strstr(out, "Remediation: Do not start"));
	assert_true(str_endswith(out,
				 "\n\nFix first (most severe first; docker-audit -c ID shows "
				 "the details):\n"
				 "  high     5.16    Do not start containers with --pid=host.\n"
				 "\nSummary: 1 pass, 1 fail (1 high), 1 error, 1 skip, 1 manual, "
				 "1 info, 2 waived\n"));

	/* -q -v: the failures and errors with their details */
	o.verbose = true;
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &o, &out2, &len), 0);
	assert_null(strstr(out2, "[PASS]"));
	assert_non_null(strstr(out2, "\n\n5 Container runtime\n  [FAIL] 5.16  "));
	assert_non_null(strstr(out2, "Remediation: Do not start"));
}

static void test_text_verbose_and_no_remediation(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	struct render_options o = {.verbose = true};
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &o, &out, &len), 0);
	assert_non_null(
	    strstr(out, "         - file /var/lib/docker: separate mount [source: file]\n"));
	assert_null(strstr(out, "Remediation:"));
	assert_null(strstr(out, "Guidance:"));
}

static void test_text_unreachable(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, false, 0);
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &plain, &out, &len), 0);
	assert_inert(out, len);
	assert_non_null(strstr(out, "\nHost: node-1\\x1b[2J  Docker: unreachable\n"));
	assert_true(str_endswith(out,
				 "Summary: 1 pass, 1 fail (1 high), 1 error, 1 skip, 1 manual, "
				 "1 info\n"
				 "Docker daemon: unreachable (cannot connect to "
				 "'/var/run/docker.sock': no such file or "
				 "directory\\x1b[31m)\n"));

	free(r.daemon_error);
	r.daemon_error = NULL;
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &plain, &out2, &len), 0);
	assert_true(str_endswith(out2, "1 info\nDocker daemon: unreachable\n"));

	/* only host checks selected: the daemon was not asked, so it is not "unreachable" */
	r.daemon_needed = false;
	_cleanup_free_ char *out3 = NULL;
	assert_int_equal(render(report_write_text, &r, &plain, &out3, &len), 0);
	assert_non_null(strstr(out3, "  Docker: not queried\n"));
	assert_null(strstr(out3, "unreachable"));
}

static void test_text_findings_cap(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 60); /* 64 findings on 5.16 */
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &named, &out, &len), 0);
	assert_int_equal(count(out, "         - container "), 50);
	assert_non_null(strstr(out, "- container extra-45: PidMode=host\n"
				    "         ... and 14 more (see --format json)\n"
				    "         Remediation: "));
	assert_null(strstr(out, "extra-46"));

	/* exactly at the cap: no "more" line */
	_cleanup_(report_releasep) struct report r2;
	build(&r2, true, 46);
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r2, &named, &out2, &len), 0);
	assert_int_equal(count(out2, "         - container "), 50);
	assert_null(strstr(out2, "more (see --format json)"));

	/* JSON has them all */
	_cleanup_(cjson_deletep) cJSON *root = render_json(&r);
	assert_int_equal(
	    cJSON_GetArraySize(get(cJSON_GetArrayItem(get(root, "results"), 4), "findings")), 64);
}

/* The one-line fix comes from the remediation's own words and says nothing it does not. */
static void test_text_one_line_fix(void **state)
{
	static const struct {
		const char *remediation, *fix;
	} rows[] = {
	    /* a sentence and one command: both */
	    {"Set a memory limit (docker update applies it without recreating):\n"
	     "  docker update --memory 512m NAME\n",
	     "Set a memory limit (docker update applies it without recreating): docker update "
	     "--memory 512m NAME"},
	    /* more prose after the command: still the one command */
	    {"Set in daemon.json and restart dockerd:\n  { \"icc\": false }\nLink the containers.",
	     "Set in daemon.json and restart dockerd: { \"icc\": false }"},
	    /* several commands are not strung together: a pointer instead */
	    {"Add a watch to /etc/audit/rules.d/docker.rules and load it:\n"
	     "  echo '-w /usr/bin/dockerd -p wa -k docker' >> /etc/audit/rules.d/docker.rules\n"
	     "  augenrules --load\n",
	     "Add a watch to /etc/audit/rules.d/docker.rules and load it (the commands: "
	     "docker-audit -c ID)"},
	    /* the first sentence of prose; "e.g. a" is not a sentence end */
	    {"Do not start containers with --pid=host. Recreate them without it.",
	     "Do not start containers with --pid=host."},
	    {"Put the data root on its own filesystem, e.g. a new volume. Then move it.",
	     "Put the data root on its own filesystem, e.g. a new volume."},
	    {"Do not start containers with --pid=host.\nRecreate them without it.",
	     "Do not start containers with --pid=host."},
	    /* a remediation that is a command */
	    {"  docker swarm update --autolock=true\nKeep the unlock key.",
	     "docker swarm update --autolock=true"},
	    {"export DOCKER_CONTENT_TRUST=1", "export DOCKER_CONTENT_TRUST=1"},
	    /* a colon with nothing under it */
	    {"Remove these:", "Remove these (the commands: docker-audit -c ID)"},
	    {"\n\nLeading blank lines.", "Leading blank lines."},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *fix = text_one_line_fix(rows[i].remediation);
		assert_non_null(fix);
		if (strcmp(fix, rows[i].fix) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, fix, rows[i].fix);
		assert_null(strchr(fix, '\n'));
	}
	assert_null(text_one_line_fix(NULL));
	assert_null(text_one_line_fix(""));
	assert_null(text_one_line_fix("   \n"));
}

/* n failing checks with ids, severities and remediations from the arrays; results in id order
 * as the runner makes them. */
struct fails {
	struct check checks[64];
	char *ids[64];
};

static void build_fails(struct report *r, struct fails *fx, size_t n, const char *const *ids,
			const enum da_severity *sev, const char *const *rem)
{
	*r = (struct report){0};
	r->hostname = strdup("node-1");
	r->n_results = n;
	r->results = calloc(n, sizeof(*r->results));
	assert_non_null(r->results);
	for (size_t i = 0; i < n; i++) {
		fx->ids[i] = strdup(ids[i]);
		fx->checks[i] = (struct check){.id = fx->ids[i],
					       .title = "A check",
					       .section = "1",
					       .level = 1,
					       .severity = sev[i],
					       .remediation = rem[i]};
		r->results[i].check = &fx->checks[i];
		assert_int_equal(result_fail(&r->results[i], "fails"), 0);
		r->summary[DA_FAIL]++;
	}
}

static void fails_release(struct fails *fx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fx->ids[i]);
}

/* Fix first: most severe first, numeric ids (5.4, 5.11, 5.30), one line per fix shared by the
 * checks of a severity (ranges in the edition's order), capped to a screen without -v. */
static void test_text_fix_first(void **state)
{
	static const char *const ids[] = {"1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7",
					  "5.4",   "5.11",  "5.30",  "5.5"};
	static const enum da_severity sev[] = {DA_SEV_LOW,  DA_SEV_LOW,	 DA_SEV_LOW,
					       DA_SEV_LOW,  DA_SEV_LOW,	 DA_SEV_HIGH,
					       DA_SEV_HIGH, DA_SEV_HIGH, DA_SEV_CRITICAL};
	static const char *const watch =
	    "Add a watch and load it:\n  echo x >> f\n  augenrules --load";
	static const char *const rem[] = {watch,    watch,    watch,
					  watch,    watch,    "Fix a.",
					  "Fix b.", "Fix c.", "Recreate it without --privileged."};
	struct fails fx;
	_cleanup_(report_releasep) struct report r;
	build_fails(&r, &fx, ARRAY_SIZE(ids), ids, sev, rem);
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &plain, &out, &len), 0);
	assert_true(str_endswith(out,
				 "Fix first (most severe first; docker-audit -c ID shows the "
				 "details):\n"
				 "  critical 5.5     Recreate it without --privileged.\n"
				 "  high     5.4     Fix a.\n"
				 "           5.11    Fix b.\n"
				 "           5.30    Fix c.\n"
				 "  low      1.1.3-1.1.7  Add a watch and load it (the commands: "
				 "docker-audit -c ID)\n"
				 "\nSummary: 0 pass, 9 fail (1 critical, 3 high, 5 low), 0 error, "
				 "0 skip, 0 manual, 0 info\n"));
	/* one line per check, passing ones as ranges: 1.1.5 left out breaks the run */
	r.results[2].status = DA_PASS;
	r.results[3].status = DA_PASS;
	r.results[4].status = DA_PASS;
	r.results[0].status = DA_PASS;
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &plain, &out2, &len), 0);
	assert_non_null(strstr(out2, "  [PASS] 1.1.3, 1.1.5-1.1.7 (4 checks)\n"));
	assert_non_null(strstr(out2, "  low      1.1.4   Add a watch"));
	fails_release(&fx, ARRAY_SIZE(ids));

	/* 40 different fixes: 35 lines, then the rest by id with where to see their fixes */
	const char *many_ids[40];
	enum da_severity many_sev[40];
	const char *many_rem[40];
	char buf[40][16], fixes[40][16];
	for (size_t i = 0; i < 40; i++) {
		snprintf(buf[i], sizeof(buf[i]), "9.%zu", i + 1);
		snprintf(fixes[i], sizeof(fixes[i]), "Fix %zu.", i + 1);
		many_ids[i] = buf[i];
		many_sev[i] = i < 30 ? DA_SEV_MEDIUM : DA_SEV_LOW;
		many_rem[i] = fixes[i];
	}
	struct fails fx2;
	_cleanup_(report_releasep) struct report r2;
	build_fails(&r2, &fx2, 40, many_ids, many_sev, many_rem);
	_cleanup_free_ char *out3 = NULL, *out4 = NULL;
	assert_int_equal(render(report_write_text, &r2, &plain, &out3, &len), 0);
	assert_int_equal(count(out3, "    Fix "), 35);
	assert_non_null(strstr(out3,
			       "           9.35    Fix 35.\n"
			       "  ... and 5 more: low 9.36, 9.37, 9.38, 9.39, 9.40; docker-audit "
			       "--severity low lists their fixes\n\nSummary:"));
	struct render_options v = {.remediation = true, .verbose = true};
	assert_int_equal(render(report_write_text, &r2, &v, &out4, &len), 0);
	assert_int_equal(count(out4, "    Fix "), 40);
	assert_null(strstr(out4, "lists their fixes"));
	fails_release(&fx2, 40);
}

/* --new-only with a baseline: the new failures alone, by severity then numeric id, each with
 * its title, severity and new objects; nothing of what the baseline had. */
static void test_text_new_only(void **state)
{
	static const char *const ids[] = {"5.4", "5.11", "5.30", "5.5", "5.16"};
	static const enum da_severity sev[] = {DA_SEV_MEDIUM, DA_SEV_MEDIUM, DA_SEV_MEDIUM,
					       DA_SEV_CRITICAL, DA_SEV_HIGH};
	static const char *const rem[] = {"Fix a.", "Fix b.", "Fix c.", "Fix d.", "Fix e."};
	struct fails fx;
	_cleanup_(report_releasep) struct report r;
	build_fails(&r, &fx, ARRAY_SIZE(ids), ids, sev, rem);
	/* 5.11 has an old and a new container; 5.16 is old; the others new */
	add(&r.results[1], "container", NULL, "old-app", "no limit", NULL, NULL, false);
	add(&r.results[1], "container", NULL, "new-app", "no limit", NULL, NULL, false);
	add(&r.results[4], "container", NULL, "pidhost", "PidMode=host", NULL, NULL, false);
	r.has_baseline = true;
	r.new_only = true;
	r.baseline_started_at = strdup("2025-01-01T00:00:00Z");
	r.n_new = 4;
	r.new_items = calloc(r.n_new, sizeof(*r.new_items));
	assert_non_null(r.new_items);
	const char *const new_ids[] = {"5.30", "5.11", "5.4", "5.5"};
	for (size_t i = 0; i < r.n_new; i++) {
		r.new_items[i].id = strdup(new_ids[i]);
		if (strcmp(new_ids[i], "5.11") == 0) {
			r.new_items[i].kind = strdup("container");
			r.new_items[i].name = strdup("new-app");
		}
	}
	for (size_t i = 0; i < 4; i++)
		r.results[i].is_new = true;
	_cleanup_free_ char *out = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &plain, &out, &len), 0);
	assert_non_null(strstr(out,
			       "\nNew failures since the baseline (2025-01-01T00:00:00Z): 4 "
			       "checks\n"
			       "  [FAIL] 5.5  A check  (critical)\n"
			       "  [FAIL] 5.4  A check  (medium)\n"
			       "  [FAIL] 5.11  A check  (medium)  new: container: new-app\n"
			       "  [FAIL] 5.30  A check  (medium)\n"
			       "\nFix first (the new failures, most severe first; docker-audit -c "
			       "ID shows the details):\n"
			       "  critical 5.5     Fix d.\n"
			       "  medium   5.4     Fix a.\n"
			       "           5.11    Fix b.\n"
			       "           5.30    Fix c.\n"));
	assert_null(strstr(out, "5.16"));
	assert_null(strstr(out, "old-app"));
	assert_null(strstr(out, "  new:  ")); /* the list was the report */
	assert_non_null(
	    strstr(out, "Since the baseline (2025-01-01T00:00:00Z): 4 new, 0 resolved\n"));
	/* -v: their details, with only the new objects */
	struct render_options v = {.remediation = true, .verbose = true};
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(render(report_write_text, &r, &v, &out2, &len), 0);
	assert_non_null(strstr(out2, "         - container new-app: no limit\n"));
	assert_null(strstr(out2, "old-app"));
	assert_null(strstr(out2, "5.16"));
	/* without --new-only the new ones are listed after the summary, in the same order */
	r.new_only = false;
	_cleanup_free_ char *out3 = NULL;
	assert_int_equal(render(report_write_text, &r, &plain, &out3, &len), 0);
	assert_non_null(strstr(out3, "  new:      5.5 (critical) (the check): A check\n"
				     "  new:      5.4 (medium) (the check): A check\n"
				     "  new:      5.11 (medium) container new-app: A check\n"
				     "  new:      5.30 (medium) (the check): A check\n"));
	fails_release(&fx, ARRAY_SIZE(ids));
}

/* Without -a the header names a privileged container left out as not running, and -a. */
static void test_text_left_out(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	r.scope.containers_known = true;
	r.scope.not_running = 3;
	r.scope.not_running_examined = 3;
	r.scope.note = strdup("the engine listed 7 containers, 4 judged; left out: 3 not running");
	_cleanup_free_ char *out = NULL, *out2 = NULL, *out3 = NULL, *out4 = NULL;
	size_t len;
	assert_int_equal(render(report_write_text, &r, &plain, &out, &len), 0);
	assert_null(strstr(out, "Not audited")); /* none of them is privileged */
	r.scope.privileged_left_out = calloc(3, sizeof(char *));
	assert_non_null(r.scope.privileged_left_out);
	r.scope.privileged_left_out[0] = strdup("builder\x1b[2J");
	assert_int_equal(render(report_write_text, &r, &plain, &out2, &len), 0);
	assert_inert(out2, len);
	assert_non_null(strstr(out2,
			       "\nScope: the engine listed 7 containers, 4 judged; left out: 3 "
			       "not running\n"
			       "Not audited: builder\\x1b[2J (privileged, not running); -a audits "
			       "it\n"));
	r.scope.privileged_left_out[1] = strdup("ci");
	r.scope.not_running = 3000;
	r.scope.not_running_examined = 1000;
	assert_int_equal(render(report_write_text, &r, &plain, &out3, &len), 0);
	assert_non_null(strstr(out3,
			       "Not audited: builder\\x1b[2J, ci (privileged, not running) "
			       "among the first 1000 of the 3000 not running; -a audits them\n"));
	r.all_containers = true;
	assert_int_equal(render(report_write_text, &r, &plain, &out4, &len), 0);
	assert_null(strstr(out4, "Not audited"));
}

static void test_write_error(void **state)
{
	_cleanup_(report_releasep) struct report r;
	build(&r, true, 0);
	FILE *f = fopen("/dev/full", "we");
	if (!f)
		skip();
	int ret = report_write_text(f, &r, &plain);
	assert_true(ret < 0);
	assert_int_equal(ret, -ENOSPC);
	fclose(f);

	f = fopen("/dev/full", "we");
	assert_non_null(f);
	ret = report_write_json(f, &r, NULL);
	assert_true(ret < 0);
	assert_int_equal(ret, -ENOSPC);
	fclose(f);

	/* a stream that cannot be written at all */
	f = fopen("/dev/null", "re");
	assert_non_null(f);
	assert_true(report_write_text(f, &r, &plain) < 0);
	assert_true(report_write_json(f, &r, &plain) < 0);
	fclose(f);
}

static void test_report_release(void **state)
{
	struct report r;
	build(&r, true, 10);
	report_release(&r);
	assert_null(r.results);
	assert_int_equal(r.n_results, 0);
	assert_null(r.hostname);
	report_release(&r); /* twice is harmless */
	report_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_table),
	    cmocka_unit_test(test_text_escape_table),
	    cmocka_unit_test(test_utf8_sanitize_table),
	    cmocka_unit_test(test_json_contract),
	    cmocka_unit_test(test_json_findings),
	    cmocka_unit_test(test_json_hostile_strings),
	    cmocka_unit_test(test_json_unreachable),
	    cmocka_unit_test(test_json_empty_report),
	    cmocka_unit_test(test_text_details),
	    cmocka_unit_test(test_text_default),
	    cmocka_unit_test(test_text_limit),
	    cmocka_unit_test(test_text_severity),
	    cmocka_unit_test(test_text_sections),
	    cmocka_unit_test(test_text_color),
	    cmocka_unit_test(test_text_no_color_codes_when_off),
	    cmocka_unit_test(test_text_quiet),
	    cmocka_unit_test(test_text_verbose_and_no_remediation),
	    cmocka_unit_test(test_text_unreachable),
	    cmocka_unit_test(test_text_findings_cap),
	    cmocka_unit_test(test_text_one_line_fix),
	    cmocka_unit_test(test_text_fix_first),
	    cmocka_unit_test(test_text_new_only),
	    cmocka_unit_test(test_text_left_out),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_report_release),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
