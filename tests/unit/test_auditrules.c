/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "auditrules.h"
#include "hostfs.h"
#include "strutil.h"

#define RULES_FILE "/etc/audit/rules.d/test.rules"
#define PERM_WA (AUDIT_WATCH_PERM_W | AUDIT_WATCH_PERM_A)

static void parse(const char *text, struct audit_watch_list *l)
{
	assert_int_equal(auditrules_parse_text(text, RULES_FILE, l), 0);
}

static void assert_watch(const struct audit_watch *w, const char *path, bool dir, unsigned perms,
			 const char *key, unsigned line)
{
	assert_non_null(w);
	assert_string_equal(w->path, path);
	assert_int_equal(w->dir, dir);
	assert_int_equal(w->perms, perms);
	if (key)
		assert_string_equal(w->key, key);
	else
		assert_null(w->key);
	assert_int_equal(w->origin, AUDITRULES_FILE);
	assert_string_equal(w->file, RULES_FILE);
	assert_int_equal(w->line, line);
}

/* ---- parsing rules files ---- */

static void test_parse_watch_forms(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;

	parse("-w /etc/docker -k docker\n"
	      "-w /etc/docker/ -p wa\n"
	      "-w /usr/bin/dockerd -p rwxa -k docker -k second\n"
	      "-w/etc/attached -pWA -kkey\n"
	      "-w /etc/with\\ space -p r\n"
	      "   \t-w /indented -p x\n"
	      "-w /crlf -k k\r\n"
	      "-w //usr//bin/../bin/runc/\n"
	      "-i\n"
	      "-w /last -p a",
	      &l);
	assert_int_equal(l.n, 9);
	assert_watch(&l.items[0], "/etc/docker", false, AUDIT_WATCH_PERM_ALL, "docker", 1);
	assert_watch(&l.items[1], "/etc/docker", false, PERM_WA, NULL, 2);
	assert_watch(&l.items[2], "/usr/bin/dockerd", false, AUDIT_WATCH_PERM_ALL, "docker", 3);
	assert_watch(&l.items[3], "/etc/attached", false, PERM_WA, "key", 4);
	assert_watch(&l.items[4], "/etc/with space", false, AUDIT_WATCH_PERM_R, NULL, 5);
	assert_watch(&l.items[5], "/indented", false, AUDIT_WATCH_PERM_X, NULL, 6);
	assert_watch(&l.items[6], "/crlf", false, AUDIT_WATCH_PERM_ALL, "k", 7);
	assert_watch(&l.items[7], "/usr/bin/runc", false, AUDIT_WATCH_PERM_ALL, NULL, 8);
	assert_watch(&l.items[8], "/last", false, AUDIT_WATCH_PERM_A, NULL, 10);
	audit_watch_list_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_parse_syscall_forms(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;

	/* the CIS remediation forms, with action and list in either order */
	parse("-a exit,always -F path=/var/lib/docker -F perm=war -k docker\n"
	      "-a always,exit -F dir=/var/lib/docker/ -F perm=wa -F key=k1\n"
	      "-A always,exit -F arch=b64 -S open,openat -F path=/x -F perm=r -k k\n"
	      "-a always,exit -F arch=b64 -S all -F path=/usr/bin/containerd -k c\n"
	      "-a always,exit -F path=/no/perm -F key=fk -k second\n"
	      "-a always,exit -F perm=wa -F path=/perm/first -F auid>=1000 -F auid!=unset -k k\n"
	      "-a always,exit -k rejected -F path=/z\n"
	      "-a always,exit -F path!=/neg -F perm=w\n"
	      "-a always,exit -F path=/a -F dir=/b -F perm=w\n"
	      "-a always,exit -F path=relative -F perm=w\n"
	      "-a always,exit -F path=/trailing/ -F perm=w\n"
	      "-a always,exit -F path=/bad/perm -F perm=rq\n"
	      "-a always,exit -F dir=/after/bad -F perm=x\n",
	      &l);
	assert_int_equal(l.n, 7);
	assert_watch(&l.items[0], "/var/lib/docker", false,
		     AUDIT_WATCH_PERM_R | AUDIT_WATCH_PERM_W | AUDIT_WATCH_PERM_A, "docker", 1);
	assert_watch(&l.items[1], "/var/lib/docker", true, PERM_WA, "k1", 2);
	assert_watch(&l.items[2], "/x", false, AUDIT_WATCH_PERM_R, "k", 3);
	assert_watch(&l.items[3], "/usr/bin/containerd", false, AUDIT_WATCH_PERM_ALL, "c", 4);
	assert_watch(&l.items[4], "/no/perm", false, AUDIT_WATCH_PERM_ALL, "fk", 5);
	assert_watch(&l.items[5], "/perm/first", false, PERM_WA, "k", 6);
	/*
	 * auditctl refuses "-k" on a -a rule before any -S, path=, perm= or exe= ("key option
	 * needs a watch or syscall given prior to it"): line 7 would not load, so it is no watch.
	 */
	assert_watch(&l.items[6], "/after/bad", true, AUDIT_WATCH_PERM_X, NULL, 13);
	audit_watch_list_release(&l);
}

static void test_parse_not_watches(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;

	parse("-a never,exit -F dir=/var/lib/docker/volumes/ -k docker\n"
	      "-a exit,never -F dir=/var/lib/docker/overlay2 -F perm=wa -k docker\n"
	      "-a always,task -F path=/task -F perm=w\n"
	      "-a always,exclude -F msgtype=CWD\n"
	      "-a always,user -F path=/user -F perm=w\n"
	      "-a always,filesystem -F fstype=tmpfs\n"
	      "-a always,io_uring -S openat -F path=/io -F perm=w\n"
	      "-a always,exit -F arch=b64 -S execve -k exec\n"
	      "-a always,exit -F path= -F perm=w\n"
	      "-a possible,exit -F path=/possible -F perm=w\n"
	      "-a always -F path=/nolist -F perm=w\n"
	      "-a always,bogus -F path=/bogus -F perm=w\n"
	      "-a always,exit,task -F path=/three -F perm=w\n"
	      "-F path=/nolist -F perm=w\n"
	      "-W /etc/docker -p wa\n"
	      "-d always,exit -F path=/var/lib/docker -F perm=wa\n"
	      "-D\n"
	      "-D -k docker\n"
	      "-b 8192\n"
	      "-e 2\n"
	      "-f 1\n"
	      "-r 100\n"
	      "--backlog_wait_time 60000\n"
	      "--loginuid-immutable\n"
	      "-i\n"
	      "-c\n"
	      "-s\n"
	      "-l\n"
	      "-R /etc/audit/other.rules\n"
	      "-w\n"
	      "-w relative/path\n"
	      "-w /bad/perm -p rwq\n"
	      "-w /too/long/perm -p rwxaw\n"
	      "-w /a -w /b\n"
	      "-w /x -a always,exit\n"
	      "-p wa -w /perm/first\n"
	      "-k key -w /key/first\n"
	      "stray -w /stray\n"
	      "-w /etc/x -k a # not a comment in the middle of a line\n"
	      "- w /etc/space\n",
	      &l);
	assert_int_equal(l.n, 0);
	/* lines 9 to 14 and 30 to 40 are refused by auditctl: no watch, but counted (issue 15) */
	assert_int_equal(l.unreadable, 17);
	/* the two never rules of the exit list are kept apart, not as watches */
	assert_int_equal(l.n_never, 2);
	assert_string_equal(l.nevers[0].path, "/var/lib/docker/volumes");
	assert_int_equal(l.nevers[1].perms, PERM_WA);
	assert_string_equal(l.unreadable_first, RULES_FILE ":9 is not a rule auditctl would load");
	audit_watch_list_release(&l);
}

static void test_parse_comments_and_lines(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;

	parse("# -w /etc/docker -k docker\n"
	      "   # -w /indented/comment\n"
	      "\t# -w /tab/comment\n"
	      "#-w /nospace\n"
	      "\n"
	      "   \n"
	      "-w /after/comments -k ok\n"
	      "garbage\n"
	      "-w /after/garbage\n",
	      &l);
	assert_int_equal(l.n, 2);
	assert_watch(&l.items[0], "/after/comments", false, AUDIT_WATCH_PERM_ALL, "ok", 7);
	assert_watch(&l.items[1], "/after/garbage", false, AUDIT_WATCH_PERM_ALL, NULL, 9);
	assert_int_equal(l.unreadable, 1);
	assert_string_equal(l.unreadable_first, RULES_FILE ":8 is not a rule auditctl would load");

	/* appends; a NULL file name is kept as NULL */
	assert_int_equal(auditrules_parse_text("-w /more\n", NULL, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[2].path, "/more");
	assert_null(l.items[2].file);
	assert_int_equal(l.items[2].line, 1);
	assert_int_equal(auditrules_parse_text("", RULES_FILE, &l), 0);
	assert_int_equal(auditrules_parse_text(NULL, RULES_FILE, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(auditrules_parse_text("-w /x", RULES_FILE, NULL), -EINVAL);
	audit_watch_list_release(&l);
}

static void test_perms_str(void **state)
{
	char out[5];
	(void)state;

	assert_string_equal(auditrules_perms_str(AUDIT_WATCH_PERM_ALL, out), "rwxa");
	assert_string_equal(auditrules_perms_str(PERM_WA, out), "wa");
	assert_string_equal(auditrules_perms_str(AUDIT_WATCH_PERM_X, out), "x");
	assert_string_equal(auditrules_perms_str(0, out), "-");
	assert_string_equal(auditrules_perms_str(0xff, out), "rwxa");
}

/* ---- kernel rules: hand-built AUDIT_LIST_RULES payloads ---- */

#define BLOB_BUF 4096

static struct audit_rule_data *blob_new(uint32_t flags, uint32_t action)
{
	struct audit_rule_data *r = calloc(1, sizeof(*r) + BLOB_BUF);
	assert_non_null(r);
	r->flags = flags;
	r->action = action;
	return r;
}

static void blob_num(struct audit_rule_data *r, uint32_t field, uint32_t value)
{
	assert_true(r->field_count < AUDIT_MAX_FIELDS);
	r->fields[r->field_count] = field;
	r->values[r->field_count] = value;
	r->fieldflags[r->field_count] = AUDIT_EQUAL;
	r->field_count++;
}

static void blob_str(struct audit_rule_data *r, uint32_t field, const char *s)
{
	size_t len = strlen(s);
	assert_true(r->buflen + len <= BLOB_BUF);
	memcpy(r->buf + r->buflen, s, len); /* not NUL-terminated, as the kernel packs them */
	blob_num(r, field, (uint32_t)len);
	r->buflen += (uint32_t)len;
}

static size_t blob_len(const struct audit_rule_data *r)
{
	return sizeof(*r) + r->buflen;
}

static void assert_kwatch(const struct audit_watch *w, const char *path, bool dir, unsigned perms,
			  const char *key)
{
	assert_string_equal(w->path, path);
	assert_int_equal(w->dir, dir);
	assert_int_equal(w->perms, perms);
	if (key)
		assert_string_equal(w->key, key);
	else
		assert_null(w->key);
	assert_int_equal(w->origin, AUDITRULES_KERNEL);
	assert_null(w->file);
	assert_int_equal(w->line, 0);
}

static void test_decode_watches(void **state)
{
	struct audit_watch_list l = {0};
	struct audit_rule_data *r;
	(void)state;

	/* what auditctl sends for -w /etc/docker/daemon.json -p rwxa -k docker */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/etc/docker/daemon.json");
	blob_num(r, AUDIT_PERM,
		 AUDIT_PERM_READ | AUDIT_PERM_WRITE | AUDIT_PERM_EXEC | AUDIT_PERM_ATTR);
	blob_str(r, AUDIT_FILTERKEY, "docker");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	/* -w /etc/docker -p wa on a directory: AUDIT_DIR, no key */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_DIR, "/etc/docker/");
	blob_num(r, AUDIT_PERM, AUDIT_PERM_WRITE | AUDIT_PERM_ATTR);
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	/* -A (prepend), a syscall rule with a path, no perm field, several keys, a label first */
	r = blob_new(AUDIT_FILTER_EXIT | AUDIT_FILTER_PREPEND, AUDIT_ALWAYS);
	blob_num(r, AUDIT_ARCH, 0xc000003e);
	blob_str(r, AUDIT_SUBJ_USER, "system_u");
	blob_str(r, AUDIT_WATCH, "/var/lib/docker");
	blob_str(r, AUDIT_FILTERKEY, "first\001second");
	blob_str(r, AUDIT_EXE, "/usr/bin/dockerd");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r) + 64, &l), 0);
	free(r);

	assert_int_equal(l.n, 3);
	assert_kwatch(&l.items[0], "/etc/docker/daemon.json", false, AUDIT_WATCH_PERM_ALL,
		      "docker");
	assert_kwatch(&l.items[1], "/etc/docker", true, PERM_WA, NULL);
	assert_kwatch(&l.items[2], "/var/lib/docker", false, AUDIT_WATCH_PERM_ALL, "first");
	audit_watch_list_release(&l);
}

