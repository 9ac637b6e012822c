package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capcheck check multikernel}: the model's verdicts, its message sequence and its files, and bad options. */
class MultikernelCheckTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @TempDir
    Path dir;

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

    @Test
    void ourProtocolHoldsOnTwoCores() {
        assertEquals(0, Main.run("check", "multikernel", "--cores", "2", "--ops", "1"), out() + err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("No violation"), out());
    }

    @Test
    void barrelfishsRetypeRaceIsFoundAndDrawnAsLanes() throws Exception {
        Path json = dir.resolve("r.json");
        assertEquals(1, Main.run("check", "--model", "multikernel", "--cores", "2", "--ops", "1", "--protocol",
                "barrelfish", "--json", json.toString()), out() + err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("one lane per core"), out());
        assertTrue(out().contains("core 0") || out().contains("core0") || out().contains("c0"), out());
        assertTrue(Files.exists(json));
        Path captrace = json.resolveSibling(json.getFileName() + ".captrace2.jsonl");
        assertTrue(Files.exists(captrace), out());
        assertTrue(Files.readString(captrace).startsWith("{\"captrace\": 2") || Files.readString(captrace)
                .startsWith("{\"captrace\":2"), Files.readString(captrace));
    }

    @Test
    void nonsenseIsRefusedNamingTheOption() {
        assertEquals(2, Main.run("check", "multikernel", "--protocol", "paxos"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--protocol"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, Main.run("check", "multikernel", "--cores", "9"));
    }
}
