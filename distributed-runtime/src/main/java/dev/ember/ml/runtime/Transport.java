package dev.ember.ml.runtime;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process's Aeron: an embedded media driver (its directory under {@code /dev/shm}, unique per process and
 * deleted on close), a client, the two subscriptions on this process's UDP endpoint (CONTROL and DATA) and
 * publications to peers' endpoints. Term length 64 MiB (sparse files: memory is used only as far as the terms
 * are written), 4 MiB socket buffers and receiver window, and MTU 65504 on loopback.
 */
final class Transport implements AutoCloseable {
    /** Registration, heartbeats, membership, tasks, status. */
    static final int CONTROL_STREAM = 10;
    /** Plans, broadcasts, partial aggregates, results. */
    static final int DATA_STREAM = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final String DIR_PREFIX = "ember-";

    private final Path dir;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final String endpoint;
    private final Subscription control;
    private final Subscription data;
    private final Map<String, Publication> publications = new HashMap<>();

    /**
     * @param role "driver" or "executor", for the directory's name
     * @param bindHost the address to bind
     * @param port the port, or 0 for a free one
     * @param config settings
     */
    Transport(String role, String bindHost, int port, ClusterConfig config) {
        long pid = ProcessHandle.current().pid();
        cleanStaleDirectories(config.aeronDirBase());
        this.dir = config.aeronDirBase().resolve(DIR_PREFIX + role + "-" + pid + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL));
        long parkNs = TimeUnit.MICROSECONDS.toNanos(config.maxParkMicros());
        MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, parkNs))
            .termBufferSparseFile(true)
            .socketRcvbufLength(4 << 20)
            .socketSndbufLength(4 << 20)
            .initialWindowLength(4 << 20)
            .warnIfDirectoryExists(false)
            .errorHandler(t -> LOG.debug("media driver: {}", t.toString()));
        MediaDriver md = null;
        Aeron a = null;
        try {
            md = MediaDriver.launch(ctx);
            a = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir.toString())
                .errorHandler(t -> LOG.debug("aeron client: {}", t.toString())));
            int p = port > 0 ? port : freePort(bindHost);
            this.endpoint = hostPort(bindHost, p);
            this.control = a.addSubscription(subscriptionChannel(endpoint), CONTROL_STREAM);
            this.data = a.addSubscription(subscriptionChannel(endpoint), DATA_STREAM);
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            if (md != null) {
                md.close();
            }
            deleteQuietly(dir);
            throw e;
        }
        this.driver = md;
        this.aeron = a;
    }

    /** @return this process's endpoint, host:port */
    String endpoint() {
        return endpoint;
    }

    /** @return the Aeron directory */
    Path directory() {
        return dir;
    }

    Subscription control() {
        return control;
    }

    Subscription data() {
        return data;
    }

    /**
     * @param peer a peer's host:port
     * @param streamId the stream
     * @return the (shared) publication to it
     */
    synchronized Publication publication(String peer, int streamId) {
        return publications.computeIfAbsent(peer + "#" + streamId,
            k -> aeron.addPublication(publicationChannel(peer), streamId));
    }

    /** @param peer a peer whose publications to close */
    synchronized void closePublications(String peer) {
        for (int s : new int[] {CONTROL_STREAM, DATA_STREAM}) {
            Publication p = publications.remove(peer + "#" + s);
            if (p != null) {
                p.close();
            }
        }
    }

    static String subscriptionChannel(String endpoint) {
        return "aeron:udp?endpoint=" + endpoint;
    }

    static String publicationChannel(String endpoint) {
        String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
        return "aeron:udp?endpoint=" + endpoint + "|term-length=64m" + (isLoopback(host) ? "|mtu=65504" : "");
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static int freePort(String host) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new dev.ember.ml.core.MlException("cannot bind a UDP port on " + host + " (" + e.getMessage()
                + "); give an address this host has", e);
        }
    }

    @Override
    public synchronized void close() {
        publications.values().forEach(Publication::close);
        publications.clear();
        try {
            aeron.close();
        } finally {
            driver.close();
            deleteQuietly(dir);
        }
    }

    /**
     * Deletes the Aeron directories of Ember processes that no longer run (a process killed with SIGKILL cannot
     * delete its own).
     *
     * @param base where the directories are
     */
    static void cleanStaleDirectories(Path base) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, DIR_PREFIX + "*")) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length == 4) {
                    try {
                        long pid = Long.parseLong(parts[2]);
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            continue;
                        }
                        deleteQuietly(p);
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", base, e.toString());
        }
    }

    /**
     * @param base where the directories are
     * @param pid a process that has exited
     */
    static void deleteDirectoriesOf(Path base, long pid) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, DIR_PREFIX + "*-" + pid + "-*")) {
            for (Path p : ds) {
                deleteQuietly(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", base, e.toString());
        }
    }

    static void deleteQuietly(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
