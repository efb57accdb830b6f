/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "check.h"
#include "cli.h"
#include "docker.h"

/* Parse a NULL-terminated argument list (argv[0] added); returns cli_parse's result. */
static int parse(struct options *o, char *const *env, ...)
{
	char *argv[32] = {"docker-audit"};
	int argc = 1;
	va_list ap;
	va_start(ap, env);
	for (char *a; argc < 31 && (a = va_arg(ap, char *));)
		argv[argc++] = a;
	va_end(ap);
	_cleanup_free_ char *err = NULL;
	int r = cli_parse(argc, argv, env, o, &err);
	if (r < 0)
		assert_non_null(err); /* every usage error explains itself */
	return r;
}

static char *const no_env[] = {NULL};

static void test_defaults(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, no_env, NULL), 0);
	assert_int_equal(o.command, CLI_RUN);
	assert_null(o.host); /* resolved later, as the docker CLI would (endpoint.h) */
	assert_null(o.context);
	assert_false(o.plugin);
	assert_int_equal(o.tls, -1);
	assert_int_equal(o.tls_verify, -1);
	assert_string_equal(o.root, "/");
	assert_int_equal(o.timeout_ms, 10000);
	assert_int_equal(o.fail_on, DA_SEV_LOW);
	assert_int_equal(o.n_outputs, 1);
	assert_string_equal(o.outputs[0].format, "text");
	assert_null(o.outputs[0].path);
	options_release(&o);
}

static void test_host_and_context_flags(void **state)
{
	struct options o;
	char *env[] = {"DOCKER_HOST=tcp://10.0.0.1:2376", "DOCKER_TLS_VERIFY=1", NULL};
	assert_int_equal(parse(&o, env, NULL), 0);
	assert_null(o.host); /* the environment is the endpoint resolver's */
	options_release(&o);
	assert_int_equal(parse(&o, env, "-H", "unix:///x.sock", "--tlsverify", NULL), 0);
	assert_string_equal(o.host, "unix:///x.sock");
	assert_int_equal(o.tls_verify, 1);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "--context", "prod", NULL), 0);
	assert_string_equal(o.context, "prod");
	options_release(&o);
	/* the docker CLI refuses both, and so do we */
	assert_int_equal(parse(&o, no_env, "--context", "prod", "-H", "unix:///x", NULL), -EINVAL);
	options_release(&o);
}

static char *const plugin_env[] = {"DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker", NULL};

/* docker [global options] audit [ours]: the CLI hands the plugin its whole command line */
static void test_plugin_globals(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, plugin_env, "--context", "remote", "audit", "-f", "json", NULL),
			 0);
	assert_true(o.plugin);
	assert_string_equal(o.context, "remote");
	assert_string_equal(o.outputs[0].format, "json");
	options_release(&o);

	assert_int_equal(parse(&o, plugin_env, "-H", "unix:///a.sock", "-D", "audit", NULL), 0);
	assert_string_equal(o.host, "unix:///a.sock");
	assert_int_equal(o.command, CLI_RUN);
	options_release(&o);

	assert_int_equal(parse(&o, plugin_env, "-Hunix:///b.sock", "audit", "-c", "5.1", NULL), 0);
	assert_string_equal(o.host, "unix:///b.sock");
	assert_string_equal(o.sel.only[0], "5.1"); /* after "audit", -c is ours: --check */
	options_release(&o);

	assert_int_equal(parse(&o, plugin_env, "-H=unix:///c.sock", "--log-level=debug",
			       "--tlsverify=false", "--config", "/cfg", "audit", "list", NULL),
			 0);
	assert_string_equal(o.host, "unix:///c.sock");
	assert_int_equal(o.tls_verify, 0);
	assert_string_equal(o.docker_config, "/cfg");
	assert_int_equal(o.command, CLI_LIST);
	options_release(&o);

	assert_int_equal(
	    parse(&o, plugin_env, "-c", "ctx", "-l", "warn", "audit", "image", "busybox", NULL), 0);
	assert_string_equal(o.context, "ctx");
	assert_int_equal(o.command, CLI_IMAGE);
	options_release(&o);

	assert_int_equal(parse(&o, plugin_env, "-Dc", "ctx2", "audit", NULL), 0);
	assert_string_equal(o.context, "ctx2");
	options_release(&o);

	/* refused, with the reason: unknown global option, two hosts, host and context */
	assert_int_equal(parse(&o, plugin_env, "--bogus", "audit", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, plugin_env, "-H", "unix:///a", "-H", "unix:///b", "audit", NULL),
			 -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, plugin_env, "-H", "unix:///a", "audit", "-H", "unix:///b", NULL),
			 -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, plugin_env, "--context", "x", "audit", "-H", "unix:///b", NULL),
			 -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, plugin_env, "--tls=maybe", "audit", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, plugin_env, "-H", NULL), -EINVAL);
	options_release(&o);
	/* the metadata call comes without global options */
	assert_int_equal(parse(&o, plugin_env, "docker-cli-plugin-metadata", NULL), 0);
	assert_int_equal(o.command, CLI_PLUGIN_METADATA);
	options_release(&o);
}

