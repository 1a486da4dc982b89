"""Chat commands, the same on every messenger: parse → call the store/domain → reply (Vietnamese).

Handlers stay thin; anything they cannot do (a wrong code, somebody else's task, a malformed date) gets a
short explanation and changes nothing. State changes commit (with their audit entry) before the reply is
returned, so a reply never claims what the database does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.chat import texts
from bot.domain.calendar import WorkCalendar
from bot.domain.progress import AssignmentState, assignment_states, current_state, tally
from bot.services.channel import Button, Keyboard
from bot.services.clock import Clock
from bot.services.live_catalog import LiveCatalog, ReloadResult
from bot.services.outbox import notice
from bot.store.repository import ContactView, Store

_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

ALIASES = {
    "start": "start",
    "batdau": "start",
    "tasks": "tasks",
    "viec": "tasks",
    "done": "done",
    "xong": "done",
    "hoantac": "undo",
    "undo": "undo",
    "lienket": "link",
    "link": "link",
    "giahan": "extend",
    "duyet": "approve",
    "tuchoi": "refuse",
    "xacnhan": "verify",
    "khongxacnhan": "reject",
    "help": "help",
    "huongdan": "help",
    "baocao": "report",
    "quahan": "overdue",
    "tailai": "reload",
}
ADMIN_ONLY = {"approve", "refuse", "verify", "reject", "report", "overdue", "reload"}


@dataclass(frozen=True, slots=True)
class Incoming:
    channel: str
    chat_id: str
    sender_name: str
    text: str = ""
    callback: str | None = None  # button data, when a button was tapped


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: Keyboard = ()


@dataclass(frozen=True, slots=True)
class ChatSettings:
    undo_window: timedelta = timedelta(minutes=30)
    invite_validity: timedelta = timedelta(days=7)
    channel_order: tuple[str, ...] = ("telegram", "zalo")
    list_limit: int = 30


class ChatService:
    def __init__(
        self,
        store: Store,
        live: LiveCatalog,
        calendar: WorkCalendar,
        tz: ZoneInfo,
        clock: Clock,
        settings: ChatSettings | None = None,
        reload: Callable[[], ReloadResult] | None = None,
    ) -> None:
        self.store, self.live, self.calendar, self.tz, self.clock = store, live, calendar, tz, clock
        self.settings = settings or ChatSettings()
        self._reload_schedules = reload

    # --- entry point --------------------------------------------------------------------------------------

    def handle(self, incoming: Incoming) -> list[Reply]:
        contact = self.store.contact_for_chat(incoming.channel, incoming.chat_id)
        if incoming.callback is not None:
            if contact is None:
                return [Reply(texts.NOT_BOUND)]
            return self._callback(contact, incoming)
        match = _COMMAND.match(incoming.text.strip())
        if match is None:
            return [Reply(texts.NOT_A_COMMAND if contact else texts.NOT_BOUND)]
        command = ALIASES.get(match.group(1).lower())
        args = (match.group(2) or "").strip()
        if command == "start":
            return self._start(incoming, contact, args)
        if command == "help":
            return [Reply(texts.help_text(contact is not None and contact.is_admin))]
        if command is None:
            return [Reply(texts.unknown_command(match.group(1)))]
        if contact is None:
            return [Reply(texts.NOT_BOUND)]
        if command in ADMIN_ONLY and not contact.is_admin:
            return [Reply(texts.ADMIN_ONLY)]
        handler: Callable[[ContactView, str, Incoming], list[Reply]] = getattr(self, f"_{command}")
        return handler(contact, args, incoming)

    # --- people -------------------------------------------------------------------------------------------

    def _start(self, incoming: Incoming, contact: ContactView | None, code: str) -> list[Reply]:
        if not code:
            if contact is not None:
                return [Reply(texts.already_bound(contact, self.live.catalog.agency_name))]
            return [Reply(texts.START_WITHOUT_CODE)]
        result = self.store.redeem_invite(
            incoming.channel, incoming.chat_id, code.split()[0], incoming.sender_name, self.clock.now()
        )
        if result.outcome == "bound" and result.contact is not None:
            return [Reply(texts.bound(result.contact, self.live.catalog.agency_name))]
        if result.outcome == "throttled" and result.locked_until is not None:
            return [Reply(texts.throttled(result.locked_until.astimezone(self.tz)))]
        return [Reply(texts.BAD_CODE[result.outcome])]

    def _link(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        code = self.store.create_link_code(contact.id, self.clock.now())
        other = "Zalo" if incoming.channel == "telegram" else "Telegram"
        return [Reply(texts.link_code(code, other))]

    # --- tasks --------------------------------------------------------------------------------------------

    def _today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def _states(
        self, agencies: Sequence[str] | None = None, plan_id: str | None = None
    ) -> list[AssignmentState]:
        completed = {
            k: c.completed_at.astimezone(self.tz).date() for k, c in self.store.completions().items()
        }
        extensions = {k: e.requested_due for k, e in self.store.approved_extensions().items()}
        return assignment_states(
            self.live.catalog,
            self.calendar,
            self._today(),
            completed,
            extensions,
            plan_id=plan_id,
            agencies=set(agencies) if agencies is not None else None,
        )

    def _tasks(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        if not contact.agencies:
            return [Reply(texts.NO_AGENCY)]
        pending = set(self.store.completions(("pending",)))
        states = [s for s in self._states(contact.agencies) if s.is_open and s.status != "unspecified"]
        states.sort(key=_open_order)
        shown = states[: self.settings.list_limit]
        listed = [
            list(s.key) if s.occurrence else [s.task.id, s.agency_ref, self._standing_key()] for s in shown
        ]
        self.store.save_item_list(contact.id, listed, self.clock.now())
        heading = ", ".join(self.live.catalog.agency_name(a) for a in contact.agencies)
        return [Reply(texts.task_list(heading, shown, len(states), pending))]

    def _standing_key(self) -> str:
        today = self._today()
        return f"checkin-{today.year}-{today.month:02d}"

    def _resolve(self, contact: ContactView, ref: str) -> tuple[AssignmentState | None, str | None]:
        """The assignment a "/done ref" means: an item number of the last list, or a task id."""
        if ref.isdigit():
            items = self.store.item_list(contact.id)
            index = int(ref) - 1
            if not 0 <= index < len(items) or items[index] is None:
                return None, texts.no_item(int(ref), len(items))
            task_id, agency, occ = items[index]
            states = [s for s in self._states([agency]) if s.task.id == task_id]
            match = [s for s in states if (s.occurrence.key if s.occurrence else self._standing_key()) == occ]
            if not match and states and not states[0].occurrence:
                match = states
            return (match[0], None) if match else (None, texts.task_gone(task_id))
        task = self.live.catalog.task(ref)
        if task is None:
            return None, texts.unknown_task(ref)
        mine = [
            a for a in contact.agencies if a in {f"{self._province(task.plan_id)}:{x}" for x in task.lead_ids}
        ]
        if not mine:
            return None, texts.not_your_task(task.id)
        states = self._states(mine)
        for agency in mine:
            state = current_state(states, task.id, agency)
            if state is not None:
                return state, None
        return None, texts.nothing_open(task.id)

    def _province(self, plan_id: str) -> str:
        return self.live.catalog.plans[plan_id].province

    def _done(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        if not args:
            return [Reply(texts.DONE_USAGE)]
        ref, _, note = args.partition(" ")
        state, problem = self._resolve(contact, ref.strip())
        if state is None:
            return [Reply(problem or texts.DONE_USAGE)]
        return self._complete(contact, state, note.strip() or None, incoming.channel)

    def _complete(
        self, contact: ContactView, state: AssignmentState, note: str | None, channel: str
    ) -> list[Reply]:
        key = state.key if state.occurrence else (state.task.id, state.agency_ref, self._standing_key())
        if state.status in ("done_on_time", "done_late"):
            return [Reply(texts.already_done(state))]
        if contact.agencies and state.agency_ref not in contact.agencies:
            return [Reply(texts.not_your_task(state.task.id))]
        now = self.clock.now()
        done = self.store.complete(key, contact.id, channel, note, now, needs_verification=state.task.verify)
        buttons: Keyboard = [[Button("↩️ Hoàn tác", f"u:{done.id}")]]
        if done.state == "pending":
            self._ask_admins_to_verify(contact, state, done.id, note)
        return [Reply(texts.completed(state, done.state, note, self.settings.undo_window), buttons)]

    def _ask_admins_to_verify(
        self, contact: ContactView, state: AssignmentState, completion_id: int, note: str | None
    ) -> None:
        text = texts.verify_request(contact, state, completion_id, note, self.live.catalog.agency_name)
        buttons = [
            [Button("✅ Xác nhận", f"va:{completion_id}"), Button("❌ Không xác nhận", f"vr:{completion_id}")]
        ]
        for admin in self._admins():
            notice(
                self.store,
                admin,
                f"notice|verify|{completion_id}|{admin.id}",
                text,
                self.clock.now(),
                buttons,
                self.settings.channel_order,
            )

    def _undo(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        task = self.live.catalog.task(args.split()[0]) if args else None
        if task is None:
            return [Reply(texts.UNDO_USAGE)]
        for key, done in self.store.completions(("done", "pending")).items():
            if key[0] == task.id and key[1] in contact.agencies and done.contact_id == contact.id:
                if self.store.undo_completion(key, contact.id, self.clock.now(), self.settings.undo_window):
                    return [Reply(texts.undone(task.id))]
                return [Reply(texts.undo_too_late(self.settings.undo_window))]
        return [Reply(texts.nothing_to_undo(task.id))]

    # --- extensions ---------------------------------------------------------------------------------------

    def _extend(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        parts = args.split(maxsplit=2)
        if len(parts) < 3:
            return [Reply(texts.EXTEND_USAGE)]
        ref, when, reason = parts
        match = _DATE.match(when)
        if match is None:
            return [Reply(texts.bad_date(when))]
        try:
            wanted = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return [Reply(texts.impossible_date(when))]
        state, problem = self._resolve(contact, ref)
        if state is None:
            return [Reply(problem or texts.EXTEND_USAGE)]
        if state.occurrence is None or state.due is None:
            return [Reply(texts.no_deadline_to_extend(state.task.id))]
        if state.status in ("done_on_time", "done_late"):
            return [Reply(texts.already_done(state))]
        if wanted <= max(state.due, self._today()):
            return [Reply(texts.extension_not_later(state.due))]
        ext = self.store.request_extension(
            state.key, state.original_due, wanted, reason.strip(), contact.id, self.clock.now()
        )
        text = texts.extension_request(
            contact, state, ext.id, wanted, reason.strip(), self.live.catalog.agency_name
        )
        buttons = [[Button("✅ Duyệt", f"ea:{ext.id}"), Button("❌ Từ chối", f"er:{ext.id}")]]
        for admin in self._admins():
            notice(
                self.store,
                admin,
                f"notice|extension|{ext.id}|{admin.id}",
                text,
                self.clock.now(),
                buttons,
                self.settings.channel_order,
            )
        return [Reply(texts.extension_requested(state, wanted))]

    def _approve(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        return self._decide(contact, args, True)

    def _refuse(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        return self._decide(contact, args, False)

    def _decide(self, admin: ContactView, args: str, approve: bool) -> list[Reply]:
        if not args.strip().isdigit():
            return [Reply(texts.DECIDE_USAGE)]
        decided = self.store.decide_extension(int(args), approve, admin.id, self.clock.now())
        if decided is None:
            return [Reply(texts.no_pending_extension(args.strip()))]
        requester = self.store.contact(decided.requested_by) if decided.requested_by else None
        if requester is not None:
            notice(
                self.store,
                requester,
                f"notice|extension-decided|{decided.id}",
                texts.extension_decided(decided),
                self.clock.now(),
                channel_order=self.settings.channel_order,
            )
        return [Reply(texts.decision_recorded(decided))]

    def _verify(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        return self._verification(contact, args, True)

    def _reject(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        return self._verification(contact, args, False)

    def _verification(self, admin: ContactView, args: str, accept: bool) -> list[Reply]:
        if not args.strip().isdigit():
            return [Reply(texts.VERIFY_USAGE)]
        done = self.store.verify_completion_by_id(int(args), admin.id, accept, self.clock.now())
        if done is None:
            return [Reply(texts.no_pending_verification(args.strip()))]
        who = self.store.contact(done.contact_id) if done.contact_id else None
        if who is not None:
            notice(
                self.store,
                who,
                f"notice|verified|{done.id}",
                texts.verification_decided(done, accept),
                self.clock.now(),
                channel_order=self.settings.channel_order,
            )
        return [Reply(texts.verification_recorded(done, accept))]

    # --- admins -------------------------------------------------------------------------------------------

    def _admins(self) -> list[ContactView]:
        return [c for c in self.store.contacts() if c.is_admin]

    def _report(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        plan_id = args.split()[0] if args else None
        if plan_id and plan_id not in self.live.catalog.plans:
            return [Reply(texts.unknown_plan(plan_id, sorted(self.live.catalog.plans)))]
        states = self._states(plan_id=plan_id)
        counts = tally(states)
        delivery = {state: len(self.store.outbox((state,))) for state in ("uncertain", "failed", "missed")}
        plan_label = self.live.catalog.plans[plan_id].label if plan_id else None
        return [
            Reply(texts.report(counts, self.live.catalog.agency_name, self._today(), plan_label, delivery))
        ]

    def _overdue(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        states = [s for s in self._states() if s.status == "overdue"]
        return [Reply(texts.overdue_report(states, self.live.catalog.agency_name, self._today()))]

    def _reload(self, contact: ContactView, args: str, incoming: Incoming) -> list[Reply]:
        if self._reload_schedules is None:
            return [Reply(texts.RELOAD_UNAVAILABLE)]
        return [Reply(texts.reload_result(self._reload_schedules()))]

    # --- buttons ------------------------------------------------------------------------------------------

    def _callback(self, contact: ContactView, incoming: Incoming) -> list[Reply]:
        data = incoming.callback or ""
        kind, _, rest = data.partition(":")
        if kind in ("d", "x"):
            row_id, _, number = rest.partition(":")
            item = self._outbox_item(row_id, number, contact)
            if item is None:
                return [Reply(texts.BUTTON_EXPIRED)]
            task_id, agency, occ = item
            states = [s for s in self._states([agency]) if s.task.id == task_id]
            match = [s for s in states if (s.occurrence.key if s.occurrence else None) in (occ, None)]
            if not match:
                return [Reply(texts.task_gone(task_id))]
            if kind == "x":
                return [Reply(texts.extension_hint(match[0]))]
            return self._complete(contact, match[0], None, incoming.channel)
        if kind == "u":
            done = self.store.completion_by_id(int(rest)) if rest.isdigit() else None
            if done is None or done.contact_id != contact.id:
                return [Reply(texts.BUTTON_EXPIRED)]
            key = (done.task_id, done.agency_ref, done.occurrence_key)
            if self.store.undo_completion(key, contact.id, self.clock.now(), self.settings.undo_window):
                return [Reply(texts.undone(done.task_id))]
            return [Reply(texts.undo_too_late(self.settings.undo_window))]
        if kind in ("ea", "er", "va", "vr"):
            if not contact.is_admin:
                return [Reply(texts.ADMIN_ONLY)]
            if kind in ("ea", "er"):
                return self._decide(contact, rest, kind == "ea")
            return self._verification(contact, rest, kind == "va")
        return [Reply(texts.BUTTON_EXPIRED)]

    def _outbox_item(self, row_id: str, number: str, contact: ContactView) -> tuple[str, str, str] | None:
        if not (row_id.isdigit() and number.isdigit()):
            return None
        row = self.store.outbox_row(int(row_id))
        if row is None or row.contact_id != contact.id:
            return None
        for item in row.items:
            if item.get("n") == int(number) and item.get("closable"):
                return item["task"], item["agency"], item["occ"]
        return None


def _open_order(state: AssignmentState) -> tuple[int, date, str]:
    rank = {"overdue": 0, "in_progress": 1, "ongoing": 2, "waiting_event": 3}.get(state.status, 4)
    return (rank, state.due or date.max, state.task.id)
