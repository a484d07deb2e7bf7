"""The shared stylesheet defines the helper classes the templates use (an undefined class does nothing,
and a label meant for screen readers only would then stand visibly beside its field)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "uitkomst"
CSS = (SRC / "web" / "static" / "uitkomst" / "uitkomst.css").read_text(encoding="utf-8")
HULPKLASSEN = ["visueel-verborgen"]


def test_helper_classes_used_in_templates_are_defined():
    gebruikt = set()
    for tpl in SRC.rglob("templates/**/*.html"):
        for attr in re.findall(r'class="([^"{]*)"', tpl.read_text(encoding="utf-8")):
            gebruikt.update(c for c in attr.split() if c in HULPKLASSEN)
    assert gebruikt, "the scan finds the helper classes in the templates"
    for klasse in gebruikt:
        assert re.search(rf"\.{klasse}\s*\{{[^}}]*clip", CSS), f".{klasse} is not defined as screen-reader-only"
