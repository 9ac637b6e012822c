package org.capcheck.captrace;

import java.util.List;

/**
 * The result of replaying a captrace file.
 *
 * @param status           see {@link Status}
 * @param lineCount        lines in the file (0 if it was not valid enough to read them all)
 * @param linesChecked     invocation and check lines run
 * @param invocations      invocation lines run
 * @param checks           check lines run
 * @param differences      every difference found (only the first unless keep-going)
 * @param invalid          why the file is invalid (status INVALID), else null
 * @param keepGoing        whether replay went on after a difference
 * @param kernelName       the seeded bug the replayed kernel carried, or null for the correct kernel
 * @param fileMutant       the seeded bug the file's reproduction comment names
 *                         ({@code capcheck replay --mutant NAME}), or null
 * @param checkEvery       a full invariant check ran after every N-th line
 * @param interruptedWhile with status INTERRUPTED or OUT_OF_MEMORY, what replay was doing when it stopped:
 *                         {@code validating}, {@code booting the kernel} or {@code replaying}; else null
 */
public record ReplayOutcome(Status status, int lineCount, int linesChecked, int invocations, int checks,
                            List<Difference> differences, InvalidTraceException invalid, boolean keepGoing,
                            String kernelName, String fileMutant, long checkEvery, String interruptedWhile) {

    public enum Status {
        /** Every expectation matched and every invariant held: exit 0. */
        MATCHED(0),
        /** At least one difference: exit 1. */
        DIFFERENT(1),
        /** Not valid captrace v1: exit 2. */
        INVALID(2),
        /** Stopped on request (Ctrl-C, SIGTERM) before the end: exit 3; the counts are those so far. */
        INTERRUPTED(3),
        /**
         * The heap ran out (a header asking for a kernel larger than the heap, or a file of enormous
         * lines on a tiny heap) before the end: exit 3, with the counts so far, as a stopped run.
         */
        OUT_OF_MEMORY(3);

        private final int exitStatus;

        Status(int exitStatus) {
            this.exitStatus = exitStatus;
        }

        public int exitStatus() {
            return exitStatus;
        }
    }

    public ReplayOutcome {
        differences = List.copyOf(differences);
    }

    /** An outcome of a file found invalid before anything ran. */
    static ReplayOutcome invalid(InvalidTraceException e, ReplayOptions o) {
        return new ReplayOutcome(Status.INVALID, 0, 0, 0, 0, List.of(), e, o.keepGoing(), o.kernelName(), null,
                o.checkEvery(), null);
    }

    public int exitStatus() {
        return status.exitStatus();
    }
}
