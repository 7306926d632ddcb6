"""What an AWS region code looks like (``us-east-1``, ``us-gov-west-1``, ``cn-north-1``), as a regular expression
fragment without anchors, for the places that find regions written in code."""

from __future__ import annotations

REGION_CODE = (r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-"
               r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d")
