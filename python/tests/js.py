"""Runs jobs through the npm package (tests/support/js_bridge.mjs, on pkg/dist/node.cjs)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = Path(__file__).resolve().parent / "support" / "js_bridge.mjs"
PACKAGE = ROOT / "pkg" / "dist" / "node.cjs"


def missing() -> str | None:
    """Why the npm package cannot be run here, or None."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not PACKAGE.exists():
        return f"{PACKAGE.relative_to(ROOT)} is missing: run scripts/build-pkg (make pkg) first"
    return None


def run(jobs: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The npm package's result of each job, in order."""
    why = missing()
    if why is not None:
        raise RuntimeError(why)
    done = subprocess.run(
        ["node", str(BRIDGE)],
        input=json.dumps({"jobs": jobs}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"js_bridge.mjs exited {done.returncode}: {done.stderr[-4000:]}")
    results: List[Dict[str, Any]] = json.loads(done.stdout)["results"]
    assert len(results) == len(jobs)
    return results


def secret_json(secret: str | bytes) -> Dict[str, str]:
    """A secret as the bridge takes it (bytes as hex, so any byte survives JSON)."""
    return {"hex": secret.hex()} if isinstance(secret, bytes) else {"utf8": secret}
