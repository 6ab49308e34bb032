package io.tocsin.core.feed;

import io.tocsin.core.http.ByteSizes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A feed in a local file, re-read when its modification time or size changes. Replace the file
 * atomically ({@code mv} a finished temporary file into place): a half-written file would be
 * malformed or shrunk, and rejected until it changes again.
 */
final class FileFeedOrigin extends FeedOrigin {

    private record Stamp(long modifiedMillis, long size) {
    }

    private final Path path;
    private final long maxSize;
    private Stamp lastAttempted;

    FileFeedOrigin(Path path, long maxSize) {
        this.path = Objects.requireNonNull(path, "path");
        this.maxSize = maxSize;
    }

    @Override
    Fetched fetch() throws FetchException {
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new FetchException("not a regular file");
            }
            stamp = new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            throw new FetchException("no such file");
        } catch (IOException e) {
            throw new FetchException("cannot read it: " + e);
        }
        if (stamp.equals(lastAttempted)) {
            return new NotModified();
        }
        if (stamp.size() > maxSize) {
            lastAttempted = stamp;
            throw new FetchException("file of " + stamp.size() + " bytes is larger than max-size (" + ByteSizes.format(maxSize) + ")");
        }
        try (InputStream in = new CappedInputStream(Files.newInputStream(path), maxSize)) {
            FeedParser.Result result = FeedParser.parse(in);
            lastAttempted = stamp;
            return new Content(result);
        } catch (TooLargeException e) {
            lastAttempted = stamp;
            throw new FetchException("file grew larger than max-size (" + ByteSizes.format(maxSize) + ") while being read");
        } catch (IOException e) {
            throw new FetchException("cannot read it: " + e);
        }
    }

    @Override
    void accepted() {
        // the stamp of the attempt is already kept: an unchanged file is not read again
    }

    @Override
    String describe() {
        return path.toString();
    }
}
