package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A setting of the checker or of a model that makes no run, naming the setting as the API spells it
 * ({@code maxDepth}, {@code rms}, {@code untypedBits}), so that a front end can say which of its own
 * flags or fields is at fault: {@link #message(UnaryOperator)} renames each setting.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** One thing wrong: the setting and what is wrong with it ("must be 1 to 15, not 0", ": 2 is not ..."). */
    public record Problem(String setting, String detail) {
        String text(UnaryOperator<String> rename) {
            return rename.apply(setting) + (detail.startsWith(":") ? "" : " ") + detail;
        }
    }

    private final transient List<Problem> problems;

    public SettingException(String setting, String detail) {
        this(List.of(new Problem(setting, detail)));
    }

    public SettingException(List<Problem> problems) {
        super(join(problems, UnaryOperator.identity()));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SettingException needs a problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first setting at fault. */
    public String setting() {
        return problems.get(0).setting();
    }

    /** The message with each setting renamed, e.g. {@code maxDepth} to {@code --max-depth}. */
    public String message(UnaryOperator<String> rename) {
        return join(problems, rename);
    }

    private static String join(List<Problem> problems, UnaryOperator<String> rename) {
        List<String> parts = new ArrayList<>();
        for (Problem p : problems) {
            parts.add(p.text(rename));
        }
        return String.join("; ", parts);
    }
}
