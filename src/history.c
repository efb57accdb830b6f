/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "baseline.h"
#include "buf.h"
#include "history.h"
#include "strutil.h"

#define PREFIX "report-"
#define SUFFIX "Z.json"
#define STAMP_LEN 15 /* YYYYmmddTHHMMSS */

char *history_report_path(const char *dir, time_t t)
{
	struct tm tm;
	char stamp[32];
	if (!gmtime_r(&t, &tm) || strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm) == 0)
		return NULL;
	return xasprintf("%s/" PREFIX "%s" SUFFIX, dir, stamp);
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool history_name_time(const char *name, time_t *ret)
{
	size_t lp = strlen(PREFIX), ls = strlen(SUFFIX);
	if (strlen(name) != lp + STAMP_LEN + ls || strncmp(name, PREFIX, lp) != 0 ||
	    strcmp(name + lp + STAMP_LEN, SUFFIX) != 0 || name[lp + 8] != 'T')
		return false;
	const char *s = name + lp;
	struct tm tm = {0};
	int y = digits(s, 4), mo = digits(s + 4, 2), d = digits(s + 6, 2);
	int h = digits(s + 9, 2), mi = digits(s + 11, 2), se = digits(s + 13, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || se < 0 || se > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	*ret = t;
	return true;
}

struct entry {
	char *name;
	time_t t;
};

static int entry_newest_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->t < y->t ? 1 : x->t > y->t ? -1 : strcmp(y->name, x->name);
}

static void entries_free(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Our dated regular files in dir (not following links), newest first. */
static int list_reports(const char *dir, struct entry **ret, size_t *ret_n, char **ret_error)
{
	*ret = NULL;
	*ret_n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		*ret_error =
		    xasprintf("cannot read --history directory '%s': %s", dir, strerror(e));
		return -e;
	}
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int r = 0;
	while ((de = readdir(d))) {
		time_t t;
		struct stat st;
		if (!history_name_time(de->d_name, &t) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct entry *p = realloc(v, nc * sizeof(*p));
			if (!p) {
				r = -ENOMEM;
				break;
			}
			v = p;
			cap = nc;
		}
		if (!(v[n].name = xstrdup(de->d_name))) {
			r = -ENOMEM;
			break;
		}
		v[n++].t = t;
	}
	closedir(d);
	if (r < 0) {
		entries_free(v, n);
		return r;
	}
	if (n)
		qsort(v, n, sizeof(*v), entry_newest_first);
	*ret = v;
	*ret_n = n;
	return 0;
}

int history_baseline(const char *dir, struct baseline **ret, char **ret_path,
		     void (*note)(const char *msg), char **ret_error)
{
	*ret = NULL;
	*ret_path = NULL;
	*ret_error = NULL;
	struct entry *v;
	size_t n;
	int r = list_reports(dir, &v, &n, ret_error);
	if (r == -ENOENT) {
		free(*ret_error);
		*ret_error = NULL;
		return 0; /* the first run: created when the report is written */
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && !*ret; i++) {
		char *path = xasprintf("%s/%s", dir, v[i].name);
		char *err = NULL;
		if (!path) {
			r = -ENOMEM;
			break;
		}
		r = baseline_load(path, ret, &err);
		if (r == 0) {
			*ret_path = path;
		} else {
			if (r == -ENOMEM) {
				free(err);
				free(path);
				break;
			}
			if (note && err) {
				char *msg = xasprintf("%s: passed over as a baseline", err);
				note(msg ? msg : err);
				free(msg);
			}
			free(err);
			free(path);
			r = 0;
		}
	}
	entries_free(v, n);
	if (r < 0) {
		*ret = baseline_free(*ret);
		free(*ret_path);
		*ret_path = NULL;
	}
	return r;
}

int history_prune(const char *dir, time_t now, int keep_days, char **ret_error)
{
	*ret_error = NULL;
	struct entry *v;
	size_t n;
	int r = list_reports(dir, &v, &n, ret_error);
	if (r < 0)
		return r;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		r = -errno;
		*ret_error =
		    xasprintf("cannot open --history directory '%s': %s", dir, strerror(-r));
		entries_free(v, n);
		return r;
	}
	int removed = 0;
	time_t limit = now - (time_t)keep_days * 86400;
	for (size_t i = 0; i < n; i++) {
		if (v[i].t >= limit)
			continue;
		if (unlinkat(dfd, v[i].name, 0) < 0 && errno != ENOENT) {
			r = -errno;
			*ret_error = xasprintf("cannot remove old report '%s/%s': %s", dir,
					       v[i].name, strerror(-r));
			break;
		}
		removed++;
	}
	close(dfd);
	entries_free(v, n);
	return r < 0 ? r : removed;
}

int history_trend(const char *dir, size_t max, struct baseline_summary **ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	struct entry *v;
	size_t n;
	char *err = NULL;
	int r = list_reports(dir, &v, &n, &err);
	free(err);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	size_t take = n < max ? n : max;
	struct baseline_summary *pts = calloc(take + 1, sizeof(*pts));
	if (!pts) {
		entries_free(v, n);
		return -ENOMEM;
	}
	size_t k = 0;
	/* v is newest first: the newest `take`, stored oldest first */
	for (size_t i = take; i-- > 0;) {
		_cleanup_free_ char *path = xasprintf("%s/%s", dir, v[i].name);
		_cleanup_free_ char *text = NULL;
		size_t len = 0;
		char *perr = NULL;
		if (!path || read_file_capped(path, BASELINE_MAX_BYTES, &text, &len) < 0 ||
		    baseline_summary(text, len, &pts[k], &perr) < 0) {
			free(perr); /* not a report we can read: no point on the chart */
			continue;
		}
		if (!pts[k].started_at[0]) {
			struct tm tm;
			if (gmtime_r(&v[i].t, &tm))
				strftime(pts[k].started_at, sizeof(pts[k].started_at),
					 "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
		k++;
	}
	entries_free(v, n);
	*ret = pts;
	*ret_n = k;
	return 0;
}
