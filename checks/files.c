/* SPDX-License-Identifier: Apache-2.0 */
/* Section 3: Docker daemon configuration files. */
#include "common.h"
#include <sys/stat.h>
#include "buf.h"
#include "checks.h"
#include "facts/files.h"
#include "facts/accounts.h"
#include "facts/containerd.h"
#include "facts/daemonconf.h"
#include "facts/dockerd.h"
#include "facts/engine.h"
#include "facts/locate.h"
#include "facts/mounts.h"
#include "facts/units.h"
#include "strutil.h"

enum owner_want {
	OWNER_NONE, /* a mode row */
	OWNER_ROOT_ROOT, /* uid 0 and gid 0 */
	OWNER_ROOT_SOCKET, /* uid 0 and the gid of the group meant to use the socket (or 0) */
};

/* What one row judges: which files, and the owner or the mode they must have. */
struct file_rule {
	enum files_target target;
	const char *name; /* unit name, host path or TLS setting, as the target needs */
	const char *what; /* the files, plural, for messages: "containerd sockets" */
	enum owner_want owner; /* owner rows */
	mode_t limit; /* mode rows: every permission bit a file may have */
	mode_t dir_limit; /* mode rows: the same for a directory holding the files */
};

#define MODE_BITS 07777

/* "group write, other read+write": the permission bits in excess, by class. */
static char *mode_bits_words(mode_t bits)
{
	static const struct {
		mode_t bit;
		const char *word;
	} special[] = {{S_ISUID, "setuid"}, {S_ISGID, "setgid"}, {S_ISVTX, "sticky"}};
	static const char *const who[] = {"user", "group", "other"};
	struct buf b;
	buf_init(&b, 256);
	int r = 0;
	for (size_t i = 0; i < ARRAY_SIZE(special) && r == 0; i++)
		if (bits & special[i].bit)
			r = buf_printf(&b, "%s%s", b.len ? ", " : "", special[i].word);
	for (int c = 0; c < 3 && r == 0; c++) {
		unsigned m = (bits >> (3 * (2 - c))) & 7;
		if (!m)
			continue;
		r = buf_printf(&b, "%s%s %s%s%s%s%s", b.len ? ", " : "", who[c],
			       m & 4 ? "read" : "", (m & 4) && (m & 3) ? "+" : "",
			       m & 2 ? "write" : "", (m & 2) && (m & 1) ? "+" : "",
			       m & 1 ? "execute" : "");
	}
	if (r < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static const char *via_note(const struct file_fact *f, char *buf, size_t size)
{
	if (!f->via)
		return "";
	snprintf(buf, size, "; judged the target of the symlink %s", f->via);
	return buf;
}

/*
 * One file against the row: 0 passes, 1 fails (*ret_detail, *ret_value), negative errno when
 * it cannot be judged (*ret_detail says why). *ret_note: something the verdict should say.
 */
static int judge_file(struct audit_ctx *ctx, const struct file_rule *rule,
		      const struct file_fact *f, char **ret_detail, char **ret_value,
		      char **ret_note)
{
	char vb[4200];
	const char *via = via_note(f, vb, sizeof(vb));
	if (f->error < 0) {
		*ret_detail = xstrdup(f->error_msg ? f->error_msg : strerror(-f->error));
		return *ret_detail ? f->error : -ENOMEM;
	}
	unsigned uid = (unsigned)f->st.st_uid, gid = (unsigned)f->st.st_gid;

	if (rule->owner == OWNER_NONE) {
		mode_t limit = f->holder && rule->dir_limit ? rule->dir_limit : rule->limit;
		mode_t mode = f->st.st_mode & MODE_BITS;
		mode_t excess = mode & ~limit & MODE_BITS;
		if ((excess & S_ISVTX) && !S_ISDIR(f->st.st_mode)) {
			/* the sticky bit of a file or socket grants nothing: in XDG_RUNTIME_DIR it
			 * keeps it from periodic clean-up (a rootless dockerd's socket has it) */
			excess &= (mode_t)~S_ISVTX;
			if (!excess) {
				*ret_note =
				    xasprintf("%s has the sticky bit, which grants nothing on "
					      "a non-directory",
					      f->path);
				return *ret_note ? 0 : -ENOMEM;
			}
		}
		if (!excess)
			return 0;
		_cleanup_free_ char *words = mode_bits_words(excess);
		*ret_detail =
		    words ? xasprintf("mode %04o allows %s (limit %04o%s)%s", (unsigned)mode, words,
				      (unsigned)limit,
				      f->holder && rule->dir_limit ? " for a directory" : "", via)
			  : NULL;
		*ret_value = xasprintf("%04o", (unsigned)mode);
		return *ret_detail && *ret_value ? 1 : -ENOMEM;
	}

	if (rule->target == FILES_DOCKER_SOCKET || rule->target == FILES_DAEMON_CONFIG) {
		/* A rootless daemon's socket and config file are its user's (root inside its user
		 * namespace): that user, not root:docker or root:root, is the owner to want. */
		const struct dockerd_scan *sc = NULL;
		if (ctx_dockerd(ctx, &sc) == 0 && sc->serving && dockerd_rootless(sc->serving) &&
		    sc->serving->uid > 0 && uid == (unsigned)sc->serving->uid) {
			*ret_note =
			    xasprintf("%s is owned by uid %u, the user that runs the rootless "
				      "dockerd (PID %ld): only that user and root can change it",
				      f->path, uid, sc->serving->pid);
			return *ret_note ? 0 : -ENOMEM;
		}
	}
	if (rule->owner == OWNER_ROOT_ROOT) {
		if (uid == 0 && gid == 0)
			return 0;
		*ret_detail = xasprintf("owner %u:%u, want root:root (0:0)%s", uid, gid, via);
		*ret_value = xasprintf("%u:%u", uid, gid);
		return *ret_detail && *ret_value ? 1 : -ENOMEM;
	}

	/* OWNER_ROOT_SOCKET: root, and the group meant to use the socket; root's group is
	 * stricter still (no one but root can connect) */
	if (uid == 0 && gid == 0) {
		*ret_note = xasprintf("%s is root:root, stricter than root:%s", f->path,
				      f->group ? f->group : "docker");
		return *ret_note ? 0 : -ENOMEM;
	}
	unsigned want = 0;
	int r = -ENOENT;
	if (uid == 0) {
		const struct host_accounts *acc = NULL;
		const char *aerr = NULL;
		if (!f->group) {
			*ret_detail =
			    xasprintf("owner %u:%u: cannot tell which group should use it: %s", uid,
				      gid, f->group_error ? f->group_error : "unknown");
			return *ret_detail ? -EIO : -ENOMEM;
		}
		r = ctx_host_accounts(ctx, &acc, &aerr);
		if (r < 0) {
			*ret_detail = xasprintf("owner %u:%u: cannot resolve group '%s': %s", uid,
						gid, f->group, aerr ? aerr : strerror(-r));
			return *ret_detail ? r : -ENOMEM;
		}
		const struct host_group *hg = host_group_find(acc, f->group);
		uint64_t num = 0;
		r = 0;
		if (hg)
			want = hg->gid;
		else if (parse_uint64(f->group, &num) == 0 && num < UINT32_MAX)
			want = (unsigned)num; /* dockerd -G 4242: a gid without a group name */
		else
			r = -ENOENT;
		if (r == 0 && want == gid)
			return 0;
	}
	const char *g = f->group ? f->group : "docker";
	if (r == 0)
		*ret_detail = xasprintf("owner %u:%u, want root:%s (0:%u, %s)%s", uid, gid, g, want,
					f->group_origin ? f->group_origin : "", via);
	else if (uid == 0)
		*ret_detail =
		    xasprintf("owner %u:%u, want root:%s, but group '%s' does not exist in "
			      "/etc/group (%s)%s",
			      uid, gid, g, g, f->group_origin ? f->group_origin : "", via);
	else
		*ret_detail = xasprintf("owner %u:%u, want root:%s%s", uid, gid, g, via);
	*ret_value = xasprintf("%u:%u", uid, gid);
	return *ret_detail && *ret_value ? 1 : -ENOMEM;
}

/* "owned by root:root", "within mode 0644": what every file of the row must be. */
static const char *want_phrase(const struct file_rule *rule, const struct file_set *s, char *buf,
			       size_t size)
{
	switch (rule->owner) {
	case OWNER_ROOT_ROOT:
		return "owned by root:root";
	case OWNER_ROOT_SOCKET: {
		/* the group meant to use the sockets, when they all agree on one */
		const char *g = NULL;
		for (size_t i = 0; i < s->n; i++) {
			const char *fg = s->files[i].group;
			if (!fg || (g && strcmp(g, fg) != 0)) {
				g = NULL;
				break;
			}
			g = fg;
		}
		if (!g)
			return "owned by root and the group meant to use it";
		snprintf(buf, size, "owned by root:%s", g);
		return buf;
	}
	case OWNER_NONE:
		break;
	}
	if (rule->dir_limit)
		snprintf(buf, size, "within mode %04o (directories %04o)", (unsigned)rule->limit,
			 (unsigned)rule->dir_limit);
	else
		snprintf(buf, size, "within mode %04o", (unsigned)rule->limit);
	return buf;
}

/*
 * What the remediation names ({{$paths}}, {{$group}}): the files that fail, else every file
 * judged, each a shell word; the group meant to use the sockets when they agree on one.
 */
static int set_file_facts(struct result *res, const struct file_set *s, size_t failed)
{
	struct buf b;
	buf_init(&b, 256 * 1024);
	int r = 0;
	if (failed) {
		for (size_t i = 0; i < res->n_findings && r == 0; i++)
			if (!res->findings[i].error && res->findings[i].name) {
				r = b.len ? buf_puts(&b, " ") : 0;
				r = r ? r : shell_word(&b, res->findings[i].name);
			}
	} else {
		for (size_t i = 0; i < s->n && r == 0; i++)
			if (s->files[i].path && !s->files[i].holder) {
				r = b.len ? buf_puts(&b, " ") : 0;
				r = r ? r : shell_word(&b, s->files[i].path);
			}
	}
	if (r == 0 && b.len)
		r = result_fact(res, "paths", b.data);
	const char *g = NULL;
	for (size_t i = 0; r == 0 && i < s->n; i++) {
		const char *fg = s->files[i].group;
		if (!fg || (g && strcmp(g, fg) != 0)) {
			g = NULL;
			break;
		}
		g = fg;
	}
	if (r == 0 && g)
		r = result_fact(res, "group", g);
	buf_release(&b);
	return r < 0 ? -ENOMEM : 0;
}

static int file_owner_mode(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct file_rule *rule = chk->arg;
	const struct file_set *s = ctx_files(ctx, rule->target, rule->name);
	if (s->error < 0)
		return result_error(res, "%s", s->error_msg ? s->error_msg : strerror(-s->error));
	if (s->skip)
		return result_skip(res, "%s", s->skip);

	struct buf notes;
	buf_init(&notes, 64 * 1024);
	size_t failed = 0, errors = 0;
	int r = 0;
	for (size_t i = 0; i < s->n && r >= 0; i++) {
		const struct file_fact *f = &s->files[i];
		_cleanup_free_ char *detail = NULL, *value = NULL, *note = NULL;
		int v = judge_file(ctx, rule, f, &detail, &value, &note);
		if (v == -ENOMEM) {
			r = v;
			break;
		}
		if (note)
			r = buf_printf(&notes, "; %s", note);
		if (v == 0 || r < 0)
			continue;
		if (v > 0)
			failed++;
		else
			errors++;
		r = result_add(res, &(struct finding_spec){.kind = "file",
							   .name = f->path,
							   .detail = detail,
							   .source = "file",
							   .value = value,
							   .error = v < 0});
	}
	if (r < 0) {
		buf_release(&notes);
		return r;
	}

	if (set_file_facts(res, s, failed) < 0)
		return -ENOMEM;
	char wb[512];
	const char *want = want_phrase(rule, s, wb, sizeof(wb));
	/* how the files were found: the set's note, else the one file's origin */
	const char *how = s->note ? s->note : s->n == 1 ? s->files[0].origin : NULL;
	_cleanup_free_ char *ctxnote = how ? xasprintf(" (%s%s)", how, notes.len ? notes.data : "")
				       : notes.len ? xasprintf(" (%s)", notes.data + 2)
						   : xstrdup("");
	buf_release(&notes);
	if (!ctxnote)
		return -ENOMEM;
	const char *one = s->n == 1 ? s->files[0].path : NULL;
	if (failed && one)
		return result_fail(res, "%s is not %s%s", one, want, ctxnote);
	if (failed)
		return result_fail(res, "%zu of %zu %s %s not %s%s", failed, s->n, rule->what,
				   failed == 1 ? "is" : "are", want, ctxnote);
	if (errors && one)
		return result_error(res, "%s could not be checked: %s%s", one,
				    res->findings[0].detail, ctxnote);
	if (errors)
		return result_error(res, "%zu of %zu %s could not be checked%s", errors, s->n,
				    rule->what, ctxnote);
	if (one)
		return result_pass(res, "%s is %s%s", one, want, ctxnote);
	return result_pass(res, "all %zu %s are %s%s", s->n, rule->what, want, ctxnote);
}

/* ---- the table ---- */

#define OWNER(target_, name_, what_)                                                               \
	(&(const struct file_rule){                                                                \
	    .target = target_, .name = name_, .what = what_, .owner = OWNER_ROOT_ROOT})
#define MODE(target_, name_, what_, limit_, dir_limit_)                                            \
	(&(const struct file_rule){.target = target_,                                              \
				   .name = name_,                                                  \
				   .what = what_,                                                  \
				   .limit = limit_,                                                \
				   .dir_limit = dir_limit_})

#define JUDGED_OWNER                                                                               \
	"The file is found where this host keeps it and stat'ed inside --root, following "         \
	"symlinks (the daemon reads the file behind a link, so that is what is judged, and the "   \
	"finding says so). Owner and group are compared as numbers (uid 0, gid 0), not as "        \
	"names. A file that does not exist on this host is SKIP; one that cannot be stat'ed is "   \
	"ERROR with the reason."
#define JUDGED_MODE                                                                                \
	"The file is found where this host keeps it and stat'ed inside --root, following "         \
	"symlinks. The mode passes when it grants no permission bit beyond the limit "             \
	"((mode & 07777 & ~limit) == 0): a stricter mode such as 0600 passes, 0606 fails. "        \
	"docker-bench-security compares the octal digits as a decimal number, so 0606 or 0466 "    \
	"pass there although they are world-writable. A file that does not exist is SKIP; one "    \
	"that cannot be stat'ed is ERROR."

#define UNIT_RATIONALE(unit)                                                                       \
	"The " unit " unit decides how the Docker daemon, which runs as root, is started. "        \
	"Whoever can write it, or its drop-ins, chooses the daemon's command line on the next "    \
	"start, which is root on the host."
#define UNIT_JUDGED                                                                                \
	" The unit is looked up in systemd's unit directories (/etc/systemd/system, "              \
	"/run/systemd/system, /usr/local/lib/systemd/system, /usr/lib/systemd/system, "            \
	"/lib/systemd/system; docker-bench-security misses units under /usr/lib on RHEL-like "     \
	"hosts); its drop-ins ("                                                                   \
	"<unit>.d/*.conf) are judged too, since they change the unit "                             \
	"as much as the file does. A masked unit is SKIP."

#define SOCKET_RATIONALE                                                                           \
	"Whoever can connect to the Docker socket controls the daemon, which is root on the "      \
	"host: it can start a privileged container that mounts /. Only root and the members of "   \
	"the group chosen for that (docker) may reach it."
#define SOCKET_JUDGED                                                                              \
	" The sockets judged are the ones the daemon serves: every unix:// entry of its -H "       \
	"flags or daemon.json \"hosts\", docker.socket's ListenStream= paths when it is "          \
	"socket-activated (-H fd://), /var/run/docker.sock when nothing is set; when the "         \
	"daemon's command line cannot be read, the audited endpoint. A path that is not a "        \
	"socket is not one the daemon listens on."

#define CONTAINERD_RATIONALE                                                                       \
	"containerd runs every container of the host as root; its socket accepts any request "     \
	"(create a privileged task, read any container's files) without authentication, so "       \
	"access to it is root on the host."
#define CONTAINERD_JUDGED                                                                          \
	" Every containerd socket of this host is judged: the one Docker was told to use "         \
	"(--containerd or daemon.json \"containerd\"), else the one dockerd starts itself under "  \
	"its exec-root (/var/run/docker/containerd/containerd.sock), and the system containerd's " \
	"socket ([grpc] address in /etc/containerd/config.toml, default "                          \
	"/run/containerd/containerd.sock). None present is SKIP."

#define TLS_RATIONALE_CA                                                                           \
	"The CA certificate decides which client certificates the daemon accepts on its TCP "      \
	"socket. Whoever can replace it can sign a client certificate of their own and drive "     \
	"the daemon remotely."
#define TLS_RATIONALE_CERT                                                                         \
	"The server certificate is how clients recognise the daemon. Whoever can replace it can "  \
	"break the daemon's TLS endpoint or help impersonate it."
#define TLS_RATIONALE_KEY                                                                          \
	"The server key proves the daemon's identity to its clients. Whoever can read it can "     \
	"impersonate the daemon to every client that trusts its certificate; whoever can "         \
	"replace it can break the endpoint."

#define ENVFILE_RATIONALE(path)                                                                    \
	path " can hold DOCKER_OPTS, the daemon's extra command line, where the init system "      \
	     "or unit reads it. Whoever can write it chooses how the root daemon starts."

#define CHOWN_REMEDIATION(path)                                                                    \
	"Give the file to root:\n"                                                                 \
	"  chown root:root {{$paths|" path "}}"                                                    \
	"{{?paths|\nUse the path named in each finding: this host may keep it elsewhere.}}"
#define CHMOD_REMEDIATION(mode, path)                                                              \
	"Remove the permissions beyond " mode ":\n"                                                \
	"  chmod " mode " {{$paths|" path "}}\n"                                                   \
	"(a stricter mode also passes).{{?paths| Use the path named in each finding.}}"

static const struct check checks[] = {
    {
	.id = "3.1",
	.key = "docker-service-owner",
	.title = "Ensure that the docker.service file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = OWNER(FILES_UNIT, "docker.service", "files of the docker.service unit"),
	.rationale = UNIT_RATIONALE("docker.service"),
	.judged = JUDGED_OWNER UNIT_JUDGED,
	.remediation = "Give the unit file and its drop-ins to root:\n"
		       "  chown root:root {{$paths|\"$(systemctl show -p FragmentPath --value "
		       "docker.service)\" "
		       "/etc/systemd/system/docker.service.d/*.conf}}"
		       "{{?paths|\nUse the paths named in the findings.}}",
    },
    {
	.id = "3.2",
	.key = "docker-service-mode",
	.title = "Ensure that docker.service file permissions are appropriately set",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = MODE(FILES_UNIT, "docker.service", "files of the docker.service unit", 0644, 0),
	.rationale = UNIT_RATIONALE("docker.service"),
	.judged = JUDGED_MODE " The limit is 0644." UNIT_JUDGED,
	.remediation =
	    "Remove the permissions beyond 644 from the unit file and its drop-ins:\n"
	    "  chmod 644 {{$paths|\"$(systemctl show -p FragmentPath --value "
	    "docker.service)\" /etc/systemd/system/docker.service.d/*.conf}}\n"
	    "(a stricter mode also passes).{{?paths| Use the paths named in the findings.}}",
    },
    {
	.id = "3.3",
	.key = "docker-socket-unit-owner",
	.title = "Ensure that docker.socket file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = OWNER(FILES_UNIT, "docker.socket", "files of the docker.socket unit"),
	.rationale = UNIT_RATIONALE("docker.socket") " It also sets who may use the Docker socket "
						     "(SocketUser=, SocketGroup=, SocketMode=).",
	.judged = JUDGED_OWNER UNIT_JUDGED,
	.remediation = "Give the unit file and its drop-ins to root:\n"
		       "  chown root:root {{$paths|\"$(systemctl show -p FragmentPath --value "
		       "docker.socket)\" "
		       "/etc/systemd/system/docker.socket.d/*.conf}}"
		       "{{?paths|\nUse the paths named in the findings.}}",
    },
    {
	.id = "3.4",
	.key = "docker-socket-unit-mode",
	.title = "Ensure that docker.socket file permissions are set to 644 or more restrictive",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = MODE(FILES_UNIT, "docker.socket", "files of the docker.socket unit", 0644, 0),
	.rationale = UNIT_RATIONALE("docker.socket") " It also sets who may use the Docker socket "
						     "(SocketUser=, SocketGroup=, SocketMode=).",
	.judged = JUDGED_MODE " The limit is 0644." UNIT_JUDGED,
	.remediation =
	    "Remove the permissions beyond 644 from the unit file and its drop-ins:\n"
	    "  chmod 644 {{$paths|\"$(systemctl show -p FragmentPath --value "
	    "docker.socket)\" /etc/systemd/system/docker.socket.d/*.conf}}\n"
	    "(a stricter mode also passes).{{?paths| Use the paths named in the findings.}}",
    },
    {
	.id = "3.5",
	.key = "etc-docker-owner",
	.title = "Ensure that the /etc/docker directory ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP | DA_STRIDE_INFO_DISCLOSURE,
	.run = file_owner_mode,
	.arg = OWNER(FILES_FIXED, "/etc/docker", "/etc/docker"),
	.rationale = "/etc/docker holds the daemon's configuration, its TLS material and the "
		     "registry certificates. Its owner can replace any of them, and so choose "
		     "how the root daemon runs and whom it trusts.",
	.judged = JUDGED_OWNER,
	.remediation = CHOWN_REMEDIATION("/etc/docker"),
    },
    {
	.id = "3.6",
	.key = "etc-docker-mode",
	.title =
	    "Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = MODE(FILES_FIXED, "/etc/docker", "/etc/docker", 0755, 0),
	.rationale = "Whoever can write /etc/docker can add or replace the daemon's "
		     "configuration, TLS material and registry certificates.",
	.judged = JUDGED_MODE " The limit is 0755 (0700 passes; dev-sec's profile demands "
			      "exactly 755).",
	.remediation = CHMOD_REMEDIATION("755", "/etc/docker"),
    },
    {
	.id = "3.7",
	.key = "registry-certs-owner",
	.title = "Ensure that registry certificate file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.run = file_owner_mode,
	.arg = OWNER(FILES_REGISTRY_CERTS, NULL, "files and directories under /etc/docker/certs.d"),
	.rationale = "The files under /etc/docker/certs.d/<registry>/ decide which registry "
		     "servers Docker trusts and which client identity it presents. Whoever "
		     "owns them can make Docker pull from an impostor.",
	.judged =
	    JUDGED_OWNER " Every file Docker reads there (<registry>/*.crt, *.cert, "
			 "*.key; docker-bench-security looks at *.crt only and ignores the group) "
			 "and the directories that hold them (certs.d and each <registry>/, whose "
			 "owner could replace the files) must be root:root. No certs.d is SKIP.",
	.remediation = "Give the registry certificates and their directories to root:\n"
		       "  chown -R root:root /etc/docker/certs.d",
    },
    {
	.id = "3.8",
	.key = "registry-certs-mode",
	.title = "Ensure that registry certificate file permissions are set to 444 or more "
		 "restrictively",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.run = file_owner_mode,
	.arg = MODE(FILES_REGISTRY_CERTS, NULL, "files and directories under /etc/docker/certs.d",
		    0444, 0755),
	.rationale = "Whoever can write a registry certificate, or the directory holding it, "
		     "can make Docker trust an impostor registry.",
	.judged =
	    JUDGED_MODE " Files Docker reads (<registry>/*.crt, *.cert, *.key) must "
			"be within 0444; the directories holding them (certs.d and each "
			"<registry>/) within 0755, since a writable directory lets anyone replace "
			"the files (aquasecurity/docker-bench applies 444 to the directories and "
			"fails every host). No certs.d is SKIP.",
	.remediation = "Remove write and execute permissions from the certificate files and "
		       "group/other write from their directories:\n"
		       "  find /etc/docker/certs.d -type f -exec chmod 444 {} +\n"
		       "  find /etc/docker/certs.d -type d -exec chmod 755 {} +",
    },
    {
	.id = "3.9",
	.key = "tls-ca-owner",
	.title = "Ensure that TLS CA certificate file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = OWNER(FILES_TLS, "tlscacert", "the TLS CA certificate"),
	.rationale = TLS_RATIONALE_CA,
	.judged =
	    JUDGED_OWNER " The path comes from the daemon's effective configuration "
			 "(--tlscacert on its command line, in either form, or daemon.json), with "
			 "Docker's default (~/.docker/ca.pem of root) when TLS is on and it is not "
			 "given. The check applies only when TLS is configured (tls or tlsverify "
			 "set): SKIP otherwise.",
	.remediation = "Give the CA certificate to root (the path of --tlscacert):\n"
		       "  chown root:root {{$paths|/etc/docker/tls/ca.pem}}"
		       "{{?paths|\nUse the path named in the finding.}}",
    },
    {
	.id = "3.10",
	.key = "tls-ca-mode",
	.title =
	    "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = MODE(FILES_TLS, "tlscacert", "the TLS CA certificate", 0444, 0),
	.rationale = TLS_RATIONALE_CA,
	.judged =
	    JUDGED_MODE " The limit is 0444. The path comes from --tlscacert or "
			"daemon.json (Docker's default when TLS is on and it is not given); SKIP "
			"when TLS is not configured.",
	.remediation = CHMOD_REMEDIATION("444", "/etc/docker/tls/ca.pem"),
    },
    {
	.id = "3.11",
	.key = "server-cert-owner",
	.title = "Ensure that Docker server certificate file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = OWNER(FILES_TLS, "tlscert", "the server certificate"),
	.rationale = TLS_RATIONALE_CERT,
	.judged =
	    JUDGED_OWNER " The path comes from --tlscert or daemon.json (Docker's "
			 "default ~/.docker/cert.pem of root when TLS is on and it is not given); "
			 "SKIP when TLS is not configured.",
	.remediation = "Give the server certificate to root (the path of --tlscert):\n"
		       "  chown root:root {{$paths|/etc/docker/tls/server-cert.pem}}"
		       "{{?paths|\nUse the path named in the finding.}}",
    },
    {
	.id = "3.12",
	.key = "server-cert-mode",
	.title = "Ensure that the Docker server certificate file permissions are set to 444 or "
		 "more restrictively",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_MEDIUM,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = MODE(FILES_TLS, "tlscert", "the server certificate", 0444, 0),
	.rationale = TLS_RATIONALE_CERT,
	.judged =
	    JUDGED_MODE " The limit is 0444. The path comes from --tlscert or "
			"daemon.json (Docker's default when TLS is on and it is not given); SKIP "
			"when TLS is not configured.",
	.remediation = CHMOD_REMEDIATION("444", "/etc/docker/tls/server-cert.pem"),
    },
    {
	.id = "3.13",
	.key = "server-key-owner",
	.title = "Ensure that the Docker server certificate key file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = OWNER(FILES_TLS, "tlskey", "the server key"),
	.rationale = TLS_RATIONALE_KEY,
	.judged =
	    JUDGED_OWNER " The path comes from --tlskey or daemon.json (Docker's "
			 "default ~/.docker/key.pem of root when TLS is on and it is not given); "
			 "SKIP when TLS is not configured. The key's contents are never read.",
	.remediation = "Give the server key to root (the path of --tlskey):\n"
		       "  chown root:root {{$paths|/etc/docker/tls/server-key.pem}}"
		       "{{?paths|\nUse the path named in the finding.}}",
    },
    {
	.id = "3.14",
	.key = "server-key-mode",
	.title = "Ensure that the Docker server certificate key file permissions are set to 400",
	.section = "3",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_SPOOFING | DA_STRIDE_INFO_DISCLOSURE,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = MODE(FILES_TLS, "tlskey", "the server key", 0400, 0),
	.rationale = TLS_RATIONALE_KEY,
	.judged =
	    JUDGED_MODE " The limit is 0400: the benchmark asks for 400, so 0600 "
			"fails (owner write) and 0444 fails (dev-sec's profile passes it, although "
			"everyone can read the key). The path comes from --tlskey or daemon.json; "
			"SKIP when TLS is not configured.",
	.remediation = CHMOD_REMEDIATION("400", "/etc/docker/tls/server-key.pem"),
    },
    {
	.id = "3.15",
	.key = "docker-sock-owner",
	.title = "Ensure that the Docker socket file ownership is set to root:docker",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = file_owner_mode,
	.arg = &(const struct file_rule){.target = FILES_DOCKER_SOCKET,
					 .what = "Docker sockets",
					 .owner = OWNER_ROOT_SOCKET},
	.rationale = SOCKET_RATIONALE,
	.judged = "The owner must be uid 0 and the group the one meant to use the socket, "
		  "compared as numbers: the group of the daemon's -G/daemon.json \"group\" "
		  "(default docker) resolved through /etc/group, or SocketGroup= of "
		  "docker.socket for a socket-activated daemon. root:root passes too (only "
		  "root can connect: stricter than root:docker). docker-bench-security "
		  "compares names and fails daemons run with -G. A missing docker group is "
		  "named in the finding." SOCKET_JUDGED,
	.remediation =
	    "Give the socket to root and the {{$group|docker}} group, and keep it so across "
	    "restarts:\n"
	    "  chown root:{{$group|docker}} {{$paths|/var/run/docker.sock}}\n"
	    "  systemctl edit docker.socket   # [Socket] SocketUser=root, "
	    "SocketGroup={{$group|docker}}\n"
	    "or, when dockerd creates the socket, start it with -G {{$group|docker}} (or "
	    "\"group\": \"{{$group|docker}}\" in {{$daemon-json}}).",
    },
    {
	.id = "3.16",
	.key = "docker-sock-mode",
	.title =
	    "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = file_owner_mode,
	.arg = MODE(FILES_DOCKER_SOCKET, NULL, "Docker sockets", 0660, 0),
	.rationale = SOCKET_RATIONALE,
	.judged = JUDGED_MODE " The limit is 0660 (docker-bench-security passes 0606, "
			      "which lets every local user drive the daemon)." SOCKET_JUDGED,
	.remediation = "Remove access for others, and keep it so across restarts:\n"
		       "  chmod 660 {{$paths|/var/run/docker.sock}}\n"
		       "  systemctl edit docker.socket   # [Socket] SocketMode=0660\n"
		       "(dockerd creates its own sockets 0660.){{?paths| Use the path named in the "
		       "finding.}}",
    },
    {
	.id = "3.17",
	.key = "daemon-json-owner",
	.title = "Ensure that the daemon.json file ownership is set to root:root",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = OWNER(FILES_DAEMON_CONFIG, NULL, "daemon.json"),
	.rationale = "daemon.json is the root daemon's configuration: its owner can add "
		     "runtimes, drop authorization plugins, open TCP sockets and so take the "
		     "host.",
	.judged =
	    JUDGED_OWNER " The file is the one the daemon reads (--config-file, "
			 "rootless or snap locations), not only /etc/docker/daemon.json; none is "
			 "SKIP.",
	.remediation = CHOWN_REMEDIATION("/etc/docker/daemon.json"),
    },
    {
	.id = "3.18",
	.key = "daemon-json-mode",
	.title = "Ensure that daemon.json file permissions are set to 644 or more restrictive",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.needs = DA_NEED_DOCKERD,
	.run = file_owner_mode,
	.arg = MODE(FILES_DAEMON_CONFIG, NULL, "daemon.json", 0644, 0),
	.rationale = "Whoever can write daemon.json chooses how the root daemon runs.",
	.judged = JUDGED_MODE " The limit is 0644. The file is the one the daemon reads "
			      "(--config-file ...); none is SKIP.",
	.remediation = CHMOD_REMEDIATION("644", "/etc/docker/daemon.json"),
    },
    {
	.id = "3.19",
	.key = "etc-default-docker-owner",
	.title = "Ensure that the /etc/default/docker file ownership is set to root:root",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = OWNER(FILES_FIXED, "/etc/default/docker", "/etc/default/docker"),
	.rationale = ENVFILE_RATIONALE("/etc/default/docker"),
	.judged = JUDGED_OWNER,
	.remediation = CHOWN_REMEDIATION("/etc/default/docker"),
    },
    {
	.id = "3.20",
	.key = "etc-default-docker-mode",
	.title = "Ensure that the /etc/default/docker file permissions are set to 644 or more "
		 "restrictively",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = MODE(FILES_FIXED, "/etc/default/docker", "/etc/default/docker", 0644, 0),
	.rationale = ENVFILE_RATIONALE("/etc/default/docker"),
	.judged = JUDGED_MODE " The limit is 0644.",
	.remediation = CHMOD_REMEDIATION("644", "/etc/default/docker"),
    },
    {
	.id = "3.21",
	.key = "etc-sysconfig-docker-mode",
	.title = "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more "
		 "restrictively",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = MODE(FILES_FIXED, "/etc/sysconfig/docker", "/etc/sysconfig/docker", 0644, 0),
	.rationale = ENVFILE_RATIONALE("/etc/sysconfig/docker"),
	.judged = JUDGED_MODE " The limit is 0644. (aquasecurity/docker-bench numbers this "
			      "check 3.20, after an older edition.)",
	.remediation = CHMOD_REMEDIATION("644", "/etc/sysconfig/docker"),
    },
    {
	.id = "3.22",
	.key = "etc-sysconfig-docker-owner",
	.title = "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
	.section = "3",
	.level = 2,
	.automated = false,
	.severity = DA_SEV_HIGH,
	.stride = DA_STRIDE_TAMPERING | DA_STRIDE_EOP,
	.run = file_owner_mode,
	.arg = OWNER(FILES_FIXED, "/etc/sysconfig/docker", "/etc/sysconfig/docker"),
	.rationale = ENVFILE_RATIONALE("/etc/sysconfig/docker"),
	.judged = JUDGED_OWNER " (aquasecurity/docker-bench numbers this check 3.21.)",
	.remediation = CHOWN_REMEDIATION("/etc/sysconfig/docker"),
    },
    {
	.id = "3.23",
	.key = "containerd-sock-owner",
	.title = "Ensure that the Containerd socket file ownership is set to root:root",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = file_owner_mode,
	.arg = OWNER(FILES_CONTAINERD_SOCKET, NULL, "containerd sockets"),
	.rationale = CONTAINERD_RATIONALE,
	.judged = JUDGED_OWNER CONTAINERD_JUDGED,
	.remediation = "Give the socket to root:root, and keep it so across restarts:\n"
		       "  chown root:root {{$paths|/run/containerd/containerd.sock}}\n"
		       "  # /etc/containerd/config.toml: [grpc] uid = 0, gid = 0"
		       "{{?paths|\nUse the path named in the finding.}}",
    },
    {
	.id = "3.24",
	.key = "containerd-sock-mode",
	.title = "Ensure that the Containerd socket file permissions are set to 660 or more "
		 "restrictively",
	.section = "3",
	.level = 1,
	.automated = true,
	.severity = DA_SEV_CRITICAL,
	.stride = DA_STRIDE_EOP | DA_STRIDE_TAMPERING | DA_STRIDE_INFO_DISCLOSURE,
	.run = file_owner_mode,
	.arg = MODE(FILES_CONTAINERD_SOCKET, NULL, "containerd sockets", 0660, 0),
	.rationale = CONTAINERD_RATIONALE,
	.judged = JUDGED_MODE " The limit is 0660 (containerd creates its socket 0660; a "
			      "wider mode was set by hand)." CONTAINERD_JUDGED,
	.remediation = "Remove access for others:\n"
		       "  chmod 660 {{$paths|/run/containerd/containerd.sock}}\n"
		       "and restart containerd, which creates the socket 0660.{{?paths| Use the "
		       "path named in the finding.}}",
    },
};

const struct check_section files_section = {"3", checks, ARRAY_SIZE(checks)};
