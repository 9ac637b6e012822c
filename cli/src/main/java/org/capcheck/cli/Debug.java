package org.capcheck.cli;

import picocli.CommandLine.ParseResult;

/** The global {@code --debug} switch: stack traces of internal errors are shown only with it. */
final class Debug {
    private Debug() {
    }

    static boolean enabled(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
