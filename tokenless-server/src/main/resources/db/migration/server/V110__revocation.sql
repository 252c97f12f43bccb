-- Token revocation events, with Keystone's fields (table revocation_event of Keystone 22).
-- A token is revoked by an event when it matches every non-null field and was issued at or
-- before issued_before. Times are whole seconds, as Keystone records them.
CREATE TABLE revocation_event (
    id              bigserial PRIMARY KEY,
    domain_id       varchar(64),
    project_id      varchar(64),
    user_id         varchar(64),
    role_id         varchar(64),
    trust_id        varchar(64),
    consumer_id     varchar(64),
    access_token_id varchar(64),
    issued_before   timestamptz NOT NULL,
    expires_at      timestamptz,
    revoked_at      timestamptz NOT NULL,
    audit_id        varchar(32),
    audit_chain_id  varchar(32)
);

CREATE INDEX revocation_event_revoked_at ON revocation_event (revoked_at);

-- Every node keeps the events in memory; each insert tells them which id to fetch. A trigger,
-- so that an event written by any tool reaches the nodes too.
CREATE FUNCTION revocation_event_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tokenless_revocations', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER revocation_event_notify AFTER INSERT ON revocation_event
    FOR EACH ROW EXECUTE FUNCTION revocation_event_notify();
