package org.capcheck.fuzz.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.core.Operation;
import org.capcheck.fuzz.RawCall;
import org.capcheck.fuzz.Step;

/**
 * Decodes the fuzzer's bytes into invocations. Values are drawn mostly from small ranges (slots of
 * a 64-slot root CNode, depths up to 255, the six object types), so that Jazzer's mutations of a
 * byte move between meaningful neighbours, and sometimes as whole words.
 */
final class FuzzInput {
    static final int MAX_STEPS = 24;

    private FuzzInput() {
    }

    /** The mutant to fuzz, from the system property {@code capcheck.fuzz.mutant} (set by {@code capcheck fuzz --mutant}). */
    static Mutant mutant() {
        Mutant m = Mutant.named(System.getProperty("capcheck.fuzz.mutant", "NONE"));
        return m == null ? Mutant.NONE : m;
    }

    static List<Step> steps(FuzzedDataProvider data) {
        Operation[] ops = Operation.values();
        List<Step> steps = new ArrayList<>();
        while (steps.size() < MAX_STEPS && data.remainingBytes() > 0) {
            Operation op = ops[data.consumeInt(0, ops.length - 1)];
            long[] a = new long[op.arity()];
            for (int i = 0; i < a.length; i++) {
                a[i] = value(data, op.args().get(i).kind());
            }
            steps.add(new Step(op, a));
        }
        return steps;
    }

    private static long value(FuzzedDataProvider data, Operation.Kind kind) {
        boolean whole = data.consumeInt(0, 15) == 0;
        if (whole) {
            return data.consumeLong();
        }
        switch (kind) {
            case DEPTH:
                return data.consumeBoolean() ? 64 : data.consumeLong(0, 255);
            case RIGHTS:
                return data.consumeLong(0, 15);
            case OBJECT_TYPE:
                return data.consumeLong(0, 6);
            case SIZE_BITS:
                return data.consumeLong(0, 20);
            case COUNT:
                return data.consumeLong(0, 8);
            case IRQ:
                return data.consumeLong(0, 9);
            case BADGE:
                return data.consumeLong(0, 8);
            case CPTR:
            case INDEX:
            case OFFSET:
            default:
                return data.consumeLong(0, 70);
        }
    }

    static List<RawCall> rawCalls(FuzzedDataProvider data) {
        List<RawCall> calls = new ArrayList<>();
        while (calls.size() < MAX_STEPS && data.remainingBytes() > 0) {
            long service = data.consumeBoolean() ? data.consumeLong(0, 70) : data.consumeLong();
            long label = data.consumeInt(0, 7) != 0 ? data.consumeLong(0, 31) : data.consumeLong();
            int length = data.consumeInt(-2, 130);
            long[] words = new long[data.consumeInt(0, 12)];
            for (int i = 0; i < words.length; i++) {
                words[i] = data.consumeBoolean() ? data.consumeLong(0, 70) : data.consumeLong();
            }
            long[] extra = new long[data.consumeInt(0, 4)];
            for (int i = 0; i < extra.length; i++) {
                extra[i] = data.consumeBoolean() ? 2 : data.consumeLong(0, 70);
            }
            calls.add(new RawCall(service, label, words, length, extra, data.consumeInt(-1, 4)));
        }
        return calls;
    }
}
