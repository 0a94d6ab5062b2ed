#!/usr/bin/env python3
"""Report import cycles between the .rs files of each crate.

For every crate source directory (by default crates/core/src, crates/charts/src,
crates/cli/src and src) this builds a graph of files: an edge A -> B when A names a path that
resolves into the module B through `use crate::...`, `use super::...`, `use self::...`,
`use child::...` (a module declared in A), `pub use ...`, or a path expression such as
`crate::a::b::f(...)` / `super::x::Y` in code. A path resolves to the file that defines the
longest module prefix of it (`a/b.rs`, `a/b/mod.rs`, or `a.rs` with `a/` children); an item
re-exported by a module counts as that module's (so `crate::X` is the crate root's file).

Ignored: the parent -> child edge implied by `mod child;` alone, and test code
(`#[cfg(test)]` items: `mod tests { ... }` blocks, `mod tests;` files and test-only `use`s).
Comments and string literals are stripped before parsing.

Every strongly connected component with more than one file is printed; the exit status is 1
when there is any, else 0. Plain python3, no libraries:

    python3 tools/import_cycles.py            # the default crates, from the repository root
    python3 tools/import_cycles.py DIR...     # other crate source directories
"""

from __future__ import annotations

import os
import re
import sys

DEFAULT_ROOTS = ["crates/core/src", "crates/charts/src", "crates/cli/src", "src"]
CRATE_ROOT_FILES = ["lib.rs", "main.rs"]

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


# ---------------------------------------------------------------- lexical clean-up


def strip_comments_and_strings(text: str) -> str:
    """Blank out comments, string and char literals (keeping newlines and lengths)."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == "/" and nxt == "*":
            depth = 1
            j = i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth += 1
                    j += 2
                elif text.startswith("*/", j):
                    depth -= 1
                    j += 2
                else:
                    j += 1
            out.append(blank(text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 300]) and not is_ident_char(text, i - 1):
            m = re.match(r'r(#*)"', text[i:])
            hashes = m.group(1)
            end = text.find('"' + hashes, i + len(m.group(0)))
            j = n if end < 0 else end + 1 + len(hashes)
            out.append(blank(text[i:j]))
            i = j
        elif c == "b" and nxt == '"' and not is_ident_char(text, i - 1):
            out.append(" ")
            i += 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(blank(text[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}') or a lifetime ('a): only literals are blanked.
            if nxt == "\\":
                j = text.find("'", i + 2)
                j = n if j < 0 else j + 1
                out.append(blank(text[i:j]))
                i = j
            elif i + 2 < n and text[i + 2] == "'":
                out.append("   ")
                i += 3
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def is_ident_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def blank(s: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in s)


def item_end(text: str, start: int) -> int:
    """The end of the item starting at `start`: a `;` or a closing `}` at depth 0."""
    depth = 0
    is_use = re.match(r"\s*(pub(\([^)]*\))?\s+)?use\b", text[start:]) is not None
    i = start
    while i < len(text):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if c == "}" and depth == 0 and not is_use:
                return i + 1
        elif c == ";" and depth == 0:
            return i + 1
        i += 1
    return len(text)


ATTR = re.compile(r"#!?\[")


def skip_attr(text: str, i: int) -> int:
    """Index after the attribute starting at `i` (`#[...]`)."""
    depth = 0
    while i < len(text):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


CFG_TEST = re.compile(r"#\[\s*cfg\s*\(\s*test\s*\)\s*\]")


def remove_test_items(text: str) -> tuple[str, set[str]]:
    """Blank every `#[cfg(test)]` item; return the text and the test modules' names."""
    test_mods: set[str] = set()
    while True:
        m = CFG_TEST.search(text)
        if not m:
            return text, test_mods
        i = m.end()
        # further attributes on the same item
        while True:
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if text.startswith("#[", j):
                i = skip_attr(text, j)
            else:
                i = j
                break
        mm = re.match(r"(pub(\([^)]*\))?\s+)?mod\s+(" + IDENT + r")", text[i:])
        if mm:
            test_mods.add(mm.group(3))
        end = item_end(text, i)
        text = text[: m.start()] + blank(text[m.start():end]) + text[end:]


# ---------------------------------------------------------------- modules


class Module:
    def __init__(self, path: tuple[str, ...], file: str, body: str, dir_for_children: str):
        self.path = path
        self.file = file
        self.body = body  # this module's own text (inline child modules blanked)
        self.dir = dir_for_children
        self.children: dict[str, tuple[str, ...]] = {}


MOD_DECL = re.compile(r"(?<![A-Za-z0-9_])(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*([;{])")


def load_crate(src_dir: str) -> dict[tuple[str, ...], Module]:
    """Every non-test module of the crate(s) rooted in `src_dir`, keyed by module path.

    `lib.rs` is the root `()`; a `main.rs` next to it is a separate binary crate, whose
    modules are keyed under `("<main>",)` so that its `crate::` means its own root.
    """
    modules: dict[tuple[str, ...], Module] = {}
    roots = [f for f in CRATE_ROOT_FILES if os.path.isfile(os.path.join(src_dir, f))]
    for root in roots:
        prefix: tuple[str, ...] = () if root == "lib.rs" or "lib.rs" not in roots else ("<main>",)
        load_file(os.path.join(src_dir, root), prefix, src_dir, modules)
    return modules


def read_clean(path: str) -> tuple[str, set[str]]:
    with open(path, encoding="utf-8") as f:
        return remove_test_items(strip_comments_and_strings(f.read()))


