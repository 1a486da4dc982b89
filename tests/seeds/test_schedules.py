"""Properties every shipped schedule must have, whatever the plan."""

import pytest

from bot.domain.planner import agency_ref

PLANS = ["bg-ptctt-2024", "bg-nq01-2024", "bg-nq42-tu", "bg-213-cchc-2024", "tq-78-khac-phuc-2024"]


def test_shipped_schedules_validate(shipped):
    assert shipped.ok, "\n".join(map(str, shipped.errors))
    assert sorted(shipped.catalog.plans) == sorted(PLANS)
    assert sorted(shipped.catalog.registries) == ["bac-giang", "tuyen-quang"]


@pytest.mark.parametrize("plan_id", PLANS)
def test_every_task_has_a_lead_and_a_deadline_kind(catalog, plan_id):
    plan = catalog.plans[plan_id]
    for task in plan.tasks:
        assert task.lead_ids, f"{task.id} has no lead agency"
        assert task.deadline.kind in {"date", "recurring", "ongoing", "event", "unspecified"}, task.id
        if not task.phrase:
            assert task.deadline_implied and task.deadline_reason, (
                f"{task.id}: no phrase and no implied deadline"
            )
        if task.lead_inferred:
            assert task.deadline is not None


@pytest.mark.parametrize("plan_id", PLANS)
def test_every_lead_resolves_to_a_registry_agency(catalog, plan_id):
    plan = catalog.plans[plan_id]
    registry = catalog.registries[plan.province]
    for task in plan.tasks:
        for name in (*task.lead, *task.support):
            assert registry.resolve(name) is not None, f"{task.id}: «{name}»"
        for agency_id in task.lead_ids:
            assert agency_id in registry.agencies
            assert (
                catalog.agency_name(agency_ref(plan.province, agency_id)) == registry.agencies[agency_id].name
            )


def test_task_ids_are_unique_and_stable_shaped(catalog):
    ids = [t.id.casefold() for p in catalog.plans.values() for t in p.tasks]
    assert len(ids) == len(set(ids))
