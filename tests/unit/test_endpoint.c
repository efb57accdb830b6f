/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The endpoint resolved as the docker CLI resolves it (docker/cli cli/command/cli.go): one row
 * per case of its order of preference, against a docker CLI configuration built in a temp dir
 * the way `docker context create` lays it out (contexts/meta/<sha256>/meta.json, contexts/tls/
 * <sha256>/docker/PEM files).
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "endpoint.h"
#include "sha256.h"
#include "strutil.h"

static char tmpdir[] = "/tmp/da-endpoint.XXXXXX";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *path)
{
	_cleanup_free_ char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	mkdir(p, 0755);
}

/* A context in the store of config dir cfg, as `docker context create` writes it. */
static void make_context(const char *cfg, const char *name, const char *endpoint_json,
			 bool tls_files)
{
	char digest[65];
	sha256_hex(name, strlen(name), digest);
	_cleanup_free_ char *dir = xasprintf("%s/contexts/meta/%s", cfg, digest);
	mkdirs(dir);
	_cleanup_free_ char *meta = xasprintf("%s/meta.json", dir);
	_cleanup_free_ char *text = xasprintf(
	    "{\"Name\":\"%s\",\"Metadata\":{},\"Endpoints\":{\"docker\":%s}}", name, endpoint_json);
	write_file(meta, text);
	if (tls_files) {
		_cleanup_free_ char *tls = xasprintf("%s/contexts/tls/%s/docker", cfg, digest);
		mkdirs(tls);
		static const char *const files[] = {"ca.pem", "cert.pem", "key.pem"};
		for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
			_cleanup_free_ char *f = xasprintf("%s/%s", tls, files[i]);
			write_file(f, "PEM\n");
		}
	}
}

static int setup(void **state)
{
	assert_non_null(mkdtemp(tmpdir));
	_cleanup_free_ char *cfg = xasprintf("%s/cfg", tmpdir);
	mkdirs(cfg);
	make_context(cfg, "remote", "{\"Host\":\"tcp://10.1.2.3:2375\",\"SkipTLSVerify\":false}",
		     false);
	make_context(cfg, "secure",
		     "{\"Host\":\"tcp://secure.example:2376\",\"SkipTLSVerify\":false}", true);
	make_context(cfg, "insecure", "{\"Host\":\"tcp://10.9.9.9:2376\",\"SkipTLSVerify\":true}",
		     false);
	make_context(cfg, "local", "{\"Host\":\"unix:///run/other.sock\"}", false);
	make_context(cfg, "nohost", "{\"SkipTLSVerify\":false}", false);
	make_context(cfg, "sshctx", "{\"Host\":\"ssh://me@build\"}", false);
	/* a context whose docker endpoint is missing (only another endpoint type) */
	char digest[65];
	sha256_hex("kubeonly", 8, digest);
	_cleanup_free_ char *d = xasprintf("%s/contexts/meta/%s", cfg, digest);
	mkdirs(d);
	_cleanup_free_ char *m = xasprintf("%s/meta.json", d);
	write_file(m, "{\"Name\":\"kubeonly\",\"Endpoints\":{\"kubernetes\":{}}}");
	/* a config dir whose config.json names a current context */
	_cleanup_free_ char *cur = xasprintf("%s/cur", tmpdir);
	mkdirs(cur);
	make_context(cur, "remote", "{\"Host\":\"tcp://10.7.7.7:2375\"}", false);
	_cleanup_free_ char *cj = xasprintf("%s/config.json", cur);
	write_file(cj, "{\"auths\":{},\"currentContext\":\"remote\"}");
	/* one whose config.json is broken */
	_cleanup_free_ char *bad = xasprintf("%s/bad", tmpdir);
	mkdirs(bad);
	_cleanup_free_ char *bj = xasprintf("%s/config.json", bad);
	write_file(bj, "{\"currentContext\": ");
	/* TLS files for the default context */
	_cleanup_free_ char *certs = xasprintf("%s/certs", tmpdir);
	mkdirs(certs);
	static const char *const files[] = {"ca.pem", "cert.pem", "key.pem"};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *f = xasprintf("%s/%s", certs, files[i]);
		write_file(f, "PEM\n");
	}
	_cleanup_free_ char *caonly = xasprintf("%s/caonly", tmpdir);
	mkdirs(caonly);
	_cleanup_free_ char *caf = xasprintf("%s/ca.pem", caonly);
	write_file(caf, "PEM\n");
	*state = NULL;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

