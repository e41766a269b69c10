"""Every app's tests are collected by `make test`: a folder missing from pytest's
`testpaths` would be silently skipped by the suite and by CI (three apps once were)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_with_tests_is_in_testpaths():
    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    )
    with_tests = {path.parent.parent.name for path in ROOT.glob("*/tests/__init__.py")}
    assert {"circles", "workspace"} <= with_tests
    assert with_tests - testpaths == set()
