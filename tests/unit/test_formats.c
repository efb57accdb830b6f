/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <strings.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "check.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"
#include "version.h"
#include "waivers.h"
#include "baseline.h"

/*
 * The report writers beyond text and JSON (junit, sarif, prometheus, docker-bench, html), and
 * waivers and baseline changes in every writer. Reports are built by hand; hostile strings stand
 * in for what a daemon (or a waiver file) could carry. Each output is checked against what its
 * consumer parses. Set DA_FORMATS_DUMP=DIR to keep the rendered files (for a browser).
 *
 * Schema and consumer validation of real runs (jsonschema, xmllint, promtool, Chromium) is in
 * tests/e2e/real_formats.sh with the scripts under tests/formats/.
 */

#define HOSTILE_MARKUP "<img src=x onerror=alert(1)>\"'&"
#define HOSTILE_MARKUP_XML "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"
#define HOSTILE_OSC "evil\x1b]0;pwned\x07"
#define HOSTILE_BAD_UTF8 "bad\xff\xfe"
#define HOSTILE_CTRL                                                                               \
	"ctl\x01\x7f\xc2\x9b"                                                                      \
	"31m"
#define HOSTILE_BIDI "rlo\xe2\x80\xaegpj.exe"
#define HOSTILE_NEWLINE "line one\nline two"
#define FFFD "\xef\xbf\xbd"
#define FULL_ID "a7b2d9f897c8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80910"

static const struct check chk_host = {
    .id = "1.1.1",
    .title = "Ensure a separate partition for containers has been created",
    .section = "1",
    .level = 2,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_DOS,
    .rationale = "A full /var/lib/docker must not fill the root filesystem.",
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

static const struct check chk_live_restore = {
    .id = "2.15",
    .title = "Ensure live restore is enabled",
    .section = "2",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_LOW,
    .stride = DA_STRIDE_DOS,
    .remediation = "Set \"live-restore\": true in /etc/docker/daemon.json.",
};

static const struct check chk_daemon_json = {
    .id = "3.17",
    .title = "Ensure that the daemon.json file ownership is set to root:root",
    .section = "3",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_HIGH,
    .stride = DA_STRIDE_TAMPERING,
    .remediation = "chown root:root /etc/docker/daemon.json",
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

static const struct check chk_privileged = {
    .id = "5.5",
    .title = "Ensure that privileged containers are not used",
    .section = "5",
    .level = 1,
    .automated = false,
    .severity = DA_SEV_CRITICAL,
    .stride = DA_STRIDE_EOP,
    .remediation = "Do not run containers with --privileged.",
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

static const struct check chk_memory = {
    .id = "5.10",
    .title = "Ensure that the memory usage for containers is limited",
    .section = "5",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_MEDIUM,
    .stride = DA_STRIDE_DOS,
    .remediation = "docker run --memory 512m ...",
};

static const struct check chk_pid = {
    .id = "5.16",
    .title = "Ensure that the host's process namespace is not shared",
    .section = "5",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_HIGH,
    .stride = DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE,
    .rationale = "A container in the host's PID namespace sees and can signal every process.",
    .remediation = "Do not start containers with --pid=host.\nRecreate them without it.",
};

/* Not in the table: SARIF must still give it a rule. */
static const struct check chk_extra = {
    .id = "9.99",
    .title = "A check only this test knows",
    .section = "9",
    .level = 1,
    .automated = true,
    .severity = DA_SEV_LOW,
    .stride = 0,
    .remediation = "",
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

/* Results, in id order. */
enum {
	R_HOST, /* 1.1.1 pass */
	R_MANUAL, /* 2.3 manual */
	R_LIVE, /* 2.15 fail, no findings (check-level) */
	R_FILE, /* 3.17 fail, two files */
	R_TRUST, /* 4.5 error, one object not judged */
	R_PRIV, /* 5.5 fail, waived as a whole */
	R_PORTS, /* 5.8 info */
	R_MEMORY, /* 5.10 fail, one of two findings waived */
	R_PID, /* 5.16 fail, hostile names, one object not judged */
	R_SWARM, /* 7.1 skip */
	R_EXTRA, /* 9.99 fail, every finding waived by a waiver of its own */
	N_RESULTS,
};

/* Waivers: 0 covers 5.5 whole, 1 covers 5.10 "db-*", 2 and 3 cover 9.99 objects, 4 expired,
 * 5 unused. */
enum { W_PRIV, W_MEMORY, W_EXTRA_A, W_EXTRA_B, W_EXPIRED, W_UNUSED, N_WAIVERS };

struct fixture {
	struct report r;
	struct waiver_set ws;
	struct waiver w[N_WAIVERS];
};

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

static void waive(struct finding *f, const struct waiver *w)
{
	f->waived = true;
	f->waiver = w;
}

static struct report_change change(const char *id, const char *kind, const char *name)
{
	struct report_change c = {.id = xstrdup(id), .kind = xstrdup(kind), .name = xstrdup(name)};
	assert_non_null(c.id);
	return c;
}

/* The report as the runner, waivers_apply() and baseline_apply() would leave it. */
static struct fixture *fixture_new(bool daemon_up, bool with_waivers, bool with_baseline)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	struct report *r = &fx->r;
	r->hostname = strdup("node-1\x1b[2J<b>");
	r->daemon_needed = true;
	r->daemon_up = daemon_up;
	if (daemon_up) {
		r->server_version = strdup("24.0.7");
		r->api_version = strdup("1.43");
	} else {
		r->daemon_error = strdup("cannot connect to '/var/run/docker.sock': <refused>");
	}
	snprintf(r->started_at, sizeof(r->started_at), "2025-01-02T03:04:05Z");
	r->started_epoch = 1735787045;
	r->duration_ms = 1234;
	r->n_results = N_RESULTS;
	r->results = calloc(N_RESULTS, sizeof(*r->results));
	assert_non_null(r->results);
	struct result *res = r->results;

	res[R_HOST].check = &chk_host;
	assert_int_equal(result_pass(&res[R_HOST], "/var/lib/docker is on its own filesystem"), 0);
	res[R_MANUAL].check = &chk_manual;
	assert_int_equal(result_manual(&res[R_MANUAL], "review the logging level by hand"), 0);
	res[R_LIVE].check = &chk_live_restore;
	assert_int_equal(result_fail(&res[R_LIVE], "live restore is disabled"), 0);
	res[R_FILE].check = &chk_daemon_json;
	assert_int_equal(result_fail(&res[R_FILE], "2 files are not owned by root:root"), 0);
	add(&res[R_FILE], "file", NULL, "/etc/docker/daemon.json", "owner 1000:1000", "file",
	    "1000:1000", false);
	add(&res[R_FILE], "file", NULL, "/etc/docker/my file%.json", "owner 1000:0", "file", NULL,
	    false);
	res[R_TRUST].check = &chk_content_trust;
	assert_int_equal(result_error(&res[R_TRUST], "cannot read the environment: denied"), 0);
	add(&res[R_TRUST], "image", "sha256:" FULL_ID, "alpine:3.19", "inspect failed: 404", "api",
	    NULL, true);
	res[R_PRIV].check = &chk_privileged;
	assert_int_equal(result_fail(&res[R_PRIV], "1 container is privileged"), 0);
	add(&res[R_PRIV], "container", FULL_ID, "builder", "Privileged=true", "api", "true", false);
	res[R_PORTS].check = &chk_ports;
	assert_int_equal(result_info(&res[R_PORTS], "3 ports published"), 0);
	res[R_MEMORY].check = &chk_memory;
	assert_int_equal(result_fail(&res[R_MEMORY], "2 containers have no memory limit"), 0);
	add(&res[R_MEMORY], "container", NULL, "db-1", "Memory=0", "api", "0", false);
	add(&res[R_MEMORY], "container", NULL, "web-1", "Memory=0", "api", "0", false);
	res[R_PID].check = &chk_pid;
	assert_int_equal(result_fail(&res[R_PID], "6 containers share the host's PID namespace"),
			 0);
	add(&res[R_PID], "container", FULL_ID, "pidhost", "PidMode=host", "api", "host", false);
	add(&res[R_PID], "container", NULL, HOSTILE_MARKUP, "PidMode=host", NULL, NULL, false);
	add(&res[R_PID], "container", NULL, HOSTILE_OSC, HOSTILE_NEWLINE, NULL, "host\t1", false);
	add(&res[R_PID], "container", NULL, HOSTILE_BAD_UTF8, "PidMode=host", NULL, NULL, false);
	add(&res[R_PID], "container", NULL, HOSTILE_CTRL, "PidMode=host", NULL, NULL, false);
	add(&res[R_PID], "container", NULL, HOSTILE_BIDI, "PidMode=host", NULL, NULL, false);
	add(&res[R_PID], "container", NULL, "gone", "inspect failed: 404", "api", NULL, true);
	res[R_SWARM].check = &chk_swarm;
	assert_int_equal(result_skip(&res[R_SWARM], "swarm mode is not enabled"), 0);
	res[R_EXTRA].check = &chk_extra;
	assert_int_equal(result_fail(&res[R_EXTRA], "2 objects"), 0);
	add(&res[R_EXTRA], "host", NULL, "a", "x", NULL, NULL, false);
	add(&res[R_EXTRA], "host", NULL, "b", "y", NULL, NULL, false);

	r->summary[DA_PASS] = 1;
	r->summary[DA_MANUAL] = 1;
	r->summary[DA_ERROR] = 1;
	r->summary[DA_INFO] = 1;
	r->summary[DA_SKIP] = 1;
	r->summary[DA_FAIL] = 6; /* 2.15, 3.17, 5.5, 5.10, 5.16, 9.99 */

	if (with_waivers) {
		struct waiver *w = fx->w;
		w[W_PRIV] = (struct waiver){.check = "5.5",
					    .reason = "the CI builder needs it",
					    .owner = "ci@example.com",
					    .expires = "2099-12-31",
					    .used = 1,
					    .index = 0};
		w[W_MEMORY] = (struct waiver){.check = "5.10",
					      .object = "db-*",
					      .reason = "<script>alert(1)</script> sized by hand",
					      .used = 1,
					      .index = 1};
		w[W_EXTRA_A] = (struct waiver){
		    .check = "9.99", .object = "a", .reason = "reason a", .used = 1, .index = 2};
		w[W_EXTRA_B] = (struct waiver){
		    .check = "9.99", .object = "b", .reason = "reason b", .used = 1, .index = 3};
		w[W_EXPIRED] = (struct waiver){.check = "5.16",
					       .object = "pid*",
					       .reason = "metrics agent",
					       .owner = "ops",
					       .expires = "2020-01-01",
					       .expired = true,
					       .matched_expired = 2,
					       .index = 4};
		w[W_UNUSED] =
		    (struct waiver){.check = "4.1", .reason = "no such image any more", .index = 5};
		fx->ws = (struct waiver_set){.items = w, .n = N_WAIVERS, .file = "waivers.json"};
		r->waivers = &fx->ws;

		res[R_PRIV].waived = true;
		res[R_PRIV].waiver = &w[W_PRIV];
		waive(&res[R_PRIV].findings[0], &w[W_PRIV]);
		waive(&res[R_MEMORY].findings[0], &w[W_MEMORY]);
		res[R_EXTRA].waived = true;
		waive(&res[R_EXTRA].findings[0], &w[W_EXTRA_A]);
		waive(&res[R_EXTRA].findings[1], &w[W_EXTRA_B]);
		r->summary[DA_FAIL] = 4;
		r->waived = 2;
	}
	if (with_baseline) {
		r->has_baseline = true;
		r->baseline_started_at = strdup("2024-12-01T00:00:00Z");
		r->n_new = 3;
		r->new_items = calloc(r->n_new, sizeof(*r->new_items));
		assert_non_null(r->new_items);
		r->new_items[0] = change("2.15", NULL, NULL);
		r->new_items[1] = change("5.16", "container", "pidhost");
		r->new_items[2] = change("5.16", "container", HOSTILE_MARKUP);
		r->n_resolved = 1;
		r->resolved_items = calloc(1, sizeof(*r->resolved_items));
		assert_non_null(r->resolved_items);
		r->resolved_items[0] = change("4.1", "image", "old:<none>");
		res[R_LIVE].is_new = true;
		res[R_PID].is_new = true;
	}
	return fx;
}

static void fixture_free(struct fixture **p)
{
	if (!*p)
		return;
	report_release(&(*p)->r);
	free(*p);
}
#define _cleanup_fixture_ _cleanup_(fixture_free)

static void cjson_deletep(cJSON **p)
{
	cJSON_Delete(*p);
}
#define _cleanup_cjson_ _cleanup_(cjson_deletep)

/* Render to memory (and to $DA_FORMATS_DUMP/NAME when set). */
static char *render_named(report_write_fn fn, const struct report *r, const char *name)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	assert_non_null(f);
	int ret = fn(f, r, NULL);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ret, 0);
	assert_int_equal(strlen(data), len); /* no NUL byte */
	const char *dir = getenv("DA_FORMATS_DUMP");
	if (dir && name) {
		_cleanup_free_ char *path = xasprintf("%s/%s", dir, name);
		FILE *out = path ? fopen(path, "we") : NULL;
		if (out) {
			fputs(data, out);
			fclose(out);
		}
	}
	return data;
}

static char *render(report_write_fn fn, const struct report *r)
{
	return render_named(fn, r, NULL);
}

/* Strict UTF-8, written independently of the code under test. */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p, n, min, cp;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 2, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 3, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 4, min = 0x10000;
		} else {
			return false;
		}
		cp = c & (0x7f >> n);
		for (unsigned k = 1; k < n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n;
	}
	return true;
}

