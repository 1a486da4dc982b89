"""Seed 001 (Kế hoạch thực hiện Nghị quyết 01/NQ-CP năm 2024, UBND tỉnh Bắc Giang) against bg-nq01-2024.

Each spot check pins one task's ref, lead agencies and parsed deadline to what the document says, and checks
that a short verbatim snippet of the source passage is in the seed text.
"""

import re
from datetime import date

import pytest
from conftest import plan_of, task_of

PLAN = "bg-nq01-2024"
SEED = "001_0c44b8b32b54e5ec.txt"

# Section II: one task per numbered item "N.M. <cơ quan>: ...", plus the parts split off because they have
# their own timing or are a one-off product: 1.9 (a, b), 4.1 (a, b), 6.2 (a, b), 6.3 (+b), 6.6 (+b),
# 8.2 (+b, +c). Section III: three dashes of III.1 and III.3 (III.2 is a request to HĐND/MTTQ, not a task).
TASK_COUNT = 74

HUYEN = {
    "ubnd-thanh-pho-bac-giang",
    "ubnd-huyen-lang-giang",
    "ubnd-huyen-luc-nam",
    "ubnd-huyen-luc-ngan",
    "ubnd-huyen-son-dong",
    "ubnd-huyen-yen-the",
    "ubnd-huyen-tan-yen",
    "ubnd-huyen-hiep-hoa",
    "ubnd-huyen-yen-dung",
}
DEC31 = date(2024, 12, 31)


def test_task_count(catalog):
    assert len(plan_of(catalog, PLAN).tasks) == TASK_COUNT


def test_every_numbered_item_of_section_ii_has_a_task(catalog, seed_text):
    text = seed_text(SEED)
    section = text[text.index("II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU") : text.index("III. TỔ CHỨC THỰC HIỆN")]
    printed = {f"II.{a}.{b}" for a, b in re.findall(r"(?m)^(\d)\.(\d{1,2})\. ", section)}
    assert len(printed) == 63
    refs = {t.ref for t in plan_of(catalog, PLAN).tasks if t.ref.startswith("II.")}
    assert refs == printed


def _spot(catalog, seed_text, task_id, ref, snippet):
    assert snippet in seed_text(SEED), snippet
    task = task_of(catalog, task_id)
    assert task.plan_id == PLAN
    assert task.ref == ref
    return task


def test_ii_1_1_group_of_all_departments_and_localities(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.1.1", "II.1.1", "1.1. Các sở, ngành, địa phương: Đề cao sự chủ động"
    )
    assert {"so-ke-hoach-va-dau-tu", "so-tai-chinh", "so-noi-vu"} <= set(t.lead_ids)
    assert HUYEN - {"ubnd-huyen-yen-dung"} <= set(t.lead_ids)
    assert t.phrase == ""
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_1_2_planning_and_investment(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.1.2",
        "II.1.2",
        "1.2. Sở Kế hoạch và Đầu tư: Chủ trì, phối hợp với các ngành, địa phương rà soát",
    )
    assert t.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert "cuc-thong-ke-tinh" in t.support_ids
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_1_9a_statistics_monthly_assessment(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.1.9a",
        "II.1.9",
        "đánh giá sát tình hình kinh tế - xã hội định kỳ hàng tháng, quý, 6 tháng, 9 tháng, năm",
    )
    assert t.lead_ids == ("cuc-thong-ke-tinh",)
    assert t.phrase == "định kỳ hàng tháng, quý, 6 tháng, 9 tháng, năm"
    assert t.deadline.kind == "recurring" and t.deadline.freq == "monthly"


def test_ii_2_4_legal_support_programme(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.2.4",
        "II.2.4",
        "2.4. Sở Tư pháp: Chủ trì tham mưu ban hành Kế hoạch triển khai các hoạt động của Chương trình hỗ trợ",
    )
    assert t.lead_ids == ("so-tu-phap",)
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_3_9_two_project_boards(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.3.9",
        "II.3.9",
        "3.9. Ban QLDA ĐTXD các công trình dân dụng và công nghiệp tỉnh; Ban QLDA ĐTXD các công trình giao thông",
    )
    assert set(t.lead_ids) == {"ban-qlda-dan-dung-va-cong-nghiep", "ban-qlda-giao-thong-nong-nghiep"}
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_4_1a_land_law_follows_the_law_taking_effect(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.4.1a", "II.4.1", "có hiệu lực thi hành (*dự kiến từ ngày 01/01/2025*)"
    )
    assert t.lead_ids == ("so-tai-nguyen-va-moi-truong",)
    assert t.deadline.kind == "event" and t.deadline.offset_days == 0


def test_ii_5_3_health(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.5.3",
        "II.5.3",
        "Nghị quyết của HĐND tỉnh quy định nội dung, mức chi các hoạt động Y tế - Dân số giai đoạn 2025-2030",
    )
    assert t.lead_ids == ("so-y-te",)
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_6_2b_report_follows_plan_3955(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.6.2b",
        "II.6.2",
        "đúng tiến độ theo Kế hoạch số 3955/KH-UBND ngày 15/8/2022 của UBND tỉnh",
    )
    assert t.lead_ids == ("so-van-hoa-the-thao-va-du-lich",)
    assert t.deadline.kind == "unspecified"


