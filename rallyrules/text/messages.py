"""The catalog: every message code with its Vietnamese and English text.

One table, so that a translator reads every text in one place and a test can check that
each code has both languages with the same ``{parameters}``. Codes are grouped by the
part of the library that shows them (``cli.``, ``data.``, ``pack.``, ``explain.``…).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- report.: what an evaluation shows people (rallyrules.reports: terminal tables and CSV;
    # rallyrules.outputs.html: the HTML report; rallyrules.charts). Owner: the screen outputs.
    "report.round.wave": {"vi": "Đợt {n}", "en": "Wave {n}"},
    "report.round.after-waves": {"vi": "Sau các đợt", "en": "After the waves"},
    "report.kind.collective": {"vi": "tập thể", "en": "collectives"},
    "report.kind.individual": {"vi": "cá nhân", "en": "individuals"},
    "report.kinds.collective": {"vi": "Tập thể", "en": "Collectives"},
    "report.kinds.individual": {"vi": "Cá nhân", "en": "Individuals"},
    "report.authority.named": {"vi": "{authority} — {area}", "en": "{authority} — {area}"},
    "report.authority.code": {"vi": "{authority} — địa bàn mã {code}", "en": "{authority} — area code {code}"},
    "report.subject": {"vi": "{name} ({id})", "en": "{name} ({id})"},
    "report.cap": {"vi": "{rate} × {base} = {maximum}", "en": "{rate} × {base} = {maximum}"},
    "report.cap.none": {"vi": "không giới hạn", "en": "no cap"},
    "report.cap.zero": {"vi": "không ai được chọn", "en": "nobody can be selected"},
    "report.rank": {"vi": "hạng {rank}/{eligible} · tối đa {maximum}", "en": "rank {rank} of {eligible} · cap {maximum}"},
    "report.standing.selected": {"vi": "được chọn · {rank}", "en": "selected · {rank}"},
    "report.standing.selected-uncapped": {"vi": "được chọn (không giới hạn)", "en": "selected (no cap)"},
    "report.standing.not-selected": {
        "vi": "không được chọn (vượt giới hạn) · {rank}",
        "en": "not selected (over the cap) · {rank}",
    },
    "report.standing.not-eligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "report.outcome.eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "report.outcome.not-eligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "report.outcome.met": {"vi": "đạt", "en": "met"},
    "report.outcome.not-met": {"vi": "không đạt", "en": "not met"},
    "report.selection.selected": {"vi": "được chọn", "en": "selected"},
    "report.selection.not-selected": {"vi": "không được chọn (vượt giới hạn tỷ lệ)", "en": "not selected (over the cap)"},
    "report.selection.not-eligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "report.yes": {"vi": "có", "en": "yes"},
    "report.no": {"vi": "không", "en": "no"},
    "report.h.round": {"vi": "Đợt xét", "en": "Round"},
    "report.h.authority": {"vi": "Người tặng", "en": "Awarded by"},
    "report.h.kind": {"vi": "Đối tượng", "en": "Subjects"},
    "report.h.considered": {"vi": "Được xét", "en": "Considered"},
    "report.h.eligible": {"vi": "Đủ điều kiện", "en": "Eligible"},
    "report.h.cap": {"vi": "Tối đa (tỷ lệ × tổng số)", "en": "Cap (rate × base)"},
    "report.h.cap-short": {"vi": "Tối đa", "en": "Cap"},
    "report.h.selected": {"vi": "Được chọn", "en": "Selected"},
    "report.h.no": {"vi": "STT", "en": "No."},
    "report.h.subject": {"vi": "Tên (mã)", "en": "Name (id)"},
    "report.h.id": {"vi": "Mã", "en": "Id"},
    "report.h.name": {"vi": "Tên", "en": "Name"},
    "report.h.achievement": {"vi": "Thành tích", "en": "Achievement"},
    "report.h.standing": {"vi": "Xếp hạng", "en": "Standing"},
    "report.h.reasons": {"vi": "Lý do", "en": "Reasons"},
    "report.h.award": {"vi": "Hình thức khen thưởng", "en": "Award"},
    "report.h.unit": {"vi": "Đơn vị", "en": "Unit"},
    "report.h.requirement": {"vi": "Yêu cầu", "en": "Requirement"},
    "report.h.wave": {"vi": "Đợt", "en": "Wave"},
    "report.h.check": {"vi": "Loại kiểm tra", "en": "Check"},
    "report.h.message": {"vi": "Nội dung", "en": "Message"},
    "report.h.reason": {"vi": "Lý do loại", "en": "Reason"},
    "report.h.count": {"vi": "Số hồ sơ", "en": "Enrolments"},
    "report.h.fund": {"vi": "Nguồn kinh phí", "en": "Fund"},
    "report.h.occasion": {"vi": "Thời điểm trao", "en": "Presented at"},
    "report.title.summary": {"vi": "Tổng hợp theo đợt và người tặng", "en": "Summary by round and awarding authority"},
    "report.title.proposed": {"vi": "Danh sách đề nghị khen thưởng", "en": "Proposed for commendation"},
    "report.title.proposed-round": {"vi": "{round} — Đề nghị tặng {award}", "en": "{round} — Proposed for the {award}"},
    "report.title.all-round": {
        "vi": "{round} — {award}: mọi đối tượng được xét",
        "en": "{round} — {award}: every subject considered",
    },
    "report.title.rest": {"vi": "Các đối tượng không được đề nghị", "en": "Not proposed"},
    "report.title.not-selected": {
        "vi": "Đủ điều kiện nhưng không được chọn do giới hạn tỷ lệ",
        "en": "Eligible, not selected because of the cap",
    },
    "report.title.not-eligible": {"vi": "Không đủ điều kiện", "en": "Not eligible"},
    "report.title.checks": {"vi": "Yêu cầu không đạt", "en": "Requirements not met"},
    "report.title.checks-round": {
        "vi": "{round} — Yêu cầu không đạt: {failed}/{total}",
        "en": "{round} — Requirements not met: {failed} of {total}",
    },
    "report.title.findings": {"vi": "Phát hiện về dữ liệu", "en": "Data findings"},
    "report.title.counting": {"vi": "Hồ sơ tham gia không được tính", "en": "Enrolments not counted"},
    "report.title.about": {"vi": "Thông tin về kết quả", "en": "About this result"},
    "report.title.page": {"vi": "Kết quả xét khen thưởng", "en": "Commendation results"},
    "report.counting": {
        "vi": "Hồ sơ tham gia: {input} đầu vào, {counted} được tính, {excluded} bị loại{reasons}.",
        "en": "Enrolments: {input} in, {counted} counted, {excluded} excluded{reasons}.",
    },
    "report.engine": {"vi": "Bộ máy quyết định: {engine}.", "en": "Decided by: {engine}."},
    "report.rest": {
        "vi": "Còn {not_selected} đủ điều kiện nhưng không được chọn (vượt giới hạn) và {not_eligible} không đủ điều kiện: xem từng đối tượng với --all.",
        "en": "{not_selected} more eligible but not selected (over the cap) and {not_eligible} not eligible: every subject with --all.",
    },
    "report.none-proposed": {"vi": "Không có đối tượng nào được đề nghị.", "en": "Nobody is proposed."},
    "report.none": {"vi": "Không có.", "en": "None."},
    "report.legend.standing": {
        "vi": "Xếp hạng: “hạng 4/6” là thứ 4 trong 6 đối tượng đủ điều kiện của cùng người tặng; “tối đa 1” là số được chọn nhiều nhất (tỷ lệ × tổng số đối tượng, làm tròn xuống).",
        "en": "Standing: “rank 4 of 6” is 4th among the 6 eligible of the same awarding authority; “cap 1” is the most that may be selected (rate × number of subjects, rounded down).",
    },
    "report.legend.cap-zero": {
        "vi": "Tối đa 0: tỷ lệ × tổng số nhỏ hơn 1, nên không đối tượng nào được chọn dù đủ điều kiện.",
        "en": "Cap 0: rate × number of subjects is below 1, so nobody can be selected, however many are eligible.",
    },
    "report.legend.achievement": {"vi": "Thành tích: {what}.", "en": "Achievement: {what}."},
    "report.filter": {"vi": "Lọc các bảng", "en": "Filter the tables"},
    "report.filter-hint": {"vi": "gõ tên, mã, người tặng…", "en": "type a name, id, authority…"},
    "report.sort-hint": {"vi": "Bấm vào tiêu đề cột để sắp xếp.", "en": "Click a column heading to sort."},
    "report.plan": {"vi": "Thực hiện {plan}", "en": "Under {plan}"},
    "report.about.pack": {"vi": "Bộ quy tắc", "en": "Rule pack"},
    "report.about.pack-digest": {"vi": "Mã băm bộ quy tắc (SHA-256)", "en": "Rule pack digest (SHA-256)"},
    "report.about.inputs": {"vi": "Dữ liệu", "en": "Data"},
    "report.about.inputs-digest": {"vi": "Mã băm dữ liệu (SHA-256)", "en": "Data digest (SHA-256)"},
    "report.about.engine": {"vi": "Bộ máy quyết định", "en": "Engine that decided"},
    "report.about.version": {"vi": "Phiên bản rallyrules", "en": "rallyrules version"},
    "report.about.evaluated": {"vi": "Thời điểm đánh giá", "en": "Evaluated at"},
    "report.exclusion.unknown-subject": {
        "vi": "Đơn vị vận động không có trong danh sách",
        "en": "Credited to an unknown subject",
    },
    "report.exclusion.outside-periods": {"vi": "Ngoài thời gian các đợt", "en": "Outside every wave's period"},
    "report.exclusion.coverage-missing": {"vi": "Không có thời hạn tham gia", "en": "No coverage end date"},
    "report.exclusion.coverage-too-short": {"vi": "Thời hạn tham gia không đủ", "en": "Coverage too short"},
    "report.exclusion.repeat-person-scheme": {"vi": "Trùng người trong cùng loại hình", "en": "Same person again in the scheme"},
    # Charts (rallyrules.charts): caps_chart, funnel_chart, exclusions_chart.
    "report.chart.caps-title": {
        "vi": "Giới hạn tỷ lệ theo người tặng: đủ điều kiện, tối đa và được chọn",
        "en": "Caps by awarding authority: eligible, cap and selected",
    },
    "report.chart.caps-panel": {"vi": "{round} — {kind}", "en": "{round} — {kind}"},
    "report.chart.eligible": {"vi": "Đủ điều kiện", "en": "Eligible"},
    "report.chart.selected": {"vi": "Được chọn", "en": "Selected"},
    "report.chart.cap": {"vi": "Tối đa (tỷ lệ × tổng số)", "en": "Cap (rate × base)"},
    "report.chart.cap-zero": {"vi": "Tối đa 0: không ai được chọn", "en": "Cap 0: nobody can be selected"},
    "report.chart.caps-label": {
        "vi": "{eligible} đủ ĐK · tối đa {maximum} · chọn {selected}",
        "en": "{eligible} eligible · cap {maximum} · {selected} selected",
    },
    "report.chart.subjects": {"vi": "Số đối tượng", "en": "Subjects"},
    "report.chart.funnel-title": {"vi": "Từ hồ sơ tham gia đến đề nghị khen thưởng", "en": "From enrolments to proposals"},
    "report.chart.enrolments": {"vi": "Hồ sơ tham gia", "en": "Enrolments"},
    "report.chart.input": {"vi": "Đầu vào", "en": "In"},
    "report.chart.counted": {"vi": "Được tính", "en": "Counted"},
    "report.chart.considered": {"vi": "Được xét", "en": "Considered"},
    "report.chart.decisions": {"vi": "Lượt xét khen thưởng (đối tượng × đợt)", "en": "Award decisions (subject × round)"},
    "report.chart.exclusions-title": {"vi": "Hồ sơ không được tính, theo lý do", "en": "Enrolments not counted, by reason"},
    "report.chart.exclusions-x": {
        "vi": "Số hồ sơ (tỷ lệ trên {input} hồ sơ đầu vào)",
        "en": "Enrolments (share of the {input} in)",
    },
    "report.chart.none-excluded": {"vi": "Không có hồ sơ nào bị loại", "en": "No enrolment was excluded"},
    # Headings of the facts the library's rules decide on (rallyrules.facts), for CSV columns.
    "report.fact.quota": {"vi": "Chỉ tiêu", "en": "Quota"},
    "report.fact.counted": {"vi": "Số người tham gia được tính", "en": "Participants counted"},
    "report.fact.attested": {"vi": "Có xác nhận", "en": "Attested"},
    "report.fact.subject_kind": {"vi": "Loại đối tượng", "en": "Kind of subject"},
    "report.fact.wave_awards": {"vi": "Số Giấy khen trong các đợt", "en": "Certificates of merit in the waves"},
    "report.fact.indicators_missing": {"vi": "Số chỉ tiêu thiếu số liệu", "en": "Indicators without figures"},
    "report.fact.worst_result": {"vi": "Kết quả của chỉ tiêu thấp nhất", "en": "Result of the weakest indicator"},
    "report.fact.worst_target": {"vi": "Chỉ tiêu thấp nhất", "en": "Target of the weakest indicator"},
    "report.fact.deadline": {"vi": "Hạn", "en": "Deadline"},
    "report.fact.submitted": {"vi": "Đã nộp", "en": "Submitted"},
    "report.fact.days_before": {"vi": "Số ngày trước hạn", "en": "Days before the deadline"},
    "report.fact.role": {"vi": "Vai trò", "en": "Role"},
    "report.fact.lines": {"vi": "Số dòng", "en": "Lines"},
    "report.fact.people": {"vi": "Số người", "en": "People"},
    "report.fact.smallest": {"vi": "Số người tối thiểu", "en": "Smallest number required"},
    # Headings of the CSV columns (rallyrules.reports.to_csv); ids keep columns of their own.
    "report.csv.round": {"vi": "Đợt xét", "en": "Round"},
    "report.csv.wave": {"vi": "Đợt", "en": "Wave"},
    "report.csv.subject_id": {"vi": "Mã đối tượng", "en": "Subject id"},
    "report.csv.subject_name": {"vi": "Tên đối tượng", "en": "Subject name"},
    "report.csv.level": {"vi": "Cấp", "en": "Level"},
    "report.csv.rule_id": {"vi": "Mã quy tắc", "en": "Rule id"},
    "report.csv.rule": {"vi": "Quy tắc", "en": "Rule"},
    "report.csv.award": {"vi": "Mã khen thưởng", "en": "Award id"},
    "report.csv.award_name": {"vi": "Hình thức khen thưởng", "en": "Award"},
    "report.csv.outcome": {"vi": "Kết quả", "en": "Outcome"},
    "report.csv.selection": {"vi": "Xét chọn", "en": "Selection"},
    "report.csv.rank": {"vi": "Hạng", "en": "Rank"},
    "report.csv.eligible_in_group": {"vi": "Số đủ điều kiện cùng người tặng", "en": "Eligible with the same authority"},
    "report.csv.cap": {"vi": "Số được chọn tối đa", "en": "Cap"},
    "report.csv.cap_base": {"vi": "Tổng số đối tượng (cơ sở tính tỷ lệ)", "en": "Cap base (subjects)"},
    "report.csv.cap_rate": {"vi": "Tỷ lệ tối đa", "en": "Cap rate"},
    "report.csv.cap_group": {"vi": "Nhóm xét chọn", "en": "Cap group"},
    "report.csv.authority": {"vi": "Người tặng", "en": "Awarded by"},
    "report.csv.scope": {"vi": "Mã địa bàn", "en": "Area code"},
    "report.csv.fund": {"vi": "Nguồn kinh phí", "en": "Fund"},
    "report.csv.occasion": {"vi": "Thời điểm trao", "en": "Presented at"},
    "report.csv.needed": {"vi": "Còn thiếu", "en": "Needed"},
    "report.csv.failed_conditions": {"vi": "Mã điều kiện không đạt", "en": "Conditions not met (ids)"},
    "report.csv.reasons": {"vi": "Lý do", "en": "Reasons"},
    "report.csv.section": {"vi": "Căn cứ (mục)", "en": "Clause"},
    "report.csv.engine": {"vi": "Bộ máy quyết định", "en": "Engine"},
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
    "scenario.refused": {
        "vi": "bộ dữ liệu của trường hợp này bị từ chối, không có quyết định nào: {problems}",
        "en": "the case's records are refused, so there is no decision: {problems}",
    },
    "scenario.bad-choice": {
        "vi": "không chọn được cách hiểu của trường hợp này: {problem}",
        "en": "the readings this case chooses cannot be chosen: {problem}",
    },
    # -- the rulebook and the clause coverage report (rallyrules.rulebook, rallyrules.coverage) --
    # The document's own words; everything a rule pack says comes from the pack in the same language.
    "rulebook.rulebook": {"vi": "Sổ tay quy tắc", "en": "Rulebook"},
    "rulebook.pack": {"vi": "Bộ quy tắc", "en": "Rule pack"},
    "rulebook.intro": {
        "vi": "Các quy tắc được trình bày theo thứ tự các mục của Kế hoạch; mỗi quy tắc trích nguyên văn điều khoản của "
        "Kế hoạch bên cạnh nội dung quy tắc diễn đạt bằng lời thường. Các diễn giải (lựa chọn được đưa ra khi Kế hoạch "
        "không quy định rõ) được làm nổi bật để người rà soát kiểm tra. Mã định danh in chữ nhỏ chỉ dùng để tra cứu "
        "trong các tệp quy tắc.",
        "en": "Rules come in the order of the plan's sections; each quotes the plan's clause verbatim beside the rule in "
        "plain words. Interpretations (choices made where the plan is silent) are highlighted for reviewers to check. "
        "Identifiers in small print only serve to find things in the rule files.",
    },
    "rulebook.document": {"vi": "Văn bản được trích dẫn", "en": "Document cited"},
    "rulebook.number": {"vi": "Số, ký hiệu", "en": "Number"},
    "rulebook.doc-title": {"vi": "Trích yếu", "en": "Title"},
    "rulebook.issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
    "rulebook.issued": {"vi": "Ngày ban hành", "en": "Issued"},
    "rulebook.verbatim": {
        "vi": "Mọi trích dẫn trong tài liệu này có nguyên văn trong văn bản Kế hoạch; bộ quy tắc không được nạp nếu thiếu.",
        "en": "Every quote in this document appears verbatim in the plan's text; the rule pack does not load otherwise.",
    },
    "rulebook.contents": {"vi": "Mục lục", "en": "Contents"},
    "rulebook.calendar": {"vi": "Lịch các đợt thi đua", "en": "Calendar"},
    "rulebook.wave": {"vi": "Đợt", "en": "Wave"},
    "rulebook.theme": {"vi": "Chủ đề", "en": "Theme"},
    "rulebook.rally": {"vi": "Ngày ra quân", "en": "Rally"},
    "rulebook.venue": {"vi": "Địa điểm", "en": "Venue"},
    "rulebook.period": {"vi": "Thời gian thi đua (tính cả ngày đầu và ngày cuối)", "en": "Emulation period (both ends included)"},
    "rulebook.period-range": {"vi": "từ {start} đến hết {end}", "en": "{start} to {end}"},
    "rulebook.period-short": {"vi": "thời gian thi đua", "en": "emulation period"},
    "rulebook.rally-short": {"vi": "Lễ ra quân", "en": "rally"},
    "rulebook.sources": {"vi": "Căn cứ", "en": "Sources"},
    "rulebook.source": {"vi": "Căn cứ", "en": "Source"},
    "rulebook.awards": {"vi": "Khen thưởng", "en": "Awards"},
    "rulebook.levels": {"vi": "Cấp thi đua", "en": "Emulation levels"},
    "rulebook.level": {"vi": "Cấp", "en": "Level"},
    "rulebook.name": {"vi": "Tên", "en": "Name"},
    "rulebook.per-area": {"vi": "Mỗi địa bàn một người tặng", "en": "One awarding authority per area"},
    "rulebook.round": {"vi": "Thời điểm xét tặng", "en": "Round"},
    "rulebook.round.per-wave": {"vi": "sau mỗi đợt thi đua", "en": "after each wave"},
    "rulebook.round.after-waves": {"vi": "một lần, sau khi kết thúc các đợt thi đua", "en": "once, after the last wave"},
    "rulebook.granted": {"vi": "Người tặng theo từng cấp", "en": "Who awards, per level"},
    "rulebook.awarded-by": {"vi": "Người tặng", "en": "Awarded by"},
    "rulebook.fund": {"vi": "Kinh phí", "en": "Fund"},
    "rulebook.proposed-by": {"vi": "Đề xuất", "en": "Proposed by"},
    "rulebook.presented": {"vi": "Trao tặng", "en": "Presented"},
    "rulebook.next-rally": {
        "vi": "tại Lễ ra quân của đợt tiếp theo; khi không còn đợt nào: {otherwise}",
        "en": "at the next wave's rally; when there is none: {otherwise}",
    },
    "rulebook.caps": {"vi": "Tỷ lệ khen thưởng tối đa", "en": "Caps"},
    "rulebook.award": {"vi": "Hình thức khen thưởng", "en": "Award"},
    "rulebook.subjects": {"vi": "Đối tượng", "en": "Subjects"},
    "rulebook.kind.collective": {"vi": "tập thể", "en": "collectives"},
    "rulebook.kind.individual": {"vi": "cá nhân", "en": "individuals"},
    "rulebook.rate": {"vi": "Tỷ lệ", "en": "Rate"},
    "rulebook.base": {"vi": "Cơ sở tính", "en": "Base"},
    "rulebook.base.subjects-in-scope": {
        "vi": "mọi đối tượng cùng loại thuộc thẩm quyền khen thưởng của người tặng trong lượt xét",
        "en": "every subject of that kind the awarding authority awards in the round",
    },
    "rulebook.base.eligible": {"vi": "chỉ các đối tượng đủ điều kiện", "en": "the eligible subjects only"},
    "rulebook.rounding": {"vi": "Làm tròn", "en": "Rounding"},
    "rulebook.rounding.floor": {"vi": "làm tròn xuống", "en": "rounded down"},
    "rulebook.rounding.ceiling": {"vi": "làm tròn lên", "en": "rounded up"},
    "rulebook.most": {"vi": "Số được khen tối đa", "en": "Most awards"},
    "rulebook.most-formula": {"vi": "{left}{rate} × cơ sở tính{right}", "en": "{left}{rate} × base{right}"},
    "rulebook.ranking": {
        "vi": "Thứ tự xét chọn khi số đủ điều kiện nhiều hơn số được khen",
        "en": "Ranking when more are eligible than the cap allows",
    },
    "rulebook.rank.ratio": {"vi": "{ratio} (tính chính xác)", "en": "{ratio} (exact)"},
    "rulebook.rank.difference": {"vi": "{of} trừ {to}", "en": "{of} minus {to}"},
    "rulebook.order.descending": {"vi": "từ cao xuống thấp", "en": "highest first"},
    "rulebook.order.ascending": {"vi": "từ thấp lên cao", "en": "lowest first"},
    "rulebook.counting": {"vi": "Cách tính số người tham gia", "en": "Counting"},
    "rulebook.schemes": {"vi": "Loại hình bảo hiểm được tính", "en": "Schemes that count"},
    "rulebook.scheme": {"vi": "Loại hình", "en": "Scheme"},
    "rulebook.covered": {"vi": "Phải có giá trị đến hết ngày", "en": "Must be covered through"},
    "rulebook.no-coverage": {"vi": "không yêu cầu", "en": "no requirement"},
    "rulebook.credit-parents": {"vi": "Ghi nhận cho cấp trên", "en": "Credit to the subjects above"},
    "rulebook.credit-parents.yes": {
        "vi": "người tham gia được ghi nhận cho một đối tượng cũng được tính cho mọi đối tượng cấp trên của đối tượng đó",
        "en": "an enrolment credited to a subject also counts for every subject above it",
    },
    "rulebook.credit-parents.no": {
        "vi": "chỉ tính cho đối tượng được ghi nhận",
        "en": "it counts only for the subject it is credited to",
    },
    "rulebook.once-per-scheme": {"vi": "Mỗi người tính một lần cho mỗi loại hình", "en": "One enrolment per person and scheme"},
    "rulebook.once-per-scheme.yes": {
        "vi": "một người chỉ được tính một lần cho mỗi loại hình",
        "en": "a person counts once per scheme",
    },
    "rulebook.once-per-scheme.no": {"vi": "mỗi lượt tham gia đều được tính", "en": "every enrolment counts"},
    "rulebook.rules": {"vi": "Quy tắc", "en": "Rules"},
    "rulebook.rules-order": {
        "vi": "Các quy tắc được sắp xếp theo thứ tự các mục của Kế hoạch mà quy tắc trích dẫn (mục, khoản, điểm).",
        "en": "Rules are in the order of the plan's sections they cite (part, number, letter).",
    },
    "rulebook.applies-to": {"vi": "Áp dụng cho", "en": "Applies to"},
    "rulebook.kind": {"vi": "Loại quy tắc", "en": "Kind"},
    "rulebook.check": {
        "vi": "kiểm tra việc thực hiện một yêu cầu, không xét khen thưởng",
        "en": "a check of a requirement, no award",
    },
    "rulebook.file": {"vi": "Tệp", "en": "File"},
    "rulebook.line": {"vi": "dòng", "en": "line"},
    "rulebook.plan-says": {"vi": "Kế hoạch quy định", "en": "The plan says"},
    "rulebook.statement": {"vi": "Nội dung quy tắc", "en": "Plain statement"},
    "rulebook.when": {"vi": "Áp dụng khi (mọi điều kiện đều đúng)", "en": "Applies when (all of these hold)"},
    "rulebook.when-short": {"vi": "Áp dụng khi", "en": "Applies when"},
    "rulebook.always": {"vi": "mọi trường hợp", "en": "always"},
    "rulebook.conditions": {"vi": "Điều kiện (phải đạt tất cả)", "en": "Conditions (all must hold)"},
    "rulebook.test": {"vi": "Kiểm tra", "en": "Test"},
    "rulebook.see-also": {"vi": "Xem thêm", "en": "See also"},
    "rulebook.interpretations": {"vi": "Diễn giải", "en": "Interpretations"},
    "rulebook.interpretation": {"vi": "Diễn giải", "en": "Interpretation"},
    "rulebook.none": {"vi": "không có", "en": "none"},
    "rulebook.question": {"vi": "Câu hỏi", "en": "Question"},
    "rulebook.choice": {"vi": "Lựa chọn", "en": "Choice"},
    "rulebook.reason": {"vi": "Lý do", "en": "Reason"},
    "rulebook.parameters": {"vi": "Tham số", "en": "Parameters"},
    "rulebook.parameter": {"vi": "Tham số", "en": "Parameter"},
    "rulebook.parameter-ref": {"vi": "tham số: {link}", "en": "parameter: {link}"},
    "rulebook.type": {"vi": "Kiểu giá trị", "en": "Type"},
    "rulebook.type.date": {"vi": "ngày", "en": "date"},
    "rulebook.type.integer": {"vi": "số nguyên", "en": "whole number"},
    "rulebook.type.rate": {"vi": "tỷ lệ", "en": "rate"},
    "rulebook.type.text": {"vi": "văn bản", "en": "text"},
    "rulebook.type.boolean": {"vi": "có hoặc không", "en": "yes or no"},
    "rulebook.value": {"vi": "Giá trị", "en": "Value"},
    "rulebook.used-by": {"vi": "Dùng trong", "en": "Used by"},
    "rulebook.scheme-word": {"vi": "loại hình {name}", "en": "scheme {name}"},
    "rulebook.deadlines": {"vi": "Thời hạn", "en": "Deadlines"},
    "rulebook.submitter": {"vi": "Cấp gửi", "en": "Submitted by"},
    "rulebook.anchors": {"vi": "Ngày mốc của từng đợt", "en": "Anchor date per wave"},
    "rulebook.on-time": {
        "vi": "Đúng hạn khi gửi trước ngày mốc ít nhất số ngày mà quy tắc kiểm tra quy định.",
        "en": "On time when made at least as many days before the anchor date as the rule that checks it requires.",
    },
    "rulebook.rally-day": {"vi": "ngày Lễ ra quân", "en": "the rally day"},
    "rulebook.checked-by": {"vi": "Được kiểm tra bởi", "en": "Checked by"},
    "rulebook.targets": {"vi": "Chỉ tiêu năm", "en": "Year targets"},
    "rulebook.indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "rulebook.parent-targets": {"vi": "Cá nhân dùng chỉ tiêu của tập thể", "en": "Individuals use their collective's targets"},
    "rulebook.no-targets": {"vi": "Bộ quy tắc không đặt chỉ tiêu năm.", "en": "The pack sets no year targets."},
    "rulebook.roster-roles": {"vi": "Vai trò trong danh sách lực lượng", "en": "Roster roles"},
    "rulebook.role": {"vi": "Vai trò", "en": "Role"},
    "rulebook.facts": {"vi": "Dữ kiện được xét và tên gọi", "en": "Facts and their names"},
    "rulebook.facts-intro": {
        "vi": "Mỗi quy tắc xét một loại dữ kiện. Kết quả và giải trình gọi các trường dữ liệu bằng tên dưới đây, không dùng mã.",
        "en": "Each rule decides on one kind of fact. Results and explanations call its fields by the names below, never by their ids.",
    },
    "rulebook.field": {"vi": "Trường dữ liệu", "en": "Field"},
    "rulebook.unit": {"vi": "Đơn vị tính", "en": "Unit"},
    "rulebook.ratio": {"vi": "Tỷ lệ", "en": "Ratio"},
    "rulebook.ratio-of": {"vi": "{of} so với {to}", "en": "{of} over {to}"},
    "rulebook.ratio-how": {"vi": "Cách tính", "en": "Computed as"},
    "rulebook.undefined": {"vi": "Khi mẫu số bằng 0", "en": "When the denominator is 0"},
    "rulebook.subject-kinds": {"vi": "Loại đối tượng thi đua", "en": "Kinds of subject"},
    "rulebook.coverage": {"vi": "Đối chiếu các dòng của Kế hoạch", "en": "Clause coverage"},
    "rulebook.yes": {"vi": "có", "en": "yes"},
    "rulebook.no": {"vi": "không", "en": "no"},
    "rulebook.op.at_least": {"vi": "{subject} từ {value} trở lên", "en": "{subject} at least {value}"},
    "rulebook.op.more_than": {"vi": "{subject} lớn hơn {value}", "en": "{subject} more than {value}"},
    "rulebook.op.at_most": {"vi": "{subject} không quá {value}", "en": "{subject} at most {value}"},
    "rulebook.op.less_than": {"vi": "{subject} nhỏ hơn {value}", "en": "{subject} less than {value}"},
    "rulebook.op.equals": {"vi": "{subject}: {value}", "en": "{subject}: {value}"},
    "rulebook.op.not_equals": {"vi": "{subject} khác {value}", "en": "{subject} other than {value}"},
    "rulebook.op.one_of": {"vi": "{subject} là một trong: {value}", "en": "{subject} one of: {value}"},
    "rulebook.op.none_of": {"vi": "{subject} không thuộc: {value}", "en": "{subject} none of: {value}"},
    "coverage.summary": {
        "vi": "Mục {sections}: {lines} dòng — {encoded} dòng được thể hiện trong bộ quy tắc, {out} dòng ngoài phạm vi, "
        "{unmapped} dòng chưa đối chiếu.",
        "en": "Sections {sections}: {lines} lines — {encoded} encoded, {out} out of scope, {unmapped} unmapped.",
    },
    "coverage.section": {"vi": "Mục", "en": "Section"},
    "coverage.line": {"vi": "Dòng của Kế hoạch", "en": "Line of the plan"},
    "coverage.how": {"vi": "Thể hiện bởi / lý do ngoài phạm vi", "en": "Encoded by / out of scope because"},
    "coverage.out-of-scope": {"vi": "Ngoài phạm vi", "en": "Out of scope"},
    "coverage.unmapped": {"vi": "CHƯA ĐỐI CHIẾU", "en": "UNMAPPED"},
    # -- office documents (rallyrules.outputs): the proposal (Tờ trình and Danh sách đề nghị)
    # and the review workbook. The documents an office files are Vietnamese; a pack may
    # override any office.* text in its documents: block (same {parameters}). English
    # texts translate them for readers of the code and of the review workbook.
    "office.national.name": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIETNAM"},
    "office.national.motto": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "office.number": {"vi": "Số: {number}", "en": "No.: {number}"},
    "office.dateline": {"vi": "{place}, {date}", "en": "{place}, {date}"},
    "office.date.blank": {"vi": "ngày …… tháng …… năm ……", "en": "on …… (date)"},
    "office.blank": {"vi": "……", "en": "……"},
    "office.plan": {"vi": "{kind} số {number} {date} của {issuer}", "en": "{kind} no. {number} of {date} by {issuer}"},
    "office.plan.short": {"vi": "{kind} số {number}", "en": "{kind} no. {number}"},
    "office.plan.kind": {"vi": "văn bản", "en": "document"},
    "office.basis.plan": {"vi": "Căn cứ {plan};", "en": "Under {plan};"},
    "office.ttr.title": {"vi": "TỜ TRÌNH", "en": "SUBMISSION"},
    "office.ttr.subject": {
        "vi": "Về việc đề nghị tặng {award} cho {achievement}",
        "en": "Proposing the {award} for {achievement}",
    },
    "office.achievement.wave.short": {
        "vi": "{whom} có thành tích xuất sắc trong {round} thi đua",
        "en": "{whom} with outstanding achievement in {round}",
    },
    "office.achievement.wave": {
        "vi": "{whom} có thành tích xuất sắc trong {round} thi đua “{theme}”",
        "en": "{whom} with outstanding achievement in {round}, “{theme}”",
    },
    "office.achievement.final": {
        "vi": "{whom} có thành tích xuất sắc sau {waves} đợt thi đua",
        "en": "{whom} with outstanding achievement over the {waves} waves",
    },
    "office.ttr.to": {"vi": "Kính gửi: {recipient}.", "en": "To: {recipient}."},
    "office.ttr.result.wave": {
        "vi": "Thực hiện {plan}, sau {round} (từ {start} đến hết {end}), {issuer} đã tổng hợp kết quả và xét "
        "theo tiêu chuẩn tại mục {section} của {kind}: có {eligible} đạt tiêu chuẩn. Với tỷ lệ khen thưởng không quá "
        "{caps}, {selected} xếp hạng cao nhất được xét chọn đề nghị khen thưởng.",
        "en": "Under {plan}, after {round} (from {start} to the end of {end}), {issuer} gathered the results and reviewed "
        "them against the criteria of section {section} of the {kind}: {eligible} met them. With awards capped at "
        "{caps}, the {selected} ranked highest are proposed.",
    },
    "office.ttr.result.final": {
        "vi": "Thực hiện {plan}, sau {waves} đợt thi đua, {issuer} đã tổng hợp kết quả thực hiện chỉ tiêu năm và xét theo "
        "tiêu chuẩn tại mục {section} của {kind}: có {eligible} đạt tiêu chuẩn. Với tỷ lệ khen thưởng không quá {caps}, "
        "{selected} xếp hạng cao nhất được xét chọn đề nghị khen thưởng.",
        "en": "Under {plan}, after the {waves} waves, {issuer} gathered the results against the year targets and reviewed "
        "them against the criteria of section {section} of the {kind}: {eligible} met them. With awards capped at {caps}, "
        "the {selected} ranked highest are proposed.",
    },
    "office.ttr.request": {
        "vi": "{issuer} kính đề nghị {recipient} xem xét, tặng {award} cho {selected} nêu trên (có danh sách kèm theo).",
        "en": "{issuer} respectfully proposes that {recipient} award the {award} to the {selected} above (list attached).",
    },
    "office.ttr.closing": {
        "vi": "Kính trình {recipient} xem xét, quyết định./.",
        "en": "Submitted to {recipient} for consideration and decision.",
    },
    "office.copies": {"vi": "Nơi nhận:", "en": "Copies to:"},
    "office.copies.default": {"vi": "- Như trên;\n- Lưu: VT.", "en": "- As above;\n- Archive."},
    "office.list.sheet": {"vi": "Danh sách", "en": "List"},
    "office.list.title": {"vi": "DANH SÁCH ĐỀ NGHỊ TẶNG {award}", "en": "LIST OF PROPOSALS FOR THE {award}"},
    "office.list.subtitle": {"vi": "cho {achievement}", "en": "for {achievement}"},
    "office.list.attached": {
        "vi": "(Kèm theo Tờ trình số {number} {date} của {issuer})",
        "en": "(Attached to submission no. {number} {date} by {issuer})",
    },
    "office.group.collectives": {"vi": "TẬP THỂ", "en": "COLLECTIVES"},
    "office.group.individuals": {"vi": "CÁ NHÂN", "en": "INDIVIDUALS"},
    "office.total": {"vi": "Tổng cộng: {count}", "en": "Total: {count}"},
    "office.count.collective": {"vi": "{n} tập thể", "en": "{n} collective(s)"},
    "office.count.individual": {"vi": "{n} cá nhân", "en": "{n} individual(s)"},
    "office.and": {"vi": "{first} và {second}", "en": "{first} and {second}"},
    "office.whom.both": {"vi": "tập thể, cá nhân", "en": "collectives and individuals"},
    "office.whom.collective": {"vi": "tập thể", "en": "collectives"},
    "office.whom.individual": {"vi": "cá nhân", "en": "individuals"},
    "office.kind.collective": {"vi": "tập thể", "en": "collectives"},
    "office.kind.individual": {"vi": "cá nhân", "en": "individuals"},
    "office.cap": {
        "vi": "{rate} đối với {kind} (tối đa {maximum} trên tổng số {base} {kind})",
        "en": "{rate} of {kind} (at most {maximum} of {base} {kind})",
    },
    "office.rank": {"vi": "Xếp hạng {rank}/{eligible}", "en": "Rank {rank}/{eligible}"},
    "office.targets.unit": {"vi": "chỉ tiêu của đơn vị công tác", "en": "the targets of their unit"},
    "office.col.no": {"vi": "STT", "en": "No."},
    "office.col.name": {"vi": "Tên tập thể, họ và tên cá nhân", "en": "Collective or individual"},
    "office.col.unit": {"vi": "Đơn vị công tác", "en": "Works at"},
    "office.col.achievement": {"vi": "Kết quả {round}", "en": "Result of {round}"},
    "office.col.quota": {"vi": "Chỉ tiêu được giao (người)", "en": "Quota assigned (people)"},
    "office.col.counted": {"vi": "Số người tham gia được tính (người)", "en": "Participants counted (people)"},
    "office.col.rate": {"vi": "Tỷ lệ đạt", "en": "Achieved"},
    "office.col.awards": {"vi": "Số {award} được tặng", "en": "{award} received"},
    "office.col.indicator": {"vi": "Chỉ tiêu {indicator}", "en": "Target: {indicator}"},
    "office.col.target": {"vi": "Được giao", "en": "Assigned"},
    "office.col.result": {"vi": "Thực hiện", "en": "Result"},
    "office.col.share": {"vi": "Tỷ lệ", "en": "Share"},
    "office.col.notes": {"vi": "Ghi chú", "en": "Notes"},
    # -- the review workbook (rallyrules.outputs): every subject of every round, for the committee
    "review.title": {"vi": "KẾT QUẢ XÉT KHEN THƯỞNG", "en": "REVIEW OF THE AWARDS"},
    "review.plan": {"vi": "Thực hiện {plan}", "en": "Under {plan}"},
    "review.pack": {"vi": "Bộ quy tắc: {pack}", "en": "Rule pack: {pack}"},
    "review.prepared": {"vi": "Ngày lập:", "en": "Prepared on:"},
    "review.period": {"vi": "{round}: từ {start} đến {end}", "en": "{round}: from {start} to {end}"},
    "review.round.wave": {"vi": "Đợt {n}", "en": "Wave {n}"},
    "review.round.final": {"vi": "Sau các đợt", "en": "After the waves"},
    "review.sheet.summary": {"vi": "Tổng hợp", "en": "Summary"},
    "review.sheet.checks": {"vi": "Kiểm tra", "en": "Checks"},
    "review.sheet.excluded": {"vi": "Loại trừ", "en": "Excluded"},
    "review.sheet.excluded.more": {"vi": "Loại trừ ({n})", "en": "Excluded ({n})"},
    "review.sheet.findings": {"vi": "Dữ liệu cần xem", "en": "Data findings"},
    "review.sheet.info": {"vi": "Thông tin", "en": "About"},
    "review.summary.title": {"vi": "TỔNG HỢP THEO ĐỢT VÀ NGƯỜI TẶNG", "en": "BY ROUND AND AWARDING AUTHORITY"},
    "review.status.selected": {"vi": "Đề nghị khen thưởng", "en": "Proposed"},
    "review.status.not-selected": {"vi": "Đủ điều kiện, không được chọn (giới hạn tỷ lệ)", "en": "Eligible, not selected (cap)"},
    "review.status.not-eligible": {"vi": "Không đủ điều kiện", "en": "Not eligible"},
    "review.status.met": {"vi": "Đạt", "en": "Met"},
    "review.status.not-met": {"vi": "Không đạt", "en": "Not met"},
    "review.kind.collective": {"vi": "Tập thể", "en": "Collective"},
    "review.kind.individual": {"vi": "Cá nhân", "en": "Individual"},
    "review.no-cap": {"vi": "không giới hạn tỷ lệ", "en": "no cap"},
    "review.needed": {"vi": "còn thiếu {n} người", "en": "{n} more needed"},
    "review.rank": {"vi": "hạng {rank}/{eligible} trong số đủ điều kiện", "en": "rank {rank} of {eligible} eligible"},
    "review.cap": {"vi": "tối đa {maximum} = {rate} × {base}", "en": "cap {maximum} = {rate} × {base}"},
    "review.col.no": {"vi": "STT", "en": "No."},
    "review.col.id": {"vi": "Mã", "en": "Id"},
    "review.col.name": {"vi": "Tên tập thể, cá nhân", "en": "Collective or individual"},
    "review.col.kind": {"vi": "Loại", "en": "Kind"},
    "review.col.level": {"vi": "Cấp", "en": "Level"},
    "review.col.award": {"vi": "Hình thức khen thưởng", "en": "Award"},
    "review.col.authority": {"vi": "Người tặng", "en": "Awarded by"},
    "review.col.outcome": {"vi": "Kết quả", "en": "Outcome"},
    "review.col.quota": {"vi": "Chỉ tiêu được giao", "en": "Quota assigned"},
    "review.col.counted": {"vi": "Số người tham gia được tính", "en": "Participants counted"},
    "review.col.rate": {"vi": "Tỷ lệ đạt", "en": "Achieved"},
    "review.col.needed": {"vi": "Còn thiếu (người)", "en": "Short by (people)"},
    "review.col.awards": {"vi": "Số {award} được tặng trong các đợt", "en": "{award} received in the waves"},
    "review.col.targets-missing": {"vi": "Số chỉ tiêu năm chưa được giao", "en": "Year targets not assigned"},
    "review.col.worst-result": {"vi": "Chỉ tiêu năm đạt thấp nhất: thực hiện", "en": "Least achieved year target: result"},
    "review.col.worst-target": {"vi": "Chỉ tiêu năm đạt thấp nhất: chỉ tiêu", "en": "Least achieved year target: target"},
    "review.col.worst-rate": {"vi": "Chỉ tiêu năm đạt thấp nhất: tỷ lệ", "en": "Least achieved year target: share"},
    "review.col.rank": {"vi": "Xếp hạng", "en": "Rank"},
    "review.col.eligible": {"vi": "Số đủ điều kiện trong nhóm", "en": "Eligible in the group"},
    "review.col.maximum": {"vi": "Số tối đa được đề nghị", "en": "Most that may be proposed"},
    "review.col.cap-rate": {"vi": "Tỷ lệ tối đa", "en": "Cap rate"},
    "review.col.base": {"vi": "Cơ số tính tỷ lệ", "en": "Cap base"},
    "review.col.group": {"vi": "Nhóm xét", "en": "Group"},
    "review.col.reasons": {"vi": "Lý do", "en": "Reasons"},
    "review.col.basis": {"vi": "Căn cứ", "en": "Basis"},
    "review.col.round": {"vi": "Đợt", "en": "Round"},
    "review.col.start": {"vi": "Từ ngày", "en": "From"},
    "review.col.end": {"vi": "Đến ngày", "en": "To"},
    "review.col.considered": {"vi": "Số được xét", "en": "Reviewed"},
    "review.col.proposed": {"vi": "Số đề nghị", "en": "Proposed"},
    "review.col.file": {"vi": "Hồ sơ đề nghị", "en": "Proposal file"},
    "review.col.unit": {"vi": "Đơn vị", "en": "Unit"},
    "review.col.requirement": {"vi": "Yêu cầu", "en": "Requirement"},
    "review.col.enrolment": {"vi": "Mã hồ sơ", "en": "Enrolment"},
    "review.col.reason": {"vi": "Lý do", "en": "Reason"},
    "review.col.detail": {"vi": "Chi tiết", "en": "Detail"},
    "review.col.count": {"vi": "Số hồ sơ", "en": "Enrolments"},
    "review.col.check": {"vi": "Nội dung", "en": "Check"},
    "review.col.message": {"vi": "Nhận xét", "en": "Finding"},
    "review.excluded.title": {"vi": "DANH SÁCH HỒ SƠ KHÔNG ĐƯỢC TÍNH", "en": "ENROLMENTS NOT COUNTED"},
    "review.excluded.input": {"vi": "Tổng số hồ sơ", "en": "Enrolments"},
    "review.excluded.counted": {"vi": "Được tính", "en": "Counted"},
    "review.excluded.excluded": {"vi": "Không được tính", "en": "Not counted"},
    "review.excluded.data": {
        "vi": "Sổ loại trừ (dữ liệu, không để in): {rows} hồ sơ{where}.",
        "en": "The exclusion ledger (data, not for printing): {rows} enrolments{where}.",
    },
    "review.excluded.split": {
        "vi": ", quá {limit} dòng của một trang tính nên tiếp tục ở các trang {sheets}",
        "en": ", over the {limit} rows of one sheet, so continued on the sheets {sheets}",
    },
    "review.reason.unknown-subject": {"vi": "Đơn vị vận động không có trong danh sách", "en": "Credited to an unknown subject"},
    "review.reason.outside-periods": {"vi": "Ngoài thời gian các đợt", "en": "Outside every wave's period"},
    "review.reason.coverage-missing": {"vi": "Không có thời hạn tham gia", "en": "No coverage end date"},
    "review.reason.coverage-too-short": {"vi": "Thời hạn tham gia không đủ", "en": "Coverage too short"},
    "review.reason.repeat-person-scheme": {"vi": "Trùng người trong cùng loại hình", "en": "Same person again in the scheme"},
    "review.checks.title": {"vi": "CÁC YÊU CẦU VỀ THỜI HẠN VÀ LỰC LƯỢNG", "en": "DEADLINES AND FORCES"},
    "review.findings.title": {"vi": "CÁC ĐIỂM CẦN XEM TRONG DỮ LIỆU", "en": "WHAT THE DATA SHOWS THAT NEEDS A LOOK"},
    "review.none": {"vi": "Không có.", "en": "None."},
    "review.info.title": {"vi": "THÔNG TIN VỀ KẾT QUẢ", "en": "ABOUT THIS RESULT"},
    "review.info.pack": {"vi": "Bộ quy tắc", "en": "Rule pack"},
    "review.info.pack-digest": {"vi": "Mã băm bộ quy tắc (SHA-256)", "en": "Rule pack digest (SHA-256)"},
    "review.info.pack-path": {"vi": "Thư mục bộ quy tắc", "en": "Rule pack folder"},
    "review.info.data": {"vi": "Dữ liệu", "en": "Data"},
    "review.info.data-digest": {"vi": "Mã băm dữ liệu (SHA-256)", "en": "Data digest (SHA-256)"},
    "review.info.engine": {"vi": "Bộ máy quyết định", "en": "Engine that decided"},
    "review.info.version": {"vi": "Phiên bản rallyrules", "en": "rallyrules version"},
    "review.info.evaluated": {"vi": "Thời điểm đánh giá", "en": "Evaluated at"},
    "review.page": {"vi": "Trang &P/&N", "en": "Page &P of &N"},
    # -- problems, explanations, findings and the ledger in the reader's language (rallyrules.errors,
    # tables, _columns, facts, dataset, count, consistency, explain, decisions, cli). A problem keeps its
    # code and parameters (rallyrules.text.Message) and is rendered where it is shown.
    "text.yes": {"vi": "có", "en": "yes"},
    "text.no": {"vi": "không", "en": "no"},
    "text.joined": {"vi": "{items}", "en": "{items}"},
    "text.raw": {"vi": "{text}", "en": "{text}"},
    "text.engine.python": {"vi": "bộ đánh giá Python của rallyrules", "en": "python (rallyrules evaluator)"},
    "problem.rule": {"vi": "quy tắc '{rule}':", "en": "rule '{rule}':"},
    "problem.summary": {"vi": "{summary} ({n} vấn đề):", "en": "{summary} ({n} problem{s}):"},
    # Bad values of a record (rallyrules.facts): the English words are those the library always used.
    "data.field": {"vi": "cột {field}: {problem}", "en": "{field}: {problem}"},
    "data.record.not-mapping": {
        "vi": "một bản ghi phải gồm các cặp tên cột và giá trị, nhưng đây là {type} {value}",
        "en": "a record must map field names to values, got {type} {value}",
    },
    "data.record.unknown-field": {"vi": "không có cột {field}", "en": "unknown field {field}"},
    "data.record.missing": {"vi": "thiếu giá trị ở cột {field}", "en": "missing {field}"},
    "data.value.one-of": {
        "vi": "cột {field} chỉ nhận một trong các giá trị ({options}), nhưng ô ghi {value}",
        "en": "{field} must be in ({options}) (got {value})",
    },
    "data.value.at-least": {
        "vi": "cột {field} phải từ {bound} trở lên, nhưng ô ghi {value}",
        "en": "{field} must be >= {bound}: {value}",
    },
    "data.value.length": {
        "vi": "cột {field} phải có ít nhất {bound} ký tự, nhưng ô có {value}",
        "en": "Length of {field} must be >= {bound}: {value}",
    },
    "data.coverage-before-enrolment": {
        "vi": "thời hạn tham gia đến ngày {until} (cột 'covered_until') sớm hơn ngày tham gia {enrolled} (cột 'enrolled_on'): "
        "thời hạn không thể kết thúc trước khi tham gia",
        "en": "'covered_until' ({until}) is before 'enrolled_on' ({enrolled}); coverage cannot end before the enrolment",
    },
    "data.date.has-time": {
        "vi": "cần một ngày, nhưng ô ghi cả ngày và giờ {value}",
        "en": "expected a date, got a date and time {value}",
    },
    "data.date.iso": {
        "vi": "cần một ngày dạng YYYY-MM-DD, nhưng ô ghi {value}",
        "en": "expected an ISO date YYYY-MM-DD, got {value}",
    },
    "data.whole.expected": {"vi": "cần một số nguyên, nhưng ô ghi {value}", "en": "expected a whole number, got {value}"},
    "data.whole.thousands": {
        "vi": "cần một số nguyên, nhưng ô ghi {value}: hãy viết không có dấu phân cách hàng nghìn ({plain})",
        "en": "expected a whole number, got {value}: write it without a thousands separator ({plain})",
    },
    "data.whole.beyond": {
        "vi": "{value} vượt quá giới hạn số nguyên mà dữ liệu có thể chứa (từ {low} đến {high})",
        "en": "{value} is beyond the whole numbers a fact can hold ({low} to {high})",
    },
    "data.text.expected": {"vi": "cần văn bản, nhưng ô ghi {value}", "en": "expected text, got {value}"},
    "data.text.surrogate": {
        "vi": "văn bản không hợp lệ theo Unicode (một ký tự thay thế đứng lẻ) trong {value}",
        "en": "text that is not valid Unicode (a lone surrogate) in {value}",
    },
    "data.text.too-long": {
        "vi": "văn bản dài {size} byte UTF-8; chỉ được tối đa {limit} byte ({value})",
        "en": "text of {size} UTF-8 bytes; at most {limit} are allowed ({value})",
    },
    "data.text.hidden": {
        "vi": "văn bản chứa ký tự {character} ở vị trí thứ {at} của {value}: dữ liệu không được chứa ký tự điều khiển "
        "hoặc ký tự ẩn (chúng làm hai giá trị khác nhau trông giống hệt nhau); hãy xoá ký tự này",
        "en": "text holding {character} at character {at} of {value}: control and invisible characters are not accepted "
        "in data (they can make two different values look the same); remove it",
    },
    # Reading tables (rallyrules.tables): files, headers, rows and cells.
    "data.header": {"vi": "dòng tiêu đề: {problems}", "en": "header: {problems}"},
    "data.header.missing": {"vi": "thiếu cột {columns}", "en": "missing column(s) [{columns}]"},
    "data.header.unknown": {"vi": "không nhận ra cột {headings}", "en": "unknown column(s) [{headings}]"},
    "data.header.unknown-hints": {
        "vi": "không nhận ra cột {headings} ({hints})",
        "en": "unknown column(s) [{headings}] ({hints})",
    },
    "data.header.did-you-mean": {"vi": "có phải {heading} là cột {column}?", "en": "for {heading} did you mean {column}?"},
    "data.header.did-you-mean-spelled": {
        "vi": "có phải {heading} là cột {column} ('{spelling}')?",
        "en": "for {heading} did you mean {column} ('{spelling}')?",
    },
    "data.header.repeated": {
        "vi": "{first} và {heading} cùng là cột {column}",
        "en": "{first} and {heading} are both column {column}",
    },
    "data.header.expected": {
        "vi": "bảng cần các cột {columns} (tiêu đề tiếng Việt hoặc tiếng Anh đều được)",
        "en": "expected columns [{columns}] or their Vietnamese names",
    },
    "data.header.no-commas": {
        "vi": "dòng tiêu đề không có dấu phẩy: nếu tệp dùng dấu phân cách khác, hãy lưu lại dưới dạng CSV phân cách bằng dấu phẩy",
        "en": "the header holds no commas: if the file uses another separator, save it as CSV with commas",
    },
    "data.date.time-zone": {
        "vi": "cần một ngày, nhưng ô ghi ngày giờ có múi giờ ({value})",
        "en": "expected a date, got a date and time with a time zone ({value})",
    },
    "data.date.time": {
        "vi": "cần một ngày, nhưng ô ghi cả ngày và giờ ({value}); hãy bỏ phần giờ",
        "en": "expected a date, got a date and time ({value}); remove the time part",
    },
    "data.date.no-such-day": {
        "vi": "{value} không phải là một ngày có thật (ngày {day}, tháng {month}, năm {year})",
        "en": "{value} is not a date that exists (day {day}, month {month}, year {year})",
    },
    "data.date.expected-text": {
        "vi": "cần một ngày dạng dd/mm/yyyy (ngày trước) hoặc YYYY-MM-DD, nhưng ô ghi {value}",
        "en": "expected a date as dd/mm/yyyy (day first) or YYYY-MM-DD, got {value}",
    },
    "data.date.number": {
        "vi": "cần một ngày, nhưng ô ghi số {value}; hãy định dạng ô là ngày, hoặc ghi dd/mm/yyyy",
        "en": "expected a date, got the number {value}; format the cell as a date, or write dd/mm/yyyy",
    },
    "data.date.expected": {"vi": "cần một ngày, nhưng ô ghi {value}", "en": "expected a date, got {value}"},
    "data.code.number": {
        "vi": "mã phải ghi dạng văn bản, nhưng ô ghi số {value}: mã ghi dạng số sẽ mất các số 0 ở đầu và có thể không khớp "
        "với cùng mã ghi dạng văn bản; hãy định dạng cột là Text (Văn bản) rồi nhập lại mã",
        "en": "expected the code as text, got the number {value}: a code typed as a number loses its leading zeros "
        "and may not match the same code typed as text; format the column as Text and type the code again",
    },
    "data.text.number": {"vi": "cần văn bản, nhưng ô ghi số {value}", "en": "expected text, got the number {value}"},
    "data.text.date": {
        "vi": "cần văn bản, nhưng ô ghi ngày {value} (có thể bảng tính đã tự đổi văn bản thành ngày)",
        "en": "expected text, got the date {value} (a spreadsheet may have turned the text into a date)",
    },
    "data.file.missing": {
        "vi": "không đọc được tệp: tệp không tồn tại (cũng không có {others})",
        "en": "cannot read the file: it does not exist (nor {others})",
    },
    "data.file.not-folder": {"vi": "không phải là thư mục", "en": "is not a folder"},
    "data.file.twice": {
        "vi": "bảng {table} có hai tệp, {names}; mỗi bảng chỉ giữ một tệp",
        "en": "table {table} is given twice, as {names}; keep one file per table",
    },
    "data.file.xls": {
        "vi": "là tệp Excel 97-2003; hãy lưu lại dưới dạng .xlsx (Excel Workbook)",
        "en": "is an Excel 97-2003 workbook; save it as .xlsx (Excel Workbook)",
    },
    "data.file.format": {
        "vi": "không đọc được tệp '.{fmt}'; hãy gửi bảng dưới dạng {formats}",
        "en": "cannot read a '.{fmt}' file; give the table as {formats}",
    },
    "data.file.needs": {
        "vi": "để đọc tệp .{fmt} cần cài {need}: pip install 'rallyrules[tables]'",
        "en": "reading .{fmt} files needs {need}: pip install 'rallyrules[tables]'",
    },
    "data.file.unreadable": {"vi": "không đọc được tệp: {reason}", "en": "cannot read the file: {reason}"},
    "data.file.unreadable-kind": {"vi": "không đọc được tệp {kind}: {reason}", "en": "cannot read the {kind} file: {reason}"},
    "data.file.workbook": {"vi": "không đọc được tệp Excel: {reason}", "en": "cannot read the workbook: {reason}"},
    "data.file.parquet": {"vi": "không đọc được tệp Parquet: {reason}", "en": "cannot read the Parquet file: {reason}"},
    "data.file.not-csv": {"vi": "không phải tệp CSV hợp lệ: {reason}", "en": "not valid CSV: {reason}"},
    "data.file.not-utf8-reason": {
        "vi": "không phải văn bản UTF-8 hợp lệ ({reason}); hãy lưu tệp dưới dạng UTF-8",
        "en": "not valid UTF-8 ({reason}); save the file as UTF-8",
    },
    "data.file.not-utf8": {
        "vi": "không phải văn bản UTF-8 hợp lệ; hãy lưu lại dưới dạng 'CSV UTF-8 (Comma delimited)'",
        "en": "is not valid UTF-8 text; save it as 'CSV UTF-8 (Comma delimited)'",
    },
    "data.file.utf16": {
        "vi": "là văn bản UTF-16 (kiểu 'Unicode Text' của Excel); hãy lưu lại dưới dạng 'CSV UTF-8 (Comma delimited)'",
        "en": "is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)'",
    },
    "data.file.legacy-encoding": {
        "vi": "không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3/VNI mà Windows tiếng Việt hay dùng); "
        "hãy lưu lại dưới dạng 'CSV UTF-8 (Comma delimited)'",
        "en": "is not UTF-8 text (perhaps Windows-1258 or TCVN3/VNI, which Vietnamese Windows uses); "
        "save it as 'CSV UTF-8 (Comma delimited)'",
    },
    "data.frame.needs-pandas": {
        "vi": "để đọc DataFrame cần cài pandas: pip install 'rallyrules[tables]'",
        "en": "reading DataFrames needs pandas: pip install 'rallyrules[tables]'",
    },
    "data.frame.not-frame": {
        "vi": "cần một pandas DataFrame, nhưng đây là {type}",
        "en": "expected a pandas DataFrame, got {type}",
    },
    "data.frame.multi-index": {
        "vi": "có nhiều tầng tiêu đề (MultiIndex); mỗi cột chỉ một tiêu đề",
        "en": "has several header levels (a MultiIndex); give one heading per column",
    },
    "data.frame.index": {
        "vi": "[{names}] là chỉ mục (index) của DataFrame; hãy gọi .reset_index() để biến nó thành cột",
        "en": "[{names}] is the DataFrame's index; call .reset_index() to make it a column",
    },
    "data.frame.floats": {
        "vi": "cột {heading} ({column}) chứa số thực ở chỗ cần số nguyên: pandas đã đọc thành {dtype} (một giá trị như 3.000 "
        "có thể là ba nghìn); hãy đọc với dtype={{{heading}: 'Int64'}} hoặc đổi bằng .astype('Int64') sau khi kiểm tra",
        "en": "column {heading} ({column}) holds floats where whole numbers are expected: pandas read it as {dtype} (a value "
        "such as 3.000 may have been three thousand); read it with dtype={{{heading}: 'Int64'}} or convert it with "
        ".astype('Int64') after checking it",
    },
    "data.row.columns": {
        "vi": "dòng tiêu đề có {header} cột nhưng dòng này có {row} cột",
        "en": "has {header} columns in the header but {row} in this row",
    },
    "data.row.no-heading": {
        "vi": "có giá trị ở cột {letters}, là cột không có tiêu đề",
        "en": "has values in column(s) {letters}, which have no heading",
    },
    "data.cell.formula": {
        "vi": "ô {cell} chứa công thức ({formula}) chưa từng được tính ra giá trị; hãy mở tệp bằng Excel rồi lưu lại, "
        "hoặc dán giá trị thay cho công thức",
        "en": "cell {cell} holds a formula ({formula}) whose value was never computed; open the file in Excel and save it, "
        "or paste the values",
    },
    "data.note.separator": {
        "vi": "đã đọc với {separator} làm dấu phân cách (dòng tiêu đề không có dấu phẩy giữa các cột)",
        "en": "read with {separator} as the separator (the header has no commas between its columns)",
    },
    "data.note.sheet": {
        "vi": "không đọc trang tính {sheet} (mỗi bảng là trang tính đầu tiên của tệp Excel)",
        "en": "sheet {sheet} is not read (a table is the first sheet of its workbook)",
    },
    "data.record": {"vi": "bản ghi {record}: {problems}", "en": "{record} record: {problems}"},
    "data.record.subject": {"vi": "đối tượng thi đua", "en": "subject"},
    "data.record.quota": {"vi": "chỉ tiêu", "en": "quota"},
    "data.record.enrolment": {"vi": "hồ sơ tham gia", "en": "enrolment"},
    "data.record.attestation": {"vi": "xác nhận", "en": "attestation"},
    "data.record.targetresult": {"vi": "chỉ tiêu năm", "en": "targetresult"},
    "data.record.submission": {"vi": "văn bản đã gửi", "en": "submission"},
    "data.record.rosterline": {"vi": "danh sách lực lượng", "en": "rosterline"},
    "data.record.adminunit": {"vi": "đơn vị hành chính", "en": "adminunit"},
    "data.rows.more": {
        "vi": "còn {more} dòng khác của bảng này không đọc được ({explained} dòng đầu đã liệt kê ở trên); hãy sửa lại cả tệp",
        "en": "{more} more rows of this table cannot be read (the first {explained} are listed above); fix the file as a whole",
    },
    # Checking a data set (rallyrules.dataset, rallyrules.count): the tables against each other and the pack.
    "data.summary.bad-input": {"vi": "dữ liệu đầu vào trong {source} có lỗi", "en": "bad input data in {source}"},
    "data.summary.bad-records": {"vi": "các bản ghi trong {source} có lỗi", "en": "bad records in {source}"},
    "data.summary.cannot-read": {"vi": "không đọc được dữ liệu từ {source}", "en": "cannot read data from {source}"},
    "data.summary.inconsistent": {
        "vi": "dữ liệu đầu vào trong {source} không khớp với nhau hoặc với bộ quy tắc",
        "en": "inconsistent input data in {source}",
    },
    "data.file.misnamed": {
        "vi": "không được đọc: có phải tên tệp là {name}? Tệp của một bảng phải mang đúng tên bảng; nếu không, "
        "bảng {table} sẽ bị coi là không có",
        "en": "is not read: did you mean {name}? A table's file is named exactly after it; without it, table {table} "
        "would be taken as absent",
    },
    "data.note.a-folder": {"vi": "là một thư mục", "en": "a folder"},
    "data.note.not-a-table": {"vi": "không phải là bảng của bộ dữ liệu", "en": "not a table of a data set"},
    "data.note.not-read": {"vi": "không đọc: {what}", "en": "not read: {what}"},
    "data.note.not-read-hint": {"vi": "không đọc: {what} (có phải là {name}?)", "en": "not read: {what} (did you mean {name}?)"},
    "data.note.unknown-subject": {
        "vi": "{n} hồ sơ tham gia ghi đơn vị vận động {unknown} không có trong danh sách đối tượng nên không được tính; "
        "có phải là {known}?",
        "en": "{n} enrolment(s) credited to unknown subject {unknown} are excluded; did you mean {known}?",
    },
    "data.check.duplicate-subject": {
        "vi": "mã đối tượng {subject} bị trùng (đã có ở dòng trước)",
        "en": "duplicate subject_id {subject}",
    },
    "data.check.unknown-level": {
        "vi": "đối tượng {subject}: cấp thi đua {level} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "subject {subject}: unknown level {level}; the pack knows [{known}]",
    },
    "data.check.unknown-parent": {
        "vi": "đối tượng {subject}: đơn vị cấp trên {parent} không có trong danh sách đối tượng",
        "en": "subject {subject}: parent_id {parent} is not a subject",
    },
    "data.check.cycle": {
        "vi": "đối tượng {subject}: chuỗi đơn vị cấp trên quay vòng qua {through}",
        "en": "subject {subject}: its parents form a cycle through {through}",
    },
    "data.check.second-quota": {
        "vi": "đối tượng {subject} có chỉ tiêu thứ hai trong đợt {wave}",
        "en": "a second quota for subject {subject} in wave {wave}",
    },
    "data.check.quota-unknown-subject": {
        "vi": "chỉ tiêu của đối tượng {subject} không có trong danh sách đối tượng",
        "en": "quota for unknown subject {subject}",
    },
    "data.check.quota-wave": {
        "vi": "chỉ tiêu cho đợt {wave}, nhưng bộ quy tắc chỉ có các đợt {waves}",
        "en": "quota for wave {wave}, but the pack has waves [{waves}]",
    },
    "data.check.needs-scope": {
        "vi": "đối tượng {subject}: cấp {level} được khen thưởng theo từng địa bàn; hãy ghi địa bàn khen thưởng (cột 'scope')",
        "en": "subject {subject}: level {level} is awarded per area; give its scope",
    },
    "data.check.attestation-not-individual": {
        "vi": "xác nhận cho {subject}, nhưng đây không phải là một cá nhân trong danh sách đối tượng",
        "en": "attestation for {subject}, which is not an individual subject",
    },
    "data.check.attestation-wave": {
        "vi": "xác nhận cho đợt {wave}, nhưng bộ quy tắc chỉ có các đợt {waves}",
        "en": "attestation for wave {wave}, but the pack has waves [{waves}]",
    },
    "data.check.second-attestation": {
        "vi": "xác nhận thứ hai cho {subject} trong đợt {wave}",
        "en": "a second attestation for {subject} in wave {wave}",
    },
    "data.check.target-unknown-subject": {
        "vi": "chỉ tiêu năm của đối tượng {subject} không có trong danh sách đối tượng",
        "en": "target for unknown subject {subject}",
    },
    "data.check.unknown-indicator": {
        "vi": "loại chỉ tiêu {indicator} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "unknown indicator {indicator}; the pack knows [{known}]",
    },
    "data.check.second-target": {
        "vi": "chỉ tiêu năm {indicator} thứ hai cho {subject}",
        "en": "a second {indicator} target for {subject}",
    },
    "data.check.unknown-deadline": {
        "vi": "văn bản phải gửi {deadline} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "unknown deadline {deadline}; the pack knows [{known}]",
    },
    "data.check.deadline-no-date": {
        "vi": "văn bản {deadline} không có thời hạn cho đợt {wave}",
        "en": "deadline {deadline} has no date for wave {wave}",
    },
    "data.check.not-submitter": {
        "vi": "{submitter} không phải là đơn vị {level} phải gửi {deadline}",
        "en": "{submitter} is not a {level}-level unit that submits {deadline}",
    },
    "data.check.second-submission": {
        "vi": "văn bản {deadline} thứ hai của {submitter} cho đợt {wave}",
        "en": "a second {deadline} submission by {submitter} for wave {wave}",
    },
    "data.check.roster-wave": {
        "vi": "danh sách lực lượng cho đợt {wave}, nhưng bộ quy tắc chỉ có các đợt {waves}",
        "en": "roster for wave {wave}, but the pack has waves [{waves}]",
    },
    "data.check.unknown-unit": {
        "vi": "đơn vị {unit} không có; các đơn vị là {known}",
        "en": "unknown unit {unit}; units are [{known}]",
    },
    "data.check.unknown-role": {
        "vi": "vai trò {role} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "unknown roster role {role}; the pack knows [{known}]",
    },
    "data.check.role-level": {
        "vi": "vai trò {role} không dùng ở {level}",
        "en": "role {role} is not used at the {level} level",
    },
    "data.check.unknown-scheme": {
        "vi": "hồ sơ {enrolment}: loại hình {scheme} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "enrolment {enrolment}: unknown scheme {scheme}; the pack knows [{known}]",
    },
    "data.check.not-individual": {
        "vi": "hồ sơ {enrolment}: cá nhân vận động {individual} không phải là một cá nhân trong danh sách đối tượng",
        "en": "enrolment {enrolment}: credited_individual {individual} is not an individual subject",
    },
    "data.check.duplicate-enrolment": {
        "vi": "mã hồ sơ {enrolment} bị trùng",
        "en": "duplicate enrolment_id {enrolment}",
    },
    "data.check.area-two-names": {
        "vi": "mã địa bàn {code} mang tên {name}, nhưng dòng trước ghi tên {first}: mỗi mã chỉ một tên",
        "en": "area code {code} is named {name}, but an earlier row names it {first}: one name per code",
    },
    "data.check.second-commune": {
        "vi": "mã xã, phường, thị trấn {code} có ở dòng trước",
        "en": "a second row for commune code {code}",
    },
    # The command line (rallyrules.cli): what every command prints besides its tables.
    "cli.none": {"vi": "không có", "en": "none"},
    "cli.choose-pack": {
        "vi": "hãy chọn bộ quy tắc bằng --rules (có sẵn: {packs})",
        "en": "choose a rule pack with --rules (bundled: {packs})",
    },
    "cli.step.loading": {"vi": "đang đọc bộ quy tắc", "en": "loading the rule pack"},
    "cli.step.reading": {"vi": "đang đọc dữ liệu", "en": "reading the data"},
    "cli.step.checking": {"vi": "đang kiểm tra dữ liệu", "en": "checking the data"},
    "cli.step.compiling": {"vi": "đang biên dịch các quy tắc", "en": "compiling rules"},
    "cli.step.deciding": {"vi": "đang xét các quy tắc", "en": "deciding"},
    "cli.step.applying": {"vi": "đang áp dụng giới hạn tỷ lệ", "en": "applying caps"},
    "cli.engine-failure": {"vi": "bộ máy quyết định gặp lỗi: {reason}", "en": "engine failure: {reason}"},
    "cli.cannot-write": {"vi": "không ghi được {path}: {reason}", "en": "cannot write {path}: {reason}"},
    "cli.cannot-write-into": {"vi": "không ghi được vào {folder}: {reason}", "en": "cannot write into {folder}: {reason}"},
    "cli.cannot-write-rulebook": {
        "vi": "không ghi được bộ quy tắc vào {folder}: {reason}",
        "en": "cannot write the rulebook to {folder}: {reason}",
    },
    "cli.did-you-mean": {"vi": " Có phải là {names}?", "en": " Did you mean {names}?"},
    "cli.no-decision": {"vi": "không có quyết định nào về '{subject}'.{hint}", "en": "no decision about '{subject}'.{hint}"},
    "cli.report.file-name": {
        "vi": "-o là thư mục để ghi vào; {folder} trông như tên tệp (hãy thử -o {folder_only})",
        "en": "-o names the folder to write into; {folder} looks like a file name (try -o {folder_only})",
    },
    "cli.report.not-folder": {
        "vi": "-o {folder}: đã có và không phải là thư mục",
        "en": "-o {folder}: exists and is not a folder",
    },
    "cli.report.no-parent": {
        "vi": "-o {folder}: thư mục {parent} không tồn tại",
        "en": "-o {folder}: the folder {parent} does not exist",
    },
    "cli.report.read-only": {
        "vi": "-o {folder}: không ghi được vào {parent}",
        "en": "-o {folder}: {parent} cannot be written to",
    },
    "cli.report.cwd-read-only": {
        "vi": "không ghi được vào thư mục hiện tại {folder}: hãy chọn thư mục bằng -o",
        "en": "the current folder {folder} cannot be written to: choose a folder with -o",
    },
    "cli.report.needs": {
        "vi": "để xuất {fmt} cần cài {module}: pip install 'rallyrules[office]'",
        "en": "the {fmt} output needs {module}: pip install 'rallyrules[office]'",
    },
    "cli.check.pack": {
        "vi": "bộ quy tắc {pack}: {rules} quy tắc, {waves} đợt, {parameters} tham số — hợp lệ",
        "en": "rule pack {pack}: {rules} rules, {waves} waves, {parameters} parameters — OK",
    },
    "cli.check.data": {
        "vi": "dữ liệu {data}: {subjects} đối tượng, {quotas} chỉ tiêu, {enrolments} hồ sơ tham gia — hợp lệ",
        "en": "data {data}: {subjects} subjects, {quotas} quotas, {enrolments} enrolments — OK",
    },
    # Explanations (rallyrules._naming, rallyrules.decisions): each condition in the pack's words, with names.
    "names.decision": {
        "vi": "{subject}, {round}: {verdict} — {rule} (quy tắc {rule_id})",
        "en": "{subject}, {round}: {verdict} — {rule} (rule {rule_id})",
    },
    "names.verdict.eligible": {"vi": "đủ điều kiện đề nghị {award}", "en": "eligible for the {award}"},
    "names.verdict.not-eligible": {"vi": "không đủ điều kiện đề nghị {award}", "en": "not eligible for the {award}"},
    "names.verdict.met": {"vi": "đạt", "en": "met"},
    "names.verdict.not-met": {"vi": "KHÔNG đạt", "en": "NOT met"},
    "names.condition": {
        "vi": "{says} — {label}: {found}; {required} — {verdict}",
        "en": "{says} — {label}: {found}; {required} — {verdict}",
    },
    "names.reason": {"vi": "{says} — {label}: {found}; {required}{short}", "en": "{says} — {label}: {found}; {required}{short}"},
    "names.condition.same": {"vi": "{says}: {found}; {required} — {verdict}", "en": "{says}: {found}; {required} — {verdict}"},
    "names.reason.same": {"vi": "{says}: {found}; {required}{short}", "en": "{says}: {found}; {required}{short}"},
    # -- rallyrules verify: the outcome's frame (its differences name places in the JSON, as it has them).
    "verify.confirmed": {
        "vi": "xác nhận: bộ quy tắc này trên dữ liệu này cho đúng kết quả đã lưu, mọi trường trừ thời điểm đánh giá",
        "en": "confirmed: these rules on these data give the same result, every field but the evaluation time",
    },
    "verify.not-confirmed": {"vi": "KHÔNG xác nhận được:", "en": "NOT confirmed:"},
    "verify.checked-with": {"vi": "đã đối chiếu với:", "en": "checked with:"},
    "verify.rules": {"vi": "  bộ quy tắc: {source}, mã băm {digest}", "en": "  rules: {source}, digest {digest}"},
    "verify.data": {"vi": "  dữ liệu: {source}, mã băm {digest}", "en": "  data: {source}, digest {digest}"},
    "verify.engine": {"vi": "  bộ máy suy diễn: {engine}", "en": "  engine: {engine}"},
    "verify.source.pack-given": {"vi": "bộ quy tắc được truyền vào, '{pack}'", "en": "the pack given, '{pack}'"},
    "verify.source.pack-folder": {"vi": "thư mục bộ quy tắc được chỉ định, {folder}", "en": "the pack folder given, {folder}"},
    "verify.source.pack-bundled": {"vi": "bộ quy tắc kèm theo '{pack}' ({folder})", "en": "the bundled pack '{pack}' ({folder})"},
    "verify.source.readings": {"vi": "{source}, theo các cách hiểu {choices}", "en": "{source}, {choices}"},
    "verify.source.records": {"vi": "các bản ghi được truyền vào ({source})", "en": "the records given ({source})"},
    "verify.source.data-folder": {"vi": "thư mục dữ liệu được chỉ định, {folder}", "en": "the data folder given, {folder}"},
    "verify.source.data-bundled": {
        "vi": "dữ liệu kèm theo bộ quy tắc '{pack}' ({folder})",
        "en": "the bundled data of '{pack}' ({folder})",
    },
    "names.not-submitted": {"vi": "chưa gửi", "en": "not sent"},
    "names.required": {"vi": "cần {op} {value}", "en": "required {op} {value}"},
    "names.required-value": {"vi": "cần: {value}", "en": "required: {value}"},
    "names.met": {"vi": "đạt", "en": "met"},
    "names.not-met": {"vi": "không đạt", "en": "not met"},
    "names.shortfall": {"vi": "còn thiếu {needed} {unit}", "en": "short by {needed} {unit}"},
    "names.ratio-of": {"vi": "{words} ({which})", "en": "{words} ({which})"},
    "names.undefined-ratio": {"vi": "{of}/0 (không tính được tỷ lệ)", "en": "{of}/0 (no share: nothing to divide by)"},
    "names.none": {"vi": "(không có)", "en": "(none)"},
    "names.unnamed-area": {
        "vi": "{code} (chưa có tên trong danh mục đơn vị hành chính)",
        "en": "{code} (no name in the list of administrative units)",
    },
    "names.cap": {"vi": "tối đa {maximum} = {rate} × {base}", "en": "cap {maximum} = {rate} × {base}"},
    "names.cap-base": {"vi": "{base} {kind}", "en": "{base} {kind}"},
    "names.cap-base-eligible": {"vi": "{base} {kind} đủ điều kiện", "en": "{base} eligible {kind}"},
    "names.group": {"vi": "{authority}, {round}", "en": "{authority}, {round}"},
    "names.selection.uncapped": {
        "vi": "Hình thức khen thưởng này không giới hạn số lượng.",
        "en": "No cap on this award.",
    },
    "names.selection.selected": {
        "vi": "Được chọn: hạng {rank}/{eligible} đối tượng đủ điều kiện; {cap} ({group})",
        "en": "Selected: rank {rank} of {eligible} eligible; {cap} ({group})",
    },
    "names.selection.not-selected": {
        "vi": "Đủ điều kiện nhưng không được chọn (vượt giới hạn tỷ lệ): hạng {rank}/{eligible} đối tượng đủ điều kiện; "
        "{cap} ({group})",
        "en": "Eligible, not selected (over the cap): rank {rank} of {eligible} eligible; {cap} ({group})",
    },
    "names.selection.not-eligible": {
        "vi": "Không đủ điều kiện nên không được xét chọn; {cap} ({group})",
        "en": "Not eligible, so not considered for selection; {cap} ({group})",
    },
    "names.awarded": {
        "vi": "Người tặng: {authority}; kinh phí: {fund}; trao tại: {occasion}",
        "en": "Awarded by: {authority}; fund: {fund}; presented at: {occasion}",
    },
    "names.md.condition": {"vi": "điều kiện", "en": "condition"},
    "names.md.found": {"vi": "giá trị", "en": "found"},
    "names.md.required": {"vi": "yêu cầu", "en": "required"},
    "names.md.met": {"vi": "đạt", "en": "met"},
    "names.md.clause": {"vi": "điều khoản", "en": "clause"},
    "report.fact.worst_indicator": {"vi": "Chỉ tiêu năm đạt thấp nhất", "en": "Least achieved year target"},
    # Findings about the data (rallyrules.consistency): what a reviewer should look at.
    "finding.check.quota-allocation": {"vi": "Phân bổ chỉ tiêu", "en": "Quota allocation"},
    "finding.check.no-awarding-authority": {"vi": "Không có người tặng", "en": "No awarding authority"},
    "finding.quota-allocation": {
        "vi": "{subject}, {wave}: chỉ tiêu {quota} người khác tổng {handed_down} người đã giao cho {children} đơn vị trực thuộc "
        "(chênh lệch {difference})",
        "en": "{subject}, {wave}: the quota of {quota} people differs from the {handed_down} handed down to the {children} "
        "subjects below it (by {difference})",
    },
    "finding.no-awarding-authority": {
        "vi": "{subject}: không có người tặng {award} cho đối tượng {level}",
        "en": "{subject}: no authority awards the {award} at the {level}",
    },
    # The exclusion ledger's details (rallyrules.count: Counting.ledger_in), filled from the ledger's columns.
    "ledger.unknown-subject": {
        "vi": "đơn vị vận động '{credited_to}' không có trong danh sách đối tượng",
        "en": "credited to unknown subject '{credited_to}'",
    },
    "ledger.did-you-mean": {"vi": " (có phải là '{suggestion}'?)", "en": " (did you mean '{suggestion}'?)"},
    "ledger.outside-periods": {
        "vi": "tham gia ngày {enrolled_on}, ngoài thời gian thi đua của các đợt ({periods})",
        "en": "enrolled on {enrolled_on}, outside every emulation period ({periods})",
    },
    "ledger.coverage-missing": {
        "vi": "{scheme} phải có thời hạn tham gia đến hết ngày {through}; hồ sơ không ghi thời hạn tham gia",
        "en": "{scheme} must be covered through {through}; no coverage end date given",
    },
    "ledger.coverage-too-short": {
        "vi": "thời hạn tham gia đến ngày {covered_until}; {scheme} phải có thời hạn đến hết ngày {through}",
        "en": "covered until {covered_until}; {scheme} must be covered through {through}",
    },
    "ledger.scheme-not-counted": {
        "vi": "{scheme} không thuộc các loại hình được tính vào chỉ tiêu",
        "en": "{scheme} is not among the schemes counted",
    },
    "ledger.duplicate-enrolment-id": {
        "vi": "mã hồ sơ '{enrolment_id}' được ghi lần nữa (bản ghi đầu tiên của mã này được xét riêng)",
        "en": "enrolment id '{enrolment_id}' given again (its first record is counted or excluded on its own)",
    },
    "ledger.repeat-person": {
        "vi": "người có mã số BHXH '{person_id}' đã được tính ở hồ sơ '{first}'",
        "en": "person '{person_id}' already counted by enrolment '{first}'",
    },
    "ledger.repeat-person-scheme": {
        "vi": "người có mã số BHXH '{person_id}' đã được tính cho {scheme} ở hồ sơ '{first}'",
        "en": "person '{person_id}' already counted in {scheme} by enrolment '{first}'",
    },
    # -- interpretations and their alternatives: what each reading changes (rallyrules.weigh,
    # `rallyrules interpretations`, the rulebook's alternatives). Owner: interpretations.
    "weigh.title": {
        "vi": "Các cách hiểu và tác động của từng cách hiểu — {pack} — dữ liệu: {source}",
        "en": "Interpretations and what each reading changes — {pack} — data: {source}",
    },
    "weigh.intro": {
        "vi": "Mỗi cách hiểu khác được xét riêng: mọi câu hỏi còn lại giữ cách hiểu hiện hành. Số quyết định thay đổi là số "
        "quyết định (đối tượng, đợt, quy tắc) có kết quả hoặc việc được chọn khác đi.",
        "en": "Each other reading is weighed alone: every other question keeps its current reading. Decisions changed are the "
        "decisions (subject, round, rule) whose outcome or selection differs.",
    },
    "weigh.from-choices": {
        "vi": "So sánh từ các cách hiểu đã chọn: {choices}",
        "en": "Compared from the readings chosen: {choices}",
    },
    "weigh.baseline-error": {
        "vi": "Không xét được dữ liệu theo cách hiểu hiện hành: {error}",
        "en": "The data cannot be evaluated under the current readings: {error}",
    },
    "weigh.current": {"vi": "Cách hiểu hiện hành: {choice}", "en": "Current reading: {choice}"},
    "weigh.alternative": {"vi": "Cách hiểu khác: {label}", "en": "Other reading: {label}"},
    "weigh.rests-on": {"vi": "Căn cứ: {document}, {section}: “{quote}”", "en": "Rests on: {document}, {section}: “{quote}”"},
    "weigh.choose": {"vi": "Chọn cách hiểu này: --choose {choice}", "en": "To choose it: --choose {choice}"},
    "weigh.error": {
        "vi": "Không xét được dữ liệu theo cách hiểu này: {error}",
        "en": "The data cannot be evaluated under this reading: {error}",
    },
    "weigh.counted": {
        "vi": "Số lượt tham gia được tính: {before} → {after}",
        "en": "Enrolments counted: {before} → {after}",
    },
    "weigh.no-change": {
        "vi": "Không làm thay đổi quyết định nào trên dữ liệu này.",
        "en": "Changes no decision on this data.",
    },
    "weigh.changed": {"vi": "Thay đổi {n} quyết định:", "en": "Changes {n} decision(s):"},
    "weigh.count.eligible": {"vi": "đủ điều kiện {before} → {after}", "en": "eligible {before} → {after}"},
    "weigh.count.selected": {"vi": "được chọn {before} → {after}", "en": "selected {before} → {after}"},
    "weigh.count.met": {"vi": "đạt yêu cầu {before} → {after}", "en": "met {before} → {after}"},
    "weigh.examples": {
        "vi": "Ví dụ ({shown} trong {n} quyết định thay đổi):",
        "en": "For example ({shown} of the {n} decisions changed):",
    },
    "weigh.flip": {
        "vi": "{name} ({id}) — {round}, {rule}: {before} → {after}",
        "en": "{name} ({id}) — {round}, {rule}: {before} → {after}",
    },
    "weigh.state.selected": {"vi": "được chọn", "en": "selected"},
    "weigh.state.not-selected": {"vi": "đủ điều kiện, không được chọn", "en": "eligible, not selected"},
    "weigh.state.not-eligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "weigh.state.eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "weigh.state.met": {"vi": "đạt", "en": "met"},
    "weigh.state.not-met": {"vi": "không đạt", "en": "not met"},
    "weigh.state.none": {"vi": "không xét (quy tắc không áp dụng)", "en": "not decided (the rule does not apply)"},
    "weigh.sole-heading": {
        "vi": "Các câu hỏi chỉ có một cách hiểu hợp lý, và lý do:",
        "en": "Questions with one reasonable reading only, and why:",
    },
    "weigh.sole-unsaid": {
        "vi": "bộ quy tắc chưa nêu cách hiểu khác, cũng chưa nêu lý do không có",
        "en": "the pack gives no other reading, nor why there is none",
    },
    "rulebook.alternatives": {"vi": "Các cách hiểu khác", "en": "Other readings"},
    "rulebook.alternative": {"vi": "Cách hiểu khác", "en": "Other reading"},
    "rulebook.alternative-reason": {"vi": "Lý do", "en": "Why"},
    "rulebook.alternative-source": {"vi": "Căn cứ", "en": "Rests on"},
    "rulebook.alternative-choose": {"vi": "Chọn", "en": "To choose"},
    "rulebook.alternative-changes": {"vi": "Thay đổi trong bộ quy tắc", "en": "Changes to the pack"},
    "rulebook.alternative-effect": {"vi": "Tác động trên dữ liệu mẫu", "en": "Effect on the bundled data"},
    "rulebook.alternative-not-weighed": {
        "vi": "chưa được tính trên dữ liệu mẫu (không có dữ liệu mẫu của bộ quy tắc này)",
        "en": "not weighed (the pack has no bundled data)",
    },
    "rulebook.sole-reading": {"vi": "Không có cách hiểu khác", "en": "No other reading"},
    "rulebook.sole-unsaid": {
        "vi": "bộ quy tắc chưa nêu cách hiểu khác, cũng chưa nêu lý do không có",
        "en": "the pack gives no other reading, nor why there is none",
    },
    "rulebook.weights-source": {
        "vi": "Tác động của từng cách hiểu khác được tính trên dữ liệu mẫu kèm theo bộ quy tắc ({source}): dữ liệu được xét "
        "theo cách hiểu hiện hành, rồi theo từng cách hiểu khác, mỗi lần một cách hiểu.",
        "en": "Each other reading's effect is computed on the pack's bundled data ({source}): the data is evaluated under the "
        "current readings, then under each other reading, one at a time.",
    },
    "rulebook.change.parameter": {"vi": "tham số {name}: {value}", "en": "parameter {name}: {value}"},
    "rulebook.change.counting": {"vi": "cách tính lượt tham gia: {what}", "en": "counting: {what}"},
    "rulebook.change.rule": {"vi": "các điều kiện của quy tắc {name}", "en": "the conditions of rule {name}"},
    "rulebook.change.condition": {"vi": "điều kiện “{says}” của quy tắc {name}", "en": "the condition “{says}” of rule {name}"},
    "rulebook.change.cap": {"vi": "tỷ lệ tối đa {name}: {what}", "en": "cap {name}: {what}"},
    "rulebook.change.grant": {"vi": "phạm vi xét {name}: {what}", "en": "the rounds of {name}: {what}"},
    "rulebook.change.targets": {"vi": "chỉ tiêu năm: {what}", "en": "year targets: {what}"},
    "rulebook.change.award": {"vi": "dịp trao tặng {name}: {what}", "en": "when {name} is presented: {what}"},
    "rulebook.switch.credit_parents.true": {"vi": "tính cả cho đối tượng cấp trên", "en": "credit also the subjects above"},
    "rulebook.switch.credit_parents.false": {
        "vi": "chỉ tính cho đối tượng được ghi nhận",
        "en": "credit only the subject credited",
    },
    "rulebook.switch.one_enrolment_per_person_and_scheme.true": {
        "vi": "mỗi người tính một lần cho mỗi loại hình",
        "en": "a person counts once per scheme",
    },
    "rulebook.switch.one_enrolment_per_person_and_scheme.false": {
        "vi": "mỗi lượt tham gia đều được tính",
        "en": "every enrolment counts",
    },
    "rulebook.switch.one_enrolment_per_person.true": {
        "vi": "mỗi người chỉ tính một lần cho mọi loại hình",
        "en": "a person counts once whatever the scheme",
    },
    "rulebook.switch.one_enrolment_per_person.false": {
        "vi": "một người tham gia nhiều loại hình được tính ở mỗi loại hình",
        "en": "a person in several schemes counts in each",
    },
    "rulebook.switch.schemes_counted": {"vi": "chỉ tính các loại hình: {schemes}", "en": "count only the schemes: {schemes}"},
    "rulebook.switch.duplicate_ids.refuse": {
        "vi": "từ chối bộ dữ liệu có mã hồ sơ bị trùng",
        "en": "refuse a data set with a repeated enrolment id",
    },
    "rulebook.switch.duplicate_ids.exclude": {
        "vi": "loại các bản ghi trùng mã hồ sơ, xét phần còn lại",
        "en": "exclude the records with a repeated id, judge the rest",
    },
    "rulebook.switch.quota_per_scheme.each": {
        "vi": "chỉ tiêu giao theo loại hình: phải đạt từng loại hình",
        "en": "quotas per scheme: each scheme's must be reached",
    },
    "rulebook.switch.quota_per_scheme.sum": {
        "vi": "chỉ tiêu giao theo loại hình: xét tổng các loại hình",
        "en": "quotas per scheme: their sum must be reached",
    },
    "rulebook.switch.individuals_use_parent_targets.true": {
        "vi": "cá nhân không có chỉ tiêu riêng được xét theo chỉ tiêu của đơn vị",
        "en": "individuals without targets are measured by their unit's",
    },
    "rulebook.switch.individuals_use_parent_targets.false": {
        "vi": "cá nhân chỉ được xét theo chỉ tiêu của chính mình",
        "en": "individuals are measured by their own targets only",
    },
    "rulebook.switch.zero_target.met": {"vi": "chỉ tiêu bằng 0 được coi là đạt", "en": "a target of 0 counts as met"},
    "rulebook.switch.zero_target.missing": {
        "vi": "chỉ tiêu bằng 0 được coi như không được giao",
        "en": "a target of 0 counts as not given",
    },
    "rulebook.switch.combined": {"vi": "gộp thành một chỉ tiêu: {groups}", "en": "read as one target: {groups}"},
    "rulebook.switch.per_scope.true": {"vi": "xét và tính tỷ lệ riêng cho từng địa bàn", "en": "judged and capped area by area"},
    "rulebook.switch.per_scope.false": {
        "vi": "xét và tính tỷ lệ chung cho mọi địa bàn",
        "en": "judged and capped over all areas together",
    },
    "rulebook.switch.next_rally.true": {"vi": "tại Lễ ra quân của đợt tiếp theo", "en": "at the next wave's rally"},
    "rulebook.switch.next_rally.false": {
        "vi": "tại hội nghị sơ kết, tổng kết gần nhất",
        "en": "at the nearest review conference",
    },
    "rulebook.switch.ranking": {"vi": "xếp hạng theo {keys}", "en": "ranked by {keys}"},
    "rulebook.once-overall": {
        "vi": "Mỗi người tính một lần cho mọi loại hình",
        "en": "One enrolment per person, whatever the scheme",
    },
    "rulebook.schemes-counted": {"vi": "Loại hình được tính vào chỉ tiêu", "en": "Schemes counted towards quotas"},
    "rulebook.schemes-counted.all": {"vi": "mọi loại hình nêu trên", "en": "every scheme above"},
    "rulebook.duplicate-ids": {"vi": "Mã hồ sơ bị trùng", "en": "A repeated enrolment id"},
    "rulebook.quota-per-scheme": {"vi": "Chỉ tiêu giao theo loại hình", "en": "Quotas handed down per scheme"},
    "rulebook.exclusions": {"vi": "Lý do loại trừ lượt tham gia và căn cứ", "en": "Why an enrolment is left out, and on what"},
    "rulebook.exclusion-reason": {"vi": "Lý do", "en": "Reason"},
    "rulebook.exclusion-source": {"vi": "Căn cứ", "en": "Rests on"},
    "rulebook.exclusion-interpretation": {"vi": "Diễn giải", "en": "Interpretation"},
    "rulebook.exclusion.duplicate-enrolment-id": {"vi": "mã hồ sơ bị trùng", "en": "duplicate enrolment id"},
    "rulebook.exclusion.unknown-subject": {
        "vi": "đơn vị không có trong danh sách đối tượng thi đua",
        "en": "credited to an unknown subject",
    },
    "rulebook.exclusion.outside-periods": {"vi": "ngoài thời gian của mọi đợt thi đua", "en": "outside every emulation period"},
    "rulebook.exclusion.scheme-not-counted": {"vi": "loại hình không được tính", "en": "scheme not counted"},
    "rulebook.exclusion.coverage-missing": {"vi": "không có thời hạn tham gia", "en": "no coverage end date"},
    "rulebook.exclusion.coverage-too-short": {"vi": "thời hạn tham gia không đủ", "en": "coverage too short"},
    "rulebook.exclusion.repeat-person-scheme": {
        "vi": "người đã được tính ở loại hình này",
        "en": "person already counted in the scheme",
    },
    "rulebook.exclusion.repeat-person": {"vi": "người đã được tính", "en": "person already counted"},
    "rulebook.exclusion.coverage-parameter": {"vi": "{link} (tham số của loại hình)", "en": "{link} (the scheme's parameter)"},
    "data.check.second-quota-scheme": {
        "vi": "đối tượng {subject} có chỉ tiêu thứ hai của loại hình {scheme} trong đợt {wave}",
        "en": "a second quota for subject {subject} in wave {wave} for scheme {scheme}",
    },
    "data.check.quota-mixed": {
        "vi": "đối tượng {subject} có chỉ tiêu đợt {wave} vừa giao chung vừa giao theo loại hình: chỉ giao một cách",
        "en": "subject {subject} has a quota for wave {wave} in all and per scheme: give one or the other",
    },
    "data.check.quota-unknown-scheme": {
        "vi": "chỉ tiêu của loại hình {scheme} không có trong bộ quy tắc; bộ quy tắc có {known}",
        "en": "quota for unknown scheme {scheme}; the pack knows [{known}]",
    },
    # -- rule-pack problems (rallyrules._validation: `rallyrules check`, load_rule_pack) and problems of
    # YAML files (rallyrules._yaml: rule, scenario and choices files). Owner: languages (issue 11).
    # The English texts are those the library always printed (tests match on them). Ids, keys of
    # the rule files and values found are quoted as written; JSON-Schema's own words (error.message)
    # and Unicode character names stay English inside the Vietnamese sentence.
    "pack.summary.cannot-load": {"vi": "không đọc được bộ quy tắc {pack}", "en": "cannot load rule pack {pack}"},
    "pack.summary.not-valid": {"vi": "bộ quy tắc {pack} không hợp lệ", "en": "rule pack {pack} is not valid"},
    "pack.no-files": {"vi": "không có tệp quy tắc .yaml nào", "en": "holds no .yaml rule files"},
    "pack.too-many-files": {
        "vi": "có {files} tệp quy tắc; một bộ quy tắc có tối đa {limit} tệp (giới hạn số tệp quy tắc)",
        "en": "holds {files} rule files; a pack may have at most {limit} (the limit on rule files)",
    },
    "pack.limit": {
        "vi": "một bộ quy tắc chỉ được có tối đa {what} (giới hạn kích thước bộ quy tắc); các tệp sau tệp này không được đọc",
        "en": "a rule pack may hold at most {what} (the limit on a pack's size); the files after this one were not read",
    },
    "pack.limit.bytes": {"vi": "{mib} MiB tệp quy tắc", "en": "{mib} MiB of rule files"},
    "pack.limit.nodes": {"vi": "{nodes} nút YAML trong các tệp quy tắc", "en": "{nodes} YAML nodes in its rule files"},
    "pack.file.outside": {
        "vi": "là liên kết tới một tệp ngoài thư mục của bộ quy tắc; tệp quy tắc phải nằm trong thư mục",
        "en": "is a link to a file outside the pack's folder; rule files must be in the folder",
    },
    "pack.file.unreadable": {"vi": "không đọc được: {reason}", "en": "cannot be read: {reason}"},
    "pack.rate.expected": {
        "vi": 'cần một tỷ lệ như "10%" hoặc "1/10", nhưng gặp {value}',
        "en": 'expected a rate such as "10%" or "1/10", got {value}',
    },
    "pack.where.file": {"vi": "gốc của tệp", "en": "the file"},
    "pack.found.mapping": {"vi": "một bảng khóa (mapping)", "en": "a mapping"},
    "pack.found.list": {"vi": "một danh sách", "en": "a list"},
    "pack.found.none": {"vi": "không có", "en": "none"},
    "pack.found.no-field": {"vi": "không có trường này", "en": "no such field"},
    "pack.found.a-field": {"vi": "một trường kiểu {type}", "en": "a {type} field"},
    "pack.hint.did-you-mean": {"vi": " Có phải là '{name}'?", "en": " Did you mean '{name}'?"},
    "pack.hint.allowed-keys": {"vi": " Các khóa được phép: {keys}.", "en": " Allowed keys are {keys}."},
    "pack.suggest.close": {"vi": ". Có phải là '{name}'?", "en": ". Did you mean '{name}'?"},
    "pack.suggest.known": {"vi": ". Các giá trị có: {known}", "en": ". Known: {known}"},
    "pack.suggest.known-after": {"vi": " Các giá trị có: {known}", "en": " Known: {known}"},
    "pack.schema.unknown-key": {
        "vi": "khóa '{key}' không được biết ở {where}.{hint}",
        "en": "unknown key '{key}' in {where}.{hint}",
    },
    "pack.schema.missing-key": {"vi": "{where} thiếu khóa bắt buộc '{key}'", "en": "{where} is missing the required key '{key}'"},
    "pack.schema.one-of-keys": {
        "vi": "{where} phải có đúng một trong các khóa {keys} (gặp {found})",
        "en": "{where} must give exactly one of {keys} (found {found})",
    },
    "pack.schema.type": {"vi": "{where} phải là {expected} (gặp {found})", "en": "{where} must be {expected} (found {found})"},
    "pack.schema.enum": {
        "vi": "{where} phải là một trong {expected} (gặp {found}).{hint}",
        "en": "{where} must be one of {expected} (found {found}).{hint}",
    },
    "pack.schema.pattern": {"vi": "{where} phải là {what} (gặp {found})", "en": "{where} must be {what} (found {found})"},
    "pack.schema.matching": {"vi": "văn bản khớp mẫu {pattern}", "en": "text matching {pattern}"},
    "pack.schema.size": {
        "vi": "{where}: {what} (gặp {found} có {keys} khóa)",
        "en": "{where}: {what} (found {found} of {keys} keys)",
    },
    "pack.schema.other": {"vi": "{where}: {message}", "en": "{where}: {message}"},
    "pack.defined-twice": {
        "vi": "{what} {ident} được khai báo hai lần (lần đầu ở {first})",
        "en": "{what} {ident} is defined twice (first in {first})",
    },
    "pack.none-of-its-files": {"vi": "không tệp nào", "en": "none of its files"},
    "pack.one-pack-block": {
        "vi": "một bộ quy tắc cần đúng một khối 'pack:' (gặp trong {where})",
        "en": "a rule pack needs exactly one 'pack:' block (found in {where})",
    },
    "pack.defines-no": {"vi": "bộ quy tắc không khai báo {what} nào", "en": "the pack defines no {what}"},
    "pack.source.outside": {
        "vi": "văn bản kế hoạch {path} không nằm trong thư mục của bộ quy tắc",
        "en": "the plan's text {path} is not inside the pack's folder",
    },
    "pack.source.not-file": {
        "vi": "văn bản kế hoạch {path} không phải là một tệp trong thư mục của bộ quy tắc",
        "en": "the plan's text {path} is not a file in the pack's folder",
    },
    "pack.source.too-large": {
        "vi": "văn bản kế hoạch {name} lớn hơn {mib} MiB",
        "en": "the plan's text {name} is larger than {mib} MiB",
    },
    "pack.source.unreadable": {
        "vi": "không đọc được văn bản kế hoạch {path}: {reason}",
        "en": "cannot read the plan's text {path}: {reason}",
    },
    "pack.what.plan-text": {"vi": "văn bản kế hoạch", "en": "the plan's text"},
    "pack.quote.document": {
        "vi": "trích dẫn văn bản {cited}, nhưng kế hoạch của bộ quy tắc (nguồn của các trích dẫn) là {number}",
        "en": "cites document {cited}, but the pack's plan (whose text the quotes come from) is {number}",
    },
    "pack.quote.no-section": {
        "vi": "kế hoạch không có mục '{section}'.{hint}",
        "en": "the plan has no section '{section}'.{hint}",
    },
    "pack.quote.in-plan": {"vi": "trong văn bản kế hoạch", "en": "in the plan's text"},
    "pack.quote.in-section": {"vi": "trong mục {section}", "en": "in section {section}"},
    "pack.quote.not-found": {
        "vi": "không tìm thấy nguyên văn trích dẫn {where}: {quote}",
        "en": "quote not found verbatim {where}: {quote}",
    },
    "pack.parameter.value": {"vi": "tham số '{ident}': {problems}", "en": "parameter '{ident}': {problems}"},
    "pack.wave.value": {"vi": "đợt {number}: {problems}", "en": "wave {number}: {problems}"},
    "pack.wave.backwards": {
        "vi": "đợt {number}: thời gian kết thúc ({end}) trước khi bắt đầu ({start})",
        "en": "wave {number}: the period ends ({end}) before it starts ({start})",
    },
    "pack.wave.overlap": {
        "vi": "thời gian của đợt {after} trùng với thời gian của đợt {before}",
        "en": "wave {after}'s period overlaps wave {before}'s",
    },
    "pack.wave.gaps": {
        "vi": "các đợt phải được đánh số 1, 2, 3… liên tục (gặp {numbers})",
        "en": "waves must be numbered 1, 2, 3… without gaps (found {numbers})",
    },
    "pack.scheme.no-parameter": {
        "vi": "loại hình '{ident}': coverage_required_through không chỉ tới tham số nào tên '{param}'{suggest}",
        "en": "scheme '{ident}': coverage_required_through names no parameter '{param}'{suggest}",
    },
    "pack.scheme.not-date": {
        "vi": "loại hình '{ident}': coverage_required_through phải chỉ tới một tham số ngày (gặp tham số kiểu {type} '{param}'){suggest}",
        "en": "scheme '{ident}': coverage_required_through must name a date parameter (found a {type} parameter '{param}'){suggest}",
    },
    "pack.one-counting-block": {
        "vi": "một bộ quy tắc cần đúng một khối 'counting:' (gặp {found})",
        "en": "a rule pack needs exactly one 'counting:' block (found {found})",
    },
    "pack.one-block": {
        "vi": "một bộ quy tắc chỉ được có một khối '{block}:'",
        "en": "a rule pack may have only one '{block}:' block",
    },
    "pack.one-labels-block": {
        "vi": "một bộ quy tắc chỉ được có một khối 'labels:' (gặp trong {where})",
        "en": "a rule pack may have only one 'labels:' block (found in {where})",
    },
    "pack.exclusion.twice": {
        "vi": "lý do loại '{reason}' được dẫn nguồn hai lần",
        "en": "exclusion reason '{reason}' is cited twice",
    },
    "pack.exclusion.uncited": {
        "vi": "phần đếm có thể loại hồ sơ với lý do '{reason}' nhưng không dẫn điều khoản nào: thêm vào 'exclusions:' "
        "(không hồ sơ nào bị loại mà không có căn cứ)",
        "en": "the counting can exclude enrolments as '{reason}' but cites no clause for it: add it to 'exclusions:' "
        "(nothing is excluded without a source)",
    },
    "pack.exclusion.no-interpretation": {
        "vi": "lý do loại '{reason}' chỉ tới cách hiểu '{ident}' không có trong bộ quy tắc{suggest}",
        "en": "exclusion '{reason}' names no interpretation of the pack '{ident}'{suggest}",
    },
    "pack.unknown": {"vi": "{what} '{ident}' không có trong bộ quy tắc{suggest}", "en": "unknown {what} '{ident}'{suggest}"},
    "pack.what.level": {"vi": "cấp", "en": "level"},
    "pack.what.authority": {"vi": "người tặng", "en": "authority"},
    "pack.what.fund": {"vi": "nguồn kinh phí", "en": "fund"},
    "pack.what.award": {"vi": "hình thức khen thưởng", "en": "award"},
    "pack.what.parameter": {"vi": "tham số", "en": "parameter"},
    "pack.what.scheme": {"vi": "loại hình", "en": "scheme"},
    "pack.what.cap": {"vi": "giới hạn tỷ lệ", "en": "cap"},
    "pack.what.rule": {"vi": "quy tắc", "en": "rule"},
    "pack.what.indicator": {"vi": "chỉ tiêu", "en": "indicator"},
    "pack.cap.not-rate": {
        "vi": "giới hạn '{ident}': tham số '{param}' có kiểu {type}, không phải tỷ lệ",
        "en": "cap '{ident}': parameter '{param}' is a {type}, not a rate",
    },
    "pack.cap.ranks-by-field": {
        "vi": "giới hạn '{cap}' xếp hạng theo '{name}', không phải là trường của {kind} (quy tắc '{rule}'){suggest}",
        "en": "cap '{cap}' ranks by '{name}', which is not a field of {kind} (rule '{rule}'){suggest}",
    },
    "pack.cap.ranks-by-integer": {
        "vi": "giới hạn '{cap}' xếp hạng theo '{name}', không phải là trường số nguyên của {kind} (quy tắc '{rule}'){suggest}",
        "en": "cap '{cap}' ranks by '{name}', which is not an integer field of {kind} (rule '{rule}'){suggest}",
    },
    "pack.cap.ranking-needs": {
        "vi": "xếp hạng theo {by} cần {needs} (thiếu {missing})",
        "en": "ranking by {by} needs {needs} (missing {missing})",
    },
    "pack.interpretation.twice": {
        "vi": "cách hiểu '{ident}' được viết đầy đủ hai lần (lần đầu ở {first}); chỗ nhắc lại hãy viết {{same_as: {ident}}}",
        "en": "interpretation '{ident}' is given in full twice (first at {first}); where it stands again, write {{same_as: {ident}}}",
    },
    "pack.interpretation.sole-and-alternatives": {
        "vi": "cách hiểu '{ident}' vừa liệt kê các cách hiểu khác vừa nói không có cách hiểu nào khác (sole_reading): giữ một",
        "en": "interpretation '{ident}' lists alternatives and says it has no other reading (sole_reading): keep one",
    },
    "pack.interpretation.same-as": {
        "vi": "same_as: không có cách hiểu '{ident}' nào được viết đầy đủ{suggest}",
        "en": "same_as: no interpretation '{ident}' is given in full{suggest}",
    },
    "pack.alternative.default": {
        "vi": "'{default}' là tên cách hiểu của chính bộ quy tắc",
        "en": "'{default}' names the pack's own reading",
    },
    "pack.alternative.used-twice": {"vi": "mã này được dùng hai lần", "en": "it is used twice"},
    "pack.alternative.id": {
        "vi": "mã cách hiểu khác '{ident}' của cách hiểu '{of}': {why}",
        "en": "alternative id '{ident}' of interpretation '{of}': {why}",
    },
    "pack.alternative.changes-twice": {
        "vi": "cách hiểu khác này thay đổi {what} '{target}' ({name}) hai lần",
        "en": "this alternative changes {what} '{target}' ({name}) twice",
    },
    "pack.alternative.same-value": {
        "vi": "đặt tham số '{param}' bằng đúng giá trị nó đang có: không thay đổi gì",
        "en": "sets parameter '{param}' to the value it has: it changes nothing",
    },
    "pack.alternative.no-targets": {
        "vi": "thay đổi chỉ tiêu năm, nhưng bộ quy tắc không có khối 'targets:'",
        "en": "changes the year targets, but the pack has no 'targets:' block",
    },
    "pack.alternative.no-grant": {
        "vi": "hình thức khen thưởng '{award}' không có cấp tặng '{level}' (các cấp: {levels})",
        "en": "award '{award}' has no grant for level '{level}' (its levels: {levels})",
    },
    "pack.alternative.not-presented": {
        "vi": "hình thức khen thưởng '{award}' không nói thời điểm trao ('presented:'), nên không có gì để thay đổi",
        "en": "award '{award}' says nothing of when it is presented ('presented:'), so nothing to change",
    },
    "pack.alternative.unknown-condition": {
        "vi": "điều kiện '{ident}' không có trong quy tắc '{rule}'{suggest}",
        "en": "unknown condition '{ident}' in rule '{rule}'{suggest}",
    },
    "pack.condition.twice-in": {
        "vi": "mã điều kiện '{ident}' được dùng hai lần trong quy tắc '{rule}'",
        "en": "condition id '{ident}' is used twice in rule '{rule}'",
    },
    "pack.deadline.no-wave": {"vi": "hạn nộp '{ident}': không có đợt {wave}", "en": "deadline '{ident}': no wave {wave}"},
    "pack.deadline.value": {"vi": "hạn nộp '{ident}': {problems}", "en": "deadline '{ident}': {problems}"},
    "pack.targets.two-groups": {
        "vi": "chỉ tiêu '{ident}' nằm trong hai nhóm chỉ tiêu gộp",
        "en": "indicator '{ident}' is in two groups of combined targets",
    },
    "pack.wording.unknown": {
        "vi": "wording: không có văn bản mẫu '{code}' để thay.{hint}",
        "en": "wording: no office text '{code}' to override.{hint}",
    },
    "pack.form.not-given-by": {
        "vi": "hình thức khen thưởng '{award}' không do '{authority}' tặng (người tặng: {given}){suggest}",
        "en": "award '{award}' is not given by '{authority}' (its authorities: {given}){suggest}",
    },
    "pack.form.second": {
        "vi": "mẫu thứ hai cho hình thức khen thưởng '{award}' và người tặng '{authority}'",
        "en": "a second form for award '{award}' and authority '{authority}'",
    },
    "pack.placeholder.unknown": {
        "vi": "chỗ điền {name} không được biết (văn bản này chỉ được có {allowed}){suggest}",
        "en": "unknown placeholder {name} (this text may hold {allowed}){suggest}",
    },
    "pack.placeholder.brace": {
        "vi": "dấu ngoặc nhọn không mở hay đóng chỗ điền nào trong {text}",
        "en": "a brace that opens or closes no placeholder in {text}",
    },
    "pack.coverage.in-section": {"vi": " (dòng này ở mục {section})", "en": " (it is in section {section})"},
    "pack.coverage.no-line": {"vi": " (văn bản kế hoạch không có dòng này)", "en": " (no such line in the plan's text)"},
    "pack.coverage.not-a-line": {
        "vi": "coverage: không phải một dòng của mục {section}{hint}: {text}",
        "en": "coverage: not a line of section {section}{hint}: {text}",
    },
    "pack.coverage.twice": {
        "vi": "coverage: dòng này được ánh xạ hai lần (lần đầu ở dòng {line})",
        "en": "coverage: this line is mapped twice (first at line {line})",
    },
    "pack.coverage.undefined": {
        "vi": "coverage: '{ref}' không được khai báo trong bộ quy tắc{suggest}",
        "en": "coverage: '{ref}' is not defined in the pack{suggest}",
    },
    "pack.labels.unknown-kind": {
        "vi": "labels: loại dữ kiện '{kind}' không được biết{suggest}",
        "en": "labels: unknown fact kind '{kind}'{suggest}",
    },
    "pack.labels.not-a-field": {
        "vi": "labels: '{name}' không phải là trường của {kind}{suggest}",
        "en": "labels: '{name}' is not a field of {kind}{suggest}",
    },
    "pack.labels.ratio-not-integer": {
        "vi": "labels: tỷ lệ của '{name}', không phải là trường số nguyên của {kind}{suggest}",
        "en": "labels: ratio of '{name}', which is not an integer field of {kind}{suggest}",
    },
    "pack.labels.ratio-twice": {
        "vi": "labels: tỷ lệ {of}/{to} của {kind} được khai báo hai lần",
        "en": "labels: ratio {of}/{to} of {kind} is given twice",
    },
    "pack.labels.named-by": {
        "vi": "labels: '{name}' không phải là trường của {kind} mà bộ quy tắc đặt tên cho các giá trị{suggest}",
        "en": "labels: '{name}' is not a field of {kind} whose values the pack names{suggest}",
    },
    "pack.labels.unknown-subject-kind": {
        "vi": "labels: loại đối tượng '{value}' không được biết{suggest}",
        "en": "labels: unknown subject kind '{value}'{suggest}",
    },
    "pack.labels.kinds-unnamed": {
        "vi": "labels: các loại đối tượng {kinds} chưa có tên (mọi giá trị một dữ kiện có thể có đều phải được đặt tên)",
        "en": "labels: the subject kinds {kinds} have no name (every value a fact can hold is named)",
    },
    "pack.labels.missing": {
        "vi": "trường '{name}' của {kind} chưa có nhãn trong 'labels: facts: {kind}: fields:' "
        "(lời giải thích gọi tên mọi trường mà quy tắc dùng)",
        "en": "field '{name}' of {kind} has no label in 'labels: facts: {kind}: fields:' "
        "(explanations name every field a rule uses)",
    },
    "pack.vocabulary.ambiguous": {
        "vi": "'{word}' vừa là tên của {column} '{first}' (ở {at}) vừa của '{ident}': tệp dữ liệu viết từ này sẽ không rõ nghĩa",
        "en": "'{word}' names both {column} '{first}' (at {at}) and '{ident}': a data file writing it would be ambiguous",
    },
    "pack.rule.unknown-kind": {
        "vi": "loại dữ kiện '{kind}' không được biết{suggest}",
        "en": "unknown fact kind '{kind}'{suggest}",
    },
    "pack.rule.kind-unlabelled": {
        "vi": "quy tắc áp dụng cho {kind}, nhưng 'labels: facts:' không mô tả loại này: hãy cho tên, lời 'about' "
        "và nhãn của mọi trường mà quy tắc dùng",
        "en": "the rule applies to {kind}, which 'labels: facts:' does not describe: give its name, 'about' text "
        "and the label of every field a rule uses",
    },
    "pack.condition.twice": {
        "vi": "mã điều kiện '{ident}' được dùng hai lần trong quy tắc này",
        "en": "condition id '{ident}' is used twice in this rule",
    },
    "pack.condition.ratio-side": {
        "vi": "ratio.{side} phải là một trường số nguyên của {kind} (gặp {found} '{name}'){suggest}",
        "en": "ratio.{side} must be an integer field of {kind} (found {found} '{name}'){suggest}",
    },
    "pack.condition.unknown-fact": {
        "vi": "dữ kiện '{name}' không có ở {kind}{suggest}",
        "en": "unknown fact '{name}' for {kind}{suggest}",
    },
    "pack.condition.operator": {
        "vi": "toán tử '{op}' không so sánh được giá trị kiểu {type}; dùng một trong {ops}",
        "en": "operator '{op}' cannot compare a {type}; use one of {ops}",
    },
    "pack.condition.param-type": {
        "vi": "tham số '{param}' có kiểu {type}; điều kiện này cần một giá trị {needs}",
        "en": "parameter '{param}' is a {type}; this condition needs a single {needs}",
    },
    "pack.condition.value": {"vi": "điều kiện '{ident}': {problems}", "en": "condition '{ident}': {problems}"},
    "pack.value.date": {
        "vi": "cần một ngày có thật dạng YYYY-MM-DD (gặp {found})",
        "en": "expected a real calendar date YYYY-MM-DD (found {found})",
    },
    "pack.value.quoted-date": {
        "vi": 'cần một ngày trong dấu nháy "YYYY-MM-DD" (gặp {found})',
        "en": 'expected a quoted date "YYYY-MM-DD" (found {found})',
    },
    "pack.value.quoted-rate": {
        "vi": 'cần một tỷ lệ trong dấu nháy như "10%" hoặc "1/10" (gặp {found})',
        "en": 'expected a quoted rate such as "10%" or "1/10" (found {found})',
    },
    "pack.value.integer": {"vi": "cần một số nguyên (gặp {found})", "en": "expected an integer (found {found})"},
    "pack.value.boolean": {"vi": "cần true hoặc false (gặp {found})", "en": "expected true or false (found {found})"},
    "pack.value.text": {"vi": "cần văn bản (gặp {found})", "en": "expected text (found {found})"},
    "pack.value.list": {
        "vi": "'{op}' cần một danh sách giá trị không rỗng (gặp {found})",
        "en": "'{op}' needs a non-empty list of values (found {found})",
    },
    "pack.value.one": {
        "vi": "'{op}' so sánh với một giá trị (gặp một danh sách); dùng one_of hoặc none_of cho danh sách",
        "en": "'{op}' compares with one value (found a list); use one_of or none_of for a list",
    },
    # YAML files (rallyrules._yaml): reading rule, scenario, choices files and the plan's text.
    "yaml.what.rule-file": {"vi": "tệp quy tắc", "en": "a rule file"},
    "yaml.what.scenario-file": {"vi": "tệp kịch bản", "en": "a scenario file"},
    "yaml.what.choices-file": {"vi": "tệp lựa chọn cách hiểu", "en": "a choices file"},
    "yaml.not-utf8": {
        "vi": "không phải UTF-8 hợp lệ (byte {byte}: {reason}); hãy lưu tệp dạng UTF-8",
        "en": "not valid UTF-8 (byte {byte}: {reason}); save the file as UTF-8",
    },
    "yaml.invalid": {"vi": "không phải YAML hợp lệ: {reason}", "en": "not valid YAML: {reason}"},
    "yaml.several-documents": {
        "vi": "có nhiều tài liệu YAML ('---'); mỗi tệp chỉ để một",
        "en": "holds several YAML documents ('---'); put one in each file",
    },
    "yaml.empty": {"vi": "trống", "en": "is empty"},
    "yaml.too-large": {
        "vi": "có {size}: {what} chỉ được tối đa {limit} (giới hạn kích thước tệp)",
        "en": "is {size}: {what} may be at most {limit} (the limit on file size)",
    },
    "yaml.size.mib": {"vi": "{mib} MiB ({bytes} byte)", "en": "{mib} MiB ({bytes} bytes)"},
    "yaml.size.bytes": {"vi": "{bytes} byte", "en": "{bytes} bytes"},
    "yaml.too-deep-limit": {
        "vi": "lồng sâu hơn {depth} mức (giới hạn độ lồng)",
        "en": "nested more than {depth} levels deep (the limit on nesting)",
    },
    "yaml.too-deep": {"vi": "lồng sâu hơn {depth} mức", "en": "nested more than {depth} levels deep"},
    "yaml.too-many-nodes": {
        "vi": "có hơn {nodes} nút YAML (giá trị, danh sách và bảng khóa; giới hạn kích thước tệp tính theo nút): "
        "hãy tách tệp, hoặc tìm một danh sách không nên có",
        "en": "holds more than {nodes} YAML nodes (values, lists and mappings; the limit on a file's size"
        " in nodes): split it, or look for a list that should not be there",
    },
    "yaml.character": {"vi": "{code} {name} ({why})", "en": "{code} {name} ({why})"},
    "yaml.refused.control": {"vi": "một ký tự điều khiển", "en": "a control character"},
    "yaml.refused.format": {
        "vi": "một ký tự định dạng vô hình hoặc đổi chiều viết",
        "en": "an invisible or direction-changing format character",
    },
    "yaml.refused.separator": {
        "vi": "một ký tự ngăn dòng hoặc đoạn (YAML đọc là xuống dòng, trình soạn thảo có thể không hiện)",
        "en": "a line or paragraph separator (YAML reads a line break, editors may not show one)",
    },
    "yaml.refused.space": {"vi": "một khoảng trắng khác khoảng trắng thường", "en": "a space other than the plain space"},
    "yaml.refused.private": {
        "vi": "một mã ký tự dùng riêng, thay thế hoặc chưa gán",
        "en": "a private-use, surrogate or unassigned code point",
    },
    "yaml.refused.invisible": {"vi": "một ký tự không hiện gì", "en": "a character that shows nothing"},
    "yaml.char.escaped": {
        "vi": "{character} được viết dạng thoát trong một giá trị có dấu nháy; hãy xóa nó, hoặc viết một khoảng trắng "
        "thường nếu muốn khoảng trắng (nó che một khác biệt người đọc không thấy được)",
        "en": "{character} is written as an escape in a quoted value; delete it, or write a plain space if a space is "
        "meant (it hides a difference a reader cannot see)",
    },
    "yaml.char.refused": {
        "vi": "cột {column}: {character} không được có trong {what}; hãy xóa nó, hoặc viết một khoảng trắng thường nếu "
        "muốn khoảng trắng (nó che một khác biệt người đọc không thấy được)",
        "en": "column {column}: {character} may not appear in {what}; delete it, or write a plain space if a space is "
        "meant (it hides a difference a reader cannot see)",
    },
    "yaml.char.more": {"vi": "và {more} ký tự như thế nữa", "en": "and {more} more such characters"},
    "yaml.mixed-scripts": {
        "vi": "'{word}' trộn chữ {scripts} ({odd}); hãy viết bằng một hệ chữ",
        "en": "'{word}' mixes {scripts} letters ({odd}); write it in one script",
    },
    "yaml.alias": {
        "vi": "dùng neo/bí danh YAML (& hoặc *); hãy viết đầy đủ từng giá trị",
        "en": "uses a YAML anchor/alias (& or *); write each value out in full",
    },
    "yaml.tag": {
        "vi": "dùng thẻ YAML '{tag}'; tệp quy tắc không được dùng thẻ",
        "en": "uses the YAML tag '{tag}'; tags are not allowed in rule files",
    },
    "yaml.key-not-plain": {
        "vi": "khóa phải là tên thường (không dùng khóa gộp '<<' hay khóa phức)",
        "en": "keys must be plain names (no merge keys '<<' or complex keys)",
    },
    "yaml.duplicate-key": {
        "vi": "khóa '{key}' bị lặp (lần đầu ở dòng {line})",
        "en": "duplicate key '{key}' (first given on line {line})",
    },
    "yaml.boolean": {
        "vi": "'{value}' sẽ bị đọc là giá trị đúng/sai của YAML 1.1; hãy viết true hoặc false, hoặc đặt trong dấu nháy",
        "en": "'{value}' would be read as a YAML 1.1 boolean; write true or false, or quote it",
    },
    "yaml.digits": {
        "vi": "một số nguyên {digits} chữ số; chỉ đọc tối đa {most} chữ số",
        "en": "an integer of {digits} digits; at most {most} are read",
    },
    "yaml.not-decimal": {
        "vi": "'{value}' không phải số nguyên thập phân thường; hãy chỉ viết chữ số, hoặc đặt trong dấu nháy",
        "en": "'{value}' is not a plain decimal integer; write digits only, or quote it",
    },
    "yaml.unquoted-date": {
        "vi": 'ngày phải viết dạng ISO trong dấu nháy, ví dụ "{value}" (gặp {value} không có dấu nháy)',
        "en": 'dates must be quoted ISO text, e.g. "{value}" (got the unquoted {value})',
    },
    "yaml.float": {
        "vi": '\'{value}\' là số thực dấu phẩy động; hãy viết tỷ lệ chính xác dạng văn bản trong dấu nháy như "10%" hoặc "1/10"',
        "en": '\'{value}\' is a floating-point number; write rates exactly as quoted text such as "10%" or "1/10"',
    },
    # -- check --data in one run (rallyrules.dataset._check_folder): the stages not run, and why. Owner: trust.
    "data.note.not-checked-subjects": {
        "vi": "chưa đối chiếu các bảng với nhau và với bộ quy tắc: bảng đối tượng có lỗi (mọi phép đối chiếu đều tra mã "
        "trong bảng này); sửa xong rồi chạy lại",
        "en": "the tables were not checked against each other and the pack: the subjects table has problems (every check "
        "looks ids up in it); fix them and run again",
    },
    "data.note.not-checked-pack": {
        "vi": "chưa đối chiếu các bảng với nhau và với bộ quy tắc: bộ quy tắc có lỗi; sửa xong rồi chạy lại",
        "en": "the tables were not checked against each other and the pack: the rule pack has problems; fix them and run again",
    },
}
