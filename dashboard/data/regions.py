"""Region list and the resolver that turns codes and names into Kemendagri codes.

Accepted keys: dotted Kemendagri codes ("32.16", "32"), BPS codes ("3216"; note that BPS and
Kemendagri numbering differ for Papua, so a four-digit number is always read as a BPS code) and
names ("Kab. Bekasi", "KABUPATEN BEKASI", "Kota Bekasi"). A bare name that fits both a kabupaten
and a kota ("Bekasi") is ambiguous and refused with the candidates listed, never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.districts import DISTRICT_CODE, empty_districts, regency_of
from dashboard.data.errors import AmbiguousRegion, DataError, UnknownDistrict, UnknownRegion

REGIONS_FILE = SHIPPED_DATA_DIR / "regions.csv"
REQUIRED_COLUMNS = (
    "code",
    "bps_code",
    "name",
    "type",
    "province_code",
    "province_name",
    "lat",
    "lon",
    "area_km2",
    "population_2024",
    "vintage",
)
_DOTTED = re.compile(r"^\d{2}(\.\d{2})?$")
_DIGITS = re.compile(r"^\d{2}(\d{2})?$")
# Common other names of provinces (normalised) -> Kemendagri code.
PROVINCE_ALIASES = {
    "dki jakarta": "31",
    "jakarta": "31",
    "daerah khusus jakarta": "31",
    "di yogyakarta": "34",
    "diy": "34",
    "yogyakarta": "34",
    "nanggroe aceh darussalam": "11",
    "bangka belitung": "19",
    "babel": "19",
    "kepri": "21",
}
_PREFIXES = (
    (re.compile(r"^(kabupaten|kab\.?|kab)\s+"), "kabupaten "),
    (re.compile(r"^(kota|kotamadya|kodya)\s+"), "kota "),
    (re.compile(r"^(provinsi|prov\.?|propinsi)\s+"), "provinsi "),
)


def normalise_name(text: str) -> str:
    """Lower-case, accent-free, single-spaced name with a canonical type prefix."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    value = value.lower().replace("-", " ").replace("_", " ")
    value = re.sub(r"\s+", " ", value).strip()
    for pattern, canonical in _PREFIXES:
        if pattern.match(value):
            value = pattern.sub(canonical, value, count=1)
            break
    value = re.sub(r"[^a-z0-9 ]", "", value)
    return re.sub(r"\s+", " ", value).strip()


def _strip_prefix(normalised: str) -> str:
    for prefix in ("kabupaten ", "kota ", "provinsi "):
        if normalised.startswith(prefix):
            return normalised[len(prefix) :]
    return normalised


def _strip_district(normalised: str) -> str:
    for prefix in ("kecamatan ", "kec "):
        if normalised.startswith(prefix):
            return normalised[len(prefix) :]
    return normalised


