package org.capcheck.cli;

import java.nio.file.Path;
import org.capcheck.engine.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code capcheck check local}: cap-core itself under bounds (the model {@code capcheck check} checks). */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "cap-core under bounds: invariants in every state, refinement of the specification on "
                + "every step; with --processes 2+, authority questions (docs/model-checker.md).")
public final class LocalCheck extends ModelCheck {

    @Mixin
    LocalOptions local = new LocalOptions();

    @Override
    protected Model<?, ?> model() {
        return local.model();
    }

    @Override
    protected Path artifactPath(String kind) {
        return "captrace".equals(kind) ? local.captrace : null;
    }
}
