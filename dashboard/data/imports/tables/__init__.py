"""Read and validate indicator files (SPEC section 3, "Import contract").

The contract below is implemented by the modules of this package: :mod:`.sniffing` (formats and
encodings), :mod:`.reading` and :mod:`.xlsx` (cells as text), :mod:`.columns` (header, long or
wide layout), :mod:`.numbers`, :mod:`.keys`, :mod:`.values` and :mod:`.duplicates` (the checks),
:mod:`.rows`, :mod:`.problems` and :mod:`.validate` (the whole check, :func:`validate_file`).

Accepted files
--------------
* **CSV** (``.csv``, ``.tsv``, ``.txt``): delimiter comma, semicolon, tab or pipe, sniffed from the
  first lines. Encoding UTF-8, UTF-8 with BOM or Windows-1252, tried in that order. UTF-16, binary
  data and files that mix UTF-8 with Windows-1252 are refused with a message naming the accepted
  encodings.
* **XLSX**, recognised by content (a zip holding ``xl/workbook.xml``), not by name: the first sheet
  or the sheet named with ``sheet``. Numbers in a percent format are read as shown (0.452 shown as
  45,2% gives 45.2). Formulas without a stored result are reported (save the file in Excel first).
* Old ``.xls`` workbooks are refused with "save as .xlsx or CSV"; images, PDF, JSON, HTML and
  other formats are refused as unsupported. Files above ``ImportLimits.max_bytes`` are refused
  before reading; an XLSX is judged by what it inflates to, every file by rows, columns, cells and
  cell length counted while streaming (:mod:`dashboard.data.imports.guard`, SECURITY.md).
* Title rows above the header are skipped: the header is the first of the first ten non-empty rows
  holding two or more known column names, otherwise the first non-empty row. Rows are numbered as a
  spreadsheet shows them (CSV: the header on line 1 is row 1; XLSX: the sheet row). Blank rows are
  ignored.

BPS table exports
-----------------
A table exported from the BPS website (title rows, a "Kabupaten/Kota" column under province
headings, one column per year, a footer) is recognised first and read by
:mod:`dashboard.data.imports.bps` into long rows for the checks below; it needs the indicator it
holds (``indicator=``, ``--indicator``), and ``indicator=`` on any other file is an error.

Layouts (header names ignore case, spaces, underscores, dashes and slashes)
--------------------------------------------------------------------------
* **long**, one value per row: region (``kode_wilayah``, ``region_code``, ``kode``, ``code``,
  ``wilayah``, ``region``, ``nama_wilayah``, ``kabupaten_kota``), indicator (``indikator``,
  ``indicator_id``, ``indicator``, ``kode_indikator``), period (``tahun``, ``period``, ``year``,
  ``periode``), value (``nilai``, ``value``); optional ``sumber``/``source``,
  ``tanggal_referensi``/``reference_date``, ``catatan``/``note``/``keterangan``. Other columns are
  ignored with a warning.
* **wide**: region, period and one column per indicator, headed by its id or its Indonesian or
  English name. Context columns (``nama``, ``provinsi``, ``province``, ...) are ignored; any other
  column is an error naming it.
* **collection templates** (``python -m dashboard template``, the download on ``/data``) are wide
  files whose value columns are headed "name (unit)", e.g. "Persentase penduduk miskin (%)"; those
  headers are accepted for every indicator (:mod:`.template_headers`). A template's hidden sheet
  ``kc_template`` records its header row: a header changed or a column added after the download is
  an error naming the column, the downloaded header and the new one.

Keys
----
* Regions: dotted Kemendagri codes ("32.16"), BPS codes ("3216"), province codes ("32",
  province-level values) or names ("Kab. Bekasi"); see :mod:`dashboard.data.regions`. Codes that
  Excel turned into numbers are repaired: "3216.0" is 3216, "32.1" is 32.10. Ambiguous names
  ("Bekasi") are errors listing the candidates, never guesses.
* Districts (kecamatan): dotted codes ("32.16.01") in the region column, or a ``kecamatan``
  column (``kode_kecamatan``, ``nama_kecamatan``, ``district``, ...) beside the regency in the
  region column: its code ("32.16.01", "01") or name ("Tarumajaya", "Kec. Cikarang Utara") is
  matched within that regency; an empty cell keeps the row a regency value. The district
  reference is the active boundary version's district level (``import boundaries --level
  district``): unknown district codes and names are errors naming the file, row and key with the
  closest districts of the regency as suggestions. A regency the reference does not cover has its
  district codes checked for their form only (a warning says so); names then cannot be matched.
* Periods: whole years ("2024", "2024.0") from ``min_period`` to ``max_period`` (next year).

Values
------
Spaces (also non-breaking), a trailing "%" and a Unicode minus are ignored. Missing values ("",
"-", "—", "n/a", "NA", "null", "#N/A", ...) are skipped and counted, not errors; a row or cell
without a value is not checked further. Number format rule, decided per column from all its values:

* with both separators the last one is the decimal mark ("1.234,5" and "1,234.5" are 1234.5);
  a separator repeated is a thousands separator ("1.234.567" and "1,234,567");
  a single separator followed by other than three digits is the decimal mark ("12,5", "0.123");
* "1.234" and "1,234" (one separator, then exactly three digits) are ambiguous. They follow the
  column: if its other values show decimal commas, "1.234" is 1234 and "1,234" is 1.234; if they
  show decimal points, the other way round. A column with no evidence reads the separator as the
  decimal mark (1.234) and says so in a warning; a column mixing both styles makes them errors.

Ordered indicators (``direction = "ord"``, e.g. the BPK audit opinion) accept their category
labels in any case, the long forms ("Wajar Tanpa Pengecualian") or the 1-based position, and are
stored as that position (TMP 1, TW 2, WDP 3, WTP 4).

Outcome
-------
:func:`validate_file` never raises for bad content: every problem goes into the report (at most
1000 of one kind are listed, the total is always given). Errors: values outside the indicator's
hard ``bounds``, unknown or ambiguous keys, duplicate (region, indicator, period) rows with
different values, and the file-level problems above. Warnings: values outside the ``typical``
range, identical duplicate rows (kept once), no source column (values recorded with source
"tidak disebutkan"), ignored columns. A report with any error yields no observations.

``report.counts``: rows_read (non-blank data rows), rows_valid (observations that pass every
check, also when other rows fail), rows_missing (values skipped as missing), regions, indicators,
periods ("2018-2025"), warnings and errors (totals, including those not listed).
"""

from __future__ import annotations

from dashboard.data.imports.tables.bilingual import Bilingual
from dashboard.data.imports.tables.contract import (
    OUTPUT_COLUMNS,
    UNSPECIFIED_SOURCE,
    ImportLimits,
    ValidationResult,
)
from dashboard.data.imports.tables.numbers import MISSING_TOKENS, parse_number
from dashboard.data.imports.tables.reading import read_table
from dashboard.data.imports.tables.validate import validate_file

__all__ = [
    "MISSING_TOKENS",
    "OUTPUT_COLUMNS",
    "UNSPECIFIED_SOURCE",
    "Bilingual",
    "ImportLimits",
    "ValidationResult",
    "parse_number",
    "read_table",
    "validate_file",
]
