package org.capcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.report.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports in a real browser: Debian's chromium, when installed (.ci/run installs it), loads generated
 * pages headlessly from files, with no network; the DOM it dumps after rendering must hold the figures
 * (tree nodes, the marks of the changed caps, one lane per core) and no script, and its screenshot must
 * be a picture with the page's colours in it. Without chromium the tests skip, saying why.
 */
class BrowserReportTest {
    static final Path CHROMIUM = Path.of(System.getProperty("capcheck.chromium", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + ": browser tests skipped "
                + "(apt-get install chromium, as .ci/run does)");
    }

    /** Runs chromium headless on {@code page} with {@code what} ({@code --dump-dom}, {@code --screenshot=...}). */
    static String chromium(Path page, String... what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(what));
        command.add(page.toUri().toString());
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "chromium did not finish in " + TIMEOUT_SECONDS + " s");
        } finally {
            p.destroyForcibly();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        assertEquals(0, p.exitValue(), "chromium's exit status");
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    static Path write(String name, String html) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aLocalCounterexampleRendersItsTreesAndMarksAndScreenshotsAsAPicture() throws Exception {
        Path page = write("local.html", CheckReportPage.render("local", Fixtures.local(), Fixtures.localReport()));
        String dom = chromium(page, "--dump-dom");
        int states = Fixtures.localReport().violations().get(0).trace().steps().size();
        assertEquals(states, ReportPagesTest.DiagramsTestCount.count(dom, "<svg class=\"tree\""), "a tree per state");
        assertTrue(ReportPagesTest.DiagramsTestCount.count(dom, "<g class=\"node") >= 5 * states, dom);
        assertTrue(dom.contains("<g class=\"node deleted\" data-id=\"root[21]\">"), "the deleted cap is marked");
        assertTrue(dom.contains("<g class=\"node changed\" data-id=\"root[22]\">"), "the changed cap is marked");
        assertTrue(dom.contains("<g class=\"node added\""), "added caps are marked");
        assertTrue(dom.contains("id=\"verdict\">violation found</span>"), dom);

        Path png = dir.resolve("local.png");
        // Tall enough to hold the properties table (one row per (operation, error) goal) and the first trees.
        chromium(page, "--screenshot=" + png, "--window-size=1200,6000", "--hide-scrollbars");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "a PNG that decodes");
        assertEquals(1200, image.getWidth());
        assertEquals(6000, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.size() > 50, "a page of text and figures, not a blank: " + colours.size() + " colours");
        assertTrue(colours.contains(0xB42318), "the verdict badge is drawn in the finding's red");
        assertTrue(colours.contains(0xDCF5E3), "an added cap's box is drawn in the added green");
    }

    @Test
    void aMultikernelCounterexampleRendersOneLanePerCore() throws Exception {
        MultikernelModel mk = Fixtures.multikernel();
        Path page = write("multikernel.html", CheckReportPage.render("multikernel", mk, Fixtures.multikernelReport()));
        String dom = chromium(page, "--dump-dom");
        assertEquals(mk.cores(), ReportPagesTest.DiagramsTestCount.count(dom, "<g class=\"lane\""), dom);
        assertTrue(dom.contains("<line class=\"message\""), "a delivered message is an arrow");
        assertTrue(dom.contains("<g class=\"event changed\""), "the last step is marked");
    }

    @Test
    void hostileNamesStayTextInTheBrowser() throws Exception {
        String hostile = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        Path page = write("hostile.html", new HtmlPage(hostile).heading(1, hostile).steps().step(1, hostile, true)
                .table("t", List.of(hostile), List.of(List.of(hostile))).end().end().render());
        String dom = chromium(page, "--dump-dom");
        assertFalse(dom.contains("<script"), dom);
        assertFalse(dom.contains("<img"), dom);
        assertFalse(dom.contains("pwned</title>") && !dom.contains("&lt;script&gt;document.title"), dom);
        assertTrue(dom.contains("<h1>&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h1>"),
                dom);
    }
}
