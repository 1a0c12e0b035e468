"""The words that set one group's texts apart from the other's.

The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008), "Fightin' Words", Political Analysis 16(4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.text import normalised_words


def _word_counts(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word tokens with at least one letter; curly apostrophes made straight."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(normalised_words(text))
    # each distinct word checked once, not each of its occurrences
    return Counter({w: n for w, n in counts.items() if any(ch.isalpha() for ch in w)})


def distinguishing_words(
    texts_a: Iterable[str],
    texts_b: Iterable[str],
    *,
    prior_texts: Iterable[str] | None = None,
    alpha_0: float | None = None,
    min_count: int = 3,
    top: int | None = 20,
) -> pd.DataFrame:
    """Words that set texts ``a`` apart from texts ``b``: log-odds with an informative prior.

    Monroe, Colaresi & Quinn (2008) estimate for each word ``w``

        δ_w = log[(y_aw + α_w) / (n_a + α_0 − y_aw − α_w)]
              − log[(y_bw + α_w) / (n_b + α_0 − y_bw − α_w)]
        σ²_w ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w),   z_w = δ_w / σ_w

    with ``y`` the word counts, ``n`` the total words of each side and the
    prior ``α_w = α_0 · π_w``, ``π_w`` the word's share of a background corpus.
    The prior shrinks rare words, whose raw log-odds are noise, and ``z`` weighs
    the difference by how much evidence there is for it.

    Args:
        texts_a, texts_b: the two groups of texts.
        prior_texts: the background corpus; default the texts compared
            themselves. Given, the texts compared are added to it so that every
            word has a prior.
        alpha_0: the prior's total weight. Default: the background corpus's
            word count, i.e. background counts used as pseudo-counts (as in
            Jurafsky et al. 2014); a smaller value shrinks less.
        min_count: leave out words seen fewer times than this in ``a`` and ``b``
            together (after estimating, so the prior is unchanged).
        top: keep the ``top`` words with the highest and the ``top`` with the
            lowest z; ``None`` keeps all.

    Returns:
        ``word``, ``count_a``, ``count_b``, ``log_odds`` (δ, a vs b: positive
        means more typical of a) and ``z``, sorted by z from most typical of a
        to most typical of b. Words are lower-cased word tokens of
        :func:`analysis.text.tokenize` that contain a letter (numbers and
        punctuation are dropped); there is no stopword list.

    >>> words = distinguishing_words(["the palms sway, the palms"], ["the envoy said, the envoy"],
    ...                              min_count=1, top=1)
    >>> words["word"].tolist()
    ['palms', 'envoy']
    """
    counts_a, counts_b = _word_counts(texts_a), _word_counts(texts_b)
    background = counts_a + counts_b
    if prior_texts is not None:
        background += _word_counts(prior_texts)
    vocabulary = sorted(counts_a.keys() | counts_b.keys())
    columns = ["word", "count_a", "count_b", "log_odds", "z"]
    if not vocabulary:
        return pd.DataFrame(columns=columns)
    y_a = np.array([counts_a[w] for w in vocabulary], dtype=float)
    y_b = np.array([counts_b[w] for w in vocabulary], dtype=float)
    n_background = sum(background.values())
    a0 = float(n_background) if alpha_0 is None else alpha_0
    alpha = a0 * np.array([background[w] for w in vocabulary], dtype=float) / n_background
    n_a, n_b = y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + a0 - y_b - alpha)
    )
    z = delta / np.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
    table = pd.DataFrame(
        {
            "word": vocabulary,
            "count_a": y_a.astype(int),
            "count_b": y_b.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    table = table[table["count_a"] + table["count_b"] >= min_count]
    table = table.sort_values(["z", "word"], ascending=[False, True], ignore_index=True)
    if top is not None and len(table) > 2 * top:
        table = pd.concat([table.head(top), table.tail(top)], ignore_index=True)
    return table
