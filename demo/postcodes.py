"""The demo's postcode table: GENERATED for Waalwijk and Loon op Zand, not CBS's.

Real Waalwijk postcode areas (5141-5146 Waalwijk, 5161-5162 Sprang-Capelle, 5165 Waspik) with made-up
letters, house numbers and buurt codes, so that "find my wijk by postcode" works in the demo without CBS's
national file. The lookup says so (`demo: true` in the API, a note on the home page). A real site imports
CBS's table with `flask wijken import-postcodes`.
"""
from wijken.buurten import save_buurten
from wijken.postcodes import Address, demo_postcode, lookup_known, postcodes_loaded, replace_postcodes

# CBS wijk code -> (buurt number, name, postcode areas of 4 digits); the buurt codes are invented.
BUURTEN = {
    "WK086700": [(0, "Centrum", ["5141"]), (1, "Besoijen", ["5142"]), (2, "Baardwijk", ["5143"]),
                 (3, "Zanddonk", ["5144"]), (4, "De Els", ["5145"]), (5, "Landgoed Driessen", ["5146"])],
    "WK086701": [(0, "Sprang", ["5161"]), (1, "Capelle", ["5162"])],
    "WK086702": [(0, "Waspik", ["5165"])],
    # Loon op Zand (demo/loon_op_zand.py): 5171-5172 Kaatsheuvel, 5175 Loon op Zand, 5176 De Moer.
    "WK080910": [(0, "Kaatsheuvel-West", ["5171"])],
    "WK080920": [(0, "Kaatsheuvel-Oost", ["5172"])],
    "WK080930": [(0, "Loon op Zand", ["5175"])],
    "WK080940": [(0, "De Moer", ["5176"])],
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


LAST = "5176" + LETTERS[-1]  # a demo table without it is from before Loon op Zand


def load_demo_postcodes() -> None:
    """The demo buurten and postcode table, unless CBS's table or the whole demo table is there."""
    if postcodes_loaded() and (demo_postcode() is None or lookup_known(LAST)):
        return
    save_buurten([(buurt_code(wijk, number), name) for wijk, buurten in BUURTEN.items()
                  for number, name, _areas in buurten])
    replace_postcodes(addresses(), demo=True)
