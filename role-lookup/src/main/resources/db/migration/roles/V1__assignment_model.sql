-- Keystone's assignment model. Ids are varchar(64) like Keystone's, so imported ids fit.

CREATE TABLE domains (
  id          varchar(64)  PRIMARY KEY,
  name        varchar(64)  NOT NULL UNIQUE,
  description text,
  enabled     boolean      NOT NULL DEFAULT true
);

CREATE TABLE projects (
  id          varchar(64)  PRIMARY KEY,
  name        varchar(64)  NOT NULL,
  domain_id   varchar(64)  NOT NULL REFERENCES domains (id),
  parent_id   varchar(64)  REFERENCES projects (id),
  description text,
  enabled     boolean      NOT NULL DEFAULT true,
  -- Keystone models a domain as a project with is_domain; we keep domains apart and only
  -- carry the column so exported rows look the same.
  is_domain   boolean      NOT NULL DEFAULT false CHECK (NOT is_domain),
  CONSTRAINT projects_name_in_domain UNIQUE (domain_id, name),
  CONSTRAINT projects_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE users (
  id                 varchar(64)  PRIMARY KEY,
  name               varchar(255) NOT NULL,
  domain_id          varchar(64)  NOT NULL REFERENCES domains (id),
  enabled            boolean      NOT NULL DEFAULT true,
  default_project_id varchar(64),
  description        text,
  password_hash      text,
  extra              jsonb,
  CONSTRAINT users_name_in_domain UNIQUE (domain_id, name)
);

-- An identity proven by a mechanism, bound to one user: a Kerberos principal
-- (alice@EXAMPLE.COM) or a certificate subject.
CREATE TABLE principals (
  kind    varchar(16)  NOT NULL CHECK (kind IN ('kerberos', 'x509')),
  value   varchar(1024) NOT NULL,
  user_id varchar(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (kind, value)
);
CREATE INDEX principals_user ON principals (user_id);

CREATE TABLE groups (
  id          varchar(64)  PRIMARY KEY,
  name        varchar(255) NOT NULL,
  domain_id   varchar(64)  NOT NULL REFERENCES domains (id),
  description text,
  CONSTRAINT groups_name_in_domain UNIQUE (domain_id, name)
);

CREATE TABLE group_members (
  group_id varchar(64) NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id  varchar(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
  id          varchar(64)  PRIMARY KEY,
  name        varchar(255) NOT NULL,
  domain_id   varchar(64)  REFERENCES domains (id),
  description text
);
-- Keystone: role names are unique among global roles and within each domain's roles.
CREATE UNIQUE INDEX roles_global_name ON roles (name) WHERE domain_id IS NULL;
CREATE UNIQUE INDEX roles_domain_name ON roles (domain_id, name) WHERE domain_id IS NOT NULL;

CREATE TABLE implied_roles (
  prior_role_id   varchar(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  implied_role_id varchar(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (prior_role_id, implied_role_id),
  CHECK (prior_role_id <> implied_role_id)
);
CREATE INDEX implied_roles_implied ON implied_roles (implied_role_id);

-- Actor and target ids are not foreign keys (they point into two tables each, as in
-- Keystone's assignment table); the store removes assignments with what they point to.
CREATE TABLE assignments (
  actor_type  varchar(8)  NOT NULL CHECK (actor_type IN ('user', 'group')),
  actor_id    varchar(64) NOT NULL,
  target_type varchar(8)  NOT NULL CHECK (target_type IN ('project', 'domain', 'system')),
  target_id   varchar(64) NOT NULL,
  role_id     varchar(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  inherited   boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (actor_type, actor_id, target_type, target_id, role_id, inherited),
  CHECK (target_type <> 'system' OR (target_id = 'all' AND NOT inherited))
);
-- The primary key serves lookups by actor; these serve listings by target and by role.
CREATE INDEX assignments_target ON assignments (target_type, target_id);
CREATE INDEX assignments_role ON assignments (role_id);

-- One row: bumped by every write, announced by NOTIFY, carried by every lookup answer.
CREATE TABLE revision (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  value     bigint  NOT NULL
);
INSERT INTO revision (singleton, value) VALUES (true, 0);
