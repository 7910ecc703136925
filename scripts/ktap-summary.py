#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest console (KTAP from run_kselftest.sh) into one line per
test and a final "N passed, N failed" line, as it streams in on stdin.

Fails (exit 1) on a failed test, a test program that died without saying
which case failed, a kernel report (BUG, WARNING, KASAN, lockdep, RCU,
kmemleak, panic) anywhere in the console, or a guest that never reached
its end marker (time-out or crash)."""
import re
import sys

KERNEL_REPORT = re.compile(
    r"\bBUG: |WARNING: |KASAN|UBSAN|Kernel panic|Oops|"
    r"general protection fault|possible (circular|recursive) locking|"
    r"inconsistent lock state|suspicious RCU usage|unreferenced object|"
    r"rcu_.*stall|INFO: task .* blocked|kmemleak: .*new suspected")
PROG = re.compile(r"^# selftests: (\S+): (\S+)")
# kselftest.h writes "ok N name" and "ok N # SKIP reason"
CASE = re.compile(r"^# (not ok|ok) \d+ (# (SKIP|XFAIL)\s*)?(.*)$")
TOP = re.compile(r"^(not ok|ok) \d+ selftests: (\S+): (\S+)(.*)$")

passed = failed = skipped = 0
prog = "?"
prog_failed = 0
reports = []
done = False

for raw in sys.stdin:
    line = raw.rstrip("\r\n")
    # the console may interleave a kernel message with a prefix like "[ 1.2]"
    text = re.sub(r"^\[\s*\d+\.\d+\]\s*", "", line)
    if KERNEL_REPORT.search(text) and not text.startswith("#"):
        reports.append(text)
        print(f"KERNEL  {text}", flush=True)
        continue
    if text.startswith("EBPF-GUEST: done"):
        done = True
    m = PROG.match(text)
    if m:
        prog, prog_failed = m.group(2), 0
        continue
    m = CASE.match(text)
    if m:
        result, skip, name = m.group(1), m.group(3), m.group(4)
        if skip == "SKIP":
            skipped += 1
            print(f"SKIP    {prog}: {name}", flush=True)
        elif skip == "XFAIL":
            passed += 1
            print(f"XFAIL   {prog}: {name}", flush=True)
        elif result == "ok":
            passed += 1
            print(f"PASS    {prog}: {name}", flush=True)
        else:
            failed += 1
            prog_failed += 1
            print(f"FAIL    {prog}: {name}", flush=True)
        continue
    m = TOP.match(text)
    if m and m.group(1) == "not ok" and prog_failed == 0:
        failed += 1
        print(f"FAIL    {m.group(3)}: test program failed{m.group(4)}",
              flush=True)
        continue
    if text.startswith("EBPF-HOST:") or re.match(r"^# # ", text):
        print(f"        {text}", flush=True)

if not done:
    failed += 1
    print("FAIL    guest: no end marker (time-out, panic or crash)")
failed += len(reports)
print(f"{passed} passed, {failed} failed" +
      (f", {skipped} skipped" if skipped else "") +
      (f" ({len(reports)} kernel reports)" if reports else ""))
sys.exit(1 if failed or passed == 0 else 0)