def load_regions(path: Path | str = REGIONS_FILE) -> pd.DataFrame:
    """Read the region list with codes as text and numbers as numbers; validate its shape."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("regions.missing_columns", file=str(path), columns=", ".join(missing))
    duplicated = frame.loc[frame["code"].duplicated(), "code"].tolist()
    if duplicated:
        raise DataError("regions.duplicate_codes", file=str(path), codes=", ".join(duplicated))
    for column in ("lat", "lon", "area_km2"):
        frame[column] = pd.to_numeric(frame[column])
    frame["population_2024"] = pd.to_numeric(frame["population_2024"]).astype("int64")
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class RegionIndex:
    """Lookup from every accepted key form to Kemendagri codes, built once from the region list.

    ``districts`` (code, name, regency_code; :mod:`dashboard.data.districts`) is the district
    reference, when one is known (an imported district boundary version): district codes of a
    regency it covers are checked against it, names are matched within their regency. District
    codes of a regency it does not cover are accepted on their form (:meth:`district_checked`).
    """

    regions: pd.DataFrame
    districts: pd.DataFrame | None = None

    @classmethod
    def from_file(cls, path: Path | str = REGIONS_FILE) -> RegionIndex:
        return cls(load_regions(path))

    @cached_property
    def _by_code(self) -> dict[str, str]:
        return dict(zip(self.regions["code"], self.regions["name"], strict=True))

    @cached_property
    def _by_bps(self) -> dict[str, str]:
        return dict(zip(self.regions["bps_code"], self.regions["code"], strict=True))

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        """Full normalised names and bare names (without type prefix) to codes."""
        index: dict[str, list[str]] = {}
        for code, name, kind in self.regions[["code", "name", "type"]].itertuples(index=False):
            full = normalise_name(name)
            keys = {full, _strip_prefix(full)}
            if " administrasi " in f" {full} ":
                short = " ".join(w for w in full.split() if w != "administrasi")
                keys |= {short, _strip_prefix(short)}
            if kind == "provinsi":
                keys.add("provinsi " + full)
            for key in keys:
                index.setdefault(key, [])
                if code not in index[key]:
                    index[key].append(code)
        for alias, code in PROVINCE_ALIASES.items():
            for key in (alias, "provinsi " + alias):
                index.setdefault(key, [])
                if code not in index[key]:
                    index[key].append(code)
        return index

    def with_districts(self, districts: pd.DataFrame | None) -> RegionIndex:
        """The same regions with a district reference (None or empty: no reference)."""
        return RegionIndex(self.regions, districts)

    @cached_property
    def _districts_by_regency(self) -> dict[str, dict[str, str]]:
        table = self.districts if self.districts is not None else empty_districts()
        index: dict[str, dict[str, str]] = {}
        for code, name in table[["code", "name"]].itertuples(index=False):
            index.setdefault(regency_of(code), {})[code] = name
        return index

    def district_checked(self, regency: str) -> bool:
        """Whether a district reference covers ``regency`` (its district codes are checked)."""
        return regency in self._districts_by_regency

    def district_names(self, regency: str) -> dict[str, str]:
        """Known district codes -> names of a regency (empty without a reference)."""
        return dict(self._districts_by_regency.get(regency, {}))

    def _resolve_district_code(self, text: str) -> str:
        regency = regency_of(text)
        if regency not in self._by_code:
            raise UnknownDistrict(text, regency)
        known = self._districts_by_regency.get(regency)
        if known is None or text in known:
            return text
        close = difflib.get_close_matches(text, list(known), n=3, cutoff=0.6)
        raise UnknownDistrict(text, regency, [(c, known[c]) for c in close])

    def resolve_district(self, regency: str, key: object) -> str:
        """A district of ``regency`` by code ("32.16.01", "01") or name ("Tarumajaya").

        Names need a district reference for the regency; raises UnknownDistrict otherwise or when
        nothing matches (with the closest names of that regency as suggestions).
        """
        text = str(key).replace("\u00a0", " ").strip()
        if re.fullmatch(r"\d{1,2}", text):
            text = f"{regency}.{int(text):02d}"
        if DISTRICT_CODE.match(text):
            if regency_of(text) != regency:
                raise UnknownDistrict(text, regency)
            return self._resolve_district_code(text)
        known = self._districts_by_regency.get(regency, {})
        wanted = _strip_district(normalise_name(text))
        by_name = {_strip_district(normalise_name(n)): c for c, n in known.items()}
        if wanted in by_name:
            return by_name[wanted]
        close = difflib.get_close_matches(wanted, list(by_name), n=3, cutoff=0.75)
        raise UnknownDistrict(text, regency, [(by_name[c], known[by_name[c]]) for c in close])

    @cached_property
    def regencies(self) -> pd.DataFrame:
        """The 514 kabupaten/kota."""
        return self.regions[self.regions["type"] != "provinsi"].reset_index(drop=True)

    @cached_property
    def provinces(self) -> pd.DataFrame:
        return self.regions[self.regions["type"] == "provinsi"].reset_index(drop=True)

    def name(self, code: str) -> str:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def resolve(self, key: object) -> str:
        """The Kemendagri code for ``key``; raises UnknownRegion or AmbiguousRegion."""
        text = str(key).strip()
        if isinstance(key, float) and key.is_integer():
            text = str(int(key))
        if DISTRICT_CODE.match(text):
            return self._resolve_district_code(text)
        if _DOTTED.match(text) and text in self._by_code:
            return text
        if _DIGITS.match(text):
            if len(text) == 4 and text in self._by_bps:
                return self._by_bps[text]
            if len(text) == 2 and text in self._by_code:
                return text
            raise UnknownRegion(text)
        if _DOTTED.match(text):
            raise UnknownRegion(text)
        normalised = normalise_name(text)
        codes = self._by_name.get(normalised, [])
        if len(codes) == 1:
            return codes[0]
        if len(codes) > 1:
            raise AmbiguousRegion(text, [(c, self._by_code[c]) for c in sorted(codes)])
        raise UnknownRegion(text, self._suggest(normalised))

    def _suggest(self, normalised: str) -> list[tuple[str, str]]:
        close = difflib.get_close_matches(normalised, list(self._by_name), n=3, cutoff=0.85)
        codes = sorted({c for key in close for c in self._by_name[key]})
        return [(c, self._by_code[c]) for c in codes[:3]]

    def try_resolve(self, key: object) -> tuple[str | None, DataError | None]:
        """Like :meth:`resolve` but returns the error instead of raising (for bulk validation)."""
        try:
            return self.resolve(key), None
        except DataError as exc:
            return None, exc
