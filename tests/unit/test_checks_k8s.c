/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The k8s-node benchmark, table-driven: fake node roots are built at test time in a temp dir
 * (git keeps neither modes nor owners) with a fake /proc holding the real command lines of a
 * kubeadm node (kubelet, kube-apiserver, etcd), the kubelet's config file and drop-ins, static
 * pod manifests and an EncryptionConfiguration. Each row: scenario x check id -> verdict, and
 * the source that decided. Plus the pure helpers: YAML, flags, drop-in merging.
 */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "rows.h"
#include "../../checks/checks.h"
#include "context.h"
#include "facts/k8s.h"
#include "facts/yaml.h"
#include "hostfs.h"
#include "strutil.h"

/* rows name only the fields they need */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define ETCD_UID 990

static char *base;
static bool as_root;

static char *at(const char *root, const char *path)
{
	char *p = xasprintf("%s/%s%s", base, root, path);
	assert_non_null(p);
	return p;
}

static void mkdirs(const char *abs)
{
	_cleanup_free_ char *p = xstrdup(abs);
	assert_non_null(p);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
}

static void own(const char *abs, mode_t mode, uid_t uid, gid_t gid)
{
	if (as_root && lchown(abs, uid, gid) < 0)
		fail_msg("chown %s: %s", abs, strerror(errno));
	if (chmod(abs, mode) < 0)
		fail_msg("chmod %s: %s", abs, strerror(errno));
}

static void put_bytes(const char *root, const char *path, const char *data, size_t len, mode_t mode)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	own(p, mode, 0, 0);
}

static void put(const char *root, const char *path, const char *text, mode_t mode)
{
	put_bytes(root, path, text, strlen(text), mode);
}

static void put_dir(const char *root, const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *p = at(root, path);
	_cleanup_free_ char *slash = xasprintf("%s/", p);
	mkdirs(slash);
	own(p, mode, uid, gid);
}

static void symlink_at(const char *root, const char *path, const char *target)
{
	_cleanup_free_ char *p = at(root, path);
	mkdirs(p);
	assert_int_equal(symlink(target, p), 0);
}

/* A fake /proc/PID: comm, cmdline from NUL-separated argv, environ, cwd and root links. */
static void proc(const char *root, int pid, const char *comm, const char *const *argv,
		 const char *const *env, const char *cwd)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	_cleanup_free_ char *c = xasprintf("%s\n", comm);
	put(root, path, c, 0444);
	char buf[8192];
	size_t n = 0;
	for (size_t i = 0; argv[i]; i++) {
		size_t l = strlen(argv[i]) + 1;
		assert_true(n + l < sizeof(buf));
		memcpy(buf + n, argv[i], l);
		n += l;
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	put_bytes(root, path, buf, n, 0444);
	n = 0;
	for (size_t i = 0; env && env[i]; i++) {
		size_t l = strlen(env[i]) + 1;
		memcpy(buf + n, env[i], l);
		n += l;
	}
	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	put_bytes(root, path, buf, n, 0400);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	put(root, path, "Name:\tx\nUid:\t0\t0\t0\t0\n", 0444);
	snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
	symlink_at(root, path, cwd);
	snprintf(path, sizeof(path), "/proc/%d/root", pid);
	symlink_at(root, path, "/");
}

/* ---- a kubeadm node, as kubeadm v1.32 writes it ---- */

static const char *const kubelet_argv[] = {
    "/usr/bin/kubelet",
    "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
    "--kubeconfig=/etc/kubernetes/kubelet.conf",
    "--config=/var/lib/kubelet/config.yaml",
    "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
    "--pod-infra-container-image=registry.k8s.io/pause:3.10",
    NULL};

static const char kubelet_config_hardened[] = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
					      "authentication:\n"
					      "  anonymous:\n"
					      "    enabled: false\n"
					      "  webhook:\n"
					      "    cacheTTL: 0s\n"
					      "    enabled: true\n"
					      "  x509:\n"
					      "    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
					      "authorization:\n"
					      "  mode: Webhook\n"
					      "cgroupDriver: systemd\n"
					      "clusterDNS:\n"
					      "- 10.96.0.10\n"
					      "clusterDomain: cluster.local\n"
					      "kind: KubeletConfiguration\n"
					      "rotateCertificates: true\n"
					      "serverTLSBootstrap: true\n"
					      "staticPodPath: /etc/kubernetes/manifests\n"
					      "podPidsLimit: 4096\n"
					      "seccompDefault: true\n"
					      "tlsCipherSuites:\n"
					      "- TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n"
					      "- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";

