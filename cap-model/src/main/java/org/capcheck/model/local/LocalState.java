package org.capcheck.model.local;

import java.util.List;
import org.capcheck.core.Kernel;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Abstraction;

/**
 * A state of the {@code local} model: cap-core's canonical encoding of the kernel ({@link Kernel#encode()}),
 * and two history variables about the step that led here: what it did ({@link Effect}, for the
 * sometimes-properties) and, if cap-core failed to refine the specification on it, the report. The
 * model's {@code encode} (the encoding, the history, and which processes can invoke, a function of the
 * kernel) is the state's identity; the class has no {@code equals} of its own.
 *
 * <p>No kernel is kept: whatever needs one loads the encoding into a per-thread scratch kernel
 * ({@link Kernel#load}). The abstraction ({@link SpecState}) and the invariant check are derived on
 * demand and cached in this object, which the engine drops once it has queued the state's encoding.
 */
public final class LocalState {
    /** Notable things a step can do; the sometimes-properties ask that each be reached. */
    public enum Effect {
        NONE,
        /** A Revoke deleted descendants at least three levels deep. */
        CHAIN_REVOKED,
        /** A Retype reset an untyped that had been used. */
        UNTYPED_RESET,
        /** A Delete removed the final cap of a CNode that held caps. */
        CNODE_WITH_CAPS_DELETED,
        /** A Revoke deleted the copies of a badged original. */
        BADGE_REVOKED;

        static final Effect[] ALL = values();
    }

    /** The report given for a refinement failure rebuilt from an encoding, which records only that it failed. */
    static final String FAILED = "cap-core failed to refine the specification on the step to this state";

    private final Scratch scratch;
    private final byte[] encoding;
    final Effect effect;
    final String refinementFailure;
    /** Bit p: process p can make an invocation (with one process, the initial thread can). */
    final int alive;
    private volatile SpecState abstraction;
    private volatile List<String> invariantFailures;
    /** Per process: its view's encoding and abstraction (several processes only), computed on demand. */
    private Object[] perProcess;

    LocalState(Scratch scratch, byte[] encoding, int alive, SpecState abstraction, Effect effect,
               String refinementFailure) {
        this.scratch = scratch;
        this.encoding = encoding;
        this.alive = alive;
        this.abstraction = abstraction;
        this.effect = effect;
        this.refinementFailure = refinementFailure;
    }

    byte[] encoding() {
        return encoding;
    }

    /** The specification's view of this state, computed from the encoding the first time it is asked for. */
    public SpecState abstraction() {
        SpecState a = abstraction;
        if (a == null) {
            a = Abstraction.of(scratch.inspect(encoding));
            abstraction = a;
        }
        return a;
    }

    /** The invariants broken by the step to this state, when that step says more than the encoding can. */
    void presetInvariantFailures(List<String> failures) {
        invariantFailures = List.copyOf(failures);
    }

    /** cap-core's invariant violations in this state (empty when they hold), computed on demand. */
    List<String> invariantFailures() {
        List<String> f = invariantFailures;
        if (f == null) {
            f = List.copyOf(scratch.invariantFailures(encoding));
            invariantFailures = f;
        }
        return f;
    }

    /**
     * This state as process {@code p} sees it when it makes an invocation: the kernel with p as the
     * current thread, its canonical encoding and its abstraction. Computed once per state and process.
     */
    synchronized Object[] asProcess(int p, int processes, int thread) {
        if (perProcess == null) {
            perProcess = new Object[processes];
        }
        if (perProcess[p] == null) {
            Kernel k = scratch.inspect(encoding);
            k.switchThread(thread);
            perProcess[p] = new Object[] {k.encode(), Abstraction.of(k)};
        }
        return (Object[]) perProcess[p];
    }

    /**
     * This state with its processes renamed ({@link ProcessSymmetry}): another encoding and mask of
     * processes that can invoke, the same history (and the same invariant failures, if the step preset them).
     */
    LocalState renamed(byte[] renamedEncoding, int renamedAlive) {
        LocalState s = new LocalState(scratch, renamedEncoding, renamedAlive, null, effect, refinementFailure);
        s.invariantFailures = invariantFailures;
        return s;
    }

    public Effect effect() {
        return effect;
    }

    /** Null, or how cap-core failed to refine the specification on the step to this state. */
    public String refinementFailure() {
        return refinementFailure;
    }

    /** A kernel in this state, the caller's own. */
    public Kernel kernel() {
        return scratch.fresh(encoding);
    }

    @Override
    public String toString() {
        return abstraction().toString();
    }

    /**
     * Kernels to step and inspect states in: per thread, one to run invocations on and one to look at a
     * state with, made from the model's initial kernel, which nothing changes. A state is loaded from its
     * encoding ({@link Kernel#load}, which allocates nothing after a kernel's first load) into the
     * inspecting kernel, once for all its uses while it is expanded (its abstraction, its invariants); the
     * stepping kernel is restored from that one before each step that needs it ({@link Kernel#copyFrom},
     * which copies back only the slots the last step wrote), instead of decoding the bytes again after
     * every step that changed something. A state a step has just made is checked on the stepping kernel
     * that made it ({@link Kernels#workHolds(byte[])}), so the expanded state stays loaded in the inspecting
     * kernel.
     */
    static final class Scratch {
        private final Kernel template;
        private final ThreadLocal<Kernels> kernels;

