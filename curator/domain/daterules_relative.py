"""Rules for relative expressions: "last week", "two years ago", "ten years later",
durations, deictic words ("yesterday", "now"), references, parts of the day, sets. Each
`r_<rule>` reads one match of that rule of `curator.domain.temporal`; None refuses it."""

from __future__ import annotations

import datetime as dt
import re

from curator.domain.datevalues import (
    UNKNOWN,
    Found,
    RuleBase,
    duration_value,
    read_tense,
    shift,
)
from curator.domain.temporal import Match


class RelativeRules(RuleBase):
    """Dates counted from the article date or an anchor, durations and sets."""

    def r_relative(self, m: Match, p: dict[str, int]) -> Found | None:
        post = "rel2" in p
        rel = int(self.roles(p["rel2" if post else "rel"])["rel"])  # type: ignore[call-overload]
        w = self.roles(p["what2" if post else "what"])
        unit = w.get("unit")
        has_det = "det" in p or "det2" in p
        word = self.key(p["rel2" if post else "rel"])
        plural = self.key(p["what2" if post else "what"]) in self.cal.bare_units
        if has_det and plural and rel and not post and self.cal.det_relative_is_duration:
            return self.found(
                m.first, m.last, "DURATION", duration_value("X", str(unit)), "some time"
            )  # "the coming weeks"
        if unit == "D" or (
            word in (*self.cal.previous, *self.cal.following) and unit in ("Y", "M", "W")
        ):
            return self._from_anchor(m, rel, str(unit), word)
        if has_det and not post and rel and self.cal.det_relative_is_duration and unit:
            if unit not in ("Y", "M", "W", "DE"):
                return None  # "at the last minute" is an idiom
            return self.found(
                m.first, m.last, "DURATION", duration_value("1", str(unit)), "duration"
            )  # "the past year"
        if unit is not None and unit not in ("Y", "M", "W", "Q", "WE"):
            return None
        if self.dct is None:
            if "daypart" in w and "weekday" not in w:
                v = f"XXXX-XX-XXT{w['daypart']}"
                return self.found(m.first, m.last, "TIME", v, "part of a day; no article date")
            v = UNKNOWN.get(str(unit), "XXXX-XX-XX") if unit else "XXXX-XX-XX"
            if "month" in w:
                v = f"XXXX-{w['month']:02d}"
            return self.found(m.first, m.last, "DATE", v, "relative; no article date")
        d = self.dct
        if "weekday" in w:
            tense = read_tense(self.tokens, m.first, m.last, self.cal)
            v = self.weekday(int(w["weekday"]), tense, rel or None)  # type: ignore[call-overload]
            return self.found(
                m.first, m.last, "DATE", v, "weekday near the article date", anchored=True
            )
        if "month" in w:
            mon = int(w["month"])  # type: ignore[call-overload]
            year = d.year + {0: 0, -1: -(mon >= d.month), 1: int(mon <= d.month)}[rel]
            return self.found(
                m.first,
                m.last,
                "DATE",
                f"{year:04d}-{mon:02d}",
                "month near the article date",
                anchored=True,
            )
        if "daypart" in w and unit is None:
            if rel == 0 or (rel == -1 and w["daypart"] == "NI"):
                v = f"{(d + dt.timedelta(days=min(rel, 0))).isoformat()}T{w['daypart']}"
                return self.found(m.first, m.last, "TIME", v, "part of the day", anchored=True)
            return None
        if unit == "Y":
            v = f"{d.year + rel:04d}"
        elif unit == "M":
            v = shift(f"{d.year:04d}-{d.month:02d}", rel, "M")
        elif unit == "Q":
            q = (d.month - 1) // 3 + rel
            v = f"{d.year + q // 4:04d}-Q{q % 4 + 1}"
        else:
            v = shift(d.isoformat(), rel, "W")
            if unit == "WE" and v:
                v += "-WE"
        return self.found(m.first, m.last, "DATE", v, "relative to the article date", anchored=True)

    def _from_anchor(self, m: Match, rel: int, unit: str, word: str) -> Found | None:
        """ "the next day", "the previous year": counted from the last date named."""
        if rel == 0 or (rel < 0 and word not in self.cal.previous):
            return None  # "the last day of the trip"
        anchor = self.state.anchor_day if unit in ("D", "W") else self.state.anchor
        if anchor is None or "of" in self.roles(m.last):
            return None
        v = shift(anchor, rel, unit)
        return self.found(m.first, m.last, "DATE", v, f"counted from {anchor}")

    def _count(self, p: dict[str, int], n_key: str) -> str | None:
        r = self.roles(p.get(n_key, -1))
        if not r:
            return None
        if "number" in r:
            return str(r["number"])
        return "X" if "vague" in r else "1"

    def r_ago(self, m: Match, p: dict[str, int]) -> Found | None:
        pre = "pre" in p
        n = self._count(p, "n2" if pre else "n")
        ur = self.roles(p["unit2" if pre else "unit"])
        unit = str(ur.get("unit") or ur.get("century"))
        mod_i = p.get("mod2" if pre else "mod")
        mod = str(self.roles(mod_i)["mod"]) if mod_i is not None else None
        if n is None and "bare" not in ur:
            return None
        if n is None or n == "X":
            return self.found(m.first, m.last, "DATE", "PAST_REF", "vague time ago", mod=mod)
        if unit not in UNKNOWN:
            return self.found(m.first, m.last, "DATE", None, "time ago: fill in the value")
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", UNKNOWN[unit], "time ago; no date", mod=mod)
        v = shift(self.dct.isoformat(), -int(n), unit)
        return self.found(
            m.first, m.last, "DATE", v, "time ago, from the article date", mod=mod, anchored=True
        )

    def r_later(self, m: Match, p: dict[str, int]) -> Found | None:
        det_form = "det" in p
        unit = str(self.roles(p["unit2" if det_form else "unit"]).get("unit"))
        step = int(self.roles(p["dir2" if det_form else "dir"])["later"])  # type: ignore
        nxt = self.roles(m.last)
        if "det" in nxt or "of" in nxt or "number" in nxt or "year" in nxt:
            return None  # "two days before the vote": counted from an event
        if self.key(m.last - 1) in self.cal.later_prepositions and self.lower_word(m.last):
            return None
        n = 1 if det_form else self._count(p, "n")
        if n == "X":
            return self.found(m.first, m.last, "DATE", None, "vague: fill in the value")
        anchor = self.state.anchor_day if unit in ("D", "W") else self.state.anchor
        if anchor is None or unit not in UNKNOWN:
            return self.found(m.first, m.last, "DATE", None, "no earlier date to count from")
        v = shift(anchor, step * int(n), unit)  # type: ignore[arg-type]
        return self.found(m.first, m.last, "DATE", v, f"counted from {anchor}")

    def _age(self, first: int, last: int) -> bool:
        """ "45 years old", "aged 45 years", "âgé de 45 ans", "im Alter von 45 Jahren"."""
        before = self.key(first - 1)
        if before in self.cal.age_before:
            return True
        short = before in self.cal.of or (before.isalpha() and len(before) <= 3)
        if short and self.key(first - 2) in self.cal.age_before:
            return True
        nxt = last + ("dash" in self.roles(last))
        return self.key(nxt) in self.cal.age_after or (
            "unit" in self.roles(nxt)
            and self.key(nxt + 1 + ("dash" in self.roles(nxt + 1))) in self.cal.age_after
        )

    def r_duration(self, m: Match, p: dict[str, int]) -> Found | None:
        n = self._count(p, "n")
        assert n is not None
        nr = self.roles(p["n"])
        ur = self.roles(p["unit"])
        code = str(ur.get("unit") or ur.get("century"))
        if code in ("WE", "HALF"):
            return None  # "two weekends", "a half": no TIMEX3 duration unit
        if "year" in nr and "lead" not in p and "mod" not in p:
            return None  # "2000 years" is rare; "in 2014 days" is not a date
        if (
            self.state.running_text
            and ("indef" in nr or nr.get("number") == 1 or self.key(p["n"]) in self.cal.weak_vague)
            and not ("mod" in p or "lead" in p or self.key(m.first - 1) in self.cal.duration_preps)
        ):
            return None  # "a year of war"
        if self._age(m.first, m.last):
            return None
        if code == "Q" and "of" in self.roles(m.last):
            return None  # "a quarter of the vote"
        mod = str(self.roles(p["mod"])["mod"]) if "mod" in p else None
        first = m.first if "lead" in p else p.get("mod", p["n"])
        return self.found(first, m.last, "DURATION", duration_value(n, code), "duration", mod=mod)

    def r_bare(self, m: Match, p: dict[str, int]) -> Found | None:
        if self.key(m.first - 1) not in self.cal.bare_unit_preps or self._age(m.first, m.last):
            return None
        if "of" in self.roles(m.last):
            return None
        r = self.roles(p["unit"])
        code = str(r.get("unit") or r.get("century"))
        return self.found(
            m.first, m.last, "DURATION", duration_value("X", code), "unspecified span"
        )

    def r_deictic(self, m: Match, p: dict[str, int]) -> Found | None:
        tok = self.tokens[p["d"]]
        spec = str(tok.roles["deictic"])
        if "daypart" in tok.roles:
            before = self.roles(m.first - 1)
            if "det" in before or "rel" in before or "of" in before:
                return None  # "la mañana": the morning, not tomorrow
            capital = self.cal.capitalised and tok.text[:1].isupper() and m.first > 0
            if capital and self.tokens[m.first - 1].text not in '.!?"“„«':
                return None  # "der Morgen"
        part = self.roles(p["part"])["daypart"] if "part" in p else None
        if re.fullmatch(r"[A-Z_]+", spec):
            return self.found(m.first, m.last, "DATE", spec, "reference to " + spec.lower())
        g = re.fullmatch(
            r"(day|night|evening|morning|afternoon|year|anchor|today)([+-][0-9])?", spec
        )
        if g is None:
            return None
        what, step = g[1], int(g[2] or 0)
        if what == "anchor":
            if self.state.anchor_day is None:
                return None
            v = shift(self.state.anchor_day, step, "D")
            return self.found(m.first, m.last, "DATE", v, f"counted from {self.state.anchor_day}")
        if what == "year":
            if self.dct is None:
                return self.found(m.first, m.last, "DATE", "XXXX", "year; no article date")
            return self.found(
                m.first,
                m.last,
                "DATE",
                f"{self.dct.year + step:04d}",
                "year from the article date",
                anchored=True,
            )
        parts = {"night": "NI", "evening": "EV", "morning": "MO", "afternoon": "AF"}
        part = parts.get(what, part)
        if (
            what == "today"
            and part is None
            and self.dct is not None
            and self.state.running_text
            and "apos" not in self.roles(m.last)  # "today's meeting" is the day
            and read_tense(self.tokens, m.first, m.last, self.cal, window=4) == "none"
        ):
            # "the hottest trends today": no past or future verb next to it, the present
            return self.found(m.first, m.last, "DATE", "PRESENT_REF", "today: the present")
        if self.dct is None:
            day = "XXXX-XX-XX"
        else:
            try:
                day = (self.dct + dt.timedelta(days=step)).isoformat()
            except OverflowError:
                return None
        if part:
            return self.found(
                m.first,
                m.last,
                "TIME",
                f"{day}T{part}",
                "part of a day",
                anchored=self.dct is not None or None,
            )
        if self.dct is None:
            return self.found(m.first, m.last, "DATE", day, "day; no article date")
        return self.found(m.first, m.last, "DATE", day, "day from the article date", anchored=True)

    def r_ref(self, m: Match, p: dict[str, int]) -> Found | None:
        if self.key(m.first - 1) not in self.cal.ref_preps:
            return None  # "the use of the future" is a tense, "in the future" a time
        v = str(self.roles(p["ref"])["ref"])
        return self.found(m.first, m.last, "DATE", v, "reference to " + v.lower())

    def r_daypart(self, m: Match, p: dict[str, int]) -> Found | None:
        if not self.after_prep(m.first):
            return None
        part = self.roles(p["part"])["daypart"]
        return self.found(m.first, m.last, "TIME", f"XXXX-XX-XXT{part}", "part of a day")

    def r_set(self, m: Match, p: dict[str, int]) -> Found | None:
        w = self.roles(p.get("what", p.get("unit", -1)))
        if "unit" in w:
            v = duration_value("1", str(w["unit"]))
        elif "weekday" in w:
            v = f"XXXX-WXX-{int(w['weekday']) + 1}"  # type: ignore[call-overload]
        elif "daypart" in w:
            v = f"XXXX-XX-XXT{w['daypart']}"
        else:
            v = f"XXXX-{w['month']:02d}"
        return self.found(m.first, m.last, "SET", v, "recurring")