/* No byte XML 1.0 forbids, no C1 control, no bidi override: only \t \n as controls. */
static void assert_clean_markup(const char *s)
{
	assert_true(utf8_valid(s));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_false(*p < 0x20 && *p != '\n' && *p != '\t');
		assert_false(*p == 0x7f);
	}
	assert_null(strstr(s, "\xc2\x9b"));
	assert_null(strstr(s, "\xe2\x80\xae"));
	assert_null(strstr(s, "\xef\xbf\xbe"));
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * Every tag of the document: its name is one of names[], and its attributes are name="value"
 * pairs whose values hold no raw < or ", with no on* attribute and none that fetches anything
 * (src, href, ...). A minimal check that markup from the data never became markup.
 */
static void assert_tags(const char *doc, const char *const *names, size_t n_names)
{
	for (const char *p = strchr(doc, '<'); p; p = strchr(p + 1, '<')) {
		const char *q = p + 1;
		if (str_startswith(q, "!DOCTYPE") || str_startswith(q, "?xml"))
			continue;
		if (*q == '/')
			q++;
		size_t len = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789-");
		bool known = false;
		for (size_t i = 0; i < n_names; i++)
			known |= strlen(names[i]) == len && strncmp(q, names[i], len) == 0;
		if (!known)
			fail_msg("unexpected tag <%.*s> at offset %zu", (int)(len + 1), p + 1,
				 (size_t)(p - doc));
		q += len;
		/* attributes up to '>' */
		while (*q && *q != '>') {
			if (*q == ' ' || *q == '/' || *q == '\n') {
				q++;
				continue;
			}
			size_t an =
			    strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-:");
			assert_true(an > 0);
			assert_false((q[0] == 'o' || q[0] == 'O') && (q[1] == 'n' || q[1] == 'N'));
			static const char *const fetching[] = {"src",	 "href",       "action",
							       "srcset", "xlink:href", "formaction",
							       "poster"};
			for (size_t i = 0; i < ARRAY_SIZE(fetching); i++)
				assert_false(strlen(fetching[i]) == an &&
					     strncasecmp(q, fetching[i], an) == 0);
			q += an;
			assert_int_equal(*q, '=');
			assert_int_equal(q[1], '"');
			const char *end = strchr(q + 2, '"');
			assert_non_null(end);
			assert_null(memchr(q + 2, '<', (size_t)(end - q - 2)));
			q = end + 1;
		}
		assert_int_equal(*q, '>');
	}
}

/* ---------------------------------------------------------------- escapers and helpers */

static void test_format_table(void **state)
{
	static const struct {
		const char *name;
		report_write_fn fn;
	} rows[] = {
	    {"text", report_write_text},
	    {"json", report_write_json},
	    {"junit", report_write_junit},
	    {"sarif", report_write_sarif},
	    {"prometheus", report_write_prometheus},
	    {"docker-bench", report_write_dockerbench},
	    {"html", report_write_html},
	    {"baseline", report_write_baseline},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct report_format *f = report_format_find(rows[i].name);
		assert_non_null(f);
		assert_ptr_equal(f->write, rows[i].fn);
		assert_non_null(strstr(report_format_names(), rows[i].name));
	}
	assert_string_equal(report_format_names(),
			    "text|json|junit|sarif|prometheus|docker-bench|html|baseline");
	assert_null(report_format_find("xml"));
	assert_null(report_format_find("dockerbench"));
}

static void test_xml_escape_table(void **state)
{
	static const struct {
		const char *in, *content, *attr;
	} rows[] = {
	    {"", "", ""},
	    {"web-1", "web-1", "web-1"},
	    {HOSTILE_MARKUP, HOSTILE_MARKUP_XML, HOSTILE_MARKUP_XML},
	    {"a&amp;b", "a&amp;amp;b", "a&amp;amp;b"},
	    {"]]>", "]]&gt;", "]]&gt;"},
	    {"tab\tnl\ncr\r", "tab\tnl\ncr&#13;", "tab&#9;nl&#10;cr&#13;"},
	    {HOSTILE_OSC, "evil" FFFD "]0;pwned" FFFD, "evil" FFFD "]0;pwned" FFFD},
	    {"nul-free \x01\x08\x0b\x0c\x1f", "nul-free " FFFD FFFD FFFD FFFD FFFD,
	     "nul-free " FFFD FFFD FFFD FFFD FFFD},
	    {"del\x7f", "del" FFFD, "del" FFFD},
	    {"c1\xc2\x85\xc2\x9b", "c1" FFFD FFFD, "c1" FFFD FFFD},
	    {HOSTILE_BAD_UTF8, "bad" FFFD FFFD, "bad" FFFD FFFD},
	    {"\xed\xa0\x80", FFFD FFFD FFFD, FFFD FFFD FFFD}, /* surrogate */
	    {"\xef\xbf\xbe\xef\xbf\xbf", FFFD FFFD, FFFD FFFD}, /* U+FFFE U+FFFF */
	    {HOSTILE_BIDI, "rlo" FFFD "gpj.exe", "rlo" FFFD "gpj.exe"},
	    {"ls\xe2\x80\xa8", "ls" FFFD, "ls" FFFD},
	    {"Z\xc3\xbcrich \xe6\x97\xa5 \xf0\x9f\x90\xb3 \xef\xb7\x90",
	     "Z\xc3\xbcrich \xe6\x97\xa5 \xf0\x9f\x90\xb3 \xef\xb7\x90",
	     "Z\xc3\xbcrich \xe6\x97\xa5 \xf0\x9f\x90\xb3 \xef\xb7\x90"},
	    {"\xc2\xa0"
	     "nbsp",
	     "\xc2\xa0"
	     "nbsp",
	     "\xc2\xa0"
	     "nbsp"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *c = xml_escape(rows[i].in, false);
		_cleanup_free_ char *a = xml_escape(rows[i].in, true);
		assert_non_null(c);
		assert_non_null(a);
		assert_string_equal(c, rows[i].content);
		assert_string_equal(a, rows[i].attr);
		assert_clean_markup(c);
	}
	_cleanup_free_ char *e = xml_escape(NULL, true);
	assert_string_equal(e, "");
}

static void test_prom_label_escape_table(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"", ""},
	    {"5.16", "5.16"},
	    {"a\\b", "a\\\\b"},
	    {"say \"hi\"", "say \\\"hi\\\""},
	    {HOSTILE_NEWLINE, "line one\\nline two"},
	    {HOSTILE_BAD_UTF8, "bad" FFFD FFFD},
	    {"\\n", "\\\\n"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		_cleanup_free_ char *e = prom_label_escape(rows[i].in);
		assert_non_null(e);
		assert_string_equal(e, rows[i].out);
	}
	_cleanup_free_ char *e = prom_label_escape(NULL);
	assert_string_equal(e, "");
}

static void test_helpers(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	const struct report *r = &fx->r;
	const struct result *res = r->results;

	assert_string_equal(report_status_name(&res[R_PRIV]), "waived");
	assert_string_equal(report_status_name(&res[R_MEMORY]), "fail");
	assert_string_equal(report_status_name(&res[R_HOST]), "pass");
	assert_ptr_equal(report_result_waiver(&res[R_PRIV]), &fx->w[W_PRIV]);
	assert_ptr_equal(report_result_waiver(&res[R_MEMORY]), &fx->w[W_MEMORY]);
	assert_null(report_result_waiver(&res[R_EXTRA])); /* two waivers: no single reason */
	assert_null(report_result_waiver(&res[R_PID]));

	assert_true(report_is_new(r, &res[R_LIVE], NULL));
	assert_true(report_is_new(r, &res[R_PID], &res[R_PID].findings[0]));
	assert_true(report_is_new(r, &res[R_PID], &res[R_PID].findings[1]));
	assert_false(report_is_new(r, &res[R_PID], &res[R_PID].findings[2]));
	assert_false(report_is_new(r, &res[R_PID], NULL)); /* no check-level change for 5.16 */
	assert_false(report_is_new(r, &res[R_MEMORY], &res[R_MEMORY].findings[1]));

	assert_false(report_waiver_unused(&fx->w[W_PRIV]));
	assert_false(report_waiver_unused(&fx->w[W_EXPIRED]));
	assert_true(report_waiver_unused(&fx->w[W_UNUSED]));

	_cleanup_fixture_ struct fixture *plain = fixture_new(true, false, false);
	assert_false(report_is_new(&plain->r, &plain->r.results[R_LIVE], NULL));
}

/* ---------------------------------------------------------------- junit */

static const char *const junit_tags[] = {"testsuites", "testsuite", "testcase",	 "failure",
					 "error",      "skipped",   "system-out"};

/* The attribute NAME of the first element that starts at or after p. */
static char *attr_after(const char *p, const char *name)
{
	_cleanup_free_ char *key = xasprintf(" %s=\"", name);
	const char *a = strstr(p, key);
	assert_non_null(a);
	a += strlen(key);
	return xstrndup(a, strcspn(a, "\""));
}

static const char *testcase(const char *doc, const char *id)
{
	_cleanup_free_ char *key =
	    xasprintf("<testcase classname=\"cis.%.*s\" name=\"%s ", (int)strcspn(id, "."), id, id);
	const char *p = strstr(doc, key);
	if (!p)
		fail_msg("no test case for %s", id);
	return p;
}

/* The outcome element of the test case of id: "failure", "error", "skipped" or "pass". */
static const char *outcome(const char *doc, const char *id)
{
	const char *p = testcase(doc, id);
	const char *end = strstr(p, "</testcase>");
	assert_non_null(end);
	static const char *const kinds[] = {"failure", "error", "skipped"};
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		_cleanup_free_ char *tag = xasprintf("<%s ", kinds[i]);
		const char *t = strstr(p, tag);
		if (t && t < end)
			return kinds[i];
	}
	return "pass";
}

