/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 4 (images), table-driven: scenario (captured Engine API JSON under
 * fixtures/docker/images-*, a fake host root with /proc under fixtures/hostfs, the audit's
 * environment) x check id -> the verdict and exactly the objects the findings name. Plus the
 * history parser, the /proc readers, and the rule that no secret value reaches any report.
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/container_user.h"
#include "facts/history.h"
#include "facts/images.h"
#include "facts/procs.h"
#include "facts/usage.h"
#include "hostfs.h"
#include "json.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct row {
	const char *docker; /* scenario under fixtures/docker */
	const char *host; /* fake root under fixtures/hostfs */
	const char *env; /* one NAME=VALUE for the audit's environment, or NULL */
	bool all; /* -a */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated failing finding names, "" for none */
	const char *errors; /* comma-separated finding names that could not be judged */
	const char *detail; /* a substring the detail must contain, or NULL */
};

/* images-real: the 20 images and 6 containers of tests/e2e/real_images.sh (NAMES lists them) */
#define ROOT_IMAGES                                                                                \
	"url-add:1,bk-alpine:1,b96bb7fe1ea9,secrets:1,copy-file:1,add-file:1,update-install:1,"    \
	"update-alone:1,rootuser:1,nouser:1,busybox:latest"
#define NO_HEALTHCHECK                                                                             \
	"distroless:1,url-add:1,ubuntu-like:1,bk-alpine:1,dangle:1,b96bb7fe1ea9,secrets:1,"        \
	"copy-file:1,add-file:1,update-install:1,update-alone:1,healthnone:1,appuser:1,"           \
	"rootuser:1,nouser:1,busybox:latest"
#define NOT_BUSYBOX_OR_CLEAN                                                                       \
	"distroless:1,unverified:1,url-add:1,ubuntu-like:1,bk-alpine:1,hc-base:1,b96bb7fe1ea9,"    \
	"dangle:1,add-file:1,secrets:1,copy-file:1,update-alone:1,update-install:1,health:1,"      \
	"healthnone:1,appuser:1,rootuser:1,nouser:1"
#define TRUSTED "DOCKER_AUDIT_TRUSTED_IMAGES="