        /**
         * One thread's kernels, and the encodings they are known to hold (null: unknown). A step takes them
         * once ({@link #mine}) for all it does with them.
         */
        static final class Kernels {
            final Kernel work;
            final Kernel inspect;
            /**
             * The encoding the stepping kernel was last known to be in, and its {@link Kernel#modifications()}
             * then: while the count is the same, nothing has written to it, and it still is in that state.
             */
            byte[] workHolds;
            long workModifications;
            /**
             * The encoding the inspecting kernel was last loaded with, and its {@link Kernel#modifications()}
             * right after: while the count is the same, nothing has written to it, and it still holds that state.
             */
            byte[] inspectHolds;
            long inspectModifications;
            /** Where the stepping kernel's encodings are written before one is known to be needed. */
            byte[] buffer = new byte[1024];

            Kernels(Kernel work, Kernel inspect) {
                this.work = work;
                this.inspect = inspect;
            }

            /** Whether the stepping kernel is in the state {@code encoding} describes, as far as is known. */
            boolean workIsIn(byte[] encoding) {
                return workHolds == encoding && work.modifications() == workModifications;
            }

            /**
             * This thread's kernel for stepping, in the state {@code encoding} describes: left as it is when it is
             * known to be in that state already ({@link #workHolds(byte[])}); otherwise
             * made a copy of the inspecting kernel, loaded with the encoding first if it holds another state.
             * The copy behaves as a kernel loaded from the encoding would: the inspecting kernel was loaded so
             * and has not been written since (its last error, events and work budget are a loaded kernel's).
             * The caller is about to step it: it holds no known state until {@link #workHolds(byte[])} says so.
             */
            Kernel work(byte[] encoding) {
                boolean holds = workIsIn(encoding);
                workHolds = null;
                if (holds) {
                    return work;
                }
                if (!work.copyFrom(inspect(encoding))) {
                    throw new IllegalStateException("cap-core cannot copy a kernel of the same configuration");
                }
                return work;
            }

            /**
             * The last step on this thread's stepping kernel ran to completion (nothing left preempted, the step
             * bound kept) and left it in the state {@code encoding} describes: the state it started from, when
             * the step changed nothing, or the new state it made. The kernel then behaves as one freshly loaded
             * with it (every invocation starts by clearing the last error, the events and the work budget), so
             * the next step from that state need not restore it, and the state's invariants are checked on it
             * ({@link Scratch#invariantFailures}) instead of loading it into the inspecting kernel, which holds the
             * state being expanded and would have to load that again for the next step.
             */
            void workHolds(byte[] encoding) {
                workHolds = encoding;
                workModifications = work.modifications();
            }

            /**
             * The encoding of {@code k} (this thread's stepping kernel), or null if it is {@code before}:
             * encoded into this thread's buffer, and copied out only when it differs.
             */
            byte[] encodeIfChanged(Kernel k, byte[] before) {
                int n = k.encode(buffer);
                if (n > buffer.length) {
                    buffer = new byte[Math.max(n, 2 * buffer.length)];
                    k.encode(buffer);
                }
                if (java.util.Arrays.equals(buffer, 0, n, before, 0, before.length)) {
                    return null;
                }
                return java.util.Arrays.copyOf(buffer, n);
            }

            /** The inspecting kernel in the state {@code encoding} describes, loaded only if it holds another. */
            Kernel inspect(byte[] encoding) {
                if (inspectHolds != encoding || inspect.modifications() != inspectModifications) {
                    inspectHolds = null;
                    loaded(inspect, encoding);
                    inspectHolds = encoding;
                    inspectModifications = inspect.modifications();
                }
                return inspect;
            }
        }

        Scratch(Kernel template) {
            this.template = template;
            this.kernels = ThreadLocal.withInitial(() -> new Kernels(copyOfTemplate(), copyOfTemplate()));
        }

        private synchronized Kernel copyOfTemplate() {
            return template.copy();
        }

        /** This thread's kernels. */
        Kernels mine() {
            return kernels.get();
        }

        /** cap-core's invariant violations in the state {@code encoding} describes. */
        List<String> invariantFailures(byte[] encoding) {
            Kernels k = kernels.get();
            return (k.workIsIn(encoding) ? k.work : k.inspect(encoding)).checkInvariants();
        }

        /**
         * This thread's kernel for inspecting a state, in the state {@code encoding} describes (loaded unless
         * it holds it already); valid until the next call. A caller that writes to it (a thread switch) makes
         * the next call load it again.
         */
        Kernel inspect(byte[] encoding) {
            return kernels.get().inspect(encoding);
        }

        Kernel fresh(byte[] encoding) {
            return loaded(copyOfTemplate(), encoding);
        }

        private static Kernel loaded(Kernel k, byte[] encoding) {
            if (!k.load(encoding)) {
                throw new IllegalStateException("cap-core cannot load a state's encoding");
            }
            return k;
        }
    }
}
