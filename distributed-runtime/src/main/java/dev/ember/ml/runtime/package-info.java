/**
 * The cluster implementation of the runtime SPI: a driver (in the user's program) and executor JVMs connected
 * over Aeron, each with an embedded media driver, UDP between processes.
 *
 * <h2>Architecture</h2>
 * <ul>
 *   <li>{@link dev.ember.ml.runtime.ClusterRuntime} is the driver: algorithms see only
 *   {@link dev.ember.ml.core.runtime.Runtime}. Its state lives on one agent thread (DriverAgent).</li>
 *   <li>{@link dev.ember.ml.runtime.ExecutorMain} is the executor process ({@code ember executor}); its agent
 *   relays dissemination payloads, reads its partitions from their source (rebuilt from a lineage descriptor),
 *   caches them off-heap and folds them on compute threads.</li>
 *   <li>Protocol: the SBE schema {@code ember-cluster-codecs.xml} (codecs generated into
 *   {@code dev.ember.ml.runtime.codecs}) documents every message and the message sequence; ClusterProxy encodes
 *   and sends with bounded retries, ClusterAdapter decodes and checks schema id, version and lengths.</li>
 *   <li>Rounds: the driver sends plan, broadcasts and task once, to the executor of rank 0; executors relay them
 *   down a binary tree of ranks; partition results are combined in the tree of
 *   {@link dev.ember.ml.core.runtime.TreeCombiner} (TreePlan), each node by the executor holding its first
 *   partition, so only the root sends to the driver and the result equals the in-process one bit for bit.</li>
 *   <li>Faults: heartbeats both ways; a lost executor's partitions move to the others and the round is re-run
 *   (same tree, same result); messages of older attempts are dropped. Executors exit when the driver goes
 *   silent.</li>
 *   <li>Security: HMAC-SHA256 challenge over a shared secret from a file or {@code EMBER_SECRET}.</li>
 * </ul>
 */
package dev.ember.ml.runtime;
