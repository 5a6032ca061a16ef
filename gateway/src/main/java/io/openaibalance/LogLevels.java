package io.openaibalance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code LOG_LEVEL} to the root logger; the Python project's names map onto Logback's. */
final class LogLevels {
  private LogLevels() {}

  static void apply(String logLevel) {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(switch (logLevel) {
        case "DEBUG" -> Level.DEBUG;
        case "WARNING" -> Level.WARN;
        case "ERROR" -> Level.ERROR;
        default -> Level.INFO;
      });
    }
  }
}
