"""Checking the measures on a corpus: sampling and its weights, the codebook, coded sheets,
Krippendorff's alpha, the corrected comparison, the coding panel, the command line and the
report's ``--coded`` parameter."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.coding import agreement, codebook, sheets
from analysis.coding import sample as sampling
from analysis.coding.codebook import codes
from analysis.coding.corrected import corrected_comparison, weighted_prevalence
from analysis.coding.sample import Sample, draw_sample
from analysis.coding.sheets import CodingSheetError, read_sample, read_sheets
from analysis.measures import hedging, human_interest
from analysis.report.runner import ReportError, run_report
from analysis.views.coding_panel import CodingPanel, sheet_path

EXAMPLE = paths.DATA / "coding-example"


@pytest.fixture(scope="module")
def articles():
    return load_corpus()


@pytest.fixture(scope="module")
def units(articles):
    """The seed corpus's sentences with the suite's answers, made once: the draws below
    that are not about making them take them (``draw_sample(units=...)``, as a report does)."""
    return sampling.corpus_units(articles)


@pytest.fixture(scope="module")
def example():
    return read_sample(EXAMPLE)


@pytest.fixture()
def sample_copy(tmp_path):
    """A writable copy of the example sample, its coded sheets included."""
    shutil.copytree(EXAMPLE, tmp_path / "sample")
    return tmp_path / "sample"


# --- Krippendorff's alpha against Krippendorff's own worked examples ---------------------

#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
#: observers, twelve units, values 1-5, missing values as NaN.
_FOUR_OBSERVERS = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
    ]
)
_FIVE_POINTS = tuple((str(v), str(v)) for v in range(1, 6))


def _alpha(values: np.ndarray, code: str, level: str | None = None) -> float:
    """Krippendorff's alpha as :func:`agreement.intercoder_agreement` reports it, for reliability
    data given as one row per coder, one column per unit (NaN: not coded); the code's
    level of measurement may be set for the test (a codebook with that level)."""
    base = codes()[code]
    used = dataclasses.replace(base, level=level) if level else base
    labels = [v for v, _ in used.values]
    rows = [
        {"unit_id": f"u{unit:02d}", "code": code, "coder": f"coder{coder}",
         "value": labels[int(v)]}
        for coder, row in enumerate(values) for unit, v in enumerate(row) if not np.isnan(v)
    ]  # fmt: skip
    design = pd.DataFrame({"unit_id": [f"u{u:02d}" for u in range(values.shape[1])]})
    sample = Sample("t", "sentence", 0, design, pd.DataFrame(), code_names=(code,))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sampling, "codes", lambda: {code: used})
        table = agreement.intercoder_agreement(sample, pd.DataFrame(rows), resamples=1)
    return float(table.set_index("code").at[code, "alpha"])


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_matches_krippendorffs_worked_example(level, published):
    # Krippendorff (2011): four observers, twelve units, a five-point scale (tone's -2..2)
    assert _alpha(_FOUR_OBSERVERS - 1, "tone", level) == pytest.approx(published, abs=0.0005)


def test_alpha_matches_krippendorffs_binary_example():
    # Krippendorff (2011), section A: two observers, ten units, nominal: alpha = 0.095
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert _alpha(np.array([a, b], float), "hedged") == pytest.approx(0.095, abs=0.0005)


# --- sampling -------------------------------------------------------------------------


def test_sample_is_reproducible_with_a_seed_and_blind(articles):
    one, again = draw_sample(articles, n=30, seed=4), draw_sample(articles, n=30, seed=4)
    other = draw_sample(articles, n=30, seed=5)
    assert one.sample_id == again.sample_id and one.design.equals(again.design)
    assert other.sample_id != one.sample_id
    sheet = one.sheet()
    assert not [c for c in sheet if c.startswith("suite_") or c in ("stratum", "weight", "group")]
    assert sheet["unit_id"].tolist() == sorted(sheet["unit_id"])  # ids follow the shuffled order
    assert not sheet["text"].eq(sheet["text"].sort_values().tolist()).all()


def test_sample_weights_add_up_to_each_stratum_of_the_corpus(articles, units):
    sample = draw_sample(articles, n=30, seed=1)
    assert sample.design["weight"].sum() == pytest.approx(len(units))
    for stratum, rows in sample.design.groupby("stratum"):
        group, hedged, hi = stratum.split("|")
        in_corpus = units[
            (units["group"] == group)
            & ("hedged=" + units["suite_hedged"] == hedged)
            & ("human_interest=" + units["suite_human_interest"] == hi)
        ]
        assert rows["stratum_units"].iloc[0] == len(in_corpus)
        assert rows["inclusion_probability"].iloc[0] == pytest.approx(len(rows) / len(in_corpus))
    # every stratum is present, the rare ones included
    assert set(sample.design["stratum"]) == set(
        units["group"]
        + "|hedged="
        + units["suite_hedged"]
        + "|human_interest="
        + units["suite_human_interest"]
    )


def test_allocation_is_equal_capped_and_complete(articles, units):
    """Each stratum gets an equal share of n, all its units when it has fewer, and the
    leftovers go to the others: no stratum left open gets fewer than a full one."""
    for n in (7, 30, 10_000):
        design = draw_sample(articles, n=n, seed=2, units=units).design
        strata = design.groupby("stratum")[["stratum_units", "stratum_sample"]].first()
        assert strata["stratum_sample"].sum() == min(n, strata["stratum_units"].sum())
        assert (strata["stratum_sample"] <= strata["stratum_units"]).all()
        left_open = strata[strata["stratum_sample"] < strata["stratum_units"]]["stratum_sample"]
        if len(left_open):
            assert left_open.max() - left_open.min() <= 1
            assert left_open.min() >= strata["stratum_sample"].max() - 1


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_other_units_carry_their_context(articles, unit):
    sample = draw_sample(articles, unit=unit, n=6, seed=0)
    assert len(sample.design) == (5 if unit == "article" else 6)
    assert sample.design["title"].str.len().gt(0).all()
    if unit == "article":
        assert sample.design["weight"].eq(1).all()


def test_stratified_estimate_covers_the_corpus_prevalence_about_95_percent_of_the_time():
    """A corpus with known truth, sampled with the module's own allocation many times."""
    rng = np.random.default_rng(7)
    strata = {
        "wire|no": (3000, 0.04),
        "wire|yes": (300, 0.7),
        "colour|no": (2000, 0.1),
        "colour|yes": (700, 0.6),
    }
    truth = {s: rng.random(size) < p for s, (size, p) in strata.items()}
    prevalence = sum(t.sum() for t in truth.values()) / sum(len(t) for t in truth.values())
    alloc = dict.fromkeys(truth, 40)  # equal allocation of 160: every stratum is larger
    covered, estimates = 0, []
    for _ in range(200):
        rows = []
        for s, t in truth.items():
            picked = rng.choice(len(t), alloc[s], replace=False)
            rows += [(s, len(t), "yes" if t[i] else "no") for i in picked]
        design = pd.DataFrame(rows, columns=["stratum", "stratum_units", "value"])
        estimate, low, high = weighted_prevalence(design["value"], design)
        covered += low <= prevalence <= high
        estimates.append(estimate)
    assert 0.91 <= covered / 200 <= 0.99
    assert np.mean(estimates) == pytest.approx(prevalence, abs=0.005)  # unbiased
    # the unweighted share of the sample is far off: the weights matter
    assert abs(design["value"].eq("yes").mean() - prevalence) > 0.1


