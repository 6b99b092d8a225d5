"""Export file formats, declared once (imported by the CLI without loading plotly)."""

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
FORMATS = {"chart": IMAGE_FORMATS, "data": DATA_FORMATS}  # /export/<kind>/<name>.<format>
SCALES = (1, 2)  # PNG: 1920x1080, or 3840x2160 for print
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMETYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",  # Flask adds "; charset=utf-8"
    "xlsx": XLSX_MIMETYPE,
}

__all__ = ["DATA_FORMATS", "FORMATS", "IMAGE_FORMATS", "MIMETYPES", "SCALES", "XLSX_MIMETYPE"]
