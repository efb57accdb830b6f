#!/usr/bin/env bash
# tests/e2e/compare_builds.sh OLD NEW: do two builds of docker-audit judge the same host alike?
#
# Starts a private dockerd with a varied scenario (about 40 containers, running and created,
# each breaking one rule of section 5; images with and without USER, HEALTHCHECK, secrets in the
# build), runs both binaries against it with several option sets (the default audit, -a, -a
# with name and label filters) and compares the JSON reports' "results" and "summary"
# byte for byte. Timings (started_at, duration_ms) and the host block are not compared; neither
# are the scope counts in a result's detail when DA_COMPARE_SCOPE_SED gives a sed script
# applied to both (for a change that adds words to the scope line on purpose).
#
# With DA_COMPARE_HOLD=DIR the old binary is run right after the scenario is made, then the
# script waits (up to 4 hours) for DIR/new to name the new binary, and compares against the
# same daemon and containers later: "before" captured at the start of a change, "after" at
# its end. DIR/host holds the daemon's address meanwhile; DIR/old-*.json the old reports.
#
# Not part of the suite (it needs two builds); run by hand. Exit 0 when every report agrees.
# DA_* variables are set by lib.sh:
# shellcheck disable=SC2154
set -uo pipefail

OLD=${1:-}
NEW=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
da_require_bin "$OLD"
OLD=$DA_BIN
HOLD=${DA_COMPARE_HOLD:-}
if [[ -z "$HOLD" ]]; then
	da_require_bin "$NEW"
	NEW=$DA_BIN
fi
[[ $(id -u) -eq 0 ]] || da_skip_or_fail "not root (a private dockerd needs root)"
for tool in dockerd docker containerd runc ip python3; do
	command -v "$tool" >/dev/null 2>&1 || da_skip_or_fail "$tool not found"
done

da_init
W="$DA_TMP/out"
mkdir -p "$W"
da_start_daemon cmp || {
	da_fail "start a private dockerd"
	da_finish
}
SOCK="$DA_SOCK_cmp"
H="$DA_HOST_cmp"
D() { da_docker cmp "$@"; }
IMG="dae2e-cmp:$$"
da_busybox_image "$SOCK" "$IMG" || {
	da_fail "busybox image imported"
	da_finish
}

# images: a non-root USER with a HEALTHCHECK, a secret in ENV and a build step, a label
mkdir -p "$DA_TMP/img1" "$DA_TMP/img2"
printf 'FROM %s\nUSER 1000\nHEALTHCHECK CMD true\nLABEL team=web\n' "$IMG" >"$DA_TMP/img1/Dockerfile"
printf 'FROM %s\nENV DB_PASSWORD=hunter22\nRUN echo token=abc > /tmp/x\nADD Dockerfile /d\n' \
	"$IMG" >"$DA_TMP/img2/Dockerfile"
DOCKER_BUILDKIT=0 D build -q -t "cmp-user:$$" "$DA_TMP/img1" >/dev/null 2>"$W/b1.err" ||
	da_fail "build cmp-user" "$(tail -1 "$W/b1.err")"
DOCKER_BUILDKIT=0 D build -q -t "cmp-secret:$$" "$DA_TMP/img2" >/dev/null 2>"$W/b2.err" ||
	da_fail "build cmp-secret" "$(tail -1 "$W/b2.err")"
D tag "$IMG" "cmp-app:$$" || da_fail "tag cmp-app"
{ cmpsub=$(da_free_subnet) && D network create --subnet "$cmpsub.0/24" cmpnet >/dev/null; } ||
	da_fail "network cmpnet"

NET=(--network cmpnet)
RO=(--read-only)
LIM=(--memory 64m --cpus 0.5 --pids-limit 100)
NNP=(--security-opt no-new-privileges)
RST=(--restart on-failure:3)
HC=(--health-cmd true --health-interval 1h)
S=(sleep 3600)
OK=1
mk() { # mk run|create NAME [docker args...] IMAGE ARGS...
	local how=$1 name=$2
	shift 2
	local verb=(run -d)
	[[ $how == create ]] && verb=(create)
	D "${verb[@]}" --name "$name" "$@" >/dev/null 2>"$W/mk.$name.err" || {
		OK=0
		echo "      cannot $how $name: $(tail -1 "$W/mk.$name.err")"
	}
}
BASE=("${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}")
mk run hardened "${BASE[@]}" --cap-drop ALL --tmpfs /run -v /etc/localtime:/etc/localtime:ro \
	-v cmpvol:/usr/local/data "$IMG" "${S[@]}"
