package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.engine.SettingException;

/**
 * The bounds of the {@code local} model: how big the system is and which argument values the
 * invocations may take. Everything outside these domains is left unexplored. Each domain is covered by
 * targeted actions (see {@link LocalActions}), not by a cross product with every other argument, so that
 * a state offers a moderate number of actions: every action costs a kernel step in every state.
 *
 * <p>{@link #quick()} is the small setting the test suite uses (30,310 states); {@link #defaults()} is
 * what {@code capcheck check} explores, chosen in docs/model-checker.md.
 *
 * @param untypedBits  size of the one untyped region (bytes = 2^untypedBits)
 * @param slots        root-CNode slots the invocations may use as destinations and sources (besides
 *                     the untyped's slot 16)
 * @param badges       badges Mint may use (0 makes a plain copy; any badge on an already-badged cap
 *                     makes seL4's updateCapData return the null cap, hence IllegalOperation)
 * @param cnodeRadix   radix of the CNodes Retype may create; 0 to create none
 * @param untypedChild size of the untyped Retype may split off; 0 for none
 * @param preempt      also explore Delete, Revoke and Retype stopped at their first preemption point
 *                     (work budget 1), with any invocation allowed in between
 * @param processes    threads, each with its own CSpace (see {@link Distribution}); 1 for the
 *                     initial thread alone
 * @param distribution the initial distribution of caps when processes &gt; 1
 * @param mutant       the deliberate bug to boot cap-core with ({@link Mutant#NONE} normally), to
 *                     show the checker catching it
 * @param rights       rights masks ({@link Rights}) Copy and Mint may apply besides all four, from the
 *                     first slot into the second (seL4's maskCapRights)
 * @param guards       CNode cap-data words (seL4's guard size in the low 6 bits, the guard above them)
 *                     that Mint and Mutate may apply to a CNode cap, so that lookups through it can
 *                     fail on the guard; the same words act as badges on endpoint caps
 * @param depths       depths at which lookups go through a CNode cap held in a slot, besides each
 *                     CNode's exact depth (radix plus guard size); 0 and above 64 give RangeError
 * @param types        fixed-size object types Retype may create (CNodes and untypeds have their own
 *                     bounds); of different sizes, so that one untyped's free index is realigned
 * @param retypeCount  the most objects one Retype may create (into consecutive slots from the first)
 * @param irqs         IRQ numbers IRQControl_Get may ask for; those above max_irq give RangeError
 * @param probes       in the initial state, also make the invocations whose arguments fail the same
 *                     way in every state (a CPtr that resolves to nothing, a depth of 0, ...), so that
 *                     each error an operation can return is seen once without costing every state
 */
