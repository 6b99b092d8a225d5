"""Message parameters that follow the message's language (role names, hints)."""

from __future__ import annotations

from dashboard.i18n import t


class Bilingual(str):
    """Text that follows the message's language: ``{x:id}`` / ``{x:en}`` pick the translation.

    A message parameter is shared by both languages; this lets a parameter (a hint, a role name)
    be translated too, while staying a plain string (English) for JSON and logs.
    """

    texts: dict[str, str]

    def __new__(cls, id_text: str, en_text: str | None = None) -> Bilingual:
        obj = super().__new__(cls, id_text if en_text is None else en_text)
        obj.texts = {"id": id_text, "en": id_text if en_text is None else en_text}
        return obj

    def __format__(self, spec: str) -> str:
        if spec in self.texts:
            return self.texts[spec]
        return format(str(self), spec)


ROLE_NAMES = {
    "region": Bilingual("wilayah", "region"),
    "district": Bilingual("kecamatan", "district"),
    "indicator": Bilingual("indikator", "indicator"),
    "period": Bilingual("tahun", "period"),
    "value": Bilingual("nilai", "value"),
}
_NO_HINT = Bilingual("", "")


def hint(names: list[str]) -> Bilingual:
    """A "did you mean ...?" suffix in both languages, empty when there is nothing to suggest."""
    if not names:
        return _NO_HINT
    listed = " / ".join(names)
    return Bilingual(
        t("hint.did_you_mean", "id", names=listed),
        t("hint.did_you_mean", "en", names=listed),
    )
