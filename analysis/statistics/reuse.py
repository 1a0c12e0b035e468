"""Sentence-level text reuse: which sentences of one article appear, nearly verbatim, in another.

Wire copy is reused: a colour piece or a second wire report may carry an AFP
sentence word for word. Reused sentences make two articles look alike for
reasons that have nothing to do with how each frames the event, so the
comparisons can be rerun with them left out (:func:`reused_sentences`,
:func:`drop_reused`).

How a match is found:

* sentences are the spans of :func:`analysis.text.sentence_spans`, numbered as
  :func:`analysis.scoring.score.score_sentences` numbers them, so the two tables join
  on ``(doc_id, sentence)``;
* each sentence is normalised to its lower-cased words (curly apostrophes made
  straight, punctuation and quotation marks dropped) and cut into word
  ``shingle_size``-grams;
* sentence A of one article *appears in* sentence B of another when at least
  ``threshold`` of A's shingles are also B's (containment, not Jaccard: a
  sentence quoted inside a longer one still counts). One changed word in a
  20-word sentence removes 4 of its 17 four-word shingles, so lightly edited
  sentences still match at the default threshold of 0.5;
* sentences of fewer than ``min_words`` words never count: "Neither side
  commented." is a formula, not reuse.

Matching is exact (the same pairs as comparing every sentence with every
other) and near-linear in the corpus: identical sentences are joined by a hash
of their words, and among distinct sentences only candidates that share one of
a sentence's rarest shingles are verified (prefix filtering: a sentence that
shares none of its ``len - need + 1`` rarest shingles with another cannot share
``need`` of them). No all-pairs matrix is built; the work and the tables grow
with the reuse actually found.

What a match does not tell you: who copied whom, or whether both outlets
quoted the same source (two reports quoting the same post on X match as
surely as a rewrite of the same wire copy). Paraphrase is not found.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from analysis.text import Doc, make_doc, normalised_words, sentence_spans

MATCH_COLUMNS = ["doc_a", "sentence_a", "text_a", "doc_b", "sentence_b", "text_b", "similarity"]


def _documents(corpus: pd.DataFrame, id_column: str, text_column: str) -> pd.Series:
    """The texts indexed by article id (the id may be a column or the index)."""
    frame = corpus.reset_index() if id_column not in corpus.columns else corpus
    for column in (id_column, text_column):
        if column not in frame.columns:
            raise ValueError(
                f"no column {column!r} in the corpus; columns are {list(frame.columns)}"
            )
    if frame[id_column].duplicated().any():
        duplicated = frame.loc[frame[id_column].duplicated(), id_column].tolist()
        raise ValueError(f"article ids must be unique; repeated: {duplicated}")
    return pd.Series(frame[text_column].to_numpy(), index=frame[id_column].to_numpy())


@dataclass(frozen=True, slots=True)
class _Occurrence:
    doc: Hashable
    index: int
    text: str
    unique: int  # which distinct sentence (by its normalised words) this is


@dataclass(slots=True)
class _Reuse:
    """The sentences long enough to count and the reuse among them, before any expansion.

    ``links[u]`` holds ``(v, similarity)`` for every distinct sentence ``v`` that
    distinct sentence ``u`` appears in (``u`` itself, similarity 1, included: its
    other copies); ``occurrences[u]`` the positions in ``sentences`` of ``u``'s copies.
    """

    sentences: list[_Occurrence]
    occurrences: list[list[int]]
    links: list[list[tuple[int, float]]]

    def pairs(self) -> Iterator[tuple[int, int, float]]:
        """Every matched pair of sentence positions in different articles, A's position first."""
        for u, linked in enumerate(self.links):
            for v, similarity in linked:
                for i in self.occurrences[u]:
                    doc = self.sentences[i].doc
                    for j in self.occurrences[v]:
                        if self.sentences[j].doc != doc:
                            yield i, j, similarity

    def found_in(self) -> Iterator[tuple[int, set[Hashable]]]:
        """Each sentence position with the other articles it appears in (none: not yielded)."""
        for u, linked in enumerate(self.links):
            docs = {self.sentences[j].doc for v, _ in linked for j in self.occurrences[v]}
            for i in self.occurrences[u]:
                others = docs - {self.sentences[i].doc}
                if others:
                    yield i, others


