"""Hostile inputs end to end (``api.check`` with synth off): a clean ``IacReviewError`` or a review, never a crash,
never a file read from outside what the user gave."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.api import check
from iacreview.config import Config
from iacreview.errors import IacReviewError
from iacreview.sources.detect import MAX_FILE_BYTES

STATIC = Config(synth=False)


def test_yaml_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("AWSTemplateFormatVersion: '2010-09-09'\n" + "\n".join(lines) + "\nResources: {}\n")
    with pytest.raises(IacReviewError, match=r"alias|nodes|refused"):
        check(path, STATIC)


def test_deep_json_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"Resources": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(IacReviewError, match="nesting deeper"):
        check(path, STATIC)


def test_oversized_answer_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"# x\n" + b"a" * MAX_FILE_BYTES)
    with pytest.raises(IacReviewError, match="MB limit"):
        check(path, STATIC)


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "answer.md"
    path.write_bytes(b"# Answer\n\nok\n\xff\xfe tail\n")
    with pytest.raises(IacReviewError, match=r"byte offset 13") as caught:
        check(path, STATIC)
    assert ":4:" in str(caught.value)


def test_markdown_path_that_escapes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answer.md"
    path.write_text("# Answer\n\n### File: ../../outside.py\n\n```python\nprint('x')\n```\n")
    review = check(path, STATIC)
    assert "SEC100" in {f.rule_id for f in review.findings}
    assert not (tmp_path.parent / "outside.py").exists()


def test_folder_symlinks_do_not_leave_the_folder(tmp_path: Path) -> None:
    secret_dir = tmp_path / "elsewhere"
    secret_dir.mkdir()
    (secret_dir / "secret.py").write_text("TOKEN = 'outside-the-folder-7c1'\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text("import aws_cdk as cdk\napp = cdk.App()\napp.synth()\n")
    (project / "leak.py").symlink_to(secret_dir / "secret.py")
    (project / "linked_dir").symlink_to(secret_dir, target_is_directory=True)
    (project / "alias.py").symlink_to(project / "app.py")
    from iacreview.sources import load

    workspace = load(project, STATIC)
    try:
        assert "leak.py" not in workspace.files
        assert not any(rel.startswith("linked_dir") for rel in workspace.files)
        assert "alias.py" in workspace.files
        copied = "".join(p.read_text() for p in workspace.root.rglob("*.py"))
        assert "outside-the-folder-7c1" not in copied
    finally:
        workspace.cleanup()


def test_cache_dir_behind_a_symlink_stays_writable_in_the_sandbox(tmp_path: Path, shared_cache_dir: Path) -> None:
    """The sandbox keeps writable dirs at their real paths too: a cache reached through a symlink still works."""
    from iacreview import api
    from iacreview.config import Config

    link = tmp_path / "link-cache"
    link.symlink_to(shared_cache_dir)
    answer = tmp_path / "answer.md"
    answer.write_text(
        "## app.py\n\n```python\nimport aws_cdk as cdk\nfrom aws_cdk import aws_sqs as sqs\n\n"
        "app = cdk.App()\nstack = cdk.Stack(app, 'S')\nsqs.Queue(stack, 'Q')\napp.synth()\n```\n"
    )
    review = api.check(answer, Config(cache_dir=str(link), packs=("iacreview",)))
    assert review.synth.ok, review.synth.error
