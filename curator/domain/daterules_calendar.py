"""Rules for calendar expressions: dates with a day, month or year, decades, centuries,
seasons, weekdays, parts of a year, holidays. Each `r_<rule>` reads one match of that rule
of `curator.domain.temporal`; None refuses it."""

from __future__ import annotations

import datetime as dt

from curator.domain.datevalues import (
    Found,
    RuleBase,
    read_tense,
    tense_words,
)
from curator.domain.temporal import Match


class CalendarRules(RuleBase):
    """Dates named by the calendar ("5 May 2014", "the 1990s", "Tuesday")."""

    def _trim_dot(self, m: Match, p: dict[str, int]) -> Match:
        """A sentence's period after a full month name is not part of the date."""
        last = self.tokens[m.last - 1]
        if "dot" in last.roles and m.last - 1 > p["mon"] and "abbr" not in self.roles(p["mon"]):
            return Match(m.rule, m.first, m.last - 1, p)
        return m

    def _day_month(self, m: Match, p: dict[str, int]) -> Found | None:
        m = self._trim_dot(m, p)
        day, mon = self.roles(p["day"])["day"], self.roles(p["mon"])["month"]
        first = m.first
        if "det" in p and "wd" not in p and self.key(p["det"]) not in self.cal.day_determiners:
            first = p["det"] + 1
        if "year" in p:
            v = f"{self.roles(p['year'])['year']:04d}-{mon:02d}-{day:02d}"
            return self.found(first, m.last, "DATE", v, "full date")
        if self.dct is None:
            v = f"XXXX-{mon:02d}-{day:02d}"
            return self.found(first, m.last, "DATE", v, "day and month; year unknown")
        year = self.in_year(int(mon), int(day), read_tense(self.tokens, m.first, m.last, self.cal))
        v = f"{year:04d}-{mon:02d}-{day:02d}"
        return self.found(
            first, m.last, "DATE", v, "day and month near the article date", anchored=True
        )

    r_dmy = r_mdy = _day_month

    def r_my(self, m: Match, p: dict[str, int]) -> Found | None:
        mon, year = self.roles(p["mon"])["month"], self.roles(p["year"])["year"]
        mod = self.roles(p["edge"])["edge"] if "edge" in p else None
        return self.found(
            m.first, m.last, "DATE", f"{year:04d}-{mon:02d}", "month and year", mod=mod
        )

    def r_year(self, m: Match, p: dict[str, int]) -> Found | None:
        y = int(self.roles(p["year"])["year"])  # type: ignore[call-overload]
        if "yu" in p and self.roles(p["yu"]).get("unit") != "Y":
            return None
        if "edge" in p:
            mod = self.roles(p["edge"])["edge"]
            return self.found(m.first, m.last, "DATE", f"{y:04d}", "year with a modifier", mod=mod)
        i = p["year"]
        after = self.tokens[m.last] if m.last < len(self.tokens) else None
        if after is not None and after.text in "-/" and m.last + 1 < len(self.tokens):
            nxt = self.tokens[m.last + 1]
            if nxt.start == after.end and len(nxt.text) == 2 and nxt.text.isdigit():
                return None  # "the 2017-18 season": a sports season, not annotated
        if self.after_prep(i) or "yw" in p:
            return self.found(m.first, m.last, "DATE", f"{y:04d}", "year")
        if not 1800 <= y <= 2100:
            return None
        if self.lower_word(m.last) and self.key(m.last) not in self.cal.year_ok_after:
            return None  # "2000 soldiers"
        return self.found(m.first, m.last, "DATE", f"{y:04d}", "year")

    def r_ayear(self, m: Match, p: dict[str, int]) -> Found | None:
        if not self.after_prep(m.first):
            return None
        yy = int(self.roles(p["year"])["ayear"])  # type: ignore[call-overload]
        now = self.dct.year if self.dct else 2030
        year = 2000 + yy if 2000 + yy <= now else 1900 + yy
        return self.found(m.first, m.last, "DATE", f"{year:04d}", "year in two digits")

    def r_decade(self, m: Match, p: dict[str, int]) -> Found | None:
        mod = self.roles(p["edge"])["edge"] if "edge" in p else None
        if "z" in p:
            value = str(self.roles(p["z"])["decade"])
        else:
            r = self.roles(p.get("num", p.get("dd", -1)))
            n = r.get("year") or r.get("day") or r.get("number")
            if not isinstance(n, int) or n % 10 or not (10 <= n <= 90 or 1000 <= n <= 2190):
                return None
            value = f"{n:04d}"[:3] if n >= 1000 else f"19{n // 10}"
        return self.found(m.first, m.last, "DATE", value, "decade", mod=mod)

    def r_century(self, m: Match, p: dict[str, int]) -> Found | None:
        r = self.roles(p["ord"]) if "ord" in p else self.roles(p.get("dd", -1))
        n = r.get("ordinal") or r.get("day")
        if n is None:
            n = self.roles(p.get("rom", p.get("rom2", -1))).get("roman")
        if not isinstance(n, int) or not 1 <= n <= 21:
            return None
        mod = self.roles(p["edge"])["edge"] if "edge" in p else None
        return self.found(m.first, m.last, "DATE", f"{n - 1:02d}", "century", mod=mod)

    def r_season(self, m: Match, p: dict[str, int]) -> Found | None:
        code = str(self.roles(p["season"])["season"])
        if "year" in p:
            v = f"{self.roles(p['year'])['year']:04d}-{code}"
            return self.found(m.first, m.last, "DATE", v, "season")
        if self.is_name(p["season"]):
            return None  # "the Spring Festival"
        rel = self.roles(p.get("rel", p.get("rel2", -1))).get("rel")
        if rel is None:
            if "det" not in p and not self.after_prep(m.first):
                return None
            if "ambiguous" in self.roles(p["season"]) and not (
                self.after_prep(m.first) or self.after_prep(p["season"])
            ):
                return None  # "the fall of Kabul", "a été"
            if "of" in self.roles(m.last):
                return None  # "the summer of discontent"
            if (
                self.cal.capitalised
                and self.lower_word(m.last)
                and self.key(m.last) not in (self.cal.year_ok_after)
            ):
                return None  # "summer school"
            if self.dct is None:
                return self.found(m.first, m.last, "DATE", f"XXXX-{code}", "season; no date")
            tense = read_tense(self.tokens, m.first, m.last, self.cal)
            if self.key(m.first - 1) in self.cal.until:
                tense = "future" if tense == "none" else tense
            return self.found(
                m.first,
                m.last,
                "DATE",
                self.season(code, tense),
                f"season ({tense} tense)",
                anchored=True,
            )
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", f"XXXX-{code}", "season; no article date")
        v = f"{self.dct.year + int(rel):04d}-{code}"  # type: ignore[call-overload]
        return self.found(m.first, m.last, "DATE", v, "season near the article date", anchored=True)

    def r_weekday(self, m: Match, p: dict[str, int]) -> Found | None:
        tok = self.tokens[p["wd"]]
        if self.cal.capitalised and not tok.text[:1].isupper():
            return None
        preps = self.cal.weekday_preps or self.cal.preps
        if self.needs_context(tok) and self.key(m.first - 1) not in preps:
            return None
        prev = self.tokens[m.first - 1] if m.first else None
        if (
            self.cal.capitalised
            and prev
            and prev.text[:1].isupper()
            and prev.key not in self.cal.preps
            and not prev.roles
            and m.first > 1
            and self.tokens[m.first - 2].text not in '.!?"“”:'
        ):
            return None  # "Black Friday", "Super Tuesday" (a capital inside a sentence)
        nxt = self.tokens[m.last] if m.last < len(self.tokens) else None
        if (
            self.cal.capitalised
            and nxt is not None
            and nxt.text[:1].isupper()
            and not nxt.roles
            and not self.after_prep(m.first)
        ):
            return None  # "a Sunday Times report"
        if "ambiguous" in tok.roles and self.lower_word(m.last):
            future, past, _ = tense_words(self.cal)
            if not self.roles(m.last) and self.key(m.last) not in future | past:
                return None  # "ve středu zálohy": in the centre of, not on Wednesday
        wd = int(tok.roles["weekday"])  # type: ignore[call-overload]
        part = self.roles(p["part"])["daypart"] if "part" in p else None
        if self.dct is None:
            if part:
                return self.found(m.first, m.last, "TIME", f"XXXX-XX-XXT{part}", "weekday")
            return self.found(m.first, m.last, "DATE", f"XXXX-WXX-{wd + 1}", "weekday; no date")
        tense = read_tense(self.tokens, m.first, m.last, self.cal)
        v = self.weekday(wd, tense)
        kind = "forward" if tense == "future" else "back"
        if part:
            return self.found(
                m.first, m.last, "TIME", f"{v}T{part}", f"weekday ({kind})", anchored=True
            )
        return self.found(m.first, m.last, "DATE", v, f"weekday, counted {kind}", anchored=True)

    def r_weekday_day(self, m: Match, p: dict[str, int]) -> Found | None:
        """ "el martes 19", "Tuesday the 19th": the month around the dct where they agree."""
        wd = int(self.roles(p["wd"])["weekday"])  # type: ignore[call-overload]
        day = int(self.roles(p["day"])["day"])  # type: ignore[call-overload]
        nxt = self.roles(m.last)
        if "unit" in nxt or "month" in nxt or "number" in nxt or "dot" in nxt:
            return None  # "Monday 5 people", a month or unit after: another rule
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", f"XXXX-XX-{day:02d}", "weekday and day")
        for step in (0, 1, -1):
            months = self.dct.year * 12 + self.dct.month - 1 + step
            try:
                d = dt.date(months // 12, months % 12 + 1, day)
            except ValueError:
                continue
            if d.weekday() == wd:
                return self.found(
                    m.first,
                    m.last,
                    "DATE",
                    d.isoformat(),
                    "weekday and day near the article date",
                    anchored=True,
                )
        return None

    def r_month(self, m: Match, p: dict[str, int]) -> Found | None:
        tok = self.tokens[p["mon"]]
        if (
            "abbr" in tok.roles
            and "month" in tok.roles
            and tok.key not in (f for forms in self.cal.months for f in forms)
        ):
            return None
        if self.cal.capitalised and not tok.text[:1].isupper():
            return None
        if self.needs_context(tok) and not self.after_prep(m.first):
            return None
        mon = int(tok.roles["month"])  # type: ignore[call-overload]
        mod = self.roles(p["edge"])["edge"] if "edge" in p else None
        if self.dct is None:
            return self.found(
                m.first, m.last, "DATE", f"XXXX-{mon:02d}", "month; year unknown", mod=mod
            )
        year = self.in_year(mon, None, read_tense(self.tokens, m.first, m.last, self.cal))
        return self.found(
            m.first,
            m.last,
            "DATE",
            f"{year:04d}-{mon:02d}",
            "month near the article date",
            mod=mod,
            anchored=True,
        )

    def r_part(self, m: Match, p: dict[str, int]) -> Found | None:
        """ "the first quarter of 2016", "le deuxième semestre": a quarter or half-year."""
        unit = self.roles(p["unit"]).get("unit")
        r = self.roles(p["ord"])
        n = r.get("ordword") or r.get("ordinal")
        size = {"Q": 4, "HALF": 2}.get(str(unit))
        if size is None or not isinstance(n, int) or not 1 <= n <= size:
            return None
        code = "Q" if unit == "Q" else "H"
        if "year" in p:
            v = f"{self.roles(p['year'])['year']:04d}-{code}{n}"
            return self.found(m.first, m.last, "DATE", v, "part of a year")
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", f"XXXX-{code}{n}", "part of a year")
        v = f"{self.dct.year:04d}-{code}{n}"
        return self.found(m.first, m.last, "DATE", v, "part of the article's year", anchored=True)

    def r_edge_unit(self, m: Match, p: dict[str, int]) -> Found | None:
        """ "the end of the year", "finales de mes": the current year or month, with a mod."""
        unit = self.roles(p["unit"]).get("unit")
        mod = str(self.roles(p["edge"])["edge"])
        if unit not in ("Y", "M") or "of" in self.roles(m.last) or "number" in self.roles(m.last):
            return None  # "the end of the year of ...", "the start of the month 3"
        if self.dct is None:
            v = "XXXX" if unit == "Y" else "XXXX-XX"
            return self.found(m.first, m.last, "DATE", v, "part of a period", mod=mod)
        v = f"{self.dct.year:04d}" if unit == "Y" else f"{self.dct.year:04d}-{self.dct.month:02d}"
        return self.found(
            m.first, m.last, "DATE", v, "part of the current period", mod=mod, anchored=True
        )

    def r_holiday(self, m: Match, p: dict[str, int]) -> Found | None:
        if self.lower_word(m.last) and self.key(m.last) not in self.cal.year_ok_after:
            return None  # "Christmas tree"
        md = self.roles(p["h"])["holiday"]
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", f"XXXX-{md}", "holiday; year unknown")
        return self.found(
            m.first,
            m.last,
            "DATE",
            f"{self.dct.year:04d}-{md}",
            "holiday in the article's year",
            anchored=True,
        )
