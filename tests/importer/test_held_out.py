"""The importer on held-out plans: four provinces it was not tuned on, against hand-made answer keys.

The documents and keys are in tests/data/plans/ (see the comments at the top of each key for how it was read).
Scoring is bench/held_out_eval.py's (the matching rule of bench/import_eval.py); run that script for the table.
A failure here is a measurement, not a broken test: the message lists the figures and every miss.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from bot.importer.template import template_registry
from bot.schedules.coverage import clean

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "tests" / "data" / "plans"
NAMES = ("nghe-an-cds-2025", "lao-cai-cchc-2024", "ha-tinh-ke-hoach-2024", "quang-ninh-chi-thi-2024")
MIN_RECALL = 0.9
MIN_LEAD = 0.85


def _bench() -> ModuleType:
    name = "held_out_eval"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "held_out_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _bench()


def _document(name: str) -> str:
    return (PLANS / f"{name}.txt").read_text(encoding="utf-8")


def test_every_document_has_a_key():
    assert [doc.stem for doc, _ in bench.documents(PLANS)] == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_answer_key_is_sound(name):
    """The key quotes the document, names registry ids, and holds 15-40 distinct tasks."""
    text = _document(name)
    key = bench.load_key(PLANS / f"{name}{bench.KEY_SUFFIX}")
    registry = template_registry(key.province, key.name)
    assert unicodedata.is_normalized("NFC", text)
    flat = clean(text)
    assert 15 <= len(key.tasks) <= 40
    assert len({t.ref for t in key.tasks}) == len(key.tasks), "refs repeat"
    assert len({t.text for t in key.tasks}) == len(key.tasks), "quotes repeat"
    for task in key.tasks:
        assert len(re.findall(r"\w+", task.text)) >= 8, task.ref
        for piece in task.text.split(" … "):  # " … " joins the pieces of a task cut by a page break
            assert piece in flat, f"{task.ref}: not verbatim in the document: {piece}"
        assert not task.deadline or task.deadline in flat, f"{task.ref}: deadline not printed so"
        assert task.lead, f"{task.ref}: no lead"
        for lead in task.lead:
            assert lead in registry.agencies or lead in registry.groups, f"{task.ref}: unknown id {lead}"


@pytest.mark.parametrize("name", NAMES)
def test_importer_generalises(name):
    key = bench.load_key(PLANS / f"{name}{bench.KEY_SUFFIX}")
    notes: list[str] = []
    row = bench.score(_document(name), key, template_registry(key.province, key.name), notes)
    recall = row["found"] / row["ref"]
    lead = row["lead"] / row["matched"] if row["matched"] else 0.0
    report = "\n".join([bench.table({name: row}), *notes])
    assert recall >= MIN_RECALL and lead >= MIN_LEAD, (
        f"{name}: recall {recall:.1%} (≥ {MIN_RECALL:.0%}), lead {lead:.1%} (≥ {MIN_LEAD:.0%})\n{report}"
    )
