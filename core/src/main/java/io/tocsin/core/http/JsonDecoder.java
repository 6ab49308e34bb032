package io.tocsin.core.http;

import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/**
 * Turns a successful (2xx) JSON answer into a value.
 *
 * @param <T> the value
 */
@FunctionalInterface
public interface JsonDecoder<T> {

    /**
     * @param body the parsed body; a JSON {@code null} body is a {@code NullNode}, never Java {@code null}
     * @throws UnexpectedJsonException naming what is missing or wrongly typed
     */
    T decode(JsonNode body, Headers headers) throws UnexpectedJsonException;
}
