/* SPDX-License-Identifier: Apache-2.0 */
/* Section 1: host configuration. */
#include "common.h"
#include "buf.h"
#include "checks.h"
#include "facts/accounts.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/files.h"
#include "facts/locate.h"
#include "facts/mounts.h"
#include "facts/units.h"
#include "json.h"
#include "strutil.h"

/* What one "audit watch on X" row audits: where this host keeps X, and what to call it. */
struct watch_target {
	enum ctx_locate_kind kind;
	const char *name; /* path, binary or unit name */
	const char *what; /* for messages: "the Docker data root" */
	/* a locator of its own, when ctx_locate's kinds do not say where X is */
	const struct located *(*locate)(struct audit_ctx *ctx);
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
	return result_add(
	    res,
	    &(struct finding_spec){
		.kind = "file", .name = path, .detail = full, .source = source, .value = line});
}

/*
 * The remediation names what the findings name ({{$path}}, {{$watch-commands}}): one echo per
 * watch rule a finding asks for (a unit's drop-ins, several sockets), else the located path's.
 */
static int set_watch_facts(struct result *res, const char *path)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	int r = 0;
	for (size_t i = 0; i < res->n_findings && r == 0; i++) {
		const struct finding *f = &res->findings[i];
		if (f->error || !f->value || !str_startswith(f->value, "-w "))
			continue;
		_cleanup_free_ char *line =
		    xasprintf("  echo '%s' >> /etc/audit/rules.d/docker.rules", f->value);
		if (!line)
			r = -ENOMEM;
		else if (!strstr(b.data ? b.data : "", line))
			r = buf_printf(&b, "%s%s", b.len ? "\n" : "", line);
	}
	if (r == 0 && b.len == 0 && path)
		r = buf_printf(
		    &b, "  echo '-w %s -p wa -k docker' >> /etc/audit/rules.d/docker.rules", path);
	if (r == 0 && path)
		r = result_fact(res, "path", path);
	if (r == 0 && b.len)
		r = result_fact(res, "watch-commands", b.data);
	buf_release(&b);
	return r < 0 ? -ENOMEM : 0;
}

/* A path that was assumed or taken from configuration rather than read from the daemon is part
 * of the verdict: the detail says how it was found. */
static int append_locate_note(struct result *res, const struct located *loc)
{
	if (!loc->source || !loc->note || res->status == DA_ERROR)
		return 0;
	/* and which process of the serving dockerd's tree runs a binary, or why a binary on the
	 * PATH is judged instead (none runs in that tree, the daemon is not known) */
	if (strcmp(loc->source, "default") != 0 && strcmp(loc->source, "cmdline") != 0 &&
	    strcmp(loc->source, "daemon.json") != 0 && strcmp(loc->source, "process") != 0 &&
	    strcmp(loc->source, "PATH") != 0)
		return 0;
	_cleanup_free_ char *d = TAKE_PTR(res->detail);
	return result_set(res, res->status, "%s (%s)", d, loc->note);
}

static int audit_watch_judge(struct audit_ctx *ctx, const struct watch_target *t,
			     const struct located *loc, struct result *res);

static int audit_watch_dropins(struct audit_ctx *ctx, const struct watch_target *t,
			       struct result *res);

static int audit_watch_present(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct watch_target *t = chk->arg;
	const struct located *loc = t->locate ? t->locate(ctx) : ctx_locate(ctx, t->kind, t->name);
	if (loc->error == -ENOENT)
		return result_skip(res, "%s is not present on this host%s%s", t->what,
				   loc->note ? ": " : "", loc->note ? loc->note : "");
	if (loc->error < 0)
		return result_error(res, "cannot locate %s: %s", t->what,
				    loc->note ? loc->note : strerror(-loc->error));
	int r = audit_watch_judge(ctx, t, loc, res);
	if (r >= 0 && !t->locate && t->kind == CTX_LOC_UNIT && res->status != DA_ERROR)
		r = audit_watch_dropins(ctx, t, res);
	if (r >= 0)
		r = append_locate_note(res, loc);
	if (r >= 0)
		r = set_watch_facts(res, loc->path);
	return r;
}

/*
 * A watch that a 'never' rule before it switched off: the kernel applies the first rule of the
 * exit list that matches, so the events the never rule matches are not logged. The finding names
 * both rules and how to order them; appending the watch again would not help.
 */
static int add_shadow_finding(struct result *res, const char *path, const char *source,
			      const struct audit_watch *w, const struct audit_watch *nv)
{
	char perms[5], nperms[5];
	_cleanup_free_ char *wwhere = watch_where(w), *nwhere = watch_where(nv);
	_cleanup_free_ char *line = xasprintf("-w %s -p wa -k docker", path);
	_cleanup_free_ char *d = xasprintf(
	    "the watch on %s (-p %s, %s) comes after a 'never' rule on %s%s (-p %s, %s), and the "
	    "kernel applies the first rule that matches: %s is not logged; delete that 'never' "
	    "rule or narrow it, or load '%s' before it (e.g. from a rules file that sorts first)",
	    w->path, auditrules_perms_str(w->perms, perms), wwhere ? wwhere : "?", nv->path,
	    nv->dir ? " and below" : "", auditrules_perms_str(nv->perms, nperms),
	    nwhere ? nwhere : "?",
	    (nv->perms & WATCH_WANT) == WATCH_WANT ? "writing it or changing its attributes"
	    : (nv->perms & AUDIT_WATCH_PERM_W)	   ? "writing it"
						   : "changing its attributes",
	    line ? line : "?");
	if (!d || !line)
		return -ENOMEM;
	return result_add(
	    res, &(struct finding_spec){
		     .kind = "file", .name = path, .detail = d, .source = source, .value = line});
}

/*
 * "-a never,task" (no fields) gives no task started after it a syscall audit context: the watch
 * is loaded, but it never fires for them. Not a PASS.
 */
static int task_never_fail(struct result *res, const char *path, const char *source,
			   const struct audit_watch *w, const char *where, const char *decided)
{
	char perms[5];
	_cleanup_free_ char *d = xasprintf(
	    "the watch on %s (-p %s) never fires: '-a never,task' (%s) turns syscall auditing off "
	    "for every task started after it; delete that rule (Fedora's and RHEL's older "
	    "audit.rules have it) and load the rules again",
	    w->path, auditrules_perms_str(w->perms, perms), where);
	_cleanup_free_ char *line = xasprintf("-w %s -p wa -k docker", path);
	if (!d || !line)
		return -ENOMEM;
	int r = result_add(
	    res, &(struct finding_spec){
		     .kind = "file", .name = path, .detail = d, .source = source, .value = line});
	if (r < 0)
		return r;
	return result_fail(res,
			   "%s is watched, but '-a never,task' (%s) turns syscall auditing off for "
			   "every new task, so the watch never fires%s",
			   path, where, decided);
}

