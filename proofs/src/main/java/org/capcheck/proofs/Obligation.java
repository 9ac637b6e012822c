package org.capcheck.proofs;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Operation;
import org.capcheck.proofs.encoding.Invariant;

/**
 * One thing to prove. Preservation: the invariants and the invocation's transition imply the
 * invariant afterwards ({@code CNode_Copy/untyped_inc}). Boot: the invariant holds in the boot state
 * ({@code boot/untyped_inc}). Functional: a property of one operation's effect
 * ({@code functional/revoke_removes_descendants}).
 *
 * @param name      the name {@code capcheck prove --obligation} takes
 * @param kind      which of the three
 * @param op        the invocation (preservation, functional), else null
 * @param invariant the invariant (preservation, boot), else null
 * @param property  the functional property, else null
 */
public record Obligation(String name, Kind kind, Operation op, Invariant invariant, Functional property) {

    public enum Kind { PRESERVATION, BOOT, FUNCTIONAL }

    /** Properties of an operation's effect beyond preserving the invariants. */
    public enum Functional {
        /** After Revoke, no slot descends from the revoked slot. */
        REVOKE_REMOVES_DESCENDANTS("revoke_removes_descendants", Operation.CNode_Revoke),
        /** A Copy's new cap has at most its source's rights and lies within its source's object range. */
        COPY_WITHIN_PARENT("copy_within_parent", Operation.CNode_Copy),
        /** A Mint's new cap has at most its source's rights and lies within its source's object range. */
        MINT_WITHIN_PARENT("mint_within_parent", Operation.CNode_Mint),
        /** Retype's new objects overlap neither each other nor any object a surviving cap names. */
        RETYPE_FRESH_OBJECTS("retype_fresh_objects", Operation.Untyped_Retype);

        private final String id;
        private final Operation op;

        Functional(String id, Operation op) {
            this.id = id;
            this.op = op;
        }

        public String id() {
            return id;
        }

        public Operation op() {
            return op;
        }
    }

    /** Every obligation, in the order the table lists them. */
    public static List<Obligation> all() {
        List<Obligation> out = new ArrayList<>();
        for (Invariant i : Invariant.values()) {
            out.add(new Obligation("boot/" + i.id(), Kind.BOOT, null, i, null));
        }
        for (Operation op : Operation.values()) {
            for (Invariant i : Invariant.values()) {
                out.add(new Obligation(op.name() + "/" + i.id(), Kind.PRESERVATION, op, i, null));
            }
        }
        for (Functional f : Functional.values()) {
            out.add(new Obligation("functional/" + f.id(), Kind.FUNCTIONAL, f.op(), null, f));
        }
        return out;
    }

    public static Obligation named(String name) {
        for (Obligation o : all()) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        return null;
    }
}
