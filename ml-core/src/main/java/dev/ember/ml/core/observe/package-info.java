/**
 * Observability of fits, passes and jobs: metrics, trace ids and the log context.
 *
 * <h2>Metrics</h2>
 * Every Ember process records into Micrometer's global registry ({@link dev.ember.ml.core.observe.EmberMetrics}),
 * under the names listed in {@link dev.ember.ml.core.observe.MetricNames}. The in-process runtime and the
 * cluster runtime (driver and executors) record through one class,
 * {@link dev.ember.ml.core.observe.RuntimeMetrics}, so a dashboard works whichever runtime ran the fit. Recording
 * is per pass and per task (partition), never per row or per message. While no registry is attached (no
 * endpoint asked for), a recording updates an empty composite meter and a few per-fit adders: next to nothing.
 * {@link dev.ember.ml.core.observe.MetricsServer} attaches a Prometheus registry and serves it over HTTP
 * (loopback unless told otherwise).
 *
 * <h2>Traces and logs</h2>
 * An outermost fit gets a {@link dev.ember.ml.core.observe.FitTrace}: a fit id, a trace id (inherited from an
 * enclosing {@link dev.ember.ml.core.observe.TraceScope}, such as a sweep or a CLI command, else new), and its
 * per-fit figures. The ids go into the SLF4J MDC of every thread that works for the fit (keys in
 * {@link dev.ember.ml.core.observe.LogKeys}), travel to executors inside the task message, are tags of the MLflow
 * run, and the figures are logged on the run as MLflow system metrics ({@code system/...}). The low-cardinality
 * parts (stage, kernel, executor) are metric tags; ids are not, as Prometheus would keep one series per fit.
 */
package dev.ember.ml.core.observe;
