"""Model-written code is hostile input: each answer tries one thing, the review must finish, say what was stopped,
and leak none of the test's fake credentials."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacreview.api import check
from iacreview.config import Config
from iacreview.model import Review
from iacreview.report.json_report import review_to_json
from iacreview.synth.sandbox import measures
from process_support import running

SECRET = "hostile-fake-secret-4f1c9a"
TOKEN = "hostile-fake-token-7e2d55"
FILE_SECRET = "hostile-fake-file-secret-93ab10"
MARKER = "iacreview-hostile-daemon-5b7e"
ACTIVE = {m.name for m in measures() if m.active}

# Each app does its one thing first; the CDK lines after it make it an entry (they are rarely reached).
TAIL = "raise SystemExit(0)\nimport aws_cdk as cdk\napp = cdk.App()\napp.synth()\n"


def answer(body: str) -> str:
    return f"# Answer\n\nThe app.\n\n## app.py\n\n```python\n{body}{TAIL}```\n"


APPS = {
    "credentials": (
        "import os, sys\n"
        "print(dict(os.environ), file=sys.stderr)\n"
        "print(open(os.path.expanduser('~/.aws/credentials')).read())\n"
    ),
    "fork_bomb": "import os\nwhile True:\n    os.fork()\n",
    "loop": "while True:\n    pass\n",
    "memory": "hog = bytearray(20 * 1024 ** 3)\n",
    "write_outside": "open('/tmp/iacreview-hostile-xyz', 'w').write('planted')\n",
    "print_1gb": "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n",
    "daemon": (
        "import os, subprocess, sys\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(120)', '{MARKER}'])\n"
        "    os._exit(0)\n"
        "os.wait()\n"
    ),
}


@pytest.fixture(scope="module")
def fake_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    (home / ".aws").mkdir()
    (home / ".aws" / "credentials").write_text(f"[default]\naws_secret_access_key = {FILE_SECRET}\n")
    saved = {k: os.environ.get(k) for k in ("HOME", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")}
    os.environ.update(HOME=str(home), AWS_SECRET_ACCESS_KEY=SECRET, AWS_SESSION_TOKEN=TOKEN)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return Config(cache_dir=str(tmp_path_factory.mktemp("cache")), synth_timeout=8.0)


def review(tmp_path: Path, config: Config, name: str, body: str) -> tuple[Review, str]:
    path = tmp_path / f"{name}.md"
    path.write_text(answer(body))
    result = check(path, config)
    text = json.dumps(review_to_json(result))
    for secret in (SECRET, TOKEN, FILE_SECRET):
        assert secret not in text
    return result, text


def sec101(result: Review) -> str:
    messages = [f.message for f in result.findings if f.rule_id == "SEC101"]
    assert messages, [f"{f.rule_id}: {f.message}" for f in result.findings]
    return messages[0]


@pytest.mark.usefixtures("fake_credentials")
def test_credentials_and_environment_are_not_there(tmp_path: Path, config: Config) -> None:
    result, _ = review(tmp_path, config, "credentials", APPS["credentials"])
    assert "home directory" in sec101(result)


@pytest.mark.usefixtures("fake_credentials")
def test_connect_to_a_local_listener_fails(tmp_path: Path, config: Config) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept())
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        body = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3).sendall(b'hi')\n"
        result, _ = review(tmp_path, config, "network", body)
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert not accepted
    assert "network" in sec101(result)


@pytest.mark.usefixtures("fake_credentials")
def test_fork_bomb_is_stopped(tmp_path: Path, config: Config) -> None:
    assert "process limit" in ACTIVE, "no process limit on this machine: see iacreview doctor"
    fast = Config(cache_dir=config.cache_dir, synth_timeout=4.0)
    result, _ = review(tmp_path, fast, "fork", APPS["fork_bomb"])
    assert "processes" in sec101(result)


@pytest.mark.usefixtures("fake_credentials")
def test_endless_loop_times_out(tmp_path: Path, config: Config) -> None:
    fast = Config(cache_dir=config.cache_dir, synth_timeout=2.0)
    path = tmp_path / "loop.md"
    path.write_text(answer(APPS["loop"]))
    result = check(path, fast)  # the DEP002 below is only there if the timeout stopped the loop
    assert [f.rule_id for f in result.findings if f.rule_id.startswith(("DEP002", "SEC101"))] == ["DEP002"]


@pytest.mark.usefixtures("fake_credentials")
def test_twenty_gigabytes_are_refused(tmp_path: Path, config: Config) -> None:
    result, _ = review(tmp_path, config, "memory", APPS["memory"])
    assert "memory" in sec101(result)


@pytest.mark.usefixtures("fake_credentials")
def test_writes_outside_the_temp_dirs_fail(tmp_path: Path, config: Config) -> None:
    target = Path("/tmp/iacreview-hostile-xyz")
    target.unlink(missing_ok=True)
    result, _ = review(tmp_path, config, "write", APPS["write_outside"])
    assert not target.exists()
    assert "read-only" in sec101(result)


@pytest.mark.usefixtures("fake_credentials")
def test_a_gigabyte_of_output_is_capped(tmp_path: Path, config: Config) -> None:
    result, text = review(tmp_path, config, "print", APPS["print_1gb"])
    assert "output" in sec101(result)
    assert len(text) < 1024 * 1024


@pytest.mark.usefixtures("fake_credentials")
def test_a_detached_daemon_does_not_outlive_the_run(tmp_path: Path, config: Config) -> None:
    result, _ = review(tmp_path, config, "daemon", APPS["daemon"])
    assert "process(es) running" in sec101(result)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and running(MARKER):
        time.sleep(0.1)
    assert not running(MARKER)
