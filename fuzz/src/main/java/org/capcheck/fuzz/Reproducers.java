package org.capcheck.fuzz;

import org.capcheck.core.Mutant;

/** Names of reproducer files: the target, the seed and the mutant, so that campaigns do not overwrite each other. */
final class Reproducers {
    private Reproducers() {
    }

    static String fileName(CampaignOptions o, String extension) {
        return "fuzz-" + o.target() + "-seed" + Long.toUnsignedString(o.seed())
                + (o.mutant() == Mutant.NONE ? "" : "-" + o.mutant().name().toLowerCase(java.util.Locale.ROOT))
                + "." + extension;
    }
}
