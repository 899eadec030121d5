package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node Kafka broker (KRaft, no ZooKeeper) in a JVM of its own, started from the test classpath
 * ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}) on free local ports; killed on close.
 */
public final class KafkaBroker implements TestBroker {
    private static final String GROUP_PREFIX = "collector-";
    private volatile Process process;
    private final String bootstrap;
    private final Path dir;
    private Admin admin; // one client for every lag check: a new one takes about a second to connect

    private KafkaBroker(Process process, String bootstrap, Path dir) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.dir = dir;
    }

    public static KafkaBroker start(Path dir) throws Exception {
        int port = freePort();
        int controller = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=true") + "\n");
        Path output = dir.resolve("kafka.log");
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java(dir, output, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(output));
        }
        KafkaBroker broker = new KafkaBroker(null, "127.0.0.1:" + port, dir);
        broker.startServer();
        return broker;
    }

    /** Kills the broker (kill -9): clients see their connections drop; its log stays for {@link #startAgain}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker again on the same ports and log, as after an outage. */
    public void startAgain() throws IOException {
        startServer();
    }

    private void startServer() throws IOException {
        Path output = dir.resolve("kafka.log");
        Process server = java(dir, output, "kafka.Kafka", dir.resolve("server.properties").toString());
        process = server;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> server.isAlive() && !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        } catch (RuntimeException e) {
            server.destroyForcibly();
            throw new IllegalStateException("kafka did not start: " + Files.readString(output), e);
        }
    }

    private static Process java(Path dir, Path output, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    }

    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public Map<String, String> collectorSettings(String intake, String completed, String deadLetter) {
        // offsets committed every 100 ms (the default is 5 s), so the lag a crash test waits on falls as the
        // collector reads: with the default, a fast collector read everything before the first commit showed any
        return Map.of("camel.component.kafka.brokers", bootstrap,
                "collector.intake.uri", "kafka:" + intake + "?groupId=" + GROUP_PREFIX + intake + "&maxPollRecords=20&autoCommitIntervalMs=100",
                "collector.completed.uri", "kafka:" + completed, "collector.dead-letter.uri", "kafka:" + deadLetter);
    }

    @Override
    public void publish(String destination, List<String> bodies) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String body : bodies) {
                producer.send(new ProducerRecord<>(destination, body));
            }
            producer.flush();
        }
    }

    /** Reads what is new on {@code destination} for this test's reader group (from the start the first time). */
    @Override
    public List<Received> drain(String destination, Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + destination);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Received> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(destination));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean assigned = false;
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(quiet);
                records.forEach((ConsumerRecord<String, String> r) -> {
                    Header type = r.headers().lastHeader("content-type");
                    messages.add(new Received(r.value(), r.key(), type == null ? null : new String(type.value(), StandardCharsets.UTF_8)));
                });
                assigned |= !consumer.assignment().isEmpty();
                if (assigned && records.isEmpty()) {
                    break;
                }
            }
        }
        return messages;
    }

    /**
     * The record key is the task ID (a compacted topic keeps each task's last event), and the content-type header
     * lets CloudEvents' own Kafka deserializer read the record as a structured event.
     */
    @Override
    public void assertEventProperties(Received event, String subject) {
        if (subject != null) {
            assertThat(event.key()).isEqualTo(subject);
        }
        assertThat(event.contentType()).startsWith("application/cloudevents+json");
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", event.contentType().getBytes(StandardCharsets.UTF_8));
        try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer()) {
            CloudEvent read = cloudEvents.deserialize("events", headers, event.body().getBytes(StandardCharsets.UTF_8));
            assertThat(read.getType()).startsWith("ai.piapi.collector.task.");
            assertThat(read.getSubject()).isEqualTo(subject);
        }
    }

    /** Messages on {@code destination} past the offsets the collector's group has committed (its lag). */
    @Override
    public long waiting(String destination) throws Exception {
        Admin admin = admin();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP_PREFIX + destination)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        var partitions = admin.describeTopics(List.of(destination)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(destination).partitions().stream().map(p -> new TopicPartition(destination, p.partition())).toList();
        var ends = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            lag += ends.get(tp).offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }
        return admin;
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public Path dir() {
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
