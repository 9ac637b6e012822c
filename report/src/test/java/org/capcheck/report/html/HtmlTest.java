package org.capcheck.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void markupCharactersBecomeReferences() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;&amp;&#39;y&#39;)&lt;/script&gt;",
                Html.escape("<script>alert(\"x\"&'y')</script>"));
    }

    @Test
    void charactersXmlForbidsBecomeTheReplacementCharacterAndPairsSurvive() {
        assertEquals("a\uFFFDb\tc\n\uFFFD\uD83D\uDE00", Html.escape("a\u0000b\tc\n\uD800\uD83D\uDE00"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void shortenedTextEndsWithAnEllipsisOnlyWhenCut() {
        assertEquals("abc", Html.shorten("abc", 3));
        assertEquals("ab\u2026", Html.shorten("abcd", 3));
    }
}
