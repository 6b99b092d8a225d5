"""Every component id, in one place. Ids named in SPEC section 5 are stable for automation."""

# shell (every page)
URL = "url-nav"  # dcc.Location used for navigation from callbacks (refresh="callback-nav")
LANG_SELECT = "lang-select"
NAVBAR = "navbar"
NAV_LINKS = "nav-links"
FOOTER = "footer"
SYNTHETIC_BADGE = "synthetic-badge"
PAGE_ALERT = "page-alert"

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
