#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel flavour out of tree: build/out-<flavour>/arch/x86/boot/bzImage.
# The config is allnoconfig plus our fragments; it is regenerated only when
# a fragment or the base changes, so repeated builds stay incremental.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-ours}
out=$(outdir "$flavour")
frags=$(fragments "$flavour")
mkdir -p "$out"

# shellcheck disable=SC2086
want=$(cat $frags "$SRC/.ebpf-base" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.ebpf-config-hash" 2>/dev/null)" != "$want" ] || [ ! -f "$out/.config" ]; then
	stage "build: configuring $flavour"
	make -s -C "$SRC" O="$out" ARCH=x86_64 allnoconfig >/dev/null
	# shellcheck disable=SC2086
	(cd "$out" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$out" .config $frags >/dev/null)
	make -s -C "$SRC" O="$out" ARCH=x86_64 olddefconfig >/dev/null
	# Every line of every fragment must have survived olddefconfig: a
	# silently dropped option would test a different kernel than we think.
	bad=0
	# shellcheck disable=SC2086
	for line in $(grep -h '^CONFIG_' $frags); do
		sym=${line%%=*}
		val=${line#*=}
		if [ "$val" = n ]; then
			grep -q "^$sym=" "$out/.config" && { echo "  $sym: wanted n, got $(grep "^$sym=" "$out/.config")"; bad=1; }
		else
			grep -qx "$line" "$out/.config" || { echo "  $sym: wanted $val, got $(grep "^$sym=\|^# $sym " "$out/.config" || echo unset)"; bad=1; }
		fi
	done
	[ $bad -eq 0 ] || die "config of $flavour does not match its fragments"
	echo "$want" > "$out/.ebpf-config-hash"
fi

stage "build: kernel $flavour (make -j$JOBS, log in $out/build.log)"
start=$(date +%s)
if ! make -C "$SRC" O="$out" ARCH=x86_64 -j"$JOBS" bzImage modules > "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -n 40
	die "kernel build of $flavour failed (see $out/build.log)"
fi
# tp_module_test's module, against this kernel; initramfs.sh packs it
mod=$BUILD/mod-$flavour
rm -rf "$mod"
cp -r "$SRC/tools/testing/selftests/ebpf/ebpf_test_mod" "$mod"
if ! make -C "$SRC" O="$out" ARCH=x86_64 M="$mod" modules >> "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -n 40
	die "test module build for $flavour failed (see $out/build.log)"
fi
grep -E '(warning|error):' "$out/build.log" | head -n 40 || true
stage "build: $flavour done in $(($(date +%s) - start))s"
