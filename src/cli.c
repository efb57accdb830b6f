/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include "benchmark.h"
#include "cli.h"
#include "docker.h"
#include "report.h"
#include "strutil.h"

enum {
	OPT_ROOT = 0x100,
	OPT_LEVEL,
	OPT_NO_COLOR,
	OPT_FAIL_ON,
	OPT_TIMEOUT,
	OPT_REMEDIATION,
	OPT_NO_REMEDIATION,
	OPT_NO_KERNEL_AUDIT,
	OPT_TLS,
	OPT_TLSVERIFY,
	OPT_TLSCACERT,
	OPT_TLSCERT,
	OPT_TLSKEY,
	OPT_INCLUDE,
	OPT_EXCLUDE_CONTAINERS,
	OPT_LABEL,
	OPT_TRUSTED_IMAGES,
	OPT_TRUSTED_USERS,
	OPT_WAIVERS,
	OPT_BASELINE,
	OPT_NEW_ONLY,
	OPT_HISTORY,
	OPT_KEEP_DAYS,
	OPT_CONTEXT,
	OPT_DOCKERFILE,
	OPT_INPUT,
	OPT_BENCHMARK,
	OPT_DEADLINE,
	OPT_SEVERITY,
};

#define SHORT_OPTIONS ":H:c:e:af:o:n:qvhV" /* ':' first: a missing argument is told apart */

static const struct option long_options[] = {
    {"host", required_argument, NULL, 'H'},
    {"context", required_argument, NULL, OPT_CONTEXT},
    {"root", required_argument, NULL, OPT_ROOT},
    {"check", required_argument, NULL, 'c'},
    {"exclude", required_argument, NULL, 'e'},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"all", no_argument, NULL, 'a'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"severity", required_argument, NULL, OPT_SEVERITY},
    {"limit", required_argument, NULL, 'n'},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"deadline", required_argument, NULL, OPT_DEADLINE},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"remediation", no_argument, NULL, OPT_REMEDIATION},
    {"no-remediation", no_argument, NULL, OPT_NO_REMEDIATION},
    {"no-kernel-audit", no_argument, NULL, OPT_NO_KERNEL_AUDIT},
    {"tls", no_argument, NULL, OPT_TLS},
    {"tlsverify", no_argument, NULL, OPT_TLSVERIFY},
    {"tlscacert", required_argument, NULL, OPT_TLSCACERT},
    {"tlscert", required_argument, NULL, OPT_TLSCERT},
    {"tlskey", required_argument, NULL, OPT_TLSKEY},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude-containers", required_argument, NULL, OPT_EXCLUDE_CONTAINERS},
    {"label", required_argument, NULL, OPT_LABEL},
    {"trusted-images", required_argument, NULL, OPT_TRUSTED_IMAGES},
    {"trusted-users", required_argument, NULL, OPT_TRUSTED_USERS},
    {"waivers", required_argument, NULL, OPT_WAIVERS},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"new-only", no_argument, NULL, OPT_NEW_ONLY},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"keep-days", required_argument, NULL, OPT_KEEP_DAYS},
    {"dockerfile", required_argument, NULL, OPT_DOCKERFILE},
    {"input", required_argument, NULL, OPT_INPUT},
    {"benchmark", required_argument, NULL, OPT_BENCHMARK},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/*
 * Where each option applies. An option given to a command it does not apply to is refused
 * with one line, never ignored: "list -c 5" filters the list, "explain ID -f json" prints JSON,
 * "explain ID -c 5" is an error. Options not listed apply to the audit commands only.
 */
#define CMD(c) (1u << (c))
#define CMDS_AUDIT (CMD(CLI_RUN) | CMD(CLI_IMAGE))
static const struct {
	int opt;
	unsigned commands;
} option_scope[] = {
    {'f', CMDS_AUDIT | CMD(CLI_LIST) | CMD(CLI_EXPLAIN)},
    {'c', CMDS_AUDIT | CMD(CLI_LIST)},
    {'e', CMDS_AUDIT | CMD(CLI_LIST)},
    {OPT_LEVEL, CMDS_AUDIT | CMD(CLI_LIST)},
    {'h', ~0u},
    {'V', ~0u},
    /* containers and host policy: a host audit only */
    {'a', CMD(CLI_RUN)},
    {OPT_INCLUDE, CMD(CLI_RUN)},
    {OPT_EXCLUDE_CONTAINERS, CMD(CLI_RUN)},
    {OPT_LABEL, CMD(CLI_RUN)},
    {OPT_TRUSTED_USERS, CMD(CLI_RUN)},
    {OPT_NO_KERNEL_AUDIT, CMD(CLI_RUN)},
    /* where an image was built from: an image gate only */
    {OPT_DOCKERFILE, CMD(CLI_IMAGE)},
    {OPT_INPUT, CMD(CLI_IMAGE)},
    /* the edition whose ids are listed, explained or audited */
    {OPT_BENCHMARK, CMDS_AUDIT | CMD(CLI_LIST) | CMD(CLI_EXPLAIN) | CMD(CLI_VERSION)},
};

