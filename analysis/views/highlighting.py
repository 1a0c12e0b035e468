"""HTML views of the evidence: every cue the scores counted, marked in the text.

The marks come from :func:`analysis.scoring.score.doc_cues`, the same list the counts come
from. Colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness, and no mark relies on colour alone: hedges are
dotted underlines, boosters double underlines, human-interest cues solid boxes,
quotes a tinted background with the speaker type written in a label, and each
sentence's tone a signed number. Hovering a mark shows its category and rule.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from analysis.measures import tone
from analysis.scoring.score import doc_cues
from analysis.text import Cue, make_doc
from analysis.views.palette import OKABE_ITO

_MARK_STYLE = {
    "hedge": f"border-bottom: 2px dotted {OKABE_ITO['orange']};",
    "booster": f"border-bottom: 3px double {OKABE_ITO['purple']};",
    "human_interest": f"outline: 1.5px solid {OKABE_ITO['green']}; outline-offset: 1px;",
}
_QUOTE_TINT = {
    "official": "#cfe3f1",  # blue, lightened
    "expert": "#f9f3b9",  # yellow, lightened
    "private": "#f6dfc0",  # orange, lightened
    "anonymous": "#e6e6e6",  # grey, lightened
    "unknown": "#f3e0ea",  # purple, lightened
}
_LEGEND = [
    ("hedge", "hedge (dotted underline)"),
    ("booster", "booster (double underline)"),
    ("human_interest", "human-interest cue (solid box)"),
]
DEFAULT_MEASURES = ("hedge", "booster", "human_interest", "quote")


class HTML(str):
    """An HTML string that Jupyter renders (``_repr_html_``) and code can still treat as text."""

    def _repr_html_(self) -> str:
        return str(self)


def _tone_badge(value: float) -> str:
    colour = (
        OKABE_ITO["blue"] if value > 0.05 else OKABE_ITO["vermillion"] if value < -0.05 else "#555"
    )
    return (
        f'<sup style="color:{colour};font-size:70%;font-weight:bold" '
        f'title="sentence tone {value:+.2f}">[{value:+.2f}]</sup>'
    )


def _styled(segment: str, active: list[Cue]) -> str:
    out = html.escape(segment).replace("\n", "<br>\n")
    for cue in active:
        if cue.measure == "quote":
            style = f"background:{_QUOTE_TINT.get(cue.category, _QUOTE_TINT['unknown'])};"
        else:
            style = _MARK_STYLE.get(cue.measure, "")
        tip = html.escape(f"{cue.measure}: {cue.category} ({cue.rule})", quote=True)
        out = f'<span class="mf-{cue.measure}" style="{style}" title="{tip}">{out}</span>'
    return out


def _body(text: str, measures: Sequence[str], sentence_tone: bool) -> str:
    doc = make_doc(text)
    cues = [c for c in doc_cues(doc) if c.measure in measures]
    badges = {}
    if sentence_tone:
        badges = dict(zip((s.end for s in doc.sentences), tone.sentence_tones(doc), strict=True))
    quote_labels = {c.end: c.category for c in cues if c.measure == "quote"}
    spans = (p for c in cues for p in (c.start, c.end))
    cuts = sorted({0, len(text), *badges, *quote_labels, *spans})
    parts = []
    for start, end in itertools.pairwise(cuts):
        active = [c for c in cues if c.start <= start and end <= c.end]
        parts.append(_styled(text[start:end], active))
        if end in quote_labels:
            parts.append(f'<sub style="font-size:65%">[{quote_labels[end]}]</sub>')
        if end in badges:
            parts.append(_tone_badge(badges[end]))
    return "".join(parts)


def legend(measures: Sequence[str] = DEFAULT_MEASURES, *, sentence_tone: bool = True) -> HTML:
    """The key to the marks :func:`highlight` uses."""
    items = [
        f'<span style="{_MARK_STYLE[m]}">{label}</span>' for m, label in _LEGEND if m in measures
    ]
    if "quote" in measures:
        items += [
            f'<span style="background:{tint}">quote: {kind}</span>'
            for kind, tint in _QUOTE_TINT.items()
        ]
    if sentence_tone:
        items.append(_tone_badge(0.5) + " / " + _tone_badge(-0.5) + " sentence tone (−1..1)")
    return HTML('<div style="font-size:85%;line-height:2">' + " &nbsp; ".join(items) + "</div>")


def highlight(
    text: str,
    *,
    title: str | None = None,
    measures: Sequence[str] = DEFAULT_MEASURES,
    sentence_tone: bool = True,
    show_legend: bool = True,
) -> HTML:
    """Mark the cues of one text in HTML, with a legend.

    Args:
        text: the text to mark.
        title: a heading above it (an article's title, say).
        measures: which cues to mark (``hedge``, ``booster``, ``human_interest``, ``quote``).
        sentence_tone: add each sentence's news tone after it.
        show_legend: put the key above the text.

    >>> page = highlight("Talks may resume, officials said.", sentence_tone=False)
    >>> 'class="mf-hedge"' in page
    True
    """
    head = f"<h4>{html.escape(title)}</h4>" if title else ""
    key = legend(measures, sentence_tone=sentence_tone) if show_legend else ""
    body = _body(text, measures, sentence_tone)
    return HTML(
        f'<div class="mf-highlight">{head}{key}<div style="line-height:1.7">{body}</div></div>'
    )


def side_by_side(
    text_a: str,
    text_b: str,
    *,
    titles: tuple[str, str] = ("", ""),
    measures: Sequence[str] = DEFAULT_MEASURES,
    sentence_tone: bool = True,
) -> HTML:
    """Two articles next to each other (a wire report and a colour piece, say) under one legend.

    >>> "mf-highlight" in side_by_side("A.", "B.")
    True
    """
    columns = "".join(
        '<div style="flex:1;min-width:0;padding:0 8px">'
        + highlight(
            t,
            title=title or None,
            measures=measures,
            sentence_tone=sentence_tone,
            show_legend=False,
        )
        + "</div>"
        for t, title in zip((text_a, text_b), titles, strict=True)
    )
    key = legend(measures, sentence_tone=sentence_tone)
    return HTML(f'<div>{key}<div style="display:flex;gap:12px">{columns}</div></div>')