def test_stratified_bootstrap_redraws_each_stratum_within_itself():
    design = pd.DataFrame({"stratum": list("bbaaacb")})  # strata in order of appearance
    replicates = sampling.stratified_bootstrap(design, np.random.default_rng(3), 2000)
    assert replicates.shape == (2000, len(design))
    strata = design["stratum"].to_numpy()
    for kept in strata[replicates]:  # every replicate: as many of each stratum as the design
        assert sorted(kept) == sorted(strata)
    # every unit of a stratum is drawn, about equally often; the seed fixes the draws
    counts = np.bincount(replicates.ravel(), minlength=len(design)) / 2000
    assert counts == pytest.approx(np.ones(len(design)), abs=0.1)
    again = sampling.stratified_bootstrap(design, np.random.default_rng(3), 2000)
    assert (again == replicates).all()


# --- the codebook follows the measures ----------------------------------------------------


def test_codebook_lists_every_category_rule_and_item():
    book = codebook.codebook_markdown()
    assert {v for v, _ in codes()["hedge_category"].values} == {
        "none",
        *(c for c in hedging.CATEGORIES if c != "booster"),
    }
    for rule in hedging.RULES:
        assert rule.name.replace("_", "\\_") in book
        assert rule.example in book
    for item in human_interest.ITEMS:
        assert f"hi_{item}" in codes()
    assert not [c for c in codes() if c[3:] in human_interest.NOT_CODABLE]
    assert "Marco, a fisherman" in codebook.codebook_html()  # an example from the lexicon


