package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.capcheck.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {
    @RegisterExtension
    final StandardStreams io = new StandardStreams();
    @TempDir
    Path dir;

    @Test
    void chosenObligationsAreProvedOneRowEachWithJsonAndProgress() throws Exception {
        Path json = dir.resolve("proofs.json");
        int status = Main.run("prove", "--obligation", "boot/valid_cap", "CNode_Copy/ut_revocable",
                "--obligation", "functional/copy_within_parent", "--json", json.toString());
        assertEquals(0, status, io.out() + io.err());
        assertTrue(io.out().contains("boot/valid_cap"), io.out());
        assertTrue(io.out().contains("CNode_Copy/ut_revocable"), io.out());
        assertTrue(io.out().contains("3 obligations"), io.out());
        assertTrue(io.err().contains("[3/3]"), io.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(Boolean.TRUE, report.get("all_proved"));
        assertEquals(3, ((List<?>) report.get("obligations")).size());
    }

    @Test
    void anUnknownObligationIsBadUsageAndListsTheNames() {
        int status = Main.run("prove", "--obligation", "CNode_Copy/no_such_invariant");
        assertEquals(2, status);
        assertTrue(io.err().contains("no_such_invariant"), io.err());
        assertTrue(io.err().contains("CNode_Revoke/untyped_inc"), io.err());
        assertFalse(io.out().contains("obligations:"), io.out());
    }

    @Test
    void aBadTimeoutIsBadUsage() {
        assertEquals(2, Main.run("prove", "--timeout-per", "0"));
        assertTrue(io.err().contains("--timeout-per"), io.err());
        assertEquals(2, Main.run("prove", "--timeout-per", "soon"));
    }

    @Test
    void anUnwritableJsonFileIsRefusedBeforeAnythingIsProved() {
        int status = Main.run("prove", "--json", dir.resolve("missing/dir/x.json").toString());
        assertEquals(2, status);
        assertTrue(io.err().contains("cannot write the JSON report"), io.err());
        assertFalse(io.err().contains("[1/"), io.err());
        assertEquals(2, Main.run("prove", "--json", dir.toString()));
    }
}
