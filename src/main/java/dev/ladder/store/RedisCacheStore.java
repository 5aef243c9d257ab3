package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.CacheStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
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
 */
public final class RedisCacheStore implements CacheStore {

    private static final System.Logger LOG = System.getLogger(RedisCacheStore.class.getName());
    private static final int SCAN_BATCH = 500;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final String prefix;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisCacheStore(RedisClient client, StatefulRedisConnection<String, byte[]> connection, String prefix) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
    }

    /**
     * Connects to {@code url} ({@code redis://[:password@]host:port[/db]}); every key gets {@code keyPrefix}.
     *
     * @throws StoreException when the server cannot be reached; the message never shows the URL's password
     */
    public static RedisCacheStore connect(String url, Duration timeout, String keyPrefix) {
        requireNonNull(url, "url is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis URL for the cache", e);
        }
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        try {
            StatefulRedisConnection<String, byte[]> connection = client.connect(
                    RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            connection.setTimeout(timeout);
            LOG.log(Level.INFO, "exact cache in Redis at " + uri.getHost() + ":" + uri.getPort() + ", keys "
                    + keyPrefix + "*");
            return new RedisCacheStore(client, connection, keyPrefix);
        } catch (RedisException e) {
            client.shutdown();
            throw new StoreException("cannot connect to the cache's Redis at " + uri.getHost() + ":" + uri.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(redis.get(prefix + key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        requireNonNull(value, "value is null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0");
        }
        connection.async().psetex(prefix + key, Math.max(1, ttl.toMillis()), value).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "cache write to Redis failed: " + e);
            }
        });
    }

    @Override
    public long remove(String key) {
        return redis.del(prefix + key);
    }

    @Override
    public long removePrefix(String keyPrefix) {
        long[] removed = {0};
        scan(keyPrefix, keys -> removed[0] += redis.unlink(keys.toArray(String[]::new)));
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
            connection.close();
            client.shutdown();
        }
    }

    private void scan(String keyPrefix, java.util.function.Consumer<List<String>> batch) {
        ScanArgs args = ScanArgs.Builder.matches(glob(prefix + keyPrefix) + "*").limit(SCAN_BATCH);
        KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, args);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                batch.accept(cursor.getKeys());
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = redis.scan(cursor, args);
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
