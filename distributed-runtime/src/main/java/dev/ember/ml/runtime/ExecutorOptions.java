package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.RuntimeConfig;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The settings of one executor process, as {@code ember executor} takes them:
 *
 * <pre>
 *   --driver host:port        the driver's endpoint (required)
 *   --secret-file path        the shared secret (else the EMBER_SECRET environment variable)
 *   --threads N               compute threads (default: one per core)
 *   --cache-bytes B           off-heap cache budget, e.g. 4g (default: half the memory)
 *   --bind host[:port]        the address to receive on (default: the address that reaches the driver)
 *   --connect-timeout-ms T    how long to wait for the driver (default 60000)
 *   --parent-pid P            exit when process P exits (local clusters)
 * </pre>
 *
 * @param driver the driver's host:port
 * @param secretFile the secret file, or null for the environment
 * @param threads compute threads
 * @param cacheBytes the cache budget
 * @param bindHost the address to bind
 * @param port the port to bind, 0 for any
 * @param connectTimeoutMs how long to wait for the driver
 * @param parentPid a process whose exit ends this one, or 0
 */
public record ExecutorOptions(String driver, Path secretFile, int threads, long cacheBytes, String bindHost,
                              int port, long connectTimeoutMs, long parentPid) {

    /** Validates. */
    public ExecutorOptions {
        if (driver == null || !driver.matches(".+:\\d{1,5}")) {
            throw new InvalidArgumentException("--driver: found '" + driver + "', expected host:port");
        }
        if (threads < 1) {
            throw new InvalidArgumentException("--threads: found " + threads + ", expected >= 1");
        }
        if (cacheBytes < 0) {
            throw new InvalidArgumentException("--cache-bytes: found " + cacheBytes + ", expected >= 0");
        }
    }

    /**
     * @param args the command line
     * @return the options, with defaults filled
     * @throws InvalidArgumentException naming a bad or unknown option
     */
    public static ExecutorOptions parse(String... args) {
        String driver = null;
        Path secret = null;
        int threads = 0;
        long cache = 0;
        String bind = null;
        long connect = 60_000;
        long parent = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null && a.startsWith("--")) {
                throw new InvalidArgumentException(a + ": found no value, expected one");
            }
            switch (a) {
                case "--driver" -> driver = v;
                case "--secret-file" -> secret = Path.of(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--cache-bytes" -> cache = RuntimeConfig.parseBytes("--cache-bytes", v);
                case "--bind" -> bind = v;
                case "--connect-timeout-ms" -> connect = Long.parseLong(v);
                case "--parent-pid" -> parent = Long.parseLong(v);
                default -> throw new InvalidArgumentException("unknown option '" + a + "', expected --driver,"
                    + " --secret-file, --threads, --cache-bytes, --bind, --connect-timeout-ms or --parent-pid");
            }
            i++;
        }
        return of(driver, secret, threads, cache, bind, connect, parent);
    }

    /**
     * Fills defaults.
     *
     * @param driver the driver's host:port
     * @param secretFile the secret file or null
     * @param threads threads, 0 for one per core
     * @param cacheBytes budget, 0 for the default
     * @param bind host[:port] or null
     * @param connectTimeoutMs how long to wait for the driver
     * @param parentPid 0 or a process to follow
     * @return the options
     */
    public static ExecutorOptions of(String driver, Path secretFile, int threads, long cacheBytes, String bind,
                                     long connectTimeoutMs, long parentPid) {
        if (driver == null || !driver.matches(".+:\\d{1,5}")) {
            throw new InvalidArgumentException("--driver: found '" + driver + "', expected host:port");
        }
        RuntimeConfig rc = new RuntimeConfig().threads(threads).cacheMaxBytes(cacheBytes).conclude();
        String host;
        int port = 0;
        if (bind == null) {
            host = localAddressTowards(driver);
        } else if (bind.matches(".+:\\d{1,5}") && !bind.startsWith("[") && bind.indexOf(':') == bind.lastIndexOf(':')) {
            host = bind.substring(0, bind.lastIndexOf(':'));
            port = Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
        } else {
            host = bind;
        }
        return new ExecutorOptions(driver, secretFile, rc.threads(), rc.cacheMaxBytes(), host, port,
            connectTimeoutMs, parentPid);
    }

    /** The local address the OS would use to reach the driver (no packet is sent). */
    static String localAddressTowards(String driver) {
        String host = driver.substring(0, driver.lastIndexOf(':')).replace("[", "").replace("]", "");
        int port = Integer.parseInt(driver.substring(driver.lastIndexOf(':') + 1));
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port));
            InetAddress local = s.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }
}
