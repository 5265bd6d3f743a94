"""Real-browser fixtures: the test's app on a live port, Debian's Chromium via Playwright.

The app is the usual per-test app (so every browser test runs on SQLite and on
PostgreSQL), but with CSRF switched on: the browser submits the real forms with
their tokens, as in production. Playwright drives /usr/bin/chromium; its own
browser downloads are never used (no internet on these machines).
"""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from core.extensions import db
from tests.conftest import service_unavailable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "docs" / "screenshots"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"
DESKTOP = {"width": 1200, "height": 800}
PHONE = {"width": 390, "height": 844}
PHONE_MAX_WIDTH = 480


def scrolls_sideways(page) -> int:
    """How many px the page is wider than the screen (0: it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - Math.min(window.innerWidth,"
                         " document.documentElement.clientWidth)")


def wait_for_images(locator) -> None:
    """Wait until every image the locator matches has loaded.

    Not `page.wait_for_function`: once it has to poll, Playwright compiles the predicate
    with `new Function`, which the app's Content-Security-Policy (no 'unsafe-eval') refuses.
    """
    locator.evaluate_all("""imgs => Promise.all(imgs.map(img => img.complete && img.naturalWidth ? true
        : new Promise((ok, fail) => { img.addEventListener('load', ok, {once: true});
                                      img.addEventListener('error', fail, {once: true}); })))""")


@pytest.fixture
def app(make_app):
    """The test's app with CSRF on; its app context is the test's, for factories and asserts."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
        db.session.remove()


def buffered(wsgi_app):
    """Read each response fully, and close it, before the server writes it.

    werkzeug's development server reads the rest of the request after the response and only then
    closes the response; when the browser has reset the connection that read raises, and a static
    file (the favicon) is left open (a ResourceWarning, an error under this suite's warning rules).
    The app streams nothing, so buffering changes nothing else.
    """
    def app(environ, start_response):
        iterable = wsgi_app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return app


@pytest.fixture
def live_server(app):
    """Serve `app` on a free loopback port in a daemon thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        service_unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Open further browser contexts (e.g. an anonymous visitor); all are closed after the test.

    Depends on live_server so the contexts close, and drop their keep-alive
    connections, before the server shuts down.
    """
    contexts = []
    violations = []

    def watch(page):
        page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)

    def factory(**options):
        options = {"locale": "nl-NL", "timezone_id": "Europe/Amsterdam", "viewport": DESKTOP,
                   "base_url": live_server} | options
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(30_000)  # a loaded CI machine serves a first page slowly
        context.on("page", watch)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()
    # The pages' scripts, styles and sockets all work under the strict Content-Security-Policy.
    assert violations == []


@pytest.fixture
def page(new_context):
    """A page in a fresh context (nl-NL, Europe/Amsterdam, 1200px wide) per test."""
    return new_context().new_page()


@pytest.fixture
def shoot(tmp_path):
    """Full-page screenshots into the test's tmp dir; `publish=` also writes docs/screenshots/
    when UPDATE_SCREENSHOTS=1 (from a desktop-sized page). On a phone-sized page every screenshot also
    checks that nothing scrolls sideways."""
    taken = []

    def screenshot(page, name: str, publish: str | None = None) -> Path:
        path = tmp_path / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        phone = page.viewport_size and page.viewport_size["width"] <= PHONE_MAX_WIDTH
        if phone:
            assert scrolls_sideways(page) <= 0, f"{name}: {page.url} scrolls sideways on a phone ({path})"
        if publish and UPDATE_SCREENSHOTS and not phone:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT_DIR / publish), full_page=True)
        return path

    screenshot.taken = taken
    return screenshot


def log_in(page, email: str, password: str = "correct horse battery") -> None:
    """Log in through the real forms, typing the authenticator code when the second step asks for it."""
    from playwright.sync_api import expect

    from accounts.services import find_user
    from tests.conftest import unused_totp_code

    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form.stack [type=submit]").first.click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    if page.url.endswith("/login/code"):
        page.locator("#code").fill(unused_totp_code(find_user(email)))
        page.locator("main form.stack [type=submit]").click()
    expect(page.locator("form[action$='/logout']")).to_have_count(1)
