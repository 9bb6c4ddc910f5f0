package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.RuntimeFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes cluster runtimes for {@code local-cluster[n]} and {@code ember://host:port[?executors=k]} (registered in
 * {@code META-INF/services/dev.ember.ml.core.runtime.RuntimeFactory}).
 */
public final class ClusterRuntimeFactory implements RuntimeFactory {
    private static final Pattern LOCAL = Pattern.compile("local-cluster\\[(\\d{1,3})]");
    private static final Pattern REMOTE = Pattern.compile("ember://([^/?]+):(\\d{1,5})(?:\\?executors=(\\d{1,4}))?");

    @Override
    public boolean accepts(String masterUrl) {
        return LOCAL.matcher(masterUrl).matches() || REMOTE.matcher(masterUrl).matches();
    }

    @Override
    public Runtime create(String masterUrl, RuntimeConfig config) {
        Matcher m = LOCAL.matcher(masterUrl);
        if (m.matches()) {
            return ClusterRuntime.localCluster(Integer.parseInt(m.group(1)), config, new ClusterConfig());
        }
        m = REMOTE.matcher(masterUrl);
        if (!m.matches()) {
            throw new InvalidArgumentException("master URL: found '" + masterUrl + "', expected local-cluster[n] or"
                + " ember://host:port");
        }
        ClusterConfig cc = new ClusterConfig();
        if (m.group(3) != null) {
            cc.minExecutors(Integer.parseInt(m.group(3)));
        }
        return ClusterRuntime.listen(m.group(1), Integer.parseInt(m.group(2)), cc);
    }
}
