# syntax=docker/dockerfile:1
# The MetricsDashboard sample (central instance or, with SPRING_PROFILES_ACTIVE=gateway, a gateway).
# docker build -t lockfree-eventstore/sample .     (not built in CI: this machine runs no Docker engine;
# scripts/gateway-scenario.sh is the same scenario without Docker and runs in CI)

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The Maven repository lives in a BuildKit cache mount: a rebuild after a source change downloads nothing.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -pl sample-metrics-dashboard -am \
 && cp sample-metrics-dashboard/target/sample-metrics-dashboard.jar /src/application.jar

# Boot's layered extraction: dependencies, loader, snapshot dependencies (this project's own jars) and the
# application each get an image layer, so a code change ships only the small top layers.
FROM eclipse-temurin:17-jre AS extract
WORKDIR /extract
COPY --from=build /src/application.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK only
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 app && mkdir -p /data && chown app /data
USER app
WORKDIR /app
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./
ENV EVENTSTORE_SNAPSHOT_DIRECTORY=/data/snapshots \
    SERVER_PORT=8080
VOLUME /data
EXPOSE 8080
# Readiness, not liveness: a container is healthy once its snapshots are restored and it accepts traffic.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/application.jar"]
