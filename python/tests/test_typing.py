"""The mypy --strict consumer snippet also runs (mypy itself runs in scripts/test-python)."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def test_the_typed_consumer_runs() -> None:
    path = Path(__file__).parent / "typing" / "consumer.py"
    spec = importlib.util.spec_from_file_location("consumer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.main()
    assert results[0]["sub"] == "alice"
    assert results[1]["error"] == "ERR_ROOM_MISMATCH" and results[1]["claim"] == "room"
    assert results[6] == 5460
    # Secret rotation: both keys' tokens, then the old key dropped; keys= and the client.
    assert results[10:] == [["APIconsumer", "APInew"], True, ["APInew"], "APInew", "APIconsumer"]
