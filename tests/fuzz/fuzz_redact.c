/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include "../../checks/checks.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * The redaction of quoted build steps (4.7, 4.9): images_redact on a build step made of the
 * input's words around planted secrets. The input's quotes and backslashes are taken out so that
 * the planted words stay words (a quote left open by the input would rightly swallow them into
 * one quoted argument); its other words, dashes, commands (mysql), headers and URLs are the
 * context the redaction must cope with. Each planted form is one that leaked before
 * (issue 15): what must hold is that no planted secret survives, and that the output is never
 * longer than the redaction's own bound.
 */

static const char *const planted[] = {
    "DB_PASSWORD=\"SEKRETa1 SEKRETa2\"",
    "--password 'SEKRETb1 SEKRETb2'",
    "API_TOKEN='SEKRETc1 SEKRETc2'",
    "-H \"Authorization: Bearer SEKRETd1\"",
    "https://dl.example.com/t.tgz?access_token=SEKRETe1",
    "--api-key=SEKRETf1",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	_cleanup_free_ char *ctx = fuzz_strndup(data, size);
	for (char *p = ctx; *p; p++)
		if (*p == '"' || *p == '\'' || *p == '\\' || *p == '`')
			*p = 'x';
	/* the secret marker must not be spelt by the input itself */
	for (char *p = strstr(ctx, "SEKRET"); p; p = strstr(p, "SEKRET"))
		*p = 's';
	size_t pick = size ? data[0] % ARRAY_SIZE(planted) : 0;
	size_t cut = size ? strlen(ctx) / 2 : 0;
	_cleanup_free_ char *step = xasprintf("%.*s %s %s %s", (int)cut, ctx, planted[pick],
					      planted[(pick + 1) % ARRAY_SIZE(planted)], ctx + cut);
	if (!step)
		return 0;
	_cleanup_free_ char *out = images_redact(step);
	if (!out)
		return 0;
	if (strstr(out, "SEKRET"))
		fuzz_fail("a planted secret survived: '%s' -> '%s'", step, out);
	if (strlen(out) > strlen(step) * 11 + 64)
		fuzz_fail("the redaction grew past its bound");
	return 0;
}
