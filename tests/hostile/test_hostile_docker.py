"""The synth child never reaches a real docker: CDK's asset bundling and the app's own calls find a failing shim."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from iacreview.synth.sandbox import scrubbed_environment


def test_docker_on_the_child_path_is_a_failing_shim(tmp_path: Path) -> None:
    env = scrubbed_environment(tmp_path)
    found = shutil.which("docker", path=env["PATH"])
    assert found is not None and Path(found) == Path(env["CDK_DOCKER"])
    assert Path(found).is_relative_to(tmp_path)
    run = subprocess.run([found, "run", "alpine"], env=env, capture_output=True, text=True, timeout=30)
    assert run.returncode == 1 and "not available inside the iacreview sandbox" in run.stderr
