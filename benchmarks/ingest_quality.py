#!/usr/bin/env python3
"""Quality of the press-release ingest: precision and recall per kind of fact over the test corpus.

    python benchmarks/ingest_quality.py [--corpus DIR] [--details] [--json] [--min 0.9]

Each ``DIR/*.txt`` is ingested and its summary compared with ``DIR/*.expected.json`` (facts written by
hand; format in ``graph/ingest/scoring.py``). Prints precision and recall of participants, topics, dates,
places and presidencies (the targets) and of kinds, statuses, roles, hosts, related meetings and source
fields, over the whole corpus and over its held-out part (files ``h*.txt``: written and annotated after
the ingest was last tuned, never tuned on). ``--details`` lists every extra and missing fact per document.
Exit status 1 when a target field of the whole corpus is below ``--min``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.ingest import extract, load_lexicon, model_and_reference
from graph.ingest.scoring import FIELDS, TARGET_FIELDS, Score, compare, totals

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "ingest" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--details", action="store_true", help="list extra and missing facts per tuning document"
    )
    parser.add_argument(
        "--held-out-details",
        action="store_true",
        help="also list them for the held-out documents (not while tuning the ingest: they measure it)",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--min", type=float, default=0.9, help="lowest acceptable precision and recall of the targets"
    )
    args = parser.parse_args(argv)

    lexicon = load_lexicon(model_and_reference())
    comparisons = []
    silent: dict[bool, int] = {
        True: 0,
        False: 0,
    }  # held out? -> releases with a meeting, none read nor explained
    for path in sorted(args.corpus.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        summary = extract(path.read_text(encoding="utf-8"), lexicon=lexicon, file_name=path.name).summary
        comparisons.append(compare(path.stem, expected, summary))
        describes = bool(expected.get("meetings") or expected.get("not_asserted"))
        if describes and not (summary["meetings"] or summary["not_asserted"]):
            silent[path.stem.startswith("h")] += 1
        if args.details and (args.held_out_details or not path.stem.startswith("h")):
            for field in FIELDS:
                for fact in sorted(comparisons[-1].extra[field]):
                    print(f"{path.stem}: extra   {field}: {fact}")
                for fact in sorted(comparisons[-1].missing[field]):
                    print(f"{path.stem}: missing {field}: {fact}")
    scores = totals(comparisons)
    held_out = [c for c in comparisons if c.name.startswith("h")]
    tuning = [c for c in comparisons if not c.name.startswith("h")]
    if args.json:
        report = {"all": scores, "held_out": totals(held_out), "tuning": totals(tuning)}
        print(
            json.dumps(
                {
                    part: {
                        f: {"precision": s.precision, "recall": s.recall, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                        for f, s in fields.items()
                    }
                    for part, fields in report.items()
                },
                indent=2,
            )
        )
    else:
        print(f"{len(comparisons)} documents from {args.corpus}")
        _table(scores)
        print(f"\ntuning part ({len(tuning)} documents)")
        _table(totals(tuning))
        if held_out:
            print(f"\nheld-out part ({len(held_out)} documents, h*.txt)")
            _table(totals(held_out))
        print(
            "\nreleases describing a meeting that yield none and say nothing of what is missing: "
            f"{silent[False]} tuning, {silent[True]} held out"
        )
        print(f"* target: precision and recall >= {args.min}")
    below = [f for f in TARGET_FIELDS if min(scores[f].precision, scores[f].recall) < args.min]
    if below:
        print(f"below target: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


def _table(scores: dict[str, Score]) -> None:
    print(f"{'field':<14}{'precision':>10}{'recall':>8}{'right':>7}{'extra':>7}{'missing':>9}")
    for field, score in scores.items():
        mark = " *" if field in TARGET_FIELDS else ""
        print(
            f"{field:<14}{score.precision:>10.3f}{score.recall:>8.3f}{score.tp:>7}{score.fp:>7}{score.fn:>9}{mark}"
        )


if __name__ == "__main__":
    sys.exit(main())
