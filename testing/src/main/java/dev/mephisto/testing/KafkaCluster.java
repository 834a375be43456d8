package dev.mephisto.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mephisto.internal.testing.DockerCluster;
import dev.mephisto.internal.testing.RunningCluster;
import dev.mephisto.internal.testing.RaftCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster for integration tests: by default in this JVM, started from Kafka's own test kit at a
 * production metadata version, on free ports, ready when {@code start} returns. One broker runs combined with its
 * controller; three brokers get a separate controller, so replication 3, {@code acks=all} and transactions behave
 * as in production. Start one per test class, not per test (or use {@link KafkaClusterExtension}). In-process, one
 * broker can be stopped and started again mid-test ({@link #stopBroker(int)}, {@link #startBroker(int)}).
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.start(3)) {
 *     kafka.createTopic("payments", 3, (short) 3);
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

    /** Set to {@code true} to let {@link Backend#AUTO} use Docker when a daemon is present. */
    public static final String DOCKER_PROPERTY = "mephisto.test.docker";

    static final String MISSING_TEST_KIT_MESSAGE = "the in-process Kafka test cluster needs the Kafka broker "
            + "(org.apache.kafka:kafka_2.13:4.4.0 with kafka-server, kafka-metadata, kafka-raft, kafka-server-common) on "
            + "the test classpath; add them in test scope, or use KafkaCluster.Backend.DOCKER with Testcontainers";
    static final String MISSING_TESTCONTAINERS_MESSAGE = "the DOCKER backend needs "
            + "org.testcontainers:testcontainers-kafka:2.0.5 on the test classpath; add it in test scope, "
            + "or use KafkaCluster.Backend.IN_PROCESS";
    static final String NO_DOCKER_DAEMON_MESSAGE = "the DOCKER backend needs a running Docker daemon and Testcontainers "
            + "found none (it checks DOCKER_HOST, ~/.testcontainers.properties and the usual sockets); start Docker, "
            + "or use KafkaCluster.Backend.IN_PROCESS (or AUTO, which falls back to it)";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BROKER_CHANGE_TIMEOUT = Duration.ofSeconds(60);

    private final RunningCluster running;
    private final Backend backend;
    private final Object lock = new Object();
    private Admin admin;
    private boolean closed;

    private KafkaCluster(RunningCluster running, Backend backend) {
        this.running = running;
        this.backend = backend;
    }

    /**
     * Where the cluster runs. {@code IN_PROCESS} is the default and needs no Docker; {@code DOCKER} runs one broker
     * in a container through Testcontainers; {@code AUTO} uses Docker only when the system property
     * {@value #DOCKER_PROPERTY} is {@code true}, Testcontainers is on the classpath, a daemon answers and one broker
     * is asked for, and runs in-process otherwise.
     *
     * <pre>{@code
     * KafkaCluster kafka = KafkaCluster.start(1, KafkaCluster.Backend.AUTO);
     * }</pre>
     */
    public enum Backend {
        IN_PROCESS,
        DOCKER,
        AUTO
    }

    /**
     * Starts one in-process broker (combined with its controller) and returns when it serves clients.
     *
     * <pre>{@code
     * try (KafkaCluster kafka = KafkaCluster.start()) {
     *     String bootstrap = kafka.bootstrapServers();
     * }
     * }</pre>
     */
    public static KafkaCluster start() {
        return start(1);
    }

    /**
     * Starts {@code brokers} in-process brokers (plus one separate controller when more than one) and returns when
     * all of them serve clients. Internal topics are replicated {@code min(brokers, 3)} times.
     *
     * <pre>{@code
     * try (KafkaCluster kafka = KafkaCluster.start(3)) {
     *     kafka.createTopic("orders", 6, (short) 3);
     * }
     * }</pre>
     */
    public static KafkaCluster start(int brokers) {
        return start(brokers, Backend.IN_PROCESS);
    }

    /**
     * Starts a cluster of {@code brokers} on the given backend and returns when it serves clients.
     *
     * <pre>{@code
     * System.setProperty("mephisto.test.docker", "true");
     * try (KafkaCluster kafka = KafkaCluster.start(1, KafkaCluster.Backend.AUTO)) {
     *     // a container when Docker runs here, in-process otherwise
     * }
     * }</pre>
     *
     * @throws IllegalStateException         when the backend's classes or Docker daemon are missing, or the cluster
     *                                       does not get ready within 60 s
     * @throws UnsupportedOperationException for more than one broker on {@link Backend#DOCKER}
     */
    public static KafkaCluster start(int brokers, Backend backend) {
        Objects.requireNonNull(backend, "backend can't be null");
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least 1 broker, was " + brokers);
        }
        Backend chosen = backend == Backend.AUTO ? chooseAutomatically(brokers) : backend;
        long began = System.nanoTime();
        RunningCluster running = chosen == Backend.DOCKER ? startDocker(brokers) : startInProcess(brokers);
        log.info("Kafka test cluster ready backend={} brokers={} bootstrap={} startupMs={}", chosen, brokers,
                running.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return new KafkaCluster(running, chosen);
    }

    /**
     * The comma-separated {@code host:port} list of the brokers, for {@code bootstrap.servers}.
     *
     * <pre>{@code
     * props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
     * }</pre>
     */
    public String bootstrapServers() {
        return running.bootstrapServers();
    }

    /**
     * How many brokers the cluster has.
     *
     * <pre>{@code
     * short replication = (short) Math.min(3, kafka.brokerCount());
     * }</pre>
     */
    public int brokerCount() {
        return running.brokerCount();
    }

    /**
     * Where the cluster runs: {@link Backend#IN_PROCESS} or {@link Backend#DOCKER}, never {@code AUTO}.
     *
     * <pre>{@code
     * assumeTrue(kafka.backend() == KafkaCluster.Backend.IN_PROCESS);
     * }</pre>
     */
    public Backend backend() {
        return backend;
    }

    /**
     * The node ids of the brokers, ascending, stopped ones included: {@code [0, 1, 2]} for an in-process
     * {@code start(3)}. These are the ids {@link #stopBroker(int)} takes and that Kafka's clients report, as in
     * {@code admin.describeTopics(...)}'s partition leaders.
     *
     * <pre>{@code
     * int leader = admin.describeTopics(List.of("payments")).allTopicNames().get()
     *         .get("payments").partitions().get(0).leader().id();
     * assertTrue(kafka.brokerIds().contains(leader));
     * }</pre>
     */
    public List<Integer> brokerIds() {
        return running.brokerIds();
    }

    /**
     * Stops one broker mid-test, as an operator's controlled shutdown would: the controller moves its partition
     * leaderships to the other in-sync replicas and drops it from every in-sync replica set, then it closes its
     * sockets. Returns when it has stopped and the other brokers no longer list it (60 s at most). Clients keep their
     * {@link #bootstrapServers()} and find the remaining brokers themselves. In a multi-broker cluster the
     * controller runs on a node of its own, so stopping a broker never stops the controller; with replication 3 and
     * {@code min.insync.replicas} 2, producers with {@code acks=all} and transactions carry on. Bring it back with
     * {@link #startBroker(int)}; {@link #close()} stops the cluster whether or not brokers are down.
     *
     * <pre>{@code
     * kafka.stopBroker(1);
     * // ... the app keeps processing on brokers 0 and 2 ...
     * kafka.startBroker(1);
     * }</pre>
     *
     * @throws IllegalArgumentException      when {@code brokerId} is not one of {@link #brokerIds()}
     * @throws IllegalStateException         when the broker is stopped already, or does not stop in time
     * @throws UnsupportedOperationException on the {@link Backend#DOCKER} backend, which cannot stop its broker alone
     */
    public void stopBroker(int brokerId) {
        checkBrokerChange(brokerId, true);
        long deadline = System.nanoTime() + BROKER_CHANGE_TIMEOUT.toNanos();
        try {
            running.stopBroker(brokerId, BROKER_CHANGE_TIMEOUT);
            if (brokerIds().stream().anyMatch(id -> id != brokerId && running.isBrokerRunning(id))) {
                awaitCluster(brokerId, false, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping broker " + brokerId, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not stop broker " + brokerId + ": " + e.getMessage(), e);
        }
        log.info("Kafka test broker stopped brokerId={} running={}", brokerId, runningBrokerIds());
    }

    /**
     * Starts a broker that {@link #stopBroker(int)} stopped, on its old port and with its old data, and returns when
     * the cluster lists it again and every partition it holds a replica of has it back in sync (60 s at most).
     * Partition leaderships stay where the outage moved them.
     *
     * <pre>{@code
     * kafka.stopBroker(2);
     * kafka.startBroker(2);
     * assertEquals(3, admin.describeCluster().nodes().get().size());
     * }</pre>
     *
     * @throws IllegalArgumentException      when {@code brokerId} is not one of {@link #brokerIds()}
     * @throws IllegalStateException         when the broker is running already, or is not back in time
     * @throws UnsupportedOperationException on the {@link Backend#DOCKER} backend
     */
    public void startBroker(int brokerId) {
        checkBrokerChange(brokerId, false);
        long deadline = System.nanoTime() + BROKER_CHANGE_TIMEOUT.toNanos();
        try {
            running.startBroker(brokerId, BROKER_CHANGE_TIMEOUT);
            awaitCluster(brokerId, true, deadline);
            awaitReplicasInSync(brokerId, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting broker " + brokerId, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start broker " + brokerId + ": " + e.getMessage(), e);
        }
        log.info("Kafka test broker started brokerId={} running={}", brokerId, runningBrokerIds());
    }

    /**
     * Creates a topic and returns once every partition has a leader and all its replicas in sync (30 s at most).
     *
     * <pre>{@code
     * kafka.createTopic("payments", 3, (short) 3);
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code replication} exceeds {@link #brokerCount()}
     * @throws IllegalStateException    when the topic exists already or is not ready in time
     */
    public void createTopic(String name, int partitions, short replication) {
        createTopic(name, partitions, replication, Map.of());
    }

    /**
     * Creates a topic with topic-level settings, such as {@code min.insync.replicas} or {@code cleanup.policy}, and
     * returns once every partition has a leader and all its replicas in sync (30 s at most).
     *
     * <pre>{@code
     * kafka.createTopic("payments", 3, (short) 3, Map.of("min.insync.replicas", "2"));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code replication} exceeds {@link #brokerCount()}
     * @throws IllegalStateException    when the topic exists already, a setting is refused, or it is not ready in time
     */
    public void createTopic(String name, int partitions, short replication, Map<String, String> configs) {
        Objects.requireNonNull(name, "topic name can't be null");
        Objects.requireNonNull(configs, "configs can't be null");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, was " + partitions);
        }
        if (replication < 1 || replication > brokerCount()) {
            throw new IllegalArgumentException("topic " + name + " asks for replication " + replication
                    + " but this cluster has " + brokerCount() + " broker(s); use a replication of 1.."
                    + brokerCount() + " or start the cluster with KafkaCluster.start(" + replication + ")");
        }
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        Admin admin = admin();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, replication).configs(configs)))
                    .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            awaitInSync(admin, name, partitions, replication, deadline);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic " + name + " was not ready within " + TOPIC_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Stops the cluster and deletes its data. Closing again does nothing. Close producers, consumers and Kafka
     * Streams first.
     *
     * <pre>{@code
     * streams.close();
     * kafka.close();
     * }</pre>
     *
     * @throws IllegalStateException when the cluster reported a fault while it ran
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
        try {
            running.close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Kafka test cluster reported a fault while it ran: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka test cluster failed to stop: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KafkaCluster[backend=" + backend + ", brokers=" + brokerCount() + ", bootstrap=" + bootstrapServers() + "]";
    }

    private Admin admin() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this Kafka test cluster is closed");
            }
            if (admin == null) {
                admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.CLIENT_ID_CONFIG, "mephisto-test-cluster-admin"));
            }
            return admin;
        }
    }

    private void checkBrokerChange(int brokerId, boolean stopping) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this Kafka test cluster is closed");
            }
        }
        if (backend == Backend.DOCKER) {
            throw new UnsupportedOperationException(DockerCluster.CANNOT_STOP_ONE_BROKER);
        }
        if (!brokerIds().contains(brokerId)) {
            throw new IllegalArgumentException("this cluster has no broker " + brokerId + "; its brokers are "
                    + brokerIds() + " (see brokerIds())");
        }
        boolean up = running.isBrokerRunning(brokerId);
        if (stopping && !up) {
            throw new IllegalStateException("broker " + brokerId + " is stopped already; start it with startBroker("
                    + brokerId + ") before stopping it again");
        }
        if (!stopping && up) {
            throw new IllegalStateException("broker " + brokerId + " is running already; stop it with stopBroker("
                    + brokerId + ") first");
        }
    }

    private List<Integer> runningBrokerIds() {
        return brokerIds().stream().filter(running::isBrokerRunning).toList();
    }

    /** Until the brokers' metadata lists {@code brokerId} ({@code listed}) or no longer does. */
    private void awaitCluster(int brokerId, boolean listed, long deadline) throws InterruptedException {
        Admin admin = admin();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                last = nodes.stream().map(Node::id).sorted().toList();
                if (nodes.stream().anyMatch(node -> node.id() == brokerId) == listed) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e.getCause() == null ? e : e.getCause();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("broker " + brokerId + (listed ? " did not rejoin" : " did not leave")
                + " the cluster within " + BROKER_CHANGE_TIMEOUT.toMillis() + " ms (brokers listed last: " + last + ")");
    }

    /** Until every partition with a replica on {@code brokerId} has it in its in-sync replica set again. */
    private void awaitReplicasInSync(int brokerId, long deadline) throws InterruptedException {
        Admin admin = admin();
        List<String> behind = List.of();
        Object lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                behind = new ArrayList<>();
                for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS).values()) {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        boolean replica = partition.replicas().stream().anyMatch(node -> node.id() == brokerId);
                        boolean inSync = partition.isr().stream().anyMatch(node -> node.id() == brokerId);
                        if (replica && !inSync) {
                            behind.add(topic.name() + "-" + partition.partition());
                        }
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                lastError = e.getCause() == null ? e : e.getCause();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("broker " + brokerId + " is back but not in sync within "
                + BROKER_CHANGE_TIMEOUT.toMillis() + " ms for " + behind.size() + " partition(s) " + behind.stream()
                .sorted().limit(10).toList() + (lastError == null ? "" : "; last error: " + lastError));
    }

    private static void awaitInSync(Admin admin, String name, int partitions, short replication, long deadline)
            throws InterruptedException, TimeoutException {
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(name);
                if (description != null && description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> inSync(p, replication))) {
                    return;
                }
            } catch (ExecutionException e) {
                // The new topic's metadata may not have reached every broker yet.
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("topic " + name + " has partitions without a leader or in-sync replicas");
    }

    private static boolean inSync(TopicPartitionInfo partition, short replication) {
        return partition.leader() != null && !partition.leader().isEmpty() && partition.isr().size() == replication;
    }

    private static Backend chooseAutomatically(int brokers) {
        if (!Boolean.getBoolean(DOCKER_PROPERTY) || brokers != 1 || !onClasspath(DockerCluster.REQUIRED_CLASS)) {
            return Backend.IN_PROCESS;
        }
        return DockerCluster.daemonAvailable() ? Backend.DOCKER : Backend.IN_PROCESS;
    }

    private static RunningCluster startDocker(int brokers) {
        if (brokers != 1) {
            throw new UnsupportedOperationException("the DOCKER backend runs a single broker, not " + brokers
                    + "; use KafkaCluster.Backend.IN_PROCESS for a multi-broker cluster");
        }
        if (!onClasspath(DockerCluster.REQUIRED_CLASS)) {
            throw new IllegalStateException(MISSING_TESTCONTAINERS_MESSAGE);
        }
        if (!DockerCluster.daemonAvailable()) {
            throw new IllegalStateException(NO_DOCKER_DAEMON_MESSAGE);
        }
        return DockerCluster.start(STARTUP_TIMEOUT);
    }

    private static RunningCluster startInProcess(int brokers) {
        if (!onClasspath(RaftCluster.REQUIRED_CLASS)) {
            throw new IllegalStateException(MISSING_TEST_KIT_MESSAGE);
        }
        try {
            return RaftCluster.start(brokers, STARTUP_TIMEOUT);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(MISSING_TEST_KIT_MESSAGE + " (missing class: " + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the in-process Kafka test cluster failed to start: " + e.getMessage(), e);
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, KafkaCluster.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
