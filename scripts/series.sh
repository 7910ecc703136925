#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The patch series (patches/manifest.toml): check the manifest, or build
# build/series/ from the assembled tree. See scripts/series.py.
#   series.sh check|build|commits|files N
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export OVERLAY_DIRS BUILD
exec python3 "$TOP/scripts/series.py" "$@"
