# shellcheck shell=bash
# tests/e2e/lib.sh: helpers for end-to-end tests against real, private Docker daemons.
#
# Source it from a bash script, then:
#   da_init                          temp dir, unique names, cleanup trap (EXIT/INT/TERM)
#   da_start_daemon NAME [ARGS...]   private dockerd (own socket, data root, exec root, pidfile,
#                                    bridge, containerd namespace); sets DA_SOCK_NAME (socket path),
#                                    DA_HOST_NAME (unix://...), DA_DATA_NAME, DA_PID_NAME, DA_LOG_NAME
#                                    With DA_ENGINE_ROOT=DIR (tests/e2e/engine_roots.sh), the dockerd
#                                    of that root filesystem runs chrooted in it (da_root_prepare).
#   da_docker NAME ARGS...           the docker CLI against daemon NAME
#   da_busybox_image SOCK IMAGE      import a one-layer busybox image into the daemon at SOCK
#   da_audit_add ARGS...             auditctl ARGS -k $DA_AUDIT_KEY (our key only)
#   da_audit_cleanup                 delete every kernel audit rule carrying $DA_AUDIT_KEY
#   da_stop_all                      remove containers, stop daemons, unmount, delete bridges
#   da_assert_* / da_pass / da_fail  count results
#   da_finish                        cleanup, then the closing line "N passed, N failed"; exit status
#
# Everything created is named after this process (pid) and is removed by da_cleanup, which the trap
# runs on every exit path. Nothing outside our temp dir, our bridges and our audit key is touched.

DA_PASSED=0
DA_FAILED=0
DA_FINISHED=0
DA_CLEANED=0
DA_TMP=""
DA_DAEMONS=()        # names of started daemons
DA_BRIDGES=()        # bridges we created
DA_CREATED_DIRS=()   # host directories we created outside DA_TMP (removed if still empty)
DA_AUDIT_KEY="da-e2e-$$"
DA_DAEMON_SEQ=0

# da_skip_or_fail REASON: a missing prerequisite. Without DA_E2E_REAL=1 the script is skipped
# ("0 passed, 0 failed (skipped: REASON)", exit 0); with it (the README's test command) that
# is a failure.
da_skip_or_fail() {
	if [[ "${DA_E2E_REAL:-}" == "1" ]]; then
		echo "FAIL: prerequisite missing (DA_E2E_REAL=1): $1"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "0 passed, 0 failed (skipped: $1)"
	exit 0
}

# da_require_bin PATH: the docker-audit under test must be given and executable; sets DA_BIN to
# its absolute path. Exits with a failure otherwise (call it directly, not in $(...)).
da_require_bin() {
	local bin=$1
	if [[ -z "$bin" ]]; then
		echo "usage: $0 PATH-TO-docker-audit" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
	if [[ ! -x "$bin" ]]; then
		echo "FAIL: binary not executable: $bin"
		echo "0 passed, 1 failed"
		exit 1
	fi
	DA_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
}

da_log() { printf '[e2e] %s\n' "$*"; }
da_warn() { printf '[e2e] WARNING: %s\n' "$*" >&2; }

# da_verdicts NAME JSON: one line with the count of each verdict of a JSON report (the engine
# tables of docs/engines.md and the closing notes), logged and appended to $DA_ENGINES_TABLE
# when that is set. Judged = pass + fail + info.
da_verdicts() {
	local line
	line=$(python3 - "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
e = d["host"]["engine"]
judged = s["pass"] + s["fail"] + s.get("info", 0)
print("%s %s (API %s): %d checks, %d judged (%d pass, %d fail, %d info), %d manual, %d skip, %d error"
      % (e.get("name"), e.get("version"), e.get("api_version"), len(d["results"]), judged,
         s["pass"], s["fail"], s.get("info", 0), s["manual"], s["skip"], s["error"]))
PY
	) || return 0
	da_log "$1: $line"
	[[ -n "${DA_ENGINES_TABLE:-}" ]] && echo "$1: $line" >>"$DA_ENGINES_TABLE"
	return 0
}

