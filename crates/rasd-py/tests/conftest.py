"""Shared helpers for rasd's Python tests: where ../shared and the CLI are, and the skip policy.

A test that cannot do its check (no ../shared, no rasd binary, no pandas) calls `skip_unless_ci`,
as the Rust tests call `rasd_core::skip_unless_ci`: under CI (CI set, not "" / "false" / "0") it
fails naming what is missing; elsewhere it prints the reason and skips.
"""

import json
import os
import pathlib
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]


def under_ci() -> bool:
    return os.environ.get("CI", "") not in ("", "false", "0")


def skip_unless_ci(reason: str) -> None:
    if under_ci():
        pytest.fail(f"cannot run under CI: {reason}", pytrace=False)
    print(f"SKIPPED (outside CI): {reason}")
    pytest.skip(reason)


def shared_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("RASD_SHARED") or REPO.parent / "shared")


def shared_file(rel: str) -> pathlib.Path:
    path = shared_dir() / rel
    if not path.exists():
        skip_unless_ci(f"{path} is missing (../shared must be next to the repository, or set RASD_SHARED)")
    return path


@pytest.fixture(scope="session")
def rasd_cli() -> str:
    """The rasd binary the module is compared with: $RASD_BIN, else target/debug, else target/release."""
    candidates = [os.environ.get("RASD_BIN")] if os.environ.get("RASD_BIN") else []
    candidates += [str(REPO / "target" / "debug" / "rasd"), str(REPO / "target" / "release" / "rasd")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    skip_unless_ci("no rasd binary to compare with (cargo build -p rasd, or set RASD_BIN)")
    raise AssertionError("unreachable")


def cli_json(cli: str, *args: str) -> list:
    """Runs `rasd analyze --format json ARGS…` and parses its JSON Lines."""
    out = subprocess.run([cli, "analyze", "--format", "json", *args], capture_output=True, check=True)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line.strip()]
