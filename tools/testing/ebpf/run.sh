#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the user-space tests of the core (seconds, under sanitizers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${BUILD:-$top/build}
uapi=$build/out-headers/usr/include
[ -f "$uapi/linux/bpf.h" ] || uapi=/usr/include
ls "$here"/*_test.c >/dev/null 2>&1 || exit 0
make -s -C "$here" UAPI="$uapi" OUT="$build/ebpf-user" run
"$here/fuzz.sh"