static unsigned option_commands(int opt)
{
	for (size_t i = 0; i < ARRAY_SIZE(option_scope); i++)
		if (option_scope[i].opt == opt)
			return option_scope[i].commands;
	return CMDS_AUDIT;
}

static const char *command_name(enum cli_command c)
{
	switch (c) {
	case CLI_RUN:
		return "run";
	case CLI_LIST:
		return "list";
	case CLI_EXPLAIN:
		return "explain";
	case CLI_VERSION:
		return "version";
	case CLI_HELP:
		return "help";
	case CLI_PLUGIN_METADATA:
		return "docker-cli-plugin-metadata";
	case CLI_IMAGE:
		return "image";
	}
	return "?";
}

/* "--check" or "-c/--check": how an option is spelled, for messages. */
static void option_spelling(int opt, char *buf, size_t size)
{
	const char *name = NULL;
	for (const struct option *lo = long_options; lo->name; lo++)
		if (lo->val == opt) {
			name = lo->name;
			break;
		}
	if (opt < 0x100 && name)
		snprintf(buf, size, "-%c/--%s", opt, name);
	else if (name)
		snprintf(buf, size, "--%s", name);
	else
		snprintf(buf, size, "-%c", opt);
}

/* Edit distance with transpositions (optimal string alignment): "lsit" is one typo from
 * "list". Capped: names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return SIZE_MAX;
	size_t d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

/* The closest of names to word, if close enough to be a typo; NULL otherwise. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	size_t len = strlen(word);
	return best && best_d <= (len <= 4 ? 1 : len <= 8 ? 2 : 3) ? best : NULL;
}

static const char *const command_names[] = {
    "run", "image", "list", "explain", "version", "help", "docker-cli-plugin-metadata",
};

void cli_usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: docker-audit [run] [OPTIONS]       audit this Docker host\n"
	    "       docker-audit image NAME... [OPTIONS] section 4 on these local images\n"
	    "                                          (for CI gates; pull them first)\n"
	    "       docker-audit image --input PATH [NAME...]  the same without a daemon, from\n"
	    "                                          a docker save tar, an OCI layout\n"
	    "                                          directory or its tar\n"
	    "       docker-audit list [--format text|json|markdown] [-c IDS] [-e IDS] [--level N]\n"
	    "       docker-audit explain ID [--format text|json]\n"
	    "       docker-audit version\n"
	    "       docker-audit docker-cli-plugin-metadata\n"
	    "\n"
	    "Checks based on the CIS Docker Benchmark (v1.8.0 unless --benchmark says\n"
	    "otherwise): PASS/FAIL per check, the objects that fail, and how to fix them.\n"
	    "Read-only: nothing on the host is changed.\n"
	    "\n"
	    "Benchmark:\n"
	    "      --benchmark EDITION %s (default %s, also\n"
	    "                          $DOCKER_AUDIT_BENCHMARK): the ids, titles, levels and\n"
	    "                          assessment status of list, explain, --check and\n"
	    "                          every report\n"
	    "\n"
	    "Target:\n"
	    "  -H, --host URL          Engine API endpoint, unix:///path or tcp://host:port\n"
	    "      --context NAME      a docker CLI context (docker context ls)\n"
	    "                          Default: as the docker CLI chooses: $DOCKER_HOST,\n"
	    "                          $DOCKER_CONTEXT, the current context of the docker CLI\n"
	    "                          configuration, else %s\n"
	    "      --tls               use TLS for tcp:// (implied by --tlsverify)\n"
	    "      --tlsverify         use TLS and verify the daemon's certificate\n"
	    "      --tlscacert FILE    CA certificate (default: $DOCKER_CERT_PATH/ca.pem)\n"
	    "      --tlscert FILE      client certificate (default: $DOCKER_CERT_PATH/cert.pem)\n"
	    "      --tlskey FILE       client key (default: $DOCKER_CERT_PATH/key.pem)\n"
	    "      --root DIR          the host's filesystem root (default /), e.g. /host when\n"
	    "                          auditing from a container with -v /:/host:ro\n"
	    "      --timeout SECONDS   per request to the daemon (default 10)\n"
	    "      --deadline SECONDS  for the whole audit (default 300); what is left then\n"
	    "                          is ERROR\n"
	    "      --no-kernel-audit   do not ask the kernel for loaded audit rules; judge\n"
	    "                          from /etc/audit rules files (for an offline --root)\n"
	    "\n"
	    "Selection:\n"
	    "  -c, --check IDS         only these checks or sections, comma-separated\n"
	    "                          (e.g. 5.5,5.16,1.1)\n"
	    "  -e, --exclude IDS       leave these checks or sections out\n"
	    "      --level 1|2         CIS profile: 1 runs level-1 checks only, 2 all (default)\n"
	    "  -a, --all               also audit containers that are not running\n"
	    "      --include PATTERNS  only containers whose name matches one of these globs\n"
	    "      --exclude-containers PATTERNS  leave containers matching these globs out\n"
	    "      --label K[=V]       only containers with this label (repeatable: all must\n"
	    "                          match)\n"
	    "\n"
	    "Policy:\n"
	    "      --trusted-images PATTERNS  image name globs from trusted sources (4.2;\n"
	    "                          also $DOCKER_AUDIT_TRUSTED_IMAGES)\n"
	    "      --trusted-users NAMES  users allowed in the docker group (1.1.2; also\n"
	    "                          $DOCKER_AUDIT_TRUSTED_USERS)\n"
	    "\n"
	    "Output:\n"
	    "  -f, --format FORMAT     %s (default text); repeat for several\n"
	    "  -o, --output FILE       write the preceding --format to FILE (atomically);\n"
	    "                          - is standard output\n"
	    "      --dockerfile PATH   image: the Dockerfile the image was built from; SARIF\n"
	    "                          results point at it (GitHub code scanning)\n"
	    "      --no-color          plain text (also when NO_COLOR is set or not a terminal)\n"
	    "  -q, --quiet             text: only failures, errors and the summary\n"
	    "  -v, --verbose           text: every check with its details, findings and\n"
	    "                          remediation (the checks named by --check get them\n"
	    "                          anyway); also the findings of passing checks\n"
	    "  -n, --limit N           text: objects named per check (default 3 on a\n"
	    "                          check's line, 50 in its details; 0: all)\n"
	    "      --severity LEVELS   text: show only checks of these severities, e.g.\n"
	    "                          critical,high (the exit status is --fail-on's)\n"
	    "      --no-remediation    text: leave remediation and the fixes out\n"
	    "      --fail-on SEVERITY  critical|high|medium|low: lowest severity of a FAIL\n"
	    "                          that makes the exit status 1 (default low)\n"
	    "      --waivers FILE      accepted risks (JSON): waived failures are reported\n"
	    "                          but set no exit status 1; expired and unused ones\n"
	    "                          are reported\n"
	    "      --baseline FILE     an earlier JSON report: say what is new and what was\n"
	    "                          resolved since\n"
	    "      --new-only          with --baseline: only new failures set exit status 1;\n"
	    "                          the text report shows only them\n"
	    "      --history DIR       keep each run (-f baseline) as DIR/report-<UTC time>.json;\n"
	    "                          the newest complete one there is the baseline\n"
	    "      --keep-days N       with --history: remove its own dated reports older\n"
	    "                          than N days (default 30), nothing else\n"
	    "\n"
	    "Exit status:\n"
	    "  0  every selected check passed, or failed below --fail-on\n"
	    "  1  at least one FAIL at or above --fail-on that is not waived (with\n"
	    "     --new-only: that is new since the baseline)\n"
	    "  2  usage or configuration error; nothing was audited\n"
	    "  3  no such FAIL, but a check ended in ERROR (the audit is incomplete); also\n"
	    "     whenever checks needed the Docker daemon and it could not be reached\n"
	    "\n"
	    "Environment: DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS,\n"
	    "DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, NO_COLOR, DOCKER_AUDIT_BENCHMARK;\n"
	    "DOCKER_CONTENT_TRUST is what check 4.5 judges.\n"
	    "Docs: docker-audit explain ID; docs/checks.md; docs/threat-model.md\n",
	    benchmark_options(), benchmark_default()->option, DOCKER_DEFAULT_HOST,
	    report_format_names());
}

static int usage_error(char **ret_error, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(char **ret_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(ret_error, fmt, ap) < 0)
		*ret_error = NULL;
	va_end(ap);
	return -EINVAL;
}

/* getopt_long's '?' or ':' as one line, with a suggestion for a mistyped long option. */
static int option_error(char **ret_error, int opt, char **argv, int optind_now, int optopt_now)
{
	const char *arg = optind_now > 0 ? argv[optind_now - 1] : "";
	if (optopt_now && optopt_now < 0x100 && !(arg[0] == '-' && arg[1] == '-')) {
		if (opt == ':')
			return usage_error(ret_error, "option '-%c' needs an argument", optopt_now);
		return usage_error(ret_error, "unknown option '-%c'", optopt_now);
	}
	if (opt == ':')
		return usage_error(ret_error, "option '%s' needs an argument", arg);
	const char *given = strncmp(arg, "--", 2) == 0 ? arg + 2 : arg;
	_cleanup_free_ char *name = strndup(given, strcspn(given, "="));
	if (!name)
		return -ENOMEM;
	const char *names[ARRAY_SIZE(long_options)];
	size_t n = 0, prefixed = 0;
	for (const struct option *lo = long_options; lo->name; lo++) {
		names[n++] = lo->name;
		prefixed += name[0] && str_startswith(lo->name, name);
	}
	if (optopt_now) /* a known long option given =VALUE that it does not take */
		return usage_error(ret_error, "option '--%s' takes no argument", name);
	if (prefixed > 1) {
		char list[256] = "";
		size_t used = 0;
		for (const struct option *lo = long_options; lo->name; lo++)
			if (str_startswith(lo->name, name) && used < sizeof(list)) {
				int k = snprintf(list + used, sizeof(list) - used, "%s--%s",
						 used ? ", " : "", lo->name);
				used += k > 0 ? (size_t)k : 0;
			}
		return usage_error(ret_error, "option '--%s' is ambiguous: %s", name, list);
	}
	const char *guess = closest(name, names, n);
	if (guess)
		return usage_error(ret_error, "unknown option '--%s'; did you mean '--%s'?", name,
				   guess);
	return usage_error(ret_error, "unknown option '--%s'", name);
}

