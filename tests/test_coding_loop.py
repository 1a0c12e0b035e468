"""The coding loop end to end on a real corpus: BASIL by outlet (read from ../shared/eval).

Sample, two simulated coders, adapt, ``sample --after``, code again, the gain per round.
(That a later round's weights keep a Horvitz-Thompson total unbiased, whatever model chose
the inclusion probabilities, is simulated in tests/test_coding_rounds.py.)

BASIL has no human-interest codes, so the coders follow a deterministic rule that the
shipped model does not know: a paragraph that names a family tie or gives a person's words
("he said") is human interest to them. The second coder disagrees on a tenth of the
paragraphs (chosen by a hash of the text), so the consensus drops those.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.coding import adapt, rounds
from analysis.coding.sample import Docs, corpus_units
from analysis.coding.sheets import SHEET_ENCODING, read_sample
from analysis.evaluate.common import EvalDataMissing
from analysis.evaluate.events import load_basil

pytestmark = [pytest.mark.eval, pytest.mark.slow]

#: Events of BASIL used (three outlets each): enough paragraphs for two rounds of 60.
EVENTS = 20
N = 60
_PERSONAL = re.compile(
    r"\b(?:mother|father|wife|husband|son|daughter|children|family|(?:he|she) said)\b", re.I
)


def _says_yes(text: str, coder: str) -> bool:
    yes = bool(_PERSONAL.search(text))
    flip = coder == "ben" and int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10 == 0
    return yes != flip


def _code(folder) -> None:
    """Both simulated coders fill in the sample's sheet: the rule for human_interest,
    the first answer of every other code."""
    sample = read_sample(folder)
    for coder in ("ann", "ben"):
        sheet = sample.sheet().assign(coder=coder)
        for code in sample.codes:
            sheet[code.name] = code.values[0][0]
        sheet["human_interest"] = ["yes" if _says_yes(t, coder) else "no" for t in sheet["text"]]
        sheet.to_csv(folder / "sheets" / f"{coder}.csv", index=False, encoding=SHEET_ENCODING)


@pytest.fixture(scope="module")
def basil(tmp_path_factory):
    try:
        articles = load_basil(paths.EVAL)
    except EvalDataMissing as missing:
        pytest.skip(f"BASIL not available: {missing}")
    if adapt.reader("human_interest") is None:
        pytest.skip("no learned human_interest model ships (make train)")
    events = sorted(articles["event"].unique())[:EVENTS]
    path = tmp_path_factory.mktemp("basil") / "basil.csv"
    articles[articles["event"].isin(events)].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def first(basil, tmp_path_factory):
    """The first round, sampled and coded."""
    folder = tmp_path_factory.mktemp("rounds") / "round-1"
    corpus = ["--corpus", str(basil), "--group-by", "outlet", "--unit", "paragraph"]
    assert main(["sample", *corpus, "--n", str(N), "--out", str(folder)]) == 0
    _code(folder)
    return folder


def test_the_coding_loop_runs_end_to_end_and_says_what_each_round_gained(basil, first, tmp_path):
    corpus = ["--corpus", str(basil), "--group-by", "outlet"]
    second = tmp_path / "round-2"
    assert (
        main(["sample", *corpus, "--after", str(first), "--n", str(N), "--out", str(second)]) == 0
    )
    _code(second)
    articles = load_corpus(basil, group_by="outlet")
    docs = Docs(articles)  # each article read once by the calls below

    one, two = read_sample(first), read_sample(second)
    key = ["doc_id", "start", "end"]
    assert one.design[key].merge(two.design[key]).empty  # nothing offered twice
    assert two.round == 2 and two.unit == "paragraph"
    pi = two.design["inclusion_probability"]
    assert ((pi > 0) & (pi <= 1)).all()
    doubt = two.design["uncertainty"].astype(float)
    assert pi[doubt >= 0.75].mean() > pi[doubt < 0.25].mean()  # drawn where the model is unsure

    pooled, answers = rounds.read_rounds(second, articles, docs=docs)
    total = len(corpus_units(articles, unit="paragraph", docs=docs.of(articles)))
    assert pooled.design["weight"].sum() == pytest.approx(
        total
    )  # every unit stands for itself once

    table = adapt.rounds_table(second, articles, docs=docs)
    hi = table[table["code"] == "human_interest"].set_index(["round", "statistic"])
    print(hi.drop(columns=["note"]).round(3).to_string())  # the figures, with pytest -s
    assert hi.loc[(1, "AUC"), "coded"] == N and hi.loc[(2, "AUC"), "coded"] == 2 * N
    assert hi["note"].str.len().gt(0).all()
    # two rounds teach the coders' rule to the model
    assert hi.loc[(2, "AUC"), "gain"] > 0.05
    assert hi.loc[(2, "AUC"), "adapted"] > hi.loc[(2, "AUC"), "shipped"]
