/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "check.h"
#include "context.h"
#include "facts/daemonconf.h"
#include "fuzz_common.h"
#include "hostfs.h"
#include "report.h"
#include "runner.h"
#include "strutil.h"

/*
 * The daemon's configuration as daemonconf merges it: daemon.json text, dockerd's command
 * line, environment, status, executable and working directory in /proc, the docker.socket
 * unit and its drop-ins, /etc/passwd and /etc/hostname of a fake root, plus the Engine API's
 * /info, /version and /networks/bridge. Input: records "KEY \x1f BODY" separated by \x1e;
 * a key of the table below is that file of the fake root (rewritten for every input in a
 * private directory; a link's body is its target), "@info", "@version", "@networks/bridge"
 * are API answers (see fuzz_api_source), "@env" the audit's environment (KEY=VALUE lines) and
 * "@keys" extra keys to ask for. Then every getter, and the checks of sections 1 to 3, which
 * read these facts, with one writer per input (picked by a hash of it).
 */

#define MAX_RECORDS 64

static const struct {
	const char *path;
	bool link;
} host_files[] = {
    {"etc/docker/daemon.json", false},
    {"etc/docker/alt.json", false},
    {"etc/hostname", false},
    {"etc/passwd", false},
    {"etc/default/docker", false},
    {"home/u/.config/docker/daemon.json", false},
    {"var/snap/docker/current/config/daemon.json", false},
    {"proc/4242/cmdline", false},
    {"proc/4242/environ", false},
    {"proc/4242/status", false},
    {"proc/4242/exe", true},
    {"proc/4242/cwd", true},
    {"proc/4343/cmdline", false},
    {"proc/4343/status", false},
    {"proc/4343/exe", true},
    {"usr/lib/systemd/system/docker.socket", false},
    {"usr/lib/systemd/system/docker.service", false},
    {"etc/systemd/system/docker.socket", false},
    {"etc/systemd/system/docker.socket.d/override.conf", false},
    {"etc/systemd/system/docker.service.d/override.conf", false},
    {"run/docker.sock", true},
    {"var/run", true},
};

static const char *const keys[] = {
    "hosts",
    "icc",
    "log-level",
    "live-restore",
    "tlsverify",
    "tls",
    "tlscacert",
    "tlscert",
    "tlskey",
    "userns-remap",
    "iptables",
    "ip-forward",
    "ip-masq",
    "ip",
    "bip",
    "storage-driver",
    "data-root",
    "exec-root",
    "log-driver",
    "log-opts",
    "authorization-plugins",
    "insecure-registries",
    "registry-mirrors",
    "default-ulimits",
    "cgroup-parent",
    "seccomp-profile",
    "selinux-enabled",
    "no-new-privileges",
    "userland-proxy",
    "experimental",
    "debug",
    "rootless",
    "containerd",
    "default-runtime",
    "init",
    "labels",
    "features",
    "group",
    "pidfile",
    "nonexistent-key",
    "",
};

static char *root_dir;
static struct hostfs *hfs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	root_dir = fuzz_mkdtemp("daemonconf");
	if (fuzz_write_file(root_dir, "var/lib/docker/.keep", "", 0) < 0 ||
	    fuzz_write_file(root_dir, "proc/1/cmdline", "/sbin/init\0", 11) < 0 ||
	    hostfs_new(root_dir, &hfs) < 0)
		fuzz_fail("cannot set up the fake root");
	return 0;
}

static void materialise(const struct fuzz_record *recs, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(host_files); i++) {
		const struct fuzz_record *rec = fuzz_record_find(recs, n, host_files[i].path);
		_cleanup_free_ char *p = xasprintf("%s/%s", root_dir, host_files[i].path);
		if (!p)
			abort();
		unlink(p);
		if (!rec)
			continue;
		if (host_files[i].link) {
			_cleanup_free_ char *target = fuzz_strndup(rec->body, rec->body_len);
			if (*target && !memchr(rec->body, '\0', rec->body_len))
				(void)fuzz_symlink(root_dir, host_files[i].path, target);
		} else if (fuzz_write_file(root_dir, host_files[i].path, rec->body, rec->body_len) <
			   0) {
			fuzz_fail("cannot write %s", host_files[i].path);
		}
	}
}

