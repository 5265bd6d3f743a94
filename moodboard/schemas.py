"""API shapes of the moodboard: pins, dots, flags and the drawing."""
from typing import Annotated

from pydantic import Field, WithJsonSchema

from accounts.schemas import UserBrief
from core.schemas import Choice, Schema, Text, Timestamp, WholeNumber, YesNo
from moderation.models import FLAG_REASONS, FLAG_TEXT_MAX

from .models import ALT_MAX, CAPTION_MAX, PIN_STATUSES

Binary = Annotated[bytes, WithJsonSchema({"type": "string", "format": "binary"})]
IMAGE_DOC = ("JPEG, PNG, WebP or HEIC, at most 10 MB and 40 megapixels; decoded and encoded again, without "
             "metadata (see docs/media.md).")


class Size(Schema):
    width: int
    height: int
    url: str


class PinImage(Schema):
    alt: str
    width: int
    height: int
    sizes: list[Size] = Field(description="Smallest first. Served to who may see the pin.")


class Category(Schema):
    id: int
    label: str


class Pin(Schema):
    id: int
    participation_id: int
    author: UserBrief | None = Field(description="Null when the participation's identity is not `named`.")
    caption: str
    category: Category | None
    image: PinImage | None
    x: float | None = Field(description="A point on the design drawing, 0 (left) to 1; null for none.")
    y: float | None = Field(description="0 (top) to 1.")
    status: Choice(PIN_STATUSES)
    dots: int | None = Field(description="Null while the results are not visible to the caller.")
    created_at: Timestamp


class PinPage(Schema):
    items: list[Pin]
    next: int | None = Field(description="Pass as `before` for the next page.")


class PinCreate(Schema):
    model_config = {"json_schema_extra": {"description": "A comment on a point of the drawing (x, y) as JSON; "
                                                         "with an image as multipart/form-data."}}
    caption: Text(CAPTION_MAX, required=True, multiline=True)
    category: WholeNumber(1, 2**31 - 1) = None
    x: float | None = Field(None, ge=0, le=1)
    y: float | None = Field(None, ge=0, le=1)
    anyway: YesNo = Field(None, description="Pin even when it looks like an image already on the board (409 "
                                            "`similar_pins` otherwise, naming them in `error.fields.similar`).")


class PinCreateWithImage(PinCreate):
    model_config = {"json_schema_extra": {"description": IMAGE_DOC}}
    image: Binary
    alt: Text(ALT_MAX, required=True) = Field(description="What the image shows (required with an image).")


class DotsRequest(Schema):
    count: WholeNumber(0, 20, required=True) = Field(description="How many of your dots on this pin (0 takes "
                                                                  "them off; at most the board's max_per_pin).")


class DotsResult(Schema):
    pin_id: int
    mine: int
    dot_count: int
    dots_left: int


class PinFlagRequest(Schema):
    reason: Choice(FLAG_REASONS, required=True)
    text: Text(FLAG_TEXT_MAX, multiline=True) = None


class DrawingUpload(Schema):
    model_config = {"json_schema_extra": {"description": IMAGE_DOC}}
    image: Binary
    alt: Text(ALT_MAX, required=True)


class Drawing(Schema):
    alt: str
    width: int
    height: int
    sizes: list[Size]
