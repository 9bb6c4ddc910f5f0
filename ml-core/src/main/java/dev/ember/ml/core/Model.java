package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;

/** A fitted transformer. Only its estimator builds it; it records how it was made. */
@CheckReturnValue
public interface Model extends Transformer {

    /** @return params, training-data fingerprint, seed, versions and timings of the fit that made this model */
    Provenance provenance();
}
