#!/usr/bin/env bash
# tests/e2e/engine_roots.sh: root filesystems with newer container engines, for the e2e tests.
#
#     bash tests/e2e/engine_roots.sh [SUITE...]     (as root; default: trixie sid)
#
# Debian's archive serves trixie (docker.io 26.1, podman 5.4) and sid (docker.io 28.5): each suite
# becomes a `debootstrap --variant=minbase` root with the engine and procps, cached outside the
# checkout in $DA_ROOTS_CACHE (default /var/cache/docker-audit-tests/roots/SUITE) and rebuilt only
# when absent (or when the package list below changes). A root is built in a temp dir beside its
# final place and renamed into place when complete, so a half-built root is never used. On success
# the root's path is printed, one line per suite; ROOT/.da-versions lists the engine versions.
#
# The engines in these roots are started by engine_lib.sh (da_start_root_dockerd,
# da_start_root_podman): the root is bind-mounted onto itself and the daemon runs chrooted in it.
set -euo pipefail

CACHE=${DA_ROOTS_CACHE:-/var/cache/docker-audit-tests/roots}
MIRROR=${DA_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The package list per suite; its hash is part of the cache stamp.
packages_for() {
	case $1 in
	trixie) echo "docker.io podman procps iproute2 ca-certificates" ;;
	sid) echo "docker.io procps iproute2 ca-certificates" ;;
	*) return 1 ;;
	esac
}

log() { printf '[roots] %s\n' "$*" >&2; }

build_root() {
	local suite=$1 pkgs stamp dest tmp t0
	pkgs=$(packages_for "$suite") || {
		log "unknown suite '$suite' (trixie, sid)"
		return 1
	}
	stamp="$suite $(echo "$pkgs" | sha256sum | cut -c1-16)"
	dest="$CACHE/$suite"
	if [[ -f "$dest/.da-stamp" && "$(cat "$dest/.da-stamp")" == "$stamp" ]]; then
		echo "$dest"
		return 0
	fi
	t0=$(date +%s)
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.$suite.build.XXXXXX")
	# Whatever happens, nothing stays mounted in a half-built root.
	# shellcheck disable=SC2064
	trap "umount -R '$tmp/proc' 2>/dev/null || true; rm -rf --one-file-system '$tmp'" RETURN
	log "debootstrap --variant=minbase $suite into $tmp"
	debootstrap --variant=minbase --components=main "$suite" "$tmp" "$MIRROR" >"$tmp.log" 2>&1 || {
		log "debootstrap failed; tail of $tmp.log:"
		tail -n 20 "$tmp.log" >&2
		return 1
	}
	# No service starts inside the root during the install.
	printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
	chmod 0755 "$tmp/usr/sbin/policy-rc.d"
	mount -t proc proc "$tmp/proc"
	log "installing $pkgs"
	# shellcheck disable=SC2086
	chroot "$tmp" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		apt-get install -y --no-install-recommends $pkgs >>"$tmp.log" 2>&1 || {
		log "apt-get install failed; tail of $tmp.log:"
		tail -n 20 "$tmp.log" >&2
		return 1
	}
	chroot "$tmp" apt-get clean
	umount "$tmp/proc"
	{
		chroot "$tmp" dpkg-query -W -f='${Package} ${Version}\n' docker.io podman containerd \
			runc crun conmon 2>/dev/null || true
	} >"$tmp/.da-versions"
	echo "$stamp" >"$tmp/.da-stamp"
	rm -f "$tmp.log"
	rm -rf --one-file-system "$dest"
	mv "$tmp" "$dest"
	trap - RETURN
	log "$suite root ready in $(($(date +%s) - t0)) s: $(tr '\n' ';' <"$dest/.da-versions")"
	echo "$dest"
}

if [[ $(id -u) -ne 0 ]]; then
	log "need root (debootstrap, chroot)"
	exit 1
fi
command -v debootstrap >/dev/null || {
	log "debootstrap is not installed"
	exit 1
}
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(trixie sid)
for s in "${suites[@]}"; do
	build_root "$s"
done
