package io.tocsin.collector.evidence;

import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps evidence by address, durably: the embedded default in a directory ({@code tocsin.store}),
 * or a shared one such as Redis. Implementations are thread-safe; several handles, in one process
 * or several, may use the same store at once.
 *
 * <p>Errors of the store itself (a full disk, a corrupt file, a server down) are
 * {@link StoreException}s naming the store.
 */
public interface EvidenceStore extends AutoCloseable {

    /**
     * Merges {@code report} into what the store has about its address ({@link Evidence#merge}), or
     * starts evidence for it, and returns the result. A report whose {@link Report#reference()} was
     * already counted changes nothing and returns what the store has.
     */
    Evidence record(Report report);

    /** What the store has about {@code ip}, listed or not. */
    Optional<Evidence> get(IpAddress ip);

    /** Deletes everything known about {@code ip}; whether there was anything. */
    boolean remove(IpAddress ip);

    /**
     * Passes every evidence that {@link #retention()} lists at {@code now} to {@code action}, in no
     * particular order, without holding them all in memory.
     */
    void forEachListed(Instant now, Consumer<? super Evidence> action);

    /** Which evidence is listed, as configured when the store was opened. */
    Retention retention();

    /**
     * A number that changes whenever evidence was recorded or removed, through this handle or any
     * other (another process's too). Cheap enough to call every few hundred milliseconds: readers
     * poll it to notice new evidence within a second.
     */
    long version();

    /**
     * Deletes the evidence that can never be listed again (its last report is older than the
     * {@linkplain Retention#ttl() ttl} at {@code now}) and the references of those reports; how many
     * addresses went. Keeps the store bounded; stores may also do it on their own.
     */
    long purge(Instant now);

    /** Releases the store; further calls fail. */
    @Override
    void close();
}
