"""Where iacreview keeps what it caches (synth results, jsii packages, the API index, cfn-lint results)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir

from iacreview.config import Config


def cache_root(config: Config) -> Path:
    """``config.cache_dir`` or the user's cache dir for iacreview."""
    return Path(config.cache_dir) if config.cache_dir else Path(user_cache_dir("iacreview"))
