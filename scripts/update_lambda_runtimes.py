"""Regenerate ``src/iacreview/data/lambda_runtimes.json`` from the installed packages.

- Deprecation dates come from cfn-lint's runtime lifecycle spec (``cfnlint/data/AdditionalSpecs/
  LmbdRuntimeLifecycle.json``), which cfn-lint keeps in step with the AWS Lambda runtime documentation.
- The CDK member names (``Runtime.PYTHON_3_8`` -> ``python3.8``) and the environment variables the Lambda runtime
  reserves are read from the installed aws-cdk-lib's JavaScript (``aws-lambda/lib/runtime.js`` and
  ``function.js`` inside its jsii tarball); aws_cdk is never imported (that would start Node).

Run: ``python scripts/update_lambda_runtimes.py`` after upgrading cfn-lint or aws-cdk-lib.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import re
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "iacreview" / "data" / "lambda_runtimes.json"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} is not installed")
    return Path(spec.origin).parent


def lifecycle() -> dict[str, dict[str, str | None]]:
    path = _package_dir("cfnlint") / "data" / "AdditionalSpecs" / "LmbdRuntimeLifecycle.json"
    data: dict[str, dict[str, str | None]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _cdk_tarball() -> tuple[Path, str]:
    spec = importlib.util.find_spec("aws_cdk")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("aws-cdk-lib is not installed")
    jsii_dir = Path(next(iter(spec.submodule_search_locations))) / "_jsii"
    tarball = next(jsii_dir.glob("aws-cdk-lib@*.jsii.tgz"))
    version = tarball.name.removeprefix("aws-cdk-lib@").removesuffix(".jsii.tgz")
    return tarball, version


def _read_member(tarball: Path, member: str) -> str:
    with tarfile.open(tarball) as archive:
        handle = archive.extractfile(member)
        if handle is None:
            raise SystemExit(f"{member} missing from {tarball}")
        return handle.read().decode("utf-8")


def cdk_runtime_names(tarball: Path) -> dict[str, str]:
    source = _read_member(tarball, "package/aws-lambda/lib/runtime.js")
    pairs = re.findall(r'static ([A-Z0-9_]+)=new Runtime\("([^"]+)"', source)
    return {name: runtime_id for name, runtime_id in pairs if runtime_id != "FROM_IMAGE"}


def reserved_environment(tarball: Path) -> list[str]:
    source = _read_member(tarball, "package/aws-lambda/lib/function.js")
    match = re.search(r"addEnvironment\(key,value,options\)\{.*?if\(\[([^\]]+)\]\.includes\(key\)\)", source)
    if match is None:
        raise SystemExit("reserved environment variable list not found in aws-lambda/lib/function.js")
    return sorted(json.loads("[" + match.group(1) + "]"))


def main() -> None:
    tarball, cdk_version = _cdk_tarball()
    specs = lifecycle()
    data = {
        "generated": datetime.date.today().isoformat(),
        "sources": {
            "lifecycle": "cfn-lint " + _version("cfn-lint"),
            "cdk_names": f"aws-cdk-lib {cdk_version}",
        },
        "runtimes": {
            runtime_id: {"deprecated": spec.get("deprecated"), "create_block": spec.get("create-block"),
                         "update_block": spec.get("update-block"), "successor": spec.get("successor")}
            for runtime_id, spec in sorted(specs.items())
        },
        "cdk_names": dict(sorted(cdk_runtime_names(tarball).items())),
        "reserved_environment_variables": reserved_environment(tarball),
    }
    OUTPUT.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


if __name__ == "__main__":
    main()
