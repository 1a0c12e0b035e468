"""The suite's colours, in a module of their own so that HTML code need not load matplotlib."""

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with the common
#: colour-vision deficiencies. Groups get them in this order.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Speaker types in figures; the highlighting tints quotations with lightened versions
#: of the same colours, so a speaker type looks alike in both (anonymous is grey).
SPEAKER_COLOURS: dict[str, str] = {
    "official": OKABE_ITO["blue"],
    "expert": OKABE_ITO["yellow"],
    "private": OKABE_ITO["orange"],
    "anonymous": "#999999",
    "unknown": OKABE_ITO["purple"],
}

#: The same speaker colours lightened, as the highlighting's background tints (dark text
#: stays readable on them).
SPEAKER_TINTS: dict[str, str] = {
    "official": "#cfe3f1",
    "expert": "#f9f3b9",
    "private": "#f6dfc0",
    "anonymous": "#e6e6e6",
    "unknown": "#f3e0ea",
}

#: Every colour a measure's :class:`~analysis.measures.base.Mark` may name in its CSS:
#: ``{orange}`` and the other Okabe-Ito names, ``{tint_official}`` and the other tints.
CSS_COLOURS: dict[str, str] = OKABE_ITO | {f"tint_{k}": v for k, v in SPEAKER_TINTS.items()}
