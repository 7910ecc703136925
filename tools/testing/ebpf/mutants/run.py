#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutation testing of the verifier: how strong are its tests?

Each mutant of mutants.toml breaks one rule the verifier enforces. In a
scratch copy of the core (build/mutants/tree), each is applied in turn
and the user-space tests run: the verifier table (verifier_test), then
the domain tests (domain_test), then, for what survived those, a short
run of the soundness fuzzer. Prints which test killed each mutant, the
kill rate, and the mutants killed only by the fuzzer or by nothing.

    run.py [--fuzz SECONDS] [--only SUBSTRING]...

Exit status 1 when a mutant does not apply or survives every test,
unless its `equivalent` says why no test can kill it (the program
behaves the same): then it is reported as equivalent.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, '../../../..'))
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build'))
# what the user-space build reads, relative to the top of the tree
TREE_DIRS = ['kernel/ebpf', 'arch/x86/net', 'tools/testing/ebpf',
             'tools/testing/selftests/ebpf']
TABLE = 'verifier_test'
# the domain test, and the same as for a big-endian host
DOMAIN = ['domain_test', 'domain_be_test']


def uapi_dir():
    d = os.path.join(BUILD, 'out-headers/usr/include')
    return d if os.path.exists(os.path.join(d, 'linux/bpf.h')) else '/usr/include'


def copy_tree(dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    for d in TREE_DIRS:
        shutil.copytree(os.path.join(TOP, d), os.path.join(dst, d),
                        ignore=shutil.ignore_patterns('corpus'))
    # the fuzzer reads its seed corpus from its own directory
    seeds = os.path.join(TOP, 'tools/testing/ebpf/fuzz/corpus')
    if os.path.isdir(seeds):
        shutil.copytree(seeds, os.path.join(dst, 'tools/testing/ebpf/fuzz/corpus'))


def run(cmd, timeout, cwd=None):
    """(returncode, output); a timeout counts as a failure."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           errors='replace', timeout=timeout)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ''
        if isinstance(out, bytes):
            out = out.decode(errors='replace')
        return -1, out + '\n(timed out)'


class Scratch:
    def __init__(self, root):
        self.root = root
        self.out = os.path.join(root, 'out')
        self.uapi = uapi_dir()
        copy_tree(root)

    def build(self, names):
        targets = [os.path.join(self.out, n) for n in names]
        return run(['make', '-s', '-j2', '-C',
                    os.path.join(self.root, 'tools/testing/ebpf'),
                    'UAPI=' + self.uapi, 'OUT=' + self.out] + targets, 600)

    def test(self, name):
        return run([os.path.join(self.out, name)], 300)

    def fuzz(self, secs):
        fz = os.path.join(self.root, 'tools/testing/ebpf/fuzz')
        rc, out = run(['make', '-s', '-C', fz, 'UAPI=' + self.uapi,
                       'OUT=' + self.out], 600)
        if rc:
            return rc, out
        corpus = os.path.join(self.out, 'fuzz-corpus')
        shutil.rmtree(corpus, ignore_errors=True)
        os.makedirs(corpus)
        art = os.path.join(self.out, 'fuzz-artifacts') + '/'
        os.makedirs(art, exist_ok=True)
        return run([os.path.join(self.out, 'verifier_fuzz'),
                    '-max_total_time=%d' % secs, '-timeout=5',
                    '-rss_limit_mb=2048', '-max_len=1024',
                    '-artifact_prefix=' + art, corpus,
                    os.path.join(fz, 'corpus'), os.path.join(fz, 'findings')],
                   secs + 120)


def apply(scratch, m):
    """The mutated file's path and original text, or an error string."""
    path = os.path.join(scratch.root, m['file'])
    with open(path) as f:
        text = f.read()
    n = text.count(m['from'])
    if n != 1:
        return None, None, 'matches %d times in %s' % (n, m['file'])
    with open(path, 'w') as f:
        f.write(text.replace(m['from'], m['to']))
    return path, text, None


def judge(scratch, m, fuzz_secs):
    """'table', 'domain', 'fuzz', 'survived', or 'invalid: why'."""
    path, orig, err = apply(scratch, m)
    if err:
        return 'invalid: ' + err
    try:
        rc, out = scratch.build([TABLE] + DOMAIN)
        if rc:
            return 'invalid: does not compile:\n' + out[-2000:]
        if scratch.test(TABLE)[0]:
            return 'table'
        if any(scratch.test(t)[0] for t in DOMAIN):
            return 'domain'
        if fuzz_secs and scratch.fuzz(fuzz_secs)[0]:
            return 'fuzz'
        return 'survived'
    finally:
        with open(path, 'w') as f:
            f.write(orig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fuzz', type=int, default=30,
                    help='seconds of fuzzing for mutants the tests miss (0: none)')
    ap.add_argument('--only', action='append',
                    help='mutants whose rule contains this (repeatable)')
    args = ap.parse_args()

    with open(os.path.join(HERE, 'mutants.toml'), 'rb') as f:
        mutants = tomllib.load(f)['mutant']
    if args.only:
        mutants = [m for m in mutants if any(o in m['rule'] for o in args.only)]
    scratch = Scratch(os.path.join(BUILD, 'mutants/tree'))
    rc, out = scratch.build([TABLE] + DOMAIN)
    if rc or any(scratch.test(t)[0] for t in [TABLE] + DOMAIN):
        sys.exit('mutants: the unmutated tests fail; fix them first\n' + out[-2000:])

    results = []
    for i, m in enumerate(mutants, 1):
        verdict = judge(scratch, m, args.fuzz)
        if verdict == 'survived' and m.get('equivalent'):
            verdict = 'equivalent'
        results.append((m, verdict))
        print('%2d/%d  %-9s %s (%s)' % (i, len(mutants), verdict.split(':')[0],
                                         m['rule'], os.path.basename(m['file'])),
              flush=True)
        if verdict.startswith('invalid'):
            print('       ' + verdict.replace('\n', '\n       '))

    count = {}
    for _, v in results:
        k = v.split(':')[0]
        count[k] = count.get(k, 0) + 1
    n = len(results)
    killed = sum(count.get(k, 0) for k in ('table', 'domain', 'fuzz'))
    print('\nmutants: %d; killed %d (%.0f%%): by the table %d, the domain '
          'tests %d, only the fuzzer %d; survived %d; equivalent %d; '
          'invalid %d' %
          (n, killed, 100.0 * killed / max(n, 1), count.get('table', 0),
           count.get('domain', 0), count.get('fuzz', 0),
           count.get('survived', 0), count.get('equivalent', 0),
           count.get('invalid', 0)))
    for m, v in results:
        if v in ('fuzz', 'survived'):
            print('  %s: %s (%s)' % (v, m['rule'], m['file']))
        elif v == 'equivalent':
            print('  equivalent: %s: %s' % (m['rule'], m['equivalent']))
    sys.exit(1 if count.get('survived') or count.get('invalid') else 0)


if __name__ == '__main__':
    main()
