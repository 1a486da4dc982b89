"""Runtime settings: `config.yaml` for what admins tune, the environment for secrets and deployment."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.calendar import WorkCalendar
from bot.domain.policy import ReminderPolicy
from bot.schedules.loader import Problem, validate_file

DEFAULT_CONFIG = Path("config.yaml")


class CalendarSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    extra_days_off: list[dt.date] = []
    extra_working_days: list[dt.date] = []


class Settings(BaseModel):
    """What `config.yaml` holds; every field has a working default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Asia/Ho_Chi_Minh"
    schedules_dir: Path = Path("schedules")
    database_url: str = "sqlite:///var/nhacviec.db"
    reminders: ReminderPolicy = Field(default_factory=ReminderPolicy)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(self.calendar.extra_days_off, self.calendar.extra_working_days)


class ConfigError(Exception):
    """config.yaml is invalid; `problems` say where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `path` (default ./config.yaml when present), then the environment on top."""
    env = os.environ if environ is None else environ
    path = path or Path(env.get("NHACVIEC_CONFIG", DEFAULT_CONFIG))
    settings = Settings()
    if path.exists():
        parsed, problems = validate_file(path, Settings)
        if parsed is None:
            raise ConfigError(problems)
        settings = parsed
    overrides: dict[str, object] = {}
    if env.get("NHACVIEC_DATABASE_URL"):
        overrides["database_url"] = env["NHACVIEC_DATABASE_URL"]
    if env.get("NHACVIEC_SCHEDULES_DIR"):
        overrides["schedules_dir"] = Path(env["NHACVIEC_SCHEDULES_DIR"])
    return settings.model_copy(update=overrides) if overrides else settings
