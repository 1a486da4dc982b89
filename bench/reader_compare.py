"""Compare the candidate libraries for `nhacviec import` on DOCX and PDF plans (docs/importer.md).

DOCX: python-docx (with bot/importer/readers.py on top) vs docx2python. PDF: pdfplumber (with the same
module on top) vs pypdf. The documents are built here from the test fixtures' content model
(tests/importer/documents.py, which needs the dev extra: fpdf2, fonttools): the sample plan (title
block, bold deadlines, a Word table with a vertically merged lead cell and a horizontally merged section
row; in the PDF the table is ruled and cut by a page break) and a plan of about 30 pages.

For each candidate it prints: seconds for the sample and the long plan (best of N runs), whether the
table comes out as rows with merged cells resolved, whether paragraphs and tables keep their order,
whether bold survives, whether Vietnamese text comes out composed (NFC) as the library gives it, and
how many of the 7 assignments the importer finds in the text (a candidate without a layer of ours is
given the simplest conversion: paragraphs and tab-separated rows). A library that is not installed is
skipped with a message: the project installs only the chosen ones.

Usage: python bench/reader_compare.py [--runs N] [--pages N]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from importlib.metadata import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from importer.documents import (  # noqa: E402
    EXPECTED_TASKS,
    PLAN,
    long_plan,
    write_docx,
    write_fonts,
    write_pdf,
)

from bot.importer.draft import make_draft  # noqa: E402
from bot.importer.readers import read_document  # noqa: E402
from bot.schedules.loader import load_schedules  # noqa: E402


def best_of(runs: int, read: Callable[[Path], object], path: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - start)
    return min(times)


def tasks_found(text: str, registry: object) -> tuple[int, int]:
    """Expected assignments the importer finds (lead, support and deadline right), and tasks it finds
    that are not in the plan."""
    try:
        draft = make_draft(unicodedata.normalize("NFC", text), registry)  # type: ignore[arg-type]
    except Exception:  # a text the importer rejects finds nothing
        return 0, 0
    found, matched = 0, set()
    for start, lead, support, deadline in EXPECTED_TASKS:
        for task in draft.tasks:
            if (
                task.text.startswith(start)
                and [x["id"] for x in task.lead] == [lead]
                and [x["id"] for x in task.support] == support
                and task.deadline.get("phrase") == deadline
            ):
                found += 1
                matched.add(task.id)
                break
    extra = sum(
        1
        for t in draft.tasks
        if t.id not in matched and not any(t.text.startswith(e[0]) for e in EXPECTED_TASKS)
    )
    return found, extra


def licence(dist: str) -> str:
    meta = metadata(dist)
    classifiers = [
        c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    found = meta.get("License-Expression") or meta.get("License") or (classifiers[0] if classifiers else "?")
    return found.split("\n")[0][:40]


# --- what each candidate gives ------------------------------------------------------------------------


def docx2python_text(path: Path) -> str:
    """docx2python's body, as simply as it converts: paragraphs, tab-separated rows, <b> as **."""
    from docx2python import docx2python

    blocks = []
    with docx2python(path, html=True) as doc:
        for table in doc.body:
            if len(table) == 1 and len(table[0]) == 1:
                blocks += [p for p in table[0][0] if p.strip()]
            elif len(table[0]) <= 2:  # the layout tables
                blocks += [p for row in table for cell in row for p in cell if p.strip()]
            else:
                blocks.append("\n".join("\t".join(" ".join(cell) for cell in row) for row in table))
    return "\n\n".join(blocks).replace("<b>", "**").replace("</b>", "**")


def docx2python_read(path: Path) -> object:
    from docx2python import docx2python

    with docx2python(path, html=True) as doc:
        return doc.body  # the content is read lazily, on first access


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n\n".join(page.extract_text() for page in PdfReader(path).pages)


def vietnamese(text: str) -> str:
    """Whether the Vietnamese phrases of the plan are all there, letter for letter, once composed."""
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    missing = [start for start, *_ in EXPECTED_TASKS if start not in flat]
    composed = (
        "composed (NFC)"
        if unicodedata.is_normalized("NFC", text)
        else "decomposed where the source was (NFD)"
    )
    return f"{composed}; {len(EXPECTED_TASKS) - len(missing)}/{len(EXPECTED_TASKS)} task phrases intact"