static void test_formats_and_outputs(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, no_env, "-f", "text", "-f", "json", "-o", "r.json", NULL), 0);
	assert_int_equal(o.n_outputs, 2);
	assert_null(o.outputs[0].path);
	assert_string_equal(o.outputs[1].format, "json");
	assert_string_equal(o.outputs[1].path, "r.json");
	options_release(&o);
	/* two reports cannot share standard output */
	assert_int_equal(parse(&o, no_env, "-f", "text", "-f", "json", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "-f", "yaml", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "-o", "r.txt", NULL), 0);
	assert_string_equal(o.outputs[0].format, "text");
	assert_string_equal(o.outputs[0].path, "r.txt");
	options_release(&o);
}

static void test_selection_and_values(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, no_env, "--check", "5.5,5.16", "-c", "1.1", "-e", "1.1.18",
			       "--level", "1", "-a", "--fail-on", "high", "--timeout", "0.5", NULL),
			 0);
	assert_string_equal(o.sel.only[0], "5.5");
	assert_string_equal(o.sel.only[1], "5.16");
	assert_string_equal(o.sel.only[2], "1.1");
	assert_null(o.sel.only[3]);
	assert_string_equal(o.sel.exclude[0], "1.1.18");
	assert_int_equal(o.sel.level, 1);
	assert_true(o.all);
	assert_int_equal(o.fail_on, DA_SEV_HIGH);
	assert_int_equal(o.timeout_ms, 500);
	options_release(&o);
	static const char *const bad[][2] = {
	    {"--level", "3"},	  {"--fail-on", "severe"},    {"--timeout", "0"},
	    {"--timeout", "abc"}, {"--root", "relative/dir"}, {"--timeout", "1e9"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%s", bad[i][0]);
		snprintf(b, sizeof(b), "%s", bad[i][1]);
		assert_int_equal(parse(&o, no_env, a, b, NULL), -EINVAL);
		options_release(&o);
	}
}

static void test_commands(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, no_env, "list", "--format", "json", NULL), 0);
	assert_int_equal(o.command, CLI_LIST);
	assert_string_equal(o.list_format, "json");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "explain", "5.16", NULL), 0);
	assert_int_equal(o.command, CLI_EXPLAIN);
	assert_string_equal(o.explain_id, "5.16");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "explain", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "frobnicate", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "run", "stray", NULL), -EINVAL);
	options_release(&o);
	/* as a Docker CLI plugin: docker runs "docker-audit audit ARGS" */
	assert_int_equal(parse(&o, no_env, "audit", "version", NULL), 0);
	assert_int_equal(o.command, CLI_VERSION);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "audit", "--check", "5.16", NULL), 0);
	assert_int_equal(o.command, CLI_RUN);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "docker-cli-plugin-metadata", NULL), 0);
	assert_int_equal(o.command, CLI_PLUGIN_METADATA);
	options_release(&o);
}

static void test_image_command_and_filters(void **state)
{
	struct options o;
	/* options may follow the names, as a CI step writes them */
	assert_int_equal(parse(&o, no_env, "image", "app:candidate", "app:base", "--fail-on",
			       "high", "-f", "json", "-o", "audit.json", NULL),
			 0);
	assert_int_equal(o.command, CLI_IMAGE);
	assert_string_equal(o.image_names[0], "app:candidate");
	assert_string_equal(o.image_names[1], "app:base");
	assert_null(o.image_names[2]);
	assert_int_equal(o.fail_on, DA_SEV_HIGH);
	assert_string_equal(o.outputs[0].path, "audit.json");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "image", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "--include", "web-*,api-*", "--exclude-containers",
			       "*-debug", "--label", "env=prod,eu", "--label", "team", NULL),
			 0);
	assert_string_equal(o.include[1], "api-*");
	assert_string_equal(o.exclude_containers[0], "*-debug");
	assert_string_equal(o.labels[0], "env=prod,eu"); /* a label value may hold a comma */
	assert_string_equal(o.labels[1], "team");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "--label", "=x", NULL), -EINVAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "--check", "5", "image", NULL), -EINVAL);
	options_release(&o);
}