static void test_junit(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out = render_named(report_write_junit, &fx->r, "report.xml");

	assert_true(
	    str_startswith(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
	assert_true(str_endswith(out, "</testsuites>\n"));
	assert_clean_markup(out);
	assert_tags(out, junit_tags, ARRAY_SIZE(junit_tags));

	/* totals: 11 tests; failures 4 (2.15 3.17 5.10 5.16); errors 1; skipped: manual, skip
	 * and the two waived failures */
	const char *root = strstr(out, "<testsuites ");
	assert_non_null(strstr(root, " tests=\"11\" failures=\"4\" errors=\"1\" skipped=\"4\" "
				     "time=\"1.234\">"));
	/* one suite per section, in order, with its own counts */
	static const struct {
		const char *name, *counts;
	} suites[] = {
	    {"cis.1 Host configuration", "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\""},
	    {"cis.2 Docker daemon configuration",
	     "tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""},
	    {"cis.3 Docker daemon configuration files",
	     "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\""},
	    {"cis.4 Container images and build file",
	     "tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""},
	    {"cis.5 Container runtime", "tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\""},
	    {"cis.7 Docker swarm configuration",
	     "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""},
	    {"cis.9", "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""},
	};
	assert_int_equal(count(out, "<testsuite "), ARRAY_SIZE(suites));
	const char *prev = out;
	for (size_t i = 0; i < ARRAY_SIZE(suites); i++) {
		_cleanup_free_ char *s = xasprintf(
		    "<testsuite name=\"%s\" %s time=\"0\" timestamp=\"2025-01-02T03:04:05Z\" "
		    "hostname=\"node-1" FFFD "[2J&lt;b&gt;\">",
		    suites[i].name, suites[i].counts);
		const char *p = strstr(out, s);
		if (!p)
			fail_msg("no suite %s", s);
		assert_true(p > prev);
		prev = p;
	}
	assert_int_equal(count(out, "<testcase "), N_RESULTS);
	assert_int_equal(count(out, "</testcase>"), N_RESULTS);

	assert_string_equal(outcome(out, "1.1.1"), "pass");
	assert_string_equal(outcome(out, "2.3"), "skipped");
	assert_string_equal(outcome(out, "2.15"), "failure");
	assert_string_equal(outcome(out, "4.5"), "error");
	assert_string_equal(outcome(out, "5.5"), "skipped");
	assert_string_equal(outcome(out, "5.8"), "pass");
	assert_string_equal(outcome(out, "5.10"), "failure");
	assert_string_equal(outcome(out, "5.16"), "failure");
	assert_string_equal(outcome(out, "7.1"), "skipped");
	assert_string_equal(outcome(out, "9.99"), "skipped");

	/* the test case's name and class, time 0 */
	assert_non_null(strstr(out, "<testcase classname=\"cis.5\" name=\"5.16 Ensure that the "
				    "host&#39;s process namespace is not shared\" time=\"0\">"));
	/* failure: message is the detail, type the severity, body the objects and remediation */
	_cleanup_free_ char *msg = attr_after(testcase(out, "5.16"), "message");
	assert_string_equal(msg, "6 containers share the host&#39;s PID namespace");
	_cleanup_free_ char *type = attr_after(testcase(out, "5.16"), "type");
	assert_string_equal(type, "high");
	assert_non_null(
	    strstr(out, "- container pidhost (" FULL_ID "): PidMode=host [source: api]\n"));
	assert_non_null(strstr(out, "- container " HOSTILE_MARKUP_XML ": PidMode=host\n"));
	assert_non_null(
	    strstr(out, "- container evil" FFFD "]0;pwned" FFFD ": line one\nline two\n"));
	assert_non_null(strstr(out, "- container bad" FFFD FFFD ": PidMode=host\n"));
	assert_non_null(strstr(out, "- container gone: (could not check) inspect failed: 404"));
	assert_non_null(strstr(out, "Remediation:\nDo not start containers with --pid=host.\n"
				    "Recreate them without it.\n</failure>"));
	/* a failure that is partly waived says which object is */
	assert_non_null(strstr(out, "- container db-1: Memory=0 [source: api] (waived: "
				    "&lt;script&gt;alert(1)&lt;/script&gt; sized by hand)\n"));
	/* waived: skipped, with the reason, the objects listed */
	assert_non_null(strstr(out, "<skipped message=\"waived: the CI builder needs it\">"));
	assert_non_null(strstr(out, "<skipped message=\"waived: each failing object by its own "
				    "waiver\">"));
	assert_non_null(strstr(out, "- host a: x (waived: reason a)\n"));
	assert_non_null(strstr(out, "<skipped message=\"manual: review the logging level by "
				    "hand\"/>"));
	assert_non_null(strstr(out, "<skipped message=\"swarm mode is not enabled\"/>"));
	assert_non_null(strstr(out, "<error type=\"error\" message=\"cannot read the environment: "
				    "denied\">"));
	assert_non_null(strstr(out, "<system-out>3 ports published</system-out>"));
	assert_null(strstr(out, HOSTILE_MARKUP));
	assert_null(strstr(out, "<script"));
}

/* The file agrees with the exit status: only a FAIL at or above --fail-on is a <failure>. */
static void test_junit_fail_on(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, false);
	fx->r.fail_on = DA_SEV_HIGH;
	_cleanup_free_ char *out = render(report_write_junit, &fx->r);
	assert_tags(out, junit_tags, ARRAY_SIZE(junit_tags));
	/* 3.17 and 5.16 are high; 2.15 (low) and 5.10 (medium) pass with what they found */
	assert_string_equal(outcome(out, "3.17"), "failure");
	assert_string_equal(outcome(out, "5.16"), "failure");
	assert_string_equal(outcome(out, "2.15"), "pass");
	assert_string_equal(outcome(out, "5.10"), "pass");
	assert_string_equal(outcome(out, "5.5"), "skipped"); /* waived stays skipped */
	const char *root = strstr(out, "<testsuites ");
	assert_non_null(strstr(root, " tests=\"11\" failures=\"2\" errors=\"1\" skipped=\"4\" "));
	assert_non_null(strstr(out, "<system-out>FAIL of severity low, below --fail-on high: "
				    "live restore is disabled\n"));
	assert_non_null(strstr(out,
			       "<system-out>FAIL of severity medium, below --fail-on high: "
			       "2 containers have no memory limit\n- container db-1: Memory=0"));
	/* the failures are exactly what sets exit status 1 */
	size_t gating = 0;
	for (size_t i = 0; i < fx->r.n_results; i++)
		gating += report_result_fails(&fx->r, &fx->r.results[i], fx->r.fail_on);
	assert_int_equal(gating, count(out, "<failure "));
	assert_int_equal(runner_exit_status(&fx->r, fx->r.fail_on), 1);

	/* critical: the only critical FAIL is waived, so nothing fails and the exit status is 3
	 * (4.5 is an ERROR) */
	fx->r.fail_on = DA_SEV_CRITICAL;
	_cleanup_free_ char *crit = render(report_write_junit, &fx->r);
	assert_int_equal(count(crit, "<failure "), 0);
	assert_int_equal(runner_exit_status(&fx->r, fx->r.fail_on), 3);

	/* --new-only: a FAIL the baseline had already passes, a new one fails */
	fx->r.fail_on = DA_SEV_LOW;
	fx->r.new_only = true;
	fx->r.results[R_FILE].is_new = true;
	_cleanup_free_ char *fresh = render(report_write_junit, &fx->r);
	assert_int_equal(count(fresh, "<failure "), 1);
	assert_string_equal(outcome(fresh, "3.17"), "failure");
	assert_non_null(strstr(fresh, "<system-out>FAIL, not new since the baseline "
				      "(--new-only): 6 containers"));
}

static void test_junit_attribute_newlines(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	struct result *res = &fx->r.results[R_PID];
	assert_int_equal(result_fail(res, "first\nsecond\t\"third\""), 0);
	_cleanup_free_ char *out = render(report_write_junit, &fx->r);
	assert_non_null(strstr(out, "message=\"first&#10;second&#9;&quot;third&quot;\">first\n"
				    "second\t&quot;third&quot;\n"));
	assert_tags(out, junit_tags, ARRAY_SIZE(junit_tags));
}

/* ---------------------------------------------------------------- sarif */

static cJSON *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	return j;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!it)
		fail_msg("no key '%s'", key);
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

static const cJSON *at(const cJSON *arr, int i)
{
	const cJSON *it = cJSON_GetArrayItem(arr, i);
	assert_non_null(it);
	return it;
}

static const char *logical_name(const cJSON *result)
{
	const cJSON *locs = cJSON_GetObjectItemCaseSensitive(result, "locations");
	const cJSON *ll =
	    locs ? cJSON_GetObjectItemCaseSensitive(at(locs, 0), "logicalLocations") : NULL;
	if (!ll)
		return NULL;
	return get_str(at(ll, 0), "name");
}

/* GitHub code scanning's requirements for a result's location (docs.github.com, "SARIF support
 * for code scanning"): one location with artifactLocation.uri and a full region. Returns the
 * URI. */
static const char *assert_github_location(const cJSON *result)
{
	const cJSON *locs = get(result, "locations");
	assert_int_equal(cJSON_GetArraySize(locs), 1);
	const cJSON *phys = get(at(locs, 0), "physicalLocation");
	const char *uri = get_str(get(phys, "artifactLocation"), "uri");
	assert_true(uri[0] != '\0');
	const cJSON *region = get(phys, "region");
	assert_true(get_num(region, "startLine") >= 1);
	assert_true(get_num(region, "startColumn") >= 1);
	assert_true(get_num(region, "endLine") >= get_num(region, "startLine"));
	assert_true(get_num(region, "endColumn") >= 1);
	const char *hash = get_str(get(result, "partialFingerprints"), "primaryLocationLineHash");
	assert_true(str_endswith(hash, ":1"));
	return uri;
}

static void test_sarif(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out = render_named(report_write_sarif, &fx->r, "report.sarif");
	assert_true(utf8_valid(out));
	_cleanup_cjson_ cJSON *root = parse(out);

	assert_string_equal(get_str(root, "version"), "2.1.0");
	assert_true(str_startswith(get_str(root, "$schema"), "https://docs.oasis-open.org/sarif/"));
	const cJSON *runs = get(root, "runs");
	assert_int_equal(cJSON_GetArraySize(runs), 1);
	const cJSON *run = at(runs, 0);
	const cJSON *driver = get(get(run, "tool"), "driver");
	assert_string_equal(get_str(driver, "name"), "docker-audit");
	assert_string_equal(get_str(driver, "version"), DA_VERSION);
	assert_null(cJSON_GetObjectItemCaseSensitive(driver, "informationUri"));

	/* rules: the checks of this run, in the report's order, and no other */
	size_t n_all = N_RESULTS - 1;
	const struct check *all[N_RESULTS];
	for (size_t i = 0; i < N_RESULTS; i++)
		all[i] = fx->r.results[i].check;
	const cJSON *rules = get(driver, "rules");
	assert_int_equal(cJSON_GetArraySize(rules), N_RESULTS);
	for (size_t i = 0; i < n_all; i++) {
		const cJSON *rule = at(rules, (int)i);
		assert_string_equal(get_str(rule, "id"), all[i]->id);
		assert_string_equal(get_str(get(rule, "shortDescription"), "text"), all[i]->title);
		assert_true(cJSON_IsString(get(get(rule, "fullDescription"), "text")));
		assert_string_equal(get_str(get(rule, "help"), "text"), all[i]->remediation);
		const cJSON *props = get(rule, "properties");
		assert_int_equal(get_num(props, "level"), all[i]->level);
		assert_string_equal(get_str(props, "section"), all[i]->section);
		assert_string_equal(get_str(props, "severity"), da_severity_name(all[i]->severity));
		assert_true(cJSON_IsBool(get(props, "automated")));
		assert_true(cJSON_IsArray(get(props, "stride")));
		assert_true(cJSON_IsArray(get(props, "tags")));
		const char *lvl = get_str(get(rule, "defaultConfiguration"), "level");
		switch (all[i]->severity) {
		case DA_SEV_CRITICAL:
		case DA_SEV_HIGH:
			assert_string_equal(lvl, "error");
			break;
		case DA_SEV_MEDIUM:
			assert_string_equal(lvl, "warning");
			break;
		default:
			assert_string_equal(lvl, "note");
		}
	}
	const cJSON *extra = at(rules, (int)n_all);
	assert_string_equal(get_str(extra, "id"), "9.99");
	assert_string_equal(get_str(extra, "name"), "ACheckOnlyThisTestKnows");
	/* code scanning requires help.text: the title when there is no remediation */
	assert_string_equal(get_str(get(extra, "help"), "text"), "A check only this test knows");

	/* results: one per failing object; one for 2.15, which has none */
	const cJSON *results = get(run, "results");
	/* 2.15: 1, 3.17: 2, 5.5: 1, 5.10: 2, 5.16: 6 (not "gone"), 9.99: 2 */
	assert_int_equal(cJSON_GetArraySize(results), 14);
	const cJSON *res;
	size_t suppressed = 0, new_ones = 0;
	cJSON_ArrayForEach(res, results)
	{
		const char *id = get_str(res, "ruleId");
		int idx = (int)get_num(res, "ruleIndex");
		assert_string_equal(get_str(at(rules, idx), "id"), id);
		assert_string_equal(get_str(res, "level"),
				    get_str(get(at(rules, idx), "defaultConfiguration"), "level"));
		assert_true(cJSON_IsString(get(get(res, "message"), "text")));
		assert_true(str_startswith(assert_github_location(res), "docker-audit/host/"));
		const char *fp = get_str(get(res, "partialFingerprints"), "dockerAuditObject/v1");
		assert_int_equal(strlen(fp), 16);
		const cJSON *sup = cJSON_GetObjectItemCaseSensitive(res, "suppressions");
		if (sup) {
			suppressed++;
			assert_string_equal(get_str(at(sup, 0), "kind"), "external");
			assert_string_equal(get_str(at(sup, 0), "status"), "accepted");
			assert_true(cJSON_IsString(get(at(sup, 0), "justification")));
		}
		const char *bstate = get_str(res, "baselineState");
		new_ones += strcmp(bstate, "new") == 0;
		assert_true(strcmp(bstate, "new") == 0 || strcmp(bstate, "unchanged") == 0);
	}
	assert_int_equal(suppressed, 4); /* builder, db-1, a, b */
	assert_int_equal(new_ones, 3); /* 2.15, pidhost, the markup one */

	/* the check-level result has the host as its location and the detail in its message */
	const cJSON *live = at(results, 0);
	assert_string_equal(get_str(live, "ruleId"), "2.15");
	assert_null(logical_name(live));
	assert_string_equal(assert_github_location(live),
			    "docker-audit/host/node-1%1B%5B2J%3Cb%3E");
	assert_string_equal(get_str(get(live, "message"), "text"),
			    "2.15 Ensure live restore is enabled: live restore is disabled");
	assert_string_equal(get_str(live, "baselineState"), "new");

	/* files: a logical location and the host's URI of the file, percent-encoded */
	const cJSON *file = at(results, 2);
	assert_string_equal(get_str(file, "ruleId"), "3.17");
	const cJSON *loc = at(get(file, "locations"), 0);
	assert_string_equal(
	    get_str(get(get(loc, "physicalLocation"), "artifactLocation"), "uri"),
	    "docker-audit/host/node-1%1B%5B2J%3Cb%3E/file/etc/docker/my%20file%25.json");
	assert_string_equal(
	    get_str(get(get(loc, "physicalLocation"), "artifactLocation"), "uriBaseId"),
	    "DOCKERAUDIT");
	const cJSON *ll = at(get(loc, "logicalLocations"), 0);
	assert_string_equal(get_str(ll, "kind"), "file");
	assert_string_equal(get_str(ll, "fullyQualifiedName"), "file//etc/docker/my file%.json");

	/* the waived privileged container */
	const cJSON *priv = at(results, 3);
	assert_string_equal(get_str(priv, "ruleId"), "5.5");
	assert_string_equal(get_str(priv, "level"), "error");
	assert_string_equal(logical_name(priv), "builder");
	const cJSON *sup = at(get(priv, "suppressions"), 0);
	assert_string_equal(get_str(sup, "justification"), "the CI builder needs it");
	assert_string_equal(get_str(get(sup, "properties"), "owner"), "ci@example.com");

	/* hostile names: data in JSON strings, made valid UTF-8 */
	const cJSON *pid = at(results, 6);
	assert_string_equal(get_str(pid, "ruleId"), "5.16");
	assert_string_equal(logical_name(pid), "pidhost");
	assert_string_equal(get_str(get(pid, "properties"), "objectId"), FULL_ID);
	ll = at(get(at(get(pid, "locations"), 0), "logicalLocations"), 0);
	assert_string_equal(get_str(ll, "fullyQualifiedName"), "container/pidhost");
	assert_string_equal(get_str(ll, "kind"), "container");
	assert_string_equal(
	    get_str(get(pid, "message"), "text"),
	    "5.16 Ensure that the host's process namespace is not shared: container "
	    "'pidhost' (PidMode=host)");
	assert_string_equal(logical_name(at(results, 7)), HOSTILE_MARKUP);
	assert_string_equal(logical_name(at(results, 8)), HOSTILE_OSC);
	assert_string_equal(logical_name(at(results, 9)), "bad" FFFD FFFD);
	assert_null(strstr(out, "\x1b"));

	/* fingerprints: stable across renders, distinct per object */
	_cleanup_free_ char *again = render(report_write_sarif, &fx->r);
	assert_string_equal(out, again);
	for (int i = 0; i < cJSON_GetArraySize(results); i++)
		for (int k = i + 1; k < cJSON_GetArraySize(results); k++)
			assert_string_not_equal(get_str(get(at(results, i), "partialFingerprints"),
							"dockerAuditObject/v1"),
						get_str(get(at(results, k), "partialFingerprints"),
							"dockerAuditObject/v1"));

	/* the audit is incomplete: 4.5 ended in ERROR; "gone" and the image were not judged */
	const cJSON *inv = at(get(run, "invocations"), 0);
	assert_true(cJSON_IsFalse(get(inv, "executionSuccessful")));
	assert_string_equal(get_str(inv, "startTimeUtc"), "2025-01-02T03:04:05Z");
	assert_string_equal(get_str(inv, "endTimeUtc"), "2025-01-02T03:04:06Z");
	const cJSON *notes = get(inv, "toolExecutionNotifications");
	assert_int_equal(cJSON_GetArraySize(notes), 3);
	assert_string_equal(get_str(at(notes, 0), "level"), "error");
	assert_string_equal(get_str(get(at(notes, 0), "associatedRule"), "id"), "4.5");
	assert_string_equal(
	    get_str(get(at(notes, 0), "message"), "text"),
	    "4.5 Ensure Content trust for Docker is Enabled: could not check: cannot "
	    "read the environment: denied");
	assert_string_equal(get_str(at(notes, 1), "level"), "error");
	assert_string_equal(get_str(at(notes, 2), "level"), "warning");
	assert_string_equal(get_str(get(at(notes, 2), "message"), "text"),
			    "5.16: could not check container 'gone': inspect failed: 404");
	const cJSON *props = get(run, "properties");
	assert_int_equal(get_num(get(props, "summary"), "waived"), 2);
	assert_int_equal(get_num(get(props, "baseline"), "new"), 3);
}

/* --dockerfile: every result points at the final stage's FROM line of the Dockerfile. */
static void test_sarif_dockerfile(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	fx->r.dockerfile = "./ci/Dockerfile";
	fx->r.dockerfile_line = 7;
	fx->r.dockerfile_columns = 21;
	_cleanup_free_ char *out = render(report_write_sarif, &fx->r);
	_cleanup_cjson_ cJSON *root = parse(out);
	const cJSON *run = at(get(root, "runs"), 0);
	const cJSON *res;
	size_t n = 0;
	cJSON_ArrayForEach(res, get(run, "results"))
	{
		assert_string_equal(assert_github_location(res), "ci/Dockerfile");
		const cJSON *phys = get(at(get(res, "locations"), 0), "physicalLocation");
		assert_string_equal(get_str(get(phys, "artifactLocation"), "uriBaseId"),
				    "%SRCROOT%");
		assert_int_equal(get_num(get(phys, "region"), "startLine"), 7);
		assert_int_equal(get_num(get(phys, "region"), "endColumn"), 22);
		n++;
	}
	assert_true(n > 5);
	assert_non_null(get(get(run, "originalUriBaseIds"), "%SRCROOT%"));

	/* an absolute path is a file:// URI (code scanning makes it relative to the checkout) */
	fx->r.dockerfile = "/src/app dir/Dockerfile";
	_cleanup_free_ char *abs = render(report_write_sarif, &fx->r);
	assert_non_null(strstr(abs, "\"file:///src/app%20dir/Dockerfile\""));
}

/* Without --dockerfile, an image's results point at the image; dot segments are encoded. */
static void test_sarif_object_uris(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	struct result *res = &fx->r.results[R_EXTRA];
	add(res, "image", NULL, "registry.example.com:5000/team/app:1.2", "no USER", NULL, NULL,
	    false);
	add(res, "file", NULL, "/etc/../../x", "odd", NULL, NULL, false);
	_cleanup_free_ char *out = render(report_write_sarif, &fx->r);
	_cleanup_cjson_ cJSON *root = parse(out);
	const cJSON *results = get(at(get(root, "runs"), 0), "results");
	int n = cJSON_GetArraySize(results);
	assert_string_equal(assert_github_location(at(results, n - 2)),
			    "docker-audit/image/registry.example.com%3A5000/team/app%3A1.2");
	assert_string_equal(assert_github_location(at(results, n - 1)),
			    "docker-audit/host/node-1%1B%5B2J%3Cb%3E/file/etc/%2E./%2E./x");
}

static void test_sarif_complete_run(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	struct result *res = &fx->r.results[R_TRUST];
	result_release(res);
	res->check = &chk_content_trust;
	assert_int_equal(result_pass(res, "content trust is on"), 0);
	fx->r.summary[DA_ERROR] = 0;
	fx->r.summary[DA_PASS]++;
	/* R_PID's "gone" is an object that was not judged: a warning, but the run completed */
	_cleanup_free_ char *out = render(report_write_sarif, &fx->r);
	_cleanup_cjson_ cJSON *root = parse(out);
	const cJSON *inv = at(get(at(get(root, "runs"), 0), "invocations"), 0);
	assert_true(cJSON_IsTrue(get(inv, "executionSuccessful")));
	assert_int_equal(cJSON_GetArraySize(get(inv, "toolExecutionNotifications")), 1);
	assert_null(strstr(out, "baselineState"));
	assert_null(strstr(out, "suppressions"));
}

static void test_sarif_unreachable(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(false, false, false);
	_cleanup_free_ char *out = render(report_write_sarif, &fx->r);
	_cleanup_cjson_ cJSON *root = parse(out);
	const cJSON *run = at(get(root, "runs"), 0);
	const cJSON *inv = at(get(run, "invocations"), 0);
	assert_true(cJSON_IsFalse(get(inv, "executionSuccessful")));
	const cJSON *first = at(get(inv, "toolExecutionNotifications"), 0);
	assert_string_equal(get_str(get(first, "message"), "text"),
			    "the Docker daemon could not be reached: cannot connect to "
			    "'/var/run/docker.sock': <refused>");
	assert_null(
	    cJSON_GetObjectItemCaseSensitive(get(run, "properties"), "dockerServerVersion"));
}

/* ---------------------------------------------------------------- prometheus */

/* Checks every line against the exposition format's grammar (as far as we write it) and
 * that each metric family has exactly one HELP and one TYPE line, before its samples, and its
 * samples together. Returns the number of samples. */
static size_t assert_exposition(const char *out)
{
	char families[64][64];
	size_t n_fam = 0, samples = 0;
	char current[64] = "";
	bool help = false, type = false;

	assert_true(utf8_valid(out));
	assert_true(str_endswith(out, "\n"));
	for (const char *line = out; *line;) {
		size_t len = strcspn(line, "\n");
		_cleanup_free_ char *l = xstrndup(line, len);
		line += len + 1;
		if (str_startswith(l, "# HELP ") || str_startswith(l, "# TYPE ")) {
			char name[64];
			size_t nl = strspn(l + 7, "abcdefghijklmnopqrstuvwxyz_");
			assert_true(nl > 0 && nl < sizeof(name));
			memcpy(name, l + 7, nl);
			name[nl] = '\0';
			assert_int_equal(l[7 + nl], ' ');
			if (strcmp(name, current) != 0) {
				for (size_t i = 0; i < n_fam; i++)
					if (strcmp(families[i], name) == 0)
						fail_msg("metric %s described twice", name);
				assert_true(n_fam < ARRAY_SIZE(families));
				snprintf(families[n_fam++], sizeof(families[0]), "%s", name);
				snprintf(current, sizeof(current), "%s", name);
				help = type = false;
			}
			if (l[2] == 'H') {
				assert_false(help);
				help = true;
			} else {
				assert_false(type);
				type = true;
				assert_string_equal(l + 7 + nl + 1, "gauge");
			}
			continue;
		}
		assert_false(l[0] == '#');
		/* a sample of the current family, after its HELP and TYPE */
		assert_true(help && type);
		size_t nl = strspn(l, "abcdefghijklmnopqrstuvwxyz_");
		assert_int_equal(nl, strlen(current));
		assert_int_equal(strncmp(l, current, nl), 0);
		const char *p = l + nl;
		if (*p == '{') {
			p++;
			for (;;) {
				size_t ln = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
				assert_true(ln > 0);
				p += ln;
				assert_int_equal(*p++, '=');
				assert_int_equal(*p++, '"');
				while (*p && *p != '"') {
					if (*p == '\\') {
						assert_non_null(strchr("\\\"n", p[1]));
						p++;
					}
					p++;
				}
				assert_int_equal(*p++, '"');
				if (*p == ',') {
					p++;
					continue;
				}
				assert_int_equal(*p++, '}');
				break;
			}
		}
		assert_int_equal(*p++, ' ');
		char *end;
		errno = 0;
		(void)strtod(p, &end);
		assert_int_equal(errno, 0);
		assert_true(end != p && *end == '\0');
		samples++;
	}
	return samples;
}

static void test_prometheus(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out = render_named(report_write_prometheus, &fx->r, "report.prom");
	/* info, up, last run, duration, 7 summary, 4 severities, 11 status, 11 findings, 3
	 * waivers, 2 changes */
	assert_int_equal(assert_exposition(out), 1 + 1 + 1 + 1 + 7 + 4 + 11 + 11 + 3 + 2);
	/* failing checks by severity, every level present, waived ones not counted (5.5 is a
	 * waived critical) */
	assert_non_null(strstr(out, "# TYPE docker_audit_failures gauge\n"
				    "docker_audit_failures{severity=\"critical\"} 0\n"
				    "docker_audit_failures{severity=\"high\"} "));
	unsigned want[DA_SEV_CRITICAL + 1] = {0};
	for (size_t i = 0; i < fx->r.n_results; i++)
		if (fx->r.results[i].status == DA_FAIL && !fx->r.results[i].waived)
			want[fx->r.results[i].check->severity]++;
	assert_true(want[DA_SEV_HIGH] + want[DA_SEV_MEDIUM] + want[DA_SEV_LOW] >= 2);
	for (int sev = DA_SEV_LOW; sev <= DA_SEV_CRITICAL; sev++) {
		char line[128];
		snprintf(line, sizeof(line), "\ndocker_audit_failures{severity=\"%s\"} %u\n",
			 da_severity_name((enum da_severity)sev), want[sev]);
		assert_non_null(strstr(out, line));
	}

	assert_non_null(strstr(out, "# HELP docker_audit_check_status "));
	assert_non_null(strstr(out, "# TYPE docker_audit_check_status gauge\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_status{id=\"5.16\",section=\"5\","
				    "level=\"1\",severity=\"high\",status=\"fail\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_status{id=\"5.5\",section=\"5\","
				    "level=\"1\",severity=\"critical\",status=\"waived\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_status{id=\"4.5\",section=\"4\","
				    "level=\"2\",severity=\"medium\",status=\"error\"} 1\n"));
	/* one series per check, never the other statuses */
	assert_int_equal(count(out, "docker_audit_check_status{id=\"5.16\""), 1);
	assert_null(strstr(out, "} 0\ndocker_audit_check_status"));
	/* failing objects: not the unjudged "gone"; waived ones included */
	assert_non_null(strstr(out, "\ndocker_audit_check_findings{id=\"5.16\"} 6\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_findings{id=\"5.5\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_findings{id=\"4.5\"} 0\n"));
	assert_non_null(strstr(out, "\ndocker_audit_check_findings{id=\"2.15\"} 0\n"));
	assert_non_null(strstr(out, "\ndocker_audit_checks{status=\"fail\"} 4\n"));
	assert_non_null(strstr(out, "\ndocker_audit_checks{status=\"waived\"} 2\n"));
	assert_non_null(strstr(out, "\ndocker_audit_checks{status=\"pass\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_last_run_timestamp_seconds 1735787045\n"));
	assert_non_null(strstr(out, "\ndocker_audit_duration_seconds 1.234\n"));
	assert_non_null(strstr(out, "\ndocker_audit_up 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_info{version=\"" DA_VERSION
				    "\",benchmark=\"CIS Docker Benchmark 1.6.0\","
				    "benchmark_version=\"1.6.0\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_waivers{state=\"active\"} 4\n"
				    "docker_audit_waivers{state=\"expired\"} 1\n"
				    "docker_audit_waivers{state=\"unused\"} 1\n"));
	assert_non_null(strstr(out, "\ndocker_audit_baseline_changes{change=\"new\"} 3\n"
				    "docker_audit_baseline_changes{change=\"resolved\"} 1\n"));
	/* nothing the daemon sent: no hostname, no container name */
	assert_null(strstr(out, "node-1"));
	assert_null(strstr(out, "pidhost"));
	/* promtool rejects metric names ending in a type name */
	assert_null(strstr(out, "_summary"));
}

static void test_prometheus_unreachable(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(false, false, false);
	_cleanup_free_ char *out = render(report_write_prometheus, &fx->r);
	assert_exposition(out);
	assert_non_null(strstr(out, "\ndocker_audit_up 0\n"));
	assert_null(strstr(out, "docker_audit_waivers"));
	assert_null(strstr(out, "docker_audit_baseline_changes"));

	/* only host checks: the daemon was not asked, the audit is up */
	fx->r.daemon_needed = false;
	_cleanup_free_ char *out2 = render(report_write_prometheus, &fx->r);
	assert_non_null(strstr(out2, "\ndocker_audit_up 1\n"));
}

/* ---------------------------------------------------------------- docker-bench */

static const cJSON *dbs_result(const cJSON *root, const char *id)
{
	const cJSON *t, *r;
	cJSON_ArrayForEach(t, get(root, "tests"))
	{
		cJSON_ArrayForEach(r, get(t, "results"))
		{
			if (strcmp(get_str(r, "id"), id) == 0)
				return r;
		}
	}
	fail_msg("no docker-bench result %s", id);
	return NULL;
}

static void assert_keys(const cJSON *obj, const char *const *keys, size_t n)
{
	const cJSON *it = obj->child;
	for (size_t i = 0; i < n; i++, it = it->next) {
		assert_non_null(it);
		assert_string_equal(it->string, keys[i]);
	}
	assert_null(it);
}

static void test_dockerbench(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out =
	    render_named(report_write_dockerbench, &fx->r, "report.dbs.json");
	assert_true(utf8_valid(out));
	_cleanup_cjson_ cJSON *root = parse(out);

	static const char *const top[] = {
	    "dockerbenchsecurity", "start", "tests", "checks", "score", "end"};
	assert_keys(root, top, ARRAY_SIZE(top));
	/* the version string names the tool and the edition */
	assert_string_equal(get_str(root, "dockerbenchsecurity"),
			    DA_VERSION " (checks based on the CIS Docker Benchmark v1.6.0)");
	assert_int_equal(get_num(root, "start"), 1735787045);
	assert_int_equal(get_num(root, "end"), 1735787046);
	assert_int_equal(get_num(root, "checks"), N_RESULTS);
	/* +1 pass (1.1.1); -1 each: 2.15, 3.17, 5.10, 5.16 and the error 4.5; manual, info,
	 * skip and waived unscored */
	assert_int_equal(get_num(root, "score"), 1 - 5);

	const cJSON *tests = get(root, "tests");
	assert_int_equal(cJSON_GetArraySize(tests), 7);
	static const char *const section_keys[] = {"id", "desc", "results"};
	assert_keys(at(tests, 0), section_keys, 3);
	assert_string_equal(get_str(at(tests, 0), "id"), "1");
	assert_string_equal(get_str(at(tests, 0), "desc"), "Host configuration");
	assert_string_equal(get_str(at(tests, 6), "id"), "9");
	assert_string_equal(get_str(at(tests, 6), "desc"), "9");

	static const struct {
		const char *id, *result, *suffix, *details;
	} rows[] = {
	    {"1.1.1", "PASS", "(Automated)", "/var/lib/docker is on its own filesystem"},
	    {"2.3", "NOTE", "(Manual)", "review the logging level by hand"},
	    {"2.15", "WARN", "(Automated)", "live restore is disabled"},
	    {"3.17", "WARN", "(Automated)",
	     "2 files are not owned by root:root: /etc/docker/daemon.json /etc/docker/my "
	     "file%.json"},
	    {"4.5", "WARN", "(Automated)",
	     "could not check: cannot read the environment: denied: alpine:3.19"},
	    {"5.5", "NOTE", "(Automated)",
	     "waived: the CI builder needs it: 1 container is privileged: builder"},
	    {"5.8", "INFO", "(Automated)", "3 ports published"},
	    {"5.10", "WARN", "(Automated)", "2 containers have no memory limit: db-1 web-1"},
	    {"7.1", "INFO", "(Automated)", "skipped: swarm mode is not enabled"},
	    {"9.99", "NOTE", "(Automated)",
	     "waived: each object by its own waiver: 2 objects: a b"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const cJSON *r = dbs_result(root, rows[i].id);
		assert_string_equal(get_str(r, "result"), rows[i].result);
		assert_true(str_endswith(get_str(r, "desc"), rows[i].suffix));
		assert_string_equal(get_str(r, "details"), rows[i].details);
		/* PASS has no remediation (as docker-bench-security writes it) */
		assert_int_equal(cJSON_GetObjectItemCaseSensitive(r, "remediation") != NULL,
				 strcmp(rows[i].result, "PASS") != 0 && strcmp(rows[i].id, "9.99"));
	}
	/* desc: the benchmark's title and how this verdict was reached; 5.5 is manual in the
	 * benchmark but decided here, so DefectDojo must not drop it */
	assert_string_equal(get_str(dbs_result(root, "5.5"), "desc"),
			    "Ensure that privileged containers are not used (Automated)");
	static const char *const full[] = {"id",      "desc",  "result",
					   "details", "items", "remediation"};
	const cJSON *pid = dbs_result(root, "5.16");
	assert_keys(pid, full, ARRAY_SIZE(full));
	const cJSON *items = get(pid, "items");
	assert_int_equal(cJSON_GetArraySize(items), 6);
	assert_string_equal(at(items, 0)->valuestring, "pidhost");
	assert_string_equal(at(items, 1)->valuestring, HOSTILE_MARKUP);
	assert_string_equal(at(items, 2)->valuestring, HOSTILE_OSC);
	assert_string_equal(at(items, 3)->valuestring, "bad" FFFD FFFD);
	assert_true(
	    str_startswith(get_str(pid, "details"),
			   "6 containers share the host's PID namespace: pidhost " HOSTILE_MARKUP
			   " " HOSTILE_OSC " bad" FFFD FFFD " "));
	static const char *const plain[] = {"id", "desc", "result", "details"};
	assert_keys(dbs_result(root, "1.1.1"), plain, ARRAY_SIZE(plain));
	assert_null(strstr(out, "\x1b"));
}

/* ---------------------------------------------------------------- html */

static const char *const html_tags[] = {
    "html",  "head",   "meta",	     "title", "style", "body", "header",  "h1",	     "h2",
    "h3",    "h4",     "p",	     "dl",    "dt",    "dd",   "main",	  "section", "div",
    "span",  "figure", "figcaption", "svg",   "rect",  "text", "i",	  "article", "table",
    "thead", "tbody",  "tr",	     "th",    "td",    "pre",  "details", "summary", "b",
    "em",    "br",     "footer",     "ol",    "li",
};

static void test_html(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out = render_named(report_write_html, &fx->r, "report.html");
	assert_clean_markup(out);
	assert_tags(out, html_tags, ARRAY_SIZE(html_tags));
	assert_true(str_startswith(out, "<!DOCTYPE html>\n<html lang=\"en\">"));
	assert_true(str_endswith(out, "</html>\n"));

	/* inert: no script, no event handler, nothing fetched (assert_tags: no on*, src, href) */
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "url("));
	assert_null(strstr(out, "@import"));
	assert_non_null(strstr(out, "<meta http-equiv=\"Content-Security-Policy\" "
				    "content=\"default-src 'none'; style-src 'unsafe-inline'\">"));
	/* hostile strings are text */
	assert_non_null(strstr(out, HOSTILE_MARKUP_XML));
	assert_null(strstr(out, HOSTILE_MARKUP));
	assert_non_null(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt; sized by hand"));
	assert_non_null(
	    strstr(out, "<title>docker-audit report: node-1" FFFD "[2J&lt;b&gt;</title>"));

	/* the parts */
	assert_non_null(strstr(out, "checks based on the CIS Docker Benchmark v1.6.0"));
	assert_null(strstr(out, "compliant"));
	assert_non_null(strstr(out, "<span class=\"badge st-fail\">4 fail</span>"));
	assert_non_null(strstr(out, "<span class=\"badge st-waived\">2 waived</span>"));
	assert_non_null(strstr(out, "<span class=\"badge st-error\">1 error</span>"));
	assert_int_equal(count(out, "<svg "), 2);
	assert_non_null(strstr(out, "<figcaption>Checks by section</figcaption>"));
	assert_non_null(strstr(out, "<figcaption>Failing checks by STRIDE threat category"));
	/* STRIDE bars count failing, not waived, checks: 5.16 (EoP, info disclosure) */
	assert_non_null(strstr(out, "<title>Elevation of privilege: 1 failing</title>"));
	assert_non_null(strstr(out, "<title>Information disclosure: 1 failing</title>"));
	assert_non_null(strstr(out, "<title>Denial of service: 2 failing</title>"));
	assert_non_null(strstr(out, "<title>5: 2 fail</title>"));
	assert_non_null(strstr(out, "<title>5: 1 waived</title>"));

	/* baseline and waivers */
	assert_non_null(strstr(out, "<section id=\"changes\">\n<h2>Since the baseline "
				    "(2024-12-01T00:00:00Z): 3 new, 1 resolved, 0 unknown</h2>"));
	assert_non_null(
	    strstr(out, "<td>4.1</td><td></td><td>image</td><td class=\"mono\">old:&lt;none&gt;"));
	assert_non_null(strstr(out, "<td>2.15</td><td></td><td>(the check)</td>"));
	assert_non_null(strstr(out, "<h2>Waivers: 1 expired, 1 unused</h2>"));
	assert_non_null(strstr(out, "<td>5.16</td><td class=\"mono\">pid*</td><td>metrics agent"
				    "</td><td>ops</td><td>2020-01-01</td><td>2</td>"));
	assert_non_null(strstr(out, "<td>4.1</td><td class=\"mono\">(whole check)</td><td>no such "
				    "image any more</td>"));

	/* failing checks, most severe first: 3.17 and 5.16 (high), 5.10 (medium), 2.15 (low) */
	const char *failing = strstr(out, "<section id=\"failing\">\n<h2>Failing checks (4)</h2>");
	const char *errors = strstr(
	    out,
	    "<details id=\"errors\">\n<summary>Checks that could not be completed (1)</summary>");
	const char *waived = strstr(out, "<details id=\"waived\">\n<summary>Waived failures (2)"
					 "</summary>");
	const char *passing = strstr(out, "<details id=\"passing\">\n<summary>Passing checks (1)");
	const char *other = strstr(out, "<details id=\"other\">\n<summary>Info, manual and skipped "
					"checks (3)");
	assert_true(failing && errors && waived && passing && other);
	assert_true(failing < errors && errors < waived && waived < passing && passing < other);
	const char *a317 = strstr(out, "id=\"check-3.17\""),
		   *a516 = strstr(out, "id=\"check-5.16\"");
	const char *a510 = strstr(out, "id=\"check-5.10\""),
		   *a215 = strstr(out, "id=\"check-2.15\"");
	assert_true(failing < a317 && a317 < a516 && a516 < a510 && a510 < a215 && a215 < errors);
	assert_true(strstr(out, "id=\"check-5.5\"") > waived);
	assert_true(strstr(out, "id=\"check-4.5\"") > errors);
	assert_int_equal(count(out, "<article "), 7);

	/* a finding row: kind, name, short id with the full one in title, detail, source */
	assert_non_null(strstr(out,
			       "<tr><td>container</td><td class=\"mono\">pidhost<span "
			       "class=\"new\">new</span></td><td class=\"mono id\" title=\"" FULL_ID
			       "\">a7b2d9f897c8</td><td>PidMode=host<br><span class=\"note\">"
			       "value: host</span></td><td>api</td></tr>"));
	assert_non_null(
	    strstr(out, "<td class=\"mono\">" HOSTILE_MARKUP_XML "<span class=\"new\">"));
	assert_non_null(strstr(out, "<td><em>could not check</em>: inspect failed: 404"));
	assert_non_null(strstr(out, "<tr class=\"is-waived\"><td>container</td><td class=\"mono\">"
				    "db-1</td>"));
	/* files have no id: no ID column */
	assert_non_null(strstr(out, "<tr><td>file</td><td class=\"mono\">/etc/docker/daemon.json"
				    "</td><td>owner 1000:1000"));
	assert_non_null(strstr(out, "<p class=\"waiver\"><b>Waived:</b> the CI builder needs it "
				    "<span class=\"note\">(ci@example.com, expires 2099-12-31)"
				    "</span></p>"));
	/* the remediation and each object table are folded (a printout leaves them closed) */
	assert_non_null(strstr(out, "<details class=\"remediation\">\n<summary>Remediation"
				    "</summary>\n<pre>Do not start containers with --pid=host.\n"
				    "Recreate them without it.</pre>\n</details>"));
	assert_non_null(strstr(out, "<details class=\"objects\">\n<summary>7 objects</summary>"));

	/* failing checks by severity, every level shown */
	assert_non_null(strstr(out,
			       "<span class=\"badge sev-critical zero\">0 critical</span>"
			       "<span class=\"badge sev-high\">2 high</span><span class=\"badge "
			       "sev-medium\">1 medium</span><span class=\"badge sev-low\">1 low"
			       "</span>"));
	/* fix first: grouped by severity, then by numeric id, each with its fix in one line,
	 * before the details; the waived critical 5.5 is not there */
	const char *fix = strstr(out, "<section id=\"fix-first\">\n<h2>Fix first (4 failing "
				      "checks)</h2>");
	assert_non_null(fix);
	assert_true(fix < failing);
	const char *f_high = strstr(fix, "<span class=\"badge sev-high\">High</span> 2 checks");
	const char *f317 = strstr(fix, "<li><b>3.17</b> "), *f516 = strstr(fix, "<li><b>5.16</b> ");
	const char *f510 = strstr(fix, "<li><b>5.10</b> "), *f215 = strstr(fix, "<li><b>2.15</b> ");
	assert_true(f_high && f317 && f516 && f510 && f215);
	assert_true(f_high < f317 && f317 < f516 && f516 < f510 && f510 < f215 && f215 < failing);
	assert_null(strstr(fix, "<li><b>5.5</b>"));
	const char *f516_end = strstr(f516, "</li>");
	const char *line516 = strstr(f516, "<span class=\"fixline\">Do not start containers with "
					   "--pid=host.</span>");
	assert_true(line516 && line516 < f516_end);
	/* its objects by name, not the waived db-1 */
	const char *objs = strstr(f516, "<span class=\"objs\">&mdash; ");
	assert_true(objs && objs < f516_end);
	assert_true(strstr(f516, "pidhost") < f516_end);
	assert_true(!strstr(f516, "db-1") || strstr(f516, "db-1") > f516_end);
	/* no history given: no trend */
	assert_null(strstr(out, "id=\"trend\""));
	assert_non_null(strstr(out, "<details><summary>Guidance</summary><pre>Review the "
				    "daemon&#39;s --log-level.</pre></details>"));
	assert_non_null(strstr(out, "2.15 Ensure live restore is enabled<span class=\"new\">new"));
}

/* An object table is folded and holds at most 20 rows; the rest is counted. */
static void test_html_tables_limited(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	struct result *pid = NULL;
	for (size_t i = 0; i < fx->r.n_results; i++)
		if (strcmp(fx->r.results[i].check->id, "5.16") == 0)
			pid = &fx->r.results[i];
	assert_non_null(pid);
	size_t before = pid->n_findings;
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof(name), "bulk-%02d", i);
		assert_int_equal(result_add(pid, &(struct finding_spec){.kind = "container",
									.name = name,
									.detail = "PidMode=host"}),
				 0);
	}
	_cleanup_free_ char *out = render(report_write_html, &fx->r);
	size_t total = before + 40;
	char want[128];
	snprintf(want, sizeof(want), "<summary>%zu objects (the first 20 shown)</summary>", total);
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof(want), "&hellip; and %zu more (the JSON report lists every one)",
		 total - 20);
	assert_non_null(strstr(out, want));
	assert_null(strstr(out, "bulk-39"));
	/* the fix-first line names the first few and counts the rest */
	assert_non_null(strstr(out, " more</span><span class=\"fixline\">"));
}

/* --history: the trend of failing checks by severity, one stacked bar per kept run, an
 * unreachable night an outline, the dates under the bars, this run "now". */
static void test_html_trend(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	struct baseline_summary pts[3] = {
	    {.started_at = "2026-12-01T03:17:00Z", .complete = true, .fail = {0, 1, 2, 3, 2}},
	    {.started_at = "2026-12-02T03:17:00Z", .complete = false},
	    {.started_at = "2026-12-03T03:17:00Z", .complete = true, .fail = {0, 0, 1, 2, 0}},
	};
	fx->r.trend = pts;
	fx->r.n_trend = 3;
	_cleanup_free_ char *out = render(report_write_html, &fx->r);
	fx->r.trend = NULL;
	fx->r.n_trend = 0;
	assert_tags(out, html_tags, ARRAY_SIZE(html_tags));
	const char *t = strstr(out, "<section id=\"trend\">\n<h2>Trend: failing checks by "
				    "severity, last 3 runs</h2>");
	assert_non_null(t);
	assert_true(t > strstr(out, "id=\"fix-first\""));
	assert_int_equal(count(out, "<svg "), 3);
	assert_non_null(strstr(t, "<title>2026-12-01T03:17:00Z: 2 critical</title>"));
	assert_non_null(strstr(t, "<title>2026-12-01T03:17:00Z: 1 low</title>"));
	assert_non_null(strstr(t, "<title>2026-12-02T03:17:00Z: the daemon could not be reached "
				  "(incomplete)</title>"));
	assert_null(strstr(t, "<title>2026-12-02T03:17:00Z: 0"));
	assert_non_null(strstr(t, ">12-01</text>"));
	assert_non_null(strstr(t, ">now</text>"));
	/* the tallest bar is 8: the axis goes to 8 */
	assert_non_null(strstr(t, "text-anchor=\"end\">8</text>"));
	assert_null(strstr(out, "<script"));
}

/* --new-only: only the new failures, most severe first, then by numeric id; no other part. */
static void test_html_new_only(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	fx->r.new_only = true;
	_cleanup_free_ char *out = render(report_write_html, &fx->r);
	assert_tags(out, html_tags, ARRAY_SIZE(html_tags));
	const char *fix = strstr(out, "<section id=\"fix-first\">\n<h2>New failures since the "
				      "baseline (2)</h2>");
	assert_non_null(fix);
	/* 5.16 (high) before 2.15 (low) */
	const char *f516 = strstr(fix, "<li><b>5.16</b> "), *f215 = strstr(fix, "<li><b>2.15</b> ");
	assert_true(f516 && f215 && f516 < f215);
	assert_null(strstr(fix, "<li><b>3.17</b>"));
	assert_null(strstr(fix, "<li><b>5.10</b>"));
	assert_non_null(strstr(out, "<span class=\"badge sev-high\">1 high</span>"));
	/* details of the new ones only, and within 5.16 only its new objects */
	assert_null(strstr(out, "id=\"check-3.17\""));
	assert_non_null(strstr(out, "id=\"check-5.16\""));
	assert_non_null(strstr(out, "<summary>2 new objects</summary>"));
	assert_null(strstr(out, "id=\"charts\""));
	assert_null(strstr(out, "id=\"passing\""));
	assert_null(strstr(out, "id=\"waived\""));
	assert_null(strstr(out, "id=\"changes\""));
}

static void test_html_unreachable_and_empty_groups(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(false, false, false);
	_cleanup_free_ char *out = render(report_write_html, &fx->r);
	assert_tags(out, html_tags, ARRAY_SIZE(html_tags));
	assert_non_null(strstr(out, "<dt>Docker</dt><dd>unreachable: cannot connect to "
				    "&#39;/var/run/docker.sock&#39;: &lt;refused&gt;</dd>"));
	assert_non_null(strstr(out, "<p class=\"alert\">The Docker daemon could not be reached"));
	assert_non_null(strstr(out, "<summary>Waived failures (0)</summary>\n<p class=\"note\">"
				    "Nothing is waived.</p>"));
	assert_null(strstr(out, "id=\"changes\""));
	assert_null(strstr(out, "id=\"waivers\""));
}

/* ---------------------------------------------------------------- json and text */

static void test_json_waivers_and_baseline(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	_cleanup_free_ char *out = render_named(report_write_json, &fx->r, "report.json");
	_cleanup_cjson_ cJSON *root = parse(out);

	static const char *const top[] = {"schema_version", "tool",	"benchmark",  "host",
					  "scope",	    "deadline", "started_at", "duration_ms",
					  "summary",	    "waivers",	"baseline",   "changes",
					  "results"};
	assert_keys(root, top, ARRAY_SIZE(top));
	assert_int_equal(get_num(get(root, "summary"), "waived"), 2);
	assert_int_equal(get_num(get(root, "summary"), "fail"), 4);

	const cJSON *ws = get(root, "waivers");
	assert_string_equal(get_str(ws, "file"), "waivers.json");
	const cJSON *expired = get(ws, "expired");
	assert_int_equal(cJSON_GetArraySize(expired), 1);
	static const char *const wkeys[] = {"check", "object",	"reason",
					    "owner", "expires", "would_cover"};
	assert_keys(at(expired, 0), wkeys, ARRAY_SIZE(wkeys));
	assert_string_equal(get_str(at(expired, 0), "check"), "5.16");
	assert_string_equal(get_str(at(expired, 0), "object"), "pid*");
	assert_string_equal(get_str(at(expired, 0), "expires"), "2020-01-01");
	assert_int_equal(get_num(at(expired, 0), "would_cover"), 2);
	const cJSON *unused = get(ws, "unused");
	assert_int_equal(cJSON_GetArraySize(unused), 1);
	assert_keys(at(unused, 0), wkeys, ARRAY_SIZE(wkeys) - 1);
	assert_string_equal(get_str(at(unused, 0), "check"), "4.1");
	assert_true(cJSON_IsNull(get(at(unused, 0), "object")));
	assert_true(cJSON_IsNull(get(at(unused, 0), "owner")));

	assert_string_equal(get_str(get(root, "baseline"), "started_at"), "2024-12-01T00:00:00Z");
	const cJSON *changes = get(root, "changes");
	const cJSON *nw = get(changes, "new");
	assert_int_equal(cJSON_GetArraySize(nw), 3);
	static const char *const id_only[] = {"id"}, *const full[] = {"id", "kind", "name"};
	assert_keys(at(nw, 0), id_only, 1);
	assert_string_equal(get_str(at(nw, 0), "id"), "2.15");
	assert_keys(at(nw, 1), full, 3);
	assert_string_equal(get_str(at(nw, 2), "name"), HOSTILE_MARKUP);
	const cJSON *resolved = get(changes, "resolved");
	assert_int_equal(cJSON_GetArraySize(resolved), 1);
	assert_string_equal(get_str(at(resolved, 0), "name"), "old:<none>");

	const cJSON *results = get(root, "results");
	const cJSON *priv = at(results, R_PRIV);
	assert_true(cJSON_IsTrue(get(priv, "waived")));
	static const char *const waiver_keys[] = {"reason", "owner", "expires", "object"};
	assert_keys(get(priv, "waiver"), waiver_keys, ARRAY_SIZE(waiver_keys));
	assert_string_equal(get_str(get(priv, "waiver"), "reason"), "the CI builder needs it");
	assert_string_equal(get_str(get(priv, "waiver"), "owner"), "ci@example.com");
	assert_string_equal(get_str(get(priv, "waiver"), "expires"), "2099-12-31");
	assert_true(cJSON_IsFalse(get(priv, "new")));
	const cJSON *f = at(get(priv, "findings"), 0);
	assert_true(cJSON_IsTrue(get(f, "waived")));
	assert_string_equal(get_str(get(f, "waiver"), "reason"), "the CI builder needs it");

	/* partly waived: the check fails, one finding is waived */
	const cJSON *mem = at(results, R_MEMORY);
	assert_true(cJSON_IsFalse(get(mem, "waived")));
	assert_null(cJSON_GetObjectItemCaseSensitive(mem, "waiver"));
	assert_true(cJSON_IsTrue(get(at(get(mem, "findings"), 0), "waived")));
	assert_string_equal(get_str(get(at(get(mem, "findings"), 0), "waiver"), "object"), "db-*");
	assert_null(cJSON_GetObjectItemCaseSensitive(at(get(mem, "findings"), 1), "waived"));

	/* waived through waivers of its own per finding: no single waiver at the check */
	const cJSON *extra = at(results, R_EXTRA);
	assert_true(cJSON_IsTrue(get(extra, "waived")));
	assert_null(cJSON_GetObjectItemCaseSensitive(extra, "waiver"));
	assert_string_equal(get_str(get(at(get(extra, "findings"), 1), "waiver"), "reason"),
			    "reason b");

	assert_true(cJSON_IsTrue(get(at(results, R_PID), "new")));
	assert_true(cJSON_IsTrue(get(at(results, R_LIVE), "new")));
}

static void test_json_without_waivers_or_baseline(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	_cleanup_free_ char *out = render(report_write_json, &fx->r);
	_cleanup_cjson_ cJSON *root = parse(out);
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "waivers"));
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "changes"));
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "baseline"));
	const cJSON *res;
	cJSON_ArrayForEach(res, get(root, "results"))
	{
		assert_true(cJSON_IsFalse(get(res, "waived")));
		assert_null(cJSON_GetObjectItemCaseSensitive(res, "new"));
		assert_null(cJSON_GetObjectItemCaseSensitive(res, "waiver"));
	}
}

