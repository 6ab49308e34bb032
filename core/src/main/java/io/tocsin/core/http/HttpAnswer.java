package io.tocsin.core.http;

import io.tocsin.core.SourceResult;
import java.util.Objects;

/**
 * What an HTTP exchange gave: a decoded value, or a problem that becomes an error result.
 *
 * @param <T> the decoded value
 */
public sealed interface HttpAnswer<T> {

    static <T> HttpAnswer<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> HttpAnswer<T> problem(SourceResult.Failure kind, String message) {
        return new Problem<>(kind, message);
    }

    /** The result a query answers with: the decoded one, or the problem as an error result. */
    static SourceResult toResult(HttpAnswer<SourceResult> answer) {
        return answer instanceof Ok<SourceResult> ok ? ok.value() : ((Problem<SourceResult>) answer).toResult();
    }

    /** The exchange worked and the body was what was expected. */
    record Ok<T>(T value) implements HttpAnswer<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Anything else: no connection, a timeout, an HTTP error, a body of the wrong shape. */
    record Problem<T>(SourceResult.Failure kind, String message) implements HttpAnswer<T> {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        public SourceResult.Failed toResult() {
            return new SourceResult.Failed(kind, message);
        }
    }
}
