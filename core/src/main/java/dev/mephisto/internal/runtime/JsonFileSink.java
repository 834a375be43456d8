package dev.mephisto.internal.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mephisto.Sink;
import dev.mephisto.SinkRecord;
import dev.mephisto.internal.codec.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** One JSON file per record, named by its coordinates, written atomically. */
public final class JsonFileSink<K, V> implements Sink<K, V> {

    private final Path dir;

    public JsonFileSink(Path dir) {
        this.dir = dir;
    }

    @Override
    public void write(SinkRecord<K, V> record) throws Exception {
        Files.createDirectories(dir);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("topic", record.topic());
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        json.set("key", JsonCodec.defaultMapper().valueToTree(record.key()));
        json.set("value", JsonCodec.defaultMapper().valueToTree(record.value()));
        json.put("timestamp", record.timestamp().toString());
        json.set("headers", JsonCodec.defaultMapper().valueToTree(record.headers()));
        Path target = dir.resolve(record.id() + ".json");
        Path temporary = dir.resolve("." + record.id() + ".json.tmp");
        Files.write(temporary, JsonCodec.defaultMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
