/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section 7 (swarm): table-driven check tests over Engine API JSON captured from real swarms
 * (tests/fixtures/docker/swarm-capture.sh) and fake host roots, and the facts module's pure
 * parsers (/proc/net, PEM/DER validity, credential-like variable names).
 */
#include "common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "context.h"
#include "facts/swarm.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

#define DOCKER DA_FIXTURES "/docker/"
#define HOSTS DA_FIXTURES "/hostfs/"

struct row {
	const char *docker; /* scenario under fixtures/docker */
	const char *host; /* fake root under fixtures/hostfs */
	const char *id;
	enum da_status want;
	const char *names; /* comma-separated failing finding names, "" for none */
	const char *errors; /* comma-separated finding names that could not be judged */
	const char *detail; /* a substring the detail must contain, or NULL */
};

/* Scenarios (see swarm-capture.sh): inactive = no swarm; manager = swarm init defaults with
 * enc-net, plain-net, ingress, a secret, services web (uses it) and api (DB_PASSWORD inline);
 * hardened = listen 127.0.0.1, data path address, autolock, 48h, encrypted ingress; worker;
 * even = 2 managers; three/nine = 3/9 managers, one unreachable; longexpiry = 2400h; locked;
 * error = LocalNodeState error; absent = settings left out; badtype, badlists, malformed. */
