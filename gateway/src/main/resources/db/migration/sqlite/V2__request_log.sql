-- One row per relayed request; never a key or token, only their ids.
CREATE TABLE request_log (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at        BIGINT       NOT NULL,
  provider          VARCHAR(64)  NOT NULL,
  key_id            CHAR(16),
  model             VARCHAR(128),
  status            INTEGER      NOT NULL,
  latency_ms        INTEGER      NOT NULL,
  first_byte_ms     INTEGER,
  stream            BOOLEAN      NOT NULL,
  attempts          INTEGER      NOT NULL,
  token_id          CHAR(16),
  prompt_tokens     INTEGER,
  completion_tokens INTEGER,
  total_tokens      INTEGER
);
CREATE INDEX request_log_created ON request_log (created_at);
CREATE INDEX request_log_key ON request_log (key_id, created_at);
CREATE INDEX request_log_model ON request_log (model, created_at);
CREATE INDEX request_log_provider ON request_log (provider, created_at);
