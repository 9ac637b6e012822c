package org.capcheck.captrace;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Operation;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.SlotAddress;
import org.capcheck.core.SyscallError;

/**
 * Replays a validated captrace v1 file on a {@link Kernel} booted from its header: runs the lines in
 * order, compares every result with its {@code expect}, and checks the kernel's invariants after boot
 * and after every line. Stops at the first difference unless keep-going.
 *
 * <p>Preemptible operations run to completion: if the kernel reports a preemption, the same call is
 * made again until it completes, and the line's result is the last call's. Once the initial thread's
 * TCB is destroyed ({@link Kernel#canInvoke()} false), a further invocation line makes the file invalid.
 */
public final class Replayer {
    /** Restarts of one preempted line before replay gives up (an internal error in the kernel). */
    /** Retype destination slots shown in a difference's slot view. */
    static final int MAX_DEST_VIEWS = 8;

    private final Trace trace;
    private final boolean keepGoing;
    private Kernel kernel;
    private final List<Difference> differences = new ArrayList<>();
    private int invocations;
    private int checks;
    private int tcbGoneAt = -1;

    private Replayer(Trace trace, boolean keepGoing) {
        this.trace = trace;
        this.keepGoing = keepGoing;
    }

    /** Validates the whole file, then (if it is valid) replays it. */
    public static ReplayOutcome replay(byte[] file, boolean keepGoing) {
        Trace trace;
        try {
            trace = TraceParser.parse(file);
        } catch (InvalidTraceException e) {
            return new ReplayOutcome(ReplayOutcome.Status.INVALID, 0, 0, 0, 0, List.of(), e, keepGoing);
        }
        return replay(trace, keepGoing);
    }

    /** Replays a validated trace. */
    public static ReplayOutcome replay(Trace trace, boolean keepGoing) {
        return new Replayer(trace, keepGoing).run();
    }

    private ReplayOutcome run() {
        kernel = Kernel.boot(trace.header().bootConfig());
        List<String> bootViolations = kernel.checkInvariants();
        if (!bootViolations.isEmpty()) {
            differences.add(new Difference(1, trace.headerText(), "header",
                    List.of(invariantMismatch(bootViolations)), bootViolations, List.of()));
            if (!keepGoing) {
                return outcome(null);
            }
        }
        for (TraceLine line : trace.lines()) {
            Difference d;
            if (line instanceof Invocation) {
                Invocation inv = (Invocation) line;
                if (!kernel.canInvoke()) {
                    return outcome(new InvalidTraceException(inv.line(), "op: no invocation can be made once the "
                            + "initial thread's TCB is destroyed" + (tcbGoneAt > 0 ? " (its last cap was deleted "
                            + "by line " + tcbGoneAt + ")" : "") + "; only check lines may follow"));
                }
                invocations++;
                d = invoke(inv);
                if (tcbGoneAt < 0 && !kernel.canInvoke()) {
                    tcbGoneAt = inv.line();
                }
            } else {
                checks++;
                d = check((Check) line);
            }
            if (d != null) {
                differences.add(d);
                if (!keepGoing) {
                    break;
                }
            }
        }
        return outcome(null);
    }

    private ReplayOutcome outcome(InvalidTraceException invalid) {
        ReplayOutcome.Status status = invalid != null ? ReplayOutcome.Status.INVALID
                : differences.isEmpty() ? ReplayOutcome.Status.MATCHED : ReplayOutcome.Status.DIFFERENT;
        return new ReplayOutcome(status, trace.lineCount(), invocations + checks, invocations, checks, differences,
                invalid, keepGoing);
    }

    // ------------------------------------------------------------------------------------------
    // Invocation lines

