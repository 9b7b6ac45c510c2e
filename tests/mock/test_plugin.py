"""The pytest plugin (pytest_plugin.py), run as a user's project runs it: a pytest of its own, in a
folder of its own, with the plugin registered by its entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MINE = """\
submission_statuses: {pending: {id: 1, label: Pending}, hold: {id: 2, label: On Hold}}
orders: [{order_id: 7770001, order_po: PO_MINE}]
pending_orders: [42]
"""


UNUSED_PLUGINS = ("cacheprovider", "schemathesis", "hypothesispytest", "typeguard", "xdist", "xdist.looponfail")


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *(f"-pno:{name}" for name in UNUSED_PLUGINS), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_fixtures_ini_option_names_the_sandboxs_fixtures(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.yaml").write_text(MINE)
    (tmp_path / "pytest.ini").write_text("[pytest]\nfinerworks_mock_fixtures = data/mine.yaml\n")
    (tmp_path / "test_mine.py").write_text(
        "def test_the_sandbox_holds_my_fixtures(finerworks_sandbox):\n"
        "    state = finerworks_sandbox.admin.state()\n"
        "    assert [order['order_id'] for order in state['orders']] == [7770001]\n"
        "    assert state['pending_orders'] == [42]\n"
    )
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_a_request_an_earlier_test_gave_up_on_does_not_change_the_next_test(tmp_path: Path) -> None:
    """Was: a request delayed by Mock-Delay in one test (whose client gave up) landed after the next
    test's reset and changed its state and log."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.yaml").write_text(MINE)
    (tmp_path / "pytest.ini").write_text("[pytest]\nfinerworks_mock_fixtures = data/mine.yaml\n")
    (tmp_path / "test_isolation.py").write_text(
        "import time\n"
        "import httpx\n"
        "import pytest\n"
        "\n"
        "def test_first_gives_up_on_a_slow_call(finerworks_sandbox):\n"
        "    keys = dict(zip(('web_api_key', 'app_key'), finerworks_sandbox.keys))\n"
        "    with pytest.raises(httpx.ReadTimeout):\n"
        "        httpx.post(\n"
        "            finerworks_sandbox.base_url + '/update_order',\n"
        "            json={'order_id': 7770001, 'update_command': 'hold'},\n"
        "            headers={**keys, 'mock-delay': '1'},\n"
        "            timeout=0.2,\n"
        "        )\n"
        "\n"
        "def test_second_sees_only_its_own_world(finerworks_sandbox):\n"
        "    time.sleep(1.2)  # past the first test's delay\n"
        "    assert finerworks_sandbox.admin.order(7770001)['submission_status'] == 'pending'\n"
        "    assert finerworks_sandbox.admin.requests() == []\n"
    )
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
