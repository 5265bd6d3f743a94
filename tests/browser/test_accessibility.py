"""axe-core in Chromium on the main pages: no serious or critical accessibility violations."""
from pathlib import Path

import pytest

from core.timeutil import isoformat, utcnow
from moderation.services import flag
from tests.browser.conftest import log_in
from tests.conftest import service_unavailable
from wijken.roles import grant_wijk_role
from wijken.services import add_comment

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe():
    if not AXE.exists():
        service_unavailable(f"axe-core is not installed at {AXE} (npm ci --prefix tests/browser)")
    script = AXE.read_text(encoding="utf-8")

    def check(page) -> list[str]:
        # Through the DevTools protocol: the page's Content-Security-Policy refuses inline scripts.
        page.context.new_cdp_session(page).send("Runtime.evaluate", {"expression": script})
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"] if v["impact"] in ("serious", "critical")]
    return check


def test_pages_have_no_serious_accessibility_violations(new_context, axe, make_user, make_wijk, make_org,
                                                        make_post):
    from datetime import timedelta
    wijk = make_wijk("centrum", "Centrum")
    agent, coordinator, resident = make_user("Agent"), make_user("Coördinator"), make_user("Bewoner")
    grant_wijk_role(coordinator, wijk, "coordinator")
    politie = make_org("politie", "politie", [wijk], [agent])
    make_post(agent, wijk, kind="inbraakwaarschuwing", title="Inbraken", body="Let op.", organisation=politie)
    event = make_post(agent, wijk, kind="evenement", title="Buurtkoffie", body="Kom langs", location="Buurthuis",
                      starts_at=isoformat(utcnow() + timedelta(days=2)),
                      ends_at=isoformat(utcnow() + timedelta(days=2, hours=2)), capacity=10)
    comment = add_comment(resident, event, {"body": "Ik kom!"})
    flag(make_user(), {"target": "comment", "id": comment.id, "reason": "spam"})

    anonymous = new_context().new_page()
    problems = {}
    for path in ("/", "/g/teststad", "/w/centrum", f"/w/centrum/p/{event.id}", "/login", "/register"):
        anonymous.goto(path)
        problems[path] = axe(anonymous)

    page = new_context().new_page()
    log_in(page, coordinator.email)
    for path in ("/w/centrum", f"/w/centrum/p/{event.id}", "/w/centrum/nieuw", "/moderatie", "/me", "/notificaties"):
        page.goto(path)
        problems[f"{path} (coordinator)"] = axe(page)
    assert {path: found for path, found in problems.items() if found} == {}


def test_headings_go_down_one_level_at_a_time(new_context, axe, make_user, make_wijk, make_post):
    """axe's heading-order (a moderate rule the test above lets pass): the wijk page went from h1 to h3."""
    wijk = make_wijk("centrum", "Centrum")
    resident = make_user("Bewoner")
    post = make_post(resident, wijk, title="Rommelmarkt", body="Wie doet mee?")
    page = new_context().new_page()
    script = AXE.read_text(encoding="utf-8")
    problems = {}
    for who in ("anonymous", "resident"):
        if who == "resident":
            log_in(page, resident.email)
        for path in ("/", "/w/centrum", f"/w/centrum/p/{post.id}", "/mijn-wijken", "/me"):
            page.goto(path)
            page.context.new_cdp_session(page).send("Runtime.evaluate", {"expression": script})
            result = page.evaluate("axe.run(document, {runOnly: ['heading-order'], resultTypes: ['violations']})")
            problems[f"{path} ({who})"] = [n["target"] for v in result["violations"] for n in v["nodes"]]
    assert {path: found for path, found in problems.items() if found} == {}
