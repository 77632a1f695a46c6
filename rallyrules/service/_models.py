"""The shapes of the API (pydantic models): what the OpenAPI document describes and what
requests are checked against before anything else happens. Records inside the tables are
not checked here: the library reads them (``Dataset.from_records``) and names every bad one."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Record = dict[str, Any]
Engine = Literal["auto", "durable", "python"]
Status = Literal["queued", "running", "succeeded", "failed", "interrupted"]
Lang = Literal["vi", "en"]


class ProblemItem(BaseModel):
    """One problem of an input, where it is: the file (``subjects.csv``, or ``subjects[3]``
    for the fourth record of a JSON table), its line (the header is line 1), the field of a
    request, the rule; and what is wrong."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    rule_id: str | None = None
    message: str


class Problem(BaseModel):
    """An error (RFC 9457, ``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="urn:rallyrules:problem:<slug>, described in docs/service.md")
    title: str
    status: int
    detail: str
    instance: str | None = None
    problems: list[ProblemItem] | None = None
    limit: str | None = Field(default=None, description="The configuration key of the limit reached")
    incident: str | None = Field(default=None, description="An incident id to quote to the operator (errors of the service)")


class Health(BaseModel):
    status: Literal["ok"]


class Version(BaseModel):
    rallyrules: str
    api: Literal["v1"]
    result_format: str
    engines: list[str]
    python: str


class Text(BaseModel):
    vi: str
    en: str


class PackCounts(BaseModel):
    rules: int
    parameters: int
    waves: int


class PackSummary(BaseModel):
    id: str
    digest: str = Field(description="SHA-256 of the pack's files, as in a result's receipt")
    title: Text
    document: dict[str, Any]


class PackListItem(PackSummary):
    counts: PackCounts


class PackList(BaseModel):
    items: list[PackListItem]


class PackDetail(PackSummary):
    """The pack's model as JSON: fractions as ``"n/d"``, dates ISO, rule files by name."""

    levels: list[dict[str, Any]]
    waves: list[dict[str, Any]]
    awards: list[dict[str, Any]]
    parameters: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    interpretations: list[dict[str, Any]] = Field(
        description="Every interpretation once (id, where, question, choice, reason) with its other readings "
        "(alternatives: id, label, reason, source) — the ids an evaluation's 'choose' takes"
    )


class ScenarioList(BaseModel):
    items: list[dict[str, Any]]


class Tables(BaseModel):
    """The tables of a data set, each a list of records keyed by the English column names
    (as ``rallyrules.Dataset.from_records`` takes them). An optional table left out is
    absent, which is not the same as empty."""

    model_config = ConfigDict(extra="forbid")
    subjects: list[Record]
    quotas: list[Record]
    enrolments: list[Record]
    attestations: list[Record] | None = None
    targets: list[Record] | None = None
    submissions: list[Record] | None = None
    rosters: list[Record] | None = None
    admin_units: list[Record] | None = Field(default=None, alias="admin-units")


class EvaluationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pack: str = Field(description="The id of a pack the service serves (GET /v1/packs)", max_length=200)
    engine: Engine = "auto"
    choose: dict[str, str] = Field(
        default_factory=dict,
        max_length=100,
        description="Other readings to evaluate under: interpretation id -> alternative id (GET /v1/packs/{id} lists "
        "them; rallyrules --choose). The result's receipt names them and its pack digest covers them.",
    )
    tables: Tables


class Links(BaseModel):
    model_config = ConfigDict(extra="allow")
    self: str


class EvaluationStatus(BaseModel):
    """What became of one evaluation. ``problem`` says why one failed or was interrupted."""

    id: str
    status: Status
    pack_id: str
    pack_digest: str
    engine_choice: Engine
    inputs_kind: Literal["records", "files"]
    rows: int | None = Field(description="Rows received (files other than CSV: counted by the worker, null here)")
    created_at: str
    started_at: str | None
    finished_at: str | None
    inputs_digest: str | None
    engine: str | None
    decisions: int | None
    problem: Problem | None
    links: Links


class EvaluationList(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    items: list[EvaluationStatus]


class DecisionPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    items: list[dict[str, Any]] = Field(description="Decisions as in the result (each with its id)")


class LogEntry(BaseModel):
    id: str
    evaluation_id: str
    decided_at: str
    subject_id: str
    round: str
    rule_id: str
    outcome: str
    selection: str | None
    pack_digest: str
    inputs_digest: str


class LogPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    items: list[LogEntry]


class Verification(BaseModel):
    confirmed: bool
    differences: list[str]
    engine: str
    pack_digest: str = Field(description="The digest of the rule pack the result was checked with (the one served)")
    inputs_digest: str = Field(description="The digest of the inputs the result was checked with")


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    pack_id: str = Field(max_length=200)
    pack_digest: str
    inputs_digest: str
    engine: str


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    subject_id: str
    round: str
    rule_id: str


class ResultIn(BaseModel):
    """A result to verify: the library checks the rest (format, counting, findings)."""

    model_config = ConfigDict(extra="allow")
    format: str
    receipt: ReceiptIn
    decisions: list[DecisionIn]


class VerificationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    result: ResultIn
    tables: Tables | None = Field(
        default=None, description="The inputs; left out, the service uses the inputs it kept with that inputs digest"
    )


class DocumentList(BaseModel):
    items: list[str]
