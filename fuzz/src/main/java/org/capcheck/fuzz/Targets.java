package org.capcheck.fuzz;

import java.util.List;
import org.capcheck.multikernel.Protocol;

/**
 * The targets by name: {@code local} (cap-core), {@code decoder} (the raw ABI entry) and {@code multikernel}
 * (the per-core machines with a randomized message scheduler).
 */
public final class Targets {
    /** Every target name a user may give. */
    public static final List<String> NAMES = List.of("local", "decoder", "multikernel");

    /** The multikernel target's defaults: cores and protocol. */
    public static final int DEFAULT_CORES = 3;
    public static final String DEFAULT_PROTOCOL = "capcheck";

    private Targets() {
    }

    /**
     * The target with this name ({@code multikernel}: {@link #DEFAULT_CORES} cores running the capcheck protocol).
     *
     * @throws UnknownTargetException for an unknown name
     */
    public static Target named(String name) throws UnknownTargetException {
        switch (name) {
            case "local":
                return new LocalTarget();
            case "decoder":
                return new DecoderTarget();
            case "multikernel":
                return multikernel(DEFAULT_CORES, DEFAULT_PROTOCOL);
            default:
                throw new UnknownTargetException("unknown target '" + name + "'; available targets: "
                        + String.join(", ", NAMES));
        }
    }

    /**
     * The multikernel target.
     *
     * @throws UnknownTargetException for cores outside 2..4 or an unknown protocol
     */
    public static Target multikernel(int cores, String protocol) throws UnknownTargetException {
        Protocol p = Protocol.named(protocol);
        if (p == null) {
            throw new UnknownTargetException("unknown protocol '" + protocol + "'; protocols: capcheck, barrelfish");
        }
        if (cores < 2 || cores > 4) {
            throw new UnknownTargetException("--cores must be 2 to 4, not " + cores);
        }
        return new MultikernelTarget(cores, p);
    }
}
