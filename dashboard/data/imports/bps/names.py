"""BPS region names -> Kemendagri codes, matched within the province heading they stand under.

BPS tables name a regency without "Kabupaten" ("Bekasi") and a city with "Kota" ("Kota Bekasi"), so
a bare name is only ever a regency ("Bengkulu" is never taken for Kota Bengkulu);
English tables may write "Bekasi Regency" or "Bekasi City". Names are compared with spaces and
punctuation ignored ("Banyu Asin" = "Banyuasin", "Toli-Toli" = "Tolitoli"). Renamed regencies
keep their old BPS name in older tables ("Toba Samosir"); a few aliases cover them, and a name
written as "old / new" is tried part by part. Only the regencies of the heading's province are
searched, so "Bekasi" under "JAWA BARAT" is never confused with another province's region.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard.data.regions import RegionIndex

# Old or alternative BPS spellings (compact key, see ``compact``) -> the current one.
ALIASES = {
    "tobasamosir": "toba",
    "mamujuutara": "pasangkayu",
    "malukutenggarabarat": "kepulauantanimbar",
    "mahakamhulu": "mahakamulu",
    "makasar": "makassar",
    "padangsidempuan": "padangsidimpuan",
    "siautagulandangbiaro": "kepulauansiautagulandangbiaro",
    "sitaro": "kepulauansiautagulandangbiaro",
    "seribu": "kepulauanseribu",
    "pangkajenedankepulauan": "pangkajenekepulauan",
    "pangkep": "pangkajenekepulauan",
}
# Per type: the regency "Pontianak" of old tables is today's Mempawah (Kota Pontianak stays).
TYPED_ALIASES = {("kabupaten", "pontianak"): "mempawah"}

# Province headings: words of English headings in Indonesian; filler words dropped.
_ENGLISH = {
    "north": "utara",
    "south": "selatan",
    "west": "barat",
    "east": "timur",
    "central": "tengah",
    "southeast": "tenggara",
    "southwest": "barat daya",
    "java": "jawa",
    "sumatra": "sumatera",
    "islands": "kepulauan",
    "island": "kepulauan",
    "kep": "kepulauan",
    "highland": "pegunungan",
    "highlands": "pegunungan",
    "mountains": "pegunungan",
}
_FILLER = frozenset(
    [
        "daerah",
        "khusus",
        "ibukota",
        "istimewa",
        "special",
        "capital",
        "region",
        "of",
        "the",
        "and",
        "province",
        "provinsi",
        "prov",
        "dki",
        "di",
        "d",
        "k",
        "i",
        "nanggroe",
        "darussalam",
    ]
)
# The old headings stand over regencies that now belong to the new Papua provinces.
PAPUA_GROUPS = {"papua": ("91", "93", "94", "95"), "barat papua": ("92", "96")}
NATIONAL = frozenset({"indonesia"})

_KAB = re.compile(r"^(kabupaten|kab)\b\.?\s*(administrasi\s+)?")
_KOTA = re.compile(r"^(kota|kotamadya|kodya|kotamadia)\b\.?\s*(administrasi\s+)?")
_KAB_SUFFIX = re.compile(r"\s+(regency|district)$")
_KOTA_SUFFIX = re.compile(r"\s+(city|municipality)$")


def ascii_lower(text: object) -> str:
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip().lower()


def compact(text: str) -> str:
    """Letters and digits only: spaces, dots, dashes and brackets do not tell names apart."""
    value = re.sub(r"\bkep\b\.?", "kepulauan", text)
    value = re.sub(r"\badministrasi\b", "", value)
    return re.sub(r"[^a-z0-9]", "", value)


def split_type(name: str) -> tuple[str | None, str]:
    """("kabupaten" | "kota" | None, the compact name) of a BPS or Kemendagri region name."""
    value = ascii_lower(name)
    value = re.sub(r"\((kab|kabupaten)\.?\)$", "", value).strip()  # "Pontianak (Kab.)"
    for pattern, kind in ((_KAB, "kabupaten"), (_KOTA, "kota")):
        if pattern.match(value):
            return kind, compact(pattern.sub("", value, count=1))
    for pattern, kind in ((_KAB_SUFFIX, "kabupaten"), (_KOTA_SUFFIX, "kota")):
        if pattern.search(value):
            return kind, compact(pattern.sub("", value))
    return None, compact(value)


def province_key(heading: str) -> str:
    """A province heading as sorted Indonesian words: "WEST JAVA" and "JAWA BARAT" agree."""
    words = re.sub(r"[^a-z ]", " ", ascii_lower(heading).replace(".", " ")).split()
    out: list[str] = []
    for word in words:
        out.extend(_ENGLISH.get(word, word).split())
    return " ".join(sorted(w for w in out if w not in _FILLER))


@dataclass(frozen=True)
class Match:
    """One name looked up under one heading: the code, or suggestions when none matched."""

    code: str | None
    suggestions: tuple[str, ...] = ()


class NameMatcher:
    """Region names to codes within provinces, built once from the region list."""

    def __init__(self, regions: RegionIndex) -> None:
        self.regions = regions

    @cached_property
    def _regencies(self) -> pd.DataFrame:
        frame = self.regions.regencies[["code", "name", "type", "province_code"]].copy()
        parts = [split_type(n) for n in frame["name"]]
        frame["key"] = [key for _, key in parts]
        return frame

    @cached_property
    def _by_province(self) -> dict[str, dict[tuple[str, str], str]]:
        index: dict[str, dict[tuple[str, str], str]] = {}
        for code, kind, province, key in self._regencies[
            ["code", "type", "province_code", "key"]
        ].itertuples(index=False):
            index.setdefault(province, {})[(kind, key)] = code
        return index

    @cached_property
    def _provinces(self) -> dict[str, tuple[str, ...]]:
        """Heading key -> the Kemendagri province codes whose regencies it lists."""
        out = {
            province_key(name): (code,)
            for code, name in self.regions.provinces[["code", "name"]].itertuples(index=False)
        }
        out.update({"aceh": ("11",), "jakarta": ("31",), "yogyakarta": ("34",)})
        out.update({"bangka belitung": ("19",), "bangka belitung kepulauan": ("19",)})
        out.update(PAPUA_GROUPS)
        return out

    def province(self, heading: str) -> tuple[str, ...] | None:
        """The province codes a heading stands for, () for INDONESIA, None when unknown."""
        key = province_key(heading)
        if key in NATIONAL:
            return ()
        return self._provinces.get(key)

    def province_suggestions(self, heading: str) -> list[str]:
        names = dict(
            zip(self.regions.provinces["code"], self.regions.provinces["name"], strict=True)
        )
        close = difflib.get_close_matches(province_key(heading), list(self._provinces), 3, 0.6)
        return [names[self._provinces[k][0]].upper() for k in close if self._provinces[k]]

    def match(self, name: str, provinces: tuple[str, ...]) -> Match:
        """The code of ``name`` among the regencies of ``provinces``, else up to 3 suggestions."""
        for part in _alternatives(name):
            code = self._lookup(part, provinces)
            if code is not None:
                return Match(code)
        return Match(None, tuple(self._suggest(name, provinces)))

    def _lookup(self, name: str, provinces: tuple[str, ...]) -> str | None:
        kind, key = split_type(name)
        kinds = (kind or "kabupaten",)  # BPS writes "Kota X" for a city; a bare name is a regency
        for wanted in kinds:
            candidates = {ALIASES.get(key, key), TYPED_ALIASES.get((wanted, key), key), key}
            for province in provinces:
                index = self._by_province.get(province, {})
                for candidate in candidates:
                    code = index.get((wanted, candidate))
                    if code is not None:
                        return code
        return None

    def _suggest(self, name: str, provinces: tuple[str, ...]) -> list[str]:
        frame = self._regencies[self._regencies["province_code"].isin(provinces)]
        _, key = split_type(name)
        keys = list(dict.fromkeys(frame["key"]))
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        rows = frame[frame["key"].isin(close)]
        order = {k: i for i, k in enumerate(close)}
        rows = rows.assign(_order=rows["key"].map(order)).sort_values("_order")
        return [f"{code} {label}" for code, label in zip(rows["code"], rows["name"], strict=True)]


def _alternatives(name: str) -> list[str]:
    """ "Toba Samosir / Toba" is tried as a whole, then part by part (the newest name last)."""
    parts = [p.strip() for p in str(name).split("/") if p.strip()]
    return [str(name)] + (parts[::-1] if len(parts) > 1 else [])
