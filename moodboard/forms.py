"""The moodboard's part of the participation editor (participation.editor, through the tool's `form`,
`form_values` and `read_form`): its categories one per line, the dots per person and the most on one pin. What
was typed becomes the API's `definition`, so the services check the form and the API the same way."""


def board_values(participation) -> dict:
    board = participation.board
    return {"board": {"categories": "\n".join(c.label for c in board.categories),
                      "dots_per_person": board.dots_per_person, "max_per_pin": board.max_per_pin}}


def read_board(form) -> tuple[dict, dict]:
    values = {name: form.get(f"board_{name}", "") for name in ("categories", "dots_per_person", "max_per_pin")}
    definition = {"categories": [line.strip() for line in values["categories"].splitlines() if line.strip()],
                  "dots_per_person": values["dots_per_person"].strip() or None,
                  "max_per_pin": values["max_per_pin"].strip() or None}
    return {"board": values}, definition