/* --format baseline: every result's id and status, every failing finding's kind and name, and
 * --baseline reads it (the fixture's checks have no stable keys, so no baseline_apply here). */
static void test_baseline_format(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, false);
	_cleanup_free_ char *small = render(report_write_baseline, &fx->r);
	_cleanup_free_ char *full = render(report_write_json, &fx->r);
	assert_true(strlen(small) < strlen(full) / 2);
	_cleanup_cjson_ cJSON *root = parse(small);
	assert_string_equal(get_str(root, "format"), "baseline");
	const cJSON *results = get(root, "results");
	assert_int_equal(cJSON_GetArraySize(results), fx->r.n_results);
	for (size_t i = 0; i < fx->r.n_results; i++) {
		const struct result *res = &fx->r.results[i];
		const cJSON *o = cJSON_GetArrayItem(results, (int)i);
		assert_string_equal(get_str(o, "id"), res->check->id);
		assert_string_equal(get_str(o, "status"), da_status_name(res->status));
		const cJSON *fs = cJSON_GetObjectItemCaseSensitive(o, "findings");
		assert_true(res->status == DA_FAIL ? cJSON_IsArray(fs) : fs == NULL);
		for (size_t k = 0; res->status == DA_FAIL && k < res->n_findings; k++) {
			const cJSON *f = cJSON_GetArrayItem(fs, (int)k);
			assert_string_equal(get_str(f, "kind"), res->findings[k].kind);
			if (res->findings[k].name) {
				_cleanup_free_ char *clean = utf8_sanitize(res->findings[k].name);
				assert_string_equal(get_str(f, "name"), clean);
			}
			assert_null(cJSON_GetObjectItemCaseSensitive(f, "detail"));
		}
	}
	struct baseline *b = NULL;
	_cleanup_free_ char *err = NULL;
	assert_int_equal(baseline_parse(small, strlen(small), &b, &err), 0);
	baseline_free(b);
}

