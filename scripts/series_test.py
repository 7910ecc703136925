#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/series.py on small made-up trees: each planted mistake
in a manifest (a file nobody claims, a header used before the patch that
adds it, a part that is not there...) must be reported, naming the file;
a good manifest must give the expected tree after each patch."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import series  # noqa: E402

MSG = ("Add the thing this patch adds, because the next patches need it;\n"
       "it does one job and does it well.\n\nTested by building it and by\n"
       "running the tests that come with the series.")

TREE = {
    "kernel/x/Makefile": "# SPDX\nobj-y += a.o\nobj-y += b.o\n",
    "kernel/x/a.c": '#include "a.h"\nint a;\n',
    "kernel/x/a.h": "extern int a;\n",
    "kernel/x/b.c": '#include "a.h"\n#include <linux/x.h>\n\nint b;\n',
    "include/linux/x.h": ("struct x;\n\n/* the first */\nint first(void);\n\n"
                          "/*\n * the second\n */\nint second(void);\n\nint third;\n"),
}


def patch(subject, files, parts=(), message=MSG):
    return {"subject": subject, "files": list(files), "parts": list(parts),
            "message": message}


def good():
    return {
        "cover": {"subject": "x: a series", "text": "what and why"},
        "patch": [
            patch("x: add a", ["kernel/x/Makefile", "kernel/x/a.*"]),
            patch("x: add b", ["kernel/x/b.c", "include/linux/x.h"],
                  [{"file": "kernel/x/Makefile", "line": "obj-y += b.o"}]),
        ],
    }


def run(data, tree=None):
    tree = dict(TREE if tree is None else tree)
    states, errors = series.validate(series.Manifest(data), tree)
    return states, "\n".join(errors)


class Claims(unittest.TestCase):
    def test_good_manifest(self):
        states, errors = run(good())
        self.assertEqual(errors, "")
        self.assertEqual(states[0]["kernel/x/Makefile"], "# SPDX\nobj-y += a.o\n")
        self.assertNotIn("kernel/x/b.c", states[0])
        self.assertEqual(states[1]["kernel/x/Makefile"], TREE["kernel/x/Makefile"])

    def test_unclaimed_file(self):
        data = good()
        data["patch"][1]["files"] = ["kernel/x/b.c"]
        _, errors = run(data)
        self.assertIn("include/linux/x.h: no patch claims it", errors)

    def test_file_claimed_twice(self):
        data = good()
        data["patch"][1]["files"].append("kernel/x/a.h")
        _, errors = run(data)
        self.assertIn("kernel/x/a.h: claimed by patch 01 and patch 02", errors)

    def test_glob_matching_nothing(self):
        data = good()
        data["patch"][1]["files"].append("kernel/y/*")
        _, errors = run(data)
        self.assertIn("kernel/y/* matches no file of ours", errors)


class Order(unittest.TestCase):
    def test_header_from_a_later_patch(self):
        data = good()
        data["patch"][0]["files"] = ["kernel/x/Makefile", "kernel/x/a.c"]
        data["patch"][1]["files"].append("kernel/x/a.h")
        _, errors = run(data)
        self.assertIn('kernel/x/a.c needs kernel/x/a.h (#include "a.h")', errors)

    def test_makefile_object_before_its_source(self):
        data = good()
        data["patch"][1]["parts"] = []
        _, errors = run(data)
        self.assertIn("kernel/x/Makefile needs kernel/x/b.c (b)", errors)

    def test_angle_include_of_ours(self):
        data = good()
        data["patch"] = [data["patch"][0],
                         patch("x: add b", ["kernel/x/b.c"], data["patch"][1]["parts"]),
                         patch("x: add the header", ["include/linux/x.h"])]
        _, errors = run(data)
        self.assertIn("kernel/x/b.c needs include/linux/x.h (#include <linux/x.h>)", errors)


