"""jsonschema imported without the RFC 3987 grammar it would build (about 2 s).

nbformat, hence papermill and nbconvert, imports jsonschema, which imports ``rfc3987_syntax``
where it is installed (JupyterLab brings it, through ``jsonschema[format-nongpl]``); that
module builds Earley parsers of RFC 3987's whole grammar when imported, about 2 s of every
report's start (python-jsonschema/jsonschema#1428), for the "iri" formats, which no notebook
schema uses (and nbformat validates with fastjsonschema, which has its own formats). Importing
this module first leaves that import out of jsonschema's own (:mod:`analysis._imports`): a
later ``import rfc3987_syntax`` imports it as usual; only this process's jsonschema then has no
"iri" format check, and it checks formats only when asked to. The modules that import
nbformat import this first; tests/test_library_shims.py checks it.
"""

from __future__ import annotations

from analysis._imports import import_without

#: What jsonschema imports only for a format no notebook uses.
UNUSED = ("rfc3987_syntax",)

import_without("jsonschema", UNUSED)