mk run pidhost "${BASE[@]}" --pid host "$IMG" "${S[@]}"
mk run nethost "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --network host "$IMG" "${S[@]}"
mk run joined "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" --network container:nethost "$IMG" "${S[@]}"
mk run ipchost "${BASE[@]}" --ipc host "$IMG" "${S[@]}"
mk run utshost "${BASE[@]}" --uts host "$IMG" "${S[@]}"
mk run usernshost "${BASE[@]}" --userns host "$IMG" "${S[@]}"
mk run capadd "${BASE[@]}" --cap-add SYS_ADMIN --cap-add net_admin --cap-add CHOWN "$IMG" "${S[@]}"
mk run etcmount "${BASE[@]}" -v /etc:/host-etc:ro "$IMG" "${S[@]}"
mk run usrrw "${BASE[@]}" -v /usr/share:/host-share "$IMG" "${S[@]}"
mk run sockmount "${BASE[@]}" -v "$SOCK:/var/run/docker.sock" "$IMG" "${S[@]}"
mk run runmount "${BASE[@]}" -v /run:/host-run:ro "$IMG" "${S[@]}"
mk run seccompu "${BASE[@]}" --security-opt seccomp=unconfined "$IMG" "${S[@]}"
mk run nnpfalse "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${RST[@]}" "${HC[@]}" \
	--security-opt no-new-privileges=false "$IMG" "${S[@]}"
mk run nonnp "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run anyport "${BASE[@]}" -p 80 "$IMG" "${S[@]}"
mk run loopport "${BASE[@]}" -p 127.0.0.1::80 "$IMG" "${S[@]}"
mk run always "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${HC[@]}" --restart always "$IMG" "${S[@]}"
mk run onf10 "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${HC[@]}" --restart on-failure:10 "$IMG" "${S[@]}"
mk run nolimits "${NET[@]}" "${RO[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run shares1024 "${NET[@]}" "${RO[@]}" --memory 64m --pids-limit 100 "${NNP[@]}" "${RST[@]}" \
	"${HC[@]}" --cpu-shares 1024 "$IMG" "${S[@]}"
mk run rwroot "${NET[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run nohealth "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "$IMG" "${S[@]}"
mk run dev "${BASE[@]}" --device /dev/null:/dev/xnull --device-cgroup-rule 'c 1:3 mr' "$IMG" "${S[@]}"
mk run ulim "${BASE[@]}" --ulimit nofile=1024:2048 "$IMG" "${S[@]}"
mk run onbridge "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "${HC[@]}" "$IMG" "${S[@]}"
mk run userimg "${BASE[@]}" "cmp-user:$$" "${S[@]}"
mk run userroot "${BASE[@]}" -u 0 "cmp-user:$$" "${S[@]}"
mk run secretimg "${BASE[@]}" -e API_TOKEN=abc123 "cmp-secret:$$" "${S[@]}"
mk run labelled "${BASE[@]}" --label tier=front --label owner=ops "$IMG" "${S[@]}"
mk run logsys "${BASE[@]}" --log-driver none "$IMG" "${S[@]}"
mk run stale "${BASE[@]}" "cmp-app:$$" "${S[@]}"
mk run execroot "${BASE[@]}" "$IMG" "${S[@]}"
mk create priv "${BASE[@]}" --privileged "$IMG" "${S[@]}"
mk create createdport "${BASE[@]}" -p 127.0.0.1::80 -P "$IMG" "${S[@]}"
mk create gpus "${BASE[@]}" --gpus all "$IMG" "${S[@]}"
mk create stoppednohealth "${NET[@]}" "${RO[@]}" "${LIM[@]}" "${NNP[@]}" "${RST[@]}" "$IMG" "${S[@]}"
mk run exited "${BASE[@]}" "$IMG" true
D exec -d -u root execroot sleep 3600 || da_fail "docker exec -u root"
# the tag moves on: stale runs an older image than cmp-app names now
mkdir -p "$DA_TMP/next"
printf 'FROM %s\nLABEL cmp=next\n' "$IMG" >"$DA_TMP/next/Dockerfile"
DOCKER_BUILDKIT=0 D build -q -t "cmp-app:$$" "$DA_TMP/next" >/dev/null 2>&1 || da_fail "build next cmp-app"
D wait exited >/dev/null 2>&1 || true
if [[ $OK -eq 1 ]]; then da_pass "every scenario container exists"; else da_fail "every scenario container exists"; fi

