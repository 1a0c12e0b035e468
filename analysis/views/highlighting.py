"""HTML views of the evidence: every cue the scores counted, marked in the text.

The marks come from :func:`analysis.scoring.score.doc_cues`, the same list the counts come
from. Colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness, and no mark relies on colour alone: hedges are
dotted underlines, boosters double underlines, human-interest cues solid boxes,
quotes a tinted background with the speaker type written in a label, and each
sentence's tone a signed number. Hovering a mark shows its category and rule.
How each kind of cue is shown is part of its measure (a
:class:`~analysis.measures.base.Mark`, naming colours from :mod:`analysis.views.palette`),
so a newly installed measure is marked without a change here.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from analysis.measures import registry, tone
from analysis.measures.base import Mark
from analysis.scoring.score import doc_cues, weights_shown
from analysis.text import Cue, make_doc
from analysis.views.palette import CSS_COLOURS, OKABE_ITO


def _css(mark: Mark | None, category: str) -> str:
    return mark.css(category).format(**CSS_COLOURS) if mark else ""


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


def _styled(segment: str, active: list[Cue], marks: dict[str, Mark]) -> str:
    out = html.escape(segment).replace("\n", "<br>\n")
    for cue in active:
        style = _css(marks.get(cue.measure), cue.category)
        share = "" if cue.weight is None else f" {cue.weight:+.3f}"
        tip = html.escape(f"{cue.measure}: {cue.category}{share} ({cue.rule})", quote=True)
        out = f'<span class="mf-{cue.measure}" style="{style}" title="{tip}">{out}</span>'
    return out


def _body(text: str, measures: Sequence[str] | None, sentence_tone: bool) -> str:
    doc = make_doc(text)
    marks = registry.marks()
    measures = [k for k, m in marks.items() if m.default] if measures is None else measures
    cues = [c for c in doc_cues(doc, weights=weights_shown(measures)) if c.measure in measures]
    badges = {}
    if sentence_tone:
        badges = dict(zip((s.end for s in doc.sentences), tone.sentence_tones(doc), strict=True))
    labelled = {kind for kind, mark in marks.items() if mark.label}
    labels = {c.end: c.category for c in cues if c.measure in labelled}
    spans = (p for c in cues for p in (c.start, c.end))
    cuts = sorted({0, len(text), *badges, *labels, *spans})
    parts = []
    for start, end in itertools.pairwise(cuts):
        active = [c for c in cues if c.start <= start and end <= c.end]
        parts.append(_styled(text[start:end], active, marks))
        if end in labels:
            parts.append(f'<sub style="font-size:65%">[{html.escape(labels[end])}]</sub>')
        if end in badges:
            parts.append(_tone_badge(badges[end]))
    return "".join(parts)


def legend(measures: Sequence[str] | None = None, *, sentence_tone: bool = True) -> HTML:
    """The key to the marks :func:`highlight` uses, in words as well as colours."""
    items = []
    for kind, mark in registry.marks().items():
        if (measures is None and not mark.default) or (
            measures is not None and kind not in measures
        ):
            continue
        if mark.legend:
            items.append(f'<span style="{_css(mark, "")}">{html.escape(mark.legend)}</span>')
        items += [
            f'<span style="{_css(mark, category)}">{html.escape(f"{kind}: {category}")}</span>'
            for category in mark.category_styles
        ]
    if sentence_tone:
        items.append(_tone_badge(0.5) + " / " + _tone_badge(-0.5) + " sentence tone (−1..1)")
    return HTML('<div style="font-size:85%;line-height:2">' + " &nbsp; ".join(items) + "</div>")


def highlight(
    text: str,
    *,
    title: str | None = None,
    measures: Sequence[str] | None = None,
    sentence_tone: bool = True,
    show_legend: bool = True,
) -> HTML:
    """Mark the cues of one text in HTML, with a legend.

    Args:
        text: the text to mark.
        title: a heading above it (an article's title, say).
        measures: which kinds of cue to mark (``hedge``, ``booster``, ``quote``, ...);
            default every kind a registered measure marks by default; a learned layer's
            weights (``human_interest_learned``) only when named, each word's share of
            the score in its hover text.
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
    measures: Sequence[str] | None = None,
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