/*
 * "; 2 more rules could not be read (kernel rule 4 does not decode)": the entries of the list
 * that decided which were never judged, for the detail of a verdict they cannot change.
 */
static char *unreadable_note(const struct audit_watch_list *l, const char *what)
{
	if (!l->unreadable)
		return xstrdup("");
	return xasprintf("; %zu %s%s could not be read (%s)", l->unreadable, what,
			 l->unreadable == 1 ? "" : "s",
			 l->unreadable_first ? l->unreadable_first : "?");
}

/*
 * No readable entry of the list that decides watches the path as asked, but some entries could
 * not be read: one of them may be that watch, so the verdict is ERROR with the count, never a
 * FAIL judged on a smaller list.
 */
static int unreadable_error(struct result *res, const struct audit_watch_list *l, const char *what,
			    const char *path, const char *found)
{
	return result_error(res,
			    "%zu %s%s could not be read (%s), and no readable one watches %s "
			    "with -p wa%s%s: whether it is watched cannot be told",
			    l->unreadable, what, l->unreadable == 1 ? "" : "s",
			    l->unreadable_first ? l->unreadable_first : "?", path,
			    found ? "; " : "", found ? found : "");
}

static int audit_watch_judge(struct audit_ctx *ctx, const struct watch_target *t,
			     const struct located *loc, struct result *res)
{
	const struct audit_rules_facts *ar = ctx_audit_rules(ctx);
	const struct audit_watch *w = NULL, *partial = NULL, *fw = NULL, *fpartial = NULL;
	char perms[5], want[5];
	auditrules_perms_str(WATCH_WANT, want);

	if (ar->files_error == 0)
		fw = ctx_audit_watch_find(ctx, &ar->files, loc->path, WATCH_WANT, &fpartial);

	if (ar->kernel_error == 0) {
		w = ctx_audit_watch_find(ctx, &ar->kernel, loc->path, WATCH_WANT, &partial);
		if (w && ar->kernel.task_never)
			return task_never_fail(res, loc->path, "kernel", w, ar->kernel.task_never,
					       "");
		if (w) {
			_cleanup_free_ char *note = unreadable_note(&ar->kernel, "loaded rule");
			return result_pass(
			    res, "%s is watched by a loaded audit rule on %s (-p %s)%s", loc->path,
			    w->path, auditrules_perms_str(w->perms, perms), note ? note : "");
		}
		const struct audit_watch *sw = NULL;
		const struct audit_watch *nv =
		    ctx_audit_watch_shadow(ctx, &ar->kernel, loc->path, WATCH_WANT, &sw);
		if (ar->kernel.unreadable) {
			_cleanup_free_ char *found =
			    nv && sw
				? xasprintf("the loaded watch on %s comes after a 'never' rule "
					    "on %s, which switches it off",
					    sw->path, nv->path)
			    : partial ? xasprintf("the loaded watch on %s has -p %s", partial->path,
						  auditrules_perms_str(partial->perms, perms))
				      : NULL;
			return unreadable_error(res, &ar->kernel, "loaded audit rule", loc->path,
						found);
		}
		if (nv && sw) {
			int r = add_shadow_finding(res, loc->path, "kernel", sw, nv);
			if (r < 0)
				return r;
			return result_fail(
			    res,
			    "the loaded audit watch on %s is switched off by a 'never' "
			    "rule on %s loaded before it",
			    loc->path, nv->path);
		}
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
			_cleanup_free_ char *d =
			    xasprintf("a watch is in %s but not loaded in the kernel; load it with "
				      "'augenrules --load'",
				      where ? where : "the rules files");
			int r = add_watch_finding(res, loc->path, "kernel", d);
			if (r < 0)
				return r;
			return result_fail(res, "the audit watch on %s is not loaded (%s)",
					   loc->path, where ? where : "rules files");
		}
		int r =
		    add_watch_finding(res, loc->path, "kernel", "no audit rule watches this path");
		if (r < 0)
			return r;
		return result_fail(res, "no loaded audit rule watches %s", loc->path);
	}

	/* The kernel cannot be asked: the rules files decide, and the detail says so. */
	if (ar->files_error < 0)
		return result_error(
		    res, "cannot read the loaded audit rules (%s) nor the rules files (%s)",
		    ar->kernel_error_msg, ar->files_error_msg);
	if (fw && ar->files.task_never) {
		_cleanup_free_ char *why = xasprintf(
		    "; the loaded rules could not be read (%s), so the rules files decided",
		    ar->kernel_error_msg);
		return why ? task_never_fail(res, loc->path, "rules-file", fw, ar->files.task_never,
					     why)
			   : -ENOMEM;
	}
	if (fw) {
		_cleanup_free_ char *where = watch_where(fw);
		_cleanup_free_ char *note = unreadable_note(&ar->files, "rules file line");
		return result_pass(
		    res,
		    "%s is watched by %s (-p %s); the loaded rules could not be read "
		    "(%s), so the rules files decided%s",
		    loc->path, where ? where : "a rules file",
		    auditrules_perms_str(fw->perms, perms), ar->kernel_error_msg, note ? note : "");
	}
	const struct audit_watch *fsw = NULL;
	const struct audit_watch *fnv =
	    ctx_audit_watch_shadow(ctx, &ar->files, loc->path, WATCH_WANT, &fsw);
	if (ar->files.unreadable) {
		_cleanup_free_ char *found =
		    fnv && fsw
			? xasprintf("the watch in %s:%u comes after a 'never' rule in %s:%u, "
				    "which switches it off",
				    fsw->file ? fsw->file : "?", fsw->line,
				    fnv->file ? fnv->file : "?", fnv->line)
		    : fpartial ? xasprintf("the watch in %s:%u has -p %s",
					   fpartial->file ? fpartial->file : "?", fpartial->line,
					   auditrules_perms_str(fpartial->perms, perms))
			       : NULL;
		_cleanup_free_ char *why =
		    xasprintf("the loaded rules could not be read (%s), so the rules files decided",
			      ar->kernel_error_msg);
		_cleanup_free_ char *both = found && why ? xasprintf("%s; %s", found, why) : NULL;
		return unreadable_error(res, &ar->files, "rules file line", loc->path,
					both ? both : why);
	}
	if (fnv && fsw) {
		int r = add_shadow_finding(res, loc->path, "rules-file", fsw, fnv);
		if (r < 0)
			return r;
		return result_fail(
		    res,
		    "the audit watch on %s in %s:%u is switched off by a 'never' rule "
		    "before it (%s:%u); the loaded rules could not be read (%s), so the "
		    "rules files decided",
		    loc->path, fsw->file ? fsw->file : "?", fsw->line, fnv->file ? fnv->file : "?",
		    fnv->line, ar->kernel_error_msg);
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

/*
 * A drop-in (docker.service.d/NAME.conf) can replace ExecStart= and with it every daemon flag,
 * so it is as much the unit as the unit file: each one this host has must be watched too, and
 * one that is not fails the check with its own finding.
 */
static int audit_watch_dropins(struct audit_ctx *ctx, const struct watch_target *t,
			       struct result *res)
{
	char *const *dropins;
	int r = units_dropins(ctx, t->name, &dropins);
	if (r < 0)
		return r;
	size_t total = 0, unwatched = 0, unknown = 0;
	_cleanup_free_ char *first = NULL, *err = NULL;
	for (char *const *p = dropins; *p; p++) {
		struct located dl = {.path = *p, .source = "unit directories"};
		struct result tmp = {.check = res->check};
		total++;
		r = audit_watch_judge(ctx, t, &dl, &tmp);
		for (size_t i = 0; r >= 0 && tmp.status == DA_FAIL && i < tmp.n_findings; i++) {
			const struct finding *f = &tmp.findings[i];
			_cleanup_free_ char *d = xasprintf("drop-in of %s: %s", t->name, f->detail);
			r = d ? result_add(res, &(struct finding_spec){.kind = f->kind,
								       .name = f->name,
								       .detail = d,
								       .source = f->source,
								       .value = f->value})
			      : -ENOMEM;
		}
		if (r >= 0 && tmp.status == DA_FAIL && unwatched++ == 0)
			first = xstrdup(*p);
		if (r >= 0 && tmp.status == DA_ERROR && unknown++ == 0)
			err = xasprintf("%s: %s", *p, tmp.detail ? tmp.detail : "?");
		result_release(&tmp);
		if (r < 0)
			return r;
	}
	if (total == 0)
		return 0;
	_cleanup_free_ char *d = TAKE_PTR(res->detail);
	/* a drop-in that cannot be judged leaves a passing unit undecided, not passed */
	if (unwatched == 0 && unknown && res->status == DA_PASS)
		return result_error(res, "%s, but %zu of its %zu drop-in%s cannot be judged (%s)",
				    d, unknown, total, total == 1 ? "" : "s", err ? err : "?");
	if (unwatched == 0 && unknown)
		return result_set(res, res->status,
				  "%s; %zu of its %zu drop-in%s cannot be judged (%s)", d, unknown,
				  total, total == 1 ? "" : "s", err ? err : "?");
	if (unwatched == 0)
		return result_set(res, res->status, "%s; %s %zu drop-in%s %s watched too", d,
				  total == 1 ? "its" : "all", total, total == 1 ? "" : "s",
				  total == 1 ? "is" : "are");
	if (res->status == DA_FAIL)
		return result_fail(res, "%s; %zu of its %zu drop-in%s (%s%s) %s not watched either",
				   d, unwatched, total, total == 1 ? "" : "s", first ? first : "?",
				   unwatched > 1 ? ", ..." : "", unwatched == 1 ? "is" : "are");
	return result_fail(res, "%s, but %zu of its %zu drop-in%s (%s%s) %s not watched", d,
			   unwatched, total, total == 1 ? "" : "s", first ? first : "?",
			   unwatched > 1 ? ", ..." : "", unwatched == 1 ? "is" : "are");
}

/*
 * v1.7.0's 1.1.9: the Docker socket files themselves, as the daemon serves them (its -H
 * unix:// listeners, the docker.socket unit's ListenStream= under socket activation), each
 * judged as one watched path; one unwatched socket fails the check.
 */
static int audit_watch_sockets(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct watch_target *t = chk->arg;
	const struct file_set *set = ctx_files(ctx, FILES_DOCKER_SOCKET, NULL);
	if (set->error < 0)
		return result_error(res, "cannot tell which Docker sockets to judge: %s",
				    set->error_msg ? set->error_msg : strerror(-set->error));
	if (set->skip)
		return result_skip(res, "%s", set->skip);
	size_t judged = 0, failed = 0, errors = 0;
	_cleanup_free_ char *first = NULL, *err = NULL;
	for (size_t i = 0; i < set->n; i++) {
		const struct file_fact *ff = &set->files[i];
		if (ff->holder)
			continue;
		struct located loc = {.path = ff->path, .source = "file"};
		struct result tmp = {.check = res->check};
		int r = audit_watch_judge(ctx, t, &loc, &tmp);
		for (size_t k = 0; r >= 0 && k < tmp.n_findings; k++) {
			const struct finding *f = &tmp.findings[k];
			_cleanup_free_ char *d =
			    ff->origin ? xasprintf("%s (%s)", f->detail, ff->origin) : NULL;
			r = result_add(res, &(struct finding_spec){.kind = f->kind,
								   .name = f->name,
								   .detail = d ? d : f->detail,
								   .source = f->source,
								   .value = f->value});
		}
		judged++;
		if (r >= 0 && tmp.status == DA_FAIL && failed++ == 0)
			first = xstrdup(tmp.detail);
		if (r >= 0 && tmp.status == DA_ERROR && errors++ == 0)
			err = xstrdup(tmp.detail);
		if (r >= 0 && judged == 1 && set->n == 1 && tmp.status == DA_PASS)
			r = result_pass(res, "%s", tmp.detail);
		result_release(&tmp);
		if (r < 0)
			return r;
	}
	if (judged == 0)
		return result_skip(res, "the daemon serves no unix socket on this host");
	if (set_watch_facts(res, res->n_findings ? res->findings[0].name : NULL) < 0)
		return -ENOMEM;
	if (failed)
		return result_fail(res, "%zu of %zu Docker socket%s not watched: %s", failed,
				   judged, judged == 1 ? " is" : "s are", first ? first : "?");
	if (errors)
		return result_error(res, "%s", err ? err : "a Docker socket could not be judged");
	if (res->status == DA_PASS && res->detail)
		return 0;
	return result_pass(res, "all %zu Docker sockets are watched by loaded audit rules", judged);
}

/* ---- the data root on a filesystem of its own ---- */

/*
 * The benchmark's intent is that filling the data root (images, layers, volumes, logs) cannot
 * fill /. So what counts is the filesystem, not whether the data root is a mount point: the
 * data root passes when the mount it lives on (itself, or any directory between it and /, such
 * as a separate /var) is a different filesystem (device) than the one mounted at /. A bind
 * mount of a directory of / onto the data root (dockerd makes such a mount itself to set
 * propagation) is a mount point of the same filesystem and fails.
 */
static int data_root_separate_partition(struct audit_ctx *ctx, const struct check *chk,
					struct result *res)
{
	const struct located *loc = ctx_locate(ctx, CTX_LOC_DATA_ROOT, NULL);
	if (loc->error == -ENOENT)
		return result_skip(res, "the Docker data root is not present on this host%s%s",
				   loc->note ? ": " : "", loc->note ? loc->note : "");
	if (loc->error < 0)
		return result_error(res, "cannot locate the Docker data root: %s",
				    loc->note ? loc->note : strerror(-loc->error));
	const struct host_mounts *m;
	const char *err = NULL;
	if (ctx_host_mounts(ctx, &m, &err) < 0)
		return result_error(res, "cannot read the mount table: %s", err);
	_cleanup_free_ char *tdata = host_mounts_table_path(m, loc->path);
	_cleanup_free_ char *troot = host_mounts_table_path(m, "/");
	if (!tdata || !troot)
		return -ENOMEM;
	const struct host_mount *md = host_mounts_find(m, tdata), *mr = host_mounts_find(m, troot);
	if (!md || !mr)
		return result_error(res, "no mount in /proc/self/mountinfo holds %s",
				    !md ? tdata : troot);
	_cleanup_free_ char *point = host_mounts_host_path(m, md->mount_point);
	_cleanup_free_ char *dev = xasprintf("%u:%u", md->major, md->minor);
	if (!point || !dev)
		return -ENOMEM;
	int r;
	if (md->major != mr->major || md->minor != mr->minor)
		r = result_pass(
		    res,
		    "the Docker data root %s is on its own filesystem: %s (%s, device %s) "
		    "mounted at %s, while / is on device %u:%u",
		    loc->path, md->source, md->fstype, dev, point, mr->major, mr->minor);
	else {
		_cleanup_free_ char *d =
		    strcmp(point, "/") == 0
			? xasprintf("on the / filesystem (%s, %s, device %s)", md->source,
				    md->fstype, dev)
			: xasprintf("%s is a mount point, but of the / filesystem (%s, "
				    "device %s): a bind mount, not a separate partition",
				    point, md->source, dev);
		if (!d)
			return -ENOMEM;
		r = result_add(res, &(struct finding_spec){.kind = "file",
							   .name = loc->path,
							   .detail = d,
							   .source = loc->source,
							   .value = dev});
		if (r >= 0)
			r = result_fail(res,
					"the Docker data root %s is on the same filesystem as / "
					"(device %s): filling it fills /",
					loc->path, dev);
	}
	if (r >= 0)
		r = append_locate_note(res, loc);
	if (r >= 0)
		r = result_fact(res, "path", loc->path);
	return r;
}

/* ---- who controls the daemon through its socket's group ---- */

#define TRUSTED_USERS_ENV "DOCKER_AUDIT_TRUSTED_USERS"
#define MEMBERS_IN_DETAIL 10

static bool name_in_list(char *const *list, const char *name)
{
	for (char *const *p = list; p && *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

/* The comma-separated trusted list, each name trimmed; exact names, never substrings. */
static int trusted_list(const char *s, char ***ret)
{
	char **v = NULL;
	if (str_split(s, ',', &v) < 0)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; v[i]; i++) {
		char *b = v[i], *e;
		while (*b == ' ' || *b == '\t')
			b++;
		e = b + strlen(b);
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		memmove(v[i], b, strlen(b) + 1);
		if (*v[i])
			v[k++] = v[i];
		else
			free(v[i]);
	}
	v[k] = NULL;
	*ret = v;
	return 0;
}

static char *member_how(const struct group_member *m, const char *group)
{
	if (m->primary && m->supplementary)
		return xasprintf("member of group '%s' (listed in /etc/group, and it is the user's "
				 "primary group)",
				 group);
	if (m->primary)
		return xasprintf("'%s' is the user's primary group in /etc/passwd", group);
	return xasprintf("member of group '%s' in /etc/group", group);
}

static int add_member_finding(struct result *res, const struct group_member *m, const char *group,
			      const char *why)
{
	_cleanup_free_ char *how = member_how(m, group);
	_cleanup_free_ char *d = how ? xasprintf("%s%s", how, why) : NULL;
	if (!d)
		return -ENOMEM;
	return result_add(
	    res, &(struct finding_spec){.kind = "host",
					.name = m->name,
					.detail = d,
					.source = "file",
					.value = m->supplementary ? "/etc/group" : "/etc/passwd"});
}

/* "alice, bob and 3 more" */
static char *names_joined(char *const *names, size_t n)
{
	_cleanup_free_ char *s = xstrdup("");
	for (size_t i = 0; s && i < n && i < MEMBERS_IN_DETAIL; i++) {
		char *ns = xasprintf("%s%s%s", s, i ? ", " : "", names[i]);
		free(s);
		s = ns;
	}
	if (s && n > MEMBERS_IN_DETAIL) {
		char *ns = xasprintf("%s and %zu more", s, n - MEMBERS_IN_DETAIL);
		free(s);
		s = ns;
	}
	return TAKE_PTR(s);
}

static int docker_group_trusted(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const char *group = "docker", *gsource = "default";
	const char *set, *set_source;
	if (daemonconf_setting(ctx, "group", &set, &set_source) == 0) {
		group = set;
		gsource = set_source;
	}
	const struct host_accounts *a;
	const char *err = NULL;
	if (ctx_host_accounts(ctx, &a, &err) < 0)
		return result_error(res, "cannot read the host's users and groups: %s", err);
	const struct host_group *g = host_group_find(a, group);
	if (!g)
		return result_pass(
		    res,
		    "there is no group '%s' (%s) in /etc/group: no user controls the "
		    "daemon through its socket's group",
		    group, gsource);

	_cleanup_free_ struct group_member *members = NULL;
	size_t n = 0;
	if (host_group_members(a, g, &members, &n) < 0)
		return -ENOMEM;
	/* root controls the daemon anyway: its membership grants nothing */
	_cleanup_free_ const struct group_member **who = calloc(n ? n : 1, sizeof(*who));
	_cleanup_free_ char **names = calloc(n ? n : 1, sizeof(*names));
	if (!who || !names)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct host_user *u = members[i].user;
		if (u && u->uid == 0)
			continue;
		who[k++] = &members[i];
	}
	if (k == 0)
		return result_pass(res, "the group '%s' (gid %u) has no members other than root",
				   g->name, g->gid);

	const char *list = ctx_trusted_users(ctx);
	if (!list) {
		for (size_t i = 0; i < k; i++) {
			names[i] = (char *)(uintptr_t)who[i]->name;
			int r = add_member_finding(res, who[i], g->name,
						   ": can control the Docker daemon, i.e. is root "
						   "on this host");
			if (r < 0)
				return r;
		}
		_cleanup_free_ char *joined = names_joined(names, k);
		if (!joined)
			return -ENOMEM;
		return result_manual(
		    res,
		    "%zu user%s can control the Docker daemon through group '%s': "
		    "%s; confirm that each is trusted, or list the trusted ones in "
		    "%s to automate this check",
		    k, k == 1 ? "" : "s", g->name, joined, TRUSTED_USERS_ENV);
	}

	_cleanup_strv_free_ char **trusted = NULL;
	if (trusted_list(list, &trusted) < 0)
		return -ENOMEM;
	size_t bad = 0;
	for (size_t i = 0; i < k; i++) {
		if (name_in_list(trusted, who[i]->name))
			continue;
		names[bad++] = (char *)(uintptr_t)who[i]->name;
		int r =
		    add_member_finding(res, who[i], g->name, ", and is not in " TRUSTED_USERS_ENV);
		if (r < 0)
			return r;
	}
	if (bad) {
		_cleanup_free_ char *joined = names_joined(names, bad);
		if (!joined)
			return -ENOMEM;
		return result_fail(
		    res,
		    "%zu of %zu users who can control the Docker daemon through group "
		    "'%s' %s not trusted: %s",
		    bad, k, g->name, bad == 1 ? "is" : "are", joined);
	}
	return result_pass(res,
			   "all %zu users who can control the Docker daemon through group "
			   "'%s' are in " TRUSTED_USERS_ENV,
			   k, g->name);
}

/* ---- host hardening ---- */

static int host_hardened(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const cJSON *info;
	const char *os = NULL, *kernel = NULL;
	if (ctx_docker_info(ctx, &info, NULL) == 0) {
		os = json_get_string(info, "OperatingSystem");
		kernel = json_get_string(info, "KernelVersion");
	}
	if (os && kernel)
		return result_manual(
		    res,
		    "review the hardening of this host (%s, kernel %s) against the "
		    "CIS benchmark for that operating system; docker-audit does not "
		    "judge the host OS",
		    os, kernel);
	return result_manual(res, "review the hardening of this host against the CIS benchmark for "
				  "its operating system; docker-audit does not judge the host OS");
}

/* ---- the engine version ---- */

/*
 * Docker Engine release lines that still receive security fixes upstream, from the Moby
 * project's project/BRANCHES-AND-TAGS.md as read in November 2026: docker-29.x and docker-28.x
 * are maintained; 25.0 is maintained for Mirantis and Amazon until 2026-12-04; 27.x, 26.1,
 * 26.0, 24.0, 23.0 and everything older are unmaintained. A major newer than every one listed
 * counts as maintained. This table is the one place to update when a line is added or retired.
 */
static const struct engine_line {
	unsigned major;
	int minor; /* -1: every minor of the major */
	const char *until; /* announced end of maintenance, or NULL */
} engine_lines[] = {
    {29, -1, NULL},
    {28, -1, NULL},
    {25, 0, "2026-12-04"},
};

static char *engine_line_name(const struct engine_line *l)
{
	return l->minor < 0 ? xasprintf("%u.x", l->major) : xasprintf("%u.%d", l->major, l->minor);
}

static char *engine_lines_list(void)
{
	_cleanup_free_ char *s = xstrdup("");
	for (size_t i = 0; s && i < ARRAY_SIZE(engine_lines); i++) {
		_cleanup_free_ char *n = engine_line_name(&engine_lines[i]);
		char *ns = n ? xasprintf("%s%s%s", s, i ? ", " : "", n) : NULL;
		free(s);
		s = ns;
	}
	return TAKE_PTR(s);
}

static int engine_version_supported(struct audit_ctx *ctx, const struct check *chk,
				    struct result *res)
{
	const cJSON *v;
	const char *err = NULL;
	if (ctx_docker_version(ctx, &v, &err) < 0)
		return result_error(res, "cannot ask the daemon for its version: %s", err);
	/* Podman's releases are not Docker Engine's: "5.4.2" is not an old Docker */
	const struct engine *eng;
	if (ctx_engine(ctx, &eng, NULL) == 0 && eng->kind == ENGINE_PODMAN)
		return result_manual(
		    res,
		    "the engine is Podman %s, not Docker Engine: docker-audit keeps "
		    "no list of Podman's maintained releases; check it against your "
		    "distribution's security updates",
		    eng->version ? eng->version : "(version not reported)");
	const char *version = json_get_string(v, "Version");
	unsigned major, minor, patch;
	if (!version)
		return result_error(res, "the daemon's /version has no Version");
	if (engine_version_parse(version, &major, &minor, &patch) < 0)
		return result_error(res, "cannot parse the daemon's version '%s'", version);

	const struct engine_line *oldest = &engine_lines[ARRAY_SIZE(engine_lines) - 1];
	if (major > engine_lines[0].major)
		return result_pass(res,
				   "Docker Engine %s is newer than every release line this "
				   "docker-audit knows (%u.x is the newest)",
				   version, engine_lines[0].major);
	for (size_t i = 0; i < ARRAY_SIZE(engine_lines); i++) {
		const struct engine_line *l = &engine_lines[i];
		if (l->major != major || (l->minor >= 0 && (unsigned)l->minor != minor))
			continue;
		_cleanup_free_ char *name = engine_line_name(l);
		if (!name)
			return -ENOMEM;
		return result_pass(
		    res,
		    "Docker Engine %s is in the %s line, which still receives security "
		    "fixes%s%s%s; make sure it is that line's latest patch release",
		    version, name, l->until ? " (until " : "", l->until ? l->until : "",
		    l->until ? ")" : "");
	}
	_cleanup_free_ char *lines = engine_lines_list();
	_cleanup_free_ char *oldest_name = engine_line_name(oldest);
	bool older = major < oldest->major || (major == oldest->major && oldest->minor >= 0 &&
					       minor < (unsigned)oldest->minor);
	_cleanup_free_ char *d =
	    older ? xasprintf("Version=%s: older than %s, the oldest line that still receives "
			      "security fixes",
			      version, oldest_name ? oldest_name : "?")
		  : xasprintf("Version=%s: the %u.x line no longer receives security fixes "
			      "(maintained: %s)",
			      version, major, lines ? lines : "?");
	if (!d || !lines || !oldest_name)
		return -ENOMEM;
	int r = result_add(res, &(struct finding_spec){.kind = "daemon",
						       .name = "Docker Engine",
						       .detail = d,
						       .source = "api",
						       .value = version});
	if (r < 0)
		return r;
	return result_fail(
	    res,
	    "Docker Engine %s no longer receives security fixes upstream (maintained "
	    "lines: %s)",
	    version, lines);
}

#define WATCH_RATIONALE                                                                            \
	"Docker runs as root and every change to its binaries, configuration and data is a "       \
	"change to what every container can do. An audit watch records who touched them, so "      \
	"tampering can be traced afterwards instead of denied."
#define WATCH_JUDGED                                                                               \
	"The path is taken from where this host keeps it (the running process, the daemon's data " \
	"root, the systemd unit directories). It passes when an audit rule loaded in the kernel "  \
	"watches that path, or a directory above it, for writes and attribute changes (-w PATH "   \
	"-p wa, or -a always,exit -F path=/dir=). Rules are parsed, not grepped: a rule on a "     \
	"neighbouring or deeper path, or a 'never' rule, does not count; the kernel applies the "  \
	"first rule that matches, so a watch after a 'never' rule on the same path (or a "         \
	"directory above it, -F dir=) is switched off and does not count either, while a 'never' " \
	"rule after the watch or on another path changes nothing. A '-a never,task' rule "         \
	"without fields (the old Fedora and RHEL default) turns syscall auditing off for every "   \
	"new task, so no watch fires: FAIL. A watch only in "                                      \
	"/etc/audit/rules.d is a FAIL ('not loaded'). When the kernel cannot be asked (not root, " \
	"no CAP_AUDIT_CONTROL), the rules files decide and the detail says so. A rule of the "     \
	"kernel's list that does not decode, or a line of a rules file that auditctl would not "   \
	"load, is counted: where it could be the watch looked for, the check is ERROR with the "   \
	"count and where the first one is, never a FAIL on the rules that could be read. A path "  \
	"that does not exist on this host is SKIP."
/* v1.7.0 adds 'never' rules: the busiest directories of the data root stay out of the log. */
#define WATCH_NEVER_REMEDIATION                                                                    \
	"Add a watch on the data root to /etc/audit/rules.d/docker.rules, with 'never' rules "     \
	"before it so the churn of volumes and image layers stays out of the log, and load "       \
	"them:\n"                                                                                  \
	"  cat >> /etc/audit/rules.d/docker.rules <<'EOF'\n"                                       \
	"  -a exit,never -F dir={{$path|/var/lib/docker}}/volumes -k docker\n"                     \
	"  -a exit,never -F dir={{$path|/var/lib/docker}}/overlay2 -k docker\n"                    \
	"  -w {{$path|/var/lib/docker}} -p wa -k docker\n"                                         \
	"  EOF\n"                                                                                  \
	"  augenrules --load\n"                                                                    \
	"{{?path|With userns-remap the layers live in /var/lib/docker/165536.165536/ (the "        \
	"remapped uid and gid): exclude its volumes and overlay2 directories instead. If the "     \
	"data root is elsewhere (data-root), use the path shown in the finding. }}"                \
	"A 'never' rule is an exclusion: docker-audit never counts it as a watch."
#define WATCH_REMEDIATION(path)                                                                    \
	"Add a watch to /etc/audit/rules.d/docker.rules and load it:\n"                            \
	"{{$watch-commands|  echo '-w " path " -p wa -k docker' >> "                               \
	"/etc/audit/rules.d/docker.rules}}\n"                                                      \
	"  augenrules --load"                                                                      \
	"{{?path|\nIf this host keeps it elsewhere, use the path shown in the finding.}}"

#define WATCH_ROW_T(id_, key_, title_, level_, automated_, sev_, target_, path_)                   \
	{                                                                                          \
		.id = id_, .key = key_, .title = title_, .section = "1", .level = level_,          \
		.automated = automated_, .severity = sev_,                                         \
		.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING, .run = audit_watch_present, \
		.arg = target_, .rationale = WATCH_RATIONALE, .judged = WATCH_JUDGED,              \
		.remediation = WATCH_REMEDIATION(path_),                                           \
	}
#define WATCH_ROW(id_, key_, title_, level_, automated_, sev_, kind_, name_, what_, path_)         \
	WATCH_ROW_T(id_, key_, title_, level_, automated_, sev_,                                   \
		    (&(const struct watch_target){kind_, name_, what_, NULL}), path_)

/* clang-format 14 formats this macro differently on a second pass: kept as written */
/* clang-format off */
#define WATCH_JUDGED_UNIT                                                                          \
	WATCH_JUDGED " The unit file is the one systemd would load: /etc/systemd/system, "         \
		     "/run/systemd/system, /usr/local/lib/systemd/system, /usr/lib/systemd/system, " \
		     "/lib/systemd/system, in that order; a unit linked to /dev/null is masked "     \
		     "(SKIP). Its drop-ins (UNIT.d/NAME.conf in the same directories) can replace " \
		     "ExecStart= and so every daemon flag: each must be watched too (a watch on the " \
		     "drop-in directory covers them), and one that is not fails the check with its " \
		     "own finding, although the benchmark names only the unit file."
/* clang-format on */

static const struct check checks[] = {
    {
	.id = "1.1.1",
	.key = "separate-partition",
	.title = "Ensure a separate partition for containers has been created",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_DOS,
	.run = data_root_separate_partition,
	.rationale = "Images, layers, volumes and container logs all grow in the Docker data "
		     "root. On the / filesystem, one container that writes without bound "
		     "fills / and takes the host down with it.",
	.judged = "The data root is the daemon's own (DockerRootDir from /info, which "
		  "already includes the userns-remap subdirectory), else its configured "
		  "data-root, else /var/lib/docker, and the detail says which. The mount "
		  "table is /proc/self/mountinfo under --root, parsed (optional fields, octal "
		  "escapes such as \\040 for a space). The data root passes when the "
		  "filesystem it lives on, reached by walking the mounts as the kernel does, "
		  "is another device than the one mounted at /: the data root itself or any "
		  "directory above it (a separate /var counts, unlike docker-bench-security's "
		  "mountpoint test, issue #555). A mount point of the same device, such as the "
		  "bind mount dockerd puts on its own data root, is not a separate partition "
		  "and fails (docker-bench-security passes it). Under --root, mount points are "
		  "paths of docker-audit's own namespace and the host's are looked up below "
		  "the root. ERROR when the mount table cannot be read, SKIP when the data root "
		  "does not exist on this host (a remote daemon).",
	.remediation =
	    "Put the data root on a filesystem of its own, e.g. a new logical "
	    "volume, with the daemon stopped:\n"
	    "  systemctl stop docker docker.socket\n"
	    "  lvcreate -L 100G -n docker vg0 && mkfs.ext4 /dev/vg0/docker\n"
	    "  mount /dev/vg0/docker /mnt && rsync -aHAX {{$path|/var/lib/docker}}/ /mnt/ "
	    "&& umount /mnt\n"
	    "  echo '/dev/vg0/docker {{$path|/var/lib/docker}} ext4 defaults 0 2' >> /etc/fstab\n"
	    "  mount {{$path|/var/lib/docker}} && systemctl start docker\n"
	    "(or set \"data-root\" in {{$daemon-json}} to a directory on "
	    "such a filesystem).",
    },
    {
	.id = "1.1.2",
	.key = "trusted-users",
	.title = "Ensure only trusted users are allowed to control Docker daemon",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = docker_group_trusted,
	.rationale = "Whoever can write to the daemon's socket can start a privileged "
		     "container with / mounted: members of the socket's group are root on "
		     "the host in all but name.",
	.judged = "The group is the daemon's configured socket group (\"group\" / -G), "
		  "else docker. Its members are the users listed in its 4th field of "
		  "/etc/group and the users whose primary group it is in "
		  "/etc/passwd (which docker-bench-security misses); root is left out, "
		  "it controls the daemon anyway. With a trusted list (the "
		  "DOCKER_AUDIT_TRUSTED_USERS environment variable, comma-separated) every "
		  "member not in it by its exact name fails (\"bob\" is not trusted because "
		  "\"bobby\" is); without one the check is MANUAL and lists the members for "
		  "review, as the benchmark intends. PASS when the group does not exist or "
		  "has no members but root. Accounts from other NSS sources (LDAP, sssd), "
		  "sudo rules and ACLs on the socket are not seen.",
	.remediation = "Remove every user who must not be root on this host from the group:\n"
		       "  gpasswd -d USER docker\n"
		       "(a user whose primary group it is needs another one: usermod -g GROUP "
		       "USER). Then record the trusted ones, e.g. "
		       "DOCKER_AUDIT_TRUSTED_USERS=alice,deploy docker-audit ...",
    },
    WATCH_ROW("1.1.3", "audit-dockerd", "Ensure auditing is configured for the Docker daemon", 1,
	      true, DA_SEV_MEDIUM, CTX_LOC_BINARY, "dockerd", "the dockerd binary",
	      "/usr/bin/dockerd"),
    WATCH_ROW("1.1.4", "audit-run-containerd",
	      "Ensure auditing is configured for Docker files and directories - /run/containerd", 1,
	      true, DA_SEV_MEDIUM, CTX_LOC_FIXED, "/run/containerd", "/run/containerd",
	      "/run/containerd"),
    WATCH_ROW("1.1.5", "audit-data-root",
	      "Ensure auditing is configured for Docker files and directories - /var/lib/docker", 1,
	      false, DA_SEV_MEDIUM, CTX_LOC_DATA_ROOT, NULL, "the Docker data root",
	      "/var/lib/docker"),
    WATCH_ROW("1.1.6", "audit-etc-docker",
	      "Ensure auditing is configured for Docker files and directories - /etc/docker", 1,
	      true, DA_SEV_MEDIUM, CTX_LOC_FIXED, "/etc/docker", "/etc/docker", "/etc/docker"),
    {
	.id = "1.1.7",
	.key = "audit-docker-service",
	.title = "Ensure auditing is configured for Docker files and directories - docker.service",
	.section = "1",
	.level = 2,
	.automated = true,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_present,
	.arg = &(const struct watch_target){CTX_LOC_UNIT, "docker.service",
					    "the docker.service unit", NULL},
	.rationale = WATCH_RATIONALE,
	.judged = WATCH_JUDGED_UNIT,
	.remediation = WATCH_REMEDIATION("/usr/lib/systemd/system/docker.service"),
    },
    {
	.id = "1.1.8",
	.key = "audit-containerd-sock",
	.title = "Ensure auditing is configured for Docker files and directories - containerd.sock",
	.section = "1",
	.level = 2,
	.automated = true,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_present,
	.arg = &(const struct watch_target){CTX_LOC_FIXED, "containerd.sock",
					    "the containerd socket", ctx_locate_containerd_socket},
	.rationale = WATCH_RATIONALE,
	.judged =
	    WATCH_JUDGED " The socket is the one dockerd talks to: its --containerd "
			 "setting (command line or daemon.json), else the [grpc] address of "
			 "/etc/containerd/config.toml, else /run/containerd/containerd.sock, else "
			 "the socket of the containerd dockerd runs itself under its exec root "
			 "(EXEC-ROOT/containerd/containerd.sock).",
	.remediation = WATCH_REMEDIATION("/run/containerd/containerd.sock"),
    },
    {
	.id = "1.1.9",
	.key = "audit-docker-socket",
	.title = "Ensure auditing is configured for Docker files and directories - docker.socket",
	.section = "1",
	.level = 2,
	.automated = true,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_present,
	.arg = &(const struct watch_target){CTX_LOC_UNIT, "docker.socket", "the docker.socket unit",
					    NULL},
	.rationale = WATCH_RATIONALE,
	.judged = WATCH_JUDGED_UNIT
	" As the v1.6.0 title says, the unit file is audited, "
	"not the socket it creates (v1.7.0 renamed the check to docker.sock).",
	.remediation = WATCH_REMEDIATION("/usr/lib/systemd/system/docker.socket"),
    },
    WATCH_ROW(
	"1.1.10", "audit-etc-default-docker",
	"Ensure auditing is configured for Docker files and directories - /etc/default/docker", 2,
	true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/default/docker", "/etc/default/docker",
	"/etc/default/docker"),
    /* the file the daemon reads: its --config-file where it has one */
    WATCH_ROW_T(
	"1.1.11", "audit-daemon-json",
	"Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
	2, true, DA_SEV_LOW,
	(&(const struct watch_target){CTX_LOC_FIXED, "/etc/docker/daemon.json",
				      "the daemon's config file", ctx_locate_daemon_config}),
	"/etc/docker/daemon.json"),
    WATCH_ROW("1.1.12", "audit-containerd-config",
	      "Ensure auditing is configured for Docker files and directories - "
	      "/etc/containerd/config.toml",
	      2, true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/containerd/config.toml",
	      "/etc/containerd/config.toml", "/etc/containerd/config.toml"),
    WATCH_ROW(
	"1.1.13", "audit-etc-sysconfig-docker",
	"Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", 2,
	true, DA_SEV_LOW, CTX_LOC_FIXED, "/etc/sysconfig/docker", "/etc/sysconfig/docker",
	"/etc/sysconfig/docker"),
    WATCH_ROW(
	"1.1.14", "audit-containerd-bin",
	"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", 2,
	true, DA_SEV_LOW, CTX_LOC_BINARY, "containerd", "the containerd binary",
	"/usr/bin/containerd"),
    WATCH_ROW(
	"1.1.15", "audit-containerd-shim",
	"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
	2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim", "the containerd-shim binary",
	"/usr/bin/containerd-shim"),
    WATCH_ROW("1.1.16", "audit-shim-runc-v1",
	      "Ensure auditing is configured for Docker files and directories - "
	      "/usr/bin/containerd-shim-runc-v1",
	      2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim-runc-v1",
	      "the containerd-shim-runc-v1 binary", "/usr/bin/containerd-shim-runc-v1"),
    WATCH_ROW("1.1.17", "audit-shim-runc-v2",
	      "Ensure auditing is configured for Docker files and directories - "
	      "/usr/bin/containerd-shim-runc-v2",
	      2, false, DA_SEV_LOW, CTX_LOC_BINARY, "containerd-shim-runc-v2",
	      "the containerd-shim-runc-v2 binary", "/usr/bin/containerd-shim-runc-v2"),
    WATCH_ROW("1.1.18", "audit-runc",
	      "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", 2,
	      false, DA_SEV_LOW, CTX_LOC_BINARY, "runc", "the runc binary", "/usr/bin/runc"),
    {
	.id = "1.2.1",
	.key = "host-hardened",
	.title = "Ensure the container host has been Hardened",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = host_hardened,
	.rationale = "Containers share the host's kernel: a weakness of the host (an "
		     "unpatched kernel, needless services, weak access control) is a "
		     "weakness of every container on it.",
	.judged = "Always MANUAL: hardening the host OS is outside what docker-audit "
		  "judges. The detail names the operating system and kernel the daemon "
		  "reports, to pick the matching CIS benchmark.",
	.remediation = "Harden the host with the CIS benchmark for its operating system "
		       "(e.g. CIS Debian Linux, CIS Ubuntu Linux, CIS Red Hat Enterprise "
		       "Linux), or use a minimal container OS; keep the kernel patched, run "
		       "no services the host does not need, and consider SELinux or AppArmor "
		       "enforcing mode, and auditd.",
    },
    {
	.id = "1.2.2",
	.key = "docker-up-to-date",
	.title = "Ensure that the version of Docker is up to date",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = engine_version_supported,
	.rationale = "Engine releases fix container escapes and privilege escalations "
		     "(CVE-2024-41110 AuthZ bypass, CVE-2024-21626 via runc); a release "
		     "line that no longer gets fixes keeps every later one.",
	.judged = "The daemon's /version Version (\"20.10.24+dfsg1\", \"24.0.7\", "
		  "\"27.3.1-1\": major.minor.patch, suffixes ignored) must be in a Docker "
		  "Engine release line that still receives security fixes upstream, as the "
		  "Moby project's project/BRANCHES-AND-TAGS.md lists them (one table in "
		  "checks/host.c, read November 2026; the verdict names the maintained lines); "
		  "a major newer than all of them passes. Older versions fail, and so do "
		  "unmaintained lines above the oldest maintained one. Which patch release is "
		  "a line's latest cannot be known offline: a PASS says to check it. "
		  "docker-bench-security compares with a date-derived YY.MM and calls every "
		  "engine since 23.0 current. Distribution packages (Debian's docker.io) may "
		  "carry backported fixes to an old line: when the distribution supports it, "
		  "waive this check with that reason.",
	.remediation = "Upgrade to a maintained release line, e.g. from Docker's "
		       "repository:\n"
		       "  apt-get install docker-ce docker-ce-cli containerd.io   # Debian, "
		       "Ubuntu\n"
		       "  dnf upgrade docker-ce docker-ce-cli containerd.io      # Fedora, RHEL\n"
		       "and restart the daemon. Track the release notes at "
		       "https://docs.docker.com/engine/release-notes/.",
    },
};

const struct check_section host_section = {"1", checks, ARRAY_SIZE(checks)};

/* Rows that later editions select in place of the ones above (checks/editions.c). */
static const struct check variants[] = {
    /* v1.7.0: 'never' exclusions for volumes and overlay2 in the remediation */
    {
	.id = "1.1.5",
	.key = "audit-data-root",
	.variant = "never-exclusions",
	.title = "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_present,
	.arg = &(const struct watch_target){CTX_LOC_DATA_ROOT, NULL, "the Docker data root", NULL},
	.rationale = WATCH_RATIONALE,
	.judged = WATCH_JUDGED,
	.remediation = WATCH_NEVER_REMEDIATION,
    },
    /* v1.8.0: "/var/lib/docker or data-root" */
    {
	.id = "1.1.5",
	.key = "audit-data-root",
	.variant = "data-root",
	.title = "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
	.section = "1",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_present,
	.arg = &(const struct watch_target){CTX_LOC_DATA_ROOT, NULL, "the Docker data root", NULL},
	.rationale = WATCH_RATIONALE,
	.judged =
	    WATCH_JUDGED " The path is the daemon's configured data root (/info "
			 "DockerRootDir, else data-root, else /var/lib/docker), as v1.8.0 says: "
			 "a watch on the data root counts wherever it is.",
	.remediation = WATCH_NEVER_REMEDIATION,
    },
    /* v1.7.0: the socket file, not the docker.socket unit */
    {
	.id = "1.1.9",
	.key = "audit-docker-socket",
	.variant = "docker.sock",
	.title = "Ensure auditing is configured for Docker files and directories - docker.sock",
	.section = "1",
	.level = 2,
	.automated = true,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_REPUDIATION | DA_STRIDE_TAMPERING,
	.run = audit_watch_sockets,
	.arg =
	    &(const struct watch_target){CTX_LOC_FIXED, "docker.sock", "the Docker socket", NULL},
	.rationale = WATCH_RATIONALE,
	.judged = WATCH_JUDGED
	" The sockets are the ones the daemon serves: its -H "
	"unix:// listeners (command line or daemon.json \"hosts\"), and under "
	"socket activation (-H fd://) the ListenStream= paths of the docker.socket "
	"unit and its drop-ins; each must be watched, one finding per socket "
	"that is not. SKIP when the daemon serves no unix socket.",
	.remediation = WATCH_REMEDIATION("/run/docker.sock"),
    },
};

const struct check_section host_variants = {"1", variants, ARRAY_SIZE(variants)};
