package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.engine.SettingException;

/**
 * An initial distribution of capabilities among processes, for authority questions. Written as
 * {@code "p0: ep RWGP, shared; p1: ep R, shared"}: each process gets its own TCB and a CNode of
 * radix 2 whose slot 0 holds the process's own CNode cap (guard size 62, so that every CPtr resolves
 * with depth 64 in one level); slots 1, 2, 3 hold the listed caps in order. The objects are made by
 * the initial thread from one untyped region, as a root task would, and are named:
 * {@code ep} and {@code ep2} (endpoints), {@code ntfn} (a notification), {@code shared} and
 * {@code shared2} (CNodes of radix 1 that several processes may hold). A cap is listed as the object
 * and optionally its rights (default all).
 */
public final class Distribution {
    /** Two processes sharing a CNode; p1 holds only a read right to the endpoint p0 holds fully. */
    public static final String DEFAULT = "p0: ep RWGP, shared; p1: ep R, shared";

    public static final int PROCESS_RADIX = 2;
    public static final long PROCESS_GUARD_SIZE = 64 - PROCESS_RADIX;
    public static final int SHARED_RADIX = 1;

    /** One listed cap: the object's name and the rights. */
    public record Grant(String object, int rights) {
    }

    private static final List<String> OBJECTS = GrantRules.KNOWN;

    private final List<List<Grant>> grants;

    private Distribution(List<List<Grant>> grants) {
        this.grants = grants;
    }

    public int processes() {
        return grants.size();
    }

    public List<Grant> grantsOf(int process) {
        return grants.get(process);
    }

