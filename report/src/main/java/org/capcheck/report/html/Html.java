package org.capcheck.report.html;

/**
 * Escaping for text placed in HTML and SVG: every name a report shows (a model's field, a property, a
 * file name, a fuzz step) comes from input the user controls, so none reaches the page unescaped.
 */
public final class Html {
    private Html() {
    }

    /**
     * {@code text} safe as element content and as a quoted attribute value: the five characters with a
     * meaning in markup become references, and characters XML 1.0 forbids (controls other than tab,
     * line feed and carriage return, lone surrogates) become U+FFFD, so an SVG parser accepts the page.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                            || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    /** {@code text} cut to at most {@code max} characters, with an ellipsis when it was cut. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
