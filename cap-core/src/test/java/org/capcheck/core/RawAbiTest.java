package org.capcheck.core;

import static org.capcheck.core.InvocationLabel.CNODE_CANCEL_BADGED_SENDS;
import static org.capcheck.core.InvocationLabel.CNODE_COPY;
import static org.capcheck.core.InvocationLabel.CNODE_DELETE;
import static org.capcheck.core.InvocationLabel.CNODE_MINT;
import static org.capcheck.core.InvocationLabel.CNODE_MOVE;
import static org.capcheck.core.InvocationLabel.CNODE_MUTATE;
import static org.capcheck.core.InvocationLabel.CNODE_REVOKE;
import static org.capcheck.core.InvocationLabel.CNODE_ROTATE;
import static org.capcheck.core.InvocationLabel.CNODE_SAVE_CALLER;
import static org.capcheck.core.InvocationLabel.IRQ_ISSUE_IRQ_HANDLER;
import static org.capcheck.core.InvocationLabel.UNTYPED_RETYPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw invocation ABI: a label, message words and extra-cap CPtrs, decoded with seL4's
 * TruncatedMessage, IllegalOperation and InvalidArgument checks in seL4's order.
 */
class RawAbiTest {
    private static final long[] NO_CAPS = {};
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.retype(16, ObjectType.Frame, 0, 31, 2);
    }

    private SeL4Error raw(long service, long label, long[] words, long... extra) {
        return s.done(s.k.invoke(service, label, words, words.length, extra, extra.length));
    }

    /** Full, valid message words per label (destination 40 empty, sources present). */
    private static long[] fullWords(int label) {
        switch (label) {
            case CNODE_COPY: return new long[] {40, 64, 30, 64, Rights.ALL};
            case CNODE_MINT: return new long[] {40, 64, 30, 64, Rights.ALL, 5};
            case CNODE_MOVE: return new long[] {40, 64, 31, 64};
            case CNODE_MUTATE: return new long[] {40, 64, 31, 64, 0};
            case CNODE_ROTATE: return new long[] {40, 64, 0, 31, 64, 0, 32, 64};
            case UNTYPED_RETYPE: return new long[] {ObjectType.Endpoint.number(), 0, 0, 0, 40, 1};
            case IRQ_ISSUE_IRQ_HANDLER: return new long[] {3, 40, 64};
            case CNODE_SAVE_CALLER: return new long[] {40, 64};
            default: return new long[] {30, 64};
        }
    }

    private static long service(int label) {
        return label == UNTYPED_RETYPE ? 16 : label == IRQ_ISSUE_IRQ_HANDLER ? 4 : 2;
    }

    private static long[] extra(int label) {
        if (label == CNODE_ROTATE) {
            return new long[] {2, 2};
        }
        if (label >= CNODE_COPY && label <= CNODE_MUTATE || label == UNTYPED_RETYPE || label == IRQ_ISSUE_IRQ_HANDLER) {
            return new long[] {2};
        }
        return NO_CAPS;
    }

    private static final int[] LABELS = {CNODE_REVOKE, CNODE_DELETE, CNODE_CANCEL_BADGED_SENDS, CNODE_COPY,
        CNODE_MINT, CNODE_MOVE, CNODE_MUTATE, CNODE_ROTATE, CNODE_SAVE_CALLER, UNTYPED_RETYPE, IRQ_ISSUE_IRQ_HANDLER};

    @Test
    void everyLabelWithItsFullMessageSucceedsOrFailsOnlyForItsOwnReasons() {
        for (int label : LABELS) {
            Sys fresh = Sys.standard();
            fresh.retype(16, ObjectType.Endpoint, 0, 30, 1);
            fresh.retype(16, ObjectType.Frame, 0, 31, 2);
            long[] w = fullWords(label);
            long[] x = extra(label);
            SeL4Error e = fresh.done(fresh.k.invoke(service(label), label, w, w.length, x, x.length));
            assertEquals(SeL4Error.NoError, e, "label " + label + ": " + fresh.err());
        }
    }

    @Test
    void tooFewWordsIsATruncatedMessage() {
        for (int label : LABELS) {
            long[] w = fullWords(label);
            long[] x = extra(label);
            // Every prefix shorter than the full message. The words that are there are valid, so
            // each decode gets as far as its first missing word and stops there.
            for (int n = 0; n < w.length; n++) {
                byte[] before = s.k.encode();
                SeL4Error e = raw(service(label), label, Arrays.copyOf(w, n), x);
                assertEquals(SeL4Error.TruncatedMessage, e, "label " + label + " with " + n + " words");
                assertArrayEquals(before, s.k.encode());
            }
        }
    }

    @Test
    void extraWordsAreIgnored() {
        long[] w = Arrays.copyOf(fullWords(CNODE_COPY), 12);
        Arrays.fill(w, 5, 12, -1L);
        assertEquals(SeL4Error.NoError, raw(2, CNODE_COPY, w, 2));
        assertEquals(CapType.Endpoint, s.cap(40).type());
    }

    @Test
    void missingExtraCapsAreATruncatedMessage() {
        for (int label : new int[] {CNODE_COPY, CNODE_MINT, CNODE_MOVE, CNODE_MUTATE, UNTYPED_RETYPE,
            IRQ_ISSUE_IRQ_HANDLER}) {
            assertEquals(SeL4Error.TruncatedMessage, raw(service(label), label, fullWords(label)), "label " + label);
        }
        assertEquals(SeL4Error.TruncatedMessage, raw(2, CNODE_ROTATE, fullWords(CNODE_ROTATE), 2));
    }

    @Test
    void theDestinationIsLookedUpBeforeTheSourceArgumentsAreCounted() {
        // decodeCNodeInvocation resolves words 0 and 1 before it asks for words 2 and 3.
        assertEquals(SeL4Error.RangeError, raw(2, CNODE_COPY, new long[] {40, 65}, 2));
        assertEquals(SeL4Error.TruncatedMessage, raw(2, CNODE_COPY, new long[] {40, 64}, 2));
    }

    @Test
    void labelsForAnotherObjectAreIllegal() {
        assertEquals(SeL4Error.IllegalOperation, raw(2, UNTYPED_RETYPE, fullWords(UNTYPED_RETYPE), 2));
        assertEquals(SeL4Error.IllegalOperation, raw(16, CNODE_COPY, fullWords(CNODE_COPY), 2));
        assertEquals(SeL4Error.IllegalOperation, raw(4, CNODE_DELETE, fullWords(CNODE_DELETE)));
        assertEquals(SeL4Error.IllegalOperation, raw(2, InvocationLabel.TCB_SUSPEND, new long[] {}));
        assertEquals(SeL4Error.IllegalOperation, raw(2, -1L, fullWords(CNODE_DELETE)));
        assertEquals(SeL4Error.IllegalOperation, raw(2, 1000, fullWords(CNODE_DELETE)));
        // Caps with no decoder here: an endpoint (seL4 would do IPC), a frame, a thread.
        assertEquals(SeL4Error.IllegalOperation, raw(30, CNODE_DELETE, fullWords(CNODE_DELETE)));
        assertEquals(SeL4Error.IllegalOperation, raw(31, CNODE_DELETE, fullWords(CNODE_DELETE)));
        assertEquals(SeL4Error.IllegalOperation, raw(1, InvocationLabel.TCB_RESUME, new long[] {}));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertEquals(SeL4Error.InvalidArgument, raw(16, UNTYPED_RETYPE, new long[] {6, 0, 0, 0, 40, 1}, 2));
        assertEquals(0, s.err().invalidArgument());
        assertEquals(SeL4Error.InvalidArgument, raw(16, UNTYPED_RETYPE, new long[] {-1L, 0, 0, 0, 40, 1}, 2));
        assertEquals(SeL4Error.RangeError, raw(16, UNTYPED_RETYPE, new long[] {0, -1L, 0, 0, 40, 1}, 2));
        assertEquals(SeL4Error.RangeError, raw(16, UNTYPED_RETYPE, new long[] {2, 0, 0, 0, -1L, 1}, 2));
        assertEquals(SeL4Error.RangeError, raw(4, IRQ_ISSUE_IRQ_HANDLER, new long[] {32, 40, 64}, 2));
        assertEquals(SeL4Error.RangeError, raw(4, IRQ_ISSUE_IRQ_HANDLER, new long[] {-1L, 40, 64}, 2));
        assertEquals(SeL4Error.RangeError, raw(2, CNODE_DELETE, new long[] {30, -1L}));
    }

    @Test
    void lengthsBeyondTheArraysAreClamped() {
        long[] w = fullWords(CNODE_COPY);
        long[] x = {2};
        assertEquals(SeL4Error.NoError, s.done(s.k.invoke(2, CNODE_COPY, w, 1000, x, 99)));
        assertEquals(SeL4Error.TruncatedMessage, s.done(s.k.invoke(2, CNODE_COPY, w, -5, x, 1)));
        assertEquals(SeL4Error.TruncatedMessage, s.done(s.k.invoke(2, CNODE_COPY, null, 5, null, 1)));
    }

    @Test
    void theTypedApiAndTheRawPathAgree() {
        Sys a = Sys.standard();
        Sys b = Sys.standard();
        a.retype(16, ObjectType.Endpoint, 0, 30, 1);
        b.done(b.k.invoke(16, UNTYPED_RETYPE, new long[] {ObjectType.Endpoint.number(), 0, 0, 0, 30, 1}, 6,
                new long[] {2}, 1));
        a.mint(40, 30, "RW", 9);
        b.done(b.k.invoke(2, CNODE_MINT, new long[] {40, 64, 30, 64, Rights.READ | Rights.WRITE, 9}, 6,
                new long[] {2}, 1));
        assertArrayEquals(a.k.encode(), b.k.encode());
    }
}