static const char *env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);
	for (char *const *e = env; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static int parse_timeout(const char *s, long *ret)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(d) || d <= 0 || d > 3600)
		return -EINVAL;
	*ret = (long)(d * 1000 + 0.5);
	if (*ret < 1)
		*ret = 1;
	return 0;
}

/* "critical,HIGH": the bits (1u << enum da_severity) of the severities named, added to *ret. */
static int parse_severities(const char *s, unsigned *ret)
{
	_cleanup_strv_free_ char **items = NULL;
	if (str_split(s, ',', &items) < 0)
		return -ENOMEM;
	unsigned bits = 0;
	for (char **p = items; p && *p; p++) {
		char *w = *p;
		w += strspn(w, " ");
		w[strcspn(w, " ")] = '\0';
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		enum da_severity sev;
		if (da_severity_parse(w, &sev) < 0)
			return -EINVAL;
		bits |= 1u << sev;
	}
	if (!bits)
		return -EINVAL;
	*ret |= bits;
	return 0;
}

/* Append one item as given (label values may hold commas). */
static int append_one(char ***list, const char *arg)
{
	size_t old = strv_length(*list);
	char *copy = strdup(arg);
	char **nl = copy ? realloc(*list, (old + 2) * sizeof(*nl)) : NULL;
	if (!nl) {
		free(copy);
		return -ENOMEM;
	}
	nl[old] = copy;
	nl[old + 1] = NULL;
	*list = nl;
	return 0;
}

