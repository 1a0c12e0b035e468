"""Statistics on scored corpora: group comparisons (:mod:`.compare`) and text reuse
(:mod:`.reuse`)."""
