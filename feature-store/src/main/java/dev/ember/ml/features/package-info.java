/**
 * The feature store (entities, feature views, point-in-time joins, scheduled materialization). Not implemented
 * yet: this module is reserved for it.
 */
package dev.ember.ml.features;