def test_codebook_follows_a_new_human_interest_item(monkeypatch):
    codes.cache_clear()
    monkeypatch.setattr(human_interest, "ITEMS", (*human_interest.ITEMS, "new_item"))
    try:
        assert "hi_new_item" in codes()
        assert "hi_new_item" in codebook.codebook_markdown()
    finally:
        monkeypatch.undo()
        codes.cache_clear()
    assert "hi_new_item" not in codes()


def test_codebook_html_escapes_what_it_shows(monkeypatch):
    codes.cache_clear()
    monkeypatch.setitem(human_interest.ITEM_DESCRIPTIONS, "emotive", "<script>x</script>")
    try:
        page = codebook.codebook_html()
    finally:
        monkeypatch.undo()
        codes.cache_clear()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page and "<link" not in page  # self-contained: nothing fetched


# --- reading coded sheets -----------------------------------------------------------------


def _edit(path: Path, row: int, column: str, value: str) -> None:
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet.loc[row, column] = value
    sheet.to_csv(path, index=False)


def test_example_sheets_read_back(example):
    coded = read_sheets(example)
    assert set(coded["coder"]) == {"example-coder-A", "example-coder-B"}
    assert len(coded) == 2 * len(example.design) * len(example.codes)


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("unit_id", "u999", "row 2 (unit u999): unknown unit id"),
        ("tone", "", "row 2 (unit u01): tone is empty"),
        ("tone", "7", "row 2 (unit u01): tone '7' is not one of -2, -1, 0, 1, 2"),
        ("speaker", "journalist", "speaker 'journalist' is not one of none, official"),
        ("sample_id", "s-0000000000", "row 2 (unit u01): from sample s-0000000000, not s-"),
        ("coder", "", "row 2 (unit u01): no coder name"),
    ],
)
def test_bad_sheet_names_the_sheet_row_and_problem(sample_copy, column, value, problem):
    sheet = sample_copy / "sheets" / "example-coder-A.csv"
    _edit(sheet, 0, column, value)
    with pytest.raises(CodingSheetError) as error:
        read_sheets(read_sample(sample_copy))
    assert "example-coder-A.csv" in str(error.value) and problem in str(error.value)


def test_sheet_of_another_sample_and_two_sheets_of_one_coder_are_refused(
    sample_copy, articles, units
):
    sheets = sample_copy / "sheets"
    shutil.copy(sheets / "example-coder-A.csv", sheets / "again.csv")
    with pytest.raises(CodingSheetError, match="example-coder-A.csv and again.csv are both by"):
        read_sheets(read_sample(sample_copy))
    (sheets / "again.csv").unlink()
    other = draw_sample(articles, n=40, seed=99, units=units)
    with pytest.raises(CodingSheetError, match=r"example-coder-A.csv, row 2 .*from sample s-"):
        read_sheets(other, sheets)


