-- Node-wide secrets Herald generates for itself. The WebSocket ticket key lives here, not in configuration,
-- so every node of a cluster signs and checks tickets with the same key without an operator handing one out.
create table herald_secret (
    name       varchar(64) primary key,
    value      bytea       not null,
    created_at timestamptz not null default clock_timestamp()
);
