"""Real and synthetic corpora for the scale benchmarks, built outside the repository.

The human-labelled data in ``../shared/eval`` may not be redistributed, so these
corpora are written to a scratch folder (default ``/tmp/media-framing-corpora``)
and never committed:

* ``basil.csv``: BASIL's 300 articles (Fan et al. 2019), one story from Fox, NYT and
  HuffPost for each of 100 events; columns ``doc_id``, ``outlet``, ``event``,
  ``date``, ``title``, ``text``.
* ``frames.csv``: the 428 climate-change articles of Frermann et al. (2023); the
  outlet is ``outlet`` and the Media Bias/Fact Check label ``leaning``.
* ``synthetic-N.csv``: N articles, each built from one real article (its sentences,
  in order, about 70 % of them kept) plus up to three sentences of other articles, so
  that reuse between articles is heavy within a base article's copies and rare
  elsewhere, as in a real archive; ``collection`` (``basil`` or ``frames``) is the
  group column, ``outlet`` the base article's outlet.

    .venv/bin/python -m benchmarks.corpora [--out DIR] [--sizes 2000 10000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.text import sentence_spans

SCRATCH = Path("/tmp/media-framing-corpora")


def basil(eval_dir: Path) -> pd.DataFrame:
    """BASIL's articles as a table: paragraphs joined by blank lines."""
    rows = []
    for file in sorted((eval_dir / "basil_media_bias" / "articles").rglob("*.json")):
        record = json.loads(file.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in record["body-paragraphs"])
        rows.append(
            {
                "doc_id": f"basil-{file.stem}",
                "outlet": record["source"].lower(),
                "event": record["triplet-uuid"] if "triplet-uuid" in record else file.stem[:36],
                "date": record["date"],
                "title": record["title"],
                "text": body,
            }
        )
    return pd.DataFrame(rows)


def frames(eval_dir: Path) -> pd.DataFrame:
    """The narrative-frames articles (ID 405 is truncated upstream; it is kept as it is)."""
    table = pd.read_csv(
        eval_dir / "narrative_frames_frermann2023" / "articles_metadata.tsv",
        sep="\t",
        dtype=str,
        keep_default_na=False,
    )
    return pd.DataFrame(
        {
            "doc_id": "frames-" + table["ID"],
            "outlet": table["source"],
            "leaning": table["mbfc"],
            "date": table["date"],
            "text": table["text"],
        }
    )


def synthetic(real: pd.DataFrame, n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` articles recombined from the sentences of ``real`` (see the module docstring)."""
    rng = random.Random(seed)
    sentences = [[text[a:b] for a, b in sentence_spans(text)] for text in real["text"]]
    rows = []
    for k in range(n):
        base = rng.randrange(len(real))
        kept = [s for s in sentences[base] if rng.random() < 0.7] or sentences[base][:1]
        for _ in range(rng.randint(0, 3)):
            donor = sentences[rng.randrange(len(real))]
            if donor:
                kept.insert(rng.randint(0, len(kept)), rng.choice(donor))
        rows.append(
            {
                "doc_id": f"syn-{k:05d}",
                "collection": real["collection"].iloc[base],
                "outlet": real["outlet"].iloc[base],
                "text": " ".join(kept),
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SCRATCH, help=f"folder (default {SCRATCH})")
    parser.add_argument("--eval-dir", type=Path, default=paths.EVAL)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"error: no evaluation data at {args.eval_dir}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    real = {"basil": basil(args.eval_dir), "frames": frames(args.eval_dir)}
    for name, table in real.items():
        table.to_csv(args.out / f"{name}.csv", index=False, quoting=csv.QUOTE_NONNUMERIC)
    pooled = pd.concat([t.assign(collection=name) for name, t in real.items()], ignore_index=True)
    for n in args.sizes:
        synthetic(pooled, n).to_csv(args.out / f"synthetic-{n}.csv", index=False)
    for file in sorted(args.out.glob("*.csv")):
        print(f"{file}: {file.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
