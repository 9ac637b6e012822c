package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code capcheck check multikernel}: the model's verdicts, its message sequence and its files, and bad options. */
class MultikernelCheckTest {
    @RegisterExtension
    final StandardStreams io = new StandardStreams();

    @TempDir
    Path dir;

    @Test
    void ourProtocolHoldsOnTwoCores() {
        assertEquals(0, Main.run("check", "multikernel", "--cores", "2", "--ops", "1"), io.out() + io.err());
        assertTrue(io.out().contains("No violation"), io.out());
    }

    @Test
    void barrelfishsRetypeRaceIsFoundAndDrawnAsLanes() throws Exception {
        Path json = dir.resolve("r.json");
        assertEquals(1, Main.run("check", "--model", "multikernel", "--cores", "2", "--ops", "1", "--protocol",
                "barrelfish", "--json", json.toString()), io.out() + io.err());
        assertTrue(io.out().contains("one lane per core"), io.out());
        assertTrue(io.out().contains("core 0") || io.out().contains("core0") || io.out().contains("c0"), io.out());
        assertTrue(Files.exists(json));
        Path captrace = json.resolveSibling(json.getFileName() + ".captrace2.jsonl");
        assertTrue(Files.exists(captrace), io.out());
        assertTrue(Files.readString(captrace).startsWith("{\"captrace\": 2") || Files.readString(captrace)
                .startsWith("{\"captrace\":2"), Files.readString(captrace));
    }

    @Test
    void nonsenseIsRefusedNamingTheOption() {
        assertEquals(2, Main.run("check", "multikernel", "--protocol", "paxos"));
        assertTrue(io.err().contains("--protocol"), io.err());
        assertEquals(2, Main.run("check", "multikernel", "--cores", "9"));
    }
}