static void test_decode_not_watches(void **state)
{
	struct audit_watch_list l = {0};
	struct audit_rule_data *r;
	(void)state;

	/* -a never,exit -F dir=/var/lib/docker/volumes */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_NEVER);
	blob_str(r, AUDIT_DIR, "/var/lib/docker/volumes");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	/* a path on the task list */
	r = blob_new(AUDIT_FILTER_TASK, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/task");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	/* exclude list */
	r = blob_new(AUDIT_FILTER_EXCLUDE, AUDIT_ALWAYS);
	blob_num(r, AUDIT_MSGTYPE, 1302);
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	/* -a always,exit -F arch=b64 -S execve -k exec: no path */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_num(r, AUDIT_ARCH, 0xc000003e);
	blob_str(r, AUDIT_FILTERKEY, "exec");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);

	assert_int_equal(l.n, 0);
	/* the never rule of the exit list is kept apart, as what may switch a watch off */
	assert_int_equal(l.n_never, 1);
	assert_string_equal(l.nevers[0].path, "/var/lib/docker/volumes");
	assert_true(l.nevers[0].dir);
	assert_int_equal(l.nevers[0].origin, AUDITRULES_KERNEL);
	audit_watch_list_release(&l);
}

static void test_decode_inconsistent(void **state)
{
	struct audit_watch_list l = {0};
	struct audit_rule_data *r;
	(void)state;

	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/etc/docker");
	blob_str(r, AUDIT_FILTERKEY, "docker");
	/* the blob is shorter than the header plus buflen says */
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r) - 1, &l), -EBADMSG);
	assert_int_equal(auditrules_decode_kernel_rule(r, sizeof(*r) - 1, &l), -EBADMSG);
	assert_int_equal(auditrules_decode_kernel_rule(r, 0, &l), -EBADMSG);
	/* more fields than the kernel has */
	r->field_count = AUDIT_MAX_FIELDS + 1;
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), -EBADMSG);
	r->field_count = 2;
	/* a string longer than buf */
	r->values[1] = r->buflen;
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), -EBADMSG);
	r->values[1] = UINT32_MAX;
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), -EBADMSG);
	r->values[1] = 6;
	/* buflen that does not cover the strings (the blob itself is long enough) */
	r->buflen -= 1;
	assert_int_equal(auditrules_decode_kernel_rule(r, sizeof(*r) + BLOB_BUF, &l), -EBADMSG);
	r->buflen += 1;
	/* still fine when restored */
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	assert_int_equal(l.n, 1);
	free(r);

	/* a relative path, or a NUL inside the path */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "etc/docker");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), -EBADMSG);
	free(r);
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/etc/dockerX");
	r->buf[11] = '\0';
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), -EBADMSG);
	free(r);

	assert_int_equal(auditrules_decode_kernel_rule(NULL, 100, &l), -EINVAL);
	assert_int_equal(l.n, 1);
	audit_watch_list_release(&l);
}

