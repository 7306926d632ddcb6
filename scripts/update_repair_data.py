"""Regenerate ``src/iacreview/data/repair_values.json``: values the repair ladder needs to be certain.

- ``retention_days``: ``aws_logs.RetentionDays`` member name -> number of days, read from the installed
  aws-cdk-lib's JavaScript (``aws-logs/lib/log-group.js`` inside its jsii tarball; aws_cdk is never imported).
  ``RetentionDays.THIRTY_DAYS`` or ``RetentionDays(7)`` has exactly one meaning: the member with that many days.
- ``enum_synonyms`` and ``obvious_arguments`` are written by hand (kept from the existing file): an enum member
  name the AWS documentation uses for exactly one CDK member, and calls whose missing arguments have one value.

Run: ``python scripts/update_repair_data.py`` after upgrading aws-cdk-lib.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "iacreview" / "data" / "repair_values.json"


def _cdk_tarball() -> tuple[Path, str]:
    spec = importlib.util.find_spec("aws_cdk")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("aws-cdk-lib is not installed")
    jsii_dir = Path(next(iter(spec.submodule_search_locations))) / "_jsii"
    tarball = next(jsii_dir.glob("aws-cdk-lib@*.jsii.tgz"))
    return tarball, tarball.name.removeprefix("aws-cdk-lib@").removesuffix(".jsii.tgz")


def retention_days(tarball: Path) -> dict[str, int]:
    with tarfile.open(tarball) as archive:
        handle = archive.extractfile("package/aws-logs/lib/log-group.js")
        if handle is None:
            raise SystemExit("aws-logs/lib/log-group.js missing")
        source = handle.read().decode("utf-8")
    pairs = re.findall(r"RetentionDays2\.([A-Z_]+)=(\d+)\]", source)
    if not pairs:
        raise SystemExit("RetentionDays values not found in aws-logs/lib/log-group.js")
    return {name: int(days) for name, days in pairs}


def main() -> None:
    tarball, version = _cdk_tarball()
    existing = json.loads(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    data = {
        "source": f"aws-cdk-lib {version}",
        "retention_days": retention_days(tarball),
        "enum_synonyms": existing.get("enum_synonyms", {}),
        "obvious_arguments": existing.get("obvious_arguments", {}),
    }
    OUTPUT.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
