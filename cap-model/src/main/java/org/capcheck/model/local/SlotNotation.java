package org.capcheck.model.local;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capcheck.spec.Slot;

/**
 * One slot notation throughout a trace: text from elsewhere (the refinement checker writes slots as
 * {@code 0x1000[20]}, the CNode's address and the index) is rewritten into the model's names
 * ({@code root[20]}, {@code p1[2]}, {@code shared[0]}), as the trace's fields are written.
 */
final class SlotNotation {
    private static final Pattern ADDRESSED = Pattern.compile("0x([0-9a-fA-F]+)\\[(\\d+)\\]");

    private SlotNotation() {
    }

    static String rename(String text, Function<Slot, String> name) {
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESSED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Slot s = new Slot(Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement(name.apply(s)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
