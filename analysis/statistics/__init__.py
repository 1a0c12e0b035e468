"""Statistics on scored corpora: group comparisons (:mod:`.compare`), comparisons within
events (:mod:`.blocked`), event finding (:mod:`.events`) and text reuse (:mod:`.reuse`)."""
