"""Folder and single-file inputs, kind detection, and inputs that cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacreview import sources
from iacreview.config import Config
from iacreview.errors import InputError
from iacreview.sources.workspace import InputKind

ENTRY = ("import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\n\n"
         "app = cdk.App()\nTapStack(app, 'T')\napp.synth()\n")


def _project(root: Path) -> Path:
    (root / "lib").mkdir(parents=True)
    (root / "tap.py").write_text(ENTRY)
    (root / "lib" / "__init__.py").write_text("")
    (root / "lib" / "tap_stack.py").write_text("from aws_cdk import Stack\n\n\nclass TapStack(Stack):\n    pass\n")
    (root / "cdk.json").write_text('{"app": "pipenv run python3 tap.py", "context": {"environmentSuffix": "pr7"}}')
    for skipped in ("cdk.out", ".git", "node_modules", "__pycache__", ".venv"):
        (root / skipped).mkdir()
        (root / skipped / "junk.py").write_text("x = 1\n")
    return root


def test_folder_with_cdk_json(tmp_path: Path) -> None:
    project = _project(tmp_path / "proj")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    ws = sources.load(project, Config(), display="proj")
    try:
        assert ws.kind is InputKind.PROJECT
        assert sorted(ws.files) == ["cdk.json", "lib/__init__.py", "lib/tap_stack.py", "tap.py"]
        assert ws.entry == "tap.py"
        assert ws.context == {"environmentSuffix": "pr7"}
        assert ws.root.name.startswith("iacreview-") and ws.root != project
        assert ws.locate("lib/tap_stack.py", 4).path == os.path.join("proj", "lib", "tap_stack.py")
        assert ws.locate("lib/tap_stack.py", 4).line == 4
        assert not (ws.root / "cdk.out").exists()
    finally:
        ws.cleanup()
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_folder_symlink_outside_is_not_followed(tmp_path: Path) -> None:
    project = _project(tmp_path / "proj")
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'x'\n")
    (project / "leak.py").symlink_to(secret)
    ws = sources.load(project, Config())
    try:
        assert "leak.py" not in ws.files and not (ws.root / "leak.py").exists()
        assert any("leak.py" in a for a in ws.assumptions)
    finally:
        ws.cleanup()


def test_single_python_file(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(ENTRY.replace("TapStack(app, 'T')", "TapStack(app, 'T', env=cdk.Environment(region='ap-south-1'))"))
    ws = sources.load(path, Config(), display="app.py")
    try:
        assert ws.kind is InputKind.PYTHON and list(ws.files) == ["app.py"] and ws.entry == "app.py"
        assert ws.region == "ap-south-1"
    finally:
        ws.cleanup()


def test_template_input_is_copied(tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n")
    ws = sources.load(path, Config())
    try:
        assert ws.kind is InputKind.TEMPLATE and list(ws.files) == ["stack.yaml"] and ws.entry is None
    finally:
        ws.cleanup()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.md: no such file"):
        sources.load(tmp_path / "nope.md", Config(), display="nope.md")


def test_invalid_utf8_reports_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"# Title\nok\n\xff\xfe broken\n")
    with pytest.raises(InputError) as info:
        sources.load(path, Config(), display="bad.md")
    assert "byte offset 11" in str(info.value) and info.value.line == 3


def test_empty_and_unknown_and_oversized(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n")
    with pytest.raises(InputError, match="empty"):
        sources.load(tmp_path / "empty.md", Config())
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="not a recognised input"):
        sources.load(tmp_path / "notes.txt", Config())
    (tmp_path / "package.json").write_text('{"name": "x"}')
    with pytest.raises(InputError, match="not a CloudFormation template"):
        sources.load(tmp_path / "package.json", Config())
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(InputError, match="5 MB"):
        sources.load(big, Config())
    (tmp_path / "nothing").mkdir()
    with pytest.raises(InputError, match="no CDK app"):
        sources.load(tmp_path / "nothing", Config())


def test_bad_input_leaves_no_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    path = tmp_path / "proj"
    path.mkdir()
    (path / "app.py").write_bytes(b"x = '\xff'\n")
    with pytest.raises(InputError, match="invalid UTF-8"):
        sources.load(path, Config())
    assert list((tmp_path / "tmp").iterdir()) == []
