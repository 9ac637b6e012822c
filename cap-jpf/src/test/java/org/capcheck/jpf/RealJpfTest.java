package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real Java PathFinder (jpf-core's java-17 branch, built): runs only when JPF_HOME is set. */
class RealJpfTest {
    @TempDir
    Path work;

    private static Path jpfHome() {
        String home = System.getenv("JPF_HOME");
        assumeTrue(home != null && !home.isEmpty(),
                "JPF_HOME is unset: skipping the tests against a real Java PathFinder "
                        + "(build jpf-core's java-17 branch and set JPF_HOME to run them)");
        return Paths.get(home);
    }

    private int launch(String harness) {
        StringWriter out = new StringWriter();
        int status = JpfLauncher.of(jpfHome(), harness).launch(work.resolve(harness), new PrintWriter(out, true),
                new PrintWriter(out, true));
        System.out.println(out);
        return status;
    }

    @Test
    void jpfFindsTheLostUpdate() {
        assertEquals(JpfLauncher.ERROR_FOUND, launch("racy-counter"));
    }

    @Test
    void jpfFindsNoErrorInTheAtomicCounter() {
        assertEquals(JpfLauncher.NO_ERRORS, launch("atomic-counter"));
    }
}