/*
 * Issue 15 item 2: an entry that cannot be read is counted, with where the first one is, and
 * the readable ones are kept; never silently dropped.
 */
static void test_unreadable_counted(void **state)
{
	struct audit_watch_list l = {0};
	struct audit_rule_data *r;
	(void)state;

	/* a kernel list: a good rule, one whose strings overrun it, a message too short */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/usr/bin/dockerd");
	blob_num(r, AUDIT_PERM, AUDIT_PERM_WRITE | AUDIT_PERM_ATTR);
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 1, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.unreadable, 0);
	assert_null(l.unreadable_first);
	r->values[0] = r->buflen + 1;
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 2, &l), 0);
	assert_int_equal(auditrules_add_kernel_rule(r, 3, 3, &l), 0);
	assert_int_equal(auditrules_add_kernel_rule(NULL, 0, 4, &l), 0);
	r->values[0] = (uint32_t)strlen("/usr/bin/dockerd");
	/* a rule the kernel keeps but that is no watch is neither a watch nor unreadable */
	r->action = AUDIT_NEVER;
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 5, &l), 0);
	free(r);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.unreadable, 3);
	assert_string_equal(l.unreadable_first, "kernel rule 2 does not decode");
	assert_int_equal(auditrules_add_kernel_rule(NULL, 0, 1, NULL), -EINVAL);
	audit_watch_list_release(&l);
	assert_int_equal(l.unreadable, 0);
	assert_null(l.unreadable_first);

	/* rules text: counts add up over calls, the first one named stays the first */
	parse("-w /etc/docker -p wa\n-w /etc/docker -p wq\n", &l);
	assert_int_equal(
	    auditrules_parse_text("-w /x\n\n-a always,exit -F path=rel -F perm=wa\n", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.unreadable, 2);
	assert_string_equal(l.unreadable_first, RULES_FILE ":2 is not a rule auditctl would load");
	audit_watch_list_release(&l);

	/* a key longer than the kernel takes, a path as long as PATH_MAX: refused, counted */
	char line[PATH_MAX + 64];
	snprintf(line, sizeof(line), "-w /k -k %0*d\n", AUDIT_MAX_KEY_LEN + 1, 0);
	assert_int_equal(auditrules_parse_text(line, NULL, &l), 0);
	int n = snprintf(line, sizeof(line), "-w /");
	memset(line + n, 'p', PATH_MAX);
	line[n + PATH_MAX] = '\0';
	assert_int_equal(auditrules_parse_text(line, NULL, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.unreadable, 2);
	assert_string_equal(l.unreadable_first, "line 1 is not a rule auditctl would load");
	audit_watch_list_release(&l);
}

/* ---- fake host roots ---- */

struct fixture {
	char tmp[PATH_MAX];
	char root[PATH_MAX];
	struct hostfs *h;
};

static void join(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s/%s", a, b);
	assert_true(n > 0 && (size_t)n < size);
}

static void mkdirs(const char *root, const char *rel)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
}

