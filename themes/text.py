"""Dutch text to terms: normalised, stop words out, stemmed (Snowball), with the bigrams of what is left.

Stems are what the model counts; people read words, so `Vocabulary` remembers, for every stem, how often each
surface word produced it, and `readable` turns a stem (or a bigram of stems) back into its most frequent word.
Nothing is fetched: the stop words are the list below, the stemmer is the installed snowballstemmer.
"""
import re
import unicodedata
from collections import Counter

import snowballstemmer

# Function words and the filler of neighbourhood talk ("gewoon", "even", "graag", "bedankt"): they say nothing
# about a theme. Compared after lowercasing and before stemming.
STOP_WORDS = frozenset("""
aan aangezien achter af al alle allemaal alles als alsof altijd ander andere anders beetje bedankt ben bij bijna
binnen boven daar daarna daarom dan dank dat de deze die dit doch doe doen door dus echt een eens eigen eigenlijk
elk elke en enige enkel er erg ergens even gaan gaat gedaan geen geweest gewoon graag had hadden heb hebben hebt
heeft hem hen het hier hij hoe hoeveel hoor hun ieder iedere iedereen iemand iets ik in is ja je jij jouw jullie
juist kan kon konden kun kunnen kunt laat laten maar maken meer men met mij mijn minder misschien moet moeten
mogen na naar net niet niets nog nou nu of ofwel om omdat onder ons onze ook op over overal pas per precies
reeds rond samen sinds steeds toch toen tot tussen u uit uw vaak van vanaf veel via voor vooral voordat
vrij waar waarom wanneer want waren was wat we wel welke werd werden wie wij wil willen word worden wordt zal
zelf zelfs zich zie zien zij zijn zo zoals zodat zonder zou zouden zullen zo'n zoveel
hallo hoi groet groeten vriendelijke dankjewel dankuwel bedankt alvast beste mvg ok oke okay goed heel
mee mag doet zet zetten geef geven helpen helpt ligt liggen maak maakt kijk kijken staan staat nemen neemt kom
komt komen zit zitten zeker nieuwe nieuw extra liever
""".split())

MIN_LENGTH = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_stemmer = snowballstemmer.stemmer("dutch")


def normalise(text: str) -> str:
    """Lowercase, accents kept only where Dutch spells them as separate letters (é, ë: a plain e for counting)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Vocabulary:
    """Tokenises texts into stems and bigrams, and remembers each stem's surface words."""

    def __init__(self):
        self._stems: dict[str, str | None] = {}  # surface word -> stem (None: a stop word or too short)
        self._surfaces: dict[str, Counter] = {}

    def stem(self, word: str) -> str | None:
        if word not in self._stems:
            stem = None
            if len(word) >= MIN_LENGTH and word not in STOP_WORDS:
                stem = _stemmer.stemWord(word)
                if len(stem) < MIN_LENGTH:
                    stem = None
            self._stems[word] = stem
        return self._stems[word]

    def terms(self, text: str) -> list[str]:
        """The text's stems and the bigrams of consecutive stems (stop words skipped), in order."""
        stems = []
        for word in _WORD.findall(normalise(text)):
            stem = self.stem(word)
            if stem is not None:
                stems.append(stem)
                self._surfaces.setdefault(stem, Counter())[word] += 1
        return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False) if a != b]

    def readable(self, term: str) -> str:
        """The most frequent surface word of each stem in the term (ties: the shorter, then alphabetical)."""
        return " ".join(self._word(stem) for stem in term.split(" "))

    def _word(self, stem: str) -> str:
        counts = self._surfaces.get(stem)
        if not counts:
            return stem
        return min(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
