package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.capcheck.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chosenObligationsAreProvedOneRowEachWithJsonAndProgress() throws Exception {
        Path json = dir.resolve("proofs.json");
        int status = Main.run("prove", "--obligation", "boot/valid_cap", "CNode_Copy/ut_revocable",
                "--obligation", "functional/copy_within_parent", "--json", json.toString());
        assertEquals(0, status, out() + err());
        assertTrue(out().contains("boot/valid_cap"), out());
        assertTrue(out().contains("CNode_Copy/ut_revocable"), out());
        assertTrue(out().contains("3 obligations"), out());
        assertTrue(err().contains("[3/3]"), err());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(Boolean.TRUE, report.get("all_proved"));
        assertEquals(3, ((List<?>) report.get("obligations")).size());
    }

    @Test
    void anUnknownObligationIsBadUsageAndListsTheNames() {
        int status = Main.run("prove", "--obligation", "CNode_Copy/no_such_invariant");
        assertEquals(2, status);
        assertTrue(err().contains("no_such_invariant"), err());
        assertTrue(err().contains("CNode_Revoke/untyped_inc"), err());
        assertFalse(out().contains("obligations:"), out());
    }

    @Test
    void aBadTimeoutIsBadUsage() {
        assertEquals(2, Main.run("prove", "--timeout-per", "0"));
        assertTrue(err().contains("--timeout-per"), err());
        assertEquals(2, Main.run("prove", "--timeout-per", "soon"));
    }

    @Test
    void anUnwritableJsonFileIsRefusedBeforeAnythingIsProved() {
        int status = Main.run("prove", "--json", dir.resolve("missing/dir/x.json").toString());
        assertEquals(2, status);
        assertTrue(err().contains("cannot write the JSON report"), err());
        assertFalse(err().contains("[1/"), err());
        assertEquals(2, Main.run("prove", "--json", dir.toString()));
    }
}
