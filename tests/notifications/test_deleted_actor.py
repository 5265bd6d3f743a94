"""A deleted person's name leaves other people's notifications: they say "deleted user", in the reader's
language, in the list, the API and the data export (issue 12)."""
import json

from sqlalchemy import select

from core.extensions import db
from notifications.models import Notification
from privacy.services import delete_account
from tests.conftest import Api, log_in
from wijken.services import add_comment, set_reaction


def test_the_name_of_someone_who_deleted_their_account_leaves_others_notifications(app, make_user, make_wijk,
                                                                                 make_post):
    wijk = make_wijk("centrum")
    ans, eva = make_user("Ans", two_factor_on=False), make_user("Eva", two_factor_on=False)
    eva.locale = "en"
    db.session.commit()
    bob = make_user("Bob Bakker", two_factor_on=False)
    post = make_post(ans, wijk, title="Buurtfeest")
    mine = add_comment(eva, post, {"body": "Leuk!"})
    add_comment(bob, post, {"body": "Ik kom ook"})
    add_comment(bob, post, {"body": "Eens", "parent_id": mine.id})
    set_reaction(bob, post, "like", True)
    messages = db.session.scalars(select(Notification.message)).all()
    assert sum("Bob Bakker" in m for m in messages) == 4  # Ans: two comments and a reaction; Eva: a reply

    delete_account(bob, {"password": "correct horse battery", "content": "keep"})
    db.session.expire_all()
    assert not any("Bob Bakker" in m for m in db.session.scalars(select(Notification.message)))

    client = log_in(app.test_client(), ans)
    page = client.get("/notificaties").text
    assert "Bob Bakker" not in page and "verwijderde gebruiker heeft gereageerd op je bericht" in page
    export = client.get("/me/gegevens")
    assert "Bob Bakker" not in export.text
    eva_items = Api(app.test_client(), eva).get("/api/v1/me/notifications").json["items"]
    assert [i["message"] for i in eva_items if i["kind"] == "reply"] == [
        "deleted user replied to your comment on “Buurtfeest”"]
    assert json.dumps(eva_items).count("Bob") == 0
