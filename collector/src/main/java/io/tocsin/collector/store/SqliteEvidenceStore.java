package io.tocsin.collector.store;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The embedded store: {@code evidence.db}, a SQLite database in write-ahead-log mode, in a directory.
 *
 * <p>Why SQLite: {@code collect} runs as its own short-lived process (a CLI, an MTA pipe) while a
 * web application reads the same store. SQLite's WAL mode lets any number of processes read while
 * one writes, with the file locks the operating system provides; an H2 MVStore file can be open in
 * one process only. Each record is one transaction; with {@code synchronous=NORMAL} a committed
 * transaction survives the process being killed (only a power cut may lose the last ones), and
 * SQLite's journal makes a half-written transaction vanish on the next open.
 *
 * <p>One connection writes and one reads, each under its own lock, so readers never wait for a
 * write of the same process; other processes' writers wait for the database lock up to
 * {@value #BUSY_TIMEOUT_MS} ms.
 */
public final class SqliteEvidenceStore implements EvidenceStore {

    /** The database's file name inside the store directory. */
    public static final String FILE_NAME = "evidence.db";

    static final int BUSY_TIMEOUT_MS = 10_000;

    /** Every so many records, evidence that expired is deleted, so the store stays bounded. */
    private static final int PURGE_EVERY = 10_000;

    private static final String SCHEMA_EVIDENCE = "CREATE TABLE IF NOT EXISTS evidence ("
            + "ip BLOB PRIMARY KEY, category TEXT NOT NULL, threat TEXT NOT NULL, kind TEXT NOT NULL, "
            + "first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, reports INTEGER NOT NULL) WITHOUT ROWID";
    // references of counted reports (e.g. sha256 of a Message-ID), so the same message is counted once
    private static final String SCHEMA_COUNTED = "CREATE TABLE IF NOT EXISTS counted ("
            + "reference TEXT PRIMARY KEY, seen INTEGER NOT NULL) WITHOUT ROWID";

    private final Path file;
    private final Retention retention;
    private final Clock clock;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    // prepared once: preparing a statement costs more than the indexed read it runs
    private final PreparedStatement selectForWrite;
    private final PreparedStatement selectForRead;
    private final PreparedStatement insertCounted;
    private final PreparedStatement upsertEvidence;
    private long recordsSincePurge;
    private volatile boolean closed;

    private static final String SELECT = "SELECT category, threat, kind, first_seen, last_seen, reports FROM evidence WHERE ip = ?";

    private SqliteEvidenceStore(Path file, Retention retention, Clock clock, Connection writer, Connection reader) throws SQLException {
        this.file = file;
        this.retention = retention;
        this.clock = clock;
        this.writer = writer;
        this.reader = reader;
        this.selectForWrite = writer.prepareStatement(SELECT);
        this.selectForRead = reader.prepareStatement(SELECT);
        this.insertCounted = writer.prepareStatement("INSERT OR IGNORE INTO counted(reference, seen) VALUES (?, ?)");
        this.upsertEvidence = writer.prepareStatement("INSERT OR REPLACE INTO evidence"
                + "(ip, category, threat, kind, first_seen, last_seen, reports) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Opens (creating if needed) the store in {@code directory}.
     *
     * @throws StoreException naming the directory if it cannot be created or opened
     */
    public static SqliteEvidenceStore open(Path directory, Retention retention) {
        return open(directory, retention, Clock.systemUTC());
    }

    /** As {@link #open(Path, Retention)}, with the clock that decides when evidence is purged. */
    public static SqliteEvidenceStore open(Path directory, Retention retention, Clock clock) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("evidence store " + directory + " cannot be created: " + e, e);
        }
        Connection writer = null;
        Connection reader = null;
        try {
            writer = connect(file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute(SCHEMA_EVIDENCE);
                s.execute(SCHEMA_COUNTED);
            }
            reader = connect(file);
            return new SqliteEvidenceStore(file, retention, clock, writer, reader);
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw new StoreException("evidence store " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA synchronous=NORMAL");
        }
        return c;
    }

    @Override
    public Evidence record(Report report) {
        byte[] key = report.ip().toBytes();
        writeLock.lock();
        try {
            checkOpen();
            Evidence result;
            try (Statement s = writer.createStatement()) {
                // take the write lock now: a read that later turns into a write could fail with BUSY
                s.execute("BEGIN IMMEDIATE");
            }
            boolean committed = false;
            try {
                Evidence known = select(selectForWrite, report.ip(), key);
                if (report.reference() != null && !markCounted(report)) {
                    result = known != null ? known : null;
                } else {
                    result = known == null ? Evidence.of(report) : known.merge(report);
                    upsert(key, result);
                }
                try (Statement s = writer.createStatement()) {
                    s.execute("COMMIT");
                }
                committed = true;
            } finally {
                if (!committed) {
                    rollback();
                }
            }
            if (++recordsSincePurge >= PURGE_EVERY) {
                recordsSincePurge = 0;
                purgeLocked(clock.instant());
            }
            // a counted reference whose evidence was removed since: nothing to return but the report
            return result != null ? result : Evidence.of(report);
        } catch (SQLException e) {
            throw failure("cannot record evidence", e);
        } finally {
            writeLock.unlock();
        }
    }

    private boolean markCounted(Report report) throws SQLException {
        PreparedStatement p = insertCounted;
        p.setString(1, report.reference());
        p.setLong(2, report.seen().toEpochMilli());
        return p.executeUpdate() == 1;
    }

    private void upsert(byte[] key, Evidence e) throws SQLException {
        PreparedStatement p = upsertEvidence;
        p.setBytes(1, key);
        p.setString(2, e.category().id());
        p.setString(3, e.threat());
        p.setString(4, e.kind().id());
        p.setLong(5, e.firstSeen().toEpochMilli());
        p.setLong(6, e.lastSeen().toEpochMilli());
        p.setLong(7, e.reports());
        p.executeUpdate();
    }

    private void rollback() {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction is gone already (SQLite rolls back by itself on some errors)
        }
    }

    @Override
    public Optional<Evidence> get(IpAddress ip) {
        readLock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(select(selectForRead, ip, ip.toBytes()));
        } catch (SQLException e) {
            throw failure("cannot read evidence", e);
        } finally {
            readLock.unlock();
        }
    }

    private static Evidence select(PreparedStatement p, IpAddress ip, byte[] key) throws SQLException {
        p.setBytes(1, key);
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? row(ip, r, 1) : null;
        }
    }

    private static Evidence row(IpAddress ip, ResultSet r, int from) throws SQLException {
        return new Evidence(ip, Category.of(r.getString(from)), r.getString(from + 1), EvidenceKind.of(r.getString(from + 2)),
                Instant.ofEpochMilli(r.getLong(from + 3)), Instant.ofEpochMilli(r.getLong(from + 4)), r.getLong(from + 5));
    }

    @Override
    public boolean remove(IpAddress ip) {
        writeLock.lock();
        try {
            checkOpen();
            try (PreparedStatement p = writer.prepareStatement("DELETE FROM evidence WHERE ip = ?")) {
                p.setBytes(1, ip.toBytes());
                return p.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            throw failure("cannot remove evidence", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void forEachListed(Instant now, Consumer<? super Evidence> action) {
        readLock.lock();
        try {
            checkOpen();
            try (PreparedStatement p = reader.prepareStatement("SELECT ip, category, threat, kind, first_seen, last_seen, reports"
                    + " FROM evidence WHERE reports >= ? AND last_seen > ?")) {
                p.setLong(1, retention.minReports());
                p.setLong(2, retention.horizon(now).toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        action.accept(row(IpAddress.ofBytes(r.getBytes(1)), r, 2));
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("cannot list evidence", e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public Retention retention() {
        return retention;
    }

    /**
     * SQLite's {@code data_version} of the reading connection: it changes whenever any other
     * connection (this store's writer, another process) committed a change, and costs no I/O
     * beyond a check of the shared-memory index.
     */
    @Override
    public long version() {
        readLock.lock();
        try {
            checkOpen();
            try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("PRAGMA data_version")) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("cannot read the version", e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long purge(Instant now) {
        writeLock.lock();
        try {
            checkOpen();
            return purgeLocked(now);
        } catch (SQLException e) {
            throw failure("cannot purge expired evidence", e);
        } finally {
            writeLock.unlock();
        }
    }

    private long purgeLocked(Instant now) throws SQLException {
        long horizon = retention.horizon(now).toEpochMilli();
        long removed;
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM evidence WHERE last_seen <= ?")) {
            p.setLong(1, horizon);
            removed = p.executeUpdate();
        }
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM counted WHERE seen <= ?")) {
            p.setLong(1, horizon);
            p.executeUpdate();
        }
        return removed;
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(reader);
            closeQuietly(writer);
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("evidence store " + file + " is closed");
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("evidence store " + file + ": " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing more to do
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteEvidenceStore{" + file + ", " + retention + "}";
    }
}
