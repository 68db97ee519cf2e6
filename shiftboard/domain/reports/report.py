"""A report over a period: the kept per-day counts (see facts.py) summed and laid out as
tables, with the parts that come from runs, handovers and open complaints beside them.

`Tally` sums what it is fed one day at a time (a year's report holds no more than its sums);
`build_report` turns the sums into the tables every renderer and the screens share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from shiftboard.domain.cases.clocks import Policy
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.reports import activity
from shiftboard.domain.reports.completeness import ReportSettings, share_of
from shiftboard.domain.reports.facts import SEP
from shiftboard.domain.reports.period import Period, week_of
from shiftboard.domain.reports.tables import Table, ratio, yuan

KINDS = tuple(kind.value for kind in CaseKind)
#: The after-sales endings: money back, a replacement, a repair, or closed without either.
ENDINGS = ("refunded", "exchanged", "repaired", "closed")


class Wanted(NamedTuple):
    """What a report is narrowed to (None: everyone, every store)."""

    store: str | None = None
    agent: str | None = None

    def takes(self, where: str) -> bool:
        store, agent = where.split(SEP, 1)
        return (self.store is None or store == self.store) and (self.agent is None or agent == self.agent)


class Tally:
    """Sums of the kept counts per store, per agent, per day and per week, and the clock
    facts of the closed complaints, for the slots a report wants."""

    def __init__(self, wanted: Wanted) -> None:
        self.wanted = wanted
        self.total: Counter = Counter()
        self.stores: dict[str, Counter] = {}
        self.agents: dict[str, Counter] = {}
        self.daily: dict[str, Counter] = {}
        self.weekly: dict[tuple[str, str], Counter] = {}  # (week, agent)
        self.monthly: dict[str, Counter] = {}
        self.clock_facts: list[list] = []

    def add_day(self, day: str, slots: dict, facts: dict) -> None:
        week, month = week_of(day), day[:7]
        for where, metrics in slots.items():
            if not self.wanted.takes(where):
                continue
            store, agent = where.split(SEP, 1)
            for bucket in (self.total, self.stores.setdefault(store, Counter()),
                           self.agents.setdefault(agent, Counter()), self.daily.setdefault(day, Counter()),
                           self.weekly.setdefault((week, agent), Counter()),
                           self.monthly.setdefault(month, Counter())):
                bucket.update(metrics)
        self.clock_facts += [fact for fact in facts.values() if self.wanted.takes(fact[0] + SEP + fact[1])]


class Report(NamedTuple):
    period: Period
    wanted: Wanted
    tables: list[Table]
    series: dict[str, list[tuple[str, float]]]  # name → [(label, value)], for charts and sparklines
    heading: str | None = None  # the title's message key ({label}); None: the period's report title

    def table(self, table_id: str) -> Table | None:
        return next((table for table in self.tables if table.id == table_id), None)


def refund_rate(metrics: Counter) -> float | None:
    """The share of closed after-sales requests that ended in money back."""
    return ratio(metrics["as.refunded"], sum(metrics[f"as.{end}"] for end in ENDINGS))


def _case_tables(tally: Tally) -> list[Table]:
    total = tally.total
    kinds = [(kind, total[f"opened.{kind}"], total[f"closed.{kind}"]) for kind in KINDS]
    stores = [(store, sum(m[f"opened.{k}"] for k in KINDS), sum(m[f"closed.{k}"] for k in KINDS))
              for store, m in sorted(tally.stores.items())]
    agents = [(agent, sum(m[f"opened.{k}"] for k in KINDS), sum(m[f"closed.{k}"] for k in KINDS),
               m["as.refunded"], refund_rate(m)) for agent, m in sorted(tally.agents.items())
              if any(m[f"opened.{k}"] or m[f"closed.{k}"] for k in KINDS)]
    endings = [total[f"as.{end}"] for end in ENDINGS]
    refunds = [(sum(endings), *endings, refund_rate(total), yuan(total["as.refunded_cents"]))]
    return [Table("cases", ("kind", "opened", "closed"), kinds),
            Table("stores", ("store", "opened", "closed"), stores),
            Table("agents", ("agent", "opened", "closed", "refunded", "refund_rate"), agents),
            Table("refunds", ("requests", "refunded", "exchanged", "repaired", "withdrawn", "refund_rate", "amount"),
                  refunds)]


def _complaint_tables(tally: Tally, policy: Policy, open_views: Iterable) -> list[Table]:
    kinds = sorted(metric.split(".", 1)[1] for metric in tally.total
                   if metric.startswith("complaint.") and metric != "complaint.verified")
    by_kind = [(kind, tally.total[f"complaint.{kind}"]) for kind in kinds]
    weeks: Counter = Counter()
    for (week, _agent), metrics in tally.weekly.items():
        weeks[week] += metrics["opened.complaint"]
    outcomes = [o for fact in tally.clock_facts for o in activity.closed_clock(policy, fact)]
    return [Table("complaints", ("complaint_kind", "count"), by_kind),
            Table("complaint_weeks", ("week", "count"), sorted(weeks.items())),
            activity.clock_table([*outcomes, *activity.open_clocks(open_views)])]


def _review_and_return_tables(tally: Tally) -> list[Table]:
    total = tally.total
    reviews = [(total["closed.review"], total["review.contacted"], total["review.revised"],
                total["review.not_revised"], total["review.unreachable"], total["review.compensated"],
                yuan(total["review.compensation_cents"]))]
    returns = [(store, m["return.received"], m["return.restocked"], m["return.loss"])
               for store, m in sorted(tally.stores.items()) if m["return.received"] or m["closed.return"]]
    return [Table("reviews", ("closed", "contacted", "revised", "not_revised", "unreachable", "compensated",
                              "compensation"), reviews),
            Table("returns", ("store", "received", "restocked", "loss"), returns)]


def completeness_table(tally: Tally, settings: ReportSettings) -> Table:
    """Complete records per agent and week, beside the goal line."""
    goal = settings.goal / 100
    rows = []
    for (week, agent), metrics in sorted(tally.weekly.items()):
        share = share_of(metrics, settings)
        if share.total:
            rows.append((week, agent, share.complete, share.total, share.ratio, goal))
    return Table("completeness", ("week", "agent", "complete", "records", "share", "goal"), rows)


def series_of(period: Period, tally: Tally, settings: ReportSettings) -> dict[str, list[tuple[str, float]]]:
    weeks: dict[str, Counter] = {}
    for (week, _agent), metrics in tally.weekly.items():
        weeks.setdefault(week, Counter()).update(metrics)
    return {
        "opened": [(day, float(sum(tally.daily.get(day, Counter())[f"opened.{k}"] for k in KINDS)))
                   for day in period.days()],
        "complaints": [(week, float(m["opened.complaint"])) for week, m in sorted(weeks.items())],
        "refund_rate": [(month, rate * 100) for month, m in sorted(tally.monthly.items())
                        if (rate := refund_rate(m)) is not None],
        "completeness": [(week, share.ratio * 100) for week, m in sorted(weeks.items())
                         if (share := share_of(m, settings)).total],
    }


def build_report(period: Period, tally: Tally, policy: Policy, settings: ReportSettings,
                 open_views: Iterable, runs: Iterable, handovers: Iterable) -> Report:
    """Every table of the report. `open_views`: the open complaints with their clocks now;
    `runs`: the period's shift views; `handovers`: (record, its shift's end) pairs."""
    checklist, skips = activity.checklist_tables(runs)
    tables = [*_case_tables(tally), *_complaint_tables(tally, policy, open_views),
              *_review_and_return_tables(tally), checklist, skips,
              activity.handover_table(handovers, settings.ack_minutes), completeness_table(tally, settings)]
    return Report(period, tally.wanted, tables, series_of(period, tally, settings))
