"""Region names and keys as people type them: short labels, links that name regions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.regions import RegionIndex
from dashboard.labels import short_name

MAX_COMPARE = 6  # regions side by side on the compare page

_SHORT_PROVINCES = (("Daerah Khusus Ibukota ", "DKI "), ("Daerah Istimewa ", "DI "))


# ---------------------------------------------------------------------------- region choice
@dataclass(frozen=True)
class RegionChoice:
    """The kab/kota a link asked for: usable codes, keys not understood, codes over the limit."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def short_province(name: str) -> str:
    for long, short in _SHORT_PROVINCES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def region_choices(regions: RegionIndex) -> pd.DataFrame:
    """Every kab/kota as code, label 'Kab. Bekasi (Jawa Barat)' and search text, by name."""
    frame = regions.regencies
    bare = frame["name"].str.replace(r"^(Kabupaten|Kota)( Administrasi)? ", "", regex=True)
    out = pd.DataFrame(
        {
            "code": frame["code"],
            "label": [
                f"{short_name(n)} ({short_province(p)})"
                for n, p in zip(frame["name"], frame["province_name"], strict=True)
            ],
            "search": frame["name"]
            + " "
            + frame["province_name"]
            + " "
            + frame["code"]
            + " "
            # BPS code, so "3216" finds Kabupaten Bekasi too
            + frame["bps_code"].astype(str),
            "_bare": bare,
        }
    )
    return out.sort_values(["_bare", "label"]).drop(columns="_bare").reset_index(drop=True)


def parse_region_keys(
    regions: RegionIndex, raw: object, *, limit: int = MAX_COMPARE
) -> RegionChoice:
    """Dotted codes, BPS codes or names (a comma-separated string or a list) -> kab/kota codes.

    Never raises: keys that are not one kab/kota (unknown, ambiguous, a province) are returned in
    ``unknown`` so the page can list them; duplicates are dropped; codes beyond ``limit`` go to
    ``dropped``.
    """
    if raw is None:
        return RegionChoice(())
    keys = raw.split(",") if isinstance(raw, str) else [str(k) for k in raw]  # type: ignore[union-attr]
    codes: list[str] = []
    unknown: list[str] = []
    for key in (k.strip() for k in keys):
        if not key:
            continue
        try:
            code = regions.resolve(key)
        except DataError:
            code = None
        if code is None or "." not in code:
            if key not in unknown:
                unknown.append(key)
        elif code not in codes:
            codes.append(code)
    return RegionChoice(tuple(codes[:limit]), tuple(unknown), tuple(codes[limit:]))
