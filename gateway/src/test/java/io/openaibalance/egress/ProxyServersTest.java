package io.openaibalance.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openaibalance.mock.MockUpstream;
import io.openaibalance.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each of the four test proxies really relays, checks credentials, and survives a restart. */
class ProxyServersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The four proxies the integration tests use. */
  enum Kind {
    HTTP(ProxyServers::httpProxy),
    HTTP_WITH_BASIC_AUTH(ProxyServers::httpProxyWithBasicAuth),
    SOCKS5(ProxyServers::socks5Proxy),
    SOCKS5_WITH_PASSWORD(ProxyServers::socks5ProxyWithPassword);

    final Function<Path, ProxyServers.Server> start;

    Kind(Function<Path, ProxyServers.Server> start) {
      this.start = start;
    }
  }

  @TempDir Path dir;
  private Vertx vertx;
  private MockUpstream mock;
  private HttpClient client;

  @BeforeEach
  void startUpstream() {
    vertx = Vertx.vertx();
    mock = MockUpstream.start(vertx);
    // A fresh connection per request, so every request passes the proxy and shows in its log.
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterEach
  void stopUpstream() throws Exception {
    mock.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void httpProxyRelaysRequestsAndLogsThem() throws Exception {
    try (ProxyServers.Server proxy = ProxyServers.httpProxy(dir)) {
      assertThat(get(proxy.address(), "sk-http")).isEqualTo(200);

      RecordedRequest received = mock.awaitRequests(1, WAIT).get(0);
      assertThat(received.key()).isEqualTo("sk-http");
      assertThat(received.header("via")).contains("tinyproxy");
      assertThat(proxy.log()).contains("GET http://127.0.0.1:" + mock.port() + "/v1/models");
    }
  }

  @Test
  void httpProxyWithBasicAuthRelaysOnlyWithTheRightPassword() throws Exception {
    try (ProxyServers.Server proxy = ProxyServers.httpProxyWithBasicAuth(dir)) {
      // tinyproxy 1.11 answers a wrong password with 401 and missing credentials with 407.
      assertThat(get(proxy.addressWith(ProxyServers.USER, "wrong"), "sk-a")).isIn(401, 407);
      assertThat(get(proxy.addressWith(null, null), "sk-b")).isIn(401, 407);
      assertThat(get(proxy.address(), "sk-c")).isEqualTo(200);

      assertThat(mock.awaitRequests(1, WAIT)).extracting(RecordedRequest::key)
          .containsExactly("sk-c");
      assertThat(mock.requests()).hasSize(1);
      assertThat(mock.requests().get(0).header("via")).contains("tinyproxy");
    }
  }

  // HTTPS upstreams go through an HTTP proxy by CONNECT, which the plain-HTTP requests above skip.
  @Test
  void httpProxyTunnelsWithConnectOnlyWithTheRightPassword() throws Exception {
    try (ProxyServers.Server proxy = ProxyServers.httpProxyWithBasicAuth(dir)) {
      String response = await(tunnel(proxy.address())
          .compose(socket -> exchange(socket, "sk-tunnel")));

      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(mock.awaitRequests(1, WAIT).get(0).key()).isEqualTo("sk-tunnel");
      assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + mock.port());
      assertThat(failure(tunnel(proxy.addressWith(ProxyServers.USER, "wrong"))))
          .hasMessageMatching(".*status: 40[17] .*");
    }
  }

  @Test
  void socks5ProxyRelaysRequestsAndLogsThem() throws Exception {
    try (ProxyServers.Server proxy = ProxyServers.socks5Proxy(dir)) {
      assertThat(get(proxy.address(), "sk-socks")).isEqualTo(200);

      assertThat(mock.awaitRequests(1, WAIT).get(0).key()).isEqualTo("sk-socks");
      assertThat(proxy.log()).contains("tcp/connect").contains("127.0.0.1." + mock.port());
    }
  }

  @Test
  void socks5ProxyWithPasswordRelaysOnlyWithTheRightPassword() throws Exception {
    try (ProxyServers.Server proxy = ProxyServers.socks5ProxyWithPassword(dir)) {
      // The password needs percent-encoding in the URL, so this also proves it is decoded.
      assertThat(failure(send(proxy.addressWith(ProxyServers.USER, "wrong"), "sk-a"))).isNotNull();
      assertThat(failure(send(proxy.addressWith(null, null), "sk-b"))).isNotNull();
      assertThat(get(proxy.address(), "sk-c")).isEqualTo(200);

      assertThat(mock.awaitRequests(1, WAIT)).extracting(RecordedRequest::key)
          .containsExactly("sk-c");
      assertThat(mock.requests()).hasSize(1);
      assertThat(proxy.log()).contains("connected to 127.0.0.1:" + mock.port());
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKilledProxyCutsItsTrafficRefusesConnectionsAndRelaysAgainAfterARestart(Kind kind)
      throws Exception {
    try (ProxyServers.Server proxy = kind.start.apply(dir)) {
      Future<Integer> inFlight = send(proxy.address(), "sk-slow:ttfb-ms=30000");
      mock.awaitRequests(1, WAIT);

      proxy.kill();

      assertThat(failure(inFlight)).isNotNull();
      assertThat(failure(send(proxy.address(), "sk-refused")))
          .isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");

      proxy.start();

      assertThat(get(proxy.address(), "sk-back")).isEqualTo(200);
      assertThat(mock.awaitRequests(2, WAIT)).extracting(RecordedRequest::key)
          .containsExactly("sk-slow:ttfb-ms=30000", "sk-back");

      proxy.stop();

      assertThat(failure(send(proxy.address(), "sk-stopped"))).isInstanceOf(ConnectException.class);
    }
  }

  /** Backs the comment on {@link ProxyScheme#SOCKS5H}: the proxy resolves the name. */
  @Test
  void vertxLeavesTheUpstreamHostNameToTheSocksProxy() throws Exception {
    Promise<Buffer> connectRequest = Promise.promise();
    NetServer fakeSocks = vertx.createNetServer().connectHandler(socket -> {
      Buffer received = Buffer.buffer();
      socket.handler(bytes -> {
        received.appendBuffer(bytes);
        if (received.length() == 3) { // Greeting: version 5, one method, "no authentication".
          socket.write(Buffer.buffer(new byte[] {5, 0}));
        } else if (received.length() > 8 && received.length() >= 3 + 7 + received.getByte(7)) {
          // Request: version, command, reserved, address type, name length, name, port.
          connectRequest.tryComplete(received.slice(3, received.length()));
          socket.close();
        }
      });
    });
    int port = await(fakeSocks.listen(0, "127.0.0.1")).actualPort();
    ProxyAddress proxy = ProxyAddress.parse("socks5://127.0.0.1:" + port);

    failure(send(proxy, "sk-x", "upstream.invalid", 443));

    Buffer request = await(connectRequest.future());
    assertThat(request.getByte(3)).as("address type 3, a domain name").isEqualTo((byte) 3);
    assertThat(request.getString(5, 5 + request.getByte(4))).isEqualTo("upstream.invalid");
  }

  private int get(ProxyAddress proxy, String key) throws Exception {
    return await(send(proxy, key));
  }

  private Future<Integer> send(ProxyAddress proxy, String key) {
    return send(proxy, key, "127.0.0.1", mock.port());
  }

  private Future<Integer> send(ProxyAddress proxy, String key, String host, int port) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI("/v1/models")
        .putHeader("Authorization", "Bearer " + key)
        .setProxyOptions(proxy.toProxyOptions());
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()));
  }

  private Future<NetSocket> tunnel(ProxyAddress proxy) {
    return vertx.createNetClient(new NetClientOptions().setProxyOptions(proxy.toProxyOptions()))
        .connect(mock.port(), "127.0.0.1");
  }

  private Future<String> exchange(NetSocket socket, String key) {
    Promise<String> response = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    socket.endHandler(end -> response.complete(received.toString()));
    socket.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:" + mock.port()
        + "\r\nAuthorization: Bearer " + key + "\r\nConnection: close\r\n\r\n");
    return response.future();
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The exception the future fails with; fails the test if it succeeds instead. */
  private static Throwable failure(Future<?> future) {
    Throwable thrown = catchThrowable(() -> await(future));
    assertThat(thrown).as("expected the request to fail").isNotNull();
    return thrown;
  }
}
