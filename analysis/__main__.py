"""The command line: ``python -m analysis COMMAND`` (also installed as ``media-framing``).

Each command is a parser built in :func:`_parser` and a function taking the parsed
arguments and returning the exit code; adding one takes a ``sub.add_parser`` call,
its options and a ``set_defaults(run=...)``. Heavy imports happen inside the
command functions, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command, return its exit code."""
    args = _parser().parse_args(argv)
    from analysis.safe import OutputError

    try:
        return args.run(args)
    except (OutputError, OSError) as exc:  # a refused --out, a full disk, a read-only folder
        return _fail(f"{exc.filename}: {exc.strerror}" if getattr(exc, "strerror", None) else exc)


def _fail(problem: object) -> int:
    """Say ``problem`` on one ``error:`` line, its control characters made visible; exit 1."""
    from analysis.safe import printable

    print(f"error: {printable(problem)}", file=sys.stderr)
    return 1


def _report(args: argparse.Namespace) -> int:
    from analysis.report.runner import ReportError, Terminated, run_report

    try:
        out = run_report(
            corpus=_from_cwd(args.corpus),
            group_by=args.group_by,
            groups=[g.strip() for g in args.groups.split(",")] if args.groups else None,
            out=_from_cwd(args.out),
            force=args.force,
            seed=args.seed,
            normalise_groups=args.normalise_groups,
            coded=_from_cwd(args.coded),
            events=_from_cwd(args.events),
            workers=args.workers,
            scheduler=args.scheduler,
            max_bytes=args.max_bytes,
            answer_key=args.answer_key,
            parallel=args.parallel,
            genres=args.genres if args.genres in (None, "proposed") else _from_cwd(args.genres),
        )
    except ReportError as exc:
        return _fail(exc)
    except KeyboardInterrupt as exc:  # the run folder says "failed"; no traceback for a Ctrl-C
        print("\n".join(["interrupted", *getattr(exc, "__notes__", [])]), file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    print(f"Report written to {out / 'index.html'}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from analysis.report.run_folder import ReportError, run_status

    try:
        state, said = run_status(_from_cwd(args.folder))
    except ReportError as exc:
        return _fail(exc)
    print(said)
    return 0 if state == "complete" else 1


def _score(args: argparse.Namespace) -> int:
    from analysis.corpus import CorpusError, load_corpus
    from analysis.safe import check_out
    from analysis.scoring.engine import ArticleTimeout
    from analysis.scoring.stored import score_articles_with, sentence_table, write_table

    if args.run_folder:  # a report's scoring step: its configuration and snapshot say it all
        return _score_run(_from_cwd(args.run_folder))
    if not args.out:
        _fail("give --out FILE (or --run FOLDER for a report's run)")
        return 2
    try:
        corpus = load_corpus(
            _from_cwd(args.corpus), group_by=args.group_by, max_bytes=args.max_bytes
        )
    except CorpusError as exc:
        return _fail(exc)
    out, sentences = _from_cwd(args.out), _from_cwd(args.sentences)
    for path in filter(None, (out, sentences)):  # refused before the scoring, not after
        check_out(path, force=args.force)
    try:
        scores, made = score_articles_with(
            corpus,
            sentence_table if sentences else None,  # from the same Docs, in the same pass
            workers=args.workers,
            scheduler=args.scheduler,
        )
        write_table(scores, out, force=args.force)
        print(f"{len(corpus)} articles scored into {out}")
        if sentences:
            write_table(made[0], sentences, force=args.force)
            print(f"their sentences scored into {sentences}")
    except ArticleTimeout as exc:
        return _fail(exc)
    return 0


def _score_run(folder: Path) -> int:
    from analysis import paths
    from analysis.report import computed
    from analysis.report.config import read_run
    from analysis.scoring.engine import ArticleTimeout, executor
    from analysis.scoring.stored import score_articles_with, write_table

    try:
        run = read_run(folder)
    except (OSError, ValueError) as exc:
        return _fail(f"{folder}: not a report run ({exc})")
    workers, scheduler, names = run.config.workers, run.config.scheduler, run.config.tables
    made_here = computed.wanted(computed.ARTICLE_CALLS, names)  # those the notebooks read
    tasks = [t for t in (computed.wanted(t, names) for t in computed.calls(run.config.events)) if t]
    try:  # articles, sentences and the tables made article by article: one pass, one Doc each
        articles, (sentences, *tables, inputs) = score_articles_with(
            run.articles,
            functools.partial(computed.article_tables, made_here=made_here, tasks=tasks),
            workers=workers,
            scheduler=scheduler,
        )
    except ArticleTimeout as exc:
        return _fail(exc)
    write_table(articles, paths.run_scores(folder, "article"))
    write_table(sentences, paths.run_scores(folder, "sentence"))
    written = computed.store(folder, list(zip(made_here, tables, strict=True)))
    print(f"{len(articles)} articles and their sentences scored into {folder / 'scores'}")
    del articles, sentences, tables  # written: not copied into the processes forked next
    if tasks:  # no pool (nor Dask cluster) for no table
        with executor("dask" if scheduler else "local", workers, scheduler) as (pool, _, _):
            each_inputs = [computed.task_inputs(task, inputs) for task in tasks]
            made = pool.map(computed.compute, [run.articles] * len(tasks), tasks, each_inputs)
            written += [name for tables in made for name in computed.store(folder, tables)]
    print(f"{len(written)} whole-corpus tables computed into {folder / paths.RUN_COMPUTED}")
    return 0


def _student_copies(args: argparse.Namespace) -> int:
    from analysis.report.teaching import STUDENT_COPIES, make_student_copies

    out = _from_cwd(args.out) or STUDENT_COPIES
    try:
        written = make_student_copies(out_dir=out)
    except ValueError as exc:
        return _fail(exc)
    print(f"{len(written)} student copies written to {out}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from analysis.coding.sample import draw_sample
    from analysis.coding.sheets import write_sample
    from analysis.corpus import CorpusError, load_corpus
    from analysis.safe import check_out

    out = check_out(_from_cwd(args.out), folder=True)
    if (out / "sample.json").exists():
        return _fail(f"{out} already holds a sample; choose another --out")
    if out.exists() and any(out.iterdir()):  # never write over a README or a design.csv
        return _fail(f"{out} is not empty; --out names a new folder")
    said = ""
    try:
        articles = load_corpus(_from_cwd(args.corpus), group_by=args.group_by)
        if args.after:
            from analysis.coding.adapt import next_sample
            from analysis.coding.sheets import CodingSheetError

            try:
                sample, said = next_sample(
                    articles,
                    _from_cwd(args.after),
                    code=args.code,
                    n=args.n,
                    seed=args.seed,
                    out=out,
                )
            except (CodingSheetError, FileNotFoundError) as exc:
                raise ValueError(f"--after {args.after}: {exc}") from exc
        else:
            chosen = [c.strip() for c in args.codes.split(",") if c.strip()] if args.codes else None
            sample = draw_sample(
                articles, unit=args.unit, n=args.n, seed=args.seed, codes_to_code=chosen
            )
    except (CorpusError, ValueError) as exc:
        return _fail(exc)
    write_sample(sample, out)
    print(
        f"{said}\n" * bool(said)
        + f"Sample {sample.sample_id}: {len(sample.design)} {sample.unit}s written to {out}"
        + (f" (round {sample.round})" if sample.after else "")
        + f"\nCode {out / 'sheet.csv'} (copied to sheets/<your name>.csv) with "
        f"{out / 'codebook.html'}"
    )
    return 0


def _events(args: argparse.Namespace) -> int:
    from analysis.corpus import CorpusError, load_corpus
    from analysis.safe import check_out, printable
    from analysis.statistics.events import event_table, find_events, save_events

    out = check_out(_from_cwd(args.out), force=args.force)  # before the work, not after
    try:
        corpus = load_corpus(_from_cwd(args.corpus))
        events = find_events(
            corpus,
            **({} if args.threshold is None else {"threshold": args.threshold}),
            **({} if args.window_days is None else {"window_days": args.window_days}),
            events=_from_cwd(args.events),
            use_given=not args.ignore_given,
        )
        out = save_events(events, out, force=args.force)
    except CorpusError as exc:
        return _fail(exc)
    summary = event_table(events)
    shown = summary[["event", "articles", "first_date", "shared_names"]].head(20)
    print(printable(shown.to_string(index=False)))
    print(f"\n{len(events)} articles in {len(summary)} events written to {out}")
    print(
        "Review it: correct the 'event' column, then pass the file back with --events, "
        "to this command or to report."
    )
    return 0


def _genres(args: argparse.Namespace) -> int:
    from analysis.corpus import CorpusError, load_corpus
    from analysis.corpus.genres import apply_genres, propose_genres, save_genres, unsure_count

    try:
        corpus = load_corpus(_from_cwd(args.corpus), max_bytes=args.max_bytes)
        if args.genres:
            applied = apply_genres(corpus, _from_cwd(args.genres))
            table = propose_genres(corpus).assign(
                genre=applied["genre"].to_numpy(), source=applied["genre_source"].to_numpy()
            )
        else:
            table = propose_genres(corpus)
        out = save_genres(table, _from_cwd(args.out), force=args.force)
    except CorpusError as exc:
        return _fail(exc)
    counts = table.groupby(["source", "genre"]).size().rename("articles").reset_index()
    print(counts.to_string(index=False))
    said = {"given": "given by the corpus", "proposed": "proposed"}
    sources = ", ".join(
        f"{n} {said.get(source, source)}"
        + (f" ({unsure_count(table)} left unsure)" if source == "proposed" else "")
        for source, n in table["source"].value_counts().sort_index().items()
    )
    print(f"\n{len(table)} articles written to {out}: {sources}.")
    if not args.genres:
        print(
            "Review it: read each 'evidence', correct the 'genre' column (wire, colour, "
            "opinion, unsure), then pass the file back with --genres, or to the report."
        )
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from analysis.corpus import CorpusError, load_corpus
    from analysis.corpus.duplicates import (
        checked_corpus,
        duplicate_sets,
        find_duplicates,
        save_duplicates,
    )

    try:
        if args.duplicates:  # texts as read: loading the checked corpus cleans them once
            raw = load_corpus(_from_cwd(args.corpus), max_bytes=args.max_bytes, clean=False)
            table = checked_corpus(raw, _from_cwd(args.duplicates))
            print(
                f"{len(raw) - len(table)} articles dropped, {(table['reprint_of'] != '').sum()} "
                f"marked as reprints, {len(table)} kept: a corpus for --corpus"
            )
        else:
            corpus = load_corpus(_from_cwd(args.corpus), max_bytes=args.max_bytes)
            pairs = find_duplicates(corpus)
            table = duplicate_sets(pairs, corpus)
            if len(pairs):
                print(pairs["kind"].value_counts().rename("pairs").to_string())
            print(
                f"\n{len(table)} articles in {table['duplicate_set'].nunique()} sets of "
                "duplicates. Review them: set 'action' to keep, drop or reprint (with "
                "'reprint_of'), then pass the file back with --duplicates."
            )
        out = save_duplicates(table, _from_cwd(args.out), force=args.force)
    except CorpusError as exc:
        return _fail(exc)
    print(f"written to {out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    import warnings

    from analysis import paths
    from analysis.corpus import CorpusError
    from analysis.corpus.exports import review_table
    from analysis.corpus.load import load_exports
    from analysis.safe import write_csv

    out = _from_cwd(args.out)
    if out.resolve().is_relative_to(paths.RAW.resolve()):
        print(f"error: {out} is inside {paths.RAW}, which is never written to", file=sys.stderr)
        return 1
    if out.exists():
        print(f"error: {out} already exists; choose another --out", file=sys.stderr)
        return 1
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_exports(
                [_from_cwd(p) for p in args.paths], source=args.source, max_bytes=args.max_bytes
            )
    except CorpusError as exc:
        return _fail(exc)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    table = review_table(corpus)
    write_csv(table, out)  # never over a file, even one made meanwhile; formulas neutralised
    counts = corpus["database"].value_counts().to_dict()
    print(
        f"{len(table)} articles from {corpus['file'].nunique()} export files "
        f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}) written to {out}\n"
        f"Review it, then: python -m analysis report --corpus {out} --group-by outlet"
    )
    return 0


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        help="folder of .txt, a CSV, a JSONL, or a folder of news-database exports "
        "(default: the seed corpus)",
    )
    parser.add_argument(
        "--group-by", default="genre", metavar="COLUMN", help="metadata column (default: genre)"
    )


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
        help="refuse corpus files larger than N bytes (default: 20 MB)",
    )