@dataclass(frozen=True)
class ReuseIndex:
    """The reuse found among one corpus's sentences, to ask several questions of.

    Built once by :func:`reuse_index` and passed as ``index=`` to
    :func:`matched_sentences`, :func:`text_reuse`, :func:`reuse_between_groups` and
    :func:`reused_sentences`: a notebook asks them all of one corpus, and the
    sentence split is most of the work. Each checks that it was built from the same
    texts with the same options.
    """

    texts: pd.Series
    options: tuple[float, int, int]  # threshold, shingle size, fewest words
    found: _Reuse = field(repr=False)


def reuse_index(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
    sentences: list[list[tuple[int, int, str]]] | None = None,
) -> ReuseIndex:
    """The reuse among ``corpus``'s sentences, found once (args as in :func:`matched_sentences`).

    ``sentences`` are each article's :func:`sentence_words`, in the corpus's order, when the
    scoring pass made them; else they are made here.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful."]})
    >>> index = reuse_index(corpus)
    >>> len(text_reuse(corpus, index=index)), reused_sentences(corpus, index=index)
    (2, {('b', 1)})
    """
    texts = _documents(corpus, id_column, text_column)
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if sentences is None:
        sentences = [sentence_words(make_doc(text)) for text in texts]
    elif len(sentences) != len(texts):
        raise ValueError(f"sentences of {len(sentences)} articles for a corpus of {len(texts)}")
    found = _index(texts, sentences, shingle_size, min_words, threshold)
    return ReuseIndex(texts, (threshold, shingle_size, min_words), found)


def _reuse(
    corpus: pd.DataFrame,
    id_column: str,
    text_column: str,
    options: tuple[float, int, int],
    index: ReuseIndex | None,
) -> tuple[pd.Series, _Reuse]:
    """The corpus's texts and their reuse: ``index``'s when given (checked), else found now."""
    if index is None:
        threshold, shingle_size, min_words = options
        index = reuse_index(
            corpus,
            id_column=id_column,
            text_column=text_column,
            threshold=threshold,
            shingle_size=shingle_size,
            min_words=min_words,
        )
        return index.texts, index.found
    texts = _documents(corpus, id_column, text_column)
    if index.options != options or not index.texts.equals(texts):
        raise ValueError(
            "the reuse index was built from other texts or options (threshold, shingle_size, "
            f"min_words {index.options}, asked for {options}): build it from this corpus"
        )
    return texts, index.found


def sentence_words(doc: Doc) -> list[tuple[int, int, str]]:
    """Each sentence of ``doc``, as :func:`reuse_index` reads it: its span, and its words as
    reuse compares them (:func:`~analysis.text.normalised_words`) joined by spaces (no word
    holds one). The scoring pass makes each article's from the Doc that scored it."""
    return [(s.start, s.end, " ".join(normalised_words(s.text))) for s in doc.sentences]


def _index(
    texts: pd.Series,
    words_of: Iterable[list[tuple[int, int, str]]],
    shingle_size: int,
    min_words: int,
    threshold: float,
) -> _Reuse:
    sentences: list[_Occurrence] = []
    ids: dict[tuple[str, ...], int] = {}
    shingles: list[frozenset[tuple[str, ...]]] = []
    for (doc, text), spans in zip(texts.items(), words_of, strict=True):
        for i, (start, end, joined) in enumerate(spans):
            words = tuple(joined.split(" ")) if joined else ()
            if len(words) < max(min_words, shingle_size):
                continue
            if words not in ids:
                ids[words] = len(shingles)
                grams = zip(*(words[k:] for k in range(shingle_size)), strict=False)
                shingles.append(frozenset(grams))
            sentences.append(_Occurrence(doc, i, text[start:end], ids[words]))
    occurrences: list[list[int]] = [[] for _ in shingles]
    for n, sentence in enumerate(sentences):
        occurrences[sentence.unique].append(n)
    return _Reuse(sentences, occurrences, _links(shingles, threshold))


def _links(shingles: list[frozenset], threshold: float) -> list[list[tuple[int, float]]]:
    """For each distinct sentence, the distinct sentences holding ``threshold`` of its shingles."""
    postings: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for u, grams in enumerate(shingles):
        for gram in grams:
            postings[gram].append(u)
    links = []
    for u, grams in enumerate(shingles):
        need = _needed(len(grams), threshold)
        rarest = sorted(grams, key=lambda g: (len(postings[g]), g))[: len(grams) - need + 1]
        candidates = {v for gram in rarest for v in postings[gram]}
        found = [(u, 1.0)]
        for v in sorted(candidates - {u}):
            shared = len(grams & shingles[v])
            if shared >= need:
                found.append((v, shared / len(grams)))
        links.append(found)
    return links


