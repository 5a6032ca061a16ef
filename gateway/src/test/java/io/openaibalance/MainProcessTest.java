package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a user starts it: a process reading {@code .env} from its working directory. */
@org.junit.jupiter.api.Timeout(60)
class MainProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  private static ProcessBuilder gatewayProcess(Path workingDirectory) {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.openaibalance.Main").directory(workingDirectory.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.matches("[A-Z_]+") && !name.equals("PATH")
        && !name.equals("HOME") && !name.equals("JAVA_HOME"));
    return builder;
  }

  @Test
  void refusesToStartOnAnInvalidValueNamingTheVariableAndMaskingSecrets(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve(".env"),
        "API_KEYS=[\"sk-secret-value-123456789\"]\nMAX_RETRIES=-1\nBASE_URL=ftp://nowhere\n");
    Process process = gatewayProcess(dir).start();

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("MAX_RETRIES: -1").contains("BASE_URL").doesNotContain("sk-secret-value-123456789");
  }

  @Test
  void refusesClusterModeOverSqliteNamingBothVariablesWithoutThePassword(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve(".env"),
        "API_KEYS=sk-a\nREDIS_URL=redis://:redis-secret-pw-1234@127.0.0.1:6379/0\n");
    Process process = gatewayProcess(dir).start();

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("REDIS_URL is set (cluster mode), but DATABASE_TYPE is sqlite")
        .doesNotContain("redis-secret-pw-1234");
  }

  @Test
  void startsFromTheDotEnvFileAndAppliesItsEditsLive(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(".env"), "PORT=0\nHOST=127.0.0.1\nALLOWED_TOKENS=t-1\n"
        + "API_KEYS=sk-a,sk-b\n");
    Process process = gatewayProcess(dir).start();
    try {
      int port = awaitPort(process);
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");
      assertThat(statusWithToken(port, "t-2")).isEqualTo(401);

      Files.writeString(dir.resolve(".env"), "PORT=0\nHOST=127.0.0.1\nALLOWED_TOKENS=t-2\n"
          + "API_KEYS=sk-a,sk-b\nBASE_URL=http://127.0.0.1:1/v1\n");

      // The watcher polls the file; a bounded wait for the new token to be accepted.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      int status = statusWithToken(port, "t-2");
      while (status == 401 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50); // polling pace, not synchronisation: the check decides
        status = statusWithToken(port, "t-2");
      }
      assertThat(status).as("t-2 accepted after the .env edit").isEqualTo(502);
      assertThat(statusWithToken(port, "t-1")).isEqualTo(401);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int statusWithToken(int port, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
            .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int awaitPort(Process process) throws IOException {
    return awaitStart(process).port();
  }

  /** The port it listens on, and what it printed until then. */
  private record Started(int port, String output) {}

  private static Started awaitStart(Process process) throws IOException {
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        return new Started(Integer.parseInt(matcher.group(1)), seen.toString());
      }
    }
    throw new AssertionError("the gateway exited before listening:\n" + seen);
  }

  @Test
  void generatesAnAdminTokenAtFirstStartPrintsItOnceAndKeepsIt(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve(".env"), "PORT=0\nHOST=127.0.0.1\nALLOWED_TOKENS=t-1\n"
        + "API_KEYS=sk-a\n");
    String token;
    Process first = gatewayProcess(dir).start();
    try {
      Started started = awaitStart(first);
      Matcher generated = Pattern.compile("generated for the admin pages: (\\S+) ")
          .matcher(started.output());
      assertThat(generated.find()).as(started.output()).isTrue();
      token = generated.group(1);
      assertThat(loginStatus(started.port(), token)).isEqualTo(200);
      assertThat(loginStatus(started.port(), "t-1")).isEqualTo(401);
    } finally {
      first.destroy();
      first.waitFor(10, TimeUnit.SECONDS);
    }
    Process second = gatewayProcess(dir).start();
    try {
      Started started = awaitStart(second);
      assertThat(started.output()).doesNotContain("generated").doesNotContain(token);
      assertThat(loginStatus(started.port(), token)).as("the stored token").isEqualTo(200);
    } finally {
      second.destroy();
      second.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int loginStatus(int port, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
