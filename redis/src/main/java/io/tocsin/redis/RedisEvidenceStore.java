package io.tocsin.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The evidence store in Redis, shared by every node of a farm.
 *
 * <p>Keys (with the {@code key-prefix}, default {@code tocsin:}; all in the hash slot {@code {ev}}, so
 * that one script merges a report atomically even on a Cluster):
 * <ul>
 *   <li>{@code {ev}:a:IP}: a hash of the evidence ({@code c} category, {@code t} threat, {@code k} kind,
 *       {@code f}/{@code l} first and last seen in epoch milliseconds, {@code n} reports, counted with
 *       {@code HINCRBY}); it expires ({@code PEXPIREAT}) when its last report is {@code tocsin.collect.ttl}
 *       old, and each report moves that on: Redis drops what can no longer be listed, no sweep needed;</li>
 *   <li>{@code {ev}:seen}: a sorted set of addresses by last report, for {@code evidence list} and
 *       {@code publish}; trimmed by score on every report and every {@link #purge};</li>
 *   <li>{@code {ev}:ref:REFERENCE}: a report already counted (e.g. {@code sha256:…} of a Message-ID),
 *       expiring with the ttl;</li>
 *   <li>{@code {ev}:version}: incremented on every change, for {@link #version()}.</li>
 * </ul>
 *
 * <p>Each change deletes the address's shared verdict ({@code v:{IP}}) and is announced on the channel
 * {@code evidence}, so every node forgets its cached verdict of the address at once.
 *
 * <p>Redis away or slower than {@code tocsin.redis.timeout}: {@link #get} answers from what this node
 * recorded meanwhile (an in-memory store); {@link #record} keeps the report in a bounded buffer
 * ({@code tocsin.redis.replay-buffer}, the oldest dropped and counted when full) and replays it, in
 * order, once Redis is back. Enumeration and removal need Redis and fail with a
 * {@link StoreException} without it.
 */
public final class RedisEvidenceStore implements EvidenceStore {

    // KEYS: evidence hash, seen index, version, reference (the hash again when there is none)
    // ARGV: ip, category, threat, kind, seen ms, ttl ms, has reference, now ms
    private static final String RECORD = """
            if ARGV[7] == '1' then
              if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[6]) then
                return redis.call('HGETALL', KEYS[1])
              end
            end
            local seen = tonumber(ARGV[5])
            local cur = redis.call('HMGET', KEYS[1], 'c', 't', 'k', 'f', 'l')
            if not cur[1] then
              redis.call('HSET', KEYS[1], 'c', ARGV[2], 't', ARGV[3], 'k', ARGV[4], 'f', ARGV[5], 'l', ARGV[5], 'n', 1)
            else
              local c, t, k = cur[1], cur[2], cur[3]
              if not (c == 'infected' and ARGV[2] ~= 'infected') then
                if ARGV[2] ~= c or ARGV[3] ~= '' then t = ARGV[3] end
                c = ARGV[2]
                k = ARGV[4]
              end
              local f = math.min(tonumber(cur[4]), seen)
              local l = math.max(tonumber(cur[5]), seen)
              redis.call('HSET', KEYS[1], 'c', c, 't', t, 'k', k, 'f', string.format('%d', f), 'l', string.format('%d', l))
              redis.call('HINCRBY', KEYS[1], 'n', 1)
            end
            local last = tonumber(redis.call('HGET', KEYS[1], 'l'))
            local ttl = tonumber(ARGV[6])
            redis.call('ZADD', KEYS[2], last, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', tonumber(ARGV[8]) - ttl))
            redis.call('INCR', KEYS[3])
            local h = redis.call('HGETALL', KEYS[1])
            redis.call('PEXPIREAT', KEYS[1], last + ttl)
            return h
            """;
    private static final String REMOVE = """
            local n = redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('INCR', KEYS[3])
            return n
            """;
    private static final int PAGE = 500;
    private static final Duration REPLAY_EVERY = Duration.ofMillis(250);

    private final RedisLink link;
    private final Retention retention;
    private final String seenKey;
    private final String versionKey;
    private final Object lock = new Object();
    // guarded by lock: reports waiting for Redis, and what this node made of them meanwhile
    private final ArrayDeque<Report> backlog = new ArrayDeque<>();
    private final Map<IpAddress, Evidence> meanwhile;
    private final AtomicLong localChanges = new AtomicLong();
    private volatile long lastVersion;

    /** A store over {@code link}, listing by {@code retention}; {@link #close()} releases this user of the link. */
    public RedisEvidenceStore(RedisLink link, Retention retention) {
        this.link = Objects.requireNonNull(link, "link");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.seenKey = link.key("{ev}:seen");
        this.versionKey = link.key("{ev}:version");
        int capacity = Math.max(1, link.options().replayBuffer());
        this.meanwhile = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpAddress, Evidence> eldest) {
                return size() > capacity; // as bounded as the replay buffer
            }
        };
        link.metrics().backlog(this::backlogSize);
        link.warm(RECORD);
        link.every(REPLAY_EVERY, this::replay);
    }

    private String evidenceKey(IpAddress ip) {
        return link.key("{ev}:a:" + ip);
    }

    private String referenceKey(String reference) {
        return link.key("{ev}:ref:" + reference);
    }

    @Override
    public Evidence record(Report report) {
        Objects.requireNonNull(report, "report");
        synchronized (lock) {
            if (!backlog.isEmpty()) { // keep the order: what waits goes first
                return keep(report);
            }
        }
        try {
            return write(report, RedisLink.ADMIN_TIMEOUT);
        } catch (RedisUnavailableException e) {
            synchronized (lock) {
                return keep(report);
            }
        }
    }

    /** Buffers a report for replay and merges it into what this node knows meanwhile. Holds lock. */
    private Evidence keep(Report report) {
        int capacity = link.options().replayBuffer();
        if (capacity == 0) {
            link.metrics().dropped.increment();
        } else {
            if (backlog.size() >= capacity) {
                backlog.pollFirst();
                link.metrics().dropped.increment();
            }
            backlog.addLast(report);
        }
        Evidence known = meanwhile.get(report.ip());
        Evidence merged = known == null ? Evidence.of(report) : known.merge(report);
        meanwhile.put(report.ip(), merged);
        localChanges.incrementAndGet();
        return merged;
    }

    private Evidence write(Report report, Duration timeout) {
        String reference = report.reference();
        String[] keys = {evidenceKey(report.ip()), seenKey, versionKey,
                reference == null ? evidenceKey(report.ip()) : referenceKey(reference)};
        String[] args = {report.ip().toString(), report.category().id(), report.threat(), report.kind().id(),
                Long.toString(report.seen().toEpochMilli()), Long.toString(retention.ttl().toMillis()),
                reference == null ? "0" : "1", Long.toString(Instant.now().toEpochMilli())};
        List<Object> hash = link.await(c -> c.<List<Object>>eval(RECORD, ScriptOutputType.MULTI, keys, args), timeout);
        Evidence evidence = evidence(report.ip(), pairs(hash));
        announce(report.ip());
        if (evidence == null) {
            throw new StoreException("redis store " + link.options().location() + " returned no evidence for " + report.ip());
        }
        return evidence;
    }

    /**
     * Deletes the address's shared verdict and tells every node to forget its own:
     * the {@code evidence} source is asked again at the address's next request, on any node.
     */
    private void announce(IpAddress ip) {
        // in this order, and waited for: a node told first could take the stale shared verdict again,
        // and a command-line handle may close right after recording
        try {
            link.await(c -> c.del(RedisSharedVerdicts.verdictKey(link, ip)), RedisLink.ADMIN_TIMEOUT);
            link.await(c -> c.publish(RedisSharedVerdicts.evidenceChannel(link), ip.toString()), RedisLink.ADMIN_TIMEOUT);
        } catch (RedisUnavailableException e) {
            // the evidence is recorded; nodes see it when their verdicts expire
        }
    }

    /** Writes what waited for Redis, in order, as long as Redis takes it. */
    private void replay() {
        while (link.isUp()) {
            Report next;
            synchronized (lock) {
                next = backlog.peekFirst();
                if (next == null) {
                    meanwhile.clear();
                    return;
                }
            }
            try {
                write(next, RedisLink.ADMIN_TIMEOUT);
            } catch (RedisUnavailableException e) {
                return;
            }
            synchronized (lock) {
                if (backlog.peekFirst() == next) {
                    backlog.pollFirst();
                }
            }
            link.metrics().replayed.increment();
        }
    }

    private long backlogSize() {
        synchronized (lock) {
            return backlog.size();
        }
    }

    @Override
    public Optional<Evidence> get(IpAddress ip) {
        Evidence remote = null;
        boolean answered = false;
        try {
            Map<String, String> hash = link.await(c -> c.hgetall(evidenceKey(ip)), link.options().timeout());
            remote = evidence(ip, hash);
            answered = true;
        } catch (RedisUnavailableException e) {
            // answered below from what this node recorded meanwhile
        }
        Evidence local;
        synchronized (lock) {
            local = meanwhile.get(ip);
        }
        if (!answered || remote == null) {
            return Optional.ofNullable(local);
        }
        return Optional.of(remote);
    }

    @Override
    public boolean remove(IpAddress ip) {
        synchronized (lock) {
            meanwhile.remove(ip);
            backlog.removeIf(r -> r.ip().equals(ip));
        }
        try {
            Long n = link.await(c -> c.<Long>eval(REMOVE, ScriptOutputType.INTEGER,
                    new String[] {evidenceKey(ip), seenKey, versionKey}, ip.toString()), RedisLink.ADMIN_TIMEOUT);
            announce(ip);
            return n != null && n > 0;
        } catch (RedisUnavailableException e) {
            throw new StoreException("redis store " + link.options().location() + ": cannot remove " + ip + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachListed(Instant now, Consumer<? super Evidence> action) {
        Range<Long> live = Range.create(retention.horizon(now).toEpochMilli() + 1, Long.MAX_VALUE);
        long offset = 0;
        try {
            while (true) {
                long from = offset;
                List<String> page = link.await(c -> c.zrangebyscore(seenKey, live, Limit.create(from, PAGE)), RedisLink.ADMIN_TIMEOUT);
                if (page.isEmpty()) {
                    return;
                }
                List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>(page.size());
                List<String> keys = new ArrayList<>(page.size());
                for (String member : page) {
                    keys.add(member);
                }
                List<Map<String, String>> values = link.await(c -> {
                    List<RedisFuture<Map<String, String>>> sent = new ArrayList<>();
                    for (String member : keys) {
                        sent.add(c.hgetall(evidenceKey(IpAddress.parse(member))));
                    }
                    hashes.addAll(sent);
                    return sent.get(sent.size() - 1);
                }, RedisLink.ADMIN_TIMEOUT) == null ? List.of() : collect(hashes);
                for (int i = 0; i < page.size(); i++) {
                    Evidence e = i < values.size() ? evidence(IpAddress.parse(page.get(i)), values.get(i)) : null;
                    if (e != null && retention.lists(e, now)) {
                        action.accept(e);
                    }
                }
                if (page.size() < PAGE) {
                    return;
                }
                offset += PAGE;
            }
        } catch (RedisUnavailableException e) {
            throw new StoreException("redis store " + link.options().location() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Map<String, String>> collect(List<RedisFuture<Map<String, String>>> futures) {
        List<Map<String, String>> values = new ArrayList<>(futures.size());
        for (RedisFuture<Map<String, String>> f : futures) {
            try {
                values.add(f.get(RedisLink.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisUnavailableException("interrupted while reading redis");
            } catch (ExecutionException | TimeoutException e) {
                throw new RedisUnavailableException("redis did not answer: " + e.getMessage(), e);
            }
        }
        return values;
    }

    @Override
    public Retention retention() {
        return retention;
    }

    @Override
    public long version() {
        try {
            String v = link.await(c -> c.get(versionKey), link.options().timeout());
            lastVersion = v == null ? 0 : Long.parseLong(v);
        } catch (RedisUnavailableException | NumberFormatException e) {
            // the last known version, plus what this node recorded meanwhile
        }
        return lastVersion + localChanges.get();
    }

    @Override
    public long purge(Instant now) {
        try {
            Long n = link.await(c -> c.zremrangebyscore(seenKey, Range.create(Long.MIN_VALUE, retention.horizon(now).toEpochMilli())),
                    RedisLink.ADMIN_TIMEOUT);
            return n == null ? 0 : n;
        } catch (RedisUnavailableException e) {
            throw new StoreException("redis store " + link.options().location() + " cannot be purged: " + e.getMessage(), e);
        }
    }

    /**
     * Closes this user of the link, after a last attempt to replay what waits.
     *
     * @throws StoreException if reports recorded while Redis was away could not be written
     */
    @Override
    public void close() {
        replay();
        long left = backlogSize();
        link.close();
        if (left > 0) {
            throw new StoreException("redis store " + link.options().location() + " is unavailable: " + left
                    + " report(s) recorded meanwhile could not be written");
        }
    }

    /** The counters of the link this store uses. */
    public RedisMetrics metrics() {
        return link.metrics();
    }

    private static Map<String, String> pairs(List<Object> flat) {
        Map<String, String> map = new LinkedHashMap<>();
        if (flat == null) {
            return map;
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return map;
    }

    private static String text(Object o) {
        if (o instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (o instanceof java.nio.ByteBuffer buffer) {
            return java.nio.charset.StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return String.valueOf(o);
    }

    /** The evidence a hash holds; {@code null} for none (or a hash this version cannot read). */
    private static Evidence evidence(IpAddress ip, Map<String, String> hash) {
        if (hash == null || hash.isEmpty() || !hash.containsKey("c")) {
            return null;
        }
        try {
            return new Evidence(ip, Category.of(hash.get("c")), hash.getOrDefault("t", ""), EvidenceKind.of(hash.get("k")),
                    Instant.ofEpochMilli(Long.parseLong(hash.get("f"))), Instant.ofEpochMilli(Long.parseLong(hash.get("l"))),
                    Long.parseLong(hash.get("n")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RedisEvidenceStore{" + link.options().location() + ", " + retention + "}";
    }
}