    private Difference invoke(Invocation inv) {
        SeL4Error result = inv.op().invoke(kernel, inv.args());
        if (kernel.wasPreempted()) {
            throw new IllegalStateException("line " + inv.line() + ": " + inv.op() + " was still preempted after "
                    + Operation.MAX_RESTARTS + " restarts");
        }
        SyscallError se = kernel.lastError();
        ExpectedResult x = inv.expect();
        List<Mismatch> mm = new ArrayList<>();
        if (result != x.error()) {
            mm.add(new Mismatch("error", x.toString(), se.toString()));
        } else {
            if (x.range() != null && (se.rangeMin() != x.range()[0] || se.rangeMax() != x.range()[1])) {
                mm.add(new Mismatch("range", range(x.range()[0], x.range()[1]), range(se.rangeMin(), se.rangeMax())));
            }
            if (x.failure() != null && se.lookupFailure() != x.failure()) {
                mm.add(new Mismatch("failure", x.failure().name(), se.lookupFailure().name()));
            }
            if (x.argument() != null && se.invalidArgument() != x.argument()) {
                mm.add(new Mismatch("argument", Long.toUnsignedString(x.argument()),
                        Integer.toString(se.invalidArgument())));
            }
        }
        return finish(inv, "invocation", mm);
    }

    // ------------------------------------------------------------------------------------------
    // Check lines

    private Difference check(Check c) {
        CheckExpect x = c.expect();
        SlotRef ref = c.slot();
        List<Mismatch> mm = new ArrayList<>();
        int slot = kernel.view().resolveSlot(ref.root(), ref.index(), ref.depth());
        if (slot < 0) {
            SyscallError se = kernel.lastError();
            if (x.mustResolve()) {
                mm.add(new Mismatch("resolves", "true", "false (" + lookupError(se) + ")"));
            } else if (x.failure() != null
                    && (se.error() != SeL4Error.FailedLookup || se.lookupFailure() != x.failure())) {
                mm.add(new Mismatch("failure", x.failure().name(), se.error() == SeL4Error.FailedLookup
                        ? se.lookupFailure().name() : "none: the lookup stopped with " + se));
            }
            return finish(c, "check", mm);
        }
        if (!x.mustResolve()) {
            mm.add(new Mismatch("resolves", "false" + (x.failure() != null ? " (" + x.failure() + ")" : ""),
                    "true (" + address(slot) + ")"));
            return finish(c, "check", mm);
        }
        Cap cap = kernel.view().capAt(slot);
        if (x.empty() != null && x.empty() != cap.isNull()) {
            mm.add(new Mismatch("empty", x.empty().toString(), cap.isNull() ? "true" : "false (" + cap + ")"));
        }
        String tn = CapTypes.nameOf(cap.type());
        if (x.type() != null) {
            compare(mm, cap, "type", x.type(), tn, true);
        }
        if (x.badge() != null) {
            compare(mm, cap, "badge", u(x.badge()), u(cap.badge()), cap.type().isBadged());
        }
        if (x.rights() != null) {
            compare(mm, cap, "rights", quoted(Rights.toLetters(x.rights())), quoted(Rights.toLetters(cap.rights())),
                    cap.carriesRights());
        }
        boolean cnode = cap.type() == CapType.CNode;
        if (x.guard() != null) {
            compare(mm, cap, "guard", u(x.guard()), u(cap.guard()), cnode);
        }
        if (x.guardSize() != null) {
            compare(mm, cap, "guard_size", u(x.guardSize()), Integer.toString(cap.guardSize()), cnode);
        }
        if (x.radix() != null) {
            compare(mm, cap, "radix", u(x.radix()), Integer.toString(cap.radix()), cnode);
        }
        boolean untyped = cap.type() == CapType.Untyped;
        if (x.sizeBits() != null) {
            compare(mm, cap, "size_bits", u(x.sizeBits()), Integer.toString(cap.sizeBits()), untyped);
        }
        if (x.paddr() != null) {
            compare(mm, cap, "paddr", hex(x.paddr()), hex(cap.paddr()), cap.type().isPhysical());
        }
        if (x.freeIndex() != null) {
            compare(mm, cap, "free_index", u(x.freeIndex()), u(cap.freeIndex()), untyped);
        }
        if (x.device() != null) {
            compare(mm, cap, "device", x.device().toString(), Boolean.toString(cap.device()),
                    untyped || cap.type() == CapType.Frame);
        }
        if (x.irq() != null) {
            compare(mm, cap, "irq", u(x.irq()), Integer.toString(cap.irq()), cap.type() == CapType.IRQHandler);
        }
        if (x.sameObjectAs() != null) {
            SlotRef o = x.sameObjectAs();
            if (cap.isNull()) {
                mm.add(new Mismatch("same_object_as", o.toString(), "the slot is empty"));
            } else {
                int other = kernel.view().resolveSlot(o.root(), o.index(), o.depth());
                if (other < 0) {
                    mm.add(new Mismatch("same_object_as", o.toString(), "that slot does not resolve ("
                            + lookupError(kernel.lastError()) + ")"));
                } else if (!kernel.view().sameObject(slot, other)) {
                    Cap oc = kernel.view().capAt(other);
                    mm.add(new Mismatch("same_object_as", o + " (" + address(other) + ": "
                            + (oc.isNull() ? "empty" : oc.toString()) + ")", "a different object: " + cap));
                }
            }
        }
        if (x.parentGiven()) {
            int parent = kernel.view().parentOf(slot);
            String actual = parent < 0 ? "none" : address(parent);
            SlotRef p = x.parent();
            if (cap.isNull()) {
                mm.add(new Mismatch("parent", p == null ? "none" : p.toString(), "the slot is empty"));
            } else if (p == null) {
                if (parent >= 0) {
                    mm.add(new Mismatch("parent", "none", actual));
                }
            } else {
                int want = kernel.view().resolveSlot(p.root(), p.index(), p.depth());
                if (want < 0) {
                    mm.add(new Mismatch("parent", p + " (does not resolve: " + lookupError(kernel.lastError()) + ")",
                            actual));
                } else if (want != parent) {
                    mm.add(new Mismatch("parent", p + " (" + address(want) + ")", actual));
                }
            }
        }
        if (x.descendants() != null) {
            compare(mm, cap, "descendants", u(x.descendants()), Integer.toString(kernel.view().descendantCount(slot)), true);
        }
        return finish(c, "check", mm);
    }

