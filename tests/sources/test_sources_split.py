"""Broken Markdown that still holds code: fences left open, files pasted into one block, code with no fence, and
the fences CommonMark itself accepts (tildes, longer fences, no language). Each shape has a case where nothing may
be cut or found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from iacreview import sources
from iacreview.config import Config
from iacreview.sources.workspace import Workspace

LoadMd = Callable[[str], Workspace]
B3 = "`" * 3

NETWORK = '''from aws_cdk import Stack, aws_ec2 as ec2
from constructs import Construct


class NetworkStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.vpc = ec2.Vpc(self, "Vpc", max_azs=2)
'''

TAP = '''from aws_cdk import Stack
from constructs import Construct

from .network_stack import NetworkStack


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        NetworkStack(self, "Network")
'''


def _load_raw(tmp_path: Path, text: str) -> Workspace:
    """Load Markdown exactly as written (the ``load_md`` fixture rewrites ``~~~``, which these tests need)."""
    path = tmp_path / "answer.md"
    path.write_text(text, encoding="utf-8")
    return sources.load(path, Config(), display="answer.md")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_fence_left_open_does_not_swallow_the_next_files(tmp_path: Path) -> None:
    text = (f"# Answer\n\n## File: lib/network_stack.py\n\n{B3}python\n{NETWORK}\n"
            f"## File: lib/tap_stack.py\n\n{B3}python\n{TAP}{B3}\n")
    ws = _load_raw(tmp_path, text)
    try:
        assert ws.read("lib/network_stack.py").strip() == NETWORK.strip()
        assert ws.read("lib/tap_stack.py") == TAP
        # Lines still map to the answer: line 1 of each file is the line after its own fence.
        assert ws.locate("lib/tap_stack.py", 4).line == _line_of(text, "from .network_stack import")
        assert ws.locate("lib/network_stack.py", 5).line == _line_of(text, "class NetworkStack")
    finally:
        ws.cleanup()


def test_a_longer_outer_fence_keeps_its_nested_fence(tmp_path: Path) -> None:
    readme = f"# Readme\n\n{B3}python\nprint('hi')\n{B3}\n"
    text = f"Docs:\n\n````markdown\n{readme}````\n\n### lib/network_stack.py\n{B3}python\n{NETWORK}{B3}\n"
    ws = _load_raw(tmp_path, text)
    try:
        assert sorted(ws.files) == ["lib/network_stack.py"]
        assert not any("print('hi')" in ws.read(p) for p in ws.files)
    finally:
        ws.cleanup()


def test_several_files_pasted_into_one_block_are_split(tmp_path: Path) -> None:
    block = f'"""\nlib/network_stack.py\n"""\n{NETWORK}\n# lib/tap_stack.py\n{TAP}'
    text = f"Here is everything:\n\n{B3}python\n{block}{B3}\n"
    ws = _load_raw(tmp_path, text)
    try:
        assert {"lib/network_stack.py", "lib/tap_stack.py"} <= set(ws.files)
        assert "class TapStack" not in ws.read("lib/network_stack.py")
        assert ws.read("lib/tap_stack.py").startswith("# lib/tap_stack.py\n")
        assert ws.locate("lib/tap_stack.py", 1).line == _line_of(text, "# lib/tap_stack.py")
    finally:
        ws.cleanup()


def test_a_path_comment_inside_a_file_does_not_split_it(tmp_path: Path) -> None:
    code = NETWORK + "\n# lib/handlers.py\nHANDLERS = ['a']\n"
    ws = _load_raw(tmp_path, f"{B3}python\n# lib/network_stack.py\n{code}{B3}\n")
    try:
        assert sorted(ws.files) == ["lib/network_stack.py"]
        assert "HANDLERS" in ws.read("lib/network_stack.py")
    finally:
        ws.cleanup()


def test_markdown_swallowed_by_a_broken_block_is_cut_at_its_file_headings(tmp_path: Path) -> None:
    cdk_json = '{\n  "app": "python3 app.py",\n  "context": {"environmentSuffix": "qa"}\n}\n'
    text = (f"### lib/network_stack.py\n{B3}python\n{NETWORK}        )\n## 2. cdk.json\nThis configures the app.\n\n"
            f"{cdk_json}{B3}\n")
    ws = _load_raw(tmp_path, text)
    try:
        assert ws.context.get("environmentSuffix") == "qa"
        assert "cdk.json" not in ws.read("lib/network_stack.py")
    finally:
        ws.cleanup()


def test_a_bare_path_line_after_prose_cuts_a_broken_block(tmp_path: Path) -> None:
    text = (f"{B3}python\n{TAP.replace('.network_stack', 'lib.network_stack')}\n2. The Network Stack\n"
            f"lib/network_stack.py\n\n{NETWORK}{B3}\n")
    ws = _load_raw(tmp_path, text)
    try:
        network = ws.read("lib/network_stack.py")
        assert network.lstrip("\n").startswith("from aws_cdk import Stack, aws_ec2 as ec2")
        at = _line_of(network, "Stack, aws_ec2")
        assert ws.locate("lib/network_stack.py", at).line == _line_of(text, "Stack, aws_ec2")
        assert all("Network Stack" not in ws.read(name) for name in ws.files if ws.files[name].language == "python")
    finally:
        ws.cleanup()


def test_a_path_line_in_code_that_parses_is_left_alone(tmp_path: Path) -> None:
    code = "import os\n\nprint(1)\n\nlib/network_stack.py\n\nimport sys\n"
    ws = _load_raw(tmp_path, f"### app.py\n{B3}python\n{code}{B3}\n")
    try:
        assert ws.read("app.py") == code  # it is Python (a division): nothing to cut
    finally:
        ws.cleanup()


def test_unfenced_code_after_its_file_name_is_found(tmp_path: Path) -> None:
    text = (f"I'll build it. Here's the implementation:\n\nlib/network_stack.py\n{NETWORK}\n"
            f"Updated lib/tap_stack.py\n\"\"\"tap_stack.py\nThe main stack.\n\"\"\"\n{TAP}\nKey Features\n"
            "A VPC with two zones\nUsage\ncdk deploy\n")
    ws = _load_raw(tmp_path, text)
    try:
        assert {"lib/network_stack.py", "lib/tap_stack.py"} <= set(ws.files)
        assert "Key Features" not in ws.read("lib/tap_stack.py")
        assert ws.locate("lib/network_stack.py", 5).line == _line_of(text, "class NetworkStack")
    finally:
        ws.cleanup()


def test_a_stray_import_in_prose_of_a_fenced_answer_is_not_code(tmp_path: Path) -> None:
    text = (f"Import the module like this:\n\nfrom lib.network_stack import NetworkStack\nimport aws_cdk\n"
            f"x = 1\n\n### lib/network_stack.py\n{B3}python\n{NETWORK}{B3}\n")
    ws = _load_raw(tmp_path, text)
    try:
        assert sorted(ws.files) == ["lib/network_stack.py"]
    finally:
        ws.cleanup()


def test_tilde_long_and_unlabelled_fences_are_read(tmp_path: Path) -> None:
    text = (f"### lib/network_stack.py\n~~~~python\n{NETWORK}~~~~\n\n"
            f"### lib/tap_stack.py\n``````\n{TAP}``````\n")
    ws = _load_raw(tmp_path, text)
    try:
        assert ws.read("lib/network_stack.py") == NETWORK
        assert ws.read("lib/tap_stack.py") == TAP
    finally:
        ws.cleanup()


def test_an_answer_without_code_says_so(load_md: LoadMd) -> None:
    prose = load_md("I built the stack with a VPC and two subnets. Deploy it with cdk deploy.\n")
    shell = load_md("Run:\n\n~~~bash\ncdk deploy\n~~~\n")
    assert not prose.files and any("contains no code" in a for a in prose.assumptions)
    assert not shell.python_files() and any("no Python code" in a and "shell" in a for a in shell.assumptions)
