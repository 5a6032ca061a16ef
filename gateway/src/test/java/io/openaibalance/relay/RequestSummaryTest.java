package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the relay reads of a JSON body: the top-level model and stream, each at most once. */
class RequestSummaryTest {
  @Test
  void readsTheTopLevelModelAndStreamWhateverIsNestedBesideThem() throws Exception {
    RequestSummary summary = RequestSummary.ofJson(Buffer.buffer("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\",\"content\":\"again\",\"model\":\"nested\"}],"
        + "\"model\":\"gpt-4o-mini\",\"tools\":{\"model\":{\"stream\":true}},\"stream\":true}"));

    assertThat(summary).isEqualTo(new RequestSummary(Optional.of("gpt-4o-mini"), true));
  }

  @Test
  void refusesATopLevelStreamGivenTwice() {
    assertThatThrownBy(() -> RequestSummary.ofJson(Buffer.buffer(
            "{\"model\":\"gpt-4o-mini\",\"stream\":false,\"stream\":true}")))
        .isInstanceOf(RequestSummary.MalformedBody.class)
        .hasMessage("The request body has the field 'stream' twice.");
  }
}
