#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: set up, build, boot one kernel flavour and run every test.
#   test.sh [ours|reference]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-ours}
"$TOP/scripts/deps.sh"
# the series manifest: every file of ours in one patch, in a buildable order
out=$(python3 "$TOP/scripts/series_test.py" 2>&1) || { echo "$out"; die "series_test.py failed"; }
stage "series: tool tests: $(echo "$out" | grep '^Ran ')"
"$TOP/scripts/series.sh" check
"$TOP/scripts/assemble.sh"
"$TOP/scripts/build-kernel.sh" "$flavour"
"$TOP/scripts/initramfs.sh"
if [ -x "$TOP/tools/testing/ebpf/run.sh" ] && [ "$flavour" = ours ]; then
	"$TOP/tools/testing/ebpf/run.sh"
fi
start=$(date +%s)
mkdir -p "$BUILD/logs"
"$TOP/scripts/boot.sh" "$flavour" test 1500 | "$TOP/scripts/ktap-summary.py" |
	tee "$BUILD/logs/$flavour-summary.txt"
stage "test: $flavour done in $(($(date +%s) - start))s (console log: build/logs/$flavour-test.log)"
