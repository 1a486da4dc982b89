"""Kế hoạch 213/KH-UBND (CCHC 2024, Bắc Giang) held to its seed document 003.

The plan's tasks come from the appendix table (one task per "Hoạt động"; rows broken across pages are
joined to the row they continue), from section V (duties by agency, one task per paragraph) and from
section III.3 (internal inspection plan).
"""

import re
from datetime import date

import pytest
from conftest import plan_of, task_of

PLAN = "bg-213-cchc-2024"
SEED = "003_cf7ac23ae5e0e01a.txt"

# A few members of the groups the plan names, to check a group lead fans out to the right level of
# government without pinning the whole (evolving) registry.
SO = {"so-noi-vu", "so-tu-phap", "so-tai-chinh", "so-y-te"}
HUYEN = {"ubnd-huyen-luc-nam", "ubnd-huyen-hiep-hoa", "ubnd-thanh-pho-bac-giang"}


def normalized(text: str) -> str:
    """The seed as one line: HTML tags and entities out, runs of whitespace (line/page breaks) as one space."""
    text = re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def seed(seed_text):
    return normalized(seed_text(SEED))


def test_task_count(catalog):
    tasks = plan_of(catalog, PLAN).tasks
    assert len(tasks) == 121
    assert sum(t.ref.startswith("PL-") for t in tasks) == 74  # appendix activities
    assert sum(t.ref.startswith("V.") for t in tasks) == 46  # section V duties
    assert [t.id for t in tasks if t.ref.startswith("III.")] == ["CCHC-III.3"]


def in_document(phrase: str, seed: str) -> bool:
    """The phrase is in the document, or it is a table cell cut in two by a page break (both halves are)."""
    if phrase in seed:
        return True
    words = phrase.split(" ")
    return any(" ".join(words[:i]) in seed and " ".join(words[i:]) in seed for i in range(1, len(words)))


def test_every_deadline_phrase_is_verbatim(catalog, seed):
    for task in plan_of(catalog, PLAN).tasks:
        if task.phrase:
            assert in_document(task.phrase, seed), f"{task.id}: «{task.phrase}» is not in the document"


# ---- appendix (Phụ lục) ----


def test_pl_i_1_2_hd1_split_lead_self_check_is_so_tu_phap(catalog, seed):
    # The lead cell splits the row: Sở Tư pháp for (self-)checks, sở/ngành/địa phương for review.
    assert "Sở Tư pháp (đối với nhiệm vụ tự" in seed  # the cell goes on after the page break:
    assert "kiểm tra, kiểm tra theo thẩm quyền). Các Sở, ngành, địa phương" in seed
    assert "Thường xuyên tự kiểm tra văn bản của UBND" in seed
    task = task_of(catalog, "CCHC-PL-I.1.2-HD1")
    assert task.ref == "PL-I.1.2 (Hoạt động 1)"
    assert task.lead_ids == ("so-tu-phap",)
    assert task.deadline.kind == "date" and task.deadline.due == date(2024, 12, 31)


def test_pl_i_1_2_hd4_continuation_after_page_break_goes_to_so_nganh_dia_phuong(catalog, seed):
    assert "Các Sở, ngành, địa phương (đôi với nhiệm vụ rà soát, hệ thống hóa)" in seed
    assert "hệ thống hóa văn bản QPPL kỳ 2019-2023" in seed
    task = task_of(catalog, "CCHC-PL-I.1.2-HD4")
    assert task.ref == "PL-I.1.2 (Hoạt động 4)"
    assert task.lead == ("Các Sở, ngành, địa phương",)
    assert set(task.lead_ids) >= SO | HUYEN
    assert "ubnd-cap-xa" not in task.lead_ids
    assert task.deadline.due == date(2024, 12, 31)


def test_pl_i_2_1_hd3_blank_time_cell_is_implied_year(catalog, seed):
    assert "ứng dụng công nghệ thông tin công tác phổ biến, giáo dục pháp luật" in seed
    task = task_of(catalog, "CCHC-PL-I.2.1-HD3")
    assert task.ref == "PL-I.2.1 (Hoạt động 3)"
    assert "so-tu-phap" in task.lead_ids and set(task.lead_ids) >= HUYEN
    assert task.phrase == "" and task.deadline_implied == "Năm 2024" and task.deadline_reason
    assert task.deadline.due == date(2024, 12, 31)


def test_pl_ii_1_1_hd2_when_needed(catalog, seed):
    assert "Tham gia ý kiến đối với dự thảo văn bản quy phạm pháp luật có quy định về TTHC" in seed
    task = task_of(catalog, "CCHC-PL-II.1.1-HD2")
    assert task.ref == "PL-II.1.1 (Hoạt động 2)"
    assert task.lead_ids == ("van-phong-ubnd-tinh",)
    assert task.deadline.kind == "event"


