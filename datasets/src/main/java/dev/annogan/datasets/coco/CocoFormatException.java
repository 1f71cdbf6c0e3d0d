package dev.annogan.datasets.coco;

import java.io.IOException;
import java.util.List;

/**
 * Thrown when a COCO file (dataset or results) is malformed or inconsistent. The message names the
 * file, the record and the field; {@link #problems()} lists every problem found so far.
 */
public class CocoFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient List<CocoProblem> problems;

    /** Creates an exception for one problem. */
    public CocoFormatException(CocoProblem problem) {
        this(List.of(problem), null);
    }

    /** Creates an exception for the given problems (at least one), with an optional cause. */
    public CocoFormatException(List<CocoProblem> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems, the first of which is the message. */
    public List<CocoProblem> problems() {
        return problems;
    }

    private static String message(List<CocoProblem> problems) {
        String first = problems.get(0).toString();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
