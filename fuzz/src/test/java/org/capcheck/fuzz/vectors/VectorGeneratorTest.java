package org.capcheck.fuzz.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.core.Mutant;
import org.junit.jupiter.api.Test;

class VectorGeneratorTest {

    private static final class Traces {
        final List<String> texts = new ArrayList<>();
        VectorResult result;
    }

    private static Traces run(VectorOptions o) throws IOException {
        Traces t = new Traces();
        t.result = VectorGenerator.generate(o, () -> false, (i, text) -> t.texts.add(text), (d, n, c) -> { });
        return t;
    }

    @Test
    void theDefaultOptionsCoverEveryReachablePairAndEveryTraceReplays() throws IOException {
        Traces t = run(VectorOptions.defaults());
        VectorResult r = t.result;
        assertNull(r.finding(), r.text());
        assertEquals(List.of(), r.coverage().missing(), r.text());
        assertEquals(List.of(), r.coverage().outsideTable(), r.text());
        assertEquals(VectorOptions.DEFAULT_COUNT, t.texts.size());
        for (String text : t.texts) {
            ReplayOutcome out = Replayer.replay(text.getBytes(StandardCharsets.UTF_8), false);
            assertEquals(ReplayOutcome.Status.MATCHED, out.status(), text + "\n" + out.differences());
        }
        System.out.println(r.text());
    }
}