/* kubeadm's config.yaml as written, with neither anonymous nor readOnlyPort: defaults decide */
static const char kubelet_config_kubeadm[] = "apiVersion: kubelet.config.k8s.io/v1beta1\n"
					     "kind: KubeletConfiguration\n"
					     "authentication:\n"
					     "  x509:\n"
					     "    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
					     "rotateCertificates: true\n"
					     "staticPodPath: /etc/kubernetes/manifests\n"
					     "streamingConnectionIdleTimeout: 0s\n";

static const char *const apiserver_good[] = {
    "kube-apiserver",
    "--advertise-address=10.0.0.10",
    "--allow-privileged=true",
    "--anonymous-auth=false",
    "--audit-log-path=/var/log/kubernetes/audit.log",
    "--authorization-mode=Node,RBAC",
    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
    "--enable-admission-plugins=NodeRestriction",
    "--enable-bootstrap-token-auth=true",
    "--encryption-provider-config=/etc/kubernetes/enc/enc.yaml",
    "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
    "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
    "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
    "--etcd-servers=https://127.0.0.1:2379",
    "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
    "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
    "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
    "--profiling=false",
    "--secure-port=6443",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
    "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256",
    "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
    NULL};

static const char *const apiserver_bad[] = {
    "kube-apiserver",
    "--advertise-address=10.0.0.10",
    "--authorization-mode=AlwaysAllow",
    "--token-auth-file=/etc/kubernetes/tokens.csv",
    "--etcd-servers=http://127.0.0.1:2379",
    "--encryption-provider-config", /* the "--flag value" form */
    "/etc/kubernetes/enc/enc.yaml",
    "--tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA",
    NULL};

static const char *const etcd_good[] = {
    "etcd",
    "--advertise-client-urls=https://10.0.0.10:2379",
    "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
    "--client-cert-auth=true",
    "--data-dir=/var/lib/etcd",
    "--initial-advertise-peer-urls=https://10.0.0.10:2380",
    "--initial-cluster=node1=https://10.0.0.10:2380",
    "--key-file=/etc/kubernetes/pki/etcd/server.key",
    "--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379",
    "--listen-metrics-urls=http://127.0.0.1:2381",
    "--listen-peer-urls=https://10.0.0.10:2380",
    "--name=node1",
    "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
    "--peer-client-cert-auth=true",
    "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
    "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
    "--snapshot-count=10000",
    "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
    NULL};

/* etcd configured through its environment, as distribution units do: no TLS at all */
static const char *const etcd_bad[] = {"/usr/bin/etcd", NULL};
static const char *const etcd_bad_env[] = {
    "ETCD_NAME=node1", "ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379", "ETCD_DATA_DIR=/var/lib/etcd",
    "ETCD_AUTO_TLS=true", NULL};

static const char manifest[] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
			       "spec:\n  containers:\n  - name: x\n    command:\n    - x\n";

static void node_common(const char *s)
{
	put(s, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0644);
	put(s, "/etc/group", "root:x:0:\n", 0644);
	put(s, "/etc/kubernetes/pki/ca.crt", "CLUSTER CA\n", 0644);
	put(s, "/etc/kubernetes/pki/etcd/ca.crt", "ETCD CA\n", 0644);
}

static void build_good(void)
{
	const char *s = "kubeadm-good";
	node_common(s);
	put(s, "/etc/passwd",
	    "root:x:0:0:root:/root:/bin/bash\netcd:x:990:990::/var/lib/etcd:/usr/sbin/nologin\n",
	    0644);
	put(s, "/etc/group", "root:x:0:\netcd:x:990:\n", 0644);
	proc(s, 100, "kubelet", kubelet_argv, NULL, "/");
	put(s, "/var/lib/kubelet/config.yaml", kubelet_config_hardened, 0600);
	put(s, "/etc/kubernetes/kubelet.conf", "apiVersion: v1\nkind: Config\n", 0600);
	put(s, "/usr/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n",
	    0600);
	put(s, "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\n", 0600);
	proc(s, 200, "kube-apiserver", apiserver_good, NULL, "/");
	put(s, "/etc/kubernetes/manifests/kube-apiserver.yaml", manifest, 0600);
	put(s, "/etc/kubernetes/enc/enc.yaml",
	    "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
	    "resources:\n  - resources:\n      - secrets\n    providers:\n"
	    "      - aescbc:\n          keys:\n            - name: key1\n"
	    "              secret: c2VjcmV0IGlzIHNlY3VyZQ==\n      - identity: {}\n",
	    0600);
	put(s, "/etc/kubernetes/admin.conf", "x\n", 0600);
	put(s, "/etc/kubernetes/super-admin.conf", "x\n", 0600);
	proc(s, 300, "etcd", etcd_good, NULL, "/");
	put(s, "/etc/kubernetes/manifests/etcd.yaml", manifest, 0600);
	put_dir(s, "/var/lib/etcd", 0700, ETCD_UID, ETCD_UID);
}

