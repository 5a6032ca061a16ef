/**
 * The database: pool, migrations, repositories, and the write-behind that keeps it off the request
 * path.
 */
package io.openaibalance.store;
