#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble build/linux: Debian's linux-source-6.12 as the base commit, our
# overlay copied in and patches/ applied on top as the second commit.
#
# Idempotent and cheap to re-run: files are only rewritten when their
# content changes (rsync --checksum), so kbuild rebuilds just what depends
# on a changed file. Overlay or patched files that disappeared from the
# project are restored to the base version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball=$(ls /usr/src/linux-source-6.12*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || die "no /usr/src/linux-source-6.12*.tar.xz (run scripts/deps.sh)"
stamp="$(basename "$tarball") $(stat -c '%s %Y' "$tarball")"

mkdir -p "$BUILD"
if [ -d "$SRC/.git" ] && [ "$(cat "$SRC/.ebpf-base" 2>/dev/null)" != "$stamp" ]; then
	stage "assemble: base source changed, starting over"
	rm -rf "$SRC" "$BUILD"/out-*
fi

if [ ! -d "$SRC/.git" ]; then
	stage "assemble: extracting $tarball"
	rm -rf "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xJf "$tarball" -C "$SRC.tmp" --strip-components=1
	ver=$(make -s -C "$SRC.tmp" kernelversion)
	(
		cd "$SRC.tmp"
		git init -q
		git add -A -f
		git -c user.name=ebpf -c user.email=ebpf@localhost \
			commit -q -m "base: Linux $ver (Debian linux-source-6.12)"
		git tag base
	)
	echo "$stamp" > "$SRC.tmp/.ebpf-base"
	echo ".ebpf-*" >> "$SRC.tmp/.git/info/exclude"
	mv "$SRC.tmp" "$SRC"
fi
stage "assemble: base is Linux $(make -s -C "$SRC" kernelversion)"

# What we put into the tree now: overlay files and files our patches touch.
cd "$TOP"
manifest=$(mktemp)
patched=$(mktemp -d)
trap 'rm -rf "$manifest" "$patched"' EXIT

# shellcheck disable=SC2086
git ls-files -co --exclude-standard -- $OVERLAY_DIRS > "$manifest.overlay"
mv "$manifest.overlay" "$manifest"

patches=$(ls "$TOP"/patches/*.patch 2>/dev/null | sort || true)
for p in $patches; do
	sed -n 's|^+++ b/||p' "$p"
done | sort -u > "$patched.list"
while read -r f; do
	mkdir -p "$patched/tree/$(dirname "$f")"
	git -C "$SRC" show "base:$f" > "$patched/tree/$f" 2>/dev/null || rm -f "$patched/tree/$f"
done < "$patched.list"
for p in $patches; do
	patch -p1 -s -d "$patched/tree" --no-backup-if-mismatch < "$p" ||
		die "patch $(basename "$p") does not apply to the base"
done

stage "assemble: overlay $(wc -l < "$manifest") files, $(echo "$patches" | grep -c . || true) patches"
rsync -rc --files-from="$manifest" "$TOP/" "$SRC/"
[ -d "$patched/tree" ] && rsync -rc "$patched/tree/" "$SRC/"

# Restore whatever an earlier assembly put in that is no longer ours.
cat "$manifest" "$patched.list" | sort -u > "$patched.now"
if [ -f "$SRC/.ebpf-manifest" ]; then
	comm -23 "$SRC/.ebpf-manifest" "$patched.now" | while read -r f; do
		if git -C "$SRC" cat-file -e "base:$f" 2>/dev/null; then
			git -C "$SRC" checkout -q base -- "$f"
		else
			rm -f "$SRC/$f"
		fi
	done
fi
cp "$patched.now" "$SRC/.ebpf-manifest"

# Record the result as the second commit on top of the pristine base.
cd "$SRC"
if [ -n "$(git status --porcelain)" ]; then
	git reset -q --soft base
	git add -A
	git -c user.name=ebpf -c user.email=ebpf@localhost \
		commit -q -m "ebpf: overlay and patches" --allow-empty
fi
stage "assemble: done ($(git rev-parse --short HEAD))"