    /** Compares one key of a check; a key that does not apply to the cap's type, or an empty slot, differs. */
    private static void compare(List<Mismatch> mm, Cap cap, String key, String expected, String actual,
                                boolean applies) {
        if (cap.isNull()) {
            mm.add(new Mismatch(key, expected, "the slot is empty"));
        } else if (!applies) {
            mm.add(new Mismatch(key, expected, "none: a " + CapTypes.nameOf(cap.type()) + " cap has no " + key
                    + (key.equals("rights") ? " (it carries no rights)" : "")));
        } else if (!expected.equals(actual)) {
            mm.add(new Mismatch(key, expected, actual));
        }
    }

    // ------------------------------------------------------------------------------------------
    // After every line: invariants, and the slot view of a difference

    private Difference finish(TraceLine line, String kind, List<Mismatch> mm) {
        List<String> violations = kernel.checkInvariants();
        if (!violations.isEmpty()) {
            mm.add(invariantMismatch(violations));
        }
        if (mm.isEmpty()) {
            return null;
        }
        return new Difference(line.line(), line.text(), kind, mm, violations, views(line));
    }

    private static Mismatch invariantMismatch(List<String> violations) {
        return new Mismatch("invariants", "all hold", "violated: " + String.join(", ", violations));
    }

    private List<SlotView> views(TraceLine line) {
        List<SlotView> v = new ArrayList<>();
        if (line instanceof Check) {
            Check c = (Check) line;
            v.add(view("slot", c.slot()));
            if (c.expect().sameObjectAs() != null) {
                v.add(view("same_object_as", c.expect().sameObjectAs()));
            }
            if (c.expect().parent() != null) {
                v.add(view("parent", c.expect().parent()));
            }
            return v;
        }
        Invocation inv = (Invocation) line;
        long service = inv.arg("service");
        v.add(viewOfCPtr("service", service));
        switch (inv.op()) {
            case CNode_Copy:
            case CNode_Mint:
            case CNode_Move:
            case CNode_Mutate:
                v.add(view("dest", new SlotRef(service, inv.arg("dest_index"), inv.arg("dest_depth"))));
                v.add(view("src", new SlotRef(inv.arg("src_root"), inv.arg("src_index"), inv.arg("src_depth"))));
                break;
            case CNode_Rotate:
                v.add(view("dest", new SlotRef(service, inv.arg("dest_index"), inv.arg("dest_depth"))));
                v.add(view("pivot", new SlotRef(inv.arg("pivot_root"), inv.arg("pivot_index"),
                        inv.arg("pivot_depth"))));
                v.add(view("src", new SlotRef(inv.arg("src_root"), inv.arg("src_index"), inv.arg("src_depth"))));
                break;
            case CNode_Delete:
            case CNode_Revoke:
            case CNode_CancelBadgedSends:
                v.add(view("slot", new SlotRef(service, inv.arg("index"), inv.arg("depth"))));
                break;
            case Untyped_Retype:
                retypeViews(inv, v);
                break;
            case IRQControl_Get:
                v.add(view("dest", new SlotRef(inv.arg("root"), inv.arg("index"), inv.arg("depth"))));
                break;
            default:
                break;
        }
        return v;
    }

