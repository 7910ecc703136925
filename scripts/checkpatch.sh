#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict over every C file and header of ours, and
# a W=1 build of kernel/ebpf.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TOP"
# shellcheck disable=SC2086
files=$(git ls-files -co --exclude-standard -- $OVERLAY_DIRS | grep -E '\.[ch]$')
# shellcheck disable=SC2086
out=$("$SRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES -f $files || true)
# checkpatch exits 0 on CHECKs: any line but an all-zero total is a finding
if echo "$out" | grep -v -e '^total: 0 errors, 0 warnings, 0 checks' -e '^$'; then
	die "checkpatch found the above"
fi
stage "checkpatch: clean ($(echo "$files" | wc -w) files)"
