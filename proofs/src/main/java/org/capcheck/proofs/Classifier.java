package org.capcheck.proofs;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.proofs.bmc.BoundedModelChecker;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Abstraction;
import org.capcheck.spec.refine.Invocation;

/**
 * Classifies a preservation counterexample. Bounded model checking from boot looks for a state that
 * breaks the same invariant within a few steps. Found: the steps are replayed on cap-core (on the
 * cap-mutants kernel with the same seeded bug, when the relation was broken on purpose) and on the
 * specification; if cap-core's own {@code checkInvariants()} then fails, it is a real bug, shown as a
 * captrace file; if not, only the encoding does it (the relation is wrong). Not found: a
 * counterexample to induction, a state no run reaches that the invariants fail to exclude, shown as
 * the state to strengthen them against.
 */
public final class Classifier {
    private final Variant variant;
    private final BootConfig config;
    private final int depth;
    private final int spareSlots;

    public Classifier(Variant variant, BootConfig config, int depth, int spareSlots) {
        this.variant = variant;
        this.config = config;
        this.depth = depth;
        this.spareSlots = spareSlots;
    }

    /** The cap-core kernel with the bug the variant seeds, if cap-mutants has one. */
    static Mutant mutantFor(Variant v) {
        switch (v) {
            case UNTYPED_COPY_NOT_FULL:
                return Mutant.UNTYPED_COPY_NOT_FULL;
            case RESET_WITH_CHILDREN:
                return Mutant.RESET_WITH_CHILDREN;
            default:
                return Mutant.NONE;
        }
    }

    public Counterexample classify(Counterexample c) {
        if (c.obligation().kind() != Obligation.Kind.PRESERVATION) {
            return c;
        }
        BoundedModelChecker bmc = new BoundedModelChecker(variant, config, spareSlots, 600_000);
        BoundedModelChecker.Answer a = bmc.findViolation(c.obligation().invariant(), depth);
        if (!a.reachable()) {
            return c.withKind(Counterexample.Kind.INDUCTION, "no state within " + depth + " steps of boot (with "
                    + spareSlots + " spare slots) breaks " + c.obligation().invariant().id()
                    + ": a counterexample to induction; strengthen the invariants against the state before.\n");
        }
        List<Invocation> steps = a.witness().invocations();
        Mutant m = mutantFor(variant);
        Kernel k = m.boot(config);
        CapSpec spec = new CapSpec(config);
        SpecState s = spec.boot();
        List<String> lines = new ArrayList<>();
        lines.add(header(config));
        List<String> broken = List.of();
        int departs = -1;
        for (Invocation inv : steps) {
            SeL4Error e = inv.applyTo(k);
            lines.add(line(inv, e));
            Outcome o = inv.applyTo(spec, s);
            s = o.state();
            if (departs < 0 && !Abstraction.of(k).withoutOrder().equals(s.withoutOrder())) {
                departs = lines.size() - 1;
            }
            broken = k.checkInvariants();
            if (!broken.isEmpty()) {
                break;
            }
        }
        String trace = String.join("\n", lines) + "\n";
        if (!broken.isEmpty()) {
            return c.withKind(Counterexample.Kind.REAL_BUG, "reached from boot in " + steps.size()
                    + " step(s); cap-core" + (m == Mutant.NONE ? "" : " (mutant " + m + ")")
                    + " breaks " + broken + (departs > 0 ? "; it departs from the specification at step " + departs
                    : "; the specification takes the same steps") + ". captrace:\n" + trace);
        }
        return c.withKind(Counterexample.Kind.ENCODING_ONLY, "the encoding reaches it from boot by " + steps
                + ", but neither cap-core nor the specification breaks an invariant on these steps"
                + ": the transition relation is wrong.\n");
    }

    static String header(BootConfig c) {
        StringBuilder b = new StringBuilder("{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": ")
                .append(c.rootCNodeBits()).append(", \"untyped\": [");
        for (int i = 0; i < c.untyped().size(); i++) {
            UntypedRegion u = c.untyped().get(i);
            b.append(i == 0 ? "" : ", ").append("{\"paddr\": ").append(u.paddr()).append(", \"size_bits\": ")
                    .append(u.sizeBits()).append(", \"device\": ").append(u.device()).append('}');
        }
        return b.append("], \"max_irq\": ").append(c.maxIrq()).append("}}").toString();
    }

    static String line(Invocation inv, SeL4Error e) {
        StringBuilder b = new StringBuilder("{\"op\": \"").append(inv.op().name()).append("\", \"args\": {");
        List<String> names = inv.op().argNames();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            b.append(i == 0 ? "" : ", ").append('"').append(n).append("\": ");
            long v = inv.arg(i);
            if (n.equals("rights")) {
                b.append('"').append(Rights.toLetters(Rights.fromWord(v))).append('"');
            } else if (n.equals("type")) {
                ObjectType t = ObjectType.ofNumber(v);
                b.append('"').append(t == null ? "Untyped" : t.name()).append('"');
            } else {
                b.append(v >= 0 && v < (1L << 53) ? Long.toString(v) : "\"0x" + Long.toHexString(v) + "\"");
            }
        }
        return b.append("}, \"expect\": {\"error\": \"").append(e.name()).append("\"}}").toString();
    }
}
