package dev.ember.ml.core;

/**
 * A param value that its validator refuses, or a param that does not belong to the stage it was set on. Names
 * the stage (when known), the param, the value found and what is allowed:
 * {@code LogisticRegression: param maxIter: found -1, expected >= 0}.
 */
public class InvalidParamException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private final String param;
    private final String value;
    private final String expected;

    /**
     * @param stage the stage's class name or uid, or null when the param is checked on its own
     * @param param the param's name
     * @param value the value found, formatted
     * @param expected what is allowed ("&gt;= 0", "one of [auto, binomial, multinomial]")
     */
    public InvalidParamException(String stage, String param, String value, String expected) {
        this(stage, param, value, expected, (stage == null ? "" : stage + ": ") + "param " + param + ": found "
            + value + ", expected " + expected);
    }

    /**
     * @param stage the stage's class name or uid, or null
     * @param param the param's name
     * @param value the value found, formatted
     * @param expected what is allowed
     * @param message the whole message, for cases the standard one does not say well
     */
    public InvalidParamException(String stage, String param, String value, String expected, String message) {
        super(message);
        this.stage = stage;
        this.param = param;
        this.value = value;
        this.expected = expected;
    }

    /**
     * @param stage the stage's class name or uid
     * @return the same error naming the stage (the param's validator does not know it)
     */
    public InvalidParamException onStage(String stage) {
        if (this.stage != null) {
            return this;
        }
        InvalidParamException e = new InvalidParamException(stage, param, value, expected,
            stage + ": " + getMessage());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** @return the stage's class name or uid, or null when not known */
    public String stage() {
        return stage;
    }

    /** @return the param's name */
    public String param() {
        return param;
    }

    /** @return the value found, formatted */
    public String value() {
        return value;
    }

    /** @return what is allowed */
    public String expected() {
        return expected;
    }
}
