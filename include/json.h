/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/*
 * Typed getters over untrusted JSON. A path is a dot-separated list of object keys
 * ("HostConfig.RestartPolicy.Name"); keys are compared case-sensitively, as the Engine API
 * sends them. Getters never touch valuestring of a non-string item.
 */

/* The item at path, or NULL when absent (or any step is not an object). */
const cJSON *json_get(const cJSON *obj, const char *path);
/* The string at path; NULL when absent, null or not a string. */
const char *json_get_string(const cJSON *obj, const char *path);
/* 0 on success, -ENOENT when absent or null, -EINVAL when of another type. */
int json_get_bool(const cJSON *obj, const char *path, bool *ret);
/* Integers: the number must be integral and fit; -ERANGE otherwise. */
int json_get_int64(const cJSON *obj, const char *path, int64_t *ret);
/* Array or object at path, NULL when absent or of another type. */
const cJSON *json_get_array(const cJSON *obj, const char *path);
const cJSON *json_get_object(const cJSON *obj, const char *path);

/* Parse at most len bytes; NULL on malformed input (nesting is capped by cJSON). */
cJSON *json_parse(const char *data, size_t len);

/*
 * Interning: a tree's keys, and its string values of at most max_value bytes, are replaced by
 * shared copies owned by the interner, so 10,000 container inspections hold "HostConfig" or
 * "default" once instead of 10,000 times (cJSON marks such keys constant and such values
 * references, and never frees them with the tree). The interner must outlive every tree
 * interned into it, and interned strings must not be modified. 0 or -ENOMEM (the tree stays
 * valid, partly interned).
 */
struct json_interner;
struct json_interner *json_interner_new(void);
struct json_interner *json_interner_free(struct json_interner *in);
int json_intern(struct json_interner *in, cJSON *tree, size_t max_value);
/* The shared copy of s (made on first sight), valid until the interner is freed; NULL for NULL
 * or out of memory. */
const char *json_intern_str(struct json_interner *in, const char *s);
