"""Component ids of `/admin`. Every one starts with ``admin-``: the request guard refuses callbacks
naming such a component to anyone below editor (``dashboard.security.auth.ADMIN_PREFIX``)."""

LANG_STORE = "admin-lang"

# 1. choose, 2. upload
KIND = "admin-kind"
MODE = "admin-mode"
SHEET = "admin-sheet"
LEVEL = "admin-level"
INDICATOR_OPTIONS = "admin-indicator-options"
BOUNDARY_OPTIONS = "admin-boundary-options"
UPLOAD = "admin-upload"
UPLOAD_HOLDER = "admin-upload-holder"
UPLOAD_HINT = "admin-upload-hint"
UPLOAD_NOTE = "admin-upload-note"  # "file too large" (written by assets/40-admin.js) and refusals
STAGED = "admin-staged"  # dcc.Store: token, name, kind, ok of the file on screen

# 3. report
SUMMARY = "admin-report-summary"
COUNTS = "admin-report-counts"
PROBLEMS = "admin-problems"
REPORT_DOWNLOAD = "admin-report-download"
REPORT_FILE = "admin-report-file"

# 4. import
IMPORT_BUTTON = "admin-import"
IMPORT_RESULT = "admin-import-result"
IMPORT_DONE = "admin-import-done"

# versions, rollback, audit
DATASET_GRID = "admin-versions"
BOUNDARY_GRID = "admin-boundary-versions"
ACTIVE_BOUNDARY = "admin-active-boundary"
AUDIT_GRID = "admin-audit"
ROLLBACK_DATASET = "admin-rollback-dataset"
ROLLBACK_BOUNDARIES = "admin-rollback-boundaries"
ROLLBACK_MODAL = "admin-rollback-modal"
ROLLBACK_QUESTION = "admin-rollback-question"
ROLLBACK_CONFIRM = "admin-rollback-confirm"
ROLLBACK_CANCEL = "admin-rollback-cancel"
ROLLBACK_PENDING = "admin-rollback-pending"
ROLLBACK_RESULT = "admin-rollback-result"
ROLLBACK_DONE = "admin-rollback-done"
