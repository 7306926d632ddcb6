"""Config files: discovery, precedence (flag > .iacreview.toml > pyproject.toml > default), provenance, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iacreview.cli import app
from iacreview.config import Config
from iacreview.errors import ConfigError
from iacreview.model import Severity
from iacreview.settings import load_settings


def _project(tmp_path: Path, pyproject: str | None = None, dotfile: str | None = None) -> Path:
    app_dir = tmp_path / "proj" / "app"
    app_dir.mkdir(parents=True)
    if pyproject is not None:
        (tmp_path / "proj" / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    if dotfile is not None:
        (tmp_path / "proj" / ".iacreview.toml").write_text(dotfile, encoding="utf-8")
    return app_dir


def test_defaults_when_no_file(tmp_path: Path) -> None:
    settings = load_settings(_project(tmp_path))
    assert settings.files == ()
    assert settings.config() == Config()
    assert {row.source for row in settings.rows()} == {"default"}


def test_pyproject_section_is_found_upwards(tmp_path: Path) -> None:
    text = '[tool.iacreview]\ndisable = ["sec001"]\n[tool.iacreview.severity]\nSEC003 = "critical"\n'
    start = _project(tmp_path, pyproject=text)
    config = load_settings(start).config()
    assert config.disabled_rules == frozenset({"SEC001"})
    assert config.severity_overrides == (("SEC003", Severity.CRITICAL),)


def test_pyproject_without_our_section_is_not_a_config(tmp_path: Path) -> None:
    start = _project(tmp_path, pyproject='[tool.ruff]\nline-length = 100\n')
    assert load_settings(start).files == ()


def test_precedence_flag_over_dotfile_over_pyproject(tmp_path: Path) -> None:
    start = _project(
        tmp_path,
        pyproject='[tool.iacreview]\nfail_on = "medium"\nsynth_timeout = 30\nrequired_tags = ["Team"]\n',
        dotfile='fail_on = "low"\nsynth_timeout = 60\n',
    )
    settings = load_settings(start)
    config = settings.config()
    assert (config.fail_on, config.synth_timeout, config.required_tags) == (Severity.LOW, 60.0, ("Team",))
    sources = {row.key: row.source for row in settings.rows()}
    assert sources["fail_on"].endswith(".iacreview.toml")
    assert sources["required_tags"].endswith("pyproject.toml [tool.iacreview]")
    assert sources["allowed_cors_origins"] == "default"
    flagged = settings.with_flags({"synth_timeout": 5.0, "fail_on": None})
    assert flagged.config().synth_timeout == 5.0 and flagged.config().fail_on is None
    assert {r.key: r.source for r in flagged.rows()}["synth_timeout"] == "--timeout"


def test_explicit_config_file_replaces_the_search(tmp_path: Path) -> None:
    start = _project(tmp_path, dotfile='fail_on = "low"\n')
    other = tmp_path / "ci.toml"
    other.write_text('fail_on = "critical"\nbaseline = "base.json"\n', encoding="utf-8")
    config = load_settings(start, other).config()
    assert config.fail_on is Severity.CRITICAL
    assert config.baseline == str((tmp_path / "base.json").resolve())


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('fail_on = "loud"\n', "fail_on"),
        ("synth_timeout = -1\n", "synth_timeout"),
        ('disable = ["not a rule"]\n', "disable[0]"),
        ("colour = true\n", "colour"),
        ('suppress = [{rule = "SEC001", path = "A/*"}]\n', "suppress[0].reason"),
        ('[severity]\nSEC001 = "urgent"\n', "severity.SEC001"),
    ],
)
def test_bad_value_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    start = _project(tmp_path, dotfile=text)
    with pytest.raises(ConfigError) as info:
        load_settings(start)
    assert ".iacreview.toml" in str(info.value) and key in str(info.value)


def test_cli_config_command_shows_values_and_sources(tmp_path: Path) -> None:
    start = _project(tmp_path, pyproject='[tool.iacreview]\nfail_on = "medium"\n',
                     dotfile='suppress = [{rule = "SEC*", path = "TapStack*/Images", reason = "public images"}]\n')
    result = CliRunner().invoke(app, ["config", str(start), "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)["settings"]}
    assert rows["fail_on"]["value"] == "medium" and rows["fail_on"]["source"].endswith("[tool.iacreview]")
    assert rows["suppress"]["value"] == [{"rule": "SEC*", "path": "TapStack*/Images", "reason": "public images"}]
    assert rows["synth_timeout"]["source"] == "default"


def test_cli_bad_config_exits_2(tmp_path: Path) -> None:
    start = _project(tmp_path, dotfile="synth_timeout = \"soon\"\n")
    template = start / "t.yaml"
    template.write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(template)])
    assert result.exit_code == 2
    assert "synth_timeout" in result.output
