-- Live health of each upstream key, by provider and key id (a hash prefix: never the key itself).
CREATE TABLE key_state (
  provider      VARCHAR(64)  NOT NULL,
  key_id        CHAR(16)     NOT NULL,
  masked_key    VARCHAR(32)  NOT NULL,
  failures      INTEGER      NOT NULL,
  disabled      BOOLEAN      NOT NULL,
  cooling_until BIGINT       NOT NULL,
  last_error    VARCHAR(255),
  last_error_at BIGINT,
  updated_at    BIGINT       NOT NULL,
  PRIMARY KEY (provider, key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
