"""The corpus: read a folder, CSV or JSON Lines file into one table (:mod:`.load`), its
bytes decoded and markup reduced to visible text (:mod:`.decode`), after removing page
furniture by named rules (:mod:`.clean`); a corpus that cannot load raises
:class:`CorpusError` (:mod:`.errors`)."""

from analysis.corpus.load import (
    DEFAULT_MAX_BYTES,
    GENRES,
    METADATA_COLUMNS,
    UNKNOWN,
    CorpusError,
    corpus_label,
    group_variants,
    load_corpus,
)

__all__ = [
    "CorpusError",
    "DEFAULT_MAX_BYTES",
    "GENRES",
    "METADATA_COLUMNS",
    "UNKNOWN",
    "corpus_label",
    "group_variants",
    "load_corpus",
]