def test_sheet_missing_a_unit_is_refused(sample_copy):
    sheet = sample_copy / "sheets" / "example-coder-B.csv"
    pd.read_csv(sheet, dtype=str, keep_default_na=False).iloc[1:].to_csv(sheet, index=False)
    with pytest.raises(
        CodingSheetError, match="example-coder-B.csv: units of the sample not coded"
    ):
        read_sheets(read_sample(sample_copy))


# --- agreement and the corrected comparison ---------------------------------------------


def test_agreement_tables_on_the_example(example, articles):
    sample = sampling.rescore(example, articles)
    coded = read_sheets(sample)
    alpha = agreement.intercoder_agreement(sample, coded, resamples=50)
    assert list(alpha["code"]) == [c.name for c in sample.codes]
    assert ((alpha["alpha_low"] <= alpha["alpha"]) | alpha["alpha"].isna()).all()
    suite = agreement.suite_agreement(sample, coded, resamples=50)
    f1 = suite[(suite["code"] == "hedged") & (suite["statistic"] == "F1")]
    assert set(f1["reference"]) == {"example-coder-A", "example-coder-B", "consensus"}
    assert f1["value"].between(0, 1).all()
    errors = agreement.suite_errors(sample, coded)
    assert set(errors["error"]) <= {"false positive", "false negative"}
    positives = errors[errors["error"] == "false positive"]
    assert (positives["fired"] != "(nothing)").all()  # a false "yes" always shows what fired


def test_consensus_is_the_majority_or_the_adjudicated_answer():
    coded = pd.DataFrame(
        [
            ("u1", "a", "hedged", "yes"),
            ("u1", "b", "hedged", "yes"),
            ("u1", "c", "hedged", "no"),
            ("u2", "a", "hedged", "yes"),
            ("u2", "b", "hedged", "no"),
            ("u1", "a", "tone", "-2"),
            ("u1", "b", "tone", "1"),
            ("u1", "c", "tone", "2"),
        ],
        columns=["unit_id", "coder", "code", "value"],
    )
    ref = agreement.consensus(coded).set_index(["unit_id", "code"])["value"]
    assert ref[("u1", "hedged")] == "yes" and ("u2", "hedged") not in ref  # a tie has none
    assert ref[("u1", "tone")] == 1.0  # the median point
    adjudicated = pd.concat(
        [coded, pd.DataFrame([("u2", "adjudicated", "hedged", "no")], columns=coded.columns)]
    )
    assert agreement.consensus(adjudicated)["value"].tolist() == ["no"]


def test_rescore_refuses_another_corpus(example):
    other = pd.DataFrame({"doc_id": ["x"], "group": ["wire"], "text": ["Talks may resume."]})
    with pytest.raises(ValueError, match=f"units of sample {example.sample_id} are not in this"):
        sampling.rescore(example, other)


def test_perfect_suite_has_perfect_agreement(example):
    """Coders who say exactly what the suite says: F1 1, alpha 1."""
    design = example.design
    rows = [
        (u, coder, c.name, design.loc[i, f"suite_{c.name}"])
        for i, u in enumerate(design["unit_id"])
        for coder in ("a", "b")
        for c in example.codes
    ]
    coded = pd.DataFrame(rows, columns=["unit_id", "coder", "code", "value"])
    suite = agreement.suite_agreement(example, coded, resamples=20)
    f1 = suite[(suite["statistic"] == "F1") & suite["value"].notna()]
    assert (f1["value"] == 1).all() and len(f1) > 0
    assert agreement.suite_errors(example, coded).empty


