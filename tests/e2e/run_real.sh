#!/usr/bin/env bash
# tests/e2e/run_real.sh BINARY: docker-audit against a real, private dockerd (ctest: e2e_real).
#
# Needs root, dockerd + docker CLI, a static busybox, iproute2, auditctl and python3. Without them it
# reports "0 passed, 0 failed (skipped: ...)" and succeeds, unless DA_E2E_REAL=1 (the README's test
# command sets it), in which case missing prerequisites are a failure.
#
# Everything it creates (daemon, containers, bridge, mounts, audit rules with key da-e2e-<pid>, temp
# dir) is removed on every exit path, and scenario (i) checks that it was.
#
# DA_SOCK_test, DA_HOST_test, DA_DATA_test, DA_BRIDGE_test are set by da_start_daemon:
# shellcheck disable=SC2154
set -uo pipefail

BIN=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s)

da_require_bin "$BIN"
BIN=$DA_BIN

[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd and kernel audit rules need root)"
for tool in dockerd docker containerd runc ip auditctl python3 findmnt timeout; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done
{ [[ -x /bin/busybox ]] || command -v busybox >/dev/null 2>&1; } ||
	da_skip_or_fail "busybox not found (install busybox-static)"
AUDIT_OK=1
if ! auditctl -s >/dev/null 2>&1 || ! auditctl -l >/dev/null 2>&1; then
	AUDIT_OK=0
	[[ "${DA_E2E_REAL:-}" == "1" ]] || echo "[e2e] note: kernel audit not usable; scenario (e) will be skipped"
fi

# Kernel audit rules and /etc/docker are host-global: one run at a time (a lock on this file).
if command -v flock >/dev/null 2>&1; then
	exec 9<"${BASH_SOURCE[0]}"
	if ! flock -n 9; then
		echo "[e2e] another run_real.sh is running; waiting for it (up to 600 s)"
		if ! flock -w 600 9; then
			echo "FAIL: another run_real.sh held the lock for 600 s"
			echo "0 passed, 1 failed"
			exit 1
		fi
	fi
fi

da_init
W="$DA_TMP/out"
mkdir -p "$W"

# run NAME ARGS...: docker-audit ARGS with stdout to $W/NAME.out, stderr to $W/NAME.err; the exit
# status in RC. Never hangs the suite.
RC=0
run() {
	local name=$1
	shift
	timeout 120 "$BIN" "$@" >"$W/$name.out" 2>"$W/$name.err"
	RC=$?
	if [[ $RC -eq 124 ]]; then
		echo "      (docker-audit $* timed out after 120 s)"
	fi
	# Make sure a crash is visible in the log.
	if [[ $RC -ge 128 ]]; then
		echo "      (docker-audit $* died with signal $((RC - 128)))"
	fi
}

# ---------------------------------------------------------------------------------------------
echo "== (a) private daemon, image, containers"
if ! da_start_daemon test; then
	da_fail "(a) start a private dockerd"
	da_finish
fi
da_pass "(a) private dockerd started"
H="$DA_HOST_test"
DATA="$DA_DATA_test"
IMG="dae2e-busybox:$$"
if da_busybox_image "$DA_SOCK_test" "$IMG"; then
	da_pass "(a) busybox image imported"
else
	da_fail "(a) busybox image imported"
	da_finish
fi
ok=1
da_docker test run -d --name pidhost --pid host "$IMG" sleep 600 >/dev/null || ok=0
da_docker test run -d --name plain "$IMG" sleep 600 >/dev/null || ok=0
da_docker test create --name privileged1 --privileged "$IMG" sleep 600 >/dev/null || ok=0
if [[ $ok -eq 1 ]]; then
	da_pass "(a) containers pidhost, plain (running) and privileged1 (created) exist"
else
	da_fail "(a) containers pidhost, plain (running) and privileged1 (created) exist"
	da_docker test ps -a
	da_finish
fi
PIDHOST_ID=$(da_docker test inspect -f '{{.Id}}' pidhost)
da_assert_eq "(a) privileged1 is not running" "created" \
	"$(da_docker test inspect -f '{{.State.Status}}' privileged1)"
# DockerRootDir as the daemon reports it (what 1.1.5 must watch).
ROOTDIR=$(da_docker test info -f '{{.DockerRootDir}}')
da_assert_eq "(a) DockerRootDir is our data root" "$DATA" "$ROOTDIR"

