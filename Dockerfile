# Build stage: the Maven Wrapper fetches Maven and the dependencies; poms first for layer caching.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY gateway/pom.xml gateway/pom.xml
COPY mock-upstream/pom.xml mock-upstream/pom.xml
RUN ./mvnw -B -q dependency:go-offline || true
COPY gateway/src gateway/src
COPY mock-upstream/src mock-upstream/src
RUN ./mvnw -B -q -DskipTests package

# Runtime stage: JRE only, non-root, data in a volume.
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home --home-dir /app app \
 && mkdir -p /app/data && chown app:app /app/data
WORKDIR /app
COPY --from=build /src/gateway/target/openai-balance.jar /app/openai-balance.jar
USER app
VOLUME /app/data
EXPOSE 8000
ENV HOST=0.0.0.0 PORT=8000
# The same defaults as start.sh for Java 24+.
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx512m -XX:+ExitOnOutOfMemoryError --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/openai-balance.jar"]
