/* SPDX-License-Identifier: Apache-2.0 */
/* Section 3: Docker daemon configuration files. */
#include "common.h"
#include "checks.h"

const struct check_section files_section = {"3", NULL, 0};
