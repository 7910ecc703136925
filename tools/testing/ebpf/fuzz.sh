#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the verifier's soundness fuzzer (fuzz/verifier_fuzz.c, which also
# runs each accepted program on the JIT) with clang and run it for a
# bounded time: FUZZ_TIME seconds (default 60). Prints one summary line;
# fails on any finding (soundness violation, JIT divergence, sanitizer
# report, crash, hang, leak), keeping the input under $BUILD/ebpf-fuzz/.
# The corpus grows in $BUILD/ebpf-fuzz/corpus from run to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${BUILD:-$top/build}
secs=${FUZZ_TIME:-60}
out=$build/ebpf-fuzz
uapi=$build/out-headers/usr/include
[ -f "$uapi/linux/bpf.h" ] || uapi=/usr/include

mkdir -p "$out/corpus" "$out/artifacts"
make -s -C "$here/fuzz" UAPI="$uapi" OUT="$out"
# keep the corpus small enough to load in seconds: merge it when it grows
if [ "$(find "$out/corpus" -type f | wc -l)" -gt 10000 ]; then
	rm -rf "$out/corpus.new"
	mkdir "$out/corpus.new"
	if "$out/verifier_fuzz" -merge=1 -max_len=1024 "$out/corpus.new" \
		"$out/corpus" >"$out/merge.log" 2>&1; then
		rm -rf "$out/corpus"
		mv "$out/corpus.new" "$out/corpus"
	fi
fi
log=$out/fuzz.log
rc=0
# new inputs go to the first corpus; the seeds and findings are read only
"$out/verifier_fuzz" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	-detect_leaks=1 -max_len=1024 -print_final_stats=1 \
	-artifact_prefix="$out/artifacts/" \
	"$out/corpus" "$here/fuzz/corpus" "$here/fuzz/findings" >"$log" 2>&1 || rc=$?

done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
stat() {
	sed -n "s/^stat::$1:[[:space:]]*//p" "$log" | tail -1
}
field() {
	echo "$done_line" | sed -n "s/.* $1: \([0-9]*\).*/\1/p"
}
pct='[0-9]* (\([0-9.]*%\))'
accepted=$(sed -n "s/.*accepted priv $pct unpriv $pct.*/priv \\1, unpriv \\2/p" "$log" | tail -1)
jit=$(sed -n "s/.*jit runs \([0-9]*\).*/\1/p" "$log" | tail -1)

if [ "$rc" -ne 0 ] || [ -z "$done_line" ]; then
	grep -aE -A60 'FINDING|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error' \
		"$log" | head -120 || tail -40 "$log"
	art=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$log" | tail -1)
	echo "fuzz: verifier_fuzz FAILED after $(stat number_of_executed_units) execs" \
		"(rerun: $out/verifier_fuzz ${art:-<input>}; log: $log)"
	exit 1
fi
echo "fuzz: verifier_fuzz ${secs}s: $(stat number_of_executed_units) execs" \
	"($(stat average_exec_per_sec)/s), cov $(field cov), ft $(field ft)," \
	"corpus $(field corp | cut -d/ -f1), accepted ${accepted:-?}," \
	"${jit:-?} runs on the JIT: no findings"