# ---------------------------------------------------------------------------------------------
echo "== (b) 5.16: host PID namespace"
run b516 -H "$H" --check 5.16 -f json
da_assert_eq "(b) --check 5.16 exits 1" 1 "$RC"
J="$W/b516.out"
da_assert_json "(b) report header (schema 1, tool, CIS 1.8.0 by default)" "$J" \
	'd["schema_version"] == 1 and d["tool"]["name"] == "docker-audit" and d["benchmark"] == {"name": "CIS Docker Benchmark", "version": "1.8.0"}'
da_assert_json "(b) summary has every status counter" "$J" \
	'all(isinstance(d["summary"].get(k), int) for k in ("pass","fail","info","manual","skip","error","waived"))'
da_assert_json "(b) results[0].id == 5.16" "$J" 'd["results"][0]["id"] == "5.16"'
da_assert_json "(b) only 5.16 was run" "$J" 'all(r["id"] == "5.16" for r in d["results"])'
da_assert_json "(b) 5.16 status fail" "$J" 'res("5.16")["status"] == "fail"'
da_assert_json "(b) 5.16 findings name container pidhost" "$J" \
	'any(f.get("name") == "pidhost" and f.get("kind") == "container" for f in res("5.16")["findings"])'
da_assert_json "(b) pidhost finding carries the full container id" "$J" \
	"any(f.get('name') == 'pidhost' and f.get('id') == '$PIDHOST_ID' for f in res('5.16')['findings'])"
da_assert_json "(b) 5.16 findings do not name plain (or privileged1)" "$J" \
	'not any(n in ("plain", "/plain", "privileged1") for n in names(res("5.16")))'
da_assert_json "(b) 5.16 carries title, severity, stride, remediation" "$J" \
	'all(res("5.16").get(k) for k in ("title","severity","remediation")) and isinstance(res("5.16").get("stride"), list)'
da_assert_json "(b) summary.fail >= 1" "$J" 'd["summary"]["fail"] >= 1'
run b516t -H "$H" --check 5.16 --no-color
da_assert_eq "(b) text --check 5.16 exits 1" 1 "$RC"
da_assert_contains "(b) text output names pidhost" "$W/b516t.out" "pidhost"
da_assert_contains "(b) text output names 5.16" "$W/b516t.out" "5.16"
da_assert_not_contains "(b) --no-color text has no ANSI escapes" "$W/b516t.out" $'\e['

# ---------------------------------------------------------------------------------------------
echo "== (c) 5.5: privileged containers (running only, then -a)"
run c55 -H "$H" --check 5.5 -f json
da_assert_eq "(c) --check 5.5 exits 0 (privileged1 is not running)" 0 "$RC"
da_assert_json "(c) 5.5 status pass" "$W/c55.out" 'res("5.5")["status"] == "pass"'
run c55a -H "$H" --check 5.5 -a -f json
da_assert_eq "(c) --check 5.5 -a exits 1" 1 "$RC"
da_assert_json "(c) 5.5 -a status fail" "$W/c55a.out" 'res("5.5")["status"] == "fail"'
da_assert_json "(c) 5.5 -a findings name privileged1 only" "$W/c55a.out" \
	'sorted(names(res("5.5"))) == ["privileged1"] and res("5.5")["findings"][0].get("kind") == "container"'
run c55at -H "$H" --check 5.5 --all --no-color
da_assert_eq "(c) text --check 5.5 --all exits 1" 1 "$RC"
da_assert_contains "(c) text output names privileged1" "$W/c55at.out" "privileged1"

# ---------------------------------------------------------------------------------------------
echo "== (d) 4.5: content trust"
(
	unset DOCKER_CONTENT_TRUST
	timeout 120 "$BIN" -H "$H" --check 4.5 -f json >"$W/d45.out" 2>"$W/d45.err"
	echo $? >"$W/d45.rc"
)
da_assert_eq "(d) 4.5 without DOCKER_CONTENT_TRUST exits 1" 1 "$(cat "$W/d45.rc")"
da_assert_json "(d) 4.5 without DOCKER_CONTENT_TRUST fails" "$W/d45.out" 'res("4.5")["status"] == "fail"'
(
	export DOCKER_CONTENT_TRUST=1
	timeout 120 "$BIN" -H "$H" --check 4.5 -f json >"$W/d45on.out" 2>"$W/d45on.err"
	echo $? >"$W/d45on.rc"
)
da_assert_eq "(d) 4.5 with DOCKER_CONTENT_TRUST=1 exits 0" 0 "$(cat "$W/d45on.rc")"
da_assert_json "(d) 4.5 with DOCKER_CONTENT_TRUST=1 passes" "$W/d45on.out" 'res("4.5")["status"] == "pass"'

