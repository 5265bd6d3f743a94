"""The theme pipeline on its own (texts in, themes out): planted themes found, the same texts the same themes,
readable words for stems, trends, and recognising a theme again."""
from datetime import datetime

from tests.themes.corpus import PLANTED, planted_texts
from themes.pipeline import Item, cosine, find_themes, growth, match
from themes.text import Vocabulary, normalise

END = datetime(2026, 11, 30, 12, 0)


def _items(texts, public=lambda i: True):
    return [Item(f"post:{i}", text, created, public(i)) for i, (_theme, text, created) in enumerate(texts)]


def _found(result, planted=PLANTED) -> dict[str, int]:
    """Planted theme -> how many of a found theme's top terms are its words, for the best found theme."""
    best = {}
    for name, words in planted.items():
        vocabulary = {normalise(w) for w in words.split()}
        best[name] = max((sum(term in vocabulary for term in theme.terms) for theme in result.themes), default=0)
    return best


def test_planted_themes_are_found_by_their_top_terms():
    result = find_themes(_items(planted_texts(600)), period_end=END, weeks=8)
    assert 5 <= len(result.themes) <= 15
    found = _found(result)
    assert sum(score >= 5 for score in found.values()) >= 4, (found, [t.terms for t in result.themes])
    assert sum(t.size for t in result.themes) == 600


def test_the_same_texts_give_the_same_themes():
    texts = planted_texts(300, seed=3)
    first = find_themes(_items(texts), period_end=END, weeks=8)
    second = find_themes(_items(texts), period_end=END, weeks=8)
    assert [(t.terms, t.size, t.examples, t.weights) for t in first.themes] == [
        (t.terms, t.size, t.examples, t.weights) for t in second.themes]


def test_too_few_texts_give_no_themes():
    assert find_themes(_items(planted_texts(10)), period_end=END, weeks=8).themes == []
    assert find_themes([], period_end=END, weeks=8).themes == []


def test_stems_read_as_their_most_frequent_word():
    vocabulary = Vocabulary()
    for text in ("De speeltuinen zijn dicht", "Een speeltuin", "De speeltuinen", "Bij de speeltuinen"):
        terms = vocabulary.terms(text)
    assert "de" not in " ".join(terms)  # stop words gone
    stem = terms[0]
    assert vocabulary.readable(stem) == "speeltuinen"
    assert vocabulary.readable(f"{stem} {stem}") == "speeltuinen speeltuinen"


def test_a_rising_theme_grows_most_and_examples_are_public_texts_only():
    texts = planted_texts(500, rising="afval")
    result = find_themes(_items(texts, public=lambda i: i % 2 == 0), period_end=END, weeks=8)
    top = max(result.themes, key=lambda t: t.growth)
    assert any(term in {"afval", "zwerfvuil", "container", "containers", "vuilniszakken", "glasbak"}
               for term in top.terms), top.terms
    assert top.growth > 1 and sum(top.weekly[-2:]) > sum(top.weekly[:-2])
    for theme in result.themes:
        assert len(theme.examples) == 3
        assert all(int(key.split(":")[1]) % 2 == 0 for key in theme.examples)


def test_growth_compares_the_last_two_weeks_with_the_weeks_before():
    assert growth([2, 2, 2, 2, 10, 10]) == round((10 - 2) / 3, 4)
    assert growth([5, 5, 5, 5]) == 0
    assert growth([4, 4, 0, 0]) < 0
    assert growth([3]) == 0


def test_themes_are_matched_by_the_cosine_of_their_term_weights():
    assert cosine({"a": 1.0}, {"a": 2.0}) == 1.0
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    previous = {7: {"bom": 0.8, "kapp": 0.6}, 9: {"afval": 1.0}}
    current = [{"afval": 0.9, "rommel": 0.3}, {"speeltuin": 1.0}, {"bom": 0.7, "kapp": 0.5, "snoei": 0.4}]
    assert match(previous, current, 0.6) == {0: 9, 2: 7}
    assert match(previous, current, 0.99) == {}
