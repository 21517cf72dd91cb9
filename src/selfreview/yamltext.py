"""Parse YAML text with libyaml's parser where PyYAML has it, else with PyYAML's own.

Both are the same safe YAML 1.1 loader and give the same data; libyaml's is some ten times
faster, which counts because outlines and check rules are read on every run.
"""

from __future__ import annotations

from typing import Any


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, in C when possible; a mistake raises ``yaml.YAMLError``."""
    import yaml  # deferred: not needed on the --help path

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader: plain data, no Python objects
