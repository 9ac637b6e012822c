package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --html FILE} report of check, replay and fuzz: checked before the run like {@code --json}
 * (a long run must not end unable to write it), then written once the run is over. Standard output
 * ({@code -}) takes the page too.
 */
final class HtmlOutput {
    private HtmlOutput() {
    }

    /** Why {@code html} cannot take the report (or null): unwritable, or the same file as another output. */
    static String problem(Path html, Path... others) {
        String bad = OutputPath.problem("--html", html);
        if (bad != null) {
            return bad;
        }
        for (Path other : others) {
            if (OutputPath.same(html, other)) {
                return "--html names the same file as another output ('" + html + "'): one would overwrite the other";
            }
        }
        return null;
    }

    /** {@link #problem}, and whether {@code html} would overwrite {@code input}, the file the command reads. */
    static String problemBeside(Path html, Path input, Path... others) {
        if (OutputPath.same(html, input)) {
            return "--html would overwrite the trace being replayed ('" + input + "')";
        }
        return problem(html, others);
    }

    /** {@link #problem} as a usage error of {@code command}. */
    static void checkBefore(CommandSpec command, Path html, Path... others) {
        String bad = problem(html, others);
        if (bad != null) {
            throw CheckCommand.usage(command, bad);
        }
    }

    /** A path the user gave as text, or null when it is none or names no path (its own check reports that). */
    static Path pathOrNull(String path) {
        try {
            return path == null ? null : Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * Writes the page {@code page} renders to {@code html} (nothing when null; {@code out} for {@code -}) and
     * says where on {@code note} (null: silently). Returns false, with the reason on {@code err}, when it
     * could not be drawn or written.
     */
    static boolean write(Path html, Supplier<String> page, PrintWriter out, PrintWriter note, PrintWriter err) {
        if (html == null) {
            return true;
        }
        String text;
        try {
            text = page.get();
        } catch (RuntimeException e) {
            err.println("capcheck: cannot draw the HTML report: " + e);
            err.flush();
            return false;
        }
        if (OutputPath.isStdout(html)) {
            out.print(text);
            out.flush();
            return true;
        }
        try {
            Files.writeString(html, text, StandardCharsets.UTF_8);
            if (note != null) {
                note.println("HTML report: " + html);
                note.flush();
            }
            return true;
        } catch (IOException e) {
            err.println("capcheck: cannot write the HTML report to '" + html + "': " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
