"""iacreview: reviews AWS CDK (Python) apps and CloudFormation templates with file:line evidence."""

from __future__ import annotations

from iacreview import threadsafe_ast

__version__ = "0.1.0"

threadsafe_ast.install()  # parsing from several threads is not safe in CPython 3.11 (see the module)
