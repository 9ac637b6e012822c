package org.capcheck.captrace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
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
 * and after every line ({@link ReplayOptions#checkEvery()}). Stops at the first difference unless
 * keep-going.
 *
 * <p>A file is read twice ({@link #replay(Input, ReplayOptions)}): a first pass validates every line,
 * as the contract requires before anything runs, and a second runs them; each pass holds one line at
 * a time, so memory stays bounded whatever the file's length.
 *
 * <p>Preemptible operations run to completion: if the kernel reports a preemption, the same call is
 * made again until it completes ({@link Operation#invoke}), and the line's result is the last call's; a
 * kernel still preempted after {@link Operation#MAX_RESTARTS} restarts does not terminate, which is a
 * difference on that line. So is an exception out of the kernel or out of the invariant check: the
 * line that threw is named, and replay stops there even with keep-going, since the kernel's state is
 * then undefined. Once the initial thread's TCB is destroyed ({@link Kernel#canInvoke()} false), a
 * further invocation line makes the file invalid.
 */
public final class Replayer {
    /** Retype destination slots shown in a difference's slot view. */
    static final int MAX_DEST_VIEWS = 8;

    /** A file that can be opened more than once: replay reads it once to validate, once to run. */
    public interface Input {
        InputStream open() throws IOException;
    }

    /** The lines to run, in order; null at the end. */
    private interface Lines {
        TraceLine next() throws IOException, InvalidTraceException;
    }

    private final Header header;
    private final String headerText;
    private final int lineCount;
    private final String fileMutant;
    private final ReplayOptions opts;
    private Kernel kernel;
    private final List<Difference> differences = new ArrayList<>();
    private int invocations;
    private int checks;
    private int tcbGoneAt = -1;
    /** The line after which the last full invariant check ran (1: after boot). */
    private int lastFullCheckAt = 1;
    /** The line after which the full check before the last one ran. */
    private int previousFullCheckAt = 1;
    /** Lines run since the last full invariant check. */
    private long sinceFullCheck;
    /** The kernel or a check threw, or did not terminate: nothing more can be run on it. */
    private boolean crashed;
    private TraceLine lastLine;

    private Replayer(Header header, String headerText, int lineCount, String fileMutant, ReplayOptions opts) {
        this.header = header;
        this.headerText = headerText;
        this.lineCount = lineCount;
        this.fileMutant = fileMutant;
        this.opts = opts;
    }

    /** Validates the whole file, then (if it is valid) replays it on the correct kernel. */
    public static ReplayOutcome replay(byte[] file, boolean keepGoing) {
        ReplayOptions o = ReplayOptions.defaults().withKeepGoing(keepGoing);
        try {
            return replay(() -> new ByteArrayInputStream(file), o);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory", e);
        }
    }

    /** Replays a validated trace on the correct kernel. */
    public static ReplayOutcome replay(Trace trace, boolean keepGoing) {
        return replay(trace, ReplayOptions.defaults().withKeepGoing(keepGoing));
    }

    /** Replays a validated trace. */
    public static ReplayOutcome replay(Trace trace, ReplayOptions o) {
        Iterator<TraceLine> it = trace.lines().iterator();
        return new Replayer(trace.header(), trace.headerText(), trace.lineCount(), null, o)
                .run(() -> it.hasNext() ? it.next() : null);
    }

    /**
     * Validates the whole file (first pass), then, if it is valid, replays it (second pass). If the
     * file differs on the second reading (it was changed meanwhile), the outcome is INVALID at the line
     * where it stopped being valid.
     *
     * @throws IOException if the file cannot be read
     */
    public static ReplayOutcome replay(Input input, ReplayOptions o) throws IOException {
        int lineCount;
        String hint;
        try (TraceReader r = TraceReader.open(input.open())) {
            long n = 0;
            for (TraceLine l = r.next(); l != null; l = r.next()) {
                if (o.stop().getAsBoolean()) {
                    return new ReplayOutcome(ReplayOutcome.Status.INTERRUPTED, 0, 0, 0, 0, List.of(), null,
                            o.keepGoing(), o.kernelName(), r.mutantHint(), o.checkEvery(), "validating");
                }
                if ((++n & (ReplayOptions.PROGRESS_LINES - 1)) == 0) {
                    o.listener().progress("validating", l.line());
                }
            }
            lineCount = r.linesRead();
            hint = r.mutantHint();
        } catch (InvalidTraceException e) {
            return ReplayOutcome.invalid(e, o);
        } catch (OutOfMemoryError e) {
            return new ReplayOutcome(ReplayOutcome.Status.OUT_OF_MEMORY, 0, 0, 0, 0, List.of(), null, o.keepGoing(),
                    o.kernelName(), null, o.checkEvery(), "validating");
        }
        try (TraceReader r = TraceReader.open(input.open())) {
            return new Replayer(r.header(), r.headerText(), lineCount, hint, o).run(r::next);
        } catch (InvalidTraceException e) {
            return ReplayOutcome.invalid(changed(e), o);
        }
    }

    private static InvalidTraceException changed(InvalidTraceException e) {
        return new InvalidTraceException(e.line(), e.reason() + " (the file changed between validation and replay)");
    }

    private ReplayOutcome run(Lines src) throws UncheckedIOException {
        try {
            kernel = opts.boot().apply(header.bootConfig());
        } catch (OutOfMemoryError e) {
            // A valid header may ask for a kernel the heap cannot hold (cap-core preallocates it all).
            return outOfMemory("booting the kernel");
        } catch (RuntimeException | StackOverflowError e) {
            differences.add(new Difference(1, headerText, "header",
                    List.of(new Mismatch("exception", "the kernel boots", "booting threw " + describe(e))),
                    List.of(), List.of()));
            return outcome(null, null);
        }
        List<String> bootViolations = fullCheck();
        if (!bootViolations.isEmpty()) {
            differences.add(new Difference(1, headerText, "header",
                    List.of(invariantMismatch(bootViolations, 1)), bootViolations, List.of()));
            if (!opts.keepGoing() || crashed) {
                return outcome(null, null);
            }
        }
        try {
            for (TraceLine line = src.next(); line != null; line = src.next()) {
                if (opts.stop().getAsBoolean()) {
                    return outcome(null, "replaying");
                }
                Difference d;
                if (line instanceof Invocation) {
                    Invocation inv = (Invocation) line;
                    if (!kernel.canInvoke()) {
                        return outcome(new InvalidTraceException(inv.line(), "op: no invocation can be made once "
                                + "the initial thread's TCB is destroyed" + (tcbGoneAt > 0 ? " (its last cap was "
                                + "deleted by line " + tcbGoneAt + ")" : "") + "; only check lines may follow"), null);
                    }
                    invocations++;
                    d = invoke(inv);
                    if (!crashed && tcbGoneAt < 0 && !kernel.canInvoke()) {
                        tcbGoneAt = inv.line();
                    }
                } else {
                    checks++;
                    d = check((Check) line);
                }
                lastLine = line;
                if ((((long) invocations + checks) & (ReplayOptions.PROGRESS_LINES - 1)) == 0) {
                    opts.listener().progress("replaying", line.line());
                }
                if (d != null) {
                    differences.add(d);
                    if (!opts.keepGoing() || crashed) {
                        return outcome(null, null);
                    }
                }
            }
        } catch (InvalidTraceException e) {
            return outcome(changed(e), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OutOfMemoryError e) {
            return outOfMemory("replaying");
        }
        try {
            finalCheck();
        } catch (OutOfMemoryError e) {
            return outOfMemory("replaying");
        }
        return outcome(null, null);
    }

    /** The heap ran out: drop the kernel (the bulk of what replay holds) and report the counts so far. */
    private ReplayOutcome outOfMemory(String doing) {
        kernel = null;
        return new ReplayOutcome(ReplayOutcome.Status.OUT_OF_MEMORY, lineCount, invocations + checks, invocations,
                checks, differences, null, opts.keepGoing(), opts.kernelName(), fileMutant, opts.checkEvery(), doing);
    }

    /**
     * With checkEvery above 1, the lines after the last full check still get one, after the last
     * line: a cross-check of the incremental checks that ran after each of them.
     */
    private void finalCheck() {
        if (sinceFullCheck == 0 || lastLine == null || crashed) {
            return;
        }
        List<String> v = fullCheck();
        previousFullCheckAt = lastFullCheckAt;
        lastFullCheckAt = lastLine.line();
        if (!v.isEmpty()) {
            differences.add(new Difference(lastLine.line(), lastLine.text(), lastLine instanceof Check ? "check"
                    : "invocation", List.of(invariantMismatch(v, lastLine.line())), v, safeViews(lastLine)));
        }
    }

    private ReplayOutcome outcome(InvalidTraceException invalid, String interruptedWhile) {
        ReplayOutcome.Status status = invalid != null ? ReplayOutcome.Status.INVALID
                : interruptedWhile != null ? ReplayOutcome.Status.INTERRUPTED
                : differences.isEmpty() ? ReplayOutcome.Status.MATCHED : ReplayOutcome.Status.DIFFERENT;
        return new ReplayOutcome(status, lineCount, invocations + checks, invocations, checks, differences,
                invalid, opts.keepGoing(), opts.kernelName(), fileMutant, opts.checkEvery(), interruptedWhile);
    }

    // ------------------------------------------------------------------------------------------
    // Invocation lines

    private Difference invoke(Invocation inv) {
        SeL4Error result;
        try {
            result = inv.op().invoke(kernel, inv.args());
        } catch (RuntimeException | StackOverflowError e) {
            return crash(inv, "invocation", "the invocation threw " + describe(e));
        }
        if (kernel.wasPreempted()) {
            crashed = true;
            return new Difference(inv.line(), inv.text(), "invocation", List.of(new Mismatch("completes",
                    "the operation completes within " + Operation.MAX_RESTARTS + " restarts",
                    "still preempted after " + Operation.MAX_RESTARTS + " restarts: the kernel does not terminate")),
                    List.of(), safeViews(inv));
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

    /** A line whose invocation or check threw: a difference naming the line; nothing more runs. */
    private Difference crash(TraceLine line, String kind, String what) {
        crashed = true;
        return new Difference(line.line(), line.text(), kind,
                List.of(new Mismatch("exception", "no exception", what)), List.of(), safeViews(line));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getName() + (m == null ? "" : ": " + m);
    }

    // ------------------------------------------------------------------------------------------
    // Check lines

    private Difference check(Check c) {
        try {
            return compareCheck(c);
        } catch (RuntimeException | StackOverflowError e) {
            return crash(c, "check", "looking at the kernel's state threw " + describe(e));
        }
    }

    private Difference compareCheck(Check c) {
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
        List<String> violations = invariantsAfter(line);
        if (!violations.isEmpty()) {
            mm.add(invariantMismatch(violations, line.line()));
        }
        if (mm.isEmpty()) {
            return null;
        }
        return new Difference(line.line(), line.text(), kind, mm, violations, safeViews(line));
    }

    /**
     * The invariants after a line. After every line, cap-core's incremental check: what the line can
     * have broken, reported under the same names as the full check. After every {@code checkEvery}-th
     * line, also the full check from scratch, as a cross-check of the incremental one.
     */
    private List<String> invariantsAfter(TraceLine line) {
        if ((invocations + checks) % opts.checkEvery() == 0) {
            List<String> v = fullCheck();
            previousFullCheckAt = lastFullCheckAt;
            lastFullCheckAt = line.line();
            return v;
        }
        sinceFullCheck++;
        try {
            return kernel.checkInvariantsIncrementally();
        } catch (RuntimeException | StackOverflowError e) {
            crashed = true;
            return List.of("the invariant check threw " + describe(e));
        }
    }

    /** cap-core's full invariant check; one that throws is a violation of its own, and ends the replay. */
    private List<String> fullCheck() {
        sinceFullCheck = 0;
        try {
            return kernel.checkInvariants();
        } catch (RuntimeException | StackOverflowError e) {
            crashed = true;
            return List.of("the invariant check threw " + describe(e));
        }
    }

    private Mismatch invariantMismatch(List<String> violations, int line) {
        return new Mismatch("invariants", "all hold", "violated: " + String.join(", ", violations));
    }

    /** The slot view, or none if looking at the kernel throws (its state is then corrupt). */
    private List<SlotView> safeViews(TraceLine line) {
        try {
            return views(line);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
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
