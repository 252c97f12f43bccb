-- Keystone's two delegations of a user's roles, with Keystone's ids so imported tokens keep
-- validating: trusts (OS-TRUST: a trustor lends roles on a project to a trustee) and
-- application credentials (a user lends roles on a project to a secret). Both are written
-- through the role store, so every change bumps the revision and is announced like any other
-- role-model write: a node that remembers what a delegation allows forgets it at once.

CREATE TABLE trusts (
  id                   varchar(64) PRIMARY KEY,
  trustor_user_id      varchar(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  trustee_user_id      varchar(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Keystone allows a trust without a project; no token can be scoped to one, so none is kept.
  project_id           varchar(64) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  impersonation        boolean     NOT NULL,
  expires_at           timestamptz,
  -- NULL: unlimited. A token issued from the trust uses one; at 0 the trust is used up.
  remaining_uses       integer     CHECK (remaining_uses IS NULL OR remaining_uses >= 0),
  redelegated_trust_id varchar(64) REFERENCES trusts (id) ON DELETE CASCADE,
  redelegation_count   integer,
  -- Keystone deletes trusts softly; a deleted trust validates nothing but keeps its id taken.
  deleted_at           timestamptz
);
CREATE INDEX trusts_trustor ON trusts (trustor_user_id);
CREATE INDEX trusts_trustee ON trusts (trustee_user_id);
CREATE INDEX trusts_project ON trusts (project_id);
CREATE INDEX trusts_redelegated ON trusts (redelegated_trust_id);

CREATE TABLE trust_roles (
  trust_id varchar(64) NOT NULL REFERENCES trusts (id) ON DELETE CASCADE,
  role_id  varchar(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (trust_id, role_id)
);
CREATE INDEX trust_roles_role ON trust_roles (role_id);

CREATE TABLE application_credentials (
  id           varchar(64)  PRIMARY KEY,
  name         varchar(255) NOT NULL,
  user_id      varchar(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Keystone also has system-scoped credentials; tokens here are project tokens only.
  project_id   varchar(64)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- bcrypt, as Keystone stores it ($2b$...); the secret itself is never stored.
  secret_hash  varchar(255) NOT NULL,
  description  text,
  expires_at   timestamptz,
  unrestricted boolean      NOT NULL DEFAULT false,
  -- Keystone's access rules as its API shows them: [{"id", "service", "path", "method"}].
  access_rules jsonb,
  CONSTRAINT application_credentials_name_per_user UNIQUE (user_id, name)
);
CREATE INDEX application_credentials_project ON application_credentials (project_id);

CREATE TABLE application_credential_roles (
  application_credential_id varchar(64) NOT NULL REFERENCES application_credentials (id) ON DELETE CASCADE,
  role_id                   varchar(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  -- Keystone's token lists the credential's roles in the order they were given.
  position                  integer     NOT NULL,
  PRIMARY KEY (application_credential_id, role_id)
);
CREATE INDEX application_credential_roles_role ON application_credential_roles (role_id);
