package io.tocsin.servlet.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the template files: first in the operator's location (a folder, or {@code classpath:}
 * prefix), then the built-in ones next to this class. Files are read once, at start.
 */
final class Templates {

    private static final String BUILT_IN = "io/tocsin/servlet/notice/";

    private final String location;

    Templates(String location) {
        this.location = location;
    }

    /** The text of {@code name}, e.g. {@code notice.html}, from the operator's location or built in. */
    String read(String name) {
        if (location != null) {
            String text = location.startsWith("classpath:")
                    ? classpath(location.substring("classpath:".length()).replaceFirst("^/", ""), name)
                    : file(Path.of(location).resolve(name));
            if (text != null) {
                return text;
            }
        }
        String text = classpath(BUILT_IN, name);
        if (text == null) {
            throw new IllegalStateException("built-in template missing: " + BUILT_IN + name);
        }
        return text;
    }

    private static String classpath(String prefix, String name) {
        String resource = prefix.isEmpty() || prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            // this module's own files, which a class loader does not show when the module is named
            in = Templates.class.getResourceAsStream("/" + resource);
        }
        if (in == null) {
            return null;
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
    }

    private static String file(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + path, e);
        }
    }
}
