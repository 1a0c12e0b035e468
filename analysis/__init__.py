"""Wire reports vs colour pieces: tone, hedging and human-interest framing, with evidence.

The public API, imported on first use so that ``python -m analysis report``
starts without loading the measures:

* :func:`load_corpus` (:class:`CorpusError`): the seed corpus or your own, one row per article.
* :func:`score_texts`, :func:`explain`, :func:`score_sentences`: every measure on
  texts; the evidence for one text; one row per sentence.
* :func:`score_corpus`: a corpus's columns plus the scores, in chunks, cached, in parallel.
* :func:`compare_groups`, :func:`compare_all_pairs`, :func:`compare_pairs`,
  :func:`distinguishing_words`: group statistics and the words that tell groups apart.
* :func:`describe_comparison`: a comparison's answer in words.
* :func:`text_reuse`: how much of each article reappears in another.
* :func:`compare_within_events`: two groups compared within events (blocked by event).
* :func:`find_events`, :func:`load_events`: which articles report the same event, with evidence;
  a reviewed events file read back.
* :func:`highlight`, :func:`side_by_side`: the cues marked in HTML.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "CorpusError": "analysis.corpus",
    "load_corpus": "analysis.corpus",
    "explain": "analysis.scoring.score",
    "score_sentences": "analysis.scoring.score",
    "score_texts": "analysis.scoring.score",
    "score_corpus": "analysis.scoring.engine",
    "compare_all_pairs": "analysis.statistics.compare",
    "compare_groups": "analysis.statistics.compare",
    "compare_pairs": "analysis.statistics.compare",
    "describe_comparison": "analysis.statistics.describe",
    "compare_within_events": "analysis.statistics.blocked",
    "find_events": "analysis.statistics.events",
    "load_events": "analysis.statistics.events",
    "distinguishing_words": "analysis.statistics.distinguishing",
    "text_reuse": "analysis.statistics.reuse",
    "highlight": "analysis.views.highlighting",
    "side_by_side": "analysis.views.highlighting",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