def load_file(file: str, path: tuple[str, ...], child_dir: str, modules: dict) -> None:
    text, test_mods = read_clean(file)
    load_text(file, path, text, child_dir, test_mods, modules)


def load_text(file, path, text, child_dir, test_mods, modules) -> None:
    module = Module(path, file, text, child_dir)
    modules[path] = module
    pos = 0
    body = text
    while True:
        m = MOD_DECL.search(body, pos)
        if not m:
            break
        name = m.group(1)
        if name in test_mods:
            pos = m.end()
            continue
        child = path + (name,)
        module.children[name] = child
        if m.group(2) == ";":
            for cand, sub in (
                (os.path.join(child_dir, name + ".rs"), os.path.join(child_dir, name)),
                (os.path.join(child_dir, name, "mod.rs"), os.path.join(child_dir, name)),
            ):
                if os.path.isfile(cand):
                    load_file(cand, child, sub, modules)
                    break
            pos = m.end()
        else:
            end = item_end(body, m.start())
            inner = body[m.end():end - 1]
            load_text(file, child, inner, os.path.join(child_dir, name), set(), modules)
            body = body[: m.end()] + blank(body[m.end():end - 1]) + body[end - 1:]
            pos = end
    module.body = body


# ---------------------------------------------------------------- paths


USE_STMT = re.compile(r"(?<![A-Za-z0-9_])use\s+([^;]+);")
PATH_EXPR = re.compile(r"(?<![A-Za-z0-9_:])\$?(" + IDENT + r")((?:\s*::\s*" + IDENT + r")+)")


def expand_use_tree(tree: str) -> list[list[str]]:
    """`a::{b, c::{d as e, *}}` -> [[a, b], [a, c, d], [a, c]]."""
    tree = re.sub(r"\s+", " ", tree.strip())
    results: list[list[str]] = []

    def parse(s: str, prefix: list[str]) -> None:
        s = s.strip()
        if not s:
            return
        brace = s.find("{")
        if brace < 0:
            s = re.sub(r"\s+as\s+" + IDENT + r"$", "", s).strip()
            segs = [x.strip() for x in s.split("::") if x.strip()]
            segs = [x for x in segs if x != "*"]
            if segs and segs[-1] == "self":
                segs = segs[:-1]
            results.append(prefix + segs)
            return
        head = s[:brace].strip().rstrip(":").strip()
        segs = [x.strip() for x in head.split("::") if x.strip()]
        inner = s[brace + 1: s.rfind("}")]
        for part in split_top(inner):
            parse(part, prefix + segs)

    parse(tree.lstrip(":"), [])
    return results


def split_top(s: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def resolve(segs: list[str], here: tuple[str, ...], root: tuple[str, ...], modules) -> tuple | None:
    """The module a path names (its longest module prefix), or None when outside the crate."""
    if not segs:
        return None
    first = segs[0].lstrip("$")
    if first == "crate":
        base, rest = root, segs[1:]
    elif first in ("super", "self"):
        base, rest = here, segs
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                if len(base) <= len(root):
                    return None
                base = base[:-1]
            rest = rest[1:]
    elif first in modules[here].children:
        base, rest = here, segs
    else:
        return None
    for seg in rest:
        child = modules[base].children.get(seg)
        if child is None:
            break
        base = child
    return base


def crate_root_of(path: tuple[str, ...]) -> tuple[str, ...]:
    return ("<main>",) if path[:1] == ("<main>",) else ()


def edges_of(module: Module, modules) -> set[tuple]:
    here = module.path
    root = crate_root_of(here)
    targets: set[tuple] = set()
    body = module.body
    for m in USE_STMT.finditer(body):
        for segs in expand_use_tree(m.group(1)):
            t = resolve(segs, here, root, modules)
            if t is not None:
                targets.add(t)
    code = USE_STMT.sub(lambda m: blank(m.group(0)), body)
    code = MOD_DECL.sub(lambda m: blank(m.group(0)), code)
    for m in PATH_EXPR.finditer(code):
        first = m.group(1)
        segs = [first] + [x.strip() for x in m.group(2).split("::") if x.strip()]
        if first in ("crate", "super", "self") or first in module.children:
            t = resolve(segs, here, root, modules)
            if t is not None:
                targets.add(t)
    return targets


def file_graph(modules) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in modules.values():
        graph.setdefault(module.file, set())
        for t in edges_of(module, modules):
            target_file = modules[t].file
            if target_file != module.file:
                graph[module.file].add(target_file)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one file (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    result.append(sorted(comp))
    return sorted(result)


def check(src_dir: str, out=None) -> int:
    """Print the cycles of one crate directory; return how many there are."""
    out = out or sys.stdout
    modules = load_crate(src_dir)
    graph = file_graph(modules)
    found = cycles(graph)
    for comp in found:
        rel = [os.path.relpath(f, src_dir) for f in comp]
        print(f"cycle in {src_dir}: {' <-> '.join(rel)}", file=out)
        members = set(comp)
        for f in comp:
            for t in sorted(graph[f] & members):
                print(f"    {os.path.relpath(f, src_dir)} -> {os.path.relpath(t, src_dir)}", file=out)
    return len(found)


def main(argv: list[str]) -> int:
    roots = argv or DEFAULT_ROOTS
    total = 0
    for root in roots:
        if not os.path.isdir(root):
            print(f"no such directory: {root}", file=sys.stderr)
            return 2
        total += check(root)
    if total:
        print(f"{total} import cycle(s)")
        return 1
    print(f"no import cycles in {', '.join(roots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
