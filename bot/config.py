"""Runtime settings: `config.yaml` for what admins tune, the environment for secrets and deployment."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
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


class TelegramSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None  # the public https URL Telegram posts to (webhook mode)
    listen: str = "0.0.0.0"
    port: int = Field(default=8443, ge=1, le=65535)
    read_timeout: float = Field(default=10, gt=0, le=120)  # seconds to wait for Telegram's answer to a send


class ZaloSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["polling", "webhook"] = "polling"  # the API allows one of the two at a time
    webhook_url: str | None = None  # the public https URL that reaches listen:port/zalo (webhook mode)
    listen: str = "0.0.0.0"
    port: int = Field(default=8444, ge=1, le=65535)
    poll_interval: float = Field(default=1.0, ge=1.0)  # the API asks for at least a second between polls
    monthly_quota: int = Field(default=3000, ge=0)  # messages per month of the free tier
    warn_share: float = Field(default=0.8, gt=0, le=1)  # tell the admins when this share is used


class BotSettings(BaseModel):
    """How the running bot behaves; tokens are NOT here (environment only)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tick_seconds: int = Field(default=30, ge=1, le=3600)
    catch_up_hours: float = Field(default=12, ge=0, le=24 * 7)
    undo_minutes: int = Field(default=30, ge=0, le=24 * 60)
    invite_days: int = Field(default=7, ge=1, le=90)
    channels: tuple[Literal["telegram", "zalo"], ...] = ("telegram", "zalo")
    fallback: bool = True
    messages_per_second: float = Field(default=30, gt=0)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    zalo: ZaloSettings = Field(default_factory=ZaloSettings)


class Secrets(BaseModel):
    """Read from the environment only; never logged, never written to config.yaml."""

    model_config = ConfigDict(frozen=True)

    telegram_token: str | None = None
    telegram_base_url: str | None = None
    telegram_webhook_secret: str | None = None
    zalo_token: str | None = None
    zalo_base_url: str | None = None
    zalo_webhook_secret: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Secrets:
        return cls(
            telegram_token=env.get("NHACVIEC_TELEGRAM_TOKEN") or None,
            telegram_base_url=env.get("NHACVIEC_TELEGRAM_BASE_URL") or None,
            telegram_webhook_secret=env.get("NHACVIEC_TELEGRAM_WEBHOOK_SECRET") or None,
            zalo_token=env.get("NHACVIEC_ZALO_TOKEN") or None,
            zalo_base_url=env.get("NHACVIEC_ZALO_BASE_URL") or None,
            zalo_webhook_secret=env.get("NHACVIEC_ZALO_WEBHOOK_SECRET") or None,
        )

    def __repr__(self) -> str:
        return "Secrets(***)"

    __str__ = __repr__


class Settings(BaseModel):
    """What `config.yaml` holds; every field has a working default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Asia/Ho_Chi_Minh"
    schedules_dir: Path = Path("schedules")
    database_url: str = "sqlite:///var/nhacviec.db"
    reminders: ReminderPolicy = Field(default_factory=ReminderPolicy)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    bot: BotSettings = Field(default_factory=BotSettings)

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
