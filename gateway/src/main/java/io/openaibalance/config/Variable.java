package io.openaibalance.config;

/**
 * Every configuration variable the gateway accepts, with its default and a one-line description.
 *
 * <p>This is the one list: the loader reads only these names from the environment, and the {@code
 * .env.example} docs and the admin pages are generated from it. Names are the Python project's so
 * users can keep their {@code .env}. Defaults are written as a user would write them in {@code
 * .env}; a blank value anywhere means the default.
 */
public enum Variable {
  HOST("0.0.0.0", "Address the HTTP server listens on", Use.SETTINGS, false),
  PORT("8000", "Port the HTTP server listens on (0 picks a free port)", Use.SETTINGS, false),
  API_KEYS("[]", "Upstream API keys of the default provider (JSON array or comma-separated)",
      Use.SETTINGS, true),
  ALLOWED_TOKENS("[]", "Client tokens accepted on /v1 routes (JSON array or comma-separated)",
      Use.SETTINGS, true),
  AUTH_TOKEN("", "Admin token; never falls back to a client token", Use.SETTINGS, true),
  ADMIN_SESSION_EXPIRE("3600", "Seconds an admin session lasts after login (>= 60)",
      Use.SETTINGS, false),
  BASE_URL("https://api.openai.com/v1", "Upstream API base URL of the default provider",
      Use.SETTINGS, false),
  MODEL_REQUEST_KEY("", "Dedicated key for fetching the model list", Use.SETTINGS, true),
  TEST_MODEL("gpt-4o-mini", "Model used to check that a key works", Use.SETTINGS, false),
  FILTERED_MODELS("[]", "Models hidden from /models and refused in requests", Use.SETTINGS, false),
  MAX_FAILURES("3", "Key-caused failures after which a key is disabled (>= 1)", Use.SETTINGS,
      false),
  MAX_RETRIES("3", "Attempts per request, each on another key (0 and 1 both mean one attempt)", Use.SETTINGS, false),
  TIME_OUT("300", "Upstream timeout in seconds (decimals allowed)", Use.SETTINGS, false),
  // Header values may carry credentials (api-key, Authorization), so they are shown masked.
  CUSTOM_HEADERS("{}", "Headers added to every upstream request (JSON object)", Use.SETTINGS,
      true),
  DEFAULT_PROVIDER("default", "Provider that serves /v1 routes", Use.SETTINGS, false),
  // Secret as a whole because its entries carry api_keys.
  PROVIDERS_CONFIG("[]", "Extra providers (JSON array of objects)", Use.SETTINGS, true),
  LOG_LEVEL("INFO", "DEBUG, INFO, WARNING or ERROR", Use.SETTINGS, false),
  MAX_REQUEST_BODY_SIZE_MB("50", "Larger request bodies are refused with 413 (MiB, >= 1)",
      Use.SETTINGS, false),
  RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS("60",
      "Cooldown of a key after a 429 that names no reset time (seconds, >= 1)", Use.SETTINGS,
      false),