static const struct row rows[] = {
    /* 4.1: USER 0:0, root:root and 00 are root; the -u 0 container of a non-root image too */
    {"images-real", "images-proc", NULL, false, "4.1", DA_FAIL, ROOT_IMAGES ",app-root", "",
     "11 of 20 images run as root by default, and 1 container"},
    /* without /proc: Config.User decides, and the detail says so */
    {"images-real", "bare", NULL, false, "4.1", DA_FAIL, ROOT_IMAGES ",app-root", "",
     "by Config.User"},
    /* PID 1 dropped to uid 1000 though Config.User=0; a remapped root fails; a PID that is not
     * the container's process is not trusted */
    {"images-real", "images-proc2", NULL, false, "4.1", DA_FAIL, ROOT_IMAGES ",app", "",
     "not this container's"},
    /* stopped containers count with -a (health-exited keeps its image's user) */
    {"images-real", "images-proc", NULL, true, "4.1", DA_FAIL, ROOT_IMAGES ",app-root", "", NULL},
    {"images-clean", "images-proc", NULL, false, "4.1", DA_PASS, "", "",
     "the 1 image sets a non-root USER; 1 container of non-root images checked by the effective "
     "uid"},
    {"images-empty", "bare", NULL, false, "4.1", DA_PASS, "", "", "no images"},
    {"images-vanished", "images-proc", NULL, false, "4.1", DA_FAIL,
     "url-add:1,bk-alpine:1,b96bb7fe1ea9,secrets:1,copy-file:1,add-file:1,update-install:1,"
     "update-alone:1,rootuser:1,busybox:latest,app-root",
     "nouser:1,app", NULL},
    {"images-badtype", "images-proc", NULL, false, "4.1", DA_FAIL,
     "url-add:1,bk-alpine:1,b96bb7fe1ea9,secrets:1,copy-file:1,add-file:1,update-install:1,"
     "update-alone:1,rootuser:1,busybox:latest,app-root",
     "nouser:1,app", NULL},
    {"images-nocontainers", "bare", NULL, false, "4.1", DA_ERROR, "", "", "containers not judged"},
    {"unreachable", "bare", NULL, false, "4.1", DA_ERROR, "", "", "could not be reached"},

    /* 4.2: manual without a policy; with one, images none of whose names match fail */
    {"images-real", "bare", NULL, false, "4.2", DA_MANUAL, "", "", "20 local images to review"},
    {"images-real", "bare", TRUSTED "registry.example.com/*, busybox", false, "4.2", DA_FAIL,
     NOT_BUSYBOX_OR_CLEAN, "", "18 of 20 images match no trusted pattern"},
    /* in full, Docker Hub names are docker.io/library/...: only the untagged image fails */
    {"images-real", "bare", TRUSTED "docker.io/library/*", false, "4.2", DA_FAIL, "b96bb7fe1ea9",
     "", NULL},
    {"images-real", "bare", TRUSTED "*:1,busybox:latest,dangle:*", false, "4.2", DA_FAIL,
     "b96bb7fe1ea9", "", NULL},
    {"images-clean", "bare", TRUSTED "registry.example.com/team/*", false, "4.2", DA_PASS, "", "",
     NULL},
    {"images-clean", "bare", TRUSTED "docker.io/*", false, "4.2", DA_PASS, "", "", NULL},
    {"images-clean", "bare", TRUSTED "quay.io/*", false, "4.2", DA_FAIL, "clean:1", "", NULL},
    /* one failing image: the verb agrees ("1 of 1 image have" said issue 13) */
    {"images-clean", "bare", TRUSTED "quay.io/*", false, "4.2", DA_FAIL, "clean:1", "",
     "1 of 1 image matches no trusted pattern"},
    {"images-edge", "bare", NULL, false, "4.9", DA_FAIL, "add-file:1,url-add:1", "",
     " images were built with ADD"},
    {"images-clean", "bare", TRUSTED " , ", false, "4.2", DA_ERROR, "", "", "no pattern"},
    {"images-vanished", "bare", TRUSTED "*", false, "4.2", DA_FAIL, "b96bb7fe1ea9", "nouser:1",
     NULL},
    {"images-clean", "bare", TRUSTED "*", false, "4.2", DA_PASS, "", "",
     "1 image checked: each matches"},
    {"unreachable", "bare", NULL, false, "4.2", DA_ERROR, "", "", NULL},

    /* manual checks: guidance with the number of images */
    {"images-real", "bare", NULL, false, "4.3", DA_MANUAL, "", "", "dpkg-query"},
    {"images-real", "bare", NULL, false, "4.4", DA_MANUAL, "", "", "20 local images"},
    {"images-real", "bare", NULL, false, "4.8", DA_MANUAL, "", "", "docker export"},
    {"images-empty", "bare", NULL, false, "4.12", DA_MANUAL, "", "", "0 local images"},
    {"unreachable", "bare", NULL, false, "4.8", DA_ERROR, "", "", NULL},

    /* 4.6: absent, and HEALTHCHECK NONE, fail; multi-tag clean:1 once */
    {"images-real", "bare", NULL, false, "4.6", DA_FAIL, NO_HEALTHCHECK, "",
     "16 of 20 images have no usable HEALTHCHECK"},
    {"images-clean", "bare", NULL, false, "4.6", DA_PASS, "", "", NULL},
    {"images-badtype", "bare", NULL, false, "4.6", DA_FAIL,
     "distroless:1,url-add:1,ubuntu-like:1,bk-alpine:1,dangle:1,b96bb7fe1ea9,secrets:1,"
     "copy-file:1,add-file:1,update-install:1,update-alone:1,healthnone:1,appuser:1,"
     "rootuser:1,nouser:1,busybox:latest",
     "health:1", NULL},
    {"images-vanished", "bare", NULL, false, "4.6", DA_FAIL,
     "distroless:1,url-add:1,ubuntu-like:1,bk-alpine:1,dangle:1,b96bb7fe1ea9,secrets:1,"
     "copy-file:1,add-file:1,update-install:1,update-alone:1,healthnone:1,appuser:1,"
     "rootuser:1,busybox:latest",
     "nouser:1", NULL},
    {"images-empty", "bare", NULL, false, "4.6", DA_PASS, "", "", "no images"},

    /* 4.7: an update alone (apt-get, apk, yum update) fails; update && install, quoted
     * commands and update-ca-certificates do not */
    {"images-real", "bare", NULL, false, "4.7", DA_FAIL, "update-alone:1,bk-alpine:1,unverified:1",
     "", "3 of 20 images"},
    {"images-clean", "bare", NULL, false, "4.7", DA_PASS, "", "", NULL},
    {"images-badtype", "bare", NULL, false, "4.7", DA_FAIL, "bk-alpine:1,unverified:1",
     "update-alone:1,copy-file:1", NULL},
    {"images-vanished", "bare", NULL, false, "4.7", DA_FAIL,
     "update-alone:1,bk-alpine:1,unverified:1", "nouser:1", NULL},

    /* 4.9: ADD fails but for the base's root filesystem (classic and BuildKit forms) */
    {"images-real", "bare", NULL, false, "4.9", DA_FAIL, "add-file:1,url-add:1", "",
     "2 of 20 images"},
    {"images-clean", "bare", NULL, false, "4.9", DA_PASS, "", "", NULL},
    {"images-badtype", "bare", NULL, false, "4.9", DA_FAIL, "add-file:1,url-add:1",
     "update-alone:1,copy-file:1", NULL},

    /* 4.10: by name and by value shape; *_FILE, *_URL, $references, booleans do not count */
    {"images-real", "bare", NULL, false, "4.10", DA_FAIL,
     "secrets:1,bk-alpine:1,url-add:1,unverified:1", "", "4 of 20 images"},
    {"images-clean", "bare", NULL, false, "4.10", DA_PASS, "", "", NULL},
    {"images-badtype", "bare", NULL, false, "4.10", DA_FAIL, "bk-alpine:1,url-add:1,unverified:1",
     "secrets:1,update-alone:1,copy-file:1", NULL},
    {"unreachable", "bare", NULL, false, "4.10", DA_ERROR, "", "", NULL},

    /* 4.11: signature checks turned off fail; otherwise manual */
    {"images-real", "bare", NULL, false, "4.11", DA_FAIL, "unverified:1", "", NULL},
    {"images-clean", "bare", NULL, false, "4.11", DA_MANUAL, "", "",
     "no build step of the 1 image"},
    {"images-badtype", "bare", NULL, false, "4.11", DA_FAIL, "unverified:1",
     "update-alone:1,copy-file:1", NULL},

    /* edge cases (images-edge/README): spellings of updates, ADD in words, secret-like names
     * holding none, secrets by shape only */
    {"images-edge", "bare", NULL, false, "4.7", DA_FAIL, "update-alone:1,bk-alpine:1,unverified:1",
     "", NULL},
    {"images-edge", "bare", NULL, false, "4.9", DA_FAIL, "add-file:1,url-add:1", "", NULL},
    {"images-edge", "bare", NULL, false, "4.10", DA_FAIL,
     "secrets:1,bk-alpine:1,url-add:1,unverified:1,distroless:1", "", NULL},

    /* API 1.52 (Docker 29) omits an empty Config.User and an absent HEALTHCHECK: omitted is
     * root and none, judged exactly as the 28.5 capture that spells them out
     * (fixtures/docker/api152.py made the one from the other) */
    {"engine-docker-28.5", "bare", NULL, false, "4.1", DA_FAIL, "daen17132:1", "", NULL},
    {"engine-docker-29.0-api152", "bare", NULL, false, "4.1", DA_FAIL, "daen17132:1", "",
     "1 of 2 images runs as root by default"},
    {"engine-docker-28.5", "bare", NULL, false, "4.6", DA_FAIL, "daen17132:1", "", NULL},
    {"engine-docker-29.0-api152", "bare", NULL, false, "4.6", DA_FAIL, "daen17132:1", "",
     "1 of 2 images has no usable HEALTHCHECK"},
    {"engine-docker-29.0-api152", "bare", NULL, false, "4.7", DA_PASS, "", "", NULL},
    {"engine-docker-29.0-api152", "bare", NULL, false, "4.9", DA_PASS, "", "", NULL},

    /* Podman 5.4 (captured): the compat inspect drops a docker-format image's HEALTHCHECK, the
     * native one has it; an OCI-format image has none; Podman's history marks the image's own
     * steps "sha256:<missing>" with the image's tags, which are not an ancestor's */
    {"engine-podman-5.4-build", "bare", NULL, false, "4.6", DA_FAIL,
     "docker.io/library/daen21617:1,docker.io/library/daen-upd21617:1,"
     "docker.io/library/daen-add21617:1,localhost/daen-oci21617:1",
     "", "4 of 5 images have no usable HEALTHCHECK"},
    {"engine-podman-5.4-build", "bare", NULL, false, "4.7", DA_FAIL,
     "docker.io/library/daen-upd21617:1", "", "1 of 5 images"},
    {"engine-podman-5.4-build", "bare", NULL, false, "4.9", DA_FAIL,
     "docker.io/library/daen-add21617:1", "", "1 of 5 images"},
    /* Podman 4.3 (Debian 12's own), captured: the same */
    {"engine-podman-4.3", "bare", NULL, false, "4.6", DA_FAIL,
     "docker.io/library/bb4:1,docker.io/library/p4upd:1,docker.io/library/p4add:1,"
     "localhost/p4oci:1",
     "", "4 of 5 images have no usable HEALTHCHECK"},
    {"engine-podman-4.3", "bare", NULL, false, "4.7", DA_FAIL, "docker.io/library/p4upd:1", "",
     NULL},
    {"engine-podman-4.3", "bare", NULL, false, "4.9", DA_FAIL, "docker.io/library/p4add:1", "",
     NULL},
    {"engine-podman-4.3", "bare", NULL, false, "4.1", DA_FAIL,
     "docker.io/library/bb4:1,docker.io/library/p4upd:1,docker.io/library/p4add:1", "", NULL},
    /* without the native inspect no HEALTHCHECK is known (the compat one never has it):
     * each image ERROR, never a FAIL */
    {"engine-podman-5.4-nolibpod", "bare", NULL, false, "4.6", DA_ERROR, "",
     "docker.io/library/daen21617:1,docker.io/library/daen-upd21617:1,"
     "docker.io/library/daen-add21617:1,localhost/daen-oci21617:1,"
     "docker.io/library/daen-hc21617:1",
     NULL},
    {"engine-podman-5.4-nolibpod", "bare", NULL, false, "4.7", DA_FAIL,
     "docker.io/library/daen-upd21617:1", "", NULL},

    /* 4.5 is the environment's, not the daemon's */
    {"unreachable", "bare", "DOCKER_CONTENT_TRUST=1", false, "4.5", DA_PASS, "", "", NULL},
};

