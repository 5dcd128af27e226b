"""The PEP 517 build backend for a source build: maturin's, after a check that Rust is there.

pip builds from source when no wheel fits the platform (or when asked to). maturin's own backend
then downloads a Rust toolchain into a temporary folder when ``cargo`` is missing, silently: it
fails offline and leaves a large cache behind. This wrapper stops first, with a message that
names the minimum Rust (``rust-version`` in the binding's Cargo.toml), and otherwise hands every
hook to maturin with that download turned off (``MATURIN_NO_INSTALL_RUST``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

import maturin  # type: ignore[import-untyped]  # maturin ships no type information

_HINT = (
    "Install Rust (https://rustup.rs or your system's packages) and retry, or use a platform "
    "that has a prebuilt wheel (Linux glibc/musl x86_64 and aarch64, macOS x86_64 and arm64, "
    "Windows x64)."
)


def _manifest() -> Path:
    """The binding's Cargo.toml: beside pyproject.toml in a checkout, at the path maturin wrote
    into pyproject.toml (tool.maturin.manifest-path) in an sdist."""
    text = Path("pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^manifest-path\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return Path(found.group(1) if found else "Cargo.toml")


def _minimum_rust() -> Tuple[int, int]:
    text = _manifest().read_text(encoding="utf-8")
    found = re.search(r'^rust-version\s*=\s*"(\d+)\.(\d+)', text, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no rust-version in {_manifest()}")
    return int(found.group(1)), int(found.group(2))


def _cargo_version() -> Tuple[Optional[Tuple[int, int]], str]:
    """(major, minor) of the cargo on PATH, or None and why not."""
    cargo = shutil.which("cargo")
    if cargo is None:
        return None, "cargo is not on PATH"
    try:
        out = subprocess.run(
            [cargo, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"`cargo --version` failed: {err}"
    found = re.match(r"cargo (\d+)\.(\d+)", out.stdout)
    if out.returncode != 0 or found is None:
        said = (out.stderr or out.stdout).strip().splitlines()
        return None, f"`cargo --version` failed: {said[0] if said else out.returncode}"
    return (int(found.group(1)), int(found.group(2))), out.stdout.strip()


def _require_rust() -> None:
    need = _minimum_rust()
    have, what = _cargo_version()
    need_text = f"{need[0]}.{need[1]}"
    if have is None:
        problem = f"Rust {need_text} or newer is needed, and {what}."
    elif have < need:
        problem = f"Rust {need_text} or newer is needed; found {what}."
    else:
        os.environ["MATURIN_NO_INSTALL_RUST"] = "1"
        return
    sys.stderr.write(
        f"\nisometrik-token: building from source compiles Rust code. {problem}\n{_HINT}\n\n"
    )
    sys.exit(1)


def get_requires_for_build_wheel(config_settings: Optional[Mapping[str, Any]] = None) -> Any:
    _require_rust()
    return maturin.get_requires_for_build_wheel(config_settings)


def get_requires_for_build_editable(config_settings: Optional[Mapping[str, Any]] = None) -> Any:
    _require_rust()
    return maturin.get_requires_for_build_editable(config_settings)


def get_requires_for_build_sdist(config_settings: Optional[Mapping[str, Any]] = None) -> Any:
    _require_rust()
    return maturin.get_requires_for_build_sdist(config_settings)


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: Optional[Mapping[str, Any]] = None
) -> Any:
    _require_rust()
    return maturin.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> Any:
    _require_rust()
    return maturin.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> Any:
    _require_rust()
    return maturin.build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory: str, config_settings: Optional[Mapping[str, Any]] = None) -> Any:
    _require_rust()
    return maturin.build_sdist(sdist_directory, config_settings)
