/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>

/*
 * SHA-256 (FIPS 180-4) of a small buffer, as lowercase hex. The docker CLI names a context's
 * directory in its store by the SHA-256 of the context's name; this is all we hash, so a
 * library would be more than the job needs.
 */
void sha256_hex(const void *data, size_t len, char out[static 65]);
