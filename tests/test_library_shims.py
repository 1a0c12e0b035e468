"""The faster VADER and TextBlob give their libraries' answers, on the versions they follow.

:mod:`analysis.measures._vader_fast` and :mod:`analysis.measures._textblob_fast`
re-implement parts of NLTK and TextBlob for speed. These tests compare them with
the libraries' own code on every seed sentence and on edge cases; run them
before moving the version pins in ``pyproject.toml``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import version

import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants
from packaging.requirements import Requirement
from textblob.en import sentiment as textblob_sentiment

from analysis import paths
from analysis.measures import _textblob_fast, _vader_fast
from analysis.text import ascii_apostrophes, make_doc

SEED_TEXTS = sorted(paths.RAW.glob("*.txt"))

#: Strings that exercise the edge cases: punctuation around words, punctuation-only
#: and one-letter tokens, emoticons, repeated words, capitals, contractions, quotes.
TRICKY = [
    "",
    "   ",
    "!!!",
    "cat, ,cat cat,, !!cat?!? dog!?! -cat- 'cat' \"cat\" (cat) ..cat.. cat... cat.",
    "Good, good. GOOD!!! :) :-( ;) <3 :D :'( (!) It's not good... isn't it?!?",
    "The the THE the. the, the! the? the; the: the- 'the the' kind of good, but not great",
    "a , b ; c : d - e ' f \" g ! h ? x. y, z",
    "U.S. e.g. i.e. Mr. Smith's plan... T. De Smedt, vs. etc. A.B.C. w/ n. 1,000.5% $100 #tag @you",
    "naïve café—résumé “quoted,” ‘single’ ’tis weren’t can't won't",
    "He said: \"no deal.\" 'No deal,' he said. Wait!! What?? Really?!?! Never so good.",
    "At least not bad. The very least. Yeah right, kiss of death, the bomb.",
    "They said it was really the bomb, sort of good, just enough great, kind of bad, "
    "never so happy and never this sad; we live hand to mouth but it does cut the mustard",
    "I'd've thought you'll say we're fine, I'm sure they've won't n'd ''s 'll' 're're n't't",
    "line one\n\nline two\r\nline three\n\n\nfour ... (!) ( ! )",
]


@pytest.fixture(scope="module")
def sentences():
    docs = [make_doc(path.read_text(encoding="utf-8")) for path in SEED_TEXTS]
    texts = [s.text for doc in docs for s in doc.sentences]
    return [*texts, *(ascii_apostrophes(s) for s in texts), *TRICKY]


@pytest.mark.parametrize(
    ("library", "followed"),
    [("nltk", _vader_fast.NLTK_VERSION), ("textblob", _textblob_fast.TEXTBLOB_VERSION)],
)
def test_the_library_pinned_and_installed_is_the_one_followed(library, followed):
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    pins = {r.name: r.specifier for r in map(Requirement, project["dependencies"])}
    assert str(pins[library]) == f"=={followed}"
    assert version(library) == followed


def test_sentitext_finds_the_words_nltk_finds(sentences):
    constants = _vader_fast.vader().constants
    for text in sentences:
        args = (text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
        ours, nltks = _vader_fast.FastSentiText(*args), SentiText(*args)
        assert ours.words_and_emoticons == nltks.words_and_emoticons, text
        assert ours.is_cap_diff == nltks.is_cap_diff, text


def test_negated_is_nltks(sentences):
    ours, nltks = _vader_fast.vader().constants, VaderConstants()
    windows = [["at", "least"], ["very", "least"], ["Least"], ["don't"], ["NEVER"], ["nope"], []]
    for text in sentences:
        words = text.split()
        windows += [words[max(0, i - 3) : i + 1] for i in range(len(words))]
    for window in windows:
        for include_nt in (True, False):
            assert ours.negated(window, include_nt) == nltks.negated(window, include_nt), window


def test_vader_scores_are_nltks(sentences):
    analyzer = _vader_fast.vader()
    stock = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    stock.lexicon, stock.constants = analyzer.lexicon, VaderConstants()  # NLTK's own code
    for text in sentences:
        ours = analyzer.polarity_scores(text)
        del ours["valence"]
        assert ours == stock.polarity_scores(text), text


def test_compound_and_valence_are_those_of_polarity_scores(sentences):
    """The tone measure's shortcut gives polarity_scores' two numbers, to the last bit."""
    analyzer = _vader_fast.vader()
    for text in sentences:
        scores = analyzer.polarity_scores(text)
        assert analyzer.compound_and_valence(text) == (scores["compound"], scores["valence"]), text


def test_textblob_tokens_and_scores_are_textblobs(sentences):
    for text in sentences:
        words = " ".join(_textblob_fast.sentiment_tokens(text)).split()  # what it reads
        assert words == " ".join(textblob_sentiment.tokenizer(text)).split(), text
        ours, textblobs = _textblob_fast.pattern()(text), textblob_sentiment(text)
        assert tuple(ours) == tuple(textblobs), text
        assert ours.assessments == textblobs.assessments, text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No deal!!! :-) (really?)",
        "U.S.-backed “plan” — isn't it?",
        "a_b^c~d`e|f",
        "100% @home #1",
    ],
)
def test_punctuation_is_removed_exactly_as_nltk_vader_does(text):
    expected = VaderConstants.REGEX_REMOVE_PUNCTUATION.sub("", text)
    assert text.translate(_vader_fast._DELETE_PUNCTUATION) == expected


#: Run in a fresh interpreter: the suite's scores of the seed texts, and what was imported.
_SCORES_IN_A_FRESH_PROCESS = """
import json, sys
{first}
from analysis import load_corpus, score_texts
imported = [m for m in ("scipy.stats", "sklearn") if sys.modules.get(m) is not None]
scores = score_texts(load_corpus()["text"]).round(12).to_json()
import nltk, scipy.stats, sklearn.feature_extraction  # importable as usual afterwards
from textblob import TextBlob
assert hasattr(nltk, "ChunkParserI") and scipy.stats.fisher_exact
assert TextBlob("A fine day.").sentiment.polarity > 0
print(json.dumps({{"imported": imported, "scores": scores}}))
"""


def _fresh(first: str) -> dict:
    code = _SCORES_IN_A_FRESH_PROCESS.format(first=first)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_nltk_without_scipy_and_sklearn_scores_as_with_them():
    """analysis._nltk keeps scipy.stats and scikit-learn out of NLTK's import only: the
    scores are those of a process that imported both first, and both import afterwards."""
    shimmed = _fresh("")
    assert shimmed["imported"] == []
    whole = _fresh("import scipy.stats, sklearn.feature_extraction")
    assert whole["imported"] == ["scipy.stats", "sklearn"]
    assert shimmed["scores"] == whole["scores"]


#: Run in a fresh interpreter: what importing the report runner imports, and nbformat's checks.
_RUNNER_IN_A_FRESH_PROCESS = """
import importlib.util, sys
import analysis.report.runner
import nbformat
from nbformat.v4 import new_code_cell, new_notebook
assert "rfc3987_syntax" not in sys.modules
assert "docx" not in sys.modules  # python-docx (0.3 s) loads with a DOCX export alone
nb = new_notebook(cells=[new_code_cell("1 + 1")])
nbformat.validate(nb)
nb.cells[0]["cell_type"] = "nonsense"
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("refused")
assert importlib.util.find_spec("rfc3987_syntax") is not None  # importable as usual afterwards
"""


def test_the_runner_imports_nbformat_without_the_iri_grammar_and_it_still_validates():
    """analysis._jsonschema keeps rfc3987_syntax (about 2 s) out of jsonschema's import only:
    nbformat still refuses a broken notebook, and the module imports afterwards."""
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER_IN_A_FRESH_PROCESS],
        capture_output=True, text=True, cwd=paths.ROOT, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines()[-1] == "refused"
