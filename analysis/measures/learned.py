"""The learned layer: a linear model over interpretable features, shipped as a text file.

A model is a logistic (or linear) model's intercept and one weight per feature
(:mod:`analysis.measures.features`), kept in ``analysis/measures/models/<name>.tsv``
beside its model card ``<name>.md``; both are written by ``make train``
(:mod:`analysis.train`) and rebuilt byte for byte from ``../shared/eval``. The file::

    # name: human_interest
    # version: 1
    # training data: narrative_frames_frermann2023 (428 articles; MIT)
    # date: 2026-12-07
    # scaling: per_word
    # intercept: -3.1
    # threshold: 0.5
    feature<TAB>weight
    cat:pronoun_3sg<TAB>12.5
    ...

``scaling`` says how a feature's count in a text becomes its value (:func:`scale`):
``per_word`` (count / words), ``sqrt`` (count / sqrt(words)), ``log`` (log(1 + count)),
``binary`` or ``count``. The logit is the intercept plus the sum of weight x value;
``threshold`` is on the model's output (probability for a logistic model). Scoring
needs nothing but this file, read with :mod:`importlib.resources`: no scikit-learn.

A feature's contribution is its weight times its value, shared equally by its
occurrences, so each word and each cue gets its own part of the logit
(:meth:`LinearModel.cues`): what ``explain`` and ``highlight`` show.

A :data:`Reading` is a feature whose value is a number, not a count: another
measure's reading of a span (VADER's compound of a sentence, its TextBlob
polarity). It enters the logit as weight x value, unscaled, and its part sits on the
span it reads, so a learned tone shows how much VADER's view of the sentence moved it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files

from analysis.measures.features import Occurrence
from analysis.text import Cue

SCALINGS = ("per_word", "sqrt", "log", "binary", "count")
#: Header keys every model file has, in this order.
HEADER_KEYS = ("name", "version", "training data", "date", "scaling", "intercept", "threshold")
#: Decimal places of a weight in the file: enough for the scores, few enough to be stable.
DECIMALS = 6
#: Feature prefix -> what the kind of feature is, as ``explain`` names it.
KINDS = {
    "w": "word",
    "b": "word pair",
    "cat": "word category",
    "shape": "word shape",
    "nar": "narration",
    "cue": "rule cue",
    "read": "reading",
}
#: A reading: (feature, value, start, end), a number another measure gives for the span.
Reading = tuple[str, float, int, int]


def scale(count: int, words: int, scaling: str) -> float:
    """A feature's value from its count in a text of ``words`` words.

    >>> scale(2, 100, "per_word"), scale(2, 100, "sqrt"), scale(3, 100, "binary")
    (0.02, 0.2, 1.0)
    """
    if scaling == "per_word":
        return count / words if words else 0.0
    if scaling == "sqrt":
        return count / math.sqrt(words) if words else 0.0
    if scaling == "log":
        return math.log1p(count)
    if scaling == "binary":
        return 1.0 if count else 0.0
    if scaling == "count":
        return float(count)
    raise ValueError(f"unknown scaling {scaling!r}: expected one of {', '.join(SCALINGS)}")


def counts(occurrences: Iterable[Occurrence], keep: Mapping[str, float] | None = None) -> dict:
    """Feature -> number of occurrences (only features in ``keep``, when given)."""
    found: dict[str, int] = {}
    get = found.get
    if keep is None:
        for feature, _, _ in occurrences:
            found[feature] = get(feature, 0) + 1
    else:
        for feature, _, _ in occurrences:
            if feature in keep:
                found[feature] = get(feature, 0) + 1
    return found


def values(
    occurrences: Iterable[Occurrence], words: int, scaling: str, readings: Sequence[Reading] = ()
) -> dict[str, float]:
    """Every feature's value in a text: what a trainer fits and a model weighs.

    >>> values([("w:he", 0, 2)], 10, "binary", readings=[("read:vader", -0.5, 0, 9)])
    {'w:he': 1.0, 'read:vader': -0.5}
    """
    found = {f: scale(c, words, scaling) for f, c in counts(occurrences).items()}
    for feature, value, _, _ in readings:
        found[feature] = found.get(feature, 0.0) + value
    return found


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@dataclass(frozen=True)
class LinearModel:
    """A shipped linear model: header facts, intercept, threshold, scaling and weights.

    ``kind`` is ``logistic`` (the output is a probability) or ``linear`` (the output
    is the linear score itself, as for a rating).
    """

    name: str
    intercept: float
    threshold: float
    scaling: str
    weights: Mapping[str, float]
    header: Mapping[str, str] = field(default_factory=dict)
    kind: str = "logistic"

    @property
    def version(self) -> str:
        return self.header.get("version", "")

    @cached_property
    def kinds(self) -> frozenset[str]:
        """The kinds of feature it weighs (name prefixes: ``cat``, ``cue``, ``read`` ...).

        >>> sorted(LinearModel("m", 0.0, 0.5, "binary", {"cat:x": 1.0, "read:y": 2.0}).kinds)
        ['cat', 'read']
        """
        return frozenset(feature.split(":", 1)[0] for feature in self.weights)

    def contributions(
        self, occurrences: Iterable[Occurrence], words: int, readings: Sequence[Reading] = ()
    ) -> dict[str, float]:
        """Feature -> weight x value, for the model's features present in the text."""
        weights, scaling = self.weights, self.scaling
        found = {
            f: weights[f] * scale(c, words, scaling)
            for f, c in counts(occurrences, weights).items()
        }
        get = weights.get
        for feature, value, _, _ in readings:
            weight = get(feature)
            if weight is not None:
                found[feature] = found.get(feature, 0.0) + weight * value
        return found

    def logit(
        self, occurrences: Iterable[Occurrence], words: int, readings: Sequence[Reading] = ()
    ) -> float:
        """The linear score: intercept plus every contribution."""
        return self.intercept + sum(self.contributions(occurrences, words, readings).values())

    def output(
        self, occurrences: Iterable[Occurrence], words: int, readings: Sequence[Reading] = ()
    ) -> float:
        """The model's reading: a probability (logistic) or the linear score (linear)."""
        score = self.logit(occurrences, words, readings)
        return sigmoid(score) if self.kind == "logistic" else score

    def probability(
        self, occurrences: Iterable[Occurrence], words: int, readings: Sequence[Reading] = ()
    ) -> float:
        """The probability of the positive class (a logistic model's output)."""
        return sigmoid(self.logit(occurrences, words, readings))

    def spans(
        self, occurrences: Iterable[Occurrence], words: int, readings: Sequence[Reading] = ()
    ) -> list[tuple[str, int, int, float]]:
        """(feature, start, end, contribution) per occurrence of a model feature, in text order.

        A feature's contribution is shared equally by its occurrences, and a reading's
        sits on its span, so the parts add up to the logit minus the intercept.
        """
        weights = self.weights
        kept = [o for o in occurrences if o[0] in weights]
        total = self.contributions(kept, words)
        seen = counts(kept)
        parts = [(f, s, e, total[f] / seen[f]) for f, s, e in kept]
        parts += [(f, s, e, weights[f] * v) for f, v, s, e in readings if f in weights]
        return sorted(parts, key=lambda t: (t[1], t[2], t[0]))

    def cues(
        self,
        text: str,
        occurrences: Iterable[Occurrence],
        words: int,
        measure: str,
        readings: Sequence[Reading] = (),
    ) -> list[Cue]:
        """Each occurrence's contribution as a :class:`~analysis.text.Cue` with a ``weight``.

        ``category`` is ``toward`` or ``against`` (the sign of the span's part: toward the
        positive class or away from it), ``rule`` the kind of feature (:data:`KINDS`), the
        feature and its weight in the model, ``weight`` the span's part of the logit.
        """
        weights = self.weights
        return [
            Cue(
                start,
                end,
                measure,
                "toward" if part > 0 else "against",
                f"{KINDS.get(feature.split(':', 1)[0], 'feature')} {feature} "
                f"(model weight {weights[feature]:+.3f})",
                text[start:end],
                part,
            )
            for feature, start, end, part in self.spans(occurrences, words, readings)
        ]

    def top_weights(self, n: int = 20) -> list[tuple[str, float]]:
        """The ``n`` largest weights by absolute value, largest first."""
        return sorted(self.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:n]

    def dumps(self) -> str:
        """The model file's text (weights rounded to :data:`DECIMALS`, sorted by feature)."""
        header = dict(self.header)
        header |= {
            "name": self.name,
            "scaling": self.scaling,
            "kind": self.kind,
            "intercept": _number(self.intercept) or "0",
            "threshold": _number(self.threshold) or "0",
        }
        keys = [*HEADER_KEYS, "kind", *sorted(set(header) - {*HEADER_KEYS, "kind"})]
        lines = [f"# {key}: {header[key]}" for key in keys if key in header]
        lines.append("feature\tweight")
        lines += [f"{f}\t{_number(w)}" for f, w in sorted(self.weights.items()) if _number(w)]
        return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    """A weight as written: fixed decimals, no negative zero; "" for one that rounds to 0."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "" if text in {"0", "-0"} else text


def rounded(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights as the file keeps them: rounded, zeros dropped (what a rebuilt model scores with).

    >>> rounded({"w:he": 0.1234567891, "w:the": 1e-9})
    {'w:he': 0.123457}
    """
    return {f: float(_number(w)) for f, w in weights.items() if _number(w)}


