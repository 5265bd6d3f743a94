"""The printable wijk flyer: who may download it, and what the PDF says, read back with Debian's poppler
(pdftotext, pdfinfo, pdftoppm) and the QR code decoded from the rendered page with zxing-cpp."""
import io
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image

from core.extensions import db
from core.timeutil import isoformat, to_local, utcnow
from moderation.services import moderate
from reach.flyer import CAPS, MAX_PAGES, _build, flyer_content, plain_excerpt, warning_text, wijk_flyer
from reach.printing import printable
from tests.conftest import log_in, service_unavailable
from tests.querycount import count_queries
from wijken.roles import grant_wijk_role
from wijken.services import delete_post

BASE_URL = "https://wijkpagina.example"


@pytest.fixture
def poppler():
    """pdftotext, pdfinfo and pdftoppm from Debian's poppler-utils (`make install-test` installs them)."""
    missing = [tool for tool in ("pdftotext", "pdfinfo", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        service_unavailable(f"poppler-utils is not installed ({', '.join(missing)} missing)")


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, text=False)
    return int(re.search(rb"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def qr_codes(pdf: bytes) -> list[str]:
    """The QR codes on page 1, rendered at 150 dpi as a printer would."""
    png = subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png))
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def at(days: float, hours: float = 0) -> str:
    return isoformat(utcnow() + timedelta(days=days, hours=hours))


def event(make_post, author, wijk, title, days, kind="evenement", organisation=None, **extra):
    data = {"kind": kind, "title": title, "body": "Kom ook!", "location": "Buurthuis De Eik",
            "starts_at": at(days), "ends_at": at(days, 2)} | extra
    if organisation is not None:
        data["organisation"] = organisation
    return make_post(author, wijk, **data)


# --- who may download it ------------------------------------------------------------------------

ROLES = ["admin", "coordinator", "org_member", "org_moderator_without_2fa", "other_org_member", "resident",
         "admin_without_2fa", "coordinator_without_2fa", "coordinator_elsewhere"]
ALLOWED = {"admin", "coordinator", "org_member", "org_moderator_without_2fa"}


def user_in_role(role, make_user, make_org, make_wijk, wijk):
    elsewhere = make_wijk("elders", "Elders")
    user = make_user(admin=role.startswith("admin"), two_factor_on=not role.endswith("without_2fa"))
    if role.startswith("coordinator"):
        grant_wijk_role(user, elsewhere if role == "coordinator_elsewhere" else wijk, "coordinator")
    elif role == "org_member":
        make_org("contour", "welzijn", [wijk], [user], role="poster")
    elif role == "org_moderator_without_2fa":  # a moderator without 2FA still counts as a member (a poster)
        make_org("casade", "woningcorporatie", [wijk], [user], role="moderator")
    elif role == "other_org_member":
        make_org("elders-team", "welzijn", [elsewhere], [user], role="admin")
    return user


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_the_flyer(client, make_user, make_org, make_wijk, wijk, role):
    log_in(client, user_in_role(role, make_user, make_org, make_wijk, wijk))
    response = client.get("/w/centrum/flyer.pdf")
    if role in ALLOWED:
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    else:
        assert response.status_code == 403 and "<html" in response.text
    page = client.get("/w/centrum").text
    assert ("/w/centrum/flyer.pdf" in page) is (role in ALLOWED)


def test_anonymous_visitors_are_sent_to_log_in(client, wijk):
    response = client.get("/w/centrum/flyer.pdf")
    assert response.status_code == 302 and "/login" in response.location
    assert "flyer.pdf" not in client.get("/w/centrum").text


def test_unknown_wijk_is_a_404(client, make_user, wijk):
    log_in(client, make_user(admin=True))
    assert client.get("/w/bestaat-niet/flyer.pdf").status_code == 404


def test_the_link_appears_as_soon_as_a_role_is_granted_despite_the_page_cache(client, make_user, wijk):
    user = make_user()
    log_in(client, user)
    client.get("/")  # the welcome message, so the next wijk pages are cached
    assert "flyer.pdf" not in client.get("/w/centrum").text
    assert "flyer.pdf" not in client.get("/w/centrum").text  # from the cache
    grant_wijk_role(user, wijk, "coordinator")
    assert "flyer.pdf" in client.get("/w/centrum").text


def test_downloads_are_rate_limited_per_user(make_app, make_user, make_org, wijk):
    app = make_app(RATELIMIT_ENABLED=True, FLYER_LIMIT_PER_USER="2 per minute")
    member, other = make_user(), make_user()
    make_org("contour", "welzijn", [wijk], [member, other])
    client = log_in(app.test_client(), member)
    assert [client.get("/w/centrum/flyer.pdf").status_code for _ in range(3)] == [200, 200, 429]
    assert log_in(app.test_client(), other).get("/w/centrum/flyer.pdf").status_code == 200


# --- what the PDF says ---------------------------------------------------------------------------

def test_the_pdf_has_the_wijk_its_week_its_warning_and_a_qr_code_to_the_wijk(
        make_app, poppler, make_user, make_org, make_post, wijk, politie):
    app = make_app(BASE_URL=BASE_URL)
    agent, _org = politie
    gemeente = make_org("gemeente", "gemeente", [wijk], [make_user()])
    resident, admin = make_user(), make_user(admin=True)
    make_post(agent, wijk, kind="inbraakwaarschuwing", organisation="politie", title="Inbraken in de Grotestraat",
              body="Sluit ramen en deuren, ook overdag.")
    event(make_post, resident, wijk, "Burendag op het plein", days=2)
    event(make_post, gemeente.memberships[0].user, wijk, "Wijkschouw Grotestraat", days=5, kind="wijkschouw",
          organisation="gemeente", ends_at=None)
    event(make_post, resident, wijk, "Kerstmarkt volgende maand", days=20)
    event(make_post, resident, wijk, "Rommelmarkt van vorige week", days=-3)
    make_post(resident, wijk, title="Wie heeft mijn kat gezien?", body="Hij is **rood** & heet <Piet>.")
    hidden = make_post(resident, wijk, title="Verborgen scheldpartij")
    moderate(admin, {"action": "hide", "target": "post", "id": hidden.id, "reason": "Onbeleefd"})
    delete_post(resident, make_post(resident, wijk, title="Verwijderd bericht"))
    hidden_event = event(make_post, resident, wijk, "Verborgen feestje", days=1)
    moderate(admin, {"action": "hide", "target": "post", "id": hidden_event.id, "reason": "Spam"})
    wijk.premoderation = True
    db.session.commit()
    assert make_post(make_user(), wijk, title="Wacht op goedkeuring").status == "pending"

    client = log_in(app.test_client(), gemeente.memberships[0].user)
    response = client.get("/w/centrum/flyer.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    today = to_local(utcnow()).date().isoformat()
    assert response.headers["Content-Disposition"] == f'inline; filename="flyer-centrum-{today}.pdf"'
    pdf = response.data

    assert 1 <= pdf_pages(pdf) <= MAX_PAGES
    text = pdf_text(pdf)
    for expected in ("Centrum", "gemeente Teststad", "Week van", "INBRAAKWAARSCHUWING", "Inbraken in de Grotestraat",
                     "Sluit ramen en deuren", "Deze week in Centrum", "Burendag op het plein",
                     "Wijkschouw Grotestraat", "Waar: Buurthuis De Eik", "Uit de wijk", "Wie heeft mijn kat gezien?",
                     "Hij is rood & heet <Piet>.", f"{BASE_URL}/w/centrum"):
        assert expected in text, expected
    for unexpected in ("Kerstmarkt", "Rommelmarkt", "Verborgen", "Verwijderd", "Wacht op goedkeuring",
                       "<strong>", "<p>"):
        assert unexpected not in text, unexpected
    assert text.index("Burendag op het plein") < text.index("Wijkschouw Grotestraat")  # soonest first

    assert qr_codes(pdf) == [f"{BASE_URL}/w/centrum?src=flyer"]


def test_english_on_request_dutch_otherwise(client, poppler, make_user, make_org, wijk):
    user = make_user()
    user.locale = "en"  # the person reads the site in English; the flyer is for the wijk
    db.session.commit()
    make_org("contour", "welzijn", [wijk], [user])
    log_in(client, user)
    assert "Deze week in Centrum" in pdf_text(client.get("/w/centrum/flyer.pdf").data)
    english = pdf_text(client.get("/w/centrum/flyer.pdf?lang=en").data)
    assert "This week in Centrum" in english and "No activities on the agenda this week." in english


def test_an_empty_wijk_says_so(app, poppler, wijk):
    with app.test_request_context():
        text = pdf_text(wijk_flyer(wijk, utcnow()))
    assert "Deze week staan er geen activiteiten op de agenda." in text
    assert "Geen nieuwe berichten in de afgelopen twee weken." in text


def test_top_posts_pinned_first_then_most_talked_about(app, poppler, make_user, make_post, wijk):
    from wijken.services import add_comment, set_reaction
    admin, residents = make_user(admin=True), [make_user() for _ in range(3)]
    quiet = make_post(residents[0], wijk, title="Stil bericht")
    busy = make_post(residents[0], wijk, title="Druk besproken")
    for person in residents:
        set_reaction(person, busy, "like", on=True)
    add_comment(residents[1], busy, {"body": "Eens!"})
    pinned = make_post(residents[0], wijk, title="Vastgeprikt welkom")
    moderate(admin, {"action": "pin", "target": "post", "id": pinned.id, "reason": "Welkom"})
    old = make_post(residents[0], wijk, title="Oud nieuws")
    old.created_at = utcnow() - timedelta(days=15)
    db.session.commit()
    with app.test_request_context():
        text = pdf_text(wijk_flyer(wijk, utcnow()))
    assert text.index("Vastgeprikt welkom") < text.index("Druk besproken") < text.index(quiet.title)
    assert "Oud nieuws" not in text


def test_text_is_escaped_and_drawn_in_characters_the_font_has(app, poppler, make_user, make_post, wijk):
    make_post(make_user(), wijk, title="<b>Buren & co</b> in café ‘De Ëlf’ 🎉",
              body="Entree €5 — de ĳsbaan is open… <script>alert(1)</script>")
    with app.test_request_context():
        text = pdf_text(wijk_flyer(wijk, utcnow()))
    assert "<b>Buren & co</b> in café ‘De Ëlf’" in text and "🎉" not in text
    assert "Entree €5 — de ijsbaan is open…" in text


def test_printable_and_excerpt():
    assert printable("Zoë’s café kost €3 ✓") == "Zoë’s café kost €3"
    assert printable("ĳs, ștefan, Дом,\ta\u2009b") == "ijs, stefan, ???, a b"
    assert plain_excerpt("<p>Een <strong>heel</strong> lange zin met veel woorden</p>", 20) == "Een heel lange zin…"
    assert plain_excerpt("<p>Kort &amp; goed</p>", 20) == "Kort & goed"


def test_never_more_than_two_pages_with_the_longest_content_there_can_be(app, poppler, make_user, make_post,
                                                                         wijk, politie):
    agent, _org = politie
    resident = make_user()
    words = ("Lange titel met heel veel woorden " * 10)[:140]
    body = ("Een lange tekst over de wijk met allerlei details. " * 200)[:10_000]
    place = ("Buurthuis aan de lange laan " * 10)[:200]
    for _ in range(4):
        make_post(agent, wijk, kind="inbraakwaarschuwing", organisation="politie", title=words, body=body)
    for day in range(10):
        event(make_post, resident, wijk, words, days=day / 2 + 0.1, body=body, location=place)
    for _ in range(8):
        make_post(resident, wijk, title=words, body=body)
    with app.test_request_context():
        pdf = wijk_flyer(wijk, utcnow())
        content = flyer_content(wijk, utcnow())
        smallest, smallest_pages = _build(content, CAPS[-1])
        _largest, largest_pages = _build(content, CAPS[0])
    assert largest_pages > MAX_PAGES  # so this content does test the fallback
    assert pdf_pages(pdf) <= MAX_PAGES and smallest_pages <= MAX_PAGES == pdf_pages(smallest)
    assert qr_codes(pdf) == ["http://localhost/w/centrum?src=flyer"]


DEMO_WARNING = (  # the demo's police warning: its contact lines come last
    "De afgelopen nachten is in Besoijen op meerdere plekken ingebroken via achterdeuren en openstaande ramen.\n\n"
    "- Sluit ramen en deuren, ook als je maar even weg bent.\n- Laat 's avonds een lamp branden.\n"
    "- Zie je iets verdachts? Bel direct **112**.\n\n"
    "Tips zonder spoed: **0900-8844** of anoniem via Meld Misdaad Anoniem, 0800-7000.")
CONTACT_LINES = ("Bel direct 112.", "Tips zonder spoed: 0900-8844 of anoniem via Meld Misdaad Anoniem, 0800-7000.")


@pytest.mark.parametrize("crowded", [False, True])
def test_a_warnings_phone_numbers_are_never_cut(app, poppler, make_user, make_post, wijk, politie, crowded):
    """The warning box keeps whom to call, with and without urgency, also when the rest must give way."""
    agent, _org = politie
    make_post(agent, wijk, kind="inbraakwaarschuwing", organisation="politie", title="Inbraken in Besoijen",
              body=DEMO_WARNING)
    if crowded:
        resident = make_user()
        body = "Een lange tekst over de wijk met allerlei details. " * 60
        for day in range(8):
            event(make_post, resident, wijk, f"Activiteit {day}", days=day / 2 + 0.1, body=body)
        for i in range(5):
            make_post(resident, wijk, title=f"Bericht {i}", body=body)
    with app.test_request_context():
        pdf = wijk_flyer(wijk, utcnow())
    text = pdf_text(pdf)
    assert pdf_pages(pdf) <= MAX_PAGES
    for line in CONTACT_LINES:
        assert line in text, line
    if not crowded:
        assert "Laat 's avonds een lamp branden." in text  # room enough: the whole warning


def test_warning_text_shortens_the_rest_before_the_contact_lines():
    from core.markup import render_markdown
    html = render_markdown(DEMO_WARNING)
    whole = warning_text(html, 1000)
    assert whole.startswith("De afgelopen nachten") and whole.endswith("0800-7000.")
    for length in (300, 200, 100, 0):
        text = warning_text(html, length)
        assert all(line in text for line in CONTACT_LINES), (length, text)
    assert warning_text(render_markdown("Bel 0900-8844 " * 500), 100).count("0900-8844") < 20  # bounded


def test_a_flyer_just_over_one_page_is_shortened_to_one(app, poppler, make_user, make_post, wijk):
    resident = make_user()
    body = "Een tekst over de wijk met allerlei details en nog wat meer woorden. " * 20
    for day in range(3):
        event(make_post, resident, wijk, "Activiteit in het park", days=day + 0.5, body=body)
    for i in range(3):
        make_post(resident, wijk, title=f"Bericht {i}", body=body)
    with app.test_request_context():
        content = flyer_content(wijk, utcnow())
        assert _build(content, CAPS[0])[1] == 2  # with the longest excerpts this runs onto a second page
        pdf = wijk_flyer(wijk, utcnow())
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 1 and all(f"Bericht {i}" in text for i in range(3))  # every item still there
    assert text.count("Activiteit in het park") == 3


def test_query_count_does_not_grow_with_the_wijk(app, client, make_user, make_org, make_post, wijk, politie):
    agent, _org = politie
    log_in(client, agent)

    def add(n):
        for i in range(n):
            make_post(agent, wijk, kind="inbraakwaarschuwing", organisation="politie", title=f"Waarschuwing {i}",
                      body="Let op.")
            event(make_post, agent, wijk, f"Wijkschouw {i}", days=i % 6 + 0.2, kind="wijkschouw",
                  organisation="politie")
            make_post(make_user(), wijk, title=f"Bericht {i}")

    def queries():
        with count_queries(app) as statements:
            assert client.get("/w/centrum/flyer.pdf").status_code == 200
        # (not counting the mail outbox's catch-up, which may run after any response once a minute)
        return len([s for s in statements if "outbound_mail" not in s])

    add(1)
    few = queries()
    add(9)
    assert queries() == few <= 10
