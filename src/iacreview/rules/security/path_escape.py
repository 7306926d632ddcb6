"""SEC100 — a file path in the answer escapes the project.

**What.** A code block of the answer is named with a path outside the project: an absolute path
(``/etc/cron.d/job``, ``C:\\Windows\\x.py``), a home path (``~/.aws/credentials``) or one that climbs out with
``..`` (``../../outside.py``).

**Why it matters.** Writing the answer's files where it says would place code or configuration outside the
project directory — overwriting system or user files, or planting code that runs later. iacreview refuses to
write such a block and reviews the rest without it, so anything that depends on that file is reported as missing.

**How to fix.** Name every file relative to the project root (``lib/tap_stack.py``, ``lambda/handler/index.py``)
and keep it inside the project.

**Example (fails).** A heading ``### File: ../../shared/config.py`` followed by a Python block.

**Example (passes).** ``### File: lib/config.py`` followed by the same block.

The finding is raised while the answer is loaded (``iacreview.sources``), at the opening line of the refused block.
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="SEC100",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="File path escapes the project",
    impact="The file would be written outside the project directory (absolute, home or '..' path), which can "
           "overwrite files elsewhere; the block is not used.",
    fix="Give the file a path relative to the project root, without '..'.",
    target=Target.SOURCE,
    keywords=("path traversal", "absolute path", "outside the project", "escapes", "directory traversal"),
    doc=__doc__ or "",
)