static const char *const kubelet_dropin_argv[] = {
    "/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf",
    "--config=/var/lib/kubelet/config.yaml", "--config-dir=/etc/kubernetes/kubelet.conf.d", NULL};

static void build_bad(void)
{
	const char *s = "kubeadm-bad";
	node_common(s);
	proc(s, 100, "kubelet", kubelet_dropin_argv, NULL, "/");
	/* config.yaml alone is hardened: the drop-ins undo it (kube-bench reads only the file) */
	put(s, "/var/lib/kubelet/config.yaml", kubelet_config_hardened, 0644);
	put(s, "/etc/kubernetes/kubelet.conf.d/10-debug.conf",
	    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
	    "authentication:\n  anonymous:\n    enabled: true\nreadOnlyPort: 10255\n"
	    "authorization:\n  mode: Webhook\n",
	    0600);
	put(s, "/etc/kubernetes/kubelet.conf.d/20-later.conf",
	    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
	    "authorization:\n  mode: AlwaysAllow\nstreamingConnectionIdleTimeout: 0s\n"
	    "tlsCipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]\n",
	    0600);
	put(s, "/etc/kubernetes/kubelet.conf.d/ignored.yaml", "authorization: {mode: Webhook}\n",
	    0600);
	put(s, "/etc/kubernetes/kubelet.conf", "apiVersion: v1\nkind: Config\n", 0644);
	put(s, "/usr/lib/systemd/system/kubelet.service", "[Service]\n", 0644);
	proc(s, 200, "kube-apiserver", apiserver_bad, NULL, "/");
	put(s, "/etc/kubernetes/manifests/kube-apiserver.yaml", manifest, 0644);
	put(s, "/etc/kubernetes/enc/enc.yaml",
	    "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
	    "resources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n"
	    "      - aescbc:\n          keys: [{name: k, secret: c2VjcmV0}]\n",
	    0600);
	put(s, "/etc/kubernetes/admin.conf", "x\n", 0644);
	proc(s, 300, "etcd", etcd_bad, etcd_bad_env, "/");
	put(s, "/etc/kubernetes/manifests/etcd.yaml", manifest, 0644);
	put_dir(s, "/var/lib/etcd", 0755, 0, 0);
}

/* kubeadm's config.yaml as written: no anonymous, authorization or readOnlyPort keys */
static void build_kubeadm_default(void)
{
	const char *s = "kubeadm-default";
	node_common(s);
	proc(s, 100, "kubelet", kubelet_argv, NULL, "/");
	put(s, "/var/lib/kubelet/config.yaml", kubelet_config_kubeadm, 0600);
}

/* No config file at all: the command line's legacy defaults apply. */
static void build_flags_only(void)
{
	const char *s = "flags-only";
	node_common(s);
	static const char *const argv[] = {"/usr/local/bin/kubelet",
					   "--kubeconfig=/etc/kubernetes/kubelet.conf",
					   "--client-ca-file=/etc/kubernetes/pki/ca.crt", NULL};
	proc(s, 100, "kubelet", argv, NULL, "/");
	put(s, "/etc/kubernetes/kubelet.conf", "x\n", 0600);
}

