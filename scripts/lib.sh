# SPDX-License-Identifier: GPL-2.0
# Shared settings for the build, boot and test scripts. Sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/linux
JOBS=${JOBS:-$(($(nproc) + 1))}

# The overlay: every path of ours that lands in the kernel tree as is.
OVERLAY_DIRS="kernel/ebpf include/linux include/uapi/linux arch/x86/net \
net/core kernel/trace samples/ebpf tools/testing/selftests/ebpf \
tools/testing/ebpf Documentation/ebpf"

stage() {
	printf '==> %s\n' "$*"
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Output directory of one kernel flavour.
#   ours      our subsystem, debug build (KASAN, lockdep): make run/test/shell
#   reference mainline's BPF, release build: make test KERNEL=reference
#   ours-release  our subsystem, release build: make bench only
outdir() {
	echo "$BUILD/out-$1"
}

# Config fragments of one flavour, in merge order.
fragments() {
	case "$1" in
	ours)		echo "$TOP/configs/base.config $TOP/configs/ebpf.config $TOP/configs/debug.config" ;;
	ours-release)	echo "$TOP/configs/base.config $TOP/configs/ebpf.config" ;;
	reference)	echo "$TOP/configs/base.config $TOP/configs/reference.config" ;;
	*)		die "unknown kernel flavour '$1' (ours, reference, ours-release)" ;;
	esac
}
