package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import org.junit.jupiter.api.Test;

class JsonTest {

    /**
     * Each server connection is a virtual thread of its own: buffers kept per thread (Jackson's default) would
     * stay with every open stream. They go back to one shared, bounded pool instead.
     */
    @Test
    void parserBuffersUsedOnAVirtualThreadGoBackToTheSharedBoundedPool() throws Exception {
        RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Json.read("{\"a\":[1,2,3],\"b\":\"text\"}");
                Json.write(Json.object().put("c", "d"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.join();

        // a thread-local pool counts nothing (-1); the bounded pool holds what the finished thread gave back
        assertThat(pool.pooledCount()).isBetween(1, Json.RECYCLED_BUFFER_SETS);
    }
}
