-- Web console sessions, shared by every Plinth instance on this database (Spring Session JDBC,
-- spring.session.jdbc.table-name = platform.console_sessions). The columns are the ones Spring
-- Session's JdbcIndexedSessionRepository reads and writes; times are epoch milliseconds.
create table console_sessions (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int not null,
    expiry_time           bigint not null,
    -- The signed-in console user's id (null while only the sign-in form's CSRF token is held):
    -- disabling a user finds and deletes their sessions by it.
    principal_name        varchar(100),
    constraint console_sessions_pk primary key (primary_id)
);

create unique index console_sessions_by_session_id on console_sessions (session_id);
-- Spring Session's cleanup job deletes expired sessions every minute by this index.
create index console_sessions_by_expiry on console_sessions (expiry_time);
create index console_sessions_by_principal on console_sessions (principal_name);

-- Session attributes (the user id, the CSRF token), Java-serialized by Spring Session.
create table console_sessions_attributes (
    session_primary_id char(36) not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea not null,
    constraint console_sessions_attributes_pk primary key (session_primary_id, attribute_name),
    constraint console_sessions_attributes_fk foreign key (session_primary_id)
        references console_sessions (primary_id) on delete cascade
);
