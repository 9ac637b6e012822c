package org.capcheck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file the command will write (a JSON report, a captrace counterexample), checked before any work is
 * done: a run of an hour must not end in an error because its report cannot be written. {@code -}
 * stands for standard output.
 */
final class OutputPath {
    /** The name that means standard output. */
    static final String STDOUT = "-";

    private OutputPath() {
    }

    static boolean isStdout(Path path) {
        return path != null && STDOUT.equals(path.toString());
    }

    /**
     * Why {@code path} cannot be written, in words that name it ({@code what} says which output it is,
     * e.g. "--json"), or null when it can. Checks without leaving a trace: an existing file is not
     * changed, a new one is created and removed again, and a device is probed with one byte only when
     * it is not a regular file (so {@code /dev/full} is refused and {@code /dev/null} accepted).
     */
    static String problem(String what, Path path) {
        if (path == null || isStdout(path)) {
            return null;
        }
        String shown = "'" + path + "'";
        if (path.toString().isBlank()) {
            return what + ": the file name is empty (use - for standard output)";
        }
        if (Files.isDirectory(path)) {
            return what + ": " + shown + " is a directory, not a file";
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return what + ": cannot write " + shown + ": no such directory '" + parent + "'";
        }
        if (Files.exists(path)) {
            if (!Files.isWritable(path)) {
                return what + ": cannot write " + shown + ": permission denied";
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path)) {
                try (OutputStream probe = Files.newOutputStream(path)) {
                    probe.write('\n');
                    probe.flush();
                } catch (IOException e) {
                    return what + ": cannot write " + shown + ": " + e.getMessage();
                }
            }
            return null;
        }
        try {
            Files.createFile(path);
            Files.delete(path);
        } catch (IOException e) {
            return what + ": cannot write " + shown + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage());
        }
        return null;
    }

    /** Whether two outputs name the same file ({@code -} twice included), so one would overwrite the other. */
    static boolean same(Path a, Path b) {
        if (a == null || b == null) {
            return false;
        }
        if (isStdout(a) || isStdout(b)) {
            return isStdout(a) && isStdout(b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
