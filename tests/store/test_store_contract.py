"""The store contract: the same behaviour on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect

from bot.store.migrate import upgrade
from bot.store.repository import NewMessage, hash_code

NOW = datetime(2024, 3, 25, 1, 0, tzinfo=UTC)
KEY = ("CCHC-1", "bac-giang:so-noi-vu", "once")


def test_migrations_create_every_table_and_are_idempotent(store):
    upgrade(store.engine)  # a second run changes nothing
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "contacts", "contact_agencies", "chat_bindings", "invite_codes", "bind_attempts", "completions",
        "extensions", "outbox", "seen_updates", "item_lists", "archived_tasks", "audit_log", "alembic_version",
    } <= tables  # fmt: skip


def test_invite_codes_bind_once_and_are_stored_hashed(store):
    code = store.create_invite("bac-giang:so-noi-vu", "focal", NOW)
    assert len(code) == 8
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("select code_hash from invite_codes").scalar_one()
    assert stored == hash_code(code) and code not in stored
    bound = store.redeem_invite("telegram", "111", code.lower(), "Nguyễn Văn A", NOW)
    assert bound.outcome == "bound"
    assert bound.contact is not None and bound.contact.agencies == ("bac-giang:so-noi-vu",)
    assert bound.contact.role == "focal"
    assert store.redeem_invite("telegram", "222", code, "Người khác", NOW).outcome == "used"
    assert store.contact_for_chat("telegram", "111") == bound.contact
    assert store.contact_for_chat("telegram", "222") is None


def test_expired_code(store):
    code = store.create_invite("bac-giang:so-noi-vu", "focal", NOW, valid_for=timedelta(hours=1))
    assert store.redeem_invite("telegram", "111", code, "A", NOW + timedelta(hours=2)).outcome == "expired"


def test_wrong_codes_are_throttled(store):
    outcomes = [store.redeem_invite("telegram", "9", f"WRONG{i:03d}", "X", NOW).outcome for i in range(6)]
    assert outcomes == ["invalid"] * 5 + ["throttled"]
    good = store.create_invite("bac-giang:so-noi-vu", "focal", NOW)
    assert store.redeem_invite("telegram", "9", good, "X", NOW + timedelta(minutes=5)).outcome == "throttled"
    assert store.redeem_invite("telegram", "9", good, "X", NOW + timedelta(minutes=16)).outcome == "bound"


def test_second_code_adds_an_agency_to_the_same_person(store):
    first = store.create_invite("bac-giang:so-noi-vu", "focal", NOW)
    second = store.create_invite("bac-giang:so-tai-chinh", "focal", NOW)
    store.redeem_invite("telegram", "5", first, "A", NOW)
    again = store.redeem_invite("telegram", "5", second, "A", NOW)
    assert again.contact is not None
    assert again.contact.agencies == ("bac-giang:so-noi-vu", "bac-giang:so-tai-chinh")
    assert len(store.contacts()) == 1


def test_completion_is_idempotent_undoable_and_audited(store):
    contact = store.redeem_invite(
        "telegram", "1", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW
    )
    assert contact.contact is not None
    cid = contact.contact.id
    done = store.complete(KEY, cid, "telegram", "đã ban hành", NOW)
    assert (done.state, done.note) == ("done", "đã ban hành")
    again = store.complete(KEY, cid, "telegram", "lần hai", NOW + timedelta(minutes=1))
    assert again.note == "đã ban hành"  # the first answer stands
    assert set(store.completions()) == {KEY}
    assert not store.undo_completion(KEY, cid, NOW + timedelta(hours=2), window=timedelta(minutes=30))
    assert store.undo_completion(KEY, cid, NOW + timedelta(minutes=10), window=timedelta(minutes=30))
    assert store.completions() == {}
    assert store.complete(KEY, cid, "telegram", None, NOW + timedelta(minutes=11)).state == "done"
    actions = [action for _, action, _ in store.audit_log()]
    assert actions[:3] == ["task.done", "task.undo", "task.done"]


def test_verification_flow(store):
    contact = store.redeem_invite(
        "telegram", "1", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW
    )
    admin = store.redeem_invite("telegram", "2", store.create_invite(None, "admin", NOW), "Admin", NOW)
    assert contact.contact and admin.contact and admin.contact.is_admin
    assert (
        store.complete(KEY, contact.contact.id, "telegram", None, NOW, needs_verification=True).state
        == "pending"
    )
    assert store.completions() == {}
    [pending] = store.pending_verifications()
    assert pending.task_id == "CCHC-1"
    assert store.verify_completion_by_id(pending.id, admin.contact.id, True, NOW) is not None
    assert set(store.completions()) == {KEY}


def test_extension_request_and_decision_keep_both_dates(store):
    contact = store.redeem_invite(
        "telegram", "1", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW
    )
    assert contact.contact is not None
    ext = store.request_extension(
        KEY, date(2024, 3, 31), date(2024, 4, 30), "chờ ý kiến Bộ", contact.contact.id, NOW
    )
    assert [e.id for e in store.pending_extensions()] == [ext.id]
    decided = store.decide_extension(ext.id, True, contact.contact.id, NOW)
    assert decided is not None and decided.state == "approved"
    assert store.decide_extension(ext.id, False, contact.contact.id, NOW) is None  # decided once
    approved = store.approved_extensions()[KEY]
    assert (approved.original_due, approved.requested_due) == (date(2024, 3, 31), date(2024, 4, 30))


def message(key: str, due: datetime) -> NewMessage:
    return NewMessage(
        key, None, "telegram", "111", "digest", due.date(), due, f"tin {key}", [{"n": 1, "task": "T"}]
    )


def test_outbox_is_idempotent_and_picks_due_rows(store):
    assert store.enqueue([message("a", NOW), message("b", NOW + timedelta(hours=1))]) == 2
    assert store.enqueue([message("a", NOW), message("c", NOW)]) == 1  # "a" again is ignored
    due = store.due_messages(NOW)
    assert [m.key for m in due] == ["a", "c"]
    assert due[0].items == [{"n": 1, "task": "T"}] and due[0].due_at == NOW
    store.mark_sent(due[0].id, "42", NOW)
    store.mark_retry(due[1].id, NOW + timedelta(seconds=30), "429")
    assert [m.key for m in store.due_messages(NOW)] == []
    assert [m.key for m in store.due_messages(NOW + timedelta(minutes=1))] == ["c"]
    assert [m.key for m in store.due_messages(NOW + timedelta(hours=2))] == ["c", "b"]  # by due time
    store.mark_final(due[1].id, "uncertain", "read timeout", NOW)
    assert {m.key: m.state for m in store.outbox()} == {"a": "sent", "b": "pending", "c": "uncertain"}


def test_old_pending_messages_are_marked_missed(store):
    store.enqueue([message("old", NOW - timedelta(days=3)), message("new", NOW)])
    assert store.mark_missed_before(NOW - timedelta(days=1), NOW) == 1
    assert {m.key: m.state for m in store.outbox()} == {"old": "missed", "new": "pending"}


def test_seen_updates_deduplicate(store):
    assert store.first_time_seen("zalo", "m1", NOW)
    assert not store.first_time_seen("zalo", "m1", NOW)
    assert store.first_time_seen("telegram", "m1", NOW)


def test_undeliverable_chat_is_flagged(store):
    store.redeem_invite("telegram", "7", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW)
    contact_id = store.mark_undeliverable("telegram", "7", "Forbidden: bot was blocked by the user", NOW)
    assert contact_id is not None
    assert store.bindings(contact_id) == []
    assert len(store.bindings(contact_id, deliverable_only=False)) == 1


def test_item_lists_and_archive(store):
    contact = store.redeem_invite(
        "telegram", "1", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW
    )
    assert contact.contact is not None
    store.save_item_list(contact.contact.id, [["T-1", "bac-giang:so-noi-vu", "once"]], NOW)
    store.save_item_list(contact.contact.id, [["T-2", "bac-giang:so-noi-vu", "2024-Q1"]], NOW)
    assert store.item_list(contact.contact.id) == [["T-2", "bac-giang:so-noi-vu", "2024-Q1"]]
    assert store.archive_tasks([("T-9", "p", "Việc cũ", {"ref": "9"})], NOW) == 1
    assert store.archive_tasks([("T-9", "p", "Việc cũ", {"ref": "9"})], NOW) == 0
    assert store.archived_task_ids() == {"T-9"}


def test_mark_sent_records_the_item_list_in_the_same_transaction(store):
    contact = store.redeem_invite(
        "telegram", "1", store.create_invite("bac-giang:so-noi-vu", "focal", NOW), "A", NOW
    )
    assert contact.contact is not None
    store.enqueue([message("x", NOW)])
    [row] = store.due_messages(NOW)
    store.mark_sent(
        row.id, "7", NOW, item_list=(contact.contact.id, [["T-1", "bac-giang:so-noi-vu", "once"]])
    )
    store.enqueue([message("y", NOW)])
    [row2] = store.due_messages(NOW)
    store.mark_sent(
        row2.id, "8", NOW, item_list=(contact.contact.id, [None, ["T-2", "bac-giang:so-noi-vu", "once"]])
    )
    assert store.item_list(contact.contact.id) == [None, ["T-2", "bac-giang:so-noi-vu", "once"]]
    assert [m.state for m in store.outbox()] == ["sent", "sent"]
