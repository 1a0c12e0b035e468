"""NLTK imported without the SciPy and scikit-learn parts it never needs here (about 2 s).

Any ``nltk.*`` import runs NLTK's whole ``__init__``, which imports every subpackage; some
import ``scipy.stats``, ``scipy.sparse`` and scikit-learn inside ``try ... except
ImportError`` (association measures, the scikit-learn classifier, the transition parser,
Gale-Church alignment), none of which the suite uses, at about 2 s of every notebook
kernel's start. Importing this module first makes those optional imports fail during NLTK's
own import only, and only for modules not imported already, then takes the refusal back: a
later ``import scipy.stats`` or ``import sklearn`` imports them as usual. NLTK itself is
imported whole (TextBlob needs ``nltk.ChunkParserI``, an earlier lazy module broke it).
The modules that import NLTK or TextBlob (:mod:`analysis.text`,
:mod:`analysis.measures._vader_fast`, :mod:`analysis.measures._textblob_fast`) import this
first; tests/test_library_shims.py checks the scores and the later imports.
"""

from __future__ import annotations

from analysis._imports import import_without

#: What NLTK imports only for features the suite does not use.
UNUSED = ("scipy.stats", "scipy.sparse", "sklearn")

import_without("nltk", UNUSED)
