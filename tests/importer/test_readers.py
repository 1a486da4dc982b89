"""`read_document` on DOCX, PDF and text, and `nhacviec import` end to end on them and on bad files.

Every document is written by the test (documents.py): the same plan as a Word file with real merged
cells, as a PDF with a ruled table cut by a page break, and as the text conversion the extractor was
built on. The three must give the same tasks.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.model import Registry
from bot.importer.draft import make_draft
from bot.importer.readers import MESSAGES, DocumentError, read_document

from .conftest import ROOT
from .documents import EXPECTED_TASKS, PLAN, long_plan, write_pdf, write_scanned_pdf

HEADER_ROW = (
    "<tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td>"
    "<td>Thời gian hoàn thành</td></tr>"
)
# The table's first rows, the same from the DOCX and the PDF: section rows span the table (colspan), and the
# lead cell merged down over rows 1 and 2 is in each row it covers.
FIRST_ROWS = [
    HEADER_ROW,
    '<tr><td>I</td><td colspan="4">CẢI CÁCH THỂ CHẾ</td></tr>',
    "<tr><td>1</td><td>Rà soát văn bản quy phạm pháp luật về tổ chức bộ máy</td><td>Sở Tư pháp</td>"
    "<td>Các sở, ban, ngành</td><td>Quý II/2024</td></tr>",
    "<tr><td>2</td><td>Kiểm tra văn bản quy phạm pháp luật do UBND cấp huyện ban hành</td>"
    "<td>Sở Tư pháp</td><td>UBND các huyện, thành phố</td><td>Tháng 9/2024</td></tr>",
    '<tr><td>II</td><td colspan="4">CẢI CÁCH CHẾ ĐỘ CÔNG VỤ</td></tr>',
]


def rows(text: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", text)


# --- DOCX ---------------------------------------------------------------------------------------------


def test_docx_keeps_document_order_title_block_and_headings(plan_docx: Path) -> None:
    text = read_document(plan_docx)
    blocks = text.split("\n\n")
    # the borderless title table is read as lines, so that the number and date are found
    assert blocks[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/KH-UBND",
        "Bắc Giang, ngày 15 tháng 01 năm 2024",
    ]
    assert "KẾ HOẠCH\nTriển khai công tác cải cách hành chính\ntỉnh Bắc Giang năm 2024" in blocks
    assert "I. MỤC ĐÍCH, YÊU CẦU" in blocks  # bold throughout: a heading, left plain
    assert "### 3. Nhiệm vụ chung" in blocks  # Word's "Heading 3" style
    order = [
        "Thực hiện Kế hoạch số 213",
        "1. Sở Nội vụ:",
        "- Sở Tài chính chủ trì",
        "Nơi nhận:",
        "Phụ lục\nDANH MỤC NHIỆM VỤ",
        "<table>",
        HEADER_ROW,
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_docx_bold_runs_become_markdown(plan_docx: Path) -> None:
    text = read_document(plan_docx)
    assert "kiện toàn Ban Chỉ đạo" in text
    assert "thực hiện Kế hoạch. **Thời gian hoàn thành: Quý II/2024.**" in text
    assert "ban hành, **hoàn thành trước ngày 30/9/2024.**" in text
    assert "**I. MỤC ĐÍCH" not in text and "**KẾ HOẠCH" not in text


def test_docx_table_resolves_merged_cells(plan_docx: Path) -> None:
    assert rows(read_document(plan_docx)) == [
        *FIRST_ROWS,
        "<tr><td>3</td><td>Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức trên phần mềm quản lý của tỉnh "
        "và kết nối với hệ thống quốc gia</td><td>Sở Nội vụ</td><td>Các sở, ban, ngành</td>"
        "<td>Tháng 9/2024</td></tr>",
    ]


def test_docx_fixture_really_has_merged_cells(plan_docx: Path) -> None:
    with zipfile.ZipFile(plan_docx) as archive:
        xml = archive.read("word/document.xml").decode()
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge" in xml.split('w:val="restart"/>', 1)[1]
    assert '<w:gridSpan w:val="4"/>' in xml


def test_docx_text_is_composed_nfc(plan_docx: Path) -> None:
    with zipfile.ZipFile(plan_docx) as archive:
        xml = archive.read("word/document.xml").decode()
    assert unicodedata.normalize("NFD", "Sở Tư pháp") in xml  # written decomposed, as some keyboards do
    text = read_document(plan_docx)
    assert unicodedata.is_normalized("NFC", text)
    assert "2. Sở Tư pháp: Rà soát, hệ thống hóa" in text


def _word_details(path: Path) -> Path:
    """Hyperlinks, tracked changes, tabs, split runs, styles, nested tables and table borders."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    p = doc.add_paragraph("Sở T")
    p.add_run("ư pháp")  # Word splits words into runs (spell check, revisions)
    p.add_run().add_tab()
    p.add_run("xem ")
    p._p.append(parse_xml(f"<w:hyperlink {nsdecls('w')}><w:r><w:t>Cổng thông tin</w:t></w:r></w:hyperlink>"))
    p._p.append(parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText> đã xóa</w:delText></w:r></w:del>"))
    p._p.append(
        parse_xml(f'<w:ins {nsdecls("w")}><w:r><w:t xml:space="preserve"> đã thêm</w:t></w:r></w:ins>')
    )
    p.add_run(", tỷ lệ <5% & ngắt\u00adtừ.")
    strong = doc.add_paragraph("Thời hạn: ")
    strong.add_run("Tháng 4/2024").style = "Strong"  # bold from a character style
    doc.add_heading("Chương hai", level=2)

    bordered = doc.add_table(rows=2, cols=2)
    bordered.style = "Table Grid"
    bordered.cell(0, 0).text, bordered.cell(0, 1).text = "Nội dung", "Thời hạn"
    bordered.cell(1, 0).text, bordered.cell(1, 1).text = "Báo cáo", "Quý I"
    nested = bordered.cell(1, 0).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "bảng", "lồng"

    plain3 = doc.add_table(rows=3, cols=3)  # no borders, but three columns: data, not layout
    for r in range(3):
        for c in range(3):
            plain3.cell(r, c).text = f"ô {r}{c}"
    plain3.cell(0, 1).merge(plain3.cell(2, 1)).text = "gộp"
    for merge in plain3._tbl.xpath(".//w:vMerge"):  # Word writes a bare <w:vMerge/> for "continue"
        if merge.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "continue":
            del merge.attrib["{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"]
    doc.save(str(path))
    return path


def test_docx_details(tmp_path: Path) -> None:
    text = read_document(_word_details(tmp_path / "chi-tiet.docx"))
    blocks = text.split("\n\n")
    # the tab is a space (a tab would start a table cell in the text form); deletions are left out,
    # insertions and hyperlinks kept; "<" cannot open a tag; the soft hyphen goes
    assert blocks[0] == "Sở Tư pháp xem Cổng thông tin đã thêm, tỷ lệ &lt;5% & ngắttừ."
    assert blocks[1] == "Thời hạn: **Tháng 4/2024**"
    assert blocks[2] == "## Chương hai"
    assert rows(text) == [
        "<tr><td>Nội dung</td><td>Thời hạn</td></tr>",
        "<tr><td>Báo cáo bảng lồng</td><td>Quý I</td></tr>",  # the nested table flattened
        "<tr><td>ô 00</td><td>gộp</td><td>ô 02</td></tr>",
        "<tr><td>ô 10</td><td>gộp</td><td>ô 12</td></tr>",
        "<tr><td>ô 20</td><td>gộp</td><td>ô 22</td></tr>",
    ]


def _word_table(doc, header: tuple[str, ...], row: tuple[str, ...]):
    """A ruled two-row table: the header and one row (cells left empty where the test fills them itself)."""
    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    for c, (title, cell) in enumerate(zip(header, row, strict=True)):
        table.cell(0, c).text = title
        if cell:
            table.cell(1, c).text = cell
    return table


def _numbered_plan(path: Path) -> Path:
    """A plan numbered by Word, not typed: Roman section headings from the heading style's list, "1." /
    "1.1." / "a)" items, bullets, a list restarted in a later section, a numbered paragraph in a table cell."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def lvl(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
        )

    doc = Document()
    numbering = doc.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    for abstract_id, levels in (
        (90, lvl(0, "upperRoman", "%1.")),
        (91, lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2.") + lvl(2, "lowerLetter", "%3)")),
        (92, lvl(0, "bullet", "\uf0b7")),
    ):
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
            )
        )
    for num_id, abstract_id, override in ((90, 90, ""), (91, 91, ""), (92, 92, ""), (93, 91, "1")):
        restart = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>'
            if override
            else ""
        )
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{restart}</w:num>'
            )
        )
    heading = doc.styles["Heading 1"].element
    heading.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="90"/></w:numPr>'))

    def item(text: str, num_id: int, ilvl: int = 0) -> None:
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    doc.add_paragraph("Số: 15/KH-UBND")
    doc.add_paragraph("Lạng Sơn, ngày 10 tháng 01 năm 2024")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính năm 2024")
    doc.add_heading("MỤC ĐÍCH, YÊU CẦU", level=1)
    doc.add_paragraph("Bảo đảm thực hiện đồng bộ các nhiệm vụ cải cách hành chính.")
    doc.add_heading("NHIỆM VỤ", level=1)
    item("Sở Nội vụ:", 91)
    item("Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn, hoàn thành trước ngày 30/6/2024.", 91, 1)
    item("Tham mưu đánh giá chỉ số cải cách hành chính các sở, ngành năm 2023.", 91, 1)
    item("Sở Y tế:", 91)
    item("Kiểm tra việc niêm yết thủ tục hành chính tại các bệnh viện trong Quý II/2024.", 91, 2)
    item("Tổ chức tập huấn cho cán bộ làm công tác một cửa.", 92)
    doc.add_heading("TỔ CHỨC THỰC HIỆN", level=1)
    item("Sở Tài chính bố trí kinh phí thực hiện Kế hoạch trong tháng 02/2024.", 93)
    table = _word_table(
        doc,
        ("TT", "Nhiệm vụ", "Cơ quan chủ trì"),
        ("", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Nội vụ"),
    )
    cell = table.cell(1, 0).paragraphs[0]
    cell.add_run("")
    cell._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="93"/></w:numPr>')
    )
    table.cell(1, 0).paragraphs[0].add_run("Hàng")
    doc.save(str(path))
    return path


def test_docx_list_defined_by_a_list_style(tmp_path: Path) -> None:
    """An outline numbered through a list style (`w:numStyleLink`), as Word's "1 / 1.1 / 1.1.1" lists are."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    numbering = doc.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:styleLink w:val="DeMuc"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="81"><w:numStyleLink w:val="DeMuc"/></w:abstractNum>'
        )
    )
    for num_id, abstract_id in ((80, 80), (81, 81)):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
    doc.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="DeMuc"><w:name w:val="De muc"/>'
            '<w:pPr><w:numPr><w:numId w:val="80"/></w:numPr></w:pPr></w:style>'
        )
    )
    for text, level in (("NHIỆM VỤ", 0), ("Sở Nội vụ rà soát tổ chức bộ máy.", 1)):
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="81"/></w:numPr>')
        )
    path = tmp_path / "kieu-danh-sach.docx"
    doc.save(str(path))
    assert read_document(path).strip().split("\n\n") == [
        "I. NHIỆM VỤ",
        "1. Sở Nội vụ rà soát tổ chức bộ máy.",
    ]


