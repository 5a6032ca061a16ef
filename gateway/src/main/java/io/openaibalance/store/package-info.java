/**
 * Persistence: the connection pool, versioned migrations per dialect (SQLite, MySQL/MariaDB,
 * PostgreSQL) and repositories. Blocking JDBC lives here and is only called off the event loops;
 * the request path never waits on it.
 */
package io.openaibalance.store;
