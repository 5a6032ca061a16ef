package io.openaibalance.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteResolverTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "//v1/models", "/v1//models", "/v1/../api", "/v1/./models", "/v1/models/..", "/v1/a%2Fb",
      "/v1/a%2fb", "/v1/%2E%2E/x", "/v1/a%5cb", "/v1/a\\b"})
  void refusesPathsThatCouldEscapeTheirEndpoint(String path) {
    assertThat(RouteResolver.isUnsafe(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/v1/models", "/v1/models/ft:gpt-4o:org:x", "/hf/v1/chat/completions", "/v1/files/file-abc",
      "/v1/models/gpt-4o.mini"})
  void acceptsOrdinaryPaths(String path) {
    assertThat(RouteResolver.isUnsafe(path)).isFalse();
  }
}
