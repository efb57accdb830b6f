/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/*
 * Not part of the public interface: lets the unit tests run the component-by-component
 * resolver on kernels that have openat2, so both code paths are exercised.
 */
#include <stdbool.h>
#include "hostfs.h"

enum hostfs_new_flags {
	HOSTFS_NO_OPENAT2 = 1 << 0, /* resolve by hand even when the kernel has openat2 */
};

int hostfs_new_with(const char *root, unsigned flags, struct hostfs **ret);
/* true when opens go through openat2(RESOLVE_IN_ROOT). */
bool hostfs_uses_openat2(const struct hostfs *h);
