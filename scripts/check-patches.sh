#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check that patches/ applies to other 6.12.x point releases: pass Debian
# linux-source-6.12 .deb files or .tar.xz tarballs (apt-get download
# linux-source-6.12=VERSION fetches one).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: $0 linux-source-6.12_*.deb|linux-source-6.12*.tar.xz ..."
files=$(sed -n 's|^+++ b/||p' "$TOP"/patches/*.patch | sort -u)
for src in "$@"; do
	tmp=$(mktemp -d)
	tarball=$src
	if [[ $src == *.deb ]]; then
		dpkg-deb -x "$src" "$tmp/deb"
		tarball=$(ls "$tmp"/deb/usr/src/linux-source-6.12*.tar.xz)
	fi
	top=$( (tar -tJf "$tarball" 2>/dev/null || true) | head -n 1 | cut -d/ -f1)
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$tmp" $(printf "$top/%s " $files)
	for p in "$TOP"/patches/*.patch; do
		patch -p1 -s -d "$tmp/$top" --dry-run < "$p" ||
			die "$(basename "$p") does not apply to $(basename "$src")"
	done
	stage "patches apply to $(basename "$src")"
	rm -rf "$tmp"
done
