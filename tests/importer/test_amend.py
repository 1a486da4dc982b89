"""Amendments: importing a new version of a plan that is already running, against real files.

The running plan below is what an admin keeps after importing version 1 and editing it by hand: a shorter
title, the lead written as a registry id, a `note:`, `verify: true`, texts folded over several lines.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bot.domain.model import Catalog, Registry
from bot.importer.amend import (
    Amendment,
    amendment_json,
    diff_plan,
    find_existing,
    find_plan_file,
    merged_yaml,
    number_key,
    ref_tokens,
    render_amendment,
)
from bot.importer.draft import Draft, make_draft
from bot.schedules.loader import load_schedules

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED = SEEDS / "003_cf7ac23ae5e0e01a.txt"

KIEM_TRA = (
    "Sở Nội vụ: Xây dựng kế hoạch kiểm tra công tác cải cách hành chính năm 2024 tại các cơ quan, đơn vị. "
    "Thời gian hoàn thành: Quý II/2024."
)
KINH_PHI = (
    "Sở Tài chính: Bố trí kinh phí thực hiện các nhiệm vụ cải cách hành chính năm 2024 theo quy định hiện "
    "hành. Thời gian hoàn thành: Tháng 3/2024."
)
RA_SOAT = (
    "Sở Tư pháp: Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành trong lĩnh vực được giao "
    "quản lý. Thời gian hoàn thành: Tháng 10/2024."
)
TONG_HOP = (
    "Sở Kế hoạch và Đầu tư: Tổng hợp, đánh giá kết quả thực hiện chỉ số cải cách hành chính của các sở, "
    "ngành, báo cáo UBND tỉnh. Thời gian hoàn thành: Tháng 11/2024."
)
VERSION_1 = [KIEM_TRA, KINH_PHI, RA_SOAT]

RUNNING = """\
# Kế hoạch 45/KH-UBND, nhập bằng `nhacviec import` rồi sửa tay.
plan:
  id: kh45-cchc-2024
  number: 45/KH-UBND
  title: Kế hoạch cải cách hành chính năm 2024
  issuer: UBND tỉnh Thử Nghiệm
  issued: 2024-01-15
  year: 2024
  province: demo
  source: v1.txt

tasks:
  - id: KH45-II.1
    ref: "II.1"
    title: Kế hoạch kiểm tra CCHC năm 2024
    text: >-
      Sở Nội vụ: Xây dựng kế hoạch kiểm tra công tác cải cách hành chính năm 2024
      tại các cơ quan, đơn vị. Thời gian hoàn thành: Quý II/2024.
    lead: so-noi-vu
    deadline: "Quý II/2024"
    note: Đã nhắc Sở Nội vụ gửi dự thảo trước.   # sửa tay

  - id: KH45-II.2
    ref: "II.2"
    title: Bố trí kinh phí CCHC năm 2024
    text: >-
      Sở Tài chính: Bố trí kinh phí thực hiện các nhiệm vụ cải cách hành chính năm 2024
      theo quy định hiện hành. Thời gian hoàn thành: Tháng 3/2024.
    lead: [Sở Tài chính]
    deadline: "Tháng 3/2024"
    verify: true

  - id: KH45-II.3
    ref: "II.3"
    title: Rà soát văn bản QPPL
    text: >-
      Sở Tư pháp: Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành trong lĩnh vực
      được giao quản lý. Thời gian hoàn thành: Tháng 10/2024.
    lead: [Sở Tư pháp]
    support: [Sở Nội vụ]
    deadline: "Tháng 10/2024"
