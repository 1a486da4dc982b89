"""Plan documents built at test time: one content model, written as DOCX, PDF and the equivalent text.

No binary fixture is committed. The DOCX is written with python-docx (a real Word table with merged
cells), the PDF with fpdf2 (ruled table cells, a table row split by a page break, the header row repeated
on the next page, page numbers at the top). The PDF's fonts are made here too, with fontTools, so that no
test depends on a system font: every glyph is a plain box, but each character has its own glyph and the
font maps it back to Unicode, which is all a text-layer reader sees.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FONT_FAMILY = "PlanSans"


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; `**…**` marks bold runs."""

    text: str
    align: str = "J"  # J, C, L
    bold: bool = False  # the whole paragraph
    heading: int = 0  # a Word "Heading N" style
    nfd: bool = False  # written decomposed, as some Vietnamese keyboards do


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    span: int = 1  # grid columns (gridSpan)
    merge: str | None = None  # vertical merge: "restart" or "continue" (the text is the one above)


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[list[Cell]]  # the first row is the header (repeated on each page in the PDF)
    layout: bool = False  # a borderless layout table (title and signature blocks)
    widths: tuple[float, ...] = ()  # mm
    split_row: int | None = None  # PDF: the row a page break falls into
    split_lines: int = 1  # lines of that row's cells kept before the break


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Para | Table | PageBreak


def _row(*cells: str | Cell) -> list[Cell]:
    return [c if isinstance(c, Cell) else Cell(c) for c in cells]


