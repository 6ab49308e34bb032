package io.tocsin.core;

import java.util.Objects;

/**
 * A source that gave no usable answer for a verdict.
 *
 * @param source the configured name of the source
 * @param kind why
 * @param error what went wrong, for operators
 */
public record SourceError(String source, SourceResult.Failure kind, String error) {
    public SourceError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(error, "error");
    }
}
