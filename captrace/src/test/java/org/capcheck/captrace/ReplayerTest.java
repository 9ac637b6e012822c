package org.capcheck.captrace;

import org.capcheck.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayerTest {
    static final String H = TraceParserTest.H;
    /** Line 2 of most traces here: an Endpoint at 0x100000 in root slot 20, child of the untyped in 16. */
    static final String RETYPE_EP = retype("Endpoint", 20, 1, "NoError");

    static String retype(String type, int offset, int n, String error) {
        return "{\"op\": \"Untyped_Retype\", \"args\": {\"service\": 16, \"type\": \"" + type + "\", \"size_bits\": 0, "
                + "\"root\": 2, \"node_index\": 0, \"node_depth\": 0, \"node_offset\": " + offset + ", \"num_objects\": "
                + n + "}, \"expect\": {\"error\": \"" + error + "\"}}";
    }

    static String copy(int dest, int destDepth, int src, String expect) {
        return "{\"op\": \"CNode_Copy\", \"args\": {\"service\": 2, \"dest_index\": " + dest + ", \"dest_depth\": "
                + destDepth + ", \"src_root\": 2, \"src_index\": " + src + ", \"src_depth\": 64, \"rights\": \"RWGP\"}, "
                + "\"expect\": " + expect + "}";
    }

    static String delete(int index) {
        return "{\"op\": \"CNode_Delete\", \"args\": {\"service\": 2, \"index\": " + index + ", \"depth\": 64}, "
                + "\"expect\": {\"error\": \"NoError\"}}";
    }

    static String check(int index, String expect) {
        return "{\"check\": \"slot\", \"root\": 2, \"index\": " + index + ", \"depth\": 64, \"expect\": " + expect + "}";
    }

    static ReplayOutcome replay(boolean keepGoing, String... lines) {
        return Replayer.replay(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), keepGoing);
    }

    static Mismatch mismatch(Difference d, String key) {
        for (Mismatch m : d.mismatches()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new AssertionError("no mismatch on " + key + " in " + d.mismatches());
    }

    static SlotView slot(Difference d, String role) {
        for (SlotView v : d.slots()) {
            if (v.role().equals(role)) {
                return v;
            }
        }
        throw new AssertionError("no slot view " + role + " in " + d.slots());
    }

    // A trace with three deliberately wrong expectations, at lines 4, 5 and 7.
    static final String[] SEEDED = {
        H,
        RETYPE_EP,
        check(20, "{\"type\": \"Endpoint\", \"parent\": {\"root\": 2, \"index\": 16, \"depth\": 64}}"),
        copy(20, 64, 20, "{\"error\": \"NoError\"}"),                             // really DeleteFirst
        check(20, "{\"type\": \"Notification\", \"badge\": 0}"),                  // really an Endpoint
        copy(21, 64, 20, "{\"error\": \"NoError\"}"),
        copy(22, 0, 20, "{\"error\": \"RangeError\", \"range\": [1, 32]}"),       // really [1, 64]
        check(21, "{\"parent\": {\"root\": 2, \"index\": 20, \"depth\": 64}}"),
    };

    @Test
    void matchingTraceReportsItsCounts() {
        ReplayOutcome o = replay(false, H, "{\"comment\": \"x\"}", RETYPE_EP, "",
                check(20, "{\"type\": \"Endpoint\", \"paddr\": 1048576, \"rights\": \"RWGP\", \"badge\": 0, "
                        + "\"parent\": {\"root\": 2, \"index\": 16, \"depth\": 64}, \"descendants\": 0}"),
                check(16, "{\"type\": \"Untyped\", \"free_index\": 16, \"size_bits\": 20, \"device\": false, "
                        + "\"parent\": null, \"descendants\": 1}"));
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), () -> ReplayReport.differences(o, "t"));
        assertEquals(0, o.exitStatus());
        assertEquals(6, o.lineCount());
        assertEquals(3, o.linesChecked());
        assertEquals(1, o.invocations());
        assertEquals(2, o.checks());
        String summary = ReplayReport.summary(o, "t.jsonl");
        assertTrue(summary.contains("OK") && summary.contains("3 lines checked"), summary);
    }

    @Test
    void seededWrongResultIsReportedAtItsLineWithTheSlotView() {
        ReplayOutcome o = replay(false, SEEDED);
        assertEquals(ReplayOutcome.Status.DIFFERENT, o.status());
        assertEquals(1, o.exitStatus());
        assertEquals(1, o.differences().size());
        Difference d = o.differences().get(0);
        assertEquals(4, d.line());
        assertEquals(SEEDED[3], d.text());
        assertEquals("invocation", d.kind());
        Mismatch m = mismatch(d, "error");
        assertEquals("NoError", m.expected());
        assertEquals("DeleteFirst", m.actual());
        assertEquals(3, o.linesChecked(), "replay stops at the first difference");
        SlotView service = slot(d, "service");
        assertTrue(service.capability().startsWith("CNode"), service.describe());
        SlotView dest = slot(d, "dest");
        assertEquals("root[20]", dest.slot());
        assertTrue(dest.capability().startsWith("Endpoint@0x100000"), dest.describe());
        assertEquals("root[16]", dest.parent());
        assertEquals(0, dest.descendants());
        assertEquals(Boolean.TRUE, dest.original());
        assertEquals("root[20]", slot(d, "src").slot());
        String text = ReplayReport.differences(o, "seeded.jsonl");
        assertTrue(text.startsWith("seeded.jsonl:4: "), text);
        assertTrue(text.contains("expected: error=NoError") && text.contains("actual:   error=DeleteFirst"), text);
        assertTrue(text.contains("dest root=2 index=20 depth=64 -> root[20]: Endpoint@0x100000"), text);
        assertTrue(text.contains("parent root[16]"), text);
        assertTrue(ReplayReport.summary(o, "seeded.jsonl").contains("line 4"));
    }

    @Test
    void keepGoingReportsEveryDifference() {
        ReplayOutcome o = replay(true, SEEDED);
        assertEquals(ReplayOutcome.Status.DIFFERENT, o.status());
        assertEquals(List.of(4, 5, 7), o.differences().stream().map(Difference::line).toList());
        assertEquals(SEEDED.length - 1, o.linesChecked());
        Difference check = o.differences().get(1);
        assertEquals("check", check.kind());
        assertEquals("Notification", mismatch(check, "type").expected());
        assertEquals("Endpoint", mismatch(check, "type").actual());
        assertEquals(1, check.mismatches().size(), "the badge (0) matched");
        assertEquals("root[20]", slot(check, "slot").slot());
        Difference range = o.differences().get(2);
        assertEquals("[1, 32]", mismatch(range, "range").expected());
        assertEquals("[1, 64]", mismatch(range, "range").actual());
        String summary = ReplayReport.summary(o, "s");
        assertTrue(summary.contains("3 differences") && summary.contains("4, 5, 7"), summary);
    }

    @Test
    void wrongFailureAndArgumentDetailsDiffer() {
        ReplayOutcome o = replay(true, H,
                copy(256, 64, 16, "{\"error\": \"FailedLookup\", \"failure\": \"DepthMismatch\"}"),
                copy(256, 64, 16, "{\"error\": \"FailedLookup\", \"failure\": \"GuardMismatch\"}"),
                retype("Endpoint", 20, 0, "RangeError"));
        assertEquals(List.of(2), o.differences().stream().map(Difference::line).toList());
        assertEquals("GuardMismatch", mismatch(o.differences().get(0), "failure").actual());
    }

    @Test
    void retypeDifferenceShowsTheDestinationSlots() {
        ReplayOutcome o = replay(false, H, retype("Notification", 30, 2, "DeleteFirst"));
        Difference d = o.differences().get(0);
        assertEquals("NoError", mismatch(d, "error").actual());
        assertTrue(slot(d, "dest[30]").capability().startsWith("Notification"), d.slots().toString());
        assertTrue(slot(d, "dest[31]").capability().startsWith("Notification"), d.slots().toString());
        assertEquals(2, slot(d, "service").descendants());
    }

    @Test
    void checkKeysCompareEachAttribute() {
        ReplayOutcome o = replay(true, H, RETYPE_EP,
                check(1, "{\"rights\": \"\"}"),                                   // a TCB cap carries no rights
                check(20, "{\"descendants\": 1}"),
                check(20, "{\"parent\": null}"),
                check(20, "{\"same_object_as\": {\"root\": 2, \"index\": 16, \"depth\": 64}}"),
                check(21, "{\"type\": \"Endpoint\"}"),                            // empty slot
                check(20, "{\"empty\": true}"),
                check(20, "{\"radix\": 8}"),                                      // not a CNode cap
                check(300, "{}"),                                                 // GuardMismatch
                check(20, "{\"resolves\": false}"),
                "{\"check\": \"slot\", \"root\": 2, \"index\": 20, \"depth\": 0, \"expect\": {\"resolves\": false, "
                        + "\"failure\": \"DepthMismatch\"}}",                     // a RangeError, not a failure
                check(16, "{\"free_index\": 0}"),
                check(20, "{\"parent\": {\"root\": 2, \"index\": 999, \"depth\": 64}}"));
        List<Difference> ds = o.differences();
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), ds.stream().map(Difference::line).toList());
        assertTrue(mismatch(ds.get(0), "rights").actual().contains("carries no rights"));
        assertEquals("0", mismatch(ds.get(1), "descendants").actual());
        assertEquals("root[16]", mismatch(ds.get(2), "parent").actual());
        assertTrue(mismatch(ds.get(3), "same_object_as").actual().contains("different object"));
        assertEquals("the slot is empty", mismatch(ds.get(4), "type").actual());
        assertTrue(mismatch(ds.get(5), "empty").actual().startsWith("false"));
        assertTrue(mismatch(ds.get(6), "radix").actual().contains("Endpoint cap has no radix"));
        assertTrue(mismatch(ds.get(7), "resolves").actual().contains("GuardMismatch"));
        assertFalse(slot(ds.get(7), "slot").resolves());
        assertTrue(mismatch(ds.get(8), "resolves").actual().contains("root[20]"));
        assertTrue(mismatch(ds.get(9), "failure").actual().contains("RangeError"));
        assertEquals("16", mismatch(ds.get(10), "free_index").actual());
        assertTrue(mismatch(ds.get(11), "parent").expected().contains("does not resolve"));
        assertFalse(slot(ds.get(11), "parent").resolves());
    }

    @Test
    void afterTheInitialTcbIsDestroyedChecksRunButAnInvocationIsInvalid() {
        ReplayOutcome o = replay(false, H,
                delete(1),                                           // the TCB's only cap: it is destroyed
                check(2, "{\"resolves\": false}"),                   // its CSpace root went with it
                check(16, "{\"resolves\": false, \"failure\": \"InvalidRoot\"}"),
                "",
                delete(16));
        assertEquals(ReplayOutcome.Status.INVALID, o.status(), () -> ReplayReport.differences(o, "t"));
        assertEquals(2, o.exitStatus());
        assertEquals(6, o.invalid().line());
        assertTrue(o.invalid().reason().contains("line 2"), o.invalid().reason());
        assertEquals(2, o.checks());
        assertEquals(1, o.invocations());
        assertTrue(ReplayReport.invalidMessage(o, "t.jsonl").startsWith("t.jsonl:6: not valid captrace v1"));
    }

    @Test
    void checkLinesAloneMayFollowTheTcbsDestruction() {
        ReplayOutcome o = replay(false, H, delete(1), check(2, "{\"resolves\": false}"));
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), () -> ReplayReport.differences(o, "t"));
    }

    @Test
    void invalidFileRunsNothing() {
        ReplayOutcome o = replay(false, H, RETYPE_EP, "{\"op\": \"CNode_Nope\"}");
        assertEquals(ReplayOutcome.Status.INVALID, o.status());
        assertEquals(3, o.invalid().line());
        assertEquals(0, o.linesChecked());
        assertTrue(ReplayReport.invalidMessage(o, "f").contains("nothing was run"));
    }

    @Test
    void jsonReportHasTheDocumentedKeys() throws Exception {
        ReplayOutcome o = replay(true, SEEDED);
        Map<?, ?> j = (Map<?, ?>) Json.parse(ReplayReport.json(o, "seeded.jsonl").strip());
        assertEquals("capcheck-replay", j.get("format"));
        assertEquals(BigInteger.ONE, j.get("version"));
        assertEquals("seeded.jsonl", j.get("file"));
        assertEquals("difference", j.get("status"));
        assertEquals(BigInteger.ONE, j.get("exit_status"));
        assertEquals(Boolean.TRUE, j.get("keep_going"));
        assertEquals(BigInteger.valueOf(8), j.get("lines"));
        assertEquals(BigInteger.valueOf(7), j.get("lines_checked"));
        assertEquals(BigInteger.valueOf(4), j.get("invocations"));
        assertEquals(BigInteger.valueOf(3), j.get("checks"));
        assertSame(Json.NULL, j.get("invalid"));
        List<?> ds = (List<?>) j.get("differences");
        assertEquals(3, ds.size());
        Map<?, ?> d = (Map<?, ?>) ds.get(0);
        assertEquals(BigInteger.valueOf(4), d.get("line"));
        assertEquals(SEEDED[3], d.get("text"));
        assertEquals("invocation", d.get("kind"));
        assertEquals("error=NoError", d.get("expected"));
        assertEquals("error=DeleteFirst", d.get("actual"));
        Map<?, ?> m = (Map<?, ?>) ((List<?>) d.get("mismatches")).get(0);
        assertEquals("error", m.get("key"));
        assertEquals(List.of(), d.get("invariants_violated"));
        List<?> slots = (List<?>) d.get("slots");
        Map<?, ?> dest = (Map<?, ?>) slots.get(1);
        assertEquals("dest", dest.get("role"));
        assertEquals("root=2 index=20 depth=64", dest.get("ref"));
        assertEquals(Boolean.TRUE, dest.get("resolves"));
        assertSame(Json.NULL, dest.get("lookup_error"));
        assertEquals("root[20]", dest.get("slot"));
        assertEquals(Boolean.FALSE, dest.get("empty"));
        assertTrue(((String) dest.get("capability")).startsWith("Endpoint"));
        assertEquals(Boolean.TRUE, dest.get("original"));
        assertEquals("root[16]", dest.get("parent"));
        assertEquals(BigInteger.ZERO, dest.get("descendants"));
    }

    @Test
    void jsonReportOfAnInvalidFile() throws Exception {
        ReplayOutcome o = replay(false, H, "{\"op\": 1}");
        Map<?, ?> j = (Map<?, ?>) Json.parse(ReplayReport.json(o, "bad \"name\".jsonl"));
        assertEquals("invalid", j.get("status"));
        assertEquals(BigInteger.TWO, j.get("exit_status"));
        assertEquals("bad \"name\".jsonl", j.get("file"));
        Map<?, ?> inv = (Map<?, ?>) j.get("invalid");
        assertEquals(BigInteger.TWO, inv.get("line"));
        assertTrue(((String) inv.get("reason")).startsWith("op:"));
        assertEquals(List.of(), j.get("differences"));
        Map<?, ?> u = (Map<?, ?>) Json.parse(ReplayReport.unreadableJson("x", "cannot read x: no such file"));
        assertEquals("unreadable", u.get("status"));
        assertNull(u.get("differences"));
    }

    @Test
    void hexAndDecimalIntegersAreTheSameValue() {
        ReplayOutcome o = replay(false, H, RETYPE_EP,
                check(20, "{\"paddr\": \"0x100000\"}"),
                "{\"check\": \"slot\", \"root\": \"0x2\", \"index\": \"0x14\", \"depth\": \"0x40\", \"expect\": "
                        + "{\"paddr\": 1048576}}");
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), () -> ReplayReport.differences(o, "t"));
    }
}
