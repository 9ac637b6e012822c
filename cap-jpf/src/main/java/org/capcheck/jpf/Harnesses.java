package org.capcheck.jpf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.capcheck.core.Mutant;

/** The built-in harnesses, by name ({@code capcheck check --harness NAME}). */
public final class Harnesses {
    private static final Map<String, Supplier<Harness>> BY_NAME = new LinkedHashMap<>();

    static {
        register("cap-revoke", () -> new CapRevokeHarness("cap-revoke", Mutant.NONE, 3));
        register("cap-revoke-deep", () -> new CapRevokeHarness("cap-revoke-deep", Mutant.NONE, 4));
        register("cap-revoke-mutant",
                () -> new CapRevokeHarness("cap-revoke-mutant", Mutant.DELETE_DROPS_FIRST_BADGED, 4));
        register("racy-counter", () -> new RacyCounterHarness(false));
        register("atomic-counter", () -> new RacyCounterHarness(true));
    }

    private Harnesses() {
    }

    private static void register(String name, Supplier<Harness> factory) {
        BY_NAME.put(name, factory);
    }

    /** A fresh instance of the harness called {@code name}, or null if there is none. */
    public static Harness named(String name) {
        Supplier<Harness> factory = BY_NAME.get(name);
        return factory == null ? null : factory.get();
    }

    /** Every name, in a fixed order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
    }

    /** Each name with its one-line description. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Harness>> e : BY_NAME.entrySet()) {
            out.put(e.getKey(), e.getValue().get().description());
        }
        return Collections.unmodifiableMap(out);
    }
}
