#!/usr/bin/env python3
"""Runs every golden case through `losslab eval` (the conformance surface of conformance.md)
and checks the output with conformance.md's tolerances.

Usage (from the repository root; plain Python 3, no libraries needed):
    cargo build --release --bin losslab
    python3 tools/oracle/check_cli.py [path/to/losslab] [cases.json]
        # defaults: target/release/losslab, crates/core/tests/golden/cases.json; pass
        # crates/core/tests/golden/compound_cases.json for the compound and ranking losses
        # (their cases also carry `zero_over_zero` and, for compound, `terms`: checked too)

Exit status 0 when every case conforms, 1 otherwise (each failure is printed).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "crates" / "core" / "tests" / "golden" / "cases.json"
# Per-entry tolerance of a gradient, `ELEMENT_ATOL + ELEMENT_RTOL·|g_ref|`: the same as
# crates/core/tests/golden.rs.
ELEMENT_RTOL = 1e-5
ELEMENT_ATOL = 1e-15


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "losslab")
    cases = json.loads((Path(sys.argv[2]) if len(sys.argv) > 2 else CASES).read_text())
    failures = 0
    for case in cases:
        query = {k: case[k] for k in ("shape", "target", "loss", "params")}
        for k in ("prob", "logit"):
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
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