static int append_list(char ***list, const char *arg)
{
	_cleanup_strv_free_ char **items = NULL;
	int n = str_split(arg, ',', &items);
	if (n < 0)
		return n;
	size_t old = strv_length(*list);
	char **nl = realloc(*list, (old + (size_t)n + 1) * sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	for (int i = 0; i < n; i++)
		nl[old + (size_t)i] = TAKE_PTR(items[i]);
	nl[old + (size_t)n] = NULL;
	*list = nl;
	return 0;
}

/* strconv.ParseBool, as pflag reads --tls=VALUE */
static int parse_go_bool(const char *s, int *ret)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0)
			return *ret = 1, 0;
		if (strcmp(s, no[i]) == 0)
			return *ret = 0, 0;
	}
	return -EINVAL;
}

enum docker_global {
	DG_HOST,
	DG_CONTEXT,
	DG_CONFIG,
	DG_LOG_LEVEL,
	DG_TLSCACERT,
	DG_TLSCERT,
	DG_TLSKEY,
	DG_DEBUG,
	DG_TLS,
	DG_TLSVERIFY,
};

/* The docker CLI's global options (docker/cli cli/flags/options.go InstallFlags). */
static const struct {
	const char *name;
	char shorthand;
	bool takes_value;
	enum docker_global id;
} docker_globals[] = {
    {"host", 'H', true, DG_HOST},
    {"context", 'c', true, DG_CONTEXT},
    {"config", 0, true, DG_CONFIG},
    {"log-level", 'l', true, DG_LOG_LEVEL},
    {"tlscacert", 0, true, DG_TLSCACERT},
    {"tlscert", 0, true, DG_TLSCERT},
    {"tlskey", 0, true, DG_TLSKEY},
    {"debug", 'D', false, DG_DEBUG},
    {"tls", 0, false, DG_TLS},
    {"tlsverify", 0, false, DG_TLSVERIFY},
};

