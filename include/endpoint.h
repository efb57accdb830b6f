/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>

/*
 * The Engine API endpoint, resolved exactly as the docker CLI resolves it (docker/cli
 * cli/command/cli.go resolveContextName, resolveDefaultDockerEndpoint, resolveDockerEndpoint;
 * cli/flags/options.go; opts/hosts.go ParseHost), so that docker-audit audits what
 * `docker [same options] ps` lists:
 *
 *   1. --context NAME                  (with -H as well: a usage error, as in the docker CLI)
 *   2. -H URL                          the "default" context with that host
 *   3. DOCKER_HOST (non-empty)         the "default" context with that host
 *   4. DOCKER_CONTEXT (non-empty)
 *   5. currentContext of config.json   in --config DIR, else $DOCKER_CONFIG, else ~/.docker
 *   6. the "default" context           unix:///var/run/docker.sock (tcp://localhost:2376 with TLS)
 *
 * A named context is read from the CLI's store: DIR/contexts/meta/<sha256(name)>/meta.json
 * (Endpoints.docker.Host, SkipTLSVerify) and DIR/contexts/tls/<sha256(name)>/docker/{ca,cert,
 * key}.pem; TLS is on when that directory exists. The "default" context takes TLS from --tls,
 * --tlsverify, --tlscacert, --tlscert, --tlskey, DOCKER_TLS, DOCKER_TLS_VERIFY (any non-empty
 * value) and DOCKER_CERT_PATH (default $DOCKER_CONFIG or ~/.docker), as the docker CLI does.
 *
 * ssh:// and fd:// endpoints, which the docker CLI serves by running ssh or inheriting a file
 * descriptor, are refused with the reason: docker-audit never runs another program.
 */

enum endpoint_source {
	ENDPOINT_SRC_FLAG_CONTEXT, /* --context (or the docker CLI's global --context/-c) */
	ENDPOINT_SRC_FLAG_HOST, /* -H / --host */
	ENDPOINT_SRC_ENV_HOST, /* DOCKER_HOST */
	ENDPOINT_SRC_ENV_CONTEXT, /* DOCKER_CONTEXT */
	ENDPOINT_SRC_CONFIG_CONTEXT, /* currentContext of the CLI's config.json */
	ENDPOINT_SRC_DEFAULT, /* nothing chose one: the default socket */
};

/* What the user gave. Strings are borrowed. A flag not given is NULL (strings) or -1 (tri). */
struct endpoint_request {
	const char *host; /* -H */
	const char *context; /* --context */
	const char *config_dir; /* the docker CLI's --config */
	int tls; /* --tls[=bool]: -1, 0, 1 */
	int tls_verify; /* --tlsverify[=bool]: -1, 0, 1 (given at all: TLS is on) */
	const char *tls_ca, *tls_cert, *tls_key;
	char *const *env; /* the environment (DOCKER_*, HOME) */
};

struct endpoint {
	char *host; /* unix:///path or tcp://host:port */
	char *context; /* "default" or the context's name */
	enum endpoint_source source;
	char *origin; /* how it was chosen, for the report: "context 'x' (DOCKER_CONTEXT)" */
	bool tls;
	bool tls_verify;
	char *tls_ca, *tls_cert, *tls_key; /* PEM file paths, or NULL */
	char *warning; /* something the docker CLI would warn about too (a malformed config.json) */
};

/*
 * Resolve. 0 with *ret set; -EINVAL with *ret_error set to a one-line reason (a context that
 * does not exist, a malformed meta.json, ssh://, both --host and --context, a TLS file that
 * cannot be read); -ENOMEM.
 */
int endpoint_resolve(const struct endpoint_request *req, struct endpoint **ret, char **ret_error);
struct endpoint *endpoint_free(struct endpoint *e);
const char *endpoint_source_name(enum endpoint_source s);