static void test_text_waivers_and_baseline(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	struct render_options o = {.remediation = true, .verbose = true};
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	assert_non_null(f);
	assert_int_equal(report_write_text(f, &fx->r, &o), 0);
	fclose(f);
	_cleanup_free_ char *out = data;
	if (getenv("DA_FORMATS_DUMP")) {
		_cleanup_free_ char *p = xasprintf("%s/report.txt", getenv("DA_FORMATS_DUMP"));
		FILE *d = fopen(p, "we");
		if (d) {
			fputs(out, d);
			fclose(d);
		}
	}
	for (size_t i = 0; i < len; i++)
		assert_false((unsigned char)out[i] < 0x20 && out[i] != '\n');

	assert_non_null(strstr(out,
			       "  [WAIVED] 5.5  Ensure that privileged containers are not "
			       "used  (L1, critical)\n"
			       "         1 container is privileged\n"
			       "         Waived: the CI builder needs it (ci@example.com, expires "
			       "2099-12-31)\n"
			       "         - container builder (a7b2d9f897c8): Privileged=true "
			       "[source: api] (waived: the CI builder needs it)\n"));
	/* no remediation for an accepted risk */
	assert_null(strstr(out, "Remediation: Do not run containers with --privileged."));
	assert_non_null(strstr(out, "  [WAIVED] 9.99  "));
	assert_non_null(strstr(out, "         Waived: every failing object by a waiver of its own\n"
				    "         - host a: x (waived: reason a)\n"));
	assert_non_null(strstr(out, "  [FAIL] 5.10  "));
	assert_non_null(strstr(out, "- container db-1: Memory=0 [source: api] (waived: "
				    "<script>alert(1)</script> sized by hand)\n"
				    "         - container web-1: Memory=0 [source: api]\n"));
	assert_non_null(
	    strstr(out, "\nSummary: 1 pass, 4 fail (2 high, 1 medium, 1 low), 1 error, 1 skip, "
			"1 manual, 1 info, 2 waived\n"
			"Waivers: 1 expired, 1 unused\n"
			"  expired: 5.16 pid* (expired 2020-01-01, would cover 2): metrics "
			"agent\n"
			"  unused:  4.1 (whole check): no such image any more\n"
			"Since the baseline (2024-12-01T00:00:00Z): 3 new, 1 resolved\n"
			"  new:      5.16 (high) container " HOSTILE_MARKUP ": Ensure that "
			"the host's process namespace is not shared\n"
			"  new:      5.16 (high) container pidhost: Ensure that the host's "
			"process namespace is not shared\n"
			"  new:      2.15 (low) (the check): Ensure live restore is enabled\n"
			"  resolved: 4.1 (high) image old:<none>: Ensure that a user for the "
			"container has been created\n"));
	assert_true(str_endswith(out, "old:<none>: Ensure that a user for the container has been "
				      "created\n"));
	/* most severe first, then by id */
	assert_non_null(strstr(out,
			       "\nFix first (most severe first; docker-audit -c ID shows the "
			       "details):\n"
			       "  high     3.17    chown root:root /etc/docker/daemon.json\n"
			       "           5.16    Do not start containers with --pid=host.\n"
			       "  medium   5.10    docker run --memory 512m ...\n"
			       "  low      2.15    Set \"live-restore\": true in "
			       "/etc/docker/daemon.json.\n\nSummary: 1 pass, 4 fail (2 high, 1 "
			       "medium, 1 low), 1 error"));

	/* colour: WAIVED has its own */
	o.color = true;
	f = open_memstream(&data, &len);
	assert_int_equal(report_write_text(f, &fx->r, &o), 0);
	fclose(f);
	_cleanup_free_ char *colored = data;
	assert_non_null(strstr(colored, "\033[36m[WAIVED]\033[0m 5.5"));
	assert_non_null(strstr(colored, "\033[1;31m[FAIL]\033[0m 5.16"));

	/* quiet: what needs action; waived failures are accepted */
	o = (struct render_options){.remediation = true, .quiet = true};
	f = open_memstream(&data, &len);
	assert_int_equal(report_write_text(f, &fx->r, &o), 0);
	fclose(f);
	_cleanup_free_ char *quiet = data;
	assert_null(strstr(quiet, "[WAIVED]"));
	assert_non_null(strstr(quiet, "[FAIL] 5.16"));
	assert_non_null(strstr(quiet, "Waivers: 1 expired, 1 unused\n"));
}

