"""The moment a build stands for: a brief's own date as an epoch, and epochs as ISO 8601 timestamps."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

from briefgen.brief.check import Checked


def brief_epoch(checked: Checked) -> int:
    """Seconds since 1970 at midnight UTC of the brief's date: stands in for 'now'."""
    return calendar.timegm(checked.brief.date.timetuple())


def iso_date(epoch: int) -> str:
    """An epoch as an ISO 8601 UTC timestamp."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
