/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <cjson/cJSON.h>
#include "facts/k8s.h"
#include "facts/yaml.h"
#include "fuzz_common.h"
#include "strutil.h"

/*
 * The parsers of the k8s-node profile: YAML (kubelet config files, drop-ins, static pod
 * manifests, EncryptionConfiguration), the drop-in merge, the EncryptionConfiguration reader and
 * the flag reader over an argv. Input: a YAML text; its bytes split at NUL are also an argv.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	cJSON *tree = NULL;
	int r = yaml_parse((const char *)data, size, &tree, &err);
	if (r == 0 && !tree)
		fuzz_fail("yaml_parse succeeded without a tree");
	if (r == -EBADMSG && !err)
		fuzz_fail("yaml_parse refused the input without saying why");
	if (r != 0 && tree)
		fuzz_fail("yaml_parse failed but returned a tree");
	free(err);
	if (tree) {
		char **p = NULL;
		if (k8s_encryption_secret_providers(tree, &p) == 0 && (!p || !p[0]))
			fuzz_fail("an empty provider list reported as found");
		strv_free(p);
		if (cJSON_IsObject(tree)) {
			/* merging the same drop-in twice changes nothing the second time */
			cJSON *base = cJSON_CreateObject();
			if (base && k8s_merge_config(base, tree) == 0) {
				char *once = cJSON_PrintUnformatted(base);
				if (once && k8s_merge_config(base, tree) == 0) {
					char *twice = cJSON_PrintUnformatted(base);
					if (twice && strcmp(once, twice) != 0)
						fuzz_fail(
						    "merging a drop-in twice is not idempotent");
					free(twice);
				}
				free(once);
			}
			cJSON_Delete(base);
		}
		cJSON_Delete(tree);
	}
	/* the same bytes as an argv */
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	size_t n = 1;
	for (size_t i = 0; i < size; i++)
		n += buf[i] == '\0';
	char **argv = calloc(n + 1, sizeof(*argv));
	if (argv) {
		size_t k = 0;
		for (size_t i = 0; i <= size && k < n; i += strlen(buf + i) + 1)
			argv[k++] = buf + i;
		static const char *const flags[] = {"config", "anonymous-auth", "data-dir", "a"};
		for (size_t f = 0; f < 4; f++) {
			const char *v = k8s_flag(argv, flags[f], f == 1, f == 2);
			if (v && strcmp(v, "true") != 0 && (v < buf || v > buf + size))
				fuzz_fail("k8s_flag returned a pointer outside argv");
		}
	}
	free(argv);
	free(buf);
	return 0;
}
