"""Seeds 000 (bg-ptctt-2024) and 002 (bg-nq42-tu): the schedules held to the documents they transcribe.

Each spot check pins one task's ref, lead agencies and parsed deadline, and checks that a short verbatim
snippet of its source passage is in the seed text, so a regression in the schedule or a swap of the
document shows up here.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import plan_of, task_of

SEED_000 = "000_86c41b297729cab4.txt"
SEED_002 = "002_a4c9a62cbd261bef.txt"


def _group_of(catalog, plan_id: str, name: str) -> str:
    """The registry group a name written in a plan resolves to (fails if it is not a group)."""
    registry = catalog.registries[plan_of(catalog, plan_id).province]
    resolved = registry.resolve(name)
    assert resolved is not None and resolved.is_group, name
    return resolved.id


# ---------------------------------------------------------------------------------------------- 000


def test_000_task_count(catalog):
    plan = plan_of(catalog, "bg-ptctt-2024")
    assert len(plan.tasks) == 42
    assert plan.source == SEED_000
    assert plan.year == 2024


# (task id, ref, lead ids, deadline kind, due, snippet of the source passage)
SPOT_000 = [
    (
        "PCT24-III.1.1",
        "III.1.1",
        ("cong-an-tinh",),
        "date",
        date(2024, 12, 31),
        "Chỉ đạo thực hiện công tác cấp Căn cước công dân, Định danh điện tử",
    ),
    (
        "PCT24-III.1.2.2e",
        "III.1.2.2 (gạch đầu dòng 5)",
        ("so-thong-tin-va-truyen-thong",),
        "date",
        date(2024, 12, 31),
        "Kế hoạch chuyển đổi số trong các cơ quan nhà nước tỉnh Bắc Giang năm 2025",
    ),
    (
        "PCT24-III.2.1b",
        "III.2.1 (gạch đầu dòng 2)",
        ("ban-to-chuc-tuan-van-hoa-du-lich-2024", "so-van-hoa-the-thao-va-du-lich"),
        "date",
        date(2024, 12, 31),
        "Chỉ đạo thành viên Ban Tổ chức, Tổ giúp việc Ban Tổ chức",
    ),
    (
        "PCT24-III.2.3",
        "III.2.3",
        ("so-van-hoa-the-thao-va-du-lich",),
        "date",
        date(2024, 12, 31),
        "xây dựng thành công tour du lịch Hà Nội - Làng Thổ Hà",
    ),
    (
        "PCT24-III.3.2a",
        "III.3.2 (gạch đầu dòng 1)",
        ("so-y-te",),
        "date",
        date(2024, 3, 31),
        "tổng hợp nhu cầu phát triển chuyên môn giai đoạn từ nay đến 2030, **hoàn thành trong quý I năm 2024**",
    ),
    (
        "PCT24-III.3.2b",
        "III.3.2 (gạch đầu dòng 2)",
        ("so-y-te",),
        "date",
        date(2024, 2, 15),
        "giao lưu, trao đổi đoàn. **Thời gian hoàn thành: Trước 15/02/2024.**",
    ),
    (
        "PCT24-III.3.2c",
        "III.3.2 (gạch đầu dòng 3)",
        ("cac-co-so-kham-chua-benh",),
        "date",
        date(2024, 6, 30),
        "Chỉ đạo các bệnh viện bao gồm cả y tế ngoài công lập chủ động nghiên cứu",
    ),
    (
        "PCT24-III.3.2e",
        "III.3.2 (gạch đầu dòng 5)",
        ("so-y-te",),
        "date",
        date(2024, 12, 31),
        "Chỉ đạo Sở Y tế phối hợp với Bảo hiểm Xã hội tỉnh hướng dẫn",
    ),
    (
        "PCT24-III.3.3a",
        "III.3.3 (gạch đầu dòng 1)",
        ("so-y-te",),
        "event",
        None,
        "**Thời gian hoàn thành trong 01 tháng kể từ khi Chính phủ ban hành Nghị định",
    ),
    (
        "PCT24-III.3.3b",
        "III.3.3 (gạch đầu dòng 2)",
        ("cac-co-so-kham-chua-benh",),
        "date",
        date(2024, 1, 31),
        "Chỉ đạo các cơ sở khám chữa bệnh rà soát lại",
    ),
    (
        "PCT24-III.3.3c",
        "III.3.3 (gạch đầu dòng 3)",
        ("so-y-te",),
        "date",
        date(2024, 2, 29),
        "dược liệu của các cơ sở y tế công lập trên địa bàn tỉnh Bắc Giang. **Hoàn thành trong tháng 02/2024.**",
    ),
    (
        "PCT24-III.3.3g",
        "III.3.3 (gạch đầu dòng 7)",
        ("so-y-te",),
        "date",
        date(2024, 12, 31),
        "sinh phẩm chẩn đoán invitro của các đơn vị. ***Hoàn thành trong tháng 12/2024.***",
    ),
    (
        "PCT24-III.4d",
        "III.4 (gạch đầu dòng 4)",
        ("bao-hiem-xa-hoi-tinh",),
        "event",
        None,
        "(khi có Kế hoạch phân bổ chỉ tiêu của BHXH Việt Nam)",
    ),
    (
        "PCT24-III.5",
        "III.5",
        ("so-giao-duc-va-dao-tao",),
        "date",
        date(2024, 3, 31),
        "trình UBND tỉnh, Ban Thường vụ Tỉnh ủy **trong tháng 3/2024**",
    ),
    (
        "PCT24-III.5b",
        "III.5",
        ("to-cong-tac-ra-soat-co-so-vat-chat-giao-vien",),
        "date",
        date(2024, 3, 31),
        "xây dựng kế hoạch làm việc cụ thể, trực tiếp với UBND huyện, thành phố",
    ),
    (
        "PCT24-IV.2",
        "IV.2",
        ("van-phong-ubnd-tinh",),
        "ongoing",
        None,
        "Giao Văn phòng UBND tỉnh chủ trì, phối hợp với các sở, ngành, địa phương",
    ),
]


@pytest.mark.parametrize(
    ("task_id", "ref", "leads", "kind", "due", "snippet"), SPOT_000, ids=[s[0] for s in SPOT_000]
)
def test_000_spot_checks(catalog, seed_text, task_id, ref, leads, kind, due, snippet):
    task = task_of(catalog, task_id)
    assert task.plan_id == "bg-ptctt-2024"
    assert task.ref == ref
    assert task.lead_ids == leads
    assert task.deadline.kind == kind
    assert task.deadline.due == due
    assert snippet in seed_text(SEED_000)


def test_000_printed_leads_are_not_marked_inferred(catalog):
    # The document names these agencies; the inferred ones name none (or only "các cơ quan, đơn vị liên quan").
    for task_id in (
        "PCT24-III.3.2c",
        "PCT24-III.3.2e",
        "PCT24-III.3.3b",
        "PCT24-III.5",
        "PCT24-IV.1",
        "PCT24-IV.2",
    ):
        assert not task_of(catalog, task_id).lead_inferred, task_id
    for task_id in ("PCT24-III.1.1", "PCT24-III.1.2.2e", "PCT24-III.3.2a", "PCT24-III.4a"):
        assert task_of(catalog, task_id).lead_inferred, task_id


def test_000_verbatim_deadline_phrases(catalog, seed_text):
    text = seed_text(SEED_000)
    phrases = {
        "PCT24-III.3.2a": "hoàn thành trong quý I năm 2024",
        "PCT24-III.3.2b": "Thời gian hoàn thành: Trước 15/02/2024",
        "PCT24-III.3.2c": "Thời gian thực hiện chậm nhất trong tháng 6/2024",
        "PCT24-III.3.3d": "Hoàn thành trong tháng 6/2024",
        "PCT24-III.3.3e": "Hoàn thành trong thời gian được quy định khi phát sinh gói thầu",
        "PCT24-III.3.3f": "Hoàn thành khi phát sinh tình huống",
        "PCT24-III.5": "trong tháng 3/2024",
        "PCT24-IV.2": "định kỳ (đợt xuất)",
    }
    for task_id, phrase in phrases.items():
        assert task_of(catalog, task_id).phrase == phrase, task_id
        assert phrase in text, phrase


def test_000_event_offset_and_quarterly_report(catalog, seed_text):
    event = task_of(catalog, "PCT24-III.3.3a").deadline
    assert event.kind == "event" and event.offset_days == 30

    report = task_of(catalog, "PCT24-IV.1")
    assert report.ref == "IV.1"
    assert _group_of(catalog, "bg-ptctt-2024", report.lead[0]) == "cac-co-quan-don-vi-dia-phuong"
    assert {"van-phong-ubnd-tinh", "so-y-te", "ubnd-huyen-lang-giang"} <= set(report.lead_ids)
    assert report.deadline.kind == "recurring"
    assert (report.deadline.freq, report.deadline.day, report.deadline.month_in_period) == (
        "quarterly",
        15,
        "last",
    )
    assert "Định kỳ hằng quý (*trước ngày 15 tháng cuối quý*)" in seed_text(SEED_000)


def test_000_group_leads_kept_as_groups(catalog, seed_text):
    task = task_of(catalog, "PCT24-III.1.2.2d")
    assert task.ref == "III.1.2.2 (gạch đầu dòng 4)"
    groups = {_group_of(catalog, "bg-ptctt-2024", name) for name in task.lead}
    assert groups == {"cac-so-ban-nganh", "ubnd-cac-huyen"}
    assert task.deadline.kind == "ongoing"
    assert "Chỉ đạo các sở, ngành và UBND các huyện, thành phố tiếp tục thực hiện nghiêm" in seed_text(
        SEED_000
    )


# ---------------------------------------------------------------------------------------------- 002


def test_002_task_count(catalog):
    plan = plan_of(catalog, "bg-nq42-tu")
    assert len(plan.tasks) == 16
    assert plan.source == SEED_002
    assert plan.until == date(2030, 12, 31)
    assert plan.end == date(2030, 12, 31)


DANG_DOAN_MTTQ_CTXH = {
    "dang-doan-uy-ban-mttq-tinh",
    "lien-doan-lao-dong-tinh",
    "hoi-nong-dan-tinh",
    "hoi-lien-hiep-phu-nu-tinh",
    "hoi-cuu-chien-binh-tinh",
    "tinh-doan",
}

# (task id, ref, lead ids as a set, deadline kind, due, snippet of the source passage)
SPOT_002 = [
    (
        "NQ42-IV.1",
        "IV.1",
        {"ban-can-su-dang-ubnd-tinh"},
        "date",
        date(2024, 4, 30),
        "phân công rõ trách nhiệm của các cơ quan, đơn vị, địa phương liên quan; **xong trong tháng 4/2024.**",
    ),
    (
        "NQ42-IV.2",
        "IV.2",
        {"ban-tuyen-giao-tinh-uy"},
        "ongoing",
        None,
        "Ban Tuyên giáo Tỉnh ủy chỉ đạo, định hướng các cơ quan, đơn vị, địa phương",
    ),
    (
        "NQ42-IV.3a",
        "IV.3",
        {"dang-doan-hdnd-tinh"},
        "ongoing",
        None,
        "Đảng đoàn HĐND tỉnh chỉ đạo: Tăng cường giám sát",
    ),
    (
        "NQ42-IV.3b",
        "IV.3",
        {"dang-doan-hdnd-tinh"},
        "ongoing",
        None,
        "sửa đổi, bổ sung, hoàn thiện, ban hành cơ chế, chính sách xã hội trên địa bàn tỉnh",
    ),
    (
        "NQ42-IV.4a",
        "IV.4",
        DANG_DOAN_MTTQ_CTXH,
        "date",
        date(2024, 4, 30),
        "Ban Thường vụ Tỉnh đoàn chỉ đạo: Xây dựng kế hoạch thực hiện Nghị quyết số 42-NQ/TW",
    ),
    (
        "NQ42-IV.4c",
        "IV.4",
        DANG_DOAN_MTTQ_CTXH,
        "ongoing",
        None,
        "tăng cường giám sát, phản biện việc triển khai thực hiện Nghị quyết số 42-NQ/TW",
    ),
    (
        "NQ42-IV.6a",
        "IV.6",
        {"ban-can-su-dang-ubnd-tinh"},
        "ongoing",
        None,
        "Giao Ban cán sự đảng UBND tỉnh chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy",
    ),
    (
        "NQ42-IV.6b",
        "IV.6",
        {"ban-can-su-dang-ubnd-tinh"},
        "unspecified",
        None,
        "định kỳ báo cáo kết quả thực hiện với Ban Thường vụ Tỉnh ủy và tham mưu báo cáo với Trung ương theo quy định",
    ),
    (
        "NQ42-III.9a",
        "III.9 (đoạn 2)",
        {
            "uy-ban-mttq-tinh",
            "tinh-doan",
            "lien-doan-lao-dong-tinh",
            "hoi-nong-dan-tinh",
            "hoi-lien-hiep-phu-nu-tinh",
            "hoi-cuu-chien-binh-tinh",
            "cac-hoi-quan-chung",
        },
        "ongoing",
        None,
        "các tổ chức hội quần chúng được giao nhiệm vụ thường xuyên lắng nghe, phản ánh",
    ),
    (
        "NQ42-III.3",
        "III.3 (đoạn 1)",
        {"ban-can-su-dang-ubnd-tinh"},
        "date",
        date(2024, 12, 31),
        "huy động mọi nguồn lực hỗ trợ 100% gia đình người có công gặp khó khăn về nhà ở",
    ),
    (
        "NQ42-III.6",
        "III.6 (Về nhà ở)",
        {"ban-can-su-dang-ubnd-tinh"},
        "date",
        date(2024, 12, 31),
        "để hoàn thành mục tiêu xóa 100% nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo",
    ),
]


@pytest.mark.parametrize(
    ("task_id", "ref", "leads", "kind", "due", "snippet"), SPOT_002, ids=[s[0] for s in SPOT_002]
)
def test_002_spot_checks(catalog, seed_text, task_id, ref, leads, kind, due, snippet):
    task = task_of(catalog, task_id)
    assert task.plan_id == "bg-nq42-tu"
    assert task.ref == ref
    assert set(task.lead_ids) == leads
    assert task.deadline.kind == kind
    assert task.deadline.due == due
    assert snippet in seed_text(SEED_002)


def test_002_plan_building_deadline(catalog, seed_text):
    text = seed_text(SEED_002)
    task = task_of(catalog, "NQ42-IV.5")
    assert task.ref == "IV.5"
    assert task.phrase == "xong trong tháng 4/2024"
    assert task.deadline.due == date(2024, 4, 30)
    groups = {
        _group_of(catalog, "bg-nq42-tu", name) for name in task.lead if name != "Ban Thường vụ Tỉnh đoàn"
    }
    assert groups == {"ban-can-su-dang-doan", "cap-uy-truc-thuoc-tinh-uy"}
    assert {"tinh-doan", "ban-can-su-dang-ubnd-tinh", "huyen-uy-luc-nam"} <= set(task.lead_ids)
    assert "đảng ủy trực thuộc Tỉnh ủy xây dựng Kế hoạch tổ chức thực hiện Nghị quyết số 42-NQ/TW" in text
    assert text.count("xong trong tháng 4/2024") == 2  # IV.1 and IV.5 only; IV.4 has no printed deadline
    # IV.4a takes IV.5's deadline as an implied one, never as a printed phrase
    plan_4a = task_of(catalog, "NQ42-IV.4a")
    assert plan_4a.phrase == "" and plan_4a.deadline_implied and plan_4a.deadline_reason


def test_002_inferred_leads_and_coordinators(catalog):
    for task_id in ("NQ42-III.3", "NQ42-III.6"):
        assert task_of(catalog, task_id).lead_inferred, task_id
    for task in plan_of(catalog, "bg-nq42-tu").tasks:
        if task.id not in ("NQ42-III.3", "NQ42-III.6"):
            assert not task.lead_inferred, task.id
    assert task_of(catalog, "NQ42-IV.6a").support_ids == ("ban-tuyen-giao-tinh-uy",)
    assert task_of(catalog, "NQ42-III.3").phrase == "trong năm 2024"
