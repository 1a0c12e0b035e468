"""Shared fixtures. Evaluation data is read from ../shared/eval, never committed."""

from __future__ import annotations

import pytest

from analysis import paths


@pytest.fixture(scope="session")
def eval_dir():
    """The human-labelled evaluation data; tests that need it skip when it is absent."""
    if not paths.EVAL.is_dir():
        pytest.skip(
            f"evaluation data not found at {paths.EVAL} "
            "(set MEDIA_FRAMING_EVAL to its folder to run these tests)"
        )
    return paths.EVAL
