"""Regenerate the ``rules`` list of ``src/iacreview/data/anchor_rules.json`` from the installed anchor tools.

- cdk-nag: the rules of each pack are read from the pack's JavaScript inside the cdk-nag jsii tarball
  (``package/lib/packs/<pack>.js``): every ``applyRule({...})`` call gives the rule id (``<packName>-<suffix>``,
  the suffix being ``ruleSuffixOverride`` or the rule function's name), its ``info`` text and its level.
  ``cdk_nag`` is never imported (that would start Node).
- cfn-lint: every rule of the installed cfn-lint (id, short description), loaded the way cfn-lint itself does.

The hand-written parts of the file (``defaults``, ``overrides``, ``equivalences``, ``generated_markers``) are kept
as they are. Run ``python scripts/update_anchor_rules.py`` after upgrading cdk-nag or cfn-lint.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import importlib.util
import json
import re
import tarfile
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "iacreview" / "data" / "anchor_rules.json"
PACK_FILES = {"AwsSolutions": "aws-solutions.js", "Serverless": "serverless.js"}
_CALL = re.compile(r"this\.applyRule\(\{(?P<body>.*?)\n\s*\}\);", re.S)
_FIELD = {
    "suffix": re.compile(r"ruleSuffixOverride:\s*'([^']+)'"),
    "info": re.compile(r"info:\s*(['\"])((?:\\.|(?!\1).)*)\1", re.S),
    "level": re.compile(r"level:\s*\w+\.NagMessageLevel\.(\w+)"),
    "rule": re.compile(r"rule:\s*(?:\w+\.)?(\w+)"),
}


def _cdk_nag_tarball() -> Path:
    spec = importlib.util.find_spec("cdk_nag")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cdk-nag is not installed (pip install cdk-nag)")
    jsii_dir = Path(next(iter(spec.submodule_search_locations))) / "_jsii"
    return next(jsii_dir.glob("cdk-nag@*.jsii.tgz"))


def cdk_nag_rules() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tarfile.open(_cdk_nag_tarball()) as archive:
        for pack, file_name in PACK_FILES.items():
            handle = archive.extractfile(f"package/lib/packs/{file_name}")
            if handle is None:
                raise SystemExit(f"{file_name} missing from the cdk-nag tarball")
            source = handle.read().decode("utf-8")
            for call in _CALL.finditer(source):
                body = call.group("body")
                found = {name: pattern.search(body) for name, pattern in _FIELD.items()}
                suffix = found["suffix"].group(1) if found["suffix"] else None
                rule = found["rule"].group(1) if found["rule"] else None
                if not (suffix or rule):
                    continue
                info = found["info"].group(2).replace("\\'", "'") if found["info"] else ""
                level = found["level"].group(1).lower() if found["level"] else "error"
                rows.append({"id": f"{pack}-{suffix or rule}", "source": "cdk-nag", "pack": pack,
                             "title": info, "level": "warning" if level == "warn" else level})
    unique = {row["id"]: row for row in rows}
    return sorted(unique.values(), key=lambda r: r["id"])


def cfn_lint_rules() -> list[dict[str, Any]]:
    from cfnlint.core import get_rules

    collection = get_rules([], [], ["I"], include_experimental=True)
    rows = []
    for rule in collection:
        if not rule.id or rule.id.startswith("E0"):  # E0xxx: cfn-lint's own parse/processing errors
            continue
        level = {"E": "error", "W": "warning", "I": "info"}.get(rule.id[0], "warning")
        rows.append({"id": rule.id, "source": "cfn-lint", "pack": "cfn-lint", "title": rule.shortdesc,
                     "level": level})
    return sorted(rows, key=lambda r: r["id"])


def main() -> None:
    current: dict[str, Any] = json.loads(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.is_file() else {}
    current["generated"] = {
        "by": "scripts/update_anchor_rules.py",
        "date": datetime.date.today().isoformat(),
        "cdk-nag": importlib.metadata.version("cdk-nag"),
        "cfn-lint": importlib.metadata.version("cfn-lint"),
    }
    current["rules"] = cdk_nag_rules() + cfn_lint_rules()
    OUTPUT.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(current['rules'])} rules")


if __name__ == "__main__":
    main()
