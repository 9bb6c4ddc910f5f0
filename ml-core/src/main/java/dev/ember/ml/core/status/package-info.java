/**
 * A live, read-only status page of the driver: {@link dev.ember.ml.core.status.StatusServer} serves it (JDK
 * HTTP server, loopback by default, off unless asked), and {@link dev.ember.ml.core.status.StatusRegistry} is
 * what it reads: running and recent fits with their plans, and sections other modules contribute (the cluster
 * runtime's executors, rounds and tasks; feature jobs; sweeps). The hooks cost nothing while no page is served.
 */
package dev.ember.ml.core.status;
