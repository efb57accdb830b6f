/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <yaml.h>
#include "facts/yaml.h"
#include "strutil.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_INPUT (64u * 1024 * 1024)

struct yparse {
	yaml_parser_t p;
	yaml_event_t ev;
	bool have_ev;
	char *error;
	int depth;
};

static int fail(struct yparse *y, int r, const char *what)
{
	if (!y->error) {
		size_t line = y->have_ev ? y->ev.start_mark.line + 1 : y->p.problem_mark.line + 1;
		y->error = xasprintf("line %zu: %s", line, what);
	}
	return r;
}

static int next(struct yparse *y)
{
	if (y->have_ev) {
		yaml_event_delete(&y->ev);
		y->have_ev = false;
	}
	if (!yaml_parser_parse(&y->p, &y->ev)) {
		if (y->p.error == YAML_MEMORY_ERROR)
			return -ENOMEM;
		y->error = xasprintf("line %zu: %s", y->p.problem_mark.line + 1,
				     y->p.problem ? y->p.problem : "malformed YAML");
		return -EBADMSG;
	}
	y->have_ev = true;
	return 0;
}

static bool is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* YAML 1.1 numbers as go-yaml resolves them, in decimal (the forms configuration files use). */
static bool plain_number(const char *s, double *ret)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!(*p >= '0' && *p <= '9') && !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
		return false;
	for (const char *q = p; *q; q++)
		if (!strchr("0123456789.eE+-_", *q))
			return false;
	if (strchr(s, '_'))
		return false;
	char *end = NULL;
	errno = 0;
	double d = strtod(s, &end);
	if (!end || *end || errno)
		return false;
	*ret = d;
	return true;
}

static cJSON *scalar_item(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	const char *tag = (const char *)ev->data.scalar.tag;
	if (tag && strcmp(tag, "tag:yaml.org,2002:str") == 0)
		plain = false;
	if (!plain)
		return cJSON_CreateString(v);
	static const char *const yes[] = {"y",	  "Y",	  "yes", "Yes", "YES", "true",
					  "True", "TRUE", "on",	 "On",	"ON",  NULL};
	static const char *const no[] = {"n",	  "N",	   "no",  "No",	 "NO",	"false",
					 "False", "FALSE", "off", "Off", "OFF", NULL};
	static const char *const nul[] = {"", "~", "null", "Null", "NULL", NULL};
	if (is_one_of(v, yes))
		return cJSON_CreateBool(true);
	if (is_one_of(v, no))
		return cJSON_CreateBool(false);
	if (is_one_of(v, nul))
		return cJSON_CreateNull();
	double d;
	if (plain_number(v, &d))
		return cJSON_CreateNumber(d);
	return cJSON_CreateString(v);
}

static int parse_node(struct yparse *y, cJSON **ret);

static int parse_mapping(struct yparse *y, cJSON **ret)
{
	cJSON *obj = cJSON_CreateObject();
	int r;
	if (!obj)
		return -ENOMEM;
	for (;;) {
		r = next(y);
		if (r < 0)
			goto fail;
		if (y->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (y->ev.type != YAML_SCALAR_EVENT) {
			r = fail(y, -EBADMSG, "a mapping key that is not a scalar");
			goto fail;
		}
		_cleanup_free_ char *key = xstrdup((const char *)y->ev.data.scalar.value);
		if (!key) {
			r = -ENOMEM;
			goto fail;
		}
		r = next(y);
		if (r < 0)
			goto fail;
		cJSON *val = NULL;
		r = parse_node(y, &val);
		if (r < 0)
			goto fail;
		if (cJSON_GetObjectItemCaseSensitive(obj, key))
			cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
		if (!cJSON_AddItemToObject(obj, key, val)) {
			cJSON_Delete(val);
			r = -ENOMEM;
			goto fail;
		}
	}
	*ret = obj;
	return 0;
fail:
	cJSON_Delete(obj);
	return r;
}

static int parse_sequence(struct yparse *y, cJSON **ret)
{
	cJSON *arr = cJSON_CreateArray();
	int r;
	if (!arr)
		return -ENOMEM;
	for (;;) {
		r = next(y);
		if (r < 0)
			goto fail;
		if (y->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		cJSON *val = NULL;
		r = parse_node(y, &val);
		if (r < 0)
			goto fail;
		if (!cJSON_AddItemToArray(arr, val)) {
			cJSON_Delete(val);
			r = -ENOMEM;
			goto fail;
		}
	}
	*ret = arr;
	return 0;
fail:
	cJSON_Delete(arr);
	return r;
}

/* The node that starts at the current event. */
static int parse_node(struct yparse *y, cJSON **ret)
{
	int r;
	switch (y->ev.type) {
	case YAML_SCALAR_EVENT:
		if (!(*ret = scalar_item(&y->ev)))
			return -ENOMEM;
		return 0;
	case YAML_ALIAS_EVENT:
		return fail(y, -EBADMSG, "aliases are not accepted");
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (++y->depth > YAML_MAX_DEPTH)
			return fail(y, -EBADMSG, "nested too deeply");
		r = y->ev.type == YAML_MAPPING_START_EVENT ? parse_mapping(y, ret)
							   : parse_sequence(y, ret);
		y->depth--;
		return r;
	default:
		return fail(y, -EBADMSG, "unexpected YAML event");
	}
}

int yaml_parse(const char *text, size_t len, cJSON **ret, char **ret_error)
{
	if (len > YAML_MAX_INPUT)
		return -EFBIG;
	struct yparse y = {0};
	if (!yaml_parser_initialize(&y.p))
		return -ENOMEM;
	yaml_parser_set_input_string(&y.p, (const unsigned char *)text, len);
	cJSON *root = NULL;
	int r;
	/* stream start, then a document start or the stream end */
	if ((r = next(&y)) < 0)
		goto out;
	if ((r = next(&y)) < 0)
		goto out;
	if (y.ev.type == YAML_STREAM_END_EVENT) {
		r = -ENODATA;
		goto out;
	}
	if ((r = next(&y)) < 0)
		goto out;
	r = parse_node(&y, &root);
	if (r == 0 && cJSON_IsNull(root)) {
		r = -ENODATA;
		cJSON_Delete(root);
		root = NULL;
	}
out:
	if (y.have_ev)
		yaml_event_delete(&y.ev);
	yaml_parser_delete(&y.p);
	if (r < 0) {
		cJSON_Delete(root);
		if (r == -EBADMSG && ret_error)
			*ret_error = y.error ? y.error : xstrdup("malformed YAML");
		else
			free(y.error);
		return r;
	}
	free(y.error);
	*ret = root;
	return 0;
}
