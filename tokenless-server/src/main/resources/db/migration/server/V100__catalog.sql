-- The service catalog, as Keystone keeps it: regions, services and their endpoints.
CREATE TABLE catalog_region (
    id               varchar(255) PRIMARY KEY,
    description      varchar(255) NOT NULL DEFAULT '',
    parent_region_id varchar(255) REFERENCES catalog_region (id)
);

CREATE TABLE catalog_service (
    id          varchar(64) PRIMARY KEY,
    type        varchar(255) NOT NULL,
    name        varchar(255) NOT NULL DEFAULT '',
    description varchar(255) NOT NULL DEFAULT '',
    enabled     boolean NOT NULL DEFAULT true
);

CREATE TABLE catalog_endpoint (
    id         varchar(64) PRIMARY KEY,
    service_id varchar(64) NOT NULL REFERENCES catalog_service (id) ON DELETE CASCADE,
    interface  varchar(8) NOT NULL CHECK (interface IN ('public', 'internal', 'admin')),
    region_id  varchar(255) REFERENCES catalog_region (id),
    url        text NOT NULL,
    enabled    boolean NOT NULL DEFAULT true
);

CREATE INDEX catalog_endpoint_service ON catalog_endpoint (service_id);
