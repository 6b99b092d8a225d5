"""The PostgreSQL schema as numbered migrations (``python -m dashboard db upgrade``).

Each migration runs once, in its own transaction, recorded in ``kc_schema``; an upgrade takes an
advisory lock so two hosts starting together cannot apply the same step twice. Never edit a
migration that has shipped: add the next one. Tables are plain and queryable with SQL (see the
PostgreSQL section of ``docs/deploy.md``); no extension (PostGIS) is needed.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "dataset and boundary versions, pointers, users, uploads, audit log",
        """
CREATE TABLE dataset_versions (
    version        integer PRIMARY KEY,
    created_at     timestamptz NOT NULL,
    kind           text NOT NULL,
    who            text NOT NULL,
    source_file    text NOT NULL DEFAULT '',
    source_sha256  text NOT NULL DEFAULT '',
    checksums      jsonb NOT NULL DEFAULT '{}',
    counts         jsonb NOT NULL DEFAULT '{}',
    info           jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE observations (
    version         integer NOT NULL REFERENCES dataset_versions (version),
    region_code     text COLLATE "C" NOT NULL,
    indicator_id    text COLLATE "C" NOT NULL,
    period          integer NOT NULL,
    value           double precision,
    source          text NOT NULL DEFAULT '',
    reference_date  text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT '',
    PRIMARY KEY (version, indicator_id, period, region_code)
);
CREATE TABLE programme_rows (
    version            integer NOT NULL REFERENCES dataset_versions (version),
    row_number         integer NOT NULL,
    region_code        text,
    cohort_year        bigint,
    mou_date           text,
    bimtek_done        bigint,
    masterplan_status  text,
    quick_wins         bigint,
    eval_baseline      double precision,
    eval_output        double precision,
    eval_outcome       double precision,
    eval_impact        double precision,
    eval_quick_win     double precision,
    source             text,
    note               text,
    PRIMARY KEY (version, row_number)
);
CREATE TABLE boundary_versions (
    version        integer PRIMARY KEY,
    created_at     timestamptz NOT NULL,
    kind           text NOT NULL,
    who            text NOT NULL,
    source_file    text NOT NULL DEFAULT '',
    source_sha256  text NOT NULL DEFAULT '',
    checksums      jsonb NOT NULL DEFAULT '{}',
    counts         jsonb NOT NULL DEFAULT '{}',
    info           jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE boundary_files (
    version  integer NOT NULL REFERENCES boundary_versions (version),
    name     text NOT NULL,
    sha256   text NOT NULL,
    data     bytea NOT NULL,
    PRIMARY KEY (version, name)
);
CREATE VIEW boundary_geometry AS
    SELECT version, replace(name, '.geojson', '') AS level,
           convert_from(data, 'UTF8')::jsonb AS geojson
    FROM boundary_files WHERE name LIKE '%.geojson';
CREATE TABLE current_version (
    store        text PRIMARY KEY CHECK (store IN ('dataset', 'boundaries')),
    version      integer NOT NULL,
    serial       bigint NOT NULL DEFAULT 1,
    switched_at  timestamptz NOT NULL,
    switched_by  text NOT NULL,
    reason       text NOT NULL DEFAULT ''
);
CREATE TABLE users (
    name           text PRIMARY KEY,
    role           text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    password_hash  text NOT NULL,
    created        text NOT NULL
);
CREATE TABLE uploads (
    token       text PRIMARY KEY,
    meta        jsonb NOT NULL,
    report      jsonb,
    content     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    action   text NOT NULL DEFAULT '',
    who      text NOT NULL DEFAULT '',
    version  integer,
    event    jsonb NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
""",
    ),
    (
        2,
        "RPJMD targets and events of a dataset version",
        """
CREATE TABLE targets (
    version       integer NOT NULL REFERENCES dataset_versions (version),
    region_code   text COLLATE "C" NOT NULL,
    indicator_id  text COLLATE "C" NOT NULL,
    period        integer NOT NULL,
    value         double precision NOT NULL,
    source        text NOT NULL DEFAULT '',
    note          text NOT NULL DEFAULT '',
    PRIMARY KEY (version, region_code, indicator_id, period)
);
CREATE TABLE events (
    version      integer NOT NULL REFERENCES dataset_versions (version),
    row_number   integer NOT NULL,
    date         text NOT NULL,
    title_id     text NOT NULL,
    title_en     text NOT NULL DEFAULT '',
    region_code  text NOT NULL DEFAULT '',
    category     text NOT NULL,
    source       text NOT NULL DEFAULT '',
    PRIMARY KEY (version, row_number)
);
""",
    ),
)

LATEST = MIGRATIONS[-1][0]
