"""Renderers of ``iacreview check`` reviews: console (rich), stable JSON, SARIF 2.1.0 and Markdown."""

from iacreview.report.console import render_console
from iacreview.report.json_report import review_to_json, reviews_to_json
from iacreview.report.markdown import review_to_markdown
from iacreview.report.sarif import reviews_to_sarif

__all__ = ["render_console", "review_to_json", "review_to_markdown", "reviews_to_json", "reviews_to_sarif"]
