package io.openaibalance.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.bench.target.GatewayVariant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void noArgumentsMeansEveryScenarioAgainstEveryTarget() {
    BenchOptions options = BenchOptions.parse();

    assertThat(options.scenarios()).extracting(Scenario::name).containsExactly("rate-300",
        "rate-1000", "saturate-64", "streams-200", "held-2000", "saturate-64-10k-keys");
    assertThat(options.targets()).containsExactlyInAnyOrder("direct", "nginx", "gateway");
    assertThat(options.variants()).extracting(GatewayVariant::targetName)
        .containsExactly("gateway");
  }

  @Test
  void durationScaleShortensWarmUpAndMeasurement() {
    BenchOptions options = BenchOptions.parse("--scenarios", "rate-300", "--duration-scale",
        "0.1");

    assertThat(options.scenarios().get(0).warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.scenarios().get(0).measure()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void gatewayVariantKeepsColonsInsideValues() {
    GatewayVariant variant = GatewayVariant.parse(
        "pg:DATABASE_TYPE=postgres:DATABASE_URL=postgres://u:p@localhost:5432/db");

    assertThat(variant.targetName()).isEqualTo("gateway-pg");
    assertThat(variant.variables()).isEqualTo(Map.of("DATABASE_TYPE", "postgres",
        "DATABASE_URL", "postgres://u:p@localhost:5432/db"));
  }

  @Test
  void badValuesNameTheOptionAndWhatWasExpected() {
    assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "rate-9"))
        .hasMessageContaining("--scenarios: unknown scenario 'rate-9'");
    assertThatThrownBy(() -> BenchOptions.parse("--targets", "haproxy"))
        .hasMessage("--targets: 'haproxy' (expected some of direct,nginx,gateway)");
    assertThatThrownBy(() -> BenchOptions.parse("--driver-threads", "0"))
        .hasMessage("--driver-threads: '0' (expected an integer >= 1)");
    assertThatThrownBy(() -> BenchOptions.parse("--gateway", "a:b"))
        .hasMessageContaining("expected VAR=VALUE");
  }
}
