#!/usr/bin/env python3
"""Regenerate ``src/iacreview/data/cfn_schema_words.json``: every CloudFormation resource type and property name,
split into lower-case words, from the resource schemas the installed cfn-lint ships (us-east-1 provider).

``verify`` reads it to decide claims such as "No VPC endpoints" or "Message retention not configured": the words of
a claim's missing thing are looked up among resource type names (``vpc endpoint`` -> ``AWS::EC2::VPCEndpoint``) and
property names (``message retention period`` -> ``MessageRetentionPeriod`` of ``AWS::SQS::Queue``); the template then
shows whether the answer has it. Read-only properties (``Arn``, ``QueueUrl``) are left out: no answer sets them.

Per type: ``props`` (its top-level property names) and ``nested`` (the property names of the schema's definitions,
for settings inside a structure, such as ``ReplicationTimeControl``). The names are stored as written;
``iacreview.verify.schema_words.words`` splits them (``DBSubnetGroup`` -> ``db subnet group``) when it is loaded.

Usage::

    python scripts/update_cfn_schema_words.py
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import cfnlint

DATA = Path(__file__).resolve().parent.parent / "src" / "iacreview" / "data" / "cfn_schema_words.json"
SCHEMAS = Path(cfnlint.__file__).resolve().parent / "data" / "schemas"


def _read_only(schema: dict[str, Any]) -> set[str]:
    return {p.rsplit("/", 1)[-1] for p in schema.get("readOnlyProperties", []) if p.count("/") == 2}


def entry(schema: dict[str, Any]) -> dict[str, list[str]]:
    read_only = _read_only(schema)
    props = sorted(p for p in schema.get("properties", {}) if p not in read_only)
    nested: set[str] = set()
    for definition in (schema.get("definitions") or {}).values():
        if isinstance(definition, dict):
            nested.update(p for p in definition.get("properties") or {} if p not in props)
    return {"props": props, "nested": sorted(nested)}


def main() -> int:
    providers = json.loads((SCHEMAS / "providers" / "us-east-1.json").read_text())
    types: dict[str, Any] = {}
    for type_name, ref in sorted(providers.items()):
        if not type_name.startswith("AWS::") or not isinstance(ref, str):
            continue
        schema = json.loads((SCHEMAS / "resources" / f"{ref}.json").read_text())
        types[type_name] = entry(schema)
    version = json.loads((SCHEMAS / "version.json").read_text()) if (SCHEMAS / "version.json").exists() else None
    out = {"about": "CloudFormation resource types and their property names, from cfn-lint's resource schemas; "
                    "regenerate with scripts/update_cfn_schema_words.py.",
           "cfn_lint": metadata.version("cfn-lint"), "schemas": version, "types": types}
    text = json.dumps(out, separators=(",", ":"))
    DATA.write_text(text.replace('},"AWS::', '},\n"AWS::') + "\n", encoding="utf-8")
    print(f"{len(types)} resource types -> {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
