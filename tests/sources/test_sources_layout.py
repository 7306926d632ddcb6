"""Reasoning sections, relocation by imports, package files, entry detection and the line map."""

from __future__ import annotations

from collections.abc import Callable

from iacreview.sources.workspace import Workspace

LoadMd = Callable[[str], Workspace]

STACK = """from aws_cdk import Stack


class TapStack(Stack):
    pass
"""


def test_blocks_in_reasoning_before_the_answer_are_skipped(load_md: LoadMd) -> None:
    text = ("### Reasoning Trace\n\nLet me draft.\n\n### lib/draft.py\n\n~~~python\nx = 1\n~~~\n\n"
            f"### Answer\n\n### lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n")
    ws = load_md(text)
    assert list(ws.files) == ["lib/tap_stack.py"]
    assert any("reasoning" in a for a in ws.assumptions)


def test_thinking_tags_are_skipped(load_md: LoadMd) -> None:
    text = (f"<thinking>\n\n## lib/draft.py\n\n~~~python\nx = 1\n~~~\n\n</thinking>\n\n"
            f"## lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n")
    assert list(load_md(text).files) == ["lib/tap_stack.py"]


def test_reasoning_without_an_answer_heading_is_kept(load_md: LoadMd) -> None:
    text = f"# Reasoning\n\n## lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n"
    assert list(load_md(text).files) == ["lib/tap_stack.py"]


def test_bare_name_moved_to_where_imports_expect_it(load_md: LoadMd) -> None:
    entry = ("import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\n\n"
             "app = cdk.App()\nTapStack(app, 'x')\napp.synth()\n")
    network = "from aws_cdk import Stack\n\n\nclass NetworkStack(Stack):\n    pass\n"
    text = (f"## tap.py\n\n~~~python\n{entry}~~~\n\n### tap_stack.py\n\n~~~python\n"
            f"from stacks.network import NetworkStack\n{STACK}~~~\n\n### network.py\n\n~~~python\n{network}~~~\n")
    ws = load_md(text)
    assert set(ws.files) == {"tap.py", "lib/tap_stack.py", "stacks/network.py", "lib/__init__.py",
                             "stacks/__init__.py"}
    init = ws.files["lib/__init__.py"]
    assert init.generated and init.first_line is None and ws.read("lib/__init__.py") == ""
    assert ws.entry == "tap.py"
    assert any("moved" in a and "lib/tap_stack.py" in a for a in ws.assumptions)


def test_explicit_directory_is_not_moved(load_md: LoadMd) -> None:
    entry = "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\n\napp = cdk.App()\napp.synth()\n"
    text = f"## tap.py\n\n~~~python\n{entry}~~~\n\n## src/tap_stack.py\n\n~~~python\n{STACK}~~~\n"
    ws = load_md(text)
    assert "src/tap_stack.py" in ws.files and "lib/tap_stack.py" not in ws.files


def test_no_entry_when_nothing_synthesizes(load_md: LoadMd) -> None:
    assert load_md(f"## lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n").entry is None


def test_line_map_points_into_the_markdown(load_md: LoadMd) -> None:
    text = "# Title\n\nIntro line.\n\n## File: lib/tap_stack.py\n\n~~~python\n" + STACK + "~~~\n"
    ws = load_md(text)
    md_lines = text.splitlines()
    fence = md_lines.index("~~~python") + 1  # 1-based line of the opening fence
    assert ws.files["lib/tap_stack.py"].first_line == fence + 1
    loc = ws.locate("lib/tap_stack.py", 4)  # 'class TapStack(Stack):'
    assert loc.path == "answer.md"
    assert md_lines[loc.line - 1] == "class TapStack(Stack):"


def test_path_escape_refused_with_sec100(load_md: LoadMd) -> None:
    text = (f"## File: ../../outside.py\n\n~~~python\n{STACK}~~~\n\n"
            f"## File: /etc/cron.d/job.py\n\n~~~python\n{STACK}~~~\n\n## lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n")
    ws = load_md(text)
    assert list(ws.files) == ["lib/tap_stack.py"]
    findings = [f for f in ws.findings if f.rule_id == "SEC100"]
    assert [f.location.line for f in findings if f.location] == [3, 13]
    assert not any(p.name == "outside.py" for p in ws.root.parent.iterdir())


def test_root_anchored_project_path_is_read_from_the_project_root(load_md: LoadMd) -> None:
    ws = load_md(f"## /lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n")
    assert list(ws.files) == ["lib/tap_stack.py"]
    assert not ws.findings


def test_unclosed_final_fence_with_cut_code_is_syn001(load_md: LoadMd) -> None:
    text = f"## lib/tap_stack.py\n\n~~~python\n{STACK}\nx = foo(\n    1,\n"
    ws = load_md(text)
    [finding] = ws.findings
    assert finding.rule_id == "SYN001" and finding.severity.value == "critical"
    assert finding.location is not None and finding.location.line == len(text.splitlines())


def test_closed_block_cut_mid_statement_is_syn001(load_md: LoadMd) -> None:
    text = f"## lib/tap_stack.py\n\n~~~python\n{STACK}\nbucket = s3.Bucket(self, 'B',\n    versioned=True,\n~~~\n"
    ws = load_md(text)
    [finding] = ws.findings
    assert finding.rule_id == "SYN001"
    assert finding.location is not None and text.splitlines()[finding.location.line - 1] == "    versioned=True,"


def test_complete_code_with_missing_closing_fence_is_not_truncated(load_md: LoadMd) -> None:
    ws = load_md(f"## lib/tap_stack.py\n\n~~~python\n{STACK}\n")
    assert ws.findings == []
    assert "lib/tap_stack.py" in ws.files


def test_stray_fence_over_closing_prose_is_not_truncated(load_md: LoadMd) -> None:
    ws = load_md(f"## lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n~~~\nThat is all, enjoy.\n")
    assert ws.findings == []