static void put(const char *root, const char *rel, const char *content)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	size_t len = strlen(content);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
}

static void ln(const char *target, const char *root, const char *rel)
{
	char p[PATH_MAX];
	join(p, sizeof(p), root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/test_auditrules.XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	assert_int_equal(chmod(f->tmp, 0755), 0);
	join(f->root, sizeof(f->root), f->tmp, "root");
	assert_int_equal(mkdir(f->root, 0755), 0);
	mkdirs(f->root, "etc/docker");
	put(f->root, "etc/docker/daemon.json", "{}\n");
	mkdirs(f->root, "usr/lib/systemd/system");
	put(f->root, "usr/lib/systemd/system/docker.service", "[Unit]\n");
	ln("usr/lib", f->root, "lib");
	mkdirs(f->root, "var/lib/docker/volumes");
	assert_int_equal(hostfs_new(f->root, &f->h), 0);
	*state = f;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		chmod(path, 0700);
	return remove(path) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hostfs_free(f->h);
	nftw(f->tmp, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ---- queries ---- */

static void test_find_paths(void **state)
{
	struct audit_watch_list l = {0};
	const struct audit_watch *partial = NULL;
	(void)state;

	parse("-w /etc/docker/daemon.json -p wa -k d\n"
	      "-a always,exit -F dir=/var/lib/docker/volumes -F perm=wa -k v\n"
	      "-w /usr/bin/containerd-shim -p x\n"
	      "-a always,exit -F dir=/var/lib/docker -F perm=r -k r\n",
	      &l);
	assert_int_equal(l.n, 4);

	assert_ptr_equal(auditrules_find(&l, NULL, "/etc/docker/daemon.json", PERM_WA, NULL),
			 &l.items[0]);
	assert_ptr_equal(auditrules_find(&l, NULL, "/etc/docker/daemon.json/", PERM_WA, NULL),
			 &l.items[0]);
	/* a rule on a file inside the target does not cover the target */
	assert_null(auditrules_find(&l, NULL, "/etc/docker", 0, &partial));
	assert_null(partial);
	/* a directory rule covers what is below it, with its own permissions */
	assert_ptr_equal(
	    auditrules_find(&l, NULL, "/var/lib/docker/volumes/x/_data", PERM_WA, &partial),
	    &l.items[1]);
	assert_null(partial);
	/* .../volumes does not cover /var/lib/docker; the r-only dir rule only partly does */
	assert_null(auditrules_find(&l, NULL, "/var/lib/docker", PERM_WA, &partial));
	assert_ptr_equal(partial, &l.items[3]);
	assert_null(auditrules_find(&l, NULL, "/var/lib/docker/containers", PERM_WA, &partial));
	assert_ptr_equal(partial, &l.items[3]);
	assert_ptr_equal(
	    auditrules_find(&l, NULL, "/var/lib/docker/containers", AUDIT_WATCH_PERM_R, &partial),
	    &l.items[3]);
	/* neighbours and substrings are not covered */
	assert_null(auditrules_find(&l, NULL, "/usr/bin/containerd", AUDIT_WATCH_PERM_X, &partial));
	assert_null(partial);
	assert_null(auditrules_find(&l, NULL, "/var/lib/docker2", 0, &partial));
	assert_null(partial);
	assert_null(auditrules_find(&l, NULL, "/etc/docker/daemon.json.bak", 0, NULL));
	assert_null(auditrules_find(&l, NULL, "/var/lib", 0, NULL));
	/* no -w on a directory is known to be recursive without a host to look at */
	assert_null(auditrules_find(&l, NULL, "/usr/bin/containerd-shim/x", 0, NULL));
	/* bad targets */
	assert_null(auditrules_find(&l, NULL, "etc/docker/daemon.json", 0, &partial));
	assert_null(auditrules_find(&l, NULL, NULL, 0, &partial));
	assert_null(auditrules_find(NULL, NULL, "/etc/docker", 0, &partial));
	assert_null(partial);
	audit_watch_list_release(&l);
}

static void test_find_permissions(void **state)
{
	struct audit_watch_list l = {0};
	const struct audit_watch *partial = NULL;
	(void)state;

	parse("-w /etc/docker -p r\n"
	      "-w /etc/docker -p wa\n"
	      "-w /etc/docker -p w\n"
	      "-w /etc/docker -p rwxa\n",
	      &l);
	/* a watch with every wanted permission wins over earlier partial ones */
	assert_ptr_equal(auditrules_find(&l, NULL, "/etc/docker", AUDIT_WATCH_PERM_ALL, &partial),
			 &l.items[3]);
	assert_null(partial);
	l.n = 3; /* without the full one: the partial with the most wanted permissions */
	assert_null(auditrules_find(&l, NULL, "/etc/docker",
				    AUDIT_WATCH_PERM_R | AUDIT_WATCH_PERM_W | AUDIT_WATCH_PERM_A,
				    &partial));
	assert_ptr_equal(partial, &l.items[1]);
	/* a watch without any wanted permission still covers the path, partly */
	l.n = 1;
	assert_null(auditrules_find(&l, NULL, "/etc/docker", PERM_WA, &partial));
	assert_ptr_equal(partial, &l.items[0]);
	/* nothing wanted: any covering watch */
	assert_ptr_equal(auditrules_find(&l, NULL, "/etc/docker", 0, NULL), &l.items[0]);
	l.n = 4;
	audit_watch_list_release(&l);
}

/*
 * Issue 12: the kernel applies the first rule of the exit list that matches, so a never rule
 * before a watch on the same path switches it off; one after it, or on another path, does not.
 */
static const struct shadow_row {
	const char *rules;
	const char *target;
	bool watched; /* auditrules_find gives a watch with -p wa */
	unsigned never_line; /* the line of the never rule auditrules_find_shadow names, 0: none */
	unsigned watch_line; /* ... and of the watch it switched off */
} shadow_rows[] = {
    /* a never on the same path before the watch: switched off (before the fix: watched) */
    {"-a never,exit -F path=/usr/bin/dockerd\n-w /usr/bin/dockerd -p wa -k docker\n",
     "/usr/bin/dockerd", false, 1, 2},
    /* the list and action in either order, -F path= as the watch */
    {"-a exit,never -F path=/usr/bin/dockerd -k x\n"
     "-a always,exit -F path=/usr/bin/dockerd -F perm=wa -k docker\n",
     "/usr/bin/dockerd", false, 1, 2},
    /* a never on a directory above the path (-F dir= is recursive) */
    {"-a never,exit -F dir=/etc/docker\n-w /etc/docker/daemon.json -p wa\n",
     "/etc/docker/daemon.json", false, 1, 2},
    /* the same directory, watched with -F dir= */
    {"-a never,exit -F dir=/var/lib/docker/\n"
     "-a always,exit -F dir=/var/lib/docker -F perm=wa\n",
     "/var/lib/docker", false, 1, 2},
    /* a never -F path= on a directory is its inode only: what is below it is still watched */
    {"-a never,exit -F path=/etc/docker\n-a always,exit -F dir=/etc/docker -F perm=wa\n",
     "/etc/docker/daemon.json", true, 0, 0},
    /* a never after the watch changes nothing */
    {"-w /usr/bin/dockerd -p wa -k docker\n-a never,exit -F path=/usr/bin/dockerd\n",
     "/usr/bin/dockerd", true, 0, 0},
    /* a never on another path, a neighbour or a deeper one changes nothing */
    {"-a never,exit -F path=/usr/bin/containerd\n-a never,exit -F path=/usr/bin/dockerd2\n"
     "-a never,exit -F dir=/usr/bin/dockerd/x\n-w /usr/bin/dockerd -p wa\n",
     "/usr/bin/dockerd", true, 0, 0},
    /* v1.7.0's remediation: never rules on volumes and overlay2 before the data-root watch */
    {"-a exit,never -F dir=/var/lib/docker/volumes -k docker\n"
     "-a exit,never -F dir=/var/lib/docker/overlay2 -k docker\n"
     "-w /var/lib/docker -p wa -k docker\n",
     "/var/lib/docker", true, 0, 0},
    /* ... which do switch it off below them */
    {"-a exit,never -F dir=/var/lib/docker/volumes -k docker\n"
     "-a always,exit -F dir=/var/lib/docker -F perm=wa -k docker\n",
     "/var/lib/docker/volumes/v/_data", false, 1, 2},
    /* a never on other lists is not the exit list's */
    {"-a never,task -F path=/usr/bin/dockerd\n-w /usr/bin/dockerd -p wa\n", "/usr/bin/dockerd",
     true, 0, 0},
    /* a never on reads only leaves writes and attribute changes logged */
    {"-a never,exit -F path=/usr/bin/dockerd -F perm=r\n-w /usr/bin/dockerd -p rwa\n",
     "/usr/bin/dockerd", true, 0, 0},
    /* one on writes takes them away: only attribute changes are left */
    {"-a never,exit -F path=/usr/bin/dockerd -F perm=w\n-w /usr/bin/dockerd -p wa\n",
     "/usr/bin/dockerd", false, 1, 2},
    /* -A puts a never rule before the watch written above it */
    {"-w /usr/bin/dockerd -p wa\n-A exit,never -F path=/usr/bin/dockerd\n", "/usr/bin/dockerd",
     false, 2, 1},
    /* ... and a watch before the never rule written above it */
    {"-a never,exit -F path=/usr/bin/dockerd\n-A always,exit -F path=/usr/bin/dockerd -F perm=wa\n",
     "/usr/bin/dockerd", true, 0, 0},
    /* a second watch before the never rule still logs */
    {"-w /usr/bin/dockerd -p wa -k first\n-a never,exit -F path=/usr/bin/dockerd\n"
     "-w /usr/bin/dockerd -p wa -k second\n",
     "/usr/bin/dockerd", true, 0, 0},
};

static void test_find_never_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(shadow_rows); i++) {
		const struct shadow_row *row = &shadow_rows[i];
		struct audit_watch_list l = {0};
		const struct audit_watch *sw = NULL, *partial = NULL;
		print_message("row %zu: %s", i, row->rules);
		parse(row->rules, &l);
		const struct audit_watch *w =
		    auditrules_find(&l, NULL, row->target, PERM_WA, &partial);
		assert_int_equal(w != NULL, row->watched);
		const struct audit_watch *nv =
		    auditrules_find_shadow(&l, NULL, row->target, PERM_WA, &sw);
		if (row->never_line) {
			assert_non_null(nv);
			assert_int_equal(nv->line, row->never_line);
			assert_non_null(sw);
			assert_int_equal(sw->line, row->watch_line);
		} else {
			assert_null(nv);
			assert_null(sw);
		}
		audit_watch_list_release(&l);
	}
}

/* "-a never,task" without fields turns syscall auditing off for every new task: noted with
 * where it is; one with fields, or "always", is not. */
static void test_task_never(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;
	parse("-a always,task\n-a never,task -F uid=0\n-a never,task -S open\n-w /x -p wa\n", &l);
	assert_null(l.task_never);
	parse("-a task,never\n-a never,task\n", &l);
	assert_string_equal(l.task_never, RULES_FILE ":1");
	assert_int_equal(l.n, 1);
	audit_watch_list_release(&l);

	struct audit_rule_data *r = blob_new(AUDIT_FILTER_TASK, AUDIT_NEVER);
	blob_num(r, AUDIT_UID, 0);
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 2, &l), 0);
	free(r);
	assert_null(l.task_never);
	r = blob_new(AUDIT_FILTER_TASK, AUDIT_NEVER);
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 3, &l), 0);
	free(r);
	assert_string_equal(l.task_never, "kernel rule 3");
	assert_int_equal(l.n, 0);
	audit_watch_list_release(&l);
	assert_null(l.task_never);
}

