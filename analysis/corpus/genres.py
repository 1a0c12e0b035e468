"""A genre proposal for every article, with its evidence, for the user to review.

Why: a corpus from a news database has no genre column, and comparing wire
reports with colour pieces needs one. The suite proposes ``wire``, ``colour``,
``opinion`` or ``unsure`` from the signals of :mod:`analysis.corpus.genre_signals`,
writes each proposal beside its evidence for review (``python -m analysis genres
--corpus ... --out genres.csv``), and applies a reviewed file (``--genres FILE``)
or, only when asked, the proposal itself (``--genres proposed``). Never silently:
a corpus's own ``genre`` column always wins, every row says where its genre came
from (``genre_source``: ``given``, ``reviewed`` or ``proposed``), and ``unsure``
articles stay ``unknown``, left out of comparisons.

How a proposal is made: each signal adds points to the genre it points to
(:data:`POINTS`: a credit or a label that says the genre outright weighs most);
the genre with the most points is proposed when it has at least
:data:`MIN_POINTS` and leads the next by :data:`MIN_LEAD`; otherwise ``unsure``.
The points and thresholds were set by reading the seed corpus, the development
half of the narrative-frames articles (opinion flag) and the development half of
BASIL (news reports of three outlets); the agreement figures of
:mod:`analysis.evaluate.genres` are measured on the other halves.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd

from analysis import paths
from analysis.corpus.errors import CorpusError
from analysis.corpus.genre_signals import Signals, article_signals
from analysis.corpus.labels import UNKNOWN
from analysis.corpus.review import corpus_ids, read_review, write_review

#: What ``genres=`` says to apply the proposal itself, unreviewed.
PROPOSED = "proposed"
#: What the proposal can say.
PROPOSALS = ("wire", "colour", "opinion", "unsure")
#: Least points for a proposal, and least lead over the runner-up.
MIN_POINTS = 3
MIN_LEAD = 2
#: Attribution shares that point to a report (at least) and away from one (below).
ATTRIBUTED_REPORT, ATTRIBUTED_ARGUMENT = 0.4, 0.2
#: Lengths in words: a short wire report, a long feature.
SHORT_WORDS, LONG_WORDS = 800, 1000
#: Prescriptive modals per 1,000 words that point to argument.
PRESCRIPTIVE_ARGUMENT = 2.0

#: (genre, points, test of the signals, evidence in words).
POINTS: tuple[tuple[str, int, Callable[[Signals], bool], Callable[[Signals], str]], ...] = (
    ("wire", 3, lambda s: bool(s.wire_credit),
     lambda s: f"wire credit: {s.wire_credit} ({s.wire_credit_where})"),
    ("wire", 1, lambda s: bool(s.wire_contributed),
     lambda s: f"{s.wire_contributed} contributed material"),
    ("wire", 1, lambda s: s.agencies_cited >= 2,
     lambda s: f"agencies cited {s.agencies_cited} times"),
    ("wire", 1, lambda s: bool(s.dateline), lambda s: f"dateline: {s.dateline}"),
    ("wire", 1, lambda s: s.section_points_to == "wire", lambda s: f"section: {s.section}"),
    ("wire", 1, lambda s: s.lead == "summary", lambda s: f"summary lead ({s.lead_why})"),
    ("wire", 1, lambda s: s.attributed_share >= ATTRIBUTED_REPORT,
     lambda s: f"{s.attributed_share:.0%} of sentences attributed"),
    ("wire", 1, lambda s: s.words <= SHORT_WORDS, lambda s: f"short ({s.words} words)"),
    ("colour", 2, lambda s: s.lead == "scene", lambda s: f"scene lead ({s.lead_why})"),
    ("colour", 2, lambda s: s.section_points_to == "colour", lambda s: f"section: {s.section}"),
    ("colour", 1, lambda s: s.first_person > 0,
     lambda s: f"first person ({s.first_person:.1f} per 1,000 words)"),
    ("colour", 1, lambda s: s.words >= LONG_WORDS, lambda s: f"long ({s.words} words)"),
    ("opinion", 4, lambda s: bool(s.opinion_label), lambda s: f"labelled: {s.opinion_label}"),
    ("opinion", 3, lambda s: s.section_points_to == "opinion",
     lambda s: f"section: {s.section or 'in the URL'}"),
    ("opinion", 1, lambda s: s.prescriptive >= PRESCRIPTIVE_ARGUMENT,
     lambda s: f"prescriptive ({s.prescriptive:.1f} should/must per 1,000 words)"),
    ("opinion", 1, lambda s: s.attributed_share < ATTRIBUTED_ARGUMENT,
     lambda s: f"few attributions ({s.attributed_share:.0%} of sentences)"),
)  # fmt: skip

#: Columns of the review table, in order (``genre`` is the one to correct).
COLUMNS = (
    "doc_id", "genre", "proposed", "source", "evidence", "wire_points", "colour_points",
    "opinion_points", "wire_credit", "wire_credit_where", "dateline", "section", "words",
    "lead", "first_person", "attributed_share", "prescriptive", "outlet", "title",
)  # fmt: skip


def propose(signals: Signals) -> tuple[str, dict[str, int], list[str]]:
    """The proposal for one article's signals, the points per genre, and the evidence.

    >>> from analysis.corpus.genre_signals import article_signals
    >>> proposal, points, evidence = propose(article_signals(
    ...     {"text": "KYIV (Reuters) - Ukraine said on Friday it was ready to talk."}))
    >>> proposal, points["wire"], evidence[0]
    ('wire', 7, 'wire credit: Reuters (dateline)')
    """
    points = dict.fromkeys(PROPOSALS[:3], 0)
    evidence = []
    for genre, weight, test, say in POINTS:
        if test(signals):
            points[genre] += weight
            evidence.append(say(signals))
    ranked = sorted(points.values(), reverse=True)
    best = max(points, key=points.get)
    sure = ranked[0] >= MIN_POINTS and ranked[0] - ranked[1] >= MIN_LEAD
    return (best if sure else "unsure"), points, evidence


def propose_genres(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every article's genre proposal with its evidence, one row per article (:data:`COLUMNS`).

    ``genre`` is the corpus's own label where it has one (``source`` ``given``),
    else the proposal (``source`` ``proposed``): correct it and read the file back
    with :func:`read_genres`.

    >>> from analysis import load_corpus
    >>> table = propose_genres(load_corpus())
    >>> table[["genre", "source"]].value_counts().to_dict()
    {('wire', 'given'): 3, ('colour', 'given'): 2}
    """
    rows = []
    for article in corpus.to_dict("records"):
        signals = article_signals(article)
        proposal, points, evidence = propose(signals)
        given = str(article.get("genre", UNKNOWN)).strip().lower()
        known = given not in ("", UNKNOWN, "nan")
        rows.append(
            {
                "doc_id": article["doc_id"],
                "genre": given if known else proposal,
                "proposed": proposal,
                "source": "given" if known else "proposed",
                "evidence": "; ".join(evidence) or "no signal",
                **{f"{g}_points": p for g, p in points.items()},
                "wire_credit": signals.wire_credit,
                "wire_credit_where": signals.wire_credit_where,
                "dateline": signals.dateline,
                "section": signals.section,
                "words": signals.words,
                "lead": signals.lead,
                "first_person": round(signals.first_person, 2),
                "attributed_share": round(signals.attributed_share, 3),
                "prescriptive": round(signals.prescriptive, 2),
                "outlet": article.get("outlet", UNKNOWN),
                "title": article.get("title", ""),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def save_genres(
    table: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False
) -> os.PathLike[str]:
    """Write the proposal for review (never over an existing file unless ``force``)."""
    return write_review(table, path, force=force)


def _labels(values: pd.Series) -> pd.Series:
    """Genre cells as the loader's labels: lower case; ``unsure`` and blanks are ``unknown``."""
    spelled = values.astype(str).str.strip().str.lower()
    return spelled.replace({"": UNKNOWN, "unsure": UNKNOWN, "color": "colour"})


def _sources(table: pd.DataFrame) -> pd.Series:
    """Where each row's genre comes from: ``proposed`` where it is still the proposal,
    ``corrected`` where a review changed it, ``reviewed`` for a file without proposals."""
    if "proposed" not in table:
        return pd.Series("reviewed", index=table.index)
    same = _labels(table["genre"]) == _labels(table["proposed"])
    return same.map({True: "proposed", False: "corrected"})


def read_genres(path: str | os.PathLike[str], corpus: pd.DataFrame) -> pd.DataFrame:
    """A genres file as ``doc_id`` (the corpus's), ``genre`` and ``genre_source``.

    ``unsure`` (or a blank) becomes ``unknown``: such articles are left out of
    comparisons. A file written by :func:`save_genres` keeps its ``proposed``
    column, so each row says whether the review kept the proposal
    (:func:`_sources`); other columns are ignored.

    Raises:
        CorpusError: naming the file and the row of a doc_id not in the corpus or a
            genre that is not one of :data:`PROPOSALS` or ``unknown``.
    """
    table = read_review(path, columns=("doc_id", "genre"), what="genres")
    genre = _labels(table["genre"])
    allowed = (*PROPOSALS[:3], UNKNOWN)
    wrong = [
        f"row {n + 2} ({table['doc_id'].iat[n]}: {value!r})"
        for n, value in enumerate(genre)
        if value not in allowed
    ]
    if wrong:
        raise CorpusError(
            f"{path}: genre must be one of {', '.join((*allowed, 'unsure'))}: "
            + ", ".join(wrong[:5])
        )
    ids = corpus_ids(corpus, table["doc_id"], where=str(path))
    return pd.DataFrame(
        {"doc_id": ids.to_numpy(), "genre": genre.to_numpy(), "genre_source": _sources(table)}
    )


def apply_genres(
    corpus: pd.DataFrame,
    genres: str | os.PathLike[str] | pd.DataFrame,
    *,
    group_by: str = "genre",
) -> pd.DataFrame:
    """The corpus with ``genre`` filled where it has none, and ``genre_source`` saying from where.

    Args:
        corpus: e.g. :func:`analysis.corpus.load_corpus`.
        genres: ``"proposed"`` (propose now), a table from :func:`propose_genres`,
            or a genres file (:func:`read_genres`). The corpus's own labels win
            (``genre_source`` ``given``).
        group_by: ``group`` follows ``genre`` when the corpus is grouped by it.

    >>> from analysis import load_corpus
    >>> corpus = load_corpus().assign(genre="unknown", group="unknown")
    >>> applied = apply_genres(corpus, "proposed")
    >>> applied[["genre", "genre_source"]].value_counts().sort_index().to_dict()
    {('colour', 'proposed'): 2, ('unknown', 'proposed'): 2, ('wire', 'proposed'): 1}
    """
    own = _labels(corpus["genre"])
    known = own != UNKNOWN
    if isinstance(genres, pd.DataFrame):
        table = genres.assign(genre=_labels(genres["genre"]), genre_source=_sources(genres))
    elif str(genres) == PROPOSED:
        table = propose_genres(corpus[~known])
        table = table.assign(genre=_labels(table["genre"]), genre_source="proposed")
    else:
        table = read_genres(paths.resolve(genres), corpus)
    found = table.set_index("doc_id")[["genre", "genre_source"]]
    filled = found.reindex(corpus["doc_id"]).fillna({"genre": UNKNOWN, "genre_source": "none"})
    out = corpus.assign(
        genre=own.where(known, filled["genre"].to_numpy()),
        genre_source=pd.Series(filled["genre_source"].to_numpy(), index=corpus.index).where(
            ~known, "given"
        ),
    )
    if group_by == "genre":
        out["group"] = out["genre"]
    return out


def unsure_count(table: pd.DataFrame) -> int:
    """How many articles the proposal left ``unsure`` (given labels not counted)."""
    return int(((table["proposed"] == "unsure") & (table["source"] == "proposed")).sum())


#: Most labelled articles notebook 01 proposes genres for (a sample beyond that).
MAX_COMPARED = 1000


def proposal_against_labels(corpus: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """The proposal for the articles whose genre the corpus gives itself, beside that label.

    Articles labelled by a proposal or a genres file (``genre_source``) are left
    out: comparing the proposal with itself says nothing. Beyond
    :data:`MAX_COMPARED` labelled articles, a random sample of that many (``seed``).

    >>> from analysis import load_corpus
    >>> proposal_against_labels(load_corpus())[["genre", "proposed"]].value_counts().to_dict()
    {('colour', 'colour'): 2, ('wire', 'unsure'): 2, ('wire', 'wire'): 1}
    """
    own = corpus["genre_source"] == "given" if "genre_source" in corpus else True
    labelled = corpus[own & (_labels(corpus["genre"]) != UNKNOWN)]
    if len(labelled) > MAX_COMPARED:
        labelled = labelled.sample(MAX_COMPARED, random_state=seed).sort_index()
    return propose_genres(labelled)


def agreement_in_words(compared: pd.DataFrame) -> str:
    """How the proposal compares with the corpus's labels, in one sentence.

    >>> print(agreement_in_words(pd.DataFrame({"genre": ["wire", "wire", "colour"],
    ...     "proposed": ["wire", "unsure", "wire"]})))  # doctest: +NORMALIZE_WHITESPACE
    Of 3 articles with a genre of their own, the proposal agrees on 1, disagrees on 1 and
    leaves 1 unsure.
    """
    if compared.empty:
        return (
            "No article has a genre of its own to compare with: every genre in this run "
            "comes from the proposal or a genres file (genre_source says which)."
        )
    unsure = compared["proposed"] == "unsure"
    agree = (compared["proposed"] == compared["genre"]) & ~unsure
    return (
        f"Of {len(compared):,} articles with a genre of their own, the proposal agrees on "
        f"{agree.sum():,}, disagrees on {(~agree & ~unsure).sum():,} and leaves "
        f"{unsure.sum():,} unsure."
    )


def agreement_table(compared: pd.DataFrame) -> pd.DataFrame:
    """Articles by their own genre (rows) and the proposal (columns), every proposal shown.

    >>> agreement_table(pd.DataFrame({"genre": ["wire"], "proposed": ["unsure"]})).loc["wire"]
    proposed
    wire       0
    colour     0
    opinion    0
    unsure     1
    Name: wire, dtype: int64
    """
    table = pd.crosstab(compared["genre"], compared["proposed"])
    return table.reindex(columns=list(PROPOSALS), fill_value=0)
