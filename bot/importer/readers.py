"""Plan documents (.txt/.md, .docx, .pdf) as the text form the extractor reads.

That form is the one of the seed conversions: one paragraph per line, a blank line between paragraphs,
`#` headings, bold runs as `**…**` (the extractor takes bold phrases as deadlines), and data tables as
`<table>` HTML with one `<tr>` per line. Merged cells are resolved so that every row stands alone: a
horizontal merge is one `<td colspan="n">`, a vertical merge repeats the text of the cell above. A PDF
table split by a page break stays two tables, the second without the repeated header row, and a row cut
by the break stays two rows: the extractor joins them (and flags the task for review). Text comes out
NFC-composed whatever the source used.

Every failure is a `DocumentError` whose message is Vietnamese, for the administrator who gave the file;
the libraries' own exceptions never leave this module.
"""

from __future__ import annotations

import codecs
import itertools
import re
import statistics
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.importer.draft import MAX_BYTES
from bot.importer.numbering import DocxNumbering

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ""})
MAX_UNPACKED = 1024 * 1024 * 1024  # a DOCX that inflates past this is a zip bomb, not a plan
MIN_TEXT_PAGE = 40  # characters on a page with a text layer; fewer is a scan (a stamp, a page number)

MESSAGES = {
    "missing": "Không tìm thấy tệp «{name}».",
    "not_a_file": "«{name}» không phải là một tệp (có thể là thư mục).",
    "unreadable": "Không mở được tệp «{name}»: không có quyền đọc hoặc ổ đĩa bị lỗi.",
    "too_large": "«{name}» lớn hơn 100 MB: không phải một văn bản kế hoạch.",
    "empty": "«{name}» là tệp rỗng (0 byte): không có nội dung để nhập.",
    "unsupported": "«{name}»: chưa đọc được loại tệp «{suffix}»; hãy dùng .docx, .pdf hoặc văn bản .txt/.md.",
    "mismatch": "«{name}» có đuôi «{suffix}» nhưng thực chất là {actual}: hãy đổi đuôi tệp thành {right} rồi nhập lại.",
    "not_text": "«{name}» không phải văn bản UTF-8 (có thể là tệp nhị phân hoặc bảng mã khác): hãy lưu lại dưới dạng UTF-8 rồi nhập lại.",
    "old_doc": "«{name}» là tệp Word cũ (.doc), chưa đọc được: hãy mở bằng Word, lưu lại dưới dạng .docx (hoặc xuất ra PDF) rồi nhập lại.",
    "docx_encrypted": "«{name}» là tệp Word có mật khẩu: hãy mở bằng Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu), lưu lại rồi nhập lại.",
    "docx_corrupt": "«{name}» bị hỏng hoặc không trọn vẹn, không phải tệp DOCX hợp lệ: hãy tải lại tệp gốc, hoặc mở bằng Word và lưu lại.",
    "docx_not_word": "«{name}» không phải văn bản Word: tệp nén này không có nội dung văn bản (word/document.xml). Hãy dùng đúng tệp .docx của kế hoạch.",
    "docx_bomb": "«{name}» giải nén ra hơn 1 GB: không phải một văn bản kế hoạch.",
    "pdf_encrypted": "«{name}» là PDF có mật khẩu: hãy mở bằng trình đọc PDF, nhập mật khẩu rồi lưu (hoặc in) ra một bản PDF không mật khẩu và nhập lại.",
    "pdf_corrupt": "«{name}» là tệp PDF bị hỏng hoặc chưa tải về hết: hãy tải lại tệp gốc.",
    "pdf_scanned": "«{name}» là bản scan không có lớp chữ: hãy dùng bản PDF xuất từ Word hoặc nhận dạng chữ (OCR) trước.",
    "legacy_encoding": "«{name}» gõ bằng bảng mã cũ {encoding}, không phải Unicode, nên chữ tiếng Việt đọc ra bị sai: hãy chuyển mã sang Unicode (Unikey: Công cụ chuyển mã, hoặc mở bằng Word với phông Unicode) rồi nhập lại.",
    "pdf_no_unicode": "«{name}»: chữ trong PDF dùng phông không có bảng mã Unicode nên không đọc được: hãy xuất lại PDF từ Word với phông Unicode (như Times New Roman).",
}

