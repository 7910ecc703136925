# SPDX-License-Identifier: GPL-2.0
# eBPF for Linux 6.12: build, boot and test the subsystem in qemu.
#
#   make run                 build everything, boot our kernel, run the samples
#   make test                build, boot, run every test (KERNEL=reference: on
#                            the reference kernel with mainline's BPF)
#   make shell               boot our kernel to a busybox shell
#   make bench               benchmarks, ours against the reference kernel
#   make abi-diff            the same generated bpf(2) calls on both kernels,
#                            compared call by call (ABI_SEEDS=N episodes)
#   make mutants             which test kills each soundness mutation of the
#                            verifier (user space, minutes)
#   make patches             regenerate patches/ from build/linux
#   make series              the patch series in build/series/
#   make series-check        bisect build, checkpatch and docs of the series
#   make checkpatch          scripts/checkpatch.pl --strict on our files

KERNEL ?= ours

.PHONY: all deps assemble kernel initramfs run test shell bench abi-diff mutants patches \
	checkpatch series series-check clean

all: test

deps:
	@scripts/deps.sh

assemble: deps
	@scripts/assemble.sh

kernel: assemble
	@scripts/build-kernel.sh $(KERNEL)

initramfs: assemble
	@scripts/initramfs.sh

run: kernel initramfs
	@scripts/boot.sh $(KERNEL) run 600

test:
	@scripts/test.sh $(KERNEL)

shell: kernel initramfs
	@scripts/boot.sh $(KERNEL) shell

bench:
	@scripts/bench.sh

abi-diff:
	@scripts/abi-diff.sh

mutants: deps
	@python3 tools/testing/ebpf/mutants/run.py

patches:
	@scripts/mkpatches.sh

checkpatch: assemble
	@scripts/checkpatch.sh

series: assemble
	@scripts/series.sh build

series-check:
	@scripts/series-check.sh

clean:
	rm -rf build