static void test_text_changes_cap(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, true);
	struct report *r = &fx->r;
	size_t n = 60;
	struct report_change *more = realloc(r->new_items, n * sizeof(*more));
	assert_non_null(more);
	r->new_items = more;
	for (size_t i = r->n_new; i < n; i++) {
		_cleanup_free_ char *name = xasprintf("c-%zu", i);
		r->new_items[i] = change("5.16", "container", name);
	}
	r->n_new = n;
	free(r->baseline_started_at);
	r->baseline_started_at = NULL;
	_cleanup_free_ char *out = render(report_write_text, r);
	assert_non_null(strstr(out, "Since the baseline (date unknown): 60 new, 1 resolved\n"));
	/* sorted: the 59 of 5.16 (high) first, by name; then 2.15 (low) */
	assert_int_equal(count(out, "  new:      5.16 (high) container c-"), 49);
	assert_null(strstr(out, "  new:      2.15"));
	assert_non_null(strstr(out, "  new:      ... and 10 more (see --format json)\n"));
	assert_null(strstr(out, "Waivers:"));
}

/* Text with a render_options of its own. */
static char *render_text(const struct report *r, const struct render_options *o)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	assert_non_null(f);
	assert_int_equal(report_write_text(f, r, o), 0);
	fclose(f);
	return data;
}

