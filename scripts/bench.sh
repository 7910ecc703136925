#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot our release kernel and the reference kernel (same config
# but for the subsystem, neither with KASAN or lockdep), run the same
# benchmarks in each and print ops/s side by side with the ratio.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" bench
"$TOP/scripts/assemble.sh"
"$TOP/scripts/build-kernel.sh" ours-release
"$TOP/scripts/build-kernel.sh" reference
"$TOP/scripts/initramfs.sh"
# The host's speed drifts (other guests, throttling) over minutes, and the
# two kernels run one after the other: boot them in turn BENCH_ROUNDS
# times and keep each row's best, so that a slow spell does not land on
# one side only.
rounds=${BENCH_ROUNDS:-2}
for k in ours-release reference; do
	: > "$BUILD/logs/bench-$k.txt"
done
for round in $(seq "$rounds"); do
	for k in ours-release reference; do
		stage "bench: round $round of $rounds, $k"
		"$TOP/scripts/boot.sh" "$k" bench 1800 | grep --line-buffered '^BENCH ' \
			>> "$BUILD/logs/bench-$k.txt" || true
	done
done

stage "bench: ours vs reference (release builds, TCG)"
# Map rows are ops/s and speedup/* rows factors: a ratio >= 1.0 means ours
# is ahead. Program rows (verify/*, interp/*, jit/*) are times, instruction
# counts and image bytes, tp/* rows ns per event: <= 1.0 is better.
awk '
# the best of the rounds: most ops/s, least time or instructions
function lower(k) { return k ~ /^(verify|interp|jit|tp)\// }
function better(k, a, b) { return lower(k) ? (a < b) : (a > b) }
FNR == 1 { file++ }
file == 1 && !($2 in ours) { order[++n] = $2 }
file == 1 && (!($2 in ours) || better($2, $3, ours[$2])) { ours[$2] = $3 }
file == 2 && (!($2 in ref) || better($2, $3, ref[$2])) { ref[$2] = $3 }
END {
	printf "%-26s %14s %14s %8s\n", "benchmark", "ours", "reference", "ratio"
	for (i = 1; i <= n; i++) {
		k = order[i]
		r = (k in ref && ref[k] > 0) ? sprintf("%8.2f", ours[k] / ref[k]) : "     n/a"
		dir = lower(k) ? "lower is better" : "higher is better"
		printf "%-26s %14.1f %14.1f %s  (%s)\n", k, ours[k], ref[k], r, dir
	}
}' "$BUILD/logs/bench-ours-release.txt" "$BUILD/logs/bench-reference.txt" |
	tee "$BUILD/logs/bench-table.txt"

# The JIT against native code, on the host (the proposal's experiment):
# the flow dissector by gcc -O2 and through clang -target bpf, our verifier
# and our JIT, on packets in cache and spread over memory.
stage "bench: flow dissector, our JIT vs native code (host)"
uapi=$BUILD/out-headers/usr/include
[ -f "$uapi/linux/bpf.h" ] || uapi=/usr/include
make -s -C "$TOP/tools/testing/ebpf/bench" UAPI="$uapi" OUT="$BUILD/ebpf-bench" run |
	tee "$BUILD/logs/bench-native.txt"
