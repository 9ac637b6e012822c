package org.capcheck.spec.refine;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.Kernel;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Failure;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * Checks that cap-core refines the specification, one transition at a time: from a kernel state
 * k, an invocation must return the result (error code and its details) the specification returns
 * from {@code abstraction(k)}, and {@code abstraction(k after)} must equal the specification's new
 * state. A mismatch comes back as a readable report: the invocation, both results, and the
 * state difference slot by slot.
 */
public final class RefinementChecker {
    private final CapSpec spec;

    public RefinementChecker(BootConfig config) {
        this.spec = new CapSpec(config);
    }

    public CapSpec spec() {
        return spec;
    }

    /**
     * One checked transition.
     *
     * @param invocation    what was invoked
     * @param before        the abstraction of the kernel before it
     * @param kernelResult  the kernel's result, with details
     * @param kernelAfter   the abstraction of the kernel after it
     * @param spec          the specification's result and state from {@code before}
     * @param mismatch      null if refinement holds, else a readable report
     */
    public record Step(Invocation invocation, SpecState before, Failure kernelResult, SpecState kernelAfter,
                       Outcome spec, String mismatch) {
        public boolean ok() {
            return mismatch == null;
        }
    }

    /** The boot states agree: null, or a report of how the abstraction of a freshly booted kernel differs. */
    public String checkBoot(Kernel k) {
        String d = diff(spec.boot(), Abstraction.of(k));
        return d.isEmpty() ? null : "boot states differ (spec vs kernel):\n" + d;
    }

    /** Checks one transition on a copy of the kernel; the kernel itself is left unchanged. */
    public Step check(Kernel k, Invocation inv) {
        return step(k.copy(), inv);
    }

    /** Checks one transition, making the invocation on the kernel itself. */
    public Step step(Kernel k, Invocation inv) {
        return step(Abstraction.of(k), k, inv);
    }

    /**
     * Checks one transition when the abstraction of the kernel's current state is already known
     * (for example, the previous step's {@link Step#kernelAfter()}).
     */
    public Step step(SpecState before, Kernel k, Invocation inv) {
        return step(before, null, k, inv);
    }

    /**
     * As {@link #step(SpecState, Kernel, Invocation)}, given also the kernel's canonical encoding
     * before the step: when the kernel wrote nothing ({@link Kernel#modifications()}) or its encoding
     * after is the same, the kernel's state did not change and its abstraction is {@code before}, which
     * saves computing it (most invocations in a model checker's domain fail and change nothing).
     */
    public Step step(SpecState before, byte[] encodingBefore, Kernel k, Invocation inv) {
        Outcome expected = inv.applyTo(spec, before);
        long writes = k.modifications();
        inv.applyTo(k);
        SpecState after = k.modifications() == writes
                || encodingBefore != null && java.util.Arrays.equals(encodingBefore, k.encode()) ? before
                : kernelAfter(expected, k);
        return new Step(inv, before, Abstraction.resultOf(k.lastError()), after, expected,
                mismatch(inv, before, expected, k, after));
    }

    /**
     * The abstraction of the kernel {@code k} after a step whose specification outcome is
     * {@code expected}: that outcome's state itself when the two agree ({@link Abstraction#matches},
     * the usual case, without building a second state), else {@link Abstraction#of}.
     */
    public static SpecState kernelAfter(Outcome expected, Kernel k) {
        return Abstraction.matches(expected.state(), k) ? expected.state() : Abstraction.of(k);
    }

    /**
     * The verdict on a transition the caller made itself: {@code expected} is the specification's
     * outcome from {@code before}, {@code k} the kernel after the invocation (its
     * {@link Kernel#lastError()} the result) and {@code kernelAfter} its abstraction (which may be
     * {@code before} itself when the kernel changed nothing). Null if cap-core refines the
     * specification on it, else the readable report. When the specification's state is
     * {@code kernelAfter} itself and the results agree (the usual failed invocation) it allocates nothing.
     */
    public String mismatch(Invocation inv, SpecState before, Outcome expected, Kernel k, SpecState kernelAfter) {
        boolean sameResult = Abstraction.sameResult(expected.result(), k.lastError());
        if (sameResult && (expected.state() == kernelAfter || expected.state().equals(kernelAfter))) {
            return null;
        }
        Failure actual = Abstraction.resultOf(k.lastError());
        StringBuilder m = new StringBuilder();
        if (!sameResult) {
            m.append("result: spec ").append(expected.result().relevant()).append(", kernel ").append(actual)
                    .append('\n');
        }
        String d = diff(expected.state(), kernelAfter);
        if (!d.isEmpty()) {
            m.append("state (spec vs kernel):\n").append(d);
        }
        return m.length() == 0 ? null : "refinement fails for " + inv + "\n" + m + "state before:\n" + before + "\n";
    }

    /** The differences between two abstract states, one line each; empty if they are equal. */
    public static String diff(SpecState expected, SpecState actual) {
        if (expected.equals(actual)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        TreeSet<Slot> slots = new TreeSet<>(expected.caps().keySet());
        slots.addAll(actual.caps().keySet());
        slots.addAll(expected.cdt().keySet());
        slots.addAll(actual.cdt().keySet());
        slots.addAll(expected.originals());
        slots.addAll(actual.originals());
        slots.addAll(expected.cdtList().keySet());
        slots.addAll(actual.cdtList().keySet());
        for (Slot s : slots) {
            Cap ce = expected.cap(s);
            Cap ca = actual.cap(s);
            if (!ce.equals(ca)) {
                b.append("  ").append(s).append(" cap: spec ").append(ce).append(", kernel ").append(ca).append('\n');
            }
            if (expected.isOriginal(s) != actual.isOriginal(s)) {
                b.append("  ").append(s).append(" original: spec ").append(expected.isOriginal(s))
                        .append(", kernel ").append(actual.isOriginal(s)).append('\n');
            }
            if (!Objects.equals(expected.parent(s), actual.parent(s))) {
                b.append("  ").append(s).append(" parent: spec ").append(expected.parent(s)).append(", kernel ")
                        .append(actual.parent(s)).append('\n');
            }
            List<Slot> ke = expected.children(s);
            List<Slot> ka = actual.children(s);
            if (!ke.equals(ka) && new TreeSet<>(ke).equals(new TreeSet<>(ka))) {
                b.append("  ").append(s).append(" sibling order of children: spec ").append(ke).append(", kernel ")
                        .append(ka).append('\n');
            } else if (!ke.equals(ka) && expected.cdt().equals(actual.cdt())) {
                b.append("  ").append(s).append(" children list: spec ").append(ke).append(", kernel ").append(ka)
                        .append('\n');
            }
        }
        if (!expected.activeIrqs().equals(actual.activeIrqs())) {
            b.append("  IRQs with handlers: spec ").append(expected.activeIrqs()).append(", kernel ")
                    .append(actual.activeIrqs()).append('\n');
        }
        if (!expected.suspended().equals(actual.suspended())) {
            b.append("  suspended TCBs: spec ").append(expected.suspended()).append(", kernel ")
                    .append(actual.suspended()).append('\n');
        }
        if (expected.currentThread() != actual.currentThread()) {
            b.append("  current thread: spec 0x").append(Long.toHexString(expected.currentThread()))
                    .append(", kernel 0x").append(Long.toHexString(actual.currentThread())).append('\n');
        }
        if (b.length() == 0) {
            b.append("  (states differ in a way not itemised)\n");
        }
        return b.toString();
    }
}
