package org.capcheck.model.local;

import java.util.Locale;
import org.capcheck.core.Rights;
import org.capcheck.engine.SettingException;

/**
 * The one set of rules by which {@code --distribution} and {@code --query} read names and rights, so the
 * two never disagree: process names ({@code p1}), object names ({@code ep}) and rights letters
 * ({@code RW}) are read in any case; {@code -} is no rights. Rights are those seL4 lets a cap of the
 * object's type carry (maskCapRights): an endpoint cap carries R, W, G and P (GrantReply), a
 * notification cap R and W, a CNode cap none. Asking for more is refused, never silently masked.
 */
final class GrantRules {
    /** The objects a distribution makes, by name. */
    static final java.util.List<String> KNOWN = java.util.List.of("ep", "ep2", "ntfn", "shared", "shared2");

    private GrantRules() {
    }

    /** The object name as the model spells it: lower case. */
    static String object(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /** The process number of {@code pN} (any case), or -1 when the word is not one. */
    static int process(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        if (w.length() < 2 || w.charAt(0) != 'p') {
            return -1;
        }
        try {
            return Integer.parseInt(w.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Rights letters in any case, {@code -} for none; -1 when not a set of rights. */
    static int rights(String letters) {
        if (letters.equals("-")) {
            return Rights.NONE;
        }
        return Rights.parseLetters(letters.toUpperCase(Locale.ROOT));
    }

    /** The rights a cap to {@code object} can carry in seL4. */
    static int carried(String object) {
        if (object.startsWith("ep")) {
            return Rights.ALL;
        }
        if (object.equals("ntfn")) {
            return Rights.READ | Rights.WRITE;
        }
        return Rights.NONE; // a CNode cap: seL4's CNode caps have no rights
    }

    /** Refuses {@code rights} a cap to {@code object} cannot carry, naming {@code setting} and the text at fault. */
    static void checkCarried(String setting, String text, String object, int rights) {
        int carried = carried(object);
        if ((rights & ~carried) != 0) {
            String kind = object.startsWith("ep") ? "an endpoint" : object.equals("ntfn") ? "a notification" : "a CNode";
            throw new SettingException(setting, ": '" + text + "' asks for rights " + Rights.toLetters(rights) + ", but "
                    + kind + " cap carries " + (carried == 0 ? "no rights (write - or leave the rights out)"
                            : "only " + Rights.toLetters(carried)));
        }
    }
}