da_pass() {
	DA_PASSED=$((DA_PASSED + 1))
	printf 'PASS: %s\n' "$1"
}

da_fail() {
	DA_FAILED=$((DA_FAILED + 1))
	printf 'FAIL: %s\n' "$1"
	shift
	local line
	for line in "$@"; do
		printf '      %s\n' "$line"
	done
}

# da_assert_eq DESC EXPECTED ACTUAL
da_assert_eq() {
	if [[ "$2" == "$3" ]]; then
		da_pass "$1"
	else
		da_fail "$1" "expected: $2" "actual:   $3"
	fi
}

# da_assert_ne DESC UNEXPECTED ACTUAL
da_assert_ne() {
	if [[ "$2" != "$3" ]]; then
		da_pass "$1"
	else
		da_fail "$1" "expected anything but: $2"
	fi
}

# da_assert_true DESC COMMAND...: passes when COMMAND exits 0.
da_assert_true() {
	local desc=$1
	shift
	if "$@"; then
		da_pass "$desc"
	else
		da_fail "$desc" "command failed: $*"
	fi
}

# da_show_file FILE: the first lines of FILE, indented, for failure messages.
da_show_file() {
	local f=$1 n=${2:-20}
	if [[ ! -e "$f" ]]; then
		printf '      (%s does not exist)\n' "$f"
		return
	fi
	printf '      --- %s (first %s lines) ---\n' "$(basename "$f")" "$n"
	head -n "$n" -- "$f" | cut -c1-300 | sed 's/^/      | /'
}

# da_assert_json DESC FILE EXPR [SHOW]: EXPR is a python expression over d (the parsed JSON of FILE);
# passes when it is truthy. On failure SHOW (another expression, default: the results' ids and
# statuses) is printed. Helpers in both: res(id) -> the result with that id or None, names(r) ->
# names of r's findings, text(x) -> lower-cased JSON text of x.
da_assert_json() {
	local desc=$1 file=$2 expr=$3 show=${4:-} out rc
	out=$(python3 - "$file" "$expr" "$show" 2>&1 <<'PY'
import json, sys
path, expr, show = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    with open(path, encoding="utf-8") as fh:
        d = json.load(fh)
except Exception as e:  # noqa: BLE001
    print("cannot parse %s as JSON: %s" % (path, e))
    sys.exit(2)
def res(i):
    for r in d.get("results", []) if isinstance(d, dict) else []:
        if isinstance(r, dict) and r.get("id") == i:
            return r
    return None
def names(r):
    return [f.get("name") for f in ((r or {}).get("findings") or []) if isinstance(f, dict)]
def text(x):
    return json.dumps(x).lower()
env = {"d": d, "res": res, "names": names, "text": text, "json": json}
try:
    v = eval(expr, env)
except Exception as e:  # noqa: BLE001
    v = None
    print("expression raised %s: %s" % (type(e).__name__, e))
if v:
    sys.exit(0)
if not show:
    show = '[(r.get("id"), r.get("status"), r.get("detail")) for r in d.get("results", [])][:12]' \
        if isinstance(d, dict) and "results" in d else 'str(d)[:400]'
try:
    print("got: " + json.dumps(eval(show, env))[:1500])
except Exception as e:  # noqa: BLE001
    print("(cannot show %s: %s)" % (show, e))
sys.exit(1)
PY
	)
	rc=$?
	if [[ $rc -eq 0 ]]; then
		da_pass "$desc"
	else
		da_fail "$desc" "file: $file" "expr: $expr" "$out"
		[[ $rc -eq 2 ]] && da_show_file "$file" 15
	fi
	return 0
}

# da_json_get FILE EXPR: print the value of a python expression over d (empty on any error).
da_json_get() {
	python3 - "$1" "$2" 2>/dev/null <<'PY' || true
import json, sys
with open(sys.argv[1], encoding="utf-8") as fh:
    d = json.load(fh)
v = eval(sys.argv[2], {"d": d, "json": json})
print(v if isinstance(v, str) else json.dumps(v))
PY
}

