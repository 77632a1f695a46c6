"""rallyrules: a government policy as rules declared as data, evaluated by a rules engine.

The public API is exactly the names in ``__all__``::

    import rallyrules

    pack = rallyrules.load_rule_pack("rules/<pack>")
    data = rallyrules.load_dataset("fixtures/<pack>")
    result = rallyrules.evaluate(pack, data)        # durable_rules where it imports
    for decision in result.for_wave(1):
        print(decision.explain())

Everything else (modules starting with ``_``) is private and may change.
"""

from ._validation import load_rule_pack, parse_rate, rule_pack_schema
from .consistency import consistency_findings
from .count import Counting, Exclusion, ExclusionReason, count_enrolments
from .dataset import Checked, Dataset, check_dataset, load_dataset
from .decisions import AwardInfo, ConditionResult, Decision, Finding, Outcome
from .errors import CompileError, DataError, EngineError, Problem, RallyRulesError, RulePackError
from .evaluation import EngineChoice, Evaluation, Receipt, evaluate, inputs_digest, subject_facts
from .facts import (
    Attestation,
    CollectiveWave,
    Enrolment,
    IndividualWave,
    Quota,
    RosterCheck,
    RosterLine,
    Subject,
    SubjectYear,
    Submission,
    SubmissionCheck,
    TargetResult,
)
from .model import (
    Authority,
    Award,
    Cap,
    Citation,
    Condition,
    CountingPolicy,
    Deadline,
    Document,
    FactLabels,
    FieldLabel,
    Fund,
    Grant,
    Indicator,
    Interpretation,
    Level,
    Occasion,
    OfficeDocuments,
    Parameter,
    ProposalForm,
    RankKey,
    Ratio,
    RatioLabel,
    RosterRole,
    Rule,
    RulePack,
    Scheme,
    Targets,
    Text,
    ValueLabel,
    Wave,
)
from .selection import Selection, SelectionStatus

__version__ = "0.1.0"


def _qualify_reprs() -> None:
    # Public attrs values print as rallyrules.X(...); the five with reprs of their own
    # (they summarise large contents) keep them.
    import attrs as _attrs

    from ._repr import qualify_repr

    own = {RulePack, Dataset, Counting, Decision, Evaluation}
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and _attrs.has(obj) and obj not in own:
            qualify_repr(obj)


__all__ = [
    "Attestation",
    "Authority",
    "Award",
    "AwardInfo",
    "Cap",
    "Checked",
    "Citation",
    "CollectiveWave",
    "CompileError",
    "Condition",
    "ConditionResult",
    "Counting",
    "CountingPolicy",
    "DataError",
    "Dataset",
    "Deadline",
    "Decision",
    "Document",
    "EngineChoice",
    "EngineError",
    "Enrolment",
    "Evaluation",
    "Exclusion",
    "ExclusionReason",
    "FactLabels",
    "FieldLabel",
    "Finding",
    "Fund",
    "Grant",
    "Indicator",
    "IndividualWave",
    "Interpretation",
    "Level",
    "Occasion",
    "OfficeDocuments",
    "Outcome",
    "Parameter",
    "Problem",
    "ProposalForm",
    "Quota",
    "RallyRulesError",
    "RankKey",
    "Ratio",
    "RatioLabel",
    "Receipt",
    "RosterCheck",
    "RosterLine",
    "RosterRole",
    "Rule",
    "RulePack",
    "RulePackError",
    "Scheme",
    "Selection",
    "SelectionStatus",
    "Subject",
    "SubjectYear",
    "Submission",
    "SubmissionCheck",
    "TargetResult",
    "Targets",
    "Text",
    "ValueLabel",
    "Wave",
    "__version__",
    "check_dataset",
    "consistency_findings",
    "count_enrolments",
    "evaluate",
    "inputs_digest",
    "load_dataset",
    "load_rule_pack",
    "parse_rate",
    "rule_pack_schema",
    "subject_facts",
]

_qualify_reprs()