/* The usage error's one line, for asserting on its text. */
static char *parse_error(char *const *env, ...)
{
	char *argv[32] = {"docker-audit"};
	int argc = 1;
	va_list ap;
	va_start(ap, env);
	for (char *a; argc < 31 && (a = va_arg(ap, char *));)
		argv[argc++] = a;
	va_end(ap);
	struct options o;
	char *err = NULL;
	int r = cli_parse(argc, argv, env, &o, &err);
	options_release(&o);
	if (r >= 0) {
		free(err);
		fail_msg("parsed without an error");
	}
	assert_non_null(err);
	assert_null(strchr(err, '\n')); /* one line */
	return err;
}

static void test_did_you_mean(void **state)
{
	static const struct {
		const char *arg, *message;
	} rows[] = {
	    {"--chek", "unknown option '--chek'; did you mean '--check'?"},
	    {"--fial-on=high", "unknown option '--fial-on'; did you mean '--fail-on'?"},
	    {"--no-colour", "unknown option '--no-colour'; did you mean '--no-color'?"},
	    {"--frobnicate", "unknown option '--frobnicate'"},
	    {"--ex", "option '--ex' is ambiguous: --exclude, --exclude-containers"},
	    {"-x", "unknown option '-x'"},
	    {"--all=yes", "option '--all' takes no argument"},
	    {"--check", "option '--check' needs an argument"},
	    {"-c", "option '-c' needs an argument"},
	    {"lsit", "unknown command 'lsit'; did you mean 'list'?"},
	    {"imgae", "unknown command 'imgae'; did you mean 'image'?"},
	    {"frobnicate", "unknown command 'frobnicate'"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char a[64];
		snprintf(a, sizeof(a), "%s", rows[i].arg);
		_cleanup_free_ char *err = parse_error(no_env, a, NULL);
		if (strcmp(err, rows[i].message) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", rows[i].arg, err, rows[i].message);
	}
}

/* An option that does not apply to a command is refused, never silently ignored. */
static void test_option_scope(void **state)
{
	struct options o;
	static char *refused[][4] = {
	    {"explain", "5.16", "-c", "5"},	 {"list", "-a", NULL, NULL},
	    {"list", "--fail-on", "high", NULL}, {"list", "-o", "x", NULL},
	    {"version", "-f", "json", NULL},	 {"image", "x", "--label", "a"},
	    {"image", "x", "-a", NULL},		 {"run", "--dockerfile", "Dockerfile", NULL},
	    {"explain", "5.16", "-f", "sarif"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		char **a = refused[i];
		_cleanup_free_ char *err = parse_error(no_env, a[0], a[1], a[2], a[3], NULL);
		if (!strstr(err, "does not apply to 'docker-audit ") &&
		    !strstr(err, "explain formats are"))
			fail_msg("%s %s: %s", a[0], a[1], err);
	}
	_cleanup_free_ char *e1 = parse_error(no_env, "explain", "5.16", "-c", "5", NULL);
	assert_string_equal(e1, "-c/--check does not apply to 'docker-audit explain'");

	/* where they make sense they work */
	assert_int_equal(parse(&o, no_env, "list", "-c", "5", "--level", "1", "-f", "json", NULL),
			 0);
	assert_string_equal(o.sel.only[0], "5");
	assert_int_equal(o.sel.level, 1);
	assert_string_equal(o.list_format, "json");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "explain", "5.16", "-f", "json", NULL), 0);
	assert_string_equal(o.list_format, "json");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "explain", "5.16", NULL), 0);
	assert_string_equal(o.list_format, "text");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "image", "app:1", "--dockerfile", "Dockerfile", NULL),
			 0);
	assert_string_equal(o.dockerfile, "Dockerfile");
	options_release(&o);
	_cleanup_free_ char *e2 =
	    parse_error(no_env, "image", "a", "b", "--dockerfile", "Dockerfile", NULL);
	assert_non_null(strstr(e2, "--dockerfile describes one image"));
}

