package dev.ember.ml.core;

import java.util.List;

/**
 * A column that a stage, evaluator or expression needs is not in the frame. Names the column, who needed it and
 * the columns there are, so a typo or a stage left out of a pipeline shows at once:
 * {@code column 'lable' not found (LogisticRegression labelCol); the columns are [a, b, label]}.
 */
public class MissingColumnException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final List<String> available;

    /**
     * @param column the missing column
     * @param available the columns the frame has
     */
    public MissingColumnException(String column, List<String> available) {
        this(column, available, "column '" + column + "' not found; the columns are " + available);
    }

    /**
     * @param column the missing column
     * @param available the columns the frame has
     * @param message the whole message (naming who needed the column)
     */
    public MissingColumnException(String column, List<String> available, String message) {
        super(message);
        this.column = column;
        this.available = List.copyOf(available);
    }

    /** @return the missing column */
    public String column() {
        return column;
    }

    /** @return the columns the frame has */
    public List<String> available() {
        return available;
    }
}