struct row {
	const char *name;
	/* request */
	const char *host, *context, *config; /* config: a subdir of tmpdir, NULL: HOME's */
	int tls, tls_verify;
	char *env[6]; /* "K=V"; "HOME" and DOCKER_CONFIG are added from config/tmpdir */
	/* expected */
	int result;
	const char *want_host;
	const char *want_context;
	int want_src; /* 1 + enum endpoint_source; 0: do not care */
	int want_tls, want_verify; /* -1: do not care */
	const char *want_ca_suffix; /* the CA path ends so; NULL: no CA file */
	bool want_client_cert;
	const char *want_error; /* a substring of the refusal */
	bool want_warning;
};

static struct row rows[] = {
    {"nothing set: the default socket", .config = "cfg", .tls = -1, .tls_verify = -1,
     .want_host = "unix:///var/run/docker.sock", .want_context = "default",
     .want_src = 1 + ENDPOINT_SRC_DEFAULT, .want_tls = 0},
    {"DOCKER_HOST", .config = "cfg", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_HOST=tcp://10.0.0.1:2375"}, .want_host = "tcp://10.0.0.1:2375",
     .want_context = "default", .want_src = 1 + ENDPOINT_SRC_ENV_HOST},
    {"DOCKER_HOST wins over DOCKER_CONTEXT", .config = "cfg", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_HOST=unix:///run/a.sock", "DOCKER_CONTEXT=remote"},
     .want_host = "unix:///run/a.sock", .want_src = 1 + ENDPOINT_SRC_ENV_HOST},
    {"empty DOCKER_HOST is unset", .config = "cfg", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_HOST=", "DOCKER_CONTEXT=remote"}, .want_host = "tcp://10.1.2.3:2375",
     .want_context = "remote", .want_src = 1 + ENDPOINT_SRC_ENV_CONTEXT},
    {"DOCKER_CONTEXT", .config = "cfg", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_CONTEXT=local"}, .want_host = "unix:///run/other.sock",
     .want_context = "local", .want_src = 1 + ENDPOINT_SRC_ENV_CONTEXT},
    {"currentContext of config.json", .config = "cur", .tls = -1, .tls_verify = -1,
     .want_host = "tcp://10.7.7.7:2375", .want_context = "remote",
     .want_src = 1 + ENDPOINT_SRC_CONFIG_CONTEXT},
    {"DOCKER_CONTEXT wins over currentContext", .config = "cur", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_CONTEXT=default"}, .want_host = "unix:///var/run/docker.sock",
     .want_context = "default", .want_src = 1 + ENDPOINT_SRC_ENV_CONTEXT},
    {"-H wins over DOCKER_CONTEXT and currentContext", .host = "unix:///run/h.sock",
     .config = "cur", .tls = -1, .tls_verify = -1, .env = {"DOCKER_CONTEXT=remote"},
     .want_host = "unix:///run/h.sock", .want_context = "default",
     .want_src = 1 + ENDPOINT_SRC_FLAG_HOST},
    {"--context wins over DOCKER_HOST", .context = "remote", .config = "cfg", .tls = -1,
     .tls_verify = -1, .env = {"DOCKER_HOST=unix:///run/a.sock"},
     .want_host = "tcp://10.1.2.3:2375", .want_src = 1 + ENDPOINT_SRC_FLAG_CONTEXT},
    {"--context default takes DOCKER_HOST", .context = "default", .config = "cfg", .tls = -1,
     .tls_verify = -1, .env = {"DOCKER_HOST=unix:///run/a.sock"}, .want_host = "unix:///run/a.sock",
     .want_context = "default", .want_src = 1 + ENDPOINT_SRC_FLAG_CONTEXT},
    {"--context and -H conflict", .host = "unix:///x", .context = "remote", .config = "cfg",
     .tls = -1, .tls_verify = -1, .result = -EINVAL, .want_error = "both --host and --context"},
    {"a context that does not exist", .context = "nope", .config = "cfg", .tls = -1,
     .tls_verify = -1, .result = -EINVAL, .want_error = "context 'nope' not found"},
    {"a context without a docker endpoint", .context = "kubeonly", .config = "cfg", .tls = -1,
     .tls_verify = -1, .result = -EINVAL, .want_error = "no docker endpoint"},
    {"a context without a host: the default socket", .context = "nohost", .config = "cfg",
     .tls = -1, .tls_verify = -1, .want_host = "unix:///var/run/docker.sock"},
    {"an ssh:// context is refused", .context = "sshctx", .config = "cfg", .tls = -1,
     .tls_verify = -1, .result = -EINVAL, .want_error = "does not run ssh"},
    {"a context's TLS material from the store", .context = "secure", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://secure.example:2376", .want_tls = 1, .want_verify = 1,
     .want_ca_suffix = "/docker/ca.pem", .want_client_cert = true},
    {"a context that skips verification", .context = "insecure", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://10.9.9.9:2376", .want_tls = 1, .want_verify = 0},
    {"a context without TLS material: plain", .context = "remote", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_tls = 0},
    {"DOCKER_TLS_VERIFY: TLS to localhost:2376 with DOCKER_CERT_PATH", .config = "cfg", .tls = -1,
     .tls_verify = -1, .env = {"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=@/certs"},
     .want_host = "tcp://localhost:2376", .want_tls = 1, .want_verify = 1,
     .want_ca_suffix = "/certs/ca.pem", .want_client_cert = true},
    {"DOCKER_TLS_VERIFY=0 is set too (the docker CLI reads any value)", .config = "cfg", .tls = -1,
     .tls_verify = -1,
     .env = {"DOCKER_TLS_VERIFY=0", "DOCKER_CERT_PATH=@/caonly", "DOCKER_HOST=tcp://h:2376"},
     .want_host = "tcp://h:2376", .want_tls = 1, .want_verify = 1,
     .want_ca_suffix = "/caonly/ca.pem", .want_client_cert = false},
    {"--tlsverify=false: TLS without verification", .host = "tcp://h:2376", .config = "cfg",
     .tls = -1, .tls_verify = 0, .env = {"DOCKER_CERT_PATH=@/certs"}, .want_tls = 1,
     .want_verify = 0},
    {"--tls without a CA file is refused, as by the docker CLI", .host = "tcp://h:2376",
     .config = "cfg", .tls = 1, .tls_verify = -1, .env = {"DOCKER_CERT_PATH=@/nothere"},
     .result = -EINVAL, .want_error = "cannot read TLS CA certificate"},
    {"DOCKER_TLS turns TLS on", .host = "tcp://h:2376", .config = "cfg", .tls = -1,
     .tls_verify = -1, .env = {"DOCKER_TLS=1", "DOCKER_CERT_PATH=@/certs"}, .want_tls = 1,
     .want_verify = 0},
    {"--tls=false beats DOCKER_TLS", .host = "tcp://h:2376", .config = "cfg", .tls = 0,
     .tls_verify = -1, .env = {"DOCKER_TLS=1"}, .want_tls = 0},
    {"TLS is irrelevant to a unix socket but still resolved", .host = "unix:///s", .config = "cfg",
     .tls = -1, .tls_verify = -1, .want_host = "unix:///s", .want_tls = 0},
    {"host:port without a scheme is tcp", .host = "10.0.0.5:2375", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://10.0.0.5:2375"},
    {"tcp:// alone is localhost:2375", .host = "tcp://", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://localhost:2375"},
    {"tcp://:2376 fills in localhost", .host = "tcp://:2376", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://localhost:2376"},
    {"tcp://host fills in 2375", .host = "tcp://build", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "tcp://build:2375"},
    {"IPv6", .host = "tcp://[::1]:2375", .config = "cfg", .tls = -1, .tls_verify = -1,
     .want_host = "tcp://[::1]:2375"},
    {"unix:// alone is the default socket", .host = "unix://", .config = "cfg", .tls = -1,
     .tls_verify = -1, .want_host = "unix:///var/run/docker.sock"},
    {"ssh:// DOCKER_HOST is refused", .config = "cfg", .tls = -1, .tls_verify = -1,
     .env = {"DOCKER_HOST=ssh://me@build"}, .result = -EINVAL, .want_error = "ssh"},
    {"an unknown scheme is refused", .host = "http://h:1", .config = "cfg", .tls = -1,
     .tls_verify = -1, .result = -EINVAL, .want_error = "invalid bind address"},
    {"a broken config.json: a warning and the default", .config = "bad", .tls = -1,
     .tls_verify = -1, .want_host = "unix:///var/run/docker.sock",
     .want_src = 1 + ENDPOINT_SRC_DEFAULT, .want_warning = true},
    {"no config dir at all", .config = "absent", .tls = -1, .tls_verify = -1,
     .want_host = "unix:///var/run/docker.sock", .want_src = 1 + ENDPOINT_SRC_DEFAULT},
};

static void run_row(void **state)
{
	const struct row *row = *state;
	char *env[16] = {0};
	size_t n = 0;
	_cleanup_free_ char *cfgenv = NULL;
	char *owned[8] = {0};
	size_t no = 0;
	for (size_t i = 0; i < ARRAY_SIZE(row->env) && row->env[i]; i++) {
		const char *at = strchr(row->env[i], '@');
		if (at) /* "@" stands for the temp dir */
			env[n++] = owned[no++] = xasprintf("%.*s%s%s", (int)(at - row->env[i]),
							   row->env[i], tmpdir, at + 1);
		else
			env[n++] = row->env[i];
	}
	/* the config dir comes in as DOCKER_CONFIG; HOME must not be consulted */
	cfgenv = xasprintf("DOCKER_CONFIG=%s/%s", tmpdir, row->config);
	env[n++] = cfgenv;
	env[n++] = "HOME=/nonexistent-home";
	struct endpoint_request req = {
	    .host = row->host,
	    .context = row->context,
	    .tls = row->tls,
	    .tls_verify = row->tls_verify,
	    .env = env,
	};
	struct endpoint *e = NULL;
	char *err = NULL;
	int r = endpoint_resolve(&req, &e, &err);
	if (r != row->result)
		fail_msg("%s: result %d, want %d (%s)", row->name, r, row->result, err ? err : "");
	if (r < 0) {
		assert_non_null(err);
		if (row->want_error && !strstr(err, row->want_error))
			fail_msg("%s: error '%s' lacks '%s'", row->name, err, row->want_error);
		assert_null(e);
		free(err);
	} else {
		assert_null(err);
		assert_non_null(e->origin);
		if (row->want_host)
			assert_string_equal(e->host, row->want_host);
		if (row->want_context)
			assert_string_equal(e->context, row->want_context);
		if (row->want_src && (int)e->source + 1 != row->want_src)
			fail_msg("%s: source %s", row->name, endpoint_source_name(e->source));
		if (row->want_tls >= 0)
			assert_int_equal(e->tls, row->want_tls == 1);
		if (row->want_tls == 1 && row->want_verify >= 0)
			assert_int_equal(e->tls_verify, row->want_verify == 1);
		if (row->want_ca_suffix) {
			assert_non_null(e->tls_ca);
			assert_true(str_endswith(e->tls_ca, row->want_ca_suffix));
		}
		if (row->want_tls == 1 && row->want_ca_suffix)
			assert_int_equal(e->tls_cert != NULL, row->want_client_cert);
		assert_int_equal(e->warning != NULL, row->want_warning);
		endpoint_free(e);
	}
	for (size_t i = 0; i < no; i++)
		free(owned[i]);
}

/* FIPS 180-4 test vectors, and the digest `docker context create` names a directory by. */
static void test_sha256(void **state)
{
	(void)state;
	char out[65];
	sha256_hex("", 0, out);
	assert_string_equal(out,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, out);
	assert_string_equal(out,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), out);
	assert_string_equal(out,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char million[1000];
	memset(million, 'a', sizeof(million));
	sha256_hex(million, 1000, out); /* 1000 'a': crosses many blocks and a split tail */
	assert_string_equal(out,
			    "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
	sha256_hex("remote", 6, out); /* as stored by the docker CLI for a context "remote" */
	assert_string_equal(out,
			    "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a");
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(rows) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		tests[i] = (struct CMUnitTest){rows[i].name, run_row, NULL, NULL, &rows[i]};
	tests[ARRAY_SIZE(rows)] = (struct CMUnitTest){"sha256", test_sha256, NULL, NULL, NULL};
	return _cmocka_run_group_tests("endpoint", tests, ARRAY_SIZE(tests), setup, teardown);
}
