"""BPS data as BPS publishes it: website table exports (XLSX/CSV) and WebAPI answers (JSON).

:mod:`.table` recognises the layout of a "statistics table" export, :mod:`.names` matches region
names within each province heading, :mod:`.hook` turns such a table into the importer's long rows
(called from :mod:`dashboard.data.imports.tables.validate`), :mod:`.webapi` builds, fetches and
reads WebAPI requests and :mod:`.service` imports an answer by the importer's code path. Every
value keeps its source: "BPS — <table title> (var N)".
"""
