#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build and the qemu runs need, with apt-get, if missing.
#   deps.sh          what make run and make test need
#   deps.sh series   and what make series-check needs (docs, man page lint)
#   deps.sh bench    what make bench needs: the same (libbpf-dev is in the
#                    base set, for prog_bench and the samples)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 qemu-system-x86 gcc make flex bison bc libelf-dev \
libssl-dev cpio busybox-static rsync xz-utils python3 perl git patch \
libc6-dev kmod clang libclang-rt-14-dev libbpf-dev zlib1g-dev"
if [ "${1:-}" = series ]; then
	PKGS="$PKGS python3-sphinx python3-sphinx-rtd-theme groff-base mandoc \
python3-ply python3-git"
fi

stage "install: checking packages"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	stage "install: all packages present"
	exit 0
fi
stage "install: apt-get install$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends $missing; then
	$SUDO apt-get update
	$SUDO apt-get install -y --no-install-recommends $missing
fi