def test_docx_numbered_paragraphs_in_one_cell_are_a_list_and_a_bad_style_level_is_no_error(
    tmp_path: Path,
) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.styles["List Number"].element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="x"/><w:numId w:val="5"/></w:numPr>')
    )  # a malformed level in a style: read as level 0
    doc.add_paragraph("Sở Nội vụ chủ trì", style="List Number")
    table = _word_table(
        doc, ("Nhiệm vụ", "Chủ trì", "Phối hợp"), ("Kiểm tra an toàn thực phẩm", "Sở Y tế", "")
    )
    cell = table.cell(1, 2)
    cell.paragraphs[0].text = "Sở Tài chính"
    cell.paragraphs[0].style = "List Number"
    cell.add_paragraph("Công an tỉnh", style="List Number")
    path = tmp_path / "o-danh-so.docx"
    doc.save(str(path))
    text = read_document(path)
    assert text.startswith("1. Sở Nội vụ chủ trì")
    assert "<td>Sở Tài chính; Công an tỉnh</td>" in text  # not "2. Sở Tài chính 3. Công an tỉnh"


def test_docx_automatic_numbering_is_read_as_word_shows_it(tmp_path: Path, bac_giang: Registry) -> None:
    text = read_document(_numbered_plan(tmp_path / "so-tu-dong.docx"))
    blocks = text.split("\n\n")
    assert [b for b in blocks if b.startswith("#")] == [
        "# I. MỤC ĐÍCH, YÊU CẦU",
        "# II. NHIỆM VỤ",
        "# III. TỔ CHỨC THỰC HIỆN",
    ]
    assert "1. Sở Nội vụ:" in blocks
    assert (
        "1.1. Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn, hoàn thành trước ngày 30/6/2024."
        in blocks
    )
    assert "1.2. Tham mưu đánh giá chỉ số cải cách hành chính các sở, ngành năm 2023." in blocks
    assert "2. Sở Y tế:" in blocks
    assert "a) Kiểm tra việc niêm yết thủ tục hành chính tại các bệnh viện trong Quý II/2024." in blocks
    assert "- Tổ chức tập huấn cho cán bộ làm công tác một cửa." in blocks
    # a list restarted (startOverride) in section III counts from 1 again, and goes on into the table
    assert "1. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch trong tháng 02/2024." in blocks
    assert (
        "<tr><td>2. Hàng</td><td>Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính</td><td>Sở Nội vụ</td></tr>"
        in rows(text)
    )
    draft = make_draft(text, bac_giang)
    assert [(t.ref, [x["id"] for x in t.lead], t.deadline["phrase"]) for t in draft.tasks] == [
        ("II.1.1", ["so-noi-vu"], "Hoàn thành trước ngày 30/6/2024"),
        ("II.1.2", ["so-noi-vu"], ""),
        ("II.2", ["so-y-te"], "Trong Quý II/2024"),
        ("II.2", ["so-y-te"], ""),
        ("III.1", ["so-tai-chinh"], "Trong tháng 02/2024"),
        ("III-2", ["so-noi-vu"], ""),
    ]


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_text_layer_and_ruled_table(plan_pdf: Path) -> None:
    text = read_document(plan_pdf)
    blocks = text.split("\n\n")
    assert "Số: 12/KH-UBND" in blocks and "Bắc Giang, ngày 15 tháng 01 năm 2024" in blocks
    assert "KẾ HOẠCH Triển khai công tác cải cách hành chính tỉnh Bắc Giang năm 2024" in blocks
    assert (
        "1. Sở Nội vụ: Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh; theo dõi, đôn đốc các "
        "cơ quan thực hiện Kế hoạch. **Thời gian hoàn thành: Quý II/2024.**"
    ) in blocks
    assert "2" not in blocks and "3" not in blocks  # page numbers at the top of pages 2 and 3
    table = rows(text)
    assert table[:5] == FIRST_ROWS
    # the row cut by the page break: two rows in two tables, the header Word repeats left out
    first, second = table[5], table[6]
    assert first.startswith("<tr><td>3</td><td>Cập nhật cơ sở dữ liệu cán bộ")
    assert first.endswith("<td>Sở Nội vụ</td><td>Các sở, ban, ngành</td><td>Tháng 9/2024</td></tr>")
    assert re.fullmatch(
        r"<tr><td></td><td>[^<]*của tỉnh và kết nối với hệ thống quốc gia</td>(<td></td>){3}</tr>", second
    )
    assert len(table) == 7 and text.count("<table>") == 2