def test_ii_6_3b_hotline_is_a_dated_product(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.6.3b", "II.6.3", "Thiết lập đường dây nóng để tiếp nhận, xử lý phản ánh"
    )
    assert t.lead_ids == ("so-thong-tin-va-truyen-thong",)
    assert t.deadline.kind == "date" and t.deadline.due == DEC31
    assert task_of(catalog, "NQ01-II.6.3").deadline.kind == "ongoing"


def test_ii_6_6b_wage_arrears_is_ongoing(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.6.6b", "II.6.6", "Thường xuyên nắm chắc tình hình nợ lương, nợ BHXH"
    )
    assert t.lead_ids == ("so-lao-dong-thuong-binh-va-xa-hoi",)
    assert t.phrase == "Thường xuyên"
    assert t.deadline.kind == "ongoing"
    main = task_of(catalog, "NQ01-II.6.6")
    assert main.deadline.kind == "date" and main.deadline.due == DEC31
    assert "ban-dan-toc" in main.support_ids


def test_ii_7_6_viet_yen_district(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.7.6", "II.7.6", "7.6. UBND huyện Việt Yên: Chủ trì tham mưu thực hiện"
    )
    assert t.lead_ids == ("ubnd-huyen-viet-yen",)
    assert t.deadline.kind == "date" and t.deadline.due == DEC31


def test_ii_8_2b_tet_campaign(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-II.8.2b",
        "II.8.2",
        "mở đợt cao điểm tấn công trấn áp tội phạm bảo đảm an ninh, trật tự Tết Nguyên đán Giáp Thìn năm 2024",
    )
    assert t.lead_ids == ("cong-an-tinh",)
    assert t.phrase == "Tết Nguyên đán Giáp Thìn năm 2024"
    assert t.deadline.kind == "date" and t.deadline.due == date(2024, 2, 29)


def test_ii_8_2c_one_year_review_of_directive_10(catalog, seed_text):
    t = _spot(catalog, seed_text, "NQ01-II.8.2c", "II.8.2", "Sơ kết, đánh giá kết quả 01 năm")
    assert "thực hiện Chỉ thị số 10/CT-TTg ngày 19/4/2023" in seed_text(SEED)
    assert t.lead_ids == ("cong-an-tinh",)
    assert t.deadline.kind == "date" and t.deadline.due == date(2024, 6, 30)


def test_ii_9_4_media_group(catalog, seed_text):
    t = _spot(
        catalog, seed_text, "NQ01-II.9.4", "II.9.4", "9.4. Các cơ quan thông tin, truyền thông: Đổi mới"
    )
    assert set(t.lead_ids) == {"dai-phat-thanh-va-truyen-hinh-tinh", "bao-bac-giang"}
    assert t.deadline.kind == "ongoing"


_III1_LEAD = ["Giám đốc sở, thủ trưởng cơ quan thuộc UBND tỉnh", "Chủ tịch UBND huyện, thành phố"]


def test_iii_1a_action_plans_before_20_january(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-III.1a",
        "III.1 (gạch đầu dòng 1)",
        "- Trước ngày 20/01/2024 xây dựng và ban hành chương trình kế hoạch hành động",
    )
    assert all(name in seed_text(SEED) for name in _III1_LEAD)
    assert {"so-ke-hoach-va-dau-tu", "cuc-thue-tinh"} <= set(t.lead_ids)
    assert HUYEN - {"ubnd-huyen-yen-dung"} <= set(t.lead_ids)
    assert t.phrase == "Trước ngày 20/01/2024"
    assert t.deadline.kind == "date" and t.deadline.due == date(2024, 1, 20)


def test_iii_1b_quarterly_scenario_update(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-III.1b",
        "III.1 (gạch đầu dòng 2)",
        "định kỳ hàng quý cập nhật kịch bản phát triển ngành, lĩnh vực thuộc phạm vi quản lý",
    )
    assert "cuc-thue-tinh" in t.lead_ids
    assert t.phrase == "định kỳ hàng quý"
    d = t.deadline
    assert (d.kind, d.freq, d.day, d.month_in_period) == ("recurring", "quarterly", None, None)


def test_iii_1c_quarterly_report_before_15th_of_last_month(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-III.1c",
        "III.1 (gạch đầu dòng 3)",
        "gửi Sở Kế hoạch và Đầu tư trước ngày 15 tháng cuối quý",
    )
    assert {"so-y-te", "ubnd-huyen-tan-yen"} <= set(t.lead_ids)
    assert t.phrase == "trước ngày 15 tháng cuối quý"
    d = t.deadline
    assert (d.kind, d.freq, d.day, d.month_in_period) == ("recurring", "quarterly", 15, "last")


def test_iii_3_summary_report_by_planning_and_investment(catalog, seed_text):
    t = _spot(
        catalog,
        seed_text,
        "NQ01-III.3",
        "III.3",
        "3. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Văn phòng",
    )
    assert t.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert "van-phong-ubnd-tinh" in t.support_ids
    assert t.deadline.kind == "unspecified"


@pytest.mark.parametrize(
    ("task_id", "kind"),
    [("NQ01-II.1.5", "ongoing"), ("NQ01-II.3.6", "ongoing"), ("NQ01-II.2.2", "date")],
)
def test_implied_deadlines_carry_a_reason(catalog, task_id, kind):
    t = task_of(catalog, task_id)
    assert t.phrase == "" and t.deadline_implied and t.deadline_reason
    assert t.deadline.kind == kind
