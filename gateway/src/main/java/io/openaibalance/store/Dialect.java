package io.openaibalance.store;

/**
 * The three databases the gateway stores its state in, with what differs between them: the
 * migration folder and the upsert form.
 */
public enum Dialect {
  SQLITE("sqlite"),
  MYSQL("mysql"),
  POSTGRES("postgres");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Where this dialect's versioned SQL files are, on the classpath. */
  String migrationLocation() {
    return "classpath:db/migration/" + folder;
  }

  /**
   * An insert that updates the row when {@code keyColumns} already exist.
   *
   * @param columns every column, the key columns first
   */
  String upsert(String table, String[] keyColumns, String[] columns) {
    return upsert(table, keyColumns, columns, columns.length - keyColumns.length);
  }

  /**
   * An insert that, when {@code keyColumns} already exist, updates only the {@code updated}
   * columns that follow the key columns and leaves the rest of the row as it was.
   */
  String upsert(String table, String[] keyColumns, String[] columns, int updated) {
    return onConflict(table, keyColumns, columns, updated,
        this == MYSQL ? "VALUES(%1$s)" : "excluded.%1$s");
  }

  /**
   * An insert that adds its values to the row's counters when {@code keyColumns} already exist,
   * so batches summed in memory can be merged into an aggregate without reading it first.
   *
   * @param counterColumns the columns that are added to; every column is either a key or a counter
   */
  String incrementingUpsert(String table, String[] keyColumns, String[] counterColumns) {
    String[] columns = new String[keyColumns.length + counterColumns.length];
    System.arraycopy(keyColumns, 0, columns, 0, keyColumns.length);
    System.arraycopy(counterColumns, 0, columns, keyColumns.length, counterColumns.length);
    // Qualified on PostgreSQL: it rejects a bare column that could also mean excluded's.
    return onConflict(table, keyColumns, columns, counterColumns.length,
        this == MYSQL ? "%1$s + VALUES(%1$s)" : table + ".%1$s + excluded.%1$s");
  }

  /**
   * {@code INSERT} of every column; on a key conflict, each of the {@code updated} columns after
   * the key columns is set to {@code valueFormat} ({@code %1$s} is the column).
   */
  private String onConflict(
      String table, String[] keyColumns, String[] columns, int updated, String valueFormat) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
        .append(String.join(", ", columns)).append(") VALUES (")
        .append("?, ".repeat(columns.length - 1)).append("?)");
    if (this == MYSQL) {
      sql.append(" ON DUPLICATE KEY UPDATE ");
    } else {
      sql.append(" ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO UPDATE SET ");
    }
    appendAssignments(sql, keyColumns.length, updated, columns, valueFormat);
    return sql.toString();
  }

  private static void appendAssignments(
      StringBuilder sql, int skip, int count, String[] columns, String valueFormat) {
    for (int i = skip; i < skip + count; i++) {
      if (i > skip) {
        sql.append(", ");
      }
      sql.append(columns[i]).append(" = ").append(String.format(valueFormat, columns[i]));
    }
  }
}
