package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.CacheStore;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import dev.ladder.pipeline.GatewayEvents;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exact cache in Redis, so that replicas share it: one key per entry, {@code <prefix><key>}, written with
 * {@code SET ... PX <ttl>}. One Lettuce connection serves every request (it is thread-safe and pipelines);
 * every command waits at most the configured timeout. Writes are not waited for: a request never waits on
 * storing its answer, and commands on the one connection run in order, so a read that follows sees it.
 * Deleting by prefix walks the keys with {@code SCAN}, never {@code KEYS}, so Redis is not blocked.
 *
 * <p>When Redis cannot be reached the cache fails open ({@link RedisUse#CACHE}): after the first failed command
 * ({@link RedisLink}), a lookup is a miss and a write is skipped at once, without a network call, until a probe
 * finds Redis back.
 */
public final class RedisCacheStore implements CacheStore {

    /** How often a Redis that is down is tried again. */
    static final Duration PROBE_EVERY = Duration.ofMillis(250);
    private static final int SCAN_BATCH = 500;

    private final RedisLink<byte[]> link;
    private final String prefix;
    private final GatewayEvents events;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisCacheStore(RedisURI uri, Duration timeout, String prefix, GatewayEvents events, InstantSource clock) {
        this.prefix = prefix;
        this.events = events;
        this.link = new RedisLink<>("exact cache", uri, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE),
                timeout, PROBE_EVERY, redis -> { }, s -> events.redisState(new RedisHealth(RedisUse.CACHE, s.up(),
                        s.since(), s.problem())), clock);
    }

    /**
     * Connects to {@code url} ({@code redis://[:password@]host:port[/db]}); every key gets {@code keyPrefix}. A
     * Redis that cannot be reached now is not an error: the cache starts down (every lookup a miss) and connects
     * when Redis answers.
     *
     * @throws StoreException when the URL is invalid; the message never shows the URL's password
     */
    public static RedisCacheStore connect(String url, Duration timeout, String keyPrefix, GatewayEvents events,
            InstantSource clock) {
        requireNonNull(url, "url is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        requireNonNull(events, "events is null");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis URL for the cache", e);
        }
        return new RedisCacheStore(uri, timeout, keyPrefix, events, clock);
    }

    /** As above, without events, on the system clock (tools and tests that clear a cache). */
    public static RedisCacheStore connect(String url, Duration timeout, String keyPrefix) {
        return connect(url, timeout, keyPrefix, GatewayEvents.NONE, InstantSource.system());
    }

    /** The cache's use of Redis: served by Redis now, or failing open since when. */
    public RedisHealth health() {
        RedisLink.State s = link.state();
        return new RedisHealth(RedisUse.CACHE, s.up(), s.since(), s.problem());
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.ofNullable(link.call(r -> r.get(prefix + key)));
        } catch (RedisLink.Down e) {
            events.redisFallback(RedisUse.CACHE);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        requireNonNull(value, "value is null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0");
        }
        if (!link.send(r -> r.psetex(prefix + key, Math.max(1, ttl.toMillis()), value))) {
            events.redisFallback(RedisUse.CACHE);
        }
    }

    @Override
    public long remove(String key) {
        return link.call(r -> r.del(prefix + key));
    }

    @Override
    public long removePrefix(String keyPrefix) {
        long[] removed = {0};
        scan(keyPrefix, keys -> removed[0] += link.call(r -> r.unlink(keys.toArray(String[]::new))));
        return removed[0];
    }

    @Override
    public Size size() {
        long[] count = {0};
        scan("", keys -> count[0] += keys.size());
        return new Size(count[0], OptionalLong.empty());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            link.close();
        }
    }

    private void scan(String keyPrefix, java.util.function.Consumer<List<String>> batch) {
        ScanArgs args = ScanArgs.Builder.matches(glob(prefix + keyPrefix) + "*").limit(SCAN_BATCH);
        KeyScanCursor<String> cursor = link.call(r -> r.scan(ScanCursor.INITIAL, args));
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                batch.accept(cursor.getKeys());
            }
            if (cursor.isFinished()) {
                return;
            }
            KeyScanCursor<String> at = cursor;
            cursor = link.call(r -> r.scan(at, args));
        }
    }

    /** {@code text} with Redis glob characters escaped, so it matches itself only. */
    static String glob(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
