package dev.mephisto.cli;

import dev.mephisto.App;
import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.runtime.LocalState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Forget everything this app id has done: committed offsets, internal topics, local state.")
final class ResetCommand implements Callable<Integer>, ClientCommand {

    private static final long TIMEOUT_MS = 30_000;

    private final CliContext<?> ctx;

    @Option(names = "--yes", description = "Really do it.")
    boolean yes;

    @Mixin
    BrokerOptions brokerOptions = new BrokerOptions();

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The workers' state directory on this machine (also MEPHISTO_STATE_DIR, mephisto.state.dir).")
    Path stateDir;

    ResetCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        App app = ctx.app();
        String appId = app.applicationId();
        if (!yes) {
            throw new UserError("reset deletes the committed offsets, internal topics (changelogs, repartitions) and"
                    + " local state of application id '" + appId + "', so it starts over from the earliest records;"
                    + " add --yes to do it");
        }
        Properties props = brokerOptions.clientProperties(ctx);
        String bootstrap = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        BrokerReach.requireListening(ctx, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        String clusterId;
        try (Admin admin = Admin.create(props)) {
            refuseWhileRunning(admin, appId, bootstrap);
            deleteGroup(admin, appId);
            deleteInternalTopics(admin, appId);
            clusterId = LocalState.clusterId(admin, java.time.Duration.ofMillis(TIMEOUT_MS));
        }
        deleteLocalState(appId, clusterId);
        ctx.out().println("reset application id '" + appId + "': it starts from the earliest records next time");
        ctx.out().flush();
        return 0;
    }

    private void refuseWhileRunning(Admin admin, String appId, String bootstrap) throws InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(appId)).describedGroups().get(appId)
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!group.members().isEmpty()) {
                throw new UserError(group.members().size() + " worker thread(s) of '" + appId + "' are still running"
                        + " (hosts " + group.members().stream().map(m -> m.host()).distinct().toList()
                        + "): stop every worker first");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw BrokerReach.noAnswer(bootstrap, "consumer group '" + appId + "'", (int) (TIMEOUT_MS / 1000),
                        e.getCause(), "Kafka runs there");
            }
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new UserError("cannot describe the consumer group of '" + appId + "' at " + bootstrap + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw BrokerReach.noAnswer(bootstrap, "consumer group '" + appId + "'", (int) (TIMEOUT_MS / 1000), e,
                    "Kafka runs there");
        }
    }

    private void deleteGroup(Admin admin, String appId) throws InterruptedException {
        try {
            admin.deleteConsumerGroups(List.of(appId)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            ctx.out().println("deleted the committed offsets of group '" + appId + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new UserError("workers of '" + appId + "' joined while resetting: stop every worker first");
            }
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new UserError("cannot delete the consumer group '" + appId + "': " + e.getCause().getMessage(),
                        e.getCause());
            }
            ctx.out().println("no committed offsets for group '" + appId + "'");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new UserError("the broker did not delete group '" + appId + "' within 30 s", e);
        }
    }

    private void deleteInternalTopics(Admin admin, String appId) throws InterruptedException {
        try {
            Set<String> all = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<String> internal = all.stream()
                    .filter(name -> name.startsWith(appId + "-")
                            && (name.endsWith("-changelog") || name.endsWith("-repartition")))
                    .sorted().toList();
            if (internal.isEmpty()) {
                ctx.out().println("no internal topics of '" + appId + "'");
                return;
            }
            admin.deleteTopics(internal).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            internal.forEach(topic -> ctx.out().println("deleted internal topic " + topic));
        } catch (ExecutionException e) {
            throw new UserError("cannot delete the internal topics of '" + appId + "': " + e.getCause().getMessage(),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new UserError("the broker did not delete the internal topics of '" + appId + "' within 30 s", e);
        }
    }

    /** The state where the workers put it: the configured state dir, else the default for this cluster. */
    private void deleteLocalState(String appId, String clusterId) throws IOException {
        Path root = Optional.ofNullable(stateDir)
                .or(() -> ctx.settings().find(WorkerOptions.STATE_DIR))
                .or(() -> ctx.app().config().stateDir())
                .orElseGet(() -> LocalState.defaultRoot(ctx.settings().get(WorkerOptions.DATA_DIR), clusterId));
        Path appState = root.resolve(appId).toAbsolutePath();
        if (LocalState.forget(root, appId)) {
            ctx.out().println("deleted local state " + appState);
        } else {
            ctx.out().println("no local state in " + appState);
        }
    }
}
