"""Tests of tools/import_cycles.py on tiny crates in a temporary directory.

Run from the repository root: python3 -m unittest discover -s tools -p 'test_*.py'
(or: python3 -m unittest tools/test_import_cycles.py).
"""

import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import import_cycles  # noqa: E402


class ImportCycles(unittest.TestCase):
    def crate(self, files):
        """A crate directory holding `files` ({relative path: text}); returns its path."""
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        for rel, text in files.items():
            path = os.path.join(tmp.name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))
        return tmp.name

    def cycles(self, files):
        out = io.StringIO()
        found = import_cycles.check(self.crate(files), out=out)
        return found, out.getvalue()

    def test_one_way_tree_has_no_cycle(self):
        found, text = self.cycles({
            "lib.rs": "mod a;\nmod b;\npub use a::A;\n",
            "a.rs": "use crate::b::B;\npub struct A(B);\n",
            "b.rs": "pub struct B;\n",
        })
        self.assertEqual(found, 0, text)

    def test_two_files_importing_each_other(self):
        found, text = self.cycles({
            "lib.rs": "mod a;\nmod b;\n",
            "a.rs": "use crate::b::B;\npub struct A;\n",
            "b.rs": "pub struct B;\nfn f() -> crate::a::A { crate::a::A }\n",
        })
        self.assertEqual(found, 1)
        self.assertIn("a.rs <-> b.rs", text)

    def test_mod_declaration_alone_is_no_edge(self):
        found, text = self.cycles({
            "lib.rs": "mod m;\n",
            "m/mod.rs": "mod child;\npub struct Shared;\n",
            "m/child.rs": "use super::Shared;\n",
        })
        self.assertEqual(found, 0, text)

    def test_parent_reexport_and_child_super_import_is_a_cycle(self):
        found, text = self.cycles({
            "lib.rs": "mod m;\n",
            "m.rs": "mod child;\npub use child::Thing;\npub struct Shared;\n",
            "m/child.rs": "use super::Shared;\npub struct Thing;\n",
        })
        self.assertEqual(found, 1)
        self.assertIn("m.rs <-> m/child.rs", text)

    def test_shared_items_in_their_own_file_break_the_cycle(self):
        found, text = self.cycles({
            "lib.rs": "mod m;\n",
            "m.rs": "mod child;\nmod shared;\npub use child::Thing;\n",
            "m/shared.rs": "pub struct Shared;\n",
            "m/child.rs": "use super::shared::Shared;\npub struct Thing;\n",
        })
        self.assertEqual(found, 0, text)

    def test_test_code_comments_and_strings_are_ignored(self):
        found, text = self.cycles({
            "lib.rs": "mod a;\nmod b;\n#[cfg(test)]\nmod tests;\n",
            "a.rs": """\
                use crate::b::B;
                #[cfg(test)]
                mod tests {
                    use crate::b::helper;
                }
            """,
            "b.rs": """\
                // crate::a::A in a comment
                /* use crate::a::A; */
                pub struct B;
                const S: &str = "crate::a::A";
                #[cfg(test)]
                use crate::a::A;
            """,
            "tests.rs": "use crate::a::A;\nuse crate::b::B;\n",
        })
        self.assertEqual(found, 0, text)

    def test_nested_use_tree_and_self_paths(self):
        found, text = self.cycles({
            "lib.rs": "pub mod x;\n",
            "x/mod.rs": "pub mod y;\npub mod z;\n",
            "x/y.rs": "use crate::x::{z::{self, Z as Zed}};\npub struct Y;\n",
            "x/z.rs": "pub struct Z;\npub fn f() { let _ = super::y::Y; }\n",
        })
        self.assertEqual(found, 1)
        self.assertIn("x/y.rs <-> x/z.rs", text)

    def test_main_exits_one_on_a_cycle(self):
        root = self.crate({
            "lib.rs": "mod a;\nmod b;\n",
            "a.rs": "use crate::b::B;\n",
            "b.rs": "use crate::a::A;\n",
        })
        stdout = sys.stdout
        sys.stdout = io.StringIO()
        try:
            self.assertEqual(import_cycles.main([root]), 1)
            self.assertEqual(import_cycles.main([self.crate({"lib.rs": "mod a;\n", "a.rs": ""})]), 0)
        finally:
            sys.stdout = stdout


if __name__ == "__main__":
    unittest.main()
