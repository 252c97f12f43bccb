-- Stands in for the server module's own migrations (versions 100 and up).
CREATE TABLE server_things (id bigint PRIMARY KEY);
