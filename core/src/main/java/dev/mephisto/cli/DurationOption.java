package dev.mephisto.cli;

import dev.mephisto.internal.settings.Grammar;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converter for a command's duration option, in the grammar every setting uses:
 * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601 {@code PT30S}. A bad value is
 * a usage error naming the option.
 *
 * <pre>{@code
 * @Option(names = "--duration", converter = DurationOption.class, defaultValue = "30s")
 * Duration duration;
 * }</pre>
 */
public final class DurationOption implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Grammar.duration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
