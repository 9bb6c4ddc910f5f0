/**
 * The {@code ember} command line. Not implemented yet: this module is reserved for it.
 */
package dev.ember.ml.cli;
