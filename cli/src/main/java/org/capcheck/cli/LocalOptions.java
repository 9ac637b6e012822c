package org.capcheck.cli;

import java.nio.file.Path;
import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.model.local.AuthorityQuery;
import org.capcheck.model.local.Distribution;
import org.capcheck.model.local.LocalBounds;
import org.capcheck.model.local.LocalModel;
import picocli.CommandLine.Option;

/**
 * The local model's options: {@code capcheck check local ...}, and {@code capcheck check ...} with no
 * model, which checks the local model. Each option is a field of {@link LocalBounds} (or the query); the
 * model itself says what is wrong with a value, naming the field, and the command maps it back here.
 */
public final class LocalOptions {

    @Option(names = "--quick",
            description = "Start from the quick setting the test suite uses (today's 30,310 states: slots 20,21,22, "
                    + "badge 1, Copy and Mint with all rights, no guards, no extra depths, Endpoint objects one at a "
                    + "time, IRQ 0); any bound given besides overrides it.")
    boolean quick;

    @Option(names = "--untyped-bits", paramLabel = "N", defaultValue = "7",
            description = "Size of the untyped region, 2^N bytes, 4 to 20 (default: ${DEFAULT-VALUE}).")
    int untypedBits;

    @Option(names = "--slots", paramLabel = "LIST", split = ",", defaultValue = "20,21",
            description = "Root-CNode slots the invocations use (default: ${DEFAULT-VALUE}).")
    List<Integer> slots;

    @Option(names = "--badges", paramLabel = "LIST", split = ",", defaultValue = "0,1",
            description = "Badges Mint may use, at most 3; 0 mints a plain copy (default: ${DEFAULT-VALUE}).")
    List<Long> badges;

    @Option(names = "--cnode-radix", paramLabel = "N", defaultValue = "1",
            description = "Radix of the CNodes Retype may create, 0 for none (default: ${DEFAULT-VALUE}).")
    int cnodeRadix;

    @Option(names = "--untyped-child", paramLabel = "N", defaultValue = "0",
            description = "Size bits of the untyped Retype may split off, 0 for none (default: ${DEFAULT-VALUE}).")
    int untypedChild;

    @Option(names = "--rights", paramLabel = "LIST", split = ",", defaultValue = "all",
            description = "Rights masks Copy and Mint may apply besides RWGP (letters R, W, G, P; '-' for no rights; "
                    + "'all' for every subset, 'none' for no others) (default: ${DEFAULT-VALUE}).")
    List<String> rights;

