/* SPDX-License-Identifier: Apache-2.0 */
/* Section 2: Docker daemon configuration. */
#include "common.h"
#include "checks.h"

const struct check_section daemon_section = {"2", NULL, 0};
