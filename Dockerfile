# Plinth, built from this repository with the Maven wrapper (no Maven or JDK needed on the host).
#   docker build -t plinth .
# The image runs the same jar, with the same JVM options, as `java @platform-api/jvm.options -jar
# platform-api/target/plinth.jar`; give it PLINTH_DB_URL and
# PLINTH_KAFKA_BOOTSTRAP_SERVERS for external PostgreSQL and Kafka (docker-compose.yml does).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# Tests need an embedded PostgreSQL and Kafka and run in CI (`./mvnw verify`), not in an image build.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system plinth && useradd --system --gid plinth --home-dir /var/lib/plinth plinth \
    && mkdir -p /var/lib/plinth && chown plinth:plinth /var/lib/plinth
COPY --from=build /src/platform-api/target/plinth.jar /opt/plinth/plinth.jar
COPY --from=build /src/platform-api/jvm.options /opt/plinth/jvm.options
# The deploy agent ships in the same image; docker-compose.yml's `agent` service runs it.
COPY --from=build /src/deploy-agent/target/plinth-agent.jar /opt/plinth/plinth-agent.jar
USER plinth
WORKDIR /var/lib/plinth
ENV PLINTH_DATA_DIR=/var/lib/plinth
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "@/opt/plinth/jvm.options", "-jar", "/opt/plinth/plinth.jar"]