class Parts(unittest.TestCase):
    def data(self, parts, owner_files=("include/linux/x.h",)):
        return {
            "cover": {"subject": "x: a series", "text": "what and why"},
            "patch": [patch("x: add the header", owner_files),
                      patch("x: add the rest", [], parts)],
        }

    def tree(self):
        return {"include/linux/x.h": TREE["include/linux/x.h"]}

    def test_line_not_found(self):
        _, errors = run(self.data([{"file": "include/linux/x.h", "line": "int fourth;"}]),
                        self.tree())
        self.assertIn("part of include/linux/x.h at 'int fourth;': not found", errors)

    def test_line_found_twice(self):
        tree = self.tree()
        tree["include/linux/x.h"] += "int third;\n"
        _, errors = run(self.data([{"file": "include/linux/x.h", "line": "int third;"}]), tree)
        self.assertIn("found 2 times", errors)

    def test_part_of_a_file_from_the_same_patch(self):
        data = self.data([])
        data["patch"][0]["parts"] = [{"file": "include/linux/x.h", "line": "int third;"}]
        _, errors = run(data, self.tree())
        self.assertIn("the file comes with this patch or a later one", errors)

    def test_comment_goes_with_the_line(self):
        states, errors = run(self.data([
            {"file": "include/linux/x.h", "line": "int first(void);", "comment": True},
            {"file": "include/linux/x.h", "line": "int second(void);", "comment": True},
        ]), self.tree())
        self.assertEqual(errors, "")
        # no blank line left doubled, none left at the end
        self.assertEqual(states[0]["include/linux/x.h"], "struct x;\n\nint third;\n")

    def test_cut_at_the_end_leaves_no_trailing_blank(self):
        states, errors = run(self.data([
            {"file": "include/linux/x.h", "line": "int third;"}]), self.tree())
        self.assertEqual(errors, "")
        self.assertTrue(states[0]["include/linux/x.h"].endswith("int second(void);\n"))

    def test_range_to_and_count(self):
        states, errors = run(self.data([
            {"file": "include/linux/x.h", "from": "/*", "to": "int second(void);"}]),
            self.tree())
        self.assertEqual(errors, "")
        self.assertNotIn("second", states[0]["include/linux/x.h"])
        self.assertIn("first", states[0]["include/linux/x.h"])
        _, errors = run(self.data([
            {"file": "include/linux/x.h", "from": "int third;", "count": 3}]), self.tree())
        self.assertIn("count 3 runs past the end", errors)

    def test_nested_part_of_a_later_patch(self):
        data = self.data([{"file": "include/linux/x.h", "from": "/* the first */",
                           "to": "int third;"}])
        data["patch"].append(patch("x: add second", [], [
            {"file": "include/linux/x.h", "line": "int second(void);", "comment": True}]))
        states, errors = run(data, self.tree())
        self.assertEqual(errors, "")
        self.assertEqual(states[0]["include/linux/x.h"], "struct x;\n")
        self.assertNotIn("second", states[1]["include/linux/x.h"])
        self.assertIn("int third;", states[1]["include/linux/x.h"])

    def test_overlapping_parts(self):
        _, errors = run(self.data([
            {"file": "include/linux/x.h", "from": "int first(void);", "to": "int second(void);"},
            {"file": "include/linux/x.h", "from": "int second(void);", "to": "int third;"},
        ]), self.tree())
        self.assertIn("overlaps a part of patch 02", errors)


class Text(unittest.TestCase):
    def test_sloppy_and_short_messages(self):
        data = good()
        data["patch"][0]["message"] = "wip"
        _, errors = run(data)
        self.assertIn("25 words at least", errors)
        self.assertIn("'wip' in the message", errors)

    def test_subject_form(self):
        data = good()
        data["patch"][0]["subject"] = "add a."
        _, errors = run(data)
        self.assertIn("is not 'subsys: what it does'", errors)

    def test_long_line_and_signoff(self):
        data = good()
        data["patch"][0]["message"] = MSG + "\n" + "x" * 80 + "\nSigned-off-by: a <a@b>"
        _, errors = run(data)
        self.assertIn("longer than 75 characters", errors)
        self.assertIn("Signed-off-by comes from git's identity", errors)

    def test_patch_that_changes_nothing(self):
        data = good()
        data["patch"].append(patch("x: add nothing", []))
        _, errors = run(data)
        self.assertIn("x: add nothing: changes nothing", errors)

    def test_checkpatch_needs_a_reason(self):
        data = good()
        data["patch"][0]["checkpatch"] = ["LONG_LINE"]
        with self.assertRaises(series.ManifestError):
            series.Manifest(data)


if __name__ == "__main__":
    unittest.main(verbosity=1)
