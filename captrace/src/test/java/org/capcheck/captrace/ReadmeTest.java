package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the README tells a user to do works in an ordinary clone: its links name files of the
 * repository, the Maven coordinates it gives are the modules' own, and its replay snippet for a kernel's
 * CI passes on the shipped example trace.
 */
class ReadmeTest {
    private static final Path ROOT = projectRoot();

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        return p;
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void everyRelativeLinkNamesAFileOrDirectoryInTheClone() throws IOException {
        Matcher m = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)").matcher(readme());
        List<String> broken = new ArrayList<>();
        int links = 0;
        while (m.find()) {
            String target = m.group(1);
            if (target.contains("://")) {
                continue;
            }
            links++;
            if (!Files.exists(ROOT.resolve(target))) {
                broken.add(target);
            }
        }
        assertTrue(links >= 5, "the README links to its docs");
        assertEquals(List.of(), broken, "README links that name nothing in the clone");
        assertFalse(readme().contains("](../"), "a link that leaves the repository breaks in an ordinary clone");
    }

    @Test
    void theMavenCoordinatesAreTheModulesOwn() throws IOException {
        String parentPom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher v = Pattern.compile("<artifactId>capcheck-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parentPom);
        assertTrue(v.find(), "the parent pom's version");
        String version = v.group(1);
        Matcher dep = Pattern.compile("<groupId>org\\.capcheck</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*"
                + "<version>([^<]+)</version>").matcher(readme());
        List<String> named = new ArrayList<>();
        while (dep.find()) {
            named.add(dep.group(1));
            assertEquals(version, dep.group(2), dep.group(1) + "'s version in the README");
            assertTrue(moduleArtifacts().contains(dep.group(1)), dep.group(1) + " is not a module's artifactId: "
                    + moduleArtifacts());
        }
        assertTrue(named.contains("cap-core") && named.contains("captrace"), "the README shows how to depend on "
                + "cap-core alone and on captrace alone: " + named);
    }

    /** The artifactId of every module the parent pom lists. */
    private static List<String> moduleArtifacts() throws IOException {
        Matcher mod = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> ids = new ArrayList<>();
        while (mod.find()) {
            String pom = Files.readString(ROOT.resolve(mod.group(1)).resolve("pom.xml"));
            Matcher id = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
            if (id.find()) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }

    /** The README's two lines for a kernel's CI, as written there, on the example trace it ships. */
    @Test
    void theReplaySnippetForAKernelsCiPassesOnTheExampleTrace() throws IOException {
        assertTrue(readme().contains("ReplayOutcome o = Replayer.replay(Files.readAllBytes(Path.of("), "snippet moved");
        ReplayOutcome o = Replayer.replay(Files.readAllBytes(ROOT.resolve("examples/quickstart.captrace.jsonl")), false);
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), ReplayReport.differences(o, "run"));
    }
}
