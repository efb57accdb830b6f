#!/bin/bash
# tests/e2e/rootfs.sh [--apt] SUITE [PACKAGE...]: a Debian root filesystem as a tar for `docker
# import` (and the engine roots of engine_roots.sh), made with `debootstrap --variant=minbase
# SUITE` plus PACKAGEs (by debootstrap's --include, or with --apt by apt-get install
# --no-install-recommends in the new root), cached outside the checkout and rebuilt only when
# absent. Prints the tar's path on stdout (progress goes to stderr).
#
#   tar=$(tests/e2e/rootfs.sh bookworm libcurl4 libcjson1)
#   docker import "$tar" da-test/bookworm-runtime
#
# No registry is reachable in the tests, but Debian's archive is: this is how a test gets a real
# Debian base (bookworm, trixie, sid) for images it builds.
#
# Environment: DA_ROOTFS_CACHE (default /var/cache/docker-audit-tests/rootfs), DA_DEBIAN_MIRROR
# (default http://deb.debian.org/debian). Needs root and debootstrap.
set -euo pipefail

apt=0
if [[ "${1:-}" == "--apt" ]]; then
	apt=1
	shift
fi
if [[ $# -lt 1 || "$1" == -* ]]; then
	echo "usage: $0 [--apt] SUITE [PACKAGE...]" >&2
	exit 2
fi
suite=$1
shift
if [[ ! "$suite" =~ ^[a-z]+$ ]]; then
	echo "rootfs.sh: suite '$suite' is not a Debian suite name" >&2
	exit 2
fi
for p in "$@"; do
	if [[ ! "$p" =~ ^[a-z0-9][a-z0-9.+-]*$ ]]; then
		echo "rootfs.sh: '$p' is not a Debian package name" >&2
		exit 2
	fi
done
cache=${DA_ROOTFS_CACHE:-/var/cache/docker-audit-tests/rootfs}
mirror=${DA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || {
	echo "rootfs.sh: debootstrap is not installed" >&2
	exit 1
}

# One file per suite and package set: the sorted list names it, so the same request hits the cache.
mapfile -t sorted < <(printf '%s\n' "$@" | sort -u | sed '/^$/d')
key=$(printf '%s\n' "${sorted[@]}" | sha256sum | cut -c1-12)
[[ $apt -eq 1 ]] && key="apt-$key"
tar="$cache/$suite-minbase-$key.tar"
mkdir -p "$cache"
if [[ -s "$tar" ]]; then
	echo "$tar"
	exit 0
fi

# Several tests may ask at once: one builds, the others wait for it.
exec 9>"$cache/.$suite-$key.lock"
flock 9
if [[ -s "$tar" ]]; then
	echo "$tar"
	exit 0
fi

work=$(mktemp -d "$cache/.build.$suite.XXXXXX")
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT
include=()
if [[ ${#sorted[@]} -gt 0 && $apt -eq 0 ]]; then
	include=(--include="$(IFS=,; echo "${sorted[*]}")")
fi
start=$(date +%s)
echo "rootfs.sh: debootstrap --variant=minbase ${include[*]} $suite (cached as $tar)" >&2
if ! debootstrap --variant=minbase "${include[@]}" "$suite" "$work/root" "$mirror" \
	>"$work/debootstrap.log" 2>&1; then
	echo "rootfs.sh: debootstrap failed; log tail:" >&2
	tail -n 20 "$work/debootstrap.log" >&2
	exit 1
fi
# --apt: the packages installed by apt-get in the root (dependencies, alternatives and
# maintainer scripts as on a real system; debootstrap's --include cannot configure some, e.g.
# bookworm's podman), with no service started and nothing mounted afterwards.
if [[ $apt -eq 1 && ${#sorted[@]} -gt 0 ]]; then
	printf '#!/bin/sh\nexit 101\n' >"$work/root/usr/sbin/policy-rc.d"
	chmod 0755 "$work/root/usr/sbin/policy-rc.d"
	mount -t proc proc "$work/root/proc"
	trap 'umount "$work/root/proc" 2>/dev/null || true; cleanup' EXIT
	echo "rootfs.sh: apt-get install ${sorted[*]}" >&2
	if ! chroot "$work/root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		apt-get install -y --no-install-recommends "${sorted[@]}" >>"$work/debootstrap.log" 2>&1; then
		echo "rootfs.sh: apt-get install failed; log tail:" >&2
		tail -n 20 "$work/debootstrap.log" >&2
		exit 1
	fi
	chroot "$work/root" apt-get clean
	umount "$work/root/proc"
	trap cleanup EXIT
fi
# What an image does not need: package lists and caches (apt-get update fetches them again).
rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin \
	"$work/root/var/cache/apt/archives/"*.deb
printf '%s\n' "${sorted[@]}" >"$work/root/etc/docker-audit-tests-packages"
tar --numeric-owner --xattrs -C "$work/root" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tar"
echo "rootfs.sh: built in $(($(date +%s) - start)) s: $tar ($(du -h "$tar" | cut -f1))" >&2
echo "$tar"
