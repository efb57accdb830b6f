/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "benchmark.h"
#include "buf.h"
#include "context.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/files.h"
#include "facts/locate.h"
#include "facts/images.h"
#include "facts/swarm.h"
#include "report.h"
#include "runner.h"
#include "json.h"
#include "strutil.h"

static bool selector_known(const struct benchmark *bm, const char *sel)
{
	size_t n;
	const struct check *const *all = benchmark_checks(bm, &n);
	for (size_t i = 0; i < n; i++)
		if (check_id_matches(all[i]->id, sel))
			return true;
	return false;
}

int selection_validate(const struct selection *s, const char **ret_bad)
{
	for (char **p = s->only; p && *p; p++)
		if (!selector_known(s->benchmark, *p)) {
			*ret_bad = *p;
			return -EINVAL;
		}
	for (char **p = s->exclude; p && *p; p++)
		if (!selector_known(s->benchmark, *p)) {
			*ret_bad = *p;
			return -EINVAL;
		}
	return 0;
}

bool selection_match(const struct selection *s, const struct check *chk)
{
	if (s->level == 1 && chk->level != 1)
		return false;
	if (s->only) {
		bool hit = false;
		for (char **p = s->only; *p && !hit; p++)
			hit = check_id_matches(chk->id, *p);
		if (!hit)
			return false;
	}
	for (char **p = s->exclude; p && *p; p++)
		if (check_id_matches(chk->id, *p))
			return false;
	return true;
}

#define DESKTOP_SKIP                                                                               \
	"Docker Desktop runs the daemon in its own VM; its process and files are not on this "     \
	"host (docs/engines.md)"

/*
 * What a check judges that only the serving daemon can name: the binaries of its process tree
 * (1.1.3, 1.1.14-1.1.18), the containerd socket it talks to (1.1.8, 3.23, 3.24) and its config
 * file (1.1.11; 3.17 and 3.18 say so themselves). NULL for any other check.
 */
static const char *hidden_daemon_object(const char *key)
{
	static const struct {
		const char *key, *what;
	} keys[] = {
	    {"audit-dockerd", "which binary the serving daemon runs"},
	    {"audit-containerd-bin", "which binary the serving daemon runs"},
	    {"audit-containerd-shim", "which binary the serving daemon runs"},
	    {"audit-shim-runc-v1", "which binary the serving daemon runs"},
	    {"audit-shim-runc-v2", "which binary the serving daemon runs"},
	    {"audit-runc", "which binary the serving daemon runs"},
	    {"audit-containerd-sock", "which containerd socket the serving daemon uses"},
	    {"containerd-sock-owner", "which containerd socket the serving daemon uses"},
	    {"containerd-sock-mode", "which containerd socket the serving daemon uses"},
	    {"audit-daemon-json", "which config file the serving daemon reads"},
	};
	for (size_t i = 0; key && i < ARRAY_SIZE(keys); i++)
		if (strcmp(key, keys[i].key) == 0)
			return keys[i].what;
	return NULL;
}

/* daemon_wanted: a selected check needs the Engine API, so asking it what it is costs nothing
 * that the audit would not ask anyway. */