/* The order holds across files: a later file's -A goes before an earlier file's watch. */
static void test_never_order_across_lists(void **state)
{
	struct audit_watch_list l = {0};
	const struct audit_watch *sw = NULL;
	(void)state;

	parse("-w /usr/bin/dockerd -p wa\n", &l);
	assert_non_null(auditrules_find(&l, NULL, "/usr/bin/dockerd", PERM_WA, NULL));
	assert_int_equal(auditrules_parse_text("-a never,exit -F path=/usr/bin/dockerd\n",
					       "/etc/audit/rules.d/99-late.rules", &l),
			 0);
	assert_non_null(auditrules_find(&l, NULL, "/usr/bin/dockerd", PERM_WA, NULL));
	assert_int_equal(auditrules_parse_text("-A exit,never -F path=/usr/bin/dockerd\n",
					       "/etc/audit/rules.d/99-prepend.rules", &l),
			 0);
	assert_null(auditrules_find(&l, NULL, "/usr/bin/dockerd", PERM_WA, NULL));
	const struct audit_watch *nv =
	    auditrules_find_shadow(&l, NULL, "/usr/bin/dockerd", PERM_WA, &sw);
	assert_non_null(nv);
	assert_string_equal(nv->file, "/etc/audit/rules.d/99-prepend.rules");
	assert_ptr_equal(sw, &l.items[0]);
	assert_int_equal(l.n_never, 2);
	assert_true(l.nevers[1].order < l.items[0].order);
	assert_true(l.nevers[0].order > l.items[0].order);
	audit_watch_list_release(&l);

	/* the kernel's list is in the order it applies: a never rule listed first wins */
	struct audit_rule_data *r = blob_new(AUDIT_FILTER_EXIT, AUDIT_NEVER);
	blob_str(r, AUDIT_WATCH, "/usr/bin/dockerd");
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 1, &l), 0);
	free(r);
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/usr/bin/dockerd");
	blob_num(r, AUDIT_PERM, PERM_WA);
	assert_int_equal(auditrules_add_kernel_rule(r, blob_len(r), 2, &l), 0);
	free(r);
	assert_null(auditrules_find(&l, NULL, "/usr/bin/dockerd", PERM_WA, NULL));
	assert_ptr_equal(auditrules_find_shadow(&l, NULL, "/usr/bin/dockerd", PERM_WA, &sw),
			 &l.nevers[0]);
	assert_ptr_equal(sw, &l.items[0]);
	audit_watch_list_release(&l);
}

