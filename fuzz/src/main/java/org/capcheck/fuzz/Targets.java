package org.capcheck.fuzz;

import java.util.List;

/** The targets by name: {@code local} (cap-core) and {@code decoder} (the raw ABI entry). */
public final class Targets {
    /** Every target name a user may give, available or not. */
    public static final List<String> NAMES = List.of("local", "decoder", "multikernel");

    private Targets() {
    }

    /**
     * The target with this name.
     *
     * @throws UnknownTargetException for an unknown name, and for {@code multikernel}, which needs the
     *         per-core machines and message scheduler that are not part of capcheck yet
     */
    public static Target named(String name) throws UnknownTargetException {
        switch (name) {
            case "local":
                return new LocalTarget();
            case "decoder":
                return new DecoderTarget();
            case "multikernel":
                throw new UnknownTargetException("target 'multikernel' is not available yet: it needs the per-core "
                        + "machines and the message scheduler (the multikernel issue), which have not landed; "
                        + "available targets: local, decoder");
            default:
                throw new UnknownTargetException("unknown target '" + name + "'; available targets: local, decoder");
        }
    }
}
