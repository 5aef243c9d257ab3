package dev.ladder.api;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;

/** Checks made before the server listens: that its address is free, and how many connections it can hold. */
final class Listening {

    /** Descriptors kept for everything but client connections: jars, databases, logs, the JVM's own. */
    static final long RESERVED_FILES = 128;

    private Listening() {
    }

    /**
     * Binds {@code host:port} once and lets go, so a busy port fails here with one clear line instead of a
     * Helidon stack trace and a server that "started" on port -1. Port 0 (any free port) is not checked.
     *
     * @throws IllegalStateException naming the address and what is wrong with it
     */
    static void checkFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw cannotListen(host, port, "address already in use".equalsIgnoreCase(e.getMessage())
                    ? "port " + port + " is already in use (another Ladder, or another server?)" : e.getMessage());
        } catch (UnresolvedAddressException e) {
            throw cannotListen(host, port, "unknown host '" + host + "'");
        } catch (IOException e) {
            throw cannotListen(host, port, e.getMessage());
        }
    }

    static IllegalStateException cannotListen(String host, int port, String why) {
        return new IllegalStateException("cannot listen on " + host + ":" + port + ": " + why);
    }

    /**
     * {@code configured}, or fewer when the process may not open enough files: each client connection takes a
     * descriptor and may need a second for its upstream call, so at most half of what is left after
     * {@link #RESERVED_FILES} and what is open now. Running out of descriptors is what stops Helidon's
     * accept loop for good; a cap below the limit makes the excess wait for a free slot instead.
     */
    static int connectionCap(int configured) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            return connectionCap(configured, os.getMaxFileDescriptorCount(), os.getOpenFileDescriptorCount());
        }
        return configured;
    }

    static int connectionCap(int configured, long maxFiles, long openFiles) {
        long room = (maxFiles - openFiles - RESERVED_FILES) / 2;
        return (int) Math.max(1, Math.min(configured, room));
    }
}
