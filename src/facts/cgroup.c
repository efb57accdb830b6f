/* SPDX-License-Identifier: Apache-2.0 */
/* Container ids in /proc/PID/cgroup texts (cgroup v1 and v2, cgroupfs and systemd drivers). */
#include "common.h"
#include "facts/cgroup.h"

static bool is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

void cgroup_each_id(const char *text, bool (*fn)(const char *id, void *data), void *data)
{
	static const char conmon[] = "conmon-";
	const size_t cl = sizeof(conmon) - 1;
	for (const char *p = text; p && *p; p++) {
		if (!is_hex(*p) || (p > text && is_hex(p[-1])))
			continue;
		size_t len = 0;
		while (is_hex(p[len]))
			len++;
		bool monitor = (size_t)(p - text) >= cl && memcmp(p - cl, conmon, cl) == 0;
		if (len == 64 && !monitor && !fn(p, data))
			return;
		p += len - 1;
	}
}

struct names {
	const char *id;
	bool hit;
};

static bool names_one(const char *id, void *data)
{
	struct names *n = data;
	if (memcmp(id, n->id, 64) == 0)
		n->hit = true;
	return !n->hit;
}

bool cgroup_names_container(const char *text, const char *id)
{
	if (!text || !id || strlen(id) != 64)
		return false;
	struct names n = {.id = id};
	cgroup_each_id(text, names_one, &n);
	return n.hit;
}