static void test_find_on_host(void **state)
{
	struct fixture *f = *state;
	struct audit_watch_list l = {0};
	const struct audit_watch *partial = NULL;
	struct audit_rule_data *r;

	parse("-w /lib/systemd/system/docker.service -p wa -k unit\n"
	      "-w /etc/docker -k docker\n"
	      "-w /lib/systemd/system -p x\n",
	      &l);
	/* the rule names the path through /lib -> usr/lib, the target is canonical */
	assert_ptr_equal(
	    auditrules_find(&l, f->h, "/usr/lib/systemd/system/docker.service", PERM_WA, &partial),
	    &l.items[0]);
	assert_null(
	    auditrules_find(&l, NULL, "/usr/lib/systemd/system/docker.service", PERM_WA, NULL));
	/* a file's -w on what is a directory on the host is recursive (auditctl makes it a dir) */
	assert_ptr_equal(auditrules_find(&l, f->h, "/etc/docker/daemon.json", PERM_WA, NULL),
			 &l.items[1]);
	assert_null(auditrules_find(&l, NULL, "/etc/docker/daemon.json", PERM_WA, NULL));
	/* through the symlinked directory too, with its own permissions: partial */
	assert_null(
	    auditrules_find(&l, f->h, "/usr/lib/systemd/system/other.service", PERM_WA, &partial));
	assert_ptr_equal(partial, &l.items[2]);
	/* -w on a file is not recursive */
	l.n = 1;
	assert_null(auditrules_find(&l, f->h, "/usr/lib/systemd/system/docker.service/x", 0, NULL));
	l.n = 3;
	audit_watch_list_release(&l);

	/* "-a always,exit -F path=DIR" is loaded as written: that inode only, not what is below
	 * it (auditctl makes only -w on a directory an AUDIT_DIR watch) */
	parse("-a always,exit -F path=/etc/docker -F perm=wa -k d\n", &l);
	assert_false(l.items[0].w_form);
	assert_ptr_equal(auditrules_find(&l, f->h, "/etc/docker", PERM_WA, NULL), &l.items[0]);
	assert_null(auditrules_find(&l, f->h, "/etc/docker/daemon.json", 0, &partial));
	assert_null(partial);
	audit_watch_list_release(&l);

	/* from the kernel, only AUDIT_DIR is recursive: AUDIT_WATCH on a dir is its inode only */
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_WATCH, "/etc/docker");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);
	assert_ptr_equal(auditrules_find(&l, f->h, "/etc/docker", PERM_WA, NULL), &l.items[0]);
	assert_null(auditrules_find(&l, f->h, "/etc/docker/daemon.json", 0, &partial));
	assert_null(partial);
	r = blob_new(AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	blob_str(r, AUDIT_DIR, "/var/lib/docker");
	assert_int_equal(auditrules_decode_kernel_rule(r, blob_len(r), &l), 0);
	free(r);
	assert_ptr_equal(auditrules_find(&l, f->h, "/var/lib/docker/volumes", PERM_WA, NULL),
			 &l.items[1]);
	audit_watch_list_release(&l);
}

