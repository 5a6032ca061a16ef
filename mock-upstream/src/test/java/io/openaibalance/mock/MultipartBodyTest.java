package io.openaibalance.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {

  @Test
  void findsFieldsAndFilePartsByName() {
    String body = "--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
        + "whisper-1\r\n"
        + "--XyZ\r\n"
        + "content-disposition: form-data; name=file; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n"
        + "12345\r\n--not-the-boundary\r\n"
        + "\r\n--XyZ--\r\n";

    MultipartBody multipart = MultipartBody.parse("multipart/form-data; boundary=\"XyZ\"",
        body.getBytes(StandardCharsets.UTF_8));

    assertThat(multipart.field("model")).isEqualTo("whisper-1");
    assertThat(multipart.part("file").filename()).isEqualTo("a.wav");
    assertThat(multipart.part("file").length())
        .isEqualTo("12345\r\n--not-the-boundary\r\n".length());
    assertThat(multipart.part("prompt")).isNull();
  }

  @Test
  void rejectsABodyThatIsNotMultipart() {
    assertThatThrownBy(() -> MultipartBody.parse("application/json", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected multipart/form-data");
  }
}
