-- One row per failed upstream attempt: what the upstream said, never a key or token.
CREATE TABLE error_log (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  created_at       BIGINT       NOT NULL,
  provider         VARCHAR(64)  NOT NULL,
  key_id           CHAR(16),
  model            VARCHAR(128),
  status           INTEGER      NOT NULL,
  failure          VARCHAR(32)  NOT NULL,
  error_code       VARCHAR(128),
  upstream_body    MEDIUMTEXT,
  request_body     MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX error_log_created ON error_log (created_at);
CREATE INDEX error_log_key ON error_log (key_id, created_at);
CREATE INDEX error_log_status ON error_log (status, created_at);
