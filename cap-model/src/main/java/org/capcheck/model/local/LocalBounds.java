package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.engine.SettingException;

/**
 * The bounds of the {@code local} model: how big the system is and which argument values the
 * invocations may take. Everything outside these domains is left unexplored, so the defaults are
 * chosen to reach the interesting cases (a three-level derivation chain, an untyped reset, a CNode
 * deleted with caps in it, a badge minted and revoked) while exhausting in well under a minute.
 *
 * @param untypedBits  size of the one untyped region (bytes = 2^untypedBits)
 * @param slots        root-CNode slots the invocations may use as destinations and sources (besides
 *                     the untyped's slot 16)
 * @param badges       badges Mint may use (0 makes a plain copy)
 * @param cnodeRadix   radix of the CNodes Retype may create; 0 to create none
 * @param untypedChild size of the untyped Retype may split off; 0 for none
 * @param preempt      also explore Delete, Revoke and Retype stopped at their first preemption point
 *                     (work budget 1), with any invocation allowed in between
 * @param processes    threads, each with its own CSpace (see {@link Distribution}); 1 for the
 *                     initial thread alone
 * @param distribution the initial distribution of caps when processes &gt; 1
 * @param mutant       the deliberate bug to boot cap-core with ({@link Mutant#NONE} normally), to
 *                     show the checker catching it
 */
public record LocalBounds(int untypedBits, List<Integer> slots, List<Long> badges, int cnodeRadix, int untypedChild,
                          boolean preempt, int processes, String distribution, Mutant mutant) {

    public static final int ROOT_CNODE_BITS = 5;
    public static final int UNTYPED_SLOT = 16;

    public LocalBounds {
        slots = List.copyOf(slots);
        badges = List.copyOf(badges);
    }

    /** The default bounds (see docs/model-checker.md for what they reach and how long they take). */
    public static LocalBounds defaults() {
        return new LocalBounds(6, List.of(20, 21, 22), List.of(1L), 1, 0, false, 1, Distribution.DEFAULT, Mutant.NONE);
    }

    public LocalBounds withSlots(List<Integer> s) {
        return new LocalBounds(untypedBits, s, badges, cnodeRadix, untypedChild, preempt, processes, distribution, mutant);
    }

    public LocalBounds withPreempt(boolean p) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, p, processes, distribution, mutant);
    }

    public LocalBounds withProcesses(int n, String dist) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, n, dist, mutant);
    }

    public LocalBounds withMutant(Mutant m) {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution, m);
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
        return p;
    }
}
