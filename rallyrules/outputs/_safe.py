"""Text from the data made safe to write into office files, file names, and reproducible zips.

Every text that comes from the data (subject names, ids) passes through :func:`inert`
before a writer sees it: characters that XML 1.0 cannot hold (and that make openpyxl,
XlsxWriter and python-docx raise or write a file Excel must "repair") are shown as their
visible Unicode pictures (``\\x0b`` -> ``␋``, NUL -> ``␀``), so a name is never dropped and
a writer never crashes. That a text cannot act (a formula, a field) is the writers' part:
Excel cells are written as strings (``write_string``, with a quote prefix), Word text as
runs of text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable

__all__ = ["EXCEL_TEXT_LIMIT", "excel_text", "inert", "reproducible_zip", "slug"]

#: The longest text an Excel cell holds (Excel's specification limit).
EXCEL_TEXT_LIMIT = 32_767
# C0 controls but tab and line feed, and DEL: their Control Pictures (U+2400 block). A
# carriage return is shown too: XML would silently read it as a line feed.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)} | {0x7F: "\u2421"}
# Not characters in XML 1.0 at all: the non-characters U+FFFE/U+FFFF and lone surrogates.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def inert(text: object) -> str:
    """``text`` as a string every office format can hold, with nothing lost from sight:
    control characters as their pictures (``\\x0b`` -> ``␋``), non-characters as ``�``."""
    return _NOT_XML.sub("\ufffd", str(text).translate(_PICTURES))


def excel_text(text: object) -> str:
    """:func:`inert`, cut to what one Excel cell holds, saying how much was cut (a longer
    text is not written at all by XlsxWriter, and Excel refuses it)."""
    value = inert(text)
    if len(value) <= EXCEL_TEXT_LIMIT:
        return value
    keep = EXCEL_TEXT_LIMIT - 20  # room for the marker "… (+65,535)"
    return value[:keep] + f"… (+{len(value) - keep:,})"


def slug(text: str) -> str:
    """ASCII lower-case words joined by hyphens, for file names: ``Đợt 1`` -> ``dot-1``."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def reproducible_zip(data: bytes, moment: dt.datetime, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The zip ``data`` (an .xlsx or .docx) with every entry stamped ``moment`` instead of
    the time of writing, so that the same inputs give the same bytes; ``edit(name, bytes)``
    may change an entry on the way."""
    stamp = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if edit is not None:
                content = edit(entry.filename, content)
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()
