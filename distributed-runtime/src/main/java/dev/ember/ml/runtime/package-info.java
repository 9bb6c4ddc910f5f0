/**
 * The cluster implementation of the runtime SPI (driver and executor JVMs over Aeron). Not implemented yet:
 * this module is reserved for it; until then Ember runs in-process only.
 */
package dev.ember.ml.runtime;
