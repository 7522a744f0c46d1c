"""The lock files: every dependency group of pyproject.toml, pinned with hashes, kept in step.

`requirements/<group>.txt` is written by `uv pip compile pyproject.toml --group <group>
--generate-hashes --universal` (the command is in each file's header); nox installs it with
`--require-hashes`. These checks are offline: they catch a group changed without its lock.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
GROUPS = sorted(PYPROJECT["dependency-groups"])
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def requirements(group: str) -> list[Requirement]:
    """Return a group's requirements, its included groups' too."""
    found = []
    for item in PYPROJECT["dependency-groups"][group]:
        if isinstance(item, dict):
            found += requirements(item["include-group"])
        else:
            found.append(Requirement(item))
    return found


def pins(path: Path) -> dict[str, list[str]]:
    """Return {name: [versions]} pinned in a lock file (universal locks may pin per platform)."""
    found: dict[str, list[str]] = {}
    for name, version in PIN.findall(path.read_text(encoding="utf-8")):
        found.setdefault(canonicalize_name(name), []).append(version)
    return found


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_has_a_lock_that_satisfies_it(group: str) -> None:
    lock = ROOT / "requirements" / f"{group}.txt"
    assert lock.is_file(), f"no lock for group '{group}': run the command in requirements/*.txt"
    pinned = pins(lock)
    for requirement in requirements(group):
        versions = pinned.get(canonicalize_name(requirement.name))
        assert versions, f"{lock.name}: '{requirement.name}' is not locked: lock again"
        assert any(requirement.specifier.contains(v, prereleases=True) for v in versions), (
            f"{lock.name}: {requirement.name}=={versions} does not satisfy '{requirement}'"
        )


@pytest.mark.parametrize("lock", sorted((ROOT / "requirements").glob("*.txt")), ids=str)
def test_every_pin_has_a_hash(lock: Path) -> None:
    text = lock.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text)
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"{lock.name}: {block.splitlines()[0]} has no hash"


def test_npm_dependencies_are_pinned_and_locked_with_integrity() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for section in ("dependencies", "devDependencies"):
        for name, version in package.get(section, {}).items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: '{version}' is not exact"
    for path, entry in lock["packages"].items():
        if path and not entry.get("link"):
            assert entry.get("integrity", "").startswith("sha512-"), f"{path}: no integrity"
