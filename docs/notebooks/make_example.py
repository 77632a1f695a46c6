"""Writes example.ipynb, clean (no outputs), from the cells below.

The notebook is generated so that it stays reviewable: edit the cells here, run
``python docs/notebooks/make_example.py``, and commit both files. ``tests/test_notebook.py``
checks that the stored notebook is exactly what this script writes, then runs it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "example.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# rallyrules in a notebook: the Cần Thơ 2023 rally waves

The bundled rule pack (Kế hoạch 38/KH-BCĐ) evaluated on the bundled data: the result, a table
of every decision, one decision explained clause by clause, progress against quota per district
and wave, and how a cap chose among the eligible.

Run it from a checkout with `pip install -e '.[charts,notebook]'`.""",
    ),
    (
        "code",
        """%matplotlib inline
from pathlib import Path

import attrs
import pandas as pd

import rallyrules
from rallyrules import charts
from rallyrules.reports import decision_rows

# The repository root: the nearest folder up from here holding the bundled rules,
# so the notebook runs from docs/notebooks/, the repository root or anywhere between.
ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "rules" / "can-tho-2023").is_dir())""",
    ),
    ("markdown", "## Evaluate\n\nLoading checks every rule file and record; `evaluate` uses durable_rules where it imports."),
    (
        "code",
        """pack = rallyrules.load_rule_pack(ROOT / "rules" / "can-tho-2023")
data = rallyrules.load_dataset(ROOT / "fixtures" / "can-tho-2023")
result = rallyrules.evaluate(pack, data)
result""",
    ),
    (
        "markdown",
        "## Every decision as a table\n\nOne row per subject, round and rule: the facts decided on, the outcome, the cap's selection and why not.",
    ),
    (
        "code",
        """df = pd.DataFrame(decision_rows(result))
df[["round", "subject_id", "subject_name", "rule_id", "quota", "counted", "outcome", "selection", "rank", "cap", "needed"]].head(12)""",
    ),
    (
        "code",
        """# Outcomes of the award rules per round
awards = df[df["award"] != ""]
pd.crosstab([awards["round"], awards["rule_id"]], awards["outcome"])""",
    ),
    ("markdown", "## One decision, explained (in Vietnamese)\n\nEligible in wave 1, but not selected: the district's cap allows one certificate."),
    (
        "code",
        """decision = next(d for d in result.for_subject("BCD-31117") if d.round == "wave-1")
print(decision.explain("vi"))""",
    ),
    (
        "markdown",
        "## Progress against quota\n\nThe district-level collectives of each district, counted and quota added up, per wave.",
    ),
    (
        "code",
        """units = pd.read_csv(ROOT / "fixtures" / "can-tho-2023" / "admin-units.csv", dtype=str)
district_names = dict(zip(units["district_code"], units["district"]))
charts.progress_chart(result, names=district_names, lang="vi")""",
    ),
    (
        "markdown",
        "## Caps\n\nEvery capped group of wave 1: maximum = rate × base, rounded down, against the number eligible.",
    ),
    ("code", """pd.DataFrame([attrs.asdict(group) for group in charts.cap_groups(result, "wave-1")])"""),
    (
        "code",
        """charts.cap_chart(result, "wave-1", "wave-1 · Chủ tịch UBND quận, huyện 916", kind="collective", lang="vi")""",
    ),
]


def build() -> NotebookNode:
    """The notebook, without outputs; cell ids numbered so regenerating changes nothing."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for number, (kind, source) in enumerate(CELLS, 1):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell.id = f"cell-{number:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def main() -> None:
    NOTEBOOK.write_text(nbformat.writes(build()), encoding="utf-8")
    print(f"wrote {NOTEBOOK}")


if __name__ == "__main__":
    main()