def test_pl_ii_2_1_hd1_register_before_10_feb(catalog, seed):
    assert "vướng mắc thực hiện rà soát Văn bản đăng ký Các sở, ban, ngành, UBND huyện, TP" in seed
    assert "Trước 10/2/2024" in seed
    task = task_of(catalog, "CCHC-PL-II.2.1-HD1")
    assert task.ref == "PL-II.2.1 (Hoạt động 1)"
    assert set(task.lead_ids) >= SO | HUYEN
    assert task.deadline.kind == "date" and task.deadline.due == date(2024, 2, 10)


def test_pl_ii_2_1_hd4_own_plan_across_page_break(catalog, seed):
    # "Theo Kế hoạch" / "riêng" and "UBND" / "huyện, TP" are split by the page break.
    assert "Thực hiện rà soát, đánh giá TTHC" in seed
    task = task_of(catalog, "CCHC-PL-II.2.1-HD4")
    assert task.ref == "PL-II.2.1 (Hoạt động 4)"
    assert task.lead == ("Các sở, ban, ngành", "UBND huyện, TP")
    assert set(task.lead_ids) >= HUYEN
    assert task.phrase == "Theo Kế hoạch riêng" and task.deadline.kind == "unspecified"


def test_pl_iii_1_5_time_cell_split_by_page_break(catalog, seed):
    assert "Quyết định 50/2021/QĐ-UBND ngày 26/10/2021" in seed
    task = task_of(catalog, "CCHC-PL-III.1.5-HD1")
    assert task.ref == "PL-III.1.5 (Hoạt động 1)"
    assert task.lead_ids == ("so-noi-vu",)
    assert task.phrase == "Tháng 4 năm 2024"
    assert task.deadline.due == date(2024, 4, 30)


def test_pl_iii_1_8_district_units_by_2025(catalog, seed):
    assert "Sở Nội vụ và cơ quan liên quan Giai đoạn 2024-2025" in seed
    task = task_of(catalog, "CCHC-PL-III.1.8-HD1")
    assert task.ref == "PL-III.1.8 (Hoạt động 1)"
    assert set(task.lead_ids) >= HUYEN and not SO & set(task.lead_ids)
    assert task.deadline.kind == "date" and task.deadline.due == date(2025, 12, 31)


def test_pl_iv_1_1_hd1_quarters_iii_iv(catalog, seed):
    assert "Ban hành kế hoạch tuyển dụng giáo viên, viên chức y tế năm 2024" in seed
    task = task_of(catalog, "CCHC-PL-IV.1.1-HD1")
    assert task.ref == "PL-IV.1.1 (Hoạt động 1)"
    assert task.lead_ids == ("so-noi-vu",)
    assert task.phrase == "Quý III, IV năm 2024"
    assert task.deadline.due == date(2024, 12, 31)


def test_pl_iv_3_1_units_review_by_november(catalog, seed):
    assert (
        "theo đề án VTVL của các Sở, cơ quan, đơn vị thuộc UBND tỉnh, UBND huyện, thành phố Báo cáo" in seed
    )
    task = task_of(catalog, "CCHC-PL-IV.3.1-HD1")
    assert task.ref == "PL-IV.3.1 (Hoạt động 1)"
    assert set(task.lead_ids) >= SO | HUYEN
    assert task.deadline.due == date(2024, 11, 30)


def test_pl_v_1_2_hd2_yearly_routine(catalog, seed):
    assert "Thẩm tra quyết toán dự án hoàn thành" in seed
    task = task_of(catalog, "CCHC-PL-V.1.2-HD2")
    assert task.ref == "PL-V.1.2 (Hoạt động 2)"
    assert task.lead_ids == ("so-tai-chinh",)
    assert task.phrase == "Thường xuyên hàng năm" and task.deadline.kind == "ongoing"


def test_pl_v_2_1_cars_decision_by_october(catalog, seed):
    assert "theo Nghị định số 72/2023/NĐ-CP quy định tiêu chuẩn, định mức sử dụng xe ô tô" in seed
    task = task_of(catalog, "CCHC-PL-V.2.1-HD1")
    assert task.ref == "PL-V.2.1 (Hoạt động 1)"
    assert task.lead_ids == ("so-tai-chinh",)
    assert task.deadline.due == date(2024, 10, 31)


def test_pl_vi_7_1_hd2_police(catalog, seed):
    assert "Đánh giá tiến độ, mức độ hoàn thành." in seed
    task = task_of(catalog, "CCHC-PL-VI.7.1-HD2")
    assert task.ref == "PL-VI.7.1 (Hoạt động 2)"
    assert task.lead_ids == ("cong-an-tinh",)
    assert task.deadline.due == date(2024, 12, 31)