def parse(text: str, source: str = "<model>") -> LinearModel:
    """A model from its file's text.

    Raises:
        ValueError: naming ``source`` and the line that is malformed.
    """
    header: dict[str, str] = {}
    weights: dict[str, float] = {}
    lines = text.splitlines()
    body = 0
    for n, line in enumerate(lines, start=1):
        if line.startswith("# "):
            key, sep, value = line[2:].partition(": ")
            if not sep:
                raise ValueError(f"{source}, line {n}: header line without 'key: value'")
            header[key] = value
            continue
        body = n
        if line != "feature\tweight":
            raise ValueError(f"{source}, line {n}: expected the column line 'feature<TAB>weight'")
        break
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing or not body:
        raise ValueError(f"{source}: header lacks {', '.join(missing) or 'the column line'}")
    for n, line in enumerate(lines[body:], start=body + 1):
        feature, sep, weight = line.partition("\t")
        try:
            weights[feature] = float(weight)
        except ValueError:
            raise ValueError(f"{source}, line {n}: not 'feature<TAB>number': {line!r}") from None
        if not sep or not feature:
            raise ValueError(f"{source}, line {n}: not 'feature<TAB>number': {line!r}")
    if header["scaling"] not in SCALINGS:
        raise ValueError(f"{source}: unknown scaling {header['scaling']!r}")
    return LinearModel(
        name=header["name"],
        intercept=float(header["intercept"]),
        threshold=float(header["threshold"]),
        scaling=header["scaling"],
        weights=weights,
        header=header,
        kind=header.get("kind", "logistic"),
    )


def model_path(name: str):
    """The shipped model file of ``name`` (a :mod:`importlib.resources` traversable)."""
    return files("analysis.measures").joinpath("models", f"{name}.tsv")


@cache
def load(name: str) -> LinearModel:
    """The shipped model ``name``, read once from the package.

    Raises:
        FileNotFoundError: naming the file, when no such model ships (``make train``).
    """
    path = model_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no learned model {name!r} in the package ({path}): make train")
    return parse(path.read_text(encoding="utf-8"), source=f"models/{name}.tsv")
