"""The API shapes of surveys, phases, raw answers and officer entries (docs/api.md "Surveys"); participation.schemas
builds the participation's shapes with them. The services read the same fields with the rules of
participation.surveys, so these document what they accept."""
from typing import Any

from pydantic import Field

from core.schemas import Choice, Schema, Text, Timestamp, WholeNumber, YesNo

from .levels import ORIGINS
from .phases import PHASE_TITLE_MAX
from .surveys import (
    CHOICES_MAX,
    END_LABEL_MAX,
    HELP_MAX,
    INTRO_MAX,
    KINDS,
    LABEL_MAX,
    QUESTION_MAX,
    ROWS_MAX,
    SECTION_TITLE_MAX,
    SECTIONS_MAX,
)


class Condition(Schema):
    question: str = Field(description="The key of a single or multiple choice question of an earlier section.")
    options: list[int] = Field(min_length=1, description="Its option numbers (from 0) after which this is asked.")


class QuestionIn(Schema):
    key: str = Field(None, pattern=r"^[a-z][a-z0-9_]{0,31}$", description="Default: q1, q2, ... by position.")
    kind: Choice(KINDS, required=True)
    text: Text(QUESTION_MAX, required=True)
    help: Text(HELP_MAX) = None
    required: YesNo = False
    options: list[Text(LABEL_MAX, required=True)] = Field(
        None, min_length=2, max_length=CHOICES_MAX, description="single, multiple, ranking: the options; matrix: "
                                                                "the columns.")
    rows: list[Text(LABEL_MAX, required=True)] = Field(None, min_length=1, max_length=ROWS_MAX,
                                                       description="matrix: the statements.")
    max_choices: WholeNumber(1, CHOICES_MAX, description="multiple: at most this many.") = None
    scale_max: int = Field(5, description="scale: 5 or 10 (from 1).")
    low_label: Text(END_LABEL_MAX, description="scale: what 1 means.") = None
    high_label: Text(END_LABEL_MAX, description="scale: what the highest number means.") = None
    show_if: Condition = None


class SectionIn(Schema):
    title: Text(SECTION_TITLE_MAX, required=True)
    intro: Text(INTRO_MAX, multiline=True) = None
    questions: list[QuestionIn] = Field(min_length=1)


class SurveyDefinitionIn(Schema):
    sections: list[SectionIn] = Field(min_length=1, max_length=SECTIONS_MAX)


class Question(Schema):
    key: str
    kind: Choice(KINDS)
    text: str
    help: str
    required: bool
    show_if: Condition | None
    options: list[str] = None
    rows: list[str] = None
    max_choices: int | None = None
    scale_max: int = None
    low_label: str = None
    high_label: str = None


class Section(Schema):
    title: str
    intro: str
    questions: list[Question]


class SurveyDefinition(Schema):
    sections: list[Section]


class PhaseIn(Schema):
    title: Text(PHASE_TITLE_MAX, required=True)
    starts_on: str = Field(None, json_schema_extra={"format": "date"})
    ends_on: str = Field(None, json_schema_extra={"format": "date"})


class PhaseOut(Schema):
    title: str
    starts_on: str | None
    ends_on: str | None


class AnswersBody(Schema):
    answers: dict[str, Any] = Field(None, description="Survey: answers by question key (see docs/api.md).")
    submit: YesNo = Field(None, description="Survey: true submits (once); false or absent saves a draft.")


class MyAnswers(Schema):
    answers: dict[str, Any]
    submitted: bool
    updated_at: Timestamp | None


class Bar(Schema):
    label: str
    count: int = Field(ge=0, description="Answers; for a ranking, points (n-1 for a first place down to 0).")


class MatrixRow(Schema):
    label: str
    bars: list[Bar]


class QuestionResult(Schema):
    key: str
    kind: Choice(KINDS)
    text: str
    answered: int = Field(ge=0)
    bars: list[Bar]
    rows: list[MatrixRow] | None = Field(description="A matrix: bars per statement.")
    published: list[str] | None = Field(description="Open text: only the answers the owner published.")


class RawAnswer(Schema):
    id: int
    respondent: str | None = Field(description="Named: the name; pseudonymous: a code; anonymous or paper: null.")
    origin: Choice(ORIGINS)
    submitted_on: str | None = Field(description="The day (anonymous: null).")
    answers: dict[str, Any]


class RawAnswers(Schema):
    identity: str
    items: list[RawAnswer]


class PublishAnswer(Schema):
    response_id: int
    question: str = Field(description="The key of an open-text question.")


class PublishedAnswer(Schema):
    id: int
    comment_id: int | None
    text: str