/* EKS AL2023 style: a relative --config (kube-bench #1256), JSON, and a config.json.d. */
static void build_relative(void)
{
	const char *s = "relative";
	node_common(s);
	static const char *const argv[] = {"kubelet",
					   "--config",
					   "config.json",
					   "--config-dir=config.json.d",
					   "--kubeconfig=/var/lib/kubelet/kubeconfig",
					   NULL};
	proc(s, 100, "kubelet", argv, NULL, "/etc/kubernetes/kubelet");
	put(s, "/etc/kubernetes/kubelet/config.json",
	    "{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
	    "\"authentication\":{\"anonymous\":{\"enabled\":true},"
	    "\"x509\":{\"clientCAFile\":\"pki/ca.crt\"}},\"authorization\":{\"mode\":\"Webhook\"}}",
	    0600);
	put(s, "/etc/kubernetes/kubelet/config.json.d/00-nodeadm.conf",
	    "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
	    "\"authentication\":{\"anonymous\":{\"enabled\":false}}}",
	    0600);
	put(s, "/etc/kubernetes/kubelet/pki/ca.crt", "CA\n", 0666);
}

/* k3s runs kubelet, API server and etcd inside its own process. */
static void build_k3s(void)
{
	const char *s = "k3s";
	node_common(s);
	static const char *const argv[] = {"/usr/local/bin/k3s", "server", NULL};
	proc(s, 500, "k3s-server", argv, NULL, "/");
	put(s, "/etc/rancher/k3s/config.yaml", "write-kubeconfig-mode: \"0644\"\n", 0600);
	put_dir(s, "/var/lib/rancher/k3s/server/db/etcd", 0700, 0, 0);
}

static void build_empty(void)
{
	node_common("empty");
	put_dir("empty", "/proc/1", 0755, 0, 0);
	put("empty", "/proc/1/comm", "systemd\n", 0444);
}

/* Not running, but the manifest is there (the kubelet is stopped): the manifest decides. */
static void build_manifest_only(void)
{
	const char *s = "manifest-only";
	node_common(s);
	put(s, "/etc/kubernetes/manifests/kube-apiserver.yaml",
	    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n"
	    "    command:\n    - kube-apiserver\n    - --authorization-mode=Node,RBAC\n"
	    "    - --anonymous-auth=false\n",
	    0600);
	put_dir(s, "/proc", 0755, 0, 0);
}