struct run {
	struct hostfs *h;
	struct audit_ctx *ctx;
	struct report rep;
};

static void run_start(struct run *run, const char *docker, const char *host, const char *env,
		      bool all, char **only)
{
	_cleanup_free_ char *root = xasprintf(HOSTS "%s", host);
	_cleanup_free_ char *dir = xasprintf(DOCKER "%s", docker);
	static char *envv[2];
	envv[0] = (char *)(uintptr_t)env;
	envv[1] = NULL;
	assert_int_equal(hostfs_new(root, &run->h), 0);
	struct ctx_config cfg = {
	    .fixture_dir = dir,
	    .hostfs = run->h,
	    .all_containers = all,
	    .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
	    .env = envv,
	    .trusted_images = env && str_startswith(env, TRUSTED) ? env + strlen(TRUSTED) : NULL,
	};
	assert_int_equal(ctx_new(&cfg, &run->ctx), 0);
	struct selection sel = {.only = only};
	memset(&run->rep, 0, sizeof(run->rep));
	assert_int_equal(runner_run(run->ctx, &sel, &run->rep), 0);
}

static void run_end(struct run *run)
{
	report_release(&run->rep);
	ctx_free(run->ctx);
	hostfs_free(run->h);
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s%s%s", row->id, row->docker, row->host, row->all ? " -a" : "",
		 row->env ? " env" : "");
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	_cleanup_free_ char *host = xasprintf(HOSTS "%s", row->host);
	const struct row_audit a = {
	    .docker = docker,
	    .host = host,
	    .env = row->env,
	    .all = row->all,
	    .trusted_images =
		row->env && str_startswith(row->env, TRUSTED) ? row->env + strlen(TRUSTED) : NULL,
	};
	const struct row_want w = {
	    .status = row->want, .detail = row->detail, .names = row->names, .errors = row->errors};
	rows_check(&a, row->id, NULL, &w);
}