def report(
    name: str,
    dist: str,
    sample: float,
    long: float,
    text: str,
    features: dict[str, str],
    found: tuple[int, int],
) -> None:
    print(f"\n{name} {metadata(dist)['Version']} (licence {licence(dist)})")
    print(f"  sample plan: {sample * 1000:.0f} ms   long plan: {long:.2f} s")
    for key, value in {**features, "Vietnamese text": vietnamese(text)}.items():
        print(f"  {key}: {value}")
    print(
        f"  assignments found by the importer: {found[0]}/{len(EXPECTED_TASKS)}, tasks that are not in the plan: {found[1]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    registry = load_schedules([ROOT / "schedules"]).catalog.registries["bac-giang"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        fonts = write_fonts(tmp)
        docx_path, pdf_path = write_docx(PLAN, tmp / "plan.docx"), write_pdf(PLAN, tmp / "plan.pdf", fonts)
        long_docx = write_docx(long_plan(args.pages), tmp / "long.docx")
        long_pdf = write_pdf(long_plan(args.pages), tmp / "long.pdf", fonts)
        import pdfplumber

        with pdfplumber.open(long_pdf) as pdf:
            print(f"Long plan: {len(pdf.pages)} PDF pages; best of {args.runs} runs.")

        print("\n== DOCX ==")
        text = read_document(docx_path)
        report(
            "python-docx + readers.py",
            "python-docx",
            best_of(args.runs, read_document, docx_path),
            best_of(args.runs, read_document, long_docx),
            text,
            {
                "table rows": "yes, <tr>/<td>" if "<td>Cơ quan chủ trì</td>" in text else "no",
                "horizontal merge": "colspan kept" if 'colspan="4"' in text else "lost",
                "vertical merge": "carried down" if text.count("<td>Sở Tư pháp</td>") == 2 else "lost",
                "order of paragraphs and tables": "kept"
                if text.index("Phụ lục") < text.index("<table>")
                else "lost",
                "bold phrases": "kept" if "**Thời gian hoàn thành: Quý II/2024.**" in text else "lost",
            },
            tasks_found(text, registry),
        )
        if importlib.util.find_spec("docx2python") is None:
            print("\ndocx2python: not installed, skipped (pip install docx2python==3.7.1 to compare)")
        else:
            from docx import Document
            from docx2python import docx2python

            with docx2python(docx_path, html=True) as doc:
                rows = next(t for t in doc.body if len(t) > 2)
                body = doc.body
            section = [cell[0] for cell in rows[1]]
            unbold = Document()
            unbold.add_paragraph().add_run("không đậm").bold = False  # Word writes <w:b w:val="0"/>
            unbold.save(str(tmp / "unbold.docx"))
            with docx2python(tmp / "unbold.docx", html=True) as doc:
                misread = "<b>" in str(doc.body)
            plain = docx2python_text(docx_path)
            report(
                "docx2python",
                "docx2python",
                best_of(args.runs, docx2python_read, docx_path),
                best_of(args.runs, docx2python_read, long_docx),
                plain,
                {
                    "table rows": "yes, nested lists",
                    "horizontal merge": f"text repeated in {section.count(section[1])} cells, span lost",
                    "vertical merge": "carried down" if "Sở Tư pháp" in rows[3][2][0] else "lost",
                    "order of paragraphs and tables": "kept" if len(body) >= 4 else "lost",
                    "bold phrases": "kept"
                    if "<b>Thời gian hoàn thành: Quý II/2024</b>" in str(body)
                    else "lost",
                    "explicitly not bold (w:b w:val=0)": "read as bold" if misread else "plain",
                },
                tasks_found(plain, registry),
            )

        print("\n== PDF ==")
        text = read_document(pdf_path)
        report(
            "pdfplumber + readers.py",
            "pdfplumber",
            best_of(args.runs, read_document, pdf_path),
            best_of(args.runs, read_document, long_pdf),
            text,
            {
                "table rows": "yes, <tr>/<td> from the ruling lines"
                if "<td>Cơ quan chủ trì</td>" in text
                else "no",
                "horizontal merge": "colspan kept" if 'colspan="4"' in text else "lost",
                "vertical merge": "carried down" if text.count("<td>Sở Tư pháp</td>") == 2 else "lost",
                "row cut by the page break": "two rows, joined by the importer"
                if "<td>mềm quản lý" in text or "<td>quản lý" in text
                else "?",
                "bold phrases": "kept (font name)"
                if "**Thời gian hoàn thành: Quý II/2024.**" in text
                else "lost",
            },
            tasks_found(text, registry),
        )
        if importlib.util.find_spec("pypdf") is None:
            print("\npypdf: not installed, skipped (pip install pypdf==7.1.0 to compare)")
        else:
            plain = pypdf_text(pdf_path)
            report(
                "pypdf (extract_text)",
                "pypdf",
                best_of(args.runs, pypdf_text, pdf_path),
                best_of(args.runs, pypdf_text, long_pdf),
                plain,
                {
                    "table rows": "no table extraction: cells come out as loose lines",
                    "horizontal merge": "n/a",
                    "vertical merge": "n/a (the lead is printed once)",
                    "row cut by the page break": "n/a",
                    "bold phrases": "lost (no font information in extract_text)",
                },
                tasks_found(plain, registry),
            )


if __name__ == "__main__":
    main()
