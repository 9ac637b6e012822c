package org.capcheck.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * An always property (or deadlock freedom) that failed, with the trace that leads to the failing state.
 * For {@value Checker#NO_STEP_THROWS} the trace leads to the state the throwing step was taken from, and
 * the violation names that step's action and what it threw: the counterexample is one step longer than
 * the trace.
 */
public final class Violation<S, A> {
    private final String property;
    private final Trace<S, A> trace;
    private final String failedAction;
    private final A failedStep;
    private final Throwable thrown;
    private List<String> explanation = List.of();

    Violation(String property, Trace<S, A> trace) {
        this(property, trace, null, null, null);
    }

    Violation(String property, Trace<S, A> trace, A failedStep, String failedAction, Throwable thrown) {
        this.property = property;
        this.trace = trace;
        this.failedStep = failedStep;
        this.failedAction = failedAction;
        this.thrown = thrown;
    }

    /**
     * The counterexample's actions: the trace's, then the action whose step threw, if any (so that a
     * model exporting the counterexample, as captrace say, includes the step that fails).
     */
    public java.util.List<A> actions() {
        java.util.List<A> actions = new java.util.ArrayList<>(trace.actions());
        if (failedStep != null) {
            actions.add(failedStep);
        }
        return actions;
    }

    /** The property's name ({@value Exploration#DEADLOCK_FREE} for a deadlock). */
    public String property() {
        return property;
    }

    public Trace<S, A> trace() {
        return trace;
    }

    /** The model's explanation of the violation ({@link Model#explain}); empty when it gives none. */
    public List<String> explanation() {
        return explanation;
    }

    void explanation(List<String> lines) {
        explanation = List.copyOf(lines);
    }

    /** What the last step threw, for {@value Checker#NO_STEP_THROWS}; null otherwise. */
    public Throwable thrown() {
        return thrown;
    }

    /** The action of the step that threw, as the model names it; null when none (or listing actions threw). */
    public String failedAction() {
        return failedAction;
    }

    /** The counterexample's step count: the trace's, plus the throwing step if there is one. */
    public int steps() {
        return trace.length() + (thrown != null && failedAction != null ? 1 : 0);
    }

    /** The exception as one line: its class's simple name and message. */
    public String thrownLine() {
        if (thrown == null) {
            return null;
        }
        return thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
    }

    /** The exception's stack, for {@code --debug}; null when nothing was thrown. */
    public String thrownStack() {
        if (thrown == null) {
            return null;
        }
        StringWriter s = new StringWriter();
        thrown.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    /** The counterexample for people: the trace, then the step that threw, if any. */
    public String toText() {
        String text = trace.toText();
        if (thrown == null) {
            StringBuilder b = new StringBuilder(text);
            for (String line : explanation) {
                b.append(line).append('\n');
            }
            return b.toString();
        }
        if (failedAction == null) {
            return text + "Listing the actions of state " + trace.length() + " threw " + thrownLine() + "\n";
        }
        return text + "Step " + steps() + ", " + failedAction + ", threw " + thrownLine() + "\n";
    }
}
