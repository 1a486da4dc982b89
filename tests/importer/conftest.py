"""Plan documents written at test time (see documents.py), and the Bắc Giang registry they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.model import Registry
from bot.schedules.loader import load_schedules

from .documents import PLAN, plan_text, write_docx, write_fonts, write_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bac_giang() -> Registry:
    return load_schedules([ROOT / "schedules"]).catalog.registries["bac-giang"]


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="session")
def fonts(documents: Path) -> tuple[Path, Path]:
    """Fonts made for the test PDFs: no system font is needed."""
    return write_fonts(documents)


@pytest.fixture(scope="session")
def plan_docx(documents: Path) -> Path:
    return write_docx(PLAN, documents / "ke-hoach.docx")


@pytest.fixture(scope="session")
def plan_pdf(documents: Path, fonts: tuple[Path, Path]) -> Path:
    return write_pdf(PLAN, documents / "ke-hoach.pdf", fonts)


@pytest.fixture(scope="session")
def plan_txt(documents: Path) -> Path:
    path = documents / "ke-hoach.txt"
    path.write_text(plan_text(PLAN), encoding="utf-8")
    return path
