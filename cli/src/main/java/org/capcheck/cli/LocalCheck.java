package org.capcheck.cli;

import java.nio.file.Path;
import org.capcheck.engine.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capcheck check local}: cap-core itself under bounds (the model {@code capcheck check} checks). */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "cap-core under bounds: invariants in every state, refinement of the specification on "
                + "every step; with --processes 2+, authority questions (docs/model-checker.md).")
public final class LocalCheck extends ModelCheck {

    @Mixin
    LocalOptions local = new LocalOptions();

    // Off by default, as two-phase commit's: the counts the docs give are without it, and with it a
    // witness may name an interchangeable process (or badge) otherwise than the run without it would.
    @Option(names = "--symmetry", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Identify states that differ only by renaming interchangeable identities: with one "
                    + "process, the badges Mint offers with the same other arguments everywhere (none under the "
                    + "default bounds; the heading names them); with --processes 2+, processes whose "
                    + "--distribution entries are equal (other than the --query's process). One state per class "
                    + "(default: off; --symmetry to turn on).")
    boolean symmetry;

    @Override
    protected Model<?, ?> model() {
        return local.model();
    }

    @Override
    protected boolean symmetry() {
        return symmetry;
    }

    @Override
    protected Path artifactPath(String kind) {
        return "captrace".equals(kind) ? local.captrace : null;
    }
}
