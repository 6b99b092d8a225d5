"""Every component id, in one place. Ids named in SPEC section 5 are stable for automation."""

# shell (every page)
URL = "url-nav"  # dcc.Location used for navigation from callbacks (refresh="callback-nav")
LANG_SELECT = "lang-select"
NAVBAR = "navbar"
NAV_LINKS = "nav-links"
NAVBAR_TOGGLER = "navbar-toggler"  # the menu button on narrow screens
NAVBAR_COLLAPSE = "navbar-collapse"
NAV_SEARCH = "region-search"  # the navbar's region search (combobox input)
NAV_SEARCH_LIST = "region-search-list"
NAV_SEARCH_STATUS = "region-search-status"
FOOTER = "footer"
SYNTHETIC_BADGE = "synthetic-badge"
PAGE_ALERT = "page-alert"
PRINT_HEADER = "print-header"  # paper only: date printed, link and filters (27-print.js)
PRINT_WHEN = "print-when"
PRINT_URL = "print-url"
PRINT_FILTERS = "print-filters"

# overview
INDICATOR_SELECT = "indicator-select"
PERIOD_SELECT = "period-select"
PROVINCE_SELECT = "province-select"
MAP_MODE = "map-mode"
READINESS_MAP = "readiness-map"
RANKING_CHART = "ranking-chart"
DISTRIBUTION_CHART = "distribution-chart"
KPI_ROW = "kpi-row"
MAP_CAPTION = "map-caption"
OVERVIEW_ALERT = "overview-alert"
OVERVIEW_STATE = "overview-state"  # dcc.Store mirroring the filters for the URL writer

# region profile
PROFILE_PILLARS = "profile-pillars"
PROFILE_TREND = "profile-trend"
PROFILE_INDICATORS = "profile-indicators"
PROFILE_PERIOD = "profile-period"
PROFILE_LEVERS = "profile-levers"  # the ranked list of improvement levers
WHATIF_CONTEXT = "whatif-context"  # store: region, year, language of the what-if control
WHATIF_INDICATOR = "whatif-indicator"
WHATIF_VALUE = "whatif-value"  # number input
WHATIF_SLIDER = "whatif-slider"
WHATIF_UNIT = "whatif-unit"
WHATIF_NOW = "whatif-now"  # the region's current value, as text
WHATIF_COMPOSITE = "whatif-composite"
WHATIF_DELTA = "whatif-delta"
WHATIF_LEVEL = "whatif-level"
WHATIF_RANK = "whatif-rank"
WHATIF_MESSAGE = "whatif-message"
WHATIF_SYNTHETIC = "whatif-synthetic"
WHATIF_TARGET_BUTTONS = {  # target kind -> the button that puts that target into the control
    "median": "whatif-target-median",
    "province_best": "whatif-target-province-best",
    "p75": "whatif-target-p75",
}

# district view (/wilayah/<code>/kecamatan)
DISTRICT_MEASURE = "district-measure"
DISTRICT_PERIOD = "district-period"
DISTRICT_SELECT = "district-select"
DISTRICT_MAP = "district-map"
DISTRICT_RANKING = "district-ranking"
DISTRICT_PROFILE = "district-profile"
DISTRICT_SOURCE = "district-source"
DISTRICT_SYNTHETIC_BADGE = "district-synthetic-badge"
PROFILE_DISTRICT_LINK = "profile-district-link"
PROFILE_TARGETS = "profile-targets"  # the target against actual table
PROFILE_TARGET_CHART = "profile-target-chart"  # the small trend panels with target lines
PROFILE_TIMELINE = "profile-timeline"  # the region's events list

# compare
COMPARE_SELECT = "compare-select"
COMPARE_CHART = "compare-chart"
COMPARE_TABLE = "compare-table"
COMPARE_PERIOD = "compare-period"

# catalogue
CATALOGUE_GRID = "catalogue-grid"
CATALOGUE_SEARCH = "catalogue-search"
CATALOGUE_MAP = "catalogue-map"
CATALOGUE_DISTRIBUTION = "catalogue-distribution"
CATALOGUE_DETAIL = "catalogue-detail"

# programme
PROGRAMME_MAP = "programme-map"
PROGRAMME_COHORTS = "programme-cohorts"
PROGRAMME_BIMTEK = "programme-bimtek"
PROGRAMME_MASTERPLAN = "programme-masterplan"
PROGRAMME_HOME_TREND = "programme-home-trend"  # the home region's index with its milestones
PROGRAMME_TIMELINE = "programme-timeline"

