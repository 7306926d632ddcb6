"""Shared by the example tests: where the bundled examples live and how their ``expected.md`` reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ("serverless-ecommerce", "crud-api-sample-data", "vpc-multitier")
WHERE = re.compile(r"^MODEL_RESPONSE\.md:(\d+)$")


@dataclass(frozen=True)
class Row:
    id: str
    category: str
    failure: str
    line: int
    rule: str



def parse_expected(text: str) -> list[Row]:
    """The one table of ``expected.md``: header, separator, then one row per failure."""
    table = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    if len(table) < 3:
        raise ValueError("expected.md has no table with rows")
    header = [c.strip() for c in table[0].strip("|").split("|")]
    if header != ["id", "category", "failure", "where (MODEL_RESPONSE.md:LINE)", "rule"]:
        raise ValueError(f"unexpected header {header}")
    rows: list[Row] = []
    for line in table[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 5:
            raise ValueError(f"row does not have 5 cells: {line}")
        where = WHERE.match(cells[3])
        if where is None:
            raise ValueError(f"bad location {cells[3]!r}")
        rows.append(Row(cells[0], cells[1], cells[2], int(where.group(1)), cells[4]))
    return rows
