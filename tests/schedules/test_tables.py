"""Tables drawn with characters (`bot.schedules.tables`): pandoc grid tables and space-aligned tables."""

from __future__ import annotations

import re

from bot.schedules.tables import grid_tables, layout_tables

LAYOUT = """IV. NHIỆM VỤ

  STT    Nội dung công việc                          Thời gian hoàn thành    Cơ quan thực hiện
  I      RÀ SOÁT DANH SÁCH
         Rà soát danh sách hộ được hỗ trợ tại các                            UBND các huyện (chủ
  1      xã thuộc các huyện Trà Ôn, Tam Bình và thị  Trước ngày 28/02/2025   trì); UBND cấp xã
         xã
         Bình Minh
         Tổng hợp nhu cầu hỗ trợ toàn tỉnh; tham                             Sở Tài chính (chủ trì);
  2      mưu phân bổ kinh phí                        Quý I/2025              Sở Xây dựng

                                            3

  STT    Nội dung công việc                          Thời gian hoàn thành    Cơ quan thực hiện
         cho từng huyện
         Kiểm tra chất lượng nhà ở được hỗ trợ                               Sở Xây dựng
  3                                                  Thường xuyên

V. TỔ CHỨC THỰC HIỆN
"""


def _rows(text: str) -> list[tuple[int, list[str]]]:
    return [
        (n, re.findall(r"<td>(.*?)</td>", line))
        for n, line in enumerate(text.split("\n"), 1)
        if line.startswith("<tr>")
    ]


def test_a_space_aligned_table_becomes_one_row_per_record_on_its_first_line() -> None:
    out = layout_tables(LAYOUT)
    assert len(out.split("\n")) == len(LAYOUT.split("\n"))  # line numbers stay the file's
    assert _rows(out) == [
        (3, ["STT", "Nội dung công việc", "Thời gian hoàn thành", "Cơ quan thực hiện"]),
        (4, ["I", "RÀ SOÁT DANH SÁCH", "", ""]),
        (5, ["1", "Rà soát danh sách hộ được hỗ trợ tại các xã thuộc các huyện Trà Ôn, Tam Bình và thị xã "
                  "Bình Minh", "Trước ngày 28/02/2025", "UBND các huyện (chủ trì); UBND cấp xã"]),
        (9, ["2", "Tổng hợp nhu cầu hỗ trợ toàn tỉnh; tham mưu phân bổ kinh phí cho từng huyện", "Quý I/2025",
             "Sở Tài chính (chủ trì); Sở Xây dựng"]),
        (16, ["3", "Kiểm tra chất lượng nhà ở được hỗ trợ", "Thường xuyên", "Sở Xây dựng"]),
    ]  # fmt: skip
    lines = out.split("\n")
    assert lines[11].strip() == "" and lines[13].strip() == ""  # the page number and the repeated header
    assert lines[18] == "V. TỔ CHỨC THỰC HIỆN"  # the text after the table is left alone


def test_prose_with_wide_spaces_is_not_a_table() -> None:
    text = (
        "Sở Y tế  chủ trì, phối hợp  với các sở, ngành  thực hiện Kế hoạch;   báo cáo   trước ngày 15/12.\n"
    )
    assert layout_tables(text) == text  # spaces, but no header line: not a table
    table = "TT   Nhiệm vụ      Chủ trì     Thời gian\nCác sở, ngành  chủ trì thực hiện các nhiệm vụ được giao trong Kế hoạch.\n"
    assert layout_tables(table).split("\n")[1] == table.split("\n")[1]  # prose across the columns ends it
    plain = "Sở Y tế chủ trì, phối hợp với Sở Tài chính.\n"
    assert layout_tables(plain) == plain and grid_tables(plain) == plain


def test_a_grid_table_record_wrapped_over_lines_is_one_row_and_a_group_row_spans() -> None:
    grid = (
        "+----+------------------------------+-------------+\n"
        "| TT | Nhiệm vụ                     | Thời hạn    |\n"
        "+====+==============================+=============+\n"
        "| I  | **Sở Y tế**                                |\n"
        "+----+------------------------------+-------------+\n"
        "| 1  | Kiểm tra an toàn thực phẩm  | Trước ngày  |\n"  # one character short: still read
        "|    | tại bếp ăn tập thể           | 30/6/2024   |\n"
        "+----+------------------------------+-------------+\n"
    )
    out = grid_tables(grid)
    assert len(out.split("\n")) == len(grid.split("\n"))
    assert [line for line in out.split("\n") if line] == [
        "<tr><td>TT</td><td>Nhiệm vụ</td><td>Thời hạn</td></tr>",
        '<tr><td>I</td><td colspan="2">**Sở Y tế**</td></tr>',
        "<tr><td>1</td><td>Kiểm tra an toàn thực phẩm tại bếp ăn tập thể</td><td>Trước ngày 30/6/2024</td></tr>",
    ]


def test_a_ragged_grid_keeps_its_text() -> None:
    grid = (
        "+----+------------------+-------------+\n"
        "| 1  | Kiểm tra an toàn | Quý I/2024  |\n"
        "|    | thực phẩm\n"  # its closing bars left out
        "+----+------------------+-------------+\n"
    )
    (row,) = [line for line in grid_tables(grid).split("\n") if line]
    assert row == "<tr><td>1</td><td>Kiểm tra an toàn thực phẩm</td><td>Quý I/2024</td></tr>"


def test_a_space_aligned_header_needs_rows_and_titles_and_a_date_under_time_is_kept() -> None:
    prose = "Nội dung   tuyên truyền   phải bám sát   thời gian   và tiến độ\n\nV. TỔ CHỨC THỰC HIỆN\n"
    assert layout_tables(prose) == prose  # words that happen to be header words, spaced: not a header
    lonely = "  STT    Nội dung công việc      Thời gian hoàn thành    Cơ quan thực hiện\n\nV. TỔ CHỨC\n"
    assert layout_tables(lonely) == lonely  # a header with no row under it
    wrapped = (
        "  STT    Nội dung công việc      Thời gian hoàn thành    Cơ quan thực hiện\n"
        "  1      Tổng kết công tác       Trước ngày              Sở Nội vụ\n"
        "                                 15/12\n"
    )
    assert _rows(layout_tables(wrapped))[1] == (
        2,
        ["1", "Tổng kết công tác", "Trước ngày 15/12", "Sở Nội vụ"],
    )


def test_a_long_cell_beginning_with_header_words_is_a_row_not_a_header() -> None:
    from bot.schedules.tables import is_header_row

    row = [
        "2",
        "Nội dung tuyên truyền về chuyển đổi số",
        "Sở TT&TT",
        "Các sở, ngành",
        "Thời gian theo chỉ đạo",
    ]
    assert not is_header_row(row)
    assert is_header_row(
        ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì thực hiện", "Thời gian hoàn thành (dự kiến)"]
    )