# admin: every id starts with ``admin-``; the request guard refuses callbacks naming such a
# component to anyone below editor (``dashboard.security.auth.ADMIN_PREFIX``)
ADMIN_LANG_STORE = "admin-lang"

# admin 1. choose, 2. upload
ADMIN_KIND = "admin-kind"
ADMIN_MODE = "admin-mode"
ADMIN_SHEET = "admin-sheet"
ADMIN_LEVEL = "admin-level"
ADMIN_INDICATOR_OPTIONS = "admin-indicator-options"
ADMIN_BOUNDARY_OPTIONS = "admin-boundary-options"
ADMIN_UPLOAD = "admin-upload"
ADMIN_UPLOAD_HOLDER = "admin-upload-holder"
ADMIN_UPLOAD_HINT = "admin-upload-hint"
ADMIN_UPLOAD_NOTE = (
    "admin-upload-note"  # "file too large" (written by assets/40-admin.js) and refusals
)
ADMIN_STAGED = "admin-staged"  # dcc.Store: token, name, kind, ok of the file on screen
ADMIN_BPS_OPTIONS = "admin-bps-options"  # shown once a file is a BPS table export
ADMIN_BPS_INDICATOR = "admin-bps-indicator"  # the indicator such a table holds

# admin 3. report
ADMIN_SUMMARY = "admin-report-summary"
ADMIN_COUNTS = "admin-report-counts"
ADMIN_PROBLEMS = "admin-problems"
ADMIN_REPORT_DOWNLOAD = "admin-report-download"
ADMIN_REPORT_FILE = "admin-report-file"

# admin 4. import
ADMIN_IMPORT_BUTTON = "admin-import"
ADMIN_IMPORT_RESULT = "admin-import-result"
ADMIN_IMPORT_DONE = "admin-import-done"

# admin versions, rollback, audit
ADMIN_DATASET_GRID = "admin-versions"
ADMIN_BOUNDARY_GRID = "admin-boundary-versions"
ADMIN_ACTIVE_BOUNDARY = "admin-active-boundary"
ADMIN_AUDIT_GRID = "admin-audit"
ADMIN_ROLLBACK_DATASET = "admin-rollback-dataset"
ADMIN_ROLLBACK_BOUNDARIES = "admin-rollback-boundaries"
ADMIN_ROLLBACK_MODAL = "admin-rollback-modal"
ADMIN_ROLLBACK_QUESTION = "admin-rollback-question"
ADMIN_ROLLBACK_CONFIRM = "admin-rollback-confirm"
ADMIN_ROLLBACK_CANCEL = "admin-rollback-cancel"
ADMIN_ROLLBACK_PENDING = "admin-rollback-pending"
ADMIN_ROLLBACK_RESULT = "admin-rollback-result"
ADMIN_ROLLBACK_DONE = "admin-rollback-done"

# admin: alert rules (admins only; checked again in every callback)
ADMIN_ALERTS_TEXT = "admin-alerts-text"
ADMIN_ALERTS_CHECK = "admin-alerts-check"
ADMIN_ALERTS_SAVE = "admin-alerts-save"
ADMIN_ALERTS_RESULT = "admin-alerts-result"

# alerts list (/peringatan)
ALERTS_LANG = "alerts-lang"
ALERTS_SEVERITY = "alerts-severity"
ALERTS_STATUS = "alerts-status"
ALERTS_LIST = "alerts-list"
ALERTS_EXPORT_CSV = "alerts-export-csv"
ALERTS_EXPORT_XLSX = "alerts-export-xlsx"
ALERTS_SUMMARY = "alerts-summary"

# wall: the stores behind the rotation, and the pattern-matching types of its figures and texts
WALL_VERSION = "wall-version"  # {"dataset": ..., "boundaries": ...}: the snapshot on screen
WALL_SHOWN = "wall-shown"  # the position (data.views.wall.position) the figures were drawn from
WALL_SHOWN_ACK = (
    "wall-shown-ack"  # where the clientside hand-over of WALL_SHOWN to 30-wall.js writes
)
WALL_CONFIG = "wall-config"
WALL_SPOTLIGHT = "wall-spotlight"
WALL_GRAPH = "wall-graph"
WALL_TEXT = "wall-text"
