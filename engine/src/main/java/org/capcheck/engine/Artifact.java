package org.capcheck.engine;

import java.util.List;
import java.util.Objects;

/**
 * A file a model offers about a run ({@link Model#artifacts}): its lines, a default file name, and a
 * sentence for people that says what it is and how to use it.
 *
 * @param kind        a short name of the format, e.g. "captrace"; front ends let the user choose the path
 *                    per kind
 * @param defaultName the file name to use when the user chose none, e.g. "counterexample.captrace.jsonl"
 * @param lines       the file's lines
 * @param note        what to print once it is written; {@code %1$s} stands for the path
 */
public record Artifact(String kind, String defaultName, List<String> lines, String note) {
    public Artifact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultName, "defaultName");
        lines = List.copyOf(lines);
        Objects.requireNonNull(note, "note");
    }

    /** The note with {@code path} filled in. */
    public String noteFor(String path) {
        return String.format(java.util.Locale.ROOT, note, path);
    }
}
