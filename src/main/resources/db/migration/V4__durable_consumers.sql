-- Durable WebSocket consumers (herald.v1 "consumer"): per topic and (subject, name), the seq of the last
-- acknowledged event. The audience is the topic's. Written on subscribe (the starting position) and by acks,
-- which only ever raise it. updated_at marks the consumer as active for retention, like consumer_offset.
create table durable_consumer (
    topic_id   bigint       not null references topic (id),
    -- the token's sub; '' for a token without one
    subject    varchar(255) not null,
    name       varchar(128) not null,
    position   bigint       not null check (position >= 0),
    updated_at timestamptz  not null default clock_timestamp(),
    primary key (topic_id, subject, name)
);
create index durable_consumer_by_owner on durable_consumer (subject, name);
