#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate patches/*.patch from the assembled tree: edit the upstream file
# in build/linux, then run this. patches/series names each patch and the
# upstream files it covers.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$SRC/.git" ] || die "no assembled tree; run scripts/assemble.sh"
while read -r name files; do
	case "$name" in ""|"#"*) continue ;; esac
	# shellcheck disable=SC2086
	git -C "$SRC" diff --no-color --full-index base -- $files > "$TOP/patches/$name"
	[ -s "$TOP/patches/$name" ] || die "$name: no change in $files"
	stage "patches: $name"
done < "$TOP/patches/series"
