"""The markup pipeline: Markdown, the allowlist cleaner, links, and phone numbers as tel: links."""
import pytest

from core.markup import render_markdown


@pytest.mark.parametrize(("source", "html"), [
    ("Bel direct **112**.", '<p>Bel direct <strong><a href="tel:112">112</a></strong>.</p>'),
    ("Tips: 0900-8844 of 0800 7000.",
     '<p>Tips: <a href="tel:09008844">0900-8844</a> of <a href="tel:08007000">0800 7000</a>.</p>'),
    ("Gemeente: 14 0416, mobiel +31 6 1234 5678",
     '<p>Gemeente: <a href="tel:140416">14 0416</a>, mobiel <a href="tel:+31612345678">+31 6 1234 5678</a></p>'),
    ("112 bezoekers, postcode 5141 AB, 12-03-2026, 11.20 uur", "<p>112 bezoekers, postcode 5141 AB, 12-03-2026, "
                                                             "11.20 uur</p>"),
    ("[site](https://x.nl/0900-8844) en `0416-683456`",
     '<p><a href="https://x.nl/0900-8844" rel="nofollow noopener ugc">site</a> en <code>0416-683456</code></p>'),
    ("<script>0416-683456</script>", '<p>&lt;script&gt;<a href="tel:0416683456">0416-683456</a>&lt;/script&gt;</p>'),
    ("[bel ons](tel:0416683456)", '<p><a href="tel:0416683456" rel="nofollow noopener ugc">bel ons</a></p>'),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
])
def test_phone_numbers_become_tel_links_and_nothing_else_does(source, html):
    assert render_markdown(source) == html


def test_plain_text_is_escaped_and_its_phone_numbers_call():
    from core.markup import plain_text_with_phone_links
    assert plain_text_with_phone_links("<b>Wijkagent</b>: 0900-8844") == (
        '&lt;b&gt;Wijkagent&lt;/b&gt;: <a href="tel:09008844">0900-8844</a>')