static int run_one(struct audit_ctx *ctx, const struct check *chk, struct result *res,
		   bool daemon_wanted)
{
	res->check = chk;
	if ((chk->needs & DA_NEED_DAEMON) && !ctx_images_offline(ctx)) {
		const char *err = NULL;
		if (ctx_daemon(ctx, &err) < 0)
			return result_error(res, "the Docker daemon could not be reached: %s", err);
	}
	if (chk->needs & DA_NEED_DOCKERD) {
		const struct engine *e;
		if (ctx_engine(ctx, &e, NULL) == 0 && e->kind == ENGINE_PODMAN)
			return result_skip(
			    res,
			    "not applicable to Podman %s: it runs no dockerd, so there "
			    "is no daemon-wide setting or file of this kind (per-container "
			    "settings are judged in section 5; docs/engines.md)",
			    e->version ? e->version : "");
	}
	bool desktop_error_to_skip = false;
	const struct engine *eng = NULL;
	if (daemon_wanted && chk->section &&
	    (chk->needs & (DA_NEED_DAEMON | DA_NEED_DOCKERD) || strcmp(chk->section, "1") == 0 ||
	     strcmp(chk->section, "3") == 0) &&
	    ctx_engine(ctx, &eng, NULL) == 0 && eng->desktop) {
		/* Docker Desktop: this machine's files, audit rules and units are not those of the
		 * daemon's host (its VM); the engine's own answers (its version) still are */
		if ((strcmp(chk->section, "1") == 0 &&
		     strcmp(chk->key, "docker-up-to-date") != 0) ||
		    strcmp(chk->section, "3") == 0)
			return result_skip(res, "%s", DESKTOP_SKIP);
		desktop_error_to_skip = (chk->needs & DA_NEED_DOCKERD) != 0;
	}
	const char *object = daemon_wanted ? hidden_daemon_object(chk->key) : NULL;
	if (object) {
		/* with the daemon out of sight, this host's installed binary, default containerd
		 * socket or /etc/docker/daemon.json would be a guess (or a SKIP for "not present"
		 * that is not known either) */
		const struct dockerd_scan *sc = NULL;
		if (ctx_engine(ctx, &eng, NULL) == 0 && eng->kind != ENGINE_PODMAN &&
		    ctx_dockerd(ctx, &sc) == 0 && sc->hidden != DOCKERD_HIDDEN_NO)
			return result_error(res, "cannot tell %s: %s", object,
					    sc->error ? sc->error : "it is not visible from here");
	}
	if (chk->needs & (DA_NEED_SWARM | DA_NEED_SWARM_MANAGER)) {
		const struct swarm_info *si;
		_cleanup_free_ char *why = NULL;
		int q = swarm_prerequisite(ctx, chk->needs & DA_NEED_SWARM_MANAGER, &si, &why);
		if (q == -ENOMEM)
			return q;
		if (q < 0)
			return result_error(res, "%s", why);
		if (q == 0)
			return result_skip(res, "%s", why);
	}
	int r = chk->run(ctx, chk, res);
	if (r < 0)
		return result_error(res, "the check could not run: %s", strerror(-r));
	if (desktop_error_to_skip && res->status == DA_ERROR) {
		/* a daemon setting that only its process or files in the VM could tell */
		_cleanup_free_ char *was = res->detail ? xstrdup(res->detail) : NULL;
		const struct check *ck = res->check;
		struct json_interner *strings = res->strings;
		result_release(res);
		res->check = ck;
		res->strings = strings;
		if (was && strstr(was, "Docker Desktop runs the daemon"))
			return result_skip(res, "%s", was); /* it says why already */
		return result_skip(res, "%s (%s)", DESKTOP_SKIP, was ? was : "not judged");
	}
	if (!res->detail) /* a check that set no verdict is our bug, never a PASS */
		return result_error(res, "the check reached no verdict");
	return 0;
}

/*
 * What a remediation may name by "{{$NAME}}": the host facts the runner knows how to find, and
 * what the text says where they cannot be found (explain, a remote daemon, a SKIP).
 */
static const struct host_fact {
	const char *name, *fallback;
} host_facts[] = {
    {"daemon-json", "/etc/docker/daemon.json"},
    {"data-root", "/var/lib/docker"},
    {"docker-service", "/usr/lib/systemd/system/docker.service"},
    {"docker-socket-unit", "/usr/lib/systemd/system/docker.socket"},
    {"docker-socket", "/var/run/docker.sock"},
    {"containerd-socket", "/run/containerd/containerd.sock"},
    {"dockerd", "/usr/bin/dockerd"},
    {"containerd", "/usr/bin/containerd"},
    {"runc", "/usr/bin/runc"},
};

static const char *host_fact_fallback(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(host_facts); i++)
		if (strcmp(host_facts[i].name, name) == 0)
			return host_facts[i].fallback;
	return NULL;
}

static const char *located_path(const struct located *l)
{
	return l && l->error == 0 && l->path && l->path[0] ? l->path : NULL;
}

/* The serving daemon is out of sight (docs/engines.md), on an engine that has a dockerd. */
static bool daemon_hidden(struct audit_ctx *ctx)
{
	const struct engine *eng = ctx_engine_peek(ctx);
	const struct dockerd_scan *sc = NULL;
	return !(eng && eng->kind == ENGINE_PODMAN) && ctx_dockerd(ctx, &sc) == 0 && sc &&
	       sc->hidden != DOCKERD_HIDDEN_NO;
}

/* The host facts only the serving dockerd's process can tell. */
static bool daemon_owned_fact(const char *name)
{
	static const char *const owned[] = {"daemon-json", "containerd-socket", "dockerd",
					    "containerd", "runc"};
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++)
		if (strcmp(owned[i], name) == 0)
			return true;
	return false;
}

