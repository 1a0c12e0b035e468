"""Duplicates: one story run twice, an updated version, one article in two records.

Why: a database search returns the same wire story once per outlet that ran it,
an updated version beside the first, and a long article split across two
records. Counted as they are, a story run by ten outlets weighs ten times in a
comparison. :func:`find_duplicates` lists them with their evidence; the user
decides per article (keep, drop, or mark as a reprint of another, ``reprint_of``)
in a review file that :func:`apply_duplicates` reads back, as events are
reviewed (``python -m analysis duplicates``).

How (the sentence matching of :mod:`analysis.statistics.reuse`, near-linear in
the corpus, no all-pairs matrix):

* ``duplicate``: each article's sentences are at least :data:`DUPLICATE` found in
  the other: the same story, lightly edited (a syndicated copy);
* ``version``: one article holds at least :data:`VERSION` of the other's
  sentences but not both ways: an updated, cut or extended version;
* ``split``: the same title (``Part 2``, ``continued`` set aside), outlet and
  date, and not one sentence shared: one article in two records. Such rows are
  evidence to look at, not proof: a daily "News in brief" has one title too.

A pair whose articles only share a quotation or a paragraph is reuse, not a
duplicate: :mod:`analysis.statistics.reuse` measures it. Paraphrase is not found.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from analysis.corpus.errors import CorpusError
from analysis.corpus.labels import UNKNOWN
from analysis.corpus.review import corpus_ids, read_review, write_review
from analysis.statistics.reuse import matched_sentences, text_reuse

#: Share of each article's sentences found in the other: the same story.
DUPLICATE = 0.8
#: Share of one article's sentences found in the other: a version of it.
VERSION = 0.5
#: What the review file's ``action`` may say.
ACTIONS = ("keep", "drop", "reprint")
#: Columns of :func:`find_duplicates`' pairs.
PAIR_COLUMNS = (
    "doc_a", "doc_b", "kind", "similarity", "share_a_in_b", "share_b_in_a", "shared_sentences",
    "outlet_a", "outlet_b", "date_a", "date_b", "title_a", "title_b", "evidence",
)  # fmt: skip
#: Columns of the review file, one row per article in a set of duplicates.
REVIEW_COLUMNS = (
    "doc_id", "duplicate_set", "action", "reprint_of", "kind", "similarity", "outlet", "date",
    "title", "evidence",
)  # fmt: skip
_PART = re.compile(r"\s*[(\[;,:-]*\s*(?:part \d+(?: of \d+)?|continued|cont\.?)\s*[)\]]*\s*$", re.I)


def _column(corpus: pd.DataFrame, name: str) -> pd.Series:
    values = corpus[name] if name in corpus else pd.Series(UNKNOWN, index=corpus.index)
    return values.fillna(UNKNOWN).astype(str)


def _facts(corpus: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {c: _column(corpus, c).to_numpy() for c in ("outlet", "date", "title")},
        index=corpus["doc_id"].to_numpy(),
    )


def _shared_pairs(corpus: pd.DataFrame, **reuse: object) -> pd.DataFrame:
    """Unordered pairs sharing sentences, with the share of each found in the other."""
    ordered = text_reuse(corpus, **reuse)
    share = {(a, b): s for a, b, s in ordered[["doc_a", "doc_b", "share"]].itertuples(index=False)}
    matched = dict(
        zip(zip(ordered["doc_a"], ordered["doc_b"], strict=True), ordered["matched"], strict=True)
    )
    counted = dict(zip(ordered["doc_a"], ordered["sentences_a"], strict=True))
    position = {doc: n for n, doc in enumerate(corpus["doc_id"])}
    rows = []
    for a, b in {tuple(sorted(k, key=position.get)) for k in share}:
        ab, ba = share.get((a, b), 0.0), share.get((b, a), 0.0)
        kind = (
            "duplicate" if min(ab, ba) >= DUPLICATE else "version" if max(ab, ba) >= VERSION else ""
        )
        if kind:
            both = matched.get((a, b), 0) + matched.get((b, a), 0)
            rows.append(
                (a, b, kind, both / (counted[a] + counted[b]), ab, ba, matched.get((a, b), 0))
            )
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS[:7]))


def _split_pairs(corpus: pd.DataFrame, sharing: set[frozenset]) -> pd.DataFrame:
    """Consecutive records with one title, outlet and date that share no sentence."""
    facts = _facts(corpus)
    title = facts["title"].str.replace(_PART, "", regex=True).str.strip().str.casefold()
    known = ~title.isin(["", UNKNOWN]) & (facts["outlet"] != UNKNOWN) & (facts["date"] != UNKNOWN)
    rows = []
    keyed = facts[known.to_numpy()].assign(key=title[known.to_numpy()])
    for _, same in keyed.groupby(["key", "outlet", "date"], sort=False):
        ids = same.index.tolist()
        for a, b in zip(ids, ids[1:], strict=False):
            if frozenset((a, b)) not in sharing:
                rows.append((a, b, "split", 0.0, 0.0, 0.0, 0))
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS[:7]))


def find_duplicates(corpus: pd.DataFrame, **reuse: object) -> pd.DataFrame:
    """Pairs of articles that are the same story, versions of one, or one article split in two.

    Args:
        corpus: one row per article with ``doc_id`` and ``text`` (``outlet``,
            ``date`` and ``title`` are shown, and needed to find splits).
        reuse: options of :func:`analysis.statistics.reuse.text_reuse`
            (``threshold``, ``shingle_size``, ``min_words``).

    Returns:
        :data:`PAIR_COLUMNS`: ``kind`` (``duplicate``, ``version`` or ``split``);
        ``similarity`` (the share of both articles' sentences found in the other);
        each article's share found in the other; ``shared_sentences`` (A's found
        in B); both articles' outlet, date and title; ``evidence`` (the first
        shared sentence, or why a split was suspected). Strongest first.

    >>> story = ("Envoy Steve Witkoff said the talks in Florida were productive. "
    ...          "Russia's Kirill Dmitriev flew to Miami for the meeting on Saturday. "
    ...          "Ukraine's negotiators will meet the US team in Abu Dhabi on Sunday.")
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [story,
    ...     story + " Markets barely moved.", "Storm Ciaran flooded Cornwall overnight again."]})
    >>> find_duplicates(corpus)[["doc_a", "doc_b", "kind", "similarity"]]
      doc_a doc_b       kind  similarity
    0     a     b  duplicate         1.0
    """
    if "doc_id" not in corpus or "text" not in corpus:
        raise ValueError(f"find_duplicates needs doc_id and text; columns are {list(corpus)}")
    shared = _shared_pairs(corpus, **reuse)
    splits = _split_pairs(
        corpus, {frozenset(p) for p in zip(shared["doc_a"], shared["doc_b"], strict=True)}
    )
    pairs = pd.concat([shared, splits], ignore_index=True) if len(splits) else shared
    facts = _facts(corpus)
    for side in ("a", "b"):
        for fact in ("outlet", "date", "title"):
            pairs[f"{fact}_{side}"] = facts.loc[pairs[f"doc_{side}"], fact].to_numpy()
    pairs["evidence"] = _evidence(corpus, pairs, **reuse)
    pairs = pairs.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True])
    return pairs[list(PAIR_COLUMNS)].reset_index(drop=True)


def _evidence(corpus: pd.DataFrame, pairs: pd.DataFrame, **reuse: object) -> list[str]:
    """The first sentence each pair shares; for a split, what the records have in common."""
    if pairs.empty:
        return []
    matches = matched_sentences(corpus, **reuse).drop_duplicates(["doc_a", "doc_b"])
    first = {(a, b): t for a, b, t in matches[["doc_a", "doc_b", "text_a"]].itertuples(index=False)}
    texts = dict(zip(corpus["doc_id"], corpus["text"].astype(str), strict=True))
    said = []
    for a, b, kind in pairs[["doc_a", "doc_b", "kind"]].itertuples(index=False):
        if kind == "split":
            ends = texts[a].rstrip()[-1:]
            said.append(
                "same title, outlet and date, no sentence shared"
                + ("; the first ends without final punctuation" if ends not in ".!?”\"'’" else "")
            )
        else:
            sentence = " ".join(first.get((a, b), first.get((b, a), "")).split())
            said.append(f"shared: {sentence[:200]}{'…' if len(sentence) > 200 else ''}")
    return said


def duplicate_sets(pairs: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per article in a set of duplicates, for review (:data:`REVIEW_COLUMNS`).

    A set is the articles joined by any listed pair; ``kind``, ``similarity`` and
    ``evidence`` are those of each article's strongest pair. The first article of each set
    (earliest known date, then corpus order) is proposed ``keep``; the others
    ``reprint`` of it, which drops nothing: change ``action`` to ``drop`` to keep
    one, or to ``keep`` (and empty ``reprint_of``) to keep them as they are. Split
    records are proposed ``keep``, with no ``reprint_of``.
    """
    ids = corpus["doc_id"].tolist()
    position = {doc: n for n, doc in enumerate(ids)}
    a = pairs["doc_a"].map(position).to_numpy()
    b = pairs["doc_b"].map(position).to_numpy()
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    facts = _facts(corpus)
    best: dict[str, tuple[str, float, str]] = {}  # each article's strongest pair (pairs sorted)
    for a, b, kind, sim, said in pairs[
        ["doc_a", "doc_b", "kind", "similarity", "evidence"]
    ].itertuples(index=False):
        best.setdefault(a, (kind, sim, f"with {b}: {said}"))
        best.setdefault(b, (kind, sim, f"with {a}: {said}"))
    dates = pd.to_datetime(facts["date"].where(facts["date"] != UNKNOWN), errors="coerce")
    rows = []
    members = sorted(best, key=position.get)
    sets = pd.Series(component[[position[d] for d in members]], index=members)
    for number, (_, group) in enumerate(sets.groupby(sets, sort=False), start=1):
        order = sorted(group.index, key=lambda d: (pd.isna(dates[d]), dates[d], position[d]))
        first = order[0]
        for doc in order:
            kind, similarity, evidence = best[doc]
            reprint = doc != first and kind != "split"
            rows.append(
                {
                    "doc_id": doc,
                    "duplicate_set": f"D{number:03d}",
                    "action": "reprint" if reprint else "keep",
                    "reprint_of": first if reprint else "",
                    "kind": kind,
                    "similarity": round(similarity, 3),
                    "outlet": facts.at[doc, "outlet"],
                    "date": facts.at[doc, "date"],
                    "title": facts.at[doc, "title"],
                    "evidence": evidence,
                }
            )
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))


