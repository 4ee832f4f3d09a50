-- The durable log every door writes to and reads from (SPEC §1, DESIGN.md decisions 1 and 6).
-- Every guarantee the code relies on is backed by a constraint here, so a bug above it fails loudly
-- instead of silently writing a gap or a duplicate.

create table audience (
    id         bigint generated always as identity primary key,
    name       varchar(255) not null unique,
    created_at timestamptz  not null default clock_timestamp(),
    updated_at timestamptz  not null default clock_timestamp()
);

create table topic (
    id             bigint generated always as identity primary key,
    audience_id    bigint       not null references audience (id),
    name           varchar(255) not null,
    -- Eventserver producer lock: the first producer to write owns the stream; null until then.
    owner_producer varchar(128),
    -- Head of the log; the row is locked while it is advanced, so commit order equals seq order.
    last_seq       bigint       not null default 0 check (last_seq >= 0),
    created_at     timestamptz  not null default clock_timestamp(),
    updated_at     timestamptz  not null default clock_timestamp(),
    unique (audience_id, name)
);

create table event (
    id         uuid         primary key,
    topic_id   bigint       not null references topic (id),
    seq        bigint       not null check (seq > 0),
    name       varchar(255) not null,
    name_seq   bigint       not null check (name_seq > 0),
    producer   varchar(128),
    -- The JSON the producer sent, kept verbatim (text, not jsonb, which would reorder it).
    body       text         not null,
    meta       text,
    event_time bigint       not null,
    created_at timestamptz  not null,
    unique (topic_id, seq),
    unique (topic_id, name, name_seq)
);
create index event_by_created_at on event (topic_id, created_at);

-- Per (topic, event name) counter behind the gapless name_seq.
create table name_counter (
    topic_id bigint       not null references topic (id),
    name     varchar(255) not null,
    last_seq bigint       not null check (last_seq > 0),
    primary key (topic_id, name)
);

-- Eventserver consumer offsets: the name_seq of the last acknowledged event.
create table consumer_offset (
    consumer   varchar(128) not null,
    topic_id   bigint       not null references topic (id),
    name       varchar(255) not null,
    position   bigint       not null check (position > 0),
    updated_at timestamptz  not null default clock_timestamp(),
    primary key (consumer, topic_id, name)
);

-- WebSocket tickets already redeemed; the primary key makes a ticket single-use across nodes.
create table used_ticket (
    jti        uuid        primary key,
    expires_at timestamptz not null
);
create index used_ticket_by_expiry on used_ticket (expires_at);

-- Basic-auth users of the portable identity store (PBKDF2 hashes, never plain passwords).
create table basic_user (
    name          varchar(128) primary key,
    password_hash varchar(512) not null,
    created_at    timestamptz  not null default clock_timestamp()
);
