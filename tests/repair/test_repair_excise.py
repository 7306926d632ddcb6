"""The excision rung on small workspaces: what it takes out, what it refuses, and what it guards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from iacreview.model import Category, Finding, Location, Severity
from iacreview.repair.excise import (
    ExcisedRepair,
    comes_from,
    may_come_from,
    repair_excise_invalid_construct,
    repair_excise_statement,
    repair_excise_token_id,
)
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import NoOracle
from iacreview.repair.partial import withhold
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

STACK = '''from aws_cdk import Stack, Tags, aws_cloudwatch as cw, aws_s3 as s3, aws_sqs as sqs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        bucket = s3.Bucket(self, "Data")
        queue = sqs.Queue(self, "Jobs")
        alarm = cw.Alarm(
            self,
            "Depth",
            metric=queue.metric_depth(),
            threshold=10,
            evaluation_periods=1,
        )
        alarm.add_alarm_action(None)
        bucket.add_lifecycle_rule(expire_after=30)
        Tags.of(self).add("Owner", 7)
        self._watch(queue)
        for name in ["a", "b"]:
            print(name, alarm)

    def _watch(self, target) -> None:
        target.watch_forever()
'''

APP = '''from aws_cdk import App
from lib.tap_stack import TapStack

app = App()
TapStack(app, "Tap", color="red")
app.synth()
'''

FIRST_LINE = 30  # the answer line that holds line 1 of the stack file


@pytest.fixture()
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(subject="MODEL_RESPONSE.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/tap_stack.py", "MODEL_RESPONSE.md", first_line=FIRST_LINE), STACK)
    ws.add_file(SourceFile("app.py", "MODEL_RESPONSE.md", first_line=5), APP)
    return ws


def line_of(code: str) -> int:
    return next(n for n, text in enumerate(STACK.splitlines(), start=1) if code in text)


def excise(ws: Workspace, error: str, code: str, relpath: str = "lib/tap_stack.py") -> ExcisedRepair | None:
    line = line_of(code) if relpath == "lib/tap_stack.py" else next(
        n for n, text in enumerate(ws.read(relpath).splitlines(), start=1) if code in text)
    applied = repair_excise_statement(ws, Failure(error, relpath, line), NoOracle())
    assert applied is None or isinstance(applied, ExcisedRepair)
    return applied


def test_failing_construct_and_its_users_are_taken_out_lines_kept(workspace: Workspace) -> None:
    applied = excise(workspace, "AttributeError: 'Queue' object has no attribute 'metric_depth'", "queue.metric_depth")
    assert applied is not None and applied.kind == "excise"
    assert applied.line == line_of("alarm = cw.Alarm(")
    text = workspace.read("lib/tap_stack.py")
    assert text.count("\n") == STACK.count("\n")
    ast.parse(text)
    lines = text.splitlines()
    # the alarm, the action on it and the print in the loop are gone; the loop itself and the rest stay
    assert lines[line_of("alarm = cw.Alarm(") - 1].strip() == "pass"
    assert lines[line_of("alarm.add_alarm_action") - 1].strip() == "pass"
    assert lines[line_of("print(name, alarm)") - 1].strip() == "pass"
    assert lines[line_of("for name in") - 1].strip().startswith("for name in")
    assert "queue = sqs.Queue" in text and "bucket.add_lifecycle_rule" in text
    assert applied.excised_lines == (line_of("alarm = cw.Alarm("), line_of("alarm.add_alarm_action"),
                                     line_of("print(name, alarm)"))
    # users are named by the user's lines, not the workspace's
    assert str(FIRST_LINE - 1 + line_of("alarm.add_alarm_action")) in applied.what
    # the queue the alarm read is guarded: its findings cannot be trusted on a partial template
    assert ("lib/tap_stack.py", line_of("queue = sqs.Queue"), line_of("queue = sqs.Queue")) in applied.guarded
    assert applied.stack_touched is False


def test_a_dropped_configuration_call_guards_the_resource_it_configured(workspace: Workspace) -> None:
    applied = excise(workspace, "TypeError: Bucket.add_lifecycle_rule() got an unexpected keyword argument "
                     "'expire_after'", "bucket.add_lifecycle_rule")
    assert applied is not None
    assert [g[1] for g in applied.guarded] == [line_of("bucket = s3.Bucket")]


def test_code_handing_the_stack_on_touches_the_stack(workspace: Workspace) -> None:
    applied = excise(workspace, "RuntimeError: Invalid tag input", "Tags.of(self)")
    assert applied is not None and applied.stack_touched is True


def test_a_parameter_is_followed_to_what_callers_pass(workspace: Workspace) -> None:
    applied = excise(workspace, "AttributeError: 'Queue' object has no attribute 'watch_forever'",
                     "target.watch_forever")
    assert applied is not None
    assert [g[1] for g in applied.guarded] == [line_of("queue = sqs.Queue")]


@pytest.mark.parametrize(
    ("error", "code", "relpath"),
    [
        ("SyntaxError: invalid syntax", "bucket.add_lifecycle_rule", "lib/tap_stack.py"),
        ("ImportError: cannot import name 'X'", "bucket.add_lifecycle_rule", "lib/tap_stack.py"),
        ("RuntimeError: bad scope", "super().__init__", "lib/tap_stack.py"),
        ("TypeError: TapStack.__init__() got an unexpected keyword argument 'color'", "TapStack(app", "app.py"),
    ],
)
def test_refused(workspace: Workspace, error: str, code: str, relpath: str) -> None:
    before = {rel: workspace.read(rel) for rel in ("lib/tap_stack.py", "app.py")}
    assert excise(workspace, error, code, relpath) is None
    assert {rel: workspace.read(rel) for rel in before} == before


def test_generated_files_are_never_excised(tmp_path: Path) -> None:
    ws = Workspace(subject="x.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/tap_stack.py", "x.md", first_line=None, generated=True), STACK)
    failure = Failure("RuntimeError: Invalid tag input", "lib/tap_stack.py", line_of("Tags.of(self)"))
    assert repair_excise_statement(ws, failure, NoOracle()) is None


def finding(rule: str, line: int) -> Finding:
    return Finding(rule_id=rule, title=rule, severity=Severity.MEDIUM, category=Category.SECURITY, message=rule,
                   location=Location("MODEL_RESPONSE.md", line))


def test_findings_on_guarded_resources_and_the_stack_are_withheld(workspace: Workspace) -> None:
    applied = excise(workspace, "TypeError: unexpected keyword argument 'expire_after'", "bucket.add_lifecycle_rule")
    assert applied is not None
    bucket_line = FIRST_LINE - 1 + line_of("bucket = s3.Bucket")
    queue_line = FIRST_LINE - 1 + line_of("queue = sqs.Queue")
    stack_line = FIRST_LINE - 1 + line_of("class TapStack")
    findings = [finding("BP001", bucket_line), finding("SEC002", queue_line), finding("BP010", stack_line)]
    stack = Location("MODEL_RESPONSE.md", stack_line)
    kept, withheld = withhold(findings, [applied], workspace, stack)
    assert [f.rule_id for f in withheld] == ["BP001"]
    assert [f.rule_id for f in kept] == ["SEC002", "BP010"]
    touched = ExcisedRepair(**{**applied.__dict__, "stack_touched": True})
    kept, withheld = withhold(findings, [touched], workspace, stack)
    assert [f.rule_id for f in withheld] == ["BP001", "BP010"]


VALIDATION = ("RuntimeError: ValidationFailedWithErrors: Validation failed with the following errors: "
              "[Tap/Jobs] Queue is not valid")


def test_a_construct_named_by_a_validation_error_is_taken_out(workspace: Workspace) -> None:
    failure = Failure(VALIDATION, "app.py", 6)  # raised by app.synth(): module level, so the plain rung refuses
    assert repair_excise_statement(workspace, failure, NoOracle()) is None
    applied = repair_excise_invalid_construct(workspace, failure, NoOracle())
    assert applied is not None and applied.line == line_of("queue = sqs.Queue")
    assert workspace.read("lib/tap_stack.py").splitlines()[line_of("queue = sqs.Queue") - 1].strip() == "pass"


def test_a_construct_id_used_twice_is_not_guessed(workspace: Workspace) -> None:
    workspace.add_file(SourceFile("lib/other.py", "MODEL_RESPONSE.md", first_line=90),
                       'from aws_cdk import aws_sqs as sqs\n\n\ndef make(scope):\n    sqs.Queue(scope, "Jobs")\n')
    before = workspace.read("lib/tap_stack.py")
    assert repair_excise_invalid_construct(workspace, Failure(VALIDATION, "app.py", 6), NoOracle()) is None
    assert workspace.read("lib/tap_stack.py") == before


def test_later_errors_are_tied_to_an_excision_only_when_they_could_come_from_it(workspace: Workspace) -> None:
    applied = excise(workspace, "AttributeError: 'Queue' object has no attribute 'metric_depth'", "queue.metric_depth")
    assert applied is not None and "alarm" in applied.bound
    assert may_come_from("AttributeError: 'TapStack' object has no attribute 'alarm'", [applied])
    assert may_come_from("RuntimeError: ValidationFailedWithErrors: [Tap/Api] no methods", [applied])
    assert not may_come_from("NameError: name 'Duration' is not defined", [applied])
    # Only a missing name the excision took out is certainly its doing (and not reported at all).
    assert comes_from("AttributeError: 'TapStack' object has no attribute 'alarm'", [applied])
    assert comes_from("NameError: name 'alarm' is not defined", [applied])
    assert not comes_from("RuntimeError: ValidationFailedWithErrors: [Tap/Api] no methods", [applied])
    assert not comes_from("TypeError: bad value for 'alarm'", [applied])
    assert not comes_from("NameError: name 'Duration' is not defined", [applied])


TOKEN_STACK = """from aws_cdk import Stack, aws_cloudwatch as cw, aws_lambda as _lambda


