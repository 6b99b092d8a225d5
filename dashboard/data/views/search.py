"""Region search for the navbar: a name or code as people type it -> the regions they mean.

Built once per snapshot from a list of :class:`Entry` (provinces, kabupaten/kota and, where the
snapshot has them, kecamatan), so adding a level is one more list of entries. Matching, best
first (each tier beats every lower one):

1. codes: a dotted Kemendagri code (``32.16``, ``32.16.01``) or a BPS code (``3216``) exactly,
   then codes starting with what was typed (``32.1``);
2. names, compared after :func:`dashboard.data.regions.normalise_name` (case, accents,
   punctuation; ``Kab.``/``Kab``/``Kabupaten``, ``Kota``/``Kodya`` read as the type, which then
   prefers regions of that type): the whole name, the name's start, every typed word starting a
   word of the name, the text anywhere in the name;
3. small typos: :class:`difflib.SequenceMatcher` ratio of the typed text against the name and
   against each word (>= 0.75), only when the tiers above found fewer than ``limit`` regions.

Ties go to kabupaten/kota before kecamatan before provinces, then shorter names, then by name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from dashboard.data.regions import normalise_name

KINDS = ("kabupaten", "kota", "district", "province")  # tie order
MAX_QUERY = 80  # characters looked at
FUZZY_CUTOFF = 0.75
_CODE = re.compile(r"^\d{2}(\.\d{0,2}){0,2}$|^\d{1,2}$")
_BPS = re.compile(r"^\d{3,4}$")
_TYPE_WORDS = {"kabupaten": "kabupaten", "kota": "kota", "provinsi": "province"}
_TYPE_ALONE = {  # a type word typed alone lists that kind
    **dict.fromkeys(("kab", "kabupaten"), "kabupaten"),
    **dict.fromkeys(("kota", "kodya", "kotamadya"), "kota"),
    **dict.fromkeys(("prov", "provinsi", "propinsi"), "province"),
    **dict.fromkeys(("kec", "kecamatan"), "district"),
}


@dataclass(frozen=True)
class Entry:
    """One searchable region: its code, official name, kind and where it lies (for the label)."""

    code: str
    name: str
    kind: str  # one of KINDS
    context: str = ""  # province name (kab/kota), regency name (kecamatan)
    bps_code: str = ""


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float


@dataclass(frozen=True)
class _Prepared:
    entry: Entry
    full: str  # normalised name with its type word
    bare: str  # without the type word
    words: tuple[str, ...]
    order: int


class SearchIndex:
    """The entries, normalised once; :meth:`search` answers one typed query."""

    def __init__(self, entries: list[Entry]) -> None:
        prepared = []
        for entry in entries:
            full = normalise_name(entry.name)
            bare = _strip_type(full)
            prepared.append(
                _Prepared(entry, full, bare, tuple(bare.split()), KINDS.index(entry.kind))
            )
        self._items = tuple(prepared)
        self._by_code = {p.entry.code: p for p in prepared}
        self._by_bps = {p.entry.bps_code: p for p in prepared if p.entry.bps_code}

    def __len__(self) -> int:
        return len(self._items)

    @cached_property
    def _codes(self) -> tuple[tuple[str, _Prepared], ...]:
        return tuple(sorted(((p.entry.code, p) for p in self._items), key=lambda c: c[0]))

    def search(self, query: str, *, limit: int = 8) -> list[Match]:
        """The best ``limit`` regions for ``query`` (empty for an empty query)."""
        text = str(query or "").strip()[:MAX_QUERY]
        if not text:
            return []
        scored: dict[str, tuple[float, _Prepared]] = {}

        def offer(item: _Prepared, score: float) -> None:
            best = scored.get(item.entry.code)
            if best is None or score > best[0]:
                scored[item.entry.code] = (score, item)

        compact = text.replace(" ", "")
        if _CODE.match(compact) or _BPS.match(compact):
            self._code_matches(compact, offer)
        normalised = normalise_name(text)
        alone = _TYPE_ALONE.get(normalised)
        if alone is not None:
            for item in self._items:
                if item.entry.kind == alone:
                    offer(item, 60)
        wanted = next((k for w, k in _TYPE_WORDS.items() if normalised.startswith(w + " ")), None)
        bare = _strip_type(normalised)
        if bare and not bare.isdigit() and alone is None:
            self._name_matches(bare, wanted, offer)
            if len(scored) < limit and len(bare) >= 3:
                self._fuzzy_matches(bare, wanted, offer)
        ranked = sorted(
            scored.values(),
            key=lambda s: (-s[0], s[1].order, len(s[1].bare), s[1].bare, s[1].entry.code),
        )
        return [Match(item.entry, score) for score, item in ranked[:limit]]

    def _code_matches(self, text: str, offer) -> None:
        if text in self._by_code:
            offer(self._by_code[text], 200)
        if text in self._by_bps:
            offer(self._by_bps[text], 195)
        for position, (code, item) in enumerate(self._codes):  # by code, fewer dots first
            if code.startswith(text) and code != text:
                offer(item, 180 - code.count(".") - position * 1e-6)
        if _BPS.match(text):
            for bps, item in self._by_bps.items():
                if bps.startswith(text) and bps != text:
                    offer(item, 175 - int(bps) * 1e-7)

    def _name_matches(self, bare: str, wanted: str | None, offer) -> None:
        typed = bare.split()
        for item in self._items:
            if item.bare == bare:
                score = 100
            elif item.bare.startswith(bare):
                score = 90
            elif all(any(w.startswith(t) for w in item.words) for t in typed):
                score = 80
            elif bare in item.bare:
                score = 70
            else:
                continue
            offer(item, score + _type_bonus(item, wanted))

    def _fuzzy_matches(self, bare: str, wanted: str | None, offer) -> None:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(bare)
        typed = bare.split()
        for item in self._items:
            best = 0.0
            for candidate in (item.bare, *(item.words if len(typed) == 1 else ())):
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < FUZZY_CUTOFF:
                    continue
                if matcher.quick_ratio() < FUZZY_CUTOFF:
                    continue
                best = max(best, matcher.ratio())
            if best >= FUZZY_CUTOFF:
                offer(item, 40 + 20 * best + _type_bonus(item, wanted))


def _strip_type(normalised: str) -> str:
    for word in ("kabupaten ", "kota ", "provinsi "):
        if normalised.startswith(word):
            return normalised[len(word) :]
    return normalised


def _type_bonus(item: _Prepared, wanted: str | None) -> float:
    """Typing "Kota ..." prefers kota, "Kab ..." kabupaten; the other kinds still show, lower."""
    if wanted is None:
        return 0.0
    return 5.0 if item.entry.kind == wanted else -15.0


def region_entries(regions) -> list[Entry]:
    """Provinces and kabupaten/kota of a :class:`~dashboard.data.regions.RegionIndex`."""
    frame = regions.regions
    entries = []
    for code, bps, name, kind, province in frame[
        ["code", "bps_code", "name", "type", "province_name"]
    ].itertuples(index=False):
        if kind == "provinsi":
            entries.append(Entry(code, name, "province", "", str(bps)))
        else:
            entries.append(Entry(code, name, kind, province, str(bps)))
    return entries


def district_entries(snap) -> list[Entry]:
    """Kecamatan of the snapshot (:func:`~dashboard.data.views.districts.district_list`: the
    boundary version's district level and any district the data holds), named by their label."""
    from dashboard.data.views.districts import district_list

    table = district_list(snap)
    return [
        Entry(
            code,
            str(label),
            "district",
            snap.regions.name(regency) if regency in snap.regions else "",
        )
        for code, label, regency in table[["code", "label", "regency_code"]].itertuples(index=False)
    ]


def search_index(snap) -> SearchIndex:
    """The snapshot's index: provinces, kabupaten/kota and kecamatan, built once per snapshot."""
    return snap.memo(
        ("search-index",),
        lambda: SearchIndex(region_entries(snap.regions) + district_entries(snap)),
    )
