/** The {@code features.yaml} repository format: entities and feature views as YAML, read into definitions. */
package dev.ember.ml.features.yaml;
