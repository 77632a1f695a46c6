"""The catalog: every message code with its Vietnamese and English text.

One table, so that a translator reads every text in one place and a test can check that
each code has both languages with the same ``{parameters}``. Codes are grouped by the
part of the library that shows them (``cli.``, ``data.``, ``pack.``, ``explain.``…).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unit.people": {"vi": "người", "en": "people"},
    # -- scenario files and `rallyrules test` (rallyrules.scenarios, cli.test) --------------------
    "scenario.did-you-mean": {"vi": "Có phải là '{name}'?", "en": "Did you mean '{name}'?"},
    "scenario.kind-award": {"vi": "quy tắc khen thưởng", "en": "an award rule"},
    "scenario.kind-check": {"vi": "quy tắc kiểm tra", "en": "a check rule"},
    "scenario.outcome-unfit": {
        "vi": "kết quả '{outcome}' không dùng được cho quy tắc '{rule}' ({kind}): dùng {fits} hoặc not-applicable",
        "en": "outcome '{outcome}' cannot come from rule '{rule}' ({kind}): use {fits} or not-applicable",
    },
    "scenario.unknown-condition": {
        "vi": "quy tắc '{rule}' không có điều kiện '{condition}'.{hint} Các điều kiện của nó: {known}",
        "en": "rule '{rule}' has no condition '{condition}'.{hint} Its conditions: {known}",
    },
    "scenario.unknown-rule": {
        "vi": "bộ quy tắc không có quy tắc '{rule}'.{hint}",
        "en": "the pack has no rule '{rule}'.{hint}",
    },
    "scenario.wrong-kind": {
        "vi": "quy tắc '{rule}' áp dụng cho {kind}, không phải {given}",
        "en": "rule '{rule}' applies to {kind}, not {given}",
    },
    "scenario.unknown-round": {
        "vi": "không có vòng xét '{round}'.{hint} Các vòng xét: {rounds}",
        "en": "there is no round '{round}'.{hint} The rounds are: {rounds}",
    },
    "scenario.unknown-subject": {
        "vi": "không có đơn vị '{subject}' trong dữ liệu của trường hợp này.{hint} Có: {known}",
        "en": "no subject or unit '{subject}' in this case's records.{hint} There are: {known}",
    },
    "scenario.selection-of-check": {
        "vi": "quy tắc '{rule}' là quy tắc kiểm tra: không có lựa chọn theo giới hạn (selection)",
        "en": "rule '{rule}' is a check: it has no selection under a cap",
    },
    "scenario.bad-fact": {"vi": "dữ kiện {kind} không hợp lệ: {error}", "en": "the {kind} fact is not valid: {error}"},
    "scenario.decision": {
        "vi": "quyết định về {subject}, {round}, quy tắc {rule}",
        "en": "the decision about {subject}, {round}, rule {rule}",
    },
    "scenario.at-line": {"vi": "dòng {line}: ", "en": "line {line}: "},
    "scenario.expected-none": {
        "vi": "mong đợi không có quyết định (not-applicable), nhưng có: {outcome}",
        "en": "expected none (not-applicable), found one: {outcome}",
    },
    "scenario.no-decision": {
        "vi": "không có quyết định nào như vậy; các quyết định về {subject}: {found}",
        "en": "there is no such decision; the decisions about {subject}: {found}",
    },
    "scenario.several-decisions": {
        "vi": "có {count} quyết định như vậy, mỗi mong đợi phải khớp đúng một; các quyết định về {subject}: {found}",
        "en": "{count} decisions match, an expectation must match exactly one; the decisions about {subject}: {found}",
    },
    "scenario.outcome": {"vi": "kết quả: mong đợi {expected}, thực tế {got}", "en": "outcome: expected {expected}, got {got}"},
    "scenario.no-decision-for-fact": {
        "vi": "quy tắc không áp dụng (không có quyết định), nên không có điều kiện không đạt, số còn thiếu hay lựa chọn nào để so sánh",
        "en": "the rule does not apply (no decision), so there are no failed conditions, gap or selection to compare with",
    },
    "scenario.failed": {
        "vi": "điều kiện không đạt: mong đợi {expected}, thực tế {got}",
        "en": "failed conditions: expected {expected}, got {got}",
    },
    "scenario.needed": {"vi": "số còn thiếu: mong đợi {expected}, thực tế {got}", "en": "needed: expected {expected}, got {got}"},
    "scenario.selection": {
        "vi": "lựa chọn theo giới hạn: mong đợi {expected}, thực tế {got}",
        "en": "selection: expected {expected}, got {got}",
    },
    "test.failed-case": {
        "vi": "{where}: trường hợp '{case}' không đạt với bộ máy {engine}",
        "en": "{where}: case '{case}' failed on the {engine} engine",
    },
    "test.says": {"vi": "  trường hợp này nói: {says}", "en": "  it says: {says}"},
    "test.summary": {"vi": "{passed} đạt, {failed} không đạt", "en": "{passed} passed, {failed} failed"},
    "test.no-scenarios": {
        "vi": "bộ quy tắc {pack} không có tệp kịch bản nào (scenarios/*.yaml): không có gì để kiểm tra",
        "en": "rule pack {pack} has no scenario files (scenarios/*.yaml): nothing to test",
    },
    "test.coverage": {
        "vi": "độ phủ điều kiện: {covered}/{total} điều kiện đã thấy cả đạt lẫn không đạt ({share})",
        "en": "condition coverage: {covered}/{total} conditions seen both holding and not holding ({share})",
    },
    "test.below-threshold": {
        "vi": "độ phủ điều kiện {share} thấp hơn ngưỡng {threshold}%",
        "en": "condition coverage {share} is below the threshold of {threshold}%",
    },
    "test.col-rule": {"vi": "quy tắc", "en": "rule"},
    "test.col-condition": {"vi": "điều kiện", "en": "condition"},
    "test.col-true": {"vi": "thấy đạt", "en": "seen true"},
    "test.col-false": {"vi": "thấy không đạt", "en": "seen false"},
    "test.when": {"vi": "khi", "en": "when"},
    "test.engine-missing": {
        "vi": "bộ máy durable_rules không chạy được trên Python này; dùng --engine python",
        "en": "durable_rules does not import on this Python; use --engine python",
    },
}