static int setup(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/da-k8s-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	base = xstrdup(tmpl);
	as_root = geteuid() == 0;
	build_good();
	build_bad();
	build_flags_only();
	build_kubeadm_default();
	build_relative();
	build_k3s();
	build_empty();
	build_manifest_only();
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static int teardown(void **state)
{
	(void)state;
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(base);
	return 0;
}

/* ---- rows ---- */

struct row {
	const char *scenario, *id;
	enum da_status want;
	const char *source; /* the first finding's source, or NULL */
	const char *detail; /* a substring of the verdict's detail, or NULL */
	bool needs_root; /* an owner row: only as root */
};

static const struct check *find_check(const char *id)
{
	for (size_t i = 0; i < k8s_node_section.n; i++)
		if (strcmp(k8s_node_section.checks[i].id, id) == 0)
			return &k8s_node_section.checks[i];
	return NULL;
}

static void row_run(const void *row)
{
	const struct row *r = row;
	if (r->needs_root && !as_root)
		skip();
	const struct check *chk = find_check(r->id);
	assert_non_null(chk);
	_cleanup_free_ char *root = xasprintf("%s/%s", base, r->scenario);
	const struct row_audit a = {.host = root}; /* no daemon */
	const struct row_want w = {
	    .status = r->want, .detail = r->detail, .first_source = r->source};
	rows_check(&a, r->id, chk, &w);
}

static void row_name(const void *row, char *buf, size_t size)
{
	const struct row *r = row;
	snprintf(buf, size, "%s %s", r->id, r->scenario);
}

#define P DA_PASS
#define F DA_FAIL
#define K DA_SKIP
#define M DA_MANUAL
#define ERR DA_ERROR

static const struct row rows[] = {
    /* hardened kubeadm node: everything passes */
    {"kubeadm-good", "k8s-1.1.1", P},
    {"kubeadm-good", "k8s-1.1.2", P, .needs_root = true},
    {"kubeadm-good", "k8s-1.1.7", P},
    {"kubeadm-good", "k8s-1.1.8", P, .needs_root = true},
    {"kubeadm-good", "k8s-1.1.11", P},
    {"kubeadm-good", "k8s-1.1.12", P, .needs_root = true},
    {"kubeadm-good", "k8s-1.1.13", P},
    {"kubeadm-good", "k8s-1.1.14", P, .needs_root = true},
    {"kubeadm-good", "k8s-1.2.1", P},
    {"kubeadm-good", "k8s-1.2.2", P},
    {"kubeadm-good", "k8s-1.2.4", P},
    {"kubeadm-good", "k8s-1.2.5", P},
    {"kubeadm-good", "k8s-1.2.6", P},
    {"kubeadm-good", "k8s-1.2.7", P},
    {"kubeadm-good", "k8s-1.2.8", P},
    {"kubeadm-good", "k8s-1.2.14", P},
    {"kubeadm-good", "k8s-1.2.15", P},
    {"kubeadm-good", "k8s-1.2.16", P},
    {"kubeadm-good", "k8s-1.2.23", P},
    {"kubeadm-good", "k8s-1.2.24", P},
    {"kubeadm-good", "k8s-1.2.25", P},
    {"kubeadm-good", "k8s-1.2.26", P},
    {"kubeadm-good", "k8s-1.2.27", P},
    {"kubeadm-good", "k8s-1.2.28", P, .detail = "aescbc"},
    {"kubeadm-good", "k8s-1.2.29", P},
    {"kubeadm-good", "k8s-2.1", P},
    {"kubeadm-good", "k8s-2.2", P},
    {"kubeadm-good", "k8s-2.3", P},
    {"kubeadm-good", "k8s-2.4", P},
    {"kubeadm-good", "k8s-2.5", P},
    {"kubeadm-good", "k8s-2.6", P},
    {"kubeadm-good", "k8s-2.7", P},
    {"kubeadm-good", "k8s-4.1.1", P},
    {"kubeadm-good", "k8s-4.1.2", P, .needs_root = true},
    {"kubeadm-good", "k8s-4.1.5", P},
    {"kubeadm-good", "k8s-4.1.6", P, .needs_root = true},
    {"kubeadm-good", "k8s-4.1.7", P},
    {"kubeadm-good", "k8s-4.1.8", P, .needs_root = true},
    {"kubeadm-good", "k8s-4.1.9", P},
    {"kubeadm-good", "k8s-4.1.10", P, .needs_root = true},
    {"kubeadm-good", "k8s-4.2.1", P, .detail = "config file /var/lib/kubelet/config.yaml"},
    {"kubeadm-good", "k8s-4.2.2", P},
    {"kubeadm-good", "k8s-4.2.3", P},
    {"kubeadm-good", "k8s-4.2.4", P, .detail = "KubeletConfiguration v1beta1"},
    {"kubeadm-good", "k8s-4.2.5", P},
    {"kubeadm-good", "k8s-4.2.6", P},
    {"kubeadm-good", "k8s-4.2.7", P},
    {"kubeadm-good", "k8s-4.2.8", P},
    {"kubeadm-good", "k8s-4.2.9", P, .detail = "serverTLSBootstrap"},
    {"kubeadm-good", "k8s-4.2.10", P},
    {"kubeadm-good", "k8s-4.2.11", P},
    {"kubeadm-good", "k8s-4.2.12", P},
    {"kubeadm-good", "k8s-4.2.13", P},
    {"kubeadm-good", "k8s-4.2.14", P},
    /* badly configured node */
    {"kubeadm-bad", "k8s-1.1.1", F, "file"},
    {"kubeadm-bad", "k8s-1.1.7", F, "file"},
    {"kubeadm-bad", "k8s-1.1.11", F, "file"},
    {"kubeadm-bad", "k8s-1.1.12", F, .detail = "1 of 1", .needs_root = true},
    {"kubeadm-bad", "k8s-1.1.13", F},
    {"kubeadm-bad", "k8s-1.2.1", F, "default"},
    {"kubeadm-bad", "k8s-1.2.2", F, "flag"},
    {"kubeadm-bad", "k8s-1.2.4", F},
    {"kubeadm-bad", "k8s-1.2.5", F},
    {"kubeadm-bad", "k8s-1.2.6", F, "flag"},
    {"kubeadm-bad", "k8s-1.2.7", F},
    {"kubeadm-bad", "k8s-1.2.16", F},
    {"kubeadm-bad", "k8s-1.2.23", F},
    {"kubeadm-bad", "k8s-1.2.24", F},
    {"kubeadm-bad", "k8s-1.2.25", F},
    {"kubeadm-bad", "k8s-1.2.27", P},
    {"kubeadm-bad", "k8s-1.2.28", F, "file", "other than aescbc"},
    {"kubeadm-bad", "k8s-1.2.29", F},
    {"kubeadm-bad", "k8s-2.1", F, "unset"},
    {"kubeadm-bad", "k8s-2.2", F, "default"},
    {"kubeadm-bad", "k8s-2.3", F, "env"},
    {"kubeadm-bad", "k8s-2.4", F},
    {"kubeadm-bad", "k8s-2.7", F},
    {"kubeadm-bad", "k8s-4.1.1", F},
    {"kubeadm-bad", "k8s-4.1.5", F},
    {"kubeadm-bad", "k8s-4.1.9", F, .detail = "1 of 3"},
    {"kubeadm-bad", "k8s-4.2.1", F, "config-dir", "10-debug.conf"},
    {"kubeadm-bad", "k8s-4.2.2", F, "config-dir", "20-later.conf"},
    {"kubeadm-bad", "k8s-4.2.4", F, "config-dir"},
    {"kubeadm-bad", "k8s-4.2.5", F, "config-dir"},
    {"kubeadm-bad", "k8s-4.2.12", F, "config-dir"},
    /* kubeadm's own config.yaml: the v1beta1 defaults decide (kube-bench fails 4.2.1/4.2.2) */
    {"kubeadm-default", "k8s-4.2.1", P, .detail = "KubeletConfiguration v1beta1"},
    {"kubeadm-default", "k8s-4.2.2", P, .detail = "KubeletConfiguration v1beta1"},
    {"kubeadm-default", "k8s-4.2.4", P},
    /* kubeadm writes 0s; v1beta1 defaulting makes it 4h (kube-bench: "0s" != "0", PASS) */
    {"kubeadm-default", "k8s-4.2.5", P, .detail = "zero value"},
    {"kubeadm-default", "k8s-4.2.9", F},
    {"kubeadm-default", "k8s-4.2.13", F, "default"},
    /* no config file: the kubelet's legacy command line defaults */
    {"flags-only", "k8s-4.2.1", F, "default", "no config file"},
    {"flags-only", "k8s-4.2.2", F, "default"},
    {"flags-only", "k8s-4.2.3", P, .detail = "--client-ca-file"},
    {"flags-only", "k8s-4.2.4", F, "default"},
    {"flags-only", "k8s-4.2.10", F, "default"},
    {"flags-only", "k8s-4.2.13", F, "default"},
    {"flags-only", "k8s-4.2.14", F, "default"},
    {"flags-only", "k8s-4.1.9", K, .detail = "no config file"},
    {"flags-only", "k8s-4.1.1", K, .detail = "not started by systemd"},
    {"flags-only", "k8s-4.1.5", P},
    {"flags-only", "k8s-1.2.6", K, .detail = "no kube-apiserver on this node"},
    {"flags-only", "k8s-2.2", K, .detail = "no etcd on this node"},
    {"flags-only", "k8s-1.1.11", K},
    {"flags-only", "k8s-1.1.13", K},
    /* relative --config against the kubelet's cwd; a drop-in overrides the file */
    {"relative", "k8s-4.2.1", P, .detail = "config.json.d/00-nodeadm.conf"},
    {"relative", "k8s-4.2.2", P, .detail = "/etc/kubernetes/kubelet/config.json"},
    {"relative", "k8s-4.1.7", F, "file"},
    {"relative", "k8s-4.1.9", P},
    /* k3s: the components live inside k3s */
    {"k3s", "k8s-4.2.1", K, .detail = "k3s"},
    {"k3s", "k8s-2.2", K, .detail = "k3s"},
    {"k3s", "k8s-1.2.6", K, .detail = "k3s"},
    /* nothing Kubernetes here */
    {"empty", "k8s-4.2.1", K, .detail = "no kubelet"},
    {"empty", "k8s-4.1.1", K},
    {"empty", "k8s-1.1.1", K},
    {"empty", "k8s-1.2.28", K},
    {"empty", "k8s-2.1", K},
    {"empty", "k8s-2.7", K},
    /* the API server is down, its manifest decides */
    {"manifest-only", "k8s-1.2.6", P, .detail = "manifest"},
    {"manifest-only", "k8s-1.2.1", P},
    {"manifest-only", "k8s-1.2.16", F, "unset"},
};

/* ---- pure helpers ---- */

static void test_yaml(void **state)
{
	(void)state;
	cJSON *t = NULL;
	_cleanup_free_ char *err = NULL;
	const char *y = "a:\n  b: yes\n  c: \"true\"\n  d: 10250\n  e: ~\n  f: [x, y]\n  g: 0s\n";
	assert_int_equal(yaml_parse(y, strlen(y), &t, &err), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "b")));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "c")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "d")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "e")));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "g")));
	cJSON_Delete(t);
	const char *alias = "a: &x [1]\nb: *x\n";
	assert_int_equal(yaml_parse(alias, strlen(alias), &t, &err), -EBADMSG);
	assert_non_null(strstr(err, "alias"));
	free(err);
	err = NULL;
	assert_int_equal(yaml_parse("a: [", 4, &t, &err), -EBADMSG);
	assert_non_null(strstr(err, "line"));
	assert_int_equal(yaml_parse("", 0, &t, NULL), -ENODATA);
}

