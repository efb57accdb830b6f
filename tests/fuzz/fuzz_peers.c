/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "facts/peers.h"
#include "fuzz_common.h"

/*
 * unix_peers_parse on arbitrary blobs, as a recv() of a sock_diag dump could hand them over:
 * an exact-size heap copy, so ASan reports any read past it. Whatever it accepts is an entry
 * per AF_UNIX message, findable by its inode once sorted, with its peer as parsed; a failure is
 * one of the documented errors; parsing the same blob twice appends as many entries again.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *buf = fuzz_memdup(data, size);
	struct unix_peers m = {0};
	bool done = false;
	int e = unix_peers_parse(&m, buf, size, &done);
	if (e == -ENOMEM)
		goto out;
	if (e > 0)
		fuzz_fail("parse returned %d", e);
	if (e < 0 && e != -EBADMSG && !done)
		fuzz_fail("a kernel error (%d) without the end of the dump", e);
	size_t connected = 0;
	for (size_t i = 0; i < m.n; i++)
		connected += m.v[i].peer != 0;
	if (connected != m.connected)
		fuzz_fail("%zu connected entries counted as %zu", connected, m.connected);
	size_t n = m.n;
	unix_peers_finish(&m);
	for (size_t i = 0; i < m.n; i++) {
		if (i && m.v[i - 1].ino > m.v[i].ino)
			fuzz_fail("not sorted at %zu", i);
		const struct unix_peer *p = unix_peers_find(&m, m.v[i].ino);
		if (!p || p->ino != m.v[i].ino)
			fuzz_fail("inode %u not found after sorting", m.v[i].ino);
	}
	if (e == 0 && !done) {
		bool again = false;
		if (unix_peers_parse(&m, buf, size, &again) == 0 && m.n != 2 * n)
			fuzz_fail("a second parse added %zu entries, not %zu", m.n - n, n);
	}
out:
	free(m.v);
	free(buf);
	return 0;
}
