"""The suite loads and scores with no NLTK data and no network.

A fresh interpreter gets an empty ``NLTK_DATA`` folder and an empty ``HOME`` (so
``~/nltk_data`` is not found), keeps only that empty folder on NLTK's data path,
and refuses every socket connection. It then loads the seed corpus and scores a
seed text. Anything that needs ``nltk.download()`` or the network fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from analysis import paths

CHILD = textwrap.dedent(
    """
    import json, socket, sys
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise OSError("network access attempted: " + repr(args))

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import analysis._nltk  # NLTK as the suite's modules import it
    import nltk

    empty = sys.argv[1]
    nltk.data.path[:] = [empty]  # nothing else, not even system-wide nltk_data

    import analysis

    corpus = analysis.load_corpus()
    text = Path(sys.argv[2]).read_text(encoding="utf-8")
    row = analysis.score_texts([text]).iloc[0]
    print(json.dumps({
        "corpus_rows": len(corpus),
        "words": int(row["words"]),
        "sentences": int(row["sentences"]),
        "tone": float(row["tone"]),
        "vader_compound": float(row["vader_compound"]),
        "textblob_polarity": float(row["textblob_polarity"]),
        "data_path": [str(p) for p in nltk.data.path],
        "data_files": [str(f) for p in nltk.data.path for f in Path(p).rglob("*")],
    }))
    """
)


def test_scores_with_empty_nltk_data_and_no_network(tmp_path):
    empty, home = tmp_path / "nltk_data", tmp_path / "home"
    empty.mkdir()
    home.mkdir()
    seed = sorted(paths.RAW.glob("*.txt"))[0]
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(home)}
    # Run from the repository root so the checkout, not an installed copy, is imported.
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(empty), str(seed)],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["data_path"] == [str(empty)] and out["data_files"] == []
    assert out["corpus_rows"] == len(list(paths.RAW.glob("*.txt")))
    assert out["words"] > 100 and out["sentences"] > 5
    for key in ("tone", "vader_compound", "textblob_polarity"):
        assert -1 <= out[key] <= 1 and out[key] != 0, key
