package dev.charter.agent.policy;

/**
 * A policy that cannot be used: unreadable, not YAML, or not a valid Charter policy.
 *
 * <p>The message is one line, {@code file:line:column: problem}, or {@code file: problem} when no
 * position applies (for example, a file that cannot be read). Lines and columns count from 1.
 */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    PolicyException(String file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    PolicyException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = 0;
        this.column = 0;
        this.problem = problem;
    }

    /** The policy file's name, as it was given to {@link Policy#load} or {@link Policy#parse}. */
    public String file() {
        return file;
    }

    /** The line of the problem, counting from 1, or 0 when no position applies. */
    public int line() {
        return line;
    }

    /** The column of the problem, counting from 1, or 0 when no position applies. */
    public int column() {
        return column;
    }

    /** What is wrong, without the file and position. */
    public String problem() {
        return problem;
    }
}