_ACTUAL = {  # what a file really is (for "mismatch"), and the suffix it should have
    "pdf": ("một tệp PDF", ".pdf"),
    "docx": ("một văn bản Word (.docx)", ".docx"),
    "zip": ("một tệp nén ZIP", ".zip (rồi giải nén lấy văn bản kế hoạch)"),
    "ole": ("một tệp Office cũ (.doc) hoặc có mật khẩu", ".doc (rồi lưu lại dưới dạng .docx)"),
    "rtf": ("một tệp RTF", ".rtf (rồi mở bằng Word, lưu dưới dạng .docx)"),
    "text": ("một văn bản thuần", ".txt"),
}


class DocumentError(Exception):
    """A document that cannot be read; the message is for people (Vietnamese)."""

    def __init__(self, kind: str, name: str, **details: str) -> None:
        super().__init__(MESSAGES[kind].format(name=name, **details))
        self.kind = kind


def read_document(path: Path, notes: list[str] | None = None) -> str:
    """The text of a plan document in the importer's text form; `DocumentError` when it cannot be read.

    What was read only in part is told in `notes` (Vietnamese, for the admin): PDF pages without text.
    """
    name = path.name or str(path)
    try:
        if not path.exists():
            raise DocumentError("missing", str(path))
        if not path.is_file():
            raise DocumentError("not_a_file", name)
        size = path.stat().st_size  # before reading anything: a 5 GB file is refused, not loaded
        if size > MAX_BYTES:
            raise DocumentError("too_large", name)
        if size == 0:
            raise DocumentError("empty", name)
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise DocumentError("unreadable", name) from exc
    suffix = path.suffix.lower()
    actual = _sniff(head, path)
    if suffix in TEXT_SUFFIXES:
        if actual not in (None, "text"):
            raise _mismatch(name, suffix, actual)
        return _refuse_legacy_encoding(_read_text(path, name), name)
    if suffix == ".doc":
        if actual in ("pdf", "docx", "text"):
            raise _mismatch(name, suffix, actual)
        raise DocumentError("old_doc", name)
    if suffix == ".docx":
        if actual == "ole":
            raise DocumentError("old_doc" if _is_word97(path) else "docx_encrypted", name)
        if actual in ("pdf", "rtf", "text"):
            raise _mismatch(name, suffix, actual)
        if actual != "docx" and actual != "zip":
            raise DocumentError("docx_corrupt", name)
        return _refuse_legacy_encoding(_finish(_read_docx(path, name)), name)
    if suffix == ".pdf":
        if actual != "pdf":
            if actual is None:
                raise DocumentError("pdf_corrupt", name)
            raise _mismatch(name, suffix, actual)
        return _refuse_legacy_encoding(
            _finish(_read_pdf(path, name, notes if notes is not None else [])), name
        )
    raise DocumentError("unsupported", name, suffix=suffix)


def _mismatch(name: str, suffix: str, actual: str) -> DocumentError:
    what, right = _ACTUAL[actual]
    return DocumentError("mismatch", name, suffix=suffix or "(không có)", actual=what, right=right)


# --- what a file is ------------------------------------------------------------------------------------

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
# What zipfile raises on a damaged archive: NotImplementedError for a version, compression or encryption it
# cannot read (often flipped bits), RuntimeError for "File … is encrypted, password required".
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


def _sniff(head: bytes, path: Path) -> str | None:
    """What a file is from its first bytes: pdf, docx, zip, ole, rtf or text; None when unknown (binary)."""
    at = head.find(b"%PDF-")
    if at == 0 or (at > 0 and _sniff_text(head[:at]) is None):  # readers accept up to 1 KiB of junk first
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(path) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except _ZIP_ERRORS:
            return "zip"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    try:  # a cut in the middle of a multi-byte sequence is not a reason to call it binary
        chunk = head.decode("utf-8", errors="strict" if len(head) < 1024 else "ignore")
    except UnicodeDecodeError:
        return None
    return "text" if _looks_like_text(chunk) else None


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return "\x00" not in text and controls <= len(text) // 100


