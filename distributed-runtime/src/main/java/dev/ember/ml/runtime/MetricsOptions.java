package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics endpoint options of an executor's command line, taken out before the rest is parsed:
 * {@code --metrics-port P} (off unless given) and {@code --metrics-host H} (loopback unless given).
 *
 * @param port the port, or -1 for no endpoint
 * @param host the address to bind, or null for loopback
 * @param rest the other arguments
 */
record MetricsOptions(int port, String host, String[] rest) {
    /** The option naming the port. */
    static final String PORT = "--metrics-port";
    /** The option naming the bind address. */
    static final String HOST = "--metrics-host";

    /**
     * @param args an executor's command line
     * @return the metrics options and the remaining arguments
     * @throws InvalidArgumentException for a missing or malformed value
     */
    static MetricsOptions extract(String[] args) {
        int port = -1;
        String host = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(PORT) || a.equals(HOST)) {
                if (i + 1 >= args.length) {
                    throw new InvalidArgumentException(a + ": found no value, expected one");
                }
                String v = args[++i];
                if (a.equals(PORT)) {
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException(PORT + ": found '" + v + "', expected a port number", e);
                    }
                    if (port < 0 || port > 65535) {
                        throw new InvalidArgumentException(PORT + ": found " + port + ", expected 0..65535");
                    }
                } else {
                    host = v;
                }
            } else {
                rest.add(a);
            }
        }
        return new MetricsOptions(port, host, rest.toArray(new String[0]));
    }
}
