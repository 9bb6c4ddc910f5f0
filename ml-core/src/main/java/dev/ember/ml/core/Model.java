package dev.ember.ml.core;

/** A fitted transformer. Only its estimator builds it; it records how it was made. */
public interface Model extends Transformer {

    /** @return params, training-data fingerprint, seed, versions and timings of the fit that made this model */
    Provenance provenance();
}