def _needed(size: int, threshold: float) -> int:
    """The fewest shared shingles out of ``size`` that reach ``threshold``.

    >>> _needed(17, 0.5), _needed(4, 0.5), _needed(3, 1.0)
    (9, 2, 3)
    """
    need = math.ceil(threshold * size)
    return need - 1 if need > 1 and (need - 1) / size >= threshold else need


def _match_table(reuse: _Reuse) -> pd.DataFrame:
    s = reuse.sentences
    return pd.DataFrame(
        [
            (s[i].doc, s[i].index, s[i].text, s[j].doc, s[j].index, s[j].text, sim)
            for i, j, sim in sorted(reuse.pairs())
        ],
        columns=MATCH_COLUMNS,
    )


def matched_sentences(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
    index: ReuseIndex | None = None,
) -> pd.DataFrame:
    """Every pair of sentences where sentence A of one article appears in sentence B of another.

    Args:
        corpus: one row per article, with an id column (or index) and a text column.
        id_column: the article id.
        text_column: the text; use the same text that was scored, so sentence
            numbers agree with :func:`analysis.scoring.score.score_sentences`.
        threshold: the share of A's word shingles that must also be B's.
        shingle_size: words per shingle.
        min_words: sentences with fewer words are never matched.
        index: the corpus's :func:`reuse_index`, built once for several questions;
            None finds the reuse for this call.

    Returns:
        ``doc_a``, ``sentence_a``, ``text_a``, ``doc_b``, ``sentence_b``,
        ``text_b`` and ``similarity`` (the share of A's shingles found in B).
        A pair is listed from both sides when each passes the threshold.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful."]})
    >>> matched_sentences(corpus)[["doc_a", "sentence_a", "doc_b", "sentence_b"]]
      doc_a  sentence_a doc_b  sentence_b
    0     a           0     b           1
    1     b           1     a           0
    """
    options = (threshold, shingle_size, min_words)
    return _match_table(_reuse(corpus, id_column, text_column, options, index)[1])


def text_reuse(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
    index: ReuseIndex | None = None,
) -> pd.DataFrame:
    """For every ordered pair of articles that share a sentence, the share of A's sentences in B.

    Pairs that share nothing are left out, so the table grows with the reuse
    found, not with the square of the corpus.

    Args are those of :func:`matched_sentences`.

    Returns:
        One row per ordered pair of distinct articles with at least one match,
        ordered by A then B in corpus order: ``doc_a``, ``doc_b``, ``share``
        (``matched / sentences_a``), ``matched`` (A's sentences found in B) and
        ``sentences_a`` (A's sentences of at least ``min_words`` words: short ones
        are neither counted nor matched).

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful.",
    ...     "Grain prices rose sharply across Europe after the announcement."]})
    >>> text_reuse(corpus)
      doc_a doc_b  share  matched  sentences_a
    0     a     b    1.0        1            1
    1     b     a    1.0        1            1
    """
    options = (threshold, shingle_size, min_words)
    texts, reuse = _reuse(corpus, id_column, text_column, options, index)
    s = reuse.sentences
    matched = Counter((s[i].doc, b) for i, others in reuse.found_in() for b in others)
    eligible = Counter(sentence.doc for sentence in s)
    position = {doc: n for n, doc in enumerate(texts.index)}
    rows = [
        (a, b, count / eligible[a], count, eligible[a])
        for (a, b), count in sorted(
            matched.items(), key=lambda kv: (position[kv[0][0]], position[kv[0][1]])
        )
    ]
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "share", "matched", "sentences_a"])


def reuse_between_groups(
    corpus: pd.DataFrame,
    *,
    by: str = "group",
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
    index: ReuseIndex | None = None,
) -> pd.DataFrame:
    """For each pair of groups, the share of A's sentences found in another article of B.

    The group-by-group summary of :func:`text_reuse`: its size grows with the
    number of groups, not of articles. A group is paired with itself too (reuse
    among its own articles).

    Args:
        by: the group column. The rest are as in :func:`matched_sentences`.

    Returns:
        ``group_a``, ``group_b``, ``sentences_a`` (group A's sentences long
        enough to count), ``matched`` (those found in at least one other article
        of group B) and ``share``; every pair of groups present, sorted.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["wire", "colour"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful."]})
    >>> reuse_between_groups(corpus)[["group_a", "group_b", "matched", "share"]]
      group_a group_b  matched  share
    0  colour  colour        0    0.0
    1  colour    wire        1    1.0
    2    wire  colour        1    1.0
    3    wire    wire        0    0.0
    """
    frame = corpus.reset_index() if id_column not in corpus.columns else corpus
    group = dict(zip(frame[id_column], frame[by].astype(str), strict=True))
    options = (threshold, shingle_size, min_words)
    reuse = _reuse(corpus, id_column, text_column, options, index)[1]
    s = reuse.sentences
    found = Counter(
        (group[s[i].doc], b) for i, others in reuse.found_in() for b in {group[d] for d in others}
    )
    eligible = Counter(group[sentence.doc] for sentence in s)
    names = sorted(set(group.values()))
    rows = [
        (a, b, eligible[a], found[a, b], found[a, b] / eligible[a] if eligible[a] else float("nan"))
        for a in names
        for b in names
    ]
    return pd.DataFrame(rows, columns=["group_a", "group_b", "sentences_a", "matched", "share"])


