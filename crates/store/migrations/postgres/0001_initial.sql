-- Schemas: a header document plus one row per top-level object (unit).
CREATE TABLE schemas (
    id           TEXT      NOT NULL PRIMARY KEY,
    display_name TEXT      NOT NULL UNIQUE,
    version      BIGINT    NOT NULL,
    header       TEXT      NOT NULL,
    created_seq  BIGSERIAL NOT NULL
);

CREATE TABLE schema_units (
    schema_id TEXT   NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
    key       TEXT   NOT NULL,
    ord       BIGINT NOT NULL,
    body      TEXT   NOT NULL,
    PRIMARY KEY (schema_id, key)
);

CREATE INDEX schema_units_by_ord ON schema_units (schema_id, ord, key);

-- Simple named documents (sites, tenants, users, deploy jobs...).
CREATE TABLE docs (
    kind        TEXT      NOT NULL,
    id          TEXT      NOT NULL,
    name        TEXT      NOT NULL,
    body        TEXT      NOT NULL,
    created_seq BIGSERIAL NOT NULL,
    PRIMARY KEY (kind, id),
    UNIQUE (kind, name)
);
