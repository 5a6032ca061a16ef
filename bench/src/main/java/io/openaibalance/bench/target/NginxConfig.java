package io.openaibalance.bench.target;

/**
 * nginx as a plain reverse proxy to the mock: one injected {@code Authorization} header, a
 * keep-alive upstream pool, and no buffering so streamed chunks pass through as they come. Paths
 * are relative to the {@code -p} prefix, a temporary directory, so nothing outside it is written.
 *
 * @param workers worker processes
 * @param listenPort where nginx listens on loopback
 * @param upstreamPort the mock's port
 * @param upstreamKey the key put in every request's {@code Authorization} header
 */
record NginxConfig(int workers, int listenPort, int upstreamPort, String upstreamKey) {

  String render() {
    return """
        worker_processes %d;
        # Each held stream costs a client and an upstream descriptor.
        worker_rlimit_nofile 20000;
        pid nginx.pid;
        error_log error.log warn;

        events {
            worker_connections 10000;
        }

        http {
            access_log off;
            client_body_temp_path tmp/client_body;
            proxy_temp_path tmp/proxy;
            fastcgi_temp_path tmp/fastcgi;
            uwsgi_temp_path tmp/uwsgi;
            scgi_temp_path tmp/scgi;
            keepalive_requests 1000000;
            keepalive_timeout 75s;

            upstream mock {
                server 127.0.0.1:%d;
                keepalive 512;
                keepalive_requests 1000000;
            }

            server {
                listen 127.0.0.1:%d backlog=4096;
                location / {
                    proxy_pass http://mock;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Authorization "Bearer %s";
                    proxy_buffering off;
                    proxy_read_timeout 300s;
                }
            }
        }
        """.formatted(workers, upstreamPort, listenPort, upstreamKey);
  }
}
