"""A coordinator handles a flagged comment from the queue; it disappears from a resident's open page."""
import pytest
from playwright.sync_api import expect

from moderation.services import flag
from tests.browser.conftest import log_in
from wijken.roles import grant_wijk_role
from wijken.services import add_comment

pytestmark = pytest.mark.browser



def test_coordinator_removes_a_flagged_comment_from_the_queue(new_context, make_user, make_wijk, make_post, shoot):
    wijk = make_wijk("centrum", "Centrum")
    coordinator = make_user("Coördinator Cor")
    grant_wijk_role(coordinator, wijk, "coordinator")
    post = make_post(make_user("Buurvrouw"), wijk, title="Parkeren bij de school")
    comment = add_comment(make_user("Scheldkanon"), post, {"body": "Jullie zijn allemaal idioten"})
    flag(make_user("Melder"), {"target": "comment", "id": comment.id, "reason": "intimidatie",
                               "text": "Scheldwoorden"})

    resident = new_context().new_page()
    resident.goto(f"/w/centrum/p/{post.id}")
    expect(resident.locator("#live")).to_have_attribute("data-connected", "true")
    expect(resident.locator(f"#c{comment.id}")).to_be_visible()

    moderator = new_context().new_page()
    log_in(moderator, coordinator.email)
    moderator.goto("/moderatie")
    entry = moderator.locator(f"#q-comment-{comment.id}")
    expect(entry).to_contain_text("Scheldwoorden")
    expect(moderator.locator('.open-flags[data-room="centrum"] [data-count]')).to_have_text("1")
    shoot(moderator, "queue", publish="moderation-queue.png")
    entry.locator(f"#reason-comment-{comment.id}").fill("Schelden past niet in de wijk")
    entry.locator("button[name=action][value=remove]").click()
    expect(moderator.locator(f"#q-comment-{comment.id}")).to_have_count(0)

    expect(resident.locator(f"#c{comment.id}")).to_have_count(0)  # gone without a reload
    expect(resident.locator("#comments")).not_to_contain_text("idioten")
