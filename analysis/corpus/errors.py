"""The one error of a corpus that cannot be loaded, with messages safe to print."""

from __future__ import annotations

import re

#: What a message must not print raw: control characters, and the bidirectional overrides
#: that make a terminal show text in another order than it is.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class CorpusError(ValueError):
    r"""A corpus that cannot be loaded as given; the message names the file and the problem.

    Control characters in the message (from a file name or a value) are shown
    escaped, so a hostile name cannot drive the terminal that prints it.

    >>> str(CorpusError("a\x1b[31m.txt: empty file"))
    'a\\x1b[31m.txt: empty file'
    """

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))


def printable(message: str) -> str:
    """``message`` with control characters and bidirectional overrides shown escaped."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), message)
