package org.capcheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.junit.jupiter.api.Test;

/** Campaigns over a user's Model: a counter that may be incremented, doubled or reset. */
class ModelCampaignTest {
    /** The counter must stay below {@code limit}; {@code throwAt}: next() throws on reaching it. */
    record Counter(int limit, int throwAt) implements Model<Integer, String> {
        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer s, List<String> actions) {
            actions.add("inc");
            actions.add("double");
            actions.add("reset");
        }

        @Override
        public Integer next(Integer s, String a) {
            int n = a.equals("inc") ? s + 1 : a.equals("double") ? s * 2 : 0;
            if (n == throwAt) {
                throw new IllegalStateException("boom at " + n);
            }
            return n;
        }

        @Override
        public List<Property<Integer>> properties() {
            return List.of(Property.always("below the limit", s -> s < limit),
                    Property.sometimes("reaches 3", s -> s == 3));
        }
    }

    @Test
    void aHoldingPropertyPasses() {
        ModelCampaign.Result r = Campaign.over(new Counter(1 << 30, -1)).seed(4).steps(5_000).runLength(20)
                .assertNoFailure();
        assertEquals(5_000, r.steps());
        assertEquals(250, r.runs());
        assertTrue(r.distinctStates() > 20);
    }

    @Test
    void aViolationIsShrunkAndItsReportReplays() {
        Counter c = new Counter(5, -1);
        AssertionError e = assertThrows(AssertionError.class,
                () -> Campaign.over(c).seed(4).steps(5_000).runLength(30).assertNoFailure());
        assertTrue(e.getMessage().startsWith("property violated: below the limit\n"), e.getMessage());
        ModelCampaign.Failure f = Campaign.over(c).seed(4).steps(5_000).runLength(30).assertFails();
        // 5 is reached at the fewest in 4 steps (inc, inc, double, inc); five incs are 1-minimal too.
        assertTrue(f.actions().size() >= 4 && f.actions().size() <= 5, f.report());
        assertTrue(f.actions().size() <= f.originalSteps(), f.report());
        assertEquals("below the limit", ModelCampaign.replay(c, f.actions()));
        assertNull(ModelCampaign.replay(new Counter(100, -1), f.actions()));
        assertEquals(f, Campaign.over(c).seed(4).steps(5_000).runLength(30).assertFails(), "determined by the seed");
    }

    @Test
    void aThrowingStepIsAFailureToo() {
        ModelCampaign.Failure f = Campaign.over(new Counter(1 << 30, 6)).seed(2).steps(5_000).runLength(30)
                .assertFails();
        assertTrue(f.property().startsWith("next() threw java.lang.IllegalStateException: boom at 6"), f.property());
        assertTrue(f.actions().size() <= 6, f.report());
    }

    @Test
    void noFailureMakesAssertFailsFail() {
        assertThrows(AssertionError.class,
                () -> Campaign.over(new Counter(1 << 30, -1)).seed(1).steps(100).assertFails());
        assertThrows(IllegalArgumentException.class, () -> Campaign.over(new Counter(1, -1)).steps(0));
    }
}
