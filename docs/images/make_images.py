"""Render the office documents of the bundled season to the pictures under docs/images/.

    python docs/images/make_images.py      # needs LibreOffice and poppler (see docs/office-documents.md)

The documents are rendered as a Vietnamese office's computer would show them (LibreOffice in
the vi-VN locale, so Excel's number formats show 39.779 and 98,18%), with the districts named
from the bundled administrative units (fixtures/can-tho-2023/admin-units.csv), as `report`
will once the data set carries that table. Prints the page count of every document.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import rallyrules as rr  # noqa: E402
from rallyrules.outputs import office  # noqa: E402

HERE = Path(__file__).resolve().parent
PICTURES = {
    # (round, authority, scope, format, page) -> picture
    ("wave-1", "chu-tich-ubnd-huyen", "916", "docx", 1): "proposal-wave-1-916-page-1.png",
    ("wave-1", "chu-tich-ubnd-huyen", "916", "docx", 2): "proposal-wave-1-916-page-2.png",
    ("wave-1", "chu-tich-ubnd-huyen", "916", "xlsx", 1): "proposal-wave-1-916-xlsx-page-1.png",
    ("after-waves", "chu-tich-ubnd-tp", None, "docx", 2): "proposal-after-waves-bang-khen-page-2.png",
}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    pack = rr.load_rule_pack(ROOT / "rules" / "can-tho-2023")
    data = rr.load_dataset(ROOT / "fixtures" / "can-tho-2023")
    result = rr.evaluate(pack, data, engine="python", evaluated_at=dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC))
    with (ROOT / "fixtures" / "can-tho-2023" / "admin-units.csv").open(encoding="utf-8") as f:
        names = {row["district_code"]: row["district"] for row in csv.DictReader(f)}
    work = Path(tempfile.mkdtemp(prefix="rallyrules-images-"))
    env = {**os.environ, "LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"}
    profile = (work / "profile").as_uri()
    for proposal in office.proposals(result, pack, data, unit_names=names):
        for fmt in ("docx", "xlsx"):
            folder = work / fmt
            folder.mkdir(exist_ok=True)
            document = folder / f"{proposal.file_stem}.{fmt}"
            document.write_bytes(office.proposal_docx(proposal) if fmt == "docx" else office.proposal_xlsx(proposal))
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(document)],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
            pdf = folder / f"{proposal.file_stem}.pdf"
            print(f"{pages(pdf)} page(s)  {document.name}")
            for (round_id, authority, scope, kind, page), picture in PICTURES.items():
                if (proposal.round, proposal.authority, proposal.scope, fmt) == (round_id, authority, scope, kind):
                    stem = work / picture.removesuffix(".png")
                    subprocess.run(
                        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                        check=True,
                    )
                    shutil.copyfile(f"{stem}.png", HERE / picture)
                    print(f"    -> docs/images/{picture}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
