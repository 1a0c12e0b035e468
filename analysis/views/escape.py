"""Text from the corpus made safe to show in Markdown, which notebooks display as HTML.

Why this module exists: group names, doc_ids and titles come from whoever made
the corpus. Put raw into ``display(Markdown(f"..."))``, an outlet named
``<script>...</script>`` or a title ``<img src=x onerror=...>`` runs as script
when the report page is opened, because Markdown passes HTML through and
nbconvert keeps it. Notebooks therefore pass every corpus value they write into
Markdown through :func:`escape_markdown` (or, for Markdown written from a table's
rows, :func:`escape_markdown_columns`). (DataFrames, :func:`~analysis.views.
highlighting.highlight` and the report's index page escape on their own;
figures show labels literally, see :mod:`analysis.views.plots`.)
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

__all__ = ["escape_markdown", "escape_markdown_columns"]

#: Markdown punctuation that could start a link, an image, code, emphasis, a table cell,
#: a heading, a list or maths (``$``), or make an address a live link (``:``, ``@``: an
#: outlet ``http://2130706433/x`` is a link to 127.0.0.1); each is shown literally after
#: a backslash.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:@])")
#: Bidirectional classes that can reorder the text after a value (right-to-left letters,
#: embeddings, overrides, isolates): such a value is isolated in ``<bdi>``.
_BIDI = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI", "PDF", "PDI"})


def escape_markdown(value: object) -> str:
    r"""``value`` as text that Markdown shows literally, on one line.

    HTML's special characters become entities, Markdown's punctuation is
    backslash-escaped, and line breaks become spaces (a break could end the
    paragraph and start a heading or a list). Text that could reorder what follows
    it (right-to-left, or a bidirectional control) is isolated in ``<bdi>``.

    >>> escape_markdown("<script>alert(2)</script>")
    '&lt;script&gt;alert\\(2\\)&lt;/script&gt;'
    >>> escape_markdown("Outlet $$ *bold*\n# not a heading")
    'Outlet \\$\\$ \\*bold\\* \\# not a heading'
    >>> escape_markdown("http://x \u202eevil")
    '<bdi>http\\://x \u202eevil</bdi>'
    """
    text = _MARKDOWN.sub(r"\\\1", html.escape(str(value), quote=True))
    text = " ".join(text.split())
    if any(unicodedata.bidirectional(c) in _BIDI for c in text):
        return f"<bdi>{text}</bdi>"  # a U+202E in an outlet must not reverse the rest of the line
    return text


def escape_markdown_columns(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of ``table`` with the text in ``columns`` escaped, for Markdown written from its rows.

    >>> escape_markdown_columns(pd.DataFrame({"group_a": ["<b>x</b>"], "n": [1]}), ["group_a"])
                    group_a  n
    0  &lt;b&gt;x&lt;/b&gt;  1
    """
    return table.assign(**{c: table[c].map(escape_markdown, na_action="ignore") for c in columns})