    /** Untyped_Retype: the destination CNode's cap and the first destination slots. */
    private void retypeViews(Invocation inv, List<SlotView> v) {
        long root = inv.arg("root");
        long nodeIndex = inv.arg("node_index");
        long nodeDepth = inv.arg("node_depth");
        int nodeSlot;
        if (nodeDepth == 0) {
            v.add(viewOfCPtr("root", root));
            nodeSlot = cptrSlot(root);
        } else {
            SlotRef node = new SlotRef(root, nodeIndex, nodeDepth);
            v.add(view("node", node));
            nodeSlot = kernel.view().resolveSlot(root, nodeIndex, nodeDepth);
        }
        if (nodeSlot < 0) {
            return;
        }
        Cap cn = kernel.view().capAt(nodeSlot);
        if (cn.type() != CapType.CNode) {
            return;
        }
        int level = cn.guardSize() + cn.radix();
        if (nodeDepth + level > 64 || level == 0) {
            return;
        }
        long offset = inv.arg("node_offset");
        long num = inv.arg("num_objects");
        long count = Long.compareUnsigned(num, MAX_DEST_VIEWS) > 0 ? MAX_DEST_VIEWS : num;
        long slots = 1L << cn.radix();
        for (long k = 0; k < count; k++) {
            long j = offset + k;
            if (Long.compareUnsigned(j, slots) >= 0) {
                break;
            }
            long index = (cn.guard() << cn.radix()) | j;
            if (nodeDepth > 0) {
                index |= nodeIndex << level;
            }
            v.add(view("dest[" + j + "]", new SlotRef(root, index, nodeDepth + level)));
        }
    }

    private SlotView view(String role, SlotRef ref) {
        int s = kernel.view().resolveSlot(ref.root(), ref.index(), ref.depth());
        if (s < 0) {
            return new SlotView(role, ref.toString(), false, lookupError(kernel.lastError()), null, false, null,
                    null, null, null);
        }
        return view(role, ref.toString(), s);
    }

    /** An invoked or extra-cap CPtr, resolved with depth 64 in the initial thread's CSpace. */
    private int cptrSlot(long cptr) {
        return kernel.view().lookupCPtr(cptr);
    }

    private SlotView viewOfCPtr(String role, long cptr) {
        String ref = "cptr " + Long.toUnsignedString(cptr);
        int s = cptrSlot(cptr);
        if (s < 0) {
            return new SlotView(role, ref, false, kernel.lastError().lookupFailure().name(), null, false, null,
                    null, null, null);
        }
        return view(role, ref, s);
    }

    private SlotView view(String role, String ref, int s) {
        Cap c = kernel.view().capAt(s);
        if (c.isNull()) {
            return new SlotView(role, ref, true, null, address(s), true, null, null, null, null);
        }
        int p = kernel.view().parentOf(s);
        return new SlotView(role, ref, true, null, address(s), false, c.toString(), kernel.view().isOriginal(s),
                p < 0 ? "none" : address(p), kernel.view().descendantCount(s));
    }

    private String address(int slot) {
        SlotAddress a = kernel.view().addressOf(slot);
        return a == null ? "slot#" + slot : a.toString();
    }

    private static String lookupError(SyscallError se) {
        if (se.error() == SeL4Error.FailedLookup) {
            return "FailedLookup, " + se.lookupFailure();
        }
        if (se.error() == SeL4Error.RangeError) {
            return "RangeError " + range(se.rangeMin(), se.rangeMax()) + " (depth must be 1..64)";
        }
        return se.lookupFailure() == LookupFailure.None ? se.error().name()
                : se.error() + ", " + se.lookupFailure();
    }

    private static String range(long min, long max) {
        return "[" + Long.toUnsignedString(min) + ", " + Long.toUnsignedString(max) + "]";
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
