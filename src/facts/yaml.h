/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stddef.h>
#include <cjson/cJSON.h>

/*
 * YAML as Kubernetes reads it (sigs.k8s.io/yaml, YAML 1.1 scalars), into a cJSON tree, so that
 * the typed JSON getters (include/json.h) serve kubelet configuration files, static pod
 * manifests and EncryptionConfiguration files alike. Parsed with libyaml.
 *
 * Only the first document is read. Mappings become objects (a later duplicate key replaces the
 * earlier one, as Go's decoder does), sequences arrays. A quoted scalar is a string; a plain one
 * is a bool (true/false/yes/no/on/off in any of YAML 1.1's spellings), null (null, ~, empty), an
 * integer or float, else a string. Aliases are refused: no file we read needs them, and they
 * are how a small file becomes a huge tree. Nesting deeper than 64 levels is refused too.
 *
 * 0 with *ret (owned by the caller); -ENODATA for an empty stream; -EBADMSG with *ret_error
 * (malloc'ed, "line N: problem") for malformed or refused input; -EFBIG past 64 MiB; -ENOMEM.
 */
int yaml_parse(const char *text, size_t len, cJSON **ret, char **ret_error);