static int docker_global_set(struct options *o, enum docker_global id, const char *value,
			     char **ret_error)
{
	int b = 1;
	switch (id) {
	case DG_HOST:
		if (o->host)
			return usage_error(ret_error, "specify only one -H");
		o->host = value;
		break;
	case DG_CONTEXT:
		o->context = value;
		break;
	case DG_CONFIG:
		o->docker_config = value;
		break;
	case DG_TLSCACERT:
		o->tls_ca = value;
		break;
	case DG_TLSCERT:
		o->tls_cert = value;
		break;
	case DG_TLSKEY:
		o->tls_key = value;
		break;
	case DG_LOG_LEVEL:
	case DG_DEBUG:
		break; /* the docker CLI's own logging: nothing to do with the audit */
	case DG_TLS:
	case DG_TLSVERIFY:
		if (value && parse_go_bool(value, &b) < 0)
			return usage_error(ret_error, "invalid argument \"%s\" for --%s", value,
					   id == DG_TLS ? "tls" : "tlsverify");
		if (id == DG_TLS)
			o->tls = b;
		else
			o->tls_verify = b;
		break;
	}
	return 0;
}

/*
 * "docker [global options] audit ...": the docker CLI runs the plugin with all of its original
 * arguments (cli-plugins/manager PluginRunCommand: os.Args[1:]), so the global options come
 * first, parsed here as pflag parses them; *ret_first is the index after "audit".
 */
static int parse_docker_globals(int argc, char **argv, struct options *o, int *ret_first,
				char **ret_error)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			size_t k;
			for (k = 0; k < ARRAY_SIZE(docker_globals); k++)
				if (strlen(docker_globals[k].name) == len &&
				    strncmp(docker_globals[k].name, name, len) == 0)
					break;
			if (k == ARRAY_SIZE(docker_globals))
				return usage_error(ret_error,
						   "docker option '%.*s' before 'audit' is not one "
						   "docker-audit knows; nothing was audited",
						   (int)(len + 2), a);
			const char *value = eq ? eq + 1 : NULL;
			if (docker_globals[k].takes_value && !value) {
				if (i + 1 >= argc)
					return usage_error(ret_error, "flag needs an argument: %s",
							   a);
				value = argv[++i];
			}
			int r = docker_global_set(o, docker_globals[k].id, value, ret_error);
			if (r < 0)
				return r;
			i++;
			continue;
		}
		/* shorthands: "-D", "-Hunix:///x", "-H unix:///x", "-H=unix:///x", "-Dc ctx" */
		for (const char *p = a + 1; *p; p++) {
			size_t k;
			for (k = 0; k < ARRAY_SIZE(docker_globals); k++)
				if (docker_globals[k].shorthand == *p)
					break;
			if (k == ARRAY_SIZE(docker_globals))
				return usage_error(ret_error,
						   "docker option '-%c' before 'audit' is not one "
						   "docker-audit knows; nothing was audited",
						   *p);
			const char *value = NULL;
			if (docker_globals[k].takes_value) {
				if (p[1])
					value = p[1] == '=' ? p + 2 : p + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else
					return usage_error(
					    ret_error, "flag needs an argument: '%c' in %s", *p, a);
			}
			int r = docker_global_set(o, docker_globals[k].id, value, ret_error);
			if (r < 0)
				return r;
			if (value)
				break;
		}
		i++;
	}
	if (i >= argc || strcmp(argv[i], "audit") != 0)
		return usage_error(ret_error,
				   "run by the docker CLI as a plugin, but '%s' is not 'audit'; "
				   "nothing was audited",
				   i < argc ? argv[i] : "(nothing)");
	*ret_first = i + 1;
	return 0;
}

