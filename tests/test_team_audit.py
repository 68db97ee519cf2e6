"""The audit trail: what a change was, appended by every write, never rewritten."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from shiftboard.domain.team.audit import AuditFilter, changes
from shiftboard.services.audit import entries
from shiftboard.store.audit import Actor
from tests.serving import shiftboard

ROOT = Path(__file__).resolve().parents[1]


def test_changes_name_fields_never_values():
    before = {"id": "c1", "status": "open", "buyer_phone": "13800000000", "version": 1,
              "timeline": [{"what": "created"}], "checks": {}}
    after = {**before, "status": "closed", "buyer_phone": "13900000000", "version": 2,
             "checks": {"registered": {"by": "Li"}},
             "timeline": [{"what": "created"}, {"what": "moved", "move": "close"}]}
    assert changes(before, after) == ["buyer_phone", "checks.registered", "status", "moved:close"]
    assert changes(None, {"id": "r", "items": {"a.b": {"state": "done"}}}) == ["created", "items.a.b=done"]
    assert changes({"hash": "$argon2id$old"}, {"hash": "$argon2id$new"}) == ["password"]
    assert changes({"approval": None}, {"approval": {"state": "pending", "by": "Wang"}}) == ["approval=pending"]


def test_filter_by_agent_record_and_dates():
    entry = {"at": "2026-11-23T10:00:00+08:00", "agent": "Li", "record": "01ABC"}
    assert AuditFilter(agent="Li", record="01A", since="2026-11-23", until="2026-11-23").takes(entry)
    assert not AuditFilter(agent="Wang").takes(entry)
    assert not AuditFilter(since="2026-11-24").takes(entry)
    assert not AuditFilter(until="2026-11-22").takes(entry)


def test_every_write_is_journaled_with_who_and_where(store, service):
    store.audit.actor = Actor("Li", "lead", "web:abcd1234")
    service.toggle(*service.locate(), "overnight.returns")
    found = entries(store)
    assert len(found) == 1
    entry = found[0]
    assert (entry["agent"], entry["role"], entry["session"]) == ("Li", "lead", "web:abcd1234")
    assert entry["collection"] == "runs" and entry["changes"] == ["created", "items.overnight.returns=done"]
    assert entry["at"].startswith("2026-11-23T08:45")


APPENDER = """
import sys
from pathlib import Path
from shiftboard.clock import FixedClock
from shiftboard.store.audit import AuditLog
import pendulum
log = AuditLog(Path(sys.argv[1]), FixedClock(pendulum.parse("2026-11-23T08:45:00+08:00")))
log.actor.agent = sys.argv[2]
for n in range(int(sys.argv[3])):
    log.append(collection="runs", record=f"{sys.argv[2]}-{n}", changes=["x" * 200])
"""


def test_appends_from_processes_at_once_are_whole_and_never_rewritten(tmp_path, store):
    store.audit.append(collection="runs", record="first", changes=["created"])
    path = next(store.audit.folder.glob("audit-*.jsonl"))
    first = path.read_bytes()
    writers = [subprocess.Popen([sys.executable, "-c", APPENDER, str(store.root), name, "60"], cwd=ROOT)
               for name in ("Li", "Wang", "Zhao")]
    assert [writer.wait(60) for writer in writers] == [0, 0, 0]
    after = path.read_bytes()
    assert after.startswith(first)  # what was there stays, byte for byte
    lines = [json.loads(line) for line in after.splitlines()]
    assert len(lines) == 181
    for name in ("Li", "Wang", "Zhao"):
        assert [e["record"] for e in lines if e["agent"] == name] == [f"{name}-{n}" for n in range(60)]


def test_a_torn_last_line_is_skipped(store):
    store.audit.append(collection="runs", record="r1", changes=["created"])
    path = next(store.audit.folder.glob("audit-*.jsonl"))
    with open(path, "ab") as handle:
        handle.write(b'{"at": "2026-11-23T08:4')
    assert [e["record"] for e in entries(store)] == ["r1"]


def test_audit_command_filters_and_prints_json(tmp_path):
    data = tmp_path / "data"
    for agent in ("Li", "Wang"):
        assert shiftboard(data, "--now", "2026-11-23 08:45", "--agent", agent, "tick",
                          f"overnight.{'returns' if agent == 'Li' else 'inquiries'}").returncode == 0
    listed = shiftboard(data, "audit", "--agent", "Wang", "--since", "2026-11-23", "--json")
    found = json.loads(listed.stdout)
    assert [(e["agent"], e["changes"][-1]) for e in found] == [("Wang", "items.overnight.inquiries=done")]
    assert "Li" in shiftboard(data, "audit").stdout
    bad = shiftboard(data, "--lang", "zh", "audit", "--since", "yesterday")
    assert bad.returncode == 2 and "不是日期" in bad.stderr


def test_an_entry_reads_in_words_in_both_languages():
    from shiftboard import i18n
    from shiftboard.render import audit as said

    entry = {"agent": "王伟", "role": "agent", "collection": "cases", "record": "01M8",
             "changes": ["approval=pending", "approval_requested:close", "events.opened", "status", "zzz.q"]}
    run = {"agent": "Li", "role": "lead", "collection": "runs", "record": "2026-11-23/day",
           "changes": ["items.overnight.returns=done", "notes.overnight.returns", "created"]}
    try:
        i18n.set_language("zh-CN")
        assert said.who(entry) == "王伟（客服）" and said.record(entry) == "工单 01M8"
        assert said.changes(entry) == "审批→待审批、申请审批 关闭、事件 创建、状态、zzz q"
        assert said.changes(run) == "overnight.returns：完成、overnight.returns 的备注、新建"
        i18n.set_language("en")
        assert said.who(run) == "Li (lead)" and said.record(run) == "shift run 2026-11-23/day"
        assert said.changes(entry).startswith("approval → awaiting approval, asked a lead close")
    finally:
        i18n.set_language("en")
