/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <limits.h>
#include "auditrules.h"
#include "fuzz_common.h"
#include "hostfs.h"
#include "strutil.h"

/*
 * auditrules_parse_text on arbitrary text (a NUL-terminated copy, as the files loader gives
 * it). Every watch must carry a normalised absolute path, its file and a line that exists;
 * re-encoded as the kernel would list it, auditrules_decode_kernel_rule must give the same
 * watch back (the two halves of the audit facts agree); auditrules_find over the list, in a
 * small fake root with merged-/usr symlinks, returns only watches of the list with the
 * permissions asked for; auditrules_find_shadow names only a never rule of the list placed
 * before a watch of the list.
 */

static struct hostfs *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *dir = fuzz_mkdtemp("auditroot");
	if (fuzz_write_file(dir, "usr/bin/dockerd", "x", 1) < 0 ||
	    fuzz_write_file(dir, "etc/docker/daemon.json", "{}", 2) < 0 ||
	    fuzz_write_file(dir, "var/lib/docker/.keep", "", 0) < 0 ||
	    fuzz_write_file(dir, "run/containerd/.keep", "", 0) < 0 ||
	    fuzz_symlink(dir, "bin", "usr/bin") < 0 || fuzz_symlink(dir, "var/run", "/run") < 0 ||
	    fuzz_symlink(dir, "etc/loop", "/etc/loop") < 0 || hostfs_new(dir, &root) < 0)
		fuzz_fail("cannot set up the fake root");
	return 0;
}

static bool path_ok(const char *p)
{
	_cleanup_free_ char *n = path_normalize(p);
	return n && strcmp(n, p) == 0;
}

static void roundtrip(const struct audit_watch *w)
{
	size_t pl = strlen(w->path), kl = w->key ? strlen(w->key) : 0;
	struct audit_rule_data *r = calloc(1, sizeof(*r) + pl + kl);
	if (!r)
		abort();
	r->flags = AUDIT_FILTER_EXIT;
	r->action = AUDIT_ALWAYS;
	r->fields[0] = w->dir ? AUDIT_DIR : AUDIT_WATCH;
	r->values[0] = (uint32_t)pl;
	r->fields[1] = AUDIT_PERM;
	r->values[1] = w->perms;
	r->field_count = 2;
	memcpy(r->buf, w->path, pl);
	if (w->key) {
		r->fields[2] = AUDIT_FILTERKEY;
		r->values[2] = (uint32_t)kl;
		r->field_count = 3;
		memcpy(r->buf + pl, w->key, kl);
	}
	r->buflen = (uint32_t)(pl + kl);
	struct audit_watch_list l = {0};
	int e = auditrules_decode_kernel_rule(r, sizeof(*r) + pl + kl, &l);
	if (e < 0 || l.n != 1)
		fuzz_fail("the kernel form of watch %s does not decode (%d, %zu)", w->path, e, l.n);
	const struct audit_watch *k = &l.items[0];
	bool key_same = streq_ptr(k->key, w->key) || (w->key && strchr(w->key, '\001'));
	if (strcmp(k->path, w->path) != 0 || k->dir != w->dir || k->perms != w->perms ||
	    !key_same || k->origin != AUDITRULES_KERNEL)
		fuzz_fail("watch %s reads back from the kernel form as %s", w->path, k->path);
	audit_watch_list_release(&l);
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *text = fuzz_strndup(data, size);
	unsigned lines = 1;
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	struct audit_watch_list l = {0};
	if (auditrules_parse_text(text, "/etc/audit/rules.d/fuzz.rules", &l) < 0)
		fuzz_fail("auditrules_parse_text failed");
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_watch *w = &l.items[i];
		if (!w->path || !path_ok(w->path))
			fuzz_fail("watch %zu has a path that is not normalised", i);
		if (w->origin != AUDITRULES_FILE || !w->file ||
		    strcmp(w->file, "/etc/audit/rules.d/fuzz.rules") != 0)
			fuzz_fail("watch %zu does not say which file it came from", i);
		if (w->line < 1 || w->line > lines)
			fuzz_fail("watch %zu is on line %u of %u", i, w->line, lines);
		if (!w->perms || (w->perms & ~AUDIT_WATCH_PERM_ALL))
			fuzz_fail("watch %zu has permissions 0x%x", i, w->perms);
		if (w->key && (!*w->key || strlen(w->key) > AUDIT_MAX_KEY_LEN))
			fuzz_fail("watch %zu has an empty or overlong key", i);
		char ps[5];
		auditrules_perms_str(w->perms, ps);
		roundtrip(w);
	}
	for (size_t i = 0; i < l.n_never; i++)
		if (!l.nevers[i].path || !path_ok(l.nevers[i].path) || !l.nevers[i].order)
			fuzz_fail("never rule %zu has no normalised path or no place", i);

	static const char *const targets[] = {
	    "/usr/bin/dockerd", "/var/lib/docker", "/etc/docker/daemon.json",
	    "/run/containerd",	"/etc/loop",	   "/"};
	for (size_t i = 0; i < ARRAY_SIZE(targets) + (l.n ? 1 : 0); i++) {
		const char *t = i < ARRAY_SIZE(targets) ? targets[i] : l.items[0].path;
		for (unsigned want = 0; want <= AUDIT_WATCH_PERM_ALL; want += 5) {
			const struct audit_watch *partial = NULL;
			const struct audit_watch *w = auditrules_find(&l, root, t, want, &partial);
			if (w && (w < l.items || w >= l.items + l.n || (w->perms & want) != want))
				fuzz_fail("auditrules_find returned a watch that does not qualify");
			if (partial && (partial < l.items || partial >= l.items + l.n))
				fuzz_fail(
				    "auditrules_find returned a partial watch not in the list");
			/* a never rule before a watch only ever takes it away, from the list */
			const struct audit_watch *sw = NULL;
			const struct audit_watch *nv =
			    auditrules_find_shadow(&l, root, t, want, &sw);
			if (nv && (w || nv < l.nevers || nv >= l.nevers + l.n_never || !sw ||
				   sw < l.items || sw >= l.items + l.n || nv->order >= sw->order))
				fuzz_fail("auditrules_find_shadow returned a rule that does not "
					  "switch a watch off");
		}
	}
	audit_watch_list_release(&l);
	return 0;
}