/* Issue 13: a baseline of another scope is said in the text report itself, next to what
 * changed, with how many failures are unknown and why; -v lists them, bounded by -n. */
static void test_text_baseline_scope_and_unknown(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, false, true);
	struct report *r = &fx->r;
	r->baseline_warning =
	    xstrdup("the baseline (2024-12-01T00:00:00Z) was of another scope "
		    "(-a (stopped containers) given in the baseline, not given "
		    "now): compared on the overlap, 5 failures or checks of either "
		    "run unknown (neither new nor resolved)");
	static const struct {
		const char *id, *kind, *name, *why;
	} unk[] = {
	    {"5.5", "container", "priv", "left out of this run's scope"},
	    {"5.10", "container", "old-db", "left out of this run's scope"},
	    {"5.16", "container", "stopped", "left out of this run's scope"},
	    {"2.15", NULL, NULL, "ERROR this time"},
	    {"4.1", "image", "x:1", "could not be judged in the baseline"},
	};
	r->n_unknown = ARRAY_SIZE(unk);
	r->unknown_items = calloc(r->n_unknown, sizeof(*r->unknown_items));
	assert_non_null(r->unknown_items);
	for (size_t i = 0; i < r->n_unknown; i++) {
		r->unknown_items[i] = change(unk[i].id, unk[i].kind, unk[i].name);
		r->unknown_items[i].why = xstrdup(unk[i].why);
	}
	struct render_options o = {.remediation = true};
	_cleanup_free_ char *out = render_text(r, &o);
	assert_non_null(strstr(out,
			       "Since the baseline (2024-12-01T00:00:00Z): 3 new, 1 resolved, "
			       "5 unknown\n"
			       "  Warning: the baseline (2024-12-01T00:00:00Z) was of another "
			       "scope (-a (stopped containers) given in the baseline, not given "
			       "now): compared on the overlap, 5 failures or checks of either run "
			       "unknown (neither new nor resolved)\n"
			       "  unknown:  5, neither new nor resolved: 3 left out of this run's "
			       "scope; 1 ERROR this time; 1 could not be judged in the baseline "
			       "(-v lists them)\n"
			       "  new:      5.16"));
	assert_null(strstr(out, "unknown:  5.5"));

	/* -v: each of them, with its severity, object and why */
	o.verbose = true;
	_cleanup_free_ char *v = render_text(r, &o);
	assert_non_null(strstr(v,
			       "scope; 1 ERROR this time; 1 could not be judged in the "
			       "baseline\n"
			       "  unknown:  5.5 (critical) container priv: left out of this run's "
			       "scope\n"));
	assert_non_null(strstr(v, "  unknown:  2.15 (low) (the check): ERROR this time\n"));
	assert_int_equal(count(v, "\n  unknown:  "), 6);
	/* -n 2: two of them, the rest counted */
	o.limit = 2;
	_cleanup_free_ char *n2 = render_text(r, &o);
	assert_int_equal(count(n2, "\n  unknown:  "), 4);
	assert_non_null(
	    strstr(n2, "  unknown:  ... and 3 more (-n 0 lists all; see --format json)\n"));
	/* --new-only: the warning and the unknown count too, before the summary ends */
	r->new_only = true;
	o = (struct render_options){.remediation = true};
	_cleanup_free_ char *no = render_text(r, &o);
	assert_non_null(
	    strstr(no, "  Warning: the baseline (2024-12-01T00:00:00Z) was of another"));
	assert_non_null(strstr(no, "  unknown:  5, neither new nor resolved: "));
	r->new_only = false;

	/* the summary's counts are report_summary_counts(), the words of the stderr line */
	_cleanup_free_ char *counts = report_summary_counts(r);
	_cleanup_free_ char *line = xasprintf("\nSummary: %s\n", counts);
	assert_non_null(strstr(out, line));
	assert_string_equal(counts,
			    "1 pass, 6 fail (1 critical, 2 high, 1 medium, 2 low), 1 error, "
			    "1 skip, 1 manual, 1 info");
}