def test_pl_vii_2_nv4_initiatives_registration_by_march(catalog, seed):
    assert "Tháng 03/2024 (Gửi Đăng ký về Sở Nội vụ)" in seed
    task = task_of(catalog, "CCHC-PL-VII.2-NV4-HD1")
    assert task.ref == "PL-VII.2 (Nhiệm vụ 4, Hoạt động 1)"
    assert set(task.lead_ids) >= SO | HUYEN
    assert task.deadline.kind == "date" and task.deadline.due == date(2024, 3, 31)


def test_pl_vii_4_nv3_par_index_report_row_broken_across_pages(catalog, seed):
    assert "Quý II/2024 (Sau khi BCĐ CCHC của CP công" in seed  # the cell goes on after the page break:
    assert "thành phố bổ kết quả)" in seed
    task = task_of(catalog, "CCHC-PL-VII.4-NV3-HD1")
    assert task.ref == "PL-VII.4 (Nhiệm vụ 3, Hoạt động 1)"
    assert task.lead_ids == ("so-noi-vu",)
    assert task.deadline.kind == "date" and task.deadline.due == date(2024, 6, 30)


def test_pl_vii_4_nv5_last_row(catalog, seed):
    assert "Lập dự trù kinh phí xác định Chi số CCHC." in seed
    task = task_of(catalog, "CCHC-PL-VII.4-NV5-HD1")
    assert task.ref == "PL-VII.4 (Nhiệm vụ 5, Hoạt động 1)"
    assert task.lead_ids == ("so-noi-vu",)
    assert task.deadline.due == date(2024, 10, 31)


# ---- sections III.3 and V ----


def test_iii_3_internal_inspection_plan_in_february(catalog, seed):
    assert (
        "xây dựng Kế hoạch kiểm tra CCHC nội bộ năm 2024 (thời gian hoàn thành trong tháng 02/2024)" in seed
    )
    task = task_of(catalog, "CCHC-III.3")
    assert task.ref == "III.3 (đoạn 2)"
    assert set(task.lead_ids) >= SO | HUYEN
    assert task.deadline.due == date(2024, 2, 29)


def test_v_1_1b_commune_plans_by_31_january(catalog, seed):
    assert "UBND cấp xã xong **trước ngày 31/01/2024**" in seed
    task = task_of(catalog, "CCHC-V.1.1b")
    assert task.ref == "V.1.1"
    assert task.lead_ids == ("ubnd-cap-xa",)
    assert task.deadline.due == date(2024, 1, 31)
    assert task_of(catalog, "CCHC-V.1.1a").deadline.due == date(2024, 1, 15)


def test_v_1_3b_periodic_reports(catalog, seed):
    assert "báo cáo định kỳ hàng tháng, quý, 6 tháng, năm hoặc đột xuất" in seed
    task = task_of(catalog, "CCHC-V.1.3b")
    assert task.ref == "V.1.3"
    assert "ubnd-cap-xa" in task.lead_ids and set(task.lead_ids) >= SO | HUYEN
    assert task.deadline.kind == "recurring" and task.deadline.freq == "monthly"


def test_v_1_4_remedy_plan_by_28_february(catalog, seed):
    assert "hoàn thành **trước ngày 28/02/2024**" in seed
    task = task_of(catalog, "CCHC-V.1.4")
    assert task.ref == "V.1.4"
    assert set(task.lead_ids) >= SO | HUYEN and "ubnd-cap-xa" not in task.lead_ids
    assert task.deadline.due == date(2024, 2, 28)


def test_v_2_6_pci_is_planning_department(catalog, seed):
    assert "các giải pháp nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)" in seed
    task = task_of(catalog, "CCHC-V.2.6-d1")
    assert task.ref == "V.2.6 (đoạn 1)"
    assert task.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert task.phrase == "" and task.deadline.due == date(2024, 12, 31)


def test_v_2_13_central_agencies(catalog, seed):
    assert "Cục Thuế tỉnh, Kho bạc Nhà nước tỉnh, Bảo hiểm xã hội tỉnh, Điện lực tỉnh" in seed
    task = task_of(catalog, "CCHC-V.2.13-d1")
    assert task.ref == "V.2.13 (đoạn 1)"
    assert set(task.lead_ids) == {
        "cuc-thue-tinh",
        "kho-bac-nha-nuoc-tinh",
        "bao-hiem-xa-hoi-tinh",
        "cong-ty-dien-luc-bac-giang",
    }
    assert task.deadline.kind == "ongoing"


def test_v_2_15_monthly_special_page(catalog, seed):
    assert "Trung bình mỗi tháng thực hiện 01 trang/tin chuyên đề CCHC" in seed
    task = task_of(catalog, "CCHC-V.2.15-d3b")
    assert task.ref == "V.2.15 (đoạn 3)"
    assert set(task.lead_ids) == {"bao-bac-giang", "dai-phat-thanh-va-truyen-hinh-tinh"}
    assert task.deadline.kind == "recurring" and task.deadline.freq == "monthly"
