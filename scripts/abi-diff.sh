#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make abi-diff: run the same generated bpf(2) calls (abi_fuzz) on our
# kernel and on the reference kernel with mainline's BPF, then compare
# them call by call. A difference fails unless scripts/abi-accepted.txt
# lists it with its reason; a kernel report on ours fails too.
#   abi-diff.sh            ABI_SEEDS (default 1000) episodes of 30 calls
set -euo pipefail
. "$(dirname "$0")/lib.sh"

seeds=${ABI_SEEDS:-1000}
"$TOP/scripts/deps.sh"
"$TOP/scripts/assemble.sh"
for k in ours reference; do
	"$TOP/scripts/build-kernel.sh" "$k"
done
"$TOP/scripts/initramfs.sh"
mkdir -p "$BUILD/logs"
for k in ours reference; do
	start=$(date +%s)
	EBPF_APPEND="ebpf.seeds=$seeds" "$TOP/scripts/boot.sh" "$k" abi 1200 >/dev/null
	grep -a '^ABI' "$BUILD/logs/$k-abi.log" | tr -d '\r' > "$BUILD/logs/abi-$k.txt"
	stage "abi-diff: $k: $(grep -c '^ABI ' "$BUILD/logs/abi-$k.txt") calls in $(($(date +%s) - start))s"
	grep -q '^ABI-END' "$BUILD/logs/abi-$k.txt" || die "abi_fuzz did not finish on $k (see build/logs/$k-abi.log)"
done
# KASAN, lockdep, kmemleak and WARN all print one of these
if grep -aE '^\[ *[0-9.]+\] (BUG|WARNING|UBSAN|Oops|kernel BUG|unreferenced object)' \
	"$BUILD/logs/ours-abi.log"; then
	die "kernel report on our kernel during abi_fuzz (build/logs/ours-abi.log)"
fi
if grep -aq '^EBPF-GUEST: kmemleak ebpf=[1-9]' "$BUILD/logs/ours-abi.log"; then
	die "kmemleak found unreferenced objects of ours after abi_fuzz (build/logs/ours-abi.log)"
fi
python3 "$TOP/scripts/abi_diff.py" "$TOP/scripts/abi-accepted.txt" \
	"$BUILD/logs/abi-ours.txt" "$BUILD/logs/abi-reference.txt" |
	tee "$BUILD/logs/abi-diff.txt"
exit "${PIPESTATUS[0]}"