# ---------------------------------------------------------------------------------------------
echo "== (e) 1.1.5-1.1.7: audit watches"
# docker.service as the host has it (path as-is, not resolved: on merged-/usr /lib/... is a symlinked
# path to /usr/lib/..., and a rule written the way CIS shows it must count).
SERVICE=""
for p in /lib/systemd/system/docker.service /usr/lib/systemd/system/docker.service \
	/etc/systemd/system/docker.service; do
	if [[ -e "$p" ]]; then
		SERVICE=$p
		break
	fi
done
# A watch on one of the targets loaded by someone else (not our key) would make "fails before"
# untestable; detect it, say so, and skip only that part.
foreign_watch() { # foreign_watch PATH...
	local p rules
	rules=$(auditctl -l 2>/dev/null | grep -vE -- "(-k |key=)${DA_AUDIT_KEY}( |\$)" || true)
	for p in "$@"; do
		[[ -z "$p" ]] && continue
		if grep -qE -- "(-w |path=|dir=)${p}( |/|\$)" <<<"$rules"; then
			return 0
		fi
	done
	return 1
}

if [[ $AUDIT_OK -eq 0 ]]; then
	if [[ "${DA_E2E_REAL:-}" == "1" ]]; then
		da_fail "(e) kernel audit usable (auditctl -s / -l)" "$(auditctl -s 2>&1 | head -n 2)"
	else
		echo "SKIP: (e) kernel audit part (auditctl cannot talk to the kernel)"
	fi
else
	ETC_DOCKER_CREATED=0
	if [[ ! -e /etc/docker ]]; then
		mkdir /etc/docker && ETC_DOCKER_CREATED=1 && DA_CREATED_DIRS+=(/etc/docker)
	fi
	SERVICE_REAL=""
	[[ -n "$SERVICE" ]] && SERVICE_REAL=$(readlink -f "$SERVICE")
	FOREIGN_ETC=0
	FOREIGN_SVC=0
	foreign_watch /etc/docker && FOREIGN_ETC=1
	[[ -n "$SERVICE" ]] && foreign_watch "$SERVICE" "$SERVICE_REAL" && FOREIGN_SVC=1
	[[ $FOREIGN_ETC -eq 1 ]] && echo "      note: a foreign audit watch on /etc/docker exists; 1.1.6 'fails before' not asserted"
	[[ $FOREIGN_SVC -eq 1 ]] && echo "      note: a foreign audit watch on $SERVICE exists; 1.1.7 'fails before' not asserted"

	da_assert_eq "(e) no audit rule with our key before the test" "" "$(da_audit_rules_with_key)"

	check_117_absent_or() { # check_117_absent_or FILE STATUS DESC
		if [[ -z "$SERVICE" ]]; then
			da_assert_json "$3 (no docker.service: skip)" "$1" 'res("1.1.7")["status"] == "skip"'
		else
			da_assert_json "$3" "$1" "res('1.1.7')['status'] == '$2'"
		fi
	}

	run e_before -H "$H" --check 1.1.5,1.1.6,1.1.7 -f json
	da_assert_eq "(e) without watches: exits 1" 1 "$RC"
	da_assert_json "(e) exactly 1.1.5, 1.1.6, 1.1.7 were run" "$W/e_before.out" \
		'sorted(r["id"] for r in d["results"]) == ["1.1.5", "1.1.6", "1.1.7"]'
	da_assert_json "(e) without watches: 1.1.5 (data root $DATA) fails" "$W/e_before.out" \
		'res("1.1.5")["status"] == "fail"'
	da_assert_json "(e) 1.1.5 names the test daemon's data root" "$W/e_before.out" \
		"'$DATA' in json.dumps(res('1.1.5'))"
	[[ $FOREIGN_ETC -eq 0 ]] && da_assert_json "(e) without watches: 1.1.6 (/etc/docker) fails" \
		"$W/e_before.out" 'res("1.1.6")["status"] == "fail"'
	[[ $FOREIGN_SVC -eq 0 ]] && check_117_absent_or "$W/e_before.out" fail \
		"(e) without watches: 1.1.7 (${SERVICE:-docker.service}) fails"

	ok=1
	da_audit_add -w "$DATA" -p wa || ok=0
	da_audit_add -w /etc/docker -p wa || ok=0
	if [[ -n "$SERVICE" ]]; then
		da_audit_add -w "$SERVICE" -p wa || ok=0
	fi
	da_assert_eq "(e) watches added with key $DA_AUDIT_KEY" 1 "$ok"
	run e_with -H "$H" --check 1.1.5,1.1.6,1.1.7 -f json
	if [[ -n "$SERVICE" ]]; then
		da_assert_eq "(e) with watches: exits 0" 0 "$RC"
	else
		da_assert_eq "(e) with watches (1.1.7 skipped): exits 0" 0 "$RC"
	fi
	da_assert_json "(e) with watches: 1.1.5 passes" "$W/e_with.out" 'res("1.1.5")["status"] == "pass"'
	da_assert_json "(e) with watches: 1.1.6 passes" "$W/e_with.out" 'res("1.1.6")["status"] == "pass"'
	check_117_absent_or "$W/e_with.out" pass "(e) with watch on $SERVICE (as-is): 1.1.7 passes"

	da_audit_cleanup
	da_assert_eq "(e) our audit rules removed" "" "$(da_audit_rules_with_key)"

	# The same watch written on the resolved path (/usr/lib/... on merged-/usr) counts too.
	if [[ -n "$SERVICE" && "$SERVICE_REAL" != "$SERVICE" ]]; then
		da_audit_add -w "$SERVICE_REAL" -p wa
		run e_real -H "$H" --check 1.1.7 -f json
		da_assert_json "(e) watch on the resolved path $SERVICE_REAL: 1.1.7 passes" "$W/e_real.out" \
			'res("1.1.7")["status"] == "pass"'
		da_audit_cleanup
	fi

	run e_after -H "$H" --check 1.1.5,1.1.6,1.1.7 -f json
	da_assert_eq "(e) watches removed: exits 1 again" 1 "$RC"
	da_assert_json "(e) watches removed: 1.1.5 fails again" "$W/e_after.out" 'res("1.1.5")["status"] == "fail"'
	[[ $FOREIGN_ETC -eq 0 ]] && da_assert_json "(e) watches removed: 1.1.6 fails again" \
		"$W/e_after.out" 'res("1.1.6")["status"] == "fail"'
	[[ $FOREIGN_SVC -eq 0 ]] && check_117_absent_or "$W/e_after.out" fail \
		"(e) watches removed: 1.1.7 fails again"

	# A rule only in the rules files (fake root, the real /etc/audit untouched) is "not loaded".
	FAKE="$DA_TMP/fakeroot"
	mkdir -p "$FAKE/etc/audit/rules.d" "$FAKE/etc/docker"
	printf '%s\n' '-w /etc/docker -p wa -k docker' >"$FAKE/etc/audit/rules.d/docker.rules"
	if [[ $FOREIGN_ETC -eq 0 ]]; then
		run e_fake -H "$H" --root "$FAKE" --check 1.1.6 -f json
		da_assert_eq "(e) --root FAKE, rule only on disk: exits 1" 1 "$RC"
		da_assert_json "(e) --root FAKE, rule only on disk: 1.1.6 fails" "$W/e_fake.out" \
			'res("1.1.6")["status"] == "fail"'
		da_assert_json "(e) --root FAKE: 1.1.6 says the rule is 'not loaded'" "$W/e_fake.out" \
			'"not loaded" in text(res("1.1.6").get("detail")) + text(res("1.1.6").get("findings"))'
	else
		echo "SKIP: (e) fake-root 'not loaded' (a foreign kernel watch on /etc/docker exists)"
	fi
