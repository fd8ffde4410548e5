"""The pay sheet (工资表) of a closed month: rows for the screen, JSON and the payroll .xlsx."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kefu.closing.models import PeriodClose
from kefu.explain.messages import Lang
from kefu.pay import service
from kefu.pay.rules import LINE_LABELS
from kefu.periods import Month
from kefu.policy.models import PolicyVersion
from kefu.policy.service import load_version

# The pay sheet's money columns in the order a payroll clerk reads them: what is paid, then
# what is deducted, then the totals. Awards and other items are summed into one column each.
PAY_COLUMNS: tuple[str, ...] = (
    "base",
    "star_wage",
    "monthly_bonus",
    "award",
    "night_allowance",
    "meal_allowance",
    "holiday_pay",
    "other_allowance",
    "personal_leave",
    "sick_leave",
    "absenteeism",
    "other_deduction",
)
TOTAL_LABELS = {
    "gross": ("应发合计", "gross pay"),
    "deductions": ("扣款合计", "deductions"),
    "net": ("实发工资", "net pay"),
}
ID_COLUMNS = (
    ("employee_no", "工号", "No.", 10),
    ("name", "姓名", "Name", 10),
    ("department", "部门", "Department", 12),
    ("team", "班组", "Team", 14),
    ("level", "职级", "Level", 10),
)
HOURS_COLUMNS = (
    ("counted", "计算工时", "counted hours"),
    ("standard", "标准工时", "standard hours"),
    ("carried_out", "待补工时", "hours to make up"),
    ("balance", "换休余额(小时)", "comp time (hours)"),
)


@dataclass
class PaySheet:
    """A closed month's pay: the close, its policy and one row a person."""

    close: PeriodClose
    policy_label: str
    rows: list[dict[str, Any]]


def pay_sheet(
    session: Session,
    month: Month,
    revision: int | None = None,
    numbers: Collection[str] | None = None,
) -> PaySheet:
    """The pay sheet of a closed month, for everyone or only the people in ``numbers``."""
    close = service.pay_close_of(session, month, revision)
    version = session.get(PolicyVersion, close.policy_version_id)
    label = load_version(version).label if version else ""
    rows = []
    for r in service.pay_rows(session, close.id):
        if numbers is not None and r.employee_no not in numbers:
            continue
        amounts = dict.fromkeys(PAY_COLUMNS, Decimal(0))
        for line in r.lines:
            amounts[line["code"]] += Decimal(line["amount"])
        rows.append(
            {
                "employee_no": r.employee_no,
                "name": r.name,
                "department": r.department,
                "team": r.team,
                "level": r.level,
                **{k: str(v.quantize(Decimal("0.01"))) for k, v in amounts.items()},
                "gross": str(Decimal(str(r.gross)).quantize(Decimal("0.01"))),
                "deductions": str(Decimal(str(r.deductions)).quantize(Decimal("0.01"))),
                "net": str(Decimal(str(r.net)).quantize(Decimal("0.01"))),
                "lines": r.lines,
                "hours": r.hours,
                "month": close.period,
                "revision": close.revision,
            }
        )
    return PaySheet(close, label, rows)


def write_pay_xlsx(sheet: PaySheet, path: Path, lang: Lang = "zh") -> None:
    """The pay sheet for payroll: one row a person with every pay line, totals, and 说明."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    bold_money = wb.add_format({"num_format": "#,##0.00", "bold": True})
    hours_fmt = wb.add_format({"num_format": "0.##"})
    ws = wb.add_worksheet("工资表" if lang == "zh" else "Pay")
    headers: list[tuple[str, int]] = [
        ((zh if lang == "zh" else en), w) for _, zh, en, w in ID_COLUMNS
    ]
    headers += [(LINE_LABELS[c][0 if lang == "zh" else 1], 11) for c in PAY_COLUMNS]
    headers += [(TOTAL_LABELS[t][0 if lang == "zh" else 1], 12) for t in TOTAL_LABELS]
    headers += [((zh if lang == "zh" else en), 10) for _, zh, en in HOURS_COLUMNS]
    for c, (text, width) in enumerate(headers):
        ws.write(0, c, text, head)
        ws.set_column(c, c, width)
    money_from = len(ID_COLUMNS)
    money_to = money_from + len(PAY_COLUMNS) + len(TOTAL_LABELS)
    for i, row in enumerate(sheet.rows, start=1):
        c = 0
        for key, *_ in ID_COLUMNS:
            value = row[key]
            if value is None:
                ws.write_blank(i, c, None)
            else:
                ws.write_string(i, c, str(value))
            c += 1
        for key in (*PAY_COLUMNS, *TOTAL_LABELS):
            # deductions shown as positive amounts under a 扣款 header, as payroll reads them
            ws.write_number(i, c, float(abs(Decimal(row[key]))), money)
            c += 1
        for key, *_ in HOURS_COLUMNS:
            value = row["hours"].get(key)
            if value is None:
                ws.write_blank(i, c, None)
            else:
                ws.write_number(i, c, float(Decimal(value)), hours_fmt)
            c += 1
    last = len(sheet.rows)
    ws.write(last + 1, 0, "合计" if lang == "zh" else "Total", head)
    for c in range(money_from, money_to):
        if last:
            col = xlsxwriter.utility.xl_col_to_name(c)
            keys = (*PAY_COLUMNS, *TOTAL_LABELS)
            total = sum(abs(Decimal(r[keys[c - money_from]])) for r in sheet.rows)
            ws.write_formula(last + 1, c, f"=SUM({col}2:{col}{last + 1})", bold_money, float(total))
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(last, 1), len(headers) - 1)
    info = wb.add_worksheet("说明" if lang == "zh" else "About")
    close = sheet.close
    lines = [
        ("期间", "Month", close.period),
        ("修订", "Revision", close.revision),
        ("结算人", "Closed by", close.closed_by),
        (
            "结算时间",
            "Closed at",
            close.closed_at.strftime("%Y-%m-%d %H:%M") if close.closed_at else "",
        ),
        ("政策", "Policy", sheet.policy_label),
        ("人数", "People", len(sheet.rows)),
        (
            "口径",
            "Basis",
            "当月薪资 = 基本工资 + 星级工资 + 奖金(月奖及表现优异奖) + 津贴 − 扣款 (R-PAY-1)；扣款列为正数"
            if lang == "zh"
            else "pay = base + star wage + bonus (monthly and awards) + allowances − deductions "
            "(R-PAY-1); deductions shown as positive amounts",
        ),
    ]
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 70)
    for i, (zh, en, value) in enumerate(lines):
        info.write(i, 0, zh if lang == "zh" else en, head)
        info.write(i, 1, str(value))
    wb.close()
