package io.openaibalance.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class DirectivesTest {

  @Test
  void readsDirectivesAfterTheNameAndIgnoresPlainNameParts() {
    Directives directives =
        Directives.afterName("ft:gpt-4o-mini:org:chunks=20:interval-ms=10", "model");

    assertThat(directives.asMap())
        .containsOnly(entry(Directive.CHUNKS, "20"), entry(Directive.INTERVAL_MS, "10"));
  }

  @Test
  void nameWithoutDirectivesHasNone() {
    assertThat(Directives.afterName("sk-plain", "key")).isSameAs(Directives.NONE);
  }

  @Test
  void keyDirectivesWinOverModelDirectives() {
    BehaviourResolver resolver = new BehaviourResolver(MockOptions.defaults());

    Behaviour behaviour = resolver.resolve("sk-a:status=503:chunks=7", "m:status=429:size=10");

    assertThat(behaviour.status()).isEqualTo(503);
    assertThat(behaviour.chunks()).isEqualTo(7);
    assertThat(behaviour.size()).isEqualTo(10);
  }

  @Test
  void absentDirectivesFallBackToTheOptions() {
    Behaviour behaviour = new BehaviourResolver(MockOptions.defaults()).resolve("sk-a", null);

    assertThat(behaviour.failsWithStatus()).isFalse();
    assertThat(behaviour.chunks()).isEqualTo(3);
    assertThat(behaviour.dropAfter()).isEqualTo(-1);
    assertThat(behaviour.sizeOr(64)).isEqualTo(64);
  }

  @Test
  void rejectsAValueWithTheDirectiveValueAndExpectation() {
    assertThatThrownBy(() -> Directives.afterName("sk-a:status=200", "key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mock directive 'status' in key: '200' (expected an HTTP error status 400-599)");
  }

  @Test
  void overrideListNeedsAValueForEveryToken() {
    assertThatThrownBy(() -> Directives.list("status", "override for key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected name=value");
  }
}
