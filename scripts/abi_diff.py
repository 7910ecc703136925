#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two abi_fuzz logs (ours, reference) call by call.

    abi_diff.py ACCEPTED OURS REFERENCE

Each log line is "ABI <seed>.<n> [>SLOT] [@SLOT...] <call> => <result>".
Calls are matched by <seed>.<n>. Where the results differ, the slots the
call uses or fills are marked: later calls of the episode that use them
are consequences of that difference and are not compared. A slot that
both kernels fill again the same way is clean again.

ACCEPTED lists the differences we know and accept, one per line:

    CALL-REGEX | OURS-REGEX | REF-REGEX | reason

each regex searched in the call text or in a result (followed by the
log's last line, for a rejected load). The exit status is 1
when a difference matches no line, 0 otherwise.
"""
import re
import sys
from collections import Counter, OrderedDict

LINE = re.compile(r'^ABI (\d+)\.(\d+) (.*?) => (.*)$')
NOTE = re.compile(r'^ABI-LOG (\d+)\.(\d+) (.*)$')
SLOT = re.compile(r'(?:^|\s)([>@])([mp]\d)\b')


class Rule:
    def __init__(self, lineno, call, ours, ref, reason):
        self.lineno = lineno
        self.call = re.compile(call)
        self.ours = re.compile(ours)
        self.ref = re.compile(ref)
        self.reason = reason
        self.text = f'{call} | {ours} | {ref}'
        self.hits = 0

    def matches(self, call, ours, ref):
        return bool(self.call.search(call) and self.ours.search(ours) and
                    self.ref.search(ref))


def load_rules(path):
    rules = []
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            text = raw.strip()
            if not text or text.startswith('#'):
                continue
            parts = [p.strip() for p in text.split(' | ')]
            if len(parts) != 4 or not parts[3]:
                sys.exit(f'{path}:{n}: want "CALL | OURS | REF | reason"')
            rules.append(Rule(n, *parts))
    return rules


def load_log(path):
    """The calls of a log by (seed, n), and the notes on them."""
    calls = OrderedDict()
    notes = {}
    with open(path, errors='replace') as f:
        for raw in f:
            m = LINE.match(raw.rstrip('\n'))
            if m:
                calls[(int(m[1]), int(m[2]))] = (m[3], m[4])
            m = NOTE.match(raw.rstrip('\n'))
            if m:
                notes[(int(m[1]), int(m[2]))] = m[3]
    return calls, notes


def command(call):
    """The command word of a call: the first upper-case token."""
    for tok in call.split():
        if re.fullmatch(r'[A-Z_]+\d*', tok):
            return tok
    return '?'


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    rules = load_rules(sys.argv[1])
    ours, ours_notes = load_log(sys.argv[2])
    ref, ref_notes = load_log(sys.argv[3])
    if not ours or not ref:
        sys.exit('abi-diff: a log has no calls')

    stats = Counter()
    unexplained = OrderedDict()
    per_cmd = Counter()
    tainted = set()
    episode = None
    for key, (call, r_ours) in ours.items():
        if key not in ref:
            stats['only ours'] += 1
            continue
        call_ref, r_ref = ref[key]
        if key[0] != episode:
            episode = key[0]
            tainted = set()
        if call != call_ref:
            sys.exit(f'abi-diff: {key[0]}.{key[1]}: the generators differ:\n'
                     f'  {call}\n  {call_ref}')
        used = {s for kind, s in SLOT.findall(call) if kind == '@'}
        filled = {s for kind, s in SLOT.findall(call) if kind == '>'}
        if used & tainted:
            stats['consequence'] += 1
            tainted |= filled
            continue
        stats['compared'] += 1
        if r_ours == r_ref:
            if not r_ours.startswith('E'):
                tainted -= filled
            continue
        tainted |= used | filled
        stats['different'] += 1
        per_cmd[command(call)] += 1
        # a rule may also name the log's last line (the notes)
        m_ours = f'{r_ours} {ours_notes.get(key, "")}'
        m_ref = f'{r_ref} {ref_notes.get(key, "")}'
        for rule in rules:
            if rule.matches(call, m_ours, m_ref):
                rule.hits += 1
                stats['accepted'] += 1
                break
        else:
            stats['unexplained'] += 1
            cls = (command(call), r_ours.split()[0], r_ref.split()[0])
            unexplained.setdefault(cls, []).append((key, call, r_ours, r_ref))

    print(f'abi-diff: {len(ours)} calls on ours, {len(ref)} on the reference; '
          f'{stats["compared"]} compared, {stats["consequence"]} '
          'consequences of an earlier difference not compared')
    print(f'abi-diff: {stats["different"]} different: {stats["accepted"]} '
          f'accepted, {stats["unexplained"]} unexplained')
    if per_cmd:
        print('abi-diff: different by command: ' +
              ', '.join(f'{c} {n}' for c, n in per_cmd.most_common()))
    for rule in rules:
        if rule.hits:
            print(f'  accepted {rule.hits:5d}  {rule.reason}')
    stale = [r for r in rules if not r.hits]
    for rule in stale:
        print(f'  (no difference matched line {rule.lineno}: {rule.reason})')
    for (cmd, a, b), cases in sorted(unexplained.items(),
                                     key=lambda kv: -len(kv[1])):
        print(f'UNEXPLAINED {len(cases):5d}  {cmd}: ours {a}, reference {b}')
        for key, call, r_a, r_b in cases[:3]:
            print(f'    {key[0]}.{key[1]} {call}')
            print(f'        ours      => {r_a}')
            if key in ours_notes:
                print(f'          log: {ours_notes[key]}')
            print(f'        reference => {r_b}')
            if key in ref_notes:
                print(f'          log: {ref_notes[key]}')
    return 1 if stats['unexplained'] else 0


if __name__ == '__main__':
    sys.exit(main())
