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
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
        .append(String.join(", ", columns)).append(") VALUES (")
        .append("?, ".repeat(columns.length - 1)).append("?)");
    if (this == MYSQL) {
      sql.append(" ON DUPLICATE KEY UPDATE ");
      appendAssignments(sql, keyColumns.length, columns, "VALUES(%s)");
    } else {
      sql.append(" ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO UPDATE SET ");
      appendAssignments(sql, keyColumns.length, columns, "excluded.%s");
    }
    return sql.toString();
  }

  private static void appendAssignments(
      StringBuilder sql, int skip, String[] columns, String valueFormat) {
    for (int i = skip; i < columns.length; i++) {
      if (i > skip) {
        sql.append(", ");
      }
      sql.append(columns[i]).append(" = ").append(String.format(valueFormat, columns[i]));
    }
  }
}
