-- Keys are rows of their own: where each came from ('env' for .env and the environment, 'admin'
-- for one added in the admin UI), a label, and for admin keys the key sealed with AES-GCM (never
-- in clear). Rows of 'env' keys follow the file: removed from it, their row goes.
ALTER TABLE key_state ADD COLUMN source VARCHAR(8) NOT NULL DEFAULT 'env', ADD COLUMN label VARCHAR(128), ADD COLUMN sealed_key TEXT;

-- Settings the admin saved; they win over the environment and .env. Values of secret variables
-- are sealed.
CREATE TABLE setting_override (
  name          VARCHAR(64)  NOT NULL PRIMARY KEY,
  setting_value TEXT         NOT NULL,
  sealed        BOOLEAN      NOT NULL,
  updated_at    BIGINT       NOT NULL
);

-- Providers added at run time, in the PROVIDERS_CONFIG schema without keys, sealed as a whole
-- because custom headers may carry credentials.
CREATE TABLE provider_entry (
  name          VARCHAR(64)  NOT NULL PRIMARY KEY,
  sealed_config TEXT         NOT NULL,
  updated_at    BIGINT       NOT NULL
);
