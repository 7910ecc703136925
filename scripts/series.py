#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The patch series: from the overlay, patches/ and patches/manifest.toml to
a git history on top of the pristine base and `git format-patch` files.

    series.py check          validate the manifest against the working tree
    series.py build          write build/series/ (needs the assembled tree)
    series.py commits        print "sha subject" of the built series, in order
    series.py files N        print the files the Nth patch touches
    series.py allowed        print "N TYPE" for each checkpatch finding kept

The manifest lists the patches in the order a reviewer reads them. Each
claims whole files (overlay paths or patches/*.patch) and may claim parts
of a file an earlier patch added: lines that only make sense once this
patch's code exists (a Makefile line, a switch case, a struct member). The
tree after patch N holds every file claimed by patches 1..N, without the
parts claimed by later patches. Every file of ours is claimed exactly
once; a part names lines that exist exactly once; the includes and
Makefile objects of each state resolve within that state.
"""
import fnmatch
import os
import re
import subprocess
import sys
import tempfile
import tomllib

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANIFEST = "patches/manifest.toml"
BRANCH = "refs/heads/ebpf-series"
# words a reviewer does not want to read as a commit message
SLOPPY = re.compile(r"\b(wip|misc|todo|fixme|fixup|xxx|tmp)\b", re.I)
SUBJECT = re.compile(r"^[A-Za-z0-9][\w./-]*(: [\w./-]+)*: [a-zA-Z0-9].*[^.]$")


class ManifestError(Exception):
    pass


# --- the manifest ---------------------------------------------------------

class Part:
    """Lines of @file that patch @owner adds: a single @line, or from the
    line @start on, up to and including @to (or @count lines); @comment
    also takes the comment block right above. Lines match exactly, but for
    trailing white space."""

    def __init__(self, owner, spec):
        self.owner = owner
        self.file = spec.get("file")
        self.start = spec.get("line", spec.get("from"))
        self.to = spec.get("to")
        self.count = spec.get("count")
        self.comment = spec.get("comment", False)
        known = {"file", "line", "from", "to", "count", "comment"}
        if not self.file or self.start is None:
            raise ManifestError(f"patch {owner}: a part needs file and line (or from)")
        if set(spec) - known:
            raise ManifestError(f"patch {owner}: part of {self.file}: unknown keys "
                                f"{sorted(set(spec) - known)}")
        if "line" in spec and ("from" in spec or self.to or self.count):
            raise ManifestError(f"patch {owner}: part of {self.file}: line is one line; "
                                "use from with to or count for more")

    def describe(self):
        return f"part of {self.file} at {self.start.strip()!r}"

    def span(self, lines):
        """Indices [first, last] of the part in @lines, or raise."""
        hits = [i for i, l in enumerate(lines) if l.rstrip() == self.start.rstrip()]
        if len(hits) != 1:
            where = "not found" if not hits else f"found {len(hits)} times"
            raise ManifestError(f"patch {self.owner}: {self.describe()}: {where}")
        first = last = hits[0]
        if self.to is not None:
            ends = [i for i in range(first, len(lines))
                    if lines[i].rstrip() == self.to.rstrip()]
            if not ends:
                raise ManifestError(f"patch {self.owner}: {self.describe()}: "
                                    f"end {self.to.strip()!r} not found after it")
            last = ends[0]
        elif self.count is not None:
            last = first + self.count - 1
            if self.count < 1 or last >= len(lines):
                raise ManifestError(f"patch {self.owner}: {self.describe()}: "
                                    f"count {self.count} runs past the end")
        if self.comment:
            first = comment_above(lines, first, self)
        return first, last


def comment_above(lines, i, part):
    """First line of the comment block that ends right above line @i."""
    j = i - 1
    if j < 0:
        raise ManifestError(f"patch {part.owner}: {part.describe()}: no comment above")
    above = lines[j].strip()
    if above.startswith("#") and not above.startswith("#include"):
        while j > 0 and lines[j - 1].strip().startswith("#") and \
                "SPDX" not in lines[j - 1]:
            j -= 1
        return j
    if above.endswith("*/"):
        while j >= 0 and not lines[j].lstrip().startswith("/*"):
            j -= 1
        if j >= 0:
            return j
    raise ManifestError(f"patch {part.owner}: {part.describe()}: no comment above")


class Patch:
    def __init__(self, number, spec):
        self.number = number
        known = {"subject", "files", "parts", "checkpatch", "message"}
        if set(spec) - known:
            raise ManifestError(f"patch {number}: unknown keys {sorted(set(spec) - known)}")
        self.subject = spec.get("subject", "")
        self.globs = spec.get("files", [])
        self.parts = [Part(number, p) for p in spec.get("parts", [])]
        self.message = spec.get("message", "").strip("\n")
        # "TYPE: why" for each checkpatch finding this patch keeps
        self.checkpatch = {}
        for line in spec.get("checkpatch", []):
            kind, _, why = line.partition(":")
            if not why.strip():
                raise ManifestError(f"patch {number}: checkpatch {line!r} needs "
                                    "'TYPE: justification'")
            self.checkpatch[kind.strip()] = why.strip()
        self.files = []

    def name(self):
        return f"{self.number:02d} {self.subject}"


class Manifest:
    def __init__(self, data):
        self.cover = data.get("cover", {})
        self.patches = [Patch(i + 1, p) for i, p in enumerate(data.get("patch", []))]
        if not self.patches:
            raise ManifestError("the manifest has no [[patch]]")


def load_manifest(path):
    try:
        with open(path, "rb") as f:
            return Manifest(tomllib.load(f))
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{path}: {e}") from None


# --- the files of ours ----------------------------------------------------

def our_files(top):
    """Overlay files and patches/*.patch, as assemble.sh takes them."""
    dirs = os.environ.get("OVERLAY_DIRS", "").split()
    if not dirs:
        raise ManifestError("OVERLAY_DIRS is not set (run through scripts/series.sh)")
    out = subprocess.run(["git", "-C", top, "ls-files", "-co", "--exclude-standard",
                          "--", *dirs], check=True, capture_output=True, text=True)
    files = [f for f in out.stdout.split("\n") if f and os.path.isfile(os.path.join(top, f))]
    files += sorted("patches/" + f for f in os.listdir(os.path.join(top, "patches"))
                    if f.endswith(".patch"))
    return sorted(set(files))


def read_tree(top, paths):
    tree = {}
    for p in paths:
        with open(os.path.join(top, p), encoding="utf-8", errors="surrogateescape") as f:
            tree[p] = f.read()
    return tree


# --- validation -----------------------------------------------------------

def claim_files(manifest, paths):
    """Resolve each patch's globs to files; every file exactly once."""
    errors = []
    owner = {}
    for patch in manifest.patches:
        for glob in patch.globs:
            hits = [p for p in paths if fnmatch.fnmatchcase(p, glob)]
            if not hits:
                errors.append(f"patch {patch.name()}: {glob} matches no file of ours")
            for p in hits:
                if p in owner:
                    errors.append(f"{p}: claimed by patch {owner[p]:02d} and patch "
                                  f"{patch.number:02d}")
                    continue
                owner[p] = patch.number
                patch.files.append(p)
    for p in paths:
        if p not in owner:
            errors.append(f"{p}: no patch claims it")
    return owner, errors


def check_text(manifest):
    errors = []
    for patch in manifest.patches:
        if not SUBJECT.match(patch.subject):
            errors.append(f"patch {patch.number:02d}: subject {patch.subject!r} is not "
                          "'subsys: what it does' (no final period)")
        elif len(patch.subject) > 70:
            errors.append(f"patch {patch.number:02d}: subject longer than 70 characters")
        body = patch.message
        if len(body.split()) < 25:
            errors.append(f"patch {patch.name()}: the message must say what, why and "
                          "how it was tested (25 words at least)")
        m = SLOPPY.search(patch.subject + "\n" + body)
        if m:
            errors.append(f"patch {patch.name()}: {m.group(0)!r} in the message")
        for n, line in enumerate(body.split("\n"), 1):
            if len(line) > 75 and not line.startswith("    "):
                errors.append(f"patch {patch.name()}: message line {n} is longer than "
                              "75 characters")
        if "Signed-off-by:" in body:
            errors.append(f"patch {patch.name()}: Signed-off-by comes from git's "
                          "identity, not from the manifest")
    for key in ("subject", "text"):
        if not manifest.cover.get(key, "").strip():
            errors.append(f"[cover] needs a {key}")
    return errors


def part_spans(manifest, owner, tree):
    """{file: [(first, last, patch number)]}, checked for overlaps."""
    spans = {}
    errors = []
    for patch in manifest.patches:
        for part in patch.parts:
            if part.file not in tree:
                errors.append(f"patch {patch.name()}: {part.describe()}: not a file of ours")
                continue
            if part.file.startswith("patches/"):
                errors.append(f"patch {patch.name()}: {part.describe()}: upstream "
                              "patches are claimed whole")
                continue
            if owner.get(part.file, 0) >= patch.number:
                errors.append(f"patch {patch.name()}: {part.describe()}: the file comes "
                              "with this patch or a later one")
                continue
            try:
                first, last = part.span(tree[part.file].split("\n"))
            except ManifestError as e:
                errors.append(str(e))
                continue
            for a, b, n in spans.get(part.file, []):
                # a later patch may claim lines inside an earlier one's part
                inside = a <= first and last <= b and n < patch.number
                if first <= b and a <= last and not inside:
                    errors.append(f"patch {patch.name()}: {part.describe()}: overlaps "
                                  f"a part of patch {n:02d}")
            spans.setdefault(part.file, []).append((first, last, patch.number))
    return spans, errors


def cut(text, drops):
    """@text without the line ranges @drops; a blank line left beside a
    blank line (or at either end of the file) by a cut goes too."""
    lines = text.split("\n")
    trailing_nl = text.endswith("\n")
    if trailing_nl:
        lines = lines[:-1]
    gone = [False] * len(lines)
    for a, b in drops:
        for i in range(a, b + 1):
            gone[i] = True
    out = []
    i = 0
    while i < len(lines):
        if not gone[i]:
            out.append(lines[i])
            i += 1
            continue
        while i < len(lines) and gone[i]:
            i += 1
        before_blank = not out or out[-1].strip() == ""
        if before_blank and i < len(lines) and lines[i].strip() == "":
            i += 1
        elif i == len(lines) and out and out[-1].strip() == "":
            out.pop()
    res = "\n".join(out)
    if trailing_nl and out:
        res += "\n"
    return res


def states(manifest, owner, spans, tree):
    """The overlay after each patch: a list of {path: text}, one per patch."""
    result = []
    for patch in manifest.patches:
        state = {}
        for path, text in tree.items():
            if owner.get(path, 0) > patch.number:
                continue
            drops = [(a, b) for a, b, n in spans.get(path, []) if n > patch.number]
            state[path] = cut(text, drops) if drops else text
        result.append(state)
    return result


INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
MAKE_LIST = re.compile(r"^(obj-\S+|TEST_GEN_PROGS\w*|TEST_PROGS\w*|SAMPLES)\s*[:+]?=(.*)$")


def resolve_include(path, kind, name, universe):
    here = os.path.dirname(path)
    cands = [os.path.normpath(os.path.join(here, name))] if kind == '"' else []
    cands.append(os.path.normpath(os.path.join("include", name)))
    if name.startswith("uapi/"):
        cands.append(os.path.normpath(os.path.join("include", name)))
    # the user-space core builds with -Ishim
    if path.startswith("tools/testing/ebpf/"):
        cands.append(os.path.normpath(os.path.join("tools/testing/ebpf/shim", name)))
    for c in cands:
        if c in universe:
            return c
    return None


def makefile_needs(path, text):
    """Sources the kbuild or kselftest Makefile @path builds."""
    here = os.path.dirname(path)
    joined = re.sub(r"\\\n", " ", text)
    for line in joined.split("\n"):
        m = MAKE_LIST.match(line.strip())
        if not m:
            continue
        for word in m.group(2).split():
            if "$" in word or word.endswith("/"):
                continue
            base = word[:-2] if word.endswith(".o") else word
            yield os.path.join(here, base + ".c")


def check_states(manifest, tree, all_states):
    """Every include and Makefile object of patch N resolves by patch N."""
    errors = []
    universe = set(tree)
    for patch, state in zip(manifest.patches, all_states):
        for path, text in state.items():
            needs = []
            if path.endswith((".c", ".h")):
                for kind, name in INCLUDE.findall(text):
                    hit = resolve_include(path, kind, name, universe)
                    if hit:
                        close = ">" if kind == "<" else '"'
                        needs.append((hit, f"#include {kind}{name}{close}"))
            if os.path.basename(path).startswith("Makefile"):
                needs += [(src, os.path.basename(src)[:-2]) for src in makefile_needs(path, text)
                          if src in universe]
            for need, why in needs:
                if need not in state:
                    errors.append(f"patch {patch.name()}: {path} needs {need} ({why}), "
                                  "which a later patch adds")
    return errors


def validate(manifest, tree):
    """All checks on @manifest against @tree; returns (states, errors)."""
    owner, errors = claim_files(manifest, sorted(tree))
    errors += check_text(manifest)
    spans, more = part_spans(manifest, owner, tree)
    errors += more
    all_states = states(manifest, owner, spans, tree)
    errors += check_states(manifest, tree, all_states)
    for patch, state in zip(manifest.patches, all_states):
        prev = all_states[patch.number - 2] if patch.number > 1 else {}
        if state == prev:
            errors.append(f"patch {patch.name()}: changes nothing")
    return all_states, errors


# --- building the series --------------------------------------------------

def git(src, *args, env=None, data=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    res = subprocess.run(["git", "-C", src, *args], input=data, capture_output=True,
                         env=e, check=False)
    if res.returncode:
        raise ManifestError(f"git {' '.join(args)}: {res.stderr.decode().strip()}")
    return res.stdout.decode()


def identity(top):
    vals = []
    for key in ("user.name", "user.email"):
        res = subprocess.run(["git", "-C", top, "config", key], capture_output=True,
                             text=True, check=False)
        if not res.stdout.strip():
            raise ManifestError(f"git config {key} is not set: the series is signed off "
                                "with git's configured identity")
        vals.append(res.stdout.strip())
    return vals


def apply_upstream(src, patch_files, top):
    """{path: text} of the upstream files after the claimed patches/."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        touched = set()
        for p in patch_files:
            with open(os.path.join(top, p), encoding="utf-8") as f:
                touched |= set(re.findall(r"^\+\+\+ b/(\S+)", f.read(), re.M))
        for t in touched:
            os.makedirs(os.path.join(tmp, os.path.dirname(t)), exist_ok=True)
            res = subprocess.run(["git", "-C", src, "show", f"base:{t}"],
                                 capture_output=True, check=False)
            if res.returncode == 0:
                with open(os.path.join(tmp, t), "wb") as f:
                    f.write(res.stdout)
        for p in patch_files:
            with open(os.path.join(top, p), "rb") as f:
                res = subprocess.run(["patch", "-p1", "-s", "-d", tmp,
                                      "--no-backup-if-mismatch"], stdin=f,
                                     capture_output=True, check=False)
            if res.returncode:
                raise ManifestError(f"{p} does not apply to the base: "
                                    f"{res.stdout.decode()}{res.stderr.decode()}")
        for t in touched:
            with open(os.path.join(tmp, t), encoding="utf-8",
                      errors="surrogateescape") as f:
                out[t] = f.read()
    return out


def build(top, src, outdir):
    manifest = load_manifest(os.path.join(top, MANIFEST))
    tree = read_tree(top, our_files(top))
    all_states, errors = validate(manifest, tree)
    if errors:
        raise ManifestError("\n".join(errors))
    name, email = identity(top)
    date = git(top, "log", "-1", "--format=%cI").strip()
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    with tempfile.TemporaryDirectory() as tmp:
        env["GIT_INDEX_FILE"] = os.path.join(tmp, "index")
        git(src, "read-tree", "base", env=env)
        parent = git(src, "rev-parse", "base^{commit}").strip()
        blobs = {}
        for patch, state in zip(manifest.patches, all_states):
            ups = [p for p in state if p.startswith("patches/")]
            files = {p: t for p, t in state.items() if not p.startswith("patches/")}
            files.update(apply_upstream(src, sorted(ups), top))
            entries = []
            for path, text in sorted(files.items()):
                data = text.encode("utf-8", errors="surrogateescape")
                if data not in blobs:
                    blobs[data] = git(src, "hash-object", "-w", "--stdin", data=data).strip()
                mode = "100644"
                if os.access(os.path.join(top, path), os.X_OK):
                    mode = "100755"
                entries.append(f"{mode} {blobs[data]}\t{path}")
            git(src, "update-index", "--index-info", env=env,
                data=("\n".join(entries) + "\n").encode())
            treesha = git(src, "write-tree", env=env).strip()
            msg = (f"{patch.subject}\n\n{patch.message}\n\n"
                   f"Signed-off-by: {name} <{email}>\n")
            parent = git(src, "commit-tree", treesha, "-p", parent, env=env,
                         data=msg.encode()).strip()
    git(src, "update-ref", BRANCH, parent)

    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):
        if f.endswith(".patch"):
            os.unlink(os.path.join(outdir, f))
    git(src, "format-patch", "-q", "--cover-letter", "-n", "--no-signature",
        "--zero-commit", "-o", outdir, f"base..{BRANCH}", env=env)
    cover_path = os.path.join(outdir, "0000-cover-letter.patch")
    with open(cover_path, encoding="utf-8") as f:
        cover = f.read()
    cover = cover.replace("*** SUBJECT HERE ***", manifest.cover["subject"].strip())
    cover = cover.replace("*** BLURB HERE ***", cover_text(manifest, top))
    with open(cover_path, "w", encoding="utf-8") as f:
        f.write(cover)
    return manifest, parent


def cover_text(manifest, top):
    logs = os.path.join(os.environ.get("BUILD", os.path.join(top, "build")), "logs")
    text = manifest.cover["text"].strip("\n") + "\n"
    text += "\nTest results (make test; latest run on this tree):\n\n"
    for flavour, what in (("ours", "our kernel (debug: KASAN, lockdep)"),
                          ("reference", "reference kernel (mainline BPF)")):
        path = os.path.join(logs, f"{flavour}-summary.txt")
        summary = "not measured"
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                lines = [l.strip() for l in f if re.search(r"\d+ passed, \d+ failed", l)]
            if lines:
                summary = lines[-1]
        text += f"  {what + ':':40s} {summary}\n"
    text += "\nBenchmarks (make bench, ours against the reference kernel):\n\n"
    path = os.path.join(logs, "bench-table.txt")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            text += "".join("  " + l for l in f)
    else:
        text += "  not measured\n"
    return text.rstrip("\n")


# --- entry points ---------------------------------------------------------

def main(argv):
    if len(argv) < 2 or argv[1] not in ("check", "build", "commits", "files", "allowed"):
        print(__doc__, file=sys.stderr)
        return 2
    build_dir = os.environ.get("BUILD", os.path.join(TOP, "build"))
    src = os.path.join(build_dir, "linux")
    try:
        if argv[1] == "check":
            manifest = load_manifest(os.path.join(TOP, MANIFEST))
            tree = read_tree(TOP, our_files(TOP))
            _, errors = validate(manifest, tree)
            for e in errors:
                print(f"series: {e}", file=sys.stderr)
            if errors:
                return 1
            print(f"==> series: manifest covers {len(tree)} files in "
                  f"{len(manifest.patches)} patches; every state's includes resolve")
        elif argv[1] == "build":
            manifest, head = build(TOP, src, os.path.join(build_dir, "series"))
            shas = git(src, "rev-list", "--reverse", f"base..{BRANCH}").split()
            for patch, sha in zip(manifest.patches, shas):
                stat = git(src, "diff", "--shortstat", f"{sha}^", sha).strip()
                stat = re.sub(r" (insertion|deletion)s?\(([+-])\)", r"\2", stat)
                stat = stat.replace(" files changed", " files").replace(" file changed", " file")
                print(f"  {patch.number:02d} {patch.subject[:58]:58s} {stat}")
            print(f"==> series: {len(manifest.patches)} patches in "
                  f"{os.path.join(build_dir, 'series')} (branch {BRANCH[11:]} "
                  f"at {head[:12]} in build/linux)")
        elif argv[1] == "commits":
            print(git(src, "log", "--reverse", "--format=%H %s", f"base..{BRANCH}"), end="")
        elif argv[1] == "files":
            manifest = load_manifest(os.path.join(TOP, MANIFEST))
            tree = read_tree(TOP, our_files(TOP))
            claim_files(manifest, sorted(tree))
            print("\n".join(manifest.patches[int(argv[2]) - 1].files))
        elif argv[1] == "allowed":
            manifest = load_manifest(os.path.join(TOP, MANIFEST))
            for patch in manifest.patches:
                for kind in sorted(patch.checkpatch):
                    print(patch.number, kind)
    except ManifestError as e:
        print(f"series: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
