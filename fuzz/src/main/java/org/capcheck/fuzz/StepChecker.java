package org.capcheck.fuzz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.Operation;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Abstraction;
import org.capcheck.spec.refine.Invocation;
import org.capcheck.spec.refine.RefinementChecker;

/**
 * Makes one invocation on a kernel and checks it: refinement against the specification (the
 * kernel's result and the abstraction of its new state must be the specification's) and then every
 * cap-core invariant. It remembers the abstraction of the state it left, so consecutive checked
 * steps compute one abstraction each.
 */
final class StepChecker {
    private final RefinementChecker refinement;
    private SpecState before;
    private byte[] encodingBefore;
    private SpecState after;
    private byte[] encodingAfter;

    StepChecker(BootConfig config) {
        refinement = new RefinementChecker(config);
    }

    /** Forgets the remembered state: the next check abstracts the kernel afresh. */
    void forget() {
        before = null;
        encodingBefore = null;
    }

    /** The abstraction of the state after the last checked step. */
    SpecState after() {
        return after;
    }

    /** The canonical encoding of the state after the last checked step. */
    byte[] encodingAfter() {
        return encodingAfter;
    }

    /** Makes the invocation, checks it, and returns the violation or null. */
    Violation step(Kernel k, Operation op, long[] args, int index) {
        if (before == null) {
            before = Abstraction.of(k);
            encodingBefore = k.encode();
        }
        Invocation inv = Invocation.of(op, java.util.Arrays.copyOf(args, op.arity()));
        long writes = k.modifications();
        RefinementChecker.Step st;
        try {
            st = refinement.step(before, encodingBefore, k, inv);
        } catch (IllegalStateException e) {
            forget();
            return new Violation(index, Violation.Kind.NON_TERMINATION, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            forget();
            return new Violation(index, Violation.Kind.EXCEPTION, inv + " threw " + e);
        }
        after = st.kernelAfter();
        // A kernel that wrote nothing encodes as before (most invocations fail in decode).
        encodingAfter = k.modifications() == writes ? encodingBefore : k.encode();
        before = after;
        encodingBefore = encodingAfter;
        if (!st.ok()) {
            return new Violation(index, Violation.Kind.REFINEMENT, st.mismatch());
        }
        // What checkInvariants() would say, looking only at the slots written since the last check (the
        // first check of a kernel is a full one): a full check walks the whole slot pool every step.
        List<String> broken = k.checkInvariantsIncrementally();
        if (!broken.isEmpty()) {
            return new Violation(index, Violation.Kind.INVARIANT, "after " + inv + ": invariants fail: " + broken);
        }
        return null;
    }

    /** The depth of the deepest derivation tree in an abstract state (a parentless cap has depth 1). */
    static int treeDepth(SpecState s) {
        Map<Slot, Integer> depth = new HashMap<>();
        int deepest = 0;
        for (Slot slot : s.caps().keySet()) {
            deepest = Math.max(deepest, depthOf(s, slot, depth));
        }
        return deepest;
    }

    private static int depthOf(SpecState s, Slot slot, Map<Slot, Integer> memo) {
        Integer d = memo.get(slot);
        if (d != null) {
            return d;
        }
        int n = 1;
        Slot p = s.parent(slot);
        for (int guard = 0; p != null && guard < 1_000_000; guard++) {
            Integer known = memo.get(p);
            if (known != null) {
                n += known;
                break;
            }
            n++;
            p = s.parent(p);
        }
        memo.put(slot, n);
        return n;
    }
}