/* ---- rules files under a root ---- */

static void test_load_files_order(void **state)
{
	struct fixture *f = *state;
	struct audit_watch_list l = {0};

	mkdirs(f->root, "etc/audit/rules.d/dir.rules");
	mkdirs(f->root, "etc/audit/shared");
	put(f->root, "etc/audit/audit.rules", "-D\n-b 8192\n-w /from/audit.rules -k a\n");
	put(f->root, "etc/audit/rules.d/10-b.rules", "-w /ten\n");
	put(f->root, "etc/audit/rules.d/2-a.rules", "# two\n-w /two\n");
	put(f->root, "etc/audit/rules.d/99-z.rules", "-w /ninetynine\n");
	put(f->root, "etc/audit/rules.d/x.conf", "-w /ignored\n");
	put(f->root, "etc/audit/rules.d/audit.rules.bak", "-w /ignored/too\n");
	put(f->root, "etc/audit/shared/real", "-w /via/symlink\n");
	ln("/etc/audit/shared/real", f->root, "etc/audit/rules.d/50-sym.rules");

	parse("-w /already/there\n", &l);
	assert_int_equal(auditrules_load_files(f->h, &l), 0);
	assert_int_equal(l.n, 6);
	const char *paths[] = {"/already/there", "/from/audit.rules", "/two",
			       "/ten",		 "/via/symlink",      "/ninetynine"};
	const char *files[] = {RULES_FILE,
			       "/etc/audit/audit.rules",
			       "/etc/audit/rules.d/2-a.rules",
			       "/etc/audit/rules.d/10-b.rules",
			       "/etc/audit/rules.d/50-sym.rules",
			       "/etc/audit/rules.d/99-z.rules"};
	const unsigned lines[] = {1, 3, 2, 1, 1, 1};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		assert_string_equal(l.items[i].path, paths[i]);
		assert_string_equal(l.items[i].file, files[i]);
		assert_int_equal(l.items[i].line, lines[i]);
		assert_int_equal(l.items[i].origin, AUDITRULES_FILE);
	}
	audit_watch_list_release(&l);
}

