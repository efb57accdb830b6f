/* SPDX-License-Identifier: Apache-2.0 */
/* Section 6: Docker security operations. */
#include "common.h"
#include "checks.h"

const struct check_section operations_section = {"6", NULL, 0};
