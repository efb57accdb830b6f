/* SPDX-License-Identifier: Apache-2.0 */
/* Section 1: host configuration. */
#include "common.h"
#include "checks.h"
#include "hostfs.h"
#include "strutil.h"

/* What one "audit watch on X" row audits: where this host keeps X, and what to call it. */
struct watch_target {
	enum ctx_locate_kind kind;
	const char *name; /* path, binary or unit name */
	const char *what; /* for messages: "the Docker data root" */
};

/* Tampering shows in the log only with write and attribute-change permissions. */
#define WATCH_WANT (AUDIT_WATCH_PERM_W | AUDIT_WATCH_PERM_A)

static char *watch_where(const struct audit_watch *w)
{
	if (w->origin == AUDITRULES_KERNEL)
		return xstrdup("loaded in the kernel");
	return xasprintf("%s:%u", w->file ? w->file : "?", w->line);
}

/* The finding names the path and the exact rule that fixes it on this host. */
static int add_watch_finding(struct result *res, const char *path, const char *source,
			     const char *detail)
{
	_cleanup_free_ char *line = xasprintf("-w %s -p wa -k docker", path);
	_cleanup_free_ char *full = line ? xasprintf("%s; add '%s'", detail, line) : NULL;
	if (!full)
		return -ENOMEM;
	return result_add(res, &(struct finding_spec){.kind = "file",
						      .name = path,
						      .detail = full,
						      .source = source,
						      .value = line});
}

static int audit_watch_judge(struct audit_ctx *ctx, const struct watch_target *t,
			     const struct located *loc, struct result *res);

static int audit_watch_present(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct watch_target *t = chk->arg;
	const struct located *loc = ctx_locate(ctx, t->kind, t->name);
	if (loc->error == -ENOENT)
		return result_skip(res, "%s is not present on this host%s%s", t->what,
				   loc->note ? ": " : "", loc->note ? loc->note : "");
	if (loc->error < 0)
		return result_error(res, "cannot locate %s: %s", t->what,
				    loc->note ? loc->note : strerror(-loc->error));
	int r = audit_watch_judge(ctx, t, loc, res);
	/* a path that was assumed rather than read is part of the verdict */
	if (r >= 0 && loc->source && strcmp(loc->source, "default") == 0 && loc->note &&
	    res->status != DA_ERROR) {
		_cleanup_free_ char *d = TAKE_PTR(res->detail);
		r = result_set(res, res->status, "%s (%s)", d, loc->note);
	}
	return r;
}

static int audit_watch_judge(struct audit_ctx *ctx, const struct watch_target *t,
			     const struct located *loc, struct result *res)
{
	const struct audit_rules_facts *ar = ctx_audit_rules(ctx);
	const struct hostfs *h = ctx_hostfs(ctx);
	const struct audit_watch *w = NULL, *partial = NULL, *fw = NULL, *fpartial = NULL;
	char perms[5], want[5];
	auditrules_perms_str(WATCH_WANT, want);

	if (ar->files_error == 0)
		fw = auditrules_find(&ar->files, h, loc->path, WATCH_WANT, &fpartial);

	if (ar->kernel_error == 0) {
		w = auditrules_find(&ar->kernel, h, loc->path, WATCH_WANT, &partial);
		if (w)
			return result_pass(res, "%s is watched by a loaded audit rule on %s (-p %s)",
					   loc->path, w->path, auditrules_perms_str(w->perms, perms));
		if (partial) {
			_cleanup_free_ char *d = xasprintf(
				"loaded watch on %s has permissions %s, not %s", partial->path,
				auditrules_perms_str(partial->perms, perms), want);
			int r = add_watch_finding(res, loc->path, "kernel", d);
			if (r < 0)
				return r;
			return result_fail(res, "the loaded audit watch on %s does not record %s",
					   loc->path, "writes and attribute changes");
		}
		if (fw) {
			_cleanup_free_ char *where = watch_where(fw);
			_cleanup_free_ char *d = xasprintf(
				"a watch is in %s but not loaded in the kernel; load it with "
				"'augenrules --load'",
				where ? where : "the rules files");
			int r = add_watch_finding(res, loc->path, "kernel", d);
			if (r < 0)
				return r;
			return result_fail(res, "the audit watch on %s is not loaded (%s)", loc->path,
					   where ? where : "rules files");
		}
		int r = add_watch_finding(res, loc->path, "kernel",
					  "no audit rule watches this path");
		if (r < 0)
			return r;
		return result_fail(res, "no loaded audit rule watches %s", loc->path);
	}

	/* The kernel cannot be asked: the rules files decide, and the detail says so. */
	if (ar->files_error < 0)
		return result_error(res,
				    "cannot read the loaded audit rules (%s) nor the rules files (%s)",
				    ar->kernel_error_msg, ar->files_error_msg);
	if (fw) {
		_cleanup_free_ char *where = watch_where(fw);
		return result_pass(res,
				   "%s is watched by %s (-p %s); the loaded rules could not be read "
				   "(%s), so the rules files decided",
				   loc->path, where ? where : "a rules file",
				   auditrules_perms_str(fw->perms, perms), ar->kernel_error_msg);
	}
	_cleanup_free_ char *d =
		fpartial ? xasprintf("the watch in %s:%u has permissions %s, not %s",
				     fpartial->file ? fpartial->file : "?", fpartial->line,
				     auditrules_perms_str(fpartial->perms, perms), want)
			 : xstrdup("no audit rule in /etc/audit/audit.rules or rules.d/ watches "
				   "this path");
	int r = add_watch_finding(res, loc->path, "rules-file", d);
	if (r < 0)
		return r;
	return result_fail(res,
			   "no rules file watches %s; the loaded rules could not be read (%s), so "
			   "the rules files decided",
			   loc->path, ar->kernel_error_msg);
}

