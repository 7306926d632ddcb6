"""Versions of what findings were checked against, read from package metadata (never by importing aws_cdk)."""

from __future__ import annotations

from functools import cache
from importlib import metadata


@cache
def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def cdk_version() -> str | None:
    return package_version("aws-cdk-lib")
