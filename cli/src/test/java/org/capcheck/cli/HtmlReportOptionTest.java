package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --html FILE} on check (each model), replay and fuzz: the page is written with the run's figures,
 * and a path that cannot take it is refused with exit 2 before any work, as {@code --json} is.
 */
class HtmlReportOptionTest {
    /** Small local bounds in which DELETE_DROPS_FIRST_BADGED is found in a few steps. */
    private static final String[] LOCAL_BUG = {"--quick", "--mutant", "DELETE_DROPS_FIRST_BADGED", "--cnode-radix", "0", "--quiet",
        "--workers", "2"};

    @RegisterExtension
    final StandardStreams io = new StandardStreams();

    @TempDir
    Path dir;

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void checkOfTheLocalModelWritesThePageWithATreePerStepAndTheCaptraceBesideIt() throws Exception {
        Path html = dir.resolve("report.html");
        Path cex = dir.resolve("cex.jsonl");
        assertEquals(ExitStatus.FINDING, Main.run(with(with(new String[] {"check"}, LOCAL_BUG), "--html", html.toString(),
                "--captrace", cex.toString())), io.out() + io.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<svg class=\"tree\""), page);
        assertTrue(page.contains("<g class=\"node deleted\" data-id=\"root[21]\">"), page);
        assertTrue(page.contains("<li class=\"step violating\""), page);
        assertTrue(io.out().contains("HTML report: " + html), io.out());

        // The captrace replayed with the same bug: its page marks the line replay stopped at.
        Path replayHtml = dir.resolve("replay.html");
        io.reset();
        assertEquals(ExitStatus.FINDING, Main.run("replay", "--mutant", "DELETE_DROPS_FIRST_BADGED", "--html",
                replayHtml.toString(), cex.toString()), io.out() + io.err());
        String replayed = Files.readString(replayHtml);
        assertTrue(replayed.contains("<li class=\"step violating\""), replayed);
        assertTrue(replayed.contains("<g class=\"node deleted\" data-id=\"root[21]\">"), replayed);
    }

    @Test
    void checkOfTheOtherModelsWritesTheirPages() throws Exception {
        Path tpc = dir.resolve("tpc.html");
        assertEquals(ExitStatus.OK, Main.run("check", "two-phase-commit", "--rms", "2", "--quiet", "--html", tpc.toString()),
                io.out() + io.err());
        assertTrue(Files.readString(tpc).contains("class=\"verdict ok\""));
        Path mk = dir.resolve("mk.html");
        assertEquals(ExitStatus.FINDING, Main.run("check", "multikernel", "--protocol", "barrelfish", "--quiet",
                "--workers", "1", "--html", mk.toString(), "--json", dir.resolve("mk.json").toString()), io.out() + io.err());
        String page = Files.readString(mk);
        assertEquals(2, count(page, "<g class=\"lane\""), page);
        assertTrue(Files.exists(dir.resolve("mk.json.captrace2.jsonl")), "the model's files go beside the JSON report");
    }

    @Test
    void aPathThatCannotTakeThePageIsRefusedBeforeAnyWork() throws Exception {
        String missing = dir.resolve("no-such-dir").resolve("r.html").toString();
        assertEquals(ExitStatus.USAGE, Main.run(with(with(new String[] {"check"}, LOCAL_BUG), "--html", missing)));
        assertTrue(io.err().contains("--html") && io.err().contains("no such directory"), io.err());
        assertFalse(io.out().contains("Counterexample"), "nothing ran: " + io.out());

        Path same = dir.resolve("same");
        assertEquals(ExitStatus.USAGE, Main.run("check", "two-phase-commit", "--html", same.toString(), "--json",
                same.toString()));
        assertTrue(io.err().contains("same file"), io.err());
        assertEquals(ExitStatus.USAGE, Main.run("check", "--harness", "revoke", "--html", dir.resolve("h.html").toString()));
        assertTrue(io.err().contains("--html applies to models"), io.err());
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--ops", "10", "--html", dir.toString()));
        assertTrue(io.err().contains("is a directory"), io.err());
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--engine", "jazzer", "--html", dir.resolve("j.html").toString()));
        assertTrue(io.err().contains("--html applies to the random engine"), io.err());
    }

    @Test
    void replayRefusesToWriteThePageOverItsOwnInputAndEscapesAHostileFileName() throws Exception {
        Path cex = dir.resolve("<img src=x onerror=alert('x')>.jsonl");
        Files.writeString(cex, "{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": 5, \"untyped\": [{\"paddr\": 1048576, "
                + "\"size_bits\": 6, \"device\": false}], \"max_irq\": 31, \"fanout_limit\": 8}}\n");
        String before = Files.readString(cex);
        assertEquals(ExitStatus.USAGE, Main.run("replay", "--html", cex.toString(), cex.toString()));
        assertTrue(io.err().contains("--html would overwrite the trace being replayed"), io.err());
        assertEquals(before, Files.readString(cex), "the input is untouched");
        Path html = dir.resolve("r.html");
        assertEquals(ExitStatus.OK, Main.run("replay", "--quiet", "--html", html.toString(), cex.toString()), io.err());
        String page = Files.readString(html);
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(&#39;x&#39;)&gt;.jsonl"), page);
        assertTrue(page.contains("class=\"verdict ok\""), page);
        assertEquals("", io.out(), "--quiet prints nothing on standard output");
    }

    @Test
    void fuzzWritesTheCampaignsCharts() throws Exception {
        Path html = dir.resolve("fuzz.html");
        assertEquals(ExitStatus.OK, Main.run("fuzz", "--ops", "3000", "--out", dir.toString(), "-q", "--html",
                html.toString()), io.out() + io.err());
        String page = Files.readString(html);
        Matcher m = Pattern.compile("pairs hit: (\\d+) of").matcher(io.out());
        assertTrue(m.find(), io.out());
        assertEquals(Integer.parseInt(m.group(1)), count(page, "class=\"cell hit\""), "a hit cell per pair hit");
        assertEquals(10, count(page, "<g class=\"bar\""), "a bar per operation");
        assertTrue(page.contains("class=\"verdict ok\""), page);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