def test_pdf_text_is_composed_nfc(plan_pdf: Path) -> None:
    import pdfplumber

    with pdfplumber.open(plan_pdf) as pdf:
        raw = pdf.pages[0].extract_text()
    assert unicodedata.normalize("NFD", "Sở Tư pháp") in raw  # the PDF holds decomposed text
    text = read_document(plan_pdf)
    assert unicodedata.is_normalized("NFC", text)
    assert "2. Sở Tư pháp: Rà soát, hệ thống hóa văn bản quy phạm pháp luật" in text


def test_a_pdf_with_a_scanned_page_is_read_and_the_page_is_named(
    tmp_path: Path, fonts: tuple[Path, Path], bac_giang: Registry
) -> None:
    path = write_pdf(PLAN, tmp_path / "mot-trang-scan.pdf", fonts, scanned_after=1)
    notes: list[str] = []
    text = read_document(path, notes)
    assert notes == [
        "«mot-trang-scan.pdf»: trang 2 không có lớp chữ (ảnh scan hoặc trang trắng) nên không đọc được; "
        "nếu trang đó có nhiệm vụ, hãy nhập tay hoặc dùng bản PDF xuất từ Word."
    ]
    assert len(make_draft(text, bac_giang).tasks) == len(EXPECTED_TASKS)  # the pages with text are all read
    whole: list[str] = []
    read_document(write_pdf(PLAN, tmp_path / "du.pdf", fonts), whole)
    assert whole == []
    out = tmp_path / "nhap.yaml"
    done = _cli("import", str(path), "--province", "bac-giang", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "trang 2 không có lớp chữ" in done.stderr
    assert "# CẦN XEM: «mot-trang-scan.pdf»: trang 2 không có lớp chữ" in out.read_text(encoding="utf-8")


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, fonts: tuple[Path, Path]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="chi-chu-so-huu")  # opens without a password; editing is locked
    pdf.add_font("PlanSans", "", str(fonts[0]))
    pdf.set_font("PlanSans", "", 12)
    pdf.add_page()
    pdf.multi_cell(
        0, 6, "1. Sở Nội vụ: Tổng hợp báo cáo kết quả thực hiện, hoàn thành trước ngày 15/12/2024."
    )
    pdf.output(str(tmp_path / "khoa.pdf"))
    assert read_document(tmp_path / "khoa.pdf").startswith("1. Sở Nội vụ: Tổng hợp báo cáo")


