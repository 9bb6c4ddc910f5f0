package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.InvalidArgumentException;

import java.util.List;

/** A sweep file that does not validate: every problem, each with its key path, what was found and the line. */
public final class SweepSpecException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** @param problems the problems, one line each */
    public SweepSpecException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one line each */
    public List<String> problems() {
        return problems;
    }
}