static const struct row rows[] = {
    /* outside a swarm every check is SKIP, whatever the host */
    {"swarm-inactive", "bare", "7.1", DA_SKIP, "", "",
     "swarm not active (LocalNodeState=inactive)"},
    {"swarm-inactive", "bare", "7.2", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.3", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.4", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.5", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.6", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.7", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.8", DA_SKIP, "", "", "swarm not active"},
    {"swarm-inactive", "bare", "7.9", DA_SKIP, "", "", "swarm not active"},
    {"seed", "debian", "7.2", DA_SKIP, "", "", "swarm not active"},
    /* the daemon is down: ERROR, never SKIP */
    {"unreachable", "swarm-wildcard", "7.1", DA_ERROR, "", "", "could not be reached"},
    {"unreachable", "swarm-wildcard", "7.2", DA_ERROR, "", "", "could not be reached"},
    {"unreachable", "swarm-wildcard", "7.9", DA_ERROR, "", "", "could not be reached"},
    /* /info is not JSON: ERROR for every check */
    {"swarm-malformed", "swarm-wildcard", "7.1", DA_ERROR, "", "", "GET /info"},
    {"swarm-malformed", "swarm-wildcard", "7.2", DA_ERROR, "", "", "GET /info"},
    {"swarm-malformed", "swarm-wildcard", "7.5", DA_ERROR, "", "", "GET /info"},
    {"swarm-malformed", "swarm-wildcard", "7.8", DA_ERROR, "", "", "GET /info"},
    {"swarm-malformed", "swarm-wildcard", "7.9", DA_ERROR, "", "", "GET /info"},
    /* in a swarm that does not answer: ERROR with the daemon's reason */
    {"swarm-error", "swarm-worker", "7.1", DA_ERROR, "", "", "state is 'error': rpc error"},
    {"swarm-error", "swarm-worker", "7.2", DA_ERROR, "", "", "state is 'error'"},
    {"swarm-error", "swarm-worker", "7.5", DA_ERROR, "", "", "state is 'error'"},
    {"swarm-locked", "swarm-specific", "7.1", DA_ERROR, "", "", "state is 'locked'"},
    {"swarm-locked", "swarm-specific", "7.9", DA_ERROR, "", "", "needs to be unlocked"},
    /* ... but a locked node proves auto-lock */
    {"swarm-locked", "swarm-specific", "7.5", DA_PASS, "", "", "the node is locked"},
    {"swarm-locked", "swarm-specific", "7.6", DA_MANUAL, "", "", "unlock-key --rotate"},

    /* 7.1 managers: odd and at most 7 */
    {"swarm-manager", "swarm-wildcard", "7.1", DA_PASS, "", "",
     "1 manager (swarm-mgr1): the minimum; it gives no fault tolerance"},
    {"swarm-hardened", "swarm-specific", "7.1", DA_PASS, "", "", "1 manager"},
    {"swarm-longexpiry", "swarm-specific", "7.1", DA_PASS, "", "", "1 manager"},
    {"swarm-even", "swarm-specific", "7.1", DA_FAIL, "managers", "",
     "2 managers: an even number tolerates no more failures than 1 (0)"},
    {"swarm-three", "swarm-specific", "7.1", DA_PASS, "", "",
     "3 managers, 1 of them unreachable, an odd number tolerating the loss of 1"},
    {"swarm-nine", "swarm-specific", "7.1", DA_FAIL, "managers", "",
     "9 managers, 1 of them unreachable: more than 7"},
    {"swarm-worker", "swarm-worker", "7.1", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.1", DA_ERROR, "", "", "not an array"},
    {"swarm-badlists", "swarm-wildcard", "7.1", DA_ERROR, "", "", "malformed JSON from GET /nodes"},

    /* 7.2 listeners on 2377 and 7946 */
    {"swarm-manager", "swarm-wildcard", "7.2", DA_FAIL, "[::]:2377/tcp,[::]:7946/tcp,[::]:7946/udp",
     "", "3 of 3 swarm sockets listen on every interface"},
    {"swarm-hardened", "swarm-specific", "7.2", DA_PASS, "", "",
     "127.0.0.1:2377/tcp, 127.0.0.1:7946/tcp, 127.0.0.1:7946/udp"},
    /* node-local: judged on a worker too */
    {"swarm-worker", "swarm-worker", "7.2", DA_PASS, "", "",
     "127.0.0.2:7946/tcp, 127.0.0.2:7946/udp"},
    {"swarm-worker", "swarm-wildcard", "7.2", DA_FAIL, "[::]:2377/tcp,[::]:7946/tcp,[::]:7946/udp",
     "", NULL},
    {"swarm-manager", "swarm-otherns", "7.2", DA_ERROR, "", "", "another network namespace"},
    {"swarm-manager", "bare", "7.2", DA_ERROR, "", "", "cannot read '/proc/net/tcp'"},
    {"swarm-manager", "swarm-noudp", "7.2", DA_ERROR, "", "", "cannot read '/proc/net/udp'"},
    {"swarm-manager", "swarm-badproc", "7.2", DA_ERROR, "", "",
     "'/proc/net/tcp' line 2 is malformed"},

    /* 7.3 overlay networks: ingress fails too, bridges are not looked at */
    {"swarm-manager", "swarm-wildcard", "7.3", DA_FAIL, "plain-net,ingress", "",
     "2 of 3 overlay networks are not encrypted"},
    {"swarm-hardened", "swarm-specific", "7.3", DA_PASS, "", "",
     "all 2 overlay networks are encrypted"},
    {"swarm-worker", "swarm-worker", "7.3", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.3", DA_FAIL, "plain-net,ingress", "enc-net", NULL},
    {"swarm-badlists", "swarm-wildcard", "7.3", DA_ERROR, "", "", "GET /networks"},

    /* 7.4 secrets in use, credentials not in the environment (by name, never by value) */
    {"swarm-manager", "swarm-wildcard", "7.4", DA_FAIL, "api", "",
     "1 of 2 services passes 1 credential"},
    {"swarm-hardened", "swarm-specific", "7.4", DA_PASS, "", "",
     "1 of 1 service get secrets through docker secret (1 secret"},
    {"swarm-absent", "swarm-specific", "7.4", DA_MANUAL, "", "",
     "no service uses a swarm secret (0 secrets, 0 services)"},
    {"swarm-worker", "swarm-worker", "7.4", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.4", DA_ERROR, "", "", "cannot list secrets"},
    {"swarm-badlists", "swarm-wildcard", "7.4", DA_ERROR, "", "", "cannot list secrets"},

    /* 7.5 auto-lock */
    {"swarm-manager", "swarm-wildcard", "7.5", DA_FAIL, "autolock", "", "auto-lock is off"},
    {"swarm-hardened", "swarm-specific", "7.5", DA_PASS, "", "", "auto-lock is on"},
    {"swarm-absent", "swarm-specific", "7.5", DA_FAIL, "autolock", "", "(Docker's default)"},
    {"swarm-worker", "swarm-worker", "7.5", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.5", DA_ERROR, "", "",
     "AutoLockManagers is not a boolean"},

    /* 7.6 unlock key rotation: manual when there is a key */
    {"swarm-hardened", "swarm-specific", "7.6", DA_MANUAL, "", "",
     "docker swarm unlock-key --rotate"},
    {"swarm-manager", "swarm-wildcard", "7.6", DA_SKIP, "", "", "auto-lock is off"},
    {"swarm-worker", "swarm-worker", "7.6", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.6", DA_ERROR, "", "", NULL},

    /* 7.7 node certificate validity: at most 90 days */
    {"swarm-manager", "swarm-wildcard", "7.7", DA_PASS, "", "",
     "2160h (90 days), Docker's default"},
    {"swarm-hardened", "swarm-specific", "7.7", DA_PASS, "", "", "48h (2 days)"},
    {"swarm-longexpiry", "swarm-specific", "7.7", DA_FAIL, "cert-expiry", "",
     "2400h (100 days), longer than"},
    {"swarm-absent", "swarm-specific", "7.7", DA_PASS, "", "", "Docker's default"},
    {"swarm-worker", "swarm-worker", "7.7", DA_SKIP, "", "", "not a manager"},
    {"swarm-badtype", "swarm-wildcard", "7.7", DA_ERROR, "", "", "NodeCertExpiry"},

    /* 7.8 root CA: its dates, from the API on a manager and from the file on a worker */
    {"swarm-manager", "bare", "7.8", DA_INFO, "", "", "issued on 2026-11-22 ("},
    {"swarm-manager", "bare", "7.8", DA_INFO, "", "", "expires on 2046-11-17"},
    {"swarm-manager", "bare", "7.8", DA_INFO, "", "",
     "(GET /info Swarm.Cluster.TLSInfo.TrustRoot)"},
    {"swarm-worker", "swarm-worker", "7.8", DA_INFO, "", "",
     "(/var/lib/docker/swarm/certificates/swarm-root-ca.crt)"},
    {"swarm-worker", "bare", "7.8", DA_ERROR, "", "",
     "cannot read '/var/lib/docker/swarm/certificates/swarm-root-ca.crt'"},
    {"swarm-badtype", "swarm-wildcard", "7.8", DA_ERROR, "", "", "cannot parse the certificate"},

    /* 7.9 data path address apart from the management address */
    {"swarm-manager", "swarm-wildcard", "7.9", DA_FAIL, "data-path-addr", "",
     "management and data traffic share 127.0.0.1"},
    {"swarm-hardened", "swarm-specific", "7.9", DA_PASS, "", "",
     "data traffic uses 10.20.0.5, management traffic 127.0.0.1"},
    {"swarm-hardened", "swarm-samepath", "7.9", DA_FAIL, "data-path-addr", "", NULL},
    /* node-local: judged on a worker too */
    {"swarm-worker", "swarm-worker", "7.9", DA_FAIL, "data-path-addr", "", "share 127.0.0.2"},
    {"swarm-hardened", "bare", "7.9", DA_ERROR, "", "",
     "cannot read '/var/lib/docker/swarm/docker-state.json'"},
    {"swarm-hardened", "swarm-badstate", "7.9", DA_ERROR, "", "", "DataPathAddr is not a string"},
    {"swarm-hardened", "swarm-brokenstate", "7.9", DA_ERROR, "", "", "is not a JSON object"},
};

/* Run one check on a scenario; the report is given to the caller. */
static void run_check(const char *docker, const char *host, const char *id, struct report *rep)
{
	_cleanup_free_ char *dir = xasprintf(DOCKER "%s", docker);
	_cleanup_free_ char *root = xasprintf(HOSTS "%s", host);
	*rep = rows_audit(&(struct row_audit){.docker = dir, .host = root}, id);
}

static void row_name(const void *r, char *buf, size_t size)
{
	const struct row *row = r;
	snprintf(buf, size, "%s %s/%s", row->id, row->docker, row->host);
}

static void row_run(const void *r)
{
	const struct row *row = r;
	_cleanup_free_ char *docker = xasprintf(DOCKER "%s", row->docker);
	_cleanup_free_ char *host = xasprintf(HOSTS "%s", row->host);
	const struct row_audit a = {.docker = docker, .host = host};
	const struct row_want w = {
	    .status = row->want, .detail = row->detail, .names = row->names, .errors = row->errors};
	rows_check(&a, row->id, NULL, &w);
}

static const struct finding *find(const struct result *res, const char *name)
{
	for (size_t i = 0; i < res->n_findings; i++)
		if (strcmp(res->findings[i].name, name) == 0)
			return &res->findings[i];
	return NULL;
}

/* Findings carry their object's kind, id and the value that failed. */
static void test_finding_fields(void **state)
{
	struct report rep = {0};
	run_check("swarm-manager", "swarm-wildcard", "7.3", &rep);
	const struct finding *f = find(&rep.results[0], "plain-net");
	assert_non_null(f);
	assert_string_equal(f->kind, "network");
	assert_string_equal(f->id, "or9hajlup1z98149e1bcf3vn1");
	assert_string_equal(f->source, "api");
	f = find(&rep.results[0], "ingress");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "cannot be changed in place"));
	report_release(&rep);

	run_check("swarm-manager", "swarm-wildcard", "7.2", &rep);
	f = find(&rep.results[0], "[::]:2377/tcp");
	assert_non_null(f);
	assert_string_equal(f->kind, "host");
	assert_string_equal(f->value, "::");
	assert_string_equal(f->source, "kernel");
	assert_non_null(strstr(f->detail, "cluster management"));
	/* the namespace read is named: the fixture's /proc/net -> self/net -> 4242/net */
	assert_non_null(strstr(rep.results[0].detail, "/proc/net"));
	assert_non_null(strstr(rep.results[0].detail, "docker-audit's own network namespace"));
	report_release(&rep);

	run_check("swarm-manager", "swarm-wildcard", "7.5", &rep);
	f = find(&rep.results[0], "autolock");
	assert_non_null(f);
	assert_string_equal(f->kind, "swarm");
	assert_string_equal(f->id, "3id823v72f2waj8z2xikwhupq");
	assert_string_equal(f->value, "false");
	report_release(&rep);

	run_check("swarm-longexpiry", "swarm-specific", "7.7", &rep);
	f = find(&rep.results[0], "cert-expiry");
	assert_non_null(f);
	assert_string_equal(f->value, "8640000000000000");
	report_release(&rep);

	run_check("swarm-worker", "swarm-worker", "7.9", &rep);
	f = find(&rep.results[0], "data-path-addr");
	assert_non_null(f);
	assert_string_equal(f->source, "file");
	assert_string_equal(f->value, "");
	assert_string_equal(f->id, "183t1x383g43xr0adzeu2f80e");
	report_release(&rep);
}

/* A credential in a service's environment is named, never shown. */
static void test_secret_values_never_printed(void **state)
{
	struct report rep = {0};
	run_check("swarm-manager", "swarm-wildcard", "7.4", &rep);
	const struct result *res = &rep.results[0];
	assert_int_equal(res->status, DA_FAIL);
	assert_null(strstr(res->detail, "hunter2"));
	assert_int_equal(res->n_findings, 1);
	const struct finding *f = &res->findings[0];
	assert_string_equal(f->name, "api");
	assert_string_equal(f->kind, "swarm");
	assert_string_equal(f->value, "DB_PASSWORD");
	assert_non_null(strstr(f->detail, "DB_PASSWORD"));
	assert_null(strstr(f->detail, "hunter2"));
	report_release(&rep);
}

/* ---- /proc/net ---- */

static const unsigned both_ports[] = {SWARM_PORT_MANAGEMENT, SWARM_PORT_GOSSIP};

static void test_proc_net_v4(void **state)
{
	/* a listener, a specific listener, an established connection from and to 2377, another
	 * port, and a line with trailing blanks */
	static const char text[] =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
	    "   0: 00000000:0949 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
	    "   1: 0A00000A:1F0A 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
	    "   2: 0100007F:0949 0200007F:C350 01 00000000:00000000 00:00000000 00000000 0\n"
	    "   3: 0200007F:C350 0100007F:0949 01 00000000:00000000 00:00000000 00000000 0\n"
	    "   4: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0   \n"
	    "\n";
	struct swarm_socket *v = NULL;
	size_t n = 0;
	assert_int_equal(swarm_parse_proc_net(text, "tcp", both_ports, 2, &v, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].addr, "0.0.0.0");
	assert_int_equal(v[0].port, 2377);
	assert_true(v[0].wildcard);
	assert_string_equal(v[0].proto, "tcp");
	assert_string_equal(v[1].addr, "10.0.0.10");
	assert_int_equal(v[1].port, 7946);
	assert_false(v[1].wildcard);
	free(v);
}

static void test_proc_net_v6_udp(void **state)
{
	static const char text[] =
	    "  sl  local_address                         remote_address                        st\n"
	    "10212: 00000000000000000000000000000000:1F0A 00000000000000000000000000000000:0000 07 "
	    "0\n"
	    "10213: 0000000000000000FFFF00000100007F:1F0A 00000000000000000000000000000000:0000 07 "
	    "0\n"
	    "10214: 00000000000000000000000001000000:1F0A 00000000000000000000000001000000:1F0A 01 "
	    "0\n"
	    "10215: 000080FE00000000000000000100000A:0949 00000000000000000000000000000000:0000 07 "
	    "0\n";
	static const unsigned gossip[] = {SWARM_PORT_GOSSIP};
	struct swarm_socket *v = NULL;
	size_t n = 0;
	assert_int_equal(swarm_parse_proc_net(text, "udp6", gossip, 1, &v, &n, NULL), 0);
	assert_int_equal(n, 2); /* the connected one and the one on 2377 are left out */
	assert_string_equal(v[0].addr, "::");
	assert_true(v[0].wildcard);
	assert_string_equal(v[1].addr, "::ffff:127.0.0.1");
	assert_false(v[1].wildcard);
	assert_string_equal(v[1].proto, "udp6");
	free(v);
}

static void test_proc_net_malformed(void **state)
{
	static const char *const bad[] = {
	    "h\n   0: 0000000:0949 00000000:0000 0A 0\n", /* 7 hex digits */
	    "h\n   0: 00000000:0949 00000000:0000\n", /* no state */
	    "h\n   0: 0000000G:0949 00000000:0000 0A 0\n", /* not hex */
	    "h\n   0 00000000:0949 00000000:0000 0A 0\n", /* no colon after sl */
	    "h\n   0: 00000000-0949 00000000:0000 0A 0\n", /* no port separator */
	    "h\n   0: 00000000:0949 00000000:0000 0AB 0\n", /* state of 3 digits */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct swarm_socket *v = NULL;
		size_t n = 0, line = 0;
		assert_int_equal(swarm_parse_proc_net(bad[i], "tcp", both_ports, 2, &v, &n, &line),
				 -EBADMSG);
		assert_int_equal(line, 2);
		free(v);
	}
	/* a v4 address in a v6 file is malformed too */
	struct swarm_socket *v = NULL;
	size_t n = 0;
	assert_int_equal(swarm_parse_proc_net("h\n 0: 00000000:0949 00000000:0000 0A\n", "tcp6",
					      both_ports, 2, &v, &n, NULL),
			 -EBADMSG);
	free(v);
	/* only a header: nothing, no error */
	assert_int_equal(
	    swarm_parse_proc_net("  sl  local_address\n", "tcp", both_ports, 2, &v, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(swarm_parse_proc_net("", "tcp", both_ports, 2, &v, &n, NULL), 0);
	assert_int_equal(n, 0);
}

/* ---- PEM / DER ---- */

/* swarm's own root CA (UTCTime): 2026-11-22 07:32:00 .. 2046-11-17 07:32:00 */
static const char swarm_ca[] = "-----BEGIN CERTIFICATE-----\n"
			       "MIIBazCCARCgAwIBAgIUHw8H7PZ7DsPmJ22QXO64jJQy+hQwCgYIKoZIzj0EAwIw\n"
			       "EzERMA8GA1UEAxMIc3dhcm0tY2EwHhcNMjYxMTIyMDczMjAwWhcNNDYxMTE3MDcz\n"
			       "MjAwWjATMREwDwYDVQQDEwhzd2FybS1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
			       "A0IABG67l92s3ViO3Y1/r9zYKUqJTQr0Zpdv81YVHRJ8OW9IkTcbhjS4rutZpb+O\n"
			       "WawLG/HzoyPJzIcPmZ21VvrKmnyjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMB\n"
			       "Af8EBTADAQH/MB0GA1UdDgQWBBSlhBDPC4Ji98bsJOnqaJo+9sEd3zAKBggqhkjO\n"
			       "PQQDAgNJADBGAiEA13XDspSisz+nTJmNf4ORrrmRUwb6KpVl5Q5NbKdsKfcCIQCG\n"
			       "B3R1QPHJ0Ogd+Zw6ip/egvLzUtpKce9T4lK8o1fUNw==\n"
			       "-----END CERTIFICATE-----\n";

/* openssl req -x509 -days 20000: notAfter past 2049 is a GeneralizedTime;
 * 2026-11-22 07:40:50 .. 2081-08-25 07:40:50 */
static const char generalized[] =
    "-----BEGIN CERTIFICATE-----\r\n"
    "MIIBdTCCARugAwIBAgIUGWviS9zTT0psjeXYePCemC6xJ3cwCgYIKoZIzj0EAwIw\r\n"
    "DzENMAsGA1UEAwwEdGVzdDAgFw0yNjExMjIwNzQwNTBaGA8yMDgxMDgyNTA3NDA1\r\n"
    "MFowDzENMAsGA1UEAwwEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCeQ\r\n"
    "UWQ7CXqABhT7y0/5ssTA84kza6Ei8FV6mYCkzb7ub5D+MMeuGhscMidPS4r63uvo\r\n"
    "11z8xHQmwPJGS19ooF2jUzBRMB0GA1UdDgQWBBTsz0d7PiF+7uw/ho5v5zgZpWwV\r\n"
    "xzAfBgNVHSMEGDAWgBTsz0d7PiF+7uw/ho5v5zgZpWwVxzAPBgNVHRMBAf8EBTAD\r\n"
    "AQH/MAoGCCqGSM49BAMCA0gAMEUCIGuFVq4GAtcmpWXI0KaaSV5g0eWmbhkTiKcq\r\n"
    "yJA09fjjAiEAusT9IrFX8qQvAP2hfqiewm2F5pNTJGd0iaen1h7ldd8=\r\n"
    "-----END CERTIFICATE-----\r\n";

static void test_pem_validity(void **state)
{
	int64_t nb = 0, na = 0;
	size_t n = 0;
	assert_int_equal(swarm_pem_validity(swarm_ca, &nb, &na, &n), 0);
	assert_int_equal(nb, 1795332720);
	assert_int_equal(na, 2426052720);
	assert_int_equal(n, 1);
	assert_int_equal(swarm_pem_validity(generalized, &nb, &na, NULL), 0);
	assert_int_equal(nb, 1795333250);
	assert_int_equal(na, 3523333250);

	/* a bundle mid-rotation: the first certificate's dates, every certificate counted */
	_cleanup_free_ char *bundle = xasprintf("%s%s", generalized, swarm_ca);
	assert_int_equal(swarm_pem_validity(bundle, &nb, &na, &n), 0);
	assert_int_equal(nb, 1795333250);
	assert_int_equal(n, 2);
}

static void test_pem_malformed(void **state)
{
	int64_t nb = 7, na = 7;
	assert_int_equal(swarm_pem_validity("", &nb, &na, NULL), -ENOENT);
	assert_int_equal(swarm_pem_validity("-----BEGIN PUBLIC KEY-----\nAAAA\n", &nb, &na, NULL),
			 -ENOENT);
	/* no end line, bad base64, misplaced padding, not DER, a truncated certificate */
	assert_int_equal(swarm_pem_validity("-----BEGIN CERTIFICATE-----\nMIIB\n", &nb, &na, NULL),
			 -EBADMSG);
	assert_int_equal(swarm_pem_validity("-----BEGIN CERTIFICATE-----\nMI*B\n"
					    "-----END CERTIFICATE-----\n",
					    &nb, &na, NULL),
			 -EBADMSG);
	assert_int_equal(swarm_pem_validity("-----BEGIN CERTIFICATE-----\nMI==MIIB\n"
					    "-----END CERTIFICATE-----\n",
					    &nb, &na, NULL),
			 -EBADMSG);
	assert_int_equal(swarm_pem_validity("-----BEGIN CERTIFICATE-----\nAAAA\n"
					    "-----END CERTIFICATE-----\n",
					    &nb, &na, NULL),
			 -EBADMSG);
	/* the first 4 lines of the CA: the lengths point past the end */
	_cleanup_free_ char *cut = xasprintf("%.*s-----END CERTIFICATE-----\n",
					     (int)(strstr(swarm_ca, "WawLG") - swarm_ca), swarm_ca);
	assert_int_equal(swarm_pem_validity(cut, &nb, &na, NULL), -EBADMSG);
	/* a validity that is not a time: the UTCTime tag 0x17 of notBefore replaced by an OCTET
	 * STRING's 0x04 ("HhcN" -> "HgQN" in the base64 of ... 30 1e 17 0d ...) */
	_cleanup_free_ char *bad = xstrdup(swarm_ca);
	char *p = strstr(bad, "Y2EwHhcN");
	assert_non_null(p);
	memcpy(p, "Y2EwHgQN", 8);
	assert_int_equal(swarm_pem_validity(bad, &nb, &na, NULL), -EBADMSG);
	assert_int_equal(nb, 7); /* outputs untouched on failure */
	assert_int_equal(na, 7);
}

/* ---- credential-like variable names ---- */

static void test_env_names(void **state)
{
	static const char *const yes[] = {
	    "DB_PASSWORD",
	    "PASSWORD",
	    "postgres_password",
	    "MYSQL_ROOT_PASSWORD",
	    "PGPASSWORD",
	    "MYSQL_PWD",
	    "GITHUB_TOKEN",
	    "API_KEY",
	    "STRIPE_API_KEY",
	    "AWS_SECRET_ACCESS_KEY",
	    "SECRET",
	    "APP-SECRET",
	    "jwt.secret",
	    "AWS_ACCESS_KEY",
	    "SSH_PRIVATE_KEY",
	    "APIKEY",
	    "GOOGLE_CREDENTIALS",
	    "GPG_PASSPHRASE",
	};
	static const char *const no[] = {
	    "DB_PASSWORD_FILE",
	    "ADMIN_TOKEN_FILE",
	    "TOKEN_URL",
	    "AWS_ACCESS_KEY_ID",
	    "VAULT_TOKEN_PATH",
	    "LOG_LEVEL",
	    "PATH",
	    "PWD",
	    "KEY",
	    "MONKEY",
	    "SECRETARY",
	    "PUBLIC_KEY",
	    "KEYCLOAK_HOST",
	    "PASSWORD_MIN_LENGTH",
	    "",
	    "___",
	};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		if (!swarm_env_name_is_credential(yes[i], strlen(yes[i])))
			fail_msg("'%s' should look like a credential", yes[i]);
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (swarm_env_name_is_credential(no[i], strlen(no[i])))
			fail_msg("'%s' should not look like a credential", no[i]);
	/* only the given length counts: "DB_PASSWORD=x" up to the '=' */
	assert_true(swarm_env_name_is_credential("DB_PASSWORD=x", 11));
	assert_false(swarm_env_name_is_credential("DB_PASSWORD_FILE=x", 16));
}

/* ---- the table ---- */

static void test_table(void **state)
{
	static const char *const ids[] = {"7.1", "7.2", "7.3", "7.4", "7.5",
					  "7.6", "7.7", "7.8", "7.9"};
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct check *c = checks_find(ids[i]);
		assert_non_null(c);
		assert_string_equal(c->section, "7");
		assert_int_equal(c->level, 1);
		assert_false(c->automated); /* every section 7 item is Manual in v1.6.0 */
		assert_true(c->needs & DA_NEED_DAEMON);
		assert_non_null(c->rationale);
		assert_non_null(c->judged);
		assert_non_null(c->remediation);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finding_fields),
	    cmocka_unit_test(test_secret_values_never_printed),
	    cmocka_unit_test(test_proc_net_v4),
	    cmocka_unit_test(test_proc_net_v6_udp),
	    cmocka_unit_test(test_proc_net_malformed),
	    cmocka_unit_test(test_pem_validity),
	    cmocka_unit_test(test_pem_malformed),
	    cmocka_unit_test(test_env_names),
	    cmocka_unit_test(test_table),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + ROWS_RUN("section 7 rows", rows, row_name, row_run);
}
