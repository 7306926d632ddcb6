"""iacreview: reviews AWS CDK (Python) apps and CloudFormation templates with file:line evidence."""

from __future__ import annotations

__version__ = "0.1.0"
