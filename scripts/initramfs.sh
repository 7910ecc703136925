#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kselftests, samples and benchmarks as static binaries and pack
# them with busybox into build/initramfs.cpio.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

root=$BUILD/initramfs
stage "initramfs: uapi headers"
make -s -C "$SRC" O="$BUILD/out-headers" ARCH=x86_64 headers >/dev/null
hdr="-isystem $BUILD/out-headers/usr/include"

stage "initramfs: kselftests (tools/testing/selftests/ebpf)"
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,root,samples}
make -s -C "$SRC/tools/testing/selftests" TARGETS=ebpf \
	KHDR_INCLUDES="$hdr" O="$BUILD/kselftest-build" \
	INSTALL_PATH="$root/kselftest" install >/dev/null

if [ -f "$SRC/samples/ebpf/Makefile.user" ]; then
	stage "initramfs: samples"
	make -s -C "$SRC/samples/ebpf" -f Makefile.user KHDR_INCLUDES="$hdr" \
		OUT="$BUILD/samples-build" DESTDIR="$root/samples" install
fi

# tp_module_test's module, one per kernel flavour built so far
for ko in "$BUILD"/mod-*/ebpf_test_mod.ko; do
	[ -f "$ko" ] || continue
	flavour=$(basename "$(dirname "$ko")")
	install -D -m 644 "$ko" "$root/lib/ebpf/${flavour#mod-}/ebpf_test_mod.ko"
done

cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
# The kselftest runner calls /usr/bin/timeout --foreground, which busybox
# does not know; the guest is our whole process tree anyway.
cat > "$root/usr/bin/timeout" <<'EOT'
#!/bin/sh
[ "$1" = --foreground ] && shift
exec /bin/busybox timeout "$@"
EOT
chmod +x "$root/usr/bin/timeout"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
install -m 755 "$TOP/scripts/guest-init" "$root/init"
# no ACPI in the guest: leaving means a reboot, which ends qemu (-no-reboot)
cat > "$root/etc/profile" <<'EOT'
alias poweroff='sync; reboot -f'
alias reboot='sync; reboot -f'
PS1='ebpf-guest:\w# '
EOT

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$BUILD/initramfs.cpio"
stage "initramfs: $(du -h "$BUILD/initramfs.cpio" | cut -f1), $(wc -l < "$root/kselftest/kselftest-list.txt") test programs"
