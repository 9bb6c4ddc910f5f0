/**
 * Checks shared by every module's tests: the param contract of a stage ({@link dev.ember.ml.testkit.StageContract#checkParams}),
 * the save/load round-trip of stages and models, frame equality, and seeds that are printed.
 */
package dev.ember.ml.testkit;
