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

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:  # what type checkers and editors see; at run time names load when first used
    from ._validation import load_rule_pack, parse_rate, rule_pack_schema
    from .consistency import consistency_findings
    from .count import Counting, Exclusion, ExclusionReason, count_enrolments
    from .dataset import Checked, Dataset, check_dataset, load_dataset
    from .decisions import AwardInfo, ConditionResult, Decision, Finding, Outcome
    from .errors import CompileError, DataError, EngineError, Problem, RallyRulesError, ResultError, RulePackError
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
        Alternative,
        Authority,
        Award,
        Cap,
        Change,
        Citation,
        Condition,
        CountingPolicy,
        Deadline,
        Document,
        ExclusionSource,
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
    from .weigh import AlternativeWeight, Flip, RoundCount, Weights, format_weights, weigh_interpretations

#: Each public name and the module it comes from: ``import rallyrules`` imports nothing else,
#: and a name loads its module when first used (PEP 562), so a command pays only for what it uses.
_WHERE: dict[str, str] = {
    "load_rule_pack": "._validation",
    "parse_rate": "._validation",
    "rule_pack_schema": "._validation",
    "consistency_findings": ".consistency",
    "Counting": ".count",
    "Exclusion": ".count",
    "ExclusionReason": ".count",
    "count_enrolments": ".count",
    "Checked": ".dataset",
    "Dataset": ".dataset",
    "check_dataset": ".dataset",
    "load_dataset": ".dataset",
    "AwardInfo": ".decisions",
    "ConditionResult": ".decisions",
    "Decision": ".decisions",
    "Finding": ".decisions",
    "Outcome": ".decisions",
    "CompileError": ".errors",
    "DataError": ".errors",
    "EngineError": ".errors",
    "Problem": ".errors",
    "RallyRulesError": ".errors",
    "ResultError": ".errors",
    "RulePackError": ".errors",
    "EngineChoice": ".evaluation",
    "Evaluation": ".evaluation",
    "Receipt": ".evaluation",
    "evaluate": ".evaluation",
    "inputs_digest": ".evaluation",
    "subject_facts": ".evaluation",
    "Attestation": ".facts",
    "CollectiveWave": ".facts",
    "Enrolment": ".facts",
    "IndividualWave": ".facts",
    "Quota": ".facts",
    "RosterCheck": ".facts",
    "RosterLine": ".facts",
    "Subject": ".facts",
    "SubjectYear": ".facts",
    "Submission": ".facts",
    "SubmissionCheck": ".facts",
    "TargetResult": ".facts",
    "Authority": ".model",
    "Award": ".model",
    "Cap": ".model",
    "Citation": ".model",
    "Condition": ".model",
    "CountingPolicy": ".model",
    "Deadline": ".model",
    "Document": ".model",
    "FactLabels": ".model",
    "FieldLabel": ".model",
    "Fund": ".model",
    "Grant": ".model",
    "Indicator": ".model",
    "Interpretation": ".model",
    "Level": ".model",
    "Occasion": ".model",
    "OfficeDocuments": ".model",
    "Parameter": ".model",
    "ProposalForm": ".model",
    "RankKey": ".model",
    "Ratio": ".model",
    "RatioLabel": ".model",
    "RosterRole": ".model",
    "Rule": ".model",
    "RulePack": ".model",
    "Scheme": ".model",
    "Targets": ".model",
    "Text": ".model",
    "ValueLabel": ".model",
    "Wave": ".model",
    "Selection": ".selection",
    "SelectionStatus": ".selection",
    "Alternative": ".model",
    "Change": ".model",
    "ExclusionSource": ".model",
    "AlternativeWeight": ".weigh",
    "Flip": ".weigh",
    "RoundCount": ".weigh",
    "Weights": ".weigh",
    "format_weights": ".weigh",
    "weigh_interpretations": ".weigh",
}
#: Public values with reprs of their own (they summarise large contents).
_OWN_REPR = {"RulePack", "Dataset", "Counting", "Decision", "Evaluation"}


def __getattr__(name: str) -> _typing.Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'rallyrules' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module, __name__), name)
    if isinstance(value, type) and name not in _OWN_REPR:
        import attrs

        if attrs.has(value):
            from ._repr import qualify_repr

            qualify_repr(value)  # public attrs values print as rallyrules.X(...)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Alternative",
    "AlternativeWeight",
    "Attestation",
    "Authority",
    "Award",
    "AwardInfo",
    "Cap",
    "Change",
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
    "ExclusionSource",
    "FactLabels",
    "FieldLabel",
    "Finding",
    "Flip",
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
    "ResultError",
    "RosterCheck",
    "RosterLine",
    "RosterRole",
    "RoundCount",
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
    "Weights",
    "__version__",
    "check_dataset",
    "consistency_findings",
    "count_enrolments",
    "evaluate",
    "format_weights",
    "inputs_digest",
    "load_dataset",
    "load_rule_pack",
    "parse_rate",
    "rule_pack_schema",
    "subject_facts",
    "weigh_interpretations",
]
