"""Where the configuration comes from: ``.iacreview.toml``, ``pyproject.toml`` ``[tool.iacreview]``, CLI flags.

Precedence, highest first: CLI flag > ``.iacreview.toml`` > ``pyproject.toml`` > built-in default. Files are found
from the input's folder upwards; the first folder holding either file ends the search (both files of that folder
are read). ``--config FILE`` replaces the search. Every effective value remembers where it came from, so
``iacreview config`` can answer "why is this rule off?".

A bad value is a ``ConfigError`` naming the file and the key (the CLI exits 2): a typo in a suppression must not
silently turn into "nothing is suppressed" or "everything is".
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from iacreview.config import Config, ConfigSuppression
from iacreview.errors import ConfigError
from iacreview.model import Severity

__all__ = ["KEYS", "Setting", "Settings", "find_config_files", "load_settings"]

DOTFILE = ".iacreview.toml"
PYPROJECT = "pyproject.toml"
DEFAULT = "default"
_RULE_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")

# Key in the file -> Config field it sets.
KEYS: dict[str, str] = {
    "disable": "disabled_rules",
    "severity": "severity_overrides",
    "required_tags": "required_tags",
    "allowed_cors_origins": "allowed_cors_origins",
    "fail_on": "fail_on",
    "synth_timeout": "synth_timeout",
    "suppress": "suppressions",
    "baseline": "baseline",
}
_FILE_KEYS = {field_name: key for key, field_name in KEYS.items()}
_FLAGS = {"synth_timeout": "--timeout", "use_suppressions": "--no-suppressions", "synth": "--synth/--no-synth",
          "repair": "--repair/--no-repair", "excise": "--excise/--no-excise"}


@dataclass(frozen=True)
class Setting:
    """One effective value and its provenance (``default``, ``<file> [tool.iacreview]``, ``--flag``)."""

    key: str
    value: Any
    source: str


@dataclass(frozen=True)
class Settings:
    """The effective file-level settings, before the CLI's own flags are applied."""

    values: dict[str, Setting] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def with_flags(self, flags: Mapping[str, Any]) -> Settings:
        """Apply the CLI flags that were given (config-field name -> value); they beat every file."""
        values = dict(self.values)
        for name, value in flags.items():
            key = _FILE_KEYS.get(name, name)
            values[name] = Setting(key, value, _FLAGS.get(name, f"--{name.replace('_', '-')}"))
        return Settings(values, self.files)

    def config(self, base: Config | None = None) -> Config:
        """The ``Config`` these settings describe (fields not covered keep ``base``'s value)."""
        known = {f.name for f in fields(Config)}
        changes = {name: s.value for name, s in self.values.items() if name in known}
        return replace(base or Config(), **changes)

    def rows(self) -> list[Setting]:
        """Every configurable value, default or not, in key order (for ``iacreview config``)."""
        defaults = Config()
        out: list[Setting] = []
        for name in KEYS.values():
            out.append(self.values.get(name) or Setting(_FILE_KEYS[name], getattr(defaults, name), DEFAULT))
        for name, setting in self.values.items():
            if name not in KEYS.values():
                out.append(setting)
        return out


def find_config_files(start: Path) -> list[Path]:
    """The config files for an input at ``start``: lowest precedence first (pyproject, then the dotfile)."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        found: list[Path] = []
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            found.append(pyproject)
        if (candidate / DOTFILE).is_file():
            found.append(candidate / DOTFILE)
        if found:
            return found
    return []


def load_settings(start: Path | None = None, config_file: Path | None = None) -> Settings:
    """Read the config for an input (search upwards from ``start``) or exactly ``config_file``."""
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: config file not found")
        files = [config_file]
    else:
        files = find_config_files(start or Path.cwd())
    values: dict[str, Setting] = {}
    for path in files:  # lowest precedence first: later files overwrite
        table, where = _table(path)
        for key, raw in table.items():
            if key not in KEYS:
                raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
            name = KEYS[key]
            values[name] = Setting(key, _convert(key, raw, path, where), where)
    return Settings(values, tuple(str(p) for p in files))


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # a broken pyproject that never mentions us is not our business
    tool = data.get("tool")
    return isinstance(tool, dict) and "iacreview" in tool


def _table(path: Path) -> tuple[dict[str, Any], str]:
    """The iacreview table of a file, and how to name it in messages."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == PYPROJECT or "tool" in data:
        tool = data.get("tool", {})
        table = tool.get("iacreview", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path} [tool.iacreview]: must be a table")
        return table, f"{path} [tool.iacreview]"
    return data, str(path)


def _convert(key: str, raw: Any, path: Path, where: str) -> Any:
    """Check one value and turn it into the ``Config`` field's type."""
    at = f"{where}: {key}"
    if key == "disable":
        return frozenset(_rule_id(v, f"{at}[{i}]") for i, v in enumerate(_str_list(raw, at)))
    if key == "severity":
        if not isinstance(raw, dict):
            raise ConfigError(f"{at}: expected a table such as [severity] SEC001 = \"high\"")
        return tuple(sorted((_rule_id(k, f"{at}.{k}"), _severity(v, f"{at}.{k}")) for k, v in raw.items()))
    if key in ("required_tags", "allowed_cors_origins"):
        return tuple(_str_list(raw, at))
    if key == "fail_on":
        if isinstance(raw, str) and raw.lower() in ("none", "never", "off"):
            return None
        return _severity(raw, at)
    if key == "synth_timeout":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw) or raw <= 0:
            raise ConfigError(f"{at}: expected a positive number of seconds, got {raw!r}")
        return float(raw)
    if key == "baseline":
        if not isinstance(raw, str) or not raw:
            raise ConfigError(f"{at}: expected a file path")
        return str((path.parent / raw).resolve())
    return _suppressions(raw, at)


def _suppressions(raw: Any, at: str) -> tuple[ConfigSuppression, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{at}: expected an array of tables: suppress = [{{rule=..., path=..., reason=...}}]")
    out: list[ConfigSuppression] = []
    for i, entry in enumerate(raw):
        here = f"{at}[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here}: expected a table {{rule=..., path=..., reason=...}}")
        unknown = set(entry) - {"rule", "path", "reason"}
        if unknown:
            raise ConfigError(f"{here}: unknown key {sorted(unknown)[0]!r} (known: path, reason, rule)")
        rule, path, reason = entry.get("rule"), entry.get("path", "*"), entry.get("reason")
        if not isinstance(rule, str) or not rule.strip():
            raise ConfigError(f"{here}.rule: expected a rule id or pattern such as \"SEC001\" or \"SEC*\"")
        if not isinstance(path, str) or not path.strip():
            raise ConfigError(f"{here}.path: expected a construct path pattern such as \"TapStack*/Images/*\"")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{here}.reason: a suppression needs a reason saying why the finding is acceptable")
        out.append(ConfigSuppression(rule.strip().upper(), path.strip(), reason.strip(), here))
    return tuple(out)


def _str_list(raw: Any, at: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ConfigError(f"{at}: expected an array of strings")
    return list(raw)


def _rule_id(raw: str, at: str) -> str:
    value = raw.strip().upper()
    if not _RULE_ID.match(value):
        raise ConfigError(f"{at}: {raw!r} is not a rule id (such as SEC001; see `iacreview rules`)")
    return value


def _severity(raw: Any, at: str) -> Severity:
    try:
        return Severity(str(raw).lower())
    except ValueError:
        raise ConfigError(f"{at}: expected one of {', '.join(s.value for s in Severity)}, got {raw!r}") from None