def _is_word97(path: Path) -> bool:
    """Whether an OLE compound file holds a Word 97–2003 document rather than an encrypted DOCX."""
    data = path.read_bytes()
    return "WordDocument".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") not in data


# --- plain text -----------------------------------------------------------------------------------------


def _read_text(path: Path, name: str) -> str:
    data = path.read_bytes()
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError("not_text", name) from exc
    if not _looks_like_text(text):
        raise DocumentError("not_text", name)
    return unicodedata.normalize("NFC", text)


# --- legacy Vietnamese encodings -------------------------------------------------------------------------

# Before Unicode, Vietnamese was typed in 8-bit font encodings that reuse Latin-1 code points: TCVN3 (ABC,
# fonts ".VnTime") writes "Kế hoạch" as "KÕ ho¹ch", VNI ("VNI-Times") as "Keá hoaïch". Read as Unicode they
# are gibberish that no agency name or deadline matches, so such a file is refused with what to do.
_VIETNAMESE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
# Code points each legacy encoding uses for Vietnamese letters and Unicode Vietnamese never has: for TCVN3
# those VNI does not use either (TCVN3's "«" (ô) and "»" (ằ) too: a Unicode plan quoting with them has far
# more Vietnamese letters); for VNI its tone marks after a vowel, "ñ" (đ) and "ö" (ư), which TCVN3 also
# uses, so TCVN3 is tried first.
_TCVN3 = re.compile(r"[µ¸¶·¹¨»¾¼½©®ª«¬ß÷þ×¡¢§£¤¥¦]")
_VNI = re.compile(r"(?<=[aeiouyAEIOUY])[øùûõï]|ñ|ö")


def _refuse_legacy_encoding(text: str, name: str) -> str:
    """`text`, unless it is Vietnamese in a legacy 8-bit encoding (`DocumentError` then)."""
    sample = text[:200_000]
    native = len(_VIETNAMESE.findall(sample))
    for encoding, pattern in (("TCVN3 (ABC, phông .VnTime)", _TCVN3), ("VNI (phông VNI-Times)", _VNI)):
        legacy = len(pattern.findall(sample))
        if legacy >= 20 and legacy > 5 * native:
            raise DocumentError("legacy_encoding", name, encoding=encoding)
    return text


# --- shared text shaping --------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\u000b": "\n"})
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _escape(text: str) -> str:
    """Text safe inside the HTML-flavoured text form: no tag can start, no entity is misread."""
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


def _plain(text: str) -> str:
    """One line of text: invisible marks dropped, every kind of space and break made one space."""
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_LIGATURES)
    return " ".join(text.split())


def _spans(pieces: Iterable[tuple[str, bool | None]]) -> str:
    """Text with its bold runs marked `**…**`; bold throughout is left plain (a heading, not a phrase).

    A piece with no letter or digit (spaces, punctuation) takes the weight of the run it falls in, so that
    "**Quý II/2024**." does not become "**Quý II/2024**** .**". Lines (`\\n`) are marked one by one, since
    the extractor reads a bold phrase within one line.
    """
    runs: list[list[Any]] = []  # [text, bold]
    for text, bold in pieces:
        if not text:
            continue
        neutral = bold is None or not any(ch.isalnum() for ch in text)
        if runs and (neutral or runs[-1][1] is None or runs[-1][1] == bold):
            runs[-1][0] += text
            if runs[-1][1] is None and not neutral:
                runs[-1][1] = bold
        else:
            runs.append([text, None if neutral else bold])
    if not any(bold for _, bold in runs) or all(bold is not False for _, bold in runs):
        return "".join(text for text, _ in runs)
    out: list[str] = []
    for text, bold in runs:
        if not bold:
            out.append(text)
            continue
        lines = []
        for line in text.split("\n"):
            core = line.strip()
            lines.append(line.replace(core, f"**{core}**", 1) if core else line)
        out.append("\n".join(lines))
    return "".join(out)


def _finish(blocks: list[str]) -> str:
    text = "\n\n".join(b for b in blocks if b.strip())
    return unicodedata.normalize("NFC", text) + "\n" if text else ""


def _row_html(cells: list[tuple[str, int]]) -> str:
    tds = (
        f'<td colspan="{span}">{_escape(text)}</td>' if span > 1 else f"<td>{_escape(text)}</td>"
        for text, span in cells
    )
    return f"<tr>{''.join(tds)}</tr>"


