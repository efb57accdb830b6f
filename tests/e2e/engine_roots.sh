#!/usr/bin/env bash
# tests/e2e/engine_roots.sh: root filesystems with newer container engines, for the e2e tests.
#
#     bash tests/e2e/engine_roots.sh [SUITE...]     (as root; default: trixie sid)
#
# Debian's archive serves trixie (docker.io 26.1, podman 5.4) and sid (docker.io 28.5): each suite becomes a `debootstrap --variant=minbase` root with the engine and
# procps, made by rootfs.sh (its tar cached in $DA_ROOTFS_CACHE) and unpacked into
# $DA_ROOTS_CACHE (default /var/cache/docker-audit-tests/roots/SUITE), rebuilt only when absent
# (or when the package list below changes). A root is unpacked in a temp dir beside its final
# place and renamed into place when complete, so a half-built root is never used. On success the
# root's path is printed, one line per suite; ROOT/.da-versions lists the engine versions.
#
# The engines in these roots are started by engine_lib.sh (da_start_root_dockerd,
# da_start_root_podman): the root is bind-mounted onto itself and the daemon runs chrooted in it.
set -euo pipefail

CACHE=${DA_ROOTS_CACHE:-/var/cache/docker-audit-tests/roots}
MIRROR=${DA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The package list per suite; its hash is part of the cache stamp.
packages_for() {
	case $1 in
	trixie) echo "docker.io podman procps iproute2 ca-certificates" ;;
	sid) echo "docker.io procps iproute2 ca-certificates" ;;
	*) return 1 ;;
	esac
}

log() { printf '[roots] %s\n' "$*" >&2; }

# build_root SUITE: the root unpacked from rootfs.sh's cached tar of `debootstrap
# --variant=minbase SUITE` with PACKAGES installed by apt-get --no-install-recommends in it
# (rootfs.sh --apt: one debootstrap recipe for every root and image the tests make).
build_root() {
	local suite=$1 pkgs stamp dest tmp t0 tar
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
	# shellcheck disable=SC2086
	tar=$(DA_DEBIAN_MIRROR=$MIRROR bash "$HERE/rootfs.sh" --apt "$suite" $pkgs) || {
		log "rootfs.sh $suite $pkgs failed"
		return 1
	}
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.$suite.build.XXXXXX")
	# Whatever happens, no half-built root stays.
	# shellcheck disable=SC2064
	trap "rm -rf --one-file-system '$tmp'" RETURN
	log "unpacking $tar into $tmp"
	tar --numeric-owner --xattrs -xpf "$tar" -C "$tmp" || {
		log "cannot unpack $tar"
		return 1
	}
	{
		chroot "$tmp" dpkg-query -W -f='${Package} ${Version}\n' docker.io podman containerd \
			runc crun conmon 2>/dev/null || true
	} >"$tmp/.da-versions"
	echo "$stamp" >"$tmp/.da-stamp"
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