# da_assert_contains DESC FILE FIXED-STRING [-i]
da_assert_contains() {
	local opt=()
	[[ "${4:-}" == "-i" ]] && opt=(-i)
	if grep -qF "${opt[@]}" -- "$3" "$2" 2>/dev/null; then
		da_pass "$1"
	else
		da_fail "$1" "'$3' not found in $2"
		da_show_file "$2" 15
	fi
}

# da_assert_not_contains DESC FILE FIXED-STRING [-i]
da_assert_not_contains() {
	local opt=()
	[[ "${4:-}" == "-i" ]] && opt=(-i)
	if grep -qF "${opt[@]}" -- "$3" "$2" 2>/dev/null; then
		da_fail "$1" "'$3' unexpectedly found in $2"
		grep -nF "${opt[@]}" -- "$3" "$2" | head -n 5 | sed 's/^/      | /'
	else
		da_pass "$1"
	fi
}

# da_init: temp dir and traps. Call once, before anything else.
da_init() {
	DA_TMP=$(mktemp -d /tmp/dae2e.XXXXXX) || {
		echo "cannot create a temp dir" >&2
		exit 1
	}
	chmod 0711 "$DA_TMP"
	trap 'da_on_exit' EXIT
	trap 'da_on_signal INT 130' INT
	trap 'da_on_signal TERM 143' TERM
	da_log "temp dir $DA_TMP, audit key $DA_AUDIT_KEY"
}

da_on_signal() {
	da_warn "interrupted by SIG$1, cleaning up"
	trap - EXIT INT TERM
	da_cleanup
	exit "$2"
}

da_on_exit() {
	local rc=$?
	trap - EXIT INT TERM
	da_cleanup
	if [[ $DA_FINISHED -eq 0 ]]; then
		# The script ended without da_finish (an unexpected error): that is a failure.
		DA_FAILED=$((DA_FAILED + 1))
		echo "FAIL: test script ended early (status $rc)"
		printf '%d passed, %d failed\n' "$DA_PASSED" "$DA_FAILED"
		exit 1
	fi
}

# da_free_subnet: print a 169.254.X prefix not configured on any interface.
da_free_subnet() {
	local used x i
	used=$(ip -4 -o addr show 2>/dev/null | awk '{print $4}')
	for ((i = 0; i < 200; i++)); do
		x=$(((($$ + i + DA_DAEMON_SEQ * 37) % 230) + 10))
		[[ $x -eq 77 ]] && continue
		if ! grep -q "^169\.254\.$x\." <<<"$used"; then
			echo "169.254.$x"
			return 0
		fi
	done
	return 1
}

# da_free_port ADDR PREFERRED LOW HIGH [TAKEN...]: print a TCP port that nothing listens on at
# ADDR (0.0.0.0 also checks [::], as docker publishes both): PREFERRED when free, else one of
# LOW..HIGH, never one of TAKEN. A host may already run containers on fixed ports.
da_free_port() {
	python3 - "$@" <<'PY'
import random, socket, sys
addr, preferred, low, high = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
taken = {int(x) for x in sys.argv[5:]}
def free(port):
    fams = [(socket.AF_INET6, "::")] if addr == "::" else [(socket.AF_INET, addr)]
    if addr == "0.0.0.0":
        fams.append((socket.AF_INET6, "::"))
    for fam, a in fams:
        s = socket.socket(fam, socket.SOCK_STREAM)
        try:
            if fam == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((a, port))
        except OSError:
            return False
        finally:
            s.close()
    return True
ports = list(range(low, high + 1))
random.shuffle(ports)
for p in [preferred] + ports:
    if p not in taken and free(p):
        print(p)
        sys.exit(0)
sys.exit(1)
PY
}