public record LocalBounds(int untypedBits, List<Integer> slots, List<Long> badges, int cnodeRadix, int untypedChild,
                          boolean preempt, int processes, String distribution, Mutant mutant, List<Integer> rights,
                          List<Long> guards, List<Long> depths, List<ObjectType> types, int retypeCount,
                          List<Long> irqs, boolean probes) {

    public static final int ROOT_CNODE_BITS = 5;
    public static final int UNTYPED_SLOT = 16;
    /** The local model's max_irq (captrace's default). */
    public static final int MAX_IRQ = 31;
    /** The local model's CONFIG_RETYPE_FAN_OUT_LIMIT. */
    public static final int FANOUT_LIMIT = 8;
    /** Bits of a CNode cap-data word that give the guard size (seL4's wordRadix on 64-bit). */
    static final int GUARD_SIZE_BITS = 6;

    public LocalBounds {
        slots = List.copyOf(slots);
        badges = List.copyOf(badges);
        rights = List.copyOf(rights);
        guards = List.copyOf(guards);
        depths = List.copyOf(depths);
        types = List.copyOf(types);
        irqs = List.copyOf(irqs);
    }

    /**
     * Bounds with the argument domains of {@link #quick()} for everything not named: Copy and Mint with
     * all rights, no guards, no extra depths, Endpoint objects one at a time, IRQ 0, and no probes.
     */
    public LocalBounds(int untypedBits, List<Integer> slots, List<Long> badges, int cnodeRadix, int untypedChild,
                       boolean preempt, int processes, String distribution, Mutant mutant) {
        this(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution, mutant, List.of(),
                List.of(), List.of(), List.of(ObjectType.Endpoint), 1, List.of(0L), false);
    }

    /**
     * The quick setting the test suite uses: the defaults before the domains were widened (30,310
     * distinct states), with the argument probes of the initial state, which add no state.
     */
    public static LocalBounds quick() {
        return new LocalBounds(6, List.of(20, 21, 22), List.of(1L), 1, 0, false, 1, Distribution.DEFAULT, Mutant.NONE)
                .withProbes(true);
    }

    /**
     * What {@code capcheck check} explores: every domain of issue 8, over two slots and a 128-byte
     * untyped (1,934,576 states; three slots, a third badge or an untyped child multiply the domains
     * past what a run of a minute or two can exhaust; see docs/model-checker.md for what each bound
     * reaches and why these). To make the default run larger
     * or smaller, change the values here and the CLI's matching defaults (a test compares them).
     */
    public static LocalBounds defaults() {
        return new LocalBounds(7, List.of(20, 21), List.of(0L, 1L), 1, 0, false, 1, Distribution.DEFAULT,
                Mutant.NONE, everyRightsSubset(), List.of(guardWord(1, 1)), List.of(0L, 1L, 64L, 65L),
                List.of(ObjectType.Endpoint, ObjectType.Notification), 2,
                List.of((long) MAX_IRQ, (long) MAX_IRQ + 1), true);
    }

    /** The 15 rights masks other than all four (which Copy and Mint always offer). */
    public static List<Integer> everyRightsSubset() {
        List<Integer> r = new ArrayList<>();
        for (int mask = 0; mask < Rights.ALL; mask++) {
            r.add(mask);
        }
        return r;
    }

    /** seL4's CNode cap-data word for a guard of {@code size} bits with value {@code guard}. */
    public static long guardWord(int size, long guard) {
        return (guard << GUARD_SIZE_BITS) | size;
    }

    /** The guard size of a CNode cap-data word. */
    public static int guardSize(long word) {
        return (int) (word & ((1 << GUARD_SIZE_BITS) - 1));
    }

    /** The guard of a CNode cap-data word (as many low bits as its size keeps). */
    public static long guard(long word) {
        int size = guardSize(word);
        long g = word >>> GUARD_SIZE_BITS;
        return size >= 58 ? g : g & ((1L << size) - 1);
    }

    public LocalBounds withSlots(List<Integer> s) {
        return new LocalBounds(untypedBits, s, badges, cnodeRadix, untypedChild, preempt, processes, distribution, mutant,
                rights, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withPreempt(boolean p) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, p, processes, distribution, mutant,
                rights, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withProcesses(int n, String dist) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, n, dist, mutant,
                rights, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withMutant(Mutant m) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution, m,
                rights, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withBadges(List<Long> b) {
        return new LocalBounds(untypedBits, slots, b, cnodeRadix, untypedChild, preempt, processes, distribution, mutant,
                rights, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withRights(List<Integer> r) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, r, guards, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withGuards(List<Long> g) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, rights, g, depths, types, retypeCount, irqs, probes);
    }

    public LocalBounds withDepths(List<Long> d) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, rights, guards, d, types, retypeCount, irqs, probes);
    }

    public LocalBounds withTypes(List<ObjectType> t, int count) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, rights, guards, depths, t, count, irqs, probes);
    }

    public LocalBounds withIrqs(List<Long> i) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, rights, guards, depths, types, retypeCount, i, probes);
    }

    public LocalBounds withProbes(boolean p) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant, rights, guards, depths, types, retypeCount, irqs, p);
    }

    /**
     * Every reason these bounds make no model, each naming the bound as this record spells it (a front
     * end renames them to its flags); empty if they are fine.
     */
    public List<SettingException.Problem> problems() {
        List<SettingException.Problem> p = new ArrayList<>();
        if (untypedBits < 4 || untypedBits > 20) {
            p.add(new SettingException.Problem("untypedBits", "must be 4..20, not " + untypedBits));
        }
        if (slots.isEmpty() || slots.size() > 8) {
            p.add(new SettingException.Problem("slots", "needs 1 to 8 slots, not " + slots.size()));
        }
        for (int s : slots) {
            if (s < 0 || s >= (1 << ROOT_CNODE_BITS) || s == UNTYPED_SLOT || s == 1 || s == 2 || s == 4) {
                p.add(new SettingException.Problem("slots", ": " + s + " is not a free root-CNode slot (0, 3, 5..15, 17..31)"));
            }
        }
        if (badges.size() > 3) {
            p.add(new SettingException.Problem("badges", "takes at most 3 badges"));
        }
        if (cnodeRadix < 0 || cnodeRadix > 3) {
            p.add(new SettingException.Problem("cnodeRadix", "must be 0..3, not " + cnodeRadix));
        }
        if (untypedChild != 0 && (untypedChild < 4 || untypedChild > untypedBits)) {
            p.add(new SettingException.Problem("untypedChild", "must be 0 or 4.." + untypedBits + ", not " + untypedChild));
        }
        if (processes < 1 || processes > 4) {
            p.add(new SettingException.Problem("processes", "must be 1..4, not " + processes));
        }
        if (mutant == null) {
            p.add(new SettingException.Problem("mutant", "must be given (Mutant.NONE for seL4's rules)"));
        }
        for (int r : rights) {
            if (r < 0 || r > Rights.ALL) {
                p.add(new SettingException.Problem("rights", ": " + r + " is not a rights mask (0.." + Rights.ALL + ")"));
            }
        }
        if (guards.size() > 4) {
            p.add(new SettingException.Problem("guards", "takes at most 4 guards"));
        }
        for (long g : guards) {
            if (guardSize(g) == 0 || guardSize(g) > 63 || g >>> GUARD_SIZE_BITS != guard(g)) {
                p.add(new SettingException.Problem("guards", ": a guard must be SIZE:VALUE with SIZE 1..63 and VALUE "
                        + "below 2^SIZE, not " + guardSize(g) + ":" + Long.toUnsignedString(g >>> GUARD_SIZE_BITS)));
            }
        }
        for (long d : depths) {
            if (d < 0 || d > 255) {
                p.add(new SettingException.Problem("depths", ": " + d + " is not a libsel4 depth (0..255, 8 bits)"));
            }
        }
        if (depths.size() > 6) {
            p.add(new SettingException.Problem("depths", "takes at most 6 depths"));
        }
        if (types.isEmpty()) {
            p.add(new SettingException.Problem("types", "needs at least one object type"));
        }
        for (ObjectType t : types) {
            if (t == ObjectType.CNode || t == ObjectType.Untyped) {
                p.add(new SettingException.Problem("types", ": " + t + " has its own bound (CNode radix, untyped "
                        + "child); name fixed-size types (Endpoint, Notification, TCB, Frame)"));
            }
        }
        if (retypeCount < 1 || retypeCount > FANOUT_LIMIT) {
            p.add(new SettingException.Problem("retypeCount", "must be 1.." + FANOUT_LIMIT + ", not " + retypeCount));
        }
        if (irqs.size() > 4) {
            p.add(new SettingException.Problem("irqs", "takes at most 4 IRQ numbers"));
        }
        for (long i : irqs) {
            if (i < 0 || i > 255) {
                p.add(new SettingException.Problem("irqs", ": " + i + " is outside 0..255"));
            }
        }
        return p;
    }
}