def save_duplicates(
    review: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False
) -> os.PathLike[str]:
    """Write the sets for review (never over an existing file unless ``force``)."""
    return write_review(review, path, force=force)


def read_duplicates(path: str | os.PathLike[str], corpus: pd.DataFrame) -> pd.DataFrame:
    """A reviewed duplicates file as ``doc_id``, ``action`` and ``reprint_of`` (the corpus's ids).

    Raises:
        CorpusError: naming the file and row of an unknown doc_id, an action not in
            :data:`ACTIONS`, a reprint without ``reprint_of``, or a ``reprint_of``
            that is not a kept article of the corpus.
    """
    table = read_review(path, columns=("doc_id", "action", "reprint_of"), what="duplicates")
    action = table["action"].str.lower()
    problems = [
        f"row {n + 2} ({doc}): {problem}"
        for n, (doc, act, of) in enumerate(
            zip(table["doc_id"], action, table["reprint_of"], strict=True)
        )
        for problem in (
            [f"action {act!r} is not one of {', '.join(ACTIONS)}"] if act not in ACTIONS else []
        )
        + (["action reprint needs a reprint_of"] if act == "reprint" and not of else [])
    ]
    if problems:
        raise CorpusError(f"{path}: {'; '.join(problems[:5])}")
    ids = corpus_ids(corpus, table["doc_id"], where=str(path))
    given = table["reprint_of"] != ""
    of = table["reprint_of"].copy()
    of[given] = corpus_ids(corpus, table["reprint_of"][given], where=f"{path} (reprint_of)")
    dropped = set(ids[action == "drop"])
    bad = [f"row {n + 2} ({o})" for n, o in enumerate(of) if o in dropped]
    if bad:
        raise CorpusError(f"{path}: reprint_of names a dropped article: {', '.join(bad[:5])}")
    return pd.DataFrame(
        {"doc_id": ids.to_numpy(), "action": action.to_numpy(), "reprint_of": of.to_numpy()}
    )


