"""environment.yml and pyproject.toml must name the same packages."""

from __future__ import annotations

import re
import tomllib

import pytest

from analysis import paths

_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)")
#: conda-forge splits dask[distributed] into two packages.
_CONDA_SPLITS = {"dask[distributed]": {"dask", "distributed"}}


def _names(specs):
    out = set()
    for spec in specs:
        spec = spec.strip()
        extra = re.match(r"^([A-Za-z0-9_.\-]+\[[^\]]+\])", spec)
        if extra and extra.group(1) in _CONDA_SPLITS:
            out |= _CONDA_SPLITS[extra.group(1)]
            continue
        out.add(_NAME.match(spec).group(1).lower().replace("_", "-"))
    return out


def _environment_yml():
    """Parse the two lists of environment.yml without needing PyYAML."""
    conda, pip, in_pip, in_deps = [], [], False, False
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        if not line.startswith(" "):
            in_deps = line.startswith("dependencies:")
        elif not in_deps:
            continue
        elif re.match(r"^\s+- pip:\s*$", line):
            in_pip = True
        elif m := re.match(r"^(\s+)- (.+)$", line):
            (pip if in_pip and len(m.group(1)) > 4 else conda).append(m.group(2))
    return conda, pip


def test_environment_yml_names_the_packages_of_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + project["optional-dependencies"]["dev"])
    conda, pip = _environment_yml()
    have = _names([c for c in conda if not c.startswith(("python", "pip"))])
    have |= _names([p for p in pip if not p.startswith("-e")])
    assert have == wanted, (
        f"only in environment.yml: {have - wanted}; only in pyproject: {wanted - have}"
    )


@pytest.mark.parametrize("pinned", ["python=3.11", "-e ."])
def test_environment_yml_installs_the_package(pinned):
    assert pinned in (paths.ROOT / "environment.yml").read_text()
