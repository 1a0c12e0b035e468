"""The command line: ``python -m analysis COMMAND`` (also installed as ``media-framing``).

Each command is a parser built in :func:`_parser` and a function taking the parsed
arguments and returning the exit code; adding one takes a ``sub.add_parser`` call,
its options and a ``set_defaults(run=...)``. Heavy imports happen inside the
command functions, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command, return its exit code."""
    args = _parser().parse_args(argv)
    return args.run(args)


def _report(args: argparse.Namespace) -> int:
    from analysis.report.runner import ReportError, run_report

    try:
        out = run_report(
            corpus=_from_cwd(args.corpus),
            group_by=args.group_by,
            groups=[g.strip() for g in args.groups.split(",")] if args.groups else None,
            out=_from_cwd(args.out),
            force=args.force,
            seed=args.seed,
            workers=args.workers,
            scheduler=args.scheduler,
            max_bytes=args.max_bytes,
            answer_key=args.answer_key,
        )
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # the run folder says "failed"; no traceback for a Ctrl-C
        print("\n".join(["interrupted", *getattr(exc, "__notes__", [])]), file=sys.stderr)
        return 130
    print(f"Report written to {out / 'index.html'}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from analysis.corpus import CorpusError, load_corpus
    from analysis.scoring.stored import score_all_sentences, score_articles, write_table

    try:
        corpus = load_corpus(
            _from_cwd(args.corpus), group_by=args.group_by, max_bytes=args.max_bytes
        )
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = _from_cwd(args.out)
    write_table(score_articles(corpus, workers=args.workers, scheduler=args.scheduler), out)
    print(f"{len(corpus)} articles scored into {out}")
    if args.sentences:
        sentences = _from_cwd(args.sentences)
        write_table(score_all_sentences(corpus, workers=args.workers), sentences)
        print(f"their sentences scored into {sentences}")
    return 0


def _student_copies(args: argparse.Namespace) -> int:
    from analysis.report.teaching import STUDENT_COPIES, make_student_copies

    out = _from_cwd(args.out) or STUDENT_COPIES
    try:
        written = make_student_copies(out_dir=out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} student copies written to {out}")
    return 0


def _scoring_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, metavar="N", help="score on N processes on this machine"
    )
    where.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="score on a running Dask cluster whose workers have this package installed",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        help="refuse corpus files larger than N bytes (default: 20 MB, or the "
        "MEDIA_FRAMING_MAX_BYTES environment variable)",
    )


def _from_cwd(path: str | None) -> Path | None:
    """Paths typed on the command line are relative to where the user is, as in any shell tool."""
    return Path(path).expanduser().resolve() if path else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Wire reports vs colour pieces: tone, hedging and human-interest framing.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser(
        "report",
        help="run every notebook into a new report folder",
        description="Run the numbered notebooks with papermill into one run folder: executed "
        "notebooks, an HTML page each, index.html, figures/, tables/ and manifest.json "
        "(parameters, input hashes, versions, git commit, timings). Checks first that the "
        "corpus loads and has two groups to compare. Exits non-zero, leaving FAILED.txt, "
        "when a notebook fails or a cell hangs.",
    )
    report.add_argument(
        "--corpus",
        metavar="PATH",
        help="folder of .txt, a CSV or a JSONL (default: the seed corpus)",
    )
    report.add_argument(
        "--group-by", default="genre", metavar="COLUMN", help="metadata column (default: genre)"
    )
    report.add_argument("--groups", metavar="A,B", help="the two groups to compare (default: all)")
    report.add_argument(
        "--out",
        metavar="DIR",
        help="run folder (default: a new reports/<UTC time>-<corpus name>/); must be new or empty",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier run in --out (a folder with manifest.json) instead of refusing",
    )
    report.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default: 0)")
    _scoring_options(report)
    report.add_argument(
        "--answer-key",
        action="store_true",
        help="show the exercise solutions in the pages (a teacher's key; hidden by default)",
    )
    report.set_defaults(run=_report)

    score = sub.add_parser(
        "score",
        help="score a corpus into a Parquet (or CSV) file, without running the notebooks",
        description="Score every article (the corpus's columns except the text, then every "
        "measure) into --out: Parquet, or CSV when the name ends in .csv. --sentences also "
        "writes one row per sentence. Scores come from the score cache when unchanged.",
    )
    score.add_argument(
        "--corpus",
        metavar="PATH",
        help="folder of .txt, a CSV or a JSONL (default: the seed corpus)",
    )
    score.add_argument(
        "--group-by", default="genre", metavar="COLUMN", help="metadata column (default: genre)"
    )
    score.add_argument("--out", required=True, metavar="FILE", help="scores.parquet or scores.csv")
    score.add_argument("--sentences", metavar="FILE", help="also write sentence scores here")
    _scoring_options(score)
    score.set_defaults(run=_score)

    copies = sub.add_parser(
        "student-copies",
        help="write the notebooks with solution cells replaced by stubs",
        description="Copy every notebook, replacing cells tagged 'solution' by '# Your answer "
        "here' (keeping a leading '# Hint:' line). The copies are generated, not committed.",
    )
    copies.add_argument(
        "--out", metavar="DIR", help="output folder (default: build/student-notebooks/)"
    )
    copies.set_defaults(run=_student_copies)
    return parser


if __name__ == "__main__":
    sys.exit(main())