#define WATCH_RATIONALE                                                                            \
	"Docker runs as root and every change to its binaries, configuration and data is a "       \
	"change to what every container can do. An audit watch records who touched them, so "     \
	"tampering can be traced afterwards instead of denied."
#define WATCH_JUDGED                                                                               \
	"The path is taken from where this host keeps it (the running process, the daemon's data " \
	"root, the systemd unit directories). It passes when an audit rule loaded in the kernel " \
	"watches that path, or a directory above it, for writes and attribute changes (-w PATH "  \
	"-p wa, or -a always,exit -F path=/dir=). Rules are parsed, not grepped: a rule on a "    \
	"neighbouring or deeper path, or a 'never' rule, does not count. A watch only in "        \
	"/etc/audit/rules.d is a FAIL ('not loaded'). When the kernel cannot be asked (not root, " \
	"no CAP_AUDIT_CONTROL), the rules files decide and the detail says so. A path that does " \
	"not exist on this host is SKIP."
#define WATCH_REMEDIATION(path)                                                                    \
	"Add a watch to /etc/audit/rules.d/docker.rules and load it:\n"                            \
	"  echo '-w " path " -p wa -k docker' >> /etc/audit/rules.d/docker.rules\n"                 \
	"  augenrules --load\n"                                                                    \
	"If this host keeps it elsewhere, use the path shown in the finding."

#define WATCH_ROW(id_, title_, level_, automated_, sev_, kind_, name_, what_, path_)               \
	{                                                                                          \
		.id = id_, .title = title_, .section = "1", .level = level_,                       \
		.automated = automated_, .severity = sev_,                                          \
		.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING, .run = audit_watch_present,  \
		.arg = &(const struct watch_target){kind_, name_, what_},                           \
		.rationale = WATCH_RATIONALE, .judged = WATCH_JUDGED,                               \
		.remediation = WATCH_REMEDIATION(path_),                                            \
	}

static const struct check checks[] = {
	WATCH_ROW("1.1.3", "Ensure auditing is configured for the Docker daemon", 1, true,
		  DA_SEV_MEDIUM, CTX_LOC_BINARY, "dockerd", "the dockerd binary", "/usr/bin/dockerd"),
	WATCH_ROW("1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd",
		  1, true, DA_SEV_MEDIUM, CTX_LOC_FIXED, "/run/containerd", "/run/containerd",
		  "/run/containerd"),
	WATCH_ROW("1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
		  1, false, DA_SEV_MEDIUM, CTX_LOC_DATA_ROOT, NULL, "the Docker data root",
		  "/var/lib/docker"),
	WATCH_ROW("1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker",
		  1, true, DA_SEV_MEDIUM, CTX_LOC_FIXED, "/etc/docker", "/etc/docker", "/etc/docker"),
	WATCH_ROW("1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service",
		  2, true, DA_SEV_MEDIUM, CTX_LOC_UNIT, "docker.service", "the docker.service unit",
		  "/usr/lib/systemd/system/docker.service"),
	WATCH_ROW("1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock",
		  2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/run/containerd/containerd.sock",
		  "the containerd socket", "/run/containerd/containerd.sock"),
	WATCH_ROW("1.1.9", "Ensure auditing is configured for Docker files and directories - docker.socket",
		  2, true, DA_SEV_LOW, CTX_LOC_UNIT, "docker.socket", "the docker.socket unit",
		  "/usr/lib/systemd/system/docker.socket"),
	WATCH_ROW("1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
		  2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/default/docker", "/etc/default/docker",
		  "/etc/default/docker"),
	WATCH_ROW("1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
		  2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/docker/daemon.json",
		  "/etc/docker/daemon.json", "/etc/docker/daemon.json"),
	WATCH_ROW("1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
		  2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/containerd/config.toml",
		  "/etc/containerd/config.toml", "/etc/containerd/config.toml"),
	WATCH_ROW("1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
		  2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/sysconfig/docker", "/etc/sysconfig/docker",
		  "/etc/sysconfig/docker"),
	WATCH_ROW("1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
		  2, true, DA_SEV_LOW, CTX_LOC_BINARY, "containerd", "the containerd binary",
		  "/usr/bin/containerd"),
	WATCH_ROW("1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
		  2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim",
		  "the containerd-shim binary", "/usr/bin/containerd-shim"),
	WATCH_ROW("1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1",
		  2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim-runc-v1",
		  "the containerd-shim-runc-v1 binary", "/usr/bin/containerd-shim-runc-v1"),
	WATCH_ROW("1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2",
		  2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim-runc-v2",
		  "the containerd-shim-runc-v2 binary", "/usr/bin/containerd-shim-runc-v2"),
	WATCH_ROW("1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
		  2, false, DA_SEV_LOW, CTX_LOC_BINARY, "runc", "the runc binary", "/usr/bin/runc"),
};

const struct check_section host_section = {"1", checks, ARRAY_SIZE(checks)};
