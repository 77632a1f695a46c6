"""The pack's documents: block (what the office documents need beyond the rules), loaded
strictly: each mistake one clear problem with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import rallyrules as rr

from .conftest import PACK_DIR


def pack_with(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    path = target / "documents.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return target


def test_the_bundled_block_loads(pack: rr.RulePack) -> None:
    docs = pack.documents
    assert docs.plan_kind == "Kế hoạch" and docs.unit_fallback == rr.Text("quận, huyện {code}", "district {code}")
    assert [(f.award, f.authority) for f in docs.proposals] == [
        ("giay-khen", "giam-doc-bhxh-tp"), ("giay-khen", "chu-tich-ubnd-huyen"), ("bang-khen", "chu-tich-ubnd-tp"),
    ]  # fmt: skip
    form = docs.form_for("giay-khen", "chu-tich-ubnd-huyen")
    assert (
        form is not None
        and form.recipient == "Chủ tịch Ủy ban nhân dân {unit}"
        and form.signer == ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    )
    assert docs.form_for("bang-khen", "giam-doc-bhxh-tp") is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('      recipient: "Chủ tịch Ủy ban nhân dân {unit}"', '      recipient: "Chủ tịch Ủy ban nhân dân {units}"',
         "unknown placeholder {units}"),
        ('      recipient: "Chủ tịch Ủy ban nhân dân thành phố Cần Thơ"', '      recipient: "Chủ tịch Ủy ban nhân dân {unit}"',
         "unknown placeholder {unit}"),  # the city chairman has no area
        ('      number: "……/TTr-BHXH"', '      number: "……/TTr-{BHXH"', "a brace that opens or closes no placeholder"),
        ("    - award: bang-khen\n      authority: chu-tich-ubnd-tp", "    - award: bang-khen\n      authority: chu-tich-ubnd-huyen",
         "award 'bang-khen' is not given by 'chu-tich-ubnd-huyen'"),
        ("    - award: bang-khen\n", "    - award: bang-khenn\n", "unknown award 'bang-khenn'"),
        ("  plan_kind: \"Kế hoạch\"\n", "  plan_kind: \"Kế hoạch\"\n  wording:\n    office.ttr.titel: \"X\"\n",
         "no office text 'office.ttr.titel' to override. Did you mean 'office.ttr.title'?"),
        ("  plan_kind: \"Kế hoạch\"\n", "  plan_kind: \"Kế hoạch\"\n  wording:\n    office.ttr.closing: \"Kính trình {recipient} {who}./.\"\n",
         "unknown placeholder {who}"),
        ("    - award: bang-khen\n", "    - award: giay-khen\n      authority: giam-doc-bhxh-tp\n      parent_body: A\n      issuing_body: B\n"
         "      issuer: C\n      number: D\n      place: E\n      recipient: F\n    - award: bang-khen\n",
         "a second form for award 'giay-khen' and authority 'giam-doc-bhxh-tp'"),
        ("      signer: [\"GIÁM ĐỐC\"]", "      signer: [\"GIÁM ĐỐC\"]\n      signed_by: X", "unknown key 'signed_by'"),
    ],
)  # fmt: skip
def test_each_mistake_is_one_problem_with_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(pack_with(tmp_path, old, new))
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert message in problems[0].message and problems[0].path.endswith("documents.yaml") and problems[0].line


def test_a_pack_may_have_no_documents_block(tmp_path: Path) -> None:
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    (target / "documents.yaml").unlink()
    assert rr.load_rule_pack(target).documents == rr.OfficeDocuments()
