"""A wall behind a round-robin balancer never goes back: a host answering an older version (it has
not seen the newest yet) is ignored, in headless Chromium with the real 30-wall.js."""

from __future__ import annotations

import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR
from tests.browser.conftest import Server

pytestmark = pytest.mark.browser

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"
HEADER = "document.querySelector('#wall-stage .wall-header').innerText"


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Two app hosts with the same sample (version 1) and the same secret, separate DATA_DIRs: the
    test imports version 2 on the first only, so the second stands for a host that has not seen it
    yet."""
    root = tmp_path_factory.mktemp("wallfwd")
    secret = {"SECRET_KEY": secrets.token_hex(32)}
    (root / "a").mkdir()
    (root / "b").mkdir()
    first = Server(root / "a" / "instance", env=secret).launch()
    second = Server(root / "b" / "instance", env=secret).launch()  # both boot at once
    first.wait_ready()
    second.wait_ready()
    yield first, second
    second.halt()  # both shut down at once
    first.stop()
    second.stop()


@pytest.fixture(scope="module")
def wall_server(hosts):
    return hosts[0]


@pytest.fixture
def wall(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _forward(request, base: str) -> dict:
    """``request`` sent to the host at ``base`` instead (as a balancer would), as fulfil args."""
    path = request.url.split("/", 3)[3]
    skip = {"host", "origin", "referer", "content-length", "accept-encoding", "connection"}
    headers = {k: v for k, v in request.headers.items() if k.lower() not in skip}
    # behind a balancer both hosts see the same origin; here each host has its own
    headers |= {"Origin": base, "Referer": f"{base}/wall"}
    forwarded = urllib.request.Request(
        f"{base}/{path}", data=request.post_data_buffer, headers=headers, method=request.method
    )
    try:
        with urllib.request.urlopen(forwarded, timeout=30) as answer:
            status, body, kind = answer.status, answer.read(), answer.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        status, body, kind = error.code, error.read(), error.headers["Content-Type"]
    return {"status": status, "body": body, "content_type": kind or "application/json"}


def _state(page) -> dict:
    return page.evaluate("() => fetch('/wall/state', {cache: 'no-store'}).then(r => r.json())")


def test_round_robin_over_a_host_behind_never_takes_the_wall_back(wall, hosts):
    ahead, behind = hosts
    wall.goto(f"{ahead.url}/wall?scenes=peta,profil&interval=600")
    wall.wait_for_selector(".wall-scene.active")
    wall.evaluate(  # every version text the wall ever shows, in order
        """() => { window.__seen = [];
            const node = document.querySelector('#wall-stage .wall-header');
            new MutationObserver(() => window.__seen.push(node.innerText))
                .observe(node, {subtree: true, childList: true, characterData: true}); }"""
    )
    subprocess.run(
        [sys.executable, "-m", "dashboard", "--quiet", "--data-dir", str(ahead.data_dir),
         "import", "indicators", str(GOOD)],
        cwd=PROJECT_DIR,
        check=True,
    )  # fmt: skip
    new = _state(wall)
    assert new["version"] == 2

    # a round-robin balancer: every other poll and every other callback goes to the host still
    # on version 1 (a host behind answers 204 to a redraw it cannot make: the wall asks again)
    turns = {"poll": 0, "callback": 0}

    def balancer(kind: str):
        def route_it(route):
            turns[kind] += 1
            if turns[kind] % 2:
                route.fulfill(**_forward(route.request, behind.url))
            else:
                route.continue_()

        return route_it

    wall.route("**/wall/state*", balancer("poll"))
    wall.route("**/_dash-update-component*", balancer("callback"))
    drawn = "(p) => window.kcWall.compare(window.kcWall.state().shown, p) === 0"
    for n in range(1, 11):  # host behind, host ahead, ... (the wall's own timer polls too)
        wall.evaluate("() => window.kcWall.poll()")
        wall.wait_for_function("(n) => window.kcWall.state().answers >= n", arg=n)
        if wall.evaluate(drawn, new["position"]):
            break
    wall.wait_for_function(drawn, arg=new["position"])  # drawn by a host that had it
    ignored = wall.evaluate("() => window.kcWall.state().ignored")
    answers = wall.evaluate("() => window.kcWall.state().answers")
    for n in range(1, 3):  # one of these two answers comes from the host behind: ignored
        wall.evaluate("() => window.kcWall.poll()")
        wall.wait_for_function("(n) => window.kcWall.state().answers >= n", arg=answers + n)
    assert wall.evaluate("() => window.kcWall.state().ignored") >= ignored + 1
    seen = wall.evaluate("() => window.__seen")
    first_new = next(i for i, text in enumerate(seen) if "versi dataset 2" in text)
    assert not any("versi dataset 1" in text for text in seen[first_new:]), seen
    assert "versi dataset 2" in wall.evaluate(f"() => {HEADER}")
    assert wall.evaluate("() => window.kcWall.state().version") == 2
    assert wall.errors == []


def test_the_client_compares_positions_store_by_store(wall, wall_server):
    wall.goto(f"{wall_server.url}/wall?scenes=peta&interval=600")
    wall.wait_for_selector(".wall-scene.active")
    cases = [
        ({"dataset": [2, 2], "boundaries": [0, 0]}, {"dataset": [1, 1], "boundaries": [0, 0]}, 1),
        ({"dataset": [1, 1], "boundaries": [0, 0]}, {"dataset": [2, 2], "boundaries": [0, 0]}, -1),
        ({"dataset": [3, 1], "boundaries": [0, 0]}, {"dataset": [2, 5], "boundaries": [0, 0]}, 1),
        ({"dataset": [2, 2], "boundaries": [1, 1]}, {"dataset": [2, 2], "boundaries": [2, 2]}, -1),
        ({"dataset": [3, 3], "boundaries": [1, 1]}, {"dataset": [2, 2], "boundaries": [2, 2]}, -1),
        ({"dataset": [2, 2], "boundaries": [1, 1]}, {"dataset": [2, 2], "boundaries": [1, 1]}, 0),
        (None, {"dataset": [2, 2], "boundaries": [1, 1]}, -1),
    ]
    for answer, shown, expected in cases:
        got = wall.evaluate("([a, b]) => window.kcWall.compare(a, b)", [answer, shown])
        assert got == expected, (answer, shown)
