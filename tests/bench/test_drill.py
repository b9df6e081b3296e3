"""A reduced fault drill (``bench.drill``) in the suite: a small portfolio, a worker killed during the reminder
sweep, the broker stopped for a few seconds and a web process killed, under a light load; the same checks as
``make drill``, read from the report's data, and nothing the drill started left running."""

import json
import os
import shutil

import pytest

from bench import drill

# `make test-long` (and `make drill` at full size): the reduced fault drill starts redis, web and worker processes.
pytestmark = [pytest.mark.slow, pytest.mark.long]


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (.ci/run installs it with apt-get).")
        pytest.skip("redis-server is not installed (apt-get install redis-server).")


def test_reduced_drill_keeps_every_promise(redis_server, tmp_path):
    suffix = os.environ.get("TEST_DB_SUFFIX", "")
    args = drill.parse_args(
        [
            *("--initiatives", "300", "--users", "200", "--business-units", "10"),
            *("--prefix", f"drill_test{suffix}", "--load-users", "4", "--warm-seconds", "2"),
            *("--kill-after", "0.3", "--restart-after", "2", "--visibility-timeout", "8"),
            *("--broker-down", "3", "--pause", "2", "--tail-seconds", "3", "--drain-seconds", "20"),
            *("--results", str(tmp_path / "logs"), "--report-dir", str(tmp_path)),
        ]
    )

    data = drill.run(args)

    assert [row for row in data["checks"] if not row["ok"]] == []
    requests = data["requests"]
    assert requests["total"] > 100
    assert requests["status_5xx"] == 0
    assert requests["connection_errors_live_web"] == 0
    assert requests["signoffs_accepted"] > 0
    mail = data["notifications"]
    assert data["reminders"]["created_during_drill"] > 0
    assert data["reminders"]["missed"] == 0
    assert mail["duplicate_reminders"] == 0
    assert mail["emails_queued"] > 0
    assert mail["emails_sent"] + mail["emails_failed"] == mail["emails_queued"]
    assert mail["emails_duplicated"] == 0
    # Every sent email arrived; one whose worker died after the message left is marked failed, never sent twice
    # (at most once, as the drill's report says): it is the only way the sink may hold more than was marked sent.
    assert mail["received_marked_failed"] <= mail["emails_failed"]
    assert mail["messages_received"] == mail["emails_sent"] + mail["received_marked_failed"]
    assert data["audit_chain"]["ok"]
    events = " / ".join(event["event"] for event in data["timeline"])
    for fault in ("SIGKILLed", "broker stopped", "broker started again", "web-2 SIGKILLed", "web-2 started again"):
        assert fault in events
    if data["sweep"]["killed_mid_sweep"]:
        assert data["sweep"]["redelivered_and_finished"]
    # The report is written, and every process group the drill started is gone.
    assert json.loads((tmp_path / "drill-report.json").read_text())["checks"] == data["checks"]
    assert "| The audit chains verify | met |" in (tmp_path / "drill-report.md").read_text()
    for pid in data["process_groups"]:
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)
