package org.capcheck.fuzz.gen;

import java.util.Arrays;
import org.capcheck.core.Operation;

/**
 * How often the generator draws each operation, relative to the others. The defaults favour the
 * operations that grow derivation trees (Copy, Mint, Retype) and the ones that tear them down
 * (Revoke, Delete), where seL4's MDB rules (cteInsert, cteRevoke, emptySlot) have most to get wrong.
 */
public final class Weights {
    private final int[] weight;
    private final int total;
    private static final Operation[] OPS = Operation.values();

    private Weights(int[] weight) {
        this.weight = weight;
        int t = 0;
        for (int w : weight) {
            t += w;
        }
        this.total = t;
    }

    public static Weights defaults() {
        int[] w = new int[Operation.values().length];
        w[Operation.CNode_Copy.ordinal()] = 16;
        w[Operation.CNode_Mint.ordinal()] = 16;
        w[Operation.CNode_Move.ordinal()] = 6;
        w[Operation.CNode_Mutate.ordinal()] = 6;
        w[Operation.CNode_Rotate.ordinal()] = 4;
        w[Operation.CNode_Delete.ordinal()] = 10;
        w[Operation.CNode_Revoke.ordinal()] = 8;
        w[Operation.CNode_CancelBadgedSends.ordinal()] = 2;
        w[Operation.Untyped_Retype.ordinal()] = 18;
        w[Operation.IRQControl_Get.ordinal()] = 3;
        return new Weights(w);
    }

    /**
     * The defaults with some weights replaced: {@code "CNode_Revoke=20,IRQControl_Get=0"}.
     *
     * @throws IllegalArgumentException naming the bad entry (unknown operation, negative or
     *         non-numeric weight, or all weights zero)
     */
    public static Weights parse(String spec) {
        int[] w = defaults().weight.clone();
        if (spec != null && !spec.isBlank()) {
            for (String entry : spec.split(",")) {
                String[] kv = entry.trim().split("=", 2);
                Operation op = Operation.named(kv[0].trim());
                if (op == null || kv.length != 2) {
                    throw new IllegalArgumentException("bad weight '" + entry.trim() + "': expected OPERATION=N with "
                            + "OPERATION one of " + Arrays.toString(Operation.values()));
                }
                int n;
                try {
                    n = Integer.parseInt(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad weight '" + entry.trim() + "': not a number");
                }
                if (n < 0 || n > 1_000_000) {
                    throw new IllegalArgumentException("bad weight '" + entry.trim() + "': must be 0..1000000");
                }
                w[op.ordinal()] = n;
            }
        }
        Weights out = new Weights(w);
        if (out.total == 0) {
            throw new IllegalArgumentException("every operation has weight 0");
        }
        return out;
    }

    public int of(Operation op) {
        return weight[op.ordinal()];
    }

    /** An operation drawn with these weights. */
    Operation draw(Rng r) {
        int x = r.nextInt(total);
        Operation[] ops = OPS;
        for (int i = 0; i < weight.length; i++) {
            x -= weight[i];
            if (x < 0) {
                return ops[i];
            }
        }
        return ops[ops.length - 1];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Operation op : Operation.values()) {
            b.append(b.length() == 0 ? "" : ",").append(op.name()).append('=').append(weight[op.ordinal()]);
        }
        return b.toString();
    }
}
