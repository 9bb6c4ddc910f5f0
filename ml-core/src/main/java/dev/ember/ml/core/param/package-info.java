/**
 * Typed, documented {@link dev.ember.ml.core.param.Param}s with validators, immutable
 * {@link dev.ember.ml.core.param.ParamMap}s (default &lt; set &lt; per-call), and their JSON form.
 */
package dev.ember.ml.core.param;
