"""Printed forms shared by the foreign-bulletin generators (issue2fodt, issue2docx,
issue2tex): the Chinese date and the issue line, as a bulletin prints them."""
import datetime


def cn_date(iso):
    """'2026-03-27' -> '2026年3月27日'; None when not a date."""
    try:
        d = datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return '%d年%d月%d日' % (d.year, d.month, d.day)


def issue_line(issue):
    """The issue object -> '2026年第9期（总第544期）'; None when nothing is printed."""
    if not isinstance(issue, dict):
        return None
    y, n, t = issue.get('year'), issue.get('number'), issue.get('total')
    s = ''
    if y is not None and n is not None:
        s = '%d年第%d期' % (y, n)
    elif n is not None:
        s = '第%d期' % n
    if t is not None:
        s += '（总第%d期）' % t
    return s or None
