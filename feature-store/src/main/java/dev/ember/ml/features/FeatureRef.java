package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * A reference to one feature of a view, written {@code view:feature} (as Feast's feature references).
 *
 * @param view the view's name
 * @param feature the feature's name
 */
public record FeatureRef(String view, String feature) {
    /**
     * @param ref {@code view:feature}
     * @return the reference
     * @throws InvalidArgumentException if the text is not of that form
     */
    public static FeatureRef parse(String ref) {
        int c = ref == null ? -1 : ref.indexOf(':');
        if (c <= 0 || c == ref.length() - 1 || ref.indexOf(':', c + 1) >= 0) {
            throw new InvalidArgumentException("feature reference: found '" + ref + "', expected view:feature");
        }
        return new FeatureRef(ref.substring(0, c).trim(), ref.substring(c + 1).trim());
    }

    @Override
    public String toString() {
        return view + ":" + feature;
    }
}