def _simulated(rng, *, prevalence, sensitivity, specificity, size=4000, per_stratum=100):
    """A corpus of two groups whose suite errs differently in each, and a coded sample of it."""
    design, population = [], []
    for group in ("a", "b"):
        truth = rng.random(size) < prevalence[group]
        suite = np.where(
            truth, rng.random(size) < sensitivity[group], rng.random(size) > specificity[group]
        )
        population.append({"group": group, "units": size, "suite_hedged": int(suite.sum())})
        for decision in (True, False):
            members = np.flatnonzero(suite == decision)
            picked = rng.choice(members, min(per_stratum, len(members)), replace=False)
            for i in picked:
                design.append(
                    {
                        "group": group,
                        "stratum": f"{group}|{decision}",
                        "weight": len(members) / len(picked),
                        "suite_hedged": "yes" if suite[i] else "no",
                        "truth": "yes" if truth[i] else "no",
                    }
                )
    design = pd.DataFrame(design)
    design["unit_id"] = [f"u{i}" for i in range(len(design))]
    sample = Sample(
        "s-sim", "sentence", 0, design, pd.DataFrame(population), code_names=("hedged",)
    )
    coded = design.assign(coder="truth", code="hedged")[["unit_id", "coder", "code", "truth"]]
    return sample, coded.rename(columns={"truth": "value"})


def test_correction_recovers_a_known_difference_under_group_dependent_error():
    rng = np.random.default_rng(3)
    prevalence = {"a": 0.20, "b": 0.35}
    truth = prevalence["a"] - prevalence["b"]  # -0.15
    # the suite finds most positives in a but half of them in b: raw difference about +0.05
    sensitivity, specificity = {"a": 0.9, "b": 0.5}, {"a": 0.9, "b": 0.95}
    covered, corrected, raw = 0, [], []
    for _ in range(20):
        sample, coded = _simulated(
            rng, prevalence=prevalence, sensitivity=sensitivity, specificity=specificity
        )
        table = corrected_comparison(sample, coded, resamples=100, seed=1).set_index("method")
        row = table.loc["calibration"]
        covered += row["corrected_low"] <= truth <= row["corrected_high"]
        corrected.append(row["corrected_difference"])
        raw.append(row["uncorrected_difference"])
        assert table.loc["rogan_gladen", "corrected_difference"] == pytest.approx(truth, abs=0.08)
    assert covered >= 17  # about 95% of 20
    assert np.mean(corrected) == pytest.approx(truth, abs=0.02)
    assert np.mean(raw) > 0  # uncorrected, the difference has the wrong sign
    assert (
        "reverses" in row["verdict"] or "appears" in row["verdict"] or "survives" in row["verdict"]
    )


def test_no_coded_yes_in_a_group_is_too_small_to_say_not_no_difference():
    rng = np.random.default_rng(0)
    sample, coded = _simulated(
        rng,
        prevalence={"a": 0.0, "b": 0.0},  # the coders find no hedge anywhere
        sensitivity={"a": 0.9, "b": 0.9},
        specificity={"a": 0.9, "b": 0.9},
    )
    table = corrected_comparison(sample, coded, resamples=50)
    assert (table[["coded_yes_a", "coded_yes_b"]] == 0).all().all()
    assert table["verdict"].str.startswith("the coded sample is too small to say").all()
    assert table["corrected_difference"].isna().all() and table["corrected_low"].isna().all()


def test_a_code_the_coders_do_not_agree_on_gets_no_correction():
    rng = np.random.default_rng(1)
    sample, coded = _simulated(
        rng,
        prevalence={"a": 0.3, "b": 0.3},
        sensitivity={"a": 0.9, "b": 0.9},
        specificity={"a": 0.9, "b": 0.9},
    )
    guessing = coded.assign(coder="guess", value=rng.choice(["yes", "no"], len(coded)))
    table = corrected_comparison(sample, pd.concat([coded, guessing]), resamples=50)
    assert (table["alpha"] < agreement.MIN_ALPHA).all()
    assert table["verdict"].str.startswith("no correction: the coders' alpha on hedged is").all()
    assert table["corrected_difference"].isna().all()
    agreeing = coded.assign(coder="twin")
    table = corrected_comparison(sample, pd.concat([coded, agreeing]), resamples=50)
    assert (table["alpha"] == 1).all() and table["corrected_difference"].notna().all()


