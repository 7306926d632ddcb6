"""Placeholder repairs: a missing bundled entry file, a file given as a code asset, a missing lock file, Docker
bundling, and a placeholder token (``YOUR_ACCOUNT_ID``) in a value. Each applies on a small workspace and refuses
when more than one fix is plausible; one small answer climbs them all on a real synth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacreview import api
from iacreview.config import Config
from iacreview.model import Review
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import (
    NoOracle,
    repair_file_as_asset,
    repair_lock_file,
    repair_missing_entry,
    repair_skip_bundling,
)
from iacreview.repair.values import repair_placeholder_value
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

ORACLE = NoOracle()

FUNCTION = '''from aws_cdk import Stack, aws_lambda as lambda_, aws_lambda_nodejs as nodejs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        nodejs.NodejsFunction(self, "Api", entry="lambda/api.ts", handler="main")
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_12, handler="worker.run",
                         code=lambda_.Code.from_asset("lambda/worker.py"))
'''
HANDLER = "def run(event, context):\n    return {}\n"


def _workspace(root: Path, files: dict[str, str], context: dict[str, object] | None = None) -> Workspace:
    ws = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=root, context=dict(context or {}))
    for number, (relpath, text) in enumerate(files.items()):
        ws.add_file(SourceFile(relpath, "answer.md", 10 + 100 * number), text)
    return ws


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- a missing entry file ---------------------------------------------------------------------------------------


def test_missing_entry_gets_a_file_exporting_the_named_handler(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": FUNCTION})
    failure = Failure("RuntimeError: Cannot find entry file at lambda/api.ts", "lib/tap_stack.py",
                      _line(FUNCTION, "NodejsFunction"))
    applied = repair_missing_entry(ws, failure, ORACLE)
    assert applied is not None and applied.kind == "asset-placeholder"
    assert "export const main" in (tmp_path / "lambda/api.ts").read_text()
    assert repair_missing_entry(ws, failure, ORACLE) is None  # now it exists: nothing more to do


@pytest.mark.parametrize("path", ["../outside/api.ts", "lambda/api.go", "lambda/"])
def test_missing_entry_refuses_paths_it_cannot_fill(tmp_path: Path, path: str) -> None:
    ws = _workspace(tmp_path / "ws", {"lib/tap_stack.py": FUNCTION})
    failure = Failure(f"RuntimeError: Cannot find entry file at {path}", "lib/tap_stack.py", 8)
    assert repair_missing_entry(ws, failure, ORACLE) is None
    assert not (tmp_path / "outside").exists()


# --- a file given as a code asset -------------------------------------------------------------------------------


def test_file_asset_is_put_in_a_folder_of_its_name_and_keeps_its_lines(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": FUNCTION, "lambda/worker.py": HANDLER})
    before = ws.locate("lambda/worker.py", 2)
    failure = Failure("RuntimeError: Asset must be a .zip file or a directory (lambda/worker.py)",
                      "lib/tap_stack.py", _line(FUNCTION, "lambda_.Function("))
    applied = repair_file_as_asset(ws, failure, ORACLE)
    assert applied is not None
    assert (tmp_path / "lambda/worker.py/worker.py").read_text() == HANDLER
    assert ws.locate("lambda/worker.py/worker.py", 2) == before


def test_file_asset_refused_when_the_handler_names_another_module(tmp_path: Path) -> None:
    stack = FUNCTION.replace('handler="worker.run"', 'handler="index.run"')
    ws = _workspace(tmp_path, {"lib/tap_stack.py": stack, "lambda/worker.py": HANDLER})
    failure = Failure("RuntimeError: Asset must be a .zip file or a directory (lambda/worker.py)",
                      "lib/tap_stack.py", _line(stack, "lambda_.Function("))
    assert repair_file_as_asset(ws, failure, ORACLE) is None
    assert (tmp_path / "lambda/worker.py").is_file()


def test_file_asset_refused_when_another_file_imports_it(tmp_path: Path) -> None:
    stack = FUNCTION.replace('from_asset("lambda/worker.py")', 'from_asset("lib/jobs/worker.py")')
    user = "from lib.jobs.worker import run\n"
    ws = _workspace(tmp_path, {"lib/tap_stack.py": stack, "lib/jobs/worker.py": HANDLER, "tests/t.py": user})
    failure = Failure("RuntimeError: Asset must be a .zip file or a directory (lib/jobs/worker.py)",
                      "lib/tap_stack.py", _line(stack, "lambda_.Function("))
    assert repair_file_as_asset(ws, failure, ORACLE) is None
    assert (tmp_path / "lib/jobs/worker.py").is_file()


# --- lock file and bundling -------------------------------------------------------------------------------------


def test_lock_file_placeholder_only_when_the_answer_has_no_package_files(tmp_path: Path) -> None:
    error = "RuntimeError: Cannot find a package lock file (`yarn.lock` or `package-lock.json`)."
    bare = _workspace(tmp_path / "a", {"lib/tap_stack.py": FUNCTION})
    assert repair_lock_file(bare, Failure(error, "lib/tap_stack.py", 8), ORACLE) is not None
    assert (tmp_path / "a/package-lock.json").is_file()
    own = _workspace(tmp_path / "b", {"lib/tap_stack.py": FUNCTION, "package.json": "{}"})
    assert repair_lock_file(own, Failure(error, "lib/tap_stack.py", 8), ORACLE) is None


def test_package_json_placeholder_lists_the_modules_the_code_installs(tmp_path: Path) -> None:
    stack = FUNCTION.replace('handler="main")', 'handler="main", bundling=nodejs.BundlingOptions(node_modules=["pg"]))')
    error = "RuntimeError: Cannot find a `package.json` in this project. Using `nodeModules` requires a `package.json`."
    ws = _workspace(tmp_path / "a", {"lib/tap_stack.py": stack})
    assert repair_lock_file(ws, Failure(error, "lib/tap_stack.py", 8), ORACLE) is not None
    assert json.loads((tmp_path / "a/package.json").read_text())["dependencies"] == {"pg": "*"}
    given = _workspace(tmp_path / "b", {"lib/tap_stack.py": stack, "package.json": '{"name": "x"}'})
    assert repair_lock_file(given, Failure(error, "lib/tap_stack.py", 8), ORACLE) is None


def test_docker_bundling_is_skipped_with_a_named_image(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": FUNCTION})
    line = _line(FUNCTION, "NodejsFunction")
    applied = repair_skip_bundling(ws, Failure("RuntimeError: docker exited with status 1", "lib/tap_stack.py", line),
                                   ORACLE)
    assert applied is not None
    edited = ws.read("lib/tap_stack.py")
    assert "bundling=" in edited.splitlines()[line - 1] and "DockerImage.from_registry" in edited
    assert len(edited.splitlines()) == len(FUNCTION.splitlines())
    assert ws.context["aws:cdk:bundling-stacks"] == []


def test_docker_bundling_image_joins_given_options_after_a_trailing_comma(tmp_path: Path) -> None:
    stack = FUNCTION.replace('handler="main")', 'handler="main",\n            bundling=nodejs.BundlingOptions(\n'
                             '                minify=True,\n            ),\n        )')
    ws = _workspace(tmp_path, {"lib/tap_stack.py": stack})
    failure = Failure("RuntimeError: docker exited with status 1", "lib/tap_stack.py", _line(stack, "NodejsFunction"))
    assert repair_skip_bundling(ws, failure, ORACLE) is not None
    edited = ws.read("lib/tap_stack.py")
    assert "minify=True,\n            docker_image=" in edited and len(edited.splitlines()) == len(stack.splitlines())


def test_docker_bundling_refused_when_bundling_options_are_a_variable(tmp_path: Path) -> None:
    stack = FUNCTION.replace('handler="main")', 'handler="main", bundling=options)')
    ws = _workspace(tmp_path, {"lib/tap_stack.py": stack})
    failure = Failure("RuntimeError: docker exited with status 1", "lib/tap_stack.py", _line(stack, "NodejsFunction"))
    assert repair_skip_bundling(ws, failure, ORACLE) is None
    assert ws.read("lib/tap_stack.py") == stack and "aws:cdk:bundling-stacks" not in ws.context


# --- placeholder tokens in values -------------------------------------------------------------------------------

BUCKETS = '''from aws_cdk import Stack, aws_s3 as s3
from constructs import Construct

ACCOUNT = "YOUR_ACCOUNT_ID"


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "Logs", bucket_name=f"logs-{ACCOUNT}")
        s3.Bucket(self, "Site", bucket_name="site-YOUR_BUCKET_NAME")
'''


def test_account_token_in_context_becomes_a_dummy_account(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": "x = 1\n"}, {"account": "YOUR_ACCOUNT_ID", "stage": "dev"})
    error = "RuntimeError: Invalid S3 bucket name (value: data-dev-YOUR_ACCOUNT_ID)"
    applied = repair_placeholder_value(ws, Failure(error, "lib/tap_stack.py", 1), ORACLE)
    assert applied is not None and applied.kind == "placeholder-value"
    assert ws.context == {"account": "123456789012", "stage": "dev"}


def test_tokens_in_literals_get_dummies_of_their_kind(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": BUCKETS})
    account = "RuntimeError: Invalid S3 bucket name (value: logs-YOUR_ACCOUNT_ID)"
    assert repair_placeholder_value(ws, Failure(account, "lib/tap_stack.py", 10), ORACLE) is not None
    name = "RuntimeError: Invalid S3 bucket name (value: site-YOUR_BUCKET_NAME)"
    applied = repair_placeholder_value(ws, Failure(name, "lib/tap_stack.py", 11), ORACLE)
    assert applied is not None and applied.line == _line(BUCKETS, "site-")
    edited = ws.read("lib/tap_stack.py")
    assert 'ACCOUNT = "123456789012"' in edited and 'bucket_name="site-your-bucket-name"' in edited
    assert len(edited.splitlines()) == len(BUCKETS.splitlines())


@pytest.mark.parametrize(
    "error",
    [
        "RuntimeError: Invalid S3 bucket name (value: YOUR_BUCKET_NAME-YOUR_ACCOUNT_ID)",  # two tokens
        "RuntimeError: Invalid S3 bucket name (value: logs-111122223333)",  # no token
        "RuntimeError: Invalid topic name (value: alerts-YOUR_TEAM)",  # a name token outside a bucket name
        "RuntimeError: Invalid S3 bucket name (value: logs-YOUR_REGION_CODE)",  # the token is written nowhere
    ],
)
def test_placeholder_value_refuses_what_has_no_single_fix(tmp_path: Path, error: str) -> None:
    ws = _workspace(tmp_path, {"lib/tap_stack.py": BUCKETS})
    assert repair_placeholder_value(ws, Failure(error, "lib/tap_stack.py", 10), ORACLE) is None
    assert ws.read("lib/tap_stack.py") == BUCKETS


# --- the whole chain on a real synth ----------------------------------------------------------------------------

STACK = '''from aws_cdk import Stack, aws_lambda as lambda_, aws_lambda_nodejs as nodejs, aws_s3 as s3
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "Logs", bucket_name="app-logs-YOUR_ACCOUNT_ID")
        nodejs.NodejsFunction(self, "Api", entry="lambda/api.ts", runtime=lambda_.Runtime.NODEJS_20_X)
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_12, handler="worker.run",
                         code=lambda_.Code.from_asset("lambda/worker.py"))
'''
ANSWER = (f"## lib/tap_stack.py\n\n```python\n{STACK}```\n\n## lambda/worker.py\n\n```python\n{HANDLER}```\n")


@pytest.fixture(scope="session")
def chain(tmp_path_factory: pytest.TempPathFactory, shared_cache_dir: Path) -> tuple[Review, Path, str]:
    path = tmp_path_factory.mktemp("placeholders") / "MODEL_RESPONSE.md"
    path.write_text(ANSWER, encoding="utf-8")
    return api.check(path, Config(cache_dir=str(shared_cache_dir))), path, ANSWER


def test_placeholders_take_the_answer_to_a_template(chain: tuple[Review, Path, str]) -> None:
    review, path, original = chain
    synth = review.synth
    assert synth.templates >= 1, synth.ladder_stopped
    assert [r.kind for r in synth.repairs] == ["placeholder-value"] + ["asset-placeholder"] * 4
    assert "excise" not in [r.kind for r in synth.repairs]
    assert path.read_text(encoding="utf-8") == original
    assert not (path.parent / "lambda").exists()
