/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <cjson/cJSON.h>

/* What the Engine says about itself: its version, its security options. Pure functions. */

/* ---- engine versions ---- */

/* "20.10.24+dfsg1", "24.0.7", "27.3.1-1", "v28.0.0-rc.1" -> major, minor, patch (a missing
 * patch is 0). -EINVAL when it does not start with digits.digits. */
int engine_version_parse(const char *s, unsigned *ret_major, unsigned *ret_minor,
			 unsigned *ret_patch);
/* ---- security options of GET /info ---- */

/*
 * The entry of /info SecurityOptions for name ("apparmor", "seccomp", "userns", "rootless",
 * "selinux", "no-new-privileges"), read as the docker CLI reads it: an entry without "=" is a
 * bare name (daemons before API 1.26), any other is comma-separated key=value pairs of which
 * "name" is the name. 0 with the whole entry in *ret_entry, or -ENOENT.
 */
int engine_security_option(const cJSON *info, const char *name, const char **ret_entry);
/* The value of key in such an entry ("profile" of "name=seccomp,profile=default"), malloc'ed;
 * NULL when it has none (or on ENOMEM). */
char *engine_security_option_value(const char *entry, const char *key);
