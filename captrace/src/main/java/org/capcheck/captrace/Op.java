package org.capcheck.captrace;

import java.util.List;

/**
 * The invocations captrace v1 names, each with its arguments in libsel4's order (the spec's table).
 * Every argument is required. Arguments named {@code *depth} are 8-bit depths, {@code rights} is a
 * rights string, {@code type} an object type name; all others are 64-bit words.
 */
public enum Op {
    CNode_Copy("service", "dest_index", "dest_depth", "src_root", "src_index", "src_depth", "rights"),
    CNode_Mint("service", "dest_index", "dest_depth", "src_root", "src_index", "src_depth", "rights", "badge"),
    CNode_Move("service", "dest_index", "dest_depth", "src_root", "src_index", "src_depth"),
    CNode_Mutate("service", "dest_index", "dest_depth", "src_root", "src_index", "src_depth", "badge"),
    CNode_Rotate("service", "dest_index", "dest_depth", "pivot_root", "pivot_index", "pivot_depth", "pivot_badge",
            "src_root", "src_index", "src_depth", "src_badge"),
    CNode_Delete("service", "index", "depth"),
    CNode_Revoke("service", "index", "depth"),
    CNode_CancelBadgedSends("service", "index", "depth"),
    Untyped_Retype("service", "type", "size_bits", "root", "node_index", "node_depth", "node_offset", "num_objects"),
    IRQControl_Get("service", "irq", "root", "index", "depth");

    /** The kinds of argument value. */
    public enum ArgKind { WORD, DEPTH, RIGHTS, TYPE }

    private final List<String> args;

    Op(String... args) {
        this.args = List.of(args);
    }

    /** The argument names, in libsel4's order. */
    public List<String> args() {
        return args;
    }

    /** The position of an argument in {@link #args()}, or -1. */
    public int indexOf(String arg) {
        return args.indexOf(arg);
    }

    public static ArgKind kindOf(String arg) {
        if (arg.endsWith("depth")) {
            return ArgKind.DEPTH;
        } else if (arg.equals("rights")) {
            return ArgKind.RIGHTS;
        } else if (arg.equals("type")) {
            return ArgKind.TYPE;
        }
        return ArgKind.WORD;
    }

    /** The op with this captrace name, or null. */
    public static Op ofName(String name) {
        for (Op op : values()) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        return null;
    }
}
