"""The aws-cdk-lib API index: built from the installed wheel's jsii assembly, cached, Python spelling."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from iacreview.config import Config
from iacreview.python import index as index_module
from iacreview.python.index import CdkIndex, ModuleRef, TypeRef, cache_path, installed_versions, load_index
from iacreview.python.jsii_assembly import find_assembly, python_member_name, read_assembly, snake_case


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "cdk-index"


@pytest.fixture(scope="session")
def index(cache_dir: Path) -> CdkIndex:
    loaded = load_index(Config(cache_dir=str(cache_dir)))
    assert loaded is not None
    return loaded


def test_assembly_is_read_through_the_redirect() -> None:
    assembly = read_assembly(find_assembly("aws-cdk-lib").tarball)
    assert assembly["name"] == "aws-cdk-lib"
    assert "aws-cdk-lib.aws_s3.Bucket" in assembly["types"]


@pytest.mark.parametrize(
    ("typescript", "python"),
    [("grantReadWrite", "grant_read_write"), ("arnForEC2Fleet", "arn_for_ec2_fleet"), ("POP3S", "pop3_s"),
     ("memoryLimitMiB", "memory_limit_mib"), ("PRIVATE_5G", "private_5_g"), ("bucketArn", "bucket_arn")],
)
def test_snake_case_matches_jsii_pacmak(typescript: str, python: str) -> None:
    assert snake_case(typescript) == python


def test_member_names_keywords_constants_and_protected() -> None:
    assert python_member_name("lambda") == "lambda_"
    assert python_member_name("POP3S", constant=True) == "POP3_S"
    assert python_member_name("allocateLogicalId", protected=True) == "_allocate_logical_id"


def test_modules_and_types(index: CdkIndex) -> None:
    assert index.module_attribute("aws_cdk", "aws_s3") == ModuleRef("aws_cdk.aws_s3")
    assert index.module_attribute("aws_cdk", "Stack") == TypeRef("aws-cdk-lib.Stack")
    assert index.module_attribute("aws_cdk.aws_s3", "Bucket") == TypeRef("aws-cdk-lib.aws_s3.Bucket")
    assert index.module_attribute("constructs", "Construct") == TypeRef("constructs.Construct")
    assert index.module_attribute("aws_cdk.aws_s3", "Bukcet") is None
    assert index.nested_type("aws-cdk-lib.aws_s3.CfnBucket", "CorsRuleProperty")


def test_inherited_members_and_read_only_flags(index: CdkIndex) -> None:
    found = index.find_member("aws-cdk-lib.aws_s3.Bucket", "grant_read")
    assert found is not None and found[1].kind == "method"
    region = index.find_member("aws-cdk-lib.Stack", "region")
    assert region is not None and region[1].readonly
    node = index.find_member("aws-cdk-lib.Stack", "node")  # from constructs.Construct
    assert node is not None and node[1].readonly
    assert index.find_member("aws-cdk-lib.aws_lambda.Runtime", "PYTHON_3_12") is not None


def test_constructor_signature_lifts_props_into_keywords(index: CdkIndex) -> None:
    found = index.initializer("aws-cdk-lib.aws_lambda.Function")
    assert found is not None
    signature = found[1]
    assert [p.name for p in signature.positional] == ["scope", "id"]
    assert signature.struct is not None
    fields = index.struct_fields(signature.struct)
    assert {"runtime", "handler", "code"} <= {n for n, f in fields.items() if not f.optional}
    assert "timeout" in fields and fields["timeout"].optional  # inherited from FunctionOptions


def test_variadic_struct_parameter_is_not_lifted(index: CdkIndex) -> None:
    found = index.find_member("aws-cdk-lib.aws_ecs.ContainerDefinition", "add_port_mappings")
    assert found is not None and found[1].signature is not None
    assert found[1].signature.struct is None
    assert found[1].signature.positional[0].variadic


def test_deprecations_carry_the_replacement(index: CdkIndex) -> None:
    found = index.find_member("aws-cdk-lib.Stack", "add_dependency")
    assert found is not None and "addStackDependency" in (found[1].deprecated or "")


def test_cache_is_reused_and_read_once_per_process(index: CdkIndex, cache_dir: Path) -> None:
    versions = installed_versions()
    assert versions is not None
    path = cache_path(Config(cache_dir=str(cache_dir)), versions)
    assert path.is_file()
    first = load_index(Config(cache_dir=str(cache_dir)))
    again = load_index(Config(cache_dir=str(cache_dir)))
    assert first is not None and again is first  # the same index object: the file was not read again
    path.write_bytes(path.read_bytes())  # a rewritten cache file (new mtime) is read again
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    fresh = load_index(Config(cache_dir=str(cache_dir)))
    assert fresh is not None and fresh is not first and fresh.versions == index.versions


def test_version_change_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    stale = tmp_path / "stale"
    real_versions = installed_versions()
    assert real_versions is not None
    fake = {**real_versions, "aws-cdk-lib": "0.0.1"}
    # An index stored under the fake version is ignored once the real version is installed again.
    monkeypatch.setattr(index_module, "installed_versions", lambda: fake)
    built = []
    original_build = index_module.build_index_data

    def counting_build() -> dict[str, object]:
        built.append(1)
        return original_build()

    monkeypatch.setattr(index_module, "build_index_data", counting_build)
    first = load_index(Config(cache_dir=str(stale)))
    assert first is not None and built == [1]
    monkeypatch.setattr(index_module, "installed_versions", lambda: real_versions)
    second = load_index(Config(cache_dir=str(stale)))
    assert second is not None and built == [1, 1]
