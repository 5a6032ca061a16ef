package io.openaibalance.config;

/** Where a setting's value came from; later sources win (see DESIGN.md, invariant 8). */
public enum ValueSource {
  DEFAULT,
  DOTENV_FILE,
  ENVIRONMENT,
  ADMIN
}