fi

# ---------------------------------------------------------------------------------------------
echo "== (f) daemon unreachable"
(
	unset DOCKER_CONTENT_TRUST
	timeout 120 "$BIN" -H unix:///nonexistent.sock -f json >"$W/f.out" 2>"$W/f.err"
	echo $? >"$W/f.rc"
)
F_RC=$(cat "$W/f.rc")
J="$W/f.out"
# The daemon could not be reached, so the audit is incomplete: 3 (docker-audit --help: "also whenever
# checks needed the Docker daemon and it could not be reached"), even though host checks may FAIL.
da_assert_eq "(f) full audit, daemon unreachable: exits 3" 3 "$F_RC"
da_assert_eq "(f) stderr is exactly one line" 1 "$(grep -c '' "$W/f.err")"
da_assert_contains "(f) stderr names the socket" "$W/f.err" "/nonexistent.sock"
da_assert_json "(f) stdout is a JSON report" "$J" 'isinstance(d, dict) and isinstance(d.get("results"), list) and len(d["results"]) > 0'
da_assert_json "(f) summary.error > 0" "$J" 'd["summary"]["error"] > 0'
da_assert_json "(f) no section 4/5 check passes" "$J" \
	'[r["id"] for r in d["results"] if r["id"].startswith(("4.", "5.")) and r["status"] == "pass"] == []'
