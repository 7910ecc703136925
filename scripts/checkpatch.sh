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
"$SRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES -f $files
stage "checkpatch: clean"
