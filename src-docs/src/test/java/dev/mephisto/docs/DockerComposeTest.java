package dev.mephisto.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.WorkerOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked: that
 * Compose accepts it, and that its services, ports and addresses agree with the apps' defaults.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");

    private final JsonNode services = read().get("services");

    /** SnakeYAML resolves anchors and merge keys ({@code <<: *anchor}) as Compose does. */
    private static JsonNode read() {
        try (var reader = Files.newBufferedReader(COMPOSE)) {
            Object document = new org.yaml.snakeyaml.Yaml().load(reader);
            return new ObjectMapper().valueToTree(document);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + COMPOSE + ": " + e.getMessage(), e);
        }
    }

    @Test
    void shouldRunThreeBrokersOfTheKafkaVersionWeBuildAgainst() {
        for (String broker : BROKERS) {
            JsonNode service = services.get(broker);
            assertEquals("apache/kafka:" + AppInfoParser.getVersion(), service.get("image").asText(), broker);
            JsonNode env = service.get("environment");
            assertEquals("broker", env.get("KAFKA_PROCESS_ROLES").asText(), broker);
            assertEquals("PLAINTEXT://" + broker + ":9092,HOST://localhost:" + hostPort(service),
                    env.get("KAFKA_ADVERTISED_LISTENERS").asText(), broker);
            assertEquals("3", env.get("KAFKA_DEFAULT_REPLICATION_FACTOR").asText(), "topics replicated three times");
            assertEquals("2", env.get("KAFKA_MIN_INSYNC_REPLICAS").asText(), "min ISR 2");
        }
        assertEquals("controller", services.get("controller").get("environment").get("KAFKA_PROCESS_ROLES").asText());
    }

    @Test
    void shouldPointEveryWorkerAtTheBrokersAndPublishItsHttpPort() {
        String bootstrap = String.join(",", BROKERS.stream().map(broker -> broker + ":9092").toList());
        for (String worker : List.of("chat-worker", "payments-worker")) {
            JsonNode service = services.get(worker);
            List<String> command = new ArrayList<>();
            service.get("command").forEach(part -> command.add(part.asText()));
            assertEquals("worker", command.get(command.indexOf("-jar") + 2), worker);
            assertEquals(bootstrap, command.get(command.indexOf("--broker") + 1), worker);
            assertEquals(String.valueOf(WorkerOptions.DEFAULT_WEB_PORT), command.get(command.indexOf("--web-port") + 1));
            assertTrue(service.get("ports").get(0).asText().endsWith(":" + WorkerOptions.DEFAULT_WEB_PORT), worker);
            assertEquals("0.0.0.0", command.get(command.indexOf("--web-bind") + 1),
                    worker + " serves on every interface of its container, or the published port reaches nothing");
            String health = service.get("healthcheck").get("test").toString();
            assertTrue(health.contains("/dev/tcp/127.0.0.1/" + WorkerOptions.DEFAULT_WEB_PORT), health);
            assertTrue(health.contains("GET /health/ready"), health);
        }
    }

    @Test
    void shouldMountTheJarsTheModulesBuild() throws Exception {
        assertEquals("./chat-topology/target/mephisto-chat.jar:/app/app.jar:ro",
                services.get("chat-worker").get("volumes").get(0).asText());
        assertEquals("./payments-example/target/mephisto-payments.jar:/app/app.jar:ro",
                services.get("payments-worker").get("volumes").get(0).asText());
        assertTrue(Files.readString(ROOT.resolve("chat-topology/pom.xml")).contains("mephisto-chat"));
        assertTrue(Files.readString(ROOT.resolve("payments-example/pom.xml")).contains("mephisto-payments"));
        assertEquals(2, services.get("chat-worker").get("deploy").get("replicas").asInt(), "two chat workers");
    }

    @Test
    void shouldBeAcceptedByDockerCompose() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (Debian package docker-compose)");
        Process process = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish in 60 s");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), "docker-compose config refused the file:\n" + output);
    }

    private static String hostPort(JsonNode service) {
        return service.get("ports").get(0).asText().split(":")[0];
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
