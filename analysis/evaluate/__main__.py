"""``python -m analysis.evaluate``: validity figures beside the anchors', written to a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.evaluate import run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.evaluate",
        description="Measure each measure's agreement with human-labelled data.",
    )
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=paths.EVAL,
        help=f"folder of the human-labelled data sets (default: {paths.EVAL})",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="use only N items of each data set, spread evenly (for a quick look)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.REPORTS / "validity.csv",
        help="where to write the table (default: reports/validity.csv)",
    )
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found: {args.eval_dir} (use --eval-dir)", file=sys.stderr)
        return 2
    table = run_all(args.eval_dir, limit=args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, float_format="%.4f", lineterminator="\n")
    shown = table.assign(
        value=table["value"].map("{:.3f}".format),
        target=table["target"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
    )
    print(shown.to_string(index=False))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
