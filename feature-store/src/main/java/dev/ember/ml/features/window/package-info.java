/**
 * Windowed aggregations computed from tiles of partial aggregates: events of a key are grouped into hop-sized
 * tiles, and a window {@code (t - w, t]} combines the whole tiles inside it with the raw events of the partial
 * tiles at its two ends, so a query costs (tiles per window + events of two tiles), not (events per window).
 */
package dev.ember.ml.features.window;
