-- Each key's history for the admin pages: when and why it was disabled, put in a cooldown, or
-- brought back. Written behind the request path; kept 90 days.
CREATE TABLE key_event (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at    BIGINT       NOT NULL,
  provider      VARCHAR(64)  NOT NULL,
  key_id        CHAR(16)     NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  detail        VARCHAR(255),
  until_at      BIGINT
);
CREATE INDEX key_event_key ON key_event (key_id, created_at);
CREATE INDEX key_event_created ON key_event (created_at);
