package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Objects;
import org.capcheck.captrace.CapTypes;
import org.capcheck.captrace.CheckExpect;
import org.capcheck.captrace.ExpectedResult;
import org.capcheck.captrace.SlotRef;
import org.capcheck.captrace.TraceWriter;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.Mutant;
import org.capcheck.core.SeL4Error;
import org.capcheck.spec.refine.RefinementChecker;
import org.capcheck.spec.Failure;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * Writes a counterexample of the one-process {@code local} model as a captrace v1 file, so that
 * {@code capcheck replay} reproduces it. Each step is an invocation line expecting what the
 * specification says; where the specification and cap-core part, check lines after the step state
 * the specification's view of the root-CNode slots that differ. Replay then stops at the first line
 * where cap-core does something else, and it checks the invariants after every line, so an
 * invariant violation shows up at its step too.
 *
 * <p>The lines are written by captrace's {@link TraceWriter} (names from cap-core's
 * {@link org.capcheck.core.Operation} table, strings escaped as JSON requires). The first comment line
 * says how to reproduce the finding: a counterexample found on a kernel with a seeded bug reproduces
 * only with {@code capcheck replay --mutant NAME FILE}; on the correct kernel the same file passes.
 */
public final class CaptraceExport {
    private CaptraceExport() {
    }

    /** The lines of the counterexample, the reproduction comment naming the file as {@code FILE}. */
    public static List<String> lines(LocalModel model, List<LocalAction> actions, String why) {
        return lines(model, actions, why, null);
    }

    /**
     * The lines of the counterexample.
     *
     * @param file the path the lines will be written to, for the reproduction command; null: "FILE"
     */
    public static List<String> lines(LocalModel model, List<LocalAction> actions, String why, String file) {
        BootConfig c = model.bootConfig();
        Mutant mutant = model.bounds().mutant();
        List<String> out = new ArrayList<>();
        out.add(TraceWriter.header(c));
        out.add(TraceWriter.comment("reproduce with: " + reproduceCommand(model, file)
                + (mutant == Mutant.NONE ? "" : "; a plain 'capcheck replay' runs the correct kernel, on which this "
                + "trace passes: the seeded bug " + mutant.name() + " is what makes it fail")));
        out.add(TraceWriter.comment("counterexample from capcheck check (local model): " + why));
        Kernel k = mutant.boot(c);
        RefinementChecker checker = new RefinementChecker(c);
        long root = k.view().capAt(k.view().rootSlot(2)).paddr();
        long step = 0;
        for (LocalAction a : actions) {
            step++;
            if (a.stepOnly()) {
                out.add(TraceWriter.comment("step " + step + ": " + a + " stopped at a preemption point; captrace "
                        + "runs operations to completion, so this trace continues without it"));
                k.setWorkBudget(1);
                a.invocation().applyOnce(k);
                k.setWorkBudget(Kernel.UNLIMITED);
                continue;
            }
            RefinementChecker.Step s = checker.step(k, a.invocation());
            out.add(TraceWriter.invocation(step, a.invocation().op(), a.invocation().argArray(),
                    expected(s.spec().result().relevant())));
            if (!s.ok()) {
                out.addAll(differingSlots(s.spec().state(), s.kernelAfter(), root));
            }
        }
        return out;
    }

    /**
     * The command that reproduces the model's counterexample from its captrace file:
     * {@code capcheck replay --mutant NAME FILE} when the model ran a seeded bug, else
     * {@code capcheck replay FILE}.
     */
    public static String reproduceCommand(LocalModel model, String file) {
        Mutant m = model.bounds().mutant();
        String f = file == null ? "FILE" : quoteIfNeeded(file);
        return "capcheck replay " + (m == Mutant.NONE ? "" : "--mutant " + m.name() + " ") + f;
    }

    private static String quoteIfNeeded(String path) {
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || "/._-+=:,@".indexOf(ch) >= 0)) {
                return "'" + path.replace("'", "'\\''") + "'";
            }
        }
        return path.isEmpty() ? "''" : path;
    }

    /** The specification's result as an {@code expect}: the error and the details it states. */
    private static ExpectedResult expected(Failure f) {
        long[] range = null;
        LookupFailure failure = null;
        Long argument = null;
        if (f.error() == SeL4Error.FailedLookup && f.lookup() != null && f.lookup() != LookupFailure.None) {
            failure = f.lookup();
        } else if (f.error() == SeL4Error.RangeError) {
            range = new long[] {f.rangeMin(), f.rangeMax()};
        } else if (f.error() == SeL4Error.InvalidArgument) {
            argument = (long) f.argument();
        }
        return new ExpectedResult(f.error(), range, failure, argument);
    }

    /** Check lines stating the specification's view of every root-CNode slot where it and cap-core differ. */
    private static List<String> differingSlots(SpecState spec, SpecState kernel, long root) {
        Set<Slot> slots = new TreeSet<>(spec.caps().keySet());
        slots.addAll(kernel.caps().keySet());
        List<String> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.object() != root) {
                continue;
            }
            Cap c = spec.cap(s);
            boolean same = c.equals(kernel.cap(s)) && Objects.equals(spec.parent(s), kernel.parent(s))
                    && spec.descendants(s).size() == kernel.descendants(s).size();
            if (same) {
                continue;
            }
            CheckExpect x;
            if (c.isNull()) {
                x = new CheckExpect(null, null, true, null, null, null, null, null, null, null, null, null, null,
                        null, null, false, null, null);
            } else {
                Slot p = spec.parent(s);
                // A parent outside the root CNode has no root/index/depth name here: leave it unchecked.
                boolean parentGiven = p == null || p.object() == root;
                SlotRef parent = p == null || p.object() != root ? null : rootSlot(p.index());
                x = new CheckExpect(null, null, null, CapTypes.nameOf(c.type()), null, null, null, null, null, null,
                        null, c.type() == CapType.Untyped ? Long.valueOf(c.freeIndex()) : null, null, null, null,
                        parentGiven, parent, (long) spec.descendants(s).size());
            }
            out.add(TraceWriter.check(null, rootSlot(s.index()), x));
        }
        return out;
    }

    /** A slot of the initial thread's root CNode, named as captrace names it (CPtr 2, depth 64). */
    private static SlotRef rootSlot(long index) {
        return new SlotRef(2, index, 64);
    }
}
