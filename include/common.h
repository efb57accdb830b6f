/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
/* Included first by every .c file of the project: feature macros, cleanup helpers, banned calls. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cleanup.h"
#include "banned.h"

#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
