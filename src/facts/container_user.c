/* SPDX-License-Identifier: Apache-2.0 */
/* The user a running container's PID 1 really runs as, from <root>/proc. */
#include "common.h"
#include <ctype.h>
#include <inttypes.h>
#include "context.h"
#include "facts/cgroup.h"
#include "facts/container_user.h"
#include "facts/inspect.h"
#include "facts/procs.h"
#include "hostfs.h"
#include "json.h"
#include "strutil.h"

#define PROC_FILE_MAX (64u * 1024)

struct proc_entry {
	const struct container *ct;
	struct proc_user pu;
	char *why;
};

/* One entry per container in scope, indexed like ctx_containers, each allocated on its own:
 * callers keep pointers. */
struct user_fact {
	struct proc_entry **procs;
	size_t n_procs;
};

static void user_fact_release(void *p)
{
	struct user_fact *f = p;
	for (size_t i = 0; f->procs && i < f->n_procs; i++) {
		if (!f->procs[i])
			continue;
		free(f->procs[i]->why);
		free(f->procs[i]);
	}
	free(f->procs);
}

static int user_fact_load(struct audit_ctx *c, void *fact, const char *key)
{
	(void)c, (void)fact, (void)key;
	return 0; /* filled container by container */
}

static const struct ctx_fact_type user_type = {
    .name = "container_user",
    .size = sizeof(struct user_fact),
    .load = user_fact_load,
    .release = user_fact_release,
};

static struct user_fact *user_fact(struct audit_ctx *c)
{
	void *f;
	return ctx_fact(c, &user_type, NULL, &f) < 0 ? NULL : f;
}

int proc_uid_map_inside(const char *uid_map, uint32_t host_uid, uint32_t *ret, bool *ret_identity)
{
	bool identity = false, found = false;
	uint32_t inside = 0;
	size_t lines = 0;
	for (const char *line = uid_map; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char buf[128];
		if (len >= sizeof(buf))
			return -EBADMSG;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = eol ? eol + 1 : NULL;
		_cleanup_strv_free_ char **f = NULL;
		for (char *s = buf; *s; s++)
			if (*s == '\t')
				*s = ' ';
		int n = str_split(buf, ' ', &f);
		if (n == 0)
			continue;
		uint64_t in, out, cnt;
		if (n != 3 || parse_uint64(f[0], &in) < 0 || parse_uint64(f[1], &out) < 0 ||
		    parse_uint64(f[2], &cnt) < 0)
			return -EBADMSG;
		lines++;
		if (in == 0 && out == 0 && cnt == UINT32_MAX)
			identity = true;
		if (!found && host_uid >= out && host_uid - out < cnt) {
			found = true;
			inside = (uint32_t)(in + (host_uid - out));
		}
	}
	if (!lines)
		return -EBADMSG;
	if (!found)
		return -ENOENT;
	*ret = inside;
	if (ret_identity)
		*ret_identity = identity && lines == 1;
	return 0;
}

static void read_proc_user(struct audit_ctx *c, const struct container *ct, struct proc_entry *e)
{
	struct proc_user *pu = &e->pu;
	const struct hostfs *h = ctx_hostfs(c);
	const struct opt_int *sp = ct->inspect ? &ct->inspect->state_pid : NULL;
	int64_t pid = sp && sp->state == FIELD_SET ? sp->v : 0;
	int r = !sp || field_unset(sp->state) ? -ENOENT : sp->state == FIELD_INVALID ? -EINVAL : 0;
	pu->pid = pid;
	if (r < 0 || pid <= 0) {
		pu->error = r < 0 ? r : -ESRCH;
		e->why = xstrdup("State.Pid is not a process id");
		return;
	}
	if (!h) {
		pu->error = -ENOENT;
		e->why = xstrdup("no host root to read /proc from");
		return;
	}
	char path[64];
	_cleanup_free_ char *status = NULL, *cgroup = NULL, *uid_map = NULL;
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/status", pid);
	r = hostfs_read_file(h, path, PROC_FILE_MAX, &status, NULL);
	if (r < 0) {
		pu->error = r;
		e->why = xasprintf("%s: %s%s", path, strerror(-r),
				   r == -ENOENT ? " (a daemon on another host, or docker-audit in "
						  "a PID namespace of its own without the host's "
						  "/proc under --root?)"
						: "");
		return;
	}
	/* the PID is the daemon's view: make sure the process we read is this container's */
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/cgroup", pid);
	r = hostfs_read_file(h, path, PROC_FILE_MAX, &cgroup, NULL);
	if (r < 0) {
		pu->error = r;
		e->why = xasprintf("%s: %s", path, strerror(-r));
		return;
	}
	/* a full id must be named as the container's cgroup (not Podman's conmon beside it) */
	bool named =
	    ct->id && (strlen(ct->id) == 64 ? cgroup_names_container(cgroup, ct->id)
					    : strlen(ct->id) >= 12 && strstr(cgroup, ct->id));
	if (!named) {
		pu->error = -ESRCH;
		e->why = xasprintf("process %" PRId64 " in /proc is not this container's, its "
				   "cgroup does not name it: a daemon on another host, or another "
				   "PID namespace?",
				   pid);
		return;
	}
	r = proc_status_euid(status, &pu->host_uid);
	if (r < 0) {
		pu->error = -EBADMSG;
		e->why = xasprintf("/proc/%" PRId64 "/status has no readable Uid: line", pid);
		return;
	}
	pu->uid = pu->host_uid;
	snprintf(path, sizeof(path), "/proc/%" PRId64 "/uid_map", pid);
	if (hostfs_read_file(h, path, PROC_FILE_MAX, &uid_map, NULL) == 0) {
		bool identity = true;
		uint32_t inside;
		r = proc_uid_map_inside(uid_map, pu->host_uid, &inside, &identity);
		if (r == 0) {
			pu->uid = inside;
			pu->remapped = !identity;
		} else if (r == -ENOENT) {
			pu->uid = 65534; /* unmapped: the overflow uid inside, never root */
			pu->remapped = true;
		}
	}
}

const struct proc_user *ctx_container_proc_user(struct audit_ctx *c, const struct container *ct)
{
	struct user_fact *f = user_fact(c);
	const struct container *cs;
	size_t n;
	if (!f || ctx_containers(c, &cs, &n, NULL) < 0 || ct < cs || ct >= cs + n)
		return NULL;
	/* one slot per container in scope: a lookup, not a scan */
	if (!f->procs) {
		f->procs = calloc(n ? n : 1, sizeof(*f->procs));
		if (!f->procs)
			return NULL;
		f->n_procs = n;
	}
	size_t i = (size_t)(ct - cs);
	if (f->procs[i])
		return &f->procs[i]->pu;
	struct proc_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->ct = ct;
	read_proc_user(c, ct, e);
	if (e->pu.error < 0 && !e->why) {
		free(e);
		return NULL;
	}
	e->pu.why = e->why;
	f->procs[i] = e;
	return &e->pu;
}
