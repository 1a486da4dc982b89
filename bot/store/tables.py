"""Database tables (SQLAlchemy 2). The schema changes only through Alembic migrations (bot/store/migrations).

Conventions: every timestamp is stored as naive UTC and read back as an aware UTC datetime (`UtcDateTime`);
agencies are referenced as "province:agency" strings, tasks by their stable ids from the YAML, so that
completions survive schedule edits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012 (SQLAlchemy API)


class Contact(Base):
    """A person: a focal point (đầu mối) of some agencies, a leader, or an admin."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # focal | leader | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class ContactAgency(Base):
    __tablename__ = "contact_agencies"
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    agency_ref: Mapped[str] = mapped_column(String(120), primary_key=True)


class ChatBinding(Base):
    """A messenger chat that speaks for a contact."""

    __tablename__ = "chat_bindings"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # telegram | zalo
    chat_id: Mapped[str] = mapped_column(String(64))
    bound_at: Mapped[datetime]
    undeliverable_at: Mapped[datetime | None]
    undeliverable_reason: Mapped[str | None] = mapped_column(String(200))


class InviteCode(Base):
    """A one-time code an admin hands out; only its SHA-256 is stored."""

    __tablename__ = "invite_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agency_ref: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    # A link code (/lienket) binds a second messenger to this existing person instead of creating one.
    link_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))


class BindAttempt(Base):
    """Wrong invite codes per chat, for throttling guesses."""

    __tablename__ = "bind_attempts"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class Completion(Base):
    """One agency's answer for one occurrence of a task: done, waiting for an admin, or undone."""

    __tablename__ = "completions"
    __table_args__ = (UniqueConstraint("task_id", "agency_ref", "occurrence_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64))
    agency_ref: Mapped[str] = mapped_column(String(120))
    occurrence_key: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))  # done | pending | undone | rejected
    completed_at: Mapped[datetime]
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    channel: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None]


class Extension(Base):
    """A request for more time, and the admin's decision; both deadlines are kept."""

    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), index=True)
    agency_ref: Mapped[str] = mapped_column(String(120))
    occurrence_key: Mapped[str] = mapped_column(String(40))
    original_due: Mapped[date | None] = mapped_column(Date)
    requested_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # pending | approved | refused
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A message to send: planned idempotently (unique key), sent at most once by the dispatcher."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "state", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # digest | notice
    slot_date: Mapped[date | None] = mapped_column(Date)
    due_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    items: Mapped[list[Any]] = mapped_column(default=list)
    state: Mapped[str] = mapped_column(String(16))  # pending | sent | failed | uncertain | missed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)


class SeenUpdate(Base):
    """Incoming updates already handled (Zalo repeats them; a restart may too)."""

    __tablename__ = "seen_updates"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime]


class ItemList(Base):
    """The numbered list a contact saw last, so that "/done 2" means item 2 of it."""

    __tablename__ = "item_lists"
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime]
    items: Mapped[list[Any]] = mapped_column(default=list)


class ArchivedTask(Base):
    """A task that disappeared from the schedules: kept with its last text, never deleted."""

    __tablename__ = "archived_tasks"
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    archived_at: Mapped[datetime]
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditEntry(Base):
    """Every state change: who did what to which subject, when."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class BotState(Base):
    """Small named values the bot keeps between runs (how far the outbox has been planned)."""

    __tablename__ = "bot_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
