package io.tocsin.collector.mail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The messages a {@code collect} path names: {@code -} for one message on standard input, a
 * Maildir (a directory with {@code cur/} or {@code new/}), an mbox file (it starts with
 * {@code From }), or else a single RFC 5322 message ({@code .eml}).
 */
public final class Mailboxes {

    private Mailboxes() {
    }

    /**
     * Checks that {@code path} can be read, before any message is: what {@code collect} reports
     * with exit status 2.
     *
     * @return {@code null} if it can be read, else a message naming the path
     */
    public static String problem(String path) {
        if (path.equals("-")) {
            return null;
        }
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            return path + ": no such file or directory";
        }
        if (!Files.isReadable(p)) {
            return path + ": not readable";
        }
        if (Files.isDirectory(p) && !Files.isDirectory(p.resolve("cur")) && !Files.isDirectory(p.resolve("new"))) {
            return path + ": a directory but not a Maildir (no cur/ or new/)";
        }
        return null;
    }

    /**
     * Passes every message at {@code path} to {@code sink}, in order.
     *
     * @throws IOException if {@code path} itself cannot be read
     */
    public static void read(String path, InputStream stdin, MessageSink sink) throws IOException {
        if (path.equals("-")) {
            sink.message("-", stdin);
            return;
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            readMaildir(p, sink);
            return;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 64 * 1024)) {
            in.mark(5);
            byte[] start = in.readNBytes(5);
            in.reset();
            if (MboxReader.looksLikeMbox(start, start.length)) {
                MboxReader mbox = new MboxReader(in);
                int n = 0;
                for (InputStream message = mbox.next(); message != null; message = mbox.next()) {
                    sink.message(path + "#" + ++n, message);
                }
            } else {
                sink.message(path, in);
            }
        }
    }

    private static void readMaildir(Path dir, MessageSink sink) throws IOException {
        for (String sub : List.of("new", "cur")) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(d)) {
                list.filter(f -> !f.getFileName().toString().startsWith(".") && Files.isRegularFile(f)).sorted().forEach(files::add);
            }
            for (Path f : files) {
                InputStream in;
                try {
                    in = Files.newInputStream(f);
                } catch (IOException e) {
                    sink.unreadable(f.toString(), "cannot be read: " + e.getMessage());
                    continue;
                }
                try (in) {
                    sink.message(f.toString(), new BufferedInputStream(in, 64 * 1024));
                }
            }
        }
    }
}