  DATABASE_TYPE("sqlite",
      "sqlite, mysql (MySQL and MariaDB), postgres, or memory (nothing is kept)", Use.BOOTSTRAP,
      false),
  SQLITE_DATABASE("default_db", "SQLite database file, under ./data unless absolute",
      Use.BOOTSTRAP, false),
  MYSQL_HOST("localhost", "MySQL/MariaDB host", Use.BOOTSTRAP, false),
  MYSQL_PORT("3306", "MySQL/MariaDB port", Use.BOOTSTRAP, false),
  MYSQL_USER("", "MySQL/MariaDB user name", Use.BOOTSTRAP, false),
  MYSQL_PASSWORD("", "MySQL/MariaDB password", Use.BOOTSTRAP, true),
  MYSQL_DATABASE("defaultdb", "MySQL/MariaDB database name", Use.BOOTSTRAP, false),
  POSTGRES_HOST("localhost", "PostgreSQL host", Use.BOOTSTRAP, false),
  POSTGRES_PORT("5432", "PostgreSQL port", Use.BOOTSTRAP, false),
  POSTGRES_USER("", "PostgreSQL user name", Use.BOOTSTRAP, false),
  POSTGRES_PASSWORD("", "PostgreSQL password", Use.BOOTSTRAP, true),
  MYSQL_SOCKET("", "MySQL/MariaDB Unix socket path; used instead of host and port when set",
      Use.BOOTSTRAP, false),
  // postgres://user:password@host:port/database, as hosting platforms hand it out.
  DATABASE_URL("", "PostgreSQL connection URL; wins over the POSTGRES_ variables when set",
      Use.BOOTSTRAP, true),
  ENCRYPTION_KEY("", "Passphrase that seals keys and secrets the admin saves in the database;"
      + " unset: a random key in ./data/encryption.key (set the same one on every instance)",
      Use.BOOTSTRAP, true),
  POSTGRES_DATABASE("defaultdb", "PostgreSQL database name", Use.BOOTSTRAP, false),
  // The URL may carry the Redis password.
  REDIS_URL("", "Redis for cluster mode: redis://[[user]:password@]host[:port][/db] or rediss://"
      + " (TLS); with a shared mysql or postgres database, instances share key state, settings and"
      + " jobs", Use.BOOTSTRAP, true),
  REDIS_KEY_PREFIX("openai-balance",
      "Prefix of every Redis key and channel of this cluster (two clusters may share one Redis)",
      Use.BOOTSTRAP, false),
  // Proxy URLs may carry user:password.
  PROXIES("[]", "Outbound HTTP/SOCKS5 proxies: http://, https://, socks5://, socks5h:// URLs,"
      + " optionally with user:password@ (JSON array or comma-separated)", Use.SETTINGS, true),
  PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY("true",
      "Bind each key to one proxy by a stable hash of the key (false: a random healthy proxy per"
          + " request)", Use.SETTINGS, false),
  PROXY_DIRECT_FALLBACK("false",
      "When every proxy is down, call the upstream directly instead of answering 502",
      Use.SETTINGS, false),
  PROXY_AUTO_CHECK_ENABLED("false", "Check proxies periodically", Use.SETTINGS, false),
  PROXY_CHECK_INTERVAL_HOURS("1", "Hours between proxy checks (decimals allowed, > 0)",
      Use.SETTINGS, false),
  PROXY_MAX_FAILURES("3",
      "Consecutive failures (checks or connection errors in traffic) before a proxy is disabled"
          + " (>= 1)", Use.SETTINGS, false),
  PROXY_CHECK_URL("https://www.google.com", "URL fetched through a proxy to check it",
      Use.SETTINGS, false),
  PROXY_CHECK_TIMEOUT("10", "Proxy check timeout in seconds (decimals allowed)", Use.SETTINGS,
      false),
  CHECK_INTERVAL_HOURS("1",
      "Hours between re-checks of disabled keys (decimals allowed; 0 turns the job off)",
      Use.SETTINGS, false),
  TIMEZONE("UTC", "Time zone of daily jobs, such as log retention (e.g. Europe/Berlin)",
      Use.SETTINGS, false),
  ERROR_LOG_RECORD_REQUEST_BODY("false", "Store request bodies (secret fields redacted) in error logs", Use.SETTINGS,
      false),
  AUTO_DELETE_ERROR_LOGS_ENABLED("true", "Delete old error logs daily", Use.SETTINGS, false),
  AUTO_DELETE_ERROR_LOGS_DAYS("7", "Days error logs are kept (>= 1)", Use.SETTINGS, false),
  AUTO_DELETE_REQUEST_LOGS_ENABLED("false", "Delete old request logs daily", Use.SETTINGS, false),
  AUTO_DELETE_REQUEST_LOGS_DAYS("30", "Days request logs are kept (>= 1)", Use.SETTINGS, false),

  ENV_FILE(".env", "Path of the .env file, relative to the working directory (environment only)",
      Use.ENVIRONMENT_ONLY, false);

  /** How the loader treats a variable. */
  public enum Use {
    /** Parsed and validated into {@link Settings}. */
    SETTINGS,
    /**
     * Parsed like {@link #SETTINGS}, but never taken from an admin override: it says where the
     * admin's saved values are, or how to open them.
     */
    BOOTSTRAP,
    /** Read from the process environment only: it says where the other sources are. */
    ENVIRONMENT_ONLY
  }

  private final String defaultValue;
  private final String description;
  private final Use use;
  private final boolean secret;

  Variable(String defaultValue, String description, Use use, boolean secret) {
    this.defaultValue = defaultValue;
    this.description = description;
    this.use = use;
    this.secret = secret;
  }

  /** The default as written in {@code .env}; empty means "unset". */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public Use use() {
    return use;
  }

  /** Whether its value may hold a credential, so it is only ever shown masked. */
  public boolean secret() {
    return secret;
  }
}
