package org.capcheck.captrace;

import java.util.List;

/**
 * The result of replaying a captrace file.
 *
 * @param status        see {@link Status}
 * @param lineCount     lines in the file (0 if it was not valid enough to read them all)
 * @param linesChecked  invocation and check lines run
 * @param invocations   invocation lines run
 * @param checks        check lines run
 * @param differences   every difference found (only the first unless keep-going)
 * @param invalid       why the file is invalid (status INVALID), else null
 * @param keepGoing     whether replay went on after a difference
 */
public record ReplayOutcome(Status status, int lineCount, int linesChecked, int invocations, int checks,
                            List<Difference> differences, InvalidTraceException invalid, boolean keepGoing) {

    public enum Status {
        /** Every expectation matched and every invariant held: exit 0. */
        MATCHED(0),
        /** At least one difference: exit 1. */
        DIFFERENT(1),
        /** Not valid captrace v1: exit 2. */
        INVALID(2);

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

    public int exitStatus() {
        return status.exitStatus();
    }
}
