"""Shared fixtures. The tests run against the INSTALLED package (scripts/test-python installs the
built wheel into a fresh venv), never against the source folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # js.py, seed_flask_app.py

import js  # noqa: E402

# A secret of 32+ bytes and an API key for the tests (not real credentials).
API_KEY = "APIpytest123"
SECRET = "isometrik-python-tests-secret-0123456789"


@pytest.fixture(scope="session")
def npm_package() -> None:
    """The npm package must be built for the cross-language tests; they fail (not skip) without
    it, so a missing build cannot pass silently."""
    why = js.missing()
    if why is not None:
        pytest.fail(f"the npm package is needed: {why}")
