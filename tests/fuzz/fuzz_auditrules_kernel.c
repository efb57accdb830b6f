/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "auditrules.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * auditrules_decode_kernel_rule on arbitrary blobs, as a hostile or broken netlink peer could
 * send them. The blob is an exact-size heap copy (short ones included: the decoder is given
 * the length and must check it before reading the header), so ASan reports any read past it.
 * A watch it accepts has a normalised absolute path, the kernel origin, and a key without the
 * separator of joined keys.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_rule_data *r = fuzz_memdup(data, size);
	struct audit_watch_list l = {0};
	int e = auditrules_decode_kernel_rule(r, size, &l);
	if (e < 0 && e != -EBADMSG && e != -ENOMEM)
		fuzz_fail("decode returned %d", e);
	if (e < 0 && l.n)
		fuzz_fail("decode failed but added a watch");
	if (size < sizeof(*r) && (e != -EBADMSG || l.n))
		fuzz_fail("decode accepted a blob shorter than the header");
	if (l.n > 1)
		fuzz_fail("one rule decoded into %zu watches", l.n);
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_watch *w = &l.items[i];
		_cleanup_free_ char *n = path_normalize(w->path);
		if (!n || strcmp(n, w->path) != 0)
			fuzz_fail("decoded path is not normalised");
		if (w->origin != AUDITRULES_KERNEL || w->file)
			fuzz_fail("decoded watch does not come from the kernel");
		if (w->key && (!*w->key || strchr(w->key, '\001')))
			fuzz_fail("decoded key is empty or still joined");
		/* perm=0 is possible (a watch that matches nothing): only stray bits are wrong */
		if (w->perms & ~AUDIT_WATCH_PERM_ALL)
			fuzz_fail("decoded permissions 0x%x", w->perms);
	}
	/* a second rule appends: the list keeps the first */
	if (e == 0 && auditrules_decode_kernel_rule(r, size, &l) == 0 && l.n > 2)
		fuzz_fail("a list grew by more than one watch per rule");
	audit_watch_list_release(&l);
	free(r);
	return 0;
}
