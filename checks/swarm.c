/* SPDX-License-Identifier: Apache-2.0 */
/* Section 7: Docker swarm configuration. */
#include "common.h"
#include "checks.h"

const struct check_section swarm_section = {"7", NULL, 0};
