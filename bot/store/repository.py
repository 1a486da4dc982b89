"""The one way the rest of the bot reads and writes the database.

Each public method is one transaction: a state change and its audit entry commit together or not at all.
`now` is always passed in (aware UTC), so tests drive time and nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import JSON, Engine, bindparam, create_engine, delete, event, func, make_url, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.store.tables import (
    ArchivedTask,
    AuditEntry,
    BindAttempt,
    BotState,
    ChatBinding,
    Completion,
    Contact,
    ContactAgency,
    Extension,
    InviteCode,
    ItemList,
    OutboxMessage,
    SeenUpdate,
    UtcDateTime,
)

Role = Literal["focal", "leader", "admin"]
AssignmentKey = tuple[str, str, str]

# Invite codes: 8 characters from an alphabet without look-alikes, typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_WRONG_CODES = 5
LOCK_AFTER_WRONG = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    name: str
    role: Role
    agencies: tuple[str, ...]  # "province:agency" refs

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class Binding:
    contact_id: int
    channel: str
    chat_id: str


@dataclass(frozen=True, slots=True)
class Redeemed:
    outcome: Literal["bound", "invalid", "expired", "used", "throttled"]
    contact: ContactView | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class CompletionView:
    id: int
    task_id: str
    agency_ref: str
    occurrence_key: str
    state: str
    completed_at: datetime
    contact_id: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class ExtensionView:
    id: int
    task_id: str
    agency_ref: str
    occurrence_key: str
    original_due: date | None
    requested_due: date
    reason: str
    state: str
    requested_by: int | None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    key: str
    contact_id: int | None
    channel: str
    chat_id: str
    kind: str
    due_at: datetime
    text: str
    items: list[Any]
    state: str
    attempts: int


@dataclass(frozen=True, slots=True)
class NewMessage:
    key: str
    contact_id: int | None
    channel: str
    chat_id: str
    kind: str
    slot_date: date | None
    due_at: datetime
    text: str
    items: list[Any]
    state: str = "pending"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys and a busy timeout so two processes can share a file."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(
                parents=True, exist_ok=True
            )  # sqlite:///var/nhacviec.db on a fresh clone
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL keeps every commit across a process crash; only an OS crash or power loss can
            # roll back the last few. It makes each outbox write several times cheaper.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    @staticmethod
    def _audit(
        session: Session, now: datetime, actor: int | None, action: str, subject: str, **details: Any
    ) -> None:
        session.add(
            AuditEntry(at=now, actor_contact_id=actor, action=action, subject=subject, details=details)
        )

    # --- contacts and binding ---------------------------------------------------------------------------

    def create_invite(
        self, agency_ref: str | None, role: Role, now: datetime, valid_for: timedelta = timedelta(days=7)
    ) -> str:
        """A new one-time code (returned once, stored hashed)."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        with self._tx() as s:
            s.add(
                InviteCode(
                    code_hash=hash_code(code),
                    agency_ref=agency_ref,
                    role=role,
                    created_at=now,
                    expires_at=now + valid_for,
                )
            )
            self._audit(
                s, now, None, "invite.create", agency_ref or "-", role=role, expires=str(now + valid_for)
            )
        return code

    def create_link_code(
        self, contact_id: int, now: datetime, valid_for: timedelta = timedelta(minutes=15)
    ) -> str:
        """A short-lived code that binds another messenger's chat to this same person (/lienket)."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        with self._tx() as s:
            contact = s.get_one(Contact, contact_id)
            s.add(
                InviteCode(
                    code_hash=hash_code(code), agency_ref=None, role=contact.role, created_at=now,
                    expires_at=now + valid_for, link_contact_id=contact_id,
                )
            )  # fmt: skip
            self._audit(s, now, contact_id, "contact.link_code", str(contact_id))
        return code

    def redeem_invite(self, channel: str, chat_id: str, code: str, name: str, now: datetime) -> Redeemed:
        """Bind a chat with a code: single use, expiring; repeated wrong codes lock the chat for a while."""
        with self._tx() as s:
            attempt = s.get(BindAttempt, (channel, chat_id))
            if attempt and attempt.locked_until and attempt.locked_until > now:
                return Redeemed("throttled", locked_until=attempt.locked_until)
            wanted = hash_code(code)
            invite = None
            for candidate in s.scalars(select(InviteCode).where(InviteCode.code_hash == wanted)):
                if hmac.compare_digest(candidate.code_hash, wanted):
                    invite = candidate
            if invite is None or invite.used_at is not None or invite.expires_at <= now:
                if attempt is None:
                    attempt = BindAttempt(channel=channel, chat_id=chat_id, failures=0)
                    s.add(attempt)
                attempt.failures += 1
                if attempt.failures >= MAX_WRONG_CODES:
                    attempt.failures, attempt.locked_until = 0, now + LOCK_AFTER_WRONG
                self._audit(s, now, None, "invite.wrong", f"{channel}:{chat_id}")
                if invite is None:
                    return Redeemed("invalid")
                return Redeemed("used" if invite.used_at is not None else "expired")
            binding = s.scalar(
                select(ChatBinding).where(ChatBinding.channel == channel, ChatBinding.chat_id == chat_id)
            )
            if invite.link_contact_id is not None:
                contact = s.get_one(Contact, invite.link_contact_id)  # a second messenger for the same person
                if binding is None:
                    s.add(ChatBinding(contact_id=contact.id, channel=channel, chat_id=chat_id, bound_at=now))
                else:
                    binding.contact_id, binding.undeliverable_at, binding.undeliverable_reason = (
                        contact.id,
                        None,
                        None,
                    )
            elif binding is not None:
                contact = s.get_one(Contact, binding.contact_id)
                binding.undeliverable_at, binding.undeliverable_reason = None, None
            else:
                contact = Contact(name=name[:200], role=invite.role, created_at=now)
                s.add(contact)
                s.flush()
                s.add(ChatBinding(contact_id=contact.id, channel=channel, chat_id=chat_id, bound_at=now))
            if invite.role == "admin" or contact.role != "admin":
                contact.role = invite.role if contact.role != "admin" else contact.role
            if invite.agency_ref and s.get(ContactAgency, (contact.id, invite.agency_ref)) is None:
                s.add(ContactAgency(contact_id=contact.id, agency_ref=invite.agency_ref))
            invite.used_at, invite.used_by = now, contact.id
            if attempt is not None:
                attempt.failures, attempt.locked_until = 0, None
            self._audit(
                s,
                now,
                contact.id,
                "contact.bind",
                f"{channel}:{chat_id}",
                agency=invite.agency_ref,
                role=invite.role,
            )
            s.flush()
            return Redeemed("bound", self._view(s, contact))

    @staticmethod
    def _view(s: Session, contact: Contact) -> ContactView:
        agencies = s.scalars(
            select(ContactAgency.agency_ref)
            .where(ContactAgency.contact_id == contact.id)
            .order_by(ContactAgency.agency_ref)
        )
        return ContactView(contact.id, contact.name, contact.role, tuple(agencies))  # type: ignore[arg-type]

    def contact_for_chat(self, channel: str, chat_id: str) -> ContactView | None:
        with self._tx() as s:
            binding = s.scalar(
                select(ChatBinding).where(ChatBinding.channel == channel, ChatBinding.chat_id == chat_id)
            )
            if binding is None:
                return None
            contact = s.get_one(Contact, binding.contact_id)
            return self._view(s, contact) if contact.active else None

    def contact(self, contact_id: int) -> ContactView | None:
        with self._tx() as s:
            contact = s.get(Contact, contact_id)
            return self._view(s, contact) if contact else None

    def contacts(self) -> list[ContactView]:
        with self._tx() as s:
            return [
                self._view(s, c)
                for c in s.scalars(select(Contact).where(Contact.active).order_by(Contact.id))
            ]

    def bindings(self, contact_id: int | None = None, *, deliverable_only: bool = True) -> list[Binding]:
        with self._tx() as s:
            query = select(ChatBinding).order_by(ChatBinding.id)
            if contact_id is not None:
                query = query.where(ChatBinding.contact_id == contact_id)
            if deliverable_only:
                query = query.where(ChatBinding.undeliverable_at.is_(None))
            return [Binding(b.contact_id, b.channel, b.chat_id) for b in s.scalars(query)]

    def mark_undeliverable(self, channel: str, chat_id: str, reason: str, now: datetime) -> int | None:
        """Flag a chat the messenger refuses (blocked, unknown); returns the contact id."""
        with self._tx() as s:
            binding = s.scalar(
                select(ChatBinding).where(ChatBinding.channel == channel, ChatBinding.chat_id == chat_id)
            )
            if binding is None:
                return None
            binding.undeliverable_at, binding.undeliverable_reason = now, reason[:200]
            self._audit(s, now, None, "contact.undeliverable", f"{channel}:{chat_id}", reason=reason)
            return binding.contact_id

    # --- completions ------------------------------------------------------------------------------------

    def complete(
        self,
        key: AssignmentKey,
        contact_id: int,
        channel: str,
        note: str | None,
        now: datetime,
        *,
        needs_verification: bool = False,
    ) -> CompletionView:
        """Record /done for one assignment occurrence (idempotent: done twice stays done once)."""
        task_id, agency_ref, occurrence_key = key
        state = "pending" if needs_verification else "done"
        with self._tx() as s:
            row = s.scalar(
                select(Completion).where(
                    Completion.task_id == task_id,
                    Completion.agency_ref == agency_ref,
                    Completion.occurrence_key == occurrence_key,
                )
            )
            if row is not None and row.state in ("done", "pending"):
                return _completion_view(row)
            if row is None:
                row = Completion(task_id=task_id, agency_ref=agency_ref, occurrence_key=occurrence_key)
                s.add(row)
            row.state, row.completed_at, row.contact_id, row.channel, row.note = (
                state,
                now,
                contact_id,
                channel,
                note,
            )
            row.verified_by, row.verified_at = None, None
            self._audit(
                s, now, contact_id, "task.done", "|".join(key), state=state, note=note, channel=channel
            )
            s.flush()
            return _completion_view(row)

    def undo_completion(self, key: AssignmentKey, contact_id: int, now: datetime, window: timedelta) -> bool:
        """Take back a /done within `window` of it (by anyone of the same agency)."""
        with self._tx() as s:
            row = _completion_row(s, key)
            if row is None or row.state not in ("done", "pending") or now - row.completed_at > window:
                return False
            row.state = "undone"
            self._audit(s, now, contact_id, "task.undo", "|".join(key))
            return True

    def completion_by_id(self, completion_id: int) -> CompletionView | None:
        with self._tx() as s:
            row = s.get(Completion, completion_id)
            return _completion_view(row) if row else None

    def verify_completion_by_id(
        self, completion_id: int, admin_id: int, accept: bool, now: datetime
    ) -> CompletionView | None:
        """An admin's decision on a /done that needed confirmation; None when there is nothing pending."""
        with self._tx() as s:
            row = s.get(Completion, completion_id)
            if row is None or row.state != "pending":
                return None
            row.state = "done" if accept else "rejected"
            row.verified_by, row.verified_at = admin_id, now
            self._audit(
                s,
                now,
                admin_id,
                "task.verify",
                f"{row.task_id}|{row.agency_ref}|{row.occurrence_key}",
                accepted=accept,
            )
            return _completion_view(row)

    def completions(self, states: Sequence[str] = ("done",)) -> dict[AssignmentKey, CompletionView]:
        with self._tx() as s:
            rows = s.scalars(select(Completion).where(Completion.state.in_(states)))
            return {(r.task_id, r.agency_ref, r.occurrence_key): _completion_view(r) for r in rows}

    def pending_verifications(self) -> list[CompletionView]:
        return sorted(self.completions(("pending",)).values(), key=lambda c: c.completed_at)

    # --- extensions -------------------------------------------------------------------------------------

    def request_extension(
        self,
        key: AssignmentKey,
        original_due: date | None,
        requested_due: date,
        reason: str,
        contact_id: int,
        now: datetime,
    ) -> ExtensionView:
        task_id, agency_ref, occurrence_key = key
        with self._tx() as s:
            s.execute(
                update(Extension)
                .where(
                    Extension.task_id == task_id,
                    Extension.agency_ref == agency_ref,
                    Extension.occurrence_key == occurrence_key,
                    Extension.state == "pending",
                )
                .values(state="superseded")
            )
            row = Extension(
                task_id=task_id,
                agency_ref=agency_ref,
                occurrence_key=occurrence_key,
                original_due=original_due,
                requested_due=requested_due,
                reason=reason,
                state="pending",
                requested_by=contact_id,
                requested_at=now,
            )
            s.add(row)
            s.flush()
            self._audit(
                s,
                now,
                contact_id,
                "extension.request",
                "|".join(key),
                due=requested_due.isoformat(),
                reason=reason,
            )
            return _extension_view(row)

    def decide_extension(
        self, extension_id: int, approve: bool, admin_id: int, now: datetime
    ) -> ExtensionView | None:
        with self._tx() as s:
            row = s.get(Extension, extension_id)
            if row is None or row.state != "pending":
                return None
            row.state, row.decided_by, row.decided_at = ("approved" if approve else "refused"), admin_id, now
            self._audit(
                s, now, admin_id, "extension.decide", f"{row.task_id}|{row.agency_ref}", approved=approve
            )
            return _extension_view(row)

    def extension(self, extension_id: int) -> ExtensionView | None:
        with self._tx() as s:
            row = s.get(Extension, extension_id)
            return _extension_view(row) if row else None

    def approved_extensions(self) -> dict[AssignmentKey, ExtensionView]:
        """The latest approved extension of each assignment occurrence."""
        with self._tx() as s:
            rows = s.scalars(
                select(Extension).where(Extension.state == "approved").order_by(Extension.decided_at)
            )
            return {(r.task_id, r.agency_ref, r.occurrence_key): _extension_view(r) for r in rows}

    def pending_extensions(self) -> list[ExtensionView]:
        with self._tx() as s:
            rows = s.scalars(select(Extension).where(Extension.state == "pending").order_by(Extension.id))
            return [_extension_view(r) for r in rows]

    # --- outbox -----------------------------------------------------------------------------------------

    def enqueue(self, messages: Iterable[NewMessage]) -> int:
        """Insert messages whose key is new; existing keys are left untouched. Returns how many were new."""
        rows = [
            {
                "key": m.key,
                "contact_id": m.contact_id,
                "channel": m.channel,
                "chat_id": m.chat_id,
                "kind": m.kind,
                "slot_date": m.slot_date,
                "due_at": m.due_at,
                "text": m.text,
                "items": m.items,
                "state": m.state,
                "attempts": 0,
            }
            for m in messages
        ]
        if not rows:
            return 0
        dialect = self.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        added = 0
        with self._tx() as s:
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                statement = insert(OutboxMessage).values(chunk).on_conflict_do_nothing(index_elements=["key"])
                added += len(s.execute(statement.returning(OutboxMessage.id)).all())
        return added

    def due_messages(self, now: datetime, limit: int = 500) -> list[OutboxRow]:
        with self._tx() as s:
            query = (
                select(OutboxMessage)
                .where(OutboxMessage.state == "pending", OutboxMessage.due_at <= now)
                .where((OutboxMessage.next_attempt_at.is_(None)) | (OutboxMessage.next_attempt_at <= now))
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
                .limit(limit)
            )
            return [_outbox_view(r) for r in s.scalars(query)]

    def mark_sent(
        self,
        message_id: int,
        remote_id: str | None,
        now: datetime,
        *,
        item_list: tuple[int, list[Any]] | None = None,
    ) -> None:
        """Record a delivery (and, for a digest, the person's new numbered list) in one short transaction.

        This runs once per message sent: its two statements are built once (`_sent_statements`) and executed
        with parameters on one connection, which keeps the per-message cost low.
        """
        mark, remember = self._sent_statements()
        with self.engine.begin() as conn:
            conn.execute(mark, {"b_id": message_id, "b_at": now, "b_remote": remote_id})
            if item_list is not None:
                conn.execute(remember, {"b_contact": item_list[0], "b_at": now, "b_items": item_list[1]})

    def _sent_statements(self) -> tuple[Any, Any]:
        cached = getattr(self, "_sent_cache", None)
        if cached is None:
            mark = (
                update(OutboxMessage)
                .where(OutboxMessage.id == bindparam("b_id"))
                .values(
                    state="sent", sent_at=bindparam("b_at", type_=UtcDateTime()), message_id=bindparam("b_remote"),
                    attempts=OutboxMessage.attempts + 1, error=None,
                )
            )  # fmt: skip
            insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
            statement = insert(ItemList).values(
                contact_id=bindparam("b_contact"), created_at=bindparam("b_at", type_=UtcDateTime()),
                items=bindparam("b_items", type_=JSON()),
            )  # fmt: skip
            remember = statement.on_conflict_do_update(
                index_elements=["contact_id"],
                set_={"items": statement.excluded["items"], "created_at": statement.excluded["created_at"]},
            )
            cached = self._sent_cache = (mark, remember)
        return cached

    def mark_retry(self, message_id: int, at: datetime, error: str) -> None:
        with self._tx() as s:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(next_attempt_at=at, attempts=OutboxMessage.attempts + 1, error=error[:2000])
            )

    def mark_final(
        self, message_id: int, state: Literal["failed", "uncertain", "missed"], error: str, now: datetime
    ) -> None:
        with self._tx() as s:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(state=state, attempts=OutboxMessage.attempts + 1, error=error[:2000])
            )
            self._audit(s, now, None, f"outbox.{state}", str(message_id), error=error[:500])

    def outbox(self, states: Sequence[str] | None = None) -> list[OutboxRow]:
        with self._tx() as s:
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            if states is not None:
                query = query.where(OutboxMessage.state.in_(states))
            return [_outbox_view(r) for r in s.scalars(query)]

    def count_sent(self, channel: str, since: datetime) -> int:
        """Messages sent on `channel` since `since` (for the Zalo monthly quota)."""
        with self._tx() as s:
            query = select(func.count(OutboxMessage.id)).where(
                OutboxMessage.channel == channel,
                OutboxMessage.state == "sent",
                OutboxMessage.sent_at >= since,
            )
            return int(s.scalar(query) or 0)

    def outbox_row(self, message_id: int) -> OutboxRow | None:
        with self._tx() as s:
            row = s.get(OutboxMessage, message_id)
            return _outbox_view(row) if row else None

    def mark_missed_before(self, before: datetime, now: datetime) -> int:
        """Pending messages due before `before` (older than the catch-up window) are not sent: marked missed."""
        with self._tx() as s:
            result = s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == "pending", OutboxMessage.due_at < before)
                .values(state="missed", error="quá thời hạn gửi bù sau khi bot ngừng chạy")
            )
            count = max(result.rowcount or 0, 0)
            if count:
                self._audit(s, now, None, "outbox.missed", "-", count=count)
            return count

    def planned_until(self) -> datetime | None:
        """Up to when the outbox has been planned (None before the first run)."""
        with self._tx() as s:
            row = s.get(BotState, "planned_until")
            return datetime.fromisoformat(row.value) if row else None

    def set_planned_until(self, moment: datetime) -> None:
        with self._tx() as s:
            row = s.get(BotState, "planned_until")
            if row is None:
                s.add(BotState(key="planned_until", value=moment.isoformat(), updated_at=moment))
            else:
                row.value, row.updated_at = moment.isoformat(), moment

    # --- incoming updates, item lists, archive ----------------------------------------------------------

    def first_time_seen(self, channel: str, update_key: str, now: datetime) -> bool:
        """Record an incoming update; False when it was handled before (repeats are ignored)."""
        dialect = self.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        with self._tx() as s:
            statement = insert(SeenUpdate).values(channel=channel, update_key=update_key, seen_at=now)
            return bool(s.execute(statement.on_conflict_do_nothing().returning(SeenUpdate.update_key)).all())

    def forget_seen_before(self, before: datetime) -> None:
        with self._tx() as s:
            s.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < before))

    def save_item_list(self, contact_id: int, items: list[Any], now: datetime) -> None:
        with self._tx() as s:
            row = s.get(ItemList, contact_id)
            if row is None:
                s.add(ItemList(contact_id=contact_id, created_at=now, items=items))
            else:
                row.items, row.created_at = items, now

    def item_list(self, contact_id: int) -> list[Any]:
        with self._tx() as s:
            row = s.get(ItemList, contact_id)
            return list(row.items) if row else []

    def archive_tasks(self, tasks: Iterable[tuple[str, str, str, dict[str, Any]]], now: datetime) -> int:
        """Keep tasks that vanished from the schedules (id, plan id, title, snapshot); returns how many were new."""
        added = 0
        with self._tx() as s:
            for task_id, plan_id, title, snapshot in tasks:
                if s.get(ArchivedTask, task_id) is None:
                    s.add(
                        ArchivedTask(
                            task_id=task_id, plan_id=plan_id, title=title, archived_at=now, snapshot=snapshot
                        )
                    )
                    self._audit(s, now, None, "task.archive", task_id, plan=plan_id)
                    added += 1
        return added

    def archived_task_ids(self) -> set[str]:
        with self._tx() as s:
            return set(s.scalars(select(ArchivedTask.task_id)))

    def audit_log(self, limit: int = 100) -> list[tuple[datetime, str, str]]:
        with self._tx() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [(r.at, r.action, r.subject) for r in rows]


def _completion_row(s: Session, key: AssignmentKey) -> Completion | None:
    task_id, agency_ref, occurrence_key = key
    return s.scalar(
        select(Completion).where(
            Completion.task_id == task_id,
            Completion.agency_ref == agency_ref,
            Completion.occurrence_key == occurrence_key,
        )
    )


def _completion_view(row: Completion) -> CompletionView:
    return CompletionView(
        row.id,
        row.task_id,
        row.agency_ref,
        row.occurrence_key,
        row.state,
        row.completed_at,
        row.contact_id,
        row.note,
    )


def _extension_view(row: Extension) -> ExtensionView:
    return ExtensionView(
        row.id,
        row.task_id,
        row.agency_ref,
        row.occurrence_key,
        row.original_due,
        row.requested_due,
        row.reason,
        row.state,
        row.requested_by,
    )


def _outbox_view(row: OutboxMessage) -> OutboxRow:
    return OutboxRow(
        row.id,
        row.key,
        row.contact_id,
        row.channel,
        row.chat_id,
        row.kind,
        row.due_at,
        row.text,
        list(row.items or []),
        row.state,
        row.attempts,
    )
