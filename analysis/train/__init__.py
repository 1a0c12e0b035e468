"""Rebuilding the shipped learned models from ``../shared/eval`` (``make train``).

Each trainer is a module of this package (``human_interest``, ...) with a function
``build(eval_dir: Path) -> Trained``: the model (:class:`~analysis.measures.learned.LinearModel`)
and its model card (Markdown). :func:`write` puts both in ``analysis/measures/models/``;
the same data gives the same bytes (fixed folds and seeds, a deterministic solver,
weights rounded, a recipe date rather than today's). scikit-learn is needed here, and
only here: scoring reads the text files.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

from analysis.measures.learned import LinearModel

#: Where the shipped models and their cards live.
MODELS_DIR = Path(__file__).resolve().parent.parent / "measures" / "models"
#: Modules of this package that are not trainers.
_NOT_TRAINERS = frozenset({"fit"})


@dataclass(frozen=True)
class Trained:
    """A rebuilt model and its model card's Markdown."""

    model: LinearModel
    card: str


def trainers() -> tuple[str, ...]:
    """The names of the models this package can rebuild (one module each), sorted."""
    return tuple(
        sorted(
            m.name
            for m in pkgutil.iter_modules(__path__)
            if not m.name.startswith("_") and m.name not in _NOT_TRAINERS
        )
    )


def build(name: str, eval_dir: Path) -> Trained:
    """Rebuild model ``name`` from ``eval_dir`` (nothing written)."""
    if name not in trainers():
        raise ValueError(f"no trainer for {name!r}: expected one of {', '.join(trainers())}")
    return importlib.import_module(f"{__name__}.{name}").build(Path(eval_dir))


def write(trained: Trained, out_dir: Path = MODELS_DIR) -> list[Path]:
    """Write ``<name>.tsv`` and ``<name>.md`` into ``out_dir``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = trained.model.name
    written = [out_dir / f"{name}.tsv", out_dir / f"{name}.md"]
    written[0].write_text(trained.model.dumps(), encoding="utf-8", newline="\n")
    written[1].write_text(trained.card, encoding="utf-8", newline="\n")
    return written
