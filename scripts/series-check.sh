#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make series-check: what a maintainer checks before taking build/series/.
#
#   1. checkpatch.pl --strict on each patch file: nothing but the findings
#      the manifest justifies, and each justification still needed;
#   2. get_maintainer.pl names our MAINTAINERS entry for each patch;
#   3. the manual page lints clean (groff -ww, mandoc -Tlint);
#   4. git am of the series onto the pristine base gives exactly the tree
#      the series was made from, and the series applies to every
#      linux-source-6.12 that Debian serves;
#   5. make SPHINXDIRS=ebpf htmldocs warns about none of our files, and
#      Documentation/ebpf is reachable from the documentation index;
#   6. bisection: after each patch the release config of ours configures
#      and builds (W=1, incremental) with no warning in our files, and the
#      user-space parts present by then build too.
#
# Slow (a kernel build per patch): not part of make test. SERIES_CHECK=
# "checkpatch maintainers man apply docs bisect" picks steps.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# Debian's python3, which has the modules deps.sh installs (checkpatch's
# spdxcheck.py wants ply and git, htmldocs sphinx), before any other
export PATH=/usr/bin:$PATH

steps=${SERIES_CHECK:-checkpatch maintainers man apply docs bisect}
tree=$BUILD/series-tree
out=$BUILD/out-series
logs=$BUILD/logs/series-check
series=$BUILD/series
t0=$(date +%s)
failures=""

fail() {
	printf 'FAIL  %s\n' "$*"
	failures="$failures
  $*"
}

want() {
	case " $steps " in *" $1 "*) return 0 ;; esac
	return 1
}

"$TOP/scripts/deps.sh" series
"$TOP/scripts/assemble.sh"
"$TOP/scripts/series.sh" build
mkdir -p "$logs"
patches=$(ls "$series"/[0-9][0-9][0-9][0-9]-*.patch | grep -v /0000-)
count=$(echo "$patches" | wc -l)
head=$(git -C "$SRC" rev-parse ebpf-series)

# A worktree of build/linux for the series; checkouts touch only the files
# that differ, so the builds below stay incremental between runs.
if [ ! -d "$tree/.git" ] && [ ! -f "$tree/.git" ]; then
	stage "series-check: worktree $tree"
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$tree" "$head"
fi
git -C "$tree" checkout -q --detach -f "$head"

# --- 1. checkpatch -----------------------------------------------------
if want checkpatch; then
	stage "series-check: checkpatch --strict on each patch"
	allowed=$("$TOP/scripts/series.sh" allowed)
	n=0
	for p in $patches; do
		n=$((n + 1))
		(cd "$tree" && ./scripts/checkpatch.pl --strict --terse --show-types \
			"$p" > "$logs/checkpatch-$n.txt" 2>&1) || true
		found=$(sed -n 's/^[^:]*:[0-9]*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\2/p' \
			"$logs/checkpatch-$n.txt" | sort -u)
		mine=$(echo "$allowed" | awk -v n="$n" '$1 == n { print $2 }' | sort -u)
		extra=$(comm -23 <(echo "$found" | grep . || true) <(echo "$mine" | grep . || true))
		stale=$(comm -13 <(echo "$found" | grep . || true) <(echo "$mine" | grep . || true))
		if [ -n "$extra" ]; then
			grep -E "^[^:]*:[0-9]*: (ERROR|WARNING|CHECK):($(echo $extra | tr ' ' '|')):" \
				"$logs/checkpatch-$n.txt" | sed 's/^/      /'
			fail "checkpatch: patch $n: $(echo $extra) (not justified in the manifest)"
		fi
		[ -z "$stale" ] || fail "checkpatch: patch $n: justification for $(echo $stale) no longer needed"
		printf '  %02d %-60s %s\n' "$n" "$(basename "$p" .patch | cut -c6-)" \
			"$(grep '^total:' "$logs/checkpatch-$n.txt" || echo clean)"
	done
fi

# --- 2. get_maintainer -------------------------------------------------
if want maintainers; then
	stage "series-check: get_maintainer.pl names our entry"
	entry=$(sed -n 's/^+M:\t//p' "$TOP/patches/0002-MAINTAINERS-add-ebpf.patch" | head -n 1)
	n=0
	for p in $patches; do
		n=$((n + 1))
		who=$(cd "$tree" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats "$p" 2>&1 || true)
		if echo "$who" | grep -qF "$entry"; then
			printf '  %02d %s\n' "$n" "$(echo "$who" | tr '\n' ',' | sed 's/,$//' | cut -c1-100)"
		else
			fail "get_maintainer: patch $n does not name $entry"
		fi
	done
