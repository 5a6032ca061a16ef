package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped {@code .env.example} documents every variable and is itself a valid configuration. */
class EnvExampleTest {
  private static final Path EXAMPLE = Path.of("..", ".env.example");

  @Test
  void namesEveryVariable() throws Exception {
    String example = Files.readString(EXAMPLE);

    for (Variable variable : Variable.values()) {
      assertThat(example).as(variable.name()).contains(variable.name());
    }
  }

  @Test
  void loadsAsItIs() {
    Settings settings = SettingsLoader.load(EXAMPLE.getParent(), Map.of("ENV_FILE", ".env.example"), Map.of());

    assertThat(settings.port()).isEqualTo(8000);
    assertThat(settings.providers().get(0).apiKeys()).hasSize(2);
  }
}
