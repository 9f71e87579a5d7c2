"""environment.yml (conda) must list the same packages as pyproject.toml (pip)."""

import re
import tomllib

import yaml

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project.get("optional-dependencies", {}).values():
        names |= {_name(r) for r in extra}
    return names


def _environment() -> tuple[set[str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    return conda, pip


class TestEnvironmentInStep:
    def test_same_packages(self):
        conda, _ = _environment()
        conda -= {"python", "pip"}
        assert conda == _pyproject(), (
            f"only in environment.yml: {sorted(conda - _pyproject())}; only in pyproject.toml: {sorted(_pyproject() - conda)}"
        )

    def test_python_version_matches(self):
        env = yaml.safe_load((ROOT / "environment.yml").read_text())
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        assert "python=3.11" in env["dependencies"]
        assert project["requires-python"].startswith(">=3.11")

    def test_installs_the_project_itself(self):
        _, pip = _environment()
        assert pip and "-e ." in pip[0]["pip"]

    def test_constraints_pin_every_dependency(self):
        pinned = {}
        for line in (ROOT / "constraints.txt").read_text().splitlines():
            if "==" in line:
                name, version = line.split("==")
                pinned[_name(name)] = version
        missing = sorted(_pyproject() - set(pinned))
        assert not missing, f"constraints.txt does not pin: {missing}"
