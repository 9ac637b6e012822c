package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/captrace-v1.md is the captrace contract as the project ships it, so that the README's links
 * work in an ordinary clone. It must stay byte-for-byte the contract it copies
 * (../shared/spec/captrace-v1.md, beside the repository where the steering files are laid out).
 */
class ContractCopyTest {
    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs").resolve("captrace-v1.md"))) {
            p = p.getParent();
        }
        return p;
    }

    @org.junit.jupiter.api.Test
    void theShippedContractIsTheContract() throws IOException {
        Path root = projectRoot();
        assertTrue(root != null, "docs/captrace-v1.md not found above " + Path.of("").toAbsolutePath());
        Path original = root.resolve("..").resolve("shared").resolve("spec").resolve("captrace-v1.md").normalize();
        assumeTrue(Files.isRegularFile(original), "no " + original + " beside this clone: nothing to compare with");
        assertEquals(Files.readString(original), Files.readString(root.resolve("docs").resolve("captrace-v1.md")),
                "docs/captrace-v1.md differs from " + original + ": copy it again");
    }
}
