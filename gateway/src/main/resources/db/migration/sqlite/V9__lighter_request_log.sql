-- Every request writes a request_log row, on one writer thread beside the event loops, so each
-- per-row cost is paid at the gateway's full rate:
-- * the (key_id, created_at) index put every row at a random place in a second B-tree when many
--   keys serve: with 10,000 keys a row cost three times what it cost with 3. Per-key figures
--   come from usage_hourly; the logs page's key filter walks the time index instead.
-- * AUTOINCREMENT updated sqlite_sequence on every insert; a plain INTEGER PRIMARY KEY still
--   grows with each row (ids are only reused after the newest rows are deleted, and retention
--   deletes the oldest).
-- SQLite changes a primary key only by rebuilding the table.
CREATE TABLE request_log_rebuilt (
  id                INTEGER PRIMARY KEY,
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
INSERT INTO request_log_rebuilt (id, created_at, provider, key_id, model, status, latency_ms,
    first_byte_ms, stream, attempts, token_id, prompt_tokens, completion_tokens, total_tokens)
SELECT id, created_at, provider, key_id, model, status, latency_ms, first_byte_ms, stream,
    attempts, token_id, prompt_tokens, completion_tokens, total_tokens
FROM request_log;
DROP TABLE request_log;
ALTER TABLE request_log_rebuilt RENAME TO request_log;
CREATE INDEX request_log_created_status ON request_log (created_at, status);
