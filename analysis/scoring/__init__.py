"""Scoring: every measure on texts (:mod:`.score`) and on whole corpora in chunks,
cached and in parallel (:mod:`.engine`)."""