# 4.5 reads the environment, not the daemon: with DOCKER_CONTENT_TRUST unset it is a FAIL. Every
# other check of sections 4 and 5 needs the daemon: ERROR (or MANUAL for a check the benchmark marks
# manual and the tool does not automate).
da_assert_json "(f) every section 4/5 check but 4.5 is error" "$J" \
	'[(r["id"], r["status"]) for r in d["results"] if r["id"].startswith(("4.", "5.")) and r["id"] != "4.5" and not (r["status"] == "error" or (r["status"] == "manual" and r.get("automated") is False))] == []' \
	'[(r["id"], r["status"]) for r in d["results"] if r["id"].startswith(("4.", "5."))]'
da_assert_json "(f) 4.5 (environment only) fails with DOCKER_CONTENT_TRUST unset" "$J" \
	'res("4.5") is None or res("4.5")["status"] == "fail"'
# Only section 5 (every check needs the daemon): no FAIL is possible, so exactly 3.
run f5 -H unix:///nonexistent.sock --check 5 -f json
da_assert_eq "(f) --check 5, daemon unreachable: exits 3" 3 "$RC"
da_assert_eq "(f) --check 5: stderr is exactly one line" 1 "$(grep -c '' "$W/f5.err")"
da_assert_json "(f) --check 5: every section 5 result is error (manual ones: error or manual)" "$W/f5.out" \
	'len(d["results"]) > 0 and all(r["id"].startswith("5.") and (r["status"] == "error" or (r.get("automated") is False and r["status"] == "manual")) for r in d["results"])'

# ---------------------------------------------------------------------------------------------
echo "== (g) list, explain, version, usage errors"
run glist list --format json
da_assert_eq "(g) list --format json exits 0" 0 "$RC"
da_assert_json "(g) list has a checks array" "$W/glist.out" \
	'isinstance(d.get("checks"), list) and len(d["checks"]) > 0'
for id in 1.1.5 4.5 5.5 5.16; do
	da_assert_json "(g) list: $id has id/title/section/level/automated/severity/stride/remediation" \
		"$W/glist.out" \
		"[c for c in d['checks'] if c.get('id') == '$id'] and all(all(k in c for k in ('id','title','section','level','automated','severity','stride','remediation')) and isinstance(c['automated'], bool) and c['level'] in (1, 2) and c['severity'] in ('critical','high','medium','low') and isinstance(c['stride'], list) and c['title'] and c['remediation'] for c in d['checks'] if c.get('id') == '$id')"
done
da_assert_json "(g) list ids are unique" "$W/glist.out" \
	'len(set(c["id"] for c in d["checks"])) == len(d["checks"])'
run gexpl explain 5.16
da_assert_eq "(g) explain 5.16 exits 0" 0 "$RC"
da_assert_contains "(g) explain 5.16 mentions PID" "$W/gexpl.out" "PID"
run gexpl99 explain 9.9
da_assert_eq "(g) explain 9.9 exits 2" 2 "$RC"
run gcheck99 -H "$H" --check 9.9
da_assert_eq "(g) --check 9.9 exits 2" 2 "$RC"
da_assert_contains "(g) --check 9.9 names the unknown id on stderr" "$W/gcheck99.err" "9.9"
run gver version
da_assert_eq "(g) version exits 0" 0 "$RC"
da_assert_contains "(g) version names the benchmark version" "$W/gver.out" "CIS Docker Benchmark v1.8.0"

# ---------------------------------------------------------------------------------------------
echo "== (i) cleanup"
BRIDGE=$DA_BRIDGE_test
TMP=$DA_TMP
da_cleanup
if ip link show "$BRIDGE" >/dev/null 2>&1; then
	da_fail "(i) bridge $BRIDGE removed"
else
	da_pass "(i) bridge $BRIDGE removed"
fi
da_assert_eq "(i) no mounts left under $TMP" "" "$(da_mounts_under "$TMP")"
da_assert_eq "(i) no processes left that use $TMP" "" "$(da_procs_under "$TMP" | tr '\n' ' ')"
da_assert_eq "(i) no audit rules with key $DA_AUDIT_KEY" "" "$(da_audit_rules_with_key)"
if [[ -e "$TMP" ]]; then
	da_fail "(i) temp dir $TMP removed"
else
	da_pass "(i) temp dir $TMP removed"
fi
if [[ "${ETC_DOCKER_CREATED:-0}" -eq 1 ]]; then
	if [[ -e /etc/docker ]]; then da_fail "(i) /etc/docker (created by us) removed"; else da_pass "(i) /etc/docker (created by us) removed"; fi
fi
echo "[e2e] runtime $(($(date +%s) - T0)) s"
da_finish