def reused_sentences(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    order_by: str | None = None,
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
    index: ReuseIndex | None = None,
) -> set[tuple[Hashable, int]]:
    """The ``(doc_id, sentence)`` keys of sentences that repeat a sentence of an earlier article.

    In every matched pair (in either direction: a later sentence that contains
    an earlier one plus a clause of its own is marked too) the copy in the
    later article is marked and the one in the earlier article is kept, so each
    reused passage is counted once.
    "Earlier" is by ``order_by`` (e.g. a publication date column) with ties
    broken by id, or by id alone when ``order_by`` is None: the rule is
    deterministic, not a claim about who copied whom.

    Args:
        order_by: a corpus column that orders the articles; None orders by id.
        The rest are as in :func:`matched_sentences`.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful."]})
    >>> reused_sentences(corpus)
    {('b', 1)}
    """
    options = (threshold, shingle_size, min_words)
    texts, reuse = _reuse(corpus, id_column, text_column, options, index)
    if order_by is None:
        order = sorted(texts.index)
    else:
        frame = corpus.reset_index() if id_column not in corpus.columns else corpus
        order = frame.sort_values([order_by, id_column], kind="stable")[id_column].tolist()
    rank = {doc: r for r, doc in enumerate(order)}
    s = reuse.sentences
    # a copy is marked when a matched copy (either way round) sits in an earlier article
    earliest = [min(rank[s[i].doc] for i in copies) for copies in reuse.occurrences]
    partners = [{u} for u in range(len(reuse.links))]
    for u, linked in enumerate(reuse.links):
        for v, _ in linked:
            partners[v].add(u)
            partners[u].add(v)
    first = [min(earliest[v] for v in near) for near in partners]
    return {(x.doc, x.index) for x in s if first[x.unique] < rank[x.doc]}


def drop_reused(
    sentences: pd.DataFrame,
    reused: Collection[tuple[Hashable, int]],
    *,
    id_column: str = "doc_id",
    sentence_column: str = "sentence",
) -> pd.DataFrame:
    """The sentence table without the sentences marked as reused.

    Args:
        sentences: e.g. :func:`analysis.scoring.score.score_sentences` output.
        reused: keys from :func:`reused_sentences`.
        id_column: the article id column of ``sentences``.
        sentence_column: the sentence number column of ``sentences``.

    >>> table = pd.DataFrame({"doc_id": ["a", "b", "b"], "sentence": [0, 0, 1]})
    >>> drop_reused(table, {("b", 1)})
      doc_id  sentence
    0      a         0
    1      b         0
    """
    keys = pd.Series(list(zip(sentences[id_column], sentences[sentence_column], strict=True)))
    return sentences[~keys.isin(set(reused)).to_numpy()]


def strip_reused(
    corpus: pd.DataFrame,
    reused: Collection[tuple[Hashable, int]],
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
) -> pd.DataFrame:
    """The corpus with the reused sentences cut out of each text, for article-level comparisons.

    Sentences are numbered as in :func:`analysis.scoring.score.score_sentences`, so the
    keys of :func:`reused_sentences` apply; an article keeps its other sentences
    in order, one per line.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks began. Talks ended."]})
    >>> strip_reused(corpus, {("a", 0)})["text"].tolist()
    ['Talks ended.']
    """
    drop = set(reused)
    texts = [
        "\n".join(
            text[start:end]
            for i, (start, end) in enumerate(sentence_spans(text))
            if (doc_id, i) not in drop
        )
        for doc_id, text in zip(corpus[id_column], corpus[text_column], strict=True)
    ]
    return corpus.assign(**{text_column: texts})
