#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict over every C file and header of ours, and
# a W=1 build of kernel/ebpf and the JIT (arch/x86/net).
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

# W=1 over our directory in the release tree (its next normal build
# recompiles these few files): any warning is a finding.
out=$(outdir ours-release)
[ -f "$out/.config" ] || "$TOP/scripts/build-kernel.sh" ours-release
warnings=$(make -C "$SRC" O="$out" ARCH=x86_64 -j"$JOBS" W=1 kernel/ebpf/ \
	arch/x86/net/ 2>&1 |
	grep -E '(warning|error):' || true)
if [ -n "$warnings" ]; then
	echo "$warnings"
	die "W=1 build of kernel/ebpf and the JIT warns"
fi
stage "checkpatch: W=1 build of kernel/ebpf and arch/x86/net clean"
