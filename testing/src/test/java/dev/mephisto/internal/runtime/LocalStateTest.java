package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.broker.RecordedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    @TempDir
    Path dir;

    @Test
    void shouldPutDefaultStateBesideTheDataDirOnePerCluster() {
        Path data = dir.resolve(".mephisto").resolve("kafka");

        assertEquals(dir.resolve(".mephisto").resolve("state").resolve("cluster-a"),
                LocalState.defaultRoot(data, "cluster-a"));
        assertEquals(dir.resolve(".mephisto").resolve("state").resolve("cluster-b"),
                LocalState.defaultRoot(data.resolve("..").resolve("kafka"), "cluster-b"));
    }

    @Test
    void shouldDeleteStateBuiltFromAnotherClusterWithOneLine() throws Exception {
        Path store = dir.resolve("app").resolve("0_0").resolve("rocksdb");
        Files.createDirectories(store);
        LocalState.claim(dir, "app", "cluster-a");

        try (RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            LocalState.claim(dir, "app", "cluster-b");

            assertFalse(Files.exists(dir.resolve("app")), "state of cluster-a kept");
            assertEquals(1, logs.all().size(), "" + logs.all());
            assertEquals("local state of app 'app' in " + dir.resolve("app") + " was built from cluster cluster-a,"
                    + " but the broker is cluster cluster-b: deleting it, so the tables rebuild from this cluster's"
                    + " topics", logs.all().get(0));
        }
    }

    @Test
    void shouldKeepStateOfTheSameClusterAndStateWithoutRecord() throws Exception {
        Path store = dir.resolve("app").resolve("0_0");
        Files.createDirectories(store);

        LocalState.claim(dir, "app", "cluster-a");
        LocalState.claim(dir, "app", "cluster-a");

        assertTrue(Files.isDirectory(store));
        assertTrue(LocalState.forget(dir, "app"));
        assertFalse(Files.exists(dir.resolve("app")));
        assertFalse(LocalState.forget(dir, "app"));
    }
}
