/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <cjson/cJSON.h>

/* A set of daemon settings (daemon.json spelling) with the origin of each. */
struct settings {
	cJSON *values; /* object: key -> value */
	cJSON *origins; /* object: key -> origin text */
	char *error; /* NULL when the source was read */
};

int settings_init(struct settings *s);
void settings_release(struct settings *s);
/* Set key (replacing an earlier value: the last flag wins, as in dockerd). Takes value (NULL:
 * -ENOMEM). */
int settings_set(struct settings *s, const char *key, cJSON *value, const char *origin);
const cJSON *settings_get(const struct settings *s, const char *key);
/* The origin of key, "" when none. */
const char *settings_origin(const struct settings *s, const char *key);
/* Record why the source could not be read (the first reason wins). */
void settings_fail(struct settings *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A string member of obj by its exact key (json_get's dotted paths would split "a.b"). */
const char *settings_obj_string(const cJSON *obj, const char *key);
/* Go's strconv.ParseBool, which is what dockerd's flags accept. 0 or -EINVAL. */
int settings_parse_go_bool(const char *s, bool *ret);
/* Settings whose values may carry credentials (proxy URLs). */
bool settings_key_has_credentials(const char *key);
/* "http://user:pass@host" -> "http://xxxxx:xxxxx@host", as dockerd masks them in /info. */
char *settings_mask_credentials(const char *s);
/* Mask every string inside v (objects such as "proxies" included). 0 or -ENOMEM. */
int settings_mask(cJSON *v);