# The option sets compared; each is one report.
SETS=(default all filtered)
args_of() {
	case $1 in
	default) echo "" ;;
	all) echo "-a" ;;
	filtered) echo "-a --exclude-containers *host* --label tier" ;;
	esac
}
audit() { # audit BIN OUTPREFIX
	local bin=$1 out=$2 set
	for set in "${SETS[@]}"; do
		# shellcheck disable=SC2046
		timeout 300 "$bin" -H "$H" --no-kernel-audit $(args_of "$set") -f json \
			-o "$out-$set.json" >/dev/null 2>"$out-$set.err"
		echo $? >"$out-$set.rc"
	done
}

OUTOLD="$W/old"
audit "$OLD" "$OUTOLD"
if [[ -n "$HOLD" ]]; then
	mkdir -p "$HOLD"
	echo "$H" >"$HOLD/host"
	for set in "${SETS[@]}"; do cp "$OUTOLD-$set.json" "$HOLD/old-$set.json"; done
	da_log "holding the daemon at $H; write the new binary's path to $HOLD/new"
	for ((i = 0; i < 4 * 3600; i++)); do
		[[ -s "$HOLD/new" ]] && break
		sleep 1
	done
	NEW=$(cat "$HOLD/new" 2>/dev/null)
	[[ -x "$NEW" ]] || {
		da_fail "no new binary given in $HOLD/new"
		da_finish
	}
	# the old binary once more, now: what changed on the host meanwhile is not the change's doing
	audit "$OLD" "$W/oldagain"
fi
audit "$NEW" "$W/new"

for set in "${SETS[@]}"; do
	for who in old new; do
		da_assert_eq "$who binary ran ($set)" yes "$([[ -s "$W/$who-$set.json" ]] && echo yes)"
	done
	da_assert_eq "same exit status ($set)" "$(cat "$OUTOLD-$set.rc")" "$(cat "$W/new-$set.rc")"
	out=$(python3 - "$OUTOLD-$set.json" "$W/new-$set.json" "${DA_COMPARE_SCOPE_SED:-}" <<'PY'
import json, re, subprocess, sys
old, new, sed = sys.argv[1], sys.argv[2], sys.argv[3]
def load(p):
    d = json.load(open(p))
    for r in d["results"]:
        if sed:
            r["detail"] = subprocess.run(["sed", "-e", sed], input=r.get("detail") or "",
                                         capture_output=True, text=True).stdout.rstrip("\n")
    return d
a, b = load(old), load(new)
diffs = []
for k in ("summary",):
    if json.dumps(a.get(k)) != json.dumps(b.get(k)):
        diffs.append("%s: %s -> %s" % (k, a.get(k), b.get(k)))
ra = {r["id"]: r for r in a["results"]}
rb = {r["id"]: r for r in b["results"]}
if list(ra) != list(rb):
    diffs.append("result ids differ")
for i in ra:
    if i in rb and json.dumps(ra[i]) != json.dumps(rb[i]):
        diffs.append("%s: %s\n        -> %s" % (i, json.dumps(ra[i])[:600], json.dumps(rb[i])[:600]))
print("\n".join(diffs))
sys.exit(1 if diffs else 0)
PY
	) && da_pass "results identical ($set, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$W/new-$set.json") checks)" ||
		da_fail "results identical ($set)" "$out"
done
if [[ -n "$HOLD" ]]; then
	for set in "${SETS[@]}"; do
		cmp -s <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["results"]))' "$OUTOLD-$set.json") \
			<(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["results"]))' "$W/oldagain-$set.json") &&
			da_pass "the host did not change meanwhile ($set)" ||
			da_fail "the host did not change meanwhile ($set): the old binary now says otherwise"
		cp "$W/new-$set.json" "$HOLD/new-$set.json"
	done
fi
da_finish