def test_a_sample_too_small_says_so():
    rng = np.random.default_rng(0)
    sample, coded = _simulated(
        rng,
        prevalence={"a": 0.2, "b": 0.3},
        per_stratum=3,
        sensitivity={"a": 0.9, "b": 0.9},
        specificity={"a": 0.9, "b": 0.9},
    )
    table = corrected_comparison(sample, coded, resamples=50)
    assert table["verdict"].str.startswith("the coded sample is too small to say").all()
    assert table["corrected_low"].isna().all()


# --- the coding panel ---------------------------------------------------------------------


def test_panel_saves_every_answer_and_resumes(tmp_path, articles, units):
    sample_copy = sheets.write_sample(draw_sample(articles, n=3, units=units), tmp_path / "s")
    shutil.rmtree(sample_copy / "sheets")
    panel = CodingPanel(sample_copy)
    panel.answer("yes")
    assert "name" in panel.status.value and not (sample_copy / "sheets").exists()
    panel.name.value = "Ana María"
    path = sheet_path(sample_copy / "sheets", "Ana María")
    panel.buttons.children[1].click()  # hedged: 2 · yes
    assert pd.read_csv(path, dtype=str).loc[0, "hedged"] == "yes"
    panel.key.value = "3"  # hedge_category: the third button, by keyboard
    panel.key.value = "2"  # tone: the second button, "slightly negative", never the value 2
    saved = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert saved.loc[0, ["coder", "hedged", "hedge_category", "tone"]].tolist() == [
        "Ana María",
        "yes",
        codes()["hedge_category"].values[2][0],
        codes()["tone"].values[1][0],
    ]
    assert panel.progress.value == 3
    panel.back.click()  # back to the tone of the first unit, which shows its answer
    assert panel.position == 2 and "info" in [b.button_style for b in panel.buttons.children]
    panel.key.value = "2"

    del panel  # the kernel dies: a new panel with the same name resumes at the fourth answer
    resumed = CodingPanel(sample_copy, coder="Ana María")
    assert resumed.position == 3 and resumed.answered() == 3 and resumed.name.disabled
    for _ in range(len(resumed.sheet) * len(resumed.codes) - 3):  # every answer left
        resumed.buttons.children[0].click()
    assert "Every unit is coded" in resumed.unit.value
    sheet = sheets.read_sheet(path, read_sample(sample_copy))
    assert len(sheet) == 3 and sheet.loc[0, "tone"] == codes()["tone"].values[1][0]


@pytest.mark.parametrize("code", list(codes()))
def test_every_panel_key_selects_the_button_it_names(tmp_path, code, articles, units):
    folder = sheets.write_sample(draw_sample(articles, n=1, units=units), tmp_path / "s")
    panel = CodingPanel(folder, coder="Ana")
    at = [c.name for c in panel.codes].index(code)
    for k, (value, _) in enumerate(codes()[code].values, 1):
        panel.go(at)
        button_shown = panel.buttons.children[k - 1].description
        assert button_shown.startswith(f"{k} · "), button_shown
        panel.key.value = str(k)
        saved = pd.read_csv(panel.path, dtype=str, keep_default_na=False)
        assert saved.loc[0, code] == value, f"{code}: key {k} saved {saved.loc[0, code]!r}"
    panel.go(at)
    before = saved.loc[0, code]
    for typed in ("0", str(len(codes()[code].values) + 1), "-1", "+2"):  # no button says these
        panel.key.value = typed
        again = pd.read_csv(panel.path, dtype=str, keep_default_na=False)
        assert again.loc[0, code] == before and "button" in panel.status.value


def test_panel_shows_the_buttons_above_a_folded_codebook_and_keeps_a_note(
    tmp_path, articles, units
):
    folder = sheets.write_sample(draw_sample(articles, n=2, units=units), tmp_path / "s")
    panel = CodingPanel(folder, coder="Ana")
    shown = list(panel.widget.children)
    assert shown.index(panel.unit) < shown.index(panel.buttons) < shown.index(panel.entry)
    assert panel.entry.value.startswith("<details>")  # folded until the coder opens it
    panel.note.value = "sarcastic; ask Ben"
    panel.buttons.children[0].click()
    saved = pd.read_csv(panel.path, dtype=str, keep_default_na=False)
    assert saved.loc[0, "note"] == "sarcastic; ask Ben"
    resumed = CodingPanel(folder, coder="Ana")
    resumed.go(0)
    assert resumed.note.value == "sarcastic; ask Ben"


