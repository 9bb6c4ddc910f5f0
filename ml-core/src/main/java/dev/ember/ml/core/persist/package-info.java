/**
 * The saved-stage format: a directory with versioned {@code metadata.json}, arrays as numpy {@code .npy} files
 * and child stages in subdirectories. Loading only instantiates classes registered by a
 * {@link dev.ember.ml.core.persist.StageProvider}; there is no Java serialization.
 */
package dev.ember.ml.core.persist;
