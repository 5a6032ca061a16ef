package io.openaibalance.mock;

import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v1/audio/transcriptions} and {@code /translations}: the text reports how many bytes
 * of audio arrived, so tests can check an upload was relayed whole.
 */
final class Transcriptions implements Endpoint {

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    MultipartBody.Part file = request.multipart().part("file");
    if (file == null) {
      exchange.sendError(ErrorReply.invalidRequest("file: missing (expected an audio file part)"));
      return;
    }
    exchange.sendJson(
        new JsonObject().put("text", "mock transcription of " + file.length() + " bytes"));
  }
}