def test_a_sample_can_code_some_of_the_codes(tmp_path, capsys):
    args = [
        "sample",
        "--n",
        "4",
        "--out",
        str(tmp_path / "s"),
        "--codes",
        "hedged,human_interest,tone",
    ]
    assert main(args) == 0
    sample = read_sample(tmp_path / "s")
    chosen = [c for c in codes() if c in ("hedged", "human_interest", "tone")]  # codebook order
    assert [c.name for c in sample.codes] == chosen and len(chosen) == 3
    assert list(sample.sheet().columns[-4:]) == [*chosen, "note"]
    assert CodingPanel(tmp_path / "s", coder="Ana").progress.max == 4 * 3
    assert main(["sample", "--out", str(tmp_path / "t"), "--codes", "hedged,nope"]) == 1
    assert "'nope'" in capsys.readouterr().err


def test_panel_escapes_the_text_it_shows(tmp_path):
    corpus = pd.DataFrame(
        {
            "doc_id": ["x"],
            "group": ["wire"],
            "title": ["<b>T</b>"],
            "text": ["It may <script>alert(1)</script> rain."],
        }
    )
    sample = draw_sample(corpus, n=1)
    sheets.write_sample(sample, tmp_path / "s")
    panel = CodingPanel(tmp_path / "s", coder="x")
    assert "<script>" not in panel.unit.value and "&lt;script&gt;" in panel.unit.value


# --- command line and report ----------------------------------------------------------------


def test_sample_command_writes_the_folder_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["sample", "--n", "12", "--seed", "2", "--out", str(out)]) == 0
    for name in (
        "sheet.csv",
        "design.csv",
        "population.csv",
        "codebook.md",
        "codebook.html",
        "allowed-values.csv",
        "sample.json",
        "README.md",
    ):
        assert (out / name).is_file(), name
    assert len(pd.read_csv(out / "sheet.csv")) == 12
    assert read_sample(out).sample_id == draw_sample(load_corpus(), n=12, seed=2).sample_id
    assert main(["sample", "--n", "12", "--out", str(out)]) == 1
    assert "already holds a sample" in capsys.readouterr().err
    assert (
        main(["sample", "--corpus", str(tmp_path / "none.csv"), "--out", str(tmp_path / "t")]) == 1
    )


def test_report_passes_coded_only_to_notebooks_that_declare_it(tmp_path, monkeypatch):
    required = "\n".join(
        [
            'corpus: str = ""',
            'group_by: str = "genre"',
            'groups: str = ""',
            'out_dir: str = ""',
            "seed: int = 0",
        ]
    )
    for name, extra in (("01-with.ipynb", '\ncoded: str = ""'), ("02-without.ipynb", "")):
        nb = new_notebook(
            cells=[new_code_cell(required + extra, metadata={"tags": ["parameters"]})],
            metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}},
        )
        nbformat.write(nb, tmp_path / name)
    received = {}

    def execute_notebook(input_path, output_path, *, parameters, **kwargs):
        received[Path(input_path).name] = parameters
        shutil.copy(input_path, output_path)

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    notebooks = sorted(tmp_path.glob("*.ipynb"))
    run_report(notebooks=notebooks, out=tmp_path / "run", progress=False, coded=EXAMPLE)
    assert received["01-with.ipynb"]["coded"] == str(EXAMPLE)
    assert "coded" not in received["02-without.ipynb"]
    with pytest.raises(ReportError, match="not a coding sample"):
        run_report(notebooks=notebooks, out=tmp_path / "run2", progress=False, coded=tmp_path)
