"""The README's set-up commands are the ones CI runs, and the system-package script is sound."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install-test-deps.sh"


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("Install and run the tests:\n\n", 1)[1]
    return block.splitlines()[0].strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = readme_test_command()
    assert command.startswith("scripts/install-test-deps.sh && ")
    assert command.endswith(".venv/bin/python -m pytest")
    ci_lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_install_script_is_executable_valid_bash() -> None:
    assert os.access(SCRIPT, os.X_OK)
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)


def test_install_script_does_nothing_when_all_is_present(tmp_path: Path) -> None:
    """The test run itself needs every package, so here the script must only check and exit 0,
    without calling apt-get (a PATH with a failing apt-get would make it fail)."""
    env = dict(os.environ)
    fake_apt = tmp_path / "apt-get"
    fake_apt.write_text("#!/bin/sh\necho 'apt-get must not run' >&2\nexit 9\n")
    fake_apt.chmod(0o755)
    env["PATH"] = f"{tmp_path}{os.pathsep}{env['PATH']}"
    proc = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
