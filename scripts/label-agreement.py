#!/usr/bin/env python3
"""How far two labellers agree: second, blind labels of external documents against the first labels
(eval/external/dev-labels.json for dev documents, the frozen eval/external/test-labels.json for test documents).

    python3 scripts/label-agreement.py [SECOND_LABELS.json ...]

Entries match by file, line and family (covered and plain are not compared). Prints, per family, the entries both
have, those only one has, the agreement F1 and the second labels' precision and recall taken against the dev labels.
Defaults to every file in eval/external/agreement/.
"""
import glob
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "eval", "external", "agreement", "*.json")))

def labels(name):
    with open(os.path.join(root, "eval", "external", name), encoding="utf-8") as f:
        return {d["file"]: d for d in json.load(f)["documents"]}


first_labels = {"dev": labels("dev-labels.json"), "test": labels("test-labels.json")}
report = {}
for path in files:
    with open(path, encoding="utf-8") as f:
        documents = json.load(f)["documents"]
    for doc in documents:
        split = next((s for s, docs in first_labels.items() if doc["file"] in docs), None)
        if split is None:
            sys.exit(f"{path}: {doc['file']} is in neither split's labels")
        totals = report.setdefault(split, {"ai": [0, 0, 0], "optin": [0, 0, 0]})
        for family, total in totals.items():
            first = {c["line"] for c in first_labels[split][doc["file"]]["clauses"] if c["family"] == family}
            second = {c["line"] for c in doc["clauses"] if c["family"] == family}
            total[0] += len(first & second)
            total[1] += len(second - first)
            total[2] += len(first - second)
            if first != second:
                print(f"  {doc['file']} {family}: only first {sorted(first - second)}, only second {sorted(second - first)}")
for split, totals in report.items():
    for family, (both, only_second, only_first) in totals.items():
        f1 = 2 * both / (2 * both + only_second + only_first) if both + only_second + only_first else 1.0
        print(f"{split} {family}: both {both}, only second {only_second}, only first {only_first}; agreement F1 {f1:.2f}; "
              f"second against first: P {both / max(1, both + only_second):.2f} R {both / max(1, both + only_first):.2f}")