static void test_load_files_missing(void **state)
{
	struct fixture *f = *state;
	struct audit_watch_list l = {0};

	/* no /etc/audit at all */
	assert_int_equal(auditrules_load_files(f->h, &l), 0);
	assert_int_equal(l.n, 0);
	/* audit.rules without rules.d */
	mkdirs(f->root, "etc/audit");
	put(f->root, "etc/audit/audit.rules", "-w /only\n");
	assert_int_equal(auditrules_load_files(f->h, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].path, "/only");
	audit_watch_list_release(&l);
	/* rules.d without audit.rules */
	char p[PATH_MAX];
	join(p, sizeof(p), f->root, "etc/audit/audit.rules");
	assert_int_equal(unlink(p), 0);
	mkdirs(f->root, "etc/audit/rules.d");
	put(f->root, "etc/audit/rules.d/a.rules", "-w /d\n");
	assert_int_equal(auditrules_load_files(f->h, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].path, "/d");
	audit_watch_list_release(&l);
	assert_int_equal(auditrules_load_files(NULL, &l), -EINVAL);
	assert_int_equal(auditrules_load_files(f->h, NULL), -EINVAL);
}

static void test_load_files_too_big(void **state)
{
	struct fixture *f = *state;
	struct audit_watch_list l = {0};
	char p[PATH_MAX];

	mkdirs(f->root, "etc/audit/rules.d");
	put(f->root, "etc/audit/rules.d/10-ok.rules", "-w /ok\n");
	join(p, sizeof(p), f->root, "etc/audit/rules.d/20-huge.rules");
	int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 5 << 20), 0);
	close(fd);
	parse("-w /already/there\n", &l);
	/* fail closed: an error, and not even the watches read before it */
	assert_int_equal(auditrules_load_files(f->h, &l), -EFBIG);
	assert_int_equal(l.n, 1);
	audit_watch_list_release(&l);
}

/* Run without CAP_DAC_OVERRIDE: 60-locked.rules is mode 000. */
static int check_unreadable(const char *root)
{
	struct hostfs *h = NULL;
	struct audit_watch_list l = {0};
	int rc = 0;

	if (hostfs_new(root, &h) < 0)
		return 10;
	if (auditrules_parse_text("-w /already/there\n", NULL, &l) < 0)
		rc = 11;
	else if (auditrules_load_files(h, &l) != -EACCES)
		rc = 12;
	else if (l.n != 1)
		rc = 13;
	audit_watch_list_release(&l);
	hostfs_free(h);
	return rc;
}

static void test_load_files_unreadable(void **state)
{
	struct fixture *f = *state;
	char p[PATH_MAX];

	mkdirs(f->root, "etc/audit/rules.d");
	put(f->root, "etc/audit/rules.d/10-ok.rules", "-w /ok\n");
	put(f->root, "etc/audit/rules.d/60-locked.rules", "-w /locked\n");
	join(p, sizeof(p), f->root, "etc/audit/rules.d/60-locked.rules");
	assert_int_equal(chmod(p, 0), 0);

	if (geteuid() != 0) {
		assert_int_equal(check_unreadable(f->root), 0);
		return;
	}
	/*
	 * Root reads a mode-000 file anyway: check in a child dropped to nobody, and skip
	 * explicitly when this sandbox does not allow that.
	 */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(77);
		_exit(check_unreadable(f->root));
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- the running kernel (read only: never adds or deletes rules) ---- */

static void test_load_kernel(void **state)
{
	struct audit_watch_list l = {0};
	(void)state;

	parse("-w /already/there\n", &l);
	int r = auditrules_load_kernel(&l);
	print_message("auditrules_load_kernel: %d (%s), %zu watches\n", r,
		      r < 0 ? strerror(-r) : "ok", l.n - 1);
	if (r < 0) {
		assert_true(r > -4096);
		assert_int_equal(l.n, 1); /* fail closed: unchanged */
	} else {
		assert_int_equal(r, 0);
		assert_true(l.n >= 1);
		assert_string_equal(l.items[0].path, "/already/there");
		for (size_t i = 1; i < l.n; i++) {
			assert_int_equal(l.items[i].origin, AUDITRULES_KERNEL);
			assert_true(l.items[i].path[0] == '/');
			assert_null(l.items[i].file);
		}
	}
	assert_int_equal(auditrules_load_kernel(NULL), -EINVAL);
	audit_watch_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_watch_forms),
	    cmocka_unit_test(test_parse_syscall_forms),
	    cmocka_unit_test(test_parse_not_watches),
	    cmocka_unit_test(test_parse_comments_and_lines),
	    cmocka_unit_test(test_perms_str),
	    cmocka_unit_test(test_decode_watches),
	    cmocka_unit_test(test_decode_not_watches),
	    cmocka_unit_test(test_decode_inconsistent),
	    cmocka_unit_test(test_unreadable_counted),
	    cmocka_unit_test(test_find_paths),
	    cmocka_unit_test(test_find_permissions),
	    cmocka_unit_test(test_find_never_order),
	    cmocka_unit_test(test_never_order_across_lists),
	    cmocka_unit_test(test_task_never),
	    cmocka_unit_test_setup_teardown(test_find_on_host, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_files_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_files_missing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_files_too_big, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_files_unreadable, setup, teardown),
	    cmocka_unit_test(test_load_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
