#!/usr/bin/env python3
"""Regenerate ``src/iacreview/data/aws_managed_policies.json`` (the AWS managed policy names DEP042 checks against).

Two sources:

* ``--from-aws`` (complete list): with boto3 installed (``pip install boto3``, it is not a dependency of iacreview)
  and AWS credentials allowed to call ``iam:ListPolicies``, pages through ``iam.list_policies(Scope="AWS")`` and
  writes every policy as ``<path>/<name>`` without the leading slash (``service-role/AWSLambdaBasicExecutionRole``),
  with ``"complete": true``.
* ``--from-file NAMES.txt``: one name per line (with path, ``#`` comments allowed), e.g. collected from a public
  mirror of the AWS managed policies. Written with ``"complete": false`` unless ``--complete`` is given: DEP042
  then reports an unknown name only when it is certainly wrong (the name exists under another path, or it is in
  ``known_missing``), because an incomplete list cannot prove a name does not exist.

``known_missing`` (names often written that AWS does not have) is kept from the existing file.

Usage::

    python scripts/update_managed_policies.py --from-aws
    python scripts/update_managed_policies.py --from-file names.txt --source "https://github.com/..."
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "src" / "iacreview" / "data" / "aws_managed_policies.json"


def from_aws() -> list[str]:
    try:
        import boto3  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        sys.exit("boto3 is not installed: pip install boto3")
    paginator = boto3.client("iam").get_paginator("list_policies")
    names: list[str] = []
    for page in paginator.paginate(Scope="AWS", OnlyAttached=False):
        for policy in page["Policies"]:
            path = str(policy["Path"]).strip("/")
            names.append(f"{path}/{policy['PolicyName']}" if path else str(policy["PolicyName"]))
    return names


def from_file(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line.removeprefix("arn:aws:iam::aws:policy/") for line in lines if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--from-aws", action="store_true", help="list policies with boto3 (needs credentials)")
    group.add_argument("--from-file", type=Path, help="one policy name (with path) per line")
    parser.add_argument("--source", default=None, help="where the names come from (recorded in the file)")
    parser.add_argument("--complete", action="store_true", help="the file lists every AWS managed policy")
    parser.add_argument("--output", type=Path, default=DATA)
    args = parser.parse_args(argv)

    old: dict[str, Any] = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {}
    if args.from_aws:
        names, source, complete = from_aws(), "iam:ListPolicies Scope=AWS", True
    else:
        names, source, complete = from_file(args.from_file), args.source or str(args.from_file), args.complete
    policies = sorted(set(names))
    known_missing = sorted(set(old.get("known_missing", [])) - set(policies))
    data = {
        "generated": dt.date.today().isoformat(),
        "source": source,
        "complete": complete,
        "policies": policies,
        "known_missing": known_missing,
    }
    args.output.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(policies)} policies to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