    /** Parses the text form; throws a {@link SettingException} (setting "distribution") naming what is wrong. */
    public static Distribution parse(String text, int processes) {
        Map<Integer, List<Grant>> byProcess = new LinkedHashMap<>();
        int caps = 0;
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            if (colon < 0 || !p.toLowerCase(Locale.ROOT).startsWith("p")) {
                throw new SettingException("distribution", ": '" + p + "' must read 'pN: object [RIGHTS], ...'");
            }
            int process = GrantRules.process(p.substring(0, colon));
            if (process < 0) {
                throw new SettingException("distribution", ": '" + p.substring(0, colon) + "' is not a process name like p0");
            }
            if (process < 0 || process >= processes) {
                throw new SettingException("distribution", ": p" + process + " does not exist (there are "
                        + processes + " processes, p0 to p" + (processes - 1) + ")");
            }
            List<Grant> list = new ArrayList<>();
            for (String g : p.substring(colon + 1).split(",")) {
                String[] words = g.trim().split("\\s+");
                if (words.length == 0 || words[0].isEmpty()) {
                    continue;
                }
                String object = GrantRules.object(words[0]);
                if (!OBJECTS.contains(object)) {
                    throw new SettingException("distribution", ": unknown object '" + words[0] + "' (known: "
                            + String.join(", ", OBJECTS) + ")");
                }
                int rights = words.length > 1 ? GrantRules.rights(words[1]) : GrantRules.carried(object);
                if (rights < 0 || words.length > 2) {
                    throw new SettingException("distribution", ": bad rights in '" + g.trim()
                            + "' (letters R, W, G, P in any case, or - for none)");
                }
                GrantRules.checkCarried("distribution", g.trim(), object, rights);
                list.add(new Grant(object, rights));
            }
            if (list.size() > (1 << PROCESS_RADIX) - 1) {
                throw new SettingException("distribution", ": p" + process + " lists " + list.size()
                        + " caps; a process CNode holds at most " + ((1 << PROCESS_RADIX) - 1));
            }
            if (byProcess.containsKey(process)) {
                // Before, the second entry silently replaced the first, and a query answered about a
                // system the user did not describe.
                throw new SettingException("distribution", ": p" + process + " is named twice; list all its "
                        + "caps in one entry, 'p" + process + ": ep R, shared'");
            }
            byProcess.put(process, list);
            caps += list.size();
        }
        if (caps == 0) {
            throw new SettingException("distribution", ": '" + text + "' names no caps; give at least one, e.g. '"
                    + DEFAULT + "'");
        }
        List<List<Grant>> grants = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            grants.add(byProcess.getOrDefault(i, List.of()));
        }
        return new Distribution(grants);
    }

    /** What setting up a distribution left: the kernel and, per process, its TCB and CNode. */
    public record Setup(Kernel kernel, int[] threads, long[] cnodeAddresses, Map<String, Long> objectAddresses) {
    }

    /** Boot configuration for a distributed system: root CNode of radix 6 and one 16 KiB untyped. */
    public static BootConfig bootConfig() {
        return BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 32).withFanoutLimit(8)
                .withUntyped(List.of(new UntypedRegion(0x100000, 14, false)));
    }

    /**
     * Builds the system from the initial thread: objects from the untyped, then per process a TCB
     * and a CNode with its own cap in slot 0, set as the TCB's CSpace root (TCB_SetSpace), then the
     * listed caps. The initial thread is not one of the processes. The kernel is {@code mutant}'s
     * ({@link Mutant#NONE} for seL4's rules), so a seeded bug is in force from the set-up on.
     *
     * @throws IllegalStateException if an invocation of the set-up fails (on a correct kernel it never does)
     */
    public Setup build(Mutant mutant) {
        Kernel k = mutant.boot(bootConfig());
        Map<String, Long> objectSlot = new LinkedHashMap<>();
        long next = 20;
        for (String o : OBJECTS) {
            ObjectType t = o.startsWith("ep") ? ObjectType.Endpoint : o.equals("ntfn") ? ObjectType.Notification
                    : ObjectType.CNode;
            must(k, k.untypedRetype(16, t, o.startsWith("shared") ? SHARED_RADIX : 0, 2, 0, 0, next, 1), "create " + o);
            objectSlot.put(o, next++);
        }
        int[] threads = new int[processes()];
        long[] cnodes = new long[processes()];
        for (int p = 0; p < processes(); p++) {
            long tcbSlot = next++;
            long cnodeSlot = next++;
            must(k, k.untypedRetype(16, ObjectType.TCB, 0, 2, 0, 0, tcbSlot, 1), "TCB of p" + p);
            must(k, k.untypedRetype(16, ObjectType.CNode, PROCESS_RADIX, 2, 0, 0, cnodeSlot, 1), "CNode of p" + p);
            // Slot 0: the process's own CNode cap, guarded so that depth-64 CPtrs resolve in one level.
            must(k, k.cnodeMint(cnodeSlot, 0, PROCESS_RADIX, 2, cnodeSlot, 64, Rights.ALL, PROCESS_GUARD_SIZE),
                    "own cap of p" + p);
            must(k, k.tcbSetSpace(tcbSlot, 0, cnodeSlot, PROCESS_GUARD_SIZE, cnodeSlot, 0), "CSpace of p" + p);
            int index = 1;
            for (Grant g : grants.get(p)) {
                must(k, k.cnodeMint(cnodeSlot, index++, PROCESS_RADIX, 2, objectSlot.get(g.object()), 64, g.rights(), 0),
                        g.object() + " to p" + p);
            }
            threads[p] = k.view().threadOf(k.view().rootSlot(tcbSlot));
            cnodes[p] = k.view().capAt(k.view().rootSlot(cnodeSlot)).paddr();
        }
        Map<String, Long> addresses = new LinkedHashMap<>();
        objectSlot.forEach((o, slot) -> addresses.put(o, k.view().capAt(k.view().rootSlot(slot)).paddr()));
        return new Setup(k, threads, cnodes, addresses);
    }

    private static void must(Kernel k, SeL4Error e, String what) {
        if (e != SeL4Error.NoError) {
            throw new IllegalStateException("setting up the distribution failed at '" + what + "': " + k.lastError());
        }
    }
}