fi

# --- 3. the manual page ------------------------------------------------
if want man; then
	stage "series-check: lint Documentation/ebpf/bpf.2"
	page=$tree/Documentation/ebpf/bpf.2
	if [ ! -f "$page" ]; then
		fail "man: no Documentation/ebpf/bpf.2"
	else
		g=$(groff -man -ww -z "$page" 2>&1 || echo "groff failed")
		[ -z "$g" ] || { echo "$g"; fail "man: groff -man -ww -z warns"; }
		m=$(mandoc -Tlint "$page" 2>&1 || true)
		[ -z "$m" ] || { echo "$m"; fail "man: mandoc -Tlint warns"; }
		[ -n "$g$m" ] || stage "series-check: bpf.2 lints clean ($(wc -l < "$page") lines)"
	fi
fi

# --- 4. applying the series --------------------------------------------
am_to() {
	# git am the series in $1 (a git tree); fails if a patch does not apply
	git -C "$1" -c user.name=series-check -c user.email=check@localhost \
		am -q --keep-cr $patches > "$logs/am.txt" 2>&1
}

if want apply; then
	stage "series-check: git am onto the pristine base"
	git -C "$tree" checkout -q --detach -f base
	if am_to "$tree"; then
		if [ "$(git -C "$tree" rev-parse 'HEAD^{tree}')" = \
		     "$(git -C "$SRC" rev-parse 'ebpf-series^{tree}')" ]; then
			stage "series-check: $count patches apply; the result is the series' tree"
		else
			fail "apply: git am gives a different tree than the series was made from"
		fi
	else
		cat "$logs/am.txt"
		git -C "$tree" am --abort || true
		fail "apply: the series does not apply to the base"
	fi
	git -C "$tree" checkout -q --detach -f "$head"

	# Other point releases: only the upstream files our patches edit
	# matter to git am, so extract just those from each Debian source.
	upstream=$(sed -n 's|^+++ b/||p' "$TOP"/patches/*.patch | sort -u)
	mkdir -p "$BUILD/debs"
	for ver in $(apt-cache madison linux-source-6.12 | awk '{ print $3 }' | sort -uV); do
		deb=$(ls "$BUILD"/debs/linux-source-6.12_"$(echo "$ver" | sed 's/:/%3a/')"_*.deb 2>/dev/null | head -n 1 || true)
		if [ -z "$deb" ]; then
			(cd "$BUILD/debs" && apt-get download -q "linux-source-6.12=$ver" >/dev/null 2>&1) ||
				{ fail "apply: cannot download linux-source-6.12 $ver"; continue; }
			deb=$(ls "$BUILD"/debs/linux-source-6.12_"$(echo "$ver" | sed 's/:/%3a/')"_*.deb | head -n 1)
		fi
		tmp=$(mktemp -d)
		top=linux-source-6.12
		# shellcheck disable=SC2086
		dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.12.tar.xz |
			tar -xJ -C "$tmp" $(printf "$top/%s " $upstream)
		(cd "$tmp/$top" && git init -q && git add -A &&
			git -c user.name=x -c user.email=x@localhost commit -q -m base)
		if am_to "$tmp/$top"; then
			printf '  %-24s applies\n' "$ver"
		else
			sed 's/^/      /' "$logs/am.txt"
			fail "apply: the series does not apply to linux-source-6.12 $ver"
		fi
		rm -rf "$tmp"
	done
fi

# --- 5. documentation --------------------------------------------------
if want docs; then
	stage "series-check: make SPHINXDIRS=ebpf htmldocs"
	start=$(date +%s)
	if make -C "$tree" O="$BUILD/out-docs" SPHINXDIRS=ebpf htmldocs \
		> "$logs/htmldocs.txt" 2>&1; then
		warn=$(grep -iE 'warning|error' "$logs/htmldocs.txt" | grep -E 'Documentation/ebpf|ebpf/' || true)
		if [ -n "$warn" ]; then
			echo "$warn"
			fail "docs: sphinx warns about Documentation/ebpf"
		else
			stage "series-check: htmldocs clean in $(($(date +%s) - start))s"
		fi
	else
		tail -n 20 "$logs/htmldocs.txt"
		fail "docs: make htmldocs failed"
	fi
	# reachable: index.rst -> subsystem-apis.rst -> ebpf/index
	grep -qE '^ +([^<]*<)?subsystem-apis>?$' "$tree/Documentation/index.rst" &&
		grep -qx '   ebpf/index' "$tree/Documentation/subsystem-apis.rst" ||
		fail "docs: Documentation/ebpf/index.rst is not in the documentation's toctree"
fi

# --- 6. bisection ------------------------------------------------------
ours_re='(^|/)(kernel/ebpf/|include/linux/ebpf|samples/ebpf/|tools/testing/ebpf/|tools/testing/selftests/ebpf/|init/Kconfig|kernel/Makefile)[^ :]*(:[0-9]+)*: (warning|error)'

configure() {
	make -s -C "$tree" O="$out" ARCH=x86_64 allnoconfig > /dev/null
	# shellcheck disable=SC2046
	(cd "$out" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$out" .config \
		$(fragments ours-release) > /dev/null)
	make -s -C "$tree" O="$out" ARCH=x86_64 olddefconfig 2>&1
}

userspace() {
	# the user-space parts present in this patch; their warnings count
	local hdr="-isystem $out/usr/include" rc=0
	make -s -C "$tree" O="$out" ARCH=x86_64 headers > /dev/null 2>&1 || return 1
	if [ -d "$tree/samples/ebpf" ]; then
		make -C "$tree/samples/ebpf" -f Makefile.user KHDR_INCLUDES="$hdr" \
			OUT="$out/series-samples" 2>&1 || rc=1
	fi
	if [ -d "$tree/tools/testing/selftests/ebpf" ]; then
		make -C "$tree/tools/testing/selftests" TARGETS=ebpf KHDR_INCLUDES="$hdr" \
			O="$out/series-kselftest" 2>&1 || rc=1
	fi
	if [ -f "$tree/tools/testing/ebpf/Makefile" ]; then
		make -C "$tree/tools/testing/ebpf" UAPI="$out/usr/include" \
			OUT="$out/series-ebpf-tests" 2>&1 || rc=1
	fi
	return $rc
}

if want bisect; then
	stage "series-check: bisection, one build per patch (log: $logs/build-N.txt)"
	mkdir -p "$out"
	table="  patch                                                        builds warnings seconds"
	n=0
	for sha in base $(git -C "$SRC" rev-list --reverse base..ebpf-series); do
		subject=$(git -C "$SRC" log -1 --format=%s "$sha")
		[ "$sha" = base ] && subject="(base: $(make -s -C "$SRC" kernelversion))"
		git -C "$tree" checkout -q --detach -f "$sha"
		start=$(date +%s)
		log=$logs/build-$n.txt
		ok=yes
		configure > "$log" || ok=no
		if [ $ok = yes ]; then
			make -C "$tree" O="$out" ARCH=x86_64 -j"$JOBS" W=1 bzImage >> "$log" 2>&1 || ok=no
		fi
		if [ $ok = yes ] && [ "$sha" != base ]; then
			# from patch 1 on, CONFIG_EBPF and the rest of the release
			# config must survive olddefconfig, or we built nothing of ours
			for line in $(grep -h '^CONFIG_' $(fragments ours-release)); do
				case $line in
				*=n) ! grep -q "^${line%=n}=" "$out/.config" ;;
				*) grep -qx "$line" "$out/.config" ;;
				esac || { echo "config: $line did not survive" >> "$log"; ok=no; }
			done
		fi
		if [ $ok = yes ] && [ "$sha" != base ]; then
			userspace >> "$log" || ok=no
		fi
		warnings=$(grep -cE "$ours_re" "$log" || true)
		secs=$(($(date +%s) - start))
		row=$(printf '  %02d %-57s %-6s %8s %7s' "$n" "$(echo "$subject" | cut -c1-57)" \
			"$ok" "$warnings" "$secs")
		echo "$row"
		table="$table
$row"
		if [ $ok = no ]; then
			grep -E 'error|Error' "$log" | head -n 20 | sed 's/^/      /'
			fail "bisect: patch $n does not build ($log)"
		fi
		if [ "$warnings" != 0 ]; then
			grep -E "$ours_re" "$log" | head -n 20 | sed 's/^/      /'
			fail "bisect: patch $n warns in our files"
		fi
		n=$((n + 1))
	done
	git -C "$tree" checkout -q --detach -f "$head"
	echo "$table" > "$BUILD/logs/series-bisect.txt"
fi

stage "series-check: done in $(($(date +%s) - t0))s"
if [ -n "$failures" ]; then
	printf 'series-check failed:%s\n' "$failures"
	exit 1
fi
stage "series-check: all checks passed ($count patches)"
