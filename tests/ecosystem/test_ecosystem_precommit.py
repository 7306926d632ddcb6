"""``pre-commit try-repo`` runs the ``iacreview-check`` hook on a small git repository, offline.

The hook repository is a fresh git repo holding the project's ``.pre-commit-hooks.yaml`` (try-repo only sees
committed and tracked files; a copy keeps the test independent of the project's own git state). The hooks use
``language: unsupported``, so pre-commit installs nothing and runs the ``iacreview`` on PATH (this venv's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:{comment}
    Type: AWS::S3::Bucket
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


def _run_hook(tmp_path: Path, comment: str) -> subprocess.CompletedProcess[str]:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks)
    _git(hooks, "init", "-q", ".")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-qm", "hooks")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", ".")
    (repo / ".iacreview.toml").write_text('fail_on = "medium"\n', encoding="utf-8")
    (repo / "bucket-template.yaml").write_text(TEMPLATE.format(comment=comment), encoding="utf-8")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(hooks), "iacreview-check", "--files", "bucket-template.yaml"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def test_hook_fails_on_findings(tmp_path: Path) -> None:
    done = _run_hook(tmp_path, "")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and "SEC001" in done.stdout and "bucket-template.yaml:3" in done.stdout


def test_hook_passes_when_findings_are_suppressed(tmp_path: Path) -> None:
    done = _run_hook(tmp_path, "  # iacreview: ignore[SEC*,DEP*] scratch bucket for the demo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
