"""Writes example.ipynb, clean (no outputs), from the cells below; with ``--render``, also
its rendered form for the docs site, example.md (and its figures in example_files/).

The notebook is generated so that it stays reviewable: edit the cells here, run
``python docs/notebooks/make_example.py --render`` (needs the ``notebook`` extra, with
nbconvert), and commit the files. ``tests/test_notebook.py`` checks that the stored
notebook is exactly what this script writes, runs it, and checks that example.md holds
every cell of it; the docs site shows example.md, built offline (nothing runs at build time).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "example.ipynb"
RENDERED = HERE / "example.md"
FIGURES = "example_files"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# rallyrules in a notebook: the Cần Thơ 2023 rally waves

The bundled rule pack (Kế hoạch 38/KH-BCĐ) evaluated on the bundled data: the result, a table
of every decision (`to_dataframe`, typed columns), one decision explained clause by clause,
where the 10%/5% caps bite, the funnel from enrolments to proposals, why enrolments were not
counted, progress against quota per district and wave, and how a cap chose among the eligible.

Run it from a checkout with `pip install -e '.[tables,charts,notebook]'`.""",
    ),
    (
        "code",
        """%matplotlib inline
from pathlib import Path

import attrs
import pandas as pd

import rallyrules
from rallyrules import charts
from rallyrules.export import to_dataframe

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
        "## Every decision as a table\n\nOne row per subject, round and rule: the facts decided on, the outcome, the cap's "
        "selection and why not. Column names are stable English ids; whole numbers are integers, missing values `<NA>`.",
    ),
    (
        "code",
        """df = to_dataframe(result, lang="vi")
df[["round", "subject_id", "subject_name", "rule_id", "quota", "counted", "outcome", "selection", "rank", "cap", "needed"]].head(12)""",
    ),
    ("code", """df[["wave", "quota", "counted", "rank", "cap", "needed"]].dtypes"""),
    (
        "code",
        """# Outcomes of the award rules per round
awards = df[df["award"].notna()]
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
        "## Where the caps bite\n\nPer round, awarding authority and kind: the eligible, the cap (rate × base, rounded down) "
        "and the selected. A district has under 20 individuals, so 5% of them allows none: no district individual can "
        "receive a Giấy khen, however many are eligible (the red ticks at 0).",
    ),
    (
        "code",
        """units = pd.read_csv(ROOT / "fixtures" / "can-tho-2023" / "admin-units.csv", dtype=str)
district_names = dict(zip(units["district_code"], units["district"]))
charts.caps_chart(result, "vi", pack=pack, unit_names=district_names)""",
    ),
    ("markdown", "## From enrolments to proposals\n\nThe enrolments counted, then per round the subjects considered, eligible and selected."),
    ("code", """charts.funnel_chart(result, "vi", pack=pack)"""),
    ("code", """charts.exclusions_chart(result, "vi")"""),
    (
        "markdown",
        "## Progress against quota\n\nThe district-level collectives of each district, counted and quota added up, per wave.",
    ),
    ("code", """charts.progress_chart(result, names=district_names, lang="vi")"""),
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


def render() -> None:
    """Run the notebook and write its rendered form (Markdown and PNG figures) for the site."""
    from nbclient import NotebookClient
    from nbconvert import MarkdownExporter

    nb = build()
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(HERE)}}).execute()
    body, resources = MarkdownExporter().from_notebook_node(nb, resources={"output_files_dir": FIGURES})
    folder = HERE / FIGURES
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    for name, content in resources["outputs"].items():
        (HERE / name).write_bytes(content)
    note = (
        "<!-- Generated by docs/notebooks/make_example.py --render from example.ipynb: edit the script, not this file. -->\n\n"
    )
    RENDERED.write_text(note + body.strip() + "\n", encoding="utf-8")
    print(f"wrote {RENDERED} and {len(resources['outputs'])} figures")


def main() -> None:
    NOTEBOOK.write_text(nbformat.writes(build()), encoding="utf-8")
    print(f"wrote {NOTEBOOK}")
    if "--render" in sys.argv[1:]:
        render()


if __name__ == "__main__":
    main()