static void query(const struct daemonconf *dc, const char *key)
{
	struct daemonconf_value v;
	int r = daemonconf_get(dc, key, &v);
	if (r == 0) {
		if (!v.value || !v.origin || !daemonconf_source_name(v.source))
			fuzz_fail("daemonconf_get(%s) returned a value without its origin", key);
	} else if (r != -ENOENT && r != -EIO) {
		fuzz_fail("daemonconf_get(%s) = %d", key, r);
	}
	/* for "hosts", why may also explain listeners that are unknown although hosts is known */
	const char *why = daemonconf_why(dc, key);
	if ((r == -EIO && !why) || (r != -EIO && why && strcmp(key, "hosts") != 0))
		fuzz_fail("daemonconf_why(%s) disagrees with daemonconf_get (%d)", key, r);
	bool b;
	const char *s;
	struct daemonconf_value vb, vs;
	int rb = daemonconf_get_bool(dc, key, &b, &vb);
	int rs = daemonconf_get_string(dc, key, &s, &vs);
	if (r == 0 && ((rb == 0) != cJSON_IsBool(v.value) || (rs == 0) != cJSON_IsString(v.value)))
		fuzz_fail("typed getters of %s disagree with its value", key);
	if (rs == 0 && !s)
		fuzz_fail("daemonconf_get_string(%s) returned NULL", key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_record recs[MAX_RECORDS];
	size_t n = fuzz_split_records(data, size, recs, MAX_RECORDS);
	materialise(recs, n);
	struct fuzz_api api = {.recs = recs, .n = n, .prefix = "@"};

	char *env[18] = {fuzz_strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin")};
	size_t ne = 1;
	const struct fuzz_record *er = fuzz_record_find(recs, n, "@env");
	_cleanup_free_ char *envtext = er ? fuzz_strndup(er->body, er->body_len) : NULL;
	for (char *p = envtext, *e; p && ne < 17; p = e ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		env[ne++] = fuzz_strdup(p);
	}
	env[ne] = NULL;

	struct ctx_config cfg = {
	    .api_source = fuzz_api_source,
	    .api_source_data = &api,
	    .hostfs = hfs,
	    .all_containers = true,
	    .kernel_audit = CTX_KERNEL_AUDIT_DENIED,
	    .env = env,
	};
	struct audit_ctx *ctx = NULL;
	if (ctx_new(&cfg, &ctx) < 0)
		abort();
	const struct daemonconf *dc = NULL;
	const char *err = NULL;
	int r = ctx_daemonconf(ctx, &dc, &err);
	if (r < 0)
		fuzz_fail("ctx_daemonconf failed (%d: %s)", r, err ? err : "");
	const struct daemonconf *again = NULL;
	if (ctx_daemonconf(ctx, &again, NULL) < 0 || again != dc)
		fuzz_fail("ctx_daemonconf is not cached");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		query(dc, keys[i]);
	const struct fuzz_record *kr = fuzz_record_find(recs, n, "@keys");
	_cleanup_free_ char *extra = kr ? fuzz_strndup(kr->body, kr->body_len) : NULL;
	for (char *p = extra, *e; p; p = e ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		query(dc, p);
	}
	char *const *listeners = NULL;
	struct daemonconf_value lv;
	r = daemonconf_listeners(dc, &listeners, &lv);
	if (r == 0 && !listeners)
		fuzz_fail("daemonconf_listeners succeeded without a list");
	if (r < 0 && r != -EIO)
		fuzz_fail("daemonconf_listeners = %d", r);
	(void)daemonconf_file(dc);
	(void)daemonconf_pid(dc);
	for (int s = DAEMONCONF_DEFAULT; s <= DAEMONCONF_API; s++)
		(void)daemonconf_source_error(dc, (enum daemonconf_source)s);

	/* the checks that read these facts, and what the writers make of their findings */
	char s1[] = "1", s2[] = "2", s3[] = "3";
	char *only[] = {s1, s2, s3, NULL};
	struct selection sel = {.only = only};
	struct report rep = {.started_at = "2026-01-01T00:00:00Z", .hostname = fuzz_strdup("h")};
	if (runner_run(ctx, &sel, &rep) < 0)
		fuzz_fail("runner_run failed");
	fuzz_render_formats(&rep, fuzz_format_pick(data, size));
	report_release(&rep);
	ctx_free(ctx);
	for (char **p = env; *p; p++)
		free(*p);
	return 0;
}
