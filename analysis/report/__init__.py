"""The report: the run configuration and corpus snapshot (:mod:`.config`), the papermill
runner (:mod:`.runner`), what notebooks write into a run folder (:mod:`.outputs`) and
student copies of the notebooks (:mod:`.teaching`). It imports no measure."""
