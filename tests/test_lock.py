"""The lock (requirements/*.txt) is whole, agrees with pyproject.toml, and is installed.

`make run`, `make test` and `make dist` install exactly these files; a lock
that leaves a package unpinned or unhashed, lets the sets disagree, or no
longer fits the ranges of pyproject.toml would give a fresh machine versions
nobody ran. docs/dependencies.md says how the lock is made.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
SETS = ("app", "test", "dist")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# The Python versions `make` accepts, and the lock is checked for.
_SUPPORTED = re.search(
    r"^SUPPORTED_PYTHONS := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M
)
SUPPORTED_PYTHONS = _SUPPORTED.group(1).split() if _SUPPORTED else []


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self, environment: dict[str, str]) -> bool:
        return self.marker is None or self.marker.evaluate(environment)


def read_lock(path: Path) -> list[Pin]:
    """The pins of a lock file in pip's requirements format: `name==v ; marker \\`
    continued by `--hash=sha256:...` lines, with `#` comments between."""
    logical: list[str] = []
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        current += " " + line.rstrip().removesuffix("\\")
        if not line.rstrip().endswith("\\"):
            logical.append(current.strip())
            current = ""
    logical.append(current.strip())
    pins = []
    for entry in filter(None, logical):
        requirement_text, *hashes = entry.split(" --hash=")
        requirement = Requirement(requirement_text)
        [spec] = requirement.specifier
        assert spec.operator == "==", f"{path.name}: {requirement} is not pinned"
        pins.append(
            Pin(
                canonicalize_name(requirement.name),
                Version(spec.version),
                requirement.marker,
                tuple(h.strip() for h in hashes),
            )
        )
    return pins


def environment(python: str | None = None) -> dict[str, str]:
    """Marker values of this machine, or of it running another Python version."""
    values = {key: str(value) for key, value in default_environment().items()}
    if python:
        values["python_version"] = python
        values["python_full_version"] = f"{python}.0"
    return values


def installed_pins(name: str, env: dict[str, str]) -> dict[str, Version]:
    return {pin.name: pin.version for pin in read_lock(LOCKS / f"{name}.txt") if pin.applies(env)}


@pytest.mark.parametrize("name", [*SETS, "tools"])
def test_every_package_is_pinned_to_one_version_with_hashes(name: str) -> None:
    pins = read_lock(LOCKS / f"{name}.txt")
    assert pins
    for pin in pins:
        assert pin.hashes, f"{name}.txt: {pin.name} has no hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in pin.hashes), pin.name
    for python in SUPPORTED_PYTHONS:
        names = [pin.name for pin in pins if pin.applies(environment(python))]
        assert len(names) == len(set(names)), f"{name}.txt pins a package twice on {python}"


def test_the_readme_and_the_docs_name_the_pythons_make_accepts() -> None:
    assert SUPPORTED_PYTHONS, "Makefile: SUPPORTED_PYTHONS is missing"
    listed = ", ".join(SUPPORTED_PYTHONS[:-1])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {listed} or {SUPPORTED_PYTHONS[-1]}" in readme
    docs = (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8")
    assert f"**Python {listed} and {SUPPORTED_PYTHONS[-1]}**" in docs


@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
def test_the_sets_agree_so_that_one_venv_holds_them_all(python: str) -> None:
    env = environment(python)
    app, test, dist = (installed_pins(name, env) for name in SETS)
    for other in (test, dist):
        assert {name: other.get(name) for name in app} == app
    shared = test.keys() & dist.keys()
    assert {name: test[name] for name in shared} == {name: dist[name] for name in shared}


@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
@pytest.mark.parametrize("name", SETS)
def test_the_lock_fits_pyproject_ranges(name: str, python: str) -> None:
    # pip check does this for the machine at hand; this covers every
    # supported Python, so that `make lock` was not forgotten after a change.
    env = environment(python)
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    if name != "app":
        wanted += project["optional-dependencies"][name]
    pins = installed_pins(name, env)
    for text in wanted:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue
        locked = pins.get(canonicalize_name(requirement.name))
        assert locked is not None, f"{name}.txt lacks {requirement.name} on Python {python}"
        assert requirement.specifier.contains(locked, prereleases=True), (
            f"{name}.txt pins {requirement.name} {locked} on Python {python}, "
            f"outside pyproject.toml's {requirement}: run make lock"
        )


def test_the_build_requirements_are_locked_as_pyproject_declares_them() -> None:
    declared = {Requirement(text) for text in PYPROJECT["build-system"]["requires"]}
    build_in = (LOCKS / "build.in").read_text(encoding="utf-8").splitlines()
    listed = {Requirement(line) for line in build_in if line.strip() and not line.startswith("#")}
    assert declared <= listed
    assert {r.name for r in listed - declared} == {"pip"}


def test_this_environment_is_the_lock() -> None:
    env = environment()
    differences = []
    for name, version in sorted(installed_pins("test", env).items()):
        try:
            have = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            differences.append(f"{name} {version} not installed")
            continue
        if have != version:
            differences.append(f"{name} {version} -> {have}")
    if os.environ.get("ENDOQUIZ_UNLOCKED"):
        # `make test-latest` installs the newest versions on purpose: say which.
        pytest.skip("unlocked, differs from the lock: " + (", ".join(differences) or "nothing"))
    assert not differences, f"not the locked versions ({sys.prefix}): run make test"
