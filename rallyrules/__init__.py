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
from .counting import Counting, Exclusion, ExclusionReason, count_enrolments
from .dataset import Dataset, check_dataset, load_dataset
from .decisions import ConditionResult, Decision, Outcome
from .errors import CompileError, DataError, EngineError, Problem, RallyRulesError, RulePackError
from .evaluation import EngineChoice, Evaluation, evaluate, subject_facts
from .facts import CollectiveWave, Enrolment, Quota, Subject
from .model import (
    Award,
    Citation,
    Condition,
    CountingPolicy,
    Document,
    Interpretation,
    Level,
    Parameter,
    Ratio,
    Rule,
    RulePack,
    Scheme,
    Text,
    Wave,
)

__version__ = "0.1.0"

__all__ = [
    "Award",
    "Citation",
    "CollectiveWave",
    "CompileError",
    "Condition",
    "ConditionResult",
    "Counting",
    "CountingPolicy",
    "DataError",
    "Dataset",
    "Decision",
    "Document",
    "EngineChoice",
    "EngineError",
    "Enrolment",
    "Evaluation",
    "Exclusion",
    "ExclusionReason",
    "Interpretation",
    "Level",
    "Outcome",
    "Parameter",
    "Problem",
    "Quota",
    "RallyRulesError",
    "Ratio",
    "Rule",
    "RulePack",
    "RulePackError",
    "Scheme",
    "Subject",
    "Text",
    "Wave",
    "__version__",
    "check_dataset",
    "count_enrolments",
    "evaluate",
    "load_dataset",
    "load_rule_pack",
    "parse_rate",
    "rule_pack_schema",
    "subject_facts",
]
