package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.RedisUse;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.SemanticFeed;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The semantic cache shared through one Redis stream ({@code <prefix>semantic}): each replica appends the entries
 * it stores ({@code XADD}, trimmed to about the cache's entry bound, not waited for), and one daemon thread per
 * replica reads the stream from its start ({@code XREAD BLOCK}), adding every entry another replica wrote to its
 * own index, where lookups stay in process. While Redis is down nothing is sent or read (the cache fails open:
 * {@link RedisUse#CACHE}); the reader goes on from where it was when Redis returns. Stream ids are Redis's clock,
 * so a Redis that restarted empty numbers new entries after the ones already read.
 */
public final class RedisSemanticFeed implements SemanticFeed {

    private static final System.Logger LOG = System.getLogger(RedisSemanticFeed.class.getName());
    private static final int READ_BATCH = 256;

    private final String stream;
    private final long maxEntries;
    private final Duration timeout;
    private final GatewayEvents events;
    private final byte[] origin = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final RedisLink<byte[]> writer;
    private final RedisLink<byte[]> reader;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread reading;

    private RedisSemanticFeed(RedisURI uri, RedisURI readerUri, Duration timeout, String stream, long maxEntries, GatewayEvents events,
            InstantSource clock) {
        this.stream = stream;
        this.maxEntries = maxEntries;
        this.timeout = timeout;
        this.events = events;
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        // the cache's own link reports the cache's health; these two only fail open
        this.writer = new RedisLink<>("semantic cache feed", uri, codec, timeout, RedisCacheStore.PROBE_EVERY,
                r -> { }, s -> { }, clock);
        // a blocking read of its own, so that it never holds up a write
        this.reader = new RedisLink<>("semantic cache feed reader", readerUri, codec,
                timeout.plus(timeout), RedisCacheStore.PROBE_EVERY, r -> { }, s -> { }, clock);
    }

    /**
     * The feed on the stream {@code <keyPrefix>semantic} at {@code url}, kept to about {@code maxEntries}.
     *
     * @throws StoreException when the URL is invalid (never showing its password)
     */
    public static RedisSemanticFeed connect(String url, Duration timeout, String keyPrefix, long maxEntries,
            GatewayEvents events, InstantSource clock) {
        RedisURI uri;
        RedisURI readerUri;
        try {
            uri = RedisURI.create(requireNonNull(url, "url is null"));
            readerUri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis URL for the semantic cache", e);
        }
        return new RedisSemanticFeed(uri, readerUri, timeout, keyPrefix + "semantic", maxEntries, events, clock);
    }

    @Override
    public void publish(Entry e) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("o", origin);
        fields.put("t", utf8(e.tenant()));
        fields.put("r", utf8(e.route()));
        fields.put("c", utf8(e.context()));
        fields.put("x", utf8(e.text()));
        fields.put("v", floats(e.vector()));
        fields.put("a", e.answer());
        fields.put("e", utf8(Long.toString(e.expiresAt().toEpochMilli())));
        if (!writer.send(r -> r.xadd(stream, XAddArgs.Builder.maxlen(maxEntries).approximateTrimming(), fields))) {
            events.redisFallback(RedisUse.CACHE);
        }
    }

    @Override
    public void subscribe(Consumer<Entry> sink) {
        requireNonNull(sink, "sink is null");
        reading = Thread.ofPlatform().daemon().name("semantic-cache-feed").start(() -> read(sink));
    }

    private void read(Consumer<Entry> sink) {
        String last = "0-0";
        long block = Math.max(1, timeout.toMillis() / 2);
        while (!closed.get()) {
            List<StreamMessage<String, byte[]>> batch;
            try {
                String from = last;
                batch = reader.call(r -> r.xread(XReadArgs.Builder.block(block).count(READ_BATCH),
                        XReadArgs.StreamOffset.from(stream, from)));
            } catch (RedisLink.Down e) {
                if (!pause()) {
                    return;
                }
                continue;
            }
            for (StreamMessage<String, byte[]> m : batch) {
                last = m.getId();
                Map<String, byte[]> f = m.getBody();
                if (java.util.Arrays.equals(f.get("o"), origin)) {
                    continue;
                }
                try {
                    sink.accept(new Entry(text(f, "t"), text(f, "r"), text(f, "c"), text(f, "x"), floats(f.get("v")),
                            f.get("a"), Instant.ofEpochMilli(Long.parseLong(text(f, "e")))));
                } catch (RuntimeException bad) {
                    LOG.log(Level.WARNING, "semantic cache feed: entry " + m.getId() + " skipped: " + bad);
                }
            }
        }
    }

    /** Waits for the reader link's probe; false when the feed closes meanwhile. */
    private boolean pause() {
        try {
            Thread.sleep(RedisCacheStore.PROBE_EVERY);
            return !closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> fields, String name) {
        return new String(requireNonNull(fields.get(name), name + " is missing"), StandardCharsets.UTF_8);
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reader.close(); // a blocked read fails at once, and the reader sees the feed closed
            if (reading != null) {
                try {
                    reading.join(timeout.multipliedBy(4).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            writer.close();
        }
    }
}