# da_start_daemon NAME [extra dockerd args...]
da_start_daemon() {
	local name=$1
	shift
	if [[ ! "$name" =~ ^[A-Za-z0-9_]+$ ]]; then
		da_warn "daemon name must be [A-Za-z0-9_]+: $name"
		return 1
	fi
	DA_DAEMON_SEQ=$((DA_DAEMON_SEQ + 1))
	local d="$DA_TMP/$name"
	local bridge net pid i
	bridge="dae${DA_DAEMON_SEQ}x$$"
	bridge=${bridge:0:15}
	net=$(da_free_subnet) || {
		da_warn "no free 169.254.x.0/24 subnet"
		return 1
	}
	mkdir -p "$d/data" "$d/exec"
	# Keep dockerd 20.10's trust key out of /etc/docker (it would create /etc/docker/key.json).
	printf '{"deprecated-key-path": "%s/key.json"}\n' "$d" >"$d/daemon.json"

	if ip link show "$bridge" >/dev/null 2>&1; then
		da_warn "bridge $bridge already exists; refusing to reuse it"
		return 1
	fi
	ip link add "$bridge" type bridge || return 1
	DA_BRIDGES+=("$bridge")
	ip addr add "$net.1/24" dev "$bridge" || return 1
	ip link set "$bridge" up || return 1

	local -a run=()
	if [[ -n "${DA_ENGINE_ROOT:-}" ]]; then
		da_root_prepare "$name" "$DA_ENGINE_ROOT" || return 1
		run=(chroot "$d/root" env PATH=/usr/sbin:/usr/bin:/sbin:/bin)
	fi
	da_log "starting dockerd '$name' (bridge $bridge, $net.1/24, data root $d/data${DA_ENGINE_ROOT:+, root $DA_ENGINE_ROOT})"
	# Own config file so that a host /etc/docker/daemon.json cannot interfere; no iptables so that
	# the host's (and other daemons') NAT rules stay untouched. fd 9 (run_real.sh's lock) is not
	# inherited, so that a lingering shim can never hold the lock.
	"${run[@]}" dockerd -H "unix://$d/docker.sock" \
		--config-file "$d/daemon.json" \
		--data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid" \
		--bridge "$bridge" --iptables=false \
		--containerd-namespace "dae2e$$$name" --containerd-plugins-namespace "dae2e$$${name}p" \
		"$@" >"$d/log" 2>&1 9<&- &
	pid=$!
	da_engine_up "$name" "dockerd '$name'" "$pid" "$d" docker.sock data "$bridge"
}

