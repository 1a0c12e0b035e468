"""environment.yml and pyproject.toml must name the same packages."""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis import paths

#: conda-forge splits dask[distributed] into two packages.
_CONDA_SPLITS = {("dask", frozenset({"distributed"})): {"dask", "distributed"}}


def _names(specs: list[str]) -> set[str]:
    """Package names of requirement strings; conda's ``name>=1.0`` reads as a pip one."""
    out = set()
    for spec in specs:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        out |= _CONDA_SPLITS.get((name, frozenset(req.extras)), {name})
    return out


def _environment_yml() -> tuple[list[str], list[str]]:
    """The conda packages and the pip packages of environment.yml."""
    deps = yaml.safe_load((paths.ROOT / "environment.yml").read_text())["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = [p for d in deps if isinstance(d, dict) for p in d.get("pip", [])]
    return conda, pip


def test_environment_yml_names_the_packages_of_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + project["optional-dependencies"]["dev"])
    conda, pip = _environment_yml()
    have = _names([c for c in conda if c.partition("=")[0] not in ("python", "pip")])
    have |= _names([p for p in pip if not p.startswith("-e")])
    assert have == wanted, (
        f"only in environment.yml: {have - wanted}; only in pyproject: {wanted - have}"
    )


def test_environment_yml_installs_python_311_and_the_package():
    conda, pip = _environment_yml()
    assert "python=3.11" in conda
    assert "-e ." in pip
