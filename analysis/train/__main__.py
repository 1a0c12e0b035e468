"""``python -m analysis.train [NAME ...|all]``: rebuild the shipped learned models.

``--check`` rebuilds into memory and compares with the shipped files, byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import paths
from analysis.train import MODELS_DIR, build, trainers, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.train",
        description="Rebuild the learned models (coefficients and model cards) from the eval data.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        default=["all"],
        help=f"models to rebuild: {', '.join(trainers())} or all (default)",
    )
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=paths.EVAL,
        help=f"folder of the human-labelled data sets (default: {paths.EVAL})",
    )
    parser.add_argument(
        "--out", type=Path, default=MODELS_DIR, help=f"where to write (default: {MODELS_DIR})"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a rebuilt file differs from the one in --out",
    )
    args = parser.parse_args(argv)
    names = trainers() if "all" in args.names else args.names
    unknown = sorted(set(names) - set(trainers()))
    if unknown:
        parser.error(f"no trainer for {', '.join(unknown)}: expected {', '.join(trainers())}")
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found: {args.eval_dir} (use --eval-dir)", file=sys.stderr)
        return 2
    differ = []
    for name in names:
        trained = build(name, args.eval_dir)
        if args.check:
            for suffix, text in ((".tsv", trained.model.dumps()), (".md", trained.card)):
                path = args.out / f"{name}{suffix}"
                same = path.is_file() and path.read_text(encoding="utf-8") == text
                print(f"{path}: {'identical' if same else 'DIFFERS'}")
                differ += [] if same else [path]
        else:
            for path in write(trained, args.out):
                print(f"written {path}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