static const struct finding *finding_named(const struct result *res, const char *name)
{
	for (size_t i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].name, name) == 0)
			return &res->findings[i];
	fail_msg("%s: no finding named %s", res->check->id, name);
	return NULL;
}

static const struct result *result_of(const struct report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_results; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

/* What the findings say: the value that failed, where from, full ids, names as Docker shows. */
static void test_finding_details(void **state)
{
	char *only[] = {"4", NULL};
	struct run run;
	run_start(&run, "images-real", "images-proc2", NULL, false, only);
	const struct result *r41 = result_of(&run.rep, "4.1");
	const struct finding *f = finding_named(r41, "rootuser:1");
	assert_string_equal(f->kind, "image");
	assert_true(str_startswith(f->id, "sha256:") && strlen(f->id) == 71);
	assert_string_equal(f->detail, "User=0:0");
	assert_string_equal(f->value, "0:0");
	assert_string_equal(f->source, "api");
	assert_string_equal(finding_named(r41, "busybox:latest")->detail, "User= (empty: root)");
	assert_string_equal(finding_named(r41, "bk-alpine:1")->detail, "User=root:root");
	assert_string_equal(finding_named(r41, "url-add:1")->detail, "User=00");
	/* nouser-run's PID 1 runs as uid 999: the image still fails, the detail says so */
	assert_non_null(strstr(finding_named(r41, "nouser:1")->detail, "drops to a non-root uid"));
	/* app: uid 100000 on the host is uid 0 in its user namespace */
	f = finding_named(r41, "app");
	assert_string_equal(f->kind, "container");
	assert_int_equal(strlen(f->id), 64);
	assert_string_equal(f->source, "kernel");
	assert_non_null(strstr(f->detail, "uid 0 inside its user namespace (host uid 100000"));
	/* the dangling image is named by its short id */
	f = finding_named(r41, "b96bb7fe1ea9");
	assert_true(str_startswith(f->id, "sha256:b96bb7fe1ea9"));

	const struct result *r46 = result_of(&run.rep, "4.6");
	assert_non_null(strstr(finding_named(r46, "healthnone:1")->detail, "HEALTHCHECK NONE"));
	assert_non_null(strstr(finding_named(r46, "busybox:latest")->detail, "absent"));

	const struct result *r47 = result_of(&run.rep, "4.7");
	assert_string_equal(finding_named(r47, "update-alone:1")->detail,
			    "RUN apt-get update || true (history step 2 of 3: updates packages "
			    "without installing in the same RUN)");
	assert_non_null(strstr(finding_named(r47, "bk-alpine:1")->detail, "RUN apk update ("));
	assert_non_null(strstr(finding_named(r47, "unverified:1")->detail, "RUN yum -y update ("));

	const struct result *r49 = result_of(&run.rep, "4.9");
	assert_non_null(strstr(finding_named(r49, "add-file:1")->detail, "ADD file:"));
	/* the URL's password is redacted in the quote */
	f = finding_named(r49, "url-add:1");
	assert_non_null(strstr(f->detail, "ADD https://deploy:<redacted>@downloads.example.com"));

	const struct result *r410 = result_of(&run.rep, "4.10");
	f = finding_named(r410, "secrets:1");
	assert_null(f->value);
	assert_string_equal(f->detail,
			    "secrets in env DB_PASSWORD (named like a secret); env AWS_KEY (holds "
			    "an AWS access key id); label com.example.api-key (named like a "
			    "secret); build argument GITHUB_TOKEN at history step 6 (holds a "
			    "GitHub token)");
	assert_non_null(strstr(finding_named(r410, "bk-alpine:1")->detail,
			       "build argument NPM_TOKEN at history step"));
	assert_non_null(
	    strstr(finding_named(r410, "url-add:1")->detail, "(holds credentials in a URL)"));
	f = finding_named(r410, "unverified:1");
	assert_non_null(strstr(f->detail, "env AUTH_TOKEN (holds a JSON web token)"));
	assert_non_null(strstr(f->detail, "label org.example.notify (holds a Slack token)"));
	for (size_t i = 0; i < r410->n_findings; i++)
		assert_null(r410->findings[i].value);

	const struct result *r411 = result_of(&run.rep, "4.11");
	assert_non_null(strstr(finding_named(r411, "unverified:1")->detail,
			       "--allow-unauthenticated turns package signature checks off"));
	run_end(&run);
}

/* The edge cases say what they found. */
static void test_edge_details(void **state)
{
	char *only[] = {"4.7", "4.10", NULL};
	struct run run;
	run_start(&run, "images-edge", "bare", NULL, false, only);
	const struct result *r47 = result_of(&run.rep, "4.7");
	assert_string_equal(finding_named(r47, "update-alone:1")->detail,
			    "RUN (apt-get update) (history step 2 of 8: updates packages without "
			    "installing in the same RUN; and 5 more such steps)");
	const struct result *r410 = result_of(&run.rep, "4.10");
	assert_string_equal(
	    finding_named(r410, "distroless:1")->detail,
	    "secrets in env SSH_KEY (holds a private key); env SERVICE_TOKEN (named "
	    "like a secret); env SESSION_SECRET (named like a secret); env API_TOKEN "
	    "(named like a secret); label maps (holds a Google API key); RUN at "
	    "history step 3 (holds credentials in a URL); RUN at history step 4 "
	    "(holds a GitHub token)");
	/* 4.10 judges values too: a number, a duration, a boolean or a path under a secret's
	 * name is a setting (TOKEN_TTL_SECONDS=3600, SESSION_TOKEN_LIFETIME=15m,
	 * PASSWORD_MAX_AGE=-1, TOKEN_CACHE=./cache ...), but 28 digits, a hex string that starts
	 * like a duration and "15mx" could be keys and still fail (distroless:1 above) */
	for (size_t i = 0; i < r410->n_findings; i++)
		assert_string_not_equal(r410->findings[i].name, "clean:1");
	run_end(&run);
}

static char *render(const struct report *rep, report_write_fn fn)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	struct render_options o = {.verbose = true, .remediation = true};
	assert_int_equal(fn(f, rep, &o), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* No secret value, not even a part of one, reaches a report of any check. */
static void test_no_secret_values(void **state)
{
	static const char *const secrets[] = {
	    "hunter2",
	    "AKIAIOSFODNN7EXAMPLE",
	    "AKIAIOSF",
	    "ghp_R2d2C3poBb8Yoda0Luke1Leia2Han3Solo45",
	    "R2d2C3po",
	    "labelsecret123",
	    "npm_Y0daLuke1Leia2Han3Solo4Chewie5R2d2C3",
	    "Chewie5",
	    "s3cr3tpass",
	    "eyJhbGciOiJIUzI1NiJ9",
	    "c2lnbmF0dXJlLXZhbHVl",
	    "xoxb-1234567890",
	};
	static const char *const edge_secrets[] = {
	    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
	    "AIzaSyA1234567890",
	    "github_pat_11ABCDEFG",
	    "ghs_0123456789abcdef",
	};
	struct run run;
	run_start(&run, "images-real", "images-proc", NULL, true, NULL);
	assert_true(run.rep.n_results > 12);
	_cleanup_free_ char *json = render(&run.rep, report_write_json);
	_cleanup_free_ char *text = render(&run.rep, report_write_text);
	for (size_t i = 0; i < ARRAY_SIZE(secrets); i++) {
		if (strstr(json, secrets[i]))
			fail_msg("'%s' appears in the JSON report", secrets[i]);
		if (strstr(text, secrets[i]))
			fail_msg("'%s' appears in the text report", secrets[i]);
	}
	/* the secrets are there to be found */
	assert_non_null(strstr(json, "DB_PASSWORD"));
	assert_non_null(strstr(json, "GITHUB_TOKEN"));
	run_end(&run);

	run_start(&run, "images-edge", "bare", NULL, true, NULL);
	_cleanup_free_ char *json2 = render(&run.rep, report_write_json);
	_cleanup_free_ char *text2 = render(&run.rep, report_write_text);
	for (size_t i = 0; i < ARRAY_SIZE(edge_secrets); i++)
		if (strstr(json2, edge_secrets[i]) || strstr(text2, edge_secrets[i]))
			fail_msg("'%s' appears in a report", edge_secrets[i]);
	run_end(&run);
}

/* The image command judges images only: containers do not count, whatever they run as. */
static void test_image_command_scope(void **state)
{
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "images-proc", &h), 0);
	char *names[] = {"appuser:1", "clean", NULL};
	struct ctx_config cfg = {.fixture_dir = DOCKER "images-real",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .image_names = names};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char *only[] = {"4.1", NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	assert_int_equal(rep.results[0].status, DA_PASS);
	assert_int_equal(rep.results[0].n_findings, 0);
	assert_non_null(strstr(rep.results[0].detail, "all 2 images"));
	report_release(&rep);
	ctx_free(ctx);
	hostfs_free(h);
}

/* 4.1 on BusyBox and Alpine images: they have no useradd, the fix is a numeric USER. Both ways
 * where the images are not known to lack it. */
static void test_user_fix(void **state)
{
	(void)state;
	struct hostfs *h = NULL;
	assert_int_equal(hostfs_new(HOSTS "images-proc", &h), 0);
	char *names[] = {"busybox:latest", "bk-alpine:1", NULL};
	struct ctx_config cfg = {.fixture_dir = DOCKER "images-real",
				 .hostfs = h,
				 .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
				 .image_names = names};
	struct audit_ctx *ctx = NULL;
	assert_int_equal(ctx_new(&cfg, &ctx), 0);
	char *only[] = {"4.1", NULL};
	struct selection sel = {.only = only};
	struct report rep = {0};
	assert_int_equal(runner_run(ctx, &sel, &rep), 0);
	assert_int_equal(rep.results[0].status, DA_FAIL);
	const char *rem = rep.results[0].check->remediation;
	assert_non_null(strstr(rem, "  USER 65532:65532\n"));
	assert_non_null(strstr(rem, "BusyBox or Alpine based"));
	assert_null(strstr(rem, "useradd -r"));
	assert_null(strstr(rem, "{{"));
	report_release(&rep);
	ctx_free(ctx);

	/* the whole host: images not known to be BusyBox or Alpine too: both ways */
	struct run run;
	run_start(&run, "images-real", "images-proc", NULL, false, only);
	rem = result_of(&run.rep, "4.1")->check->remediation;
	assert_non_null(strstr(rem, "  USER 65532:65532\n"));
	assert_non_null(strstr(rem, "RUN groupadd -r app && useradd -r -g app app"));
	assert_null(strstr(rem, "{{"));
	run_end(&run);
	hostfs_free(h);
}

/* 4.1: a root image whose container was started with -u 999 is not root in that container:
 * its entrypoint and docker exec run as 999; a container started without -u would be root. */
static void test_user_run_as(void **state)
{
	(void)state;
	char *only[] = {"4.1", NULL};
	struct run run;
	run_start(&run, "images-runas", "images-proc2", NULL, false, only);
	const struct finding *f = finding_named(result_of(&run.rep, "4.1"), "nouser:1");
	assert_null(strstr(f->detail, "still start as root"));
	assert_non_null(strstr(f->detail, "started as user 999 (docker run -u)"));
	assert_non_null(strstr(f->detail, "without -u runs as root"));
	run_end(&run);
	/* started without -u, PID 1 dropped root itself: exec still starts as root */
	run_start(&run, "images-real", "images-proc2", NULL, false, only);
	f = finding_named(result_of(&run.rep, "4.1"), "nouser:1");
	assert_non_null(strstr(f->detail, "docker exec still start as root"));
	run_end(&run);
}

/* ---- the facts module's pure parsers ---- */

static void test_history_parse(void **state)
{
	static const char hist[] =
	    "["
	    "{\"Id\":\"sha256:aaa\",\"CreatedBy\":\"COPY app /app # buildkit\",\"Tags\":[\"x:1\"]},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"RUN |2 A=1 TOKEN=t0k /bin/sh -c make # "
	    "buildkit\"},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c #(nop)  ENV A=1 B=2\"},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c apt-get update\"},"
	    "{\"Id\":\"sha256:bbb\",\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:f00 in / \","
	    "\"Tags\":[\"base:1\"]},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"# debian.sh --arch 'amd64'\",\"Tags\":null},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"\"}"
	    "]";
	cJSON *j = json_parse(hist, strlen(hist));
	assert_non_null(j);
	struct image_steps s = {0};
	char *err = NULL;
	assert_int_equal(image_steps_parse(j, "sha256:aaa", &s, &err), 0);
	assert_int_equal(s.n, 7);
	assert_int_equal(s.steps[0].kind, IMAGE_STEP_NONE);
	assert_int_equal(s.steps[1].kind, IMAGE_STEP_NONE); /* a comment */
	assert_int_equal(s.steps[2].kind, IMAGE_STEP_ADD);
	assert_string_equal(s.steps[2].body, "file:f00 in /");
	assert_true(s.steps[2].inherited);
	assert_string_equal(s.steps[2].ancestor, "base:1");
	assert_int_equal(s.steps[3].kind, IMAGE_STEP_RUN);
	assert_string_equal(s.steps[3].body, "apt-get update");
	assert_false(s.steps[3].inherited);
	assert_int_equal(s.steps[4].kind, IMAGE_STEP_ENV);
	assert_string_equal(s.steps[4].keyword, "ENV");
	assert_string_equal(s.steps[4].body, "A=1 B=2");
	assert_int_equal(s.steps[5].kind, IMAGE_STEP_RUN);
	assert_true(s.steps[5].buildkit);
	assert_string_equal(s.steps[5].body, "make");
	assert_string_equal(s.steps[5].build_args[0], "A=1");
	assert_string_equal(s.steps[5].build_args[1], "TOKEN=t0k");
	assert_null(s.steps[5].build_args[2]);
	assert_int_equal(s.steps[6].kind, IMAGE_STEP_COPY);
	assert_int_equal(s.steps[6].number, 7);
	image_steps_release(&s);
	cJSON_Delete(j);

	static const char bad[] = "[{\"CreatedBy\": 42}]";
	j = json_parse(bad, strlen(bad));
	assert_int_equal(image_steps_parse(j, "sha256:aaa", &s, &err), -EBADMSG);
	assert_non_null(strstr(err, "CreatedBy is not a string"));
	free(err);
	cJSON_Delete(j);
	static const char notarray[] = "{\"message\": \"x\"}";
	j = json_parse(notarray, strlen(notarray));
	err = NULL;
	assert_int_equal(image_steps_parse(j, "sha256:aaa", &s, &err), -EBADMSG);
	free(err);
	cJSON_Delete(j);
}

/*
 * Podman's compat history (captured from Podman 5.4, shortened): the image's own steps carry
 * the image's tags and the id "sha256:<missing>" (the native history says "<missing>"); the
 * base's entry has its own id and tags. Before: the second entry was taken for a tagged
 * ancestor, and every step below it (the lone update, the ADD) for inherited.
 */
static void test_history_parse_podman(void **state)
{
	static const char hist[] =
	    "["
	    "{\"Id\":\"sha256:ccc\",\"CreatedBy\":\"/bin/sh -c #(nop) CMD [\\\"sleep\\\"]\","
	    "\"Tags\":[\"docker.io/library/hc:1\"]},"
	    "{\"Id\":\"sha256:<missing>\",\"CreatedBy\":\"/bin/sh -c #(nop) HEALTHCHECK CMD true\","
	    "\"Tags\":[\"docker.io/library/hc:1\"]},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c apt-get update || true\","
	    "\"Tags\":[\"docker.io/library/hc:1\"]},"
	    "{\"Id\":\"sha256:ddd\",\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:f00 in /f.txt \","
	    "\"Tags\":null},"
	    "{\"Id\":\"sha256:bbb\",\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:b00 in /\","
	    "\"Tags\":[\"docker.io/library/bb:1\"]}"
	    "]";
	cJSON *j = json_parse(hist, strlen(hist));
	assert_non_null(j);
	struct image_steps s = {0};
	char *err = NULL;
	assert_int_equal(image_steps_parse(j, "sha256:aaa", &s, &err), 0);
	assert_int_equal(s.n, 5);
	assert_true(s.steps[0].inherited); /* the base's root filesystem */
	assert_string_equal(s.steps[0].ancestor, "docker.io/library/bb:1");
	for (size_t i = 1; i < 5; i++)
		assert_false(s.steps[i].inherited);
	assert_int_equal(s.steps[1].kind, IMAGE_STEP_ADD);
	assert_int_equal(s.steps[2].kind, IMAGE_STEP_RUN);
	assert_string_equal(s.steps[2].body, "apt-get update || true");
	image_steps_release(&s);
	cJSON_Delete(j);
	(void)state;
}

static void test_proc_parsers(void **state)
{
	assert_true(image_id_equal("sha256:abc", "abc"));
	assert_true(image_id_equal("sha256:abc", "sha256:abc"));
	assert_false(image_id_equal("sha256:abc", "sha256:abd"));
	assert_false(image_id_equal("sha256:", ""));
	assert_false(image_id_equal(NULL, "abc"));

	uint32_t uid;
	bool identity = false;
	assert_int_equal(
	    proc_status_euid("Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n", &uid), 0);
	assert_int_equal(uid, 0); /* the effective uid is the second field */
	assert_int_equal(proc_status_euid("Uid:\t5\t6\t7\t8", &uid), 0);
	assert_int_equal(uid, 6);
	assert_int_equal(proc_status_euid("Name:\tx\n", &uid), -ENOENT);
	assert_int_equal(proc_status_euid("Uid:\tx\ty\n", &uid), -EBADMSG);
	assert_int_equal(proc_status_euid("Uid:\t1\n", &uid), -EBADMSG);
	assert_int_equal(
	    proc_uid_map_inside("         0          0 4294967295\n", 0, &uid, &identity), 0);
	assert_true(identity);
	assert_int_equal(uid, 0);
	assert_int_equal(proc_uid_map_inside("0 100000 65536\n", 100000, &uid, &identity), 0);
	assert_false(identity);
	assert_int_equal(uid, 0);
	assert_int_equal(proc_uid_map_inside("0 100000 65536\n", 101000, &uid, NULL), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(proc_uid_map_inside("0 100000 65536\n", 0, &uid, NULL), -ENOENT);
	assert_int_equal(proc_uid_map_inside("garbage\n", 0, &uid, NULL), -EBADMSG);
	assert_int_equal(proc_uid_map_inside("", 0, &uid, NULL), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finding_details),  cmocka_unit_test(test_edge_details),
	    cmocka_unit_test(test_no_secret_values), cmocka_unit_test(test_image_command_scope),
	    cmocka_unit_test(test_user_fix),	     cmocka_unit_test(test_user_run_as),
	    cmocka_unit_test(test_history_parse),    cmocka_unit_test(test_history_parse_podman),
	    cmocka_unit_test(test_proc_parsers),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + ROWS_RUN("section 4 rows", rows, row_name, row_run);
}
