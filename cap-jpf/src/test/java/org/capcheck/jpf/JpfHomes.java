package org.capcheck.jpf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the tests find a real Java PathFinder: JPF_HOME if set, else the stock jpf-core build beside the
 * project ({@code ../shared/tools/jpf-core} from the project root, the directory holding the
 * {@code capcheck} launcher). Null when neither exists; tests then skip with a message.
 */
public final class JpfHomes {
    /** From the project root. */
    public static final String PROVIDED = "../shared/tools/jpf-core";

    private JpfHomes() {
    }

    public static Path find() {
        String env = System.getenv("JPF_HOME");
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("capcheck")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                Path home = dir.resolve(PROVIDED).normalize();
                return JpfLauncher.checkHome(home) == null ? home : null;
            }
        }
        return null;
    }

    /** The message of a skipped test. */
    public static String missing() {
        return "no Java PathFinder: JPF_HOME is unset and " + PROVIDED + " (from the project root) has no "
                + JpfLauncher.RUN_JPF + "; skipping the tests under a real JPF";
    }
}
