"""Documents and files made from an evaluation, for the people who read them.

- :mod:`rallyrules.outputs.office`: the proposals an office files — per round and awarding
  authority, a Tờ trình and its Danh sách đề nghị khen thưởng, as .docx and .xlsx;
- :mod:`rallyrules.outputs.review`: the review workbook for the committee (every subject
  of every round, with reasons, ranks and caps; checks; the exclusion ledger);
- :mod:`rallyrules.outputs.html`: the HTML report, a self-contained page.

Nothing below ``rallyrules.outputs`` is imported by the rest of the library. The office
formats need the ``office`` extra: ``pip install 'rallyrules[office]'``.
"""

from .office import PROPOSAL_FORMATS, Proposal, proposal_docx, proposal_xlsx, proposals, write_proposals
from .review import review_xlsx, write_review

__all__ = [
    "PROPOSAL_FORMATS",
    "Proposal",
    "proposal_docx",
    "proposal_xlsx",
    "proposals",
    "review_xlsx",
    "write_proposals",
    "write_review",
]
