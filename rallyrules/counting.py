"""The counting's public names, kept here for code written against rallyrules 0.1 before
counting moved to :mod:`rallyrules.count` (one columnar pass; see there)."""

from .count import Counting, Exclusion, ExclusionReason, count_enrolments

__all__ = ["Counting", "Exclusion", "ExclusionReason", "count_enrolments"]
