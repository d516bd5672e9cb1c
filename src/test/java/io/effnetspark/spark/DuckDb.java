package io.effnetspark.spark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads Parquet with DuckDB: a reader independent of Spark, to check what the job committed. */
public final class DuckDb {
  private DuckDb() {}

  /** Runs {@code sql} where {@code OUT} stands for {@code read_parquet('<dir>/**\/*.parquet')}; returns all rows. */
  public static List<List<Object>> query(Path parquetDir, String sql) throws SQLException {
    String source = "read_parquet('" + parquetDir.toString().replace("'", "''") + "/**/*.parquet')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.replace("OUT", source))) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  public static long count(Path parquetDir, String sql) throws SQLException {
    return ((Number) query(parquetDir, sql).get(0).get(0)).longValue();
  }
}
