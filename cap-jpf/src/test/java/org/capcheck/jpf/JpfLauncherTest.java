package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpfLauncherTest {
    @TempDir
    static Path shared;
    static Path home;

    @BeforeAll
    static void fakeHome() throws IOException {
        home = FakeJpf.create(shared);
    }

    private static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void propertiesNameTheTargetHarnessClasspathAndSearch() throws IOException {
        String text = JpfLauncher.of(home, "cap-revoke").properties();
        Properties p = parse(text);
        assertEquals("org.capcheck.jpf.JpfMain", p.getProperty("target"));
        assertEquals("cap-revoke", p.getProperty("target.args"));
        assertEquals("gov.nasa.jpf.search.DFSearch", p.getProperty("search.class"));
        // Stock JPF cannot run search.match_depth (docs/jpf.md); only settings it handles are written.
        assertNull(p.getProperty("search.match_depth"));
        assertEquals(JpfLauncher.LISTENER, p.getProperty("listener"));
        assertEquals(JpfProgressListener.class.getName(), JpfLauncher.LISTENER);
        assertTrue(p.getProperty("native_classpath+").contains(p.getProperty("classpath")),
                "the listener's classes are on JPF's native classpath: " + text);
        assertEquals("false", p.getProperty("search.multiple_errors"));
        // JPF's garbage collection after every transition is skipped (JPF matches what is reachable).
        assertEquals("false", p.getProperty("vm.gc"));
        assertTrue(p.getProperty("search.properties").contains("gov.nasa.jpf.vm.NoUncaughtExceptionsProperty"));
        assertNull(p.getProperty("search.depth_limit"), "no depth limit unless asked for");
        assertNull(p.getProperty("budget.max_time"), "no budget unless a timeout is given");
        // The classpath: where capcheck's classes came from (cap-model and cap-core), never the Verify stub.
        List<String> cp = List.of(p.getProperty("classpath").split(";"));
        assertEquals(JpfLauncher.defaultClasspath().size(), cp.size());
        for (String entry : cp) {
            assertTrue(Files.exists(Paths.get(entry)), entry);
            assertFalse(entry.contains("jpf-stub"), "the Verify stub must not reach JPF: " + entry);
        }
        assertTrue(cp.stream().anyMatch(e -> Files.exists(Paths.get(e, "org/capcheck/jpf/JpfMain.class"))
                || e.endsWith(".jar")), "cap-model's classes are on the classpath: " + cp);
    }

    @Test
    void boundsBecomeJpfSettings() throws IOException {
        Properties p = parse(JpfLauncher.of(home, "racy-counter").depthLimit(40).timeoutSeconds(90L).properties());
        assertEquals("40", p.getProperty("search.depth_limit"));
        assertEquals("gov.nasa.jpf.listener.BudgetChecker," + JpfLauncher.LISTENER, p.getProperty("listener"));
        assertEquals("90000", p.getProperty("budget.max_time"));
    }

    @Test
    void valuesAreEscapedForPropertiesFiles() throws IOException {
        Path odd = Paths.get("/tmp/a dir/x=y:z#1.jar");
        Properties p = parse(JpfLauncher.of(home, "cap-revoke").classpath(List.of(odd, Paths.get("/b"))).properties());
        assertEquals(odd + ";/b", p.getProperty("classpath"));
    }

    @Test
    void commandRunsRunJpfJarOnTheFileWithJdk17Options() {
        Path file = Paths.get("/work/x/cap-revoke.jpf");
        List<String> cmd = JpfLauncher.of(home, "cap-revoke").java(Paths.get("/opt/jdk/bin/java")).command(file);
        assertEquals("/opt/jdk/bin/java", cmd.get(0));
        int jar = cmd.indexOf("-jar");
        assertEquals(home.resolve("build/RunJPF.jar").toString(), cmd.get(jar + 1));
        assertEquals(file.toString(), cmd.get(cmd.size() - 1));
        assertEquals(jar + 3, cmd.size(), "nothing after the .jpf file");
        assertTrue(cmd.subList(1, jar).containsAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED")));
        assertTrue(cmd.contains("-Xmx1024m"), "the default heap: " + cmd);
        List<String> big = JpfLauncher.of(home, "cap-revoke").heap("3g").command(file);
        assertTrue(big.contains("-Xmx3g") && !big.contains("-Xmx1024m"), big.toString());
    }

    @Test
    void heapSizesAreChecked() {
        for (String good : List.of("512m", "4g", "2048M", "900000k", "1073741824")) {
            assertNull(JpfLauncher.checkHeap(good), good);
        }
        for (String bad : List.of("", "4 g", "-1g", "0m", "4gb", "lots")) {
            assertNotNull(JpfLauncher.checkHeap(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> JpfLauncher.of(home, "cap-revoke").heap("4gb"));
    }

    @Test
    void listenerLinesBecomeProgressCountsAndChoices() {
        JpfLauncher.OutcomeScanner s = new JpfLauncher.OutcomeScanner();
        assertEquals("progress 5.0 136 412 7 12", s.accept("capcheck-jpf progress 5.0 136 412 7 12"));
        assertEquals("progress: 5s, 136 new JPF states, 412 revisited, depth 7 (max 12), 110 states/s",
                JpfLauncher.progressLine("progress 5.0 136 412 7 12"));
        assertEquals(136, s.newStates);
        assertEquals(12, s.maxDepth);
        assertEquals("choices 0,1,2", s.accept("capcheck-jpf choices 0,1,2"));
        assertNull(s.accept("====================================================== results"));
        s.accept("error #1: gov.nasa.jpf.vm.NoUncaughtExceptionsProperty \"java.lang.AssertionError: x\"");
        s.accept("states:             new=287,visited=858,backtracked=1145,end=0");
        s.accept("search:             maxDepth=11,constraints=0");
        assertEquals(JpfLauncher.ERROR_FOUND, s.status());
        assertArrayEquals(new int[] {0, 1, 2}, s.choices);
        assertEquals("gov.nasa.jpf.vm.NoUncaughtExceptionsProperty \"java.lang.AssertionError: x\"", s.error);
        assertEquals(287, s.newStates, "JPF's final statistics win over the last progress line");
        assertEquals(858, s.visitedStates);
        assertEquals(11, s.maxDepth);
        assertEquals("timeout", JpfLauncher.constraintReason("max time exceeded: 00:00:01 >= 00:00:01"));
        assertEquals("max-depth", JpfLauncher.constraintReason("depth limit reached: 5"));
    }

    @Test
    void badHomeIsReported() throws IOException {
        assertNotNull(JpfLauncher.checkHome(null));
        Path empty = Files.createDirectories(shared.resolve("empty-home"));
        String problem = JpfLauncher.checkHome(empty);
        assertTrue(problem.contains("build/RunJPF.jar"), problem);
        assertNull(JpfLauncher.checkHome(home));
        StringWriter err = new StringWriter();
        int status = JpfLauncher.of(empty, "cap-revoke").launch(shared.resolve("w0"), new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(JpfLauncher.BAD_HOME, status);
        assertTrue(err.toString().contains("has no build/RunJPF.jar"), err.toString());
    }

    private static int launch(String harness, Path work, StringWriter out) {
        return JpfLauncher.of(home, harness).launch(work, new PrintWriter(out, true), new PrintWriter(out, true));
    }

    @Test
    void launchWritesTheFileRunsTheFakeJpfAndMapsNoErrorsToZero() throws IOException {
        Path work = shared.resolve("w1");
        StringWriter out = new StringWriter();
        assertEquals(JpfLauncher.NO_ERRORS, launch("cap-revoke", work, out));
        assertTrue(out.toString().contains("no errors detected"), "JPF's output is forwarded: " + out);
        String record = FakeJpf.record(home);
        Path jpf = work.resolve("cap-revoke.jpf");
        assertTrue(record.startsWith("args=" + jpf.toAbsolutePath() + "\n"), record);
        assertTrue(record.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), record);
        assertTrue(record.contains("cwd=" + work.toAbsolutePath()), record);
        assertTrue(record.endsWith(Files.readString(jpf)), "the fake read the generated file");
        assertTrue(record.contains("target.args = cap-revoke\n"), record);
    }

    @Test
    void anErrorMapsToOneAConstraintToThreeAndNoReportToFour() {
        StringWriter out = new StringWriter();
        assertEquals(JpfLauncher.ERROR_FOUND, launch("racy-counter", shared.resolve("w2"), out));
        assertTrue(out.toString().contains("error #1"), out.toString());
        out = new StringWriter();
        assertEquals(JpfLauncher.INCOMPLETE, launch("cap-revoke-deep", shared.resolve("w3"), out));
        out = new StringWriter();
        assertEquals(JpfLauncher.FAILED, launch("cap-revoke-mutant", shared.resolve("w4"), out));
        assertTrue(out.toString().contains("JPF configuration error"), out.toString());
        assertTrue(out.toString().contains("did not report a result"), out.toString());
    }

    @Test
    void scannerOnlyCountsErrorsInTheResultsSection() {
        JpfLauncher.OutcomeScanner s = new JpfLauncher.OutcomeScanner();
        s.accept("error #3 is what my program prints");
        s.accept("");
        s.accept("====================================================== results");
        s.accept("no errors detected");
        assertEquals(JpfLauncher.NO_ERRORS, s.status());
    }
}
