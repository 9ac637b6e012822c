package org.capcheck.captrace;

import java.util.List;
import org.capcheck.core.CapType;

/**
 * Capability type names as captrace check lines spell them. cap-core's {@link CapType#Thread} is
 * captrace's {@code TCB}; a capability part-way through deletion is {@code Zombie} (captrace v1 does not
 * name it; a replayed line always runs to completion, so a check line should never see one).
 */
public final class CapTypes {
    /** Every name a check line's {@code type} may use. */
    public static final List<String> NAMES = List.of("Untyped", "TCB", "Endpoint", "Notification", "CNode",
            "Frame", "IRQControl", "IRQHandler", "Zombie");

    private CapTypes() {
    }

    /** The captrace name of a capability type; {@code "empty"} for the null cap. */
    public static String nameOf(CapType t) {
        switch (t) {
            case Null:
                return "empty";
            case Thread:
                return "TCB";
            default:
                return t.name();
        }
    }
}
