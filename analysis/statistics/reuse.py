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

Only sentences that share a shingle are compared (an inverted index), so
hundreds of articles take seconds, not hours.

What a match does not tell you: who copied whom, or whether both outlets
quoted the same source (two reports quoting the same post on X match as
surely as a rewrite of the same wire copy). Paraphrase is not found.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable
from dataclasses import dataclass

import pandas as pd

from analysis.text import sentence_spans, tokenize

MATCH_COLUMNS = ["doc_a", "sentence_a", "text_a", "doc_b", "sentence_b", "text_b", "similarity"]


@dataclass(frozen=True, slots=True)
class _Sentence:
    doc: Hashable
    index: int
    text: str
    shingles: frozenset[tuple[str, ...]]


def normalise(text: str) -> list[str]:
    """The words of ``text`` as reuse compares them: lower case, straight apostrophes.

    >>> normalise("“Productive and constructive,” Witkoff’s post said.")
    ['productive', 'and', 'constructive', "witkoff's", 'post', 'said']
    """
    return [t.norm for t in tokenize(text) if t.is_word]


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


def _sentences(texts: pd.Series, shingle_size: int, min_words: int) -> list[_Sentence]:
    out = []
    for doc, text in texts.items():
        for i, (start, end) in enumerate(sentence_spans(text)):
            words = normalise(text[start:end])
            if len(words) < max(min_words, shingle_size):
                continue
            grams = zip(*(words[k:] for k in range(shingle_size)), strict=False)
            out.append(_Sentence(doc, i, text[start:end], frozenset(grams)))
    return out


def _matches(sentences: list[_Sentence], threshold: float) -> pd.DataFrame:
    index: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, sentence in enumerate(sentences):
        for gram in sentence.shingles:
            index[gram].append(n)
    rows = []
    for a in sentences:
        shared = Counter(n for gram in a.shingles for n in index[gram])
        for n, count in sorted(shared.items()):
            b = sentences[n]
            similarity = count / len(a.shingles)
            if b.doc != a.doc and similarity >= threshold:
                rows.append((a.doc, a.index, a.text, b.doc, b.index, b.text, similarity))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def matched_sentences(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
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
    texts = _documents(corpus, id_column, text_column)
    return _matches(_sentences(texts, shingle_size, min_words), threshold)


def text_reuse(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
) -> pd.DataFrame:
    """For every ordered pair of articles, the share of A's sentences that appear in B.

    Args are those of :func:`matched_sentences`.

    Returns:
        One row per ordered pair of distinct articles (``n * (n - 1)`` rows, in
        corpus order): ``doc_a``, ``doc_b``, ``share`` (``matched /
        sentences_a``; NaN when A has no sentence long enough), ``matched``
        (A's sentences found in B) and ``sentences_a`` (A's sentences of at
        least ``min_words`` words: short ones are neither counted nor matched).

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "The envoy said talks in Florida were productive and constructive.",
    ...     "Officials met. The envoy said talks in Florida were productive and useful."]})
    >>> text_reuse(corpus)
      doc_a doc_b  share  matched  sentences_a
    0     a     b    1.0        1            1
    1     b     a    1.0        1            1
    """
    texts = _documents(corpus, id_column, text_column)
    sentences = _sentences(texts, shingle_size, min_words)
    matches = _matches(sentences, threshold)
    matched = matches.groupby(["doc_a", "doc_b"])["sentence_a"].nunique().to_dict()
    eligible = Counter(s.doc for s in sentences)
    rows = []
    for a in texts.index:
        for b in texts.index:
            if a == b:
                continue
            count = matched.get((a, b), 0)
            share = count / eligible[a] if eligible[a] else float("nan")
            rows.append((a, b, share, count, eligible[a]))
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "share", "matched", "sentences_a"])


def reused_sentences(
    corpus: pd.DataFrame,
    *,
    id_column: str = "doc_id",
    text_column: str = "text",
    order_by: str | None = None,
    threshold: float = 0.5,
    shingle_size: int = 4,
    min_words: int = 6,
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
    texts = _documents(corpus, id_column, text_column)
    if order_by is None:
        order = sorted(texts.index)
    else:
        frame = corpus.reset_index() if id_column not in corpus.columns else corpus
        order = frame.sort_values([order_by, id_column], kind="stable")[id_column].tolist()
    rank = {doc: r for r, doc in enumerate(order)}
    matches = _matches(_sentences(texts, shingle_size, min_words), threshold)
    reused = set()
    for row in matches.itertuples(index=False):
        later_is_a = rank[row.doc_a] > rank[row.doc_b]
        reused.add((row.doc_a, row.sentence_a) if later_is_a else (row.doc_b, row.sentence_b))
    return reused


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
