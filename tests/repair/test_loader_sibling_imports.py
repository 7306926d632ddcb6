"""Names another file of the answer defines: a ``NameError`` gets the import from that file, and an import from
the wrong answer module is pointed at the file that defines the name. Both refuse when no file or several define
it, when the import would be circular, or when aws_cdk owns the name."""

from __future__ import annotations

import ast
from pathlib import Path

from iacreview.repair.failure import Failure
from iacreview.repair.imports import repair_import_from_sibling, repair_name_from_sibling
from iacreview.repair.kinds import NoOracle
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

CONFIG = 'COMMON_TAGS = {"team": "data"}\n\n\ndef bucket_name(stage):\n    return f"logs-{stage}"\n'
STACK = '''from aws_cdk import Stack, Tags
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        for key, value in COMMON_TAGS.items():
            Tags.of(self).add(key, value)
'''
WRONG_IMPORT = "from lib.tap_stack import TapStack, COMMON_TAGS\n\nprint(TapStack, COMMON_TAGS)\n"


class CdkOracle(NoOracle):
    def import_for(self, name: str) -> str | None:
        return {"Duration": "from aws_cdk import Duration"}.get(name)


def _workspace(root: Path, files: dict[str, str]) -> Workspace:
    ws = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=root)
    for number, (relpath, text) in enumerate(files.items()):
        ws.add_file(SourceFile(relpath, "answer.md", 5 + 50 * number), text)
    return ws


def _undefined(name: str) -> Failure:
    return Failure(f"NameError: name '{name}' is not defined", "lib/tap_stack.py", 8)


def test_name_defined_in_another_answer_file_is_imported_from_it(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": STACK, "lib/config.py": CONFIG})
    applied = repair_name_from_sibling(ws, _undefined("COMMON_TAGS"), CdkOracle())
    assert applied is not None and applied.kind == "import"
    edited = ws.read("lib/tap_stack.py")
    assert edited.splitlines()[0].endswith("; from lib.config import COMMON_TAGS")
    assert len(edited.splitlines()) == len(STACK.splitlines())
    ast.parse(edited)


def test_name_refused_when_two_files_define_it(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": STACK, "lib/config.py": CONFIG, "lib/tags.py": CONFIG})
    assert repair_name_from_sibling(ws, _undefined("COMMON_TAGS"), CdkOracle()) is None
    assert ws.read("lib/tap_stack.py") == STACK


def test_name_refused_when_the_import_would_be_circular(tmp_path: Path) -> None:
    config = "from lib.tap_stack import TapStack\n" + CONFIG
    ws = _workspace(tmp_path, {"lib/tap_stack.py": STACK, "lib/config.py": config})
    assert repair_name_from_sibling(ws, _undefined("COMMON_TAGS"), CdkOracle()) is None


def test_name_refused_when_aws_cdk_defines_it(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": STACK, "lib/config.py": "Duration = 5\n"})
    assert repair_name_from_sibling(ws, _undefined("Duration"), CdkOracle()) is None


def test_import_from_the_wrong_answer_module_is_redirected(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"tap.py": WRONG_IMPORT, "lib/tap_stack.py": STACK, "lib/config.py": CONFIG})
    error = "ImportError: cannot import name 'COMMON_TAGS' from 'lib.tap_stack' (/tmp/x/lib/tap_stack.py)"
    applied = repair_import_from_sibling(ws, Failure(error, "tap.py", 1), NoOracle())
    assert applied is not None
    first = ws.read("tap.py").splitlines()[0]
    assert first == "from lib.tap_stack import TapStack; from lib.config import COMMON_TAGS"


def test_import_refused_when_no_answer_file_defines_the_name(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"tap.py": WRONG_IMPORT, "lib/tap_stack.py": STACK})
    error = "ImportError: cannot import name 'COMMON_TAGS' from 'lib.tap_stack' (/tmp/x/lib/tap_stack.py)"
    assert repair_import_from_sibling(ws, Failure(error, "tap.py", 1), NoOracle()) is None
    assert ws.read("tap.py") == WRONG_IMPORT