/* NAME's value on the audited host, from the facts (cached in the context), or NULL. */
static const char *host_fact_value(struct audit_ctx *ctx, const char *name)
{
	if (strcmp(name, "daemon-json") == 0) {
		const struct dockerd_scan *sc = NULL;
		if (ctx_dockerd(ctx, &sc) < 0 || !sc)
			return NULL;
		const struct dockerd *p = sc->serving	    ? sc->serving
					  : sc->has_assumed ? &sc->assumed
							    : NULL;
		return p && p->file_path && p->file_path[0] ? p->file_path : NULL;
	}
	if (strcmp(name, "data-root") == 0)
		return located_path(ctx_locate(ctx, CTX_LOC_DATA_ROOT, NULL));
	if (strcmp(name, "docker-service") == 0)
		return located_path(ctx_locate(ctx, CTX_LOC_UNIT, "docker.service"));
	if (strcmp(name, "docker-socket-unit") == 0)
		return located_path(ctx_locate(ctx, CTX_LOC_UNIT, "docker.socket"));
	if (strcmp(name, "containerd-socket") == 0)
		return located_path(ctx_locate_containerd_socket(ctx));
	if (strcmp(name, "docker-socket") == 0) {
		const struct file_set *set = ctx_files(ctx, FILES_DOCKER_SOCKET, NULL);
		for (size_t i = 0; set && set->error == 0 && !set->skip && i < set->n; i++)
			if (!set->files[i].holder && set->files[i].path)
				return set->files[i].path;
		return NULL;
	}
	if (strcmp(name, "dockerd") == 0 || strcmp(name, "containerd") == 0 ||
	    strcmp(name, "runc") == 0)
		return located_path(ctx_locate(ctx, CTX_LOC_BINARY, name));
	return NULL;
}

/* v escaped for a terminal (text_escape), each line by itself when lines are kept. */
static int put_escaped(struct buf *b, const char *v, bool lines)
{
	int r = 0;
	for (const char *p = v; r == 0;) {
		size_t n = lines ? strcspn(p, "\n") : strlen(p);
		_cleanup_free_ char *seg = strndup(p, n);
		_cleanup_free_ char *safe = seg ? text_escape(seg) : NULL;
		r = safe ? buf_puts(b, safe) : -ENOMEM;
		if (!p[n])
			break;
		r = r ? r : buf_puts(b, "\n");
		p += n + 1;
	}
	return r;
}

/*
 * A check never knows ids (include/benchmark.h): where its text cites another check it writes
 * "{{KEY}}", the stable key, and the id is the chosen edition's, put here. A key the edition
 * does not have is left as its name (never an id of another edition). "{{$NAME}}" and
 * "{{$NAME|TEXT}}" are host facts, "{{?NAME|TEXT}}" a hint (runner_render). 0 or -ENOMEM.
 */
static int render(const struct benchmark *bm, const char *text, struct audit_ctx *ctx,
		  const struct result *res, char **ret)
{
	struct buf b;
	buf_init(&b, SIZE_MAX);
	const char *p = text, *open;
	int r = 0;
	while ((open = strstr(p, "{{"))) {
		const char *close = strstr(open + 2, "}}");
		if (!close)
			break;
		char key[64];
		size_t kl = (size_t)(close - open - 2);
		r |= buf_append(&b, p, (size_t)(open - p));
		p = close + 2;
		if (open[2] == '$' || open[2] == '?') {
			/* {{$NAME}} or {{$NAME|TEXT}}; {{?NAME|TEXT}}: TEXT only when NAME is not
			 * known (a hint the usual text needs and the rendered one does not) */
			bool hint = open[2] == '?';
			const char *name = open + 3,
				   *bar = memchr(name, '|', (size_t)(close - name));
			size_t nl = (size_t)((bar ? bar : close) - name);
			if (nl == 0 || nl >= sizeof(key)) {
				r |= buf_append(&b, open, (size_t)(close + 2 - open));
				continue;
			}
			memcpy(key, name, nl);
			key[nl] = '\0';
			const char *v = result_fact_get(res, key);
			bool lines = v != NULL; /* a check's value may span lines; a host's not */
			if (!v && ctx)
				v = host_fact_value(ctx, key);
			if (hint) {
				if (!v && bar)
					r |= buf_append(&b, bar + 1, (size_t)(close - bar - 1));
			} else if (v) {
				/* a path from the host is outside text: never a terminal control */
				r |= put_escaped(&b, v, lines);
			} else if (bar) {
				r |= buf_append(&b, bar + 1, (size_t)(close - bar - 1));
			} else {
				const char *fb = host_fact_fallback(key);
				r |= buf_puts(&b, fb ? fb : key);
				if (fb && ctx && daemon_hidden(ctx) && daemon_owned_fact(key))
					r |= buf_puts(&b, " (the usual path; the daemon's own is "
							  "not visible)");
			}
			continue;
		}
		if (kl < sizeof(key)) {
			memcpy(key, open + 2, kl);
			key[kl] = '\0';
			const struct check *c = benchmark_check_by_key(bm, key);
			r |= buf_puts(&b, c ? c->id : key);
		} else {
			r |= buf_append(&b, open, (size_t)(close + 2 - open));
		}
	}
	r |= buf_puts(&b, p);
	char *out = r == 0 ? buf_steal(&b) : NULL;
	if (!out) {
		buf_release(&b);
		return -ENOMEM;
	}
	*ret = out;
	return 0;
}

