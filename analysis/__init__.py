"""Wire reports vs colour pieces: tone, hedging and human-interest framing, with evidence.

The public API:

* :func:`load_corpus`: read the seed corpus or your own into a DataFrame.
* :func:`score_texts`, :func:`explain`: every measure on texts; the evidence for one.
"""

from analysis.score import explain, score_texts

__all__ = ["explain", "score_texts"]
__version__ = "0.1.0"