static void test_flags(void **state)
{
	(void)state;
	char *argv[] = {"--a=1", "--b", "2", "--c", "--a=3", "-d=4", "--", "--e=5", NULL};
	assert_string_equal(k8s_flag(argv, "a", false, false), "3");
	assert_string_equal(k8s_flag(argv, "b", false, false), "2");
	assert_string_equal(k8s_flag(argv, "c", true, false), "true");
	assert_null(k8s_flag(argv, "d", false, false));
	assert_string_equal(k8s_flag(argv, "d", false, true), "4");
	assert_null(k8s_flag(argv, "e", false, false));
	assert_null(k8s_flag(argv, "ab", false, false));
	char *hk[] = {"/usr/bin/hyperkube", "kubelet", NULL};
	size_t arg0 = 0;
	assert_true(k8s_proc_is("hyperkube", hk, K8S_KUBELET, &arg0));
	assert_int_equal(arg0, 2);
}

static void test_merge(void **state)
{
	(void)state;
	cJSON *a = cJSON_Parse("{\"authorization\":{\"mode\":\"Webhook\",\"webhook\":{\"x\":1}},"
			       "\"clusterDNS\":[\"1\",\"2\"],\"featureGates\":{\"A\":true}}");
	cJSON *b = cJSON_Parse("{\"authorization\":{\"mode\":\"AlwaysAllow\"},"
			       "\"clusterDNS\":[\"3\"],\"featureGates\":{\"B\":false}}");
	assert_int_equal(k8s_merge_config(a, b), 0);
	_cleanup_free_ char *s = cJSON_PrintUnformatted(a);
	assert_string_equal(s,
			    "{\"authorization\":{\"mode\":\"AlwaysAllow\",\"webhook\":{\"x\":1}},"
			    "\"clusterDNS\":[\"3\"],\"featureGates\":{\"A\":true,\"B\":false}}");
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void test_encryption(void **state)
{
	(void)state;
	const char *y = "kind: EncryptionConfiguration\nresources:\n- resources: [configmaps]\n"
			"  providers: [{identity: {}}]\n- resources: [secrets]\n"
			"  providers: [{kms: {apiVersion: v2}}, {identity: {}}]\n"
			"- resources: ['*.*']\n  providers: [{identity: {}}]\n";
	cJSON *t = NULL;
	assert_int_equal(yaml_parse(y, strlen(y), &t, NULL), 0);
	_cleanup_strv_free_ char **p = NULL;
	assert_int_equal(k8s_encryption_secret_providers(t, &p), 0);
	assert_int_equal(strv_length(p), 2);
	assert_string_equal(p[0], "kms");
	assert_string_equal(p[1], "identity");
	cJSON_Delete(t);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < k8s_node_section.n; i++) {
		const struct check *c = &k8s_node_section.checks[i];
		assert_true(str_startswith(c->id, "k8s-"));
		assert_true(str_startswith(c->section, "k8s-"));
		assert_non_null(c->run);
		assert_true(c->stride != 0);
		assert_true(c->remediation && *c->remediation);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(c->id, k8s_node_section.checks[j].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_yaml),  cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_merge), cmocka_unit_test(test_encryption),
	    cmocka_unit_test(test_table),
	};
	int failed = cmocka_run_group_tests_name("k8s-node", tests, setup, teardown);
	return failed + rows_run("k8s-node rows", rows, ARRAY_SIZE(rows), sizeof(rows[0]), row_name,
				 row_run, setup, teardown);
}