def test_a_thirty_page_pdf_reads_in_seconds(tmp_path: Path, fonts: tuple[Path, Path]) -> None:
    path = write_pdf(long_plan(30), tmp_path / "dai.pdf", fonts)
    start = time.perf_counter()
    text = read_document(path)
    elapsed = time.perf_counter() - start
    assert len(rows(text)) == 1 + 120  # one header (the repeated ones left out) and every task row
    assert elapsed < 15, f"{elapsed:.1f} s"  # about 2 s here; the bound only catches a blow-up


# --- text -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with its BOM, as Windows Notepad saves "Unicode"
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_text_encodings(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    path = tmp_path / "ke-hoach.md"
    path.write_bytes(encode(unicodedata.normalize("NFD", "### 1. Sở Y tế\n")))
    assert read_document(path) == "### 1. Sở Y tế\n"


# --- the whole importer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_make_draft_finds_the_same_tasks_in_every_format(
    kind: str, request: pytest.FixtureRequest, bac_giang: Registry
) -> None:
    path: Path = request.getfixturevalue(f"plan_{kind}")
    draft = make_draft(read_document(path), bac_giang, source=path.name)
    assert draft.meta.number == "12/KH-UBND" and draft.meta.issued is not None
    assert draft.meta.issued.isoformat() == "2024-01-15" and draft.meta.year == 2024
    assert draft.meta.title is not None and draft.meta.title.startswith(
        "Kế hoạch triển khai công tác cải cách"
    )
    found = [
        (
            next(start for start, *_ in EXPECTED_TASKS if t.text.startswith(start)),
            [x["id"] for x in t.lead],
            [x["id"] for x in t.support],
            t.deadline["phrase"],
        )
        for t in draft.tasks
    ]
    assert found == [(start, [lead], support, phrase) for start, lead, support, phrase in EXPECTED_TASKS]
    split = draft.tasks[-1]  # the row cut by the PDF's page break is whole again
    assert split.text.endswith("trên phần mềm quản lý của tỉnh và kết nối với hệ thống quốc gia")
    assert ("joined_across_page_break" in split.flags) == (kind == "pdf")
    assert all(t.flags in ([], ["joined_across_page_break"]) for t in draft.tasks)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_cli_imports_docx_and_pdf(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(f"plan_{kind}")
    done = _cli("import", str(path), "--province", "bac-giang", "--json")
    assert done.returncode == 0, done.stderr
    tasks = json.loads(done.stdout)
    assert [
        (t["lead"][0]["id"], [s["id"] for s in t["support"]], t["deadline"]["phrase"]) for t in tasks
    ] == [(lead, support, phrase) for _, lead, support, phrase in EXPECTED_TASKS]
    assert tasks[2]["deadline"]["due"] == "2024-02-15" and tasks[0]["deadline"]["due"] == "2024-06-30"
    out = tmp_path / "out.yaml"
    done = _cli("import", str(path), "--province", "bac-giang", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").count("  - id: ") == len(EXPECTED_TASKS)
    assert f"Đã ghi {len(EXPECTED_TASKS)} nhiệm vụ nháp vào {out}" in done.stderr


# --- bad files: one clear message each, exit code 1, nothing written ------------------------------------


def _ole(stream: str) -> bytes:
    """The start of an OLE compound file naming one directory stream, as Word 97 and encrypted DOCX are."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + stream.encode("utf-16-le") + bytes(1000)


def _zip(**members: str) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def _cut(source: str, keep: float) -> Callable[[Path, dict[str, Path]], None]:
    def write(path: Path, plans: dict[str, Path]) -> None:
        data = plans[source].read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


def _bytes(data: bytes) -> Callable[[Path, dict[str, Path]], None]:
    return lambda path, plans: path.write_bytes(data)


def _sparse(path: Path, plans: dict[str, Path]) -> None:
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024 + 1)  # no 100 MB is written: the file is sparse


def _broken_xml(path: Path, plans: dict[str, Path]) -> None:
    with zipfile.ZipFile(plans["docx"]) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(
                item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data
            )


BAD = {
    # name: (file name, how to write it, message kind)
    "missing": ("khong-co.docx", None, "missing"),
    "over 100 MB": ("lon.pdf", _sparse, "too_large"),
    "empty": ("rong.docx", _bytes(b""), "empty"),
    "empty text": ("rong.txt", _bytes(b""), "empty"),
    "scanned PDF": ("scan.pdf", lambda p, _: write_scanned_pdf(p), "pdf_scanned"),
    "encrypted PDF": ("mat-khau.pdf", "encrypted", "pdf_encrypted"),
    "truncated PDF": ("cut.pdf", _cut("pdf", 0.6), "pdf_corrupt"),
    "PDF without its end": ("cut-end.pdf", _cut("pdf", 0.995), "pdf_corrupt"),
    "PDF header then junk": (
        "rac.pdf",
        _bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n"),
        "pdf_corrupt",
    ),
    "random bytes as DOCX": ("rac.docx", _bytes(b"\x93\x11" + os.urandom(4000)), "docx_corrupt"),
    "truncated DOCX": ("cut.docx", _cut("docx", 0.5), "docx_corrupt"),
    "DOCX with broken XML": ("hong.docx", _broken_xml, "docx_corrupt"),
    "zip without document.xml": (
        "khong-word.docx",
        _bytes(_zip(**{"[Content_Types].xml": "<x/>"})),
        "docx_not_word",
    ),
    "password-protected DOCX": ("mat-khau.docx", _bytes(_ole("EncryptedPackage")), "docx_encrypted"),
    "bare OLE header as DOCX": (
        "ole.docx",
        _bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600)),
        "docx_encrypted",
    ),
    "Word 97 file renamed .docx": ("cu.docx", _bytes(_ole("WordDocument")), "old_doc"),
    ".doc": ("cu.doc", _bytes(_ole("WordDocument")), "old_doc"),
    "PDF named .docx": ("la-pdf.docx", "pdf", "mismatch"),
    "DOCX named .pdf": ("la-docx.pdf", "docx", "mismatch"),
    "PDF named .txt": ("la-pdf.txt", "pdf", "mismatch"),
    "binary named .txt": ("nhi-phan.txt", _bytes(bytes(range(256)) * 8), "not_text"),
    "Windows-1252 text": (
        "cp1252.txt",
        _bytes("Ghi chú: Sở Y tế, café".encode("cp1252", errors="replace")),
        "not_text",
    ),
    "spreadsheet": ("bang.xlsx", _bytes(_zip(**{"xl__workbook.xml": "<x/>"})), "unsupported"),
}


@pytest.fixture(scope="module")
def plans(plan_docx: Path, plan_pdf: Path) -> dict[str, Path]:
    return {"docx": plan_docx, "pdf": plan_pdf}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_files_get_one_clear_message(
    case: str,
    tmp_path: Path,
    plans: dict[str, Path],
    fonts: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, write, kind = BAD[case]
    path = tmp_path / name
    if write == "encrypted":
        write_pdf(PLAN, path, fonts, password="mat-khau")
    elif isinstance(write, str):
        path.write_bytes(plans[write].read_bytes())
    elif write is not None:
        write(path, plans)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.kind == kind
    assert str(caught.value).startswith(f"Không tìm thấy tệp «{path}»" if kind == "missing" else f"«{name}»")
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"{caught.value}\n"
    assert not out.exists()


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_damaged_files_raise_nothing_but_document_error(
    kind: str, tmp_path: Path, plans: dict[str, Path]
) -> None:
    rng = random.Random(20240115)
    data = plans[kind].read_bytes()
    kinds = set()
    for i in range(30):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 10, 100])):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"{i}.{kind}"
        path.write_bytes(bytes(damaged))
        try:
            read_document(path)
        except DocumentError as exc:
            kinds.add(exc.kind)
    assert f"{kind}_corrupt" in kinds


def test_the_messages_read_as_the_admin_sees_them(tmp_path: Path) -> None:
    scan = write_scanned_pdf(tmp_path / "tệp.pdf")
    with pytest.raises(DocumentError) as caught:
        read_document(scan)
    assert str(caught.value) == (
        "«tệp.pdf» là bản scan không có lớp chữ: hãy dùng bản PDF xuất từ Word hoặc nhận dạng chữ (OCR) trước."
    )
    (tmp_path / "ke-hoach.doc").write_bytes(_ole("WordDocument"))
    with pytest.raises(
        DocumentError, match=r"^«ke-hoach\.doc» là tệp Word cũ \(\.doc\).*lưu lại dưới dạng \.docx"
    ):
        read_document(tmp_path / "ke-hoach.doc")
    (tmp_path / "that.pdf").write_bytes(_zip(**{"word__document.xml": "<x/>"}))
    with pytest.raises(DocumentError) as caught:
        read_document(tmp_path / "that.pdf")
    assert str(caught.value) == (
        "«that.pdf» có đuôi «.pdf» nhưng thực chất là một văn bản Word (.docx): hãy đổi đuôi tệp thành .docx rồi "
        "nhập lại."
    )
    assert all(unicodedata.is_normalized("NFC", m) for m in MESSAGES.values())


@pytest.mark.parametrize(
    "content",
    [
        "Món phở bò\n\nNguyên liệu: 500 g bánh phở, 300 g thịt bò, hành, gừng.\n\nCách làm: ninh xương trong 6 giờ.\n",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\nSed do eiusmod tempor incididunt.\n",
    ],
    ids=["recipe", "lorem"],
)
def test_a_text_that_is_not_a_plan(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, out = tmp_path / "pho.txt", tmp_path / "out.yaml"
    path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert main(["import", str(path), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        "«pho.txt»: Không tìm thấy nhiệm vụ nào: tệp không giống một kế hoạch (không có phân công).\n"
    )
    assert not out.exists()


def test_a_bad_file_through_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    done = _cli("import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert done.returncode == 1
    assert done.stderr == MESSAGES["docx_corrupt"].format(name="cut.docx") + "\n"
    assert not (tmp_path / "out.yaml").exists()


# TCVN3 (ABC) for the lower-case Vietnamese letters (upper case is typed with the same codes in the capitals
# font .VnTimeH), to write what a .VnTime document's text reads as.
_TCVN3_OF = dict(
    zip(
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        strict=True,
    )
)
_VNI_SAMPLE = (
    "Keá hoaïch trieån khai coâng taùc caûi caùch haønh chính naêm 2024. Sôû Noäi vuï chuû trì, phoái hôïp "
    "vôùi caùc sôû, ban, ngaønh tham möu UÛy ban nhaân daân tænh kieän toaøn Ban Chæ ñaïo; hoaøn thaønh "
    "tröôùc ngaøy 30/6/2024. Sôû Taøi chính boá trí kinh phí thöïc hieän Keá hoaïch.\n"
)


def _tcvn3(text: str) -> str:
    return "".join(_TCVN3_OF.get(ch, ch) for ch in text.lower())


@pytest.mark.parametrize(("encoding", "kind"), [("TCVN3", "txt"), ("TCVN3", "docx"), ("VNI", "txt")])
def test_a_plan_typed_in_a_legacy_encoding_is_refused_with_what_to_do(
    encoding: str, kind: str, tmp_path: Path
) -> None:
    plan = (
        "KẾ HOẠCH\nTriển khai công tác cải cách hành chính năm 2024\n\nII. NHIỆM VỤ\n\n"
        "1. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tham mưu Ủy ban nhân dân tỉnh kiện toàn Ban Chỉ "
        "đạo cải cách hành chính; hoàn thành trước ngày 30/6/2024.\n\n2. Sở Tài chính bố trí kinh phí thực hiện "
        "Kế hoạch; Sở Thông tin và Truyền thông hướng dẫn đánh giá chỉ số chuyển đổi số.\n"
    )
    legacy = _tcvn3(plan) if encoding == "TCVN3" else _VNI_SAMPLE * 3
    path = tmp_path / f"ke-hoach.{kind}"
    if kind == "docx":
        from docx import Document

        doc = Document()
        for line in filter(None, legacy.splitlines()):
            doc.add_paragraph().add_run(line).font.name = ".VnTime"
        doc.save(str(path))
    else:
        path.write_text(legacy, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.kind == "legacy_encoding"
    assert str(caught.value).startswith(f"«ke-hoach.{kind}» gõ bằng bảng mã cũ {encoding}")
    assert "chuyển mã sang Unicode" in str(caught.value)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_two_row_header_under_merged_cells(
    kind: str, tmp_path: Path, fonts: tuple[Path, Path], bac_giang: Registry
) -> None:
    """ "Cơ quan thực hiện" spans "Chủ trì | Phối hợp"; TT, Nội dung and Thời gian are merged down over both
    header rows, so Word and the PDF give the second row with their text repeated: both rows are one header."""
    from .documents import Cell, Para, Table, _row, write_docx

    first = [
        Cell("TT", merge="restart"),
        Cell("Nội dung nhiệm vụ", merge="restart"),
        Cell("Cơ quan thực hiện", span=2),
        Cell("Thời gian", merge="restart"),
    ]
    second = [
        Cell("TT", merge="continue"),
        Cell("Nội dung nhiệm vụ", merge="continue"),
        Cell("Chủ trì"),
        Cell("Phối hợp"),
        Cell("Thời gian", merge="continue"),
    ]
    rows = [
        first,
        second,
        _row(
            "1",
            "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai",
            "Sở Tư pháp",
            "Sở Nội vụ",
            "Quý II/2024",
        ),
        _row(
            "2",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Văn phòng UBND tỉnh",
            "Sở Tài chính",
            "Tháng 9/2024",
        ),
    ]
    blocks = [
        *PLAN[:4],
        Para("II. NHIỆM VỤ CỤ THỂ", bold=True),
        Table(rows, widths=(12.0, 68.0, 32.0, 32.0, 26.0)),
    ]
    path = (
        write_docx(blocks, tmp_path / "p.docx")
        if kind == "docx"
        else write_pdf(blocks, tmp_path / "p.pdf", fonts)
    )
    tasks = make_draft(read_document(path), bac_giang).tasks
    assert [
        ([x["id"] for x in t.lead], [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks
    ] == [
        (["so-tu-phap"], ["so-noi-vu"], "Quý II/2024"),
        (["van-phong-ubnd-tinh"], ["so-tai-chinh"], "Tháng 9/2024"),
    ]


def _text_box_xml(text: str, *, fallback: bool) -> str:
    """A floating shape with text as Word writes it: the drawing for new readers, VML for old ones."""
    body = f'<w:txbxContent><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:txbxContent>'
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
        f"{body}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    old = f"<mc:Fallback><w:pict><v:shape><v:textbox>{body}</v:textbox></v:shape></w:pict></mc:Fallback>"
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    return f"<w:r {namespaces}><mc:AlternateContent>{choice}{old if fallback else ''}</mc:AlternateContent></w:r>"


def test_text_boxes_are_read_once_where_they_are_anchored(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    anchor = doc.add_paragraph()  # an empty paragraph holding a masthead box, as Word templates do
    anchor._p.append(parse_xml(_text_box_xml("Số: 45/KH-UBND", fallback=True)))
    doc.add_paragraph("1. Sở Y tế chủ trì tổ chức tập huấn.")
    note = doc.add_paragraph("2. Sở Tài chính bố trí kinh phí.")
    note._p.append(parse_xml(_text_box_xml("Ghi chú: kinh phí năm 2025", fallback=False)))
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("Ô bảng")
    cell.paragraphs[0]._p.append(parse_xml(_text_box_xml("hộp trong ô", fallback=True)))
    path = tmp_path / "boxes.docx"
    doc.save(str(path))
    text = read_document(path)
    assert text.count("Số: 45/KH-UBND") == 1 and text.count("hộp trong ô") == 1
    assert text.index("Số: 45/KH-UBND") < text.index("1. Sở Y tế")
    assert text.index("2. Sở Tài chính") < text.index("Ghi chú: kinh phí năm 2025") < text.index("Ô bảng")


def test_a_text_box_in_a_centred_title_does_not_break_the_title(tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    doc = Document()
    lines = ["KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2024", "trên địa bàn tỉnh"]
    for k, line in enumerate(lines):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if k == 0:
            p._p.append(parse_xml(_text_box_xml("DỰ THẢO", fallback=True)))  # a draft stamp beside the title
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    path = tmp_path / "stamp.docx"
    doc.save(str(path))
    text = read_document(path)
    assert "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2024\ntrên địa bàn tỉnh" in text
    assert text.index("trên địa bàn tỉnh") < text.index("DỰ THẢO") < text.index("I. MỤC ĐÍCH")
