/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "benchmark.h"
#include "report.h"
#include "version.h"

/*
 * --format baseline: only what --baseline reads back, the identity of each failure (check id
 * and key, status, and each finding's kind and name), one result per line. A nightly job that
 * keeps this instead of the whole JSON report keeps a baseline far below the 256 MiB a baseline
 * may have, however many findings a night brings: no details, values or remediation text.
 */

static cJSON *result_identity(const struct result *res)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	/* a check without a stable key is matched by its id */
	bool ok = report_json_add_str(o, "id", res->check->id) == 0 &&
		  (!res->check->key || report_json_add_str(o, "key", res->check->key) == 0) &&
		  cJSON_AddStringToObject(o, "status", da_status_name(res->status)) &&
		  (!res->waived || cJSON_AddBoolToObject(o, "waived", true));
	cJSON *arr = ok && res->status == DA_FAIL ? cJSON_AddArrayToObject(o, "findings") : NULL;
	for (size_t i = 0; arr && ok && i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		cJSON *x = cJSON_CreateObject();
		/* names as the JSON report writes them (valid UTF-8), so either is a baseline */
		ok = x && cJSON_AddItemToArray(arr, x) &&
		     report_json_add_str(x, "kind", f->kind ? f->kind : "") == 0 &&
		     report_json_add_str(x, "name", f->name) == 0 &&
		     (!f->error || cJSON_AddBoolToObject(x, "error", true));
		if (!x)
			ok = false;
	}
	if (!ok || (res->status == DA_FAIL && !arr)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int report_write_baseline(FILE *f, const struct report *r, const struct render_options *o)
{
	const struct benchmark *bm = report_benchmark(r);
	cJSON *head = cJSON_CreateObject();
	bool ok = head && cJSON_AddNumberToObject(head, "schema_version", 1) &&
		  cJSON_AddStringToObject(head, "format", "baseline");
	cJSON *b = ok ? cJSON_AddObjectToObject(head, "benchmark") : NULL;
	ok = b && cJSON_AddStringToObject(b, "name", bm->name) &&
	     cJSON_AddStringToObject(b, "version", bm->version) &&
	     (r->started_at[0] ? cJSON_AddStringToObject(head, "started_at", r->started_at) != NULL
			       : cJSON_AddNullToObject(head, "started_at") != NULL);
	/* a baseline of a run that could not reach its daemon is refused: say which this was */
	if (ok && r->daemon_needed)
		ok = cJSON_AddBoolToObject(head, "daemon_reachable", r->daemon_up) != NULL;
	/* what was asked and which containers were left out: a later run compares like with
	 * like, on the overlap (DESIGN 6) */
	cJSON *scope = ok ? cJSON_AddObjectToObject(head, "scope") : NULL;
	ok = scope && cJSON_AddBoolToObject(scope, "all_containers", r->all_containers) &&
	     report_json_add_selection(scope, r) == 0;
	cJSON *cont =
	    ok && r->scope.containers_known ? cJSON_AddObjectToObject(scope, "containers") : NULL;
	if (ok && r->scope.containers_known)
		ok = cont && report_json_add_left_out(cont, r) == 0;
	char *text = ok ? cJSON_PrintUnformatted(head) : NULL;
	cJSON_Delete(head);
	if (!text)
		return -ENOMEM;
	/* continue the object: drop its closing brace */
	text[strlen(text) - 1] = '\0';
	int ret = fprintf(f, "%s,\"results\":[\n", text) < 0 ? -EIO : 0;
	cJSON_free(text);
	for (size_t i = 0; i < r->n_results && ret == 0; i++) {
		cJSON *one = result_identity(&r->results[i]);
		char *s = one ? cJSON_PrintUnformatted(one) : NULL;
		cJSON_Delete(one);
		if (!s)
			return -ENOMEM;
		if (fprintf(f, "%s%s\n", s, i + 1 < r->n_results ? "," : "") < 0)
			ret = -EIO;
		cJSON_free(s);
	}
	if (ret == 0 && fputs("]}\n", f) == EOF)
		ret = -EIO;
	if (ret == 0 && (fflush(f) == EOF || ferror(f)))
		ret = errno > 0 ? -errno : -EIO;
	return ret;
}
