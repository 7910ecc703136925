#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel flavour in qemu (TCG) with build/initramfs.cpio.
#   boot.sh FLAVOUR MODE [TIMEOUT]   MODE: test | run | bench | abi | shell
# EBPF_APPEND adds to the kernel command line (ebpf.seeds=N for abi).
# Non-interactive modes log the console to build/logs/FLAVOUR-MODE.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-ours}
mode=${2:-test}
limit=${3:-1200}
kernel=$(outdir "$flavour")/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel (run scripts/build-kernel.sh $flavour)"

accel=tcg
[ -w /dev/kvm ] && [ "${EBPF_KVM:-0}" = 1 ] && accel=kvm
qemu=(qemu-system-x86_64 -machine "q35,accel=$accel" -cpu max -smp 2 -m 2G
	-nographic -no-reboot -kernel "$kernel" -initrd "$BUILD/initramfs.cpio"
	-append "console=ttyS0 loglevel=5 panic=-1 oops=panic tsc=reliable ebpf.mode=$mode ebpf.flavour=$flavour ${EBPF_APPEND:-}")

if [ "$mode" = shell ]; then
	exec "${qemu[@]}"
fi
mkdir -p "$BUILD/logs"
log=$BUILD/logs/$flavour-$mode.log
stage "boot: $flavour kernel, mode $mode, console log in $log"
# Create the log before qemu starts: tail must not race the redirection.
: > "$log"
timeout --foreground "$limit" "${qemu[@]}" < /dev/null > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
# Stream the console while it runs; the caller decides what it means.
tail -n +1 --pid=$pid -f "$log"
rc=0
wait $pid || rc=$?
if [ $rc -ne 0 ]; then
	echo "EBPF-HOST: qemu exit=$rc (124: time-out after ${limit}s)"
	exit $rc
fi
if [ "$mode" = run ]; then
	grep -q '^EBPF-GUEST: done' "$log" || die "the guest did not finish"
	! grep -q '^EBPF-GUEST: sample .* exit=[1-9]' "$log" || die "a sample failed"
fi
exit 0
