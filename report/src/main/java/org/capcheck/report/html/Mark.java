package org.capcheck.report.html;

import java.util.Locale;

/** What the step shown did to a node of a tree: nothing, or created, changed or removed it. */
public enum Mark {
    UNCHANGED,
    ADDED,
    CHANGED,
    DELETED;

    /** The CSS class a marked node carries ({@code added}, {@code changed}, {@code deleted}); empty when unchanged. */
    public String cssClass() {
        return this == UNCHANGED ? "" : name().toLowerCase(Locale.ROOT);
    }
}