    @Option(names = "--guards", paramLabel = "LIST", split = ",", defaultValue = "1:1",
            description = "Guards Mint and Mutate may give a CNode cap, as SIZE:VALUE ('none' for none; at most 4) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> guards;

    @Option(names = "--depths", paramLabel = "LIST", split = ",", defaultValue = "0,1,64,65",
            description = "Depths of lookups through a CNode cap held in a slot, besides each CNode's exact depth "
                    + "('none' for none; 0..255, at most 6) (default: ${DEFAULT-VALUE}).")
    List<String> depths;

    @Option(names = "--types", paramLabel = "LIST", split = ",", defaultValue = "Endpoint,Notification",
            description = "Fixed-size object types Retype may create: Endpoint, Notification, TCB, Frame "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> types;

    @Option(names = "--retype-count", paramLabel = "N", defaultValue = "2",
            description = "The most objects one Retype may create, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int retypeCount;

    @Option(names = "--irqs", paramLabel = "LIST", split = ",", defaultValue = "31,32",
            description = "IRQ numbers IRQControl_Get may ask for; max_irq is 31 (default: ${DEFAULT-VALUE}).")
    List<Long> irqs;

    @Option(names = "--probes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "In the initial state, also make the invocations whose arguments fail alike in every "
                    + "state, so that every (operation, error) pair is reached (default: on).")
    boolean probes;

    @Option(names = "--preempt",
            description = "Also explore Delete, Revoke and Retype stopped at their first preemption point.")
    boolean preempt;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1",
            description = "Processes, each with its own CSpace, 1 to 4 (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--distribution", paramLabel = "TEXT",
            description = "With --processes 2 or more: who holds what (default: '" + Distribution.DEFAULT + "').")
    String distribution;

    @Option(names = "--query", paramLabel = "TEXT",
            description = "With --processes 2 or more: an authority question, 'pN can hold RIGHTS to OBJECT'.")
    String query;

    @Option(names = "--mutant", paramLabel = "NAME", defaultValue = "NONE",
            description = "Boot cap-core with a deliberate bug, to see the checker catch it: ${COMPLETION-CANDIDATES}.")
    Mutant mutant;

    @Option(names = "--captrace", paramLabel = "FILE",
            description = "One process only: where to write a counterexample as captrace ('-': standard output; "
                    + "default: beside --json, else ./counterexample.captrace.jsonl).")
    Path captrace;

    /** The model these options describe; throws a SettingException naming the field at fault. */
    LocalModel model() {
        if (captrace != null && processes > 1) {
            throw new org.capcheck.engine.SettingException("captrace", "applies to one process only (a "
                    + "counterexample with several processes is not written as captrace)");
        }
        if (distribution != null && processes < 2) {
            throw new org.capcheck.engine.SettingException("distribution", "needs --processes 2 or more");
        }
        LocalBounds base = quick ? LocalBounds.quick() : LocalBounds.defaults();
        LocalBounds bounds = new LocalBounds(
                given("--untyped-bits") ? untypedBits : base.untypedBits(),
                given("--slots") ? slots : base.slots(),
                given("--badges") ? badges : base.badges(),
                given("--cnode-radix") ? cnodeRadix : base.cnodeRadix(),
                given("--untyped-child") ? untypedChild : base.untypedChild(),
                preempt, processes, distribution != null ? distribution : Distribution.DEFAULT, mutant,
                given("--rights") ? parseRights(rights) : base.rights(),
                given("--guards") ? parseGuards(guards) : base.guards(),
                given("--depths") ? parseDepths(depths) : base.depths(),
                given("--types") ? parseTypes(types) : base.types(),
                given("--retype-count") ? retypeCount : base.retypeCount(),
                given("--irqs") ? irqs : base.irqs(),
                given("--probes") ? probes : base.probes());
        return new LocalModel(bounds, query == null ? null : AuthorityQuery.parse(query));
    }

    /**
     * Whether the user gave {@code flag}: with --quick, the bounds not given come from the quick setting
     * rather than from the defaults the options show.
     */
    private boolean given(String flag) {
        if (!quick || spec == null) {
            return true;
        }
        picocli.CommandLine.ParseResult r = spec.commandLine().getParseResult();
        return r != null && r.hasMatchedOption(flag);
    }

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    private static boolean none(List<String> values) {
        return values.size() == 1 && values.get(0).equals("none");
    }

    static List<Integer> parseRights(List<String> values) {
        if (none(values)) {
            return List.of();
        }
        if (values.size() == 1 && values.get(0).equals("all")) {
            return LocalBounds.everyRightsSubset();
        }
        List<Integer> out = new java.util.ArrayList<>();
        for (String v : values) {
            int r = v.equals("-") ? 0 : org.capcheck.core.Rights.parseLetters(v);
            if (r < 0) {
                throw new org.capcheck.engine.SettingException("rights", ": '" + v + "' is not a rights mask (letters R, "
                        + "W, G, P, each at most once; '-' for none; or 'all' or 'none' alone)");
            }
            out.add(r);
        }
        return out;
    }

    static List<Long> parseGuards(List<String> values) {
        if (none(values)) {
            return List.of();
        }
        List<Long> out = new java.util.ArrayList<>();
        for (String v : values) {
            String[] parts = v.split(":", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                int size = Integer.parseInt(parts[0]);
                long value = Long.parseUnsignedLong(parts[1]);
                if (size < 1 || size > 63 || (size < 58 && value >>> size != 0) || value >>> 58 != 0) {
                    throw new NumberFormatException();
                }
                out.add(LocalBounds.guardWord(size, value));
            } catch (NumberFormatException e) {
                throw new org.capcheck.engine.SettingException("guards", ": '" + v + "' is not SIZE:VALUE with SIZE "
                        + "1..63 and VALUE below 2^SIZE (and below 2^58)");
            }
        }
        return out;
    }

    static List<Long> parseDepths(List<String> values) {
        if (none(values)) {
            return List.of();
        }
        List<Long> out = new java.util.ArrayList<>();
        for (String v : values) {
            try {
                out.add(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new org.capcheck.engine.SettingException("depths", ": '" + v + "' is not a number");
            }
        }
        return out;
    }

    static List<ObjectType> parseTypes(List<String> values) {
        List<ObjectType> out = new java.util.ArrayList<>();
        for (String v : values) {
            ObjectType t = ObjectType.ofName(v);
            if (t == null) {
                throw new org.capcheck.engine.SettingException("types", ": '" + v + "' is not an object type (Endpoint, "
                        + "Notification, TCB, Frame)");
            }
            out.add(t);
        }
        return out;
    }
}