def _table_html(rows: list[list[tuple[str, int]]]) -> str:
    return "<table>\n" + "\n".join(_row_html(r) for r in rows) + "\n</table>"


# --- DOCX -----------------------------------------------------------------------------------------------


def _read_docx(path: Path, name: str) -> list[str]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise DocumentError("docx_corrupt", name) from exc
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise DocumentError("docx_bomb", name)
    if not any(info.filename == "word/document.xml" for info in infos):
        raise DocumentError("docx_not_word", name)
    try:
        document = Document(str(path))
    except (
        *_ZIP_ERRORS,
        PackageNotFoundError,
        KeyError,  # a part named in the relationships but missing
        ValueError,  # a main part of another content type
        LxmlError,  # broken XML
    ) as exc:
        raise DocumentError("docx_corrupt", name) from exc
    try:
        return _DocxText(document).blocks(document.element.body)
    except (ValueError, LxmlError) as exc:  # a malformed value (gridSpan="x"), a broken styles part
        raise DocumentError("docx_corrupt", name) from exc


def _qn(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


_P, _TBL, _TR, _TC, _R = _qn("p"), _qn("tbl"), _qn("tr"), _qn("tc"), _qn("r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _qn("sdt"), _qn("sdtContent"), _qn("customXml")
_VAL = _qn("val")
# Inline containers whose runs are part of the paragraph's text (deletions and moved-away text are not).
_RUN_CONTAINERS = {
    _qn(t)
    for t in (
        "hyperlink",
        "ins",
        "moveTo",
        "smartTag",
        "sdt",
        "sdtContent",
        "fldSimple",
        "customXml",
        "dir",
        "bdo",
    )
}
_RUN_TEXT = {
    _qn("t"): None,
    _qn("tab"): " ",
    _qn("ptab"): " ",
    _qn("br"): "\n",
    _qn("cr"): "\n",
    _qn("noBreakHyphen"): "-",
}
_HEADING_STYLE = re.compile(r"^heading\s*([1-6])$", re.IGNORECASE)


def _on(element: Any) -> bool:
    """A Word toggle property (`<w:b/>`, `<w:b w:val="0"/>`)."""
    return str(element.get(_VAL, "true")).lower() not in ("0", "false", "off", "none")


class _DocxText:
    """The body of a Word document as blocks of the text form, in document order."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.opc.constants import RELATIONSHIP_TYPE

        self._part = document.part
        self._types = WD_STYLE_TYPE
        self._bold: dict[tuple[str, str | None], bool | None] = {}
        try:
            numbering = self._part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            numbering = None
        self._numbered_styles: dict[str, tuple[str, int] | None] = {}
        self._numbering = DocxNumbering(numbering, self._style_numbering, self._list_style)

    def _list_style(self, style_id: str) -> str | None:
        """The list a numbering (list) style stands for: its numId."""
        for style in self._part.styles.element.iterchildren(_qn("style")):
            if style.get(_qn("type")) == "numbering" and style.get(_qn("styleId")) == style_id:
                return str(style.xpath("string(w:pPr/w:numPr/w:numId/@w:val)")) or None
        return None

    def _style_numbering(self, style_id: str) -> tuple[str, int] | None:
        """The list a paragraph style numbers its paragraphs in (its own or a base style's)."""
        if style_id not in self._numbered_styles:
            found: tuple[str, int] | None = None
            style = self._part.get_style(style_id, self._types.PARAGRAPH)
            seen: set[str] = set()
            while style is not None and found is None and style.style_id not in seen:  # (a cycle ends)
                seen.add(style.style_id)
                for num_pr in style.element.xpath("w:pPr/w:numPr"):
                    num_id = num_pr.xpath("string(w:numId/@w:val)")
                    if num_id:
                        level = num_pr.xpath("string(w:ilvl/@w:val)")
                        found = num_id, int(level) if level.isdigit() else 0
                        break
                style = style.base_style
            self._numbered_styles[style_id] = found
        return self._numbered_styles[style_id]

    def blocks(self, container: Any) -> list[str]:
        """Paragraphs and tables of a body, a cell or a content control; centred runs of lines together."""
        out: list[str] = []
        centred = False
        boxes: list[str] = []  # text boxes' paragraphs, after the block of the paragraph they are anchored in
        for child in container.iterchildren():
            if child.tag == _P:
                text, is_centred = self._paragraph(child)
                anchored = [block for box in _text_boxes(child) for block in self.blocks(box)]
                if not text:
                    boxes += anchored
                    continue
                if centred and is_centred and out:  # a centred title block reads as one block
                    out[-1] += "\n" + text
                else:
                    out += boxes
                    boxes = []
                    out.append(text)
                boxes += anchored
                centred = is_centred
                continue
            out += boxes
            boxes = []
            centred = False
            if child.tag == _TBL:
                out.extend(self._table(child))
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    out.extend(self.blocks(content))
            elif child.tag == _CUSTOM_XML:
                out.extend(self.blocks(child))
        return out + boxes

    def _paragraph(self, p: Any) -> tuple[str, bool]:
        style_id = p.xpath("string(w:pPr/w:pStyle/@w:val)") or None
        pieces: list[tuple[str, bool | None]] = []
        for run in _runs(p):
            bold = self._run_bold(run, style_id)
            for child in run.iterchildren():
                if child.tag in _RUN_TEXT:
                    text = _RUN_TEXT[child.tag]
                    pieces.append(((child.text or "") if text is None else text, bold))
        lines = [_plain(line) for line in _spans(pieces).split("\n")]
        text = _escape("\n".join(line for line in lines if line))
        label = self._numbering.label(p, style_id)  # Word's automatic "1.2.", "a)", bullet (counted
        if not text:  # even on an empty paragraph, as Word counts it)
            return "", False
        if label:
            text = f"{_escape(label)} {text}"
        level = self._heading_level(style_id)
        if level:
            return "#" * level + " " + text.replace("**", "").replace("\n", " "), False
        centred = p.xpath("string(w:pPr/w:jc/@w:val)") == "center"
        return text, centred

    def _heading_level(self, style_id: str | None) -> int:
        if style_id is None:
            return 0
        style = self._part.get_style(style_id, self._types.PARAGRAPH)
        found = _HEADING_STYLE.match(style.name or "")
        return int(found.group(1)) if found else 0

    def _style_bold(self, style_id: str | None, kind: str) -> bool | None:
        key = (kind, style_id)
        if key not in self._bold:
            style_type = self._types.PARAGRAPH if kind == "p" else self._types.CHARACTER
            style = self._part.get_style(style_id, style_type)
            bold = None
            while style is not None and bold is None:
                bold = style.font.bold
                style = style.base_style
            self._bold[key] = bold
        return self._bold[key]

    def _run_bold(self, run: Any, style_id: str | None) -> bool:
        rpr = run.find(_qn("rPr"))
        if rpr is not None:
            if (b := rpr.find(_qn("b"))) is not None:
                return _on(b)
            if (rstyle := rpr.find(_qn("rStyle"))) is not None:
                bold = self._style_bold(rstyle.get(_VAL), "r")
                if bold is not None:
                    return bold
        return bool(self._style_bold(style_id, "p"))

    def _table(self, tbl: Any) -> list[str]:
        grid = len(tbl.xpath("w:tblGrid/w:gridCol"))
        if grid <= 2 and not self._bordered(tbl):  # a layout table: the title or the signature block
            out: list[str] = []
            for tc in tbl.iter(_TC):
                if tc.getparent().getparent() is tbl:
                    out.extend(self.blocks(tc))
            return out
        rows: list[list[tuple[str, int]]] = []
        above: dict[int, str] = {}  # grid column -> text of the cell over it in the row before
        for tr in tbl.iterchildren(_TR):
            col = int(tr.xpath("string(w:trPr/w:gridBefore/@w:val)") or 0)
            cells: list[tuple[str, int]] = [("", 1)] * col  # a row starting after the first column
            for tc in tr.iterchildren(_TC):
                span = int(tc.xpath("string(w:tcPr/w:gridSpan/@w:val)") or 1)
                merge = tc.find(f"{_qn('tcPr')}/{_qn('vMerge')}")
                continued = merge is not None and merge.get(_VAL, "continue") == "continue"
                text = above.get(col, "") if continued else _plain(self._cell_text(tc))
                for c in range(col, col + span):
                    above[c] = text
                cells.append((text, span))
                col += span
            if any(text for text, _ in cells):
                rows.append(cells)
        return [_table_html(rows)] if rows else []

    def _cell_text(self, tc: Any) -> str:
        """A cell's text: its paragraphs (nested tables flattened, deletions left out). Word's numbering of a
        cell's only paragraph is kept ("2."), of several it is dropped and they are joined with "; " (a list
        of agencies numbered 1., 2. in one cell)."""
        paragraphs = []
        for p in tc.iter(_P):
            if any(a.tag == _MC + "Fallback" for a in p.iterancestors()):
                continue  # (a text box's copy for old readers: read once, from its drawing)
            words = []
            for run in _runs(p):
                for child in run.iterchildren():
                    if child.tag in _RUN_TEXT:
                        text = _RUN_TEXT[child.tag]
                        words.append((child.text or "") if text is None else text)
            label = self._numbering.label(p, p.xpath("string(w:pPr/w:pStyle/@w:val)") or None)
            if (text := "".join(words)).strip():
                paragraphs.append((label, text))
        if len(paragraphs) == 1 and paragraphs[0][0]:
            return " ".join(paragraphs[0])
        if len(paragraphs) > 1 and any(label for label, _ in paragraphs):
            return "; ".join(text.strip().rstrip(";") for _, text in paragraphs)
        return " ".join(text for _, text in paragraphs)

    def _bordered(self, tbl: Any) -> bool:
        """Whether the table draws its grid (its own borders, its cells', or its style's)."""
        borders = tbl.xpath("w:tblPr/w:tblBorders/* | .//w:tcPr/w:tcBorders/*")
        style_id = tbl.xpath("string(w:tblPr/w:tblStyle/@w:val)") or None
        style = self._part.get_style(style_id, self._types.TABLE) if style_id else None
        while style is not None:
            borders += style.element.xpath("w:tblPr/w:tblBorders/*")
            style = style.base_style
        return any(str(b.get(_VAL, "nil")) not in ("nil", "none") for b in borders)


_TXBX = _qn("txbxContent")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in a paragraph (shapes with text: a masthead, a note beside a table), each
    once: Word writes a box twice, as a drawing (mc:Choice) and as VML for old readers (mc:Fallback); a box
    inside another is read with it."""
    out = []
    for box in p.iter(_TXBX):
        ancestors = list(itertools.takewhile(lambda a: a is not p, box.iterancestors()))
        if any(a.tag == _TXBX for a in ancestors):
            continue
        fallback = next((a for a in ancestors if a.tag == _MC + "Fallback"), None)
        if fallback is not None:
            alternate = fallback.getparent()
            if any(True for choice in alternate.iterchildren(_MC + "Choice") for _ in choice.iter(_TXBX)):
                continue
        out.append(box)
    return out


def _runs(element: Any) -> Iterator[Any]:
    for child in element.iterchildren():
        if child.tag == _R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _runs(child)


# --- PDF ------------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_ITEM = re.compile(r"^(?:[IVX]{1,5}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-+•–])\s")
_TERMINAL = re.compile(r"[.;:!?…]\W*$")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Line:
    words: list[_Word]
    beside: bool = False  # shares its baseline with another column (title and signature blocks)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        """Bold throughout (punctuation aside): a heading line."""
        return all(w.bold for w in self.words if any(ch.isalnum() for ch in w.text))


@dataclass(frozen=True, slots=True)
class _Grid:
    """A ruled table on one page: rows of (text, colspan), merged cells resolved."""

    top: float
    rows: list[list[tuple[str, int]]]


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class _RuledTable:
    """A table as pdfplumber finds it: its box, each row's cell boxes on one column grid, their texts."""

    bbox: Box
    cells: list[list[Box | None]]  # None: the position is covered by a merged cell
    texts: list[list[str | None]]


@dataclass(frozen=True, slots=True)
class _Page:
    height: float
    words: list[_Word]
    grids: list[_Grid]


def _read_pdf(path: Path, name: str, notes: list[str]) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        if b"%%EOF" not in handle.read():  # cut short: pdfminer would read what is there and say nothing
            raise DocumentError("pdf_corrupt", name)
    found: list[tuple[float, list[dict[str, Any]], list[_RuledTable]]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                found.append(_page_objects(page))
                page.close()  # its parsed objects are not needed again
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        kind = "pdf_encrypted" if isinstance(cause, PDFEncryptionError) else "pdf_corrupt"
        raise DocumentError(kind, name) from exc
    except (
        MalformedPDFException,
        PSException,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        zlib.error,
    ) as exc:
        # pdfplumber wraps pdfminer's errors while it parses the file, not all of those that a damaged
        # page's content raises when it is interpreted; only library calls are inside this `try`
        raise DocumentError("pdf_corrupt", name) from exc
    pages = [_page(height, words, tables) for height, words, tables in found]
    words = [w for p in pages for w in p.words]
    if sum(w.text.count("(cid:") for w in words) * 10 > max(1, len(words)):
        raise DocumentError("pdf_no_unicode", name)
    counts = [
        sum(len(w.text) for w in p.words) + sum(len(t) for g in p.grids for r in g.rows for t, _ in r)
        for p in pages
    ]
    texted = sum(1 for n in counts if n >= MIN_TEXT_PAGE)
    if not pages or sum(counts) < MIN_TEXT_PAGE or texted * 2 < len(pages):
        raise DocumentError("pdf_scanned", name)
    if blank := [str(i) for i, n in enumerate(counts, 1) if n < MIN_TEXT_PAGE]:
        notes.append(
            f"«{name}»: trang {', '.join(blank)} không có lớp chữ (ảnh scan hoặc trang trắng) nên không đọc "
            "được; nếu trang đó có nhiệm vụ, hãy nhập tay hoặc dùng bản PDF xuất từ Word."
        )
    return _pdf_blocks(pages)


def _page_objects(page: Any) -> tuple[float, list[dict[str, Any]], list[_RuledTable]]:
    """What the layout needs from one page: every pdfplumber call is here."""
    tables = [
        _RuledTable(table.bbox, [list(row.cells) for row in table.rows], table.extract())
        for table in (page.find_tables() if page.edges else [])
    ]
    words = page.extract_words(x_tolerance=1.5, extra_attrs=["fontname", "size"])
    return float(page.height), words, tables


def _page(height: float, found: list[dict[str, Any]], tables: list[_RuledTable]) -> _Page:
    """A page's ruled tables, and its words outside them."""
    tables = [t for t in tables if t.cells and len(t.cells[0]) >= 2]  # one column: a framed paragraph
    words = []
    for w in found:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in (t.bbox for t in tables)):
            continue
        bold = bool(_BOLD_FONT.search(str(w["fontname"]).split("+")[-1]))
        words.append(_Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]), bold))
    return _Page(height, words, [_grid(t) for t in tables])