# da_engine_up NAME WHAT PID DIR SOCK DATA BRIDGE: register a just-started engine (DA_SOCK_NAME,
# DA_HOST_NAME ... for the tests and da_stop_all) and wait up to 60 s for its API to answer.
# WHAT names it in messages ("dockerd 'x'", "podman service 'x'").
da_engine_up() {
	local name=$1 what=$2 pid=$3 d=$4 sock=$5 data=$6 bridge=$7 i
	DA_DAEMONS+=("$name")
	printf -v "DA_SOCK_$name" '%s' "$d/$sock"
	printf -v "DA_HOST_$name" '%s' "unix://$d/$sock"
	printf -v "DA_DATA_$name" '%s' "$d/$data"
	printf -v "DA_PID_$name" '%s' "$pid"
	printf -v "DA_LOG_$name" '%s' "$d/log"
	printf -v "DA_BRIDGE_$name" '%s' "$bridge"
	export "DA_SOCK_$name" "DA_HOST_$name" "DA_DATA_$name"
	for ((i = 0; i < 120; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			da_warn "$what exited during startup; log tail:"
			tail -n 30 "$d/log" | sed 's/^/      | /' >&2
			return 1
		fi
		if [[ -S "$d/$sock" ]] &&
			timeout 10 docker -H "unix://$d/$sock" version >/dev/null 2>&1; then
			da_log "$what is up (pid $pid) after ~$((i / 2)) s"
			return 0
		fi
		sleep 0.5
	done
	da_warn "$what did not answer within 60 s; log tail:"
	tail -n 30 "$d/log" | sed 's/^/      | /' >&2
	return 1
}


# da_root_prepare NAME ROOT: $DA_TMP/NAME/root becomes a private bind mount of the root filesystem
# ROOT (a mount point, so that runc can pivot_root in it), with its own /proc, /sys and /dev of
# the host (slaves: nothing propagates back), tmpfs on /run and /tmp, and $DA_TMP bound at the
# same path inside, so that sockets, data roots and config files have one path inside and out.
# Everything is under $DA_TMP: da_stop_all unmounts it. The cached ROOT itself is never written.
da_root_prepare() {
	local name=$1 root=$2 r="$DA_TMP/$1/root"
	[[ -x "$root/usr/sbin/dockerd" || -x "$root/usr/bin/podman" ]] || {
		da_warn "$root is not an engine root (tests/e2e/engine_roots.sh builds them)"
		return 1
	}
	mkdir -p "$r" || return 1
	mount --bind "$root" "$r" && mount --make-private "$r" || return 1
	mount -t proc proc "$r/proc" || return 1
	mount --rbind /sys "$r/sys" && mount --make-rslave "$r/sys" || return 1
	mount --rbind /dev "$r/dev" && mount --make-rslave "$r/dev" || return 1
	mount -t tmpfs -o mode=0755 tmpfs "$r/run" || return 1
	mount -t tmpfs -o mode=1777 tmpfs "$r/tmp" || return 1
	mkdir -p "$r$DA_TMP" || return 1
	# A slave of the host's mount (what the test mounts under $DA_TMP later shows inside, e.g. a
	# shared mount for bind-propagation=rshared), shared in a peer group of its own: what the
	# daemon mounts inside propagates nowhere else.
	mount --bind "$DA_TMP" "$r$DA_TMP" && mount --make-slave "$r$DA_TMP" &&
		mount --make-shared "$r$DA_TMP" || return 1
}

# da_start_podman NAME: Podman's Docker-compatible API service (`podman system service`) from
# the root filesystem $DA_ENGINE_ROOT, chrooted, with its own socket, storage root, run root,
# containers.conf (cgroupfs, file events, no firewall rules) and a default network "podman" on a
# bridge of its own with a link-local subnet. Sets the same DA_*_NAME variables as
# da_start_daemon (DA_SOCK_NAME is the service's socket).
da_start_podman() {
	local name=$1 root=${DA_ENGINE_ROOT:-}
	[[ -n "$root" && -x "$root/usr/bin/podman" ]] || {
		da_warn "DA_ENGINE_ROOT must be a root with podman (tests/e2e/engine_roots.sh trixie)"
		return 1
	}
	DA_DAEMON_SEQ=$((DA_DAEMON_SEQ + 1))
	local d="$DA_TMP/$name" bridge net pid i
	bridge="dap${DA_DAEMON_SEQ}x$$"
	bridge=${bridge:0:15}
	net=$(da_free_subnet) || return 1
	mkdir -p "$d/storage" "$d/runroot" "$d/netconf" "$d/tmp"
	ip link add "$bridge" type bridge || return 1
	DA_BRIDGES+=("$bridge")
	ip addr add "$net.1/24" dev "$bridge" && ip link set "$bridge" up || return 1
	cat >"$d/containers.conf" <<-CONF
		[containers]
		netns = "bridge"
		[network]
		firewall_driver = "none"
		network_config_dir = "$d/netconf"
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		events_logfile_path = "$d/events.log"
		tmp_dir = "$d/tmp"
	CONF
	cat >"$d/netconf/podman.json" <<-NET
		{"name": "podman", "id": "$(printf '%064x' $((0x$$ + DA_DAEMON_SEQ)))",
		 "driver": "bridge", "network_interface": "$bridge",
		 "created": "2026-01-01T00:00:00Z",
		 "subnets": [{"subnet": "$net.0/24", "gateway": "$net.1"}],
		 "ipv6_enabled": false, "internal": false, "dns_enabled": false,
		 "ipam_options": {"driver": "host-local"}}
	NET
	da_root_prepare "$name" "$root" || return 1
	da_log "starting podman service '$name' (bridge $bridge, $net.1/24, storage $d/storage)"
	chroot "$d/root" env PATH=/usr/sbin:/usr/bin:/sbin:/bin CONTAINERS_CONF="$d/containers.conf" \
		podman --root "$d/storage" --runroot "$d/runroot" --storage-driver overlay \
		system service --time=0 "unix://$d/podman.sock" >"$d/log" 2>&1 9<&- &
	pid=$!
	da_engine_up "$name" "podman service '$name'" "$pid" "$d" podman.sock storage "$bridge"
}

# da_docker NAME ARGS...: docker CLI against our daemon NAME.
da_docker() {
	local name=$1
	shift
	local sockvar="DA_SOCK_$name"
	timeout 60 docker -H "unix://${!sockvar}" "$@"
}

# da_busybox_image SOCK IMAGE: a minimal image from the static busybox binary.
da_busybox_image() {
	local sock=${1#unix://} image=$2 bb root tar applet
	bb=$(command -v busybox || true)
	[[ -x /bin/busybox ]] && bb=/bin/busybox
	if [[ -z "$bb" ]]; then
		da_warn "busybox not found (install busybox-static)"
		return 1
	fi
	if ldd "$bb" >/dev/null 2>&1; then
		da_warn "$bb is dynamically linked; a static busybox (busybox-static) is needed"
		return 1
	fi
	root="$DA_TMP/bbroot.$image"
	tar="$DA_TMP/bb.$image.tar"
	root=${root//[:\/]/_}
	root="$DA_TMP/$(basename "$root")"
	tar="$DA_TMP/$(basename "${tar//[:\/]/_}")"
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
	cp "$bb" "$root/bin/busybox"
	for applet in sh sleep ls cat ps echo id true false env; do
		ln -s busybox "$root/bin/$applet"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
	tar -C "$root" -cf "$tar" . || return 1
	timeout 60 docker -H "unix://$sock" import \
		-c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' "$tar" "$image" >/dev/null || return 1
	rm -rf "$root" "$tar"
}

# da_audit_add ARGS...: add a kernel audit rule tagged with our key.
da_audit_add() {
	auditctl "$@" -k "$DA_AUDIT_KEY" >/dev/null
}

# da_audit_rules_with_key: print our loaded rules (nothing when none).
da_audit_rules_with_key() {
	auditctl -l 2>/dev/null | grep -E -- "(-k |key=)${DA_AUDIT_KEY}( |\$)" || true
}

# da_audit_cleanup: delete every loaded rule with our key (and only those).
da_audit_cleanup() {
	command -v auditctl >/dev/null 2>&1 || return 0
	[[ -n "$(da_audit_rules_with_key)" ]] || return 0
	auditctl -D -k "$DA_AUDIT_KEY" >/dev/null 2>&1 || true
	local rule
	# Fallback for an auditctl without -D -k: delete each watch the way it was added.
	while IFS= read -r rule; do
		[[ -z "$rule" ]] && continue
		if [[ "$rule" =~ ^-w\ ([^ ]+)\ -p\ ([rwxa]+) ]]; then
			auditctl -W "${BASH_REMATCH[1]}" -p "${BASH_REMATCH[2]}" -k "$DA_AUDIT_KEY" \
				>/dev/null 2>&1 || true
		fi
	done < <(da_audit_rules_with_key)
	if [[ -n "$(da_audit_rules_with_key)" ]]; then
		da_warn "could not delete audit rules with key $DA_AUDIT_KEY:"
		da_audit_rules_with_key >&2
		return 1
	fi
}

# da_mounts_under DIR: mount points at or below DIR, deepest first.
da_mounts_under() {
	local dir=$1
	[[ -n "$dir" ]] || return 0
	findmnt -rn -o TARGET 2>/dev/null | awk -v d="$dir" \
		'index($0, d "/") == 1 || $0 == d { print length($0) " " $0 }' |
		sort -rn | cut -d' ' -f2-
}

# da_procs_under DIR: pids of processes whose command line mentions DIR (our dockerd, containerd,
# shims); only ever our own temp dir, which is unique to this run.
da_procs_under() {
	local dir=$1 p
	[[ -n "$dir" ]] || return 0
	for p in /proc/[0-9]*; do
		[[ "${p#/proc/}" == "$$" ]] && continue
		if { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF -- "$dir/"; then
			echo "${p#/proc/}"
		fi
	done
}

da_wait_gone() { # da_wait_gone PID SECONDS
	local pid=$1 i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# da_stop_all: containers, daemons, leftover processes, mounts, bridges. Idempotent.
da_stop_all() {
	local name sockvar pidvar sock pid ids p m b
	for name in "${DA_DAEMONS[@]}"; do
		sockvar="DA_SOCK_$name"
		pidvar="DA_PID_$name"
		sock=${!sockvar}
		pid=${!pidvar}
		if kill -0 "$pid" 2>/dev/null && [[ -S "$sock" ]]; then
			ids=$(timeout 20 docker -H "unix://$sock" ps -aq 2>/dev/null || true)
			if [[ -n "$ids" ]]; then
				# shellcheck disable=SC2086
				timeout 60 docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1 || true
			fi
			# user-defined networks: their bridges outlive the daemon and its data root,
			# and enough of them exhaust the address pools of every later daemon
			timeout 30 docker -H "unix://$sock" network prune -f >/dev/null 2>&1 || true
		fi
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			if ! da_wait_gone "$pid" 30; then
				da_warn "dockerd '$name' (pid $pid) ignored SIGTERM; killing it"
				kill -KILL "$pid" 2>/dev/null || true
			fi
			wait "$pid" 2>/dev/null || true
		fi
	done
	# containerd and shims started for our daemons (their command lines name our temp dir).
	if [[ -n "$DA_TMP" ]]; then
		for p in $(da_procs_under "$DA_TMP"); do
			kill -TERM "$p" 2>/dev/null || true
		done
		for p in $(da_procs_under "$DA_TMP"); do
			da_wait_gone "$p" 5 || kill -KILL "$p" 2>/dev/null || true
		done
		for m in $(da_mounts_under "$DA_TMP"); do
			umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
				da_warn "cannot unmount $m"
		done
	fi
	for b in "${DA_BRIDGES[@]}"; do
		if ip link show "$b" >/dev/null 2>&1; then
			ip link del "$b" 2>/dev/null || da_warn "cannot delete bridge $b"
		fi
	done
}

# da_cleanup: everything, once per run (the trap and da_finish both call it).
da_cleanup() {
	[[ $DA_CLEANED -eq 1 ]] && return 0
	DA_CLEANED=1
	set +e
	da_audit_cleanup
	da_stop_all
	local d
	for ((d = ${#DA_CREATED_DIRS[@]} - 1; d >= 0; d--)); do
		rmdir -- "${DA_CREATED_DIRS[d]}" 2>/dev/null ||
			da_warn "created ${DA_CREATED_DIRS[d]} but cannot remove it (not empty?)"
	done
	if [[ -n "$DA_TMP" && -d "$DA_TMP" ]]; then
		if [[ -n "$(da_mounts_under "$DA_TMP")" ]]; then
			da_warn "mounts remain under $DA_TMP; not deleting it:"
			da_mounts_under "$DA_TMP" >&2
		else
			rm -rf --one-file-system -- "$DA_TMP"
		fi
	fi
}

# da_finish: clean up, print the closing line, exit (1 if anything failed).
da_finish() {
	da_cleanup
	DA_FINISHED=1
	printf '%d passed, %d failed\n' "$DA_PASSED" "$DA_FAILED"
	[[ $DA_FAILED -eq 0 ]] && exit 0
	exit 1
}
