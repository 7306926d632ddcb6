"""The static layer reports what synth will raise, where it raises it, and stays critical only for code that runs.

Each test lays out a small workspace of real files (as ``sources.load`` would) and runs one rule over it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from iacreview.config import Config
from iacreview.model import Severity
from iacreview.python.index import CdkIndex, load_index
from iacreview.python.parse import parse_workspace
from iacreview.python.reach import dead_functions, synth_modules
from iacreview.rules.base import SourceContext, SourceHit
from iacreview.rules.deployment import entry_stack_interface as dep024
from iacreview.rules.deployment import read_only_property as dep010
from iacreview.rules.syntax import python_syntax_error as syn030
from iacreview.rules.syntax import undefined_name as syn031
from iacreview.rules.syntax import unknown_attribute as syn010
from iacreview.rules.syntax import unknown_keyword as syn011
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

STACK_HEADER = """\
from aws_cdk import Stack, aws_s3 as s3, aws_cloudwatch as cw, aws_lambda as _lambda, aws_autoscaling as asg
from aws_cdk import aws_ec2 as ec2
from constructs import Construct
"""


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> CdkIndex:
    loaded = load_index(Config(cache_dir=str(tmp_path_factory.getbasetemp() / "cdk-index")))
    assert loaded is not None
    return loaded


Build = Callable[..., SourceContext]


@pytest.fixture
def build(index: CdkIndex, tmp_path: Path) -> Build:
    def builder(files: dict[str, str], entry: str | None = None) -> SourceContext:
        workspace = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=tmp_path, entry=entry)
        for relpath, code in files.items():
            workspace.add_file(SourceFile(relpath, "answer.md"), textwrap.dedent(code))
        return SourceContext(workspace, parse_workspace(workspace), Config(), index)

    return builder


def hits(rule: ModuleType, ctx: SourceContext) -> list[SourceHit]:
    return list(rule.check(ctx))


def severity(hit: SourceHit) -> Severity:
    return hit.severity or Severity.CRITICAL


def stack(body: str, extra: str = "") -> str:
    """A stack module whose TapStack.__init__ runs ``body``; ``extra`` is more of the class body."""
    init = textwrap.indent(textwrap.dedent(body), " " * 8)
    return (STACK_HEADER + "class TapStack(Stack):\n"
            "    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n"
            "        super().__init__(scope, construct_id, **kwargs)\n" + init + extra)


# own helper methods ------------------------------------------------------------------------------------------


def test_missing_private_helper_on_self_is_the_attribute_error(build: Build) -> None:
    ctx = build({"lib/tap_stack.py": stack("self._create_vpc()\nself._make_bucket()\nprint(self._values)\n",
                                           "    def _make_bucket(self):\n        return None\n")})
    [hit] = hits(syn010, ctx)
    assert hit.message == "'TapStack' object has no attribute '_create_vpc'"
    assert hit.line == 7 and severity(hit) is Severity.CRITICAL


def test_private_helper_from_a_user_base_or_stored_is_quiet(build: Build) -> None:
    code = STACK_HEADER + textwrap.dedent("""\
        class Base(Stack):
            def _shared(self):
                return None
        class TapStack(Base):
            def __init__(self, scope, cid):
                super().__init__(scope, cid)
                self._later = 1
                self._shared()
                print(self._later, self.__private_thing)
        """)
    assert hits(syn010, build({"lib/tap_stack.py": code})) == []


def test_attribute_read_under_hasattr_is_guarded(build: Build) -> None:
    guarded = stack("dest = s3.Bucket(self, 'B')\nif hasattr(dest, 'nodes') and dest:\n    dest.nodes.x()\n")
    assert hits(syn010, build({"lib/tap_stack.py": guarded})) == []
    unguarded = stack("dest = s3.Bucket(self, 'B')\nif dest:\n    dest.nodes.x()\n")
    [hit] = hits(syn010, build({"lib/tap_stack.py": unguarded}))
    assert hit.message.startswith("'Bucket' object has no attribute 'nodes'")


# modules of other distributions ------------------------------------------------------------------------------


def test_alpha_module_that_is_not_installed_fails_the_import(build: Build) -> None:
    code = "from aws_cdk import aws_made_up_alpha as alpha\nimport aws_cdk.asset_awscli_v1\n"
    [hit] = hits(syn010, build({"app.py": code}))
    assert hit.message == ("cannot import name 'aws_made_up_alpha' from 'aws_cdk' "
                           "(it ships separately: install 'aws-cdk.aws-made-up-alpha')")
    assert hit.line == 1


# imports between the answer's files --------------------------------------------------------------------------


ENTRY = "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\napp = cdk.App()\nTapStack(app, 'S')\napp.synth()\n"


def test_import_of_a_module_the_answer_lacks(build: Build) -> None:
    code = "from lib.storage_stack import StorageStack\nfrom lib import helpers\n" + stack("StorageStack(self, 'S')\n")
    ctx = build({"tap.py": ENTRY, "lib/tap_stack.py": code, "lib/__init__.py": ""}, entry="tap.py")
    found = [(h.relpath, h.line, h.message, severity(h)) for h in hits(syn010, ctx)]
    assert found == [("lib/tap_stack.py", 1, "No module named 'lib.storage_stack'", Severity.CRITICAL),
                     ("lib/tap_stack.py", 2, "cannot import name 'helpers' from 'lib'", Severity.CRITICAL)]


def test_import_of_a_package_the_answer_lacks_entirely(build: Build) -> None:
    ctx = build({"tap.py": ENTRY.replace("lib.tap_stack", "stacks.tap_stack")}, entry="tap.py")
    [hit] = hits(syn010, ctx)
    assert (hit.relpath, hit.line, hit.message) == ("tap.py", 2, "No module named 'stacks'")


def test_import_of_a_name_the_module_does_not_define(build: Build) -> None:
    helper = "def make_bucket():\n    return None\n"
    code = "from lib.helpers import (\n    make_bucket,\n    make_table,\n)\nfrom .helpers import make_bucket as mb\n"
    ctx = build({"tap.py": ENTRY, "lib/tap_stack.py": code + stack("make_bucket()\nmake_table()\nmb()\n"),
                 "lib/helpers.py": helper}, entry="tap.py")
    [hit] = hits(syn010, ctx)
    assert (hit.line, hit.message) == (3, "cannot import name 'make_table' from 'lib.helpers'")


def test_imports_that_resolve_or_are_guarded_are_quiet(build: Build) -> None:
    code = textwrap.dedent("""\
        import json
        import os.path
        from lib.helpers import make_bucket
        from lib import helpers
        try:
            import some_optional_thing
        except ImportError:
            some_optional_thing = None
        """) + stack("make_bucket()\nhelpers.make_bucket()\njson.dumps({})\n")
    handler = "import some_runtime_only_library\ndef handler(event, context):\n    return None\n"
    ctx = build({"tap.py": ENTRY, "lib/tap_stack.py": code, "lib/helpers.py": "def make_bucket():\n    pass\n",
                 "lib/lambda/handler.py": handler}, entry="tap.py")
    assert hits(syn010, ctx) == []


# what runs at synth ------------------------------------------------------------------------------------------


def test_synth_modules_follow_the_entry_and_its_imports(build: Build) -> None:
    ctx = build({"tap.py": ENTRY, "lib/tap_stack.py": "from .util import x\n", "lib/util.py": "x = 1\n",
                 "lib/__init__.py": "", "scripts/tool.py": "import lib.util\n"}, entry="tap.py")
    assert synth_modules(ctx) == {"tap.py", "lib/tap_stack.py", "lib/util.py", "lib/__init__.py"}


def test_without_entry_the_modules_of_the_top_level_stacks_run(build: Build) -> None:
    ctx = build({"lib/tap_stack.py": stack("pass\n"), "lib/fragment.py": "Stack\n"})
    assert synth_modules(ctx) == {"lib/tap_stack.py"}
    [hit] = hits(syn031, ctx)
    assert hit.relpath == "lib/fragment.py" and severity(hit) is Severity.HIGH
    assert "not imported by the app" in hit.message


def test_syntax_error_is_critical_only_in_a_module_the_app_imports(build: Build) -> None:
    ctx = build({"tap.py": ENTRY, "lib/tap_stack.py": stack("pass\n"), "scripts/tool.py": "def f(:\n"},
                entry="tap.py")
    [hit] = hits(syn030, ctx)
    assert severity(hit) is Severity.HIGH and "not imported by the app" in hit.message
    broken = build({"tap.py": ENTRY, "lib/tap_stack.py": "def f(:\n"}, entry="tap.py")
    [hit] = hits(syn030, broken)
    assert severity(hit) is Severity.CRITICAL


def test_problem_in_a_method_nobody_calls_is_high(build: Build) -> None:
    extra = ("    def used(self):\n        s3.Bucket(self, 'A', versioning=True)\n"
             "    def never_called(self):\n        s3.Bucket(self, 'B', versioning=True)\n"
             "    def to_string(self):\n        s3.Bucket(self, 'C', versioning=True)\n")
    ctx = build({"lib/tap_stack.py": stack("self.used()\n", extra)})
    assert [d.name for d in dead_functions(ctx)["lib/tap_stack.py"]] == ["never_called"]
    found = {h.line: severity(h) for h in hits(syn011, ctx)}
    assert found == {9: Severity.CRITICAL, 11: Severity.HIGH, 13: Severity.CRITICAL}


# inference: user method results, loops over literals, annotated parameters -----------------------------------


def test_attribute_of_a_value_a_helper_returns(build: Build) -> None:
    extra = textwrap.dedent("""\
            def create_group(self):
                self.group = asg.AutoScalingGroup(self, "G", vpc=None, instance_type=None, machine_image=None)
                return self.group
            def alarms(self):
                cw.Alarm(self, "A", metric=self.group.metric_cpu_utilization(), threshold=1, evaluation_periods=1)
        """)
    extra = textwrap.indent(extra, "    ")
    ctx = build({"lib/tap_stack.py": stack("self.group = self.create_group()\nself.alarms()\n", extra)})
    [hit] = hits(syn010, ctx)
    assert hit.message.startswith("'AutoScalingGroup' object has no attribute 'metric_cpu_utilization'")
    assert hit.line == 13


def test_helper_result_is_unknown_when_returns_disagree_or_subclass_overrides(build: Build) -> None:
    extra = textwrap.indent(textwrap.dedent("""\
        def make(self, flag):
            if flag:
                return s3.Bucket(self, "B")
            return other_thing()
        def make2(self):
            return s3.Bucket(self, "C")
        """), "    ")
    extra += "class Child(TapStack):\n    def make2(self):\n        return 1\n"
    ctx = build({"lib/tap_stack.py": stack("self.make(True).whatever\nself.make2().whatever\n", extra)})
    assert hits(syn010, ctx) == []


def test_loop_over_a_literal_list_takes_the_elements_type(build: Build) -> None:
    body = ("f1 = _lambda.Function(self, 'A', runtime=None, handler='i.h', code=None)\n"
            "f2 = _lambda.Function(self, 'B', runtime=None, handler='i.h', code=None)\n"
            "for index, fn in enumerate([f1, f2], 1):\n    fn.metric_errors().with_statistic('sum')\n"
            "for fx in [f1, other]:\n    fx.metric_errors().with_statistic('sum')\n")
    [hit] = hits(syn010, build({"lib/tap_stack.py": stack(body)}))
    assert hit.message.startswith("'Metric' object has no attribute 'with_statistic'") and hit.line == 10


def test_annotated_parameter_store_on_a_read_only_struct_field(build: Build) -> None:
    code = STACK_HEADER + textwrap.dedent("""\
        import aws_cdk as cdk
        from typing import Optional
        class TapStackProps(cdk.StackProps):
            environment_suffix: str = "dev"
        class TapStack(Stack):
            def __init__(self, scope, cid, props: Optional[TapStackProps] = None, **kwargs):
                props.env.region = "us-west-2"
                props.anything_else
                props.extra_setting = 1
                super().__init__(scope, cid, **kwargs)
        """)
    ctx = build({"lib/tap_stack.py": code})
    [hit] = hits(dep010, ctx)
    assert (hit.line, hit.message) == (10, "property 'region' of 'Environment' object has no setter")
    assert hits(syn010, ctx) == []  # an annotation admits subclasses: their extra attributes are not known


# DEP024: dataclass props deriving from a library struct ------------------------------------------------------


PROPS = STACK_HEADER + textwrap.dedent("""\
    import aws_cdk as cdk
    from dataclasses import dataclass
    @dataclass
    class TapStackProps(cdk.StackProps):
        environment_suffix: str = "dev"
    class TapStack(Stack):
        def __init__(self, scope, cid, props: TapStackProps = None, **kwargs):
            super().__init__(scope, cid, **kwargs)
    """)


def test_dataclass_props_over_a_library_struct_take_only_their_own_fields(build: Build) -> None:
    [hit] = hits(dep024, build({"lib/tap_stack.py": PROPS}))
    assert "TapStackProps (a dataclass) has no field `env`" in hit.message
    assert severity(hit) is Severity.HIGH  # the project's standard entry, not the answer's own
    entry = ("import aws_cdk as cdk\nfrom lib.tap_stack import TapStack, TapStackProps\napp = cdk.App()\n"
             "TapStack(app, 'S', props=TapStackProps(environment_suffix='x', env=None))\napp.synth()\n")
    [own] = hits(dep024, build({"lib/tap_stack.py": PROPS, "tap.py": entry}, entry="tap.py"))
    assert own.relpath == "tap.py" and own.line == 4 and severity(own) is Severity.CRITICAL


def test_dataclass_props_over_a_user_base_are_not_judged(build: Build) -> None:
    code = PROPS.replace("class TapStackProps(cdk.StackProps)", "class BaseProps:\n    env: object = None\n"
                         "@dataclass\nclass TapStackProps(BaseProps)")
    assert hits(dep024, build({"lib/tap_stack.py": code})) == []


def test_declared_dataclass_field_keeps_its_type_for_read_only_stores(build: Build) -> None:
    code = STACK_HEADER + textwrap.dedent("""\
        from dataclasses import dataclass
        from typing import Optional
        from aws_cdk import Environment
        @dataclass
        class TapStackProps:
            env: Optional[Environment] = None
            note: str = ""
        class TapStack(Stack):
            def __init__(self, scope, cid, props: TapStackProps, **kwargs):
                if props.env:
                    props.env.region = "us-west-2"
                else:
                    props.env = Environment(region="us-west-2")
                props.note.region = "x"
                super().__init__(scope, cid, **kwargs)
        """)
    [hit] = hits(dep010, build({"lib/tap_stack.py": code}))
    assert (hit.line, hit.message) == (14, "property 'region' of 'Environment' object has no setter")