HEADER = _row("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
WIDTHS = (12.0, 68.0, 32.0, 32.0, 26.0)

TASK_TABLE = Table(
    [
        HEADER,
        _row("I", Cell("CẢI CÁCH THỂ CHẾ", span=4)),
        _row(
            "1",
            "Rà soát văn bản quy phạm pháp luật về tổ chức bộ máy",
            Cell("Sở Tư pháp", merge="restart"),
            "Các sở, ban, ngành",
            "Quý II/2024",
        ),
        _row(
            "2",
            "Kiểm tra văn bản quy phạm pháp luật do UBND cấp huyện ban hành",
            Cell("Sở Tư pháp", merge="continue"),
            "UBND các huyện, thành phố",
            "Tháng 9/2024",
        ),
        _row("II", Cell("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", span=4)),
        _row(
            "3",
            "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức trên phần mềm quản lý của tỉnh và kết nối với hệ thống quốc gia",
            "Sở Nội vụ",
            "Các sở, ban, ngành",
            "Tháng 9/2024",
        ),
    ],
    widths=WIDTHS,
    split_row=5,
    split_lines=2,
)

TITLE_BLOCK = Table(
    [
        _row(
            "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        ),
        _row("Số: 12/KH-UBND", "Bắc Giang, ngày 15 tháng 01 năm 2024"),
    ],
    layout=True,
    widths=(65.0, 100.0),
)

SIGNATURE_BLOCK = Table(
    [
        _row(
            "Nơi nhận:\n- Bộ Nội vụ (b/c);\n- Các sở, ban, ngành;\n- Lưu: VT, NC.",
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An",
        )
    ],
    layout=True,
    widths=(80.0, 85.0),
)

PLAN: list[Block] = [
    TITLE_BLOCK,
    Para("KẾ HOẠCH", align="C", bold=True),
    Para("Triển khai công tác cải cách hành chính", align="C", bold=True),
    Para("tỉnh Bắc Giang năm 2024", align="C", bold=True),
    Para(
        "Thực hiện Kế hoạch số 213/KH-UBND ngày 29/12/2023 của Chủ tịch UBND tỉnh về cải cách hành chính "
        "nhà nước năm 2024, UBND tỉnh ban hành Kế hoạch triển khai như sau:"
    ),
    Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
    Para(
        "Nâng cao chất lượng cải cách hành chính; xác định rõ trách nhiệm của từng cơ quan trong tổ chức "
        "thực hiện."
    ),
    Para("II. NHIỆM VỤ CỤ THỂ", bold=True),
    Para(
        "1. Sở Nội vụ: Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh; theo dõi, đôn đốc "
        "các cơ quan thực hiện Kế hoạch. **Thời gian hoàn thành: Quý II/2024**."
    ),
    Para(
        "2. Sở Tư pháp: Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành, "
        "**hoàn thành trước ngày 30/9/2024**.",
        nfd=True,
    ),
    Para("3. Nhiệm vụ chung", heading=3),
    Para(
        "- Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế "
        "hoạch trước ngày 15/02/2024."
    ),
    Para(
        "- Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng UBND tỉnh triển khai nâng cấp Cổng "
        "dịch vụ công của tỉnh, **hoàn thành trong tháng 6/2024**."
    ),
    Para("III. TỔ CHỨC THỰC HIỆN", bold=True),
    Para(
        "Trên đây là Kế hoạch triển khai công tác cải cách hành chính tỉnh Bắc Giang năm 2024, yêu cầu các "
        "cơ quan, đơn vị nghiêm túc triển khai thực hiện./."
    ),
    SIGNATURE_BLOCK,
    PageBreak(),
    Para("Phụ lục", align="C", bold=True),
    Para("DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024", align="C", bold=True),
    TASK_TABLE,
]

# What the importer must find in PLAN, whatever the format: (text start, lead id, support ids, deadline).
EXPECTED_TASKS = [
    (
        "Sở Nội vụ: Tham mưu UBND tỉnh kiện toàn",
        "so-noi-vu",
        [],
        "Quý II/2024",
    ),  # the bold label is not part of the phrase
    ("Sở Tư pháp: Rà soát, hệ thống hóa", "so-tu-phap", [], "hoàn thành trước ngày 30/9/2024"),
    ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ", "so-tai-chinh", ["so-noi-vu"], "Trước ngày 15/02/2024"),
    (
        "Sở Thông tin và Truyền thông chủ trì",
        "so-thong-tin-va-truyen-thong",
        ["van-phong-ubnd-tinh"],
        "hoàn thành trong tháng 6/2024",
    ),
    ("Rà soát văn bản quy phạm pháp luật", "so-tu-phap", ["cac-so-ban-nganh"], "Quý II/2024"),
    ("Kiểm tra văn bản quy phạm pháp luật", "so-tu-phap", ["ubnd-cac-huyen"], "Tháng 9/2024"),
    ("Cập nhật cơ sở dữ liệu cán bộ", "so-noi-vu", ["cac-so-ban-nganh"], "Tháng 9/2024"),
]


# --- the equivalent text (the form of the seeds) ------------------------------------------------------


def _cell_text(cells: list[Cell], above: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    col = 0
    for cell in cells:
        text = above[col] if cell.merge == "continue" else cell.text
        out.append((text, cell.span))
        col += cell.span
    return out


def plan_text(blocks: list[Block]) -> str:
    """The document as a careful hand conversion to text would read (`<table>` for data tables)."""
    parts: list[str] = []
    centred = False
    for block in blocks:
        if isinstance(block, Para):
            text = block.text.replace("**", "") if block.bold else block.text
            if centred and block.align == "C":  # a centred title block is one block
                parts[-1] += "\n" + text
            else:
                parts.append(f"{'#' * block.heading} {text}" if block.heading else text)
            centred = block.align == "C"
            continue
        centred = False
        if isinstance(block, PageBreak):
            continue
        if block.layout:
            parts.extend(c.text for row in block.rows for c in row if c.text)
        else:
            rows, above = [], [""] * sum(c.span for c in block.rows[0])
            for cells in block.rows:
                tds, col = [], 0
                for text, span in _cell_text(cells, above):
                    above[col : col + span] = [text] * span
                    tds.append(f'<td colspan="{span}">{text}</td>' if span > 1 else f"<td>{text}</td>")
                    col += span
                rows.append(f"<tr>{''.join(tds)}</tr>")
            parts.append("<table>\n" + "\n".join(rows) + "\n</table>")
    return "\n\n".join(parts) + "\n"


# --- DOCX ---------------------------------------------------------------------------------------------


def write_docx(blocks: list[Block], path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    align = {"C": WD_ALIGN_PARAGRAPH.CENTER, "J": WD_ALIGN_PARAGRAPH.JUSTIFY, "L": WD_ALIGN_PARAGRAPH.LEFT}
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)

    def fill(paragraph, text: str, bold: bool = False, nfd: bool = False) -> None:
        for i, piece in enumerate(text.split("**")):
            if piece:
                run = paragraph.add_run(unicodedata.normalize("NFD", piece) if nfd else piece)
                run.bold = True if bold or i % 2 == 1 else None  # Word writes no w:b for plain runs

    for block in blocks:
        if isinstance(block, PageBreak):
            doc.add_page_break()
        elif isinstance(block, Para):
            if block.heading:
                paragraph = doc.add_heading(level=block.heading)
                fill(paragraph, block.text, nfd=block.nfd)
            else:
                paragraph = doc.add_paragraph()
                fill(paragraph, block.text, block.bold, block.nfd)
                paragraph.alignment = align[block.align]
        else:
            columns = sum(c.span for c in block.rows[0])
            table = doc.add_table(rows=len(block.rows), cols=columns)
            if not block.layout:
                table.style = "Table Grid"
                header = table.rows[0]._tr.get_or_add_trPr()
                header.append(OxmlElement("w:tblHeader"))  # repeated on each page by Word
            for r, cells in enumerate(block.rows):
                col = 0
                for cell in cells:
                    target = table.cell(r, col)
                    if cell.span > 1:
                        target = target.merge(table.cell(r, col + cell.span - 1))
                    if cell.merge == "continue":
                        table.cell(r - 1, col).merge(target)
                    else:
                        lines = cell.text.split("\n")
                        target.paragraphs[0].text = ""
                        fill(target.paragraphs[0], lines[0], bold=block.layout or r == 0)
                        for line in lines[1:]:
                            fill(target.add_paragraph(), line, bold=block.layout)
                    col += cell.span
            for i, width in enumerate(block.widths):
                for cell in table.columns[i].cells:
                    cell.width = Mm(width)
            doc.add_paragraph()
    doc.save(str(path))
    return path


# --- fonts --------------------------------------------------------------------------------------------

_VIETNAMESE = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
)
_PUNCTUATION = "–—…“”‘’«»•"


def write_fonts(folder: Path) -> tuple[Path, Path]:
    """A regular and a bold TrueType font with a box glyph for ASCII, Vietnamese letters and marks."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted({chr(c) for c in range(0x20, 0x7F)} | set(_VIETNAMESE) | set(_PUNCTUATION))
    paths = []
    for style, weight in (("Regular", 400), ("Bold", 700)):
        names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
        glyphs, metrics = {}, {}
        for name, char in zip(names, ["\0", *chars], strict=True):
            pen = TTGlyphPen(None)
            mark = unicodedata.combining(char) > 0
            if char.strip() and not mark:
                thick = 90 if weight == 700 else 40
                pen.moveTo((60, 0))
                pen.lineTo((60, 680))
                pen.lineTo((440, 680))
                pen.lineTo((440, 0))
                pen.closePath()
                pen.moveTo((60 + thick, thick))
                pen.lineTo((440 - thick, thick))
                pen.lineTo((440 - thick, 680 - thick))
                pen.lineTo((60 + thick, 680 - thick))
                pen.closePath()
            glyphs[name] = pen.glyph()
            metrics[name] = (0 if mark else 250 if char == " " else 500, 0)
        builder = FontBuilder(1000, isTTF=True)
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap({ord(c): n for c, n in zip(chars, names[1:], strict=True)})
        builder.setupGlyf(glyphs)
        builder.setupHorizontalMetrics(metrics)
        builder.setupHorizontalHeader(ascent=800, descent=-200)
        builder.setupNameTable({"familyName": FONT_FAMILY, "styleName": style})
        builder.setupOS2(
            sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200, usWeightClass=weight
        )
        builder.setupPost()
        path = folder / f"{FONT_FAMILY}-{style}.ttf"
        builder.save(str(path))
        paths.append(path)
    return paths[0], paths[1]


# --- PDF ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    line: float = 6.0  # mm per text line
    pad: float = 1.5  # mm inside table cells
    size: float = 13.0  # pt


def _pdf(fonts: tuple[Path, Path]):
    from fpdf import FPDF

    class PlanPDF(FPDF):
        def header(self) -> None:  # page numbers at the top centre from page 2, as decrees require
            if self.page_no() > 1:
                self.set_font(FONT_FAMILY, "", 12)
                self.set_y(10)
                self.cell(0, 5, str(self.page_no()), align="C")
                self.set_y(20)

    pdf = PlanPDF(format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, 20)
    pdf.add_font(FONT_FAMILY, "", str(fonts[0]))
    pdf.add_font(FONT_FAMILY, "B", str(fonts[1]))
    pdf.set_font(FONT_FAMILY, "", 13)
    return pdf


def write_pdf(
    blocks: list[Block],
    path: Path,
    fonts: tuple[Path, Path],
    *,
    password: str | None = None,
    scanned_after: int | None = None,
) -> Path:
    """The plan as a PDF; `scanned_after`: a scanned page (a picture, no text) after that page."""
    pdf = _pdf(fonts)
    if password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=password)
    pdf.add_page()
    lay = _Layout()
    for block in blocks:
        if isinstance(block, PageBreak):
            if scanned_after == pdf.page:
                _scanned_page(pdf)
            pdf.add_page()
        elif isinstance(block, Para):
            text = unicodedata.normalize("NFD", block.text) if block.nfd else block.text
            pdf.set_font(FONT_FAMILY, "B" if block.bold or block.heading else "", lay.size)
            pdf.multi_cell(0, lay.line, text, align=block.align, markdown=True, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
        elif block.layout:
            _layout_table(pdf, block, lay)
        else:
            _ruled_table(pdf, block, lay)
    pdf.output(str(path))
    return path


def _layout_table(pdf, table: Table, lay: _Layout) -> None:
    pdf.set_font(FONT_FAMILY, "B", lay.size)
    for cells in table.rows:
        top, bottom, x = pdf.get_y(), pdf.get_y(), pdf.l_margin
        for cell, width in zip(cells, table.widths, strict=True):
            pdf.set_xy(x, top)
            pdf.multi_cell(width, lay.line, cell.text, align="C", new_x="LEFT", new_y="NEXT")
            bottom, x = max(bottom, pdf.get_y()), x + width
        pdf.set_xy(pdf.l_margin, bottom + 2)
    pdf.ln(3)


def _lines(pdf, text: str, width: float, lay: _Layout) -> list[str]:
    if not text:
        return []
    return list(pdf.multi_cell(width - 2 * lay.pad, lay.line, text, dry_run=True, output="LINES"))


def _ruled_table(pdf, table: Table, lay: _Layout) -> None:
    """Cells with drawn borders; merged cells drawn as one box; one row split by a page break."""
    pdf.set_auto_page_break(False)
    lefts = [pdf.l_margin + sum(table.widths[:i]) for i in range(len(table.widths))]
    grid: list[list[tuple[int, int, Cell]]] = []  # per row: (column, span, cell)
    for cells in table.rows:
        col, placed = 0, []
        for cell in cells:
            placed.append((col, cell.span, cell))
            col += cell.span
        grid.append(placed)

    def width(col: int, span: int) -> float:
        return sum(table.widths[col : col + span])

    def lines_of(r: int) -> dict[int, list[str]]:
        bold = r == 0 or any(c.span > 1 for _, _, c in grid[r])
        pdf.set_font(FONT_FAMILY, "B" if bold else "", 12)
        return {
            col: _lines(pdf, "" if c.merge == "continue" else c.text, width(col, span), lay)
            for col, span, c in grid[r]
        }

    def down(r: int, col: int) -> int:  # rows covered by a vertically merged cell starting at row r
        n = 1
        while r + n < len(grid) and any(c2 == col and c.merge == "continue" for c2, _, c in grid[r + n]):
            n += 1
        return n

    def draw(r: int, parts: dict[int, list[str]], heights: list[float], y: float) -> None:
        bold = r == 0 or any(c.span > 1 for _, _, c in grid[r])
        pdf.set_font(FONT_FAMILY, "B" if bold else "", 12)
        for col, span, cell in grid[r]:
            if cell.merge == "continue":
                continue
            rows = down(r, col) if cell.merge == "restart" else 1
            h = sum(heights[:rows])
            pdf.rect(lefts[col], y, width(col, span), h)
            text_lines = parts.get(col, [])
            ty = (
                y
                + lay.pad
                + (max(0.0, (h - 2 * lay.pad - lay.line * len(text_lines)) / 2) if rows > 1 else 0)
            )
            for i, line in enumerate(text_lines):
                pdf.set_xy(lefts[col] + lay.pad, ty + i * lay.line)
                pdf.cell(width(col, span) - 2 * lay.pad, lay.line, line, align="C" if col == 0 else "L")

    def height(parts: dict[int, list[str]], r: int) -> float:
        own = [
            len(v) for col, v in parts.items() if not any(c == col and cell.merge for c, _, cell in grid[r])
        ]
        return max([*own, 1]) * lay.line + 2 * lay.pad

    bottom = pdf.h - 20
    r, y = 0, pdf.get_y()
    heights = [height(lines_of(i), i) for i in range(len(grid))]
    while r < len(grid):
        parts = lines_of(r)
        rows = max((down(r, col) for col, _, c in grid[r] if c.merge == "restart"), default=1)
        if r == table.split_row:
            first = {col: v[: table.split_lines] for col, v in parts.items()}
            rest = {col: v[table.split_lines :] for col, v in parts.items()}
            h1 = height(first, r)
            draw(r, first, [h1], y)
            pdf.add_page()
            y = pdf.get_y()
            draw(0, lines_of(0), [heights[0]], y)
            y += heights[0]
            h2 = height(rest, r)
            draw(r, rest, [h2], y)
            y += h2
            r += 1
            continue
        if y + sum(heights[r : r + rows]) > bottom:
            pdf.add_page()
            y = pdf.get_y()
            draw(0, lines_of(0), [heights[0]], y)
            y += heights[0]
        draw(r, parts, heights[r : r + rows], y)
        y += heights[r]
        r += 1
    pdf.set_auto_page_break(True, 20)
    pdf.set_xy(pdf.l_margin, y + 4)


# --- other PDFs ---------------------------------------------------------------------------------------


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that are only a picture of text, as a scanner makes them: no text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(pages):
        _scanned_page(pdf)
    pdf.output(str(path))
    return path


def _scanned_page(pdf) -> None:
    """A page that is only a picture of lines of text."""
    from PIL import Image, ImageDraw

    pdf.add_page()
    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 560, 18):
        draw.rectangle((50, y, 370 - (y * 7) % 90, y + 7), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf.image(buffer, x=0, y=0, w=210, h=297)


def long_plan(pages: int = 30) -> list[Block]:
    """A plan of about `pages` A4 pages: numbered sections of agency tasks, then a long appendix table."""
    agencies = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Y tế", "Sở Kế hoạch và Đầu tư"]
    blocks: list[Block] = [*PLAN[:5]]
    sections = max(1, pages * 2 // 3)
    for s in range(sections):
        blocks.append(Para(f"{_roman(s + 2)}. NHIỆM VỤ TRỌNG TÂM NHÓM {s + 1}", bold=True))
        for i, agency in enumerate(agencies):
            blocks.append(
                Para(
                    f"{i + 1}. {agency}: Chủ trì, phối hợp với các sở, ban, ngành rà soát, đánh giá kết quả "
                    "thực hiện nhiệm vụ cải cách hành chính của cơ quan, đơn vị; đề xuất giải pháp khắc phục "
                    "những tồn tại, hạn chế, nâng cao chỉ số hài lòng của người dân, doanh nghiệp đối với sự "
                    f"phục vụ của cơ quan hành chính nhà nước. **Hoàn thành trước ngày {10 + i}/{1 + s % 12}/2024**."
                )
            )
    rows = [HEADER]
    for i in range(pages * 4):
        rows.append(
            _row(
                str(i + 1),
                f"Triển khai nhiệm vụ số {i + 1} về cải cách thủ tục hành chính, số hóa hồ sơ, kết quả giải "
                "quyết thủ tục hành chính tại bộ phận một cửa các cấp",
                agencies[i % len(agencies)],
                "Các sở, ban, ngành",
                f"Tháng {1 + i % 12}/2024",
            )
        )
    blocks += [PageBreak(), Para("Phụ lục", align="C", bold=True), Table(rows, widths=WIDTHS)]
    return blocks


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out