def _review_options(parser: argparse.ArgumentParser) -> None:
    """The options of a command that writes a file to review: genres, duplicates."""
    parser.add_argument(
        "--corpus", metavar="PATH", help="folder, CSV, JSONL or exports (default: seed)"
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="the CSV to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument(
        "--max-bytes", type=int, metavar="N", help="refuse corpus files larger than N bytes"
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
    _corpus_options(report)
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
        "--normalise-groups",
        action="store_true",
        help="merge group labels that differ only by case or spaces (FOX, fox) into the most "
        "frequent spelling; without it they are listed before the run and compared apart",
    )
    report.add_argument(
        "--coded",
        metavar="DIR",
        help="a coding sample (python -m analysis sample) whose sheets/ hold coded sheets: "
        "the report shows intercoder and suite agreement and the corrected comparison",
    )
    report.add_argument(
        "--events",
        metavar="FILE",
        help="a reviewed events CSV (python -m analysis events, corrected: doc_id, event) whose "
        "events win over those found from the texts; the pages show them as reviewed",
    )
    report.add_argument(
        "--parallel",
        type=int,
        metavar="N",
        help="run N notebooks at once once the corpus is scored (default: one per core; "
        "the outputs are those of one at a time)",
    )
    report.add_argument(
        "--answer-key",
        action="store_true",
        help="show the exercise solutions in the pages (a teacher's key; hidden by default)",
    )
    report.add_argument(
        "--genres",
        metavar="proposed|FILE",
        help="give articles without a genre one: 'proposed' (the suite's proposal from each "
        "article's signals, unreviewed) or a genres CSV you reviewed (python -m analysis "
        "genres); the corpus's own genre column wins and the landing page says which was used",
    )
    report.set_defaults(run=_report)

    score = sub.add_parser(
        "score",
        help="score a corpus into a Parquet (or CSV) file, without running the notebooks",
        description="Score every article (the corpus's columns except the text, then every "
        "measure) into --out: Parquet, or CSV when the name ends in .csv. --sentences also "
        "writes one row per sentence. Scores come from the score cache when unchanged.",
    )
    _corpus_options(score)
    score.add_argument("--out", metavar="FILE", help="scores.parquet or scores.csv")
    score.add_argument(
        "--run",
        dest="run_folder",
        metavar="FOLDER",
        help="score a report's run folder instead: its corpus snapshot, as its run.json says, "
        "into its scores/ (the report does this before its notebooks)",
    )
    score.add_argument("--sentences", metavar="FILE", help="also write sentence scores here")
    score.add_argument("--force", action="store_true", help="replace --out if it exists")
    _scoring_options(score)
    score.set_defaults(run=_score)

    sample = sub.add_parser(
        "sample",
        help="draw a sample of units to hand-code, with its codebook and coding sheet",
        description="Draw sentences, paragraphs or articles stratified by group and by the "
        "suite's decisions, recording each unit's inclusion probability, and write the "
        "folder two coders need: sheet.csv (blind, shuffled), codebook.html/.md, "
        "allowed-values.csv, and design.csv (the suite's answers; keep it closed while coding). "
        "With --after, the next round: where the learned model, adapted to the rounds coded so "
        "far, is least sure.",
    )
    _corpus_options(sample)
    sample.add_argument(
        "--unit",
        choices=("sentence", "paragraph", "article"),
        default="sentence",
        help="what a coder codes (default: sentence)",
    )
    sample.add_argument("--n", type=int, default=40, metavar="N", help="units (default: 40)")
    sample.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    sample.add_argument("--out", required=True, metavar="DIR", help="a new folder for the sample")
    sample.add_argument(
        "--codes",
        metavar="A,B",
        help="the codes to code, e.g. hedged,human_interest,tone (default: every code of the "
        "codebook)",
    )
    sample.add_argument(
        "--after",
        metavar="DIR",
        help="draw the next round after this coded sample (and the rounds before it): units "
        "not coded yet, drawn more often where the learned model, adapted to the coded "
        "rounds, is least sure; inclusion probabilities go to design.csv (--unit is the "
        "first round's)",
    )
    sample.add_argument(
        "--code",
        default="human_interest",
        metavar="CODE",
        help="with --after: the yes/no code whose learned model's doubt draws the sample "
        "(default: human_interest)",
    )
    sample.set_defaults(run=_sample)

    status = sub.add_parser(
        "status",
        help="say whether a report run is complete, failed, running or interrupted",
        description="Read RUN/manifest.json and say what state the run is in; a run whose "
        "manifest says running but whose process (pid and host recorded) is gone is reported "
        "as interrupted. Exits 0 only for a complete run.",
    )
    status.add_argument("folder", metavar="RUN", help="the run folder")
    status.set_defaults(run=_status)

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

    imports = sub.add_parser(
        "import",
        help="read news-database exports (Nexis, Factiva, ProQuest) into a corpus CSV to review",
        description="Read Nexis (TXT, DOCX, RTF), Factiva (RTF, HTML, text) and ProQuest (TXT) "
        "export files, or folders of them, each by the database its content shows, into one "
        "CSV with a row per article: doc_id (the database's document number where it has "
        "one), outlet, date, title, byline, section, word count, dateline, language and the "
        "text without the export's furniture. Cells a spreadsheet would run as formulas are "
        "written with a leading '. Refuses to overwrite --out or to write into data/raw/; "
        "refuses, naming the file and record, an export that is cut off, in another interface "
        "language or two exports joined into one file.",
    )
    imports.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders")
    imports.add_argument(
        "--from",
        dest="source",
        choices=("auto", "nexis", "factiva", "proquest"),
        default="auto",
        help="the database every file comes from (default: auto, read from each file)",
    )
    imports.add_argument("--out", required=True, metavar="FILE", help="a new CSV file")
    imports.add_argument(
        "--max-bytes", type=int, metavar="N", help="refuse export files larger than N bytes"
    )
    imports.set_defaults(run=_import)

    events = sub.add_parser(
        "events",
        help="find which articles report the same event and write them for review",
        description="Give each article an event (TF-IDF of words and names, nearest "
        "neighbours, a date window), with the event's shared names and terms, its date span "
        "and each article's strength of membership, as a CSV. A corpus's own 'event' column "
        "wins. Correct the 'event' column of the CSV and pass it back with --events.",
    )
    events.add_argument(
        "--corpus", metavar="PATH", help="folder, CSV, JSONL or exports (default: seed)"
    )
    events.add_argument(
        "--out", metavar="FILE", default="events.csv", help="CSV to write (default: events.csv)"
    )
    events.add_argument(
        "--events", metavar="FILE", help="a reviewed events CSV (doc_id, event) whose events win"
    )
    events.add_argument("--force", action="store_true", help="replace --out if it exists")
    events.add_argument(
        "--threshold",
        type=float,
        help="cosine similarity to join articles (default: the threshold chosen on data, "
        "analysis.statistics.events.THRESHOLD)",
    )
    events.add_argument(
        "--window-days",
        type=float,
        help="most days between two articles of one event when both dates are known "
        "(default: analysis.statistics.events.WINDOW_DAYS)",
    )
    events.add_argument(
        "--ignore-given",
        action="store_true",
        help="find every article's event from the texts, ignoring the corpus's event column",
    )
    events.set_defaults(run=_events)

    genres = sub.add_parser(
        "genres",
        help="propose each article's genre with its evidence and write it for review",
        description="Propose wire, colour, opinion or unsure for every article from the "
        "signals a journalist reads (wire credit, dateline, section, length, kind of lead, "
        "first person, attributed statements), each with its evidence, as a CSV whose "
        "'genre' column you correct. A corpus's own genre column wins. With --genres, read "
        "a reviewed file back, check it, and write the genres it gives.",
    )
    _review_options(genres)
    genres.add_argument("--genres", metavar="FILE", help="a reviewed genres CSV (doc_id, genre)")
    genres.set_defaults(run=_genres)

    duplicates = sub.add_parser(
        "duplicates",
        help="list duplicate and near-duplicate articles with their evidence, for review",
        description="Find the same story run more than once, updated versions of one story "
        "and articles split across two records (shared sentences, near-linear), and write "
        "one row per article in a set of duplicates: set 'action' to keep, drop or reprint "
        "(with 'reprint_of'). With --duplicates, apply a reviewed file and write the kept "
        "articles with their reprint_of as a corpus CSV (report --corpus reads it).",
    )
    _review_options(duplicates)
    duplicates.add_argument(
        "--duplicates",
        metavar="FILE",
        help="a reviewed duplicates CSV (doc_id, action, reprint_of)",
    )
    duplicates.set_defaults(run=_duplicates)
    return parser


if __name__ == "__main__":
    sys.exit(main())
