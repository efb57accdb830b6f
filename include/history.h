/* SPDX-License-Identifier: Apache-2.0 */
#pragma once
#include <stdbool.h>
#include <time.h>
#include "baseline.h"

/*
 * --history DIR: each run's JSON report is kept as DIR/report-YYYYmmddTHHMMSSZ.json (UTC, the
 * time the audit started). Only files named exactly so are ever read or removed: anything else
 * in DIR is left alone.
 */

/* The dated name of a report started at t: "DIR/report-20261204T031700Z.json" (malloc'ed). */
char *history_report_path(const char *dir, time_t t);

/* When name is one of ours ("report-YYYYmmddTHHMMSSZ.json", a valid UTC time), its time. */
bool history_name_time(const char *name, time_t *ret);

/*
 * The newest complete report in DIR as the baseline: reports whose daemon could not be reached
 * (and files that cannot be read as reports) are passed over, each with a note through
 * note(msg) (may be NULL). 0 with *ret (and *ret_path, malloc'ed) the baseline, or both NULL
 * when DIR has no complete report (a missing DIR is not an error); -errno with *ret_error.
 */
int history_baseline(const char *dir, struct baseline **ret, char **ret_path,
		     void (*note)(const char *msg), char **ret_error);

/*
 * Remove DIR's dated reports (regular files only, never a link or anything else) whose time is
 * more than keep_days days before now. Returns the number removed, or -errno with *ret_error.
 */
int history_prune(const char *dir, time_t now, int keep_days, char **ret_error);

/*
 * The trend the HTML page draws: of DIR's newest max dated reports, oldest first, when each
 * started, whether it was complete, and its failing checks by severity (files that cannot be
 * read as reports are left out). 0 with *ret malloc'ed (NULL and 0 for a missing DIR), -errno.
 */
int history_trend(const char *dir, size_t max, struct baseline_summary **ret, size_t *ret_n);
