/**
 * Typed, documented {@link dev.ember.ml.core.param.Param}s with validators, immutable
 * {@link dev.ember.ml.core.param.ParamMap}s keyed by (stage uid, param name) as in Spark (default &lt; set &lt;
 * per-call), and their JSON form. Each stage class declares its own param constants;
 * {@link dev.ember.ml.core.param.SharedParams} writes the common definitions once.
 */
package dev.ember.ml.core.param;
