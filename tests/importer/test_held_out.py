"""The importer on plans of other provinces (tests/data/plans*/), against hand-made answer keys.

Each set was written by someone who had not read the importer, measured blind, then used to fix what it
showed (docs/importer.md has both figures); this keeps every set from regressing. Scoring is
bench/held_out_eval.py's (the matching rule of bench/import_eval.py); run that script for the tables.
A failure here is a measurement, not a broken test: the message lists the figures and every miss.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.importer.template import template_registry

ROOT = Path(__file__).resolve().parents[2]
MIN_RECALL = 0.9
MIN_LEAD = 0.8  # a regression guard just below the lowest document today (Sơn La, 83.3%)


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
SETS = sorted(d for d in (ROOT / "tests" / "data").glob("plans*") if d.is_dir())
DOCUMENTS = [
    pytest.param(doc, key, id=f"{doc.parent.name}/{doc.stem}")
    for s in SETS
    for doc, key in bench.documents(s)
]


def test_every_set_has_documents_with_keys():
    assert [s.name for s in SETS] == ["plans", "plans-blind", "plans-check", "plans-final", "plans-last"]
    assert all(len(bench.documents(s)) >= 3 for s in SETS)
    assert all(len(list(s.glob("*.txt"))) == len(bench.documents(s)) for s in SETS), "a document has no key"


@pytest.mark.parametrize(("doc", "key_path"), DOCUMENTS)
def test_answer_key_is_sound(doc: Path, key_path: Path) -> None:
    """The key quotes the document verbatim, names registry ids, and holds 15-40 distinct tasks."""
    key = bench.load_key(key_path)
    assert 15 <= len(key.tasks) <= 40
    text = doc.read_text(encoding="utf-8")
    assert bench.key_problems(text, key, template_registry(key.province, key.name)) == []


@pytest.mark.parametrize(("doc", "key_path"), DOCUMENTS)
def test_importer_generalises(doc: Path, key_path: Path) -> None:
    key = bench.load_key(key_path)
    notes: list[str] = []
    row = bench.score(doc.read_text(encoding="utf-8"), key, template_registry(key.province, key.name), notes)
    recall = row["found"] / row["ref"]
    lead = row["lead"] / row["matched"] if row["matched"] else 0.0
    report = "\n".join([bench.table({doc.name: row}), *notes])
    assert recall >= MIN_RECALL and lead >= MIN_LEAD, (
        f"{doc.name}: recall {recall:.1%} (≥ {MIN_RECALL:.0%}), lead {lead:.1%} (≥ {MIN_LEAD:.0%})\n{report}"
    )
