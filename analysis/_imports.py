"""Third-party packages imported without optional parts the suite never uses.

Some packages import optional modules inside ``try ... except ImportError`` when they are
imported, at seconds of every process's start, for features the suite never reaches.
:func:`import_without` makes those imports fail during the package's own import only, and
only for modules not imported already, then takes the refusal back: a later ``import`` of
them imports them as usual. :mod:`analysis._nltk` and :mod:`analysis._jsonschema` use it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable


def import_without(package: str, unused: Iterable[str]) -> None:
    """Import ``package`` (unless it is imported already) while ``unused`` cannot be."""
    if package in sys.modules:
        return
    hidden = [name for name in unused if name not in sys.modules]
    sys.modules.update(dict.fromkeys(hidden))  # None: "import name" raises ImportError
    try:
        importlib.import_module(package)
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