"""


def document(items: list[str], *, number: str = "45/KH-UBND", day: str = "ngày 15 tháng 01 năm 2024") -> str:
    """A plan document as the importer reads it: numbered assignments under "II. NHIỆM VỤ CỤ THỂ"."""
    body = "\n\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    return (
        f"UBND TỈNH THỬ NGHIỆM\n\nSố: {number}\n\nThử Nghiệm, {day}\n\nKẾ HOẠCH\nCải cách hành chính năm 2024\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích: nâng cao chất lượng phục vụ người dân.\n\n"
        f"II. NHIỆM VỤ CỤ THỂ\n\n{body}\n"
    )


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    root = tmp_path / "schedules"
    shutil.copytree(DATA / "registry", root / "agencies")
    (root / "demo").mkdir()
    (root / "demo" / "kh45-cchc-2024.yaml").write_text(RUNNING, encoding="utf-8")
    return root


@pytest.fixture
def catalog(schedules: Path) -> Catalog:
    result = load_schedules([schedules])
    assert result.ok, "\n".join(map(str, result.problems))
    return result.catalog


@pytest.fixture
def registry(catalog: Catalog) -> Registry:
    return catalog.registries["demo"]


def amend(items: list[str], catalog: Catalog, schedules: Path) -> tuple[Draft, Amendment]:
    draft = make_draft(document(items), catalog.registries["demo"], source="v2.txt")
    plan = find_existing(draft, catalog)
    assert plan is not None and plan.id == "kh45-cchc-2024"
    path = find_plan_file(plan.id, schedules, plan.province)
    return draft, diff_plan(draft, plan, catalog.registries["demo"], path=path)


def test_the_same_version_changes_nothing(catalog: Catalog, schedules: Path) -> None:
    # The admin wrote `lead: so-noi-vu` and folded the texts: neither is a change.
    _, amendment = amend(VERSION_1, catalog, schedules)
    assert (amendment.added, amendment.removed, amendment.changed) == ((), (), ())
    assert amendment.unchanged == 3 and not amendment.has_changes
    assert amendment.pairs == {"KH45-II.1": "KH45-II.1", "KH45-II.2": "KH45-II.2", "KH45-II.3": "KH45-II.3"}
    assert "không thay đổi nhiệm vụ nào" in render_amendment(amendment)


def test_spacing_punctuation_and_case_are_not_changes(catalog: Catalog, registry: Registry) -> None:
    draft = make_draft(document(VERSION_1), registry)
    first = draft.tasks[0]
    draft.tasks[0] = replace(first, text="  " + first.text.upper().replace(", ", " ,  ").replace(".", " ;"))
    amendment = diff_plan(draft, catalog.plans["kh45-cchc-2024"], registry)
    assert amendment.changed == () and amendment.unchanged == 3


def test_a_changed_deadline(catalog: Catalog, schedules: Path) -> None:
    later = KIEM_TRA.replace("Quý II/2024", "Quý III/2024")
    _, amendment = amend([later, KINH_PHI, RA_SOAT], catalog, schedules)
    assert amendment.unchanged == 2 and len(amendment.changed) == 1
    change = amendment.changed[0]
    assert (change.existing_id, change.draft_id, change.matched_by) == ("KH45-II.1", "KH45-II.1", "id")
    fields = {c.field: c for c in change.changes}
    assert set(fields) == {"text", "deadline"}  # the text names the deadline too
    assert fields["deadline"].old == "«Quý II/2024» (hạn 30/06/2024)"
    assert fields["deadline"].new == "«Quý III/2024» (hạn 30/09/2024)"
    assert fields["text"].old.endswith("hoàn thành: Quý II/2024.") and fields["text"].new.endswith(
        "Quý III/2024."
    )


def test_a_changed_lead_is_compared_by_agency(catalog: Catalog, schedules: Path) -> None:
    # "SNV" is an alias of so-noi-vu: same agency as the running `lead: so-noi-vu`, no change.
    alias = KIEM_TRA.replace("Sở Nội vụ:", "SNV:")
    moved = RA_SOAT.replace("Sở Tư pháp:", "Sở Tài chính:")
    _, amendment = amend([alias, KINH_PHI, moved], catalog, schedules)
    alias_change, moved_change = amendment.changed
    assert alias_change.existing_id == "KH45-II.1" and [c.field for c in alias_change.changes] == ["text"]
    assert moved_change.existing_id == "KH45-II.3"
    fields = {c.field: c for c in moved_change.changes}
    assert (fields["lead"].old, fields["lead"].new) == ("Sở Tư pháp", "Sở Tài chính")
    assert "support" not in fields  # the new text names no coordinator: the admin's `support` stands


def test_added_removed_and_renumbered_tasks(catalog: Catalog, schedules: Path) -> None:
    # Version 2 inserts a task at II.2 (so II.2 and II.3 move down) and drops the review of legal texts.
    draft, amendment = amend([KIEM_TRA, TONG_HOP, KINH_PHI], catalog, schedules)
    assert [t.id for t in amendment.added] == ["KH45-II.2"]
    assert [t.id for t in amendment.removed] == ["KH45-II.3"]
    assert amendment.unchanged == 1
    (moved,) = amendment.changed
    assert (moved.existing_id, moved.draft_id, moved.matched_by) == ("KH45-II.2", "KH45-II.3", "text")
    assert [(c.field, c.old, c.new) for c in moved.changes] == [("ref", "II.2", "II.3")]
    assert draft.tasks[1].id == "KH45-II.2"  # the new task's own id is taken by a running task


def test_which_running_plan(catalog: Catalog, registry: Registry) -> None:
    plan = catalog.plans["kh45-cchc-2024"]
    by_number = make_draft(document(VERSION_1, number="45/KH-UBND"), registry, source="khac.txt")
    assert by_number.plan_id != plan.id and find_existing(by_number, catalog) is plan
    spaced = replace(by_number, meta=replace(by_number.meta, number="45 / kh-UBND"))
    assert find_existing(spaced, catalog) is plan
    other_year = make_draft(document(VERSION_1, day="ngày 10 tháng 01 năm 2025"), registry, source="x.txt")
    assert find_existing(other_year, catalog) is None  # numbers restart every year
    elsewhere = replace(by_number, province="ha-nam")
    assert find_existing(elsewhere, catalog) is None
    restating = make_draft(document(VERSION_1, number="99/KH-UBND"), registry, source="x.txt")
    titled = replace(restating, meta=replace(restating.meta, title="Sửa đổi, bổ sung Kế hoạch số 45/KH-UBND"))
    assert find_existing(restating, catalog) is None and find_existing(titled, catalog) is plan
    same_file = replace(restating, source="v1.txt")
    assert find_existing(same_file, catalog) is plan
    by_id = replace(restating, plan_id="kh45-cchc-2024")
    assert find_existing(by_id, catalog) is plan
    assert number_key("Số 12/KH-ĐU") == number_key("12 / kh-du") == "12/kh-du"


def test_refs_are_compared_folded() -> None:
    assert (
        ref_tokens("PL-I.1.2 (Hoạt động 3)") == ref_tokens("PL-I.1.2 HĐ3") == ("pl", "i", "1", "2", "hd", "3")
    )
    assert ref_tokens("II.01") == ref_tokens("II.1") != ref_tokens("II.10")


def test_the_merged_draft_keeps_hand_edits_and_validates(
    catalog: Catalog, schedules: Path, tmp_path: Path
) -> None:
    running = schedules / "demo" / "kh45-cchc-2024.yaml"
    before = running.read_bytes()
    later = KIEM_TRA.replace("Quý II/2024", "Quý III/2024")
    draft, amendment = amend([later, TONG_HOP, KINH_PHI], catalog, schedules)
    merged = merged_yaml(amendment, running, draft)
    assert running.read_bytes() == before  # the running file is only read

    unchanged = RUNNING[RUNNING.index("  - id: KH45-II.2") : RUNNING.index("  - id: KH45-II.3")]
    assert unchanged.replace('ref: "II.2"', 'ref: "II.3"') in merged  # byte for byte but the renumbered ref
    assert "note: Đã nhắc Sở Nội vụ gửi dự thảo trước.   # sửa tay" in merged  # a changed task keeps its note
    assert "lead: so-noi-vu" in merged and 'deadline: "Quý III/2024"' in merged
    assert "# CẦN XEM: thay đổi so với bản đang chạy (văn bản mới: KH45-II.1, cùng mã):" in merged
    assert '#   deadline: "Quý II/2024"' in merged  # the replaced value is quoted, not lost
    assert "  # CẦN XEM: không còn trong văn bản mới." in merged and "  - id: KH45-II.3\n" in merged
    assert '  - id: "KH45-II.2-moi"' in merged  # a new task never takes a running task's id

    candidate = tmp_path / "candidate"
    shutil.copytree(DATA / "registry", candidate / "agencies")
    (candidate / "plan.yaml").write_text(merged, encoding="utf-8")
    result = load_schedules([candidate])
    assert result.ok, "\n".join(map(str, result.problems))
    plan = result.catalog.plans["kh45-cchc-2024"]
    tasks = {t.id: t for t in plan.tasks}
    assert set(tasks) == {"KH45-II.1", "KH45-II.2", "KH45-II.3", "KH45-II.2-moi"}
    assert tasks["KH45-II.1"].phrase == "Quý III/2024" and tasks["KH45-II.2"].verify
    assert tasks["KH45-II.2"].ref == "II.3" and tasks["KH45-II.2-moi"].lead_ids == ("so-ke-hoach-va-dau-tu",)

    again = diff_plan(draft, plan, catalog.registries["demo"])  # the merged plan is the new version
    assert (again.added, again.removed, again.changed) == ((), (tasks["KH45-II.3"],), ())


def test_merged_draft_of_a_list_at_column_zero(catalog: Catalog, schedules: Path, registry: Registry) -> None:
    running = schedules / "demo" / "kh45-cchc-2024.yaml"
    flush = RUNNING.split("tasks:\n")[0] + "tasks:\n" + textwrap.dedent(RUNNING.split("tasks:\n")[1])
    running.write_text(flush, encoding="utf-8")
    result = load_schedules([schedules])
    assert result.ok, "\n".join(map(str, result.problems))
    draft = make_draft(document([KIEM_TRA, KINH_PHI, RA_SOAT, TONG_HOP]), registry)
    amendment = diff_plan(draft, result.catalog.plans["kh45-cchc-2024"], registry)
    merged = merged_yaml(amendment, running, draft)
    assert (
        '\n# CẦN XEM: nhiệm vụ mới trong văn bản mới (không có trong bản đang chạy)\n- id: "KH45-II.4"\n  ref: "II.4"\n'
        in merged
    )
    assert merged.startswith("# Bản gộp") and flush in merged


def test_report(catalog: Catalog, schedules: Path) -> None:
    later = KIEM_TRA.replace("Quý II/2024", "Quý III/2024")
    _, amendment = amend([later, TONG_HOP, KINH_PHI], catalog, schedules)
    report = render_amendment(amendment, Path("ban-gop.yaml"))
    path = schedules / "demo" / "kh45-cchc-2024.yaml"
    assert report == (
        f"So với kế hoạch đang chạy «kh45-cchc-2024» ({path}):\n"
        "* Phần đầu kế hoạch khác: tệp nguồn: «v1.txt» → «v2.txt».\n"
        "+ 1 nhiệm vụ mới:\n"
        "    KH45-II.2 (mục II.2): Tổng hợp, đánh giá kết quả thực hiện chỉ số cải cách hành chính của các sở, "
        "ngành, báo cáo UBND tỉnh; chủ trì: Sở Kế hoạch và Đầu tư; thời hạn «Tháng 11/2024»\n"
        "- 1 nhiệm vụ không còn trong văn bản mới:\n"
        "    KH45-II.3 (mục II.3): Rà soát văn bản QPPL\n"
        "~ 2 nhiệm vụ thay đổi:\n"
        "    KH45-II.1: nội dung: «… gian hoàn thành: Quý II/2024.» → «… gian hoàn thành: Quý "
        "III/2024.»; thời hạn: «Quý II/2024» (hạn 30/06/2024) → «Quý III/2024» (hạn 30/09/2024)\n"
        "    KH45-II.2 (văn bản mới: KH45-II.3): số mục: «II.2» → «II.3»\n"
        "= 0 nhiệm vụ không đổi.\n"
        "Tệp đang chạy không bị ghi đè. Bản gộp đã ghi vào ban-gop.yaml: nhiệm vụ không đổi giữ nguyên bản "
        "đang chạy (cả các chỉnh sửa tay), chỗ thay đổi, nhiệm vụ mới và nhiệm vụ không còn trong văn bản mới "
        "được đánh dấu « CẦN XEM ». Xem từng chỗ, thay tệp đang chạy bằng bản gộp, chạy «nhacviec validate» "
        "rồi gửi /tailai cho bot. Mã nhiệm vụ đang chạy được giữ nguyên nên lịch sử nhắc việc và hoàn thành "
        "không mất.\n"
    )
    data = json.loads(json.dumps(amendment_json(amendment), ensure_ascii=False))
    assert data["totals"] == {"added": 1, "removed": 1, "changed": 2, "unchanged": 0}
    assert data["changed"][1] == {
        "id": "KH45-II.2", "draft_id": "KH45-II.3", "ref": "II.2", "title": "Bố trí kinh phí CCHC năm 2024",
        "matched_by": "text", "changes": [{"field": "ref", "old": "II.2", "new": "II.3"}],
    }  # fmt: skip
    assert data["removed"] == [{"id": "KH45-II.3", "ref": "II.3", "title": "Rà soát văn bản QPPL"}]
    assert data["added"][0]["lead"] == [{"name": "Sở Kế hoạch và Đầu tư", "id": "so-ke-hoach-va-dau-tu"}]


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed document not found at {SEED}")
def test_the_seed_plan_against_its_own_document(capsys: pytest.CaptureFixture[str]) -> None:
    """Kế hoạch 213/KH-UBND was transcribed by hand; importing its document again must find most tasks."""
    result = load_schedules([ROOT / "schedules"])
    assert result.ok, "\n".join(map(str, result.errors))
    registry = result.catalog.registries["bac-giang"]
    draft = make_draft(SEED.read_text(encoding="utf-8"), registry, source=SEED.name)
    plan = find_existing(draft, result.catalog)
    assert plan is not None and plan.id == "bg-213-cchc-2024"
    path = find_plan_file(plan.id, ROOT / "schedules", plan.province)
    assert path == ROOT / "schedules" / "bac-giang" / "bg-213-cchc-2024.yaml"
    before = path.read_bytes()
    amendment = diff_plan(draft, plan, registry, path=path)
    merged = merged_yaml(amendment, path, draft)
    assert path.read_bytes() == before and merged.count("CẦN XEM") >= amendment.matched - amendment.unchanged
    fields = Counter(c.field for change in amendment.changed for c in change.changes)
    with capsys.disabled():
        print(
            f"\n[amend seed 003] running {len(plan.tasks)}, draft {len(draft.tasks)}: added {len(amendment.added)}, "
            f"removed {len(amendment.removed)}, changed {len(amendment.changed)}, unchanged {amendment.unchanged}; "
            f"changed fields {dict(fields)}"
        )
    assert amendment.matched >= 0.8 * len(plan.tasks)
    assert len(amendment.removed) + amendment.matched == len(plan.tasks)
    assert len(amendment.added) + amendment.matched == len(draft.tasks)


def test_a_replaced_value_is_quoted_whole_and_a_printed_lead_ends_an_inferred_one(
    schedules: Path, registry: Registry, tmp_path: Path
) -> None:
    running = schedules / "demo" / "kh45-cchc-2024.yaml"
    edited = RUNNING.replace(
        '    lead: so-noi-vu\n    deadline: "Quý II/2024"\n',
        "    lead: so-noi-vu\n    lead_inferred: true\n    lead_reason: Văn bản không ghi; việc của ngành nội vụ.\n"
        '    deadline:\n      phrase: "Quý II/2024"\n      kind: date\n      due: 2024-06-15   # hạn thật\n\n',
    )
    running.write_text(edited, encoding="utf-8")
    result = load_schedules([schedules])
    assert result.ok, "\n".join(map(str, result.problems))
    changed = KIEM_TRA.replace("Quý II/2024", "Quý III/2024").replace("Sở Nội vụ:", "Sở Tư pháp:")
    draft = make_draft(document([changed, KINH_PHI, RA_SOAT]), registry)
    amendment = diff_plan(draft, result.catalog.plans["kh45-cchc-2024"], registry)
    (change,) = amendment.changed
    assert [c.field for c in change.changes] == ["text", "lead", "deadline"]
    merged = merged_yaml(amendment, running, draft)
    head = merged[merged.index("# CẦN XEM: thay đổi") : merged.index("  - id: KH45-II.1")]
    assert "#   lead_inferred: true\n" in head and '#   deadline:\n  #     phrase: "Quý II/2024"\n' in head
    assert "  #     due: 2024-06-15   # hạn thật\n" in head  # the admin's explicit date, quoted for review
    task = merged[merged.index("  - id: KH45-II.1") : merged.index("  - id: KH45-II.2")]
    assert "lead_inferred" not in task and "lead_reason" not in task
    assert '    lead: ["Sở Tư pháp"]\n    deadline: "Quý III/2024"\n' in task
    assert task.endswith("note: Đã nhắc Sở Nội vụ gửi dự thảo trước.   # sửa tay\n\n")
    candidate = tmp_path / "candidate"
    shutil.copytree(DATA / "registry", candidate / "agencies")
    (candidate / "plan.yaml").write_text(merged, encoding="utf-8")
    loaded = load_schedules([candidate])
    assert loaded.ok, "\n".join(map(str, loaded.problems))
    task_now = loaded.catalog.plans["kh45-cchc-2024"].tasks[0]
    assert task_now.lead_ids == ("so-tu-phap",) and not task_now.lead_inferred
    assert task_now.deadline.due is not None and task_now.deadline.due.isoformat() == "2024-09-30"