class TapStack(Stack):
    def __init__(self, scope, construct_id, functions) -> None:
        super().__init__(scope, construct_id)
        for fn in functions:
            alarm = cw.Alarm(self, f"FnErrors-{fn.function_name}", metric=fn.metric_errors(), threshold=1,
                             evaluation_periods=1)
            alarm.add_alarm_action(None)
        cw.Alarm(self, f"Other-{construct_id}", metric=None, threshold=1, evaluation_periods=1)
"""


def test_a_construct_id_made_of_a_token_is_taken_out(tmp_path: Path) -> None:
    ws = Workspace(subject="MODEL_RESPONSE.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/tap_stack.py", "MODEL_RESPONSE.md", first_line=3), TOKEN_STACK)
    error = ("RuntimeError: ComponentsContainUnresolvedTokens: Resolution error: ID components may not include "
             "unresolved tokens: FnErrors-${Token[TOKEN.683]}.")
    applied = repair_excise_token_id(ws, Failure(error, "app.py", 5), NoOracle())
    assert applied is not None and applied.kind == "excise"
    lines = ws.read("lib/tap_stack.py").splitlines()
    assert lines[7].strip() == "pass" and lines[9].strip() == "pass"  # the alarm and what used it
    assert "Other-" in lines[10]
    unknown = error.replace("FnErrors-", "Missing-")
    assert repair_excise_token_id(ws, Failure(unknown, "app.py", 5), NoOracle()) is None


SERVICE_STACK = '''from aws_cdk import Stack, aws_cloudwatch as cw, aws_ecs as ecs
from constructs import Construct


class EcsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.cluster = ecs.Cluster(self, "Cluster")
        self.service = ecs.FargateService(self, "Svc", deployment=ecs.DeploymentConfiguration())
        self._alarms()
        self._outputs()

    def _alarms(self) -> None:
        metric = self.service.metric_cpu_utilization()
        cw.Alarm(self, "Cpu", metric=metric, threshold=80, evaluation_periods=1)
        cw.Alarm(self, "Nodes", metric=self.cluster.metric_cpu_utilization(), threshold=1, evaluation_periods=1)

    def _outputs(self) -> None:
        if self.service:
            print(self.service.service_name)
        print(self.cluster.cluster_name)
'''
_NO_DEPLOYMENT = "AttributeError: module 'aws_cdk.aws_ecs' has no attribute 'DeploymentConfiguration'"


def _service_workspace(tmp_path: Path, text: str) -> Workspace:
    ws = Workspace(subject="MODEL_RESPONSE.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/ecs_stack.py", "MODEL_RESPONSE.md", first_line=1), text)
    return ws


def _line(text: str, code: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if code in line)


def test_reads_of_an_attribute_only_the_excised_code_set_go_in_the_same_step(tmp_path: Path) -> None:
    ws = _service_workspace(tmp_path, SERVICE_STACK)
    failing = _line(SERVICE_STACK, "self.service = ")
    applied = repair_excise_statement(ws, Failure(_NO_DEPLOYMENT, "lib/ecs_stack.py", failing), NoOracle())
    assert isinstance(applied, ExcisedRepair)
    taken = [failing, _line(SERVICE_STACK, "metric = self.service"), _line(SERVICE_STACK, '"Cpu"'),
             _line(SERVICE_STACK, "if self.service:")]
    assert applied.excised_lines == tuple(taken)
    assert "3 statement(s) of other methods reading it" in applied.what
    lines = ws.read("lib/ecs_stack.py").splitlines()
    assert [lines[n - 1].strip() for n in taken] == ["pass"] * 4
    assert lines[_line(SERVICE_STACK, "print(self.service") - 1].strip() == ""  # inside the `if` taken out
    assert "self.cluster.metric_cpu_utilization()" in lines[_line(SERVICE_STACK, '"Nodes"') - 1]
    assert "print(self.cluster.cluster_name)" in lines[_line(SERVICE_STACK, "self.cluster.cluster_name") - 1]
    assert {"self.service", "metric"} <= set(applied.bound)
    assert comes_from("AttributeError: 'EcsStack' object has no attribute 'service'", [applied])


@pytest.mark.parametrize("change", [
    ("        if self.service:\n            print(self.service.service_name)\n",
     "        return self.service.service_name\n"),  # a reader that cannot be taken out
    ("class EcsStack(Stack):", "class EcsStack(BaseStack):"),  # a base class of the answer's may set it too
    ("        self._outputs()\n", "        self._outputs()\n        self.service = None\n"),  # set elsewhere too
])
def test_reads_elsewhere_are_left_to_the_synth_when_they_cannot_be_followed(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    text = SERVICE_STACK.replace(*change)
    assert text != SERVICE_STACK
    ws = _service_workspace(tmp_path, text)
    failing = _line(text, "self.service = ecs")
    applied = repair_excise_statement(ws, Failure(_NO_DEPLOYMENT, "lib/ecs_stack.py", failing), NoOracle())
    assert isinstance(applied, ExcisedRepair) and applied.excised_lines == (failing,)
    assert "other methods" not in applied.what