static void test_output_dash(void **state)
{
	struct options o;
	assert_int_equal(
	    parse(&o, no_env, "-f", "json", "-o", "-", "-f", "sarif", "-o", "a.sarif", NULL), 0);
	assert_null(o.outputs[0].path); /* "-" is standard output */
	assert_string_equal(o.outputs[1].path, "a.sarif");
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "-o", "-", NULL), 0);
	assert_string_equal(o.outputs[0].format, "text");
	assert_null(o.outputs[0].path);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "-o", "./-", NULL), 0);
	assert_string_equal(o.outputs[0].path, "./-");
	options_release(&o);
	/* two formats to standard output is still one too many */
	_cleanup_free_ char *err = parse_error(no_env, "-f", "json", "-o", "-", "-f", "text", NULL);
	assert_non_null(strstr(err, "only one format can go to standard output"));
}

/* The text report's options: -n/--limit, --severity (display only: --fail-on is untouched). */
static void test_text_options(void **state)
{
	struct options o;
	assert_int_equal(parse(&o, no_env, NULL), 0);
	assert_int_equal(o.limit, -1);
	assert_int_equal(o.severities, 0);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "-n", "5", "--severity", "critical,HIGH", NULL), 0);
	assert_int_equal(o.limit, 5);
	assert_int_equal(o.severities, 1u << DA_SEV_CRITICAL | 1u << DA_SEV_HIGH);
	assert_int_equal(o.fail_on, DA_SEV_LOW);
	options_release(&o);
	/* repeatable, and a list with blanks; --limit 0 is "all" */
	assert_int_equal(parse(&o, no_env, "--severity", "low", "--severity", "medium, high",
			       "--limit=0", "--fail-on", "critical", NULL),
			 0);
	assert_int_equal(o.severities, 1u << DA_SEV_LOW | 1u << DA_SEV_MEDIUM | 1u << DA_SEV_HIGH);
	assert_int_equal(o.limit, 0);
	assert_int_equal(o.fail_on, DA_SEV_CRITICAL);
	options_release(&o);
	assert_int_equal(parse(&o, no_env, "image", "x", "-n", "2", NULL), 0);
	assert_int_equal(o.limit, 2);
	options_release(&o);

	static const struct {
		const char *opt, *arg, *message;
	} bad[] = {
	    {"--severity", "severe",
	     "--severity takes a list of critical, high, medium and low "
	     "(e.g. critical,high), not 'severe'"},
	    {"--severity", ",",
	     "--severity takes a list of critical, high, medium and low (e.g. "
	     "critical,high), not ','"},
	    {"-n", "-1", "--limit takes a number of objects (0: all), not '-1'"},
	    {"--limit", "ten", "--limit takes a number of objects (0: all), not 'ten'"},
	    {"-n", "3x", "--limit takes a number of objects (0: all), not '3x'"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%s", bad[i].opt);
		snprintf(b, sizeof(b), "%s", bad[i].arg);
		_cleanup_free_ char *err = parse_error(no_env, a, b, NULL);
		if (strcmp(err, bad[i].message) != 0)
			fail_msg("%s %s: got \"%s\"", bad[i].opt, bad[i].arg, err);
	}
	/* a report option, not a list or explain one */
	_cleanup_free_ char *err = parse_error(no_env, "list", "--severity", "high", NULL);
	assert_string_equal(err, "--severity does not apply to 'docker-audit list'");
	_cleanup_free_ char *err2 = parse_error(no_env, "explain", "5.5", "-n", "3", NULL);
	assert_string_equal(err2, "-n/--limit does not apply to 'docker-audit explain'");
	/* the help names them */
	char *help = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&help, &len);
	assert_non_null(f);
	cli_usage(f);
	fclose(f);
	assert_non_null(strstr(help, "  -n, --limit N "));
	assert_non_null(strstr(help, "      --severity LEVELS "));
	free(help);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_host_and_context_flags),
	    cmocka_unit_test(test_plugin_globals),
	    cmocka_unit_test(test_formats_and_outputs),
	    cmocka_unit_test(test_selection_and_values),
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_image_command_and_filters),
	    cmocka_unit_test(test_did_you_mean),
	    cmocka_unit_test(test_option_scope),
	    cmocka_unit_test(test_output_dash),
	    cmocka_unit_test(test_text_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
