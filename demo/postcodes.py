"""The demo's postcode table: GENERATED for Waalwijk, not CBS's.

Real Waalwijk postcode areas (5141-5146 Waalwijk, 5161-5162 Sprang-Capelle, 5165 Waspik) with made-up
letters, house numbers and buurt codes, so that "find my wijk by postcode" works in the demo without CBS's
national file. The lookup says so (`demo: true` in the API, a note on the home page). A real site imports
CBS's table with `flask wijken import-postcodes`.
"""
from wijken.buurten import save_buurten
from wijken.postcodes import Address, postcodes_loaded, replace_postcodes

# CBS wijk code -> (buurt number, name, postcode areas of 4 digits); the buurt codes are invented.
BUURTEN = {
    "WK086700": [(0, "Centrum", ["5141"]), (1, "Besoijen", ["5142"]), (2, "Baardwijk", ["5143"]),
                 (3, "Zanddonk", ["5144"]), (4, "De Els", ["5145"]), (5, "Landgoed Driessen", ["5146"])],
    "WK086701": [(0, "Sprang", ["5161"]), (1, "Capelle", ["5162"])],
    "WK086702": [(0, "Waspik", ["5165"])],
}
LETTERS = ("AA", "AB", "AC", "AD", "BA", "BB", "CA", "CB")
NUMBERS = range(1, 61)
# One postcode whose house numbers lie in two buurten (even ones in the next buurt), as real ones do.
SPLIT = "5141CB"


def buurt_code(wijk_code: str, number: int) -> str:
    return f"BU{wijk_code[2:]}{number:02d}"


def addresses():
    for wijk_code, buurten in BUURTEN.items():
        for number, _name, areas in buurten:
            for area in areas:
                for letters in LETTERS:
                    postcode = area + letters
                    for house in NUMBERS:
                        neighbour = postcode == SPLIT and house % 2 == 0
                        code = buurt_code(wijk_code, number + 1 if neighbour else number)
                        yield Address(postcode, house, code, wijk_code)


def load_demo_postcodes() -> None:
    """The demo buurten and postcode table, unless a postcode table (the demo's or CBS's) is there."""
    if postcodes_loaded():
        return
    save_buurten([(buurt_code(wijk, number), name) for wijk, buurten in BUURTEN.items()
                  for number, name, _areas in buurten])
    replace_postcodes(addresses(), demo=True)