def apply_duplicates(corpus: pd.DataFrame, path: str | os.PathLike[str]) -> pd.DataFrame:
    """The corpus as reviewed: ``drop`` rows left out, ``reprint_of`` filled (``""`` elsewhere).

    Articles the file does not list are kept as they are.
    """
    reviewed = read_duplicates(path, corpus)
    dropped = set(reviewed.loc[reviewed["action"] == "drop", "doc_id"])
    reprints = reviewed[reviewed["action"] == "reprint"].set_index("doc_id")["reprint_of"]
    kept = corpus[~corpus["doc_id"].isin(dropped)]
    return kept.assign(reprint_of=kept["doc_id"].map(reprints).fillna("")).reset_index(drop=True)


#: Columns the loader fills itself when it reads a corpus CSV, left out of a checked corpus.
LOADER_COLUMNS = ("file", "group", "source_sha256", "encoding", "source_format")


def checked_corpus(raw: pd.DataFrame, path: str | os.PathLike[str]) -> pd.DataFrame:
    """The corpus as reviewed, as a table that :func:`analysis.corpus.load_corpus` reads back
    (``python -m analysis duplicates --duplicates FILE --out checked.csv``).

    Args:
        raw: the corpus loaded with ``clean=False``, so that loading the table cleans
            each text once, as loading the original would.
        path: the reviewed duplicates file.
    """
    checked = apply_duplicates(raw, path)
    return checked.drop(columns=[c for c in LOADER_COLUMNS if c in checked])