int runner_resolve_refs(const struct benchmark *bm, char **text)
{
	if (!*text || !strstr(*text, "{{"))
		return 0;
	char *out = NULL;
	if (render(bm, *text, NULL, NULL, &out) < 0)
		return -ENOMEM;
	free(*text);
	*text = out;
	return 0;
}

char *runner_render(const struct benchmark *bm, const char *text, struct audit_ctx *ctx,
		    const struct result *res)
{
	char *out = NULL;
	if (!text)
		return NULL;
	return render(bm, text, ctx, res, &out) < 0 ? NULL : out;
}

/*
 * The check as res shows it: its remediation rendered for this host. The host's own facts are
 * looked up only for a verdict on this host (not for a SKIP or ERROR, whose remediation is the
 * text's usual one). Every writer reads res->check. 0 or -ENOMEM.
 */
static int render_remediation(struct audit_ctx *ctx, const struct benchmark *bm, struct result *res)
{
	const struct check *c = res->check;
	if (!c || !c->remediation || !strstr(c->remediation, "{{"))
		return 0;
	bool on_host = res->status != DA_SKIP && res->status != DA_ERROR;
	char *text = runner_render(bm, c->remediation, on_host ? ctx : NULL, res);
	struct check *copy = text ? malloc(sizeof(*copy)) : NULL;
	if (!copy) {
		free(text);
		return -ENOMEM;
	}
	*copy = *c;
	copy->remediation = text;
	free(res->rendered);
	free(res->rendered_text);
	res->rendered = copy;
	res->rendered_text = text;
	res->check = copy;
	return 0;
}

int runner_run(struct audit_ctx *ctx, const struct selection *sel, struct report *rep)
{
	size_t n;
	const struct check *const *all = benchmark_checks(sel->benchmark, &n);
	rep->benchmark = sel->benchmark;
	rep->results = calloc(n ? n : 1, sizeof(*rep->results));
	if (!rep->results)
		return -ENOMEM;
	if (!rep->strings)
		rep->strings = json_interner_new(); /* optional: without it findings copy */
	bool daemon_wanted = false;
	for (size_t i = 0; i < n; i++)
		if (selection_match(sel, all[i]) &&
		    (all[i]->needs & (DA_NEED_DAEMON | DA_NEED_DOCKERD)) &&
		    !ctx_images_offline(ctx))
			daemon_wanted = true;
	for (size_t i = 0; i < n; i++) {
		if (!selection_match(sel, all[i]))
			continue;
		struct result *res = &rep->results[rep->n_results++];
		res->strings = rep->strings;
		if ((all[i]->needs & DA_NEED_DAEMON) && !ctx_images_offline(ctx))
			rep->daemon_needed = true;
		if (run_one(ctx, all[i], res, daemon_wanted) < 0 ||
		    runner_resolve_refs(sel->benchmark, &res->detail) < 0 ||
		    render_remediation(ctx, sel->benchmark, res) < 0)
			return -ENOMEM;
		rep->summary[res->status]++;
	}
	return 0;
}

int runner_exit_status(const struct report *r, int fail_on)
{
	bool failed = false, errored = false;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		/* a waived failure is an accepted risk; with --new-only only regressions count */
		if (report_result_fails(r, res, fail_on))
			failed = true;
		if (res->status == DA_ERROR)
			errored = true;
	}
	/* Nothing that needed the daemon was judged: the audit is incomplete, whatever else. */
	if (r->daemon_needed && !r->daemon_up)
		return 3;
	if (failed)
		return 1;
	return errored ? 3 : 0;
}