def _grid(table: _RuledTable) -> _Grid:
    """The rows of a ruled table with merged cells resolved: colspan, and text carried down."""
    columns = len(table.cells[0])
    starts = [
        min((box[0] for row in table.cells if (box := row[i]) is not None), default=0.0)
        for i in range(columns)
    ]
    above = [""] * columns
    reach = [0.0] * columns  # how far down the cell over each column goes
    out: list[list[tuple[str, int]]] = []
    for boxes, values in zip(table.cells, table.texts, strict=True):
        row_top = min(box[1] for box in boxes if box is not None)
        cells: list[tuple[str, int]] = []
        i = 0
        while i < columns:
            box = boxes[i]
            span = 1
            if box is None:  # under a cell merged down from above, or no cell at all
                text = above[i] if reach[i] > row_top + 1 else ""
            else:
                text = _plain(values[i] or "")
                while i + span < columns and boxes[i + span] is None and starts[i + span] < box[2] - 1:
                    span += 1
                for c in range(i, i + span):
                    above[c], reach[c] = text, box[3]
            cells.append((text, span))
            i += span
        if any(text for text, _ in cells):
            out.append(cells)
    return _Grid(table.bbox[1], out)


def _lines(words: list[_Word]) -> list[_Line]:
    """Words grouped into lines (same baseline band), each line cut where a wide gap splits columns."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        if lines and lines[-1].top <= middle <= lines[-1].bottom:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    out: list[_Line] = []
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        parts = [[line.words[0]]]
        for word in line.words[1:]:
            if word.x0 - parts[-1][-1].x1 > 2.5 * word.size:  # two columns side by side (title block)
                parts.append([])
            parts[-1].append(word)
        out.extend(_Line(part, beside=len(parts) > 1) for part in parts)
    return out


def _usual_gap(pages: list[list[_Line]]) -> float:
    """The space between two lines of one paragraph: the low quartile of the gaps between lines."""
    gaps = [
        b.top - a.bottom
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if not (a.beside or b.beside) and 0 <= b.top - a.bottom < 2 * a.size
    ]
    return statistics.quantiles(gaps, n=4)[0] if len(gaps) >= 2 else (gaps[0] if gaps else 0.0)


def _pdf_blocks(pages: list[_Page]) -> list[str]:
    blocks: list[str] = []
    header: list[str] | None = None  # the first row of the last table, to spot its repetition
    page_lines = [_lines(page.words) for page in pages]
    usual_gap = _usual_gap(page_lines)
    for page, lines in zip(pages, page_lines, strict=True):
        for edge in (0, -1):  # a bare page number at the top or foot of the page
            if lines and _PAGE_NUMBER.match(lines[edge].text):
                y = lines[edge].top if edge == 0 else lines[edge].bottom
                if y < 0.12 * page.height or y > 0.88 * page.height:
                    lines.pop(edge)
        items: list[tuple[float, _Line | _Grid]] = [(ln.top, ln) for ln in lines]
        items += [(g.top, g) for g in page.grids]
        items.sort(key=lambda item: item[0])
        left = min((ln.x0 for ln in lines), default=0.0)
        right = max((ln.x1 for ln in lines), default=0.0)
        paragraph: list[_Line] = []
        first_item = True
        for _, item in items:
            if isinstance(item, _Grid):
                if paragraph:
                    blocks.append(_paragraph_text(paragraph))
                    paragraph = []
                rows = item.rows
                if first_item and header is not None and rows and [t for t, _ in rows[0]] == header:
                    rows = rows[1:]  # the header row Word repeats on each page
                elif rows:
                    header = [t for t, _ in rows[0]]
                if rows:
                    blocks.append(_table_html(rows))
            elif paragraph and not _new_paragraph(paragraph[-1], item, usual_gap, (left, right)):
                paragraph.append(item)
            else:
                if paragraph:
                    blocks.append(_paragraph_text(paragraph))
                paragraph = [item]
            first_item = False
        if paragraph:
            blocks.append(_paragraph_text(paragraph))
    return blocks


def _new_paragraph(before: _Line, line: _Line, usual_gap: float, margins: tuple[float, float]) -> bool:
    """Whether `line` starts a paragraph: spacing, numbering, a change of size or from a heading, or the
    line before ended a sentence short of the margin or this one is indented. Centred lines close
    together (a title) stay one block, as centred paragraphs of a DOCX do."""
    size = line.size
    left, right = margins
    if line.beside or before.beside:
        return True
    centre = (left + right) / 2
    if (
        all(
            abs((ln.x0 + ln.x1) / 2 - centre) < size and ln.x1 - ln.x0 < 0.8 * (right - left)
            for ln in (before, line)
        )
        and line.bold == before.bold
        and line.top - before.bottom < size
    ):
        return False
    if line.top - before.bottom > usual_gap + 0.45 * size or abs(size - before.size) > 1.5:
        return True
    if _ITEM.match(line.text):
        return True
    short = before.x1 < right - 2.5 * size
    if before.bold and not line.bold and short:
        return True
    indented = line.x0 > before.x0 + 0.8 * size
    return _TERMINAL.search(before.text) is not None and (indented or short)


def _paragraph_text(lines: list[_Line]) -> str:
    pieces: list[tuple[str, bool | None]] = []
    previous: _Word | None = None
    for line in lines:
        for word in line.words:
            if previous is not None and (
                previous.bottom < word.top or word.x0 - previous.x1 > 0.12 * word.size
            ):
                pieces.append((" ", None))
            pieces.append((word.text, word.bold))
            previous = word
    return _escape(_plain(_spans(pieces)))