int cli_parse(int argc, char **argv, char *const *env, struct options *o, char **ret_error)
{
	*o = (struct options){
	    .command = CLI_RUN,
	    .root = "/",
	    .fail_on = DA_SEV_LOW,
	    .timeout_ms = 10000,
	    .deadline_ms = 300000,
	    .remediation = true,
	    .limit = -1,
	    .tls = -1,
	    .tls_verify = -1,
	};
	int first = 1, r;
	const char *plugin = env_get(env, "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
	/* The metadata call comes without the variable, and without global options. */
	if (plugin && *plugin &&
	    !(argc == 2 && strcmp(argv[1], "docker-cli-plugin-metadata") == 0)) {
		o->plugin = true;
		if ((r = parse_docker_globals(argc, argv, o, &first, ret_error)) < 0)
			return r;
	} else if (argc > first && strcmp(argv[first], "audit") == 0) {
		first++; /* "docker-audit audit ARGS", as the plugin was once called */
	}
	const char *global_host = o->host, *global_context = o->context;
	if (argc > first && argv[first][0] != '-') {
		const char *c = argv[first];
		if (strcmp(c, "run") == 0)
			o->command = CLI_RUN;
		else if (strcmp(c, "list") == 0)
			o->command = CLI_LIST;
		else if (strcmp(c, "explain") == 0)
			o->command = CLI_EXPLAIN;
		else if (strcmp(c, "version") == 0)
			o->command = CLI_VERSION;
		else if (strcmp(c, "help") == 0)
			o->command = CLI_HELP;
		else if (strcmp(c, "docker-cli-plugin-metadata") == 0)
			o->command = CLI_PLUGIN_METADATA;
		else if (strcmp(c, "image") == 0 || strcmp(c, "images") == 0)
			o->command = CLI_IMAGE;
		else if (closest(c, command_names, ARRAY_SIZE(command_names)))
			return usage_error(ret_error, "unknown command '%s'; did you mean '%s'?", c,
					   closest(c, command_names, ARRAY_SIZE(command_names)));
		else
			return usage_error(ret_error, "unknown command '%s'", c);
		first++;
	}

	const char *benchmark = NULL; /* --benchmark */
	const char *pending_output = NULL;
	bool format_given = false;
	optind = 0; /* full reinitialisation: cli_parse may run more than once (tests) */
	opterr = 0; /* our one line, not getopt's */
	int sub_argc = argc - first + 1;
	char **sub_argv = argv + first - 1;
	const enum cli_command command = o->command;
	int opt;
	while ((opt = getopt_long(sub_argc, sub_argv, SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return option_error(ret_error, opt, sub_argv, optind, optopt);
		if (!(option_commands(opt) & CMD(command))) {
			char spelled[64];
			option_spelling(opt, spelled, sizeof(spelled));
			return usage_error(ret_error, "%s does not apply to 'docker-audit %s'",
					   spelled, command_name(command));
		}
		switch (opt) {
		case 'H':
			if (global_host && strcmp(global_host, optarg) != 0)
				return usage_error(ret_error,
						   "specify only one -H ('docker -H %s "
						   "audit' and 'audit -H %s')",
						   global_host, optarg);
			o->host = optarg;
			break;
		case OPT_CONTEXT:
			if (global_context && strcmp(global_context, optarg) != 0)
				return usage_error(
				    ret_error,
				    "two contexts given ('docker --context %s audit' "
				    "and 'audit --context %s')",
				    global_context, optarg);
			o->context = optarg;
			break;
		case OPT_ROOT:
			if (optarg[0] != '/')
				return usage_error(
				    ret_error, "--root needs an absolute path, not '%s'", optarg);
			o->root = optarg;
			break;
		case 'c':
			if ((r = append_list(&o->sel.only, optarg)) < 0)
				return r;
			break;
		case 'e':
			if ((r = append_list(&o->sel.exclude, optarg)) < 0)
				return r;
			break;
		case OPT_LEVEL:
			if (strcmp(optarg, "1") == 0)
				o->sel.level = 1;
			else if (strcmp(optarg, "2") == 0)
				o->sel.level = 2;
			else
				return usage_error(ret_error, "--level takes 1 or 2, not '%s'",
						   optarg);
			break;
		case 'a':
			o->all = true;
			break;
		case OPT_BENCHMARK:
			benchmark = optarg;
			break;
		case 'f':
			if (command == CLI_EXPLAIN) {
				if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
					return usage_error(ret_error,
							   "explain formats are text and json, not "
							   "'%s'",
							   optarg);
				o->list_format = optarg;
				break;
			}
			if (command == CLI_LIST) {
				if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0 &&
				    strcmp(optarg, "markdown") != 0)
					return usage_error(ret_error,
							   "list formats are text, json and "
							   "markdown, not '%s'",
							   optarg);
				o->list_format = optarg;
				break;
			}
			if (!report_format_find(optarg))
				return usage_error(ret_error, "unknown format '%s'", optarg);
			if (o->n_outputs == CLI_MAX_OUTPUTS)
				return usage_error(ret_error, "too many --format options");
			o->outputs[o->n_outputs++] = (struct cli_output){optarg, pending_output};
			pending_output = NULL;
			format_given = true;
			break;
		case 'o':
			if (format_given && !o->outputs[o->n_outputs - 1].path && !pending_output)
				o->outputs[o->n_outputs - 1].path = optarg;
			else if (!pending_output)
				pending_output = optarg;
			else
				return usage_error(ret_error, "--output '%s' follows no --format",
						   optarg);
			break;
		case OPT_NO_COLOR:
			o->no_color = true;
			break;
		case OPT_FAIL_ON: {
			enum da_severity s;
			if (da_severity_parse(optarg, &s) < 0)
				return usage_error(ret_error,
						   "--fail-on takes critical, high, medium or low, "
						   "not '%s'",
						   optarg);
			o->fail_on = (int)s;
			break;
		}
		case OPT_SEVERITY:
			if (parse_severities(optarg, &o->severities) < 0)
				return usage_error(
				    ret_error,
				    "--severity takes a list of critical, high, medium "
				    "and low (e.g. critical,high), not '%s'",
				    optarg);
			break;
		case 'n': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0 || v > 1000000)
				return usage_error(
				    ret_error,
				    "--limit takes a number of objects (0: all), not '%s'", optarg);
			o->limit = (int)v;
			break;
		}
		case OPT_DEADLINE:
			if (parse_timeout(optarg, &o->deadline_ms) < 0)
				return usage_error(
				    ret_error, "--deadline takes seconds (0 < s <= 3600), not '%s'",
				    optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &o->timeout_ms) < 0)
				return usage_error(
				    ret_error, "--timeout takes seconds (0 < s <= 3600), not '%s'",
				    optarg);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_REMEDIATION:
			o->remediation = true;
			break;
		case OPT_NO_REMEDIATION:
			o->remediation = false;
			break;
		case OPT_NO_KERNEL_AUDIT:
			o->no_kernel_audit = true;
			break;
		case OPT_TLS:
			o->tls = 1;
			break;
		case OPT_TLSVERIFY:
			o->tls_verify = 1;
			break;
		case OPT_TLSCACERT:
			o->tls_ca = optarg;
			break;
		case OPT_TLSCERT:
			o->tls_cert = optarg;
			break;
		case OPT_TLSKEY:
			o->tls_key = optarg;
			break;
		case OPT_INCLUDE:
			if ((r = append_list(&o->include, optarg)) < 0)
				return r;
			break;
		case OPT_EXCLUDE_CONTAINERS:
			if ((r = append_list(&o->exclude_containers, optarg)) < 0)
				return r;
			break;
		case OPT_LABEL:
			if (!*optarg || *optarg == '=')
				return usage_error(
				    ret_error, "--label takes KEY or KEY=VALUE, not '%s'", optarg);
			if ((r = append_one(&o->labels, optarg)) < 0)
				return r;
			break;
		case OPT_TRUSTED_IMAGES:
			o->trusted_images = optarg;
			break;
		case OPT_TRUSTED_USERS:
			o->trusted_users = optarg;
			break;
		case OPT_WAIVERS:
			o->waivers = optarg;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_NEW_ONLY:
			o->new_only = true;
			break;
		case OPT_HISTORY:
			if (!*optarg)
				return usage_error(ret_error, "--history needs a directory");
			o->history = optarg;
			break;
		case OPT_KEEP_DAYS: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 1 || v > 36500)
				return usage_error(
				    ret_error,
				    "--keep-days takes whole days (1 to 36500), not '%s'", optarg);
			o->keep_days = (int)v;
			break;
		}
		case OPT_DOCKERFILE:
			if (!*optarg)
				return usage_error(ret_error, "--dockerfile needs a path");
			o->dockerfile = optarg;
			break;
		case OPT_INPUT:
			if (!*optarg)
				return usage_error(ret_error, "--input needs a path");
			o->image_input = optarg;
			break;
		case 'h':
			o->command = CLI_HELP;
			break;
		case 'V':
			o->command = CLI_VERSION;
			break;
		default:
			return usage_error(ret_error, "unknown option");
		}
	}
	if (pending_output) {
		/* "-o FILE" without --format: the default text report goes there */
		if (o->n_outputs)
			return usage_error(ret_error, "--output '%s' follows no --format",
					   pending_output);
		o->outputs[o->n_outputs++] = (struct cli_output){"text", pending_output};
	}

	char **rest = sub_argv + optind;
	int nrest = sub_argc - optind;
	if (o->command == CLI_EXPLAIN) {
		if (nrest != 1)
			return usage_error(ret_error, "explain takes one check id");
		o->explain_id = rest[0];
	} else if (o->command == CLI_IMAGE) {
		if (nrest < 1 && !o->image_input)
			return usage_error(ret_error, "image takes one or more image names, or "
						      "--input PATH");
		for (int i = 0; i < nrest; i++)
			if ((r = append_one(&o->image_names, rest[i])) < 0)
				return r;
	} else if (nrest > 0) {
		static const char *const commands[] = {"run", "image", "list", "explain",
						       "version"};
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (strcmp(rest[0], commands[i]) == 0)
				return usage_error(ret_error,
						   "'%s' is a command: it comes before the options "
						   "(docker-audit %s ... [OPTIONS])",
						   rest[0], rest[0]);
		return usage_error(ret_error, "unexpected argument '%s'", rest[0]);
	}
	if (o->image_input && o->command != CLI_IMAGE)
		return usage_error(ret_error, "--input belongs to the image command: docker-audit "
					      "image --input PATH");
	if (o->new_only && !o->baseline && !o->history)
		return usage_error(ret_error, "--new-only needs --baseline FILE or --history DIR");
	if (o->history && o->baseline)
		return usage_error(ret_error,
				   "--history DIR takes its baseline from DIR (the newest "
				   "complete report there): leave out --baseline");
	if (o->keep_days && !o->history)
		return usage_error(ret_error, "--keep-days needs --history DIR");
	if (o->history && o->command != CLI_RUN)
		return usage_error(ret_error,
				   "--history belongs to a host audit (docker-audit run)");
	if (o->history && !o->keep_days)
		o->keep_days = 30;
	if (o->dockerfile && strv_length(o->image_names) > 1)
		return usage_error(ret_error,
				   "--dockerfile describes one image, not %zu: audit each image "
				   "with its own Dockerfile",
				   strv_length(o->image_names));
	if ((o->command == CLI_LIST || o->command == CLI_EXPLAIN) && o->list_format == NULL)
		o->list_format = "text";

	if (o->n_outputs == 0)
		o->outputs[o->n_outputs++] = (struct cli_output){"text", NULL};
	/* "-o -" is standard output, as everywhere else; a file named "-" is "-o ./-" */
	for (size_t i = 0; i < o->n_outputs; i++)
		if (o->outputs[i].path && strcmp(o->outputs[i].path, "-") == 0)
			o->outputs[i].path = NULL;
	size_t to_stdout = 0;
	for (size_t i = 0; i < o->n_outputs; i++)
		to_stdout += o->outputs[i].path == NULL;
	if (to_stdout > 1)
		return usage_error(ret_error,
				   "only one format can go to standard output; give the others "
				   "--output FILE");

	if (!benchmark || !*benchmark)
		benchmark = env_get(env, "DOCKER_AUDIT_BENCHMARK");
	if (benchmark && *benchmark) {
		o->benchmark = benchmark_find(benchmark);
		if (!o->benchmark)
			return usage_error(ret_error, "unknown benchmark '%s' (%s)", benchmark,
					   benchmark_options());
	} else {
		o->benchmark = benchmark_default();
	}
	o->sel.benchmark = o->benchmark;

	if (o->host && o->context)
		return usage_error(ret_error,
				   "conflicting options: cannot specify both --host and --context");
	return 0;
}

void options_release(struct options *o)
{
	strv_free(o->sel.only);
	strv_free(o->sel.exclude);
	strv_free(o->include);
	strv_free(o->exclude_containers);
	strv_free(o->labels);
	strv_free(o->image_names);
	o->image_names = NULL;
	o->sel.only = o->sel.exclude = o->include = o->exclude_containers = o->labels = NULL;
}
