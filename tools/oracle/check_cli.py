#!/usr/bin/env python3
"""Runs every golden case through `losslab eval` (the conformance surface of conformance.md)
and checks the output with conformance.md's tolerances.

Usage (from the repository root; plain Python 3, no libraries needed):
    cargo build --release --bin losslab
    python3 tools/oracle/check_cli.py [path/to/losslab] [cases.json]
        # defaults: target/release/losslab, crates/core/tests/golden/cases.json; pass
        # crates/core/tests/golden/compound_cases.json for the compound and ranking losses
        # (their cases also carry `zero_over_zero` and, for compound, `terms`: checked too)
    python3 tools/oracle/check_cli.py --geometry [path/to/losslab]
        # the geometry losses (geometry_cases.json through `losslab eval`), the EDT
        # (edt_cases.json through `losslab edt`, |d - ref| <= 1e-6*max(1, ref), losses-geometry.md)
        # and `losslab edt`'s error cases (exit 2, one line on stderr)
    python3 tools/oracle/check_cli.py --multiclass [path/to/losslab]
        # the multi-class cases (multiclass_cases.json: `layout`, `labels`, generalized_dice's
        # per-unit `class_weights` checked too) and multiclass_errors.json (exit 2, one line on
        # stderr naming the field), multiclass.md

Exit status 0 when every case conforms, 1 otherwise (each failure is printed).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "crates" / "core" / "tests" / "golden"
CASES = GOLDEN / "cases.json"
# Per-entry tolerance of a gradient, `ELEMENT_ATOL + ELEMENT_RTOL·|g_ref|`: the same as
# crates/core/tests/golden.rs.
ELEMENT_RTOL = 1e-5
ELEMENT_ATOL = 1e-15


def check_eval(exe, cases):
    """Every case through `losslab eval`; returns the number of failures."""
    failures = 0
    for case in cases:
        query = {k: case[k] for k in ("shape", "loss", "params")}
        for k in ("layout", "target", "labels", "prob", "logit"):
            if k in case:
                query[k] = case[k]
        run = subprocess.run([exe, "eval"], input=json.dumps(query), capture_output=True, text=True)
        problems = []
        if run.returncode != 0:
            problems.append(f"exit {run.returncode}: {run.stderr.strip()}")
        else:
            out = json.loads(run.stdout)
            ref = case["value"]
            if not abs(out["value"] - ref) <= 1e-5 * max(1.0, abs(ref)):
                problems.append(f"value {out['value']!r}, reference {ref!r}")
            for field in ("grad_prob", "grad_logit"):
                got, want = out.get(field, []), case[field]
                if len(got) != len(want):
                    problems.append(f"{field}: {len(got)} values, reference {len(want)}")
                    continue
                err = max(abs(g - w) for g, w in zip(got, want))
                tol = 1e-4 * max(abs(w) for w in want) + 1e-12
                if not err <= tol:
                    problems.append(f"{field}: max |diff| {err:.3e} > {tol:.3e}")
                # Each entry too (as crates/core/tests/golden.rs): the array-wide rule alone
                # leaves entries far below the largest one unchecked.
                for i, (g, w) in enumerate(zip(got, want)):
                    if not abs(g - w) <= ELEMENT_ATOL + ELEMENT_RTOL * abs(w):
                        problems.append(f"{field}[{i}]: {g!r}, reference {w!r}")
                        break
            if "zero_over_zero" in case and out.get("zero_over_zero") != case["zero_over_zero"]:
                problems.append(f"zero_over_zero {out.get('zero_over_zero')!r}, reference {case['zero_over_zero']!r}")
            if "class_weights" in case:
                # multiclass.md: generalized_dice's weights per unit over the kept classes, [units][|K|]
                # (compared flattened, per entry with the gradients' rule)
                got, want = flatten(out.get("class_weights")), flatten(case["class_weights"])
                if len(got) != len(want) or not all(
                        isinstance(g, (int, float)) and abs(g - w) <= ELEMENT_ATOL + ELEMENT_RTOL * abs(w)
                        for g, w in zip(got, want)):
                    problems.append(f"class_weights {out.get('class_weights')!r}, reference {case['class_weights']!r}")
            out_terms = out.get("terms") or []
            for i, term in enumerate(case.get("terms", [])):
                got = out_terms[i] if i < len(out_terms) else {}
                if got.get("loss") != term["loss"] or got.get("weight") != term["weight"] or not (
                        isinstance(got.get("value"), (int, float))
                        and abs(got["value"] - term["value"]) <= 1e-5 * max(1.0, abs(term["value"]))):
                    problems.append(f"terms[{i}]: {got!r}, reference {term!r}")
        if problems:
            failures += 1
            print(f"FAIL {case['name']} ({case['source']}):\n  " + "\n  ".join(problems))
    print(f"{len(cases) - failures} of {len(cases)} golden cases conform through `{exe} eval`")
    return failures


def flatten(x):
    """A number or nested lists of numbers as one flat list (None: empty)."""
    if x is None:
        return []
    if isinstance(x, list):
        return [v for item in x for v in flatten(item)]
    return [x]


def check_named_errors(exe, cases):
    """multiclass_errors.json through `losslab eval`: exit 2, nothing on stdout, one line on stderr
    that names the field (`"<field>"`, quoted, as every `field "…": …` message does; `field` may
    list acceptable names); returns the number of failures."""
    failures = 0
    for case in cases:
        run = subprocess.run([exe, "eval"], input=json.dumps(case["input"]), capture_output=True, text=True)
        lines = run.stderr.strip().splitlines()
        fields = case["field"] if isinstance(case["field"], list) else [case["field"]]
        named = len(lines) == 1 and any(f'"{f}"' in lines[0] for f in fields)
        if run.returncode != 2 or run.stdout.strip() or not named or "panicked" in run.stderr:
            failures += 1
            print(f"FAIL {case['name']} ({case['what']}): exit {run.returncode}, stderr {run.stderr.strip()!r} "
                  f"(want exit 2 and one line naming {' or '.join(fields)})")
    print(f"{len(cases) - failures} of {len(cases)} multi-class error cases exit 2 naming the field")
    return failures


def check_edt(exe, cases):
    """Every EDT case through `losslab edt` (losses-geometry.md §0: tolerance
    |d − ref| ≤ 1e-6·max(1, ref)); returns the number of failures."""
    failures = 0
    for case in cases:
        query = {"shape": case["shape"], "mask": case["mask"]}
        run = subprocess.run([exe, "edt"], input=json.dumps(query), capture_output=True, text=True)
        problems = []
        if run.returncode != 0:
            problems.append(f"exit {run.returncode}: {run.stderr.strip()}")
        else:
            got, want = json.loads(run.stdout).get("distance", []), case["distance"]
            if len(got) != len(want):
                problems.append(f"distance: {len(got)} values, reference {len(want)}")
            else:
                for i, (g, w) in enumerate(zip(got, want)):
                    if not (isinstance(g, (int, float)) and abs(g - w) <= 1e-6 * max(1.0, w)):
                        problems.append(f"distance[{i}]: {g!r}, SciPy {w!r}")
                        break
        if problems:
            failures += 1
            print(f"FAIL {case['name']} ({case['source']}):\n  " + "\n  ".join(problems))
    print(f"{len(cases) - failures} of {len(cases)} EDT cases match SciPy through `{exe} edt`")
    return failures


# `losslab edt`'s input errors: exit 2 with one line on stderr naming the problem (conformance.md's
# rules, which losses-geometry.md gives `edt` too), `eval` does not take `edt` as a loss, and the
# geometry losses' out-of-range inputs and parameters (losses-geometry.md §1, §2, §4, §5).
EDT_ERRORS = [
    ("edt", "a mask whose length does not match shape", {"shape": [2, 3], "mask": [1, 0, 1, 0, 1]}),
    ("edt", "an empty shape", {"shape": [0, 4], "mask": []}),
    ("edt", "malformed JSON", '{"shape": [2, 2], "mask": [1, 0, '),
    ("eval", "edt is not a loss", {"shape": [1, 2], "target": [0, 1], "prob": [0.5, 0.5], "loss": "edt", "params": {}}),
    # losses-geometry.md's own input errors
    ("eval", "a soft target for boundary", {"shape": [1, 2], "target": [0, 0.5], "prob": [0.5, 0.5], "loss": "boundary",
                                            "params": {}}),
    ("eval", "cldice smooth_dr = 0", {"shape": [2, 2], "target": [0, 1, 1, 0], "prob": [0.5] * 4, "loss": "cldice",
                                      "params": {"smooth_dr": 0.0}}),
    ("eval", "cldice iterations 1.5", {"shape": [2, 2], "target": [0, 1, 1, 0], "prob": [0.5] * 4, "loss": "cldice",
                                       "params": {"iterations": 1.5}}),
    ("eval", "dice_cldice alpha 1.5", {"shape": [2, 2], "target": [0, 1, 1, 0], "prob": [0.5] * 4, "loss": "dice_cldice",
                                       "params": {"alpha": 1.5}}),
    ("eval", "hausdorff_dt alpha 0", {"shape": [2, 2], "target": [0, 1, 1, 0], "prob": [0.5] * 4, "loss": "hausdorff_dt",
                                      "params": {"alpha": 0.0}}),
]


def check_errors(exe):
    failures = 0
    for sub, what, query in EDT_ERRORS:
        text = query if isinstance(query, str) else json.dumps(query)
        run = subprocess.run([exe, sub], input=text, capture_output=True, text=True)
        lines = run.stderr.strip().splitlines()
        if run.returncode != 2 or len(lines) != 1 or "panicked" in run.stderr:
            failures += 1
            print(f"FAIL `losslab {sub}` on {what}: exit {run.returncode}, stderr {run.stderr.strip()!r} "
                  "(want exit 2 and one line)")
    print(f"{len(EDT_ERRORS) - failures} of {len(EDT_ERRORS)} error cases exit 2 with one line on stderr")
    return failures


def main():
    args = sys.argv[1:]
    geometry = "--geometry" in args
    multiclass = "--multiclass" in args
    args = [a for a in args if a not in ("--geometry", "--multiclass")]
    exe = args[0] if args else str(ROOT / "target" / "release" / "losslab")
    if multiclass:
        failures = check_eval(exe, json.loads((GOLDEN / "multiclass_cases.json").read_text()))
        failures += check_named_errors(exe, json.loads((GOLDEN / "multiclass_errors.json").read_text()))
    elif geometry:
        failures = check_eval(exe, json.loads((GOLDEN / "geometry_cases.json").read_text()))
        failures += check_edt(exe, json.loads((GOLDEN / "edt_cases.json").read_text()))
        failures += check_errors(exe)
    else:
        failures = check_eval(exe, json.loads((Path(args[1]) if len(args) > 1 else CASES).read_text()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
