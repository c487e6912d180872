# The MetricsDashboard sample (central instance or, with SPRING_PROFILES_ACTIVE=gateway, a gateway).
# docker build -t lockfree-eventstore/sample .     (not built in CI: this machine runs no Docker engine;
# scripts/gateway-scenario.sh is the same scenario without Docker and runs in CI)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q install -DskipTests -pl sample-metrics-dashboard -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 app && mkdir -p /data && chown app /data
USER app
WORKDIR /app
COPY --from=build /src/sample-metrics-dashboard/target/sample-metrics-dashboard.jar app.jar
ENV EVENTSTORE_SNAPSHOT_DIRECTORY=/data/snapshots
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
