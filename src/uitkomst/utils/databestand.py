"""Reading the shipped, versioned data files (YAML): one reader, with libyaml's C loader where PyYAML was
built with it (the same safe subset of YAML, about ten times faster: the text reader's lexicon and
the reference models are read at every start of a command)."""

from __future__ import annotations

from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lees_yaml(bron):
    """The data of a YAML file (a ``Path``) or of YAML already read (text, bytes or an open file); safe tags
    only. A path given as a plain string is read as YAML text, so callers pass a ``Path``."""
    if isinstance(bron, Path):
        bron = bron.read_text(encoding="utf-8")
    return yaml.load(bron, Loader=_Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