/* ---------------------------------------------------------------- every writer */

static const report_write_fn new_writers[] = {report_write_junit, report_write_sarif,
					      report_write_prometheus, report_write_dockerbench,
					      report_write_html};

static void test_empty_report(void **state)
{
	struct report r = {0};
	for (size_t i = 0; i < ARRAY_SIZE(new_writers); i++) {
		_cleanup_free_ char *out = render(new_writers[i], &r);
		assert_true(strlen(out) > 0);
		assert_true(utf8_valid(out));
	}
	_cleanup_free_ char *junit = render(report_write_junit, &r);
	assert_non_null(strstr(junit,
			       "<testsuites name=\"docker-audit " DA_VERSION " (checks based "
			       "on the CIS Docker Benchmark v1.6.0)\" tests=\"0\" "
			       "failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n"
			       "</testsuites>\n"));
	_cleanup_free_ char *sarif = render(report_write_sarif, &r);
	_cleanup_cjson_ cJSON *s = parse(sarif);
	const cJSON *run = at(get(s, "runs"), 0);
	assert_int_equal(cJSON_GetArraySize(get(run, "results")), 0);
	assert_null(
	    cJSON_GetObjectItemCaseSensitive(at(get(run, "invocations"), 0), "startTimeUtc"));
	_cleanup_free_ char *dbs = render(report_write_dockerbench, &r);
	_cleanup_cjson_ cJSON *d = parse(dbs);
	assert_int_equal(cJSON_GetArraySize(get(d, "tests")), 0);
	assert_int_equal(get_num(d, "checks"), 0);
	_cleanup_free_ char *prom = render(report_write_prometheus, &r);
	assert_exposition(prom);
	_cleanup_free_ char *html = render(report_write_html, &r);
	assert_tags(html, html_tags, ARRAY_SIZE(html_tags));
	assert_non_null(strstr(html, "<dt>Host</dt><dd>unknown</dd>"));
}

static void test_write_errors(void **state)
{
	_cleanup_fixture_ struct fixture *fx = fixture_new(true, true, true);
	for (size_t i = 0; i < ARRAY_SIZE(new_writers); i++) {
		FILE *f = fopen("/dev/full", "we");
		if (!f)
			skip();
		assert_int_equal(new_writers[i](f, &fx->r, NULL), -ENOSPC);
		fclose(f);
		f = fopen("/dev/null", "re");
		assert_non_null(f);
		assert_true(new_writers[i](f, &fx->r, NULL) < 0);
		fclose(f);
	}
}

static void test_release_frees_changes(void **state)
{
	struct fixture *fx = fixture_new(true, true, true);
	report_release(&fx->r);
	assert_null(fx->r.new_items);
	assert_null(fx->r.baseline_started_at);
	assert_int_equal(fx->r.n_new, 0);
	report_release(&fx->r);
	free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_table),
	    cmocka_unit_test(test_xml_escape_table),
	    cmocka_unit_test(test_prom_label_escape_table),
	    cmocka_unit_test(test_helpers),
	    cmocka_unit_test(test_junit),
	    cmocka_unit_test(test_junit_attribute_newlines),
	    cmocka_unit_test(test_junit_fail_on),
	    cmocka_unit_test(test_sarif),
	    cmocka_unit_test(test_sarif_complete_run),
	    cmocka_unit_test(test_sarif_dockerfile),
	    cmocka_unit_test(test_sarif_object_uris),
	    cmocka_unit_test(test_sarif_unreachable),
	    cmocka_unit_test(test_prometheus),
	    cmocka_unit_test(test_prometheus_unreachable),
	    cmocka_unit_test(test_dockerbench),
	    cmocka_unit_test(test_html),
	    cmocka_unit_test(test_html_unreachable_and_empty_groups),
	    cmocka_unit_test(test_html_tables_limited),
	    cmocka_unit_test(test_html_trend),
	    cmocka_unit_test(test_html_new_only),
	    cmocka_unit_test(test_json_waivers_and_baseline),
	    cmocka_unit_test(test_json_without_waivers_or_baseline),
	    cmocka_unit_test(test_baseline_format),
	    cmocka_unit_test(test_text_waivers_and_baseline),
	    cmocka_unit_test(test_text_changes_cap),
	    cmocka_unit_test(test_text_baseline_scope_and_unknown),
	    cmocka_unit_test(test_empty_report),
	    cmocka_unit_test(test_write_errors),
	    cmocka_unit_test(test_release_frees_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
