package org.capcheck.fuzz.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer's fuzz tests. In `mvn verify` they run in Jazzer's regression mode: each input of the
 * committed corpus (src/test/resources/.../JazzerTargetsTestInputs/METHOD) once, plus the empty
 * input. With JAZZER_FUZZ=1 (or `capcheck fuzz --engine jazzer`) they fuzz.
 */
class JazzerTargetsTest {

    /** The raw decoder on arbitrary bytes: never throws, failures change nothing, invariants hold. */
    @FuzzTest
    void rawDecoder(FuzzedDataProvider data) {
        DecoderTarget.fuzzerTestOneInput(data);
    }

    /** Invocation sequences decoded from the bytes: refinement and every invariant after every step. */
    @FuzzTest
    void invocationSequences(FuzzedDataProvider data) {
        SequenceTarget.fuzzerTestOneInput(data);
    }

    /**
     * The multikernel message handlers: a legitimate prefix, then malformed, duplicated and unexpected
     * messages; rejected (unknown types) or handled without corrupting any core's records.
     */
    @FuzzTest
    void multikernelMessages(FuzzedDataProvider data) {
        MessageTarget.fuzzerTestOneInput(data);
    }
}
