/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "facts/cgroup.h"
#include "facts/self.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * The auditor's own container (facts/self.c) and container ids in cgroup texts
 * (facts/cgroup.c): what decides whether a container is left out of the audit. Input: records
 * "mountinfo" and "cgroup" (fuzz_common.h), written as <dir>/self/mountinfo and
 * <dir>/self/cgroup. Invariants: every id is 64 lowercase hex digits that the input holds at
 * that place, never Podman's conmon; a found container's id is in the file it was found in and
 * is one the cgroup finder or the mount rule gives; the reasons fit any buffer.
 */

static char *dir, *self_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	dir = fuzz_mkdtemp("self");
	self_dir = xasprintf("%s/self", dir);
	if (!self_dir)
		abort();
	return 0;
}

static bool hex64(const char *p)
{
	for (int i = 0; i < 64; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

struct each {
	const char *text;
	size_t n;
	char last[65];
};

static bool each_id(const char *id, void *data)
{
	struct each *e = data;
	if (id < e->text || id + 64 > e->text + e->n)
		fuzz_fail("cgroup_each_id gave a pointer outside the text");
	if (!hex64(id))
		fuzz_fail("cgroup_each_id gave a non-hex id");
	if (id - e->text >= 7 && memcmp(id - 7, "conmon-", 7) == 0)
		fuzz_fail("cgroup_each_id took conmon's scope for the container");
	char one[65];
	memcpy(one, id, 64);
	one[64] = '\0';
	if (!cgroup_names_container(e->text, one))
		fuzz_fail("cgroup_names_container disagrees with cgroup_each_id on %s", one);
	memcpy(e->last, one, sizeof(one));
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_record rec[8];
	size_t n = fuzz_split_records(data, size, rec, ARRAY_SIZE(rec));
	const struct fuzz_record *mi = fuzz_record_find(rec, n, "mountinfo");
	const struct fuzz_record *cg = fuzz_record_find(rec, n, "cgroup");
	_cleanup_free_ char *mtext = mi ? fuzz_strndup(mi->body, mi->body_len) : fuzz_strdup("");
	_cleanup_free_ char *ctext = cg ? fuzz_strndup(cg->body, cg->body_len) : fuzz_strdup("");

	struct each e = {.text = ctext, .n = strlen(ctext)};
	cgroup_each_id(ctext, each_id, &e);

	fuzz_rm_rf(self_dir);
	if (fuzz_write_file(dir, "self/mountinfo", mtext, strlen(mtext)) < 0 ||
	    fuzz_write_file(dir, "self/cgroup", ctext, strlen(ctext)) < 0)
		fuzz_fail("cannot write the fake /proc");
	struct self_container sc;
	int r = self_container_find(dir, &sc);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		fuzz_fail("self_container_find: %s", strerror(-r));
	if (strlen(sc.id) != 64 || !hex64(sc.id))
		fuzz_fail("self_container_find gave a malformed id");
	if (memchr(sc.evidence, '\0', sizeof(sc.evidence)) == NULL)
		fuzz_fail("the evidence is not terminated");
	if (sc.source == SELF_FROM_MOUNT) {
		if (!strstr(mtext, sc.id))
			fuzz_fail("an id from the mounts that mountinfo does not hold");
	} else if (sc.source == SELF_FROM_CGROUP) {
		if (!cgroup_names_container(ctext, sc.id))
			fuzz_fail("an id from the cgroup that cgroup_names_container denies");
	} else {
		fuzz_fail("an unknown source");
	}
	/* no namespace links under the fake /proc: never a proof */
	self_container_prove(dir, &sc, 1);
	if (sc.proof != SELF_PROOF_NONE)
		fuzz_fail("a namespace proof without namespace links");
	static const size_t sizes[] = {1, 17, 128, 1024};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *buf = malloc(sizes[i]);
		if (!buf)
			abort();
		self_container_reason(&sc, buf, sizes[i]);
		if (!memchr(buf, '\0', sizes[i]))
			fuzz_fail("the reason is not terminated in %zu bytes", sizes[i]);
		free(buf);
	}
	return 0;
}
